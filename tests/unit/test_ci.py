"""What docs/ci.md and .pre-commit-hooks.yaml promise: the hook definition is one pre-commit accepts, and the
GitHub Actions step of docs/ci.md, run as written, writes SARIF of the demo that passes the official schema.

PyYAML is not a dependency: the hook file is read by a small strict reader of the YAML subset it uses (a list of
flat mappings of scalars), which refuses everything else, so the file cannot drift into YAML this test does not
understand. The keys and their types are pre-commit's `MANIFEST_HOOK_DICT` (pre_commit/clientlib.py; docs/facts.md,
Reports teams already use).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tests.sandbox import sandbox_env
from tests.unit.test_sarif import DEMO, validate

REPO = Path(__file__).resolve().parents[2]
HOOKS = REPO / ".pre-commit-hooks.yaml"
CI_MD = REPO / "docs" / "ci.md"

# pre-commit's MANIFEST_HOOK_DICT: key -> type (required keys in REQUIRED).
MANIFEST_KEYS: dict[str, type] = {
    "id": str,
    "name": str,
    "entry": str,
    "language": str,
    "alias": str,
    "files": str,
    "exclude": str,
    "types": list,
    "types_or": list,
    "exclude_types": list,
    "additional_dependencies": list,
    "args": list,
    "always_run": bool,
    "fail_fast": bool,
    "pass_filenames": bool,
    "description": str,
    "language_version": str,
    "log_file": str,
    "minimum_pre_commit_version": str,
    "require_serial": bool,
    "stages": list,
    "verbose": bool,
}
REQUIRED = ("id", "name", "entry", "language")


# --- a strict reader of the YAML the hook file uses ---------------------------------------------------------------

_KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*): (.+)$")


def _scalar(text: str) -> object:
    text = text.strip()
    if text.startswith("'"):
        if not text.endswith("'") or len(text) < 2 or re.search(r"(?<!')'(?!')", text[1:-1]):
            raise ValueError(f"bad single-quoted scalar: {text}")
        return text[1:-1].replace("''", "'")
    if text.startswith('"'):
        if not text.endswith('"') or len(text) < 2 or "\\" in text or '"' in text[1:-1]:
            raise ValueError(f"unsupported double-quoted scalar: {text}")
        return text[1:-1]
    if text.startswith("["):
        if not text.endswith("]"):
            raise ValueError(f"bad flow sequence: {text}")
        inner = text[1:-1].strip()
        return [_scalar(x) for x in inner.split(",")] if inner else []
    if text in ("true", "false"):
        return text == "true"
    if text[0] in "&*!|>%@`{#" or ": " in text or " #" in text or text in ("null", "~", "yes", "no", "on", "off"):
        raise ValueError(f"YAML this reader does not take: {text}")
    return text


def read_hooks(text: str) -> list[dict[str, object]]:
    hooks: list[dict[str, object]] = []
    for n, raw in enumerate(text.splitlines(), 1):
        if "\t" in raw:
            raise ValueError(f"line {n}: a tab")
        line = raw.rstrip()
        if not line or line.lstrip().startswith("#"):
            continue
        if line.startswith("- "):
            hooks.append({})
            body = line[2:]
        elif line.startswith("  ") and not line.startswith("   ") and hooks:
            body = line[2:]
        else:
            raise ValueError(f"line {n}: not a list of flat mappings: {raw!r}")
        m = _KEY.match(body)
        if m is None:
            raise ValueError(f"line {n}: not `key: value`: {raw!r}")
        key, value = m.groups()
        if key in hooks[-1]:
            raise ValueError(f"line {n}: {key} twice")
        hooks[-1][key] = _scalar(value)
    return hooks


def test_the_reader_refuses_what_it_does_not_understand():
    for bad in (
        "- id: x\n  entry: |\n    sidecar\n",
        "- id: &a x\n",
        "id: x\n",
        "- id: x\n    name: y\n",
        "- id: x: y\n",
    ):
        with pytest.raises(ValueError):
            read_hooks(bad)
    assert read_hooks("- id: a\n  args: [--x, 'y z']\n  always_run: true\n") == [
        {"id": "a", "args": ["--x", "y z"], "always_run": True}
    ]


# --- the hook definition ------------------------------------------------------------------------------------------


def test_the_hook_file_is_a_valid_pre_commit_manifest():
    hooks = read_hooks(HOOKS.read_text(encoding="utf-8"))
    assert [h["id"] for h in hooks] == ["go-sidecar-check"]
    for hook in hooks:
        for key in REQUIRED:
            assert isinstance(hook.get(key), str) and hook[key], f"{key} is required"
        for key, value in hook.items():
            assert key in MANIFEST_KEYS, f"pre-commit does not know {key!r}"
            assert isinstance(value, MANIFEST_KEYS[key]), f"{key}: {value!r} is not a {MANIFEST_KEYS[key].__name__}"
            if key in ("files", "exclude"):
                re.compile(str(value))  # pre-commit compiles them with Python's re (cfgv check_regex)
        assert hook["language"] == "python", "installed from this repository's pyproject.toml"
        assert hook["pass_filenames"] is False, "sidecar check takes folders, not the changed files"


def test_the_hook_runs_the_sidecar_command_this_package_installs():
    hook = read_hooks(HOOKS.read_text(encoding="utf-8"))[0]
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    command, *args = str(hook["entry"]).split()
    assert command in scripts and scripts[command] == "go_sidecar.cli:main"
    assert args == ["check"]


@pytest.mark.parametrize(
    "path,runs",
    [
        (".vscode/launch.json", True),
        ("services/api/.vscode/settings.json", True),
        ("go.mod", True),
        ("tools/go.sum", True),
        ("go.work", True),
        ("go.work.sum", True),
        ("team.code-workspace", True),
        (".run/Server.run.xml", True),
        (".idea/workspace.xml", True),
        (".idea/runConfigurations/Tests.xml", True),
        (".tool-versions", True),
        ("api/.go-version", True),
        ("mise.toml", True),
        (".mise.toml", True),
        ("main.go", False),
        ("docs/launch.json", False),
        ("vendor/go.mod.orig", False),
        (".vscode/extensions.json", False),
        ("my.go.mod", False),
    ],
)
def test_the_hook_runs_when_a_file_the_check_reads_changes(path: str, runs: bool):
    hook = read_hooks(HOOKS.read_text(encoding="utf-8"))[0]
    assert bool(re.search(str(hook["files"]), path)) is runs  # pre-commit uses re.search on forward-slash paths


# --- the CI job ---------------------------------------------------------------------------------------------------


def _ci_step() -> str:
    """The `sidecar check` step's shell command, as docs/ci.md writes it."""
    text = CI_MD.read_text(encoding="utf-8")
    m = re.search(r"- name: sidecar check\n(?:\s+#.*\n)*\s+run: \|\n((?:\s{10}.*\n)+)", text)
    assert m, "docs/ci.md has a `sidecar check` step with a `run: |` block"
    return "\n".join(line.strip() for line in m.group(1).splitlines() if not line.strip().startswith("#"))


