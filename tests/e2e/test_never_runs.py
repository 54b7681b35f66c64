"""The booby trap: neither `sidecar check` nor `sidecar serve` ever runs a dlv or a go.

Every dlv the configuration could use is a script that leaves a marker when run (and, run, would claim to be
Delve 1.20.0, too old for the Go 1.27.3 in use: asking it its version would show as a dlv-go-unsupported
finding): the one named by `.vscode/settings.json` `go.alternateTools.dlv` (an absolute path), one in
`$GOPATH/bin` and one on PATH. The Go toolchains' `go` are booby-trapped the same way.

A script is not an executable the reader can identify: the check must not guess (no dlv-arch-mismatch, no
dlv-go-unsupported, and not dlv-missing either: a dlv is there), and it says so in the report's messages
(`note:` in text, `messages` in JSON, window/logMessage in the server).
"""

from __future__ import annotations

import asyncio
import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from .conftest import Machine, make_root, start_client
from .test_server import codes, wait_for

pytestmark = pytest.mark.skipif(os.name != "posix", reason="the booby traps are /bin/sh scripts")

DLV_CODES = {"dlv-missing", "dlv-arch-mismatch", "dlv-go-unsupported", "toolchain-arch-mismatch"}
TIMEOUT = 20

LAUNCH = """{
    // 调试配置: one configuration for this machine, one cross-compiling
    "version": "0.2.0",
    "configurations": [
        {
            "name": "Launch Package",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${workspaceFolder}",
        },
        {
            "name": "Cross",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${workspaceFolder}",
            "env": {"GOOS": "%(goos)s"},
        },
    ],
}
"""


def _other_os() -> str:
    return "windows" if sys.platform != "win32" else "linux"


class Trap:
    def __init__(self, machine: Machine, alternate: bool):
        self.machine = machine
        self.markers = machine.home.parent / "markers"
        self.markers.mkdir()
        self.alternate = machine.home.parent / "tools 工具" / "dlv"
        self.gopath = machine.home / "go" / "bin" / "dlv"
        self.on_path = machine.bin / "dlv"
        for path in (self.alternate, self.gopath, self.on_path):
            self.dlv_script(path)
        self.go = self.go_root("1.27.3")
        machine.put_on_path(self.go)
        self.go_root("1.22.5")
        ws = machine.ws
        (ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
        (ws / "main.go").write_text("package main\n\nfunc main() {}\n")
        self.launch = ws / ".vscode" / "launch.json"
        self.launch.write_text(LAUNCH % {"goos": _other_os()})
        if alternate:
            dlv = json.dumps(str(self.alternate), ensure_ascii=False)
            (ws / ".vscode" / "settings.json").write_text(
                '{\n    // 调试器\n    "go.alternateTools": {"dlv": ' + dlv + "},\n}\n"
            )
        self.chosen, self.source = (self.alternate, "go.alternateTools") if alternate else (self.gopath, "GOPATH")

    def dlv_script(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        marker = self.markers / ("ran-" + "-".join(path.parts[-3:]).replace(" ", "_"))
        # Shell built-ins only (`: >`, printf): the sandbox's PATH has no touch, and a trap that cannot
        # write its marker would catch nothing.
        path.write_text(
            f"#!/bin/sh\n: > {shlex.quote(str(marker))}\n"
            "printf 'Delve Debugger\\nVersion: 1.20.0\\nBuild: $Id: booby trap $\\n'\n"
        )
        path.chmod(0o755)

    def go_root(self, version: str) -> Path:
        """A Go root (conftest.make_root) whose go leaves a marker here when run."""
        root = make_root(self.machine.sdk, version)
        self.dlv_script(root / "bin" / "go")
        return root

    def ran(self) -> list[Path]:
        return sorted(self.markers.iterdir()) + sorted(self.machine.home.rglob("RAN"))

    @property
    def note(self) -> str:
        return (
            f"dlv at {self.chosen} ({self.source}) is not an executable go-sidecar can read "
            f"(script (#!): /bin/sh): its platform and Delve version were not checked"
        )


@pytest.fixture(params=[True, False], ids=["alternateTools", "GOPATH"])
def trap(machine: Machine, request) -> Trap:
    t = Trap(machine, alternate=request.param)
    yield t
    assert t.ran() == [], f"go-sidecar ran a booby-trapped executable: {t.ran()}"


def test_check_runs_nothing_and_says_what_it_could_not_read(trap: Trap):
    cp = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "check", str(trap.machine.ws), "--format", "json"],
        env=trap.machine.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert trap.ran() == []
    assert cp.returncode == 1, cp.stderr  # a finding at error: the cross-compiling configuration
    report = json.loads(cp.stdout)
    found = {f["code"] for f in report["findings"]}
    # The debugger rules ran (the cross-compiling configuration is reported) ...
    assert "debug-cross-target" in found
    # ... and guessed nothing about a file they could not read: not missing (a dlv is there), no platform,
    # no Delve version (had the script been asked, "1.20.0" against Go 1.27.3 would be dlv-go-unsupported).
    assert not found & DLV_CODES, report["findings"]
    assert trap.note in report["messages"]
    # The text report shows the same note.
    cp = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "check", str(trap.machine.ws)],
        env=trap.machine.env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert f"note: {trap.note}" in cp.stdout.splitlines()
    assert trap.ran() == []


async def test_serve_runs_nothing_and_logs_what_it_could_not_read(trap: Trap):
    uri = trap.launch.as_uri()
    client = await start_client(trap.machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: "debug-cross-target" in codes(d))
        assert not codes(diags) & DLV_CODES

        async def logged():
            while not any(trap.note in m.message for m in client.log_messages):
                await client.wait_for_notification(lsp.WINDOW_LOG_MESSAGE)

        await asyncio.wait_for(logged(), TIMEOUT)

        # Opening the file, editing it and asking for code actions run nothing either.
        text = trap.launch.read_text()
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="jsonc", version=1, text=text))
        )
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text.replace("Cross", "Cross 2"))],
            )
        )
        diags = await wait_for(client, uri, lambda d: any("Cross 2" in x.message for x in d))
        cross = next(d for d in diags if d.code == "debug-cross-target")
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri),
                range=cross.range,
                context=lsp.CodeActionContext(diagnostics=[cross]),
            )
        )
        assert actions
        assert trap.ran() == []
    finally:
        await client.shutdown_session()
    assert trap.ran() == []
