"""wsl-mixed-toolchain and the WSL facts (probe/wsl.py), on recorded WSL and Windows machines (FakeSystem).

Inside WSL: Windows drives under /mnt/<drive> (or wsl.conf's automount root), Windows' PATH appended
(appendWindowsPath), `/proc/sys/fs/binfmt_misc/WSLInterop` and `WSL_DISTRO_NAME`. From Windows: a workspace on
`\\\\wsl$\\<distro>` or `\\\\wsl.localhost\\<distro>` using a Linux toolchain. Fixes are applied and the workspace
checked again; a correct set-up on each side is silent.
"""

from __future__ import annotations

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host, Severity
from go_sidecar.parse.text import LineIndex
from go_sidecar.probe.wsl import INTEROP, WslFacts, read_wsl_facts, share_of
from go_sidecar.testing import FakeSystem, apply_edits

from .conftest import WIN_HOME, fake_root

CODE = "wsl-mixed-toolchain"
HOME = "/home/dev"
WS = HOME + "/proj"
LAUNCH = WS + "/.vscode/launch.json"
SETTINGS = WS + "/.vscode/settings.json"
WIN_GO = "/mnt/c/Program Files/Go"
WIN_PATH = "/mnt/c/WINDOWS/system32:/mnt/c/Program Files/Go/bin:/mnt/c/Users/dev/go/bin"


def launch(env: str | None = None, name: str = "Launch") -> bytes:
    extra = f',\n      "env": {env}' if env is not None else ""
    return (
        '{\n  // WSL 调试\n  "version": "0.2.0",\n  "configurations": [\n    {\n'
        f'      "name": "{name}",\n      "type": "go",\n      "request": "launch",\n      "mode": "auto",\n'
        f'      "program": "${{workspaceFolder}}"{extra}\n    }}\n  ]\n}}\n'
    ).encode()


def wsl_machine(
    path: str = "/usr/local/sbin:/usr/bin:/bin:" + WIN_PATH,
    linux_go: bool = True,
    interop: bool = True,
    distro: str | None = "Ubuntu-24.04",
    launch_text: bytes | None = None,
    settings: bytes | None = None,
    wsl_conf: bytes | None = None,
) -> FakeSystem:
    """Ubuntu in WSL 2: Windows' Go 1.22.5 under /mnt/c (go.exe), optionally a Linux Go 1.22.5 in /usr/local/go."""
    files: dict[str, bytes] = {}
    fake_root(files, WIN_GO, "go1.22.5", runtime=True)
    del files[WIN_GO + "/bin/go"]
    files[WIN_GO + "/bin/go.exe"] = b"MZ\x90\x00"
    files[WIN_GO + "/pkg/tool/windows_amd64/compile.exe"] = b"MZ"
    if linux_go:
        fake_root(files, "/usr/local/go", "go1.22.5")
    if interop:
        files[INTEROP[0]] = b"enabled\ninterpreter /init\nflags: PF\noffset 0\nmagic 4d5a\n"
    if wsl_conf is not None:
        files["/etc/wsl.conf"] = wsl_conf
    files[WS + "/go.mod"] = b"module example.com/m\n\ngo 1.22\n"
    files[WS + "/main.go"] = b"package main\n\nfunc main() {}\n"
    if launch_text is not None:
        files[LAUNCH] = launch_text
    if settings is not None:
        files[SETTINGS] = settings
    env = {"HOME": HOME, "PATH": path}
    if distro:
        env["WSL_DISTRO_NAME"] = distro
    return FakeSystem(Host("linux", "amd64"), HOME, env=env, files=files)


def findings(sys_, root: str = WS):
    report, facts = run_check(sys_, root)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    return [f for f in report.findings if f.code == CODE], facts


def apply(sys_: FakeSystem, fix) -> None:
    by_path: dict[str, list] = {}
    for e in fix.edits:
        by_path.setdefault(e.path, []).append((e.range, e.new_text))
    for path, edits in by_path.items():
        key = next(k for k in sys_.files if sys_._key(k) == sys_._key(path))
        sys_.files[key] = apply_edits(sys_.files[key], edits)


