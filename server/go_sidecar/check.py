"""One check of a workspace: read → probe → rules. Shared by `sidecar check` and the language server.

A multi-root workspace is checked folder by folder (each with its own go.mod, go.work and .vscode files), plus
the launch and settings sections of its .code-workspace file as one more entry; `run_checks` does that and
reports machine-wide findings once (see `report_machine_findings_once`). Imports nothing of the LSP
machinery, so that `sidecar check` starts fast.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass
from go_sidecar.model import Finding, Report, Toolchain
from go_sidecar.probe.caches import gather_caches
from go_sidecar.probe.facts import Facts, build_toolchain, gather, probe_toolchains
from go_sidecar.probe.memo import Memo
from go_sidecar.probe.system import System
from go_sidecar.probe.workspace import WorkspaceFacts, read_workspace
from go_sidecar.rules import registry
from go_sidecar.settings import Settings, parse_settings

if TYPE_CHECKING:
    from go_sidecar.probe.host import HostProbe


def effective_settings(
    base: Settings, ws: WorkspaceFacts, inherited: Mapping[str, Any] | None = None
) -> tuple[Settings, list[str]]:
    """The workspace's settings.json `goSidecar.*` keys, under the editor's or command line's own; `inherited`
    are the .code-workspace's settings, under the folder's (as VS Code orders them). Their messages are the
    workspace file entry's to tell, not every folder's."""
    known = {r.code for r in registry.all_rules()}
    from_file, messages = parse_settings(ws.settings_values, known)
    if inherited:
        from_workspace_file, _ = parse_settings(inherited, known)
        from_file = from_workspace_file.merged(from_file)
    return from_file.merged(base), messages


def run_check(
    sys_: System,
    root: str,
    settings: Settings = Settings(),
    overlays: Mapping[str, bytes] | None = None,
    toolchains: list[Toolchain] | None = None,
    host: HostProbe | None = None,
    identify: Callable[[str], Any] | None = None,
    folders: Mapping[str, str] | None = None,
    workspace_file: str | None = None,
    inherited: Mapping[str, Any] | None = None,
    memo: Memo | None = None,
) -> tuple[Report, Facts]:
    """`host` and `identify` are the machine's facts and the executable reader; tests pass recorded ones.
    `folders` ({name: path}) names the workspace's folders for `${workspaceFolder:name}`; with `workspace_file`
    the .code-workspace's launch and settings sections are checked (root: the folder holding it); `inherited`:
    the .code-workspace's settings, under the folder's own; `memo`: the server's results of earlier checks, reused
    while their inputs are unchanged (probe/memo.py)."""
    ws = read_workspace(sys_, root, overlays, folders, workspace_file, memo)
    eff, messages = effective_settings(settings, ws, inherited)
    if toolchains is None:
        toolchains = probe_toolchains(sys_, ws, eff)
    facts = gather(sys_, ws, toolchains, memo, overlays)
    machine = (host or _real_host()).facts()
    if ws.configs or ws.goland:
        from go_sidecar.probe.debugger import gather_debug

        roots = [b.root for cf in facts.configs if (b := build_toolchain(facts, cf)) and b.root]
        programs = {cf.config.index: (cf.config, cf.program) for cf in facts.configs if not cf.config.goland}
        facts.debug = gather_debug(sys_, ws, facts.go_env, toolchains, roots, machine, identify, memo, programs)
        chosen = facts.debug.chosen
        if chosen is not None and not chosen.exe.slices:  # a script, a wrapper, a damaged file: say so
            facts.messages.append(
                f"dlv at {chosen.candidate.path} ({chosen.candidate.source}) is not an executable go-sidecar can "
                f"read ({chosen.exe.reason or 'unknown format'}): its platform and Delve version were not checked"
            )
    facts.caches = gather_caches(sys_, ws, facts.go_env, eff.gocache_threshold_gib, overlays, memo=memo)
    facts.messages += facts.caches.messages
    findings, rule_messages = registry.run(facts, eff)
    report = Report(root, machine.host, toolchains, findings, facts.messages + messages + rule_messages)
    return report, facts


@dataclass
class Folder:
    """One entry of a workspace to check: a folder, or (with workspace_file) a .code-workspace's own sections."""

    name: str
    path: str
    workspace_file: str | None = None


def run_checks(
    sys_: System,
    folders: list[Folder],
    settings: Settings = Settings(),
    overlays: Mapping[str, bytes] | None = None,
    toolchains: Mapping[str, list[Toolchain]] | None = None,
    host: HostProbe | None = None,
    identify: Callable[[str], Any] | None = None,
    memo: Memo | None = None,
) -> list[tuple[Folder, Report, Facts]]:
    """Every entry checked in order (toolchains: the cached list per entry path, when known); machine-wide
    findings reported once."""
    names = {f.name: f.path for f in folders if f.workspace_file is None}
    ws_file = next((f for f in folders if f.workspace_file is not None), None)
    inherited = None
    if ws_file is not None:
        inherited = read_workspace(sys_, ws_file.path, overlays, names, ws_file.workspace_file).settings_values
    out = []
    for f in folders:
        report, facts = run_check(
            sys_,
            f.path,
            settings,
            overlays,
            (toolchains or {}).get(f.path),
            host,
            identify,
            names,
            f.workspace_file,
            inherited if f.workspace_file is None else None,
            memo,
        )
        out.append((f, report, facts))
    report_machine_findings_once([r for _, r, _ in out])
    return out


