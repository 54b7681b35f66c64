"""Test support stays out of what users run: `sidecar check` and the server never import go_sidecar.testing.

go_sidecar.testing (FakeSystem, recorded hosts, apply_edits) ships in the package so that every test suite and
bench can import it, but it imports pathlib, a cold-start cost `check` avoids (probe/system.py, Paths).
"""

from __future__ import annotations

import json
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


# What a plain `sidecar check` of the demo (launch.json and settings.json, fake Go roots, no dlv, no go.work, no
# .idea, no go.sum, no build cache to measure) never needs: heavy standard modules, the server, the purge engine,
# and the modules imported lazily for what the demo does not have (build info of a real executable,
# idea.properties, GoLand's XML, go.work and XML edits, go.sum's parser, mise.toml's TOML). A module-level import of
# one of them on the check path costs every cold `sidecar check` (bench/check_cold.py); this test names the module
# that came in.
NOT_LOADED_BY_A_CHECK = (
    "asyncio",
    "ast",
    "concurrent",
    "ctypes",
    "dataclasses",
    "importlib.resources",
    "inspect",
    "pathlib",
    "shutil",
    "subprocess",
    "tempfile",
    "threading",
    "tokenize",
    "tomllib",
    "zipfile",
    "lsprotocol",
    "platformdirs",
    "pygls",
    "go_sidecar.edit.gowork",
    "go_sidecar.edit.xml",
    "go_sidecar.fix",
    "go_sidecar.lsp",
    "go_sidecar.parse.gosum",
    "go_sidecar.parse.modinfo",
    "go_sidecar.parse.properties",
    "go_sidecar.parse.xmldoc",
    "go_sidecar.probe.goland",
    "go_sidecar.probe.goland_configs",
    "go_sidecar.purge_cli",
    "go_sidecar.testing",
)


def loaded_by_a_check(ws: Path, tmp_path: Path, modules: list[str], also: str = "") -> list[str]:
    """Which of `modules` (or their submodules) `sidecar check ws` loaded, in a fresh interpreter; `also`: more
    statements run after the check."""
    code = (
        "import sys, io, contextlib, json\n"
        "from go_sidecar.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()) as out:\n"
        f"    code = main(['check', {str(ws)!r}])\n"
        "assert 'finding' in out.getvalue(), out.getvalue()\n"
        f"{also}"
        f"heavy = {modules!r}\n"
        "print(json.dumps(sorted(m for m in sys.modules if any(m == h or m.startswith(h + '.') for h in heavy))))\n"
    )
    found: list[str] = json.loads(run_python(code, tmp_path, ws))
    return found


def test_a_check_of_the_demo_loads_nothing_it_does_not_need(tmp_path: Path):
    ws = tmp_path / "demo"
    shutil.copytree(DEMO, ws)
    heavy = list(NOT_LOADED_BY_A_CHECK) + (["ntpath"] if os.name != "nt" else [])  # os.path is posixpath here
    # The check read the demo's fake Go roots (their bin/go are scripts): the executable reader ran, the build info
    # parser did not.
    ran = "assert 'go_sidecar.parse.binary' in sys.modules and 'go_sidecar.probe.debugger' in sys.modules\n"
    assert loaded_by_a_check(ws, tmp_path, heavy, ran) == []


def test_a_check_of_a_module_without_debug_configurations_reads_no_executable(tmp_path: Path):
    """No launch.json, no .idea: the debugger's probes (dlv lookup, executable headers, Delve's table) and the JSON
    parser stay out."""
    ws = tmp_path / "ws"
    ws.mkdir()
    (ws / "go.mod").write_text("module example.com/m\n\ngo 1.22\n", encoding="utf-8")
    (ws / "main.go").write_text("package main\n\nfunc main() {}\n", encoding="utf-8")
    debugger = ["go_sidecar.delve_compat", "go_sidecar.parse.binary", "go_sidecar.probe.debugger"]
    debugger += ["go_sidecar.probe.delve", "tree_sitter", "tree_sitter_json"]
    assert loaded_by_a_check(ws, tmp_path, [*NOT_LOADED_BY_A_CHECK, *debugger]) == []


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