def text_at(data: bytes, rng) -> str:
    index = LineIndex(data)
    return data[index.offset(rng.start) : index.offset(rng.end)].decode()


# --- inside WSL -------------------------------------------------------------------------------------------------
def test_correct_wsl_setup_is_silent_though_windows_path_is_appended():
    sys_ = wsl_machine(path="/usr/local/go/bin:/usr/bin:" + WIN_PATH, launch_text=launch())
    found, facts = findings(sys_)
    assert found == []
    assert facts.wsl is not None and facts.wsl.inside and facts.wsl.distro == "Ubuntu-24.04"


def test_go_goroot_on_the_windows_drive_and_its_fix():
    settings = b'{\n  "go.goroot": "/mnt/c/Program Files/Go", // from Windows\n}\n'
    sys_ = wsl_machine(path="/usr/local/go/bin:/usr/bin", launch_text=launch(), settings=settings)
    [f], _ = findings(sys_)
    assert f.severity == Severity.WARNING and f.location.path == SETTINGS
    assert text_at(sys_.files[SETTINGS], f.location.range) == '"/mnt/c/Program Files/Go"'
    assert "go.goroot" in f.message and "Windows' Go" in f.message and "Ubuntu-24.04" in f.message
    apply(sys_, f.fixes[0])
    assert b'"go.goroot": "/usr/local/go", // from Windows' in sys_.files[SETTINGS]
    assert findings(sys_)[0] == []


def test_env_goroot_of_a_linux_go_kept_on_the_windows_drive():
    sys_ = wsl_machine(launch_text=launch('{"GOROOT": "/mnt/d/tools/go", "PATH": "/mnt/d/tools/go/bin:${env:PATH}"}'))
    fake_root(sys_.files, "/mnt/d/tools/go", "go1.22.5")  # a Linux Go stored on D: (golang/vscode-go#3160)
    found, _ = findings(sys_)
    goroot = [f for f in found if "GOROOT" in f.message]
    assert len(goroot) == 1 and "Windows file system" in goroot[0].message
    path = [f for f in found if "first go on PATH" in f.message]
    assert len(path) == 1 and text_at(sys_.files[LAUNCH], path[0].location.range).startswith('"/mnt/d/tools/go/bin')
    apply(sys_, goroot[0].fixes[0])  # GOROOT and PATH of the configuration: both to /usr/local/go
    [left], _ = findings(sys_)  # the configuration is clean; the editor's own PATH still has only go.exe
    assert left.message.startswith("The editor's PATH") and left.location.path == WS + "/go.mod"
    sys_.env["PATH"] = "/usr/local/go/bin:" + sys_.env["PATH"]
    assert findings(sys_)[0] == []


def test_first_go_on_path_on_the_windows_drive_issue_3160():
    # golang/vscode-go#3160: VS Code in WSL ran /mnt/c/eplatform/tools/go/bin/go, not /usr/local/go/bin/go.
    sys_ = wsl_machine(path="/mnt/c/eplatform/tools/go/bin:/usr/local/go/bin:/usr/bin", launch_text=launch())
    fake_root(sys_.files, "/mnt/c/eplatform/tools/go", "go1.21.0")
    [f], facts = findings(sys_)
    assert "/mnt/c/eplatform/tools/go/bin/go" in f.message and "#3160" in f.message
    assert facts.wsl.configs[0].how == "drive"
    apply(sys_, f.fixes[0])
    assert b'"PATH": "/usr/local/go/bin:${env:PATH}"' in sys_.files[LAUNCH]
    # The configuration builds with Linux's go now; what is left is the editor's PATH, said once, on go.mod.
    [left], _ = findings(sys_)
    assert left.message.startswith("The editor's PATH") and "/mnt/c/eplatform" in left.message
    sys_.env["PATH"] = "/usr/local/go/bin:/usr/bin:/mnt/c/eplatform/tools/go/bin"
    assert findings(sys_)[0] == []


