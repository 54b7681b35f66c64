"""Issue 11 end to end: debug-build-optimized, the GOFLAGS fixes outside launch.json, GoLand's Go tool arguments
and build constraints, through `sidecar check` (each fix applied to the files on disk, then checked again) and
through the real server (code action applied, diagnostic gone)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from go_sidecar._record import fields
from go_sidecar.model import Range
from go_sidecar.probe.workspace import WorkspaceFacts
from go_sidecar.testing import apply_edits

from .conftest import Machine, start_client
from .test_server import apply_workspace_edit, codes, wait_for

KEEPS_ENV_FILE_BYTES = "env_file_data" in {f.name for f in fields(WorkspaceFacts)}
WORKSPACE_XML = '<?xml version="1.0" encoding="UTF-8"?>\n<project version="4" />\n'
RUN_XML = """<component name="ProjectRunConfigurationManager">
  <configuration default="false" name="server" type="GoApplicationRunConfiguration" factoryName="Go Application">
    <module name="m" />
    <working_directory value="$PROJECT_DIR$" />
    <go_parameters value="-race -ldflags=&quot;-s -w -X main.v=$PROJECT_DIR$&quot;" />
    <kind value="PACKAGE" />
    <package value="example.com/m" />
    <directory value="$PROJECT_DIR$" />
  </configuration>
</component>
"""


def launch(**props) -> str:
    cfg = {"name": "App", "type": "go", "request": "launch", "mode": "debug", "program": "${workspaceFolder}", **props}
    return json.dumps({"version": "0.2.0", "configurations": [cfg]}, indent=4)


def module(machine: Machine) -> None:
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    (machine.ws / "main.go").write_text("package main\n\nfunc main() {}\n")


def check(machine: Machine, code: str) -> list[dict]:
    cp = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "check", str(machine.ws), "--format", "json"],
        check=False,
        env=machine.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cp.returncode in (0, 1), cp.stderr
    report = json.loads(cp.stdout)
    assert not [m for m in report["messages"] if m.startswith("rule ")], report["messages"]
    return [f for f in report["findings"] if f["code"] == code]


def apply_fix(fix: dict) -> set[str]:
    by_path: dict[str, list] = {}
    for e in fix["edits"]:
        r = e["range"]
        rng = Range.of(r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])
        by_path.setdefault(e["path"], []).append((rng, e["newText"]))
    for path, edits in by_path.items():
        Path(path).write_bytes(apply_edits(Path(path).read_bytes(), edits))
    return set(by_path)


# --- sidecar check ----------------------------------------------------------------------------------------------
def test_check_optimised_debug_build_and_its_fix(machine: Machine):
    module(machine)
    launch_json = machine.ws / ".vscode" / "launch.json"
    launch_json.write_text(launch(buildFlags="-race --gcflags=all=-l"))
    [f] = check(machine, "debug-build-optimized")
    assert f["severity"] == "information" and "every package is compiled without -N" in f["message"]
    assert apply_fix(f["fixes"][0]) == {str(launch_json)}
    assert json.loads(launch_json.read_text())["configurations"][0]["buildFlags"] == "-race"
    assert check(machine, "debug-build-optimized") == []


def test_check_goflags_in_tools_env_vars_is_fixed_in_settings(machine: Machine):
    module(machine)
    (machine.ws / ".vscode" / "launch.json").write_text(launch())
    settings = machine.ws / ".vscode" / "settings.json"
    text = '{\n  // 工具\n  "go.toolsEnvVars": { "GOFLAGS": "-mod=mod -ldflags=-s" },\n}\n'
    settings.write_text(text, encoding="utf-8")
    [f] = check(machine, "debug-info-stripped")
    assert "GOFLAGS (from go.toolsEnvVars)" in f["message"]
    assert apply_fix(f["fixes"][0]) == {str(settings)}
    assert settings.read_text(encoding="utf-8") == text.replace("-mod=mod -ldflags=-s", "-mod=mod")
    assert check(machine, "debug-info-stripped") == []


@pytest.mark.skipif(not KEEPS_ENV_FILE_BYTES, reason="needs WorkspaceFacts.env_file_data (probe/workspace.py)")
def test_check_goflags_in_an_env_file_is_fixed_on_its_line(machine: Machine):
    module(machine)
    (machine.ws / ".vscode" / "launch.json").write_text(launch(envFile="${workspaceFolder}/dev.env"))
    env = machine.ws / "dev.env"
    env.write_bytes(b"A=1\r\nGOFLAGS=\"-ldflags='-w -X m.v=1'\"\r\nB=2\r\n")
    [f] = check(machine, "debug-info-stripped")
    assert "GOFLAGS (from envFile)" in f["message"]
    assert apply_fix(f["fixes"][0]) == {str(env)}
    assert env.read_bytes() == b"A=1\r\nGOFLAGS=\"-ldflags='-X m.v=1'\"\r\nB=2\r\n"
    assert check(machine, "debug-info-stripped") == []


def test_check_goland_go_tool_arguments(machine: Machine):
    module(machine)
    (machine.ws / ".idea").mkdir()
    (machine.ws / ".idea" / "workspace.xml").write_text(WORKSPACE_XML)
    run = machine.ws / ".run" / "server.run.xml"
    run.parent.mkdir()
    run.write_text(RUN_XML)
    [f] = check(machine, "debug-info-stripped")
    assert f["message"].startswith('GoLand run configuration "server"') and f["location"]["path"] == str(run)
    assert apply_fix(f["fixes"][0]) == {str(run)}
    assert run.read_text() == RUN_XML.replace("-s -w -X", "-X")  # GoLand's macro kept
    assert check(machine, "debug-info-stripped") == []


def test_check_a_program_whose_files_build_only_elsewhere(machine: Machine):
    """plan9 is never the machine running the tests: the folder's files are all left out here."""
    module(machine)
    (machine.ws / "main.go").unlink()
    app = machine.ws / "cmd" / "app"
    app.mkdir(parents=True)
    (app / "main_plan9.go").write_text("package main\n\nfunc main() {}\n")
    (app / "main.go").write_text("// Copyright\n\n//go:build plan9\n\npackage main\n")
    real = machine.ws / "cmd" / "real"
    real.mkdir()
    (real / "main.go").write_text("//go:build !plan9\n\npackage main\n\nfunc main() {}\n")
    launch_json = machine.ws / ".vscode" / "launch.json"
    launch_json.write_text(launch(program="${workspaceFolder}/cmd/app"))
    [f] = check(machine, "program-not-main")
    assert f"Go files in {app}" in f["message"] and "cmd/real" in f["message"]  # the only main package here
    apply_fix(f["fixes"][0])
    assert json.loads(launch_json.read_text())["configurations"][0]["program"] == "${workspaceFolder}/cmd/real"
    assert check(machine, "program-not-main") == []


