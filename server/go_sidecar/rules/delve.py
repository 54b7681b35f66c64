"""Debugger rules: a dlv for the wrong machine, a Go built for the wrong CPU, a Delve/Go version mismatch.

Each names the error the user would otherwise meet at launch (docs/facts.md, Delve).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING

from go_sidecar.model import Fix, Location, Severity
from go_sidecar.parse.goversion import parse_go_version
from go_sidecar.probe.facts import ENV, Build, ConfigFacts, Facts, build_toolchain, env_key
from go_sidecar.rules.declare import Found, rule
from go_sidecar.rules.delve_fixes import alternate_tools_fix, install_blocker, install_fix
from go_sidecar.rules.goroot import env_edits, pin_fixes, ranked_toolchains, requirement_versions, toolchain_policy

if TYPE_CHECKING:
    from go_sidecar.probe.delve import DlvIdentity
    from go_sidecar.probe.host import HostFacts

ROSETTA = (
    "could not launch process: can not run under Rosetta, check that the installed build of Go is right "
    "for your CPU architecture"
)
NOT_WIN32 = "could not launch process: %1 is not a valid Win32 application"
EXEC_FORMAT = "exec format error"
CHECK_FLAG = "--check-go-version=false"


# --- shared helpers -------------------------------------------------------------------------------------
def _anchor(facts: Facts) -> Location | None:
    """Machine-level debugger findings sit on the first Go configuration that runs a local dlv (or go.mod in a
    GoLand project); a workspace whose configurations all attach to a remote dlv gets none."""
    if any(not cf.config.goland for cf in facts.configs):
        local = _local(facts)
        return local[0].config.anchor if local else None
    mod = facts.workspace.gomod
    if mod is not None:
        return Location(mod.path, mod.first_line)
    return None


def _platform(goos: str, goarch: str) -> str:
    return f"{goos or '?'}/{goarch or '?'}"


def _launch_error(m: HostFacts, goos: str, goarch: str) -> str:
    """What starting an executable of goos/goarch on machine m gives."""
    if m.os == "darwin" and goos == "darwin" and goarch == "amd64" and m.native_arch == "arm64":
        return ROSETTA
    if m.os == "windows":
        return NOT_WIN32
    return EXEC_FORMAT


def running_go(facts: Facts, cf: ConfigFacts, build: Build) -> str:
    """The Go version that builds the debug target: GOTOOLCHAIN may force or switch it (goroot rules)."""
    forced, mode = toolchain_policy(cf.gotoolchain)
    if forced is not None:
        return forced.go_name
    have = build.go_version
    go_req, tc_req = requirement_versions(facts)
    if have is not None and mode in ("auto", "path"):
        wanted = max((v for v in (go_req, tc_req) if v is not None), default=None)
        if wanted is not None and have < wanted:
            return wanted.go_name
    return build.version


def _matching_others(facts: Facts, ok: Callable[[DlvIdentity], bool]) -> list[DlvIdentity]:
    debug = facts.debug
    if debug is None:
        return []
    return [i for i in debug.others if i.is_delve and debug.runs_natively(i.exe) and ok(i)]


def _builds(facts: Facts) -> list[tuple[ConfigFacts, Build]]:
    """The configurations that build here, with the toolchain they build with (when it is known)."""
    return [
        (cf, b)
        for cf in facts.configs
        if cf.config.builds
        and not cf.config.goland
        and cf.knows("GOROOT", "PATH")
        and (b := build_toolchain(facts, cf)) is not None
    ]


def _program_location(cf: ConfigFacts) -> Location:
    return cf.program.location if cf.program is not None else cf.config.anchor


def _debugged_go(facts: Facts) -> list[tuple[ConfigFacts, Build | None, str, str, Location]]:
    """(configuration, the toolchain that builds, the Go version Delve will see, how, where to say it): the Go
    a launch builds with, or the Go a `mode: exec` program was built with (its build info, read not run)."""
    out: list[tuple[ConfigFacts, Build | None, str, str, Location]] = []
    for cf, build in _builds(facts):
        out.append(
            (
                cf,
                build,
                running_go(facts, cf, build),
                "builds with Go {go}",
                cf.pin.location if cf.pin else cf.config.anchor,
            )
        )
    programs = facts.debug.programs if facts.debug is not None else {}
    for cf in facts.configs:
        found = programs.get(cf.config.index)
        if found is None:
            continue
        path, exe = found
        info = exe.build_info
        if info is None or not info.go_version:
            continue
        out.append((cf, None, info.go_version, f"debugs {path}, built with Go {{go}},", _program_location(cf)))
    return out


def _local(facts: Facts) -> list[ConfigFacts]:
    """The configurations for which a dlv runs on this machine (not remote attach, not an external server)."""
    return [cf for cf in facts.configs if cf.config.local_dlv]


def _dlv_flags(facts: Facts, cf: ConfigFacts) -> list[str]:
    """The configuration's dlvFlags, or go.delveConfig's when it has none (vscode-go fills them in), spaces
    removed."""
    cfg = cf.config
    if cfg.view is not None:
        flags = cfg.view.value("dlvFlags")
    else:  # a GoLand run configuration has no JSON node: go.delveConfig's flags
        flags = cfg.node.get_value("dlvFlags") if cfg.node is not None else None
    if flags is not None and flags.kind == "array":
        return [v.value.replace(" ", "") for v in flags.value if v.kind == "string"]
    dc = facts.workspace.settings_values.get("go.delveConfig")
    if isinstance(dc, dict) and isinstance(dc.get("dlvFlags"), list):
        return [str(v).replace(" ", "") for v in dc["dlvFlags"]]
    return []


# --- rules ----------------------------------------------------------------------------------------------
@rule(
    code="dlv-missing",
    family="debugger",
    severity=Severity.WARNING,
    summary="A Go debug configuration exists and no dlv is found",
    explanation="""
