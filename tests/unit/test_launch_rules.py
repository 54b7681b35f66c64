"""Issue 11 (first rules): program-missing, program-not-main, cwd-missing, exec-not-executable, each firing on its
case and silent on the clean counterpart, with the fix applied and the workspace checked again."""

from __future__ import annotations

import pytest

from go_sidecar.check import run_check
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.testing import apply_edits

from .test_config_kinds import LAUNCH, WS, go, machine

CODES = ("program-missing", "program-not-main", "cwd-missing", "exec-not-executable")
SOURCES = {
    WS + "/cmd/server/main.go": b"// Copyright\n\n//go:build !nope\n\npackage main\n\nfunc main() {}\n",
    WS + "/cmd/tool/main.go": b"/* licence\n   package notmain */\npackage main\n",
    WS + "/internal/store/store.go": b"package store\n",
    WS + "/internal/store/store_test.go": b"package store\n",
    WS + "/only_windows/main_windows.go": b"package main\n",
    WS + "/only_windows/lib.go": b"package lib\n",
    WS + "/empty/README.md": b"nothing\n",
    WS + "/vendor/x/main.go": b"package main\n",
    WS + "/bin/app.sh": b"#!/bin/sh\necho hi\n",
}


def findings(sys_, code=None):
    report, _facts = run_check(sys_, WS)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    return [f for f in report.findings if f.code in ((code,) if code else CODES)]


def world(*configs: dict):
    return machine(list(configs), files=dict(SOURCES))


def apply(sys_, fix):
    sys_.files[LAUNCH] = apply_edits(sys_.files[LAUNCH], [(e.range, e.new_text) for e in fix.edits])


@pytest.mark.parametrize(
    "program",
    [
        "${workspaceFolder}/cmd/server",
        "cmd/server",
        "./cmd/tool",
        "${workspaceFolder}/cmd/server/main.go",
        "${file}",
        "${fileDirname}",
        "example.com/m/cmd/server",
        "${input:pkg}",
    ],
)
def test_clean_programs_are_silent(program):
    assert not findings(world(go("L", program=program)))


def test_a_missing_program_offers_the_main_packages():
    sys_ = world(go("L", program="${workspaceFolder}/cmd/old"))
    [f] = findings(sys_)
    assert f.code == "program-missing" and "must be a valid directory or .go file" in f.message
    assert "cmd/server" in f.message and "cmd/tool" in f.message and "vendor" not in f.message
    titles = [x.title for x in f.fixes]
    # The workspace folder itself holds main.go (package main), then cmd/server and cmd/tool; not vendor.
    assert len(titles) == 3 and sum("${workspaceFolder}/cmd/" in t for t in titles) == 2, titles
    apply(sys_, f.fixes[1])
    assert strict_json(sys_.files[LAUNCH])["configurations"][0]["program"] == "${workspaceFolder}/cmd/server"
    assert not findings(sys_)


@pytest.mark.parametrize(
    "program,expect",
    [
        ("${workspaceFolder}/internal/store", "cannot run non-main package"),
        ("${workspaceFolder}/internal/store/store.go", "cannot run non-main package"),
        ("${workspaceFolder}/empty", "no Go files in"),
        ("${workspaceFolder}/only_windows", "cannot run non-main package"),  # main_windows.go is not for linux
    ],
)
def test_not_a_main_package(program, expect):
    sys_ = world(go("L", program=program))
    [f] = findings(sys_)
    assert f.code == "program-not-main" and expect in f.message
    apply(sys_, f.fixes[0])
    assert not findings(sys_)


def test_mode_test_needs_test_files():
    assert not findings(world(go("T", mode="test", program="${workspaceFolder}/internal/store")))
    [f] = findings(world(go("T", mode="test", program="${workspaceFolder}/cmd/server")))
    assert f.code == "program-not-main" and "no _test.go files" in f.message


def test_cwd_missing():
    [f] = findings(world(go("L", program="cmd/server", cwd="${workspaceFolder}/data")))
    assert f.code == "cwd-missing" and WS + "/data" in f.message
    assert not findings(world(go("L", program="cmd/server", cwd="${workspaceFolder}/internal")))
    assert not findings(world(go("R", request="attach", mode="remote", port=1, cwd="/gone")))


@pytest.mark.parametrize(
    "program,expect",
    [
        ("${workspaceFolder}/bin/app", "does not exist"),
        ("${workspaceFolder}/bin/app.sh", "not an executable"),
        ("${workspaceFolder}/cmd", "is a folder"),
    ],
)
def test_exec_not_executable(program, expect):
    [f] = findings(world(go("E", mode="exec", program=program)), "exec-not-executable")
    assert expect in f.message


def test_a_bounded_walk_says_it_stopped():
    from go_sidecar.probe import programs

    sys_ = world(go("L", program="${workspaceFolder}/cmd/old"))
    assert programs.main_packages(sys_, WS, limit=2).truncated
    assert not programs.main_packages(sys_, WS).truncated


def test_the_walk_is_reused_by_later_checks_of_the_same_server(tmp_path):
    """While a program is wrong the server checks on every keystroke: the main-package walk is kept in its memo
    (area WALKS) until the tree is said to change or the memo's limit passes; `sidecar check` (no memo) walks."""
    import json

    from go_sidecar.check import run_check
    from go_sidecar.probe.memo import WALKS, Memo
    from go_sidecar.probe.system import RealSystem

    (tmp_path / "cmd" / "a").mkdir(parents=True)
    (tmp_path / "cmd" / "a" / "main.go").write_text("package main\n")
    (tmp_path / ".vscode").mkdir()
    cfg = {"name": "L", "type": "go", "request": "launch", "mode": "debug", "program": "${workspaceFolder}/cmd/old"}
    (tmp_path / ".vscode" / "launch.json").write_text(json.dumps({"configurations": [cfg]}))
    sys_ = RealSystem(env={"HOME": str(tmp_path)})
    memo = Memo()

    def mains(m):
        return run_check(sys_, str(tmp_path), memo=m)[1].main_packages.folders

    first = mains(memo)
    (tmp_path / "cmd" / "b").mkdir()
    (tmp_path / "cmd" / "b" / "main.go").write_text("package main\n")
    assert mains(memo) == first and len(first) == 1  # the same server: reused
    assert len(mains(None)) == 2  # sidecar check: walks
    memo.invalidate(WALKS)
    assert len(mains(memo)) == 2  # told the tree changed: walks again


def test_launch_json_program_fix_keeps_the_file():
    """The fix is a minimal edit: only the program value changes."""
    sys_ = world(go("L", program="${workspaceFolder}/cmd/old"))
    before = sys_.files[LAUNCH].decode()
    [f] = findings(sys_)
    apply(sys_, f.fixes[0])
    new = strict_json(sys_.files[LAUNCH])["configurations"][0]["program"]
    assert before.replace("${workspaceFolder}/cmd/old", new) == sys_.files[LAUNCH].decode()
