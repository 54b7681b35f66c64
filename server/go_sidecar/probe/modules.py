"""Which module a debug build's folder belongs to, found as cmd/go finds it (issue 11, program-outside-module).

Where the build runs: for a launch in mode debug, test or auto vscode-go resolves `program` to a folder (a `.go`
file: its folder) and starts dlv there (`__buildDir`, goDebugConfiguration.ts `resolveDebugConfigurationWith
SubstitutedVariables`, spawned with `cwd: dir` in goDebugFactory.ts `getSpawnConfig`; the legacy adapter's
goDebug.ts does the same with `dlvCwd`); `program` becomes `.` or `./file.go`. Delve runs `go build` (mode test:
`go test -c`) in its own working directory (pkg/gobuild/gobuild.go `gocommandExecCmd`: no Dir), unless the
launch names `dlvCwd` (service/dap/server.go `onLaunchRequest`). The configuration's `cwd` is only the debugged
program's working directory (`Debugger.WorkingDir`): it does not move the build.

What cmd/go then does (cmd/go/internal/modload/init.go, Go 1.27): GO111MODULE off is GOPATH mode; GOWORK=off
disables go.work, an absolute GOWORK names it, else `findWorkspaceFile` looks for go.work upward from the
folder; without one `findModuleRoot` looks for go.mod upward (GO111MODULE=auto without a go.mod: GOPATH mode).
`use` paths are joined to go.work's folder (`LoadWorkFile`) and compared lexically with the folder
(load.go `resolveLocalPackage`). On Unix Go's working directory has its links resolved (os.Getwd falls back to
the real path; golang/vscode-go#1713), so both spellings are looked at when they differ.

Everything is bounded: at most MAX_LEVELS folders upward, go.work and go.mod read with a size bound, at most
MAX_USES `use` entries checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from go_sidecar._record import dataclass, field
from go_sidecar.parse.gomod import parse_modfile
from go_sidecar.parse.gowork import WorkFile, parse_gowork
from go_sidecar.probe.memo import MODULES, Memo
from go_sidecar.probe.system import System, env_get

if TYPE_CHECKING:
    from go_sidecar.parse.jsonc import JNode
    from go_sidecar.probe.programs import JsonConfig, PathFacts

MAX_LEVELS = 64
MAX_GOWORK = 1024 * 1024
MAX_GOMOD = 4 * 1024 * 1024
MAX_SOURCE = 1024 * 1024
MAX_USES = 256


@dataclass
class Layout:
    """The modules cmd/go sees from one spelling of the build folder."""

    folder: str
    mod_root: str | None = None  # the nearest folder above (or at) the build folder holding a go.mod
    gowork: str | None = None  # the go.work in effect
    work: WorkFile | None = None
    work_data: bytes = b""  # go.work's bytes, for the edit that adds a `use`
    work_problem: str = ""  # why go.work is not judged (unreadable, too large, a syntax error, a broken use)
    use_roots: list[str] = field(default_factory=list)  # `use` folders joined to go.work's folder, cleaned
    alt_config: str | None = None  # the folder holding a .git/config (cmd/go findAltConfig), when no go.mod
    truncated: bool = False  # the walk upward stopped after MAX_LEVELS folders
    owner_used: bool = False  # go.work lists mod_root (lexically, or once links are resolved)
    enclosing: str | None = None  # the longest listed module root above the folder, when mod_root is not listed
    module_paths: dict[str, str] = field(default_factory=dict)  # go.mod folder -> its module path (when read)
    mentioned: bool = True  # the owning module's path appears in go.work or a used go.mod (.go programs only)


@dataclass
class ModuleFacts:
    program: str  # the folder or .go file
    folder: str  # the build folder
    is_file: bool  # program is a .go file (built as `go build ./file.go`)
    go111module: str  # as the build sees it ("" unset)
    gowork_env: str  # GOWORK as the build sees it ("" unset)
    modfile: bool  # -modfile in GOFLAGS or buildFlags: another go.mod than the folder's (not judged)
    layouts: list[Layout]  # the folder as written, then (Unix) its real path when that differs
    imports: tuple[str, ...] = ()  # a .go program's import paths


def _env_value(name: str, layers: list[Mapping[str, str]], windows: bool) -> str:
    for layer in layers:
        value = env_get(layer, name, windows)
        if value is not None:
            return value
    return ""


def _exists_not_dir(sys_: System, path: str) -> bool:
    """cmd/go's `fsys.Stat(...) == nil && !fi.IsDir()` (links followed)."""
    return sys_.is_file(path) or (sys_.mtime(path) is not None and not sys_.is_dir(path))


