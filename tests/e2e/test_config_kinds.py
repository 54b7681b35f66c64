"""Issue 10, part 1 through the real server: code actions answer the diagnostics asked about, and a workspace
whose configurations all attach to a remote dlv gets no GOROOT or dlv finding."""

from __future__ import annotations

import asyncio
import json

from lsprotocol import types as lsp

from .conftest import Machine, make_root, start_client
from .test_server import code_actions, codes, wait_for

LAUNCH = {
    "version": "0.2.0",
    "configurations": [
        {"name": "Launch", "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}"}
    ],
}


async def test_fixes_answer_only_the_diagnostics_in_the_context(machine: Machine):
    make_root(machine.sdk, "1.22.5")
    make_root(machine.sdk, "1.27.1")
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(json.dumps(LAUNCH, indent=4))
    uri = launch.as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: {"dlv-missing", "goroot-unpinned"} <= codes(d))
        missing = next(d for d in diags if d.code == "dlv-missing")
        unpinned = next(d for d in diags if d.code == "goroot-unpinned")
        assert missing.range == unpinned.range  # both sit on the configuration's name

        async def titles(context: list[lsp.Diagnostic]) -> list[str]:
            actions = await asyncio.wait_for(
                client.text_document_code_action_async(
                    lsp.CodeActionParams(
                        text_document=lsp.TextDocumentIdentifier(uri),
                        range=missing.range,
                        context=lsp.CodeActionContext(diagnostics=context),
                    )
                ),
                30,
            )
            return [a.title for a in actions]

        only_missing = await titles([missing])
        assert only_missing and all("Install Delve" in t for t in only_missing), only_missing
        only_unpinned = await titles([unpinned])
        assert only_unpinned and all(t.startswith("Pin GOROOT") for t in only_unpinned), only_unpinned
        both = await titles([])  # no diagnostics in the context: everything in the range
        assert set(both) == set(only_missing) | set(only_unpinned)
    finally:
        await client.shutdown_session()


async def test_a_remote_only_workspace_gets_no_goroot_or_dlv_finding(machine: Machine):
    make_root(machine.sdk, "1.22.5")
    make_root(machine.sdk, "1.27.1")
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(
        json.dumps(
            {
                "version": "0.2.0",
                "configurations": [
                    {
                        "name": "Remote",
                        "type": "go",
                        "request": "attach",
                        "mode": "remote",
                        "port": 2345,
                        "remotePath": "/app",
                    }
                ],
            },
            indent=4,
        )
    )
    uri = launch.as_uri()
    client = await start_client(machine, "neovim")
    try:
        diags = await wait_for(client, uri, lambda d: "remote-deprecated" in codes(d))
        assert codes(diags) == {"remote-deprecated"}
    finally:
        await client.shutdown_session()


async def test_program_missing_through_the_server_and_its_fix(machine: Machine):
    """Issue 11: a program moved away gets program-missing on its value, and the fix points at the main package."""
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    (machine.ws / "cmd" / "api").mkdir(parents=True)
    (machine.ws / "cmd" / "api" / "main.go").write_text("package main\n\nfunc main() {}\n")
    text = json.dumps(
        {
            "version": "0.2.0",
            "configurations": [
                {
                    "name": "Server",
                    "type": "go",
                    "request": "launch",
                    "mode": "auto",
                    "program": "${workspaceFolder}/cmd/server",
                }
            ],
        },
        indent=4,
    )
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(text)
    uri = launch.as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: "program-missing" in codes(d))
        [d] = [x for x in diags if x.code == "program-missing"]
        assert (
            text.splitlines()[d.range.start.line][d.range.start.character : d.range.end.character]
            == '"${workspaceFolder}/cmd/server"'
        )
        actions = await code_actions(client, uri, d)
        [fix] = actions
        assert "cmd/api" in fix.title and fix.is_preferred
        new = fix.edit.changes[uri][0].new_text
        assert new == '"${workspaceFolder}/cmd/api"'
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="jsonc", version=1, text=text))
        )
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[
                    lsp.TextDocumentContentChangeWholeDocument(
                        text=text.replace('"${workspaceFolder}/cmd/server"', new)
                    )
                ],
            )
        )
        await wait_for(client, uri, lambda d: "program-missing" not in codes(d))
    finally:
        await client.shutdown_session()
