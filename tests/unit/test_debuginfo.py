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
from go_sidecar.parse.text import apply_edits
from go_sidecar.rules.debuginfo import stripped_by
from tests.fixtures_go import exe_name, go_fixtures  # noqa: F401 - pytest fixture

from .test_config_kinds import LAUNCH, SETTINGS, WS, findings, go, machine

CODE = ("debug-info-stripped",)
PLATFORMS = ("linux/amd64", "windows/amd64", "darwin/arm64")
STRIPS = {"plain": (), "s-w": ("-ldflags=-s -w",), "w": ("-ldflags=-w",), "s": ("-ldflags=-s",)}


@pytest.fixture(scope="session")
def dwarf_binaries(go_fixtures) -> dict[tuple[str, str], Path]:  # noqa: F811
    """(platform, "plain" | "s-w" | "w" | "s") -> hello built by the real Go with those linker flags."""
    src, out = go_fixtures.hello_src(), {}
    for target in PLATFORMS:
        goos, goarch = target.split("/")
        for label, flags in STRIPS.items():
            exe = go_fixtures.workdir / "bin" / "dwarf" / label / exe_name(f"hello-{goos}-{goarch}", goos)
            exe.parent.mkdir(parents=True, exist_ok=True)
            go_fixtures.run([str(go_fixtures.go), "build", "-trimpath", *flags, "-o", str(exe), "."], src,
                            GOOS=goos, GOARCH=goarch)
            out[target, label] = exe
    return out


def library_has_dwarf(path: Path) -> bool:
    """An independent reader's answer: pyelftools, pefile or macholib."""
    data = path.read_bytes()
    if data[:4] == b"\x7fELF":
        elffile = pytest.importorskip("elftools.elf.elffile")
        return elffile.ELFFile(io.BytesIO(data)).get_section_by_name(".debug_info") is not None or \
            elffile.ELFFile(io.BytesIO(data)).get_section_by_name(".zdebug_info") is not None
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
                n = data[off:data.index(b"\0", off)]
            names.append(n)
        return b".debug_info" in names or b".zdebug_info" in names
    macho = pytest.importorskip("macholib.MachO")
    m = macho.MachO(str(path))
    return any(getattr(s, "sectname", b"").rstrip(b"\0") in (b"__debug_info", b"__zdebug_info")
               for h in m.headers for _, _, sects in h.commands for s in (sects if isinstance(sects, list) else []))


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
@pytest.mark.parametrize("flags,expected", [
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
])
def test_stripped_by(flags, expected):
    assert stripped_by(flags) == expected


# --- the rule -----------------------------------------------------------------------------------------------------
def fixed(sys_, f, path):
    [fix] = f.fixes
    assert all(e.path == path for e in fix.edits)
    sys_.files[path] = apply_edits(sys_.files[path], [(e.range, e.new_text) for e in fix.edits])
    return strict_json(sys_.files[path])


@pytest.mark.parametrize("flags,after", [
    ("-ldflags='-s -w'", ""),
    ("-race -ldflags='-s -w -X main.v=1' -v", "-race -ldflags='-X main.v=1' -v"),
    (["-ldflags", "-s -w -X main.v=1"], ["-ldflags", "-X main.v=1"]),
    (["-race", "-ldflags=-s -w"], ["-race"]),
])
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


@pytest.mark.parametrize("props", [
    {"buildFlags": "-race -tags=integration"},
    {"buildFlags": "-ldflags=-X main.v=1"},
    {"buildFlags": ["-ldflags", "-X main.v=1"]},
    {},
])
def test_silent_without_strip_flags(props):
    assert findings(machine([go("C", **props)]), CODE)[0] == []


def test_configurations_that_do_not_build_ignore_build_flags():
    sys_ = machine([go("R", request="attach", mode="remote", port=2345, buildFlags="-ldflags=-s -w"),
                    go("A", request="attach", mode="local", processId=42, buildFlags="-ldflags=-s -w")])
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


@pytest.mark.parametrize("settings,key", [
    ({"go.buildFlags": ["-ldflags=-s -w"]}, "go.buildFlags"),
    ({"go.testFlags": ["-v", "-ldflags", "-w"]}, "go.testFlags"),
])
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
        report, facts = run_check(sys_, WS, identify=lambda path: identify_file(io.BytesIO(sys_.files[path]))
                                  if path in sys_.files else identify(path))
        found = [f for f in report.findings if f.code in CODE]
        assert facts.debug.programs[0][1].goos == goos
        assert facts.debug.programs[0][1].has_dwarf is (not fires)
        assert len(found) == fires
        if fires:
            assert "has no DWARF debug info" in found[0].message and found[0].location.path == LAUNCH
            assert "bin/app" in sys_.files[LAUNCH].decode().splitlines()[found[0].location.range.start.line]


def test_machine_helper_still_writes_json():  # the helpers come from test_config_kinds: keep them honest here
    assert json.loads(machine([go("X")]).files[LAUNCH])["configurations"][0]["name"] == "X"
