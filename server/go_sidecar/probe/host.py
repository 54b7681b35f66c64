"""The machine's native OS and architecture, and whether the sidecar itself runs emulated.

A Python process can be translated: an x86_64 Python on Apple silicon runs under Rosetta and sees
`uname -m` = x86_64; an x64 Python on Windows on ARM sees AMD64. What Delve accepts depends on the
*native* architecture (docs/facts.md, Delve: "can not run under Rosetta"), so the native one is read from the
operating system: macOS sysctls, Windows IsWow64Process2, Linux uname. Nothing here starts a process.

Each OS has a small function of the raw values (`darwin_facts`, `windows_facts`, `linux_facts`) that tests
drive with values recorded on real machines; `RealHostProbe` only gathers those values.
"""

from __future__ import annotations

import os
import sys
from typing import Protocol

from go_sidecar._record import dataclass
from go_sidecar.model import Host
from go_sidecar.probe.system import go_arch, go_os

ROSETTA, X64_ON_ARM64, WOW64 = "rosetta", "x64-on-arm64", "wow64"

# IMAGE_FILE_MACHINE_* (winnt.h), the values IsWow64Process2 returns.
IMAGE_FILE_MACHINE_UNKNOWN = 0
WINDOWS_MACHINES = {0x014C: "386", 0x8664: "amd64", 0xAA64: "arm64", 0x01C4: "arm"}
_MACHINE_OF_ARCH = {arch: machine for machine, arch in WINDOWS_MACHINES.items()}


@dataclass(frozen=True)
class HostFacts:
    os: str  # GOOS of the machine: windows | darwin | linux
    arch: str  # GOARCH of the running process (Python's view)
    native_arch: str  # the machine's native GOARCH
    emulation: str = ""  # "" | "rosetta" | "x64-on-arm64" | "wow64"

    @property
    def emulated(self) -> bool:
        return bool(self.emulation)

    @property
    def host(self) -> Host:
        """The machine as the rules judge it: a dlv or a Go must match the native architecture."""
        return Host(self.os, self.native_arch)

    def to_json(self) -> dict[str, str]:
        return {"os": self.os, "arch": self.arch, "nativeArch": self.native_arch, "emulation": self.emulation}


class HostProbe(Protocol):
    def facts(self) -> HostFacts: ...


# --- the decisions, from raw values --------------------------------------------------------------------


def darwin_facts(machine: str, proc_translated: int | None, hw_optional_arm64: int | None) -> HostFacts:
    """macOS. `machine` is uname's (the process's view); `sysctl.proc_translated` is 1 under Rosetta (absent
    on Intel Macs before 11: None); `hw.optional.arm64` is 1 on Apple silicon, even for translated processes."""
    arch = go_arch(machine)
    if proc_translated == 1:
        return HostFacts("darwin", arch, "arm64", ROSETTA)
    native = "arm64" if hw_optional_arm64 == 1 else arch
    emulation = ROSETTA if native == "arm64" and arch == "amd64" else ""
    return HostFacts("darwin", arch, native, emulation)


def windows_facts(process_machine: int, native_machine: int, python_bits: int, image_machine: int = 0) -> HostFacts:
    """Windows, from IsWow64Process2(GetCurrentProcess()).

    `process_machine` is the WOW64 guest's machine, IMAGE_FILE_MACHINE_UNKNOWN (0) when the process is not
    under WOW64 — and x64 code on ARM64 is emulated *without* WOW64, so it reports 0 as well. The process's
    own machine then comes from `image_machine`, the machine the interpreter was built for
    (`sysconfig.get_platform()`); when that is unknown (0), a 64-bit Python is taken as native.
    """
    native = WINDOWS_MACHINES.get(native_machine, "")
    if process_machine != IMAGE_FILE_MACHINE_UNKNOWN:
        arch = WINDOWS_MACHINES.get(process_machine, "386")
        return HostFacts("windows", arch, native or ("amd64" if arch == "386" else arch), WOW64)
    if image_machine:
        arch = WINDOWS_MACHINES.get(image_machine, native)
    elif python_bits == 64:
        arch = native or "amd64"
    else:
        arch = "arm" if native == "arm" else "386"
    native = native or arch
    emulation = X64_ON_ARM64 if native == "arm64" and arch == "amd64" else ""
    return HostFacts("windows", arch, native, emulation)


