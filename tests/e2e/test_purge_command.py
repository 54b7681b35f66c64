"""`sidecar.listCaches` and `sidecar.purgeCaches` through the real server: a dry-run listing, a confirmation
asked with window/showMessageRequest, cancellable progress, and a purge that keeps what Go keeps."""

from __future__ import annotations

import asyncio

from lsprotocol import types as lsp

from .conftest import Machine, start_client

README = "This directory holds cached build artifacts from the Go build system.\n"


def make_go_build_cache(machine: Machine, entries: int = 40):
    root = machine.home / ".cache" / "go-build"
    root.mkdir(parents=True)
    (root / "README").write_text(README + 'Run "go clean -cache" if the directory is getting too large.\n')
    (root / "trim.txt").write_text("1700000000\n")
    (root / "testexpire.txt").write_text("1700000000\n")
    for i in range(entries):
        sub = root / f"{i:02x}"
        sub.mkdir()
        (sub / f"{i:02x}aa-a").write_bytes(b"x" * 175)
        (sub / f"{i:02x}bb-d").write_bytes(b"y" * 1000)
    return root


async def test_list_then_purge_with_confirmation(machine: Machine):
    cache = make_go_build_cache(machine)
    outside = machine.home / "keep-me"
    outside.mkdir()
    (outside / "precious.txt").write_text("never deleted")
    (cache / "0a" / "link-out").symlink_to(outside)
    asked: list[str] = []
    client = await start_client(machine, "visual-studio-code")

    @client.feature(lsp.WINDOW_SHOW_MESSAGE_REQUEST)
    def answer(params: lsp.ShowMessageRequestParams):
        asked.append(params.message)
        return next(a for a in params.actions if a.title == "Purge")

    try:
        listing = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="sidecar.listCaches", arguments=[])
            ),
            60,
        )
        [go_build] = [t for t in listing["targets"] if t["name"] == "go-build"]
        assert go_build["status"] == "planned" and go_build["files"] >= 80 and go_build["bytes"] >= 40 * 1175
        assert (cache / "00").is_dir(), "a listing deletes nothing"

        result = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="sidecar.purgeCaches", arguments=[{"targets": ["go-build"]}])
            ),
            120,
        )
        assert asked and "go-build" in asked[0]
        [r] = result["targets"]
        assert r["status"] == "purged" and result["freed_bytes"] >= 40 * 1175, result
        assert sorted(p.name for p in cache.iterdir()) == ["README", "testexpire.txt", "trim.txt"]
        assert (outside / "precious.txt").read_text() == "never deleted"
        assert client.progress_reports, "no work-done progress"
        assert any("freed" in m.message for m in client.messages)
    finally:
        await client.shutdown_session()


async def test_purge_not_confirmed_deletes_nothing(machine: Machine):
    cache = make_go_build_cache(machine, entries=3)
    client = await start_client(machine, "neovim")

    @client.feature(lsp.WINDOW_SHOW_MESSAGE_REQUEST)
    def answer(params: lsp.ShowMessageRequestParams):
        return next(a for a in params.actions if a.title == "Cancel")

    try:
        result = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="sidecar.purgeCaches", arguments=[{"targets": ["go-build"]}])
            ),
            60,
        )
        assert result["targets"][0]["status"] == "refused"
        assert (cache / "00").is_dir() and (cache / "02").is_dir()
    finally:
        await client.shutdown_session()


async def test_a_change_in_the_cache_root_updates_diagnostics(machine: Machine):
    """The GOCACHE root is watched (one watch, not one per entry): Go's trim writing trim.txt clears
    gocache-untrimmed without any edit."""
    import time

    from .test_server import codes, wait_for

    cache = make_go_build_cache(machine, entries=3)
    (cache / "trim.txt").write_text(f"{int(time.time()) - 30 * 86400}\n")
    gomod = machine.ws / "go.mod"
    gomod.write_text("module example.com/m\n\ngo 1.22.0\n")
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, gomod.as_uri(), lambda d: "gocache-untrimmed" in codes(d), timeout=30)
        assert next(d for d in diags if d.code == "gocache-untrimmed").range.start.line == 0  # the module line
        (cache / "trim.txt").write_text(f"{int(time.time())}\n")
        await wait_for(client, gomod.as_uri(), lambda d: "gocache-untrimmed" not in codes(d), timeout=30)
    finally:
        await client.shutdown_session()
