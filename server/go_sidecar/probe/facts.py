"""Everything the rules need, gathered once: which Go each debug configuration will really build with.

VS Code Go passes `env` (wins over `envFile`, which wins over `go.toolsEnvVars`) to `dlv dap`; Delve then
runs plain `go build` from PATH (docs/facts.md, VS Code Go extension). `go.goroot` (and "Choose Go Environment")
also put that root's bin first on the extension's PATH, so a `go.goroot` pin keeps PATH and GOROOT in step,
while an `env.GOROOT` pin does not.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING

from go_sidecar._record import dataclass, field
from go_sidecar.model import Location, Toolchain
from go_sidecar.parse.gomod import Directive
from go_sidecar.parse.goversion import GoVersion, parse_go_version
from go_sidecar.probe.cgo import CgoFacts, gather_cgo
from go_sidecar.probe.machine import MachineFacts, machine_facts
from go_sidecar.probe.memo import LINKS, WALKS, Memo, remembered
from go_sidecar.probe.modules import module_facts
from go_sidecar.probe.pinfiles import PinFacts, read_pin_facts
from go_sidecar.probe.programs import Package, build_target, main_packages, package_of, package_of_file, path_facts
from go_sidecar.probe.reach import reaches
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import (
    GoOnPath,
    RootInfo,
    discover,
    first_go_on_path,
    inspect_root,
    read_go_env,
)
from go_sidecar.probe.variables import resolve
from go_sidecar.probe.workspace import LaunchConfig, WorkspaceFacts, env_file_path, read_env_file, substitute
from go_sidecar.probe.wsl import WslFacts, read_wsl_facts
from go_sidecar.settings import Settings

if TYPE_CHECKING:
    from go_sidecar.parse.buildconstraint import Target
    from go_sidecar.parse.jsonc import JNode
    from go_sidecar.probe.cache_records import CacheFacts
    from go_sidecar.probe.debugger import DebugFacts
    from go_sidecar.probe.goland import XmlValue
    from go_sidecar.probe.goland_configs import GolandConfig
    from go_sidecar.probe.modules import ModuleFacts
    from go_sidecar.probe.programs import MainPackages, PathFacts

ENV, ENV_FILE, TOOLS_ENV, GO_GOROOT = "env", "envFile", "go.toolsEnvVars", "go.goroot"
GOLAND_SDK = "GoLand project SDK"


@dataclass(frozen=True)
class Pin:
    """A GOROOT written in the workspace's configuration."""

    value: str  # with ${...} substituted
    source: str  # env | envFile | go.toolsEnvVars | go.goroot
    location: Location  # of the written value (for envFile: the envFile value in launch.json)
    info: RootInfo
    # the string node of the written value, for fixes: launch.json's or settings.json's (env, go.toolsEnvVars,
    # go.goroot), a GoLand run configuration's <env> value
    node: JNode | XmlValue | None = None


@dataclass
class ConfigFacts:
    config: LaunchConfig | GolandConfig
    env: dict[str, str]  # effective environment of the dlv process, ${...} substituted
    sources: dict[str, str]  # variable -> env | envFile | go.toolsEnvVars
    pin: Pin | None  # a GOROOT from env, envFile or go.toolsEnvVars
    path_go: GoOnPath | None  # the first `go` on this configuration's PATH
    gotoolchain: str
    gotoolchain_source: str
    unknown: set[str] = field(default_factory=set)  # variables whose value depends on ${input:...} and friends
    env_file_path: str | None = None  # the envFile, resolved (None: none, or unknown)
    program: PathFacts | None = None  # of `program` (launch.json), of what a GoLand run configuration builds
    cwd: PathFacts | None = None  # of `cwd` (GoLand: the working directory)
    package: Package = Package()  # what the program's folder builds (read when program is a folder or .go file)
    module: ModuleFacts | None = None  # the go.mod/go.work of the program's folder (launch.json builds only)

    def knows(self, *names: str) -> bool:
        """None of these variables has a value go-sidecar cannot know (so rules may judge them)."""
        return not any(n.upper() in self.unknown for n in names)


@dataclass(frozen=True)
class Requirement:
    """The newest Go that go.work (or else go.mod) asks for: its go line and toolchain line."""

    go: Directive | None
    toolchain: Directive | None
    path: str


