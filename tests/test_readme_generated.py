"""README's generated regions (rules table, settings table, each command's usage) and the other files
scripts/gen_docs.py writes are current, and the generator follows the registry, the schema and the CLI's table.

A stale file fails here with the command that fixes it: `make docs`.
"""

from __future__ import annotations

import difflib
import importlib.util
import json
import re
from pathlib import Path

import pytest

from go_sidecar import cli
from go_sidecar.model import Severity
from go_sidecar.rules import registry

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


def _load_gen_docs():
    spec = importlib.util.spec_from_file_location("gen_docs", REPO / "scripts" / "gen_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen_docs = _load_gen_docs()


@pytest.mark.parametrize(
    "rel", ["README.md", "docs/rules.md", "schemas/settings.schema.json", "vscode-extension/package.json"]
)
def test_generated_file_is_current(rel):
    expected = gen_docs.generate()[Path(rel)]
    written = (REPO / rel).read_text(encoding="utf-8")
    diff = "".join(difflib.unified_diff(written.splitlines(True), expected.splitlines(True), rel, "generated", n=1))
    assert written == expected, f"{rel} is stale: run `make docs` and commit the result\n{diff[:4000]}"


def test_check_mode_agrees_and_writes_nothing(capsys):
    before = {p: (REPO / p).read_bytes() for p in gen_docs.generate()}
    assert gen_docs.main(["--check"]) == 0, capsys.readouterr().out
    assert {p: (REPO / p).read_bytes() for p in before} == before


def _region(text: str, name: str) -> str:
    m = re.search(rf"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", text, re.DOTALL)
    assert m, f"README.md has no {name} region"
    return m.group(1)


def test_readme_lists_every_rule_and_setting_and_usage():
    text = README.read_text(encoding="utf-8")
    rules = _region(text, "rules")
    codes = [r.code for r in registry.all_rules()]
    assert re.findall(r"^\| \[`([a-z0-9-]+)`\]", rules, re.MULTILINE) == codes  # all of them, in registry order
    for r in registry.all_rules():
        assert f"| {r.severity.label} | {r.summary.replace('|', chr(92) + '|')} |" in rules
    schema = json.loads((REPO / "schemas" / "settings.schema.json").read_text(encoding="utf-8"))
    settings = _region(text, "settings")
    assert re.findall(r"^\| `goSidecar\.([A-Za-z]+)`", settings, re.MULTILINE) == list(schema["properties"])
    assert "gocacheOversizedGiB" in settings and "--gocache-oversized-gib N" in settings
    for command in cli.COMMANDS:
        assert cli.command_usage(command) in _region(text, f"usage-{command}")
    assert "ide:SELECTOR" in _region(text, "usage-purge-caches")


def test_readme_says_the_extension_exists():
    text = README.read_text(encoding="utf-8")
    assert "to come" not in text
    assert (REPO / "vscode-extension" / "package.json").is_file()
    assert "[`vscode-extension/`](vscode-extension/)" in text and "docs/vscode.md" in text


def test_a_new_rule_reaches_every_generated_file(monkeypatch):
    """The generator follows the registry: a rule registered now is in README, docs/rules.md, the schema's
    enum and both enums of package.json, last (registry order), and every one of those files becomes stale."""
    new = registry.Rule(
        "zz-brand-new-rule",
        "tests",
        Severity.HINT,
        "A rule | registered by the test",
        "Why.",
        "Fix.",
        "",
        lambda facts: [],
    )
    registry.all_rules()  # loads the real rules first, so that the new one comes last
    monkeypatch.setitem(registry.RULES, new.code, new)
    files = gen_docs.generate()
    assert (
        "[`zz-brand-new-rule`](docs/rules.md#zz-brand-new-rule) | hint | A rule \\| registered by the test |"
        in files[Path("README.md")]
    )
    assert "## zz-brand-new-rule" in files[Path("docs/rules.md")]
    schema = json.loads(files[Path("schemas/settings.schema.json")])
    assert schema["$defs"]["ruleCode"]["enum"][-1] == new.code
    props = json.loads(files[Path("vscode-extension/package.json")])["contributes"]["configuration"]["properties"]
    assert props["goSidecar.disabledRules"]["items"]["enum"][-1] == new.code
    assert props["goSidecar.severityOverrides"]["propertyNames"]["enum"][-1] == new.code
    assert set(gen_docs.stale()) == set(files)


def test_unknown_or_missing_region_is_an_error(tmp_path):
    schema = json.loads((REPO / "schemas" / "settings.schema.json").read_text(encoding="utf-8"))
    text = README.read_text(encoding="utf-8")
    with pytest.raises(gen_docs.StaleRegion, match="no-such"):
        gen_docs.readme(text + "\n<!-- no-such:begin -->\n<!-- no-such:end -->\n", schema)
    with pytest.raises(gen_docs.StaleRegion, match="settings"):
        gen_docs.readme(text.replace("<!-- settings:begin -->", "<!-- settings-gone -->"), schema)
