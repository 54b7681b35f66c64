"""What `initialize` tells us: the folders to check, the .code-workspace, the settings.

One reading for the early check (fastinit, on the raw JSON before pygls is imported) and the server (on
lsprotocol's InitializeParams), so that the early diagnostics are the server's own.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import Any

from go_sidecar.lsp.uris import uri_to_path

NOT_SETTINGS = ("trusted", "workspaceFile")  # initializationOptions that are not goSidecar settings


def normalise_folders(folders: Iterable[tuple[str, str | None]]) -> dict[str, str]:
    """{path: name} in the client's order; paths normalised, each once; a missing name is the folder's."""
    out: dict[str, str] = {}
    for path, name in folders:
        path = os.path.normpath(os.path.abspath(path))
        out.setdefault(path, name if isinstance(name, str) and name else os.path.basename(path) or path)
    return out


def initial_folders(
    workspace_folders: Iterable[tuple[Any, Any]] | None, root_uri: Any, root_path: Any
) -> dict[str, str]:
    """The folders `initialize` names: workspaceFolders ((uri, name) pairs), else rootUri, else rootPath (LSP
    3.17 keeps both as deprecated fallbacks). A folder that is not a file: URI is not ours to check."""
    workspace_folders = list(workspace_folders or [])
    if workspace_folders:
        pairs = [(p, name) for uri, name in workspace_folders if (p := uri_to_path(uri))]
    elif root_uri:
        root = uri_to_path(root_uri)
        pairs = [(root, None)] if root else []
    elif isinstance(root_path, str) and root_path:
        pairs = [(root_path, None)]
    else:
        pairs = []
    return normalise_folders(pairs)


def workspace_file_option(value: Any) -> str | None:
    """initializationOptions.workspaceFile: a .code-workspace path or file: URI; anything else is ignored (VS Code's
    untitled workspaces have no file)."""
    if not isinstance(value, str) or not value:
        return None
    path = uri_to_path(value) if value.startswith("file:") else value
    if not path or not path.endswith(".code-workspace") or not os.path.isabs(path):
        return None
    return os.path.normpath(path)


def settings_part(options: Any) -> Any:
    """initializationOptions without the keys that are not settings (what parse_settings judges)."""
    if isinstance(options, dict):
        return {k: v for k, v in options.items() if k not in NOT_SETTINGS}
    return options
