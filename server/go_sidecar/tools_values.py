"""What the tools report says, gathered: each Go root, dlv and gopls found (in the order the editors search them)
and each debug configuration's effective values, with what disagrees. tools_report.py assembles and renders them.

Everything is read, nothing is run: versions and platforms come from `VERSION` files, executable headers and the
Go build info (parse/binary.py); the dlv and gopls candidates from VS Code Go's search (probe/delve.py
`search_dirs`: go.alternateTools, $GOBIN, $GOPATH/bin, $GOROOT/bin, PATH; then GoLand's bundled dlv); a
configuration's values from probe/facts.py (env > envFile > go.toolsEnvVars), then the environment, the `go env -w`
file, $GOROOT/go.env and Go's defaults (docs/facts.md, Machine and environment).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass, fields
from go_sidecar.parse.goversion import parse_go_version
from go_sidecar.probe import configs
from go_sidecar.probe.delve import GOLAND, DlvCandidate, find_dlv, identify_dlv, search_dirs
from go_sidecar.probe.facts import ENV, ENV_FILE, TOOLS_ENV, ConfigFacts, Facts, build_toolchain, env_key
from go_sidecar.probe.host import HostFacts
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import GoOnPath, go_env_file, go_exe, inspect_root
from go_sidecar.probe.workspace import WorkspaceFacts, substitute

if TYPE_CHECKING:
    from go_sidecar.parse.binary import ExeInfo

Identify = Callable[[str], "ExeInfo"]
GOPLS_MODULE = "golang.org/x/tools/gopls"
# Go's own values when nothing sets them (cmd/go/internal/cfg; $GOROOT/go.env sets GOPROXY, GOSUMDB and
# GOTOOLCHAIN since Go 1.21; the default C compiler is clang on darwin, ios, freebsd, openbsd: cmd/dist/build.go).
DEFAULTS = {
    "GOPROXY": "https://proxy.golang.org,direct",
    "GOSUMDB": "sum.golang.org",
    "GOTOOLCHAIN": "auto",
}
CONFIG_VARIABLES = ("GOFLAGS", "CGO_ENABLED", "CC", "GOSUMDB", "GOPROXY")


def _as_json(record: Any) -> dict[str, Any]:
    """A record of this module as JSON (schemas/tools.schema.json): camelCase keys, tuples as lists."""
    out: dict[str, Any] = {}
    for f in fields(record):
        value = getattr(record, f.name)
        if isinstance(value, tuple):
            value = [v.to_json() if hasattr(v, "to_json") else v for v in value]
        head, *rest = f.name.split("_")
        out[head + "".join(w.title() for w in rest)] = value
    return out


@dataclass(frozen=True)
class Value:
    """One line: a name, its value ("" when not set), where it comes from, and what disagrees."""

    name: str
    value: str
    source: str
    detail: str = ""
    warnings: tuple[str, ...] = ()

    to_json = _as_json


@dataclass(frozen=True)
class GoRoot:
    root: str
    version: str
    platform: str  # "linux/amd64"; "" when neither the go binary nor pkg/tool says
    source: str  # who installed it: sdk, asdf, mise, goenv, gvm, homebrew, scoop, system, PATH, GOROOT, ...
    on_path: str = ""  # "first" | "shadowed" | ""
    warnings: tuple[str, ...] = ()

    to_json = _as_json


@dataclass(frozen=True)
class Tool:
    """A dlv or gopls file found, in search order."""

    name: str  # dlv | gopls
    path: str
    source: str  # go.alternateTools | GOBIN | GOPATH | GOROOT | PATH | GoLand
    via: str  # how its folder was known
    used_by: str  # "VS Code Go" | "GoLand" | "" (another file comes first)
    version: str  # "1.27.1"; "" when its build info does not say
    go_version: str  # the Go it was built with
    platform: str
    warnings: tuple[str, ...] = ()

    to_json = _as_json


@dataclass(frozen=True)
class Configuration:
    name: str
    file: str
    line: int  # 1-based
    kind: str  # "launch debug (builds with go)", "attach remote", "GoLand Go Application", ...
    values: tuple[Value, ...]
    warnings: tuple[str, ...] = ()

    to_json = _as_json


def default_identify(sys_: System) -> Identify:
    from go_sidecar.parse.binary import identify

    return lambda path: identify(sys_.realpath(path))


def _platform(exe: ExeInfo | None) -> str:
    if exe is None or not exe.slices:
        return ""
    return ", ".join(f"{s.goos or '?'}/{s.goarch or '?'}" for s in exe.slices)


def _platform_warning(what: str, platform: str, host: HostFacts) -> tuple[str, ...]:
    """A warning when no slice of `platform` ("linux/amd64", or several for a universal binary) is the machine's
    native one; none when the platform is unknown."""
    native = f"{host.os}/{host.native_arch}"
    if not platform or native in platform.split(", "):
        return ()
    return (f"{what} is built for {platform}; this machine is {native}",)


def go_roots(sys_: System, facts: Facts, machine: HostFacts, identify: Identify, gos: list[GoOnPath]) -> list[GoRoot]:
    """Every toolchain found, with its platform (its go's header, else pkg/tool's folder) and its place on PATH."""
    first_root = next((g.root for g in gos), None)
    out = []
    for t in facts.toolchains:
        exe = sys_.join(t.root, "bin", go_exe(sys_))
        info = identify(exe) if sys_.is_file(exe) else None
        platform = _platform(info) or _pkg_tool_platform(sys_, t.root)
        on = [g for g in gos if facts.same_root(g.root, t.root)]
        on_path = "" if not on else "first" if facts.same_root(first_root, t.root) else "shadowed"
        warnings = _platform_warning("its go", platform, machine)
        if on_path == "shadowed":
            warnings += (f"on PATH, but shadowed by {gos[0].exe} ({gos[0].version or 'not a Go root'})",)
        out.append(GoRoot(t.root, t.version, platform, t.source, on_path, warnings))
    return out


def _pkg_tool_platform(sys_: System, root: str) -> str:
    """The platform of a root's prebuilt tools, `pkg/tool/<goos>_<goarch>` (when its go cannot be read)."""
    names = [n for n in sys_.list_dir(sys_.join(root, "pkg", "tool")) if n.count("_") == 1 and "race" not in n]
    return ", ".join(n.replace("_", "/") for n in names[:4])


