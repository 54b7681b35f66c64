"""The Windows registry behind the System (probe/registry.py) and the environment Windows composes from it
(probe/machine.py), on recorded machines: system and user PATH, REG_EXPAND_SZ, GOROOT, the Go MSI's record.

Windows composes a new process's environment in steps (Raymond Chen, The Old New Thing, 2023-12-12): core system
variables, system REG_SZ, system REG_EXPAND_SZ, core user variables, user REG_SZ, user REG_EXPAND_SZ; a
REG_EXPAND_SZ value sees the earlier steps only. PATH = system PATH ; user PATH; otherwise the user's value wins.
(This file is not tests/unit/test_registry.py, which tests the rule registry.)
"""

from __future__ import annotations

import time

import pytest

from go_sidecar.model import Host
from go_sidecar.probe.machine import (
    CONFIGURATION,
    MAX_PATH_DIRS,
    PROCESS,
    SYSTEM,
    USER,
    machine_facts,
    read_registry_environment,
)
from go_sidecar.probe.memo import LINKS, Memo
from go_sidecar.probe.registry import (
    GO_MSI,
    MAX_TEXT,
    SYSTEM_ENVIRONMENT,
    USER_ENVIRONMENT,
    NoRegistry,
    RecordedRegistry,
    RegValue,
    WindowsRegistry,
    expand,
    go_msi_location,
    lookup,
    read_values,
    split_key,
)
from go_sidecar.probe.system import RealSystem
from go_sidecar.probe.toolchains import discover
from go_sidecar.testing import FakeSystem

from .conftest import fake_root

HOME = "C:\\Users\\张三"
CORE = {
    "SystemRoot": "C:\\Windows",
    "SystemDrive": "C:",
    "ProgramData": "C:\\ProgramData",
    "USERPROFILE": HOME,
    "LOCALAPPDATA": HOME + "\\AppData\\Local",
    "APPDATA": HOME + "\\AppData\\Roaming",
    "ProgramFiles": "C:\\Program Files",
}


def sz(data: object) -> RegValue:
    return RegValue("REG_SZ", data)


def esz(data: object) -> RegValue:
    return RegValue("REG_EXPAND_SZ", data)


def windows(system: dict | None = None, user: dict | None = None, env: dict | None = None, files=None, **kw):
    keys = {}
    if system is not None:
        keys[SYSTEM_ENVIRONMENT] = system
    if user is not None:
        keys[USER_ENVIRONMENT] = user
    registry = kw.pop("registry", None) or RecordedRegistry(keys)
    return FakeSystem(
        Host("windows", "amd64"), HOME, env={**CORE, **(env or {})}, files=files or {}, registry=registry, **kw
    )


class Broken:
    """A registry that refuses every read (access denied, a hive that is not loaded)."""

    def __init__(self) -> None:
        self.reads = 0

    def values(self, key: str) -> dict[str, RegValue]:
        self.reads += 1
        raise OSError(5, "Access is denied")


# --- the interface -----------------------------------------------------------------------------------------
def test_keys_and_names_are_case_insensitive_and_hives_have_both_spellings():
    reg = RecordedRegistry(
        {"HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment": {"Path": sz("x")}}
    )
    long_name = "HKEY_LOCAL_MACHINE\\system\\currentcontrolset\\control\\session manager\\environment"
    assert reg.values(long_name) == {"Path": sz("x")}
    assert lookup(reg.values(SYSTEM_ENVIRONMENT), "PATH") == sz("x")
    assert reg.values(USER_ENVIRONMENT) == {}  # a missing key: no values, no error
    assert reg.values("NOHIVE\\x") == {} and split_key("NOHIVE\\x") == ("", "")
    assert split_key("HKCU/Environment/") == ("HKEY_CURRENT_USER", "Environment")


def test_other_oses_have_an_empty_registry():
    assert NoRegistry().values(SYSTEM_ENVIRONMENT) == {}
    assert isinstance(RealSystem(env={"HOME": "/nowhere"}).registry, NoRegistry)  # this test runs on Linux
    assert WindowsRegistry().values(SYSTEM_ENVIRONMENT) == {}  # winreg is not even imported here
    assert isinstance(FakeSystem(Host("linux", "amd64"), "/home/dev").registry, RecordedRegistry)