def _join(sys_: System, base: str, rel: str) -> str:
    """filepath.Join(base, rel) for a relative rel: joined, then cleaned (`/x` on Windows stays under base)."""
    sep = "\\" if sys_.host.windows else "/"
    return sys_.norm(base.rstrip("\\/") + sep + rel)


def _build_flags(cfg: JsonConfig) -> str:
    view = cfg.view
    node: JNode | None = view.value("buildFlags") if view is not None else None
    if node is None:
        return ""
    if node.kind == "string" and isinstance(node.value, str):
        return node.value
    if node.kind == "array":
        return " ".join(v.value for v in node.value if v.kind == "string")
    return ""


def applies(cfg: JsonConfig) -> bool:
    """vscode-go moves dlv into the program's folder (no `port`/`debugServer`), and Delve builds there (no
    `dlvCwd`)."""
    view = cfg.view
    if view is None or not cfg.builds:
        return False
    return all(view.value(key) is None for key in ("debugServer", "dlvCwd", "port"))


def module_facts(
    sys_: System,
    cfg: JsonConfig,
    program: PathFacts | None,
    env: Mapping[str, str],
    go_env: Mapping[str, str],
    memo: Memo | None = None,
    overlays: Mapping[str, bytes] | None = None,
) -> ModuleFacts | None:
    """The module layout of a launch configuration's program (PathFacts of state "dir" or "go"); None when the
    build does not run in the program's folder. `overlays`: the editor's buffers (a go.work being edited counts
    as the editor holds it, so that adding the missing `use` clears the finding before the file is saved)."""
    if program is None or program.path is None or program.state not in ("dir", "go") or not applies(cfg):
        return None
    program_path = program.path
    windows = sys_.host.windows
    layers = [env, sys_.env]
    if _env_value("GOENV", [env, sys_.env], windows) != "off":
        layers.append(go_env)  # `go env -w` values, under the environment's (GOENV=off: not read by go)
    is_file = program.state == "go"
    folder = sys_.parent(program_path) if is_file else sys_.norm(program_path)
    gowork_env = _env_value("GOWORK", layers, windows)
    go111 = _env_value("GO111MODULE", layers, windows)
    flags = _env_value("GOFLAGS", layers, windows) + " " + _build_flags(cfg)
    facts = ModuleFacts(program_path, folder, is_file, go111, gowork_env, "-modfile" in flags, [])
    works = {p: d for p, d in (overlays or {}).items() if sys_.name(p) == "go.work"}
    if memo is not None:  # the walk up reads go.mod/go.work at every level: again on their change, or after ttl
        found: tuple[list[Layout], tuple[str, ...]] = memo.get(
            MODULES,
            (program_path, folder, is_file, gowork_env),
            tuple(sorted((p, hash(d)) for p, d in works.items())),
            lambda: _layouts(sys_, program_path, folder, is_file, gowork_env, works),
        )
        facts.layouts, facts.imports = found
        return facts
    facts.layouts, facts.imports = _layouts(sys_, program_path, folder, is_file, gowork_env, works)
    return facts


def _layouts(
    sys_: System, program: str, folder: str, is_file: bool, gowork_env: str, works: Mapping[str, bytes]
) -> tuple[list[Layout], tuple[str, ...]]:
    windows = sys_.host.windows
    layouts: list[Layout] = []
    imports: tuple[str, ...] = ()
    spellings = [folder]
    if not windows:  # Windows keeps the working directory as it was set; Unix's getwd resolves links
        real = sys_.realpath(folder)
        if real != folder:
            spellings.append(real)
    for spelling in spellings:
        layouts.append(_layout(sys_, spelling, gowork_env, works))
    if is_file:
        imports = _imports(sys_, program)
    for layout in layouts:
        _enclosing(sys_, layout)
        if is_file:
            _mentions(sys_, layout, imports)
    return layouts, imports


def _layout(sys_: System, folder: str, gowork_env: str, works: Mapping[str, bytes]) -> Layout:
    out = Layout(folder)
    search_work = gowork_env in ("", "auto")
    if gowork_env not in ("", "auto", "off"):
        if not sys_.is_abs(gowork_env):
            out.work_problem = "GOWORK is not an absolute path"  # go: invalid GOWORK: not an absolute path
        else:
            out.gowork = gowork_env
    current = sys_.norm(folder)
    for _ in range(MAX_LEVELS):
        if out.mod_root is None and _exists_not_dir(sys_, sys_.join(current, "go.mod")):
            out.mod_root = current
        if search_work and out.gowork is None and _exists_not_dir(sys_, sys_.join(current, "go.work")):
            out.gowork = sys_.join(current, "go.work")
        if out.alt_config is None and _exists_not_dir(sys_, sys_.join(current, ".git", "config")):
            out.alt_config = current
        if out.mod_root is not None and (out.gowork is not None or not search_work):
            break
        parent = sys_.parent(current)
        if parent == current:
            break
        current = parent
    else:
        out.truncated = True
    if out.gowork is not None and not out.work_problem:
        _read_work(sys_, out, works)
    return out


