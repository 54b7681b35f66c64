"""Class 1 of issue 9: one function decides whether a path is inside, or reached through, the workspace.

Every spelling a hostile launch.json or client can use for a path inside the workspace must be caught, on this
machine's real file system and on recorded Windows and macOS facts; paths that really are outside must not be."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from go_sidecar.model import Host
from go_sidecar.probe.reach import reaches, spelled
from go_sidecar.probe.system import RealSystem
from go_sidecar.testing import FakeSystem


@pytest.fixture
def real(tmp_path: Path):
    ws = tmp_path / "ws"
    (ws / "fakeroot" / "bin").mkdir(parents=True)
    (ws / "sub").mkdir()
    outside = tmp_path / "outside"
    (outside / "go" / "bin").mkdir(parents=True)
    (tmp_path / "link-into-ws").symlink_to(ws / "fakeroot")  # outside, leads in
    (ws / "link-out").symlink_to(outside / "go")  # inside, leads out (the workspace may re-point it)
    (tmp_path / "hop").symlink_to(ws / "link-out")  # outside -> inside link -> outside
    (tmp_path / "rel-link").symlink_to("ws/sub")  # a relative target
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    (tmp_path / "ws-alias").symlink_to(ws)  # the workspace opened through a link
    return RealSystem(env={"HOME": str(tmp_path)}), ws, outside, tmp_path


INSIDE_SPELLINGS = [
    "{ws}/fakeroot",
    "/{ws}/fakeroot",  # the reported `/${workspaceFolder}/fakeroot`: a leading //
    "//{ws}//fakeroot//",
    "/./{ws}/./fakeroot",
    "{ws}/../ws/fakeroot",
    "{tmp}/outside/../ws/fakeroot",
    "{ws}/sub/../fakeroot/bin/go",
    "{tmp}/link-into-ws",
    "{tmp}/link-into-ws/bin/go",
    "{ws}/link-out",  # reached through a link inside the workspace
    "{ws}/link-out/bin/go",
    "{tmp}/hop/bin",
    "{tmp}/rel-link",
    "{tmp}/ws-alias/fakeroot",
    "{ws}",
    "{ws}/does/not/exist/yet",
]


@pytest.mark.parametrize("spelling", INSIDE_SPELLINGS)
def test_inside_spellings_are_caught(real, spelling):
    sys_, ws, _outside, tmp = real
    path = spelling.format(ws=ws, tmp=tmp)
    assert reaches(sys_, path, [str(ws)]), path


@pytest.mark.parametrize(
    "spelling",
    ["{tmp}/outside/go", "{tmp}/outside/go/bin/go", "{ws}/../outside/go", "{tmp}/wsx/go", "{tmp}/ws-other", "/usr/bin"],
)
def test_outside_paths_are_not(real, spelling):
    sys_, ws, _outside, tmp = real
    path = spelling.format(ws=ws, tmp=tmp)
    assert reaches(sys_, path, [str(ws)]) is None, path


def test_workspace_opened_through_a_link(real):
    sys_, ws, outside, tmp = real
    assert reaches(sys_, str(ws / "fakeroot"), [str(tmp / "ws-alias")])
    assert reaches(sys_, str(outside / "go"), [str(tmp / "ws-alias")]) is None


@pytest.mark.parametrize("path", ["../ws/bin/go", "bin/go", "go", "", "./go", "~/go", "/tmp/a\0b"])
def test_relative_or_malformed_paths_count_as_reaching(real, path):
    sys_, ws, *_ = real
    assert reaches(sys_, path, [str(ws)])


def test_link_loop_counts_as_reaching(real):
    sys_, ws, _outside, tmp = real
    assert "loop" in reaches(sys_, str(tmp / "loop-a" / "x"), [str(ws)])


def test_several_workspace_folders(real):
    sys_, ws, outside, _tmp = real
    assert reaches(sys_, str(outside / "go"), [str(ws), str(outside)])
    assert reaches(sys_, str(outside / "go"), [str(ws)]) is None


WIN = Host("windows", "amd64")


def win_system() -> FakeSystem:
    return FakeSystem(
        WIN,
        "C:\\Users\\developer",
        files={
            "C:\\Users\\developer\\src\\ws\\fakeroot\\bin\\go.exe": b"MZ",
            "C:\\Program Files\\Go\\bin\\go.exe": b"MZ",
        },
        links={"D:\\junction": "C:\\Users\\developer\\src\\ws"},
        short_names={"C:\\Users\\DEVELO~1": "C:\\Users\\developer", "C:\\PROGRA~1": "C:\\Program Files"},
    )


WS = "C:\\Users\\developer\\src\\ws"


@pytest.mark.parametrize(
    "path",
    [
        "C:\\Users\\developer\\src\\ws\\fakeroot",
        "c:\\users\\DEVELOPER\\SRC\\WS\\fakeroot",  # NTFS is case-insensitive
        "C:/Users/developer/src/ws/fakeroot",
        "C:\\Users\\developer\\src\\ws\\.\\fakeroot",
        "C:\\Users\\developer\\src\\other\\..\\ws\\fakeroot",
        "\\\\?\\C:\\Users\\developer\\src\\ws\\fakeroot",  # the verbatim prefix
        "\\\\.\\C:\\Users\\developer\\src\\ws\\fakeroot",
        "\\??\\C:\\Users\\developer\\src\\ws\\fakeroot",
        "C:\\Users\\DEVELO~1\\src\\ws\\fakeroot",  # an 8.3 short name
        "D:\\junction\\fakeroot",  # a junction into the workspace
        "C:\\Users\\developer\\src\\ws\\fakeroot\\bin\\go.exe",
    ],
)
def test_windows_spellings(path):
    assert reaches(win_system(), path, [WS]), path


@pytest.mark.parametrize(
    "path",
    [
        "C:\\Program Files\\Go",
        "C:\\PROGRA~1\\Go\\bin\\go.exe",
        "\\\\?\\C:\\Program Files\\Go",
        "C:\\Users\\developer\\src\\ws2\\go",
    ],
)
def test_windows_outside(path):
    assert reaches(win_system(), path, [WS]) is None, path


def test_windows_workspace_given_by_its_short_name():
    assert reaches(win_system(), "C:\\Users\\developer\\src\\ws\\x", ["C:\\Users\\DEVELO~1\\src\\ws"])


@pytest.mark.parametrize("path", ["ws\\fakeroot", "\\ws\\fakeroot", "C:relative\\go.exe"])
def test_windows_relative_forms_count_as_reaching(path):
    assert reaches(win_system(), path, [WS])


def test_macos_folds_case():
    sys_ = FakeSystem(Host("darwin", "arm64"), "/Users/dev")
    assert reaches(sys_, "/users/DEV/Projects/WS/go", ["/Users/dev/Projects/ws"])
    linux = FakeSystem(Host("linux", "amd64"), "/home/dev")
    assert reaches(linux, "/home/dev/WS/go", ["/home/dev/ws"]) is None


def test_spelled_normalises():
    sys_ = RealSystem(env={"HOME": "/nonexistent"})
    assert spelled(sys_, "//a//b/./c/") == os.path.normpath("/a/b/c")
    assert spelled(sys_, "a/b") is None
