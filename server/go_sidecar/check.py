"""One check of a workspace: read → probe → rules. Shared by `sidecar check` and the language server.

Imports nothing of the LSP machinery, so that `sidecar check` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Mapping

from go_sidecar.model import Report, Toolchain
from go_sidecar.probe.caches import gather_caches
from go_sidecar.probe.facts import Facts, build_toolchain, gather, probe_toolchains
from go_sidecar.probe.system import System
from go_sidecar.probe.workspace import WorkspaceFacts, read_workspace
from go_sidecar.rules import registry
from go_sidecar.settings import Settings, parse_settings

if TYPE_CHECKING:
    from go_sidecar.probe.host import HostProbe


def effective_settings(base: Settings, ws: WorkspaceFacts) -> tuple[Settings, list[str]]:
    """The workspace's settings.json `goSidecar.*` keys, under the editor's or command line's own."""
    known = {r.code for r in registry.all_rules()}
    from_file, messages = parse_settings(ws.settings_values, known)
    return from_file.merged(base), messages


def run_check(
    sys_: System,
    root: str,
    settings: Settings = Settings(),
    overlays: Mapping[str, bytes] | None = None,
    toolchains: list[Toolchain] | None = None,
    host: HostProbe | None = None,
    identify: Callable | None = None,
) -> tuple[Report, Facts]:
    """`host` and `identify` are the machine's facts and the executable reader; tests pass recorded ones."""
    ws = read_workspace(sys_, root, overlays)
    eff, messages = effective_settings(settings, ws)
    if toolchains is None:
        toolchains = probe_toolchains(sys_, ws, eff)
    facts = gather(sys_, ws, toolchains)
    machine = (host or _real_host()).facts()
    if ws.configs or ws.goland:
        from go_sidecar.probe.debugger import gather_debug

        roots = [b.root for cf in facts.configs if (b := build_toolchain(facts, cf)) and b.root]
        facts.debug = gather_debug(sys_, ws, facts.go_env, toolchains, roots, machine, identify)
        chosen = facts.debug.chosen
        if chosen is not None and not chosen.exe.slices:  # a script, a wrapper, a damaged file: say so
            facts.messages.append(
                f"dlv at {chosen.candidate.path} ({chosen.candidate.source}) is not an executable go-sidecar can "
                f"read ({chosen.exe.reason or 'unknown format'}): its platform and Delve version were not checked")
    facts.caches = gather_caches(sys_, ws, facts.go_env, eff.gocache_threshold_gib, overlays)
    facts.messages += facts.caches.messages
    findings, rule_messages = registry.run(facts, eff)
    report = Report(root, machine.host, toolchains, findings, facts.messages + messages + rule_messages)
    return report, facts


_HOST: HostProbe | None = None


def _real_host() -> HostProbe:
    """The machine does not change while we run: read it once per process."""
    global _HOST
    if _HOST is None:
        from go_sidecar.probe.host import RealHostProbe

        _HOST = RealHostProbe()
    return _HOST
