"""The contracts others depend on: the JSON report and settings schemas, the generated rule catalogue.

`sidecar` runs as a child process with HOME, the XDG folders, the Go folders and PATH redirected into
tmp_path, so that what it finds is the example workspace and never the real home of the test machine.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from go_sidecar import cli
from go_sidecar.model import Severity
from go_sidecar.rules import registry
from go_sidecar.settings import parse_settings

REPO = Path(__file__).resolve().parent.parent
SCHEMAS = REPO / "schemas"
DEMO = REPO / "examples" / "demo"
RULES_MD = REPO / "docs" / "rules.md"
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SETTING_NAMES = {"toolchainRoots", "disabledRules", "severityOverrides", "gocacheOversizedGiB"}


def load_schema(name: str) -> dict:
    schema = json.loads((SCHEMAS / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def validator(name: str) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(load_schema(name))


@pytest.fixture
def isolated_env(tmp_path: Path) -> dict[str, str]:
    """A fresh environment: no GOROOT, GOTOOLCHAIN or go on PATH from the test machine."""
    home = tmp_path / "home"
    dirs = {
        "HOME": home,
        "USERPROFILE": home,
        "XDG_CONFIG_HOME": home / ".config",
        "XDG_CACHE_HOME": home / ".cache",
        "XDG_DATA_HOME": home / ".local" / "share",
        "APPDATA": home / "AppData" / "Roaming",
        "LOCALAPPDATA": home / "AppData" / "Local",
        "GOPATH": home / "go",
        "GOMODCACHE": home / "go" / "pkg" / "mod",
        "GOCACHE": home / ".cache" / "go-build",
        "PATH": tmp_path / "bin",
    }
    for d in dirs.values():
        d.mkdir(parents=True, exist_ok=True)
    env = {k: str(v) for k, v in dirs.items()}
    for keep in ("SYSTEMROOT", "SystemRoot", "TEMP", "TMP", "TMPDIR"):  # Windows needs SYSTEMROOT to start Python
        if keep in os.environ:
            env[keep] = os.environ[keep]
    env.update(PYTHONUTF8="1", PYTHONIOENCODING="utf-8", PYTHONDONTWRITEBYTECODE="1")
    return env


def sidecar(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    # By the interpreter's absolute path: PATH is redirected, and the console script is not on it.
    return subprocess.run(
        [sys.executable, "-m", "go_sidecar", *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        stdin=subprocess.DEVNULL,
        timeout=60,
        check=False,
    )


# --- (a) the JSON report ------------------------------------------------------------------------------
def test_check_json_of_the_demo_follows_the_report_schema(tmp_path: Path, isolated_env: dict[str, str]):
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws, symlinks=True)

    proc = sidecar(["check", "--format", "json", str(ws)], isolated_env, tmp_path)

    assert proc.returncode == 1, f"expected findings (exit 1), got {proc.returncode}:\n{proc.stderr}"
    report = json.loads(proc.stdout)
    errors = sorted(validator("report.schema.json").iter_errors(report), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)

    assert report["root"] == str(ws.resolve())
    assert report["findings"], "the demo must show findings"
    codes = {f["code"] for f in report["findings"]}
    assert {"goroot-invalid", "goroot-unpinned", "goroot-too-old"} <= codes, codes
    assert all(Path(f["location"]["path"]).is_file() for f in report["findings"])
    # settings.json's "${workspaceFolder}/toolchains" is substituted and found.
    demo_roots = {Path(t["root"]).name: t for t in report["toolchains"] if t["source"] == "toolchainRoots"}
    assert {n: t["version"] for n, t in demo_roots.items()} == {"go1.21.5": "go1.21.5", "go1.22.5": "go1.22.5"}
    assert any(fix.get("edits") for f in report["findings"] for fix in f["fixes"]), "fixes carry edits"


def test_report_schema_rejects_what_the_code_never_writes():
    v = validator("report.schema.json")
    pos = {"line": 0, "character": 0}
    rng = {"start": pos, "end": pos}
    finding = {
        "code": "goroot-invalid",
        "severity": "error",
        "message": "m",
        "location": {"path": "/w/.vscode/launch.json", "range": rng},
        "fixes": [],
    }
    good = {
        "version": 1,
        "root": "/w",
        "host": {"os": "linux", "arch": "amd64"},
        "toolchains": [],
        "findings": [finding],
        "messages": [],
    }
    assert v.is_valid(good)
    edit_fix = {"title": "t", "preferred": True, "edits": [{"path": "/w/a", "range": rng, "newText": "x"}]}
    command_fix = {"title": "t", "command": {"name": "go-sidecar.purge", "arguments": []}}
    assert v.is_valid({**good, "findings": [{**finding, "fixes": [edit_fix, command_fix]}]})
    bad = [
        {**good, "version": 2},
        {**good, "findings": [{**finding, "severity": "fatal"}]},
        {**good, "findings": [{**finding, "code": "GOROOT_invalid"}]},
        {**good, "findings": [{**finding, "fixes": [{**edit_fix, **command_fix}]}]},  # both kinds at once
        {
            **good,
            "findings": [
                {**finding, "location": {"path": "/w/a", "range": {"start": {"line": -1, "character": 0}, "end": pos}}}
            ],
        },
    ]
    for report in bad:
        assert not v.is_valid(report), report


def test_schema_severities_are_the_models():
    labels = {s.label for s in Severity}
    assert set(load_schema("report.schema.json")["$defs"]["severity"]["enum"]) == labels
    assert set(load_schema("settings.schema.json")["$defs"]["severity"]["enum"]) == labels


# --- (b) the settings -------------------------------------------------------------------------------
GOOD_SETTINGS = {
    "toolchainRoots": ["${workspaceFolder}/toolchains", "/opt/go-versions"],
    "disabledRules": ["goroot-unpinned"],
    "severityOverrides": {"goroot-too-old": "error", "goroot-path-mismatch": "information"},
}
BAD_SETTINGS = [
    {"toolchainRoots": "/opt/go-versions"},
    {"toolchainRoots": [1, 2]},
    {"disabledRules": "goroot-unpinned"},
    {"disabledRules": ["no-such-rule"]},
    {"severityOverrides": {"goroot-too-old": "fatal"}},
    {"severityOverrides": {"no-such-rule": "error"}},
    {"severityOverrides": ["goroot-too-old=error"]},
]


def test_settings_schema_accepts_a_good_sample_and_settings_py_reads_it():
    v = validator("settings.schema.json")
    assert v.is_valid(GOOD_SETTINGS)
    assert v.is_valid({})
    known = {r.code for r in registry.all_rules()}
    settings, messages = parse_settings(GOOD_SETTINGS, known)
    assert messages == []
    assert settings.toolchain_roots == tuple(GOOD_SETTINGS["toolchainRoots"])
    assert settings.disabled_rules == frozenset(GOOD_SETTINGS["disabledRules"])
    assert {k: s.label for k, s in settings.severity_overrides.items()} == GOOD_SETTINGS["severityOverrides"]


@pytest.mark.parametrize("sample", BAD_SETTINGS, ids=lambda s: json.dumps(s))
def test_settings_schema_rejects_what_settings_py_complains_about(sample):
    assert not validator("settings.schema.json").is_valid(sample)
    _, messages = parse_settings(sample, {r.code for r in registry.all_rules()})
    assert messages, f"settings.py accepts {sample} silently, but the schema rejects it"


def test_settings_schema_names_are_the_ones_settings_py_and_the_cli_use():
    schema = load_schema("settings.schema.json")
    assert set(schema["properties"]) == SETTING_NAMES
    assert schema["additionalProperties"] is False
    flags = {opt.attr: flag for flag, opt in cli.COMMANDS["check"].options.items()}
    for name in SETTING_NAMES:
        flag = flags.get(name)
        assert flag, f"sidecar check has no flag that sets {name}"
        assert flag.lstrip("-").replace("-", "") == name.lower(), f"{flag} is not spelled after {name}"
        args = cli.parse_args(["check", flag, "goroot-unpinned=warning"])
        assert getattr(args, name, None) is not None, f"sidecar check has no {flag} that sets {name}"
        # settings.py parses the same name, inside the namespace and as a flat settings.json key.
        bad = {"not": "a valid value for any setting"}
        if name == "severityOverrides":
            bad = ["not an object"]
        for raw in ({name: bad}, {"goSidecar": {name: bad}}, {f"goSidecar.{name}": bad}):
            _, messages = parse_settings(raw)
            assert any(name in m for m in messages), f"settings.py does not read {raw}"


def test_settings_schema_rule_codes_are_the_registry():
    schema = load_schema("settings.schema.json")
    assert schema["$defs"]["ruleCode"]["enum"] == [r.code for r in registry.all_rules()], (
        "schemas/settings.schema.json $defs.ruleCode.enum must list every rule code of `sidecar rules`, in its "
        "order: run `make docs`"
    )


def test_package_json_rule_codes_are_the_registry():
    """VS Code's settings schema has no $defs: package.json repeats the codes wherever the schema refers to
    ruleCode (scripts/gen_docs.py writes them)."""
    pkg = json.loads((REPO / "vscode-extension" / "package.json").read_text(encoding="utf-8"))
    props = pkg["contributes"]["configuration"]["properties"]
    codes = [r.code for r in registry.all_rules()]
    assert props["goSidecar.disabledRules"]["items"]["enum"] == codes, "run `make docs`"
    assert props["goSidecar.severityOverrides"]["propertyNames"]["enum"] == codes, "run `make docs`"


# --- (c) the generated catalogue --------------------------------------------------------------------
def test_docs_rules_md_is_up_to_date(tmp_path: Path, isolated_env: dict[str, str]):
    proc = sidecar(["rules", "--format", "markdown"], isolated_env, tmp_path)
    assert proc.returncode == 0, proc.stderr
    written = RULES_MD.read_text(encoding="utf-8") if RULES_MD.is_file() else ""
    assert written == proc.stdout, "docs/rules.md is stale: run `make docs` and commit the result"


# --- (d) the rules' metadata ------------------------------------------------------------------------
@pytest.mark.parametrize("rule", registry.all_rules(), ids=lambda r: r.code)
def test_every_rule_is_documented(rule: registry.Rule):
    assert SLUG.match(rule.code), f"{rule.code!r} is not a slug"
    assert rule.family and SLUG.match(rule.family)
    assert isinstance(rule.severity, Severity)
    assert rule.summary.strip() and "\n" not in rule.summary, "the summary is one line"
    assert rule.explanation.strip(), "explain why it is bad"
    assert rule.fix.strip(), "say how to fix it"
    assert rule.url.endswith("#" + rule.code)


# --- (e) the facts the code cites ----------------------------------------------------------------------------
FACTS_MD = REPO / "docs" / "facts.md"
CITING = [
    *sorted((REPO / "server" / "go_sidecar").rglob("*.py")),
    *sorted((REPO / "tests").rglob("*.py")),
    *sorted((REPO / "docs").glob("*.md")),
    REPO / "README.md",
]
CITING.remove(Path(__file__).resolve())  # this file names them to look for them


def _facts_sections() -> list[str]:
    """The section names of docs/facts.md: "## Delve (github.com/...)" is cited as "Delve"."""
    return [
        line[3:].split(" (")[0].strip()
        for line in FACTS_MD.read_text(encoding="utf-8").splitlines()
        if line.startswith("## ")
    ]


def test_code_cites_facts_inside_the_repository():
    outside = "FACTS" + ".md"  # the shared notes this file replaced, outside the repository
    stale = [
        f"{p.relative_to(REPO)}:{n}"
        for p in CITING
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if outside in line
    ]
    assert not stale, f"cite docs/facts.md (and move the fact there) instead of {outside}: {stale}"


def test_every_facts_citation_names_a_section_that_exists():
    sections = _facts_sections()
    assert {"Delve", "VS Code Go extension", "Go toolchains", "Go caches"} <= set(sections)
    bad = []
    for p in CITING:
        text = p.read_text(encoding="utf-8")
        for m in re.finditer(r"docs/facts\.md", text):
            # The words up to the closing parenthesis, across line breaks and comment markers.
            after = re.sub(r"\s*\n\s*(#\s*)?", " ", text[m.end() : m.end() + 200]).split(")")[0]
            if p != FACTS_MD and not any(s in after for s in sections):
                bad.append(f"{p.relative_to(REPO)}: docs/facts.md{after[:60]!r}")
    assert not bad, "a citation of docs/facts.md names no section of it:\n" + "\n".join(bad)
