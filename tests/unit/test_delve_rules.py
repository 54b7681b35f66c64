"""Debugger rules (dlv-missing, dlv-arch-mismatch, toolchain-arch-mismatch, dlv-go-unsupported,
debug-cross-target) run the way `sidecar check` and the server run them: `run_check` with recorded host facts
(RecordedHostProbe) for Windows, macOS and Linux.

Two styles:
- recorded machines (FakeSystem) whose executables are described by ExeInfo values, given to the check as its
  `identify` (path -> ExeInfo);
- a machine redirected into tmp_path (RealSystem) holding real executables built by the real Go toolchain
  (tests/fixtures_go.py), read by the real reader.

Every edit fix is applied (go_sidecar.testing.apply_edits) and the workspace checked again: the finding must be gone.
No dlv and no go is ever run by the check; the one place a test runs something is the shell line of the
installDelve fix, against a recording `go` script of the test's own.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Finding, Fix, Host, Severity
from go_sidecar.parse.binary import BuildInfo, ExeInfo, Slice
from go_sidecar.parse.binary import identify as read_exe
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.parse.text import LineIndex
from go_sidecar.settings import Settings
from go_sidecar.testing import RECORDED, FakeSystem, RecordedHostProbe, apply_edits
from tests.fixtures_go import build_fake_delve, fake_delve, fat_macho, go_binaries, go_fixtures  # noqa: F401

from .conftest import WIN_HOME, fake_root, real_root

DEBUGGER = (
    "dlv-missing",
    "dlv-arch-mismatch",
    "toolchain-arch-mismatch",
    "dlv-go-unsupported",
    "debug-cross-target",
    "dlv-dwarf5-unsupported",
)
DELVE_MODULE = "github.com/go-delve/delve"
DELVE_PKG = DELVE_MODULE + "/cmd/dlv"
INSTALL = "sidecar.installDelve"

# What the user would otherwise see at launch (docs/facts.md, Delve).
ROSETTA = (
    "could not launch process: can not run under Rosetta, check that the installed build of Go is right "
    "for your CPU architecture"
)
NOT_WIN32 = "could not launch process: %1 is not a valid Win32 application"
EXEC_FORMAT = "exec format error"

HOSTS = (
    "apple-silicon-native",
    "apple-silicon-rosetta",
    "windows-arm64-x64-python",
    "windows-amd64",
    "linux-amd64",
    "linux-arm64",
)
ONE_PER_OS = ("apple-silicon-native", "windows-amd64", "linux-amd64")

GOMOD = "module example.com/m\n\ngo 1.22.0\n"
FORMAT = {"windows": "pe", "darwin": "macho", "linux": "elf"}
LAYOUT = {  # home, workspace, the default Go install
    "linux": ("/home/dev", "/home/dev/proj", "/usr/local/go"),
    "darwin": ("/Users/dev", "/Users/dev/proj", "/usr/local/go"),
    "windows": (WIN_HOME, "D:\\项目\\app", "C:\\Program Files\\Go"),
}
# Where a GoLand installation lives on each OS (probe/delve.py goland_install_parents), and its dlv folder.
GOLAND = {
    "linux": ("/opt/GoLand-2024.2", "linux"),
    "darwin": ("/Applications/GoLand.app/Contents", "mac"),
    "windows": (WIN_HOME + "\\AppData\\Local\\Programs\\GoLand 2024.2", "windows"),
}


# --- executables, as the reader describes them -------------------------------------------------------------


def exe(goos: str, goarch: str, bi: BuildInfo | None = None) -> ExeInfo:
    return ExeInfo(FORMAT[goos], (Slice(goos, goarch),), bi)


def go_bin(goos: str, goarch: str, version: str = "go1.22.5") -> ExeInfo:
    """A toolchain's bin/go."""
    return exe(goos, goarch, BuildInfo(version, "cmd/go", "cmd", "", {"GOOS": goos, "GOARCH": goarch}))


def delve(version: str, goos: str, goarch: str, go: str = "go1.22.5", tags: str = "") -> ExeInfo:
    """A dlv whose build info says Delve `version` (as `go install ...@v<version>` stamps it)."""
    settings = {"GOOS": goos, "GOARCH": goarch, "CGO_ENABLED": "0"}
    if tags:
        settings["-tags"] = tags
    return exe(goos, goarch, BuildInfo(go, DELVE_PKG, DELVE_MODULE, "v" + version, settings))


def universal(*arches: str, bi: BuildInfo | None = None) -> ExeInfo:
    return ExeInfo("macho-fat", tuple(Slice("darwin", a) for a in arches), bi)


SCRIPT = ExeInfo("unknown", (), None, reason="script (#!): /bin/sh")


# --- a recorded machine ------------------------------------------------------------------------------------


def config(
    name: str = "Launch", *, request: str = "launch", mode: str | None = "auto", env=None, extra: tuple[str, ...] = ()
) -> str:
    lines = [f'"name": "{name}"', '"type": "go"', f'"request": "{request}"']
    if mode is not None:
        lines.append(f'"mode": "{mode}"')
    if request == "launch":
        lines.append('"program": "${workspaceFolder}"')
    lines += list(extra)
    if env is not None:
        lines.append('"env": ' + (env if isinstance(env, str) else json.dumps(env)))
    return "    {\n" + ",\n".join("      " + line for line in lines) + ",\n    }"


def launch(*configs: str) -> str:
    return (
        "{\n  // 调试配置 😀 (a comment every edit keeps)\n"
        '  "version": "0.2.0",\n  "configurations": [\n' + ",\n".join(configs or (config(),)) + ",\n  ],\n}\n"
    )


