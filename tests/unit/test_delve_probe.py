"""Which dlv a configuration uses: VS Code Go's order on recorded Windows, macOS and Linux machines, GoLand's
bundled dlv, and identity from build info. No dlv is ever run."""

from __future__ import annotations

import importlib.util
import json
import posixpath
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from go_sidecar.model import Host
from go_sidecar.probe.delve import (
    DlvCandidate,
    alternate_dlv,
    chosen_dlv,
    find_dlv,
    goland_installs,
    identify_dlv,
    search_dirs,
)
from go_sidecar.probe.system import Paths, RealSystem
from go_sidecar.probe.toolchains import read_go_env
from go_sidecar.probe.workspace import read_workspace
from go_sidecar.testing import FakeSystem
from tests.sandbox import sandbox_env

from .conftest import LINUX_HOME, MAC_HOME, WIN_HOME, fake_root

EXE = b"\x7fELF"
WIN_WS = "D:\\项目\\app"
WS = "/home/dev/proj"
MAC_WS = "/Users/dev/proj"


def settings(**values) -> bytes:
    return json.dumps(values, ensure_ascii=False, indent=2).encode()


def linux(files: dict[str, bytes] | None = None, env: dict[str, str] | None = None, arch: str = "amd64") -> FakeSystem:
    files = {WS + "/go.mod": b"module x\n\ngo 1.22\n", **(files or {})}
    env = {"HOME": LINUX_HOME, "PATH": "/usr/local/bin:/usr/bin", **(env or {})}
    return FakeSystem(Host("linux", arch), LINUX_HOME, env=env, files=files)


def probe(sys_: FakeSystem, root: str = WS) -> list[DlvCandidate]:
    ws = read_workspace(sys_, root)
    return find_dlv(sys_, ws, read_go_env(sys_))


def paths(cands: list[DlvCandidate]) -> list[str]:
    return [c.path for c in cands]


# --- VS Code Go's order --------------------------------------------------------------------------------


def test_windows_default_gopath_under_a_chinese_user_name():
    files = {
        WIN_HOME + "\\go\\bin\\dlv.exe": b"MZ",
        "C:\\Tools\\dlv.exe": b"MZ",
        WIN_WS + "\\go.mod": b"module x\n",
    }
    env = {
        "USERPROFILE": WIN_HOME,
        "Path": "C:\\Windows\\system32;C:\\Tools",
        "AppData": WIN_HOME + "\\AppData\\Roaming",
    }
    s = FakeSystem(Host("windows", "amd64"), WIN_HOME, env=env, files=files)
    cands = probe(s, WIN_WS)
    assert cands == [
        DlvCandidate(WIN_HOME + "\\go\\bin\\dlv.exe", "GOPATH", via="default"),
        DlvCandidate("C:\\Tools\\dlv.exe", "PATH", via="PATH"),
    ]
    assert chosen_dlv(cands).path == "C:\\Users\\张三\\go\\bin\\dlv.exe"


def test_windows_gopath_list_and_gobin_from_go_env_file():
    files = {
        "D:\\gobin\\dlv.exe": b"MZ",
        "E:\\second\\bin\\dlv.exe": b"MZ",
        WIN_HOME + "\\AppData\\Roaming\\go\\env": b"GOBIN=D:\\gobin\nGOPATH=C:\\first;E:\\second\n",
    }
    env = {"USERPROFILE": WIN_HOME, "APPDATA": WIN_HOME + "\\AppData\\Roaming", "PATH": ""}
    s = FakeSystem(Host("windows", "amd64"), WIN_HOME, env=env, files=files)
    cands = probe(s, WIN_WS)
    assert [(c.path, c.source, c.via) for c in cands] == [
        ("D:\\gobin\\dlv.exe", "GOBIN", "go env -w"),
        ("E:\\second\\bin\\dlv.exe", "GOPATH", "go env -w"),
    ]


