"""The one way go-sidecar opens a file to read it: never blocks, reads only regular files, bounded in size.

A cloned repository (or a hostile machine) can put a FIFO, a socket, a device or a folder where a probe expects
launch.json, go.mod, a GOROOT's VERSION, a cache's README or the purge lock; `"envFile": "/dev/stdin"` would make
the server read its own LSP input. A plain `open()` of a FIFO blocks until a writer appears (forever), and a
device such as /dev/zero never ends. So every read goes through `open_regular`:

1. `os.stat` (links followed, as the read would) refuses anything that is not a regular file *before* opening it,
   so no device is ever opened (opening some has side effects);
2. the open itself is non-blocking (`O_NONBLOCK`, `O_NOCTTY`): if the path was swapped for a FIFO between the
   stat and the open, the open still returns at once;
3. `os.fstat` on the opened descriptor checks again, so what is read is what was checked;
4. `read_regular` reads at most `limit` bytes and refuses a larger file with a clear message.

The errors are OSError subclasses (callers already turn OSError into a finding or a message); their text names
the file and what it is.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

MAX_READ = 20 * 1024 * 1024  # no configuration file go-sidecar reads is legitimately larger

_FLAGS = (
    os.O_RDONLY
    | getattr(os, "O_NONBLOCK", 0)
    | getattr(os, "O_NOCTTY", 0)
    | getattr(os, "O_BINARY", 0)
    | getattr(os, "O_CLOEXEC", 0)
)


class NotRegularFile(OSError):
    """The path exists but is a FIFO, socket, device or folder: go-sidecar does not read it."""


class FileTooLarge(OSError):
    """A regular file larger than the reader's bound."""


def kind_of(mode: int) -> str:
    """What a file is, in words, for messages (an lstat mode may be a link)."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISREG(mode):
        return "a regular file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    return "not a regular file"


def _refuse(path: str, mode: int) -> OSError:
    what = kind_of(mode)
    if stat.S_ISDIR(mode):
        return IsADirectoryError(errno.EISDIR, f"{what}, not a file; not read", path)
    return NotRegularFile(errno.EINVAL, f"{what}, not a regular file; not read", path)


def open_regular(path: str) -> BinaryIO:
    """A binary, unbuffered file object for the regular file at `path`, opened without blocking.

    Raises FileNotFoundError, PermissionError, IsADirectoryError, NotRegularFile (all OSError); ValueError for a
    path with a NUL byte (as `open` does)."""
    st = os.stat(path)
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(path, st.st_mode)
    fd = os.open(path, _FLAGS)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the stat and the open
            raise _refuse(path, st.st_mode)
        if getattr(os, "O_NONBLOCK", 0) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # a regular file: reads never block; plain reads are simpler
        return os.fdopen(fd, "rb", buffering=0)
    except BaseException:
        os.close(fd)
        raise


def read_regular(path: str, limit: int = MAX_READ) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` of them; FileTooLarge when there are more."""
    with open_regular(path) as f:
        size = os.fstat(f.fileno()).st_size
        if size > limit:
            raise _too_large(path, limit)
        chunks, total = [], 0
        while total <= limit:  # the file may grow while it is read: never past limit + 1
            chunk = f.read(min(1024 * 1024, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    if total > limit:
        raise _too_large(path, limit)
    return b"".join(chunks)


def _too_large(path: str, limit: int) -> FileTooLarge:
    shown = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit} bytes"
    return FileTooLarge(errno.EFBIG, f"larger than {shown}; not read", path)
