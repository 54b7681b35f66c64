"""Which dlv a debug configuration uses, found the way VS Code Go finds it; never run.

VS Code Go's lookup for a tool (extension/src/util.ts `getBinPathWithExplanation`, utils/pathUtils.ts
`getBinPathWithPreferredGopathGorootWithExplanation`; docs/facts.md, VS Code Go extension):

1. `go.alternateTools.dlv` (`${env:X}`, `${workspaceFolder}` and a leading `~` resolved): an absolute path
   that exists wins outright; an absolute path that does not exist is ignored (the normal search follows);
   a relative name replaces `dlv` in every later step, and when it is not found nothing else is used.
2. each entry of `$GOBIN` (the extension fills an unset GOBIN/GOPATH from `go env`, hence the `go env -w`
   file), 3. `<entry>/bin` for each entry of `go.toolsGopath`, then of `go.gopath` or `$GOPATH` (default
   ~/go), 4. `$GOROOT/bin` of the Go in use, 5. each PATH entry. On Windows the name gets `.exe` appended,
   always (`correctBinname`): an alternate name written as `dlv.exe` is looked up as `dlv.exe.exe`.

GoLand runs the dlv bundled with its Go plugin (`plugins/go-plugin/lib/dlv/<os>/dlv`; `plugins/go/...`
before 2023, `plugins/intellij-go-plugin/...` in 2018) with `--check-go-version=false` (docs/facts.md, Delve).
Installations are found by listing a few well-known folders to a fixed depth.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass, field
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import first_go_on_path, path_entries
from go_sidecar.probe.workspace import WorkspaceFacts, substitute

if TYPE_CHECKING:
    from go_sidecar.parse.binary import ExeInfo

ALTERNATE_TOOLS, GOBIN, GOPATH, GOROOT, PATH, GOLAND = (
    "go.alternateTools",
    "GOBIN",
    "GOPATH",
    "GOROOT",
    "PATH",
    "GoLand",
)
DELVE_MODULE = "github.com/go-delve/delve"

_GOLAND_PLUGINS = ("go-plugin", "go", "intellij-go-plugin")  # newest layout first
_GOLAND_OS_DIR = {"linux": "linux", "darwin": "mac", "windows": "windows"}
_WALK_DEPTH = 3  # Toolbox 1.x: apps/GoLand/ch-0/<build>/GoLand.app/Contents
_WALK_BUDGET = 256  # folders visited and listed per search, whatever the disk holds


@dataclass(frozen=True)
class DlvCandidate:
    path: str
    source: str  # go.alternateTools | GOBIN | GOPATH | GOROOT | PATH | GoLand
    via: str = ""  # how the folder was known: "PATH" for an alternate name found on PATH, "default" for
    #                ~/go, "go env -w", "go.goroot", the GoLand installation folder, ...
    vscode: bool = True  # VS Code Go would run it were it first; False for GoLand's, and for plain `dlv`
    #                      hits when go.alternateTools.dlv names another tool


def dlv_exe(sys_: System) -> str:
    return "dlv.exe" if sys_.host.windows else "dlv"


def _resolve(sys_: System, ws: WorkspaceFacts, value: str) -> str:
    """util.ts `resolvePath(substituteEnv(...))`: variables, then a leading `~` (on every OS)."""
    value = substitute(value, sys_, ws.root, ws.folders)
    if value.startswith("~"):
        value = sys_.join(sys_.home, value[1:].lstrip("\\/"))
    return value


def _setting_str(ws: WorkspaceFacts, key: str) -> str | None:
    value = ws.settings_values.get(key)
    return value if isinstance(value, str) and value.strip() else None


def alternate_dlv(sys_: System, ws: WorkspaceFacts) -> str | None:
    """`go.alternateTools.dlv` from the workspace's settings.json, resolved; None when not set."""
    tools = ws.settings_values.get("go.alternateTools")
    value = tools.get("dlv") if isinstance(tools, dict) else None
    if not isinstance(value, str) or not value.strip():
        return None
    return _resolve(sys_, ws, value.strip())


def _current_goroot(sys_: System, ws: WorkspaceFacts) -> tuple[str, str] | None:
    """The GOROOT the extension works with (`go env GOROOT` of the go it runs): go.goroot, else $GOROOT,
    else the root of the first `go` on PATH."""
    setting = _setting_str(ws, "go.goroot")
    if setting:
        return _resolve(sys_, ws, setting), "go.goroot"
    env = env_get(sys_.env, "GOROOT", sys_.host.windows)
    if env:
        return env, "environment"
    go = first_go_on_path(sys_, env_get(sys_.env, "PATH", sys_.host.windows))
    if go is not None and go.root:
        return go.root, "PATH"
    return None


