"""Code lenses: above each Go debug configuration, what it will run with and whether it is ready (issue 13).

`textDocument/codeLens` answers with one lens per configuration of the file (launch.json, a .code-workspace,
GoLand's run configuration files), its text from probe/readiness.py over the last check's facts and findings.
Clicking it runs the server command `sidecar.toolsReport` with `[{"uri": <file>, "config": <name>}]`: LSP4IJ and
Neovim run server commands as they are; the VS Code extension swaps it for its client command
`goSidecar.showToolsReport`, which runs the same server command and opens the report (vscode-extension/src/lens.ts).
So the server names one command for every client and needs no client-specific option.

The lenses follow the checks: after a check whose lenses differ from the last (text, or place after an edit),
the server asks the client to refresh them (`workspace/codeLens/refresh`, when the client supports it).
"""

from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from go_sidecar.check import MACHINE_DEBUGGER_CODES
from go_sidecar.lsp.uris import uri_to_path
from go_sidecar.model import Finding
from go_sidecar.probe.readiness import Readiness, readiness

if TYPE_CHECKING:  # create_server imports this module: the server's type only annotates
    from go_sidecar.lsp.server import SidecarServer

log = logging.getLogger(__name__)
REPORT_COMMAND = "sidecar.toolsReport"
FIRST_CHECK_WAIT_S = 15


def register(server: SidecarServer) -> None:
    server.feature(lsp.TEXT_DOCUMENT_CODE_LENS, lsp.CodeLensOptions(resolve_provider=False))(code_lens)
    _refresh_after_publish(server)


async def code_lens(ls: SidecarServer, params: lsp.CodeLensParams) -> list[lsp.CodeLens]:
    if not ls.first_check.is_set() and ls.root is not None:
        try:  # before the first check there is nothing to say; the refresh after it would follow anyway
            await asyncio.wait_for(ls.first_check.wait(), FIRST_CHECK_WAIT_S)
        except TimeoutError:
            return []
    path = uri_to_path(params.text_document.uri)
    if path is None:
        return []
    return [_lens(ls, r, params.text_document.uri) for r in lines(ls, path)]


def lines(ls: SidecarServer, path: str | None = None) -> list[Readiness]:
    """Every configuration's line after the last check (with `path`, that file's only)."""
    findings = _findings(ls)
    out: list[Readiness] = []
    for facts in [f for _, _, f in ls.results]:
        out += readiness(facts, findings, MACHINE_DEBUGGER_CODES, path)
    return out


def _findings(ls: SidecarServer) -> list[Finding]:
    return [f for entries in ls.findings.values() for f, _ in entries]


def _lens(ls: SidecarServer, r: Readiness, uri: str) -> lsp.CodeLens:
    rng = ls.encoder_for(r.path).range(r.range)
    return lsp.CodeLens(
        range=lsp.Range(
            start=lsp.Position(**rng["start"]),
            end=lsp.Position(**rng["end"]),
        ),
        command=lsp.Command(title=r.title, command=REPORT_COMMAND, arguments=[{"uri": uri, "config": r.name}]),
    )


def _refresh_after_publish(server: SidecarServer) -> None:
    """After each publish (once per check): ask for a refresh when the lenses changed. The key holds each lens's
    text and line: an edit that moves a configuration moves its lens too."""
    last: list[Any] = [None]

    def refresh_lenses() -> None:
        if not _refreshes(server):
            return  # the client asks for lenses when it wants them (Neovim: on its own events)
        key = [(r.path, r.range.start.line, r.title) for r in lines(server)]
        if key != last[0]:
            last[0] = key
            _request_refresh(server)

    server.after_publish.append(refresh_lenses)


def _refreshes(server: SidecarServer) -> bool:
    """The client takes `workspace/codeLens/refresh` requests."""
    caps = server.client_capabilities.workspace
    lens = caps.code_lens if caps is not None else None
    return lens is not None and bool(lens.refresh_support)


def _request_refresh(server: SidecarServer) -> None:
    try:
        future = server.workspace_code_lens_refresh(None)
    except Exception:  # the connection may be closing (logged)
        log.debug("workspace/codeLens/refresh not sent", exc_info=True)
        return
    # A client that answers with an error has nothing to refresh: read the outcome, say nothing.
    future.add_done_callback(lambda f: f.cancelled() or f.exception())
