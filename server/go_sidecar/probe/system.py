"""The machine as the probes see it: environment, home, OS conventions and a read-only file system view.

Probes talk to a `System` instead of `os` so that tests on Linux can drive them with a Windows or macOS
machine's facts (`go_sidecar.testing.FakeSystem`). Nothing here executes anything.
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Mapping
from typing import Protocol

from go_sidecar import fsread
from go_sidecar.fsread import MAX_READ
from go_sidecar.model import Host
from go_sidecar.probe.registry import Registry, real_registry

_ARCH = {
    "x86_64": "amd64",
    "amd64": "amd64",
    "x64": "amd64",
    "aarch64": "arm64",
    "arm64": "arm64",
    "armv8l": "arm64",
    "i386": "386",
    "i686": "386",
    "x86": "386",
    "armv7l": "arm",
    "armv6l": "arm",
    "arm": "arm",
    "riscv64": "riscv64",
    "ppc64le": "ppc64le",
    "s390x": "s390x",
    "loongarch64": "loong64",
}


def go_os(platform_name: str = sys.platform) -> str:
    if platform_name.startswith("win"):
        return "windows"
    if platform_name == "darwin":
        return "darwin"
    if platform_name.startswith("freebsd"):
        return "freebsd"
    return "linux"


def go_arch(machine: str | None = None) -> str:
    if machine is None:
        # os.uname is what platform.machine() reads on Unix, without importing platform (a cold-start cost).
        machine = os.uname().machine if hasattr(os, "uname") else os.environ.get("PROCESSOR_ARCHITECTURE", "")
    machine = machine.lower()
    return _ARCH.get(machine, machine)


class PathModule(Protocol):
    """What the probes use of a path module: ntpath and posixpath both are one (as modules, checked by mypy)."""

    __name__: str

    def normpath(self, path: str, /) -> str: ...
    def join(self, a: str, /, *paths: str) -> str: ...
    def dirname(self, p: str, /) -> str: ...
    def basename(self, p: str, /) -> str: ...
    def splitdrive(self, p: str, /) -> tuple[str, str]: ...


class Paths:
    """Path strings in the machine's syntax, over its path module (`paths`: ntpath or posixpath).

    Plain strings rather than pathlib's pure paths: importing pathlib (urllib.parse, ipaddress) costs a cold
    `sidecar check` several milliseconds, and the probes want strings anyway. Every result is normalised like
    `os.path.normpath`, without touching the disk. RealSystem and FakeSystem set `paths`.
    """

    paths: PathModule

    def norm(self, path: str) -> str:
        return self.paths.normpath(path)

    def join(self, first: str, *rest: str) -> str:
        m = self.paths
        return m.normpath(m.join(first, *rest))

    def parent(self, path: str) -> str:
        """The containing folder; "." for a bare name, the root for the root (as PurePath.parent)."""
        m = self.paths
        return m.normpath(m.dirname(m.normpath(path)))

    def parents(self, path: str) -> list[str]:
        """The folders above path, nearest first, up to the root (or "." for a relative path)."""
        out, current = [], self.norm(path)
        while (up := self.parent(current)) != current and current != ".":
            out.append(up)
            current = up
        return out

    def name(self, path: str) -> str:
        """The last component; "" for a root or a bare drive (as PurePath.name)."""
        m = self.paths
        rest = m.splitdrive(m.normpath(path))[1]
        return m.basename(rest) if rest.strip("\\/") else ""

    def is_abs(self, path: str) -> bool:
        """Absolute as the machine's OS means it: on Windows a drive (or UNC share) then a separator, so
        neither `\\x` nor `C:x` is."""
        m = self.paths
        p = m.normpath(path)
        if m.__name__ == "ntpath":
            drive, rest = m.splitdrive(p)
            return bool(drive) and rest.startswith(("\\", "/"))
        return p.startswith("/")


def path_module(host: Host) -> PathModule:
    if host.windows:
        import ntpath

        return ntpath
    import posixpath

    return posixpath


class System(Protocol):
    host: Host
    home: str
    paths: PathModule  # ntpath or posixpath: the host's path syntax

    # Read-only to the probes, so that a dict (RealSystem, FakeSystem) is one: a settable protocol member would
    # have to be exactly Mapping.
    @property
    def env(self) -> Mapping[str, str]: ...

    # The Windows registry, read-only (probe/registry.py): empty on other OSes, recorded in tests.
    @property
    def registry(self) -> Registry: ...

    def norm(self, path: str) -> str: ...
    def join(self, first: str, *rest: str) -> str: ...
    def parent(self, path: str) -> str: ...
    def parents(self, path: str) -> list[str]: ...
    def name(self, path: str) -> str: ...
    def is_abs(self, path: str) -> bool: ...
    def is_file(self, path: str) -> bool: ...
    def is_dir(self, path: str) -> bool: ...
    def list_dir(self, path: str) -> list[str]: ...
    def read_bytes(self, path: str, limit: int = MAX_READ) -> bytes: ...
    def realpath(self, path: str) -> str: ...
    def readlink(self, path: str) -> str | None: ...
    def mtime(self, path: str) -> float | None: ...


def user_config_dir(sys_: System) -> str:
    """os.UserConfigDir() as Go computes it (src/os/file.go)."""
    env = sys_.env
    if sys_.host.os == "windows":
        return env_get(env, "APPDATA", True) or ""
    if sys_.host.os == "darwin":
        return sys_.join(sys_.home, "Library", "Application Support")
    return env.get("XDG_CONFIG_HOME") or sys_.join(sys_.home, ".config")


def env_get(env: Mapping[str, str], key: str, windows: bool) -> str | None:
    """Environment variable names are case-insensitive on Windows."""
    if key in env:
        return env[key]
    if windows:
        upper = key.upper()
        for k, v in env.items():
            if k.upper() == upper:
                return v
    return None


class RealSystem(Paths):
    """This machine."""

    def __init__(self, env: Mapping[str, str] | None = None):
        self.host = Host(go_os(), go_arch())
        self.paths = path_module(self.host)
        self.env = dict(os.environ if env is None else env)
        self.home = self.env.get("USERPROFILE" if self.host.windows else "HOME") or os.path.expanduser("~")
        self.registry = real_registry(self.host.windows)

    def is_file(self, path: str) -> bool:
        try:
            return stat.S_ISREG(os.stat(path).st_mode)
        except (OSError, ValueError):
            return False

    def is_dir(self, path: str) -> bool:
        try:
            return stat.S_ISDIR(os.stat(path).st_mode)
        except (OSError, ValueError):
            return False

    def list_dir(self, path: str) -> list[str]:
        try:
            return sorted(os.listdir(path))
        except (OSError, ValueError):
            return []

    def read_bytes(self, path: str, limit: int = MAX_READ) -> bytes:
        # A FIFO, socket or device where a file is expected (or "/dev/stdin" as an envFile) is refused with an
        # OSError naming what it is, never opened in a way that blocks.
        return fsread.read_regular(path, limit)

    def realpath(self, path: str) -> str:
        try:
            return os.path.realpath(path)
        except (OSError, ValueError):
            return path

    def readlink(self, path: str) -> str | None:
        """The target of a symbolic link (on Windows also of a junction), or None when path is not one."""
        try:
            return os.readlink(path)
        except (OSError, ValueError):
            return None

    def mtime(self, path: str) -> float | None:
        try:
            return os.stat(path).st_mtime
        except (OSError, ValueError):
            return None