def dlvs(sys_: System, facts: Facts, machine: HostFacts, identify: Identify) -> list[Tool]:
    cands = find_dlv(sys_, facts.workspace, facts.go_env, native_arch=machine.native_arch)
    chosen = next((c for c in cands if c.vscode), None)
    out = []
    for c in cands:
        ident = identify_dlv(sys_, c, identify)
        used = "VS Code Go" if c is chosen else "GoLand" if c.source == GOLAND else ""
        platform = _platform(ident.exe)
        warnings = _platform_warning("it", platform, machine)
        if ident.exe.build_info is None:
            warnings += (f"not a Go executable go-sidecar can read ({ident.exe.reason or 'unknown format'})",)
        elif not ident.is_delve:
            warnings += (f"a Go program that is not Delve ({ident.exe.build_info.path or '?'})",)
        if c.source != GOLAND and c is not chosen:
            warnings += (f"not used: VS Code Go runs {chosen.path}" if chosen else "not used by VS Code Go",)
        out.append(
            Tool("dlv", c.path, c.source, c.via, used, ident.delve_version, ident.go_version, platform, warnings)
        )
    return out


def gopls(
    sys_: System, ws: WorkspaceFacts, go_env: dict[str, str], machine: HostFacts, identify: Identify
) -> list[Tool]:
    """gopls where VS Code Go looks for it (the same search as dlv's, without GoLand, which has no gopls)."""
    name = "gopls.exe" if sys_.host.windows else "gopls"
    found: list[DlvCandidate] = []
    seen: set[str] = set()

    def add(path: str, source: str, via: str) -> None:
        key = sys_.norm(sys_.realpath(path))
        if sys_.is_file(path) and (key.lower() if sys_.host.windows else key) not in seen:
            seen.add(key.lower() if sys_.host.windows else key)
            found.append(DlvCandidate(path, source, via))

    tools = ws.settings_values.get("go.alternateTools")
    alternate = tools.get("gopls") if isinstance(tools, dict) else None
    dirs = search_dirs(sys_, ws, go_env)
    if isinstance(alternate, str) and alternate.strip():
        value = substitute(alternate.strip(), sys_, ws.root, ws.folders)  # as probe/delve.py resolves dlv's
        if value.startswith("~"):
            value = sys_.join(sys_.home, value[1:].lstrip("\\/"))
        if sys_.is_abs(value):
            add(value, "go.alternateTools", "")
        else:
            for folder, source, _ in dirs:
                add(sys_.join(folder, value + (".exe" if sys_.host.windows else "")), "go.alternateTools", source)
    for folder, source, via in dirs:
        add(sys_.join(folder, name), source, via)
    out = []
    for i, c in enumerate(found):
        exe = identify(c.path)
        bi = exe.build_info
        platform = _platform(exe)
        warnings = _platform_warning("it", platform, machine)
        version = ""
        if bi is None:
            warnings += (f"not a Go executable go-sidecar can read ({exe.reason or 'unknown format'})",)
        elif bi.main_module != GOPLS_MODULE and not bi.path.startswith(GOPLS_MODULE):
            warnings += (f"a Go program that is not gopls ({bi.path or '?'})",)
        else:
            version = bi.main_version.removeprefix("v")
        if i:
            warnings += (f"not used: VS Code Go runs {found[0].path}",)
        out.append(
            Tool(
                "gopls",
                c.path,
                c.source,
                c.via,
                "" if i else "VS Code Go",
                version,
                bi.go_version if bi else "",
                platform,
                warnings,
            )
        )
    return out


