"""System's path helpers (probe/system.py `Paths`): strings in the host's syntax, on a Linux test machine too."""

from __future__ import annotations

import pytest

from go_sidecar.model import Host
from go_sidecar.testing import FakeSystem

WIN = FakeSystem(Host("windows", "amd64"), "C:\\Users\\ana")
MAC = FakeSystem(Host("darwin", "arm64"), "/Users/ana")


def test_windows_paths_join_and_normalise_with_backslashes():
    assert WIN.join("C:/Users/ana", "go", "..", "sdk", "go1.22.5") == "C:\\Users\\ana\\sdk\\go1.22.5"
    assert WIN.norm("C:/a//b/./c") == "C:\\a\\b\\c"
    assert WIN.join("C:\\ws", "D:\\other") == "D:\\other"  # an absolute part restarts, as os.path.join


@pytest.mark.parametrize(
    ("path", "parent", "name"),
    [
        ("C:\\Go\\bin\\go.exe", "C:\\Go\\bin", "go.exe"),
        ("C:\\", "C:\\", ""),
        ("\\\\srv\\share\\go", "\\\\srv\\share\\", "go"),
        ("go.exe", ".", "go.exe"),
    ],
)
def test_windows_parent_and_name(path, parent, name):
    assert (WIN.parent(path), WIN.name(path)) == (parent, name)


@pytest.mark.parametrize(
    ("path", "absolute"),
    [
        ("C:\\Go", True),
        ("c:/go", True),
        ("\\\\srv\\share\\x", True),
        ("\\Go", False),
        ("C:Go", False),
        ("go", False),
        ("/usr/local/go", False),
    ],
)
def test_windows_absolute_needs_a_drive_and_a_root(path, absolute):
    assert WIN.is_abs(path) is absolute


def test_posix_paths():
    assert MAC.join("/Users/ana", "sdk/", "go1.22.5/") == "/Users/ana/sdk/go1.22.5"
    assert (MAC.parent("/usr/local/go/bin/go"), MAC.name("/usr/local/go/bin/go")) == ("/usr/local/go/bin", "go")
    assert (MAC.parent("/"), MAC.name("/")) == ("/", "")
    assert MAC.is_abs("/x") and not MAC.is_abs("x/y") and not MAC.is_abs("C:\\x")
    assert MAC.parents("/a/b/c") == ["/a/b", "/a", "/"]
    assert MAC.parents("a/b") == ["a", "."]
    assert WIN.parents("C:\\a\\b") == ["C:\\a", "C:\\"]
