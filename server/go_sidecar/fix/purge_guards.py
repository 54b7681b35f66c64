"""The purge engine's guards: is this folder the cache it claims to be, and may it be touched now?

A root is refused (nothing deleted) when it is a file-system root, the home folder or one of its ancestors,
or holds a project (go.mod, .git, *.go, ...): a GOCACHE set to a project folder gets 00..ff folders from Go
next to the user's own files, and purging "like go clean" there would delete folders that are not Go's.
Otherwise each kind has its own mark: a Go build cache Go's README first line or its 00..ff layout
(probe.caches.looks_like_go_build_cache), a module cache its `cache/download`, a gopls cache the folder name
gopls gives it, a JetBrains system folder `<product><version>` inside a `JetBrains` folder (PathManager.java).
An IDE's folders are refused while that IDE runs (its `<config>/.lock` names a live PID: jetbrains.ide_running).
"""

from __future__ import annotations

import os
import stat
from typing import Protocol

from go_sidecar.probe.cache_records import SELECTOR

GO_BUILD, FUZZ, GOPLS, IDE, IDE_LEFTOVERS, MODCACHE = "go-build", "fuzz", "gopls", "ide", "ide-leftovers", "modcache"
# Things a cache folder never holds and a project folder does: their presence refuses the root.
PROJECT_MARKERS = frozenset(
    {
        "go.mod",
        "go.work",
        "go.sum",
        ".git",
        ".hg",
        ".svn",
        ".bzr",
        ".vscode",
        ".idea",
        "package.json",
        "pyproject.toml",
        "Cargo.toml",
        "Makefile",
        "main.go",
    }
)


class GuardOps(Protocol):
    """What the guards use of the operating system: purge_ops.FileOps (tests inject recorded facts through it)."""

    def lstat(self, path: str) -> os.stat_result: ...
    def is_junction(self, path: str, entry: os.DirEntry[str] | None = None) -> bool: ...
    def mount_points(self) -> frozenset[str]: ...
    def pid_alive(self, pid: int) -> bool: ...
    def port_listening(self, port: int) -> bool | None: ...


def real(path: str) -> str:
    return os.path.normcase(os.path.realpath(path))


def inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip("\\/") + os.sep)


def list_names(path: str) -> list[str]:
    try:
        return os.listdir(path)
    except OSError:
        return []


def _dangerous(root: str, home: str) -> str:
    """Why this folder must never be a purge root, or ""."""
    resolved = real(root)
    if os.path.dirname(resolved) == resolved:
        return f"{root} is the root of a file system"
    if home:
        h = real(home)
        if resolved == h:
            return f"{root} is the home folder"
        if inside(h, resolved):
            return f"{root} holds the home folder"
    return ""


def _project(root: str) -> list[str]:
    names = list_names(root)
    return sorted(n for n in names if n in PROJECT_MARKERS or n.endswith(".go"))


def guard_root(kind: str, root: str, *, home: str = "", selector: str = "") -> str:
    """Why `root` is not the cache it claims to be (a refusal), or "" when it is recognised."""
    if not os.path.isabs(root):
        return f"{root} is not an absolute path"
    if not os.path.isdir(root):
        return f"{root} is not a folder"
    danger = _dangerous(root, home)
    if danger:
        return danger
    project = _project(root)
    if project:
        advice = " (point GOCACHE at a folder of its own)" if kind in (GO_BUILD, FUZZ) else ""
        return f"{root} holds {', '.join(project[:4])}: a project folder, not a cache; nothing deleted{advice}"
    if kind in (GO_BUILD, FUZZ):
        from go_sidecar.probe.caches import looks_like_go_build_cache
        from go_sidecar.probe.system import RealSystem

        if not looks_like_go_build_cache(RealSystem(env={}), root):
            return f"{root} does not look like a Go build cache (no Go README, no 00..ff layout); nothing deleted"
    elif kind == MODCACHE:
        if not os.path.isdir(os.path.join(root, "cache", "download")):
            return f"{root} does not look like a module cache (no cache/download folder); nothing deleted"
    elif kind == GOPLS:
        if os.path.basename(os.path.normpath(root)) != "gopls":
            return f"{root} is not a gopls cache folder (gopls names it `gopls`); nothing deleted"
    elif kind in (IDE, IDE_LEFTOVERS):
        parent, name = os.path.split(os.path.normpath(root))
        if not SELECTOR.match(name) or (selector and name != selector):
            return f"{root} is not named like a GoLand / IntelliJ IDEA version folder; nothing deleted"
        if os.path.basename(parent).lower() != "jetbrains":
            return (
                f"{root} is not in a JetBrains cache folder (moved with idea.system.path?); purge it from the IDE "
                "instead (File | Invalidate Caches); nothing deleted"
            )
    return ""