def test_the_workflow_uploads_with_a_category():
    text = CI_MD.read_text(encoding="utf-8")
    assert "github/codeql-action/upload-sarif@v3" in text
    assert re.search(r"sarif_file: go-sidecar\.sarif\n\s+category: go-sidecar", text)
    assert "security-events: write" in text
    assert "--format sarif" in _ci_step() and "> go-sidecar.sarif" in _ci_step()


def _bash() -> str:
    bash = shutil.which("bash")
    if bash is None:
        pytest.skip("no bash on this machine: the GitHub Actions step is a bash script")  # ubuntu-latest has one
    return bash


def _run_step(tmp_path: Path, command: str) -> subprocess.CompletedProcess[str]:
    """The step in a sandboxed shell whose `sidecar` is this checkout's (no real home, caches or Go)."""
    home, bin_dir = tmp_path / "home", tmp_path / "bin"
    home.mkdir(exist_ok=True)
    bin_dir.mkdir(exist_ok=True)
    sidecar = bin_dir / "sidecar"
    sidecar.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m go_sidecar "$@"\n')
    sidecar.chmod(0o755)
    env = sandbox_env(home, bin_dir, PYTHONPATH=os.environ.get("PYTHONPATH", ""), PYTHONIOENCODING="utf-8")
    return subprocess.run(
        [_bash(), "-e", "-c", command], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.mark.skipif(os.name == "nt", reason="the step is a bash script for ubuntu-latest")
def test_the_documented_step_writes_sarif_of_the_demo_that_validates(tmp_path: Path):
    repo = tmp_path / "checkout"
    shutil.copytree(DEMO, repo, symlinks=True)
    (repo / ".git").mkdir()
    proc = _run_step(tmp_path, f'cd "{repo}"\n' + _ci_step())
    assert proc.returncode == 0, f"findings (exit 1) must not fail the step: {proc.stderr}"
    log = json.loads((repo / "go-sidecar.sarif").read_text(encoding="utf-8"))
    validate(log)
    results = log["runs"][0]["results"]
    assert {"goroot-invalid", "goroot-too-old"} <= {r["ruleId"] for r in results}
    assert "dlv-missing" not in {r["ruleId"] for r in results}, "the step disables the runner's machine rules"
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in results} == {
        ".vscode/launch.json"
    }


@pytest.mark.skipif(os.name == "nt", reason="the step is a bash script for ubuntu-latest")
def test_the_documented_step_still_fails_on_a_usage_error(tmp_path: Path):
    repo = tmp_path / "checkout"
    repo.mkdir()
    step = _ci_step().replace("--format sarif", "--format sarif --no-such-option")
    proc = _run_step(tmp_path, f'cd "{repo}"\n' + step)
    assert proc.returncode != 0
