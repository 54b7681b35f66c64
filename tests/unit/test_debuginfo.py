"""Issue 11, `debug-info-stripped`: the DWARF reader of parse/binary.py on real Go binaries, and the rule on
recorded machines (each case, its clean counterpart, and each fix applied and checked again)."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from go_sidecar.check import run_check
from go_sidecar.parse.binary import identify, identify_file
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.rules.debuginfo import stripped_by
from go_sidecar.testing import apply_edits
from tests.fixtures_go import exe_name, fake_delve, go_fixtures  # noqa: F401 - pytest fixtures

from .test_config_kinds import LAUNCH, SETTINGS, WS, findings, go, machine

CODE = ("debug-info-stripped",)
PLATFORMS = ("linux/amd64", "windows/amd64", "darwin/arm64")
STRIPS = {"plain": (), "s-w": ("-ldflags=-s -w",), "w": ("-ldflags=-w",), "s": ("-ldflags=-s",)}


@pytest.fixture(scope="session")
def dwarf_binaries(go_fixtures) -> dict[tuple[str, str], Path]:
    """(platform, "plain" | "s-w" | "w" | "s") -> hello built by the real Go with those linker flags."""
    src, out = go_fixtures.hello_src(), {}
    for target in PLATFORMS:
        goos, goarch = target.split("/")
        for label, flags in STRIPS.items():
            exe = go_fixtures.workdir / "bin" / "dwarf" / label / exe_name(f"hello-{goos}-{goarch}", goos)
            exe.parent.mkdir(parents=True, exist_ok=True)
            go_fixtures.run(
                [str(go_fixtures.go), "build", "-trimpath", *flags, "-o", str(exe), "."], src, GOOS=goos, GOARCH=goarch
            )
            out[target, label] = exe
    return out


def library_has_dwarf(path: Path) -> bool:
    """An independent reader's answer: pyelftools, pefile or macholib."""
    data = path.read_bytes()
    if data[:4] == b"\x7fELF":
        elffile = pytest.importorskip("elftools.elf.elffile")
        return (
            elffile.ELFFile(io.BytesIO(data)).get_section_by_name(".debug_info") is not None
            or elffile.ELFFile(io.BytesIO(data)).get_section_by_name(".zdebug_info") is not None
        )
    if data[:2] == b"MZ":
        pefile = pytest.importorskip("pefile")
        pe = pefile.PE(data=data, fast_load=True)
        # pefile gives "/<offset>" names; the COFF string table follows the symbols.
        strtab = pe.FILE_HEADER.PointerToSymbolTable + pe.FILE_HEADER.NumberOfSymbols * 18
        names = []
        for s in pe.sections:
            n = s.Name.rstrip(b"\0")
            if n.startswith(b"/"):
                off = strtab + int(n[1:])
                n = data[off : data.index(b"\0", off)]
            names.append(n)
        return b".debug_info" in names or b".zdebug_info" in names
    macho = pytest.importorskip("macholib.MachO")
    m = macho.MachO(str(path))
    return any(
        getattr(s, "sectname", b"").rstrip(b"\0") in (b"__debug_info", b"__zdebug_info")
        for h in m.headers
        for _, _, sects in h.commands
        for s in (sects if isinstance(sects, list) else [])
    )


# --- parse/binary.py ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("target", PLATFORMS)
@pytest.mark.parametrize("label", sorted(STRIPS))
def test_dwarf_matches_the_build_flags_and_the_libraries(dwarf_binaries, target, label):
    path = dwarf_binaries[target, label]
    info = identify(str(path))
    assert info.build_info is not None and info.goos == target.split("/")[0]
    assert info.has_dwarf is (label == "plain")  # -s implies -w since Go 1.22
    assert info.has_dwarf is library_has_dwarf(path)