def environment(sys_: System, facts: Facts, gos: list[GoOnPath], path_value: str) -> list[Value]:
    windows = sys_.host.windows
    env = sys_.env
    out: list[Value] = []

    def var(name: str, default: str = "", default_source: str = "not set") -> Value:
        value = env_get(env, name, windows)
        if value:
            return Value(name, value, "environment")
        if facts.go_env.get(name):
            return Value(name, facts.go_env[name], "go env -w")
        return Value(name, default, default_source if default else "not set")

    first = gos[0] if gos else None
    goroot = var("GOROOT")
    if goroot.value and first is not None and first.root and not facts.same_root(goroot.value, first.root):
        goroot = Value(
            "GOROOT",
            goroot.value,
            goroot.source,
            warnings=(f"differs from PATH's go ({first.exe}, {first.version or '?'}): go builds with GOROOT's tools",),
        )
    elif not goroot.value:
        goroot = Value("GOROOT", "", "not set", "go uses the root above the go it runs")
    out.append(goroot)
    if facts.go_goroot is not None:
        out.append(
            Value(
                "go.goroot",
                facts.go_goroot.value,
                "settings.json",
                facts.go_goroot.info.version,
                () if facts.go_goroot.info.is_root else (f"{facts.go_goroot.info.problem}",),
            )
        )
    out.append(var("GOPATH", sys_.join(sys_.home, "go"), "default"))
    out.append(var("GOBIN"))
    tools_gopath = facts.workspace.settings_values.get("go.toolsGopath")
    if isinstance(tools_gopath, str) and tools_gopath:
        out.append(Value("go.toolsGopath", tools_gopath, "settings.json"))
    gt = var("GOTOOLCHAIN")
    if not gt.value:
        root = first.root if first is not None else None
        go_env = inspect_root(sys_, root).go_env if root else {}
        gt = Value("GOTOOLCHAIN", go_env.get("GOTOOLCHAIN", "auto"), "$GOROOT/go.env" if go_env else "default")
    out.append(gt)
    out.append(var("GOFLAGS"))
    env_file = go_env_file(sys_)
    out.append(
        Value(
            "go env -w file",
            env_file,
            "GOENV" if env_get(env, "GOENV", windows) else "default",
            f"{len(facts.go_env)} value(s)" if facts.go_env else "empty or absent",
        )
    )
    entries = [e for e in path_value.split(";" if windows else ":") if e]
    out.append(Value("PATH", path_value, "environment", f"{len(entries)} entries"))
    for i, g in enumerate(gos):
        warnings: tuple[str, ...] = ()
        if i and first is not None and not facts.same_root(g.root, first.root):
            warnings = (f"shadowed by {first.exe} ({first.version or 'not a Go root'})",)
        detail = f"{g.version} at {g.root}" if g.root else "not inside a Go root (a shim or a wrapper script)"
        out.append(Value(f"go on PATH #{i + 1}", g.exe, "PATH", detail, warnings))
    if not gos:
        out.append(Value("go on PATH", "", "PATH", "no go on PATH"))
    return out