# Findings about the machine, not the folder: the same in every folder that has them. The cache family, and the
# dlv binary the editor starts (its absence, its platform). dlv-go-unsupported and debug-cross-target depend on
# each folder's go.mod and configurations: they stay per folder.
MACHINE_DEBUGGER_CODES = frozenset({"dlv-missing", "dlv-arch-mismatch"})


# Rules about the environment that speak of a configuration (anchored in its file) or of the machine the editor
# runs on: the editor's PATH, a global GOROOT, GOSUMDB in the process environment or the `go env -w` file. The
# second kind is anchored at the folder's go.mod / go.work (rules/anchors.py) and says the same in every folder.
ENVIRONMENT_CODES = frozenset(
    {
        "path-go-shadowed",
        "goroot-env-set",
        "wsl-mixed-toolchain",
        "gosumdb-off",
        "goflags-insecure",
        "goinsecure-wide",
    }
)
_MACHINE_ANCHOR_NAMES = ("go.mod", "go.work")


def is_machine_level(code: str) -> bool:
    rule = registry.RULES.get(code)
    return code in MACHINE_DEBUGGER_CODES or (rule is not None and rule.family == "caches")


def _about_machine(f: Finding, root: str) -> bool:
    """A finding to report once per window: a machine-level code, or an environment rule's finding about the
    machine (anchored at go.mod / go.work or the folder, not at a configuration's own file)."""
    if is_machine_level(f.code):
        return True
    if f.code not in ENVIRONMENT_CODES:
        return False
    path = f.location.path
    return path == root or path.replace("\\", "/").rsplit("/", 1)[-1] in _MACHINE_ANCHOR_NAMES


def _machine_key(f: Finding) -> tuple[Any, ...]:
    # dlv-missing counts each folder's configurations in its message: one per machine all the same. The others
    # name the dlv, the cache or the variable they are about: folders whose settings choose another dlv keep
    # their own.
    return (f.code,) if f.code == "dlv-missing" else (f.code, f.message)


def report_machine_findings_once(reports: list[Report]) -> None:
    """A machine-level finding is kept in one report only: the first whose copy sits in a file (an editor can
    show it), else the first. The one rule for `sidecar check` and the server."""
    if len(reports) < 2:
        return
    keep: dict[tuple[Any, ...], tuple[int, bool]] = {}  # key -> (report index, anchored in a file)
    for i, report in enumerate(reports):
        for f in report.findings:
            if not _about_machine(f, report.root):
                continue
            key = _machine_key(f)
            in_file = f.location.path != report.root
            if key not in keep or (in_file and not keep[key][1]):
                keep[key] = (i, in_file)
    for i, report in enumerate(reports):
        report.findings = [
            f for f in report.findings if not _about_machine(f, report.root) or keep[_machine_key(f)][0] == i
        ]


def combined_json(entries: list[tuple[Folder, Report]], workspace_file: str | None = None) -> dict[str, Any]:
    """The report of several folders (schemas/report.schema.json, `folders`): every finding and message at the top
    level, as in a one-folder report, and each folder's own under `folders`. `root` is the .code-workspace's
    folder when one was checked, else the first folder."""
    first = entries[0][1]
    toolchains: dict[str, Toolchain] = {}
    findings: list[Finding] = []
    messages: list[str] = []
    folders = []
    for folder, report in entries:
        for t in report.toolchains:
            toolchains.setdefault(t.root, t)
        findings.extend(report.findings)
        messages.extend(m for m in report.messages if m not in messages)
        one = report.to_json()
        entry: dict[str, Any] = {"name": folder.name, "root": report.root}
        if folder.workspace_file is not None:
            entry["workspaceFile"] = folder.workspace_file
        entry.update({k: one[k] for k in ("toolchains", "findings", "messages")})
        folders.append(entry)
    findings.sort(key=lambda f: (f.location.path, f.location.range.start, f.code))
    root = first.root
    if workspace_file is not None:
        root = next((r.root for f, r in entries if f.workspace_file == workspace_file), root)
    out = Report(root, first.host, list(toolchains.values()), findings, messages).to_json()
    if workspace_file is not None:
        out["workspaceFile"] = workspace_file
    out["folders"] = folders
    return out


_HOST: HostProbe | None = None


def _real_host() -> HostProbe:
    """The machine does not change while we run: read it once per process."""
    global _HOST
    if _HOST is None:
        from go_sidecar.probe.host import RealHostProbe

        _HOST = RealHostProbe()
    return _HOST