def test_gobin_wins_over_gopath_goroot_and_path():
    files = {
        "/home/dev/bin/dlv": EXE,
        LINUX_HOME + "/go/bin/dlv": EXE,
        "/usr/local/go/bin/dlv": EXE,  # $GOROOT/bin is searched before PATH
        "/usr/local/bin/dlv": EXE,
    }
    fake_root(files, "/usr/local/go", "go1.27.3")
    s = linux(files, env={"GOBIN": "/home/dev/bin", "GOROOT": "/usr/local/go"})
    cands = probe(s)
    assert [(c.source, c.path) for c in cands] == [
        ("GOBIN", "/home/dev/bin/dlv"),
        ("GOPATH", LINUX_HOME + "/go/bin/dlv"),
        ("GOROOT", "/usr/local/go/bin/dlv"),
        ("PATH", "/usr/local/bin/dlv"),
    ]
    assert chosen_dlv(cands).source == "GOBIN"
    assert all(c.vscode for c in cands)


def test_goroot_of_the_go_on_path_when_goroot_is_unset():
    files = {"/usr/local/go/bin/dlv": EXE}
    fake_root(files, "/usr/local/go", "go1.27.3")
    s = linux(files, env={"PATH": "/usr/local/go/bin"})
    dirs = search_dirs(s, read_workspace(s, WS), {})
    assert ("/usr/local/go/bin", "GOROOT", "PATH") in dirs
    # Found as GOROOT first; the same file on PATH is not listed twice.
    assert [(c.source, c.path) for c in probe(s)] == [("GOROOT", "/usr/local/go/bin/dlv")]


def test_gopath_with_two_entries():
    files = {"/srv/go2/bin/dlv": EXE, "/srv/go1/bin/dlv": EXE}
    s = linux(files, env={"GOPATH": "/srv/go1:/srv/go2"})
    cands = probe(s)
    assert paths(cands) == ["/srv/go1/bin/dlv", "/srv/go2/bin/dlv"]
    assert {c.via for c in cands} == {"environment"}
    s2 = linux({"/srv/go2/bin/dlv": EXE}, env={"GOPATH": "/srv/go1:/srv/go2"})
    assert chosen_dlv(probe(s2)).path == "/srv/go2/bin/dlv"


def test_tools_gopath_and_gopath_settings_come_before_the_environment():
    files = {
        WS + "/.vscode/settings.json": settings(**{"go.toolsGopath": "${workspaceFolder}/.tools", "go.gopath": "~/gp"}),
        WS + "/.tools/bin/dlv": EXE,
        LINUX_HOME + "/gp/bin/dlv": EXE,
        "/srv/env/bin/dlv": EXE,
    }
    cands = probe(linux(files, env={"GOPATH": "/srv/env"}))
    assert [(c.path, c.via) for c in cands] == [
        (WS + "/.tools/bin/dlv", "go.toolsGopath"),
        (LINUX_HOME + "/gp/bin/dlv", "go.gopath"),  # go.gopath replaces $GOPATH
    ]


def test_symlinked_dlv_is_listed_once():
    files = {LINUX_HOME + "/go/bin/dlv": EXE}
    s = linux(files)
    s.links["/usr/local/bin/dlv"] = LINUX_HOME + "/go/bin/dlv"
    assert paths(probe(s)) == [LINUX_HOME + "/go/bin/dlv"]


# --- go.alternateTools ---------------------------------------------------------------------------------


def test_alternate_tools_absolute_path_with_workspace_folder():
    files = {
        WS + "/.vscode/settings.json": settings(**{"go.alternateTools": {"dlv": "${workspaceFolder}/tools/dlv"}}),
        WS + "/tools/dlv": EXE,
        LINUX_HOME + "/go/bin/dlv": EXE,
    }
    s = linux(files)
    assert alternate_dlv(s, read_workspace(s, WS)) == WS + "/tools/dlv"
    cands = probe(s)
    assert cands[0] == DlvCandidate(WS + "/tools/dlv", "go.alternateTools")
    assert chosen_dlv(cands) == cands[0]
    assert cands[1].source == "GOPATH" and cands[1].vscode