@pytest.mark.parametrize("target", PLATFORMS)
def test_truncated_binaries_never_raise(dwarf_binaries, target):
    data = dwarf_binaries[target, "plain"].read_bytes()
    for n in list(range(0, 300, 7)) + [len(data) // k for k in (2, 3, 5, 10, 50)] + [len(data) - 1]:
        info = identify_file(io.BytesIO(data[:n]))
        assert info.has_dwarf in (True, False, None)
    garbage = bytearray(data)
    for i in range(64, min(len(garbage), 4096), 13):
        garbage[i] ^= 0xFF
    assert identify_file(io.BytesIO(bytes(garbage))).has_dwarf in (True, False, None)


def test_not_an_executable_has_no_dwarf_answer():
    assert identify_file(io.BytesIO(b"#!/bin/sh\n")).has_dwarf is None
    assert identify_file(io.BytesIO(b"")).has_dwarf is None


# --- flag parsing -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "flags,expected",
    [
        ("-ldflags='-s -w'", ["-s", "-w"]),
        ("--ldflags '-s -w'", ["-s", "-w"]),
        ("-ldflags=-w", ["-w"]),
        ("-ldflags='all=-s -X main.v=1'", ["-s"]),
        (["-ldflags", "-s -w"], ["-s", "-w"]),
        (["-race", "-ldflags=-s -w"], ["-s", "-w"]),
        ("-ldflags=-X main.v=1", []),
        ("-ldflags='-X main.version=-s'", []),
        ("-ldflags=-w=false", []),
        ("-tags=-s -race", []),
        ("", []),
    ],
)
def test_stripped_by(flags, expected):
    assert stripped_by(flags) == expected


# --- the rule -----------------------------------------------------------------------------------------------------
def fixed(sys_, f, path):
    [fix] = f.fixes
    assert all(e.path == path for e in fix.edits)
    sys_.files[path] = apply_edits(sys_.files[path], [(e.range, e.new_text) for e in fix.edits])
    return strict_json(sys_.files[path])


@pytest.mark.parametrize(
    "flags,after",
    [
        ("-ldflags='-s -w'", ""),
        ("-race -ldflags='-s -w -X main.v=1' -v", "-race -ldflags='-X main.v=1' -v"),
        (["-ldflags", "-s -w -X main.v=1"], ["-ldflags", "-X main.v=1"]),
        (["-race", "-ldflags=-s -w"], ["-race"]),
    ],
)
def test_build_flags_fire_and_the_fix_rechecks_clean(flags, after):
    sys_ = machine([go("Strip", mode="debug", buildFlags=flags), go("Clean", buildFlags="-ldflags=-X main.v=1")])
    found, _, _ = findings(sys_, CODE)
    [f] = found
    assert '"Strip"' in f.message and "decoding dwarf section info at offset 0x0: too short" in f.message
    assert '"buildFlags"' in sys_.files[LAUNCH].decode().splitlines()[f.location.range.start.line]
    assert fixed(sys_, f, LAUNCH)["configurations"][0]["buildFlags"] == after
    assert findings(sys_, CODE)[0] == []


def test_platform_block_build_flags_are_the_ones_fixed():
    sys_ = machine([go("P", buildFlags="-race", linux={"buildFlags": "-ldflags=-w"})])
    [f] = findings(sys_, CODE)[0]
    cfg = fixed(sys_, f, LAUNCH)["configurations"][0]
    assert cfg["linux"]["buildFlags"] == "" and cfg["buildFlags"] == "-race"
    assert findings(sys_, CODE)[0] == []


@pytest.mark.parametrize(
    "props",
    [
        {"buildFlags": "-race -tags=integration"},
        {"buildFlags": "-ldflags=-X main.v=1"},
        {"buildFlags": ["-ldflags", "-X main.v=1"]},
        {},
    ],
)
def test_silent_without_strip_flags(props):
    assert findings(machine([go("C", **props)]), CODE)[0] == []


def test_configurations_that_do_not_build_ignore_build_flags():
    sys_ = machine(
        [
            go("R", request="attach", mode="remote", port=2345, buildFlags="-ldflags=-s -w"),
            go("A", request="attach", mode="local", processId=42, buildFlags="-ldflags=-s -w"),
        ]
    )
    assert findings(sys_, CODE)[0] == []


