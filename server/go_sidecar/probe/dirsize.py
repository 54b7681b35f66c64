"""How many files and bytes a cache folder holds: measured without following links, cached, incremental.

A folder's modification time changes when an entry is added, removed or renamed in it, not when a file
inside grows. Go's build cache only ever adds and removes entries (its `-a` files are rewritten at their
fixed size), so after one build a re-measure needs to re-read only the `00`..`ff` subfolders whose mtime
moved; its top-level files (`trim.txt`, `log.txt`) change in place and are re-read every time. Other trees
(module cache, gopls, IDE folders) get the same per-folder treatment; a file that grows in place there (a
running IDE's index) is seen when its folder next changes, so a purge plan should call `measure()`, which
keeps no state.

Counting: every non-folder entry is a file (a link is one entry, never entered); bytes are apparent sizes
(`st_size`), as file managers and `go clean` report them, the same on every OS.

Racy mtimes: a folder changed within `slack` seconds of a measurement may change again within the same
clock tick (or the 1-2 s granularity of FAT and HFS+) without its mtime moving, so it is not trusted by the
next re-measure (git's "racily clean" rule).
"""

from __future__ import annotations

import os
import stat
import sys
import time
from collections.abc import Callable
from typing import Protocol

from go_sidecar.fsread import read_regular

# A Go action entry (`<hex>-a`) is "v1 <64 hex> <64 hex> <20-digit size> <20-digit time>\n", written and
# rewritten at exactly this size (cmd/go/internal/cache: entrySize); any other size is a miss to Go.
GO_ACTION_ENTRY_SIZE = 2 + 1 + 64 + 1 + 64 + 1 + 20 + 1 + 20 + 1
_HEX = frozenset("0123456789abcdef")
_WINDOWS = os.name == "nt"
_REPARSE_POINT = 0x400  # FILE_ATTRIBUTE_REPARSE_POINT: symlinks and junctions alike
_ROOT_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_DIR_FLAGS = _ROOT_FLAGS | getattr(os, "O_NOFOLLOW", 0)  # below the root, a link is never opened as a folder
_CHECK_EVERY = 4096  # entries between cancellation checks inside one big folder
_PROGRESS_EVERY = 0.1  # seconds between progress reports
MAX_ROOTS = 64  # roots remembered by one SizeCache (least recently measured dropped first)
SIZES_MAX_READ = 8 * 1024 * 1024  # a saved SizeCache far larger than 64 roots can need is not ours: ignored

Progress = Callable[[int, int], None]  # (files, bytes) so far


class Flag(Protocol):
    """What a cancel flag offers (threading.Event is one)."""

    def is_set(self) -> bool: ...


Cancel = Callable[[], bool] | Flag  # a callable returning True to stop, or a flag set to stop


class MeasureCancelled(Exception):
    """Raised by measure() when its `cancel` says so; nothing is remembered of the partial walk."""


def _cancel_check(cancel: Cancel | None) -> Callable[[], bool] | None:
    """`cancel` is a callable returning True to stop, or an object with `is_set()` (threading.Event)."""
    if cancel is None:
        return None
    return cancel.is_set if hasattr(cancel, "is_set") else cancel


def _two_hex(name: str) -> bool:
    return len(name) == 2 and name[0] in _HEX and name[1] in _HEX


def _is_link(entry: os.DirEntry[str]) -> bool:
    if entry.is_symlink():
        return True
    # _WINDOWS, spelled so that mypy knows st_file_attributes is there. A junction is not a symlink to DirEntry,
    # but is a reparse point: never entered.
    if sys.platform == "win32":
        try:
            return bool(entry.stat(follow_symlinks=False).st_file_attributes & _REPARSE_POINT)
        except (OSError, AttributeError):
            return False
    return False


def _scan(
    path: str, fixed_a: bool, cancelled: Callable[[], bool] | None, root: bool = False
) -> tuple[int, int, list[tuple[str, int]]]:
    """One folder's own files and bytes, and its subfolders as (name, mtime_ns). Links are files here."""
    files = size = 0
    subs: list[tuple[str, int]] = []
    if _WINDOWS:
        opened = None
        it = os.scandir(path)
    else:
        # Entries are stat'ed relative to the folder's descriptor (fstatat), as du does: no path walk each.
        opened = os.open(path, _ROOT_FLAGS if root else _DIR_FLAGS)
        it = os.scandir(opened)
    try:
        with it:
            n = 0
            for e in it:
                n += 1
                if cancelled is not None and n % _CHECK_EVERY == 0 and cancelled():
                    raise MeasureCancelled(path)
                try:
                    if e.is_dir(follow_symlinks=False) and not (_WINDOWS and _is_link(e)):
                        subs.append((e.name, e.stat(follow_symlinks=False).st_mtime_ns))
                        continue
                    files += 1
                    if fixed_a and e.name.endswith("-a") and not e.is_symlink():
                        size += GO_ACTION_ENTRY_SIZE
                    else:
                        size += e.stat(follow_symlinks=False).st_size
                except FileNotFoundError:  # removed while we read the folder (a build or trim running)
                    continue
    finally:
        if opened is not None:
            os.close(opened)
    return files, size, subs


def _mtime_ns(path: str, follow: bool) -> int | None:
    """The folder's mtime, or None when it is not a folder (or is a link and links are not followed)."""
    try:
        st = os.stat(path, follow_symlinks=follow)
    except (OSError, ValueError):
        return None
    if not stat.S_ISDIR(st.st_mode):
        return None
    if _WINDOWS and not follow and getattr(st, "st_file_attributes", 0) & _REPARSE_POINT:
        return None
    return st.st_mtime_ns