def search_dirs(sys_: System, ws: WorkspaceFacts, go_env: dict[str, str]) -> list[tuple[str, str, str]]:
    """(folder, source, via) in VS Code Go's order, after go.alternateTools' absolute path."""
    windows = sys_.host.windows
    join = sys_.join
    out: list[tuple[str, str, str]] = []

    gobin = env_get(sys_.env, "GOBIN", windows)
    gobin_via = "environment"
    if not gobin and go_env.get("GOBIN"):
        gobin, gobin_via = go_env["GOBIN"], "go env -w"
    out += [(d, GOBIN, gobin_via) for d in path_entries(sys_, gobin)]

    tools_gopath = _setting_str(ws, "go.toolsGopath")
    if tools_gopath:
        tools_dirs = path_entries(sys_, _resolve(sys_, ws, tools_gopath))
        out += [(join(d, "bin"), GOPATH, "go.toolsGopath") for d in tools_dirs]
    gopath_setting = _setting_str(ws, "go.gopath")
    if gopath_setting:
        gopath, gopath_via = _resolve(sys_, ws, gopath_setting), "go.gopath"
    elif env_get(sys_.env, "GOPATH", windows):
        gopath, gopath_via = env_get(sys_.env, "GOPATH", windows) or "", "environment"
    elif go_env.get("GOPATH"):
        gopath, gopath_via = go_env["GOPATH"], "go env -w"
    else:
        gopath, gopath_via = join(sys_.home, "go"), "default"
    out += [(join(d, "bin"), GOPATH, gopath_via) for d in path_entries(sys_, gopath)]

    goroot = _current_goroot(sys_, ws)
    if goroot is not None:
        out.append((join(goroot[0], "bin"), GOROOT, goroot[1]))

    out += [(d, PATH, "PATH") for d in path_entries(sys_, env_get(sys_.env, "PATH", windows))]
    return out


def find_dlv(
    sys_: System, ws: WorkspaceFacts, go_env: dict[str, str], native_arch: str | None = None
) -> list[DlvCandidate]:
    """Every dlv a configuration of this workspace could run, VS Code Go's choice first (see the module's
    docstring), then GoLand's bundled ones when the workspace is a GoLand project (`.idea/`). Each file once.

    `native_arch` picks GoLand's per-architecture folder (`macarm`, `linuxarm`, `windowsarm`); by default
    `sys_.host.arch`.
    """
    found: list[DlvCandidate] = []
    seen: set[str] = set()

    def add(cand: DlvCandidate) -> None:
        key = sys_.norm(sys_.realpath(cand.path))
        key = key.lower() if sys_.host.windows else key
        if key not in seen:
            seen.add(key)
            found.append(cand)

    dirs = search_dirs(sys_, ws, go_env)
    alternate = alternate_dlv(sys_, ws)
    alternate_name = None
    if alternate is not None:
        if sys_.is_abs(alternate):
            if sys_.is_file(alternate):
                add(DlvCandidate(alternate, ALTERNATE_TOOLS))
        else:
            alternate_name = alternate + (".exe" if sys_.host.windows else "")
            for folder, source, _ in dirs:
                exe = sys_.join(folder, alternate_name)
                if sys_.is_file(exe):
                    add(DlvCandidate(exe, ALTERNATE_TOOLS, via=source))

    name = dlv_exe(sys_)
    for folder, source, via in dirs:
        exe = sys_.join(folder, name)
        if sys_.is_file(exe):
            add(DlvCandidate(exe, source, via=via, vscode=alternate_name is None))

    if sys_.is_dir(sys_.join(ws.root, ".idea")):
        for cand in goland_dlvs(sys_, native_arch):
            add(cand)
    return found


def chosen_dlv(cands: list[DlvCandidate]) -> DlvCandidate | None:
    """The dlv VS Code Go runs: the first it would consider; None means "dlv not found" at launch."""
    return next((c for c in cands if c.vscode), None)


# --- GoLand -------------------------------------------------------------------------------------------


def goland_install_parents(sys_: System) -> list[str]:
    """Folders whose `GoLand*` / `goland*` entries are (or contain) GoLand installations."""
    join, home, env, windows = sys_.join, sys_.home, sys_.env, sys_.host.windows
    if windows:
        out = []
        local = env_get(env, "LOCALAPPDATA", True) or join(home, "AppData", "Local")
        out.append(join(local, "Programs"))  # Toolbox 2.x
        out.append(join(local, "JetBrains", "Toolbox", "apps"))  # Toolbox 1.x
        for name in ("ProgramFiles", "ProgramW6432"):
            base = env_get(env, name, True)
            if base:
                out.append(join(base, "JetBrains"))
        out.append("C:\\Program Files\\JetBrains")
    elif sys_.host.os == "darwin":
        out = [
            "/Applications",
            join(home, "Applications"),
            join(home, "Library", "Application Support", "JetBrains", "Toolbox", "apps"),
        ]
    else:
        data = [join(home, ".local", "share")]
        xdg = env.get("XDG_DATA_HOME")
        if xdg and xdg not in data:
            data.insert(0, xdg)
        out = [join(d, "JetBrains", "Toolbox", "apps") for d in data] + ["/opt"]
    unique: list[str] = []
    for folder in out:
        key = folder.lower() if windows else folder
        if key not in (u.lower() if windows else u for u in unique):
            unique.append(folder)
    return unique