def test_goflags_in_env_fires_with_a_fix():
    sys_ = machine([go("G", env={"GOFLAGS": "-mod=mod -ldflags=-w"})])
    [f] = findings(sys_, CODE)[0]
    assert "GOFLAGS (from env)" in f.message
    assert fixed(sys_, f, LAUNCH)["configurations"][0]["env"]["GOFLAGS"] == "-mod=mod"
    assert findings(sys_, CODE)[0] == []


def test_goflags_in_tools_env_vars_and_env_file_fire():
    sys_ = machine([go("T")], settings={"go.toolsEnvVars": {"GOFLAGS": "-ldflags=-s"}})
    [f] = findings(sys_, CODE)[0]
    assert "go.toolsEnvVars" in f.message
    sys_ = machine([go("F", envFile="${workspaceFolder}/.env")], files={WS + "/.env": b"GOFLAGS=-ldflags=-w\n"})
    [f] = findings(sys_, CODE)[0]
    assert "envFile" in f.message
    assert findings(machine([go("T")], settings={"go.toolsEnvVars": {"GOFLAGS": "-mod=mod"}}), CODE)[0] == []


@pytest.mark.parametrize(
    "settings,key",
    [
        ({"go.buildFlags": ["-ldflags=-s -w"]}, "go.buildFlags"),
        ({"go.testFlags": ["-v", "-ldflags", "-w"]}, "go.testFlags"),
    ],
)
def test_test_and_build_flags_of_debug_test_fire_and_fix(settings, key):
    sys_ = machine([go("C")], settings=settings)
    [f] = findings(sys_, CODE)[0]
    assert f.message.startswith(key) and "debug test" in f.message
    assert stripped_by(fixed(sys_, f, SETTINGS)[key]) == []
    assert findings(sys_, CODE)[0] == []


def test_go_build_flags_unused_when_test_flags_are_set():
    sys_ = machine([go("C")], settings={"go.buildFlags": ["-ldflags=-s -w"], "go.testFlags": ["-v"]})
    assert findings(sys_, CODE)[0] == []


@pytest.mark.parametrize("target", PLATFORMS)
def test_exec_program_without_dwarf(dwarf_binaries, target):
    goos = target.split("/")[0]
    app = WS + "/bin/app"
    cfg = go("E", mode="exec", program="${workspaceFolder}/bin/app")
    for label, fires in (("s-w", True), ("plain", False)):
        sys_ = machine([cfg], files={app: dwarf_binaries[target, label].read_bytes()})
        # The recorded machine's files are read as the real reader would read them from disk.
        report, facts = run_check(
            sys_,
            WS,
            identify=lambda path, sys_=sys_: (
                identify_file(io.BytesIO(sys_.files[path])) if path in sys_.files else identify(path)
            ),
        )
        found = [f for f in report.findings if f.code in CODE]
        assert facts.debug.programs[0][1].goos == goos
        assert facts.debug.programs[0][1].has_dwarf is (not fires)
        assert len(found) == fires
        if fires:
            assert "has no DWARF debug info" in found[0].message and found[0].location.path == LAUNCH
            assert "bin/app" in sys_.files[LAUNCH].decode().splitlines()[found[0].location.range.start.line]


def test_machine_helper_still_writes_json():  # the helpers come from test_config_kinds: keep them honest here
    assert json.loads(machine([go("X")]).files[LAUNCH])["configurations"][0]["name"] == "X"


# --- GOFLAGS fixes outside launch.json (go.toolsEnvVars, envFile) ---------------------------------------------
def test_goflags_in_tools_env_vars_is_fixed_in_settings_json():
    settings = (
        '{\n    // tools\n    "go.toolsEnvVars": {"GOFLAGS": "-mod=mod -ldflags=\'-s -w -X a.b=c\'", "X": "1"},\n}\n'
    )
    sys_ = machine([go("T")], settings=settings)
    [f] = findings(sys_, CODE)[0]
    [fix] = f.fixes
    assert [e.path for e in fix.edits] == [SETTINGS] and "go.toolsEnvVars" in fix.title
    sys_.files[SETTINGS] = apply_edits(sys_.files[SETTINGS], [(e.range, e.new_text) for e in fix.edits])
    assert sys_.files[SETTINGS].decode() == settings.replace("-ldflags='-s -w -X a.b=c'", "-ldflags='-X a.b=c'")
    assert findings(sys_, CODE)[0] == []