def ide_running_pid(config: str, system: str, ops: GuardOps) -> int | None:
    """The live PID (or cache_records.PID_UNKNOWN) of the IDE owning these folders, read now; None: not running."""
    if not config and not system:
        return None
    from go_sidecar.probe.jetbrains import ide_running
    from go_sidecar.probe.system import RealSystem

    pid, _ = ide_running(RealSystem(env={}), config, system, ops.pid_alive, ops.port_listening)
    return pid


def running_reason(label: str, pid: int) -> str:
    who = f"PID {pid}" if pid > 0 else "its lock is held"
    return f"{label} is running ({who}): close it first; its caches are never purged while it runs"


# --- the ground a purge stands on: no link, no junction, no other file system --------------------------------
OTHER_FS = "skipped: another file system (a mount point); nothing below it deleted"


class Ground:
    """A cache root (`top`: GOCACHE, GOMODCACHE, the gopls folder, the JetBrains folder) as the purge walks it.

    The one rule of every target kind: from `top` down to whatever is deleted, each folder is entered only when
    it is a real folder (not a symlink, not a junction or other reparse point: FileOps.kind_of) of the same file
    system as `top`. Another file system is a different st_dev, or a mount point listed by the OS (a bind mount
    of the same file system keeps its st_dev). Links *above* `top` (a symlinked XDG_CACHE_HOME or home, macOS's
    /var) are where the user chose to keep caches and are not checked; `top` itself must not be a link, since a
    link there makes the cache somewhere the user never named."""

    def __init__(self, top: str, dev: int, ino: int, mounts: frozenset[str], real_top: str):
        self.top, self.dev, self.ino, self.mounts, self.real_top = top, dev, ino, mounts, real_top

    @property
    def ident(self) -> tuple[int, int]:
        return self.dev, self.ino

    def foreign(self, path: str, st: os.stat_result) -> str:
        """Why the folder at `path` (below top, stat `st`) is on another file system, or ""."""
        if st.st_dev != self.dev:
            return OTHER_FS
        if self.mounts:
            rel = os.path.relpath(path, self.top)
            if rel != "." and os.path.normpath(os.path.join(self.real_top, rel)) in self.mounts:
                return OTHER_FS
        return ""

    def problem(self, path: str, ops: GuardOps) -> str:
        """Why `path` (a folder at or below top) cannot be reached from top without following a link or leaving
        top's file system, or "". Every component is lstat'ed: the check FileOps fakes answer with recorded facts."""
        rel = os.path.relpath(os.path.normpath(path), os.path.normpath(self.top))
        if rel.split(os.sep)[0] == "..":
            return f"{path} is outside {self.top}; nothing deleted"
        cur = self.top
        for name in [] if rel == "." else rel.split(os.sep):
            cur = os.path.join(cur, name)
            try:
                st = ops.lstat(cur)
            except OSError as e:
                return f"{cur}: {e.strerror or e}; nothing deleted"
            why = _not_a_folder(cur, st, ops)
            if why or self.foreign(cur, st):
                return why or f"{cur}: {OTHER_FS}"
        return ""


def _not_a_folder(path: str, st: os.stat_result, ops: GuardOps) -> str:
    if stat.S_ISLNK(st.st_mode) or (stat.S_ISDIR(st.st_mode) and ops.is_junction(path)):
        return f"{path} is a link or junction: the purge never follows one; nothing deleted through it"
    if not stat.S_ISDIR(st.st_mode):
        return f"{path} is not a folder; nothing deleted"
    return ""


def stand(top: str, ops: GuardOps, ident: tuple[int, ...] = ()) -> tuple[Ground | None, str]:
    """The Ground at `top`, or why there is none (top is a link, a junction, not a folder, or not the folder the
    plan saw: `ident` is its (st_dev, st_ino) then)."""
    try:
        st = ops.lstat(top)
    except OSError as e:
        return None, f"{top}: {e.strerror or e}; nothing deleted"
    why = _not_a_folder(top, st, ops)
    if why:
        return None, why
    if ident and tuple(ident) != (st.st_dev, st.st_ino):
        return None, f"{top} was replaced by another folder since the plan; nothing deleted"
    real_top = os.path.realpath(top)
    inner = frozenset(m for m in ops.mount_points() if m != real_top and inside(m, real_top))
    return Ground(top, st.st_dev, st.st_ino, inner, real_top), ""
