"""The built .vsix in a real VS Code: code-server in headless Chromium, driven by tests/vscode/drive.js.

A temporary HOME holds two Go toolchains (~/sdk/go1.21.5, ~/sdk/go1.22.5; the older one's bin first on PATH) and a
synthetic Go build cache. The test installs the .vsix into code-server, opens a copy of tests/vscode/workspace (a
go.mod asking for go 1.22.0, a launch.json pinning no GOROOT) and checks, as a user would see them:
  problems  a go-sidecar diagnostic (goroot-unpinned or goroot-too-old) in the Problems panel;
  quickfix  the "Pin GOROOT to go1.22.5 …" quick fix applied from the editor and saved: on disk, env.GOROOT is
            the ~/sdk/go1.22.5 path and the comments are still there;
  lens      the readiness code lens drawn directly above the configuration in launch.json: the older Go first on
            PATH and its problems (goroot-too-old, dlv-missing); after the quick fix (lens-report) it names the
            pinned go1.22.5 without goroot-too-old, and clicking it opens the tools report as a markdown document.
            The lens's picture is test-artifacts/vscode/code-lens.png; GO_SIDECAR_KEEP_SCREENSHOTS=1 copies it to
            vscode-extension/images/code-lens.png (the README's), with problems.png and quick-fix.png.
  purge     "Go Sidecar: Purge Caches…" on the go-build target: the 00..ff entries are gone, README and trim.txt
            stay.
  warm-start  the window reloaded: the go-sidecar diagnostic drawn again, timed against the timing probe's
            reference diagnostic drawn in the same reload (the figures: bench/vscode_start.py).
Screenshots of each step go to test-artifacts/vscode/ (git-ignored), with code-server's log and the driver's
results.json. The harness is tests/vscode_harness.py.

test_vscode_real_multiroot opens a .code-workspace of two folders (issue 10) and waits for go-sidecar's diagnostics
of both folders' configurations in the one Problems panel.

Needs scripts/install-vscode-test-deps.sh (CI runs it); skipped with the reason when code-server, Chromium or
playwright-core are missing. The .vsix: $GO_SIDECAR_VSIX, else the newest vscode-extension/go-sidecar-*.vsix after
`make vsix`.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from tests import vscode_harness as vh
from tests.needs import missing

ARTIFACTS = vh.REPO / "test-artifacts" / "vscode"

pytestmark = [pytest.mark.e2e]


def test_vscode_real(tmp_path: Path):
    if vh.missing() is not None:
        missing(f"{vh.missing()} (scripts/install-vscode-test-deps.sh)")
    r = vh.run(tmp_path, ARTIFACTS, vh.vsix())
    res, sb = r.results, r.sandbox
    summary = {
        "install_extension_s": round(r.install_s, 1),
        "drive_s": round(r.drive_s, 1),
        **res.get("timings", {}),
        "steps": {s["step"]: ("ok" if s["ok"] else "FAILED") for s in res["steps"]},
    }
    print("vscode-real:", json.dumps(summary))
    (ARTIFACTS / "summary.json").write_text(json.dumps(summary, indent=2))
    failures = [f"driver: {res['fatal']}"] if "fatal" in res else []
    steps = {s["step"]: s for s in res["steps"]}
    for name in ("problems", "lens", "quickfix", "lens-report", "purge", "warm-start"):
        s = steps.get(name)
        if s is None:
            failures.append(f"step {name}: not run (see the driver's error above)")
        elif not s["ok"]:
            failures.append(f"step {name} failed: {s.get('error', '').splitlines()[0]}\n  notes: {s.get('notes')}")

    # The lens's text, before and after the quick fix, and the report it opened.
    if steps.get("lens", {}).get("ok"):
        lens = steps["lens"]["notes"]["lens"]
        if not ("goroot-too-old" in lens and "dlv-missing" in lens):
            failures.append(f"the lens before the fix names other problems: {lens!r}")
        image = Path(steps["lens"]["screenshots"][-1])
        if image.is_file() and os.environ.get("GO_SIDECAR_KEEP_SCREENSHOTS"):
            shutil.copyfile(image, vh.REPO / "vscode-extension" / "images" / "code-lens.png")
    # The README's pictures of the Problems panel and the quick-fix menu, as this run drew them.
    for step, shot, name in (
        ("problems", "1-problems", "problems.png"),
        ("quickfix", "2-quickfix-menu", "quick-fix.png"),
    ):
        picture = ARTIFACTS / f"{shot}.png"
        if steps.get(step, {}).get("ok") and picture.is_file() and os.environ.get("GO_SIDECAR_KEEP_SCREENSHOTS"):
            shutil.copyfile(picture, vh.REPO / "vscode-extension" / "images" / name)
    if steps.get("lens-report", {}).get("ok"):
        lens = steps["lens-report"]["notes"]["lens"]
        if "goroot-too-old" in lens or "dlv-missing" not in lens:
            failures.append(f"the lens after the fix is not the fixed configuration's: {lens!r}")
        if "Launch package" not in steps["lens-report"]["notes"]["report"]:
            failures.append(f"the tools report does not name the configuration: {steps['lens-report']['notes']}")

    # On disk, whatever the driver saw.
    text = sb.launch.read_text()
    if steps.get("quickfix", {}).get("ok"):
        try:
            goroot = vh.jsonc(text)["configurations"][0].get("env", {}).get("GOROOT")
        except (ValueError, KeyError, IndexError) as e:
            goroot = f"(launch.json does not parse: {e})"
        if goroot != str(sb.new):
            failures.append(f"launch.json on disk has env.GOROOT {goroot!r}, want {str(sb.new)!r}:\n{text}")
        for comment in [line.strip() for line in sb.launch_before.splitlines() if "//" in line]:
            comment = comment[comment.index("//") :]
            if comment not in text:
                failures.append(f"the quick fix lost the comment {comment!r}:\n{text}")
    if steps.get("purge", {}).get("ok"):
        left = sorted(p.name for p in sb.go_build.iterdir())
        if left != ["README", "trim.txt"]:
            failures.append(f"go-build after the purge holds {left}; want only README and trim.txt")
        if sb.go_build.joinpath("README").read_text() != vh.GO_BUILD_README:
            failures.append("the purge changed go-build/README")
    if steps.get("warm-start", {}).get("ok"):
        # The warm start's timeline is whole and in order: the probe saw go-sidecar's diagnostics after the
        # server started, and both diagnostics were drawn after the reload.
        for w in res["warm"]:
            ms = w["ms"]
            # The probe cannot time diagnostics that were there before it activated (go-sidecar activated first).
            untimed = [
                k for k, v in ms.items() if v is None and not (k == "go_sidecar_in_model" and w["goSidecarBeforeProbe"])
            ]
            if untimed:
                failures.append(f"warm start: no time for {untimed}: {w}")
            elif not (
                0
                < ms["exthost_started"]
                <= ms["go_sidecar_activated"]
                <= ms["go_sidecar_environment"]
                <= ms["go_sidecar_server_ready"]
                and ms["go_sidecar_activated"] < ms["go_sidecar_drawn"]
                and ms["go_sidecar_activated"] <= (ms["go_sidecar_in_model"] or ms["go_sidecar_drawn"])
            ):
                failures.append(f"warm start: the timeline is out of order: {ms}")

    ran = list(tmp_path.rglob("RAN"))
    if ran:
        failures.append(f"a fake toolchain's go was executed: {ran}")
    assert not failures, "\n".join(failures) + f"\nscreenshots and logs: {ARTIFACTS}"


def _two_folders(sb) -> Path:
    """A second folder beside the first, each with its own go.mod and launch.json, and a .code-workspace naming
    both (with a launch section of its own): the multi-root window of issue 10."""
    second = sb.ws.parent / "second 第二"
    (second / ".vscode").mkdir(parents=True)
    (second / "go.mod").write_text("module example.com/second\n\ngo 1.22.0\n")
    (second / "main.go").write_text("package main\n\nfunc main() {}\n")
    (second / ".vscode" / "launch.json").write_text(
        json.dumps(
            {
                "version": "0.2.0",
                "configurations": [
                    {
                        "name": "Second folder",
                        "type": "go",
                        "request": "launch",
                        "mode": "auto",
                        "program": "${workspaceFolder}",
                    }
                ],
            },
            indent=4,
        )
    )
    file = sb.ws.parent / "multi.code-workspace"
    file.write_text(json.dumps({"folders": [{"path": sb.ws.name}, {"path": second.name}], "settings": {}}, indent=4))
    return file


def test_vscode_real_multiroot(tmp_path: Path):
    if vh.missing() is not None:
        missing(f"{vh.missing()} (scripts/install-vscode-test-deps.sh)")
    """Issue 10: a .code-workspace with two folders; go-sidecar's diagnostics for both folders' configurations
    reach the Problems panel of one real VS Code window."""
    r = vh.run(
        tmp_path,
        ARTIFACTS.parent / "vscode-multiroot",
        vh.vsix(),
        prepare=_two_folders,
        extra={"steps": ["problems-multiroot"], "expectConfigurations": ["Launch package", "Second folder"]},
    )
    steps = {s["step"]: s for s in r.results["steps"]}
    s = steps.get("problems-multiroot")
    assert s is not None and s["ok"], (r.results.get("fatal"), s, r.out[-3000:])
    # The machine-wide finding (no dlv on this machine) is shown once, not once per folder.
    rows = s["notes"]["rows"]
    assert sum("No dlv found" in row for row in rows) == 1, rows
    assert not list(tmp_path.rglob("RAN")), "a fake toolchain's go was executed"