@pytest.mark.parametrize(
    "value",
    [
        RegValue("REG_DWORD", 1),
        RegValue("REG_QWORD", 2**40),
        RegValue("REG_BINARY", b"\x00\xff" * 10),
        RegValue("REG_MULTI_SZ", ["C:\\Go\\bin", "D:\\x"]),
        RegValue("REG_NONE", None),
        sz(None),
        sz(12),
        sz(b"C:\\Go"),
        esz("x" * (MAX_TEXT + 1)),
    ],
)
def test_only_string_values_of_a_sane_size_are_text(value):
    assert value.text() is None


def test_a_string_value_stops_at_its_terminator():
    assert sz("C:\\Go\0garbage").text() == "C:\\Go"


def test_read_values_turns_a_failing_registry_into_a_message():
    values, why = read_values(Broken(), SYSTEM_ENVIRONMENT)
    assert values == {} and "could not be read" in why and "Access is denied" in why

    class NotADict:
        def values(self, key):
            return ["not", "a", "dict"]

    assert read_values(NotADict(), USER_ENVIRONMENT)[0] == {}
    assert read_values(None, USER_ENVIRONMENT) == ({}, "")


# --- expansion -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("%SystemRoot%\\system32", "C:\\Windows\\system32"),
        ("%systemroot%;%SYSTEMROOT%", "C:\\Windows;C:\\Windows"),  # names are case-insensitive
        ("%NOPE%\\bin", "%NOPE%\\bin"),  # unknown: kept as written
        ("%NOPE%x%SystemRoot%", "%NOPE%xC:\\Windows"),  # the closing % of an unknown name may open the next
        ("100%", "100%"),
        ("%%", "%%"),
        ("no percent", "no percent"),
        ("%A%", "%B%"),  # one pass: a value that names another is not expanded again
    ],
)
def test_expand(value, expected):
    assert expand(value, {"SYSTEMROOT": "C:\\Windows", "A": "%B%", "B": "never"}) == expected


def test_expand_is_linear_on_huge_values():
    value = "%X%;" * 50_000 + "%" + "y" * 100_000
    start = time.perf_counter()
    out = expand(value, {"X": "C:\\x"})
    assert time.perf_counter() - start < 1.0
    assert out.startswith("C:\\x;C:\\x;") and out.endswith("y" * 10)


# --- the environment Windows composes ------------------------------------------------------------------------
def test_path_is_system_then_user_and_expand_sz_is_expanded_from_the_registry():
    s = windows(
        system={
            "Path": esz("%SystemRoot%\\system32;%SystemRoot%;C:\\Go\\bin;C:\\Program Files\\Go\\bin"),
            "windir": esz("%SystemRoot%"),
            "GOROOT": sz("C:\\Go"),
        },
        user={"Path": esz("%USERPROFILE%\\go\\bin;%LOCALAPPDATA%\\Programs\\bin"), "GOROOT": sz("D:\\go")},
    )
    reg = read_registry_environment(s)
    assert reg.system["PATH"] == "C:\\Windows\\system32;C:\\Windows;C:\\Go\\bin;C:\\Program Files\\Go\\bin"
    assert reg.user["PATH"] == HOME + "\\go\\bin;" + HOME + "\\AppData\\Local\\Programs\\bin"
    assert reg.composed["PATH"] == reg.system["PATH"] + ";" + reg.user["PATH"]
    assert reg.composed["GOROOT"] == "D:\\go"  # the user's value wins
    assert reg.composed["WINDIR"] == "C:\\Windows"


def test_a_system_value_cannot_use_user_variables():
    s = windows(
        system={"Path": esz("%SystemRoot%;%USERPROFILE%\\go\\bin;%ProgramFiles%\\Go\\bin")},
        user={"Path": esz("%USERPROFILE%\\go\\bin")},
    )
    reg = read_registry_environment(s)
    # USERPROFILE and ProgramFiles are created with the user's variables, after the system's: kept as written.
    assert reg.system["PATH"] == "C:\\Windows;%USERPROFILE%\\go\\bin;%ProgramFiles%\\Go\\bin"
    assert reg.user["PATH"] == HOME + "\\go\\bin"


def test_expand_sz_sees_earlier_steps_only():
    s = windows(
        system={"GOBASE": sz("D:\\tools"), "GOBIN2": esz("%GOBASE%\\go"), "LATER": esz("%GOBIN2%\\bin")},
        user={"MINE": esz("%GOBIN2%;%GOBASE%;%LATER%"), "ALSO": esz("%MINE%"), "PLAIN": sz("%GOBASE%")},
    )
    reg = read_registry_environment(s)
    assert reg.system["GOBIN2"] == "D:\\tools\\go"  # REG_SZ comes before REG_EXPAND_SZ
    assert reg.system["LATER"] == "%GOBIN2%\\bin"  # not another REG_EXPAND_SZ of its own step
    assert reg.user["MINE"] == "D:\\tools\\go;D:\\tools;%GOBIN2%\\bin"  # the system step is done by then
    assert reg.user["ALSO"] == "%MINE%"
    assert reg.user["PLAIN"] == "%GOBASE%"  # REG_SZ is never expanded


