"""One version everywhere: go_sidecar.__version__ is the source; pyproject.toml takes it (dynamic), and the
extension's package.json and the changelog's newest release must say the same. `sidecar --version` and the
server's `serverInfo` print __version__ (tests/test_package.py checks both from the installed wheel)."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from go_sidecar import __version__

ROOT = Path(__file__).resolve().parents[2]


def test_pyproject_takes_the_package_version():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "go_sidecar.__version__"}


def test_extension_and_changelog_say_the_same_version():
    package = json.loads((ROOT / "vscode-extension" / "package.json").read_text(encoding="utf-8"))
    assert package["version"] == __version__
    lock = json.loads((ROOT / "vscode-extension" / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["version"] == __version__ and lock["packages"][""]["version"] == __version__
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    newest = re.search(r"^## \[(\d+\.\d+\.\d+[^\]]*)\]", changelog, re.MULTILINE)
    assert newest is not None and newest.group(1) == __version__


def test_version_is_semver():
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?", __version__)
