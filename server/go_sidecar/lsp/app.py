"""The language server application: a SidecarServer (lsp/server.py, its state and check loop) with each feature
module's handlers registered, as esbonio's `create_language_server(server_cls, modules)` does. Apart from
server.py so that the feature modules can import the server's class without an import loop."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterable
from types import ModuleType
from typing import TYPE_CHECKING, BinaryIO

from go_sidecar.lsp import actions, commands, documents, lifecycle
from go_sidecar.lsp.server import SidecarServer

if TYPE_CHECKING:
    from go_sidecar.lsp.fastinit import EarlyPublish

FEATURES: tuple[ModuleType, ...] = (lifecycle, documents, actions, commands)


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


def serve(stdin: BinaryIO | None = None, stdout: BinaryIO | None = None, early: EarlyPublish | None = None) -> None:
    logging.basicConfig(level=os.environ.get("SIDECAR_LOG", "WARNING"))
    create_server(early).start_io(stdin, stdout)