def test_only_windows_go_exe_through_append_windows_path():
    sys_ = wsl_machine(linux_go=False, launch_text=launch())
    [f], facts = findings(sys_)
    assert "go.exe" in f.message and "appendWindowsPath" in f.message and "Cannot find" in f.message
    assert facts.wsl.configs[0].how == "exe" and facts.wsl.configs[0].exe == WIN_GO + "/bin/go.exe"
    assert f.fixes == ()  # no Linux Go installed to point at: the message says to install one


def test_editor_path_without_configurations_is_reported_once_on_go_mod():
    sys_ = wsl_machine(linux_go=False)
    [f], _ = findings(sys_)
    assert f.message.startswith("The editor's PATH") and f.location.path == WS + "/go.mod"


def test_alternate_tools_go_exe_and_its_fix():
    settings = b'{\n  "go.alternateTools": {"go": "/mnt/c/Program Files/Go/bin/go.exe", "dlv": "/usr/bin/dlv"}\n}\n'
    sys_ = wsl_machine(path="/usr/local/go/bin:/usr/bin", settings=settings)
    [f], _ = findings(sys_)
    assert "go.alternateTools.go" in f.message
    apply(sys_, f.fixes[0])
    assert b'"go": "/usr/local/go/bin/go"' in sys_.files[SETTINGS]
    assert findings(sys_)[0] == []


def test_detected_by_distro_name_alone_or_by_interop_alone():
    for interop, distro in ((False, "Debian"), (True, None)):
        sys_ = wsl_machine(linux_go=False, interop=interop, distro=distro, launch_text=launch())
        found, facts = findings(sys_)
        assert len(found) == 1 and facts.wsl.inside
        assert ("WSL_DISTRO_NAME=Debian" in facts.wsl.evidence) == (not interop)


def test_plain_linux_is_not_wsl_even_with_a_mnt_c_folder():
    sys_ = wsl_machine(linux_go=False, interop=False, distro=None, launch_text=launch())
    found, facts = findings(sys_)
    assert found == [] and facts.wsl is None


def test_wsl_conf_automount_root_and_append_windows_path():
    conf = b"# wsl.conf\n[automount]\nenabled = true\nroot = /win/\n\n[interop]\nappendWindowsPath = false\n"
    sys_ = wsl_machine(launch_text=launch('{"GOROOT": "/win/c/go"}'), wsl_conf=conf)
    found, facts = findings(sys_)
    assert facts.wsl.mount_root == "/win/" and facts.wsl.append_windows_path is False
    assert [f.message for f in found if "/win/c/go" in f.message]
    # /mnt/c is not a drive with this wsl.conf: Windows' go.exe there is no Windows drive's.
    assert not facts.wsl.on_windows_drive(WIN_GO)


def test_wsl_facts_bad_input_bounded():
    long_path = ":".join(f"/mnt/c/dir{i}" for i in range(12_000))  # over 100,000 characters
    assert len(long_path) > 100_000
    sys_ = wsl_machine(path=long_path, linux_go=False, launch_text=launch(), wsl_conf=b"\x00\xff[interop\nroot=")
    found, facts = findings(sys_)
    assert facts.wsl.mount_root == "/mnt/" and facts.wsl.configs == [None]
    assert found == []


def test_on_windows_drive_and_share_of():
    w = WslFacts(inside=True)
    assert w.on_windows_drive("/mnt/c") and w.on_windows_drive("/mnt/z/x")
    assert not w.on_windows_drive("/mnt/cdrom/go") and not w.on_windows_drive("/mnt/") and not w.on_windows_drive("")
    assert not w.on_windows_drive("/mnt/wsl/docker") and not w.on_windows_drive("/home/mnt/c")
    assert share_of("\\\\wsl$\\Ubuntu\\home\\dev") == "\\\\wsl$\\Ubuntu"
    assert share_of("//wsl.localhost/Debian/home") == "\\\\wsl.localhost\\Debian"
    assert share_of("\\\\WSL$\\Ubuntu") == "\\\\WSL$\\Ubuntu"
    assert share_of("C:\\src") == "" and share_of("\\\\wsl$\\") == "" and share_of(None) == ""


