"""Issue 13: cgo-no-compiler and cc-path-unquoted on recorded Windows, macOS and Linux machines (FakeSystem), and on
this machine with its real gcc shown or hidden through PATH (RealSystem in a sandbox).

Each rule fires on its case, stays silent on the correct set-up, and its fix, applied, silences it. Bad input (a CC
of 100,000 characters, a huge .go file, Go files that are not UTF-8, a module of 100,000 files) gives a bounded
answer, never a crash.
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host, Severity
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.probe import ccompiler, cgo_sources
from go_sidecar.probe.system import Paths, RealSystem, path_module
from go_sidecar.testing import FakeSystem, RecordedHostProbe, apply_edits
from tests.sandbox import sandbox_env

from .conftest import fake_root

CGO_CODES = ("cgo-no-compiler", "cc-path-unquoted")

# --- recorded machines ------------------------------------------------------------------------------------------
OS = {
    "windows": {
        "home": "C:\\Users\\dev",
        "sep": "\\",
        "host": "windows-amd64",
        "goroot": "C:\\Program Files\\Go",
        "path": "C:\\Windows\\system32;C:\\Program Files\\Go\\bin",
        "gcc_dir": "C:\\msys64\\ucrt64\\bin",
        "gcc": "C:\\msys64\\ucrt64\\bin\\gcc.exe",
    },
    "darwin": {
        "home": "/Users/dev",
        "sep": "/",
        "host": "apple-silicon-native",
        "goroot": "/usr/local/go",
        "path": "/usr/local/go/bin:/usr/bin:/bin",
        "gcc_dir": "/usr/bin",
        "gcc": "/usr/bin/clang",
    },
    "linux": {
        "home": "/home/dev",
        "sep": "/",
        "host": "linux-amd64",
        "goroot": "/usr/local/go",
        "path": "/usr/local/go/bin:/usr/bin:/bin",
        "gcc_dir": "/usr/bin",
        "gcc": "/usr/bin/gcc",
    },
}
GOMOD = (
    b"module github.com/acme/api\n\ngo 1.22.0\n\nrequire (\n\tgithub.com/acme/shared v1.0.0\n"
    b"\tgit.corp.example.com/team/lib v0.1.0\n\tgolang.org/x/sys v0.20.0 // indirect\n)\n"
)
XCRUN = "/Library/Developer/CommandLineTools/usr/bin/xcrun"


def ws(os_name: str) -> str:
    o = OS[os_name]
    return o["home"] + o["sep"] + "proj"


def at(os_name: str, *parts: str) -> str:
    return OS[os_name]["sep"].join((ws(os_name), *parts))


def go(name: str = "Launch", **props) -> dict:
    out = {"name": name, "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}", **props}
    return {k: v for k, v in out.items() if v is not None}


def machine(
    os_name: str,
    configs: list[dict],
    *,
    compiler: bool = False,
    files: dict[str, bytes] | None = None,
    env: dict[str, str] | None = None,
    settings: dict | None = None,
    go_version: str = "go1.22.5",
    xcode: bool = True,
) -> FakeSystem:
    o = OS[os_name]
    windows = os_name == "windows"
    table: dict[str, bytes] = {}
    fake_root(table, o["goroot"], go_version, windows=windows)
    table[at(os_name, "go.mod")] = GOMOD
    table[at(os_name, "main.go")] = b"package main\n\nfunc main() {}\n"
    table[at(os_name, ".vscode", "launch.json")] = json.dumps(
        {"version": "0.2.0", "configurations": configs}, indent=4
    ).encode()
    if settings is not None:
        table[at(os_name, ".vscode", "settings.json")] = json.dumps(settings, indent=4).encode()
    if compiler:
        table[o["gcc"]] = b"MZ" if windows else b"\x7fELF"
    if os_name == "darwin":
        table["/usr/bin/clang"] = b"\xcf\xfa\xed\xfe"  # Apple's xcrun shim is always there
        if xcode:
            table[XCRUN] = b"\xcf\xfa\xed\xfe"
    table.update(files or {})
    if windows:
        base = {
            "Path": o["path"] + (";" + o["gcc_dir"] if compiler else ""),
            "USERPROFILE": o["home"],
            "AppData": o["home"] + "\\AppData\\Roaming",
            "LocalAppData": o["home"] + "\\AppData\\Local",
        }
    else:
        base = {"HOME": o["home"], "PATH": o["path"]}
    base.update(env or {})
    host = Host("windows", "amd64") if windows else Host(os_name, "arm64" if os_name == "darwin" else "amd64")
    return FakeSystem(host, o["home"], env=base, files=table)


def host_of(sys_: FakeSystem) -> RecordedHostProbe:
    return RecordedHostProbe(
        {"windows": "windows-amd64", "darwin": "apple-silicon-native"}.get(sys_.host.os, "linux-amd64")
    )


def findings(sys_: FakeSystem, codes: tuple[str, ...] = CGO_CODES, root: str | None = None):
    report, _ = run_check(sys_, root or ws(sys_.host.os), host=host_of(sys_))
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    return [f for f in report.findings if f.code in codes]


def apply(sys_: FakeSystem, fix) -> None:
    by_file: dict[str, list] = {}
    for e in fix.edits:
        by_file.setdefault(e.path, []).append((e.range, e.new_text))
    for path, edits in by_file.items():
        sys_.files[path] = apply_edits(sys_.files[path], edits)


def launch_env(sys_: FakeSystem, index: int = 0) -> dict:
    return strict_json(sys_.files[at(sys_.host.os, ".vscode", "launch.json")])["configurations"][index].get("env", {})


# --- cgo-no-compiler: cgo on, no compiler -----------------------------------------------------------------------
@pytest.mark.parametrize("os_name", ["windows", "darwin", "linux"])
def test_cgo_enabled_without_a_compiler(os_name):
    s = machine(os_name, [go(env={"CGO_ENABLED": "1"})], xcode=False) if os_name == "darwin" else None
    if os_name == "darwin":  # /usr/bin/clang is found, but it is the shim and the developer tools are missing
        [f] = findings(s)
        assert f.code == "cgo-no-compiler" and "xcrun: error: invalid active developer path" in f.message
        assert "xcode-select --install" in f.message
        s.files[XCRUN] = b"x"
        assert not findings(s)
        return
    s = machine(os_name, [go(env={"CGO_ENABLED": "1"})])
    [f] = findings(s)
    assert f.code == "cgo-no-compiler" and f.severity == Severity.WARNING
    path_var = "%PATH%" if os_name == "windows" else "$PATH"
    assert f'cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in {path_var}' in f.message
    assert "CGO_ENABLED=1 in its env" in f.message
    text = s.files[at(os_name, ".vscode", "launch.json")].decode()
    start, end = f.location.range.start_byte, f.location.range.end_byte
    assert text.encode()[start:end] == b'"1"'  # shown on the value that switches cgo on
    # Nothing needs cgo here: the code action builds without it.
    [fix] = f.fixes
    apply(s, fix)
    assert launch_env(s) == {"CGO_ENABLED": "0"} and not findings(s)
    # The correct set-up: a compiler on PATH.
    assert not findings(machine(os_name, [go(env={"CGO_ENABLED": "1"})], compiler=True))


@pytest.mark.parametrize("os_name", ["windows", "linux"])
def test_race_without_a_compiler_fails_the_build(os_name):
    [f] = findings(machine(os_name, [go(buildFlags="-race")]))
    assert f.severity == Severity.ERROR and "go: -race requires cgo; enable cgo by setting CGO_ENABLED=1" in f.message
    [f] = findings(machine(os_name, [go(buildFlags=["-race"], env={"CGO_ENABLED": "1"})]))
    assert f.severity == Severity.ERROR and "-race needs cgo" in f.message and not f.fixes
    assert not findings(machine(os_name, [go(buildFlags="-race")], compiler=True))
    # GOFLAGS counts too; -race=false does not.
    assert findings(machine(os_name, [go(env={"GOFLAGS": "-race"})]))
    assert not findings(machine(os_name, [go(buildFlags="-race=false")]))


def test_race_on_macos_needs_no_cgo():
    """Since Go 1.20 the race detector on macOS needs no cgo (cmd/go/internal/work/init.go)."""
    assert not findings(machine("darwin", [go(buildFlags="-race")], files={"/usr/bin/clang": b""}, xcode=False))


def test_cc_set_in_the_environment_keeps_cgo_on():
    s = machine("linux", [go()], env={"CC": "/opt/cross/bin/x86_64-linux-gnu-gcc"})
    [f] = findings(s)
    assert "CC is set in the environment" in f.message
    assert 'C compiler "/opt/cross/bin/x86_64-linux-gnu-gcc" not found' in f.message
    assert "stat /opt/cross/bin/x86_64-linux-gnu-gcc: no such file or directory" in f.message
    s.files["/opt/cross/bin/x86_64-linux-gnu-gcc"] = b"\x7fELF"
    assert not findings(s)


def test_a_cross_compile_without_cgo_is_silent():
    assert not findings(machine("windows", [go(env={"GOOS": "linux"}, buildFlags="-race")]))


def test_a_go_before_1_20_has_cgo_on_by_default():
    """Before Go 1.20 cgo stayed on without a compiler: a program that imports "C" fails; a pure one is not
    reported (on Windows nothing of the standard library needs cgo)."""
    cgo_main = {at("windows", "c.go"): b'package main\n\n// #include <stdio.h>\nimport "C"\n'}
    [f] = findings(machine("windows", [go()], go_version="go1.19.13", files=cgo_main))
    assert f.severity == Severity.ERROR and "go1.19 has cgo on by default" in f.message
    assert not findings(machine("windows", [go()], go_version="go1.19.13"))


# --- cgo-no-compiler: Go 1.20+ switched cgo off ---------------------------------------------------------------
CGO_FILE = (
    b'// Package main.\npackage main\n\n/*\n#include <stdio.h>\nvoid hi() { puts("hi"); }\n*/\nimport "C"\n\n'
    b"func main() { C.hi() }\n"
)


@pytest.mark.parametrize("os_name", ["windows", "darwin", "linux"])
def test_a_program_that_imports_c_fails_when_cgo_switches_itself_off(os_name):
    main = at(os_name, "main.go")
    s = machine(os_name, [go()], files={main: CGO_FILE}, xcode=False)
    if os_name == "darwin":
        del s.files["/usr/bin/clang"]  # no clang at all: go switches cgo off
    [f] = findings(s)
    assert f.severity == Severity.WARNING and "so go switches cgo off" in f.message
    assert f"build constraints exclude all Go files in {ws(os_name)}" in f.message
    assert not findings(machine(os_name, [go()], files={main: CGO_FILE}, compiler=True))


def test_other_files_left_and_fallbacks():
    files = {at("linux", "c.go"): CGO_FILE.replace(b"func main() { C.hi() }", b"func hi() { C.hi() }")}
    [f] = findings(machine("linux", [go()], files=files))
    assert f.severity == Severity.INFORMATION and "are left out of the build" in f.message
    # A `//go:build !cgo` counterpart: the package builds either way.
    files[at("linux", "hi_nocgo.go")] = b"//go:build !cgo\n\npackage main\n\nfunc hi() {}\n"
    assert not findings(machine("linux", [go()], files=files))
    # A cgo file for another OS is not in this build.
    only_windows = {at("linux", "c_windows.go"): CGO_FILE}
    assert not findings(machine("linux", [go()], files=only_windows))


def test_other_packages_of_the_module_are_information():
    files = {
        at("linux", "internal", "sqlite", "sqlite.go"): b'package sqlite\n\nimport "C"\n',
        at("linux", "internal", "sqlite", "doc_test.go"): b"package sqlite\n",
        at("linux", "vendor", "x", "x.go"): b'package x\n\nimport "C"\n',  # vendor/ is not the module's own
        at("linux", "tools", "go.mod"): b"module github.com/acme/api/tools\n",  # another module: not scanned
        at("linux", "tools", "t.go"): b'package tools\n\nimport "C"\n',
    }
    [f] = findings(machine("linux", [go()], files=files))
    assert f.severity == Severity.INFORMATION and "internal/sqlite" in f.message
    assert "vendor" not in f.message and "tools" not in f.message


def test_cc_from_the_go_env_file_does_not_keep_cgo_on():
    """cfg.defaultContext reads os.Getenv("CC"): a CC written with `go env -w` does not stop the switch."""
    genv = "/home/dev/.config/go/env"
    files = {genv: b"CC=clang\n", at("linux", "main.go"): CGO_FILE}
    [f] = findings(machine("linux", [go()], files=files))
    assert "CC=clang from the go env -w file does not count for that" in f.message


def test_configurations_that_build_nothing_are_not_judged():
    remote = go("R", request="attach", mode="remote", port=2345, env={"CGO_ENABLED": "1"})
    exe = go("E", mode="exec", program="${workspaceFolder}/app", env={"CGO_ENABLED": "1"})
    assert not findings(machine("windows", [remote, exe]))


def test_a_variable_known_only_at_launch_is_not_judged():
    assert not findings(machine("windows", [go(env={"CGO_ENABLED": "${input:cgo}"})]))
    assert not findings(machine("windows", [go(env={"CGO_ENABLED": "1", "PATH": "${input:path}"})]))


def test_the_configuration_path_is_searched():
    s = machine("windows", [go(env={"CGO_ENABLED": "1", "PATH": "C:\\tdm\\bin;${env:PATH}"})])
    [f] = findings(s)
    assert "the PATH of its env" in f.message
    s.files["C:\\tdm\\bin\\gcc.exe"] = b"MZ"
    assert not findings(s)
    # PATHEXT: gcc.bat is found when PATHEXT lists .bat; an unknown extension is not.
    s = machine("windows", [go(env={"CGO_ENABLED": "1"})], files={"C:\\Windows\\system32\\gcc.bat": b"@echo"})
    assert not findings(s)
    s.env["PATHEXT"] = ".EXE;.COM"
    assert findings(s)


# --- cc-path-unquoted ---------------------------------------------------------------------------------------------
CLANG = "C:\\Program Files\\LLVM\\bin\\clang.exe"


def test_an_unquoted_cc_with_spaces_on_windows():
    s = machine("windows", [go(env={"CC": CLANG})], files={CLANG: b"MZ"})
    [f] = findings(s)
    assert f.code == "cc-path-unquoted" and f.severity == Severity.ERROR
    assert 'cgo: C compiler "C:\\\\Program" not found: exec: "C:\\\\Program": file does not exist' in f.message
    assert f"{CLANG} exists" in f.message
    [fix] = f.fixes
    apply(s, fix)
    assert launch_env(s) == {"CC": f'"{CLANG}"'}
    assert not findings(s)  # quoted: cc-path-unquoted is silent, and the compiler is found for cgo-no-compiler


def test_an_unquoted_cc_that_exists_nowhere_still_fails():
    s = machine("windows", [go(env={"CC": "D:\\Program Files\\LLVM\\bin\\clang.exe -m64"})])
    [f] = findings(s)
    assert (
        f.code == "cc-path-unquoted" and "Neither D:\\Program nor D:\\Program Files\\LLVM\\bin\\clang.exe" in f.message
    )
    apply(s, f.fixes[0])
    assert launch_env(s)["CC"] == '"D:\\Program Files\\LLVM\\bin\\clang.exe" -m64'
    [g] = findings(s)  # now quoted; the compiler itself is still missing
    assert g.code == "cgo-no-compiler"


def test_cgo_cflags_with_a_split_include_path():
    sdk = "C:\\Program Files\\SDK\\include"
    s = machine(
        "windows",
        [go(env={"CGO_CFLAGS": f"-O2 -I{sdk} -DX=1"})],
        files={sdk + "\\sdk.h": b"", CLANG: b""},
        compiler=True,
    )
    [f] = findings(s)
    assert f.code == "cc-path-unquoted" and '"-IC:\\\\Program", "Files\\\\SDK\\\\include"' in f.message
    apply(s, f.fixes[0])
    assert launch_env(s)["CGO_CFLAGS"] == f'-O2 "-I{sdk}" -DX=1'
    assert not findings(s)


def test_cc_in_an_env_file_is_quoted_for_vscode_go():
    """VS Code Go takes matching outer quotes off an envFile value: the fix wraps the quoted path in single
    quotes so that the double quotes reach cmd/go."""
    env_file = at("linux", ".env")
    tool = "/opt/my tools/bin/gcc"
    s = machine(
        "linux", [go(envFile="${workspaceFolder}/.env")], files={env_file: f"A=1\nCC={tool}\n".encode(), tool: b""}
    )
    [f] = findings(s)
    assert f.code == "cc-path-unquoted" and f.location.path.endswith("launch.json")
    apply(s, f.fixes[0])
    assert s.files[env_file] == f"A=1\nCC='\"{tool}\"'\n".encode()
    assert not findings(s)


def test_cc_in_the_go_env_file_and_the_environment_say_what_to_type():
    genv = "/home/dev/.config/go/env"
    [f] = findings(machine("linux", [go()], files={genv: b"CC=/opt/my tools/gcc\n"}))
    assert f.code == "cc-path-unquoted" and "go env -w CC='\"/opt/my tools/gcc\"'" in f.message and not f.fixes
    [f] = findings(machine("linux", [go()], env={"CC": "/opt/my tools/gcc"}), ("cc-path-unquoted",))
    assert "the environment go-sidecar" in f.message and not f.fixes


@pytest.mark.parametrize(
    "value",
    [
        "zig cc",
        "ccache gcc",
        "gcc -m64",
        '"C:\\Program Files\\LLVM\\bin\\clang.exe"',
        "'C:\\Program Files\\LLVM\\bin\\clang.exe' -m64",
        "C:\\LLVM\\bin\\clang.exe",
        '"unterminated',
    ],
)
def test_compilers_that_are_not_split_paths_are_silent(value):
    s = machine("windows", [go(env={"CC": value})], compiler=True, files={"C:\\LLVM\\bin\\clang.exe": b""})
    assert not findings(s, ("cc-path-unquoted",))


def test_cgo_disabled_means_cc_is_not_used():
    assert not findings(machine("windows", [go(env={"CC": CLANG, "CGO_ENABLED": "0"})]))


# --- bad input ------------------------------------------------------------------------------------------------------
def test_a_cc_of_100000_characters():
    long_cc = "C:\\" + "x" * 50_000 + " " + "y" * 49_997
    s = machine("windows", [go(env={"CC": long_cc})])
    t = time.perf_counter()
    found = findings(s)
    assert time.perf_counter() - t < 5
    [f] = found
    assert f.code == "cc-path-unquoted" and len(f.message) < 2000  # the value is cut in the message


def test_a_path_of_100000_characters_is_not_searched_to_the_end():
    path = ";".join(f"C:\\p{i}" for i in range(20_000))
    look = ccompiler.look_path(machine("windows", []), "gcc", path)
    assert look.found is None and not look.complete
    assert not findings(machine("windows", [go(env={"CGO_ENABLED": "1", "PATH": path})]))  # not known: not said


def test_huge_and_garbage_go_files(tmp_path: Path):
    (tmp_path / "huge.go").write_bytes(b'package main\n\nimport "C"\n' + b"// x\n" * 400_000)  # 2 MB: not read
    (tmp_path / "latin1.go").write_bytes('// é\npackage main\n\nimport "C" // ©\n'.encode("latin-1"))
    (tmp_path / "garbage.go").write_bytes(bytes(range(256)) * 10)
    (tmp_path / "noclose.go").write_bytes(b'package main\nimport (\n"C"\n/* never closed')
    (tmp_path / "loop").symlink_to(tmp_path)  # a link back into the tree
    found = cgo_sources.scan_module(RealSystem(env={"HOME": str(tmp_path)}), str(tmp_path))
    [pkg] = found.packages
    assert sorted(f.name for f in pkg.files if f.cgo) == ["latin1.go", "noclose.go"]
    assert pkg.unread >= 1  # huge.go (and garbage.go has no package clause)


class HugeTree(Paths):
    """A module of 100,000 .go files (200 folders of 500), made up on demand: only what is asked for is built, and
    every read is counted."""

    def __init__(self) -> None:
        self.host = Host("linux", "amd64")
        self.paths = path_module(self.host)
        self.home, self.env, self.reads, self.listed = "/home/dev", {}, 0, 0

    def list_dir(self, path: str) -> list[str]:
        self.listed += 1
        if path == "/m":
            return ["go.mod", *(f"p{d:03}" for d in range(200))]
        return [f"f{i}.go" for i in range(500)] if path.startswith("/m/p") else []

    def is_dir(self, path: str) -> bool:
        return path == "/m" or (path.startswith("/m/p") and not path.endswith(".go"))

    def is_file(self, path: str) -> bool:
        return path.endswith(".go")

    def read_bytes(self, path: str, limit: int = 0) -> bytes:
        self.reads += 1
        return b'package p\n\nimport "C"\n'

    def realpath(self, path: str) -> str:
        return path

    def readlink(self, path: str) -> str | None:
        return None

    def mtime(self, path: str) -> float | None:
        return 0.0


def test_a_module_of_100000_files_is_scanned_boundedly():
    tree = HugeTree()
    t = time.perf_counter()
    found = cgo_sources.scan_module(tree, "/m")
    assert time.perf_counter() - t < 20
    assert found.truncated and found.files_read == cgo_sources.MAX_SCAN_FILES
    assert tree.reads == cgo_sources.MAX_SCAN_FILES and tree.listed <= 2 + cgo_sources.MAX_SCAN_FILES // 500
    assert len(found.packages) == cgo_sources.MAX_SCAN_FILES // 500  # each folder read so far holds cgo files


def test_quoted_fields_is_cmd_internal_quoted_split():
    f = ccompiler.quoted_fields
    assert [x[0] for x in f(" a  'b c' \"d'e\" f\"g ")] == ["a", "b c", "d'e", 'f"g']
    assert f("'unterminated") is None and f("") == [] and f(" \t\r\n") == []


# --- this machine's real gcc, shown or hidden through PATH -----------------------------------------------------
REAL_GCC = shutil.which("gcc", path="/usr/bin:/bin")


@pytest.mark.skipif(REAL_GCC is None, reason="this machine has no gcc in /usr/bin")
@pytest.mark.parametrize("visible", [True, False])
def test_real_gcc_shown_or_hidden(tmp_path: Path, visible: bool):
    home, bin_dir, work = tmp_path / "home", tmp_path / "bin", tmp_path / "work space"
    home.mkdir()
    bin_dir.mkdir()
    (work / ".vscode").mkdir(parents=True)
    if visible:
        (bin_dir / "gcc").symlink_to(REAL_GCC)
    (work / "go.mod").write_text("module example.com/m\n\ngo 1.22\n")
    (work / "main.go").write_bytes(CGO_FILE)
    configs = [go("cgo on", env={"CGO_ENABLED": "1"}), go("default")]
    (work / ".vscode" / "launch.json").write_text(json.dumps({"configurations": configs}))
    sys_ = RealSystem(env=sandbox_env(home, bin_dir))
    report, _ = run_check(sys_, str(work), host=RecordedHostProbe("linux-amd64"))
    found = [f for f in report.findings if f.code in CGO_CODES]
    if visible:
        assert not found
        return
    by_name = {f.message.split('"')[1]: f for f in found}
    assert by_name["cgo on"].severity == Severity.ERROR  # the program imports "C": the build needs gcc
    assert 'cgo: C compiler "gcc" not found' in by_name["cgo on"].message
    assert by_name["default"].severity == Severity.WARNING
    assert f"build constraints exclude all Go files in {work}" in by_name["default"].message


def test_a_goland_run_configuration_with_race():
    """GoLand passes its Go tool arguments (go_parameters) to go build: -race there needs cgo like buildFlags."""
    from . import test_goland_rules as g

    run = g.run_xml().replace(
        '<kind value="PACKAGE" />', '<go_parameters value="-race -v" />\n    <kind value="PACKAGE" />'
    )
    [f] = [x for x in findings(g.machine(run=run), CGO_CODES, root=g.WS) if x.code == "cgo-no-compiler"]
    assert f.severity == Severity.ERROR and "go: -race requires cgo" in f.message and f.location.path == g.RUN_XML


def test_a_program_in_a_nested_module_is_read():
    """The program folder is read first even when it is a module of its own (which the module walk skips)."""
    files = {at("linux", "tools", "go.mod"): b"module example.com/tools\n", at("linux", "tools", "t.go"): CGO_FILE}
    [f] = findings(machine("linux", [go(program="${workspaceFolder}/tools")], files=files))
    assert f.severity == Severity.WARNING and "build constraints exclude all Go files in" in f.message


def test_macos_developer_folders():
    """xcrun takes DEVELOPER_DIR, else the xcode-select link, else the Command Line Tools or the default Xcode."""
    xcode_xcrun = ccompiler.XCODE_APP + "/usr/bin/xcrun"
    s = machine("darwin", [go(env={"CGO_ENABLED": "1"})], xcode=False, files={xcode_xcrun: b""})
    assert not findings(s)  # no selection: Xcode.app serves
    s.links[ccompiler.XCODE_SELECT_LINK] = "/Applications/Xcode-beta.app/Contents/Developer"
    [f] = findings(s)  # the selected Xcode is gone
    assert "invalid active developer path (/Applications/Xcode-beta.app/Contents/Developer)" in f.message
    s.env["DEVELOPER_DIR"] = ccompiler.XCODE_APP
    assert not findings(s)