def _label(cf: ConfigFacts, source: str) -> str:
    """Where a configuration's value comes from, in words (probe/facts.py's source names)."""
    if source == ENV:
        return "run configuration env" if cf.config.goland else f"{_file_kind(cf.config.anchor.path)} env"
    if source == ENV_FILE:
        return f"envFile {cf.env_file_path or ''}".strip()
    if source == TOOLS_ENV:
        return "go.toolsEnvVars"
    return source


def _file_kind(path: str) -> str:
    return ".code-workspace" if path.endswith(".code-workspace") else "launch.json"


def _config_value(sys_: System, facts: Facts, cf: ConfigFacts, name: str, root: str | None) -> Value:
    """env > envFile > go.toolsEnvVars (probe/facts.py), then the environment, `go env -w`, $GOROOT/go.env, Go."""
    windows = sys_.host.windows
    if name.upper() in cf.unknown:
        return Value(name, "", "unknown", "set by a ${input:...} or ${command:...}: known when the session starts")
    key = env_key(cf.env, name, windows)
    if key is not None:
        return Value(name, cf.env[key], _label(cf, cf.sources.get(key, "")))
    value = env_get(sys_.env, name, windows)
    if value:
        return Value(name, value, "environment")
    if facts.go_env.get(name):
        detail = "cgo's automatic switch looks at CC in the environment only" if name == "CC" else ""
        return Value(name, facts.go_env[name], "go env -w", detail)
    go_env = inspect_root(sys_, root).go_env if root else {}
    if go_env.get(name):
        return Value(name, go_env[name], "$GOROOT/go.env")
    if name in DEFAULTS:
        return Value(name, DEFAULTS[name], "default")
    if name == "CC":
        compiler = "clang" if sys_.host.os in ("darwin", "ios", "freebsd", "openbsd") else "gcc"
        return Value(name, compiler, "default", "looked up on PATH when cgo builds")
    if name == "CGO_ENABLED":
        return Value(name, "", "default", "1 when a C compiler is on PATH, else 0 (Go 1.20+)")
    return Value(name, "", "not set")


def _checked(v: Value) -> Value:
    """Marks on values that defeat a safeguard (the rules say more)."""
    warnings = v.warnings
    if v.name == "GOSUMDB" and v.value.strip().lower() == "off":
        warnings += ("the checksum database is off: modules are not verified, GOTOOLCHAIN downloads fail",)
    if v.name == "GOFLAGS" and "-insecure" in v.value.split():
        warnings += ("-insecure was removed in Go 1.17",)
    return Value(v.name, v.value, v.source, v.detail, warnings) if warnings != v.warnings else v


