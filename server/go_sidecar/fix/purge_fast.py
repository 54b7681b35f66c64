"""The purge engine's POSIX fast path: descriptor-relative deletion, as `rm -r` does it.

A folder is opened with O_NOFOLLOW | O_DIRECTORY, listed once and its names removed with unlinkat on that
descriptor; a name unlinkat refuses as a folder is opened from the same descriptor and emptied the same way.
Below an open folder no path is resolved again, so a link swapped in meanwhile is removed as an entry
(ELOOP / ENOTDIR: the entry itself goes), never followed. Only a folder we may not read or search (EACCES)
goes to the Remover's path-by-path `_remove_dir`, which makes it writable and checks it against the Ground.

Given a purge_guards.Ground, each unit of the pool is reached from the cache root one O_NOFOLLOW component at a
time (a link on the way is refused, not followed), the root must still be the folder the plan saw (st_dev and
st_ino), and every folder opened on the way or entered below is checked for another file system
(Ground.foreign: st_dev, mount points); nothing below one is removed.

`FastRemoval` is a part of purge_ops.Remover, kept here so the portable policy (retries, read-only attributes,
path-by-path removal for injected FileOps) reads apart from the descriptor handling. It uses the Remover's
`ops`, `ground`, `cancelled`, `_lock`, `_local`, `_open_fds`, `error`, `_count`, `_remove_file`, `_remove_dir`
and `_rmdir`.
"""

from __future__ import annotations

import errno
import os
import stat
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from go_sidecar.fix.purge_guards import Ground
    from go_sidecar.fix.purge_ops import FileOps

_FLUSH_EVERY = 256  # files counted locally before the shared counter is updated
_DIR_FLAGS = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


