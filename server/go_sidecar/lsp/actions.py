"""Quick fixes: `textDocument/codeAction` answers with the fixes of the findings the client asks about."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from go_sidecar.lsp import convert
from go_sidecar.lsp.uris import path_to_uri, uri_to_path

if TYPE_CHECKING:  # create_server imports this module: the server's type only annotates
    from go_sidecar.lsp.server import SidecarServer

FIRST_CHECK_WAIT_S = 15


def register(server: SidecarServer) -> None:
    server.feature(
        lsp.TEXT_DOCUMENT_CODE_ACTION,
        lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix], resolve_provider=False),
    )(code_action)


async def code_action(ls: SidecarServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    if not ls.first_check.is_set() and ls.root is not None:
        # The diagnostics the client sees may be the early ones (published before pygls ran): wait for the
        # server's own first check, which has the fixes.
        try:
            await asyncio.wait_for(ls.first_check.wait(), FIRST_CHECK_WAIT_S)
        except TimeoutError:
            pass
    # Findings are keyed by our own spelling of the file's URI; clients spell them their own way (Neovim 0.7
    # percent-encodes with lower-case hex and leaves `(`, `@`, `+`... as they are), so compare as paths.
    path = uri_to_path(params.text_document.uri)
    entries = ls.findings.get(path_to_uri(path), []) if path else []
    wanted = params.range
    # Fixes answer the diagnostics the client asks about (two findings may share a range: asking about
    # dlv-missing must not offer "Pin GOROOT"); with none in the context, every finding in the range.
    asked = {_key(d) for d in (params.context.diagnostics if params.context else [])}
    actions: list[lsp.CodeAction] = []
    for finding, wire_diag in entries:
        diag = convert.to_lsp(wire_diag)  # the published JSON as lsprotocol's type, for the ones asked about
        if asked:
            if _key(diag) not in asked:
                continue
        elif _before(diag.range.end, wanted.start) or _before(wanted.end, diag.range.start):
            continue
        for action in convert.code_actions(finding, diag, ls.encoder_for):
            same = next((a for a in actions if _same_change(a, action)), None)
            if same is None:
                actions.append(action)
            else:
                # Two findings offering the very same change (goroot-unpinned and goroot-too-old both "Pin GOROOT
                # to go1.22.5"): one action that answers both, not the same line twice in the menu.
                same.diagnostics = [*(same.diagnostics or []), *(action.diagnostics or [])]
                same.is_preferred = same.is_preferred or action.is_preferred
    # Preferred fixes first, so that "auto fix" picks the best match.
    actions.sort(key=lambda a: not a.is_preferred)
    return actions


def _same_change(a: lsp.CodeAction, b: lsp.CodeAction) -> bool:
    return a.title == b.title and a.edit == b.edit and a.command == b.command


def _key(d: lsp.Diagnostic) -> tuple[str, int, int, int, int]:
    return (str(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)


def _before(a: lsp.Position, b: lsp.Position) -> bool:
    return (a.line, a.character) < (b.line, b.character)