def linux_facts(machine: str, python_bits: int = 64) -> HostFacts:
    """Linux: uname's machine is the kernel's. A 32-bit Python on a 64-bit kernel runs natively (compat
    mode, not emulation), so only `arch` differs."""
    native = go_arch(machine)
    arch = native
    if python_bits == 32:
        arch = {"amd64": "386", "arm64": "arm"}.get(native, native)
    return HostFacts("linux", arch, native, "")


# --- probes -------------------------------------------------------------------------------------------


class RealHostProbe:
    """This machine. Read once per probe: the answer cannot change while the process runs."""

    def __init__(self) -> None:
        self._facts: HostFacts | None = None

    def facts(self) -> HostFacts:
        if self._facts is None:
            self._facts = self._read()
        return self._facts

    def _read(self) -> HostFacts:
        goos = go_os()
        bits = 64 if sys.maxsize > 2**32 else 32  # the pointer size, without importing struct
        if sys.platform == "win32":  # goos "windows"; the check type checkers read: os.uname is not there
            process_machine, native_machine = _is_wow64_process2()
            return windows_facts(process_machine, native_machine, bits, _interpreter_machine())
        machine = os.uname().machine
        if goos == "darwin":
            return darwin_facts(machine, _sysctl_int("sysctl.proc_translated"), _sysctl_int("hw.optional.arm64"))
        if goos == "linux":
            return linux_facts(machine, bits)
        arch = go_arch(machine)
        return HostFacts(goos, arch, arch, "")


def _sysctl_int(name: str) -> int | None:
    """sysctlbyname(3) for an int value; None when the name does not exist (or libc cannot be loaded)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)  # the process's own symbols include libSystem's
        fn = libc.sysctlbyname
        fn.argtypes = [
            ctypes.c_char_p,
            ctypes.c_void_p,
            ctypes.POINTER(ctypes.c_size_t),
            ctypes.c_void_p,
            ctypes.c_size_t,
        ]
        fn.restype = ctypes.c_int
        value = ctypes.c_int(0)
        size = ctypes.c_size_t(ctypes.sizeof(value))
        rc = fn(name.encode(), ctypes.byref(value), ctypes.byref(size), None, 0)
    except (OSError, AttributeError, TypeError):
        return None
    return value.value if rc == 0 else None


def _is_wow64_process2() -> tuple[int, int]:
    """(process machine, native machine); falls back to IsWow64Process before Windows 10 1511."""
    if sys.platform != "win32":  # no kernel32
        return 0, 0
    import ctypes

    try:
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32")
        kernel32.GetCurrentProcess.restype = wintypes.HANDLE
        process = kernel32.GetCurrentProcess()
    except (AttributeError, OSError, ImportError, ValueError):
        return 0, 0
    try:
        fn = kernel32.IsWow64Process2
        fn.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.USHORT), ctypes.POINTER(wintypes.USHORT)]
        fn.restype = wintypes.BOOL
        pm, nm = wintypes.USHORT(0), wintypes.USHORT(0)
        if fn(process, ctypes.byref(pm), ctypes.byref(nm)):
            return pm.value, nm.value
    except AttributeError:
        pass
    try:
        old = kernel32.IsWow64Process
        old.argtypes = [wintypes.HANDLE, ctypes.POINTER(wintypes.BOOL)]
        old.restype = wintypes.BOOL
        wow = wintypes.BOOL(0)
        if old(process, ctypes.byref(wow)) and wow.value:
            return 0x014C, 0x8664  # a 32-bit process on 64-bit Windows (there was no ARM64 Windows then)
    except AttributeError:
        pass
    return 0, 0


def _interpreter_machine() -> int:
    """The machine this Python was built for: win-amd64, win-arm64, win32 (sysconfig.get_platform)."""
    import sysconfig

    plat = sysconfig.get_platform().lower()
    arch = {"win-amd64": "amd64", "win-arm64": "arm64", "win32": "386", "win-arm32": "arm"}.get(plat, "")
    return _MACHINE_OF_ARCH.get(arch, 0)
