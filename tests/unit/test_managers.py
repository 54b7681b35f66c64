"""Toolchains installed by version managers, on recorded macOS, Linux and Windows machines laid out as each manager
lays out its files, and on this disk under tmp_path (link loops). Each toolchain says who installed it.

Layouts (probe/toolchains.py's docstring, docs/facts.md "Version managers and pin files"): asdf
`installs/golang/<v>/go`, mise `installs/go/<v>` (older installs `<v>/go`) with alias links, goenv `versions/<v>`,
gvm `gos/go<v>`,
Homebrew `Cellar/go/<v>/libexec` with `opt/go` and `bin/go` links, Scoop `apps/go/<v>` with the `current`
junction and a `shims\\go.exe` + `go.shim` pair, golang.org/dl `~/sdk/go<v>` with `.unpacked-success`.
"""

from __future__ import annotations

import os
import time
from pathlib import PurePosixPath, PureWindowsPath

import pytest

from go_sidecar.model import Host
from go_sidecar.probe.toolchains import (
    ASDF,
    GOENV,
    GOLANG_DL,
    GVM,
    HOMEBREW,
    MAX_CHILDREN,
    MISE,
    SCOOP,
    SDK,
    candidate_roots,
    discover,
    first_go_on_path,
    installer_of,
    read_go_env,
    watch_folders,
)
from go_sidecar.testing import FakeSystem

from .conftest import LINUX_HOME, MAC_HOME, WIN_HOME, fake_root, real_root, system_go_installed


def _by_root(toolchains):
    return {t.root: t for t in toolchains}


def _shim(files: dict[str, bytes], path: str, body: bytes) -> None:
    files[path] = body


# --- macOS: Homebrew (go and go@1.21) and asdf --------------------------------------------------------------
@pytest.fixture
def mac_managers() -> FakeSystem:
    """An Apple-silicon Mac: Homebrew's go 1.23.1 linked (opt/go, bin/go), go@1.21 keg-only, asdf with two Gos."""
    files: dict[str, bytes] = {}
    cellar = "/opt/homebrew/Cellar"
    fake_root(files, f"{cellar}/go/1.23.1/libexec", "go1.23.1")
    files[f"{cellar}/go/1.23.1/INSTALL_RECEIPT.json"] = b'{"homebrew_version": "4.3.0"}'
    fake_root(files, f"{cellar}/go@1.21/1.21.13/libexec", "go1.21.13")
    asdf = MAC_HOME + "/.asdf"
    fake_root(files, f"{asdf}/installs/golang/1.22.5/go", "go1.22.5")
    fake_root(files, f"{asdf}/installs/golang/1.20.14/go", "go1.20.14")
    files[f"{asdf}/installs/golang/1.22.5/packages/pkg/mod/cache/README"] = b"module cache of asdf-golang's GOPATH\n"
    _shim(files, f"{asdf}/shims/go", b'#!/usr/bin/env bash\nexec asdf exec "go" "$@"\n')
    files[MAC_HOME + "/.tool-versions"] = b"golang 1.22.5\n"
    links = {
        "/opt/homebrew/opt/go": "../Cellar/go/1.23.1",
        "/opt/homebrew/opt/go@1.21": "../Cellar/go@1.21/1.21.13",
        "/opt/homebrew/bin/go": "../Cellar/go/1.23.1/bin/go",
        f"{cellar}/go/1.23.1/bin/go": "../libexec/bin/go",
    }
    env = {"HOME": MAC_HOME, "PATH": f"{asdf}/shims:/opt/homebrew/bin:/usr/bin:/bin"}
    return FakeSystem(Host("darwin", "arm64"), MAC_HOME, env=env, files=files, links=links)


def test_mac_homebrew_and_asdf_say_who_installed_them(mac_managers):
    found = discover(mac_managers, {})
    roots = _by_root(found)
    cellar = "/opt/homebrew/Cellar"
    assert roots[f"{cellar}/go/1.23.1/libexec"].source == HOMEBREW  # first on PATH (through the links), Homebrew's
    assert roots[f"{cellar}/go@1.21/1.21.13/libexec"].source == HOMEBREW
    assert roots[MAC_HOME + "/.asdf/installs/golang/1.22.5/go"].source == ASDF
    assert roots[MAC_HOME + "/.asdf/installs/golang/1.20.14/go"].source == ASDF
    assert roots[MAC_HOME + "/.asdf/installs/golang/1.22.5/go"].version == "go1.22.5"
    # opt/go/libexec is a candidate too, and the same toolchain: listed once, under its real path.
    assert "/opt/homebrew/opt/go/libexec" in [p for p, _ in candidate_roots(mac_managers, {}, [], None)]
    assert "/opt/homebrew/opt/go/libexec" not in roots
    assert len(found) == 4
    assert found[0].root == f"{cellar}/go/1.23.1/libexec"  # PATH order first


