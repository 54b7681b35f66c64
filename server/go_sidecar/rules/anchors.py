"""Where a finding about the machine (a cache, the editor's PATH, a global variable) shows in the editor: a finding
carries a file and range when one exists (../shared DESIGN: "anchored to the line of launch.json or go.mod it
concerns"); for the machine as a whole that is go.mod's module line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from go_sidecar.model import ZERO_RANGE, Location

if TYPE_CHECKING:
    from go_sidecar.probe.facts import Facts


def machine_anchor(facts: Facts) -> Location:
    """go.mod's module line (else go.work's first line, else the folder)."""
    ws = facts.workspace
    if ws.gomod is not None:
        return Location(ws.gomod.path, ws.gomod.module.range if ws.gomod.module else ws.gomod.first_line)
    if ws.gowork is not None:
        return Location(ws.gowork.path, ws.gowork.first_line)
    return Location(facts.root, ZERO_RANGE)
