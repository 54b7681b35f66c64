"""dlv-dwarf5-unsupported: a Delve built with Go < 1.25 asked to debug a program that carries DWARF 5.

Sources (read at go-delve/delve 3b775986 and Go 1.27.3's src):
- Go >= 1.25 writes DWARF 5 except for darwin, ios and aix targets (src/internal/buildcfg/exp.go,
  `dwarf5Supported`); GOEXPERIMENT=nodwarf5 turns it off.
- Delve checks it after the Go version range (pkg/goversion/compat.go `Compatible(dwarfVer, producer, warnonly)`,
  added in v1.24.2 by go-delve/delve#3943): "To debug executables using DWARFv5 or later Delve must be built with
  Go version 1.25.0 or later" — a warning only when --check-go-version=false (warnonly), after which reading the
  DWARF fails; only Go compile units count (pkg/proc/bininfo.go `DwarfVersion`, relaxed for cgo's C units by
  go-delve/delve#3961, also v1.24.2).
- Delves without the check fail while reading: "DW_FORM_strx with no .debug_str_offsets section"
  (go-delve/delve#3797, microsoft/vscode#233849; the message is Go's debug/dwarf entry.go).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from go_sidecar.model import Fix, Severity
from go_sidecar.parse.goversion import parse_go_version
from go_sidecar.probe.facts import Facts, env_key
from go_sidecar.rules.declare import Found, rule
from go_sidecar.rules.delve import CHECK_FLAG, _debugged_go, _dlv_flags, _matching_others
from go_sidecar.rules.delve_fixes import DWARF5_GO, alternate_tools_fix, install_fix, writes_dwarf5

if TYPE_CHECKING:
    from go_sidecar.parse.binary import ExeInfo
    from go_sidecar.parse.goversion import GoVersion
    from go_sidecar.probe.facts import Build, ConfigFacts

CHECK_MESSAGE = "To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later"
READ_MESSAGE = "DW_FORM_strx with no .debug_str_offsets section"
FIRST_WITH_CHECK = (1, 24, 2)


def _target(facts: Facts, machine_os: str, cf: ConfigFacts, exe: ExeInfo | None) -> tuple[str, str]:
    """(GOOS, GOEXPERIMENT) of the program Delve will read: the exec binary's own build settings, else the
    configuration's environment (the build runs for this machine, machine_os, unless GOOS says otherwise)."""
    info = exe.build_info if exe is not None else None  # an exec program's: read (_debugged_go) when it is known
    if exe is not None and info is not None:
        experiments = info.settings.get("GOEXPERIMENT", "")
        _, _, suffix = info.go_version.partition(" X:")  # runtime.Version() names non-default experiments
        return exe.goos or machine_os, ",".join(x for x in (experiments, suffix) if x)
    goos = cf.env.get(env_key(cf.env, "GOOS", facts.windows) or "", "") or machine_os
    return goos, cf.env.get(env_key(cf.env, "GOEXPERIMENT", facts.windows) or "", "")


def _has_check(delve: str) -> bool:
    from go_sidecar import delve_compat  # the table and its versions: loaded when a rule asks

    v = delve_compat.parse_delve_version(delve) if delve else None
    return v is None or v >= FIRST_WITH_CHECK  # unknown: said as either message


