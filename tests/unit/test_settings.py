"""goSidecar settings: every accepted shape, and bad values giving a message and the default."""

from __future__ import annotations

import pytest

from go_sidecar.model import Severity
from go_sidecar.rules import registry
from go_sidecar.settings import NAMESPACE, Settings, parse_settings

KNOWN = {r.code for r in registry.all_rules()}


def test_defaults():
    s, messages = parse_settings(None, KNOWN)
    assert s == Settings() and messages == []
    assert s.toolchain_roots == () and s.disabled_rules == frozenset() and dict(s.severity_overrides) == {}
    s, messages = parse_settings({}, KNOWN)
    assert s == Settings() and messages == []


@pytest.mark.parametrize("shape", ["plain", "namespaced", "flat"])
def test_accepted_shapes(shape):
    values = {
        "toolchainRoots": ["/opt/gos", "C:\\Users\\张三\\sdk", ""],
        "disabledRules": ["goroot-unpinned"],
        "severityOverrides": {"goroot-too-old": "Error", "goroot-path-mismatch": " hint "},
    }
    raw = {
        "plain": values,
        "namespaced": {NAMESPACE: values},
        "flat": {f"{NAMESPACE}.{k}": v for k, v in values.items()} | {"go.goroot": "/x", "editor.tabSize": 4},
    }[shape]
    s, messages = parse_settings(raw, KNOWN)
    assert messages == []
    assert s.toolchain_roots == ("/opt/gos", "C:\\Users\\张三\\sdk")  # empty entries dropped
    assert s.disabled_rules == frozenset({"goroot-unpinned"})
    assert dict(s.severity_overrides) == {"goroot-too-old": Severity.ERROR, "goroot-path-mismatch": Severity.HINT}


@pytest.mark.parametrize("raw", [[], "goSidecar", 42, True])
def test_not_an_object(raw):
    s, messages = parse_settings(raw, KNOWN)
    assert s == Settings()
    assert len(messages) == 1 and "must be an object" in messages[0] and "using defaults" in messages[0]


@pytest.mark.parametrize("value", ["/opt/gos", [1, 2], {"a": "b"}, ["/ok", None], 3])
def test_bad_toolchain_roots(value):
    s, messages = parse_settings({"goSidecar.toolchainRoots": value}, KNOWN)
    assert s.toolchain_roots == ()
    assert len(messages) == 1 and "toolchainRoots must be a list of folder paths" in messages[0]


@pytest.mark.parametrize("value", ["goroot-unpinned", [1], {"goroot-unpinned": True}, 0])
def test_bad_disabled_rules(value):
    s, messages = parse_settings({"goSidecar.disabledRules": value}, KNOWN)
    assert s.disabled_rules == frozenset()
    assert len(messages) == 1 and "disabledRules must be a list of rule codes" in messages[0]


def test_unknown_disabled_rule_is_named_but_kept():
    s, messages = parse_settings({"disabledRules": ["goroot-unpinned", "no-such-rule"]}, KNOWN)
    assert "no-such-rule" in s.disabled_rules
    assert len(messages) == 1 and "unknown rules: no-such-rule" in messages[0]


def test_bad_severity_overrides():
    raw = {
        "severityOverrides": {
            "goroot-unpinned": "loud",
            "goroot-too-old": 3,
            "no-such-rule": "error",
            "goroot-invalid": "warning",
        }
    }
    s, messages = parse_settings(raw, KNOWN)
    assert dict(s.severity_overrides) == {"goroot-invalid": Severity.WARNING}
    joined = "\n".join(messages)
    assert len(messages) == 3
    assert "severityOverrides.goroot-unpinned" in joined and "'loud'" in joined and "using the rule's default" in joined
    assert "severityOverrides.goroot-too-old" in joined
    assert "unknown rule 'no-such-rule'" in joined
    s, messages = parse_settings({"severityOverrides": ["error"]}, KNOWN)
    assert dict(s.severity_overrides) == {}
    assert "must be an object of rule code to severity" in messages[0]


def test_one_bad_key_keeps_the_good_ones():
    s, messages = parse_settings({"toolchainRoots": 5, "disabledRules": ["goroot-unpinned"]}, KNOWN)
    assert s.disabled_rules == frozenset({"goroot-unpinned"}) and len(messages) == 1


def test_without_known_codes_nothing_is_unknown():
    s, messages = parse_settings({"severityOverrides": {"future-rule": "error"}, "disabledRules": ["x"]})
    assert messages == []
    assert dict(s.severity_overrides) == {"future-rule": Severity.ERROR}


def test_merged_other_wins_where_it_sets_something():
    base = Settings(("/a",), frozenset({"goroot-unpinned"}), {"goroot-too-old": Severity.ERROR})
    other = Settings((), frozenset(), {"goroot-too-old": Severity.HINT, "goroot-invalid": Severity.WARNING})
    m = base.merged(other)
    assert m.toolchain_roots == ("/a",)
    assert m.disabled_rules == frozenset({"goroot-unpinned"})
    assert dict(m.severity_overrides) == {"goroot-too-old": Severity.HINT, "goroot-invalid": Severity.WARNING}
    m = base.merged(Settings(("/b",), frozenset({"goroot-invalid"})))
    assert m.toolchain_roots == ("/b",) and m.disabled_rules == frozenset({"goroot-invalid"})


def test_severity_parse():
    assert Severity.parse(" Warning ") == Severity.WARNING
    assert Severity.ERROR > Severity.WARNING > Severity.INFORMATION > Severity.HINT
    with pytest.raises(ValueError, match="expected one of: hint, information, warning, error"):
        Severity.parse("fatal")