def test_a_user_path_that_names_path_repeats_the_system_path():
    s = windows(system={"Path": sz("C:\\Windows")}, user={"Path": esz("%PATH%;C:\\mine")})
    assert read_registry_environment(s).composed["PATH"] == "C:\\Windows;C:\\Windows;C:\\mine"


def test_values_that_are_not_strings_are_skipped_with_a_message():
    s = windows(
        system={"Path": RegValue("REG_BINARY", b"C:\\Go\\bin"), "NUMBER": RegValue("REG_DWORD", 7), 3: sz("x")},
        user={"GOROOT": RegValue("REG_DWORD", 1), "Path": sz(None), "OK": sz("fine")},
    )
    reg = read_registry_environment(s)
    assert reg.composed == {**{k.upper(): v for k, v in CORE.items()}, "OK": "fine"}
    assert any("Path is a REG_BINARY" in m for m in reg.messages)
    assert any("GOROOT is a REG_DWORD" in m for m in reg.messages)
    assert not any("NUMBER" in m for m in reg.messages)  # only the variables the rules read are worth a word


def test_a_registry_that_raises_gives_messages_and_the_process_environment():
    broken = Broken()
    s = windows(registry=broken, env={"Path": "C:\\Go\\bin"})
    fake_root(s.files, "C:\\Go", "go1.15.2", windows=True)
    m = machine_facts(s, s.env["Path"], [])
    assert broken.reads == 2
    assert len(m.messages) == 2 and all("Access is denied" in x for x in m.messages)
    [g] = m.gos_on(m.ide_path)
    assert g.level == PROCESS and g.go.version == "go1.15.2"


# --- levels and the go on each PATH -------------------------------------------------------------------------
def _classic() -> FakeSystem:
    files: dict[str, bytes] = {}
    fake_root(files, "C:\\Go", "go1.15.2", windows=True)
    fake_root(files, "C:\\Program Files\\Go", "go1.22.5", windows=True)
    fake_root(files, HOME + "\\scoop\\apps\\go\\1.23.0", "go1.23.0", windows=True)
    return windows(
        system={"Path": esz("%SystemRoot%\\system32;C:\\Go\\bin\\;C:\\Program Files\\Go\\bin")},
        user={"Path": esz("%USERPROFILE%\\scoop\\apps\\go\\1.23.0\\bin")},
        env={
            "Path": "C:\\Windows\\system32;c:\\go\\bin;C:\\Program Files\\Go\\bin;"
            + HOME
            + "\\scoop\\apps\\go\\1.23.0\\bin;D:\\tools\\go1.21\\bin",
        },
        files=files,
    )


def test_each_go_on_a_path_says_which_level_its_folder_comes_from():
    s = _classic()
    fake_root(s.files, "D:\\tools\\go1.21", "go1.21.0", windows=True)
    own = "D:\\mine\\go\\bin;" + s.env["Path"]
    fake_root(s.files, "D:\\mine\\go", "go1.20.0", windows=True)
    m = machine_facts(s, s.env["Path"], [{"PATH": "x"}, {"path": own}, {"GOFLAGS": "-v"}])
    levels = [(g.entry, g.level, g.go.version) for g in m.gos_on(m.ide_path)]
    assert levels == [
        ("c:\\go\\bin", SYSTEM, "go1.15.2"),  # the same folder in another spelling, and without the trailing \
        ("C:\\Program Files\\Go\\bin", SYSTEM, "go1.22.5"),
        (HOME + "\\scoop\\apps\\go\\1.23.0\\bin", USER, "go1.23.0"),
        ("D:\\tools\\go1.21\\bin", PROCESS, "go1.21.0"),  # in neither registry PATH
    ]
    assert next((g.entry, g.level) for g in m.gos_on(own)) == ("D:\\mine\\go\\bin", CONFIGURATION)
    assert m.gos_on("x") == ()
    assert m.gos_on(m.registry_path)[0].entry == "C:\\Go\\bin\\"  # a new process gets the registry's PATH