@rule(
    code="dlv-dwarf5-unsupported",
    family="debugger",
    severity=Severity.ERROR,
    summary="Delve was built with Go older than 1.25 and the program it debugs carries DWARF 5",
    explanation="""
Go 1.25 and later write DWARF 5 debug information (not for darwin, ios or aix targets;
src/internal/buildcfg/exp.go), and only a Delve *built* with Go 1.25 or later can read it: Delve reads DWARF with
the Go standard library it was compiled with. Since Delve 1.24.2 it checks this after the Go version range and
stops: `To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later`
(pkg/goversion/compat.go, go-delve/delve#3943; users meet it with a dlv installed by an older Go:
go-delve/delve#3957, #4227, #4268). With `--check-go-version=false` that is only a warning, and reading fails
later, as it does in older Delves: `DW_FORM_strx with no .debug_str_offsets section` (go-delve/delve#3797,
microsoft/vscode#233849). The usual cause is a dlv installed by the system Go while go.mod's `go`/`toolchain`
line switches the build to a newer Go. Only Go's own compile units count: a cgo program whose C parts alone are
DWARF 5 is fine (go-delve/delve#3961). The Go version of the dlv is read from its build info, the Go of the
program from the configuration (or, for `mode: exec`, from the program's build info); nothing is run.
""",
    fix="Reinstall Delve with a Go >= 1.25 (an installed one outside the workspace, else the installed go with "
    "GOTOOLCHAIN set to the program's Go; `sidecar.installDelve`), or point `go.alternateTools.dlv` at a dlv "
    "built with Go >= 1.25. Building the program with GOEXPERIMENT=nodwarf5 also avoids it, for as long as Go "
    "keeps that experiment.",
    example="dlv 1.25.2 installed by Go 1.24.4, debugging a module whose go.mod says `go 1.25.3`.",
)
def dlv_dwarf5_unsupported(facts: Facts) -> Iterator[Found]:
    debug = facts.debug
    if debug is None or debug.chosen is None:
        return
    built_with = parse_go_version(debug.chosen.go_version or "")
    if built_with is None or built_with >= DWARF5_GO:
        return
    from go_sidecar import delve_compat  # the table and its versions: loaded when a rule asks

    dlv, delve = debug.chosen.candidate.path, debug.chosen.delve_version
    for cf, build, go, what, location in _debugged_go(facts):
        found = debug.programs.get(cf.config.index) if build is None else None
        exe = found[1] if found is not None else None
        if exe is not None and exe.has_dwarf is False:
            continue  # nothing to read: debug-info-stripped speaks
        goos, experiments = _target(facts, debug.machine.os, cf, exe)
        gv = parse_go_version(go)
        if gv is None or not writes_dwarf5(goos, gv, experiments):
            continue
        suppressed = CHECK_FLAG in _dlv_flags(facts, cf) or debug.chosen.candidate.source == "GoLand"
        status = delve_compat.go_status(delve, go) if delve else None
        if status in ("too-old", "too-new") and not suppressed:
            continue  # Delve stops at the version range first: dlv-go-unsupported speaks
        if suppressed or not _has_check(delve):
            error = f"`{READ_MESSAGE}`"
        elif delve:
            error = f"`{CHECK_MESSAGE}`"
        else:  # a dlv whose version is unknown ("(devel)"): either
            error = f"`{CHECK_MESSAGE}` (Delve 1.24.2 and later) or `{READ_MESSAGE}` (older)"
        shown = f"{gv.major}.{gv.minor}.{gv.patch}"
        message = (
            f'Configuration "{cf.config.name}" {what.format(go=shown).rstrip(",")}, which writes DWARF 5, '
            f"but dlv at {dlv} "
            f"{'(Delve ' + delve + ') ' if delve else ''}was built with Go {built_with}: Delve cannot read "
            f"DWARF 5 unless it was built with Go 1.25 or later, and the launch fails with {error}."
        )
        version = delve if delve and status == "supported" else (delve_compat.delve_for_go(go) or "latest")
        yield Found(message, location, partial(_fixes, facts, build, version, go, built_with))


def _fixes(facts: Facts, build: Build | None, version: str, go: str, built_with: GoVersion) -> tuple[Fix, ...]:
    from go_sidecar import delve_compat  # the table and its versions: loaded when a rule asks

    fixes = [f for f in [install_fix(facts, build, version, "built with Go >= 1.25", go)] if f]
    for other in _matching_others(
        facts,
        lambda i: (
            (parse_go_version(i.go_version or "") or built_with) >= DWARF5_GO
            and delve_compat.go_status(i.delve_version, go) == "supported"
        ),
    )[:2]:
        fix = alternate_tools_fix(
            facts,
            other.candidate.path,
            f"Use Delve {other.delve_version} at {other.candidate.path} (built with {other.go_version})",
        )
        if fix:
            fixes.append(fix)
    return tuple(fixes)