def configuration(sys_: System, facts: Facts, cf: ConfigFacts, tools: list[Tool]) -> Configuration:
    cfg = cf.config
    build = build_toolchain(facts, cf) if cfg.builds else None
    values: list[Value] = []
    warnings: list[str] = []
    if cfg.goland:
        kind = f"GoLand {'Go Test' if cfg.mode == 'test' else 'Go Application'}"
    else:
        kind = f"{cfg.request} {cfg.mode}" + {
            configs.BUILD: " (builds with go)",
            configs.EXEC: " (prebuilt program)",
            configs.REMOTE: " (a dlv already running)",
        }.get(cfg.kind, "")
    if cfg.builds:
        if not cf.knows("GOROOT"):
            values.append(_config_value(sys_, facts, cf, "GOROOT", None))
        elif build is None and cf.pin is not None:
            values.append(
                Value("GOROOT", cf.pin.value, _label(cf, cf.pin.source), warnings=(f"{cf.pin.info.problem}",))
            )
        elif build is None:
            values.append(Value("GOROOT", "", "none", warnings=("no Go toolchain found for this configuration",)))
        else:
            gw: tuple[str, ...] = ()
            pg = cf.path_go
            if not cfg.goland and pg is not None and pg.root and not facts.same_root(pg.root, build.root):
                gw = (f"differs from PATH's go ({pg.exe}, {pg.version or '?'})",)
            elif not cfg.goland and (pg is None or not pg.root) and cf.pin is not None:
                gw = ("no go on this configuration's PATH: Delve runs `go build` from PATH",)
            values.append(Value("GOROOT", build.root or "", build.how, build.version, gw))
        if not cfg.goland:
            path_key = env_key(cf.env, "PATH", sys_.host.windows)
            where = _label(cf, cf.sources.get(path_key, "")) if path_key else "the editor's PATH"
            if not path_key and facts.go_goroot is not None and facts.go_goroot.info.is_root:
                where += ", go.goroot's bin first"
            pg = cf.path_go
            values.append(
                Value(
                    "PATH's go",
                    pg.exe if pg else "",
                    where,
                    (f"{pg.version} at {pg.root}" if pg.root else "not inside a Go root") if pg else "no go on PATH",
                )
            )
        gt = Value("GOTOOLCHAIN", cf.gotoolchain, _label(cf, cf.gotoolchain_source))
        values.append(_toolchain_note(facts, gt, build.version if build else ""))
    root = build.root if build else None
    values += [_checked(_config_value(sys_, facts, cf, n, root)) for n in CONFIG_VARIABLES]
    values.append(_debugger(cf, tools))
    warnings += [f"{v.name}: {w}" for v in values for w in v.warnings]
    return Configuration(cfg.name, cfg.anchor.path, cfg.anchor.range.line + 1, kind, tuple(values), tuple(warnings))


def _toolchain_note(facts: Facts, gt: Value, version: str) -> Value:
    """What GOTOOLCHAIN does when go.mod (or go.work) asks for a newer Go than the one that builds (docs/facts.md,
    Go toolchains): `local` fails, `path` looks on PATH, `auto` (and `<name>+auto`) downloads."""
    req = facts.requirement
    wanted = req.toolchain.value if req and req.toolchain else req.go.value if req and req.go else ""
    need, have = parse_go_version(wanted), parse_go_version(version)
    if need is None or have is None or have >= need:
        return gt
    mode = gt.value.partition("+")[2] or gt.value
    if mode == "local" or (mode.startswith("go") and "+" not in gt.value):
        return Value(gt.name, gt.value, gt.source, gt.detail, (f"go.mod asks for go{need}: the build fails",))
    how = "it looks for it on PATH" if mode == "path" else "it downloads it on first use"
    return Value(gt.name, gt.value, gt.source, f"go.mod asks for go{need}: go switches to it ({how})")


def _debugger(cf: ConfigFacts, tools: list[Tool]) -> Value:
    cfg = cf.config
    if cfg.kind in (configs.REMOTE, configs.EXTERNAL):
        view = cfg.view
        host = (view.string("host") if view is not None else None) or "127.0.0.1"
        port = view.value("port") if view is not None else None
        where = f"{host}:{port.value if port is not None else '?'}"
        what = "remote dlv" if cfg.kind == configs.REMOTE else "external dlv dap server"
        return Value("dlv", where, what, "nothing local is built or run")
    used = "GoLand" if cfg.goland else "VS Code Go"
    tool = next((t for t in tools if t.name == "dlv" and t.used_by == used), None)
    if tool is None:
        return Value("dlv", "", "not installed", warnings=("no dlv found where the editor looks",))
    detail = f"Delve {tool.version or '?'} built with {tool.go_version or '?'}, {tool.platform or '?'}"
    return Value("dlv", tool.path, tool.source, detail, tuple(w for w in tool.warnings if not w.startswith("not used")))
