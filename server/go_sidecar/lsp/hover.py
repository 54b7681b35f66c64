"""Hover: on a value that names a Go toolchain or a dlv, what that toolchain or dlv is (issue 13).

`textDocument/hover` on a GOROOT in a launch configuration's env or a GoLand run configuration, on `go.goroot`,
`go.toolsEnvVars.GOROOT` or `go.alternateTools.dlv` in settings.json, or on the GoLand project SDK's url: its
version, OS/arch, who installed it and whether PATH finds it (probe/toolfacts.py). The position is matched against
the last check's reading of the file, in the client's position encoding. What the check did not gather is read on
the server's executor (a few stats and an executable header), never on the event loop.
"""

from __future__ import annotations

import asyncio
import functools
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp

from go_sidecar.lsp.uris import uri_to_path
from go_sidecar.model import Position
from go_sidecar.probe.toolfacts import SystemInspector, describe, subject_at

if TYPE_CHECKING:  # create_server imports this module: the server's type only annotates
    from go_sidecar.lsp.server import SidecarServer

FIRST_CHECK_WAIT_S = 15


def register(server: SidecarServer) -> None:
    server.feature(lsp.TEXT_DOCUMENT_HOVER)(hover)


async def hover(ls: SidecarServer, params: lsp.HoverParams) -> lsp.Hover | None:
    if not ls.first_check.is_set() and ls.root is not None:
        try:
            await asyncio.wait_for(ls.first_check.wait(), FIRST_CHECK_WAIT_S)
        except TimeoutError:
            return None
    path = uri_to_path(params.text_document.uri)
    if path is None:
        return None
    position = Position(params.position.line, params.position.character)
    for facts in [f for _, _, f in ls.results]:
        subject = subject_at(facts, path, position, ls.encoding)
        if subject is None:
            continue
        inspector = SystemInspector(ls.system, facts.workspace)
        text = await asyncio.get_running_loop().run_in_executor(
            ls.executor, functools.partial(describe, facts, subject, inspector)
        )
        rng: dict[str, Any] = ls.encoder_for(path).range(subject.location.range)
        return lsp.Hover(
            contents=lsp.MarkupContent(kind=lsp.MarkupKind.Markdown, value=text),
            range=lsp.Range(start=lsp.Position(**rng["start"]), end=lsp.Position(**rng["end"])),
        )
    return None