class SizeCache:
    """Sizes of folder trees, remembered per folder so that a re-measure re-reads only what changed.

    State per root is a dict: relative folder path -> (mtime_ns or -1 when not trusted, own files, own
    bytes, subfolder names). A measure builds a fresh dict and swaps it in whole, so measures of different
    roots may run on different threads without a lock. `load`/`save` keep it across processes (a cold
    `sidecar check` then re-reads only what changed since the last one).
    """

    def __init__(self, slack: float = 2.0):
        self.slack_ns = int(slack * 1e9)
        self._roots: dict[str, dict[str, tuple[int, int, int, tuple[str, ...]]]] = {}
        self.rescanned: list[str] = []  # folders read (not reused) by the last measure: for tests and benches
        self.dirty = False  # something changed since load/save

    @staticmethod
    def _key(path: str, kind: str) -> str:
        return f"{kind}\x00{path}"

    def measure(
        self, path: str, kind: str, progress: Progress | None = None, cancel: Cancel | None = None
    ) -> tuple[int, int]:
        """(files, bytes) under `path`, never following a link below it (`path` itself may be one)."""
        cancelled = _cancel_check(cancel)
        key = self._key(path, kind)
        old = self._roots.get(key, {})
        new: dict[str, tuple[int, int, int, tuple[str, ...]]] = {}
        rescanned: list[str] = []
        trusted_before = time.time_ns() - self.slack_ns
        root_mtime = _mtime_ns(path, follow=True)
        if root_mtime is None:
            if old:
                self._roots.pop(key, None)
                self.dirty = True
            return 0, 0
        go_build = kind == "go-build"
        total_files = total_bytes = 0
        last_report = time.monotonic()
        sep = "\\" if _WINDOWS else "/"
        stack: list[tuple[str, int]] = [("", root_mtime)]
        while stack:
            rel, mtime = stack.pop()
            if cancelled is not None and cancelled():
                raise MeasureCancelled(path)
            full = path if not rel else path.rstrip("\\/") + sep + rel
            prev = old.get(rel)
            # The top of a Go build cache is always re-read: trim.txt and log.txt change in place.
            if prev is not None and prev[0] == mtime and not (go_build and not rel):
                files, size, names = prev[1], prev[2], prev[3]
                subs = []
                for name in names:
                    child = _mtime_ns(full + sep + name, follow=False)
                    if child is not None:  # gone or replaced by a link: its parent's mtime moved too
                        subs.append((name, child))
            else:
                try:
                    files, size, subs = _scan(full, go_build and _two_hex(rel), cancelled, root=not rel)
                except MeasureCancelled:
                    raise
                except OSError:  # vanished or unreadable: counted as empty, read again next time
                    files, size, subs = 0, 0, []
                    mtime = -1
                rescanned.append(rel)
                names = tuple(n for n, _ in subs)
            new[rel] = (mtime if 0 <= mtime < trusted_before else -1, files, size, names)
            total_files += files
            total_bytes += size
            for name, child_mtime in subs:
                stack.append((rel + sep + name if rel else name, child_mtime))
            if progress is not None and time.monotonic() - last_report >= _PROGRESS_EVERY:
                last_report = time.monotonic()
                progress(total_files, total_bytes)
        if progress is not None:
            progress(total_files, total_bytes)
        if new != old:
            self.dirty = True
        self._roots.pop(key, None)
        self._roots[key] = new  # most recently measured last
        while len(self._roots) > MAX_ROOTS:
            del self._roots[next(iter(self._roots))]
            self.dirty = True
        self.rescanned = rescanned
        return total_files, total_bytes

    # --- persistence ----------------------------------------------------------------------------------
    def load(self, file: str) -> None:
        """Merge what `save` wrote; a missing, unreadable or foreign file is ignored (it is only a cache)."""
        import json  # here: the check path imports json only when it needs it

        try:
            data = json.loads(read_regular(file, SIZES_MAX_READ))  # a FIFO or device there: ignored, not waited on
            if data.get("version") != 1 or data.get("slack_ns") != self.slack_ns:
                return
            for key, dirs in data["roots"].items():
                if key not in self._roots:
                    self._roots[key] = {rel: (int(v[0]), int(v[1]), int(v[2]), tuple(v[3])) for rel, v in dirs.items()}
        except (OSError, ValueError, TypeError, KeyError, IndexError, AttributeError):
            return
        self.dirty = False

    def save(self, file: str) -> None:
        """Write atomically (a temporary file renamed over the old one); failures are ignored."""
        if not self.dirty:
            return
        import _thread
        import json

        snapshot = dict(self._roots)  # each root's dict is replaced whole, never mutated: a safe copy
        payload = {
            "version": 1,
            "slack_ns": self.slack_ns,
            "roots": {k: {rel: list(v) for rel, v in dirs.items()} for k, dirs in snapshot.items()},
        }
        tmp = f"{file}.{os.getpid()}-{_thread.get_ident()}.tmp"  # two checks may save at once
        try:
            os.makedirs(os.path.dirname(file), exist_ok=True)
            # O_EXCL: never opens what already sits at this name (a FIFO there would block a plain open).
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(payload, f, separators=(",", ":"))
            os.replace(tmp, file)
            self.dirty = False
        except OSError:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def measure(path: str, kind: str, progress: Progress | None = None, cancel: Cancel | None = None) -> tuple[int, int]:
    """(files, bytes) under `path` from a full walk that remembers nothing; links are never followed."""
    return SizeCache().measure(path, kind, progress, cancel)
