"""Host facts: each recorded machine through the raw-value functions, and the real probe on this machine."""

from __future__ import annotations

import os
import struct

import pytest

from go_sidecar.model import Host
from go_sidecar.probe import host as host_mod
from go_sidecar.probe.host import (
    HostFacts,
    RealHostProbe,
    darwin_facts,
    linux_facts,
    windows_facts,
)
from go_sidecar.probe.system import go_arch
from go_sidecar.testing import RECORDED, RecordedHostProbe

# What each machine's OS answers (uname -m; sysctl sysctl.proc_translated / hw.optional.arm64;
# IsWow64Process2's process and native machine, the interpreter's build machine).
RAW = {
    "apple-silicon-native": (darwin_facts, ("arm64", 0, 1)),
    "apple-silicon-rosetta": (darwin_facts, ("x86_64", 1, 1)),
    "mac-intel": (darwin_facts, ("x86_64", None, None)),  # macOS 10.15: neither sysctl exists
    "windows-arm64-x64-python": (windows_facts, (0x0000, 0xAA64, 64, 0x8664)),  # x64 emulation is not WOW64
    "windows-arm64": (windows_facts, (0x0000, 0xAA64, 64, 0xAA64)),
    "windows-amd64": (windows_facts, (0x0000, 0x8664, 64, 0x8664)),
    "windows-amd64-wow64": (windows_facts, (0x014C, 0x8664, 32, 0x014C)),
    "linux-amd64": (linux_facts, ("x86_64",)),
    "linux-arm64": (linux_facts, ("aarch64",)),
}


def test_every_recorded_machine_has_raw_values():
    assert set(RAW) == set(RECORDED)
    for name in (
        "apple-silicon-native",
        "apple-silicon-rosetta",
        "windows-arm64-x64-python",
        "windows-amd64",
        "windows-amd64-wow64",
        "linux-amd64",
        "linux-arm64",
    ):
        assert name in RECORDED


@pytest.mark.parametrize("name", sorted(RAW))
def test_raw_values_give_the_recorded_facts(name):
    fn, args = RAW[name]
    assert fn(*args) == RECORDED[name]
    assert RecordedHostProbe(name).facts() == RECORDED[name]


def test_emulation_and_the_host_rules_judge_by():
    rosetta = RECORDED["apple-silicon-rosetta"]
    assert rosetta.emulated and rosetta.emulation == "rosetta"
    assert rosetta.arch == "amd64" and rosetta.host == Host("darwin", "arm64")
    x64 = RECORDED["windows-arm64-x64-python"]
    assert x64.emulated and x64.host == Host("windows", "arm64")
    wow = RECORDED["windows-amd64-wow64"]
    assert wow.emulated and wow.arch == "386" and wow.host == Host("windows", "amd64")
    assert not RECORDED["linux-arm64"].emulated
    assert rosetta.to_json() == {"os": "darwin", "arch": "amd64", "nativeArch": "arm64", "emulation": "rosetta"}


def test_darwin_without_proc_translated_but_arm64_hardware():
    # A translated process whose sysctl.proc_translated read failed: hw.optional.arm64 still tells.
    assert darwin_facts("x86_64", None, 1) == HostFacts("darwin", "amd64", "arm64", "rosetta")
    assert darwin_facts("arm64", None, None) == HostFacts("darwin", "arm64", "arm64", "")


def test_windows_variants():
    # 32-bit x86 code on Windows on ARM also runs under WOW64.
    assert windows_facts(0x014C, 0xAA64, 32) == HostFacts("windows", "386", "arm64", "wow64")
    # Interpreter build unknown: a 64-bit Python is taken as native.
    assert windows_facts(0, 0xAA64, 64) == HostFacts("windows", "arm64", "arm64", "")
    assert windows_facts(0, 0x8664, 64) == HostFacts("windows", "amd64", "amd64", "")
    # IsWow64Process2 missing (0, 0): a 64-bit Python on a 64-bit Windows of the time.
    assert windows_facts(0, 0, 64, 0x8664) == HostFacts("windows", "amd64", "amd64", "")
    assert windows_facts(0, 0, 64) == HostFacts("windows", "amd64", "amd64", "")


def test_linux_32_bit_python_on_a_64_bit_kernel_is_not_emulation():
    assert linux_facts("x86_64", 32) == HostFacts("linux", "386", "amd64", "")
    assert linux_facts("aarch64", 32) == HostFacts("linux", "arm", "arm64", "")
    assert linux_facts("riscv64") == HostFacts("linux", "riscv64", "riscv64", "")


def test_recorded_probe_takes_facts_or_a_name():
    facts = HostFacts("linux", "arm64", "arm64")
    assert RecordedHostProbe(facts).facts() is facts
    with pytest.raises(ValueError, match="unknown recorded host 'plan9'.*linux-amd64"):
        RecordedHostProbe("plan9")


@pytest.mark.skipif(not hasattr(os, "uname") or os.uname().sysname != "Linux", reason="Linux only")
def test_real_probe_on_this_linux_machine():
    probe = RealHostProbe()
    facts = probe.facts()
    assert probe.facts() is facts  # read once
    native = go_arch(os.uname().machine)
    assert facts.os == "linux" and facts.native_arch == native and not facts.emulated
    bits = struct.calcsize("P") * 8
    assert facts == linux_facts(os.uname().machine, bits)


@pytest.mark.skipif(not hasattr(os, "uname") or os.uname().sysname != "Linux", reason="Linux only")
def test_os_readers_fail_soft_elsewhere():
    # glibc has no sysctlbyname and Linux no kernel32: both readers answer "unknown", never raise.
    assert host_mod._sysctl_int("sysctl.proc_translated") is None
    assert host_mod._is_wow64_process2() == (0, 0)
    assert host_mod._interpreter_machine() == 0
