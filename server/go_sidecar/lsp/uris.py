"""file: URIs ↔ paths: the one spelling for the early publish, the server, its commands and its code actions.

Findings are published under `path_to_uri(path)` and looked up by it (a code action, the early check's files
cleared by the server's first publish), so every module converts here. Clients spell URIs their own way (VS Code
`file:///c%3A/x`, Neovim leaves `(`, `@`, `+`, `;` unescaped): compare paths, not URIs.

Not pygls.uris: it lower-cases Windows drive letters (the paths handed to the check and the URIs published
would change from what the client named), does not normalise, and splits `;params` off a path (urlparse).
`windows=` lets tests convert Windows spellings on any machine.
"""

from __future__ import annotations

import functools
import ntpath
import os
import posixpath
from pathlib import PurePosixPath, PureWindowsPath
from urllib.parse import unquote, urlsplit

_WINDOWS = os.name == "nt"


def uri_to_path(uri: object, *, windows: bool = _WINDOWS) -> str | None:
    """A file: URI's path, normalised; None for another scheme or a non-string."""
    if not isinstance(uri, str):
        return None
    try:
        parts = urlsplit(uri)  # not urlparse: a `;` is part of a file name
    except ValueError:  # e.g. an unbalanced `[` in the authority
        return None
    if parts.scheme != "file":  # urlsplit lower-cases the scheme
        return None
    path = unquote(parts.path)
    if not windows:
        return posixpath.normpath(path)
    if parts.netloc and parts.netloc.lower() != "localhost":
        path = "//" + parts.netloc + path  # a UNC share: file://server/share/x is \\server\share\x
    elif path.startswith("/") and path[2:3] == ":":
        path = path[1:]  # file:///C:/x
    return ntpath.normpath(path)


def path_to_uri(path: str, *, windows: bool = _WINDOWS) -> str:
    """The URI go-sidecar publishes a file under (pathlib's spelling, as Path(path).absolute().as_uri())."""
    if os.path.isabs(path) if windows == _WINDOWS else False:
        return _absolute_uri(path, windows)  # the same few files, 200 findings a keystroke: remembered
    flavour = PureWindowsPath if windows else PurePosixPath
    p = flavour(path)
    if not p.is_absolute():
        p = flavour(os.getcwd()) / p
    return p.as_uri()


@functools.lru_cache(maxsize=1024)
def _absolute_uri(path: str, windows: bool) -> str:
    return (PureWindowsPath if windows else PurePosixPath)(path).as_uri()
