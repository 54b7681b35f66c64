"""One .vsix per VS Code target (`make vsix-all`, vscode-extension/scripts/vsix-all.sh), each proven complete without
its platform: for every target and CPython 3.11-3.14, pip resolves the wheels the .vsix carries, offline, for that
platform as a real machine of that kind reports itself; and the package holds only what runs.

A machine's platform tags are given the way pip sees them there: Windows `win_amd64`/`win_arm64`; macOS
`macosx_<release>_<arch>` (pip expands it to the older releases and universal2); Linux every `manylinux_2_N` a glibc
of that version accepts (pip does not expand those). The releases are the oldest VS Code runs on
(code.visualstudio.com/docs/supporting/requirements): macOS 11, glibc 2.28.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.needs import missing

ROOT = Path(__file__).resolve().parent.parent
EXT = ROOT / "vscode-extension"
VERSION = json.loads((EXT / "package.json").read_text(encoding="utf-8"))["version"]
PYTHONS = ("3.11", "3.12", "3.13", "3.14")


def _manylinux(arch: str, glibc_minor: int) -> list[str]:
    tags = [f"manylinux_2_{m}_{arch}" for m in range(glibc_minor, 4, -1)]
    return tags + [f"manylinux2014_{arch}", f"linux_{arch}"] + ([f"manylinux1_{arch}"] if arch == "x86_64" else [])


MACHINES = {  # target -> the platform tags of a user's machine of that kind
    "win32-x64": ["win_amd64"],
    "win32-arm64": ["win_arm64"],
    "darwin-x64": ["macosx_11_0_x86_64"],
    "darwin-arm64": ["macosx_11_0_arm64"],
    "linux-x64": _manylinux("x86_64", 28),
    "linux-arm64": _manylinux("aarch64", 28),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    if not shutil.which("node") or not (EXT / "node_modules" / ".bin" / "vsce").exists():
        missing("Node.js and the extension's npm packages (make test-extension, or cd vscode-extension && npm ci)")
    out = tmp_path_factory.mktemp("vsix")
    done = subprocess.run(
        ["bash", str(EXT / "scripts" / "vsix-all.sh"), sys.executable, str(out)],
        check=False,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    print(done.stdout)  # the sizes, for the note (pytest -s)
    return out


def test_one_vsix_per_target(built: Path):
    assert sorted(p.name for p in built.glob("*.vsix")) == sorted(f"go-sidecar-{t}-{VERSION}.vsix" for t in MACHINES)
    for target in MACHINES:
        with zipfile.ZipFile(built / f"go-sidecar-{target}-{VERSION}.vsix") as z:
            manifest = z.read("extension.vsixmanifest").decode()
        assert f'TargetPlatform="{target}"' in manifest, manifest


@pytest.mark.parametrize("target", sorted(MACHINES))
def test_the_package_holds_only_what_runs(built: Path, target: str):
    with zipfile.ZipFile(built / f"go-sidecar-{target}-{VERSION}.vsix") as z:
        names = z.namelist()
    files = {n for n in names if not n.startswith("extension/wheels/")}
    assert files == {
        "[Content_Types].xml",
        "extension.vsixmanifest",
        "extension/package.json",
        "extension/readme.md",
        "extension/LICENSE.txt",
        "extension/dist/extension.js",
        "extension/dist/languageclient.js",
    } | {n for n in files if n.startswith("extension/images/")}, files
    wheels = [n for n in names if n.startswith("extension/wheels/")]
    assert all(n.endswith(".whl") for n in wheels), wheels
    assert not [n for n in names if "node_modules" in n or n.endswith((".ts", ".map")) or "/test" in n]


def _matrix(built: Path) -> dict[tuple[str, str], str]:
    rows = {}
    for line in (built / "MATRIX.md").read_text(encoding="utf-8").splitlines()[2:]:
        target, python, state = (c.strip() for c in line.strip("|").split("|"))
        rows[(target, python)] = state
    return rows


@pytest.mark.parametrize("target", sorted(MACHINES))
def test_every_python_resolves_offline_for_the_target(built: Path, target: str, tmp_path: Path):
    wheels = tmp_path / "wheels"
    with zipfile.ZipFile(built / f"go-sidecar-{target}-{VERSION}.vsix") as z:
        for n in z.namelist():
            if n.startswith("extension/wheels/"):
                (wheels / Path(n).name).parent.mkdir(parents=True, exist_ok=True)
                (wheels / Path(n).name).write_bytes(z.read(n))
    matrix = _matrix(built)
    readme = (EXT / "README.md").read_text(encoding="utf-8")
    platforms = [a for tag in MACHINES[target] for a in ("--platform", tag)]
    for python in PYTHONS:
        state = matrix[(target, python)]
        done = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--no-index"]
            + ["--find-links", str(wheels), "--only-binary=:all:", "--implementation", "cp"]
            + ["--python-version", python, *platforms, "--target", str(tmp_path / f"t{python}"), "go-sidecar"],
            check=False,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "PIP_CONFIG_FILE": os.devnull},
        )
        if state == "complete":
            assert done.returncode == 0, f"{target} CPython {python}:\n{done.stdout}\n{done.stderr}"
            assert "Would install" in done.stdout and "go-sidecar-" in done.stdout, done.stdout
            for dist in ("pygls", "lsprotocol", "tree-sitter-", "tree-sitter-json", "watchdog"):
                assert dist in done.stdout, (dist, done.stdout)
        else:
            # Not shipped silently broken: pip fails there, and the extension's README names the pair.
            assert done.returncode != 0
            assert f"{target}" in readme and f"CPython {python}" in readme, (target, python, state)