class World:
    """A recorded machine of one RECORDED host: a FakeSystem (a workspace with launch.json and go.mod, Go
    roots, dlv files) plus what each executable on it is, handed to the check as `identify`."""

    def __init__(
        self,
        host: str,
        *,
        go: str | None = "go1.22.5",
        go_platform: tuple[str, str] | None = None,
        launch_text: str | None = None,
        settings: str | None = None,
        gomod: str | None = GOMOD,
    ):
        self.host = host
        self.m = RECORDED[host]
        self.windows = self.m.os == "windows"
        self.home, self.ws, self.goroot = LAYOUT[self.m.os]
        self.files: dict[str, bytes] = {}
        self.exes: dict[str, ExeInfo] = {}
        self.path: list[str] = []
        self.extra_env: dict[str, str] = {}
        self.identified: list[str] = []
        self.sys = FakeSystem(Host(self.m.os, self.m.arch), self.home, files=self.files)
        if go is not None:
            self.toolchain(self.goroot, go, platform=go_platform, on_path=True)
        self.write(".vscode/launch.json", launch_text if launch_text is not None else launch())
        if settings is not None:
            self.write(".vscode/settings.json", settings)
        if gomod is not None:
            self.write("go.mod", gomod)
        self.write("main.go", "package main\n")

    # paths
    def join(self, *parts: str) -> str:
        return str((PureWindowsPath if self.windows else PurePosixPath)(*parts))

    def at(self, rel: str) -> str:
        return self.join(self.ws, *rel.split("/"))

    @property
    def launch_path(self) -> str:
        return self.at(".vscode/launch.json")

    @property
    def settings_path(self) -> str:
        return self.at(".vscode/settings.json")

    @property
    def gopath_dlv(self) -> str:
        return self.join(self.home, "go", "bin", self.dlv_name)

    @property
    def dlv_name(self) -> str:
        return "dlv.exe" if self.windows else "dlv"

    @property
    def native(self) -> tuple[str, str]:
        return self.m.os, self.m.native_arch

    # contents
    def write(self, rel: str, text: str | bytes) -> str:
        path = self.at(rel)
        self.files[path] = text.encode() if isinstance(text, str) else text
        return path

    def read(self, path: str) -> bytes:
        return self.sys.read_bytes(path)

    def toolchain(
        self, root: str, version: str, *, platform: tuple[str, str] | None = None, on_path: bool = False
    ) -> str:
        fake_root(self.files, root, version, windows=self.windows)
        goos, goarch = platform or self.native
        go = self.join(root, "bin", "go.exe" if self.windows else "go")
        self.exes[self._key(go)] = go_bin(goos, goarch, version)
        if on_path:
            self.path.insert(0, self.join(root, "bin"))
        return root

    def dlv(self, path: str, info: ExeInfo, *, on_path: bool = False) -> str:
        self.files[path] = b"MZ" if self.windows else b"\x7fELF"
        self.exes[self._key(path)] = info
        if on_path:
            self.path.append(str((PureWindowsPath if self.windows else PurePosixPath)(path).parent))
        return path

    def goland(self, info: ExeInfo, *, arm: bool | None = None) -> str:
        """GoLand with its bundled dlv (the `<os>arm` folder on arm64 machines unless arm=False); the workspace
        becomes a GoLand project (.idea/)."""
        install, os_dir = GOLAND[self.m.os]
        if arm is None:
            arm = self.m.native_arch == "arm64"
        folder = os_dir + ("arm" if arm else "")
        path = self.join(install, "plugins", "go-plugin", "lib", "dlv", folder, self.dlv_name)
        self.dlv(path, info)
        self.write(".idea/workspace.xml", '<project version="4"/>\n')
        return path

    def _key(self, path: str) -> str:
        return self.sys._key(path)

    def identify(self, path: str) -> ExeInfo:
        self.identified.append(path)
        return self.exes.get(self._key(path), ExeInfo("unknown", (), None, reason="not an executable: test file"))

    def env(self) -> dict[str, str]:
        sep = ";" if self.windows else ":"
        system = ["C:\\Windows\\system32"] if self.windows else ["/usr/bin", "/bin"]
        path = sep.join(self.path + system)
        if self.windows:
            env = {
                "Path": path,
                "USERPROFILE": self.home,
                "LocalAppData": self.home + "\\AppData\\Local",
                "AppData": self.home + "\\AppData\\Roaming",
                "ProgramFiles": "C:\\Program Files",
            }
        else:
            env = {"HOME": self.home, "PATH": path}
        return {**env, **self.extra_env}

    def check(self, settings: Settings = Settings()):
        self.sys.env = self.env()
        report, facts = run_check(
            self.sys, self.ws, settings, host=RecordedHostProbe(self.host), identify=self.identify
        )
        assert not [m for m in report.messages if m.startswith("rule ")], report.messages  # no rule crashed
        return report, facts

    def apply(self, fix: Fix) -> dict[str, bytes]:
        """Apply a fix's edits to the files (creating those it says it creates); the new contents by path."""
        assert fix.edits, f"not an edit fix: {fix}"
        for path in fix.creates:
            assert not self.sys.is_file(path), f"{path} exists but the fix would create it"
            self.files[path] = b""
        by_path: dict[str, list] = {}
        for e in fix.edits:
            by_path.setdefault(e.path, []).append((e.range, e.new_text))
        out = {}
        for path, edits in by_path.items():
            key = next(k for k in self.files if self._key(k) == self._key(path))
            self.files[key] = out[path] = apply_edits(self.files[key], edits)
        return out


