"""Whether a configuration's build uses cgo and can find its C compiler; which modules the workspace's go.mod
requires (issue 13: rules/cgo.py, rules/checksums.py, rules/insecure.py). Read statically: no compiler, no go and
nothing the workspace names is ever run. The rooms this gathers from: probe/buildenv.py (a variable as the build
reads it), probe/ccompiler.py (the compiler looked up), probe/cgo_sources.py (the module's files that import "C"),
parse/gomod.py (go.mod's requires).

How cmd/go decides (docs/facts.md, cgo, C compilers and checksum settings; `cmd/go/internal/cfg/cfg.go`, Go 1.20+):
- CGO_ENABLED is read with `cfg.Getenv` (the environment, then the `go env -w` file): "1" or "0" decide;
- otherwise a cross-compile (GOOS/GOARCH other than the host's) has cgo off;
- otherwise cgo is on, except that when CC is unset in the *process environment* (`os.Getenv("CC")`: a `go env
  -w` CC does not count) and the default compiler is not found by `exec.LookPath`, cgo is switched off;
- the compiler a build runs is CC as `cfg.Getenv` gives it (environment, then `go env -w`): cmd/go puts its whole
  computed environment (`envcmd.MkEnv`, CC included) into its own and cmd/cgo's (`cmd/go/main.go` invoke).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass, field
from go_sidecar.parse.gomod import parse_requires
from go_sidecar.probe.buildenv import CGO_FLAG_KEYS, ENVIRONMENT, PROCESS_KEYS, Setting, env_key, setting
from go_sidecar.probe.ccompiler import Lookup, SplitPath, default_cc, look_path, quoted_fields, split_path
from go_sidecar.probe.memo import MODULES, WALKS, Memo, remembered
from go_sidecar.probe.programs import build_target, split_build_flags, split_quoted
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import go_env_file

if TYPE_CHECKING:
    from go_sidecar.parse.buildconstraint import Target
    from go_sidecar.probe.cgo_sources import CgoSources
    from go_sidecar.probe.facts import ConfigFacts
    from go_sidecar.probe.workspace import WorkspaceFacts

MAX_GOMOD = 4 * 1024 * 1024


# --- per configuration -------------------------------------------------------------------------------------------
@dataclass
class ConfigCgo:
    """What decides cgo for one configuration's build (aligned with Facts.configs)."""

    target: Target  # GOOS/GOARCH (and -tags when known) the build matches files against
    cgo_enabled: Setting | None  # CGO_ENABLED as cfg.Getenv reads it
    cc: Setting | None  # CC as the build runs it (cfg.Getenv: environment, then go env -w)
    cc_in_environment: Setting | None  # CC as os.Getenv reads it: what keeps cgo on when no compiler is found
    compiler: Lookup | None  # the first field of CC (else the default compiler) looked up on the PATH
    default_compiler: Lookup | None  # the default compiler looked up (decides cgo's default when CC is unset)
    race: bool = False  # -race in buildFlags or GOFLAGS


@dataclass
class CgoFacts:
    host_os: str
    host_arch: str
    process: dict[str, str]  # PROCESS_KEYS of the process environment (Windows: by their upper-case name)
    configs: list[ConfigCgo]  # one per Facts.configs entry, in its order
    sources: CgoSources | None = None  # the workspace module's files importing "C"
    requires: list[str] = field(default_factory=list)  # module paths go.mod requires
    module_path: str = ""  # go.mod's module line
    gomod_go: str = ""  # go.mod's go line
    requires_truncated: bool = False  # go.mod was too large to read
    go_env_path: str = ""  # the go env -w file (toolchains.go_env_file)
    # (CC | CXX | CGO_*FLAGS, value) -> SplitPath, for every value of these a configuration, go.toolsEnvVars, the
    # environment or the go env -w file sets that has a separator and a space
    paths: dict[tuple[str, str], SplitPath] = field(default_factory=dict)

    def split_path(self, name: str, value: str) -> SplitPath | None:
        return self.paths.get((name.upper(), value))


def gather_cgo(
    sys_: System,
    ws: WorkspaceFacts,
    configs: list[ConfigFacts],
    go_env: Mapping[str, str],
    overlays: Mapping[str, bytes] | None = None,
    memo: Memo | None = None,
) -> CgoFacts:
    windows = sys_.host.windows
    process = {k: v for k in PROCESS_KEYS if (v := env_get(sys_.env, k, windows))}
    out = CgoFacts(sys_.host.os, sys_.host.arch, process, [], go_env_path=go_env_file(sys_))
    lookups: dict[tuple[str, str | None, str], Lookup] = {}

    def find(name: str, path_value: str | None, path_source: str) -> Lookup:
        key = (name, path_value, path_source)
        if key not in lookups:
            lookups[key] = look_path(sys_, name, path_value, process.get("PATHEXT"), path_source)
        return lookups[key]

    for cf in configs:
        out.configs.append(_config_cgo(sys_, cf, process, go_env, find))
    tools = ws.settings_member("go.toolsEnvVars")
    tools_env = tools.value.to_python() if tools is not None and tools.value is not None else None
    for env in [cf.env for cf in configs] + [process, dict(go_env), tools_env if isinstance(tools_env, dict) else {}]:
        for k, v in env.items():
            name = k.upper() if windows else k
            if name not in ("CC", "CXX", *CGO_FLAG_KEYS) or not isinstance(v, str) or (name, v) in out.paths:
                continue
            if " " in v or "\t" in v:
                out.paths[(name, v)] = split_path(sys_, v, name in ("CC", "CXX"))
    if any(cf.config.builds and _compiler_missing(cc) for cf, cc in zip(configs, out.configs, strict=True)):
        # Only when a build may go without its C compiler: the walk reads the module's .go files.
        first = tuple(dict.fromkeys(f for cf in configs if (f := program_folder(sys_, cf)) is not None))
        from go_sidecar.probe.cgo_sources import scan_module  # only then: a check with its compilers reads no .go file

        out.sources = remembered(memo, WALKS, ("cgo", ws.root, first), lambda: scan_module(sys_, ws.root, first))
    _read_requires(sys_, ws.root, out, overlays, memo)
    return out