def test_alternate_tools_absolute_path_missing_falls_back_to_the_search():
    files = {
        WS + "/.vscode/settings.json": settings(**{"go.alternateTools": {"dlv": "/opt/nowhere/dlv"}}),
        LINUX_HOME + "/go/bin/dlv": EXE,
    }
    cands = probe(linux(files))
    assert chosen_dlv(cands) == DlvCandidate(LINUX_HOME + "/go/bin/dlv", "GOPATH", via="default")


def test_alternate_tools_relative_name_found_on_path():
    files = {
        WS + "/.vscode/settings.json": settings(**{"go.alternateTools": {"dlv": "dlv-1.22"}}),
        "/usr/bin/dlv-1.22": EXE,
        LINUX_HOME + "/go/bin/dlv": EXE,
    }
    cands = probe(linux(files))
    assert cands[0] == DlvCandidate("/usr/bin/dlv-1.22", "go.alternateTools", via="PATH")
    assert chosen_dlv(cands) == cands[0]
    # The plain dlv is still listed (a fix may point at it) but VS Code Go would not run it.
    assert cands[1].path == LINUX_HOME + "/go/bin/dlv" and not cands[1].vscode


def test_alternate_tools_relative_name_not_found_means_no_dlv():
    files = {
        WS + "/.vscode/settings.json": settings(**{"go.alternateTools": {"dlv": "dlv-1.22"}}),
        LINUX_HOME + "/go/bin/dlv": EXE,
    }
    cands = probe(linux(files))
    assert paths(cands) == [LINUX_HOME + "/go/bin/dlv"]
    assert chosen_dlv(cands) is None  # VS Code Go does not fall back to `dlv` for a relative name


def test_alternate_tools_name_on_windows_gets_exe_appended():
    base = {WIN_WS + "\\go.mod": b"module x\n", "C:\\Tools\\dlv-1.22.exe": b"MZ"}
    env = {"USERPROFILE": WIN_HOME, "PATH": "C:\\Tools"}
    s = FakeSystem(
        Host("windows", "amd64"),
        WIN_HOME,
        env=env,
        files={**base, WIN_WS + "\\.vscode\\settings.json": settings(**{"go.alternateTools": {"dlv": "dlv-1.22"}})},
    )
    assert chosen_dlv(probe(s, WIN_WS)) == DlvCandidate("C:\\Tools\\dlv-1.22.exe", "go.alternateTools", via="PATH")
    # Written with .exe, VS Code Go looks for dlv-1.22.exe.exe (correctBinname) and finds nothing.
    s2 = FakeSystem(
        Host("windows", "amd64"),
        WIN_HOME,
        env=env,
        files={**base, WIN_WS + "\\.vscode\\settings.json": settings(**{"go.alternateTools": {"dlv": "dlv-1.22.exe"}})},
    )
    assert chosen_dlv(probe(s2, WIN_WS)) is None


def test_alternate_tools_env_and_home_substitution():
    files = {
        WS + "/.vscode/settings.json": settings(**{"go.alternateTools": {"dlv": "${env:TOOLS}/dlv", "go": "x"}}),
        "/srv/tools/dlv": EXE,
    }
    s = linux(files, env={"TOOLS": "/srv/tools"})
    assert chosen_dlv(probe(s)).path == "/srv/tools/dlv"
    s2 = linux(
        {
            WS + "/.vscode/settings.json": settings(**{"go.alternateTools": {"dlv": "~/bin/dlv"}}),
            LINUX_HOME + "/bin/dlv": EXE,
        }
    )
    assert chosen_dlv(probe(s2)).path == LINUX_HOME + "/bin/dlv"
    s3 = linux({WS + "/.vscode/settings.json": settings(**{"go.alternateTools": "not an object"})})
    assert alternate_dlv(s3, read_workspace(s3, WS)) is None


