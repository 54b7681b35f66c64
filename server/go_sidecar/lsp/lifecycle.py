"""The session: `initialize` (folders, trust, the .code-workspace, settings), `initialized` (the first check),
configuration and workspace-folder changes, `shutdown`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from lsprotocol import types as lsp

from go_sidecar.lsp.init_params import (
    initial_folders,
    settings_part,
    workspace_file_option,
)
from go_sidecar.lsp.uris import uri_to_path
from go_sidecar.settings import NAMESPACE

if TYPE_CHECKING:  # create_server imports this module: the server's type only annotates
    from go_sidecar.lsp.server import SidecarServer

log = logging.getLogger(__name__)


def register(server: SidecarServer) -> None:
    server.feature(lsp.INITIALIZE)(initialize)
    server.feature(lsp.INITIALIZED)(initialized)
    server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)(did_change_configuration)
    server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)(did_change_workspace_folders)
    server.feature(lsp.SHUTDOWN)(shutdown)


def initialize(ls: SidecarServer, params: lsp.InitializeParams) -> None:
    if ls.early is not None:
        ls.early.server_started()
    listed = [(f.uri, f.name) for f in params.workspace_folders] if params.workspace_folders else None
    ls.set_folders(initial_folders(listed, params.root_uri, params.root_path).items())
    opts = params.initialization_options
    if isinstance(opts, dict) and opts.get("trusted") is False:
        ls.trusted = False
    if isinstance(opts, dict):
        ls.workspace_file = workspace_file_option(opts.get("workspaceFile"))
    if opts:
        ls.apply_settings(settings_part(opts))


async def initialized(ls: SidecarServer, params: lsp.InitializedParams) -> None:
    if ls.root is None:
        ls.window_show_message(
            lsp.ShowMessageParams(
                type=lsp.MessageType.Info, message="go-sidecar: open a folder to check its Go debug configurations"
            )
        )
        return
    await _pull_configuration(ls)
    ls.request_check(rescan=True)


async def _pull_configuration(ls: SidecarServer) -> None:
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration):
        return
    try:
        result = await ls.workspace_configuration_async(
            lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section=NAMESPACE)])
        )
    except Exception as e:  # noqa: BLE001 - a client that cannot answer keeps the settings it sent
        log.warning("workspace/configuration failed: %s", e)
        return
    if result and result[0] is not None:
        ls.apply_settings(result[0])


async def did_change_configuration(ls: SidecarServer, params: lsp.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if isinstance(settings, dict) and NAMESPACE in settings:
        ls.apply_settings(settings[NAMESPACE])
    else:
        await _pull_configuration(ls)
    ls.request_check(rescan=True)


def did_change_workspace_folders(ls: SidecarServer, params: lsp.DidChangeWorkspaceFoldersParams) -> None:
    """pygls has updated its own list; ours keeps the client's order."""
    removed = [p for f in params.event.removed if (p := uri_to_path(f.uri))]
    added = [(p, f.name) for f in params.event.added if (p := uri_to_path(f.uri))]
    ls.change_folders(added, removed)


def shutdown(ls: SidecarServer, params: None) -> None:
    ls.shutdown_watch()
