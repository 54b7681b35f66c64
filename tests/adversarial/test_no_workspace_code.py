"""Class 1 of issue 9: nothing the workspace names is run, even on a click.

`install_plan` decides what `sidecar.installDelve` runs. Each test builds a hostile workspace in the arena (a fake
Go root whose `go` and `pkg/tool/.../compile` leave a RAN marker when run) and asserts that every way of steering
the install into it is refused — or, for PATH, dropped — with a reason, through the one containment check."""

from __future__ import annotations

from pathlib import Path

import pytest

from go_sidecar.fix.delve_install import ALLOWED_ENV, InstallRefused, install_plan, validate_spec
from go_sidecar.model import Host
from go_sidecar.probe.system import RealSystem
from go_sidecar.testing import FakeSystem


def hostile_root(arena, base: Path) -> Path:
    """A Go root inside the workspace whose every tool is booby-trapped."""
    arena.trap(base / "bin" / "go")
    arena.trap(base / "pkg" / "tool" / "linux_amd64" / "compile")
    (base / "src" / "runtime").mkdir(parents=True)
    (base / "VERSION").write_text("go1.27.0\ntime 2026-01-01T00:00:00Z\n")
    return base


@pytest.fixture
def world(arena):
    """(system, workspace, a real-looking Go root outside, the hostile root inside)."""
    good = arena.root / "sdk" / "go1.27.1"
    arena.trap(good / "bin" / "go")  # install_plan never runs it either; the e2e test runs a real go
    (good / "src" / "runtime").mkdir(parents=True)
    bad = hostile_root(arena, arena.ws / "fakeroot")
    (arena.root / "alias").symlink_to(arena.ws)
    env = dict(arena.env, PATH=f"{good / 'bin'}:{arena.ws / 'fakeroot' / 'bin'}:bin:.:{arena.root / 'alias' / 'x'}")
    return RealSystem(env=env), arena.ws, good, bad


SPEC = {"version": "v1.27.1", "goos": "linux", "goarch": "amd64", "tags": ""}


def plan(world, **spec):
    sys_, ws, good, _bad = world
    return install_plan({**SPEC, "go": str(good / "bin" / "go"), **spec}, [str(ws)], sys_, {})


def test_a_clean_plan(world):
    sys_, _ws, good, _bad = world
    argv, env, cwd = plan(world, goroot=str(good))
    assert argv == [str(good / "bin" / "go"), "install", "github.com/go-delve/delve/cmd/dlv@v1.27.1"]
    assert env["GOROOT"] == str(good) and env["GOOS"] == "linux"
    # PATH: the workspace's own entries, relative entries and entries reached through a link are dropped.
    assert env["PATH"].split(":") == [str(good / "bin")]
    assert set(env) <= set(ALLOWED_ENV) | {"GOROOT", "GOOS", "GOARCH"}
    assert cwd == sys_.home


@pytest.mark.parametrize(
    "goroot",
    [
        "{ws}/fakeroot",
        "/{ws}/fakeroot",
        "//{ws}/fakeroot",
        "{ws}/./fakeroot",
        "/./{ws}/fakeroot",
        "{ws}/../workspace/fakeroot",
        "{root}/alias/fakeroot",
        "{ws}/fakeroot/",
        "{root}/sdk/../workspace/fakeroot",
    ],
)
def test_goroot_into_the_workspace_is_refused(world, arena, goroot):
    with pytest.raises(InstallRefused, match="GOROOT"):
        plan(world, goroot=goroot.format(ws=arena.ws, root=arena.root))


@pytest.mark.parametrize(
    "go",
    [
        "{ws}/fakeroot/bin/go",
        "//{ws}/fakeroot/bin/go",
        "{root}/alias/fakeroot/bin/go",
        "{root}/sdk/../workspace/fakeroot/bin/go",
    ],
)
def test_go_in_the_workspace_is_refused(world, arena, go):
    with pytest.raises(InstallRefused, match="workspace"):
        plan(world, go=go.format(ws=arena.ws, root=arena.root))


def test_go_linked_from_outside_into_the_workspace(world, arena):
    link = arena.root / "innocent-go"
    link.symlink_to(arena.ws / "fakeroot" / "bin" / "go")
    with pytest.raises(InstallRefused, match="workspace"):
        plan(world, go=str(link))


@pytest.mark.parametrize("go", ["../workspace/fakeroot/bin/go", "fakeroot/bin/go", "./go", "~/go"])
def test_relative_go_is_refused(world, go):
    with pytest.raises(InstallRefused, match="absolute"):
        plan(world, go=go)


def test_bare_go_is_looked_up_on_the_clean_path(world):
    _sys, _ws, good, _bad = world
    argv, _env, _ = plan(world, go="go")
    assert argv[0] == str(good / "bin" / "go")