def test_missing_everything():
    s = FakeSystem(Host("linux", "amd64"), LINUX_HOME, env={}, files={WS + "/go.mod": b"module x\n"})
    assert probe(s) == []
    assert chosen_dlv([]) is None
    w = FakeSystem(Host("windows", "arm64"), WIN_HOME, env={}, files={})
    assert probe(w, WIN_WS) == []


# --- GoLand --------------------------------------------------------------------------------------------

TOOLBOX = LINUX_HOME + "/.local/share/JetBrains/Toolbox/apps"


def test_goland_bundled_dlv_in_a_toolbox_install_on_linux():
    files = {
        WS + "/.idea/workspace.xml": b"<project/>",
        TOOLBOX + "/goland/plugins/go-plugin/lib/dlv/linux/dlv": EXE,
        TOOLBOX + "/goland/plugins/go-plugin/lib/dlv/linuxarm/dlv": EXE,
        # Toolbox 1.x layout, an older GoLand with the pre-2023 plugin folder:
        TOOLBOX + "/GoLand/ch-0/223.8617.58/plugins/go/lib/dlv/linux/dlv": EXE,
        TOOLBOX + "/GoLand/ch-0/223.8617.58.plugins/some-plugin/lib/x.jar": b"",
        TOOLBOX + "/IDEA-U/plugins/go-plugin/lib/dlv/linux/dlv": EXE,  # not GoLand
        LINUX_HOME + "/go/bin/dlv": EXE,
    }
    cands = probe(linux(files))
    assert [(c.source, c.path, c.vscode) for c in cands] == [
        ("GOPATH", LINUX_HOME + "/go/bin/dlv", True),
        ("GoLand", TOOLBOX + "/GoLand/ch-0/223.8617.58/plugins/go/lib/dlv/linux/dlv", False),
        ("GoLand", TOOLBOX + "/goland/plugins/go-plugin/lib/dlv/linux/dlv", False),
    ]
    assert cands[2].via == TOOLBOX + "/goland"
    # On arm64 GoLand starts the linuxarm build.
    arm = probe(linux(files, arch="arm64"))
    assert TOOLBOX + "/goland/plugins/go-plugin/lib/dlv/linuxarm/dlv" in paths(arm)


def test_goland_only_for_goland_projects():
    files = {TOOLBOX + "/goland/plugins/go-plugin/lib/dlv/linux/dlv": EXE}
    assert probe(linux(files)) == []  # no .idea/
    files[WS + "/.idea/misc.xml"] = b"<project/>"
    cands = probe(linux(files))
    assert [c.source for c in cands] == ["GoLand"] and chosen_dlv(cands) is None


def test_goland_in_opt_and_snap():
    files = {
        WS + "/.idea/workspace.xml": b"",
        "/opt/GoLand-2024.2/plugins/go-plugin/lib/dlv/linux/dlv": EXE,
        "/snap/goland/current/plugins/go-plugin/lib/dlv/linux/dlv": EXE,
    }
    assert paths(probe(linux(files))) == [
        "/opt/GoLand-2024.2/plugins/go-plugin/lib/dlv/linux/dlv",
        "/snap/goland/current/plugins/go-plugin/lib/dlv/linux/dlv",
    ]


def _mac(files: dict[str, bytes], arch: str = "arm64") -> FakeSystem:
    files = {MAC_WS + "/.idea/workspace.xml": b"", **files}
    return FakeSystem(Host("darwin", arch), MAC_HOME, env={"HOME": MAC_HOME, "PATH": "/usr/bin"}, files=files)


def test_goland_in_applications_on_macos():
    app = "/Applications/GoLand.app/Contents/plugins/go-plugin/lib/dlv"
    files = {app + "/mac/dlv": EXE, app + "/macarm/dlv": EXE, "/Applications/Safari.app/Contents/Info.plist": b""}
    assert probe(_mac(files), MAC_WS) == [
        DlvCandidate(app + "/macarm/dlv", "GoLand", via="/Applications/GoLand.app/Contents", vscode=False)
    ]
    assert paths(probe(_mac(files, "amd64"), MAC_WS)) == [app + "/mac/dlv"]
    # An old GoLand without a macarm build: its amd64 dlv is what runs on Apple silicon (Rosetta).
    old = "/Applications/GoLand 2020.3.app/Contents/plugins/go/lib/dlv/mac/dlv"
    assert paths(probe(_mac({old: EXE}), MAC_WS)) == [old]


