"""Installed Go toolchains, found where people and tools put them, read without running them.

A Go root has `bin/go` (`bin\\go.exe`) and a `VERSION` file or `src/runtime` (docs/facts.md, Go toolchains).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from go_sidecar._record import dataclass, field
from go_sidecar.model import Toolchain
from go_sidecar.parse.envfile import parse_go_env_file
from go_sidecar.probe.system import System, env_get, user_config_dir

_GOVERSION_CONST = re.compile(rb"const\s+Version\s*=\s*(\d+)")


@dataclass(frozen=True)
class RootInfo:
    """What a folder named as a GOROOT turned out to be."""

    path: str
    exists: bool
    is_root: bool
    version: str = ""  # "go1.22.5"
    go_env: dict[str, str] = field(default_factory=dict, compare=False, hash=False)  # $GOROOT/go.env

    @property
    def problem(self) -> str:
        if not self.exists:
            return "does not exist"
        if not self.is_root:
            return "is not a Go root (no bin/go with a VERSION file or src/runtime)"
        return ""


def go_exe(sys_: System) -> str:
    return "go.exe" if sys_.host.windows else "go"


def inspect_root(sys_: System, path: str) -> RootInfo:
    if not path or not sys_.is_dir(path):
        return RootInfo(path, exists=bool(path) and sys_.is_file(path), is_root=False)
    has_go = sys_.is_file(sys_.join(path, "bin", go_exe(sys_))) or sys_.is_file(sys_.join(path, "bin", "go"))
    version = _read_version(sys_, sys_.join(path, "VERSION"))
    has_runtime = sys_.is_dir(sys_.join(path, "src", "runtime"))
    if not has_go or not (version or has_runtime):
        return RootInfo(path, exists=True, is_root=False)
    if not version:
        version = _version_from_source(sys_, sys_.join(path, "src", "internal", "goversion", "goversion.go"))
    go_env: dict[str, str] = {}
    try:
        go_env = parse_go_env_file(sys_.read_bytes(sys_.join(path, "go.env"), 64 * 1024).decode("utf-8", "replace"))
    except OSError:
        pass
    return RootInfo(path, exists=True, is_root=True, version=version, go_env=go_env)


def _read_version(sys_: System, path: str) -> str:
    try:
        first = sys_.read_bytes(path, 4096).decode("utf-8", "replace").splitlines()
    except OSError:
        return ""
    return first[0].strip() if first and first[0].startswith("go") else ""


def _version_from_source(sys_: System, path: str) -> str:
    """A source checkout has no VERSION; its language version is in internal/goversion."""
    try:
        m = _GOVERSION_CONST.search(sys_.read_bytes(path, 64 * 1024))
    except OSError:
        return ""
    return f"go1.{int(m.group(1))}" if m else ""


def path_entries(sys_: System, path_value: str | None) -> list[str]:
    if not path_value:
        return []
    sep = ";" if sys_.host.windows else ":"
    return [e.strip('"') for e in path_value.split(sep) if e.strip()]


@dataclass(frozen=True)
class GoOnPath:
    exe: str
    root: str | None  # None: found but not inside a Go root (a shim or wrapper script)
    version: str = ""


def first_go_on_path(sys_: System, path_value: str | None) -> GoOnPath | None:
    for entry in path_entries(sys_, path_value):
        found = _go_in_dir(sys_, entry)
        if found:
            return found
    return None


def all_go_on_path(sys_: System, path_value: str | None) -> list[GoOnPath]:
    return [g for e in path_entries(sys_, path_value) if (g := _go_in_dir(sys_, e))]


def _go_in_dir(sys_: System, directory: str) -> GoOnPath | None:
    exe = sys_.join(directory, go_exe(sys_))
    if not sys_.is_file(exe):
        return None
    bin_dir = sys_.parent(sys_.realpath(exe))
    root = sys_.parent(bin_dir) if sys_.name(bin_dir) == "bin" else None
    info = inspect_root(sys_, root) if root is not None else None
    if info is None or not info.is_root:
        return GoOnPath(exe, None)
    return GoOnPath(exe, root, info.version)


def gopath_first(sys_: System, go_env: dict[str, str]) -> str:
    windows = sys_.host.windows
    value = env_get(sys_.env, "GOPATH", windows) or go_env.get("GOPATH") or sys_.join(sys_.home, "go")
    return value.split(";" if windows else ":")[0]


def gomodcache(sys_: System, go_env: dict[str, str]) -> str:
    return (
        env_get(sys_.env, "GOMODCACHE", sys_.host.windows)
        or go_env.get("GOMODCACHE")
        or sys_.join(gopath_first(sys_, go_env), "pkg", "mod")
    )


def go_env_file(sys_: System) -> str:
    """The `go env -w` file: $GOENV, else os.UserConfigDir()/go/env; "" when there is none (GOENV=off)."""
    explicit = env_get(sys_.env, "GOENV", sys_.host.windows)
    if explicit == "off":  # cmd/go reads no file then (cfg.EnvFile)
        return ""
    if explicit:
        return explicit
    base = user_config_dir(sys_)
    return sys_.join(base, "go", "env") if base else ""


def read_go_env(sys_: System) -> dict[str, str]:
    path = go_env_file(sys_)
    if not path:
        return {}
    try:
        return parse_go_env_file(sys_.read_bytes(path, 256 * 1024).decode("utf-8", "replace"))
    except OSError:
        return {}


def candidate_roots(
    sys_: System, go_env: dict[str, str], extra_roots: list[str], go_goroot: str | None
) -> list[tuple[str, str]]:
    """(path, source) pairs of places a Go root may be, most specific first. Pure but for directory listings."""
    join = sys_.join
    home = sys_.home
    windows = sys_.host.windows
    out: list[tuple[str, str]] = []

    def children(parent: str, prefix: str, source: str, suffix: tuple[str, ...] = ()) -> None:
        for name in sys_.list_dir(parent):
            if name.startswith(prefix):
                out.append((join(parent, name, *suffix), source))

    goroot = env_get(sys_.env, "GOROOT", windows)
    if goroot:
        out.append((goroot, "GOROOT"))
    for g in all_go_on_path(sys_, env_get(sys_.env, "PATH", windows)):
        if g.root:
            out.append((g.root, "PATH"))
    if go_goroot:
        out.append((go_goroot, "go.goroot"))
    for entry in extra_roots:
        if inspect_root(sys_, entry).is_root:
            out.append((entry, "toolchainRoots"))
        else:
            children(entry, "", "toolchainRoots")
    children(join(home, "sdk"), "go", "sdk")
    children(join(gomodcache(sys_, go_env), "golang.org"), "toolchain@v0.0.1-go", "GOTOOLCHAIN download")
    # Version managers (docs/facts.md, GoLand project settings).
    children(join(home, ".asdf", "installs", "golang"), "", "asdf", ("go",))
    children(join(home, ".local", "share", "mise", "installs", "go"), "", "mise")
    children(join(home, ".goenv", "versions"), "", "goenv")
    children(join(home, ".gvm", "gos"), "go", "gvm")
    if windows:
        children(join(home, "scoop", "apps", "go"), "", "scoop")
        for env_name in ("ProgramFiles", "ProgramW6432"):
            base = env_get(sys_.env, env_name, True)
            if base:
                out.append((join(base, "Go"), "system"))
        out.append((r"C:\Program Files\Go", "system"))
        out.append((r"C:\Go", "system"))
    else:
        out.append(("/usr/local/go", "system"))
        children("/usr/lib", "go-", "system")
        out.append(("/usr/lib/golang", "system"))
        for cellar in ("/opt/homebrew/Cellar/go", "/usr/local/Cellar/go", "/home/linuxbrew/.linuxbrew/Cellar/go"):
            children(cellar, "", "homebrew", ("libexec",))
    return out


def discover(
    sys_: System, go_env: dict[str, str], extra_roots: Sequence[str] = (), go_goroot: str | None = None
) -> list[Toolchain]:
    """Every installed toolchain, once each (by real path), in discovery order."""
    seen: set[str] = set()
    found: list[Toolchain] = []
    for path, source in candidate_roots(sys_, go_env, list(extra_roots), go_goroot):
        info = inspect_root(sys_, path)
        if not info.is_root:
            continue
        key = sys_.realpath(path)
        key = key.lower() if sys_.host.windows else key
        if key in seen:
            continue
        seen.add(key)
        found.append(Toolchain(root=path, version=info.version, source=source))
    return found


def same_root(sys_: System, a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ra, rb = sys_.realpath(a), sys_.realpath(b)
    na, nb = sys_.norm(ra), sys_.norm(rb)
    if sys_.host.windows:
        na, nb = na.lower(), nb.lower()
    return na.rstrip("\\/") == nb.rstrip("\\/")


def watch_folders(
    sys_: System, go_env: dict[str, str], extra_roots: list[str], toolchains: list[Toolchain]
) -> list[str]:
    """Folders whose entries decide which toolchains exist: one non-recursive watch each.

    A parent that does not exist yet (no ~/sdk) is replaced by its nearest existing ancestor, so that its
    creation is seen. Each toolchain root and its bin are watched too: a `VERSION` written after the folder
    was created (an install in progress) or a root removed shows up.
    """
    join = sys_.join
    home = sys_.home
    parents = [join(home, "sdk"), join(gomodcache(sys_, go_env), "golang.org"), *extra_roots]
    if sys_.host.windows:
        parents += [r"C:\Program Files", "C:\\"]
    else:
        parents += ["/usr/local", "/usr/lib", "/opt/homebrew/Cellar/go", "/usr/local/Cellar/go"]
    out: list[str] = []
    for parent in parents:
        folder = parent
        while folder and not sys_.is_dir(folder):
            up = sys_.parent(folder)
            if up == folder:
                folder = ""
                break
            folder = up
        if folder and folder not in out:
            out.append(folder)
    # Every place a root is or may become (a folder being unpacked has no VERSION yet), and its bin.
    places = [t.root for t in toolchains] + [path for path, _ in candidate_roots(sys_, go_env, extra_roots, None)]
    for root in places:
        for folder in (root, join(root, "bin")):
            if folder not in out and sys_.is_dir(folder):
                out.append(folder)
    return out
