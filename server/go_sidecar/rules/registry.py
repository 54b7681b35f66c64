"""Every rule, its stable code and its documentation; running them over a set of facts.

A rule is a pure function from facts to what it found (rules/declare.py `Found`: a message, a location, fixes,
and a severity only when it departs from the rule's default). The rule's code and default severity are stated
once, in `@rule`; the registry stamps them on each Finding, as ruff binds a violation to its code in one place. A
rule that yields anything else (a Finding under some code of its own) fails like a rule that raises. The
catalogue (`sidecar rules`, docs/rules.md) is generated from the metadata here, so code and docs cannot drift.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from go_sidecar.model import Finding, Severity
from go_sidecar.rules.declare import DOCS_URL, RULES, Found, Rule, rule

# The registry's API: its own functions and the declaration names it re-exports.
__all__ = [
    "CATALOGUE_ORDER",
    "DOCS_URL",
    "RULES",
    "Found",
    "Rule",
    "all_rules",
    "catalogue_markdown",
    "catalogue_text",
    "findings_of",
    "rule",
    "run",
]

if TYPE_CHECKING:
    from go_sidecar.probe.facts import Facts
    from go_sidecar.settings import Settings


# The catalogue's order: by module in this order, each module's rules as it declares them; a rule of another module
# (a test's) comes last. Not the order of registration, which is whichever module was imported first.
CATALOGUE_ORDER = tuple(
    f"go_sidecar.rules.{m}"
    for m in (
        "goroot",
        "delve",
        "dwarf",
        "configs",
        "launch",
        "debuginfo",
        "modules",
        "environment",
        "pins",
        "wsl",
        "checksums",
        "insecure",
        "cgo",
        "caches",
    )
)


def all_rules() -> list[Rule]:
    _load()
    return sorted(RULES.values(), key=_catalogue_rank)  # stable: a module's rules keep their order


def _catalogue_rank(r: Rule) -> int:
    return CATALOGUE_ORDER.index(r.module) if r.module in CATALOGUE_ORDER else len(CATALOGUE_ORDER)


def _load() -> None:
    # Importing a family module registers its rules.
    from go_sidecar.rules import (  # noqa: F401
        caches,
        cgo,
        checksums,
        configs,
        debuginfo,
        delve,
        dwarf,
        environment,
        goroot,
        insecure,
        launch,
        modules,
        pins,
        wsl,
    )


def run(facts: Facts, settings: Settings) -> tuple[list[Finding], list[str]]:
    """All enabled rules; a rule that fails is reported as a message, the others still run."""
    findings: list[Finding] = []
    messages: list[str] = []
    for r in all_rules():
        if r.code in settings.disabled_rules:
            continue
        try:
            findings += findings_of(r, facts, settings.severity_overrides.get(r.code))
        except Exception:  # noqa: BLE001 - one broken rule must not hide the others
            import traceback

            messages.append(f"rule {r.code} failed: {traceback.format_exc(limit=3)}")
    # By byte offset: the same order as lines and columns within a file, without converting a position.
    findings.sort(key=lambda f: (f.location.path, f.location.range.start_byte, f.code))
    return findings, messages


def findings_of(r: Rule, facts: Facts, severity: Severity | None = None) -> list[Finding]:
    """One rule's findings, under its code: `severity` (the user's override) over the finding's own over the
    rule's default. Raises TypeError when the rule yields anything but Found."""
    out = []
    for found in r.check(facts):
        if type(found) is not Found:
            raise TypeError(
                f"it yielded a {type(found).__name__}, not a Found: a rule's code and severity are the "
                "ones its @rule states"
            )
        out.append(
            Finding(r.code, severity or found.severity or r.severity, found.message, found.location, found.fixes)
        )
    return out


def catalogue_markdown() -> str:
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the rules' own metadata by `sidecar rules --format markdown`; do not edit by hand.",
        "Codes are stable: renaming one is a breaking change.",
        "",
        "| code | severity | summary |",
        "| --- | --- | --- |",
    ]
    rules = all_rules()
    for r in rules:
        lines.append(f"| [`{r.code}`](#{r.code}) | {r.severity.label} | {r.summary} |")
    for r in rules:
        lines += [
            "",
            f"## {r.code}",
            "",
            f"**{r.summary}** (default severity: {r.severity.label}; family: {r.family})",
            "",
            "### Why is this bad?",
            "",
            r.explanation,
            "",
            "### Fix",
            "",
            r.fix,
        ]
        if r.example:
            lines += ["", "### Example", "", r.example]
    return "\n".join(lines) + "\n"


def catalogue_text() -> str:
    out = []
    for r in all_rules():
        out.append(f"{r.code:<22} {r.severity.label:<12} {r.summary}")
    return "\n".join(out) + "\n"