def test_macos_has_no_wsl_facts():
    mac = FakeSystem(Host("darwin", "arm64"), "/Users/dev", env={"WSL_DISTRO_NAME": "x"})
    assert read_wsl_facts(mac, "/Users/dev/app", []) is None


# --- from Windows -----------------------------------------------------------------------------------------------
def windows_machine(root: str, launch_text: bytes | None = None, settings: bytes | None = None) -> FakeSystem:
    files: dict[str, bytes] = {}
    fake_root(files, "C:\\Program Files\\Go", "go1.22.5", windows=True)
    fake_root(files, "\\\\wsl$\\Ubuntu\\usr\\local\\go", "go1.22.5")  # Linux's: bin\go, no go.exe
    files[root + "\\go.mod"] = b"module example.com/m\n\ngo 1.22\n"
    files[root + "\\main.go"] = b"package main\n\nfunc main() {}\n"
    if launch_text is not None:
        files[root + "\\.vscode\\launch.json"] = launch_text
    if settings is not None:
        files[root + "\\.vscode\\settings.json"] = settings
    env = {
        "USERPROFILE": WIN_HOME,
        "Path": "C:\\Windows\\system32;C:\\Program Files\\Go\\bin",
        "LocalAppData": WIN_HOME + "\\AppData\\Local",
    }
    return FakeSystem(Host("windows", "amd64"), WIN_HOME, env=env, files=files)


@pytest.mark.parametrize("share", ["\\\\wsl$\\Ubuntu", "\\\\wsl.localhost\\Ubuntu"])
def test_windows_workspace_on_wsl_share_with_linux_goroot(share):
    root = share + "\\home\\dev\\proj"
    text = launch('{"GOROOT": "\\\\\\\\wsl$\\\\Ubuntu\\\\usr\\\\local\\\\go"}')
    sys_ = windows_machine(root, text)
    [f], facts = findings(sys_, root)
    assert facts.wsl.share == share
    assert "Linux toolchain" in f.message and "WSL extension" in f.message and share in f.message
    apply(sys_, f.fixes[0])
    assert b'"GOROOT": "C:\\\\Program Files\\\\Go"' in sys_.files[root + "\\.vscode\\launch.json"]
    assert findings(sys_, root)[0] == []


def test_windows_linux_binaries_without_exe_under_another_folder():
    root = "\\\\wsl.localhost\\Ubuntu\\home\\dev\\proj"
    sys_ = windows_machine(root, settings=b'{"go.goroot": "D:\\\\linux-go"}')
    fake_root(sys_.files, "D:\\linux-go", "go1.22.5")  # a linux-amd64 archive unpacked on D:
    [f], facts = findings(sys_, root)
    assert "no `go.exe`" in facts.wsl.linux_roots["D:\\linux-go"]
    assert "go.goroot" in f.message
    apply(sys_, f.fixes[0])
    assert findings(sys_, root)[0] == []


def test_windows_workspace_on_c_with_windows_go_is_silent():
    sys_ = windows_machine("C:\\src\\proj", launch('{"GOROOT": "C:\\\\Program Files\\\\Go"}'))
    found, facts = findings(sys_, "C:\\src\\proj")
    assert found == [] and facts.wsl is None


def test_windows_workspace_on_share_with_windows_go_is_silent():
    root = "\\\\wsl$\\Ubuntu\\home\\dev\\proj"
    sys_ = windows_machine(root, launch('{"GOROOT": "C:\\\\Program Files\\\\Go"}'))
    found, facts = findings(sys_, root)
    assert found == [] and facts.wsl is not None and facts.wsl.linux_roots == {}