VS Code Go starts `dlv dap` for every Go debug configuration. It looks for dlv in `go.alternateTools.dlv`, then
`$GOBIN`, each `$GOPATH/bin`, `$GOROOT/bin` and PATH; when none is there, the first debug session fails with
a "Failed to find dlv" prompt, after the user has asked to debug.
""",
    fix="Install Delve with the configuration's Go (a newer installed one, else GOTOOLCHAIN, when that Delve "
    "release's go.mod asks for a newer Go) for this machine's platform (the `sidecar.installDelve` "
    "command in the editor; `sidecar check` prints the shell command), or point `go.alternateTools.dlv` at a "
    "dlv found elsewhere (GoLand's bundled one).",
)
def dlv_missing(facts: Facts) -> Iterator[Found]:
    debug = facts.debug
    local = _local(facts)
    if debug is None or not local or debug.chosen is not None:
        return
    from go_sidecar import delve_compat  # the table and its versions: loaded when a rule asks

    builds = _builds(facts)
    build = builds[0][1] if builds else None
    go = running_go(facts, *builds[0]) if builds else ""
    version = delve_compat.delve_for_go(go) or "latest" if go else "latest"
    fixes = [f for f in [install_fix(facts, build, version, f"supports {go}" if go else "newest", go)] if f]
    message = (
        f"No dlv found for the {len(local)} Go debug configuration(s) that run one here: VS Code Go looks in "
        "go.alternateTools.dlv, $GOBIN, $GOPATH/bin, $GOROOT/bin and PATH."
    )
    blocked = "" if fixes else install_blocker(facts, build, version, go)
    if blocked:
        message += " " + blocked
    elif not fixes:
        message += (
            " There is no Go toolchain on this machine to install Delve with"
            + (" outside the workspace (go-sidecar never runs a workspace's own go)" if facts.toolchains else "")
            + ": install Go first (https://go.dev/dl/)."
        )
    for other in _matching_others(facts, lambda i: True):
        message += f" A dlv VS Code Go does not use is at {other.candidate.path} ({other.candidate.source})."
        fix = alternate_tools_fix(facts, other.candidate.path, f"Use {other.candidate.path} (go.alternateTools.dlv)")
        if fix:
            fixes.append(fix)
        break
    anchor = _anchor(facts)  # a local configuration's (local runs are of launch.json configurations)
    if anchor is not None:
        yield Found(message, anchor, tuple(fixes))


@rule(
    code="dlv-arch-mismatch",
    family="debugger",
    severity=Severity.ERROR,
    summary="The dlv the debugger starts is built for another OS or CPU than this machine",
    explanation="""
