"""The one answer to "is this path inside the workspace, or reached through it?".

Anything go-sidecar runs (only ever on a user's explicit action: the Delve install) must not be steered by a
repository the user just cloned. A workspace can name a path in many spellings that a string comparison misses:
`//ws/x`, `/./ws/x`, `/other/../ws/x`, a symlink elsewhere that points into the workspace, a symlink inside the
workspace that points elsewhere (the workspace can re-point it at any time), `C:\\WS\\x` for `c:\\ws\\x`,
`\\\\?\\C:\\ws\\x`, an 8.3 short name (`C:\\PROGRA~1`). So a path is resolved component by component the way the
operating system does (each `..` applied to the *resolved* folder, every link followed, relative targets taken
from the link's folder), through the `System` interface so tests drive Windows and macOS facts; then

- the path as spelled (normalised), every link it passes through, and where it finally leads are each compared
  with every workspace folder (itself resolved the same way);
- comparisons fold case where the file system usually does (Windows, macOS);
- a relative path, a path with a NUL byte or a link loop cannot be proven outside: it counts as reaching.

`reaches(sys_, path, folders)` returns why the path reaches a workspace folder, or None when it does not.
"""

from __future__ import annotations

from collections.abc import Iterable

from go_sidecar.probe.system import System

MAX_HOPS = 40  # links followed before giving up (Linux's own limit)


def _strip_prefix(path: str) -> str:
    """Windows' device and verbatim prefixes name the same file as the plain path."""
    p = path.replace("/", "\\")
    upper = p.upper()
    for unc in ("\\\\?\\UNC\\", "\\\\.\\UNC\\", "\\??\\UNC\\"):
        if upper.startswith(unc):
            return "\\\\" + p[len(unc) :]
    for prefix in ("\\\\?\\", "\\\\.\\", "\\??\\"):
        if p.startswith(prefix):
            return p[len(prefix) :]
    return p


def spelled(sys_: System, path: str) -> str | None:
    """The path normalised lexically (prefixes, doubled separators, `.`), or None when it is not absolute."""
    if not isinstance(path, str) or not path or "\0" in path:
        return None
    if sys_.host.windows:
        p = _strip_prefix(path)
    else:
        # POSIX leaves a leading `//` to the implementation; Linux and macOS read it as `/`.
        p = "/" + path.lstrip("/") if path.startswith("/") else path
    if not sys_.is_abs(p):
        return None
    return sys_.norm(p)


def _fold(sys_: System, path: str) -> str:
    m = sys_.paths
    p = m.normpath(path)
    if sys_.host.windows:
        return p.replace("/", "\\").casefold().rstrip("\\") or "\\"
    if sys_.host.os == "darwin":  # APFS and HFS+ are case-insensitive unless formatted otherwise
        return p.casefold().rstrip("/") or "/"
    return p.rstrip("/") or "/"


def _within(sys_: System, path: str, folder: str) -> bool:
    a, b = _fold(sys_, path), _fold(sys_, folder)
    sep = "\\" if sys_.host.windows else "/"
    return a == b or a.startswith(b if b.endswith(sep) else b + sep)


def trail(sys_: System, path: str) -> tuple[list[str], str | None]:
    """(every link passed through, where the path finally leads); the end is None on a link loop.

    Follows links one component at a time with `System.readlink`, like the kernel's path walk, so that a link
    anywhere in the path (and a link a link leads to) is seen."""
    m = sys_.paths
    start = spelled(sys_, path)
    if start is None:
        return [], None
    drive, rest = m.splitdrive(start)
    sep = "\\" if sys_.host.windows else "/"
    current = drive + sep if drive or rest.startswith(sep) else sep
    pending = [c for c in rest.split(sep) if c]
    links: list[str] = []
    hops = 0
    while pending:
        name = pending.pop(0)
        if name == ".":
            continue
        if name == "..":
            current = m.dirname(current.rstrip(sep)) or current
            if not current.endswith(sep) and m.splitdrive(current)[1] == "":
                current += sep
            continue
        candidate = m.join(current, name)
        target = sys_.readlink(candidate)
        if target is None:
            current = candidate
            continue
        links.append(candidate)
        hops += 1
        if hops > MAX_HOPS:
            return links, None
        target = _strip_prefix(target) if sys_.host.windows else target
        if not sys_.is_abs(target):
            target = m.join(current, target)
        tdrive, trest = m.splitdrive(target)
        current = tdrive + sep if tdrive or trest.startswith(sep) else sep
        pending = [c for c in trest.split(sep) if c] + pending
    return links, current


def _resolved_folder(sys_: System, folder: str) -> list[str]:
    """A workspace folder's spellings to compare with: as given, and where it leads."""
    out = []
    s = spelled(sys_, folder)
    if s is not None:
        out.append(s)
        _, end = trail(sys_, s)
        if end is not None:
            out.append(end)
        real = sys_.realpath(s)
        if real:
            out.append(real)
    return out


def reaches(sys_: System, path: str, folders: Iterable[str]) -> str | None:
    """Why `path` is inside, or reached through, one of `folders`; None when it provably is not."""
    folders = [f for f in folders if f]
    if not folders:
        return None
    s = spelled(sys_, path)
    if s is None:
        return f"{path!r} is not an absolute path"
    links, end = trail(sys_, s)
    if end is None:
        return f"{path} goes through a loop of links"
    # realpath too: on Windows it also expands 8.3 short names and follows junctions and mount points.
    real = sys_.realpath(s)
    for folder in folders:
        for f in _resolved_folder(sys_, folder):
            if _within(sys_, s, f):
                return f"{path} is inside the workspace {folder}"
            for link in links:
                if _within(sys_, link, f):
                    return f"{path} goes through {link}, a link inside the workspace {folder}"
            if _within(sys_, end, f) or (real and _within(sys_, real, f)):
                return f"{path} leads into the workspace {folder}"
    return None
