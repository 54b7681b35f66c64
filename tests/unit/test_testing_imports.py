"""Test support stays out of what users run: `sidecar check` and the server never import go_sidecar.testing.

go_sidecar.testing (FakeSystem, recorded hosts, apply_edits) ships in the package so that every test suite and
bench can import it, but it imports pathlib, a cold-start cost `check` avoids (probe/system.py, Paths).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.sandbox import sandbox_env

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "examples" / "demo"

LOADED = "print('go_sidecar.testing' in sys.modules, 'go_sidecar.probe.system' in sys.modules)\n"


def run_python(code: str, tmp_path: Path, cwd: Path) -> str:
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env = sandbox_env(home, tmp_path / "bin")
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    if os.environ.get("SYSTEMROOT"):
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    proc = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip().splitlines()[-1]


def test_a_whole_check_of_the_demo_does_not_import_the_test_support(tmp_path: Path):
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws)
    code = (
        "import sys, io, contextlib\n"
        "from go_sidecar.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['check', {str(ws)!r}])\n"
        "assert 'finding' in out.getvalue(), out.getvalue()\n" + LOADED
    )
    # The probes ran (probe.system loaded) and the test support did not come with them.
    assert run_python(code, tmp_path, ws) == "False True"


def test_no_module_of_the_package_imports_the_test_support(tmp_path: Path):
    """Every module but go_sidecar.testing itself, the server's included (pygls and all)."""
    code = (
        "import importlib, pkgutil, sys, go_sidecar\n"
        "names = [m.name for m in pkgutil.walk_packages(go_sidecar.__path__, 'go_sidecar.')\n"
        "         if m.name not in ('go_sidecar.testing', 'go_sidecar.__main__')]\n"
        "assert 'go_sidecar.lsp.server' in names and 'go_sidecar.check' in names, names\n"
        "for name in names:\n"
        "    importlib.import_module(name)\n" + LOADED
    )
    assert run_python(code, tmp_path, tmp_path) == "False True"
