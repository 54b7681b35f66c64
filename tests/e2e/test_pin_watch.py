"""Version-manager pin files re-check the workspace when they change (lsp/invalidate.py, PINS): the server's own
watcher sees the root's pin files as it sees go.mod, so go-pin-mismatch comes and goes with no other trigger
(no document opened, no command run). The editor's buffer of a pin file is a document the server takes."""

from __future__ import annotations

import pytest
from lsprotocol import types as lsp

from .conftest import LAUNCH, Machine, make_root, start_client
from .test_server import codes, wait_for


@pytest.fixture
def pinned(machine: Machine):
    """go1.21.5 and go1.22.5 installed; the configuration pins GOROOT to go1.21.5."""
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.21.0\n")
    launch = LAUNCH.replace('"mode": "auto",', f'"mode": "auto", "env": {{"GOROOT": "{old}"}},')
    (machine.ws / ".vscode" / "launch.json").write_text(launch, encoding="utf-8")
    return old


def mismatch(diags) -> bool:
    return "go-pin-mismatch" in codes(diags)


@pytest.mark.parametrize(
    "name,agrees,disagrees",
    [
        (".tool-versions", "golang 1.21.5\n", "golang 1.22.5\n"),
        (".go-version", "1.21.5\n", "1.22.5\n"),
        ("mise.toml", '[tools]\ngo = "1.21"\n', '[tools]\ngo = "1.22"\n'),
        (".mise.toml", '[tools]\ngo = "1.21.5"\n', '[tools]\ngo = "1.22.5"\n'),
    ],
)
async def test_a_pin_file_changed_on_disk_is_checked_again(machine: Machine, pinned, name, agrees, disagrees):
    pin = machine.ws / name
    pin.write_text(agrees)
    uri = pin.as_uri()
    launch_uri = (machine.ws / ".vscode" / "launch.json").as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        await wait_for(client, launch_uri, lambda d: True)  # the first check has run
        assert not mismatch(client.diagnostics.get(uri, []))

        pin.write_text(disagrees)  # as the terminal's `asdf local golang 1.22.5` does
        diags = await wait_for(client, uri, mismatch)
        [d] = [d for d in diags if d.code == "go-pin-mismatch"]
        assert "1.21.5" in d.message and d.range.start.line == (1 if name.endswith("toml") else 0)

        pin.write_text(agrees)
        await wait_for(client, uri, lambda d: not mismatch(d))

        pin.write_text(disagrees)
        await wait_for(client, uri, mismatch)
        pin.unlink()  # a pin file removed: the configuration is judged by none
        await wait_for(client, uri, lambda d: not mismatch(d))
    finally:
        await client.shutdown_session()


async def test_a_pin_file_open_in_the_editor_is_a_document_of_the_server(machine: Machine, pinned):
    """didOpen/didSave of a pin file are the server's events (the buffer goes to the check with the others)."""
    pin = machine.ws / ".go-version"
    pin.write_text("1.21.5\n")
    uri = pin.as_uri()
    launch_uri = (machine.ws / ".vscode" / "launch.json").as_uri()
    client = await start_client(machine, "neovim")
    try:
        await wait_for(client, launch_uri, lambda d: True)
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text="1.21.5\n")
            )
        )
        pin.write_text("1.22.5\n")  # saved: the editor's buffer and the disk say the same
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                [lsp.TextDocumentContentChangeWholeDocument(text="1.22.5\n")],
            )
        )
        client.text_document_did_save(lsp.DidSaveTextDocumentParams(lsp.TextDocumentIdentifier(uri=uri)))
        await wait_for(client, uri, mismatch)
    finally:
        await client.shutdown_session()


async def test_an_unsaved_pin_file_buffer_is_what_the_check_reads(machine: Machine, pinned):
    """The editor's buffer wins over the disk, as for launch.json and go.work: typing another version in
    .go-version shows the mismatch before the file is saved, and undoing it clears it."""
    pin = machine.ws / ".go-version"
    pin.write_text("1.21.5\n")
    uri = pin.as_uri()
    launch_uri = (machine.ws / ".vscode" / "launch.json").as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        await wait_for(client, launch_uri, lambda d: True)
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(uri=uri, language_id="plaintext", version=1, text="1.21.5\n")
            )
        )
        for version, text in ((2, "1.22.5\n"), (3, "1.21.5\n")):
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    lsp.VersionedTextDocumentIdentifier(uri=uri, version=version),
                    [lsp.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
            await wait_for(client, uri, mismatch if text == "1.22.5\n" else (lambda d: not mismatch(d)))
            assert pin.read_text() == "1.21.5\n"  # never saved
    finally:
        await client.shutdown_session()