def test_goland_toolbox_on_macos_and_windows():
    mac_toolbox = (
        MAC_HOME + "/Library/Application Support/JetBrains/Toolbox/apps/GoLand/ch-0/241.1/"
        "GoLand.app/Contents/plugins/go-plugin/lib/dlv/macarm/dlv"
    )
    assert paths(probe(_mac({mac_toolbox: EXE}), MAC_WS)) == [mac_toolbox]

    local = WIN_HOME + "\\AppData\\Local"
    files = {
        WIN_WS + "\\.idea\\workspace.xml": b"",
        local + "\\Programs\\GoLand\\plugins\\go-plugin\\lib\\dlv\\windows\\dlv.exe": b"MZ",
        "C:\\Program Files\\JetBrains\\GoLand 2024.1\\plugins\\go-plugin\\lib\\dlv\\windows\\dlv.exe": b"MZ",
    }
    s = FakeSystem(
        Host("windows", "amd64"),
        WIN_HOME,
        env={"LOCALAPPDATA": local, "ProgramFiles": "C:\\Program Files"},
        files=files,
    )
    assert paths(probe(s, WIN_WS)) == [
        local + "\\Programs\\GoLand\\plugins\\go-plugin\\lib\\dlv\\windows\\dlv.exe",
        "C:\\Program Files\\JetBrains\\GoLand 2024.1\\plugins\\go-plugin\\lib\\dlv\\windows\\dlv.exe",
    ]


class TreeSystem(Paths):
    """A Linux machine of many folders, cheap to query (FakeSystem rescans every file per call)."""

    def __init__(self, dirs: set[str]):
        self.host, self.home, self.env = Host("linux", "amd64"), LINUX_HOME, {"HOME": LINUX_HOME}
        self.dirs = set()
        for d in dirs:
            p = PurePosixPath(d)
            self.dirs.update(str(a) for a in (p, *p.parents))
        self.children: dict[str, set[str]] = {}
        for d in self.dirs:
            p = PurePosixPath(d)
            if p != p.parent:
                self.children.setdefault(str(p.parent), set()).add(p.name)
        self.calls = 0
        self.listings: list[str] = []

    paths = posixpath

    def is_dir(self, path: str) -> bool:
        self.calls += 1
        return path in self.dirs

    def is_file(self, path: str) -> bool:
        self.calls += 1
        return False

    def list_dir(self, path: str) -> list[str]:
        self.listings.append(path)
        return sorted(self.children.get(path, ()))

    def realpath(self, path: str) -> str:
        return path


def test_goland_search_is_bounded():
    # A huge, deep folder under a GoLand-looking name: the walk stops at a fixed depth and a fixed count.
    dirs = {f"{TOOLBOX}/goland-junk/d{i}/e{j}/f/g/h" for i in range(60) for j in range(60)}
    dirs.add(TOOLBOX + "/goland-junk/d0/e0/f/g/h/plugins/go-plugin/lib/dlv")  # too deep to be found
    s = TreeSystem(dirs)
    assert goland_installs(s) == []  # type: ignore[arg-type]
    assert 0 < len(s.listings) <= 256
    assert s.calls < 256 * 8 + 60 * 2  # each visit: a few is_dir; each listed child: one
    deepest = (TOOLBOX + "/goland-junk/d0/e0").count("/")
    assert all(p.count("/") <= deepest for p in s.listings)


# --- identity ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _BuildInfo:  # the shape of parse.binary.BuildInfo
    go_version: str
    path: str
    main_module: str
    main_version: str
    settings: dict


