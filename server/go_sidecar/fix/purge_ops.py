"""The purge engine's file-system layer: deleting trees without ever following a link, on every OS.

Everything that differs between operating systems sits behind `FileOps`, so that tests on Linux drive the
Windows behaviours (the read-only attribute, sharing violations, junctions) with injected failures:
- Links (symlinks, and on Windows junctions and other reparse-point folders) are removed as entries; what
  they point to is never entered, listed or changed.
- POSIX: a file's own mode does not matter, its folder's does; folders are made `u+rwx` before their entries
  are removed (the module cache is read-only by design: `go clean -modcache` does the same).
- Windows: a read-only file or folder cannot be deleted (ERROR_ACCESS_DENIED); its read-only attribute is
  cleared and the deletion retried, as Go's os.Remove does. ERROR_SHARING_VIOLATION and ERROR_ACCESS_DENIED
  (a virus scanner or indexer holding a file for a moment) are retried for up to 2 s with a growing random
  sleep, as cmd/go/internal/robustio does (robustio_flaky.go: arbitraryTimeout, nextSleep).
- A file that vanishes while we delete (a build or Go's own trim running) is not an error.
- Errors are collected as "path: message" and never stop the rest.

On POSIX the real `FileOps` takes a descriptor-relative fast path (listdir + unlinkat on an O_NOFOLLOW folder
descriptor, as `rm -r` does: purge_fast.py); any subclass of FileOps goes path by path through its methods, so
an injected failure is always seen. The mount points are read by mounts.py.

Given a purge_guards.Ground (the cache root), the Remover never leaves it: the fast path opens each unit's
folder from the root one O_NOFOLLOW component at a time (a link swapped in after the plan is refused, not
followed), and both paths check every folder they enter for another file system (st_dev, mount points) and
remove nothing below one.
"""

from __future__ import annotations

import errno
import os
import random
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager

from go_sidecar.fix import mounts
from go_sidecar.fix.mounts import parse_mountinfo  # noqa: F401 - re-exported: callers and tests import it here
from go_sidecar.fix.purge_fast import FastRemoval
from go_sidecar.fix.purge_guards import Ground

FILE_ATTRIBUTE_READONLY = 0x1
FILE_ATTRIBUTE_DIRECTORY = 0x10
FILE_ATTRIBUTE_REPARSE_POINT = 0x400  # symlinks, junctions and mount points alike
ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION = 5, 32
RETRY_TIMEOUT = 2.0  # seconds; robustio's arbitraryTimeout
FIRST_SLEEP = 0.001
MAX_ERRORS = 1000  # per target; the count of the rest is reported

FILE, DIR, LINK = "file", "dir", "link"

Listing = AbstractContextManager[Iterator[os.DirEntry[str]]]  # what os.scandir returns, as the engine uses it


def winerror(e: BaseException) -> int | None:
    return getattr(e, "winerror", None)


class FileOps:
    """The operating system as the purge engine uses it. Subclass and override to inject failures."""

    windows = os.name == "nt"
    fast_posix = os.name == "posix"  # subclasses get False unless they say otherwise (see __init_subclass__)

    def __init_subclass__(cls, **kwargs: object) -> None:
        super().__init_subclass__(**kwargs)
        if "fast_posix" not in cls.__dict__:
            cls.fast_posix = False

    # --- reading -----------------------------------------------------------------------------------
    def scandir(self, path: str) -> Listing:
        return os.scandir(path)

    def lstat(self, path: str) -> os.stat_result:
        return os.lstat(path)

    def is_junction(self, path: str, entry: os.DirEntry[str] | None = None) -> bool:
        """A folder that is a reparse point: a junction, a mount point, or a link DirEntry does not call one.
        Only Windows has them; os.path.isjunction is Python 3.12+, and the attribute covers more."""
        if not self.windows:
            return False
        try:
            st = entry.stat(follow_symlinks=False) if entry is not None else os.lstat(path)
        except OSError:
            return False
        return bool(getattr(st, "st_file_attributes", 0) & FILE_ATTRIBUTE_REPARSE_POINT)

    def kind(self, entry: os.DirEntry[str]) -> str:
        try:
            if entry.is_symlink():
                return LINK
            if entry.is_dir(follow_symlinks=False):
                return LINK if self.is_junction(entry.path, entry) else DIR
        except OSError:
            pass
        return FILE

    def kind_of(self, path: str) -> str | None:
        """FILE, DIR or LINK of a path (the last component not followed); None when it does not exist."""
        try:
            st = self.lstat(path)
        except (FileNotFoundError, NotADirectoryError):
            return None
        if stat.S_ISLNK(st.st_mode):
            return LINK
        if stat.S_ISDIR(st.st_mode):
            return LINK if self.is_junction(path) else DIR
        return FILE

    def dir_stat(self, fd: int, path: str) -> os.stat_result:
        """The stat of a folder the fast path opened (`path` names it, for messages and recorded facts)."""
        return os.fstat(fd)

    def mount_points(self) -> frozenset[str]:
        """Every mount point this process sees (mounts.py says where from, and why Linux needs the list)."""
        return mounts.mount_points()

    # --- changing ----------------------------------------------------------------------------------
    def unlink(self, path: str) -> None:
        os.unlink(path)

    def rmdir(self, path: str) -> None:
        os.rmdir(path)

    def remove_link(self, path: str, is_dir: bool) -> None:
        """The link itself. Windows removes a folder link or junction with RemoveDirectory: the entry only."""
        if is_dir and self.windows:
            os.rmdir(path)
        else:
            os.unlink(path)

    def chmod(self, path: str, mode: int) -> None:
        os.chmod(path, mode)

    # --- time and processes -------------------------------------------------------------------------
    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def monotonic(self) -> float:
        return time.monotonic()

    def pid_alive(self, pid: int) -> bool:
        from go_sidecar.probe.processes import pid_alive

        return pid_alive(pid)

    def port_listening(self, port: int) -> bool | None:
        """Whether something listens on this loopback port (an older IDE's single-instance server)."""
        from go_sidecar.probe.processes import port_listening

        return port_listening(port)