A dlv built for another platform either does not start (`exec format error`; on Windows `could not launch
process: %1 is not a valid Win32 application`) or runs emulated: an amd64 dlv on an Apple silicon Mac runs
under Rosetta and Delve refuses (`could not launch process: can not run under Rosetta, check that the
installed build of Go is right for your CPU architecture`); a 386 dlv on 64-bit Windows cannot debug the
64-bit programs Go builds there. This happens after copying a GOPATH between machines, restoring a backup
from an Intel Mac, or installing tools from an x64 shell on Windows on ARM.
""",
    fix="Point `go.alternateTools.dlv` at a native dlv found elsewhere on the machine, or reinstall Delve for "
    "the native platform (`sidecar.installDelve`).",
)
def dlv_arch_mismatch(facts: Facts) -> Iterator[Found]:
    debug = facts.debug
    anchor = _anchor(facts) if debug is not None and debug.chosen is not None else None
    if debug is None or debug.chosen is None or anchor is None:
        return
    exe = debug.chosen.exe
    if exe.format == "unknown" or not exe.slices or debug.runs_natively(exe):
        return
    from go_sidecar import delve_compat  # the table and its versions: loaded when a rule asks

    m = debug.machine
    dlv = debug.chosen.candidate.path
    error = _launch_error(m, exe.goos, exe.goarch)
    built = " + ".join(_platform(s.goos, s.goarch) for s in exe.slices)
    message = (
        f"dlv at {dlv} ({debug.chosen.candidate.source}) is a {built} executable but this machine is "
        f"{_platform(m.os, m.native_arch)}: debugging fails with `{error}`."
    )
    fixes: list[Fix] = []
    for other in _matching_others(facts, lambda i: True)[:3]:
        fix = alternate_tools_fix(
            facts,
            other.candidate.path,
            f"Use the {_platform(m.os, m.native_arch)} dlv at {other.candidate.path}",
            preferred=not fixes,
        )
        if fix:
            fixes.append(fix)
    builds = _builds(facts)
    build = builds[0][1] if builds else None
    version = debug.chosen.delve_version or "latest"
    go = running_go(facts, *builds[0]) if builds else ""
    if go and debug.chosen.delve_version and delve_compat.go_status(version, go) != "supported":
        version = delve_compat.delve_for_go(go) or "latest"
    install = install_fix(facts, build, version, "native build", go)
    if install is not None:
        fixes.append(install)
    yield Found(message, anchor, tuple(fixes))


@rule(
    code="toolchain-arch-mismatch",
    family="debugger",
    severity=Severity.WARNING,
    summary="The Go toolchain that builds the debug target is not built for this machine's CPU",
    explanation="""
