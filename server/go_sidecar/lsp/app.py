"""The language server application: a SidecarServer (lsp/server.py, its state and check loop) with each feature
module's handlers registered, as esbonio's `create_language_server(server_cls, modules)` does. Apart from
server.py so that the feature modules can import the server's class without an import loop."""

from __future__ import annotations

import gc
import logging
import os
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING

from go_sidecar.lsp import actions, commands, documents, hover, lens, lifecycle
from go_sidecar.lsp.server import SidecarServer

if TYPE_CHECKING:
    from go_sidecar.lsp.fastinit import ByteReader, ByteWriter, EarlyPublish

FEATURES: tuple[ModuleType, ...] = (lifecycle, documents, actions, commands, lens, hover)


def create_server(
    early: EarlyPublish | None = None,
    features: Iterable[ModuleType] | None = None,
    server_cls: type[SidecarServer] = SidecarServer,
) -> SidecarServer:
    """A new server with each feature module's handlers registered (`register(server)`), in order. The default
    features are the whole server; the commands register in fastinit.COMMANDS's order (the early `initialize`
    answer lists them so)."""
    server = server_cls(early)
    for module in FEATURES if features is None else features:
        module.register(server)
    return server


def serve(stdin: ByteReader | None = None, stdout: ByteWriter | None = None, early: EarlyPublish | None = None) -> None:
    logging.basicConfig(level=os.environ.get("SIDECAR_LOG", "WARNING"))
    # A check on a keystroke allocates tens of thousands of short-lived objects (parse nodes, facts, findings);
    # with the default first threshold (700) the collector ran ~20 times per check and a full collection every
    # ~20 checks cost 40-50 ms, the p95 of didChange -> publish (bench/keystroke_profile.py --gc-threshold).
    # A higher first threshold keeps the same generational scheme and adds little memory: a 200-configuration
    # launch.json's median went from ~32.5 to ~29 ms and its p95 from ~67 to ~32 ms.
    gc.set_threshold(20_000, 10, 10)
    # pygls 2.1 annotates start_io's streams BinaryIO, too narrow: it only calls readline/read and write/flush/close
    # (pygls/io_.py StdinAsyncReader, StdoutWriter), which fastinit's Replay and DropResponse have.
    create_server(early).start_io(stdin, stdout)  # type: ignore[arg-type]