def _read_work(sys_: System, out: Layout, works: Mapping[str, bytes]) -> None:
    gowork = out.gowork
    if gowork is None:
        return
    data = works.get(gowork)
    if data is None or len(data) > MAX_GOWORK:
        try:
            data = sys_.read_bytes(gowork, MAX_GOWORK)
        except OSError as e:
            out.work_problem = f"go.work could not be read ({e})"
            return
    work = parse_gowork(gowork, data)
    out.work, out.work_data = work, data
    if work.errors:
        out.work_problem = "go.work does not parse: " + "; ".join(work.errors[:3])
        return
    if len(work.uses) > MAX_USES:
        out.work_problem = f"go.work lists more than {MAX_USES} modules"
        return
    base = sys_.parent(gowork)
    for use in work.uses:
        root = use.path if sys_.is_abs(use.path) else _join(sys_, base, use.path)
        root = sys_.norm(root)
        if not _exists_not_dir(sys_, sys_.join(root, "go.mod")):
            # cmd/go stops first with "cannot load module ... listed in go.work file": another problem.
            out.work_problem = f"go.work uses {use.path}, which holds no go.mod"
            return
        out.use_roots.append(root)


def module_path(sys_: System, root: str) -> str | None:
    try:
        mod = parse_modfile(sys_.join(root, "go.mod"), sys_.read_bytes(sys_.join(root, "go.mod"), MAX_GOMOD))
    except OSError:
        return None
    return mod.module.value if mod.module is not None and mod.module.value else None


def same_path(sys_: System, a: str, b: str) -> bool:
    """cmd/go compares folders lexically; on Windows go-sidecar also ignores case (and so says less)."""
    a, b = sys_.norm(a), sys_.norm(b)
    return a.lower() == b.lower() if sys_.host.windows else a == b


def within(sys_: System, child: str, parent: str) -> bool:
    """str.HasFilePathPrefix: child is parent or below it."""
    c, p = sys_.norm(child), sys_.norm(parent).rstrip("\\/")
    if sys_.host.windows:
        c, p = c.lower(), p.lower()
    sep = "\\" if sys_.host.windows else "/"
    return c == p or c.startswith(p + sep) or (p == "" and c.startswith(sep))


def used(sys_: System, layout: Layout, root: str) -> bool:
    """The module at `root` is listed in go.work: lexically, or (to say less) once links are resolved."""
    if any(same_path(sys_, root, u) for u in layout.use_roots):
        return True
    real = sys_.realpath(root)
    return any(same_path(sys_, real, sys_.realpath(u)) for u in layout.use_roots)


def _enclosing(sys_: System, layout: Layout) -> None:
    """Whether go.work lists the folder's module; if not, the longest listed module above the folder, which
    cmd/go names in `main module (...) does not contain package ...` (load.go resolveLocalPackage)."""
    if layout.work is None or layout.work_problem or layout.mod_root is None:
        return
    layout.owner_used = used(sys_, layout, layout.mod_root)
    if layout.owner_used:
        return
    above = [r for r in layout.use_roots if within(sys_, layout.folder, r)]
    if above:
        layout.enclosing = max(above, key=len)
        path = module_path(sys_, layout.enclosing)
        if path:
            layout.module_paths[layout.enclosing] = path


def _imports(sys_: System, path: str) -> tuple[str, ...]:
    """The import paths of a Go file: its import declarations, right after the package clause."""
    try:
        text = sys_.read_bytes(path, MAX_SOURCE)
    except OSError:
        return ()
    from go_sidecar.parse.goimports import read_imports  # only for a .go program: a check of folders reads none

    return tuple(read_imports(text)[1] or ())


def in_module(import_path: str, module: str) -> bool:
    return import_path == module or import_path.startswith(module + "/")


def _mentions(sys_: System, layout: Layout, imports: tuple[str, ...]) -> None:
    """For a .go program in a module go.work does not use: that module's path, and whether go.work or a used
    go.mod names it anywhere (a requirement or a replacement would let its packages resolve elsewhere)."""
    root = layout.mod_root
    if layout.work is None or layout.work_problem or root is None or layout.owner_used:
        return
    path = module_path(sys_, root)
    if not path:
        return
    layout.module_paths[root] = path
    if not any(in_module(i, path) for i in imports):
        return
    needle = path.encode()
    if needle in layout.work_data:
        return
    try:
        for u in layout.use_roots:
            if needle in sys_.read_bytes(sys_.join(u, "go.mod"), MAX_GOMOD):
                return
    except OSError:
        return
    layout.mentioned = False