A Go toolchain builds programs for its own platform unless GOOS/GOARCH say otherwise. An amd64 Go installed
on an Apple silicon Mac (an Intel installer, a Homebrew under Rosetta) builds amd64 programs, which run under
Rosetta, and Delve refuses to debug them (`could not launch process: can not run under Rosetta, check that the
installed build of Go is right for your CPU architecture`). On Windows on ARM an x64 Go builds x64 programs
that Delve's native arm64 build cannot debug.
""",
    fix="Pin a native toolchain (env.GOROOT, with its bin first on PATH), or install Go for this machine's CPU.",
)
def toolchain_arch_mismatch(facts: Facts) -> Iterator[Found]:
    debug = facts.debug
    if debug is None:
        return
    m = debug.machine
    native_roots = [root for root, exe in debug.go_binaries.items() if debug.runs_natively(exe)]
    go_req, tc_req = requirement_versions(facts)
    wanted = max((v for v in (go_req, tc_req) if v is not None), default=None)
    for cf, build in _builds(facts):
        exe = debug.go_binaries.get(build.root) if build.root is not None else None
        if exe is None or exe.format == "unknown" or not exe.slices or debug.runs_natively(exe):
            continue
        if env_key(cf.env, "GOARCH", facts.windows) or env_key(cf.env, "GOOS", facts.windows):
            continue  # an explicit target: debug-cross-target speaks about it
        message = (
            f'Configuration "{cf.config.name}" builds with the Go at {build.root}, a '
            f"{_platform(exe.goos, exe.goarch)} build on this {_platform(m.os, m.native_arch)} machine: it "
            f"builds {_platform(exe.goos, exe.goarch)} programs, and debugging them fails with "
            f"`{_launch_error(m, exe.goos, exe.goarch)}`."
        )
        candidates = [t for t in ranked_toolchains(facts, wanted) if t.root in native_roots]
        if not candidates:
            message += f" No {_platform(m.os, m.native_arch)} Go toolchain is installed."
        location = cf.pin.location if cf.pin else cf.config.anchor
        yield Found(message, location, partial(pin_fixes, facts, cf, candidates))


@rule(
    code="dlv-go-unsupported",
    family="debugger",
    severity=Severity.WARNING,
    summary="The Go that builds the debug target is outside the range this Delve release supports",
    explanation="""
Each Delve release supports a range of Go versions (pkg/goversion/compat.go) and checks the Go version of the
program it debugs: `Version of Delve is too old for Go version 1.27.3 (maximum supported version 1.20, suppress
this error with --check-go-version=false)`, or `Go version 1.18 is too old for this version of Delve (minimum
supported version 1.21, ...)`. It refuses to start (an error here) unless the configuration passes
`--check-go-version=false` in `dlvFlags` or the dlv is GoLand's bundled one, which GoLand starts with that flag
(a warning here: debugging may still misbehave). go-sidecar ships the table per Delve release; for a Delve
newer than the table it reasons from the newest row and says so.
""",
    fix="Install the newest Delve that supports this Go (`sidecar.installDelve`), or point "
    "`go.alternateTools.dlv` at a dlv found elsewhere that supports it.",
)
def dlv_go_unsupported(facts: Facts) -> Iterator[Found]:
    debug = facts.debug
    if debug is None or debug.chosen is None or not debug.chosen.delve_version:
        return
    from go_sidecar import delve_compat  # the table and its versions: loaded when a rule asks

    delve = debug.chosen.delve_version
    rng = delve_compat.supported_range(delve)
    if rng is None:
        return
    for cf, build, go, what, location in _debugged_go(facts):
        status = delve_compat.go_status(delve, go)
        if status not in ("too-old", "too-new"):
            continue
        gv = parse_go_version(go)
        shown = f"{gv.major}.{gv.minor}.{gv.patch}" if gv else go
        if status == "too-new":
            error = delve_compat.DELVE_TOO_OLD.format(go=shown, bound=rng.max_go)
        else:
            error = delve_compat.GO_TOO_OLD.format(go=shown, bound=rng.min_go)
        suppressed = CHECK_FLAG in _dlv_flags(facts, cf)
        goland = debug.chosen.candidate.source == "GoLand"
        severity = Severity.WARNING if suppressed or goland else Severity.ERROR
        outcome = (
            "Delve starts anyway (it was told --check-go-version=false) but may misbehave"
            if severity == Severity.WARNING
            else "Delve refuses to start"
        )
        message = (
            f'Configuration "{cf.config.name}" {what.format(go=shown)} but dlv at '
            f"{debug.chosen.candidate.path} is Delve {delve}, which supports Go {rng.min_go} to "
            f"{rng.max_go}. {outcome}: `{error}`."
        )
        if rng.note:
            message += f" ({rng.note})"
        yield Found(message, location, partial(_supporting_delve_fixes, facts, build, go, shown), severity)


def _supporting_delve_fixes(facts: Facts, build: Build | None, go: str, shown: str) -> tuple[Fix, ...]:
    from go_sidecar import delve_compat  # the table and its versions: loaded when a rule asks

    fixes = [
        f
        for f in [install_fix(facts, build, delve_compat.delve_for_go(go) or "latest", f"supports Go {shown}", go)]
        if f
    ]
    for other in _matching_others(facts, lambda i: delve_compat.go_status(i.delve_version, go) == "supported")[:2]:
        fix = alternate_tools_fix(
            facts, other.candidate.path, f"Use Delve {other.delve_version} at {other.candidate.path}"
        )
        if fix:
            fixes.append(fix)
    return tuple(fixes)


@rule(
    code="debug-cross-target",
    family="debugger",
    severity=Severity.ERROR,
    summary="A launch configuration builds for another OS or CPU than this machine, so it cannot run here",
    explanation="""