# --- the server -------------------------------------------------------------------------------------------------
async def code_actions(client, uri: str, diag: lsp.Diagnostic) -> list[lsp.CodeAction]:
    return await asyncio.wait_for(
        client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri),
                range=diag.range,
                context=lsp.CodeActionContext(diagnostics=[diag]),
            )
        ),
        30,
    )


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim"])
async def test_server_optimised_build_diagnostic_and_fix(machine: Machine, profile: str):
    module(machine)
    launch_json = machine.ws / ".vscode" / "launch.json"
    text = launch(buildFlags="--gcflags=all=-l")
    launch_json.write_text(text)
    uri = launch_json.as_uri()
    client = await start_client(machine, profile)
    try:
        diags = await wait_for(client, uri, lambda d: "debug-build-optimized" in codes(d))
        [d] = [x for x in diags if x.code == "debug-build-optimized"]
        assert d.severity == lsp.DiagnosticSeverity.Information
        assert text.splitlines()[d.range.start.line].strip().startswith('"buildFlags"')
        [action] = await code_actions(client, uri, d)
        fixed = apply_workspace_edit(action.edit, uri, text.encode()).decode()
        assert json.loads(fixed)["configurations"][0]["buildFlags"] == ""
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="jsonc", version=1, text=text))
        )
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=fixed)],
            )
        )
        await wait_for(client, uri, lambda d: "debug-build-optimized" not in codes(d))
    finally:
        await client.shutdown_session()


async def test_server_goland_arguments_and_tools_env_vars_fixes(machine: Machine):
    """A GoLand run configuration's diagnostic sits on its go_parameters value (the file opened as LSP4IJ opens
    it); the go.toolsEnvVars diagnostic sits on the launch configuration and its fix edits settings.json, which
    the server sees change on disk."""
    module(machine)
    (machine.ws / ".idea").mkdir()
    (machine.ws / ".idea" / "workspace.xml").write_text(WORKSPACE_XML)
    run = machine.ws / ".run" / "server.run.xml"
    run.parent.mkdir()
    run.write_text(RUN_XML)
    launch_json = machine.ws / ".vscode" / "launch.json"
    launch_json.write_text(launch())
    settings = machine.ws / ".vscode" / "settings.json"
    settings.write_text('{\n    "go.toolsEnvVars": {"GOFLAGS": "-ldflags=-w"}\n}\n')
    run_uri, launch_uri, settings_uri = run.as_uri(), launch_json.as_uri(), settings.as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=run_uri, language_id="xml", version=1, text=RUN_XML))
        )
        diags = await wait_for(client, run_uri, lambda d: "debug-info-stripped" in codes(d))
        [d] = [x for x in diags if x.code == "debug-info-stripped"]
        line = RUN_XML.splitlines()[d.range.start.line]
        assert line[d.range.start.character : d.range.end.character].startswith("-race -ldflags=&quot;")
        [action] = await code_actions(client, run_uri, d)
        fixed = apply_workspace_edit(action.edit, run_uri, RUN_XML.encode()).decode()
        assert fixed == RUN_XML.replace("-s -w -X", "-X")
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=run_uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=fixed)],
            )
        )
        await wait_for(client, run_uri, lambda d: "debug-info-stripped" not in codes(d))

        diags = await wait_for(client, launch_uri, lambda d: "debug-info-stripped" in codes(d))
        [d] = [x for x in diags if x.code == "debug-info-stripped"]
        [action] = await code_actions(client, launch_uri, d)
        assert set(action.edit.changes) == {settings_uri}
        settings.write_bytes(apply_workspace_edit(action.edit, settings_uri, settings.read_bytes()))
        assert json.loads(settings.read_text())["go.toolsEnvVars"] == {"GOFLAGS": ""}
        await wait_for(client, launch_uri, lambda d: "debug-info-stripped" not in codes(d))
    finally:
        await client.shutdown_session()
