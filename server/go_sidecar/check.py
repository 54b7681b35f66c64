"""One check of a workspace: read → probe → rules. Shared by `sidecar check` and the language server.

Imports nothing of the LSP machinery, so that `sidecar check` starts fast.
"""

from __future__ import annotations

from typing import Mapping

from go_sidecar.model import Report, Toolchain
from go_sidecar.probe.facts import Facts, gather, probe_toolchains
from go_sidecar.probe.system import System
from go_sidecar.probe.workspace import WorkspaceFacts, read_workspace
from go_sidecar.rules import registry
from go_sidecar.settings import Settings, parse_settings


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
) -> tuple[Report, Facts]:
    ws = read_workspace(sys_, root, overlays)
    eff, messages = effective_settings(settings, ws)
    if toolchains is None:
        toolchains = probe_toolchains(sys_, ws, eff)
    facts = gather(sys_, ws, toolchains)
    findings, rule_messages = registry.run(facts, eff)
    report = Report(root, sys_.host, toolchains, findings, facts.messages + messages + rule_messages)
    return report, facts