class FastRemoval:
    """The descriptor-relative methods of purge_ops.Remover (POSIX, the real FileOps only: `ops.fast_posix`)."""

    # What it uses of the Remover, which sets these in its __init__ and defines the methods below.
    ops: FileOps
    ground: Ground | None
    cancelled: threading.Event
    _lock: threading.Lock
    _local: threading.local
    _open_fds: set[int]

    if TYPE_CHECKING:

        def error(self, path: str, e: OSError | str) -> None: ...
        def _count(self, n: int) -> None: ...
        def _remove_file(self, path: str, link_dir: bool | None = None) -> bool: ...
        def _remove_dir(self, path: str) -> bool: ...
        def _rmdir(self, path: str) -> bool: ...

    # --- descriptor-relative, like rm -r --------------------------------------------------------------
    def _fast_dir(self, path: str) -> bool:
        try:
            fd = os.open(path, _DIR_FLAGS)
        except FileNotFoundError:
            return True
        except OSError as e:
            if e.errno in (errno.ELOOP, errno.ENOTDIR):  # became a link or a file since it was classified
                return self._remove_file(path)
            if e.errno == errno.EACCES:  # a folder without r or x for us: the careful path makes it writable
                return self._remove_dir(path)
            self.error(path, e)
            return False
        try:
            ok = self._fast_contents(fd, path)
        finally:
            os.close(fd)
        return self._rmdir(path) if ok else False

    def _fast_contents(self, fd: int, path: str) -> bool:
        try:
            st = self.ops.dir_stat(fd, path)
            why = self.ground.foreign(path, st) if self.ground is not None else ""
            if why:
                self.error(path, why)
                return False
            if st.st_mode & 0o700 != 0o700:
                # fchmod (os.chmod on a descriptor), spelled so on every OS: os.fchmod is POSIX-only before 3.13.
                os.chmod(fd, stat.S_IMODE(st.st_mode) | 0o700)
            names = os.listdir(fd)
        except OSError as e:
            self.error(path, e)
            return False
        ok = True
        unlink = os.unlink
        for start in range(0, len(names), _FLUSH_EVERY):
            if self.cancelled.is_set():
                return False
            chunk = names[start : start + _FLUSH_EVERY]
            misses = 0  # the happy path is one unlinkat per name and nothing else: counted per chunk
            for name in chunk:
                try:
                    unlink(name, dir_fd=fd)  # a file or a link: the entry itself
                    continue
                except FileNotFoundError:  # gone meanwhile: not ours to count
                    misses += 1
                    continue
                except IsADirectoryError:  # Linux's answer for a folder
                    pass
                except PermissionError as e:  # macOS's answer for a folder; or a real refusal
                    if not self._is_dir_at(fd, name):
                        misses += 1
                        ok = False
                        self.error(path + "/" + name, e)
                        continue
                except OSError as e:
                    misses += 1
                    ok = False
                    self.error(path + "/" + name, e)
                    continue
                misses += 1
                ok = self._fast_subdir(fd, name, path + "/" + name) and ok
            self._count(len(chunk) - misses)
        return ok

    @staticmethod
    def _is_dir_at(fd: int, name: str) -> bool:
        try:
            return stat.S_ISDIR(os.stat(name, dir_fd=fd, follow_symlinks=False).st_mode)
        except OSError:
            return False

    def _fast_subdir(self, parent: int, name: str, path: str) -> bool:
        try:
            fd = os.open(name, _DIR_FLAGS, dir_fd=parent)
        except FileNotFoundError:
            return True
        except OSError as e:
            if e.errno in (errno.ELOOP, errno.ENOTDIR):  # became a link or a file: the entry itself goes
                return self._unlink_at(parent, name, path)
            if e.errno == errno.EACCES:
                return self._remove_dir(path)
            self.error(path, e)
            return False
        try:
            ok = self._fast_contents(fd, path)
        finally:
            os.close(fd)
        if not ok:
            return False
        try:
            os.rmdir(name, dir_fd=parent)
        except FileNotFoundError:
            pass
        except OSError as e:
            self.error(path, "not empty: something wrote into it during the purge" if e.errno == errno.ENOTEMPTY else e)
            return False
        return True

    def _unlink_at(self, parent: int, name: str, path: str) -> bool:
        try:
            os.unlink(name, dir_fd=parent)
        except FileNotFoundError:
            return True
        except OSError as e:
            self.error(path, e)
            return False
        self._count(1)
        return True

    # --- POSIX fast path from the cache root: no ancestor is a name to follow ---------------------------
    def _open_parent(self, path: str) -> tuple[int, str]:
        """(descriptor of `path`'s folder, `path`'s name), opened from the root one O_NOFOLLOW component at a
        time, each checked for another file system. Raises OSError (ELOOP: a link on the way) or ValueError."""
        g = self.ground
        if g is None:  # the Remover takes this path only with a Ground
            raise ValueError("no cache root to reach it from; nothing deleted")
        rel = os.path.relpath(path, g.top).split(os.sep)
        if rel[0] in (".", ".."):
            raise ValueError(f"not below {g.top}; nothing deleted")
        fd = os.open(g.top, _DIR_FLAGS)
        try:
            st = self.ops.dir_stat(fd, g.top)
            if (st.st_dev, st.st_ino) != g.ident:
                raise ValueError(f"{g.top} was replaced by another folder since the plan; nothing deleted")
            cur = g.top
            for name in rel[:-1]:
                cur = os.path.join(cur, name)
                child = os.open(name, _DIR_FLAGS, dir_fd=fd)
                os.close(fd)
                fd = child
                why = g.foreign(cur, self.ops.dir_stat(fd, cur))
                if why:
                    raise ValueError(f"{cur}: {why}")
            return fd, rel[-1]
        except BaseException:
            os.close(fd)
            raise

    def _parent(self, path: str) -> tuple[int, str]:
        """_open_parent, reusing this worker's descriptor when the previous unit had the same folder (units come
        in listing order). An open descriptor is the folder itself: a link swapped in later cannot redirect it."""
        key, last = os.path.dirname(path), getattr(self._local, "parent", None)
        if last is not None and last[0] == key:
            return last[1], os.path.basename(path)
        fd, name = self._open_parent(path)
        with self._lock:
            if last is not None:
                self._open_fds.discard(last[1])
                os.close(last[1])
            self._open_fds.add(fd)
        self._local.parent = (key, fd)
        return fd, name

    def close(self) -> None:
        """Close the descriptors the workers kept (call once every unit is done)."""
        with self._lock:
            for fd in self._open_fds:
                os.close(fd)
            self._open_fds.clear()
        self._local = threading.local()

    def _fast_unit(self, path: str) -> bool:
        """One unit of the pool (a file, a link or a folder below the root), reached without following a name."""
        try:
            parent, name = self._parent(path)
        except FileNotFoundError:
            return True
        except ValueError as e:
            self.error(path, str(e))
            return False
        except OSError as e:
            linked = e.errno in (errno.ELOOP, errno.ENOTDIR)
            self.error(
                path,
                "a folder on its way is a link (or no longer a folder): never followed; not deleted" if linked else e,
            )
            return False
        try:
            os.unlink(name, dir_fd=parent)
            self._count(1)
            return True
        except FileNotFoundError:
            return True
        except IsADirectoryError:
            pass
        except PermissionError as e:
            if not self._is_dir_at(parent, name):
                self.error(path, e)
                return False
        except OSError as e:
            self.error(path, e)
            return False
        return self._fast_subdir(parent, name, path)
