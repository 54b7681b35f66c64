"""Installed Go toolchains, found where people and tools put them, read without running them.

A Go root has `bin/go` (`bin\\go.exe`) and a `VERSION` file or `src/runtime` (docs/facts.md, Go toolchains).

Each toolchain says who installed it (`Toolchain.source`): a version manager, golang.org/dl, the Go MSI, a
`GOTOOLCHAIN` download, or where it was found when no installer is recognisable ("PATH", "GOROOT", "go.goroot",
"toolchainRoots", "sdk", "system"). Where each manager keeps its toolchains (docs/facts.md, Version managers and
pin files):
- golang.org/dl: `~/sdk/goX.Y.Z`, complete when `.unpacked-success` is there (golang.org/dl
  internal/version/version.go, `unpackedOkay`); without the marker the folder is reported as "sdk".
- asdf: `$ASDF_DATA_DIR` or `~/.asdf`, `installs/golang/<v>/go` (asdf-golang unpacks the archive's `go/`).
- mise: `$MISE_DATA_DIR` or `$XDG_DATA_HOME/mise` (`%LOCALAPPDATA%\\mise` on Windows), `installs/go/<v>`; GOROOT is
  `<v>/go` when that exists (older installs), else `<v>` (jdx/mise src/plugins/core/go.rs, `goroot`). Aliases
  such as `1.22` and `latest` are links to a version folder: one toolchain, found once.
- goenv: `$GOENV_ROOT` or `~/.goenv`, `versions/<v>`. gvm: `$GVM_ROOT` or `~/.gvm`, `gos/<name>`.
- Homebrew: `<prefix>/Cellar/go/<v>/libexec` and `go@1.NN` (`<prefix>/opt/go/libexec` links there).
- Scoop: `$SCOOP` or `~/scoop` (and `$SCOOP_GLOBAL` or `%ProgramData%\\scoop`), `apps/go/<v>`; `current` is a
  junction to one of them (ScoopInstaller/Main bucket/go.json); its shim `shims\\go.exe` names the real go.exe
  in `shims\\go.shim`.
Listings are one level deep and bounded; a link loop in a manager's folder resolves to nothing, never hangs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from go_sidecar._record import dataclass, field
from go_sidecar.model import Toolchain
from go_sidecar.parse.envfile import parse_go_env_file
from go_sidecar.probe.system import System, env_get, user_config_dir

# Who installed a toolchain (Toolchain.source). These win over where it was found ("PATH", "GOROOT", ...): a
# Homebrew Go first on PATH is Homebrew's.
ASDF, MISE, GOENV, GVM, HOMEBREW, SCOOP = "asdf", "mise", "goenv", "gvm", "homebrew", "scoop"
GOLANG_DL, MSI, DOWNLOAD = "golang.org/dl", "msi", "GOTOOLCHAIN download"
INSTALLERS = frozenset({ASDF, MISE, GOENV, GVM, HOMEBREW, SCOOP, GOLANG_DL, MSI, DOWNLOAD})
SDK, SYSTEM = "sdk", "system"  # ~/sdk without golang.org/dl's marker; a system-wide default folder
UNPACKED = ".unpacked-success"  # golang.org/dl internal/version: written after a complete unpack
MAX_CHILDREN = 512  # entries looked at per manager folder (a folder of 100,000 entries is not a manager's)


@functools.cache
def _goversion_const() -> re.Pattern[bytes]:
    return re.compile(rb"const\s+Version\s*=\s*(\d+)")


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
        m = _goversion_const().search(sys_.read_bytes(path, 64 * 1024))
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
    target = _scoop_shim_target(sys_, exe) if sys_.host.windows else None
    bin_dir = sys_.parent(sys_.realpath(target or exe))
    root = sys_.parent(bin_dir) if sys_.name(bin_dir) == "bin" else None
    info = inspect_root(sys_, root) if root is not None else None
    if info is None or not info.is_root:
        return GoOnPath(exe, None)
    return GoOnPath(exe, root, info.version)


def _scoop_shim_target(sys_: System, exe: str) -> str | None:
    """The go.exe a Scoop shim runs: `shims\\go.shim` next to it holds `path = "...\\go.exe"` (Scoop's shim
    format, ScoopInstaller/Scoop lib/core.ps1 `shim`). None when exe is not a shim."""
    try:
        text = sys_.read_bytes(exe[: -len(".exe")] + ".shim", 16 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    for line in text.lstrip("\ufeff").splitlines():
        key, sep, value = line.partition("=")
        if sep and key.strip() == "path":
            value = value.strip().strip('"')
            return value if value.lower().endswith(".exe") and sys_.is_abs(value) else None
    return None


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
        for child in _children(sys_, parent, prefix):
            out.append((join(child, *suffix), source))

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
    for child in _children(sys_, join(home, "sdk"), "go"):
        out.append((child, GOLANG_DL if sys_.is_file(join(child, UNPACKED)) else SDK))
    children(join(gomodcache(sys_, go_env), "golang.org"), "toolchain@v0.0.1-go", DOWNLOAD)
    # Version managers (docs/facts.md, Version managers and pin files; this module's docstring).
    out.extend(manager_roots(sys_))
    if windows:
        # The Go MSI's record (docs/facts.md, Machine and environment).
        from go_sidecar.probe.registry import go_msi_location

        msi = go_msi_location(getattr(sys_, "registry", None))
        if msi:
            out.append((sys_.norm(msi), MSI))
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
    return out


def _children(sys_: System, parent: str, prefix: str = "") -> list[str]:
    """Entries of a folder whose names start with prefix: real folders first, then links (mise's `1.22` and
    `latest`, Scoop's `current`), so that a toolchain found through both keeps its real path. Bounded."""
    names = [n for n in sys_.list_dir(parent)[:MAX_CHILDREN] if n.startswith(prefix)]
    real: list[str] = []
    linked: list[str] = []
    for name in names:
        path = sys_.join(parent, name)
        (real if sys_.readlink(path) is None else linked).append(path)
    return real + linked


def manager_dirs(sys_: System) -> list[tuple[str, str]]:
    """(folder holding one entry per installed version, manager) for each version manager this OS may have."""
    env, home, join, windows = sys_.env, sys_.home, sys_.join, sys_.host.windows

    def var(name: str) -> str:
        value = env_get(env, name, windows) or ""
        return value if value and sys_.is_abs(value) else ""

    if windows:
        data_home = var("XDG_DATA_HOME") or var("LOCALAPPDATA") or join(home, "AppData", "Local")
    else:
        data_home = var("XDG_DATA_HOME") or join(home, ".local", "share")
    out = [
        (join(var("ASDF_DATA_DIR") or join(home, ".asdf"), "installs", "golang"), ASDF),
        (join(var("MISE_DATA_DIR") or join(data_home, "mise"), "installs", "go"), MISE),
        (join(var("GOENV_ROOT") or join(home, ".goenv"), "versions"), GOENV),
        (join(var("GVM_ROOT") or join(home, ".gvm"), "gos"), GVM),
    ]
    if windows:
        program_data = var("ProgramData") or "C:\\ProgramData"
        for scoop in (var("SCOOP") or join(home, "scoop"), var("SCOOP_GLOBAL") or join(program_data, "scoop")):
            out.append((join(scoop, "apps", "go"), SCOOP))
    else:
        for prefix in homebrew_prefixes(sys_):
            out.append((join(prefix, "Cellar", "go"), HOMEBREW))
            for name in sys_.list_dir(join(prefix, "Cellar"))[:MAX_CHILDREN]:
                if name.startswith("go@"):  # versioned formulae: go@1.22
                    out.append((join(prefix, "Cellar", name), HOMEBREW))
    return out


def homebrew_prefixes(sys_: System) -> list[str]:
    """Homebrew's prefix on Apple silicon, Intel Macs and Linux (docs.brew.sh Installation), and $HOMEBREW_PREFIX."""
    own = env_get(sys_.env, "HOMEBREW_PREFIX", False) or ""
    out = [own] if own.startswith("/") else []
    for p in ("/opt/homebrew", "/usr/local", "/home/linuxbrew/.linuxbrew", sys_.join(sys_.home, ".linuxbrew")):
        if p not in out:
            out.append(p)
    return out


def manager_roots(sys_: System) -> list[tuple[str, str]]:
    """(GOROOT, manager) of every version a manager has installed (not checked to be roots yet)."""
    out: list[tuple[str, str]] = []
    for folder, manager in manager_dirs(sys_):
        for version in _children(sys_, folder):
            if manager == ASDF:  # asdf-golang unpacks the archive's go/ into the version folder
                out.append((sys_.join(version, "go"), manager))
            elif manager == MISE:  # src/plugins/core/go.rs goroot(): install/go if it exists, else install
                old = sys_.join(version, "go")
                out.append((old if sys_.is_dir(old) else version, manager))
            elif manager == HOMEBREW:  # Cellar/go/<v>/libexec is the GOROOT; bin/go links into it
                out.append((sys_.join(version, "libexec"), manager))
            else:
                out.append((version, manager))
    if not sys_.host.windows:  # opt/go links to the linked Cellar version: found again, kept once
        for prefix in homebrew_prefixes(sys_):
            out.append((sys_.join(prefix, "opt", "go", "libexec"), HOMEBREW))
    return out


def installer_places(sys_: System, go_env: dict[str, str]) -> list[tuple[str, str]]:
    """(folder, installer) of every place whose toolchains an installer put there."""
    places = manager_dirs(sys_)
    if not sys_.host.windows:
        places += [(sys_.join(p, "opt"), HOMEBREW) for p in homebrew_prefixes(sys_)]
    places.append((sys_.join(gomodcache(sys_, go_env), "golang.org"), DOWNLOAD))
    return places


def installer_of(
    sys_: System, path: str, go_env: dict[str, str], places: list[tuple[str, str]] | None = None
) -> str | None:
    """Who installed the Go root at path, judged from where it lies (the path as written, then its real path):
    a manager's folder, ~/sdk with golang.org/dl's marker, the module cache's toolchain downloads. `places`:
    installer_places(), when the caller asks about many roots."""
    candidates = [sys_.norm(path)]
    real = sys_.realpath(path)
    if real != path:
        candidates.append(sys_.norm(real))
    if places is None:
        places = installer_places(sys_, go_env)
    sdk = sys_.join(sys_.home, "sdk")
    for candidate in candidates:
        for folder, manager in places:
            if _under(sys_, candidate, folder):
                return manager
        if _under(sys_, candidate, sdk) and sys_.is_file(sys_.join(candidate, UNPACKED)):
            return GOLANG_DL
    return None


def _under(sys_: System, path: str, folder: str) -> bool:
    fold = sys_.host.windows
    p, f = (path.lower(), folder.lower()) if fold else (path, folder)
    sep = "\\" if fold else "/"
    return p.startswith(f.rstrip(sep) + sep)


def discover(
    sys_: System, go_env: dict[str, str], extra_roots: Sequence[str] = (), go_goroot: str | None = None
) -> list[Toolchain]:
    """Every installed toolchain, once each (by real path), in discovery order."""
    seen: dict[str, int] = {}  # real path -> index in found
    found: list[Toolchain] = []
    places: list[tuple[str, str]] | None = None
    for path, source in candidate_roots(sys_, go_env, list(extra_roots), go_goroot):
        info = inspect_root(sys_, path)
        if not info.is_root:
            continue
        key = sys_.realpath(path)
        key = key.lower() if sys_.host.windows else key
        if source not in INSTALLERS:  # found on PATH, in GOROOT, ...: installed by whom its place says
            if places is None:
                places = installer_places(sys_, go_env)
            source = installer_of(sys_, path, go_env, places) or source
        if key in seen:
            # Found first where it is used (PATH, GOROOT), then again where it was installed: keep the place
            # and order of the first, and the installer's name (an MSI's C:\\Program Files\\Go on PATH).
            i = seen[key]
            if source in INSTALLERS and found[i].source not in INSTALLERS:
                found[i] = Toolchain(root=found[i].root, version=found[i].version, source=source)
            continue
        seen[key] = len(found)
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
    # A manager's versions folder once it exists (a manager installed during a session is seen within the
    # memo's minute): walking up from ~/.asdf/installs/golang to watch the home folder would see every file.
    parents += [folder for folder, _ in manager_dirs(sys_) if sys_.is_dir(folder)]
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