@dataclass
class Facts:
    root: str
    workspace: WorkspaceFacts
    toolchains: list[Toolchain]
    configs: list[ConfigFacts]
    go_goroot: Pin | None
    process_goroot: RootInfo | None
    process_path_go: GoOnPath | None
    go_env: dict[str, str]
    requirement: Requirement | None
    windows: bool = False
    path_sep: str = ":"
    messages: list[str] = field(default_factory=list)
    real: dict[str, str] = field(default_factory=dict)  # root as written -> canonical real path
    # root as written -> why it is inside or reached through the workspace (probe.reach); absent: outside
    in_workspace: dict[str, str] = field(default_factory=dict)
    go_goroot_unknown: bool = False  # go.goroot is set to a value that depends on ${input:...} and friends
    goland_sdk: Pin | None = None  # .idea/workspace.xml's GOROOT component: what GoLand run configurations use
    workspace_home: str = ""  # the user's home (GoLand writes paths under it as $USER_HOME$)
    main_packages: MainPackages | None = None  # when a program needs replacing (else None)
    debug: DebugFacts | None = None  # probe.debugger, when the workspace has Go debug configurations
    caches: CacheFacts | None = None  # probe.caches: the machine's Go and JetBrains caches
    cgo: CgoFacts | None = None  # probe.cgo: cgo settings and C compiler per config, "C" imports, go.mod requires
    pins: PinFacts | None = None  # probe.pinfiles: version-manager pin files deciding the root's and each config's Go
    wsl: WslFacts | None = None  # probe.wsl: inside WSL, or a Windows workspace on a WSL share (else None)
    machine: MachineFacts | None = None  # probe.machine: registry environment, GOROOT, every go on each PATH

    def same_root(self, a: str | None, b: str | None) -> bool:
        if not a or not b:
            return False
        return self._canon(a) == self._canon(b)

    def _canon(self, path: str) -> str:
        p = self.real.get(path, path).rstrip("\\/")
        return p.lower().replace("/", "\\") if self.windows else p

    def bin_dir(self, root: str) -> str:
        sep = "\\" if self.windows else "/"
        return root.rstrip("\\/") + sep + "bin"


def toolchain_root_dirs(sys_: System, ws: WorkspaceFacts, settings: Settings) -> list[str]:
    """`goSidecar.toolchainRoots` as folders: `${workspaceFolder}` and friends substituted, and relative paths
    taken from the workspace root, as VS Code users write them in a shared settings.json."""
    out = []
    for raw in settings.toolchain_roots:
        value = substitute(raw, sys_, ws.root, ws.folders)
        if value and not sys_.is_abs(value):
            value = sys_.join(ws.root, value)
        if value:
            out.append(value)
    return out


class Build:
    """The toolchain a configuration's `go build` will run, and how it was chosen."""

    def __init__(self, root: str | None, version: str, how: str):
        self.root = root
        self.version = version
        self.how = how

    @property
    def go_version(self) -> GoVersion | None:
        return parse_go_version(self.version)


def build_toolchain(facts: Facts, cf: ConfigFacts) -> Build | None:
    if cf.config.goland:  # GoLand runs the project SDK's go (or the run configuration's GOROOT), not PATH's
        pin = cf.pin or facts.goland_sdk
        if pin is None or not pin.info.is_root:
            return None
        return Build(
            pin.value,
            pin.info.version,
            "the GoLand project SDK" if pin is facts.goland_sdk else "GOROOT of the run configuration",
        )
    if cf.pin is not None:
        if not cf.pin.info.is_root:
            return None
        return Build(cf.pin.value, cf.pin.info.version, f"{_describe_source(cf.pin.source)} GOROOT")
    if facts.go_goroot is not None and facts.go_goroot.info.is_root:
        return Build(facts.go_goroot.value, facts.go_goroot.info.version, "go.goroot in settings.json")
    if facts.process_goroot is not None and facts.process_goroot.is_root:
        return Build(facts.process_goroot.path, facts.process_goroot.version, "GOROOT of the environment")
    if cf.path_go is not None and cf.path_go.root:
        return Build(cf.path_go.root, cf.path_go.version, f"the first go on PATH, {cf.path_go.exe}")
    return None


