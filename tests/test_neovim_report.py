"""The real Neovim (headless) runs go-sidecar's readiness code lens and gets the tools report: docs/neovim.md's
configuration and its tools report handler (for Neovim 0.7 and 0.8, which drop a server command's result and take
no window/showDocument), as users copy them. Without nvim the test is skipped (scripts/install-neovim.sh)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import LAUNCH, Machine, make_root
from tests.test_neovim_real import (
    NVIM,
    ROOT,
    STEP_TIMEOUT_MS,
    docs_config,
    machine,  # noqa: F401 - the fixture (skips without nvim)
)

SCRIPT = ROOT / "tests" / "neovim" / "tools_report.lua"
pytestmark = [pytest.mark.e2e]


def docs_report_handler() -> str:
    text = (ROOT / "docs" / "neovim.md").read_text(encoding="utf-8")
    after = text[text.index("<!-- tested: tests/test_neovim_report.py") :]
    match = re.search(r"```lua\n(.*?)```", after, re.DOTALL)
    assert match, "docs/neovim.md lost its tested tools report block"
    return match.group(1)


def test_neovim_runs_the_lens_and_shows_the_tools_report(machine: Machine, tmp_path: Path):
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH, encoding="utf-8")
    (machine.bin / "sidecar").symlink_to(Path(sys.executable).parent / "sidecar")
    config = tmp_path / "go-sidecar.lua"
    config.write_text(docs_config() + "\n" + docs_report_handler(), encoding="utf-8")
    result = tmp_path / "nvim-result.json"
    env = {
        **machine.env,
        "SIDECAR_NVIM_CONFIG": str(config),
        "SIDECAR_NVIM_FILE": str(launch),
        "SIDECAR_NVIM_RESULT": str(result),
        "SIDECAR_NVIM_TIMEOUT_MS": str(STEP_TIMEOUT_MS),
    }
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
    assert result.is_file(), f"nvim wrote no result (exit {proc.returncode}):\n{proc.stdout!r}\n{proc.stderr!r}"
    out = json.loads(result.read_text(encoding="utf-8"))
    assert out["ok"], f"the Neovim script failed: {out.get('error')}\n{json.dumps(out, ensure_ascii=False, indent=1)}"
    print(
        f"\nNeovim {out['nvim']}: lens after {out['ms']['lens']} ms, report {out['ms']['report']} ms "
        f"({(time.perf_counter() - started) * 1000:.0f} ms in all)"
    )

    assert out["lens"]["command"] == "sidecar.toolsReport" and "go1.21.5" in out["lens"]["title"]
    markdown = out["markdown"]
    assert markdown.startswith("# ") and '## Configuration "Launch Package"' in markdown
    assert f"`{old}`" in markdown
    assert out["filetype"] == "markdown"
    assert not out["messages"], out["messages"]
    # The handler asked for the result only: the server wrote no report file for Neovim to open.
    assert not (machine.home / ".cache" / "go-sidecar" / "reports").exists()
