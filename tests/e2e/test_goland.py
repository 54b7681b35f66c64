"""Issue 10, part 3 through the real server: a GoLand-only project (no .vscode) whose workspace.xml pins a
project SDK older than go.mod asks for gets a diagnostic on the SDK url, opened as LSP4IJ opens it (language id
`xml`), and a fix that keeps GoLand's macro form; after the fix is applied the diagnostic goes away."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from go_sidecar.parse.xmldoc import parse_xml

from .conftest import Machine, make_root, start_client
from .test_server import apply_workspace_edit, code_actions, codes, wait_for

WORKSPACE = """<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="ChangeListManager">
    <list default="true" id="0" name="更改" comment="" />
  </component>
  <component name="GOROOT" url="file://$USER_HOME$/sdk/go1.22.5" />
  <component name="RunManager">
    <configuration name="go build example.com/m" type="GoApplicationRunConfiguration" factoryName="Go Application"
                   temporary="true">
      <module name="m" />
      <working_directory value="$PROJECT_DIR$" />
      <kind value="PACKAGE" />
      <package value="example.com/m" />
      <directory value="$PROJECT_DIR$" />
      <filePath value="$PROJECT_DIR$/main.go" />
      <method v="2" />
    </configuration>
  </component>
</project>
"""


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim"])
async def test_goland_only_project_sdk_diagnostic_and_fix(machine: Machine, profile: str):
    make_root(machine.sdk, "1.22.5")
    make_root(machine.sdk, "1.27.1")
    (machine.ws / ".vscode").rmdir()
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.27.0\n")
    (machine.ws / "main.go").write_text("package main\n")
    (machine.ws / ".idea").mkdir()
    xml = machine.ws / ".idea" / "workspace.xml"
    xml.write_text(WORKSPACE, encoding="utf-8")
    uri = xml.as_uri()
    client = await start_client(machine, profile)
    try:
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="xml", version=1, text=WORKSPACE))
        )
        diags = await wait_for(client, uri, lambda d: "goroot-too-old" in codes(d))
        [d] = [x for x in diags if x.code == "goroot-too-old"]
        line = WORKSPACE.splitlines()[d.range.start.line]
        assert line[d.range.start.character : d.range.end.character] == "file://$USER_HOME$/sdk/go1.22.5"
        actions = await code_actions(client, uri, d)
        assert actions and actions[0].is_preferred
        fixed = apply_workspace_edit(actions[0].edit, uri, WORKSPACE.encode())
        assert fixed == WORKSPACE.replace("go1.22.5", "go1.27.1").encode()
        assert parse_xml(fixed).error is None
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=fixed.decode())],
            )
        )
        await wait_for(client, uri, lambda d: "goroot-too-old" not in codes(d))
    finally:
        await client.shutdown_session()
