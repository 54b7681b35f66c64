"""Issue 11, probe/programs.py with build constraints: which files of a folder build for a target, on recorded
Linux, Windows and macOS machines, and against the real go command's answers (`go list`, `go build`)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from go_sidecar.model import Host
from go_sidecar.parse.buildconstraint import Target
from go_sidecar.probe import programs
from go_sidecar.probe.programs import Package, build_target, package_of, package_of_file
from go_sidecar.probe.system import RealSystem
from go_sidecar.testing import FakeSystem
from tests.fixtures_go import go_fixtures  # noqa: F401 - pytest fixture

from .test_config_kinds import WS, findings, go, machine

ROOTS = {"linux": "/home/dev/proj", "darwin": "/Users/dev/proj", "windows": "C:\\Users\\dev\\proj"}
MAIN = b"package main\n\nfunc main() {}\n"
WINDOWS_ONLY = {"main_windows.go": MAIN, "main.go": b"// Copyright\n\n//go:build windows\n\npackage main\n"}


def host_machine(os_: str, arch: str, files: dict[str, bytes]) -> tuple[FakeSystem, str]:
    root = ROOTS[os_]
    sep = "\\" if os_ == "windows" else "/"
    home = root.rsplit(sep, 1)[0]
    table = {root + sep + "app" + sep + name.replace("/", sep): data for name, data in files.items()}
    return FakeSystem(Host(os_, arch), home, files=table), root + sep + "app"


@pytest.mark.parametrize(
    "os_,arch,name",
    [("linux", "amd64", None), ("darwin", "arm64", None), ("windows", "amd64", "main"), ("windows", "arm64", "main")],
)
def test_files_for_another_os_are_left_out_by_name_and_by_build_line(os_, arch, name):
    sys_, app = host_machine(os_, arch, WINDOWS_ONLY)
    pkg = package_of(sys_, app)
    assert pkg.name == name and pkg.has_go is (name is not None)
    if name is None:
        assert set(pkg.excluded) == {"main.go", "main_windows.go"}
        assert pkg.no_go == "build constraints exclude all Go files in " + app
    else:
        assert pkg.no_go is None


@pytest.mark.parametrize(
    "os_,arch,builds",
    [("darwin", "arm64", True), ("darwin", "amd64", False), ("linux", "arm64", False), ("windows", "arm64", False)],
)
def test_goos_goarch_suffix_and_unix(os_, arch, builds):
    files = {"app_darwin_arm64.go": MAIN, "helper.go": b"//go:build unix && !windows\n\npackage main\n"}
    sys_, app = host_machine(os_, arch, files)
    pkg = package_of(sys_, app)
    assert (pkg.name == "main") is (builds or os_ != "windows")  # helper.go builds on every unix
    assert ("app_darwin_arm64.go" in pkg.excluded) is (not builds)  # read first (sorted)


def test_the_unpacking_callers_use_still_works():
    sys_, app = host_machine("linux", "amd64", {"main.go": MAIN, "main_test.go": b"package main\n"})
    name, has_go, has_tests = package_of(sys_, app)
    assert (name, has_go, has_tests) == ("main", True, True)
    name, has_go, has_tests = package_of_file(sys_, app + "/main_test.go")
    assert (name, has_go, has_tests) == ("main", True, True)


@pytest.mark.parametrize(
    "files,message",
    [
        ({"x_test.go": b"package x\n"}, "no non-test Go files in "),
        ({"_main.go": MAIN, ".hidden.go": MAIN, "README.md": b"hi\n"}, "no Go files in "),
        ({"main_windows.go": MAIN, "x_test.go": b"package main\n"}, "build constraints exclude all Go files in "),
        ({"main.go": b"// +build ignore\n\npackage main\n"}, "build constraints exclude all Go files in "),
        ({"doc.go": b"package documentation\n"}, "build constraints exclude all Go files in "),
    ],
)
def test_the_go_commands_message_for_a_folder_that_builds_nothing(files, message):
    sys_, app = host_machine("linux", "amd64", files)
    assert package_of(sys_, app).no_go == message + app


def test_tags_of_the_users_own_wait_for_the_build_flags():
    sys_, app = host_machine("linux", "amd64", {"main.go": b"//go:build dev\n\npackage main\n"})
    assert package_of(sys_, app).name == "main"  # -tags not known: not judged
    assert package_of(sys_, app, build_target(sys_.host, build_flags="-race -tags=dev")).name == "main"
    assert package_of(sys_, app, build_target(sys_.host, build_flags=["-tags", "dev,x"])).name == "main"
    assert package_of(sys_, app, build_target(sys_.host, env={"GOFLAGS": "-tags=dev"}, build_flags="")).has_go
    left_out = package_of(sys_, app, build_target(sys_.host, build_flags="-race"))
    assert left_out.name is None and left_out.no_go.startswith("build constraints exclude")


def test_the_target_follows_goos_goarch_and_the_go_release():
    sys_, app = host_machine("linux", "amd64", {"main_windows.go": MAIN, "new.go": b"//go:build go1.30\n\npackage x\n"})
    t = build_target(sys_.host, env={"GOOS": "windows"}, go_version="go1.27.1")
    assert (t.goos, t.goarch, t.go_minor, t.tags) == ("windows", "amd64", 27, None)
    assert package_of(sys_, app, t).name == "main"
    assert package_of(sys_, app, build_target(sys_.host, go_env={"GOOS": "windows", "GOARCH": "arm64"})).name == "main"
    assert package_of(sys_, app).name == "x"  # go1.30 holds when the Go that builds is not known
    windows = Host("windows", "arm64")
    assert build_target(windows, env={"Goos": "linux", "goflags": "-tags=a"}, build_flags="") == Target(
        "linux", "arm64", None, frozenset({"a"})
    )
    assert package_of(sys_, app, build_target(sys_.host, go_version="go1.27")).no_go is not None


def test_a_main_file_larger_than_the_head_is_still_read():
    big = b"// " + b"x" * 40_000 + b"\n\npackage main\n"
    sys_, app = host_machine(
        "linux", "amd64", {"main.go": b"//go:build linux\n\n" + b"package main\n// " + b"y" * 40_000 + b"\n"}
    )
    assert package_of(sys_, app).name == "main"
    sys_, app = host_machine("linux", "amd64", {"main.go": big})
    assert package_of(sys_, app).has_go  # the clause is past the head: the file builds, its name is not judged


def test_the_main_package_walk_follows_build_constraints():
    files = {
        "cmd/win/main_windows.go": MAIN,
        "cmd/any/main.go": MAIN,
        "cmd/unix/main.go": b"//go:build unix\n\npackage main\n",
        "tools/tools.go": b"//go:build tools\n\npackage tools\n",
    }
    for os_, arch, expect in (
        ("linux", "amd64", {"any", "unix"}),
        ("windows", "amd64", {"any", "win"}),
        ("darwin", "arm64", {"any", "unix"}),
    ):
        sys_, app = host_machine(os_, arch, files)
        found = programs.main_packages(sys_, app).folders
        assert {f.replace("\\", "/").rsplit("/", 1)[1] for f in found} == expect, os_


def test_a_launch_of_a_folder_whose_files_are_all_left_out_is_not_main():
    sys_ = machine(
        [go("L", program="${workspaceFolder}/winonly")],
        files={WS + "/winonly/" + k: v for k, v in WINDOWS_ONLY.items()},
    )
    found, _, facts = findings(sys_, ("program-not-main",))
    [f] = found
    assert facts.configs[0].package.no_go == "build constraints exclude all Go files in " + WS + "/winonly"
    assert WS + "/winonly" in f.message
    sys_ = machine(
        [go("L", program="${workspaceFolder}/winonly")],
        host="windows",
        files={WS + "/winonly/" + k: v for k, v in WINDOWS_ONLY.items()},
    )
    assert findings(sys_, ("program-not-main",))[0] == []


# --- against the go command ---------------------------------------------------------------------------------------
FOLDERS = {
    "winonly": WINDOWS_ONLY,
    "tests": {"x_test.go": b'package x\n\nimport "testing"\n\nfunc TestX(t *testing.T) {}\n'},
    "underscore": {"_main.go": MAIN},
    "excluded_and_test": {"main_windows.go": MAIN, "x_test.go": b"package main\n"},
    "plus_ignore": {"gen.go": b"// +build ignore\n\npackage main\n\nfunc main() {}\n"},
    "ignore_and_lib": {"gen.go": b"//go:build ignore\n\npackage main\n", "lib.go": b"package lib\n"},
    "main": {"main.go": b"// Licence\n\n//go:build (linux || windows || darwin) && !gccgo\n\n" + MAIN},
    "arch": {"main_linux_arm64.go": MAIN, "main_amd64.go": MAIN, "main_windows_amd64.go": MAIN},
    "release": {"old.go": b"//go:build !go1.21\n\npackage main\n", "new.go": b"//go:build go1.21\n\n" + MAIN},
    "tagged": {"main.go": b"//go:build dev\n\n" + MAIN},
}


@pytest.mark.parametrize(
    "goos,goarch", [("linux", "amd64"), ("windows", "amd64"), ("darwin", "arm64"), ("linux", "arm64")]
)
def test_package_of_agrees_with_the_go_command(go_fixtures, tmp_path, goos, goarch):
    root = tmp_path / "m"
    for folder, files in FOLDERS.items():
        (root / folder).mkdir(parents=True)
        for name, data in files.items():
            (root / folder / name).write_bytes(data)
    (root / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    sys_ = RealSystem(env={"HOME": str(tmp_path)})
    version = go_fixtures.run([str(go_fixtures.go), "env", "GOVERSION"], root).strip()
    for folder in FOLDERS:
        path = str(root / folder)
        pkg = package_of(sys_, path, build_target(Host(goos, goarch), build_flags="", go_version=version))
        listed = go_cmd(go_fixtures, root, goos, goarch, "list", "-e", "-f", "{{.Name}}|{{.Error}}", "./" + folder)
        name, _, error = listed.partition("|")
        built = go_cmd(go_fixtures, root, goos, goarch, "build", "-o", str(tmp_path / "out"), "./" + folder)
        if pkg.no_go is None:
            assert name == pkg.name and error == "<nil>", (folder, listed)
            assert "Go files in" not in built, (folder, built)
        else:
            assert pkg.no_go in built, (folder, pkg, built)


def go_cmd(go_fixtures, cwd: Path, goos: str, goarch: str, *args: str) -> str:
    env = dict(go_fixtures.env, GOOS=goos, GOARCH=goarch)
    cp = subprocess.run(
        [str(go_fixtures.go), *args],
        check=False,
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        timeout=300,
    )
    return cp.stdout.strip()


def test_package_records_compare_like_records():
    assert Package("/a", "main", True, False) == Package("/a", "main", True, False)
    assert Target("linux", "amd64") == Target("linux", "amd64", None, None)