@pytest.mark.parametrize(
    "var,value",
    [
        ("GOFLAGS", "-toolexec={ws}/fakeroot/bin/go"),
        ("GOFLAGS", "-mod=mod -toolexec=//{ws}/x"),
        ("GOFLAGS", "-overlay={ws}/overlay.json"),
        ("CC", "{ws}/fakeroot/bin/go -O2"),
        ("CXX", "{root}/alias/cc"),
        ("GOPATH", "{ws}/gopath"),
        ("GOPATH", "{root}/gp:{ws}/gopath"),
        ("GOBIN", "{ws}/bin"),
        ("GOMODCACHE", "{ws}/modcache"),
        ("GOCACHE", "/{ws}/.cache"),
        ("GOENV", "{ws}/go.env"),
        ("XDG_CACHE_HOME", "{ws}/.cache"),
        ("HOME", "{ws}"),
        ("GOTOOLCHAIN", "go1.27.1; touch x"),
    ],
)
def test_machine_settings_that_steer_into_the_workspace(world, arena, var, value):
    sys_, ws, good, _bad = world
    sys_.env[var] = value.format(ws=ws, root=arena.root)
    with pytest.raises(InstallRefused):
        plan(world, goroot=str(good))


def test_go_env_file_settings_are_checked_too(world, arena):
    with pytest.raises(InstallRefused, match="go env -w file"):
        install_plan(
            {**SPEC, "go": str(world[2] / "bin" / "go")},
            [str(arena.ws)],
            world[0],
            {"GOFLAGS": f"-toolexec={arena.ws}/fakeroot/bin/go"},
        )


def test_the_configuration_env_never_reaches_the_child(world, arena):
    """launch.json's env is not an input of install_plan at all; the server's own odd variables are filtered."""
    sys_, ws, _good, bad = world
    sys_.env.update(LD_PRELOAD=str(ws / "evil.so"), BASH_ENV=str(ws / "rc"), GIT_SSH_COMMAND="sh -c x", GOROOT=str(bad))
    _, env, _ = plan(world)
    assert not {"LD_PRELOAD", "BASH_ENV", "GIT_SSH_COMMAND"} & set(env)
    assert "GOROOT" not in env  # the server's own GOROOT is not passed: the go finds its own root


@pytest.mark.parametrize(
    "spec,match",
    [
        ({"version": "v1.27.1; rm -rf ~"}, "version"),
        ({"version": "v1.27.1 -toolexec=x"}, "version"),
        ({"version": "master"}, "version"),
        ({"version": 127}, "string"),
        ({"goos": "linux -toolexec=x"}, "GOOS"),
        ({"goarch": "amd64\n"}, "GOARCH"),
        ({"tags": "a -toolexec=/x"}, "tags"),
        ({"tags": ["exp"]}, "string"),
        ({"extra": "x"}, "unknown"),
        ({"go": None, "goroot": 5}, "string"),
        ({"go": "/usr/bin/go\0"}, "malformed"),
    ],
)
def test_client_arguments_are_validated(spec, match):
    with pytest.raises(InstallRefused, match=match):
        validate_spec({**SPEC, **spec})


@pytest.mark.parametrize("bad", [None, [], "go", 3])
def test_not_an_object(bad):
    with pytest.raises(InstallRefused):
        validate_spec(bad)


# --- Windows facts --------------------------------------------------------------------------------------------
WS = "C:\\Users\\developer\\src\\ws"


def windows_machine(**env) -> FakeSystem:
    files = {
        "C:\\Program Files\\Go\\bin\\go.exe": b"MZ",
        WS + "\\fakeroot\\bin\\go.exe": b"MZ",
        WS + "\\fakeroot\\VERSION": b"go1.27.0\n",
    }
    return FakeSystem(
        Host("windows", "arm64"),
        "C:\\Users\\developer",
        env={"PATH": f"{WS}\\fakeroot\\bin;C:\\Program Files\\Go\\bin;.\\tools", **env},
        files=files,
        links={"D:\\j": WS},
        short_names={"C:\\Users\\DEVELO~1": "C:\\Users\\developer"},
    )


@pytest.mark.parametrize(
    "goroot",
    [
        WS + "\\fakeroot",
        "\\\\?\\" + WS + "\\fakeroot",
        WS.upper() + "\\FAKEROOT",
        "C:\\Users\\DEVELO~1\\src\\ws\\fakeroot",
        "D:\\j\\fakeroot",
        "C:/Users/developer/src/ws/fakeroot",
        WS + "\\..\\ws\\fakeroot",
    ],
)
def test_windows_goroot_spellings(goroot):
    with pytest.raises(InstallRefused, match="GOROOT"):
        install_plan(
            {**SPEC, "go": "C:\\Program Files\\Go\\bin\\go.exe", "goroot": goroot}, [WS], windows_machine(), {}
        )


def test_windows_clean_plan_drops_workspace_path_entries():
    argv, env, _ = install_plan(
        {**SPEC, "go": "go", "goos": "windows", "goarch": "arm64", "tags": "exp.winarm64"}, [WS], windows_machine(), {}
    )
    assert argv[0] == "C:\\Program Files\\Go\\bin\\go.exe"
    assert argv[1:3] == ["install", "-tags"]
    assert env["PATH"] == "C:\\Program Files\\Go\\bin"


def test_windows_go_in_workspace_by_short_name():
    with pytest.raises(InstallRefused, match="workspace"):
        install_plan({**SPEC, "go": "C:\\Users\\DEVELO~1\\src\\ws\\fakeroot\\bin\\go.exe"}, [WS], windows_machine(), {})