def _describe_source(source: str) -> str:
    return {ENV: "the configuration's env", ENV_FILE: "the envFile's", TOOLS_ENV: "go.toolsEnvVars'"}.get(
        source, source
    )


def probe_toolchains(sys_: System, ws: WorkspaceFacts, settings: Settings) -> list[Toolchain]:
    """The slow part (directory listings of every known place); the server caches it between edits."""
    go_goroot = ws.settings_values.get("go.goroot")
    go_goroot = substitute(go_goroot, sys_, ws.root, ws.folders) if isinstance(go_goroot, str) and go_goroot else None
    return discover(sys_, read_go_env(sys_), toolchain_root_dirs(sys_, ws, settings), go_goroot)


def gather(
    sys_: System,
    ws: WorkspaceFacts,
    toolchains: list[Toolchain],
    memo: Memo | None = None,
    overlays: Mapping[str, bytes] | None = None,
) -> Facts:
    windows = sys_.host.windows
    # One look at each Go root and each PATH per check: configurations mostly name the same few (a launch.json
    # of 18 configurations asked for the same roots ~35 times).
    roots: dict[str, RootInfo] = {}
    gos: dict[str | None, GoOnPath | None] = {}

    def root_info(path: str) -> RootInfo:
        info = roots.get(path)
        if info is None:
            info = roots[path] = inspect_root(sys_, path)
        return info

    def go_on(path_value: str | None) -> GoOnPath | None:
        if path_value not in gos:
            gos[path_value] = first_go_on_path(sys_, path_value)
        return gos[path_value]

    go_env = read_go_env(sys_)
    tools_env_node: JNode | None = None
    member = ws.settings_member("go.toolsEnvVars")
    if member is not None and member.value is not None and member.value.kind == "object":
        tools_env_node = member.value
    tools_env: dict[str, str | None] = {
        m.key: resolve(str(m.value.value), sys_, ws.root, ws.folders)
        for m in (tools_env_node.members if tools_env_node else [])
        if m.value is not None and m.value.kind == "string"
    }

    go_goroot = None
    go_goroot_unknown = False
    member = ws.settings_member("go.goroot")
    value = None
    goroot_node = member.value if member is not None else None
    if goroot_node is not None and goroot_node.kind == "string" and goroot_node.value:
        value = resolve(goroot_node.value, sys_, ws.root, ws.folders)
        go_goroot_unknown = value is None
    if value and goroot_node is not None and ws.settings is not None:  # "": an unset ${env:X}, no pin; None: unknown
        go_goroot = Pin(
            value,
            GO_GOROOT,
            ws.location_of(ws.settings_path, ws.settings, goroot_node.start, goroot_node.end),
            root_info(value),
            goroot_node,
        )

    goland_sdk = None
    gf = ws.goland_facts
    if gf is not None and gf.sdk is not None and gf.sdk.path and not gf.sdk.unknown_macros:
        goland_sdk = Pin(gf.sdk.path, GOLAND_SDK, gf.sdk.location, root_info(gf.sdk.path))

    process_goroot_value = env_get(sys_.env, "GOROOT", windows)
    process_goroot = root_info(process_goroot_value) if process_goroot_value else None
    process_path = env_get(sys_.env, "PATH", windows)
    if go_goroot is not None and go_goroot.info.is_root:
        # VS Code Go puts go.goroot's bin first on the PATH it hands to tools and the debugger.
        process_path = _prepend(go_goroot.value, process_path, windows)
    process_path_go = go_on(process_path)

    configs = []
    states: dict[str, str] = {}  # path -> what is there, for this check (probe/programs.py path_facts)
    run_configs: list[LaunchConfig | GolandConfig] = [*ws.configs, *ws.goland_configs]
    for cfg in run_configs:
        env: dict[str, str] = {}
        sources: dict[str, str] = {}
        unknown: set[str] = set()
        put = partial(_put_env, env, sources, unknown)

        for k, v in tools_env.items() if not cfg.goland else ():  # go.toolsEnvVars is VS Code's
            put(k, v, TOOLS_ENV)
        if cfg.env_file:
            for k, v in read_env_file(sys_, ws, cfg.env_file).items():
                put(k, v, ENV_FILE)
        for k, v in cfg.env.items():
            put(k, resolve(v, sys_, ws.root, ws.folders), ENV)

        pin = None
        goroot_key = env_key(env, "GOROOT", windows)
        if goroot_key and env[goroot_key]:
            source = sources[goroot_key]
            location, node = _pin_location(ws, cfg, tools_env_node, goroot_key, source)
            pin = Pin(env[goroot_key], source, location, root_info(env[goroot_key]), node)

        path_key = env_key(env, "PATH", windows)
        path_value = env[path_key] if path_key else process_path
        path_go = go_on(path_value) if path_key else process_path_go

        gt_key = env_key(env, "GOTOOLCHAIN", windows)
        if gt_key:
            gotoolchain, gt_source = env[gt_key], sources[gt_key]
        else:
            gotoolchain, gt_source = _default_gotoolchain(
                sys_, go_env, pin, go_goroot, process_goroot, path_go, root_info
            )
        cf = ConfigFacts(
            cfg,
            env,
            sources,
            pin,
            path_go,
            gotoolchain,
            gt_source,
            unknown,
            env_file_path(sys_, ws, cfg.env_file) if cfg.env_file else None,
        )
        if cfg.goland:  # what a GoLand run configuration builds and where it runs (goland_configs.py)
            cf.program, cf.cwd, cf.package = cfg.path_facts(sys_, ws.root, go_env, memo)
        else:
            cf.program = program = path_facts(sys_, cfg, "program", ws.root, ws.folders, states)
            cf.cwd = path_facts(sys_, cfg, "cwd", ws.root, ws.folders, states)
            if program is not None and program.path is not None and cfg.builds:  # path None: state "unknown"
                if program.state == "dir":
                    cf.package = package_of(sys_, program.path, _build_target(sys_, cf, go_env))
                elif program.state == "go":
                    cf.package = package_of_file(sys_, program.path)
            cf.module = module_facts(sys_, cfg, program, env, go_env, memo, overlays)  # None unless built in its folder
        configs.append(cf)

    requirement = None
    mod = ws.gowork if ws.gowork and (ws.gowork.go or ws.gowork.toolchain) else ws.gomod
    if mod is not None and (mod.go or mod.toolchain):
        requirement = Requirement(mod.go, mod.toolchain, mod.path)

    real: dict[str, str] = {}
    named = [t.root for t in toolchains] + [c.pin.value for c in configs if c.pin]
    named += [c.path_go.root for c in configs if c.path_go and c.path_go.root]
    named += [go_goroot.value] if go_goroot else []
    named += [goland_sdk.value] if goland_sdk else []
    named += [process_goroot.path] if process_goroot else []
    named += [process_path_go.root] if process_path_go and process_path_go.root else []
    in_workspace: dict[str, str] = {}
    for path in named:
        if path not in real:
            if memo is None:
                real[path], why = sys_.realpath(path), reaches(sys_, path, [ws.root])
            else:  # a lstat per component of 30 toolchain roots on every keystroke: again on TOOLCHAINS or ttl
                real[path], why = memo.get(LINKS, (path, ws.root), (), partial(_real_and_reach, sys_, path, ws.root))
            if why:
                in_workspace[path] = why

    return Facts(
        real=real,
        in_workspace=in_workspace,
        go_goroot_unknown=go_goroot_unknown,
        goland_sdk=goland_sdk,
        workspace_home=sys_.home,
        main_packages=remembered(memo, WALKS, ("mains", ws.root), partial(main_packages, sys_, ws.root))
        if any(_needs_mains(c) for c in configs)
        else None,
        root=ws.root,
        workspace=ws,
        toolchains=toolchains,
        configs=configs,
        go_goroot=go_goroot,
        process_goroot=process_goroot,
        process_path_go=process_path_go,
        go_env=go_env,
        requirement=requirement,
        windows=windows,
        path_sep=";" if windows else ":",
        messages=list(ws.messages),
        cgo=gather_cgo(sys_, ws, configs, go_env, overlays, memo),
        pins=read_pin_facts(sys_, ws.root, configs, overlays),
        wsl=read_wsl_facts(sys_, ws.root, configs, named, process_path),
        machine=machine_facts(sys_, process_path, [c.env for c in configs], memo),
    )