ENV = WS + "/.env"


@pytest.mark.parametrize(
    "before,after",
    [
        (b"A=1\nGOFLAGS=-mod=mod -ldflags=-w\nB=2\n", b"A=1\nGOFLAGS=-mod=mod\nB=2\n"),
        (b"A=1\r\nexport GOFLAGS = \"-ldflags='-s -w'\"  \r\nB=2\r\n", b"A=1\r\nB=2\r\n"),
        (
            b"# \xe4\xb8\xad\xe6\x96\x87 GOFLAGS=x\nGOFLAGS=\"-ldflags='-s -X m.v=1'\"\n",
            b"# \xe4\xb8\xad\xe6\x96\x87 GOFLAGS=x\nGOFLAGS=\"-ldflags='-X m.v=1'\"\n",
        ),
        (b"GOFLAGS=-ldflags=-s\nGOFLAGS=-race -ldflags=-w", b"GOFLAGS=-ldflags=-s\nGOFLAGS=-race"),  # the last wins
    ],
)
def test_env_file_fix_edits_only_the_value_of_the_last_line(before, after):
    from go_sidecar.parse.envfile import parse_env_file
    from go_sidecar.rules.debuginfo import env_file_fix

    fix = env_file_fix(ENV, before, "GOFLAGS", "t")
    assert apply_edits(before, [(e.range, e.new_text) for e in fix.edits]) == after
    assert stripped_by(parse_env_file(after.decode()).get("GOFLAGS", "")) == []


def test_goflags_in_an_env_file_gets_a_fix_when_the_workspace_kept_its_bytes():
    """The rule edits the bytes the probe read (WorkspaceFacts.env_file_data, requested of probe/workspace.py):
    given them, the fix edits the envFile; without them, the finding stands without a fix."""
    from go_sidecar.rules.registry import RULES, findings_of

    data = b"# dev\nGOFLAGS=-ldflags=-w -mod=mod\n"
    sys_ = machine([go("F", envFile="${workspaceFolder}/.env")], files={ENV: data})
    report, facts = run_check(sys_, WS)
    if not getattr(facts.workspace, "env_file_data", None):
        [f] = [x for x in report.findings if x.code in CODE]
        assert "envFile" in f.message and f.location.path == LAUNCH
        facts.workspace.env_file_data = {ENV: data}
    [f] = findings_of(RULES["debug-info-stripped"], facts)
    assert '"envFile"' in sys_.files[LAUNCH].decode().splitlines()[f.location.range.start.line]
    [fix] = f.fixes
    assert [e.path for e in fix.edits] == [ENV]
    sys_.files[ENV] = apply_edits(data, [(e.range, e.new_text) for e in fix.edits])
    assert sys_.files[ENV] == b"# dev\nGOFLAGS=-mod=mod\n"
    assert findings(sys_, CODE)[0] == []


@pytest.mark.parametrize("host,sep", [("windows", "\\"), ("darwin", "/")])
def test_env_file_fix_on_windows_and_macos(host, sep):
    from go_sidecar.rules.registry import RULES, findings_of

    home = "C:\\Users\\dev" if host == "windows" else "/Users/dev"
    ws = home + sep + "proj"
    env = ws + sep + "dev.env"
    data = b"Goflags=-ldflags=-s\r\n" if host == "windows" else b"GOFLAGS=-ldflags=-s\n"
    sys_ = machine([go("F", envFile="${workspaceFolder}/dev.env")], host=host, files={})
    sys_ = type(sys_)(
        sys_.host,
        home,
        env={"HOME": home, "USERPROFILE": home, "PATH": ""},
        files={ws + sep + ".vscode" + sep + "launch.json": sys_.files[LAUNCH], env: data},
    )
    _, facts = run_check(sys_, ws)
    # keyed as WorkspaceFacts.env_files is: by the resolved envFile path
    kept = getattr(facts.workspace, "env_file_data", None)
    facts.workspace.env_file_data = kept or {facts.configs[0].env_file_path: data}
    [f] = findings_of(RULES["debug-info-stripped"], facts)
    assert "GOFLAGS (from envFile)" in f.message  # Windows: any spelling of the name is GOFLAGS
    [fix] = f.fixes
    assert apply_edits(data, [(e.range, e.new_text) for e in fix.edits]) == b""


