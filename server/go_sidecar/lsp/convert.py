"""The server's LSP types: the wire's JSON diagnostics as lsprotocol objects, and a finding's fixes as code actions.

The conversion of a finding is lsp/wire.py's (shared with the early publish); `to_lsp` only mirrors its JSON
field for field into the types pygls sends (a test checks lsprotocol's converter gives the same JSON back).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lsprotocol import types as lsp

from go_sidecar.lsp import wire
from go_sidecar.lsp.uris import path_to_uri
from go_sidecar.lsp.wire import Encoder
from go_sidecar.model import Finding, Fix

__all__ = ["Encoder", "code_actions", "diagnostic", "to_lsp"]


def _position(p: dict[str, int]) -> lsp.Position:
    return lsp.Position(p["line"], p["character"])


def _range(r: dict[str, Any]) -> lsp.Range:
    return lsp.Range(_position(r["start"]), _position(r["end"]))


def to_lsp(d: dict[str, Any]) -> lsp.Diagnostic:
    """wire.diagnostic's JSON as an lsprotocol Diagnostic (built directly: cattrs' structuring costs twice as
    much, and a publish converts every finding)."""
    href = d.get("codeDescription")
    return lsp.Diagnostic(
        range=_range(d["range"]),
        message=d["message"],
        severity=lsp.DiagnosticSeverity(d["severity"]),
        code=d["code"],
        code_description=lsp.CodeDescription(href=href["href"]) if href else None,
        source=d["source"],
    )


def diagnostic(finding: Finding, enc: Encoder) -> lsp.Diagnostic:
    return to_lsp(wire.diagnostic(finding, enc))


def code_actions(finding: Finding, diag: lsp.Diagnostic, encoder_for: Callable[[str], Encoder]) -> list[lsp.CodeAction]:
    return [code_action(fix, diag, encoder_for) for fix in finding.fixes]


def code_action(fix: Fix, diag: lsp.Diagnostic, encoder_for: Callable[[str], Encoder]) -> lsp.CodeAction:
    if fix.command is not None:
        return lsp.CodeAction(
            title=fix.title,
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[diag],
            command=lsp.Command(title=fix.title, command=fix.command.name, arguments=list(fix.command.arguments)),
        )
    changes: dict[str, list[lsp.TextEdit]] = {}
    for edit in fix.edits:
        enc = encoder_for(edit.path)
        changes.setdefault(path_to_uri(edit.path), []).append(
            lsp.TextEdit(range=_range(enc.range(edit.range)), new_text=edit.new_text)
        )
    if fix.creates:
        # A file that is not there yet (settings.json): create it, then edit it.
        document_changes: list[Any] = [
            lsp.CreateFile(uri=path_to_uri(p), options=lsp.CreateFileOptions(ignore_if_exists=True))
            for p in fix.creates
        ]
        document_changes += [
            lsp.TextDocumentEdit(
                text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None), edits=edits
            )
            for uri, edits in changes.items()
        ]
        workspace_edit = lsp.WorkspaceEdit(document_changes=document_changes)
    else:
        workspace_edit = lsp.WorkspaceEdit(changes=changes)
    return lsp.CodeAction(
        title=fix.title,
        kind=lsp.CodeActionKind.QuickFix,
        diagnostics=[diag],
        is_preferred=fix.preferred or None,
        edit=workspace_edit,
    )
