"""Every rule, its stable code and its documentation; running them over a set of facts.

A rule is a pure function from facts to findings. The catalogue (`sidecar rules`, docs/rules.md) is
generated from the metadata here, so code and docs cannot drift.
"""

from __future__ import annotations

from go_sidecar._record import dataclass, replace
from typing import TYPE_CHECKING, Callable, Iterable

from go_sidecar.model import Finding, Severity

if TYPE_CHECKING:
    from go_sidecar.probe.facts import Facts
    from go_sidecar.settings import Settings

DOCS_URL = "https://github.com/go-sidecar/go-sidecar/blob/main/docs/rules.md"


@dataclass(frozen=True)
class Rule:
    code: str
    family: str
    severity: Severity
    summary: str
    explanation: str
    fix: str
    example: str
    check: Callable[["Facts"], Iterable[Finding]]

    @property
    def url(self) -> str:
        return f"{DOCS_URL}#{self.code}"


RULES: dict[str, Rule] = {}


def rule(*, code: str, family: str, severity: Severity, summary: str, explanation: str, fix: str, example: str = ""):
    def register(fn: Callable[["Facts"], Iterable[Finding]]):
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(code, family, severity, summary, explanation.strip(), fix.strip(), example.strip(), fn)
        return fn

    return register


def all_rules() -> list[Rule]:
    _load()
    return list(RULES.values())


def _load() -> None:
    # Importing a family module registers its rules.
    from go_sidecar.rules import delve, goroot  # noqa: F401
    from go_sidecar.rules import dwarf  # noqa: F401 - a debugger rule, after delve's
    from go_sidecar.rules import configs  # noqa: F401 - after them: the catalogue lists families in this order
    from go_sidecar.rules import launch  # noqa: F401
    from go_sidecar.rules import debuginfo  # noqa: F401
    from go_sidecar.rules import modules  # noqa: F401
    from go_sidecar.rules import caches  # noqa: F401


def run(facts: "Facts", settings: "Settings") -> tuple[list[Finding], list[str]]:
    """All enabled rules; a rule that fails is reported as a message, the others still run."""
    findings: list[Finding] = []
    messages: list[str] = []
    for r in all_rules():
        if r.code in settings.disabled_rules:
            continue
        try:
            produced = list(r.check(facts))
        except Exception:  # noqa: BLE001 - one broken rule must not hide the others
            import traceback

            messages.append(f"rule {r.code} failed: {traceback.format_exc(limit=3)}")
            continue
        override = settings.severity_overrides.get(r.code)
        for f in produced:
            findings.append(replace(f, severity=override) if override else f)
    findings.sort(key=lambda f: (f.location.path, f.location.range.start, f.code))
    return findings, messages


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
        lines += ["", f"## {r.code}", "", f"**{r.summary}** (default severity: {r.severity.label}; family: {r.family})",
                  "", "### Why is this bad?", "", r.explanation, "", "### Fix", "", r.fix]
        if r.example:
            lines += ["", "### Example", "", r.example]
    return "\n".join(lines) + "\n"


def catalogue_text() -> str:
    out = []
    for r in all_rules():
        out.append(f"{r.code:<22} {r.severity.label:<12} {r.summary}")
    return "\n".join(out) + "\n"
