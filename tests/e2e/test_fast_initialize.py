"""`initialize` is answered before pygls is imported; the answer must be the one pygls itself would give."""

from __future__ import annotations

import pytest
from lsprotocol.converters import get_converter

from .conftest import LAUNCH, Machine, make_root, start_client
from .test_server import codes, wait_for


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim", "emacs"])
async def test_fast_answer_matches_pygls(machine: Machine, profile: str):
    results = {}
    for mode in ("fast", "slow"):
        if mode == "slow":
            machine.env["SIDECAR_SLOW_INIT"] = "1"
        client = await start_client(machine, profile)
        try:
            results[mode] = get_converter().unstructure(client.init_result)
        finally:
            await client.shutdown_session()
    assert results["fast"] == results["slow"]
    assert results["fast"]["capabilities"]["codeActionProvider"]["codeActionKinds"] == ["quickfix"]


async def test_requests_after_fast_initialize_work(machine: Machine):
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, launch.as_uri(), lambda d: "goroot-unpinned" in codes(d))
        assert diags
    finally:
        await client.shutdown_session()


async def test_early_diagnostics_are_the_servers_own(machine: Machine):
    """While pygls loads, the early check publishes from disk; the server's first check publishes again and
    must say exactly the same."""
    import asyncio

    from lsprotocol import types as lsp

    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    uri = launch.as_uri()
    seen: list = []
    client = await start_client(machine, "visual-studio-code")
    try:

        async def two_publishes():
            while len(seen) < 2:
                await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
                if uri in client.diagnostics and (not seen or client.diagnostics[uri] is not seen[-1]):
                    seen.append(client.diagnostics[uri])

        await asyncio.wait_for(two_publishes(), 30)
        early, server = seen[0], seen[1]
        assert {d.code for d in early} >= {"goroot-too-old", "goroot-unpinned"}
        assert list(early) == list(server)
    finally:
        await client.shutdown_session()