def _real_and_reach(sys_: System, path: str, root: str) -> tuple[str, str | None]:
    return sys_.realpath(path), reaches(sys_, path, [root])


def _put_env(
    env: dict[str, str], sources: dict[str, str], unknown: set[str], k: str, v: str | None, source: str
) -> None:
    """One variable of a configuration's environment, from `source`; None: known only when the session starts."""
    if v is None:  # ${input:...}, ${command:...}, ...
        unknown.add(k.upper())
        env.pop(k, None)
        sources[k] = source
    else:
        unknown.discard(k.upper())
        env[k], sources[k] = v, source


def env_key(env: dict[str, str], name: str, windows: bool) -> str | None:
    """The variable's name in env: on Windows any spelling (`Path` is PATH there); elsewhere names are
    case-sensitive (go build reads only GOOS/GOARCH)."""
    if name in env:
        return name
    if windows:
        for k in env:
            if k.upper() == name:
                return k
    return None


def _prepend(root: str, path_value: str | None, windows: bool) -> str:
    sep, slash = (";", "\\") if windows else (":", "/")
    bin_dir = root.rstrip("\\/") + slash + "bin"
    return bin_dir + (sep + path_value if path_value else "")


def _build_target(sys_: System, cf: ConfigFacts, go_env: dict[str, str]) -> Target:
    """The files a configuration's build takes: its GOOS/GOARCH and -tags (buildFlags, GOFLAGS) when known; a
    tag of the user's own is not judged while they are not (a `${input:..}` in buildFlags, an unknown GOFLAGS)."""
    view = cf.config.view
    node, _ = view.member("buildFlags") if view is not None else (None, None)
    flags = node.to_python() if node is not None and node.kind in ("string", "array") else ""
    known = cf.knows("GOFLAGS") and "${" not in str(flags)
    return build_target(sys_.host, cf.env, go_env, flags if known else None)