def test_goroot_says_where_it_comes_from():
    s = _classic()
    s.registry = RecordedRegistry(
        {SYSTEM_ENVIRONMENT: {"GOROOT": sz("C:\\Go")}, USER_ENVIRONMENT: {"GOROOT": sz("C:\\Program Files\\Go")}}
    )
    m = machine_facts(s, s.env["Path"], [])
    assert m.goroot is None  # the editor's environment has none (started before it was set)
    assert (m.registry_goroot.value, m.registry_goroot.level) == ("C:\\Program Files\\Go", USER)
    assert m.registry_goroot.info.version == "go1.22.5"
    s.env["GOROOT"] = "c:\\program files\\go\\"
    assert machine_facts(s, s.env["Path"], []).goroot.level == USER
    s.env["GOROOT"] = "C:\\Go"
    assert machine_facts(s, s.env["Path"], []).goroot.level == SYSTEM
    s.env["GOROOT"] = "D:\\elsewhere"
    g = machine_facts(s, s.env["Path"], []).goroot
    assert g.level == PROCESS and not g.info.exists


def test_other_oses_have_process_levels_only_and_read_no_registry():
    broken = Broken()
    files: dict[str, bytes] = {}
    fake_root(files, "/usr/local/go", "go1.20.1")
    fake_root(files, "/opt/homebrew/Cellar/go/1.23.1/libexec", "go1.23.1")
    links = {"/opt/homebrew/bin/go": "../Cellar/go/1.23.1/libexec/bin/go"}
    env = {"HOME": "/Users/dev", "PATH": "/usr/local/go/bin:/opt/homebrew/bin:/usr/bin", "GOROOT": "/usr/local/go"}
    s = FakeSystem(Host("darwin", "arm64"), "/Users/dev", env=env, files=files, links=links, registry=broken)
    m = machine_facts(s, env["PATH"], [])
    assert broken.reads == 0 and m.registry_path is None and not m.registry.composed
    assert [(g.entry, g.level, g.go.root) for g in m.gos_on(env["PATH"])] == [
        ("/usr/local/go/bin", PROCESS, "/usr/local/go"),
        ("/opt/homebrew/bin", PROCESS, "/opt/homebrew/Cellar/go/1.23.1/libexec"),
    ]
    assert (m.goroot.level, m.goroot.info.version) == (PROCESS, "go1.20.1")


@pytest.mark.parametrize("where", ["process", "registry"])
def test_a_path_of_100000_characters_stays_fast(where):
    huge = ";".join(f"C:\\junk\\{i:06d}" for i in range(10_000))[:100_000] + ";C:\\Go\\bin"
    s = _classic()
    if where == "registry":
        s.registry = RecordedRegistry({SYSTEM_ENVIRONMENT: {"Path": esz(huge)}, USER_ENVIRONMENT: {"Path": esz(huge)}})
    else:
        s.env["Path"] = huge
    start = time.perf_counter()
    m = machine_facts(s, s.env["Path"], [{"PATH": huge + ";D:\\x"}])
    assert time.perf_counter() - start < 5.0
    assert len(s.env["Path"]) > 50_000 or where == "registry"
    if where == "process":
        assert any(f"more than {MAX_PATH_DIRS} folders" in x for x in m.messages)


def test_the_machine_facts_are_kept_in_the_servers_memo():
    s = _classic()
    memo = Memo()
    a = machine_facts(s, s.env["Path"], [], memo)
    b = machine_facts(s, s.env["Path"], [], memo)
    assert a is b and memo.computed == 1
    memo.invalidate(LINKS)  # a toolchain appeared or went away
    assert machine_facts(s, s.env["Path"], [], memo) is not a


# --- the Go MSI's record -----------------------------------------------------------------------------------
def test_the_go_msi_record_is_a_toolchain_source():
    files: dict[str, bytes] = {}
    fake_root(files, "D:\\Lang\\Go", "go1.22.5", windows=True)
    reg = RecordedRegistry({GO_MSI: {"installLocation": sz("D:\\Lang\\Go\\")}})
    s = windows(files=files, registry=reg)
    assert go_msi_location(reg) == "D:\\Lang\\Go\\"
    [t] = [t for t in discover(s, {}) if t.version == "go1.22.5"]
    assert (t.root, t.source) == ("D:\\Lang\\Go", "msi")


@pytest.mark.parametrize(
    "record",
    [{}, {"installLocation": RegValue("REG_DWORD", 3)}, {"installLocation": sz("   ")}, {"InstallLocation": sz(None)}],
)
def test_a_missing_or_odd_msi_record_is_no_toolchain(record):
    reg = RecordedRegistry({GO_MSI: record})
    assert go_msi_location(reg) is None
    assert go_msi_location(Broken()) is None
    assert discover(windows(registry=reg), {}) == []