def _message(e: OSError) -> str:
    return e.strerror or str(e) or e.__class__.__name__


class Remover(FastRemoval):
    """Deletes entries of one target with the policy above; thread-safe (one Remover per target, shared by the
    pool's workers). `files` counts removed files and links; `errors` holds "path: message". The POSIX fast
    path (`_fast_unit`, `_fast_dir`, `close`) comes from purge_fast.FastRemoval."""

    def __init__(self, ops: FileOps, cancelled: threading.Event | None = None, ground: Ground | None = None):
        self.ops = ops
        self.cancelled = cancelled or threading.Event()
        self.ground = ground  # the cache root every path is below: nothing is entered off it
        self._local = threading.local()  # fast path: each worker's last parent folder descriptor, reused
        self._open_fds: set[int] = set()
        self._lock = threading.Lock()
        self.files = 0
        self.errors: list[str] = []
        self.more_errors = 0
        self.sep = "\\" if ops.windows else "/"

    # --- bookkeeping --------------------------------------------------------------------------------
    def _count(self, n: int) -> None:
        if n:
            with self._lock:
                self.files += n

    def error(self, path: str, e: OSError | str) -> None:
        text = f"{path}: {e if isinstance(e, str) else _message(e)}"
        with self._lock:
            if len(self.errors) < MAX_ERRORS:
                self.errors.append(text)
            else:
                self.more_errors += 1

    @property
    def failed(self) -> bool:
        return bool(self.errors)

    # --- the retry and read-only policy --------------------------------------------------------------
    def _robust(self, fn: Callable[[str], None], path: str) -> None:
        """fn(path), retrying Windows' transient errors for up to RETRY_TIMEOUT (robustio)."""
        delay, start = FIRST_SLEEP, None
        while True:
            try:
                fn(path)
                return
            except FileNotFoundError:
                raise
            except OSError as e:
                if not (self.ops.windows and winerror(e) in (ERROR_ACCESS_DENIED, ERROR_SHARING_VIOLATION)):
                    raise
                now = self.ops.monotonic()
                if start is None:
                    start = now
                elif now - start + delay >= RETRY_TIMEOUT:
                    raise
                self.ops.sleep(delay)
                delay += random.random() * delay

    def _clear_readonly(self, path: str) -> bool:
        """Windows: clear the read-only attribute (os.chmod with S_IWRITE does exactly that there)."""
        try:
            st = self.ops.lstat(path)
        except OSError:
            return False
        readonly = not (st.st_mode & stat.S_IWRITE) or getattr(st, "st_file_attributes", 0) & FILE_ATTRIBUTE_READONLY
        if not readonly:
            return False
        self.ops.chmod(path, stat.S_IMODE(st.st_mode) | stat.S_IWRITE)
        return True

    def _with_readonly(self, op: Callable[[str], None]) -> Callable[[str], None]:
        def attempt(path: str) -> None:
            try:
                op(path)
            except OSError as e:
                if self.ops.windows and winerror(e) == ERROR_ACCESS_DENIED and self._clear_readonly(path):
                    op(path)
                else:
                    raise

        return attempt

    def _make_writable(self, path: str) -> None:
        """POSIX: a folder's entries can be removed only when it is writable (and searchable, listable)."""
        if self.ops.windows:
            return
        try:
            mode = stat.S_IMODE(self.ops.lstat(path).st_mode)
            if mode & 0o700 != 0o700:
                self.ops.chmod(path, mode | 0o700)
        except FileNotFoundError:
            pass
        except OSError as e:
            self.error(path, e)

    def make_writable(self, path: str) -> None:
        self._make_writable(path)

    # --- path by path (any OS, and every injected FileOps) -------------------------------------------
    def remove(self, path: str, kind: str | None = None) -> bool:
        """Remove one entry whatever it is; True when it is gone. A link is removed, never followed."""
        if self.cancelled.is_set():
            return False
        if self.ground is not None:
            if self.ops.fast_posix:
                return self._fast_unit(path)
            why = self.ground.problem(os.path.dirname(path), self.ops)  # again, just before: links swap
            if why:
                self.error(path, why)
                return False
        if kind is None:
            try:
                kind = self.ops.kind_of(path)
            except OSError as e:
                self.error(path, e)
                return False
            if kind is None:
                return True
        if kind == DIR:
            if self.ops.fast_posix:
                return self._fast_dir(path)
            return self._remove_dir(path)
        if kind == LINK:
            return self._remove_file(path, link_dir=self._is_dir_link(path))
        return self._remove_file(path)

    def _is_dir_link(self, path: str) -> bool:
        if not self.ops.windows:
            return False
        try:
            st = self.ops.lstat(path)  # the link's own attributes: a folder link carries the folder bit
        except OSError:
            return False
        return stat.S_ISDIR(st.st_mode) or bool(getattr(st, "st_file_attributes", 0) & FILE_ATTRIBUTE_DIRECTORY)

    def _remove_file(self, path: str, link_dir: bool | None = None) -> bool:
        if link_dir is None:
            op = self._with_readonly(self.ops.unlink)
        else:

            def op(p: str) -> None:
                self.ops.remove_link(p, link_dir)

            op = self._with_readonly(op)
        try:
            self._robust(op, path)
        except FileNotFoundError:  # gone already (a build or Go's trim running): nothing to do
            return True
        except OSError as e:
            self.error(path, e)
            return False
        self._count(1)
        return True

    def _remove_dir(self, path: str) -> bool:
        if self.ground is not None:
            try:
                why = self.ground.foreign(path, self.ops.lstat(path))
            except FileNotFoundError:
                return True
            except OSError as e:
                why = _message(e)
            if why:
                self.error(path, why)
                return False
        self._make_writable(path)
        try:
            with self.ops.scandir(path) as it:
                entries = list(it)  # listed first: Windows does not promise a stable listing while deleting
        except FileNotFoundError:
            return True
        except NotADirectoryError:  # replaced by a file meanwhile
            return self.remove(path)
        except OSError as e:
            self.error(path, e)
            return False
        ok = True
        for entry in entries:
            if self.cancelled.is_set():
                return False
            kind = self.ops.kind(entry)
            if kind == DIR:
                ok = self._remove_dir(entry.path) and ok
            elif kind == LINK:
                ok = self._remove_file(entry.path, link_dir=self._is_dir_link(entry.path)) and ok
            else:
                ok = self._remove_file(entry.path) and ok
        return self._rmdir(path) if ok else False

    def _rmdir(self, path: str) -> bool:
        try:
            self._robust(self._with_readonly(self.ops.rmdir), path)
        except FileNotFoundError:
            return True
        except OSError as e:
            if e.errno in (errno.ENOTEMPTY, errno.EEXIST):
                self.error(path, "not empty: something wrote into it during the purge")
            else:
                self.error(path, e)
            return False
        return True

    def remove_empty_dir(self, path: str) -> None:
        """A folder whose entries the pool removed. Not empty because one of them failed: that one is reported."""
        try:
            self._robust(self._with_readonly(self.ops.rmdir), path)
        except FileNotFoundError:
            pass
        except OSError as e:
            if e.errno in (errno.ENOTEMPTY, errno.EEXIST) or winerror(e) == 145:  # ERROR_DIR_NOT_EMPTY
                if not self.failed:
                    self.error(path, "not empty: something wrote into it during the purge")
            else:
                self.error(path, e)