def test_mac_asdf_shim_first_on_path_is_not_a_root(mac_managers):
    go = first_go_on_path(mac_managers, mac_managers.env["PATH"])
    assert go is not None and go.root is None  # a script: which Go it runs is asdf's business, not a root
    assert go.exe == MAC_HOME + "/.asdf/shims/go"


def test_mac_goroot_through_opt_link_is_homebrews(mac_managers):
    mac_managers.env["GOROOT"] = "/opt/homebrew/opt/go@1.21/libexec"
    found = discover(mac_managers, {})
    assert found[0].root == "/opt/homebrew/opt/go@1.21/libexec" and found[0].source == HOMEBREW
    assert installer_of(mac_managers, "/opt/homebrew/opt/go@1.21/libexec", {}) == HOMEBREW
    assert installer_of(mac_managers, "/usr/local/go", {}) is None


def test_mac_asdf_data_dir_is_honoured(mac_managers):
    files = mac_managers.files
    fake_root(files, "/Volumes/tools/asdf/installs/golang/1.19.13/go", "go1.19.13")
    mac_managers.env["ASDF_DATA_DIR"] = "/Volumes/tools/asdf"
    roots = _by_root(discover(mac_managers, {}))
    assert roots["/Volumes/tools/asdf/installs/golang/1.19.13/go"].source == ASDF
    assert MAC_HOME + "/.asdf/installs/golang/1.22.5/go" not in roots  # ASDF_DATA_DIR replaces ~/.asdf


# --- Linux: mise, goenv, gvm, golang.org/dl -----------------------------------------------------------------
@pytest.fixture
def linux_managers() -> FakeSystem:
    files: dict[str, bytes] = {}
    mise = LINUX_HOME + "/.local/share/mise"
    fake_root(files, f"{mise}/installs/go/1.22.5", "go1.22.5")  # today's layout: the archive's go/ renamed
    fake_root(files, f"{mise}/installs/go/1.20.3/go", "go1.20.3")  # older installs kept go/ inside
    files[f"{mise}/installs/go/1.20.3/packages/README"] = b"GOPATH of mise's older go plugin\n"
    files[f"{mise}/shims/go"] = b"#!/bin/sh\nexec mise x -- go\n"
    goenv = LINUX_HOME + "/.goenv"
    fake_root(files, f"{goenv}/versions/1.21.13", "go1.21.13")
    files[f"{goenv}/shims/go"] = b'#!/usr/bin/env bash\nexec "/home/dev/.goenv/libexec/goenv" exec "$program" "$@"\n'
    files[f"{goenv}/version"] = b"1.21.13\n"
    gvm = LINUX_HOME + "/.gvm"
    fake_root(files, f"{gvm}/gos/go1.19.13", "go1.19.13")
    files[f"{gvm}/pkgsets/go1.19.13/global/.keep"] = b""
    files[f"{gvm}/environments/go1.19.13"] = b'export GOROOT; GOROOT="$GVM_ROOT/gos/go1.19.13"\n'
    sdk = LINUX_HOME + "/sdk"
    fake_root(files, f"{sdk}/go1.23.4", "go1.23.4")
    files[f"{sdk}/go1.23.4/.unpacked-success"] = b""
    fake_root(files, f"{sdk}/go1.24.0", "go1.24.0")  # unpacking was interrupted, or copied by hand: no marker
    links = {
        f"{mise}/installs/go/1.22": "./1.22.5",  # mise's alias links for fuzzy versions
        f"{mise}/installs/go/latest": "./1.22.5",
    }
    env = {"HOME": LINUX_HOME, "PATH": f"{mise}/installs/go/1.22.5/bin:/usr/bin:/bin"}
    return FakeSystem(Host("linux", "amd64"), LINUX_HOME, env=env, files=files, links=links)


