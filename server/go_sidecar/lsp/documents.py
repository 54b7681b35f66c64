"""Document and file notifications: each becomes a FileEvent; lsp/invalidate.py decides what it invalidates.

A closed document is checked again from disk: its diagnostics stay in the Problems panel while they hold.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from go_sidecar.lsp.invalidate import FileEvent, Origin
from go_sidecar.lsp.uris import uri_to_path

if TYPE_CHECKING:  # create_server imports this module: the server's type only annotates
    from go_sidecar.lsp.server import SidecarServer


def register(server: SidecarServer) -> None:
    server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)(did_open)
    server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)(did_change)
    server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)(did_save)
    server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)(did_close)
    server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)(did_change_watched_files)


def did_open(ls: SidecarServer, params: lsp.DidOpenTextDocumentParams) -> None:
    _editor_event(ls, params.text_document.uri)


def did_change(ls: SidecarServer, params: lsp.DidChangeTextDocumentParams) -> None:
    _editor_event(ls, params.text_document.uri)


def did_save(ls: SidecarServer, params: lsp.DidSaveTextDocumentParams) -> None:
    _editor_event(ls, params.text_document.uri)


def did_close(ls: SidecarServer, params: lsp.DidCloseTextDocumentParams) -> None:
    _editor_event(ls, params.text_document.uri)


def _editor_event(ls: SidecarServer, uri: str) -> None:
    path = uri_to_path(uri)
    if path is not None:
        ls.on_file_event(FileEvent(path, Origin.EDITOR))


def did_change_watched_files(ls: SidecarServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    for change in params.changes:
        path = uri_to_path(change.uri)
        if path is None:  # not a file: nothing to place it with; look again at everything
            ls.request_check(rescan=True)
        else:
            ls.on_file_event(FileEvent(path, Origin.CLIENT))
