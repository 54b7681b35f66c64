"""Issue 11's bad input, with issue 9's guarantees: a `program` that is a FIFO, a device, a link loop or a
dangling link, and a tree of many folders, never hang `check`, never read a FIFO, and get a finding that says
what the path is."""

from __future__ import annotations

import json
import os
import socket

import pytest


def write_launch(arena, program: str, mode: str = "auto") -> None:
    (arena.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    (arena.ws / ".vscode" / "launch.json").write_text(
        json.dumps(
            {
                "version": "0.2.0",
                "configurations": [{"name": "P", "type": "go", "request": "launch", "mode": mode, "program": program}],
            }
        )
    )


def report_of(arena) -> dict:
    cp = arena.run("check", str(arena.ws), "--format", "json")
    assert cp.returncode in (0, 1), cp.stderr
    return json.loads(cp.stdout)


def make(arena, kind: str) -> str:
    path = arena.ws / "thing"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        s = socket.socket(socket.AF_UNIX)
        s.bind(str(path))
        arena.sockets = s
    elif kind == "loop":
        (arena.ws / "loop-b").symlink_to(path)
        path.symlink_to(arena.ws / "loop-b")
    elif kind == "dangling":
        path.symlink_to(arena.root / "nowhere")
    elif kind == "device":
        path.symlink_to("/dev/zero")
    return str(path)


@pytest.mark.parametrize("kind", ["fifo", "socket", "loop", "dangling", "device"])
@pytest.mark.parametrize("mode", ["auto", "exec"])
def test_a_special_program_is_named_not_read(arena, kind, mode):
    program = make(arena, kind)
    write_launch(arena, program, mode)
    codes = {f["code"]: f["message"] for f in report_of(arena)["findings"]}
    code = "program-missing" if mode == "auto" else "exec-not-executable"
    assert code in codes and "neither a folder nor a file" in codes[code], codes


def test_a_tree_of_many_folders_is_walked_boundedly(arena):
    for i in range(2500):
        (arena.ws / "pkgs" / f"p{i:04d}").mkdir(parents=True)
    write_launch(arena, "${workspaceFolder}/cmd/gone")
    [f] = [f for f in report_of(arena)["findings"] if f["code"] == "program-missing"]
    assert "the search stopped early" in f["message"]


@pytest.mark.parametrize("name", ["go.work", "go.mod"])
@pytest.mark.parametrize("kind", ["fifo", "device", "loop"])
def test_module_files_that_are_special_are_never_read(arena, name, kind):
    """The module files program-outside-module and the GoLand package resolution read (go.work above the program,
    go.mod of the module and of each used module): a FIFO, /dev/zero or a link loop in their place is refused by
    the one reader (fsread), said as a problem, and never hangs or streams."""
    (arena.ws / "cmd" / "app").mkdir(parents=True)
    (arena.ws / "cmd" / "app" / "main.go").write_text("package main\n\nfunc main() {}\n")
    write_launch(arena, "${workspaceFolder}/cmd/app")
    target = arena.ws / name
    target.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    else:
        (arena.ws / "loop-b").symlink_to(target)
        target.symlink_to(arena.ws / "loop-b")
    report = report_of(arena)  # returns (the arena's time limit fails a hang)
    found = {f["code"]: f["message"] for f in report["findings"]}
    if (name, kind) == ("go.mod", "loop"):
        # cmd/go's findModuleRoot stats go.mod: a loop fails the stat, so there is no module here — as it says.
        assert "go.mod file not found" in found["program-outside-module"], found
    else:
        assert "program-outside-module" not in found  # not judged from what could not be read


def test_a_go_work_of_thousands_of_uses_is_bounded(arena):
    (arena.ws / "cmd" / "app").mkdir(parents=True)
    (arena.ws / "cmd" / "app" / "main.go").write_text("package main\n\nfunc main() {}\n")
    write_launch(arena, "${workspaceFolder}/cmd/app")
    uses = "".join(f"\t./m{i}\n" for i in range(20_000))
    (arena.ws / "go.work").write_text(f"go 1.22\n\nuse (\n{uses})\n")
    report = report_of(arena)
    assert "program-outside-module" not in {f["code"] for f in report["findings"]}
