"""A rule states its code and severity once (rules/declare.py `@rule`); it yields `Found` and the registry stamps
the code and the default severity. Fixes may be built lazily, when an output asks.

Run the way `sidecar check` runs them (run_check over a recorded Linux machine, tests/unit/test_rules.py).
"""

from __future__ import annotations

import ast
from pathlib import Path

import go_sidecar.rules
from go_sidecar._record import replace
from go_sidecar.model import Finding, Fix, Location, Severity
from go_sidecar.rules import registry
from go_sidecar.rules.declare import Found
from go_sidecar.settings import Settings

from .test_rules import WS, config, launch, machine, only, run_check

UNPINNED = "goroot-unpinned"


def _unpinned_machine(n: int = 1):
    """Two Go versions installed, `n` configurations that pin none: one goroot-unpinned finding each."""
    return machine("1.22.5", "1.27.3", launch_text=launch(*(config(f"C{i}") for i in range(n))))


def _with_check(monkeypatch, code: str, check) -> registry.Rule:
    original = registry.RULES[code]
    monkeypatch.setitem(registry.RULES, code, replace(original, check=check))
    return original


def test_a_rule_that_yields_under_another_code_fails(monkeypatch):
    """A rule that names a code of its own (a Finding, not a Found) is refused as a failing rule: its findings are
    not reported under either code, a message says why, and the other rules still run."""
    original = registry.RULES[UNPINNED]

    def other_code(facts):
        for f in original.check(facts):
            yield Finding("goroot-invalid", Severity.ERROR, f.message, f.location)

    _with_check(monkeypatch, UNPINNED, other_code)
    s = _unpinned_machine()
    report, _ = run_check(s, WS)
    [message] = [m for m in report.messages if m.startswith(f"rule {UNPINNED} failed")]
    assert "yielded a Finding, not a Found" in message
    assert not only(report, UNPINNED) and not only(report, "goroot-invalid")


def test_a_finding_gets_its_rule_code_and_default_severity(monkeypatch):
    s = _unpinned_machine()
    [f] = only(run_check(s, WS)[0], UNPINNED)
    assert f.code == UNPINNED and f.severity == registry.RULES[UNPINNED].severity == Severity.INFORMATION
    # The finding's own severity replaces the default; the user's setting replaces both.
    original = registry.RULES[UNPINNED]
    _with_check(
        monkeypatch, UNPINNED, lambda facts: (replace(x, severity=Severity.ERROR) for x in original.check(facts))
    )
    [f] = only(run_check(s, WS)[0], UNPINNED)
    assert f.severity == Severity.ERROR
    [f] = only(run_check(s, WS, Settings(severity_overrides={UNPINNED: Severity.HINT}))[0], UNPINNED)
    assert f.severity == Severity.HINT


def test_no_rule_module_names_a_code_or_builds_a_finding():
    """The code is stated in @rule only: no module of rules/ constructs a Finding (the registry does)."""
    folder = Path(go_sidecar.rules.__file__).parent
    built = []
    for path in sorted(folder.glob("*.py")):
        if path.name == "registry.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) == "Finding":
                built.append(f"{path.name}:{node.lineno}")
    assert len(list(folder.glob("*.py"))) > 8  # the rule modules were found
    assert not built, f"rules build Findings themselves: {built}"


def test_fixes_are_built_when_asked_once_and_a_failing_builder_leaves_the_finding(monkeypatch):
    calls = []

    def build():
        calls.append(1)
        return (Fix("Do it"),)

    def lazy(facts):
        yield Found("lazy", Location(WS), build)
        yield Found("broken", Location(WS), lambda: 1 / 0)

    _with_check(monkeypatch, UNPINNED, lazy)
    report, _ = run_check(_unpinned_machine(), WS)
    lazy_f, broken = sorted(only(report, UNPINNED), key=lambda f: f.message != "lazy")
    assert calls == []  # the check built no fix
    assert [x.title for x in lazy_f.fixes] == ["Do it"] and lazy_f.fixes == lazy_f.fixes
    assert calls == [1]  # once
    assert broken.message == "broken" and broken.fixes == ()
    assert report.to_json()["findings"][0]["fixes"] == [{"title": "Do it", "preferred": False, "edits": []}]


def test_pin_fixes_of_many_configurations_are_not_built_by_the_check(monkeypatch):
    """200 configurations without a pin: the check yields their findings; the edits are built for the one
    whose fixes an output asks about, and they are the same edits as before."""
    from go_sidecar.edit.jsonc import JsoncEditor

    built = []
    original = JsoncEditor.set_in_child_object

    def counting(self, *args, **kwargs):
        built.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(JsoncEditor, "set_in_child_object", counting)
    report, _ = run_check(_unpinned_machine(200), WS)
    found = only(report, UNPINNED)
    assert len(found) == 200 and built == []
    fixes = found[7].fixes
    assert len(built) == len(fixes) >= 2 and all(fix.edits for fix in fixes)
    assert fixes[0].preferred and "GOROOT" in fixes[0].title
