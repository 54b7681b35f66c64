"""The Python package as users install it (`pipx install go-sidecar`, `uv tool install go-sidecar`, `pip install
go-sidecar`): the sdist and wheel build (`python -m build`), pass `twine check`, and the wheel installed into a
fresh virtual environment, away from the repository, runs `sidecar check` on a copy of the demo and answers an LSP
`initialize` through `sidecar serve`.

The dependencies' wheels are downloaded once into /var/tmp/go-sidecar-dep-wheels (the registries are reachable in
CI; later runs install offline from there); the fresh environment is made --without-pip and pip runs from its wheel.
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

from go_sidecar import __version__
from tests.sandbox import sandbox_env

ROOT = Path(__file__).resolve().parent.parent
VERSION = __version__
DEP_WHEELS = Path(os.environ.get("SIDECAR_DEP_WHEELS", "/var/tmp/go-sidecar-dep-wheels"))


def run(argv: list[str], **kw) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=600, **kw)
    assert done.returncode == 0, f"{argv}\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def dists(tmp_path_factory) -> Path:
    """sdist and wheel built from a copy of the sources (no build artefacts left in the checkout)."""
    out = tmp_path_factory.mktemp("dist")
    src = tmp_path_factory.mktemp("src") / "go-sidecar"
    run(["git", "-C", str(ROOT), "ls-files", "-z"])  # a checkout: copy what git tracks, as a release would
    files = run(["git", "-C", str(ROOT), "ls-files", "-z"]).stdout.split("\0")
    for name in filter(None, files):
        if not (ROOT / name).is_file():
            continue  # deleted in the working tree
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, src / name)
    # --no-isolation: the build backend (setuptools) is this environment's, so the build needs no network.
    run([sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", str(out), str(src)])
    return out


def test_sdist_and_wheel_build_and_pass_twine_check(dists: Path):
    wheel = next(dists.glob("go_sidecar-*.whl"))
    sdist = next(dists.glob("go_sidecar-*.tar.gz"))
    assert wheel.name.startswith(f"go_sidecar-{VERSION}-py3-none-any")
    assert sdist.name == f"go_sidecar-{VERSION}.tar.gz"
    run([sys.executable, "-m", "twine", "check", "--strict", str(wheel), str(sdist)])
    names = zipfile.ZipFile(wheel).namelist()
    # The package and its data, not the tests nor the extension.
    assert "go_sidecar/cli.py" in names and "go_sidecar/data/delve-go-compat.tsv" in names
    assert "go_sidecar/py.typed" in names
    assert not [n for n in names if n.startswith(("tests/", "vscode-extension/", "bench/"))]
    assert not [n for n in names if "/testing.py" in n and not n.startswith("go_sidecar/")]
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "sidecar = go_sidecar.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()


@pytest.fixture(scope="module")
def installed(dists: Path, tmp_path_factory) -> Path:
    """A fresh venv (no pip of its own, no project files around) with the built wheel installed."""
    wheel = next(dists.glob("go_sidecar-*.whl"))
    DEP_WHEELS.mkdir(parents=True, exist_ok=True)
    # The runtime dependencies and pip, as wheels for this interpreter: downloaded once, then reused offline.
    offline = [sys.executable, "-m", "pip", "download", "--no-index", "--find-links", str(DEP_WHEELS), "-d"]
    probe = subprocess.run(
        check=False, args=[*offline, str(tmp_path_factory.mktemp("probe")), str(wheel), "pip"], capture_output=True
    )
    if probe.returncode != 0:
        run([sys.executable, "-m", "pip", "download", "--quiet", "-d", str(DEP_WHEELS), str(wheel), "pip"])
        for w in DEP_WHEELS.glob("go_sidecar-*"):
            w.unlink()  # our own wheel comes from this build, never from the cache
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    run([sys.executable, "-m", "venv", "--without-pip", str(venv)])
    py = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    pip_wheel = next(DEP_WHEELS.glob("pip-*.whl"))
    run(
        [str(py), f"{pip_wheel}/pip", "install", "--quiet", "--no-index", "--find-links", str(DEP_WHEELS), str(wheel)],
        cwd=venv,
        env={**os.environ, "PYTHONPATH": "", "PIP_CONFIG_FILE": os.devnull},
    )
    return venv


def sandbox(tmp: Path) -> dict[str, str]:
    home = tmp / "home"
    home.mkdir()
    (tmp / "bin").mkdir()
    return sandbox_env(home, tmp / "bin")


def test_installed_wheel_checks_a_copy_of_the_demo(installed: Path, tmp_path: Path):
    demo = tmp_path / "demo"
    shutil.copytree(ROOT / "examples" / "demo", demo)
    sidecar = installed / "bin" / "sidecar"
    env = sandbox(tmp_path)
    # Run from the copy, with nothing of the repository on sys.path: the code is the wheel's.
    where = subprocess.run(
        check=False,
        args=[str(installed / "bin" / "python"), "-c", "import go_sidecar; print(go_sidecar.__file__)"],
        capture_output=True,
        text=True,
        cwd=demo,
        env=env,
    )
    assert str(installed) in where.stdout, where
    done = subprocess.run(
        check=False,
        args=[str(sidecar), "check", str(demo), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=demo,
        env=env,
    )
    assert done.returncode in (0, 1), done.stderr
    report = json.loads(done.stdout)
    assert report["root"] == str(demo)
    # The demo is made to show findings; the same ones as the checkout's own `sidecar check` of it.
    assert report["findings"] and done.returncode == 1
    assert all(f["location"]["path"].startswith(str(demo)) for f in report["findings"]), report["findings"]
    version = run([str(sidecar), "--version"], env=env).stdout
    assert VERSION in version


def test_installed_wheel_serves_lsp(installed: Path, tmp_path: Path):
    env = sandbox(tmp_path)
    proc = subprocess.Popen(
        [str(installed / "bin" / "sidecar"), "serve"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=tmp_path,
    )
    try:
        body = json.dumps(
            {
                "jsonrpc": "2.0",
                "id": 1,
                "method": "initialize",
                "params": {"processId": None, "rootUri": None, "capabilities": {}},
            }
        ).encode()
        assert proc.stdin is not None and proc.stdout is not None
        proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        proc.stdin.flush()
        headers = {}
        while (line := proc.stdout.readline().strip()) != b"":
            k, _, v = line.decode("ascii").partition(":")
            headers[k.strip().lower()] = v.strip()
        answer = json.loads(proc.stdout.read(int(headers["content-length"])))
        assert answer["id"] == 1
        assert answer["result"]["serverInfo"] == {"name": "go-sidecar", "version": VERSION}
    finally:
        proc.kill()
        proc.wait(10)
