"""The machine as the probes see it: environment, home, OS conventions and a read-only file system view.

Probes talk to a `System` instead of `os` so that tests on Linux can drive them with a Windows or macOS
machine's facts (`go_sidecar.testing.FakeSystem`). Nothing here executes anything.
"""

from __future__ import annotations

import os
import stat
import sys
from typing import Mapping, Protocol

from go_sidecar import fsread
from go_sidecar.fsread import MAX_READ  # noqa: F401 - re-exported: the probes' default bound
from go_sidecar.model import Host

_ARCH = {
    "x86_64": "amd64", "amd64": "amd64", "x64": "amd64",
    "aarch64": "arm64", "arm64": "arm64", "armv8l": "arm64",
    "i386": "386", "i686": "386", "x86": "386",
    "armv7l": "arm", "armv6l": "arm", "arm": "arm",
    "riscv64": "riscv64", "ppc64le": "ppc64le", "s390x": "s390x", "loongarch64": "loong64",
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


class SysPath:
    """The part of pathlib's PurePath the probes use, over posixpath or ntpath.

    pathlib costs a cold `sidecar check` several milliseconds of imports (urllib.parse, ipaddress); these are
    strings with the right flavour's join, parent and name. Normalised like `os.path.normpath`.
    """

    __slots__ = ("_s", "_m")

    def __init__(self, module, *parts: str):
        self._m = module
        self._s = module.normpath(module.join(*parts)) if parts else "."

    def __str__(self) -> str:
        return self._s

    __fspath__ = __str__

    def __repr__(self) -> str:
        return f"SysPath({self._s!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, SysPath) and self._m is other._m and self._s == other._s

    def __hash__(self) -> int:
        return hash(self._s)

    def __truediv__(self, part: str) -> "SysPath":
        return SysPath(self._m, self._s, str(part))

    def joinpath(self, *parts: str) -> "SysPath":
        return SysPath(self._m, self._s, *map(str, parts))

    @property
    def parent(self) -> "SysPath":
        head = self._m.dirname(self._s)
        return SysPath(self._m, head) if head else SysPath(self._m, ".")

    @property
    def parents(self) -> list["SysPath"]:
        out, current = [], self
        while (up := current.parent) != current and str(current) not in (".", ""):
            out.append(up)
            current = up
        return out

    @property
    def name(self) -> str:
        drive, rest = self._m.splitdrive(self._s)
        return self._m.basename(rest) if rest.strip("\\/") else ""

    @property
    def suffix(self) -> str:
        name = self.name
        i = name.rfind(".")
        return name[i:] if 0 < i < len(name) - 1 else ""

    @property
    def stem(self) -> str:
        suffix = self.suffix
        return self.name[: -len(suffix)] if suffix else self.name

    def is_absolute(self) -> bool:
        if self._m.__name__ == "ntpath":
            drive, rest = self._m.splitdrive(self._s)
            return bool(drive) and rest.startswith(("\\", "/"))
        return self._s.startswith("/")


def path_module(host: Host):
    if host.windows:
        import ntpath

        return ntpath
    import posixpath

    return posixpath


class System(Protocol):
    host: Host
    env: Mapping[str, str]
    home: str

    def path(self, *parts: str) -> SysPath: ...
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
        return str(sys_.path(sys_.home, "Library", "Application Support"))
    return env.get("XDG_CONFIG_HOME") or str(sys_.path(sys_.home, ".config"))


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


class RealSystem:
    """This machine."""

    def __init__(self, env: Mapping[str, str] | None = None):
        self.host = Host(go_os(), go_arch())
        self.env = dict(os.environ if env is None else env)
        self.home = self.env.get("USERPROFILE" if self.host.windows else "HOME") or os.path.expanduser("~")

    def path(self, *parts: str) -> SysPath:
        return SysPath(path_module(self.host), *parts)

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