def goland_installs(sys_: System) -> list[str]:
    """GoLand installation folders (the one holding `plugins/`; `.../GoLand.app/Contents` on macOS)."""
    budget = [_WALK_BUDGET]
    out: list[str] = []
    for parent in goland_install_parents(sys_):
        for name in _list(sys_, parent, budget):
            if name.lower().startswith("goland"):
                out.extend(_walk(sys_, sys_.join(parent, name), 0, budget))
    if sys_.host.os == "linux" and _is_install(sys_, "/snap/goland/current"):
        out.append("/snap/goland/current")
    return out


def _list(sys_: System, folder: str, budget: list[int]) -> list[str]:
    if budget[0] <= 0:
        return []
    budget[0] -= 1
    return sys_.list_dir(folder)


def _is_install(sys_: System, folder: str) -> bool:
    return any(sys_.is_dir(sys_.join(folder, "plugins", plugin, "lib", "dlv")) for plugin in _GOLAND_PLUGINS)


def _walk(sys_: System, folder: str, depth: int, budget: list[int]) -> Iterator[str]:
    if budget[0] <= 0:
        return
    budget[0] -= 1
    if _is_install(sys_, folder):
        yield folder
        return
    contents = sys_.join(folder, "Contents")
    if _is_install(sys_, contents):
        yield contents
        return
    if depth >= _WALK_DEPTH:
        return
    for name in _list(sys_, folder, budget):
        if budget[0] <= 0:
            return
        child = sys_.join(folder, name)
        if sys_.is_dir(child):
            yield from _walk(sys_, child, depth + 1, budget)


def goland_dlv(sys_: System, install: str, native_arch: str | None = None) -> str | None:
    """The bundled dlv GoLand would start on this machine: `<os>arm` on arm64 when present, else `<os>`."""
    os_dir = _GOLAND_OS_DIR.get(sys_.host.os)
    if os_dir is None:
        return None
    arch = native_arch or sys_.host.arch
    dirs = [os_dir + "arm", os_dir] if arch == "arm64" else [os_dir]
    name = dlv_exe(sys_)
    for plugin in _GOLAND_PLUGINS:
        for d in dirs:
            exe = sys_.join(install, "plugins", plugin, "lib", "dlv", d, name)
            if sys_.is_file(exe):
                return exe
    return None


def goland_dlvs(sys_: System, native_arch: str | None = None) -> list[DlvCandidate]:
    out = []
    for install in goland_installs(sys_):
        exe = goland_dlv(sys_, install, native_arch)
        if exe:
            out.append(DlvCandidate(exe, GOLAND, via=install, vscode=False))
    return out


# --- identity -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DlvIdentity:
    """What a dlv file is, from its headers and Go build info (docs/facts.md, Delve: the same facts `dlv version`
    prints, read without running it)."""

    candidate: DlvCandidate
    exe: ExeInfo
    delve_version: str = ""  # "1.27.1"; "" when the build info does not say (no build info, "(devel)")
    go_version: str = ""  # the Go that built dlv: "go1.27.2"
    tags: tuple[str, ...] = field(default=())  # build tags: ("exp.winarm64",)

    @property
    def is_delve(self) -> bool:
        bi = self.exe.build_info
        return bi is not None and (bi.main_module == DELVE_MODULE or bi.path.startswith(DELVE_MODULE + "/"))

    @property
    def goos(self) -> str:
        return self.exe.goos

    @property
    def goarch(self) -> str:
        return self.exe.goarch


def identify_dlv(sys_: System, cand: DlvCandidate, identify: Callable[[str], Any] | None = None) -> DlvIdentity:
    """Read a candidate's identity with `identify` (default `parse.binary.identify`; tests inject one)."""
    if identify is None:
        from go_sidecar.parse.binary import identify as identify_file

        identify = identify_file
    exe = identify(sys_.realpath(cand.path))
    bi = getattr(exe, "build_info", None)
    if bi is None:
        return DlvIdentity(cand, exe)
    version = ""
    if bi.main_module == DELVE_MODULE and bi.main_version and bi.main_version != "(devel)":
        version = bi.main_version.removeprefix("v")
    raw_tags = bi.settings.get("-tags", "") or bi.settings.get("tags", "")
    tags = tuple(t for t in raw_tags.replace(" ", ",").split(",") if t)
    return DlvIdentity(cand, exe, version, bi.go_version, tags)