def only(report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def debugger_codes(report) -> list[str]:
    return sorted(f.code for f in report.findings if f.code in DEBUGGER)


def line_at(data: bytes, line: int) -> str:
    return data.decode("utf-8").splitlines()[line]


def text_at(data: bytes, rng) -> str:
    index = LineIndex(data)
    return data[index.offset(rng.start) : index.offset(rng.end)].decode()


def on_config(w: World, f: Finding, name: str = "Launch") -> None:
    """The finding sits on the configuration's name in launch.json."""
    assert f.location.path == w.launch_path
    assert line_at(w.read(w.launch_path), f.location.range.start.line).strip().startswith(f'"name": "{name}"')


def install_fixes(f: Finding) -> list[Fix]:
    return [fx for fx in f.fixes if fx.command is not None and fx.command.name == INSTALL]


def the_install_fix(f: Finding) -> tuple[Fix, dict]:
    [fx] = install_fixes(f)
    assert not fx.edits
    [args] = fx.command.arguments
    assert set(args) - {"gotoolchain"} == {"version", "goos", "goarch", "tags", "goroot", "go"}
    return fx, args


def go_configs(data: bytes) -> list[dict]:
    return [c for c in strict_json(data)["configurations"] if c.get("type") == "go"]


# === dlv-missing ===========================================================================================


@pytest.mark.parametrize("host", HOSTS)
def test_dlv_missing_on_every_host(host):
    w = World(host)
    report, facts = w.check()
    assert debugger_codes(report) == ["dlv-missing"]
    [f] = only(report, "dlv-missing")
    assert f.severity == Severity.WARNING
    on_config(w, f)
    assert "No dlv found for the 1 Go debug configuration(s)" in f.message
    assert "go.alternateTools.dlv" in f.message and "$GOPATH/bin" in f.message and "PATH" in f.message
    # The only fix installs the newest Delve that supports Go 1.22 (1.25.2: Go 1.22–1.25), for this machine.
    fx, args = the_install_fix(f)
    assert f.fixes == (fx,)
    winarm = w.m.os == "windows" and w.m.native_arch == "arm64"
    go = w.join(w.goroot, "bin", "go.exe" if w.windows else "go")
    assert args == {
        "version": "v1.25.2",
        "goos": w.m.os,
        "goarch": w.m.native_arch,
        "tags": "exp.winarm64" if winarm else "",
        "goroot": w.goroot,
        "go": go,
    }
    assert "@v1.25.2" in fx.shell and w.m.native_arch in fx.shell
    assert facts.debug.chosen is None and facts.debug.candidates == []


def test_dlv_missing_counts_configurations_and_needs_a_go_one():
    w = World("linux-amd64", launch_text=launch(config("A"), config("B", request="attach", mode="local")))
    [f] = only(w.check()[0], "dlv-missing")
    assert "for the 2 Go debug configuration(s)" in f.message
    on_config(w, f, "A")  # machine-level: on the first Go configuration

    node = '    {\n      "name": "Node",\n      "type": "node",\n      "request": "launch",\n    }'
    w = World("linux-amd64", launch_text=launch(node))
    assert debugger_codes(w.check()[0]) == []


def test_dlv_missing_without_a_toolchain_offers_no_install_and_says_why():
    """Issue 10: "Install Delve" never suggests a `go` that does not exist (it used to offer a bare `go`)."""
    w = World("linux-amd64", go=None)
    [f] = only(w.check()[0], "dlv-missing")
    assert not install_fixes(f)
    assert "no Go toolchain on this machine" in f.message


def test_dlv_missing_install_follows_gotoolchain_switch():
    """go.mod asks for go 1.27.0 and GOTOOLCHAIN=auto switches up: the build runs Go 1.27, so the Delve to
    install is one supporting 1.27 (1.27.1). `go install dlv@v` outside the module does not switch for the
    workspace's go.mod, and Go 1.27 writes DWARF 5, which only a Delve built with Go >= 1.25 reads: the install
    runs the configured go with GOTOOLCHAIN=go1.27.0."""
    w = World("linux-amd64", gomod="module example.com/m\n\ngo 1.27.0\n")
    [f] = only(w.check()[0], "dlv-missing")
    fx, args = the_install_fix(f)
    assert args["version"] == "v1.27.1"
    assert args["goroot"] == "/usr/local/go"
    assert args["gotoolchain"] == "go1.27.0"
    assert fx.shell.startswith("GOTOOLCHAIN=go1.27.0 GOOS=linux GOARCH=amd64 ")
    assert "with GOTOOLCHAIN=go1.27.0" in fx.title


def test_dlv_found_means_not_missing():
    w = World("linux-amd64")
    w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64"))
    report, facts = w.check()
    assert debugger_codes(report) == []
    assert facts.debug.chosen.candidate.path == w.gopath_dlv
    assert facts.debug.chosen.delve_version == "1.25.2"
    # Its identity came from the reader (identify), called on the dlv itself.
    assert any(w._key(p) == w._key(w.gopath_dlv) for p in w.identified)


@pytest.mark.parametrize(
    "host", ["apple-silicon-native", "windows-amd64", "windows-arm64-x64-python", "linux-amd64", "linux-arm64"]
)
def test_dlv_missing_offers_golands_bundled_dlv_creating_settings(host):
    w = World(host)
    bundled = w.goland(delve("1.25.2", *w.native))
    report, facts = w.check()
    [f] = only(report, "dlv-missing")
    assert f"A dlv VS Code Go does not use is at {bundled} (GoLand)." in f.message
    [alt] = [fx for fx in f.fixes if fx.edits]
    assert alt.title == f"Use {bundled} (go.alternateTools.dlv)"
    # settings.json is not there: the fix says it creates it, and its one edit is the whole file.
    assert not w.sys.is_file(w.settings_path)
    assert alt.creates == (w.settings_path,)
    [edit] = alt.edits
    assert edit.path == w.settings_path
    created = apply_edits(b"", [(edit.range, edit.new_text)])
    assert strict_json(created) == {"go.alternateTools": {"dlv": bundled}}
    out = w.apply(alt)[w.settings_path]
    assert out == created
    again, facts = w.check()
    assert not only(again, "dlv-missing")
    assert facts.debug.chosen.candidate.path == bundled
    assert facts.debug.chosen.candidate.source == "go.alternateTools"
    assert debugger_codes(again) == []


def test_dlv_missing_golands_dlv_into_settings_with_comments():
    settings = (
        '{\n  // 我的设置: keep me\n  "go.alternateTools": {\n'
        '    "go": "/usr/local/go/bin/go", // pinned\n'
        '  },\n  /* block */ "editor.tabSize": 4,\n}\n'
    )
    w = World("apple-silicon-native", settings=settings)
    bundled = w.goland(delve("1.25.2", "darwin", "arm64"))
    [f] = only(w.check()[0], "dlv-missing")
    [alt] = [fx for fx in f.fixes if fx.edits]
    assert alt.creates == ()
    assert all(e.path == w.settings_path for e in alt.edits)
    out = w.apply(alt)[w.settings_path].decode()
    for kept in ("// 我的设置: keep me", "// pinned", "/* block */"):
        assert kept in out
    assert strict_json(out.encode()) == {
        "go.alternateTools": {"go": "/usr/local/go/bin/go", "dlv": bundled},
        "editor.tabSize": 4,
    }
    again, _ = w.check()
    assert not only(again, "dlv-missing")


def test_golands_dlv_only_in_a_goland_project_and_only_when_native():
    # No .idea/: GoLand's dlv is not looked for.
    w = World("apple-silicon-native")
    w.goland(delve("1.25.2", "darwin", "arm64"))
    del w.files[w.at(".idea/workspace.xml")]
    [f] = only(w.check()[0], "dlv-missing")
    assert "GoLand" not in f.message and len(f.fixes) == 1

    # An Intel GoLand (only lib/dlv/mac, an amd64 dlv) on Apple silicon: not offered.
    w = World("apple-silicon-native")
    w.goland(delve("1.25.2", "darwin", "amd64"), arm=False)
    [f] = only(w.check()[0], "dlv-missing")
    assert [fx for fx in f.fixes if fx.edits] == []


# === dlv-arch-mismatch =====================================================================================

ARCH_CASES = [
    # host, the dlv's platform, what the launch would say
    ("apple-silicon-native", ("darwin", "amd64"), ROSETTA),
    ("apple-silicon-rosetta", ("darwin", "amd64"), ROSETTA),
    ("apple-silicon-native", ("linux", "arm64"), EXEC_FORMAT),
    ("windows-amd64", ("windows", "386"), NOT_WIN32),
    ("windows-amd64", ("windows", "arm64"), NOT_WIN32),
    ("windows-arm64-x64-python", ("windows", "amd64"), NOT_WIN32),
    ("linux-amd64", ("linux", "arm64"), EXEC_FORMAT),
    ("linux-amd64", ("windows", "amd64"), EXEC_FORMAT),
    ("linux-arm64", ("linux", "amd64"), EXEC_FORMAT),
]


@pytest.mark.parametrize("host,platform,error", ARCH_CASES)
def test_dlv_arch_mismatch(host, platform, error):
    w = World(host)
    dlv = w.dlv(w.gopath_dlv, delve("1.25.2", *platform))
    report, _ = w.check()
    [f] = only(report, "dlv-arch-mismatch")
    assert f.severity == Severity.ERROR
    on_config(w, f)
    m = w.m
    assert f.message == (
        f"dlv at {dlv} (GOPATH) is a {platform[0]}/{platform[1]} executable but this machine is "
        f"{m.os}/{m.native_arch}: debugging fails with `{error}`."
    )
    # Nothing else on the machine: the fix reinstalls the same Delve (it supports Go 1.22) natively.
    fx, args = the_install_fix(f)
    assert f.fixes == (fx,)
    assert (args["version"], args["goos"], args["goarch"]) == ("v1.25.2", m.os, m.native_arch)
    assert "dlv-missing" not in debugger_codes(report)


@pytest.mark.parametrize(
    "host,info",
    [
        ("apple-silicon-native", delve("1.25.2", "darwin", "arm64")),
        ("apple-silicon-rosetta", delve("1.25.2", "darwin", "arm64")),  # the sidecar is emulated, dlv is not
        ("apple-silicon-native", universal("amd64", "arm64")),
        ("apple-silicon-rosetta", universal("amd64", "arm64")),
        ("windows-arm64-x64-python", delve("1.25.2", "windows", "arm64", tags="exp.winarm64")),
        ("windows-amd64", delve("1.25.2", "windows", "amd64")),
        ("linux-amd64", delve("1.25.2", "linux", "amd64")),
        ("linux-arm64", delve("1.25.2", "linux", "arm64")),
        # Nothing is known about a script (or a truncated file): nothing is claimed about its architecture.
        ("linux-amd64", SCRIPT),
        ("windows-amd64", ExeInfo("unknown", (), None, reason="truncated: PE header")),
    ],
)
def test_no_dlv_arch_mismatch_for_native_universal_or_unknown(host, info):
    w = World(host)
    w.dlv(w.gopath_dlv, info)
    report, facts = w.check()
    assert debugger_codes(report) == []
    assert facts.debug.chosen is not None
    # What could not be read is said, as a message (no finding: it may be a wrapper script that works).
    unread = [m for m in report.messages if m.startswith(f"dlv at {w.gopath_dlv} (GOPATH) is not an executable")]
    if info.format == "unknown":
        assert unread == [
            (
                f"dlv at {w.gopath_dlv} (GOPATH) is not an executable go-sidecar can read ({info.reason}): "
                "its platform and Delve version were not checked"
            )
        ]
    else:
        assert unread == []


@pytest.mark.parametrize(
    "host,wrong,native_dir",
    [
        ("apple-silicon-native", ("darwin", "amd64"), "/opt/homebrew/bin"),
        ("windows-amd64", ("windows", "386"), "C:\\Tools\\调试"),
        ("windows-arm64-x64-python", ("windows", "amd64"), "C:\\Tools\\arm64"),
        ("linux-arm64", ("linux", "amd64"), "/usr/local/bin"),
    ],
)
def test_dlv_arch_mismatch_points_at_a_native_dlv_elsewhere(host, wrong, native_dir):
    w = World(host)
    w.dlv(w.gopath_dlv, delve("1.25.2", *wrong))
    native = w.dlv(w.join(native_dir, w.dlv_name), delve("1.25.2", *w.native), on_path=True)
    # A non-Delve executable and a foreign dlv are not offered.
    w.dlv(w.join(w.home, "bin", w.dlv_name), exe(*w.native), on_path=True)
    report, facts = w.check()
    assert facts.debug.chosen.candidate.path == w.gopath_dlv
    [f] = only(report, "dlv-arch-mismatch")
    alt = [fx for fx in f.fixes if fx.edits]
    assert [fx.title for fx in alt] == [f"Use the {w.m.os}/{w.m.native_arch} dlv at {native}"]
    assert alt[0].preferred and alt[0].creates == (w.settings_path,)
    assert install_fixes(f) and f.fixes[-1].command is not None  # installing comes last
    out = w.apply(alt[0])[w.settings_path]
    assert strict_json(out)["go.alternateTools"]["dlv"] == native
    again, facts = w.check()
    assert facts.debug.chosen.candidate.path == native
    assert not only(again, "dlv-arch-mismatch")


def test_dlv_arch_mismatch_installs_a_delve_that_supports_the_go():
    """The wrong-arch dlv is also too old for the Go in use: reinstalling the same version would trade one
    failure for another, so the fix installs the newest Delve supporting Go 1.27 (1.27.1)."""
    w = World("apple-silicon-native", go="go1.27.3")
    w.dlv(w.gopath_dlv, delve("1.20.2", "darwin", "amd64"))
    report, _ = w.check()
    [f] = only(report, "dlv-arch-mismatch")
    fx, args = the_install_fix(f)
    assert args["version"] == "v1.27.1"
    assert fx.shell == f"GOOS=darwin GOARCH=arm64 /usr/local/go/bin/go install {DELVE_PKG}@v1.27.1"
    assert only(report, "dlv-go-unsupported")  # and that is reported too


def test_dlv_arch_mismatch_in_a_goland_project_without_launch_json_sits_on_go_mod():
    w = World("linux-arm64", launch_text="")
    del w.files[w.launch_path]
    w.write(".idea/workspace.xml", "<project/>\n")
    w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64"))
    report, _ = w.check()
    [f] = only(report, "dlv-arch-mismatch")
    assert f.location.path == w.at("go.mod")
    assert line_at(w.read(w.at("go.mod")), f.location.range.start.line).startswith("module ")


# === toolchain-arch-mismatch ===============================================================================


@pytest.mark.parametrize(
    "host,error",
    [
        ("apple-silicon-native", ROSETTA),
        ("apple-silicon-rosetta", ROSETTA),
        ("windows-arm64-x64-python", NOT_WIN32),
        ("linux-arm64", EXEC_FORMAT),
    ],
)
def test_toolchain_arch_mismatch_pins_the_native_toolchain(host, error):
    w = World(host, go_platform=(RECORDED[host].os, "amd64"))
    w.dlv(w.gopath_dlv, delve("1.25.2", *w.native))
    sdk = w.toolchain(w.join(w.home, "sdk", "go1.22.5"), "go1.22.5")  # native, not on PATH
    report, _ = w.check()
    [f] = only(report, "toolchain-arch-mismatch")
    assert f.severity == Severity.WARNING
    on_config(w, f)
    os_ = w.m.os
    assert f.message == (
        f'Configuration "Launch" builds with the Go at {w.goroot}, a {os_}/amd64 build on this '
        f"{os_}/{w.m.native_arch} machine: it builds {os_}/amd64 programs, and debugging them "
        f"fails with `{error}`."
    )
    assert [fx.title for fx in f.fixes] == [f"Pin GOROOT to go1.22.5 ({sdk})"]
    out = w.apply(f.fixes[0])[w.launch_path]
    assert "// 调试配置 😀" in out.decode()
    env = go_configs(out)[0]["env"]
    assert env["GOROOT"] == sdk
    again, _ = w.check()
    assert not only(again, "toolchain-arch-mismatch")
    assert not [c for c in debugger_codes(again)]


def test_toolchain_arch_mismatch_without_a_native_toolchain_says_so():
    w = World("apple-silicon-native", go_platform=("darwin", "amd64"))
    [f] = only(w.check()[0], "toolchain-arch-mismatch")
    assert f.message.endswith(" No darwin/arm64 Go toolchain is installed.")
    assert f.fixes == ()


@pytest.mark.parametrize("host", ["apple-silicon-native", "windows-amd64", "linux-amd64", "linux-arm64"])
def test_no_toolchain_arch_mismatch_for_a_native_or_universal_go(host):
    w = World(host)
    assert "toolchain-arch-mismatch" not in debugger_codes(w.check()[0])
    if RECORDED[host].os == "darwin":
        bi = BuildInfo("go1.22.5", "cmd/go", "cmd", "")
        w.exes[w._key("/usr/local/go/bin/go")] = universal("amd64", "arm64", bi=bi)
        assert "toolchain-arch-mismatch" not in debugger_codes(w.check()[0])


def test_windows_386_go_on_64_bit_windows():
    w = World("windows-amd64", go_platform=("windows", "386"))
    [f] = only(w.check()[0], "toolchain-arch-mismatch")
    assert "a windows/386 build on this windows/amd64 machine" in f.message and NOT_WIN32 in f.message


def test_toolchain_arch_mismatch_leaves_an_explicit_goarch_to_debug_cross_target():
    # GOARCH in env decides what is built; whether that runs here is debug-cross-target's question.
    w = World(
        "apple-silicon-native", go_platform=("darwin", "amd64"), launch_text=launch(config(env={"GOARCH": "arm64"}))
    )
    w.toolchain("/Users/dev/sdk/go1.22.5", "go1.22.5")
    report, _ = w.check()
    assert "toolchain-arch-mismatch" not in debugger_codes(report)
    assert "debug-cross-target" not in debugger_codes(report)  # arm64 is native

    w = World(
        "apple-silicon-native", go_platform=("darwin", "amd64"), launch_text=launch(config(env={"GOARCH": "amd64"}))
    )
    report, _ = w.check()
    assert "toolchain-arch-mismatch" not in debugger_codes(report)
    [f] = only(report, "debug-cross-target")
    assert "GOARCH=amd64" in f.message


# === dlv-go-unsupported ====================================================================================

TOO_NEW_127 = (
    "Version of Delve is too old for Go version 1.27.3 (maximum supported version 1.20, suppress this "
    "error with --check-go-version=false)"
)


@pytest.mark.parametrize("host", HOSTS)
def test_dlv_go_unsupported_delve_too_old_for_go(host):
    w = World(host, go="go1.27.3")
    dlv = w.dlv(w.gopath_dlv, delve("1.20.2", *w.native))
    report, _ = w.check()
    [f] = only(report, "dlv-go-unsupported")
    assert f.severity == Severity.ERROR
    on_config(w, f)
    assert f.message == (
        f'Configuration "Launch" builds with Go 1.27.3 but dlv at {dlv} is Delve 1.20.2, which '
        f"supports Go 1.18 to 1.20. Delve refuses to start: `{TOO_NEW_127}`."
    )
    _fx, args = the_install_fix(f)
    assert args["version"] == "v1.27.1"
    assert (args["goos"], args["goarch"]) == w.native
    winarm = w.m.os == "windows" and w.m.native_arch == "arm64"
    assert args["tags"] == ("exp.winarm64" if winarm else "")


def test_dlv_go_unsupported_suppressed_by_dlv_flags_is_a_warning():
    flags = '"dlvFlags": ["--log", "--check-go-version=false"]'
    w = World("linux-amd64", go="go1.27.3", launch_text=launch(config(extra=(flags,)), config("Plain")))
    w.dlv(w.gopath_dlv, delve("1.20.2", "linux", "amd64"))
    report, _ = w.check()
    by_name = {f.message.split('"')[1]: f for f in only(report, "dlv-go-unsupported")}
    assert by_name["Launch"].severity == Severity.WARNING
    assert "Delve starts anyway (it was told --check-go-version=false) but may misbehave" in by_name["Launch"].message
    assert TOO_NEW_127 in by_name["Launch"].message
    on_config(w, by_name["Launch"], "Launch")
    assert by_name["Plain"].severity == Severity.ERROR
    on_config(w, by_name["Plain"], "Plain")


def test_dlv_go_unsupported_go_too_old_for_delve():
    w = World("windows-amd64", go="go1.22.5")
    w.dlv(w.gopath_dlv, delve("1.27.1", "windows", "amd64"))
    [f] = only(w.check()[0], "dlv-go-unsupported")
    assert f.severity == Severity.ERROR
    assert (
        "`Go version 1.22.5 is too old for this version of Delve (minimum supported version 1.25, suppress "
        "this error with --check-go-version=false)`"
    ) in f.message
    _, args = the_install_fix(f)
    assert args["version"] == "v1.25.2"  # the newest Delve that still supports Go 1.22


def test_dlv_go_unsupported_delve_newer_than_the_table():
    w = World("linux-arm64", go="go1.28.1")
    w.dlv(w.gopath_dlv, delve("1.29.0", "linux", "arm64"))
    [f] = only(w.check()[0], "dlv-go-unsupported")
    assert "Version of Delve is too old for Go version 1.28.1 (maximum supported version 1.27" in f.message
    assert (
        "(Delve 1.29.0 is newer than go-sidecar's table (newest 1.27.1); assuming it supports at least Go 1.25–1.27)"
    ) in f.message
    _, args = the_install_fix(f)
    assert args["version"] == "latest"  # no row supports Go 1.28

    # Within the newest row's range: nothing to say (a Delve that new is built with a Go that reads DWARF 5).
    w = World("linux-arm64", go="go1.27.3")
    w.dlv(w.gopath_dlv, delve("1.29.0", "linux", "arm64", go="go1.27.3"))
    assert debugger_codes(w.check()[0]) == []


@pytest.mark.parametrize("main_version", ["(devel)", ""])
def test_dlv_go_unsupported_needs_a_delve_version(main_version):
    w = World("linux-amd64", go="go1.27.3")
    info = delve("1.20.2", "linux", "amd64")
    info = ExeInfo(info.format, info.slices, BuildInfo("go1.20", DELVE_PKG, DELVE_MODULE, main_version))
    w.dlv(w.gopath_dlv, info)
    # No Delve version: its Go range is unknown. Built with Go 1.20, it cannot read Go 1.27's DWARF 5, whatever
    # its version: that is said, with both messages a Delve of unknown version may print.
    [f] = only(w.check()[0], "dlv-dwarf5-unsupported")
    assert "To debug executables using DWARFv5" in f.message and "DW_FORM_strx" in f.message


def test_dlv_go_unsupported_follows_gotoolchain_and_offers_a_supporting_dlv():
    # go.mod needs 1.27.0: GOTOOLCHAIN=auto runs Go 1.27.0 although the installed Go is 1.22.5.
    w = World("apple-silicon-native", gomod="module example.com/m\n\ngo 1.27.0\n")
    w.dlv(w.gopath_dlv, delve("1.22.1", "darwin", "arm64"))
    ok = w.dlv("/opt/homebrew/bin/dlv", delve("1.27.1", "darwin", "arm64"), on_path=True)
    w.dlv("/usr/local/bin/dlv", delve("1.27.1", "darwin", "amd64"), on_path=True)  # not native: not offered
    report, _ = w.check()
    [f] = only(report, "dlv-go-unsupported")
    assert "builds with Go 1.27.0" in f.message and "maximum supported version 1.22" in f.message
    alt = [fx for fx in f.fixes if fx.edits]
    assert [fx.title for fx in alt] == [f"Use Delve 1.27.1 at {ok}"]
    w.apply(alt[0])
    again, facts = w.check()
    assert facts.debug.chosen.candidate.path == ok
    assert not only(again, "dlv-go-unsupported")

    # GOTOOLCHAIN=local: the installed Go 1.22.5 builds (and fails; the goroot rules say so), Delve is fine.
    w = World(
        "apple-silicon-native",
        gomod="module example.com/m\n\ngo 1.27.0\n",
        launch_text=launch(config(env={"GOTOOLCHAIN": "local"})),
    )
    w.dlv(w.gopath_dlv, delve("1.22.1", "darwin", "arm64"))
    assert not only(w.check()[0], "dlv-go-unsupported")


def test_dlv_go_unsupported_sits_on_the_goroot_pin():
    w = World("linux-amd64", go="go1.22.5")
    sdk = w.toolchain("/home/dev/sdk/go1.27.3", "go1.27.3")
    w.write(".vscode/launch.json", launch(config(env={"GOROOT": sdk, "PATH": sdk + "/bin:${env:PATH}"})))
    w.dlv(w.gopath_dlv, delve("1.22.1", "linux", "amd64"))
    [f] = only(w.check()[0], "dlv-go-unsupported")
    assert text_at(w.read(w.launch_path), f.location.range) == f'"{sdk}"'
    _, args = the_install_fix(f)
    assert args["goroot"] == sdk and args["go"] == sdk + "/bin/go"


# === debug-cross-target ====================================================================================


def test_debug_cross_target_goos_in_env_is_removed():
    env = '{\n        "GOOS": "windows", // 交叉编译\n        "CGO_ENABLED": "0"\n      }'
    w = World("linux-amd64", launch_text=launch(config(env=env)))
    report, _ = w.check()
    [f] = only(report, "debug-cross-target")
    assert f.severity == Severity.ERROR
    assert f.message == (
        'Configuration "Launch" sets GOOS=windows (env), so it builds a windows/amd64 program '
        "that this linux/amd64 machine cannot start: the launch fails."
    )
    assert text_at(w.read(w.launch_path), f.location.range) == '"GOOS": "windows"'
    [fx] = f.fixes
    assert fx.preferred and fx.title == "Build for this machine: remove GOOS"
    out = w.apply(fx)[w.launch_path]
    assert "// 调试配置 😀" in out.decode()
    cfg = go_configs(out)[0]
    assert cfg["env"] == {"CGO_ENABLED": "0"}
    assert not only(w.check()[0], "debug-cross-target")


def test_debug_cross_target_goarch_from_env_file_is_overridden_in_env():
    w = World("linux-amd64", launch_text=launch(config(extra=('"envFile": "${workspaceFolder}/.env"',))))
    w.write(".env", "# cross\nGOARCH=arm64\nFOO=bar\n")
    [f] = only(w.check()[0], "debug-cross-target")
    assert "sets GOARCH=arm64 (envFile)" in f.message and "linux/arm64 program" in f.message
    on_config(w, f)
    [fx] = f.fixes
    assert fx.title == "Build for this machine: set GOARCH=amd64"
    out = w.apply(fx)[w.launch_path]
    cfg = go_configs(out)[0]
    assert cfg["env"] == {"GOARCH": "amd64"} and cfg["envFile"] == "${workspaceFolder}/.env"
    assert w.read(w.at(".env")) == b"# cross\nGOARCH=arm64\nFOO=bar\n"  # the envFile is not touched
    assert not only(w.check()[0], "debug-cross-target")


def test_debug_cross_target_from_tools_env_vars_on_windows():
    settings = '{\n  // 工具\n  "go.toolsEnvVars": {"GOOS": "linux", "GOARCH": "arm64"}\n}\n'
    w = World("windows-amd64", settings=settings, launch_text=launch(config(env={"FOO": "1"})))
    [f] = only(w.check()[0], "debug-cross-target")
    assert "sets GOOS=linux, GOARCH=arm64 (go.toolsEnvVars)" in f.message
    assert "builds a linux/arm64 program that this windows/amd64 machine cannot start" in f.message
    [fx] = f.fixes
    assert all(e.path == w.launch_path for e in fx.edits)  # settings.json stays: other tools use it
    out = w.apply(fx)[w.launch_path]
    assert go_configs(out)[0]["env"] == {"FOO": "1", "GOOS": "windows", "GOARCH": "amd64"}
    assert not only(w.check()[0], "debug-cross-target")


@pytest.mark.parametrize(
    "host,env",
    [
        ("apple-silicon-native", {"GOARCH": "amd64"}),
        ("apple-silicon-rosetta", {"GOARCH": "amd64"}),
        ("windows-amd64", {"GOOS": "linux"}),
        ("windows-arm64-x64-python", {"GOARCH": "amd64"}),
        ("linux-arm64", {"GOOS": "darwin", "GOARCH": "arm64"}),
    ],
)
def test_debug_cross_target_on_each_os(host, env):
    w = World(host, launch_text=launch(config(env=env)))
    [f] = only(w.check()[0], "debug-cross-target")
    native = {"GOOS": w.m.os, "GOARCH": w.m.native_arch}
    wrong = {k: v for k, v in env.items() if v != native[k]}
    assert f"sets {', '.join(f'{k}={v}' for k, v in wrong.items())} (env)" in f.message
    out = w.apply(f.fixes[0])[w.launch_path]
    left = go_configs(out)[0].get("env", {})
    assert all(left.get(k, native[k]) == native[k] for k in native)  # removed, or native values kept
    assert not only(w.check()[0], "debug-cross-target")


@pytest.mark.parametrize(
    "cfg",
    [
        config("Attach", request="attach", mode="remote", env={"GOOS": "windows"}),
        config("Attach local", request="attach", mode="local", env={"GOOS": "windows"}),
        config("Exec", mode="exec", env={"GOOS": "windows"}, extra=('"program": "bin/app.exe"',)),
        config("Core", mode="core", env={"GOARCH": "arm64"}),
        config("Native", env={"GOOS": "linux", "GOARCH": "amd64"}),
        config("Empty", env={"GOOS": ""}),
    ],
)
def test_debug_cross_target_not_reported(cfg):
    w = World("linux-amd64", launch_text=launch(cfg))
    w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64"))
    assert "debug-cross-target" not in debugger_codes(w.check()[0])


@pytest.mark.parametrize("mode", [None, "debug", "test"])
def test_debug_cross_target_in_debug_and_test_modes(mode):
    w = World("linux-amd64", launch_text=launch(config(mode=mode, env={"GOOS": "windows"})))
    assert only(w.check()[0], "debug-cross-target")


def test_env_names_are_case_sensitive_off_windows():
    """On Linux and macOS `goos` is another variable than GOOS: go build ignores it. On Windows they are one."""
    w = World("linux-amd64", launch_text=launch(config(env={"goos": "windows"})))
    assert "debug-cross-target" not in debugger_codes(w.check()[0])
    w = World(
        "apple-silicon-native", go_platform=("darwin", "amd64"), launch_text=launch(config(env={"goarch": "arm64"}))
    )
    assert "toolchain-arch-mismatch" in debugger_codes(w.check()[0])  # a lower-case goarch changes nothing

    w = World("windows-amd64", launch_text=launch(config(env={"goos": "linux"})))
    [f] = only(w.check()[0], "debug-cross-target")
    out = w.apply(f.fixes[0])[w.launch_path]
    assert "env" not in go_configs(out)[0] or not go_configs(out)[0]["env"]


# === the installDelve fix ==================================================================================


def _winarm_mismatch(delve_version: str, go: str) -> tuple[Fix, dict]:
    """Windows on ARM with x64 Python: an x64 dlv of `delve_version` in GOPATH, `go` installed."""
    w = World("windows-arm64-x64-python", go=go)
    w.dlv(w.gopath_dlv, delve(delve_version, "windows", "amd64"))
    [f] = only(w.check()[0], "dlv-arch-mismatch")
    return the_install_fix(f)


def test_install_delve_on_windows_arm64_tags_for_127():
    fx, args = _winarm_mismatch("1.27.1", "go1.27.3")
    go = "C:\\Program Files\\Go\\bin\\go.exe"
    assert args == {
        "version": "v1.27.1",
        "goos": "windows",
        "goarch": "arm64",
        "tags": "exp.winarm64",
        "goroot": "C:\\Program Files\\Go",
        "go": go,
    }
    assert fx.shell == (
        f'$env:GOOS="windows"; $env:GOARCH="arm64"; & "{go}" install -tags exp.winarm64 {DELVE_PKG}@v1.27.1'
    )
    assert fx.title == "Install Delve v1.27.1 for windows/arm64 (native build), using go1.27.3 at C:\\Program Files\\Go"


def test_install_delve_on_windows_arm64_no_tag_for_126():
    fx, args = _winarm_mismatch("1.26.1", "go1.26.2")
    assert (args["version"], args["tags"]) == ("v1.26.1", "")
    assert fx.shell == (
        f'$env:GOOS="windows"; $env:GOARCH="arm64"; & "C:\\Program Files\\Go\\bin\\go.exe" install {DELVE_PKG}@v1.26.1'
    )
    assert "-tags" not in fx.shell


def test_install_delve_on_windows_arm64_skips_releases_without_arm64_support():
    """Delve 1.25.0 (supports Go 1.21–1.24) cannot be built for windows/arm64; the install must still be a
    Delve that supports the Go in use (1.24): 1.26.3 (Go 1.24–1.26), not 1.27.x (Go 1.25–1.27)."""
    fx, args = _winarm_mismatch("1.25.0", "go1.24.3")
    assert args["version"] == "v1.26.3" and args["tags"] == ""
    assert fx.shell.endswith(f"install {DELVE_PKG}@v1.26.3")


def test_install_delve_tags_only_on_windows_arm64():
    w = World("windows-amd64", go="go1.27.3")
    fx, args = the_install_fix(only(w.check()[0], "dlv-missing")[0])
    assert (args["version"], args["tags"], args["goarch"]) == ("v1.27.1", "", "amd64")
    assert fx.shell.startswith('$env:GOOS="windows"; $env:GOARCH="amd64"; & "C:\\Program Files\\Go\\bin\\go.exe" ')
    w = World("linux-arm64", go="go1.27.3")
    fx, args = the_install_fix(only(w.check()[0], "dlv-missing")[0])
    assert args["tags"] == "" and "-tags" not in fx.shell
    assert shlex.split(fx.shell) == [
        "GOOS=linux",
        "GOARCH=arm64",
        "/usr/local/go/bin/go",
        "install",
        f"{DELVE_PKG}@v1.27.1",
    ]


def _recording_go(root: Path, version: str) -> Path:
    """A Go root whose bin/go writes its GOOS, GOARCH and arguments to <root>/invoked (a test tool: the check
    never runs it; the test runs the fix's shell line to see what it would do)."""
    (root / "bin").mkdir(parents=True)
    (root / "src" / "runtime").mkdir(parents=True)
    (root / "VERSION").write_text(f"{version}\ntime 2026-01-01T00:00:00Z\n")
    go = root / "bin" / "go"
    # Shell built-ins only: the sandbox's PATH has no dirname.
    out = shlex.quote(str(root / "invoked"))
    go.write_text(f'#!/bin/sh\nprintf \'%s\\n\' "GOOS=$GOOS" "GOARCH=$GOARCH" "$@" > {out}\n')
    go.chmod(0o755)
    return root


@pytest.mark.skipif(os.name != "posix", reason="runs the POSIX shell line")
@pytest.mark.parametrize("folder", ["Go Tools 工具", "it's go"])
def test_install_delve_shell_line_runs_the_configured_go(sandbox, folder):
    root = _recording_go(sandbox.tmp / folder / "go1.22.5", "go1.22.5")
    sandbox.put_on_path(root)
    sandbox.write(".vscode/launch.json", launch())
    sandbox.write("go.mod", GOMOD)
    report, _ = run_check(sandbox.system(), str(sandbox.ws), host=RecordedHostProbe("linux-arm64"))
    [f] = only(report, "dlv-missing")
    fx, args = the_install_fix(f)
    assert args["go"] == str(root / "bin" / "go")
    assert not (root / "invoked").exists()  # the check ran nothing
    subprocess.run(["/bin/sh", "-c", fx.shell], env=sandbox.env, check=True, timeout=30)
    assert (root / "invoked").read_text().splitlines() == [
        "GOOS=linux",
        "GOARCH=arm64",
        "install",
        f"{DELVE_PKG}@v1.25.2",
    ]


# === real executables on a real disk =======================================================================


def _real_ws(sandbox, cfg: str | None = None) -> None:
    sandbox.write(".vscode/launch.json", launch(cfg or config()))
    sandbox.write("go.mod", GOMOD)
    sandbox.write("main.go", "package main\n")


def _place(src: Path, dest: Path) -> Path:
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    dest.chmod(0o755)
    return dest


def _real_check(sandbox, host: str):
    report, facts = run_check(sandbox.system(), str(sandbox.ws), host=RecordedHostProbe(host))
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    return report, facts


def test_real_darwin_amd64_delve_on_apple_silicon_says_rosetta(sandbox, fake_delve):
    dlv = _place(fake_delve("1.22.1", "darwin", "amd64"), sandbox.home / "go" / "bin" / "dlv")
    _real_ws(sandbox)
    report, facts = _real_check(sandbox, "apple-silicon-native")
    assert facts.debug.chosen.delve_version == "1.22.1"
    assert facts.debug.chosen.exe.format == "macho"
    [f] = only(report, "dlv-arch-mismatch")
    assert f.message == (
        f"dlv at {dlv} (GOPATH) is a darwin/amd64 executable but this machine is darwin/arm64: "
        f"debugging fails with `{ROSETTA}`."
    )
    assert f.location.path == str(sandbox.ws / ".vscode" / "launch.json")
    # A native one in a folder on PATH: offered, applied, gone.
    native = _place(fake_delve("1.22.1", "darwin", "arm64"), sandbox.bin / "dlv")
    report, _ = _real_check(sandbox, "apple-silicon-native")
    [f] = only(report, "dlv-arch-mismatch")
    alt = next(fx for fx in f.fixes if fx.edits)
    assert alt.creates == (str(sandbox.ws / ".vscode" / "settings.json"),)
    settings = sandbox.ws / ".vscode" / "settings.json"
    settings.write_bytes(apply_edits(b"", [(e.range, e.new_text) for e in alt.edits]))
    assert strict_json(settings.read_bytes())["go.alternateTools"]["dlv"] == str(native)
    report, facts = _real_check(sandbox, "apple-silicon-native")
    assert facts.debug.chosen.candidate.path == str(native)
    assert not only(report, "dlv-arch-mismatch")


def test_real_linux_arm64_delve_on_linux_amd64_says_exec_format_error(sandbox, fake_delve):
    dlv = _place(fake_delve("1.22.1", "linux", "arm64"), sandbox.home / "go" / "bin" / "dlv")
    _real_ws(sandbox)
    report, _ = _real_check(sandbox, "linux-amd64")
    [f] = only(report, "dlv-arch-mismatch")
    assert f.message == (
        f"dlv at {dlv} (GOPATH) is a linux/arm64 executable but this machine is linux/amd64: "
        f"debugging fails with `{EXEC_FORMAT}`."
    )
    assert not install_fixes(f)  # no Go installed in this sandbox: no install is offered with a `go` that is not there
    # The same file on a linux-arm64 machine is fine.
    report, _ = _real_check(sandbox, "linux-arm64")
    assert "dlv-arch-mismatch" not in debugger_codes(report)


def test_real_old_delve_with_go_127(sandbox, fake_delve):
    dlv = _place(fake_delve("1.20.2", "linux", "amd64"), sandbox.home / "go" / "bin" / "dlv")
    sandbox.put_on_path(sandbox.sdk_root("go1.27.3"))
    _real_ws(sandbox)
    report, facts = _real_check(sandbox, "linux-amd64")
    assert facts.debug.chosen.delve_version == "1.20.2"
    assert debugger_codes(report) == ["dlv-go-unsupported"]
    [f] = only(report, "dlv-go-unsupported")
    assert f.severity == Severity.ERROR
    assert f"`{TOO_NEW_127}`" in f.message
    assert f"dlv at {dlv} is Delve 1.20.2, which supports Go 1.18 to 1.20. Delve refuses to start" in f.message

    _real_ws(sandbox, config(extra=('"dlvFlags": ["--check-go-version=false"]',)))
    report, _ = _real_check(sandbox, "linux-amd64")
    [f] = only(report, "dlv-go-unsupported")
    assert f.severity == Severity.WARNING
    assert f"`{TOO_NEW_127}`" in f.message


def test_real_universal_binary_as_dlv(sandbox, fat_macho):
    """A universal Mach-O (not even Delve) runs natively on either Mac; on Linux both slices are named."""
    dlv = _place(fat_macho, sandbox.home / "go" / "bin" / "dlv")
    _real_ws(sandbox)
    for host in ("apple-silicon-native", "apple-silicon-rosetta"):
        report, facts = _real_check(sandbox, host)
        assert facts.debug.chosen.exe.format == "macho-fat"
        assert "dlv-arch-mismatch" not in debugger_codes(report)
    report, _ = _real_check(sandbox, "linux-amd64")
    [f] = only(report, "dlv-arch-mismatch")
    assert f"dlv at {dlv} (GOPATH) is a darwin/amd64 + darwin/arm64 executable" in f.message
    assert f"`{EXEC_FORMAT}`" in f.message
    assert "dlv-go-unsupported" not in debugger_codes(report)  # no Delve version to judge


def test_real_toolchain_arch_mismatch_pins_the_arm64_go(sandbox, go_binaries):
    intel = real_root(sandbox.tmp / "usr-local", "go", "go1.22.5")
    _place(go_binaries["darwin/amd64"], intel / "bin" / "go")
    arm = sandbox.sdk_root("go1.22.5")
    _place(go_binaries["darwin/arm64"], arm / "bin" / "go")
    sandbox.put_on_path(intel)
    _real_ws(sandbox)
    report, _ = _real_check(sandbox, "apple-silicon-native")
    [f] = only(report, "toolchain-arch-mismatch")
    assert f"builds with the Go at {intel}, a darwin/amd64 build" in f.message and ROSETTA in f.message
    assert [fx.title for fx in f.fixes] == [f"Pin GOROOT to go1.22.5 ({arm})"]
    path = sandbox.ws / ".vscode" / "launch.json"
    path.write_bytes(apply_edits(path.read_bytes(), [(e.range, e.new_text) for e in f.fixes[0].edits]))
    assert go_configs(path.read_bytes())[0]["env"]["GOROOT"] == str(arm)
    report, _ = _real_check(sandbox, "apple-silicon-native")
    assert not only(report, "toolchain-arch-mismatch")
    # Under Rosetta the machine is still arm64: the Intel Go is still wrong.
    path.write_text(launch())
    report, _ = _real_check(sandbox, "apple-silicon-rosetta")
    assert only(report, "toolchain-arch-mismatch")


def test_windows_386_real_dlv_on_a_recorded_windows_machine(fake_delve):
    """A recorded Windows machine whose dlv.exe holds the bytes of a real windows/386 Delve-like build: the real
    reader sees PE i386, and the rule names the Win32 launch error."""
    real = fake_delve("1.22.1", "windows", "386")
    w = World("windows-amd64")
    w.files[w.gopath_dlv] = real.read_bytes()[:64]
    w.exes[w._key(w.gopath_dlv)] = read_exe(str(real))
    assert w.exes[w._key(w.gopath_dlv)].slices == (Slice("windows", "386"),)
    [f] = only(w.check()[0], "dlv-arch-mismatch")
    assert f.message == (
        f"dlv at {w.gopath_dlv} (GOPATH) is a windows/386 executable but this machine is "
        f"windows/amd64: debugging fails with `{NOT_WIN32}`."
    )
    _, args = the_install_fix(f)
    assert (args["version"], args["goarch"]) == ("v1.22.1", "amd64")


def test_build_fake_delve_is_importable_and_tagged(go_fixtures):
    """The module-level builder gives the same file the fixture does, stamped with the tagged version."""
    path = build_fake_delve("1.26.1", "windows", "arm64", tags="exp.winarm64")
    info = read_exe(str(path))
    assert info.build_info.main_module == DELVE_MODULE and info.build_info.main_version == "v1.26.1"
    assert info.build_info.settings.get("-tags") == "exp.winarm64"
    w = World("windows-arm64-x64-python", go="go1.26.2")
    w.dlv(w.gopath_dlv, info)
    report, facts = w.check()
    assert facts.debug.chosen.tags == ("exp.winarm64",)
    assert debugger_codes(report) == []


def test_goland_project_without_launch_json_judges_golands_bundled_dlv():
    # A GoLand-only project: GoLand starts its bundled dlv, whatever sits in $GOPATH/bin for VS Code.
    w = World("apple-silicon-native", launch_text="")
    del w.files[w.launch_path]
    w.dlv(w.gopath_dlv, delve("1.25.2", "darwin", "arm64"))
    bundled = w.goland(delve("1.25.2", "darwin", "amd64"), arm=False)
    report, facts = w.check()
    assert facts.debug.chosen.candidate.path == bundled
    [f] = only(report, "dlv-arch-mismatch")
    assert bundled in f.message and ROSETTA in f.message
    # With VS Code debug configurations in the same folder, VS Code Go's own choice is judged instead.
    w2 = World("apple-silicon-native")
    w2.dlv(w2.gopath_dlv, delve("1.25.2", "darwin", "arm64"))
    w2.goland(delve("1.25.2", "darwin", "amd64"), arm=False)
    report2, facts2 = w2.check()
    assert facts2.debug.chosen.candidate.path == w2.gopath_dlv
    assert not only(report2, "dlv-arch-mismatch")


# --- mode: exec (issue 10): Delve debugs the prebuilt program, so that program is what is judged ---------------
def test_real_exec_program_for_another_cpu_is_a_cross_target(sandbox, fake_delve, go_binaries):
    _place(fake_delve("1.27.1", "linux", "amd64"), sandbox.home / "go" / "bin" / "dlv")
    app = _place(go_binaries["linux/arm64"], sandbox.ws / "bin" / "app")
    _real_ws(sandbox, config("Exec", mode="exec", extra=('"program": "${workspaceFolder}/bin/app"',)))
    report, _ = _real_check(sandbox, "linux-amd64")
    [f] = only(report, "debug-cross-target")
    assert str(app) in f.message and "linux/arm64" in f.message and EXEC_FORMAT in f.message
    text = (sandbox.ws / ".vscode" / "launch.json").read_text().splitlines()[f.location.range.start.line]
    assert '"${workspaceFolder}/bin/app"' in text
    assert not [x for x in report.findings if x.code.startswith("goroot-")]  # nothing is built
    # The same program on an arm64 machine is fine.
    report, _ = _real_check(sandbox, "linux-arm64")
    assert "debug-cross-target" not in debugger_codes(report)


def test_real_exec_program_judged_by_its_own_go_version(sandbox, fake_delve, go_binaries):
    """The program was built by go-bin's Go (1.2x); Delve 1.20 supports Go up to 1.20: it refuses *that* binary,
    whatever toolchain the machine has."""
    _place(fake_delve("1.20.2", "linux", "amd64"), sandbox.home / "go" / "bin" / "dlv")
    app = _place(go_binaries["linux/amd64"], sandbox.ws / "bin" / "app")
    _real_ws(sandbox, config("Exec", mode="exec", extra=('"program": "bin/app"',)))
    report, facts = _real_check(sandbox, "linux-amd64")
    [f] = only(report, "dlv-go-unsupported")
    go_version = facts.debug.programs[0][1].build_info.go_version
    assert f"debugs {app}, built with Go" in f.message and go_version.removeprefix("go")[:4] in f.message
    assert f.severity == Severity.ERROR
