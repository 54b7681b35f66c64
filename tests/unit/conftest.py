"""Shared fixtures for the unit tests: recorded machines (FakeSystem) and a machine redirected into tmp_path.

No test reads the real home, caches or Go installation of the machine it runs on: FakeSystem has none, and
every RealSystem gets an explicit environment whose HOME, XDG_*, APPDATA, GOPATH, ... point into tmp_path.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from go_sidecar.model import Host
from go_sidecar.probe.system import RealSystem
from go_sidecar.testing import FakeSystem
from tests.sandbox import sandbox_env

WIN_HOME = "C:\\Users\\张三"
MAC_HOME = "/Users/dev"
LINUX_HOME = "/home/dev"

# Folders a RealSystem looks at outside its home; when one holds a Go, tests that count toolchains skip.
SYSTEM_GO_PLACES = (
    "/usr/local/go",
    "/usr/lib/golang",
    "/opt/homebrew/Cellar/go",
    "/usr/local/Cellar/go",
    "/home/linuxbrew/.linuxbrew/Cellar/go",
)


def system_go_installed() -> bool:
    if any(os.path.exists(p) for p in SYSTEM_GO_PLACES):
        return True
    try:
        return any(name.startswith("go-") for name in os.listdir("/usr/lib"))
    except OSError:
        return False


def fake_root(
    files: dict[str, bytes],
    root: str,
    version: str | None,
    *,
    windows: bool = False,
    runtime: bool = True,
    go_env: str | None = None,
) -> str:
    """Add a Go root to a FakeSystem file table: bin/go(.exe), VERSION (unless None), src/runtime."""
    pt = PureWindowsPath if windows else PurePosixPath
    p = pt(root)
    files[str(p / "bin" / ("go.exe" if windows else "go"))] = b"MZ" if windows else b"\x7fELF"
    if version is not None:
        files[str(p / "VERSION")] = f"{version}\ntime 2026-01-01T00:00:00Z\n".encode()
    if runtime:
        files[str(p / "src" / "runtime" / "proc.go")] = b"package runtime\n"
    if go_env is not None:
        files[str(p / "go.env")] = go_env.encode()
    return root


def real_root(base: Path, name: str, version: str | None, *, runtime: bool = True) -> Path:
    """A Go root on disk as the probe sees one. Its go is a script that fails loudly: it must never run."""
    root = base / name
    (root / "bin").mkdir(parents=True)
    if runtime:
        (root / "src" / "runtime").mkdir(parents=True)
    if version is not None:
        (root / "VERSION").write_text(f"{version}\ntime 2026-01-01T00:00:00Z\n")
    go = root / "bin" / "go"
    go.write_text("#!/bin/sh\necho 'go-sidecar must never run this' >&2\nexit 3\n")
    go.chmod(0o755)
    return root


class Sandbox:
    """A machine redirected into tmp_path: home, caches, GOPATH and PATH are all folders of the test."""

    def __init__(self, tmp: Path):
        self.tmp = tmp
        self.home = tmp / "home"
        self.home.mkdir()
        self.sdk = self.home / "sdk"
        self.bin = tmp / "bin"
        self.bin.mkdir()
        self.ws = tmp / "work space 工作"
        (self.ws / ".vscode").mkdir(parents=True)
        self.env = sandbox_env(self.home, self.bin, GOENV=str(self.home / ".config" / "go" / "env"))

    def system(self, **extra: str) -> RealSystem:
        return RealSystem(env={**self.env, **extra})

    def sdk_root(self, version: str) -> Path:
        """~/sdk/goX.Y.Z, as golang.org/dl installs it."""
        self.sdk.mkdir(exist_ok=True)
        return real_root(self.sdk, version, version)

    def put_on_path(self, root: Path) -> None:
        link = self.bin / "go"
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(root / "bin" / "go")

    def write(self, rel: str, text: str | bytes) -> Path:
        path = self.ws / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, str):
            path.write_text(text, encoding="utf-8")
        else:
            path.write_bytes(text)
        return path


@pytest.fixture
def sandbox(tmp_path: Path) -> Sandbox:
    return Sandbox(tmp_path)


@pytest.fixture
def windows_machine() -> FakeSystem:
    """Windows: a Chinese user name, ~/sdk/go1.22.5 and C:\\Program Files\\Go (1.27.3) first on `Path`."""
    files: dict[str, bytes] = {}
    fake_root(files, WIN_HOME + "\\sdk\\go1.22.5", "go1.22.5", windows=True)
    fake_root(files, "C:\\Program Files\\Go", "go1.27.3", windows=True)
    env = {
        "Path": "C:\\Windows\\system32;C:\\Program Files\\Go\\bin;" + WIN_HOME + "\\go\\bin",
        "USERPROFILE": WIN_HOME,
        "AppData": WIN_HOME + "\\AppData\\Roaming",
        "LocalAppData": WIN_HOME + "\\AppData\\Local",
        "ProgramFiles": "C:\\Program Files",
    }
    return FakeSystem(Host("windows", "amd64"), WIN_HOME, env=env, files=files)


@pytest.fixture
def mac_machine() -> FakeSystem:
    """macOS on Apple silicon: Homebrew's Go 1.23.1 linked into /opt/homebrew/bin, ~/sdk/go1.22.5."""
    files: dict[str, bytes] = {}
    cellar = "/opt/homebrew/Cellar/go/1.23.1"
    fake_root(files, cellar + "/libexec", "go1.23.1")
    fake_root(files, MAC_HOME + "/sdk/go1.22.5", "go1.22.5")
    links = {
        # Homebrew's own chain: bin/go -> ../Cellar/go/1.23.1/bin/go -> ../libexec/bin/go
        "/opt/homebrew/bin/go": "../Cellar/go/1.23.1/bin/go",
        cellar + "/bin/go": "../libexec/bin/go",
    }
    env = {"HOME": MAC_HOME, "PATH": "/opt/homebrew/bin:/usr/bin:/bin"}
    return FakeSystem(Host("darwin", "arm64"), MAC_HOME, env=env, files=files, links=links)


@pytest.fixture
def linux_machine() -> FakeSystem:
    """Linux: distribution Go 1.19 (/usr/bin/go links to it), /usr/local/go 1.27.3, a GOTOOLCHAIN download."""
    files: dict[str, bytes] = {}
    fake_root(files, "/usr/lib/go-1.19", "go1.19.8")
    fake_root(files, "/usr/local/go", "go1.27.3")
    fake_root(files, LINUX_HOME + "/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.0.linux-amd64", "go1.24.0")
    env = {"HOME": LINUX_HOME, "PATH": "/usr/bin:/bin:/usr/local/go/bin"}
    links = {"/usr/bin/go": "/usr/lib/go-1.19/bin/go"}
    return FakeSystem(Host("linux", "amd64"), LINUX_HOME, env=env, files=files, links=links)