def test_linux_mise_goenv_gvm_and_golang_dl(linux_managers):
    found = discover(linux_managers, {})
    roots = _by_root(found)
    mise = LINUX_HOME + "/.local/share/mise/installs/go"
    assert roots[f"{mise}/1.22.5"].source == MISE  # found on PATH (mise activate), named after mise
    assert found[0].root == f"{mise}/1.22.5"
    assert roots[f"{mise}/1.20.3/go"].source == MISE and roots[f"{mise}/1.20.3/go"].version == "go1.20.3"
    assert roots[LINUX_HOME + "/.goenv/versions/1.21.13"].source == GOENV
    assert roots[LINUX_HOME + "/.gvm/gos/go1.19.13"].source == GVM
    assert roots[LINUX_HOME + "/sdk/go1.23.4"].source == GOLANG_DL
    assert roots[LINUX_HOME + "/sdk/go1.24.0"].source == SDK
    # The alias links name the same toolchain: found once, under the real version folder.
    assert f"{mise}/1.22" not in roots and f"{mise}/latest" not in roots
    assert sorted(t.version for t in found) == [
        "go1.19.13",
        "go1.20.3",
        "go1.21.13",
        "go1.22.5",
        "go1.23.4",
        "go1.24.0",
    ]


def test_linux_mise_goroot_is_install_go_when_it_exists(linux_managers):
    mise = LINUX_HOME + "/.local/share/mise/installs/go"
    places = dict(candidate_roots(linux_managers, {}, [], None))
    assert places[f"{mise}/1.20.3/go"] == MISE  # old layout
    assert places[f"{mise}/1.22.5"] == MISE  # new layout: no go/ inside
    assert f"{mise}/1.22.5/go" not in places


def test_linux_manager_roots_from_their_environment_variables(linux_managers):
    files = linux_managers.files
    fake_root(files, "/data/mise/installs/go/1.25.1", "go1.25.1")
    fake_root(files, "/opt/goenv/versions/1.18.10", "go1.18.10")
    fake_root(files, "/opt/gvm/gos/go1.17.13", "go1.17.13")
    linux_managers.env.update({"MISE_DATA_DIR": "/data/mise", "GOENV_ROOT": "/opt/goenv", "GVM_ROOT": "/opt/gvm"})
    roots = _by_root(discover(linux_managers, {}))
    assert roots["/data/mise/installs/go/1.25.1"].source == MISE
    assert roots["/opt/goenv/versions/1.18.10"].source == GOENV
    assert roots["/opt/gvm/gos/go1.17.13"].source == GVM
    # XDG_DATA_HOME moves mise's default data folder.
    del linux_managers.env["MISE_DATA_DIR"]
    fake_root(files, "/xdg/mise/installs/go/1.26.0", "go1.26.0")
    linux_managers.env["XDG_DATA_HOME"] = "/xdg"
    assert _by_root(discover(linux_managers, {}))["/xdg/mise/installs/go/1.26.0"].source == MISE


def test_linux_goroot_env_naming_a_manager_root_says_the_manager(linux_managers):
    linux_managers.env["GOROOT"] = LINUX_HOME + "/.goenv/versions/1.21.13"
    found = discover(linux_managers, {})
    assert found[0].root == LINUX_HOME + "/.goenv/versions/1.21.13" and found[0].source == GOENV


def test_linux_relative_or_empty_manager_variables_are_ignored(linux_managers):
    linux_managers.env.update({"MISE_DATA_DIR": "relative/mise", "GOENV_ROOT": ""})
    roots = _by_root(discover(linux_managers, {}))
    assert roots[LINUX_HOME + "/.goenv/versions/1.21.13"].source == GOENV
    assert roots[LINUX_HOME + "/.local/share/mise/installs/go/1.22.5"].source == MISE


def test_manager_folder_listing_is_bounded(sandbox):
    # On this disk (FakeSystem's bookkeeping is not made for thousands of files): a goenv versions folder with
    # more entries than any manager makes is looked at up to MAX_CHILDREN entries.
    versions = sandbox.home / ".goenv" / "versions"
    versions.mkdir(parents=True)
    for i in range(MAX_CHILDREN + 200):
        (versions / f"junk{i:05d}").mkdir()
    root = real_root(versions, "1.22.5", "go1.22.5")  # sorts before the junk: within the bound
    s = sandbox.system()
    goenv = [p for p, src in candidate_roots(s, {}, [], None) if src == GOENV]
    assert len(goenv) == MAX_CHILDREN
    assert _by_root(discover(s, {}))[str(root)].source == GOENV


def test_watch_folders_include_existing_manager_folders(linux_managers):
    folders = watch_folders(linux_managers, {}, [], discover(linux_managers, {}))
    assert LINUX_HOME + "/.local/share/mise/installs/go" in folders
    assert LINUX_HOME + "/.goenv/versions" in folders
    assert LINUX_HOME + "/.asdf/installs/golang" not in folders  # not installed: not watched (nor home for it)