@dataclass(frozen=True)
class _ExeInfo:  # the shape of parse.binary.ExeInfo
    format: str
    goos: str
    goarch: str
    build_info: _BuildInfo | None
    reason: str = ""


def test_identify_dlv_reads_build_info_through_the_injected_reader():
    s = linux({"/opt/delve/dlv": EXE})
    s.links["/usr/local/bin/dlv"] = "/opt/delve/dlv"
    cand = DlvCandidate("/usr/local/bin/dlv", "PATH")
    seen = []

    def identify(path: str):
        seen.append(path)
        return _ExeInfo(
            "pe",
            "windows",
            "arm64",
            _BuildInfo(
                "go1.27.2",
                "github.com/go-delve/delve/cmd/dlv",
                "github.com/go-delve/delve",
                "v1.27.1",
                {"-tags": "exp.winarm64", "GOOS": "windows", "GOARCH": "arm64"},
            ),
        )

    ident = identify_dlv(s, cand, identify=identify)
    assert seen == ["/opt/delve/dlv"]  # the real file behind the link
    assert ident.candidate is cand
    assert ident.is_delve and ident.delve_version == "1.27.1" and ident.go_version == "go1.27.2"
    assert ident.tags == ("exp.winarm64",)
    assert (ident.goos, ident.goarch) == ("windows", "arm64")


def test_identify_dlv_without_build_info_or_version():
    s = linux({"/usr/bin/dlv": b"#!/bin/sh\n"})
    cand = DlvCandidate("/usr/bin/dlv", "PATH")
    script = identify_dlv(s, cand, identify=lambda p: _ExeInfo("unknown", "", "", None, "not an executable"))
    assert not script.is_delve and script.delve_version == "" and script.tags == ()
    devel = identify_dlv(
        s,
        cand,
        identify=lambda p: _ExeInfo(
            "elf",
            "linux",
            "amd64",
            _BuildInfo("go1.22.0", "github.com/go-delve/delve/cmd/dlv", "github.com/go-delve/delve", "(devel)", {}),
        ),
    )
    assert devel.is_delve and devel.delve_version == "" and devel.go_version == "go1.22.0"
    other = identify_dlv(
        s,
        cand,
        identify=lambda p: _ExeInfo(
            "elf",
            "linux",
            "amd64",
            _BuildInfo("go1.22.0", "example.com/fake/dlv", "example.com/fake", "v1.0.0", {"-tags": "a,b"}),
        ),
    )
    assert not other.is_delve and other.delve_version == "" and other.tags == ("a", "b")


# --- the real disk: found, never run --------------------------------------------------------------------


def test_real_system_finds_but_never_runs_a_booby_trapped_dlv(tmp_path: Path):
    home, bin_dir, ws = tmp_path / "home", tmp_path / "bin", tmp_path / "ws"
    for d in (home, bin_dir, ws / ".vscode", ws / ".idea"):
        d.mkdir(parents=True)
    marker = tmp_path / "ran"
    trap = tmp_path / "tools" / "dlv"
    trap.parent.mkdir()
    trap.write_text(f"#!/bin/sh\ntouch '{marker}'\n")
    trap.chmod(0o755)
    (bin_dir / "dlv").symlink_to(trap)
    (ws / ".vscode" / "settings.json").write_text(json.dumps({"go.alternateTools": {"dlv": str(trap)}}))
    s = RealSystem(env=sandbox_env(home, bin_dir))
    cands = find_dlv(s, read_workspace(s, str(ws)), read_go_env(s))
    assert [c.source for c in cands] == ["go.alternateTools"]  # the PATH link is the same file
    assert chosen_dlv(cands).path == str(trap)
    if importlib.util.find_spec("go_sidecar.parse.binary") is not None:
        ident = identify_dlv(s, cands[0])  # the real reader: headers only
        assert ident.exe.format == "unknown" and not ident.is_delve and ident.delve_version == ""
    assert not marker.exists()
