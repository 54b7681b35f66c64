"""The tools report (go_sidecar/tools_report.py, tools_values.py): toolchains from three version managers, two dlvs
and two gopls found in VS Code Go's order, and each configuration's values with where they come from.

The sandbox is real files under tmp_path (RealSystem with HOME, GOPATH, PATH, ... redirected there): Go roots as
asdf, mise and golang.org/dl lay them out, their `bin/go` real Go executables for linux/amd64 and linux/arm64 (or a
booby-trapped script, whose platform then comes from pkg/tool), Delve-like and gopls-like binaries built by
tests/fixtures_go.py. The machine is the recorded linux/amd64 host, whatever runs the test. Nothing is run: the
script go leaves a RAN marker if it ever is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from go_sidecar.check import Folder
from go_sidecar.model import Host
from go_sidecar.parse.binary import ExeInfo, Slice
from go_sidecar.parse.modinfo import parse_modinfo
from go_sidecar.testing import RECORDED, FakeSystem
from go_sidecar.tools_report import VALUE_LIMIT, ToolsReport, build, collect, to_json, to_markdown, to_text
from tests.fixtures_go import GoFixtures, GoUnavailable, fake_delve, go_fixtures  # noqa: F401 - pytest fixtures
from tests.needs import missing
from tests.unit.conftest import Sandbox

REPO = Path(__file__).resolve().parents[2]
SCHEMA = json.loads((REPO / "schemas" / "tools.schema.json").read_text(encoding="utf-8"))
LINUX_AMD64 = RECORDED["linux-amd64"]
HOSTILE_NAME = "Evil <img src=x> `tick` *bold* [link](http://x)\nsecond line"

pytestmark = pytest.mark.skipif(os.name == "nt", reason="a POSIX sandbox (RealSystem paths, shell scripts)")

GOPLS_MAIN = 'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println("gopls stand-in") }\n'


def fake_gopls(b: GoFixtures, version: str, out: Path) -> Path:
    """A gopls-like binary: module golang.org/x/tools/gopls, committed and tagged v<version> (Go stamps the tag)."""
    repo = b.workdir / "src" / f"gopls-{version}"
    if not (repo / ".git").exists():
        if not b.has_git:
            raise GoUnavailable("git is not on PATH")
        repo.mkdir(parents=True, exist_ok=True)
        (repo / "go.mod").write_text("module golang.org/x/tools/gopls\n\ngo 1.22\n")
        (repo / "main.go").write_text(GOPLS_MAIN)
        git = ["git", "-c", "init.defaultBranch=master", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"]
        b.run(git + ["init", "-q"], repo)
        b.run(git + ["add", "-A"], repo)
        b.run(git + ["commit", "-q", "-m", f"gopls v{version}"], repo)
        b.run(git + ["tag", f"v{version}"], repo)
    return b.go_build(repo, ".", out, "linux", "amd64")


def go_root(base: Path, version: str, go: Path | None, tool_dir: str = "") -> Path:
    """A Go root: VERSION, src/runtime, bin/go (a copy of `go`, or a script that must never run)."""
    (base / "bin").mkdir(parents=True)
    (base / "src" / "runtime").mkdir(parents=True)
    (base / "VERSION").write_text(f"{version}\ntime 2026-01-01T00:00:00Z\n")
    if go is not None:
        shutil.copyfile(go, base / "bin" / "go")
    else:
        (base / "bin" / "go").write_text(f"#!/bin/sh\n: > '{base}/RAN'\nexit 3\n")
    (base / "bin" / "go").chmod(0o755)
    if tool_dir:
        (base / "pkg" / "tool" / tool_dir).mkdir(parents=True)
    return base


LAUNCH = """{
  // 启动 configurations of a team
  "version": "0.2.0",
  "configurations": [
    {"name": "Pinned to mise", "type": "go", "request": "launch", "mode": "debug", "program": "${workspaceFolder}",
     "env": {"GOROOT": "%(mise)s", "GOSUMDB": "off"}},
    {"name": "Unpinned", "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}"},
    {"name": "Remote", "type": "go", "request": "attach", "mode": "remote", "host": "10.0.0.7", "port": 2345},
    {"name": %(hostile)s, "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}",
     "env": {"GOTOOLCHAIN": "local", "CC": "C:\\\\Program Files\\\\mingw\\\\bin\\\\gcc.exe"}}
  ]
}
"""


class Machine:
    def __init__(self, sandbox: Sandbox, b: GoFixtures, dlv):
        self.sandbox = sandbox
        home = sandbox.home
        hello_amd64, hello_arm64 = b.hello("linux", "amd64"), b.hello("linux", "arm64")
        self.asdf = go_root(home / ".asdf" / "installs" / "golang" / "1.22.5" / "go", "go1.22.5", hello_amd64)
        self.mise = go_root(home / ".local" / "share" / "mise" / "installs" / "go" / "1.23.4", "go1.23.4", hello_arm64)
        self.sdk = go_root(home / "sdk" / "go1.21.13", "go1.21.13", None, "linux_amd64")
        (self.sdk / ".unpacked-success").write_text("")  # golang.org/dl's mark of a complete install
        gobin = home / "go" / "bin"
        gobin.mkdir(parents=True)
        self.dlv_gopath = gobin / "dlv"
        shutil.copyfile(dlv("1.22.1", "linux", "amd64"), self.dlv_gopath)
        self.dlv_path = sandbox.bin / "dlv"
        shutil.copyfile(dlv("1.23.0", "linux", "arm64"), self.dlv_path)
        self.gopls = fake_gopls(b, "0.16.2", gobin / "gopls")
        shutil.copyfile(hello_amd64, sandbox.bin / "gopls")  # a Go program named gopls that is not gopls
        for f in (self.dlv_gopath, self.dlv_path, self.gopls, sandbox.bin / "gopls"):
            f.chmod(0o755)
        env_file = home / ".config" / "go" / "env"
        env_file.parent.mkdir(parents=True)
        env_file.write_text("GOPROXY=https://proxy.example.com,direct\nGOFLAGS=-mod=mod\n")
        sandbox.write("go.mod", "module example.com/team\n\ngo 1.23.0\n")
        sandbox.write(".vscode/launch.json", LAUNCH % {"mise": self.mise, "hostile": json.dumps(HOSTILE_NAME)})
        path = os.pathsep.join(str(p) for p in (sandbox.bin, self.sdk / "bin", self.asdf / "bin"))
        self.env = {**sandbox.env, "PATH": path}

    def report(self, **env: str) -> ToolsReport:
        system = self.sandbox.system(**{**self.env, **env})
        [(folder, facts)] = collect(system, [Folder("team", str(self.sandbox.ws))])
        return build(system, facts, LINUX_AMD64, name=folder.name)


@pytest.fixture
def machine(sandbox: Sandbox, go_fixtures: GoFixtures, fake_delve, tmp_path: Path):
    try:
        m = Machine(sandbox, go_fixtures, fake_delve)
    except GoUnavailable as e:
        missing(str(e))
    yield m
    assert not list(tmp_path.rglob("RAN")), "a go of the sandbox was run"


def _value(values, name: str):
    return next(v for v in values if v.name == name)


def test_toolchains_from_three_managers_with_platform_and_place_on_path(machine: Machine):
    report = machine.report()
    by_source = {t.source: t for t in report.toolchains}
    assert {
        s: (t.version, t.platform, t.on_path) for s, t in by_source.items() if s in ("asdf", "mise", "golang.org/dl")
    } == {
        "asdf": ("go1.22.5", "linux/amd64", "shadowed"),  # from its go's header
        "mise": ("go1.23.4", "linux/arm64", ""),
        "golang.org/dl": ("go1.21.13", "linux/amd64", "first"),  # its go is a script: pkg/tool says
    }
    assert any("built for linux/arm64; this machine is linux/amd64" in w for w in by_source["mise"].warnings)
    assert any("shadowed by" in w and str(machine.sdk) in w for w in by_source["asdf"].warnings)
    assert not by_source["golang.org/dl"].warnings


def test_dlv_and_gopls_in_vs_code_gos_order(machine: Machine):
    report = machine.report()
    dlvs = [t for t in report.tools if t.name == "dlv"]
    assert [(t.path, t.source, t.used_by, t.version, t.platform) for t in dlvs] == [
        (str(machine.dlv_gopath), "GOPATH", "VS Code Go", "1.22.1", "linux/amd64"),
        (str(machine.dlv_path), "PATH", "", "1.23.0", "linux/arm64"),
    ]
    assert dlvs[0].go_version.startswith("go1.") and not dlvs[0].warnings
    assert any("built for linux/arm64" in w for w in dlvs[1].warnings)
    assert any(w.startswith("not used: VS Code Go runs") for w in dlvs[1].warnings)
    gopls = [t for t in report.tools if t.name == "gopls"]
    assert [(t.source, t.used_by, t.version) for t in gopls] == [("GOPATH", "VS Code Go", "0.16.2"), ("PATH", "", "")]
    assert any("not gopls" in w and "example.com/hello" in w for w in gopls[1].warnings)


def test_environment_says_where_each_value_comes_from(machine: Machine):
    report = machine.report()
    env = {v.name: v for v in report.environment}
    assert env["GOPATH"].value == str(machine.sandbox.home / "go") and env["GOPATH"].source == "environment"
    assert (env["GOFLAGS"].value, env["GOFLAGS"].source) == ("-mod=mod", "go env -w")
    assert env["GOROOT"].value == "" and env["GOTOOLCHAIN"].value == "auto"
    assert env["go on PATH #1"].value == str(machine.sdk / "bin" / "go")
    assert env["go on PATH #2"].value == str(machine.asdf / "bin" / "go")
    assert env["go on PATH #2"].warnings and not env["go on PATH #1"].warnings


def test_configurations_mark_what_disagrees(machine: Machine):
    report = machine.report()
    configs = {c.name: c for c in report.configurations}
    pinned = configs["Pinned to mise"]
    goroot = _value(pinned.values, "GOROOT")
    assert (goroot.value, goroot.detail) == (str(machine.mise), "go1.23.4")
    assert any("differs from PATH's go" in w for w in goroot.warnings)
    assert _value(pinned.values, "PATH's go").value == str(machine.sdk / "bin" / "go")
    gosumdb = _value(pinned.values, "GOSUMDB")
    assert (gosumdb.value, gosumdb.source) == ("off", "launch.json env") and gosumdb.warnings
    goproxy = _value(pinned.values, "GOPROXY")
    assert (goproxy.value, goproxy.source) == ("https://proxy.example.com,direct", "go env -w")
    dlv = _value(pinned.values, "dlv")
    assert dlv.value == str(machine.dlv_gopath) and "Delve 1.22.1" in dlv.detail
    assert "GOROOT: " + goroot.warnings[0] in pinned.warnings

    unpinned = configs["Unpinned"]
    assert _value(unpinned.values, "GOROOT").value == str(machine.sdk)
    toolchain = _value(unpinned.values, "GOTOOLCHAIN")
    assert "go.mod asks for go1.23.0" in toolchain.detail and not toolchain.warnings  # auto: a download
    assert _value(unpinned.values, "GOSUMDB").value == "sum.golang.org"

    remote = configs["Remote"]
    assert [v.name for v in remote.values][-1] == "dlv"
    assert _value(remote.values, "dlv").value == "10.0.0.7:2345" and "GOROOT" not in {v.name for v in remote.values}

    hostile = configs[HOSTILE_NAME]
    assert _value(hostile.values, "GOTOOLCHAIN").warnings == ("go.mod asks for go1.23.0: the build fails",)
    assert _value(hostile.values, "CC").source == "launch.json env"


def test_markdown_follows_locate_configured_go_tools(machine: Machine):
    md = to_markdown(machine.report())
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[:2] == ["## Environment", "## Tools"]
    assert headings[2:5] == [
        '## Configuration "Pinned to mise"',
        '## Configuration "Unpinned"',
        '## Configuration "Remote"',
    ]
    assert f"dlv: `{machine.dlv_gopath}` (version: 1.22.1 built with go: go1." in md
    assert "← VS Code Go runs this one" in md and "⚠ differs from PATH's go" in md
    assert "gopls: `" in md


def test_markdown_of_one_configuration_puts_it_first(machine: Machine):
    report = machine.report()
    md = to_markdown(report, "Unpinned")
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ['## Configuration "Unpinned"', "## Tools", "## Environment"]
    md = to_markdown(report, "No such configuration")
    assert "no configuration named `No such configuration`" in md
    assert sum(line.startswith("## Configuration") for line in md.splitlines()) == len(report.configurations)


def test_hostile_names_cannot_inject_markdown_or_html(machine: Machine):
    md = to_markdown(machine.report(), HOSTILE_NAME)
    heading = next(line for line in md.splitlines() if line.startswith("## Configuration"))
    assert not re.search(r"(?<!\\)<", md), "an unescaped < could open HTML"
    assert "\\<img src=x\\>" in heading
    assert "\\`tick\\`" in heading and "\\*bold\\*" in heading and "\\[link\\]" in heading
    assert "\\nsecond line" in heading  # a newline shown, not a new line of markdown
    text = to_text(machine.report(), HOSTILE_NAME)
    assert 'Configuration "Evil <img src=x> `tick` *bold* [link](http://x)\\nsecond line"' in text


def test_text_and_json(machine: Machine):
    report = machine.report()
    text = to_text(report)
    assert "Environment\n-----------" in text and "Tools\n-----" in text
    assert f"1. dlv: {machine.dlv_gopath}" in text and "⚠" in text
    data = to_json(report)
    jsonschema.validate(data, SCHEMA)
    assert data["tools"][0]["usedBy"] == "VS Code Go"
    assert data["configurations"][0]["values"][0]["name"] == "GOROOT"


def test_the_cli_prints_it(machine: Machine, tmp_path: Path):
    env = dict(machine.env, PYTHONPATH=os.environ.get("PYTHONPATH", ""), PYTHONIOENCODING="utf-8")

    def sidecar(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "go_sidecar", "check", str(machine.sandbox.ws), *args],
            env=env,
            cwd=tmp_path,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )

    proc = sidecar("--tools", "--format", "json")
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr
    data = json.loads(proc.stdout)
    jsonschema.validate(data, SCHEMA)
    assert {t["source"] for t in data["toolchains"]} >= {"asdf", "mise", "golang.org/dl"}
    proc = sidecar("--tools")
    assert proc.returncode == 0 and 'Configuration "Pinned to mise"' in proc.stdout
    proc = sidecar("--tools", "--format", "sarif")
    assert proc.returncode == 2 and "--tools" in proc.stderr
    proc = sidecar(str(machine.sandbox.ws), "--tools", "--format", "json")  # the same folder twice: once
    assert proc.returncode == 0
    jsonschema.validate(json.loads(proc.stdout), SCHEMA)


# --- bad input ------------------------------------------------------------------------------------------------------


def test_a_huge_path_a_garbage_dlv_and_a_link_loop(machine: Machine):
    sb = machine.sandbox
    (sb.bin / "dlv").unlink()
    (sb.bin / "dlv").write_bytes(os.urandom(4096))
    (sb.bin / "dlv").chmod(0o755)
    loop = sb.tmp / "loop"
    loop.mkdir()
    (loop / "dlv").symlink_to(loop / "dlv")
    (loop / "gopls").symlink_to(loop / "gopls")
    huge = os.pathsep.join(f"/nonexistent/{i:06d}" for i in range(7000))
    assert len(huge) > 100_000
    report = machine.report(PATH=os.pathsep.join([str(loop), str(sb.bin), huge, str(machine.sdk / "bin")]))
    dlvs = [t for t in report.tools if t.name == "dlv"]
    assert [t.path for t in dlvs] == [str(machine.dlv_gopath), str(sb.bin / "dlv")]
    assert any("not a Go executable" in w for w in dlvs[1].warnings)
    path = _value(report.environment, "PATH")
    assert path.detail == "7003 entries"
    md = to_markdown(report)
    path_line = next(line for line in md.splitlines() if line.startswith("- PATH:"))
    assert len(path_line) < VALUE_LIMIT + 200 and f"({len(path.value)} characters)" in path_line
    jsonschema.validate(to_json(report), SCHEMA)


def _exe(goos: str, goarch: str, modinfo: str | None = None, go: str = "go1.22.5") -> ExeInfo:
    bi = parse_modinfo(go, modinfo) if modinfo is not None else None
    return ExeInfo("pe" if goos == "windows" else "elf", (Slice(goos, goarch),), bi, "" if bi else "not a Go binary")


def test_a_recorded_windows_machine_with_an_old_go_first_on_path():
    """C:\\Go\\bin (Go 1.15, the pre-1.16 MSI's folder) before C:\\Program Files\\Go\\bin, and a GOROOT left set."""
    home = "C:\\Users\\张三"
    files = {
        "C:\\Go\\bin\\go.exe": b"MZ",
        "C:\\Go\\VERSION": b"go1.15.15\n",
        "C:\\Go\\src\\runtime\\proc.go": b"package runtime\n",
        "C:\\Program Files\\Go\\bin\\go.exe": b"MZ",
        "C:\\Program Files\\Go\\VERSION": b"go1.22.5\n",
        "C:\\Program Files\\Go\\src\\runtime\\proc.go": b"package runtime\n",
        home + "\\go\\bin\\dlv.exe": b"MZ",
        home + "\\ws\\go.mod": b"module example.com/m\n\ngo 1.22.0\n",
        home + "\\ws\\.vscode\\launch.json": b'{"configurations": [{"name": "Launch", "type": "go", "request": '
        b'"launch", "mode": "auto", "program": "${workspaceFolder}"}]}',
    }
    env = {
        "Path": "C:\\Go\\bin;C:\\Program Files\\Go\\bin;" + home + "\\go\\bin",
        "USERPROFILE": home,
        "APPDATA": home + "\\AppData\\Roaming",
        "GOROOT": "C:\\Program Files\\Go",
    }
    system = FakeSystem(Host("windows", "amd64"), home, env=env, files=files)
    exes = {
        "C:\\Go\\bin\\go.exe": _exe("windows", "386", "path\tcmd/go\n", "go1.15.15"),
        "C:\\Program Files\\Go\\bin\\go.exe": _exe("windows", "amd64", "path\tcmd/go\n"),
        home + "\\go\\bin\\dlv.exe": _exe(
            "windows", "amd64", "path\tgithub.com/go-delve/delve/cmd/dlv\nmod\tgithub.com/go-delve/delve\tv1.25.2\t\n"
        ),
    }
    [(_, facts)] = collect(system, [Folder("ws", home + "\\ws")])
    report = build(system, facts, RECORDED["windows-amd64"], identify=lambda p: exes[p], name="ws")
    roots = {t.root: t for t in report.toolchains}
    assert roots["C:\\Go"].on_path == "first" and roots["C:\\Go"].platform == "windows/386"
    assert any("built for windows/386" in w for w in roots["C:\\Go"].warnings)
    assert roots["C:\\Program Files\\Go"].on_path == "shadowed"
    env_values = {v.name: v for v in report.environment}
    assert any("differs from PATH's go" in w for w in env_values["GOROOT"].warnings)
    [dlv] = [t for t in report.tools if t.name == "dlv"]
    assert (dlv.path, dlv.source, dlv.version, dlv.used_by) == (
        home + "\\go\\bin\\dlv.exe",
        "GOPATH",
        "1.25.2",
        "VS Code Go",
    )
    [config] = report.configurations
    assert _value(config.values, "GOROOT").value == "C:\\Program Files\\Go"  # GOROOT of the environment
    assert any("differs from PATH's go" in w for w in _value(config.values, "GOROOT").warnings)
    md = to_markdown(report)
    assert "`C:\\Go`" in md and "张三" in md
    jsonschema.validate(to_json(report), SCHEMA)
