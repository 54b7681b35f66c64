"""Findings to LSP JSON: the one conversion, for the early publish (fastinit) and the server (lsp/convert.py).

Plain dicts, no lsprotocol: the early check publishes before lsprotocol is imported (importing it is most of the
server's start). Ranges arrive as byte spans and leave in the negotiated encoding.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import Any

from go_sidecar.lsp.uris import path_to_uri
from go_sidecar.model import Finding, Range, Severity
from go_sidecar.rules.registry import RULES

SOURCE = "go-sidecar"
SEVERITY = {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFORMATION: 3, Severity.HINT: 4}  # LSP's numbers


class Encoder:
    """Positions in the client's encoding (utf-8, utf-16 or utf-32), converted once from each range's byte span
    (model.Range): there is no UTF-16 step to undo, and every file is converted against the text it was checked
    in (a go.mod or a GoLand XML file as much as launch.json)."""

    def __init__(self, encoding: str):
        self.encoding = encoding

    def range(self, r: Range) -> dict[str, Any]:
        start, end = r.positions(self.encoding)
        return {
            "start": {"line": start.line, "character": start.character},
            "end": {"line": end.line, "character": end.character},
        }


UTF16 = Encoder("utf-16")


def diagnostic(finding: Finding, enc: Encoder) -> dict[str, Any]:
    """An LSP Diagnostic, as JSON."""
    out: dict[str, Any] = {
        "range": enc.range(finding.location.range),
        "message": finding.message,
        "severity": SEVERITY[finding.severity],
        "code": finding.code,
        "source": SOURCE,
    }
    rule = RULES.get(finding.code)
    if rule is not None:
        out["codeDescription"] = {"href": rule.url}
    return out


def diagnostics_by_uri(
    findings: Iterable[Finding], roots: Iterable[str], encoder_for: Callable[[str], Encoder]
) -> dict[str, list[tuple[Finding, dict[str, Any]]]]:
    """Each file's findings and their diagnostics, keyed by path_to_uri. A finding located at a checked root
    itself is left out: it is about the machine, in a folder without go.mod (`sidecar check` lists it, no file
    shows it)."""
    skip = {os.path.normpath(r) for r in roots}
    out: dict[str, list[tuple[Finding, dict[str, Any]]]] = {}
    for f in findings:
        if os.path.normpath(f.location.path) in skip:
            continue
        out.setdefault(path_to_uri(f.location.path), []).append((f, diagnostic(f, encoder_for(f.location.path))))
    return out
