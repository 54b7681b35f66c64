"""One purge at a time per user: a lock file in the user cache folder (purge.default_lock_path)."""

from __future__ import annotations

import os
import threading
import time


class PurgeBusy(Exception):
    def __init__(self, pid: int | None, path: str):
        super().__init__(f"another purge is running (PID {pid}, lock {path})" if pid else
                         f"another purge is running (lock {path})")
        self.pid = pid


class PurgeLock:
    """One purge at a time on this machine: a lock file created with O_CREAT|O_EXCL holding our PID.

    A lock whose PID is not alive is stale (a purge that crashed) and is taken over; an empty or unreadable
    one younger than STALE_UNREADABLE seconds is another purge writing it. Two processes taking over the
    same stale lock at once both re-read it just before removing it, so at most a few microseconds remain
    in which both could win; a purge holds the lock for seconds at least.
    """

    STALE_UNREADABLE = 10.0

    def __init__(self, path: str, ops=None):
        self.path = path
        if ops is None:
            from go_sidecar.fix.purge_ops import FileOps

            ops = FileOps()
        self.ops = ops  # its pid_alive says whether the holder of a lock still runs
        self.held = False
        self._token = ""

    def _read(self) -> str | None:
        try:
            with open(self.path, encoding="ascii", errors="replace") as f:
                return f.read(64)
        except FileNotFoundError:
            return None
        except OSError:
            return ""

    def acquire(self) -> None:
        os.makedirs(os.path.dirname(self.path) or ".", exist_ok=True)
        self._token = f"{os.getpid()} {threading.get_ident()} {time.time():.6f}\n"
        for _ in range(5):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                pass
            else:
                with os.fdopen(fd, "w", encoding="ascii") as f:
                    f.write(self._token)
                self.held = True
                return
            content = self._read()
            if content is None:
                continue  # released meanwhile: try again
            first = content.split()[:1]
            pid = int(first[0]) if first and first[0].isdigit() else None
            if pid is None:
                try:
                    age = time.time() - os.stat(self.path).st_mtime
                except OSError:
                    continue
                if age < self.STALE_UNREADABLE:
                    raise PurgeBusy(None, self.path)
            elif self.ops.pid_alive(pid):
                raise PurgeBusy(pid, self.path)
            if self._read() == content:  # stale: still the same stale content just before we remove it
                try:
                    os.unlink(self.path)
                except FileNotFoundError:
                    pass
        raise PurgeBusy(None, self.path)

    def release(self) -> None:
        if not self.held:
            return
        self.held = False
        if self._read() == self._token:
            try:
                os.unlink(self.path)
            except OSError:
                pass

    def __enter__(self) -> "PurgeLock":
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