# --- Windows: Scoop ------------------------------------------------------------------------------------------
@pytest.fixture
def windows_scoop() -> FakeSystem:
    files: dict[str, bytes] = {}
    apps = WIN_HOME + "\\scoop\\apps\\go"
    fake_root(files, apps + "\\1.22.5", "go1.22.5", windows=True)
    fake_root(files, apps + "\\1.21.13", "go1.21.13", windows=True)
    files[apps + "\\1.22.5\\manifest.json"] = b'{"version": "1.22.5", "extract_dir": "go"}'
    files[apps + "\\1.22.5\\install.json"] = b'{"bucket": "main", "architecture": "64bit"}'
    shims = WIN_HOME + "\\scoop\\shims"
    files[shims + "\\go.exe"] = b"MZ scoop shim"
    files[shims + "\\go.shim"] = f'\ufeffpath = "{apps}\\current\\bin\\go.exe"\r\n'.encode()
    fake_root(files, "D:\\scoop-global\\apps\\go\\1.20.14", "go1.20.14", windows=True)
    links = {apps + "\\current": apps + "\\1.22.5"}  # a junction
    env = {
        "USERPROFILE": WIN_HOME,
        "Path": f"C:\\Windows\\system32;{shims}",
        "SCOOP_GLOBAL": "D:\\scoop-global",
        "LocalAppData": WIN_HOME + "\\AppData\\Local",
    }
    return FakeSystem(Host("windows", "amd64"), WIN_HOME, env=env, files=files, links=links)


def test_windows_scoop_versions_current_junction_and_shim(windows_scoop):
    apps = WIN_HOME + "\\scoop\\apps\\go"
    found = discover(windows_scoop, {})
    roots = _by_root(found)
    assert roots[apps + "\\1.22.5"].source == SCOOP
    assert roots[apps + "\\1.21.13"].source == SCOOP
    assert roots["D:\\scoop-global\\apps\\go\\1.20.14"].source == SCOOP
    assert apps + "\\current" not in roots  # the junction names 1.22.5 again
    assert len([t for t in found if t.version == "go1.22.5"]) == 1
    # The shim on PATH leads to the toolchain it runs (go.shim), so PATH's go has a root and a version.
    go = first_go_on_path(windows_scoop, windows_scoop.env["Path"])
    assert go is not None and go.exe == WIN_HOME + "\\scoop\\shims\\go.exe"
    assert go.root == apps + "\\1.22.5" and go.version == "go1.22.5"


def test_windows_scoop_shim_without_or_with_garbage_shim_file(windows_scoop):
    shims = WIN_HOME + "\\scoop\\shims"
    for body in (b"", b"\x00\xff" * 100, b"path = relative\\go.exe\n", b"args = -v\n", b"path = C:\\x\\go.bat\n"):
        windows_scoop.files[shims + "\\go.shim"] = body
        go = first_go_on_path(windows_scoop, windows_scoop.env["Path"])
        assert go is not None and go.root is None
    del windows_scoop.files[shims + "\\go.shim"]
    assert first_go_on_path(windows_scoop, windows_scoop.env["Path"]).root is None


def test_windows_mise_under_local_app_data(windows_scoop):
    root = WIN_HOME + "\\AppData\\Local\\mise\\installs\\go\\1.23.2"
    fake_root(windows_scoop.files, root, "go1.23.2", windows=True)
    assert _by_root(discover(windows_scoop, {}))[root].source == MISE


def test_windows_scoop_env_moves_the_user_folder(windows_scoop):
    fake_root(windows_scoop.files, "E:\\apps\\scoop\\apps\\go\\1.19.13", "go1.19.13", windows=True)
    windows_scoop.env["SCOOP"] = "E:\\apps\\scoop"
    roots = _by_root(discover(windows_scoop, {}))
    assert roots["E:\\apps\\scoop\\apps\\go\\1.19.13"].source == SCOOP


# --- golang.org/dl marker; GOTOOLCHAIN downloads -------------------------------------------------------------
def test_sdk_on_path_with_marker_is_golang_dl_and_download_keeps_its_name(linux_machine):
    files = linux_machine.files
    fake_root(files, LINUX_HOME + "/sdk/go1.22.5", "go1.22.5")
    files[LINUX_HOME + "/sdk/go1.22.5/.unpacked-success"] = b""
    linux_machine.env["PATH"] = LINUX_HOME + "/sdk/go1.22.5/bin:" + linux_machine.env["PATH"]
    roots = _by_root(discover(linux_machine, read_go_env(linux_machine)))
    assert roots[LINUX_HOME + "/sdk/go1.22.5"].source == GOLANG_DL
    download = LINUX_HOME + "/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.24.0.linux-amd64"
    assert roots[download].source == "GOTOOLCHAIN download"


