"""One purge at a time per user: a lock file in the user cache folder (purge.default_lock_path).

The one rule for whatever stands at the lock path: a sidecar holds the lock only through a *regular file* that it
created itself (O_CREAT|O_EXCL|O_NOFOLLOW) and that names a live process ("PID TID TIME\\n", written at once).
- A regular file naming a live PID: held (PurgeBusy).
- A regular file that is empty, holds only digits (a PID without the space that always follows it) or cannot be
  read: maybe being written right now; held until STALE_UNREADABLE seconds after its last change, then stale.
- Everything else cannot be held by a live sidecar and is stale: a regular file naming a dead PID or holding
  anything that is not a PID (garbage), and anything that is not a regular file: a symbolic link (dangling or
  not), a FIFO, a socket, a device, a folder (or a Windows junction, which lstat reports as one).

Taking over a stale lock removes the entry itself, never what it leads to: `os.unlink` for a file, a link (never
followed: its target stays as it is) or a FIFO (never opened: nothing blocks), `os.rmdir` for an empty folder.
A folder with entries in it is refused with a message that says so (LockInTheWay): emptying it would delete
files that are in no cache target, and the purge deletes nothing outside its targets. Every read goes through
fsread.read_regular (non-blocking, regular files only, bounded).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple, Self

from go_sidecar.fsread import FileTooLarge, kind_of, read_regular

if TYPE_CHECKING:
    from go_sidecar.fix.purge_ops import FileOps

_CREATE = (
    os.O_CREAT
    | os.O_EXCL
    | os.O_WRONLY
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_NOINHERIT", 0)
)
_MAX_LOCK = 256  # a token is about 40 bytes: anything longer is not a lock we wrote
_PID = re.compile(rb"\s*(\d+)\s")
_DIGITS = re.compile(rb"\s*\d*")

HELD, WRITING, STALE = "held", "being written", "stale"


class PurgeBusy(Exception):
    def __init__(self, pid: int | None, path: str):
        super().__init__(
            f"another purge is running (PID {pid}, lock {path})" if pid else f"another purge is running (lock {path})"
        )
        self.pid = pid


class LockInTheWay(OSError):
    """A folder with entries in it stands where the lock file goes: not ours to empty."""

    def __str__(self) -> str:  # the callers name the path already
        return self.strerror or super().__str__()


class Seen(NamedTuple):
    """What stood at the lock path at one moment: compared again just before removing it."""

    mode: int
    dev: int
    ino: int
    mtime_ns: int
    content: bytes | None  # a regular file's first bytes; None when it is not one or cannot be read


def look(path: str) -> Seen | None:
    """What is at `path`, without following a link or opening anything but a regular file; None: nothing."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    content = None
    if stat.S_ISREG(st.st_mode):
        try:
            content = read_regular(path, limit=_MAX_LOCK)
        except FileNotFoundError:
            return None
        except FileTooLarge:
            content = b"\0 too large"  # garbage: no token is that long
        except OSError:  # unreadable, or swapped for something else meanwhile (the next look will differ)
            content = None
    return Seen(st.st_mode, st.st_dev, st.st_ino, st.st_mtime_ns, content)


def verdict(
    seen: Seen, now: float, pid_alive: Callable[[int], bool], stale_after: float
) -> tuple[str, int | None, str]:
    """(HELD | WRITING | STALE, the holder's PID if known, what it is in words). Pure: the one rule above."""
    if not stat.S_ISREG(seen.mode):
        return STALE, None, kind_of(seen.mode)
    content = seen.content
    if content is not None:
        m = _PID.match(content)
        if m:
            pid = int(m.group(1))
            return (HELD, pid, f"PID {pid} runs") if pid_alive(pid) else (STALE, pid, f"PID {pid} is gone")
        if _DIGITS.fullmatch(content) is None:
            return STALE, None, "not a purge lock (garbage)"
    if now - seen.mtime_ns / 1e9 < stale_after:  # empty, a PID half written, or unreadable: maybe being written
        return WRITING, None, "being written"
    return STALE, None, "empty or unreadable for too long"


def remove_stale(path: str, seen: Seen) -> None:
    """Remove the entry itself: unlink never follows a link nor opens a FIFO; rmdir removes only an empty folder
    (or a Windows junction itself)."""
    try:
        if stat.S_ISDIR(seen.mode):
            os.rmdir(path)
        else:
            os.unlink(path)
    except FileNotFoundError:
        pass
    except OSError as e:
        if stat.S_ISDIR(seen.mode) and e.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise LockInTheWay(
                errno.ENOTEMPTY,
                "a folder with entries in it stands where the purge lock goes; "
                "go-sidecar removes only an empty one: move it away to purge",
                path,
            ) from e
        raise


class PurgeLock:
    """One purge at a time on this machine: a lock file created with O_CREAT|O_EXCL|O_NOFOLLOW holding our PID.

    What is at the lock path is judged by `verdict` (the module's one rule); a stale lock is taken over by
    `remove_stale`. Two processes taking over the same stale lock at once both look at it again just before
    removing it (same inode, mode, time and content), so at most a few microseconds remain in which both could
    win; a purge holds the lock for seconds at least.
    """

    STALE_UNREADABLE = 10.0

    def __init__(self, path: str, ops: FileOps | None = None) -> None:
        self.path = path
        if ops is None:
            from go_sidecar.fix.purge_ops import FileOps

            ops = FileOps()
        self.ops = ops  # its pid_alive says whether the holder of a lock still runs
        self.held = False
        self._token = ""
        self._id: tuple[int, int] = (0, 0)

    def _create(self) -> bool:
        try:
            fd = os.open(self.path, _CREATE, 0o644)
        except FileExistsError:  # anything at all: a file, a link (even dangling), a FIFO, a folder
            return False
        try:
            os.write(fd, self._token.encode("ascii"))  # one write: a reader sees nothing or the whole token
            st = os.fstat(fd)
        except BaseException:
            os.close(fd)
            with contextlib.suppress(OSError):
                os.unlink(self.path)  # a half-made lock would hold every purge off for STALE_UNREADABLE
            raise
        os.close(fd)
        self._id = (st.st_dev, st.st_ino)
        return True

    def acquire(self) -> None:
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self._token = f"{os.getpid()} {threading.get_ident()} {time.time():.6f}\n"
        for _ in range(5):
            if self._create():
                self.held = True
                return
            seen = look(self.path)
            if seen is None:
                continue  # released meanwhile: try again
            state, pid, _ = verdict(seen, time.time(), self.ops.pid_alive, self.STALE_UNREADABLE)
            if state != STALE:
                raise PurgeBusy(pid, self.path)
            if look(self.path) == seen:  # still the same stale thing just before we remove it
                remove_stale(self.path, seen)
        raise PurgeBusy(None, self.path)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        seen = look(self.path)
        if (
            seen is not None
            and stat.S_ISREG(seen.mode)
            and (seen.dev, seen.ino) == self._id
            and seen.content == self._token.encode("ascii")
        ):
            try:
                os.unlink(self.path)
            except OSError:
                pass

    def __enter__(self) -> Self:
        self.acquire()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