# --- GoLand's Go tool arguments -------------------------------------------------------------------------------------
RUN_XML = WS + "/.run/server.run.xml"


def goland_run(go_parameters: str) -> str:
    return (
        '<component name="ProjectRunConfigurationManager">\n'
        '  <configuration default="false" name="server 服务" type="GoApplicationRunConfiguration" '
        'factoryName="Go Application">\n'
        '    <module name="proj" />\n'
        '    <working_directory value="$PROJECT_DIR$" />\n'
        f'    <go_parameters value="{go_parameters}" />\n'
        '    <kind value="PACKAGE" />\n'
        '    <package value="example.com/m" />\n'
        '    <directory value="$PROJECT_DIR$" />\n'
        "  </configuration>\n"
        "</component>\n"
    )


@pytest.mark.parametrize(
    "params,after,flags",
    [
        ("-ldflags=&quot;-s -w&quot;", "", "-s -w"),
        (
            "-race -ldflags &quot;-s -w -X main.v=$PROJECT_DIR$&quot; -v",
            "-race -ldflags &quot;-X main.v=$PROJECT_DIR$&quot; -v",
            "-s -w",
        ),
        ("-ldflags=-w -trimpath", "-trimpath", "-w"),
    ],
)
def test_goland_go_tool_arguments_strip_the_debug_build(params, after, flags):
    from go_sidecar.parse.xmldoc import parse_xml

    sys_ = machine(
        [],
        files={
            RUN_XML: goland_run(params).encode(),
            WS + "/.idea/workspace.xml": b'<?xml version="1.0" encoding="UTF-8"?>\n<project version="4" />\n',
        },
    )
    [f] = findings(sys_, CODE)[0]
    assert f.message.startswith('GoLand run configuration "server 服务"') and flags in f.message
    line = sys_.files[RUN_XML].decode().splitlines()[f.location.range.start.line]
    assert line.strip().startswith("<go_parameters")
    [fix] = f.fixes
    fixed = apply_edits(sys_.files[RUN_XML], [(e.range, e.new_text) for e in fix.edits])
    assert fixed == goland_run(after).encode() and parse_xml(fixed).error is None
    sys_.files[RUN_XML] = fixed
    assert findings(sys_, CODE)[0] == []


def test_goland_without_strip_flags_is_silent():
    sys_ = machine(
        [],
        files={
            RUN_XML: goland_run("-race -ldflags=&quot;-X a=b&quot;").encode(),
            WS + "/.idea/workspace.xml": b'<project version="4" />\n',
        },
    )
    assert findings(sys_, CODE)[0] == []


# --- debug-build-optimized ------------------------------------------------------------------------------------------
OPT = ("debug-build-optimized",)


@pytest.mark.parametrize(
    "flags,who,missing",
    [
        ("--gcflags=all=-l", "every package", "-N"),
        ("-race --gcflags 'all=-N' -v", "every package", "-l"),
        ("--gcflags=-l", "the package being debugged", "-N"),
        ("-gcflags\tall=-l", "every package", "-N"),  # vscode-go's pattern wants `=` or a space after the name
        ("--gcflags=./...=-m", "the packages matching ./...", "-N and -l"),
        (["--gcflags=all=-l"], "every package", "-N"),  # no dlv found: vscode-go joins the array
    ],
)
def test_gcflags_after_delves_own_make_the_build_optimised(flags, who, missing):
    sys_ = machine([go("O", mode="debug", buildFlags=flags)])
    [f] = findings(sys_, OPT)[0]
    assert f.severity.label == "information" and '"O"' in f.message
    assert f"{who} is compiled without {missing}" in f.message or f"{who} are compiled without {missing}" in f.message
    assert '"buildFlags"' in sys_.files[LAUNCH].decode().splitlines()[f.location.range.start.line]
    after = fixed(sys_, f, LAUNCH)["configurations"][0]["buildFlags"]
    assert "gcflags" not in json.dumps(after)
    assert findings(sys_, OPT)[0] == []