def _needs_mains(cf: ConfigFacts) -> bool:
    """A fix will offer the module's main packages: the program is missing or not a main package."""
    p = cf.program
    if p is None or not cf.config.builds:
        return False
    if p.state in ("missing", "file", "special"):
        return True
    pkg = cf.package
    return p.state in ("dir", "go") and cf.config.mode != "test" and (not pkg.has_go or pkg.name not in (None, "main"))


def _pin_location(
    ws: WorkspaceFacts, cfg: LaunchConfig | GolandConfig, tools_env_node: JNode | None, key: str, source: str
) -> tuple[Location, JNode | XmlValue | None]:
    """(where the GOROOT is written, its JSON string node or None)."""
    if source == ENV:
        location, node = cfg.env_location(key)  # the platform block's when it sets the key; an XML value
        if node is not None:
            return location, node
    if source == ENV_FILE and cfg.env_file_location is not None:
        return cfg.env_file_location, None
    if source == TOOLS_ENV and tools_env_node is not None:
        m = tools_env_node.get(key)
        if m is not None and m.value is not None and ws.settings is not None:
            return ws.location_of(ws.settings_path, ws.settings, m.value.start, m.value.end), m.value
    return cfg.anchor, None


def _default_gotoolchain(
    sys_: System,
    go_env: dict[str, str],
    pin: Pin | None,
    go_goroot: Pin | None,
    process_goroot: RootInfo | None,
    path_go: GoOnPath | None,
    root_info: Callable[[str], RootInfo],
) -> tuple[str, str]:
    """GOTOOLCHAIN outside the configuration: process env, then `go env -w`, then $GOROOT/go.env, then auto."""
    value = env_get(sys_.env, "GOTOOLCHAIN", sys_.host.windows)
    if value:
        return value, "environment"
    if go_env.get("GOTOOLCHAIN"):
        return go_env["GOTOOLCHAIN"], "go env -w"
    for info in (pin.info if pin else None, go_goroot.info if go_goroot else None, process_goroot):
        if info is not None and info.is_root and info.go_env.get("GOTOOLCHAIN"):
            return info.go_env["GOTOOLCHAIN"], "$GOROOT/go.env"
    if path_go is not None and path_go.root:
        info = root_info(path_go.root)
        if info.go_env.get("GOTOOLCHAIN"):
            return info.go_env["GOTOOLCHAIN"], "$GOROOT/go.env"
    return "auto", "default"
