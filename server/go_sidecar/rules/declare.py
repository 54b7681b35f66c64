"""How a rule is declared: `@rule` states its code, family, default severity and documentation once; the rule
yields `Found` (what it found), never a code or a severity of its own.

Rule modules import this module only; rules/registry.py imports them (to load the catalogue) and this, so the
import graph has no loop.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass
from go_sidecar.model import Fix, Location, Severity

if TYPE_CHECKING:
    from go_sidecar.probe.facts import Facts

DOCS_URL = "https://github.com/go-sidecar/go-sidecar/blob/main/docs/rules.md"


@dataclass(frozen=True)
class Found:
    """What a rule yields; the registry makes it a Finding under the rule's code and severity.

    `fixes`: the fixes, or a function that builds them when an output asks (model.Finding.fixes): edits cost
    something to build and are rarely looked at. `severity`: only when this finding departs from the rule's
    default (goroot-too-old is an error when GOTOOLCHAIN makes the build fail)."""

    message: str
    location: Location
    fixes: tuple[Fix, ...] | Callable[[], Iterable[Fix]] = ()
    severity: Severity | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    family: str
    severity: Severity
    summary: str
    explanation: str
    fix: str
    example: str
    check: Callable[[Facts], Iterable[Found]]
    module: str = ""  # the module that declares it: the catalogue's order follows the modules' (registry.py)

    @property
    def url(self) -> str:
        return f"{DOCS_URL}#{self.code}"


RULES: dict[str, Rule] = {}


RuleCheck = Callable[["Facts"], Iterable[Found]]


def rule(
    *, code: str, family: str, severity: Severity, summary: str, explanation: str, fix: str, example: str = ""
) -> Callable[[RuleCheck], RuleCheck]:
    def register(fn: RuleCheck) -> RuleCheck:
        if code in RULES:
            raise ValueError(f"rule code {code} registered twice")
        RULES[code] = Rule(
            code, family, severity, summary, explanation.strip(), fix.strip(), example.strip(), fn, fn.__module__
        )
        return fn

    return register


def one_fix(build: Callable[..., Fix | None], *args: Any) -> Callable[[], tuple[Fix, ...]]:
    """Found.fixes for one fix that `build(*args)` makes when an output asks (None: no fix after all)."""

    def fixes() -> tuple[Fix, ...]:
        fix = build(*args)
        return (fix,) if fix is not None else ()

    return fixes