def _read_requires(
    sys_: System, root: str, out: CgoFacts, overlays: Mapping[str, bytes] | None, memo: Memo | None
) -> None:
    """go.mod's module and go lines and the modules it requires (the editor's buffer when it holds go.mod)."""
    gomod = sys_.join(root, "go.mod")
    data = (overlays or {}).get(gomod)
    if data is None:
        try:
            data = sys_.read_bytes(gomod, MAX_GOMOD)
        except OSError as e:
            data = None
            out.requires_truncated = not isinstance(e, (FileNotFoundError, IsADirectoryError, PermissionError))
    if data is not None:
        # Keyed by go.mod's bytes: a monorepo's go.mod of thousands of requires took ~29 ms to parse on every
        # launch.json keystroke (bench/monorepo.py); comparing the bytes costs microseconds.
        parsed = (
            parse_requires(data)
            if memo is None
            else memo.get(MODULES, ("requires", gomod), data, lambda: parse_requires(data))
        )
        out.module_path, out.gomod_go, out.requires = parsed[0], parsed[1], list(parsed[2])


def _config_cgo(
    sys_: System,
    cf: ConfigFacts,
    process: Mapping[str, str],
    go_env: Mapping[str, str],
    find: Any,
) -> ConfigCgo:
    windows = sys_.host.windows
    view = getattr(cf.config, "view", None)
    node = view.value("buildFlags") if view is not None else None
    flags: Any = node.to_python() if node is not None and node.kind in ("string", "array") else None
    rc = getattr(cf.config, "rc", None)  # a GoLand run configuration: its Go tool arguments
    if flags is None and rc is not None:
        flags = rc.go_parameters or None
    env = {**{k: v for k, v in process.items() if k in ("GOOS", "GOARCH", "GOFLAGS")}, **cf.env}
    target = build_target(sys_.host, env, dict(go_env), flags if cf.knows("GOFLAGS") else None)
    args = split_quoted((setting(cf, process, go_env, "GOFLAGS", windows) or Setting("", "", "")).value)
    if isinstance(flags, str):
        args += split_build_flags(flags)
    elif isinstance(flags, list):
        args += [a for a in flags if isinstance(a, str)]
    race = any(_bool_flag(a, "race") for a in args)

    path_key = env_key(cf.env, "PATH", windows)
    path_value = cf.env[path_key] if path_key else env_get(sys_.env, "PATH", windows)
    path_source = cf.sources.get(path_key, "env") if path_key else ENVIRONMENT
    cc = setting(cf, process, go_env, "CC", windows)
    cc_env = setting(cf, process, go_env, "CC", windows, file=False)
    default = default_cc(target.goos)
    default_lookup = find(default, path_value, path_source)
    compiler = default_lookup
    if cc is not None:  # CC's first field (None: an empty or unterminated CC, which fails on its own)
        fields = quoted_fields(cc.value)
        compiler = find(fields[0][0], path_value, path_source) if fields and fields[0][0] else None
    out = ConfigCgo(
        target,
        setting(cf, process, go_env, "CGO_ENABLED", windows),
        cc,
        cc_env,
        compiler,
        default_lookup,
        race,
    )
    return out


def program_folder(sys_: System, cf: ConfigFacts) -> str | None:
    """The folder a configuration builds (probe/programs.py PathFacts: a folder, or a .go file's folder)."""
    p = cf.program
    if p is None or p.path is None or not cf.config.builds:
        return None
    return str(p.path) if p.state == "dir" else sys_.parent(str(p.path)) if p.state == "go" else None


def _compiler_missing(cc: ConfigCgo) -> bool:
    return any(
        lookup is not None and (lookup.found is None or bool(lookup.xcode_missing))
        for lookup in (cc.compiler, cc.default_compiler)
    )


def _bool_flag(arg: str, name: str) -> bool:
    """`-name`, `--name` or `-name=true` (flag.Parse's spellings of a true boolean flag)."""
    bare = arg.lstrip("-")
    if len(arg) - len(bare) not in (1, 2):
        return False
    flag, eq, value = bare.partition("=")
    return flag == name and (not eq or value in ("1", "t", "T", "TRUE", "true", "True"))