# --- this disk: link loops in managers' folders --------------------------------------------------------------
def _loops(home) -> None:
    """Link loops where managers keep toolchains: self links, two links naming each other, a link to its parent."""
    asdf = home / ".asdf" / "installs" / "golang"
    asdf.mkdir(parents=True)
    (asdf / "self").symlink_to("self")
    (asdf / "a").symlink_to("b")
    (asdf / "b").symlink_to("a")
    (asdf / "up").symlink_to("..")  # installs/golang/up/go -> installs/go: not a root, and no walk
    mise = home / ".local" / "share" / "mise" / "installs" / "go"
    mise.mkdir(parents=True)
    (mise / "latest").symlink_to("latest")
    (mise / "1.22").symlink_to(".")  # the folder itself: installs/go/1.22/1.22/1.22/...
    (home / "sdk").mkdir(exist_ok=True)
    (home / "sdk" / "go-loop").symlink_to("go-loop")
    (home / ".goenv").mkdir()
    (home / ".goenv" / "versions").symlink_to("versions")  # the manager's folder itself loops
    (home / ".gvm").mkdir()
    (home / ".gvm" / "gos").symlink_to("../.gvm")  # gos -> .gvm, which holds gos


def test_symlink_loops_in_manager_folders_neither_hang_nor_crash(sandbox):
    home = sandbox.home
    _loops(home)
    good = real_root(home / ".local" / "share" / "mise" / "installs" / "go", "1.22.5", "go1.22.5")
    asdf_root = real_root(home / ".asdf" / "installs" / "golang" / "1.21.6", "go", "go1.21.6")
    (home / ".local" / "share" / "mise" / "installs" / "go" / "stable").symlink_to("1.22.5")
    s = sandbox.system()
    start = time.monotonic()
    found = discover(s, read_go_env(s))
    folders = watch_folders(s, read_go_env(s), [], found)
    elapsed = time.monotonic() - start
    ours = {t.root: t for t in found if t.root.startswith(str(sandbox.tmp))}
    assert set(ours) == {str(good), str(asdf_root)}
    assert ours[str(good)].source == MISE and ours[str(asdf_root)].source == ASDF
    assert str(home / ".local" / "share" / "mise" / "installs" / "go") in folders
    assert elapsed < 5
    if not system_go_installed():
        assert len(found) == 2


def test_real_disk_layouts_of_each_manager(sandbox):
    home = sandbox.home
    roots = {
        ASDF: real_root(home / ".asdf" / "installs" / "golang" / "1.22.5", "go", "go1.22.5"),
        MISE: real_root(home / ".local" / "share" / "mise" / "installs" / "go", "1.23.1", "go1.23.1"),
        GOENV: real_root(home / ".goenv" / "versions", "1.21.13", "go1.21.13"),
        GVM: real_root(home / ".gvm" / "gos", "go1.20.14", "go1.20.14"),
    }
    dl = sandbox.sdk_root("go1.24.2")
    (dl / ".unpacked-success").write_bytes(b"")
    alias = home / ".local" / "share" / "mise" / "installs" / "go" / "1.23"
    alias.symlink_to("1.23.1")
    s = sandbox.system()
    ours = {t.root: t for t in discover(s, read_go_env(s)) if t.root.startswith(str(sandbox.tmp))}
    for manager, root in roots.items():
        assert ours[str(root)].source == manager, root
    assert ours[str(dl)].source == GOLANG_DL
    assert str(alias) not in ours
    assert os.path.realpath(alias) == str(roots[MISE])


def test_installer_of_is_path_syntax_aware():
    s = FakeSystem(Host("windows", "amd64"), WIN_HOME, env={"USERPROFILE": WIN_HOME})
    assert installer_of(s, WIN_HOME.upper() + "\\SCOOP\\apps\\go\\1.22.5", {}) == SCOOP  # case folds on Windows
    assert installer_of(s, WIN_HOME + "\\scoopx\\apps\\go\\1.22.5", {}) is None  # a prefix is not a folder
    lin = FakeSystem(Host("linux", "amd64"), LINUX_HOME, env={"HOME": LINUX_HOME})
    assert installer_of(lin, LINUX_HOME + "/.GOENV/versions/1.22.5", {}) is None  # case matters elsewhere
    assert str(PurePosixPath(LINUX_HOME)) == LINUX_HOME and str(PureWindowsPath(WIN_HOME)) == WIN_HOME