@pytest.mark.parametrize(
    "props",
    [
        {"buildFlags": "-gcflags=all=-l"},  # vscode-go removes it (and warns)
        {"buildFlags": "-gcflags 'all=-N -l' -race"},
        {"buildFlags": "--gcflags='all=-N -l'"},  # what Delve passes anyway
        {"env": {"GOFLAGS": "--gcflags=all=-l"}},  # GOFLAGS come before Delve's command line
        {"buildFlags": "--gcflags=all=-l", "mode": "exec", "program": "${workspaceFolder}/app"},  # nothing is built
    ],
)
def test_gcflags_that_do_not_win_are_silent(props):
    assert findings(machine([go("C", **props)]), OPT)[0] == []


def test_go_test_flags_of_debug_test_are_joined_and_checked():
    sys_ = machine([go("C")], settings={"go.testFlags": ["-v", "--gcflags", "all=-l"]})
    [f] = findings(sys_, OPT)[0]
    assert f.message.startswith("go.testFlags") and f.location.path == SETTINGS
    assert fixed(sys_, f, SETTINGS)["go.testFlags"] == ["-v"]
    assert findings(sys_, OPT)[0] == []


@pytest.mark.parametrize("version,fires", [("1.22.1", True), ("1.22.2", False), ("1.27.1", False)])
def test_an_array_reaches_delve_1_22_2_as_is_and_goes_before_its_own_flag(fake_delve, version, fires):
    """vscode-go maybeJoinFlags keeps an array for dlv >= 1.22.2; Delve's goBuildArgs2 then appends its own
    -gcflags after the user's, which wins."""
    dlv = fake_delve(version, "linux", "amd64").read_bytes()
    sys_ = machine([go("A", buildFlags=["--gcflags=all=-l"])], files={"/home/dev/go/bin/dlv": dlv})
    report, facts = run_check(
        sys_, WS, identify=lambda p: identify_file(io.BytesIO(sys_.files[p])) if p in sys_.files else identify(p)
    )
    assert facts.debug.chosen.delve_version == version
    assert len([f for f in report.findings if f.code in OPT]) == fires


DELVE_ORDERS = {  # go-delve/delve pkg/gobuild/gobuild.go, and cmd/go's own GOFLAGS
    "string buildFlags (goBuildArgs)": (["-gcflags", "all=-N -l", "--gcflags=all=-l"], {}, False),
    "array buildFlags (goBuildArgs2)": (["--gcflags=all=-l", "-gcflags", "all=-N -l"], {}, True),
    "GOFLAGS": (["-gcflags", "all=-N -l"], {"GOFLAGS": "-gcflags=all=-l"}, True),
}


@pytest.mark.parametrize("order", sorted(DELVE_ORDERS))
def test_the_go_command_keeps_the_last_gcflags(go_fixtures, order):
    """What the rule says about the order, checked with the real go command: `go build -n` prints the compile
    command of the main package, with -N only when Delve's own -gcflags won."""
    import subprocess

    args, env, keeps_n = DELVE_ORDERS[order]
    src = go_fixtures.hello_src()
    cp = subprocess.run(
        [str(go_fixtures.go), "build", "-a", "-n", "-o", "out", *args, "."],
        check=False,
        cwd=src,
        env=dict(go_fixtures.env, **env),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    [compile_main] = [line for line in cp.stdout.splitlines() if "/compile " in line and " -p main " in line]
    words = compile_main.split()
    assert ("-N" in words) is keeps_n and "-l" in words
