"""Findings to LSP types. Positions arrive in UTF-16 code units and leave in the negotiated encoding."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from lsprotocol import types as lsp

from go_sidecar.model import Finding, Fix, Position, Range, Severity
from go_sidecar.parse.text import LineIndex
from go_sidecar.rules.registry import RULES

SOURCE = "go-sidecar"

_SEVERITY = {
    Severity.ERROR: lsp.DiagnosticSeverity.Error,
    Severity.WARNING: lsp.DiagnosticSeverity.Warning,
    Severity.INFORMATION: lsp.DiagnosticSeverity.Information,
    Severity.HINT: lsp.DiagnosticSeverity.Hint,
}


def path_to_uri(path: str) -> str:
    return Path(path).absolute().as_uri()


class Encoder:
    """Converts UTF-16 positions of one file to the client's encoding (utf-8, utf-16 or utf-32)."""

    def __init__(self, encoding: str, index: LineIndex | None):
        self.encoding = encoding
        self.index = index

    def position(self, pos: Position) -> lsp.Position:
        if self.encoding == "utf-16" or self.index is None:
            return lsp.Position(pos.line, pos.character)
        # Through the index's column checkpoints: decoding the line for each position is quadratic on a
        # minified (one-line) launch.json.
        converted = self.index.convert(pos, self.encoding)
        return lsp.Position(converted.line, converted.character)

    def range(self, r: Range) -> lsp.Range:
        return lsp.Range(self.position(r.start), self.position(r.end))


def diagnostic(finding: Finding, enc: Encoder) -> lsp.Diagnostic:
    rule = RULES.get(finding.code)
    return lsp.Diagnostic(
        range=enc.range(finding.location.range),
        message=finding.message,
        severity=_SEVERITY[finding.severity],
        code=finding.code,
        code_description=lsp.CodeDescription(href=rule.url) if rule else None,
        source=SOURCE,
    )


def code_actions(
    finding: Finding, diag: lsp.Diagnostic, encoder_for: Callable[[str], Encoder]
) -> list[lsp.CodeAction]:
    actions = []
    for fix in finding.fixes:
        actions.append(code_action(fix, diag, encoder_for))
    return actions


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
            lsp.TextEdit(range=enc.range(edit.range), new_text=edit.new_text)
        )
    if fix.creates:
        # A file that is not there yet (settings.json): create it, then edit it.
        document_changes: list = [
            lsp.CreateFile(uri=path_to_uri(p), options=lsp.CreateFileOptions(ignore_if_exists=True))
            for p in fix.creates
        ]
        document_changes += [
            lsp.TextDocumentEdit(text_document=lsp.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None),
                                 edits=edits)
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
