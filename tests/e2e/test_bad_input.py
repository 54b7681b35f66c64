"""Bad input through the real server: every case ends with the server alive and answering."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as lsp

from .conftest import LAUNCH, Machine, make_root, start_client
from .test_server import codes, goroot_codes, wait_for


@pytest.fixture
def ws(machine: Machine):
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    return machine


async def still_answers(client, uri: str) -> None:
    """The server is alive: a code action request gets an answer."""
    result = await asyncio.wait_for(
        client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri),
                range=lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                context=lsp.CodeActionContext(diagnostics=[]),
            )
        ),
        10,
    )
    assert result is not None


async def test_half_typed_launch_json_while_typing(ws: Machine):
    launch = ws.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    uri = launch.as_uri()
    client = await start_client(ws, "visual-studio-code")
    try:
        await wait_for(client, uri, lambda d: "goroot-too-old" in codes(d))
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="jsonc", version=1, text=LAUNCH))
        )
        # Type a new env block character by character: every prefix is broken JSON.
        insert_at = LAUNCH.index('"program"')
        typed = (
            '"env": {"GOROOT": "'
            + str(ws.sdk / "go1.22.5")
            + '", "PATH": "'
            + str(ws.sdk / "go1.22.5" / "bin")
            + ':${env:PATH}"},\n            '
        )
        version = 1
        for i in range(0, len(typed) + 1, 7):
            version += 1
            text = LAUNCH[:insert_at] + typed[:i] + LAUNCH[insert_at:]
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
        version += 1
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[
                    lsp.TextDocumentContentChangeWholeDocument(text=LAUNCH[:insert_at] + typed + LAUNCH[insert_at:])
                ],
            )
        )
        # The last text pins a good toolchain with its bin first on PATH: everything clears.
        diags = await wait_for(client, uri, lambda d: not goroot_codes(d))
        assert goroot_codes(diags) == set()
        await still_answers(client, uri)
    finally:
        await client.shutdown_session()


@pytest.mark.parametrize(
    "case",
    ["not-utf8", "huge", "folder", "gomod-garbage", "empty", "array-root"],
)
async def test_bad_files_on_disk(ws: Machine, case: str):
    vscode = ws.ws / ".vscode"
    launch = vscode / "launch.json"
    if case == "not-utf8":
        launch.write_bytes(LAUNCH.replace("启动当前包", "caf\xe9").encode("latin-1"))
    elif case == "huge":
        filler = "".join(f"        // line {i} of a very long comment block\n" for i in range(120_000))
        launch.write_text(LAUNCH.replace('"version": "0.2.0",', '"version": "0.2.0",\n' + filler))
        assert launch.stat().st_size > 5_000_000
    elif case == "folder":
        launch.mkdir()
        (vscode / "settings.json").write_text('{"go.goroot": "/nowhere/go"}')
    elif case == "gomod-garbage":
        launch.write_text(LAUNCH)
        (ws.ws / "go.mod").write_bytes(bytes(range(256)) * 50)
    elif case == "empty":
        launch.write_text("")
    elif case == "array-root":
        launch.write_text('[1, 2, {"type": "go"}]')
    client = await start_client(ws, "visual-studio-code")
    try:
        uri = launch.as_uri()
        if case == "huge":
            # Over the JSONC bound (1 MB, probe/workspace.py MAX_JSONC): refused with a message naming it, not
            # parsed (a JSONC tree costs ~75 bytes per byte); the server keeps answering.
            for _ in range(600):
                if any("larger than 1 MB" in m.message and "launch.json" in m.message for m in client.log_messages):
                    break
                await asyncio.sleep(0.1)
            assert any("larger than 1 MB" in m.message for m in client.log_messages)
            assert not client.diagnostics.get(uri)
        elif case in ("not-utf8", "gomod-garbage"):
            # Whatever could be read still gives findings.
            expected = "goroot-unpinned" if case == "gomod-garbage" else "goroot-too-old"
            diags = await wait_for(client, uri, lambda d: expected in codes(d), timeout=60)
            assert expected in codes(diags)
        elif case == "folder":
            settings_uri = (vscode / "settings.json").as_uri()
            diags = await wait_for(client, settings_uri, lambda d: "goroot-invalid" in codes(d))
            assert "/nowhere/go" in diags[0].message
        else:
            # Nothing to say about a file that holds no configuration; the server keeps going.
            await asyncio.sleep(0.5)
            assert not client.diagnostics.get(uri)
        await still_answers(client, uri)
        assert client.error is None
    finally:
        await client.shutdown_session()