`GOOS`/`GOARCH` in a launch configuration's env (or its envFile, or go.toolsEnvVars) make `go build`
cross-compile. A `launch` configuration in mode auto, debug or test then builds a program this machine cannot
start, and Delve fails to launch it. Cross-compiling belongs in a build task; remote debugging of such a program
is an `attach` configuration in `remote` mode.
""",
    fix="Remove GOOS/GOARCH from the configuration's env (or, when they come from an envFile or "
    "go.toolsEnvVars, set them to this machine's values in env).",
)
def debug_cross_target(facts: Facts) -> Iterator[Found]:
    debug = facts.debug
    if debug is None:
        return
    m = debug.machine
    native = {"GOOS": m.os, "GOARCH": m.native_arch}
    for cf in facts.configs:
        found = debug.programs.get(cf.config.index)
        if found is not None and found[1].slices and not debug.runs_natively(found[1]):
            path, exe = found
            built = " + ".join(_platform(x.goos, x.goarch) for x in exe.slices)
            yield Found(
                f'Configuration "{cf.config.name}" runs {path}, a {built} executable, on this '
                f"{_platform(m.os, m.native_arch)} machine: Delve cannot start it "
                f"(`{_launch_error(m, exe.goos, exe.goarch)}`). Build it for this machine, or debug it "
                "where it runs (an attach configuration in remote mode).",
                _program_location(cf),
            )
            continue
        if not cf.config.builds or not cf.knows("GOOS", "GOARCH"):
            continue
        wrong = {}
        for name in ("GOOS", "GOARCH"):
            key = env_key(cf.env, name, facts.windows)
            if key and cf.env[key] and cf.env[key] != native[name]:
                wrong[key] = cf.env[key]
        if not wrong:
            continue
        target = _platform(wrong.get("GOOS", m.os), wrong.get("GOARCH", m.native_arch))
        sources = sorted({cf.sources[k] for k in wrong})
        message = (
            f'Configuration "{cf.config.name}" sets {", ".join(f"{k}={v}" for k, v in wrong.items())} '
            f"({', '.join(sources)}), so it builds a {target} program that this "
            f"{_platform(m.os, m.native_arch)} machine cannot start: the launch fails."
        )
        location = cf.config.anchor
        first = next(iter(wrong))
        if cf.sources[first] == ENV:
            location = cf.config.env_location(first, whole=True)[0]
        yield Found(message, location, partial(_native_target_fixes, facts, cf, wrong, native))


def _native_target_fixes(facts: Facts, cf: ConfigFacts, wrong: dict[str, str], native: dict[str, str]) -> tuple[Fix]:
    """Remove GOOS/GOARCH where the configuration's env writes them; override them in env when they come from
    elsewhere (an envFile, go.toolsEnvVars)."""
    edits = []
    overrides = {}
    for key in wrong:
        if cf.sources[key] == ENV and cf.config.env_location(key)[1] is not None:
            edits.extend(cf.config.remove_env_edits(key))
        else:
            overrides[key.upper()] = native[key.upper()]
    if overrides:
        edits.extend(env_edits(facts, cf, overrides))
    title = "Build for this machine: " + ", ".join(
        (f"remove {k}" if cf.sources[k] == ENV else f"set {k.upper()}={native[k.upper()]}") for k in wrong
    )
    return (Fix(title, tuple(edits), preferred=True),)
