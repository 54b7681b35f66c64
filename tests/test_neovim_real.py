"""The real Neovim (headless) against `python -m go_sidecar serve`: diagnostics on launch.json, the quick fix
applied through Neovim's own LSP client, the file on disk fixed with its comments kept.

CI installs Debian's neovim (0.7) with scripts/install-neovim.sh; without nvim the test is skipped. The script
the editor runs is tests/neovim/fix_launch_json.lua; docs/neovim.md has the configuration users copy.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from go_sidecar.parse.jsonc import strict_json
from tests.e2e.conftest import LAUNCH, Machine, make_root
from tests.needs import missing

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "tests" / "neovim" / "fix_launch_json.lua"
NVIM = shutil.which("nvim")
STEP_TIMEOUT_MS = 20_000

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def machine(tmp_path: Path):
    """As tests/e2e's machine: HOME, XDG folders, caches and PATH inside tmp_path."""
    if NVIM is None:
        missing("nvim is not installed (scripts/install-neovim.sh)")
    m = Machine(tmp_path)
    yield m
    assert not list(tmp_path.rglob("RAN")), "a go binary named by the machine's configuration was executed"


def docs_config() -> str:
    """The Neovim 0.7 configuration of docs/neovim.md: the lua block after the "tested:" marker, as it is."""
    text = (ROOT / "docs" / "neovim.md").read_text(encoding="utf-8")
    after = text[text.index("<!-- tested: tests/test_neovim_real.py") :]
    match = re.search(r"```lua\n(.*?)```", after, re.DOTALL)
    assert match, "docs/neovim.md lost its tested lua block"
    return match.group(1)


def run_nvim(machine: Machine, launch: Path, result: Path, config: Path | None) -> tuple[dict, float]:
    env = {
        **machine.env,  # the server inherits Neovim's environment: the sandboxed HOME, caches and PATH
        "SIDECAR_NVIM_ROOT": str(machine.ws),
        "SIDECAR_NVIM_FILE": str(launch),
        "SIDECAR_NVIM_RESULT": str(result),
        "SIDECAR_NVIM_TIMEOUT_MS": str(STEP_TIMEOUT_MS),
    }
    if config is None:
        env["SIDECAR_NVIM_CMD"] = json.dumps([sys.executable, "-m", "go_sidecar", "serve"])
    else:
        env["SIDECAR_NVIM_CONFIG"] = str(config)
    started = time.perf_counter()
    proc = subprocess.run(
        [NVIM, "--headless", "--clean", "-n", "-c", f"luafile {SCRIPT}"],
        env=env,
        cwd=machine.ws,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=4 * STEP_TIMEOUT_MS / 1000,
        check=False,
    )
    wall = time.perf_counter() - started
    assert result.is_file(), f"nvim wrote no result (exit {proc.returncode}):\n{proc.stdout!r}\n{proc.stderr!r}"
    return json.loads(result.read_text(encoding="utf-8")), wall


@pytest.mark.parametrize("how", ["start_client", "docs"])
def test_neovim_fixes_launch_json(machine: Machine, tmp_path: Path, how: str):
    """start_client: the script starts `python -m go_sidecar serve` itself. docs: the configuration users copy
    from docs/neovim.md starts `sidecar serve` from PATH when launch.json is opened."""
    old = make_root(machine.sdk, "1.21.5")
    new = make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)  # the older Go is the one on PATH
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH, encoding="utf-8")  # comments, a trailing comma, no GOROOT
    config = None
    if how == "docs":
        # `sidecar` on the sandbox PATH, as pipx would put it on a user's: the test environment's console script.
        (machine.bin / "sidecar").symlink_to(Path(sys.executable).parent / "sidecar")
        config = tmp_path / "go-sidecar.lua"
        config.write_text(docs_config(), encoding="utf-8")

    out, wall = run_nvim(machine, launch, tmp_path / "nvim-result.json", config)
    assert out["ok"], f"the Neovim script failed: {out.get('error')}\n{json.dumps(out, ensure_ascii=False, indent=1)}"
    print(
        f"\nNeovim {out['nvim']} ({out['offset_encoding']}, {how}): {wall * 1000:.0f} ms in all; "
        f"steps (ms since start) {out['ms']}; codes {out['codes']} -> {out['codes_after']}; "
        f"preferred fix {out['preferred']!r}"
    )
    if how == "docs":
        assert out["root_dir"] == str(machine.ws)  # the folder holding .vscode/, not .vscode/ itself
    # The settings sent were all valid: the server complained about none.
    assert not [m for m in out["messages"] if "goSidecar" in m], out["messages"]

    assert "goroot-too-old" in out["codes"]
    assert out["preferred"] in out["actions"] and "go1.22.5" in out["preferred"]

    # The file on disk: GOROOT pinned to ~/sdk/go1.22.5, its go first on PATH, every comment kept.
    text = launch.read_text(encoding="utf-8")
    assert text == out["text"]
    cfg = strict_json(text.encode("utf-8"))["configurations"][0]
    assert cfg["env"]["GOROOT"] == str(new)
    assert cfg["env"]["PATH"].startswith(str(new / "bin"))
    for comment in ("// Use IntelliSense", "启动当前包", "// main package"):
        assert comment in text
    # Nothing but the configuration's env changed.
    assert cfg["program"] == "${fileDirname}" and cfg["name"] == "Launch Package"

    # After the edit the server withdrew its GOROOT diagnostics (what is left speaks about dlv, absent here).
    assert not [c for c in out["codes_after"] if c.startswith("goroot-")], out["codes_after"]
