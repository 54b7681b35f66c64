"""Executables read without running them: format, GOOS/GOARCH per slice, and the Go build info.

PE, ELF, Mach-O and universal (fat) Mach-O. Only headers, the section table and the section that holds the
Go build info are read, each read bounded: a 100 MB file costs a few KB of I/O, and hostile or truncated input
gives format "unknown" (or no build info) with a reason, never an exception.

Where the build info lives and how it is laid out follows src/debug/buildinfo/buildinfo.go (docs/facts.md, "Go
toolchains"): the ELF section `.go.buildinfo`, the Mach-O section `__go_buildinfo`, for PE the first
initialized read/write data section. It starts, 16-byte aligned, with the 14-byte magic `\\xff Go buildinf:`,
a pointer size (byte 14) and flags (byte 15: bit 0 big-endian, bit 1 strings inline). Go 1.18+ writes the
version and the module info inline as two varint-length-prefixed strings after the 32-byte header; older Go
writes two pointers to Go string headers (pointer, length), virtual addresses mapped back to file offsets.
The module info, framed by two 16-byte sentinels, is parsed as runtime/debug.ParseBuildInfo does (parse/modinfo.py).

Whether the executable has DWARF (`has_dwarf`) is read from the same section tables, by name, as Go's debug/elf,
debug/macho and debug/pe `DWARF()` find the sections Delve loads: ELF `.debug_info`/`.zdebug_info` (not NOBITS:
a stub left by `objcopy --only-keep-debug`), PE `.debug_info`/`.zdebug_info` (long names live in the COFF string
table as `/<offset>`), Mach-O a `__debug_info`/`__zdebug_info` section (Go puts them in the `__DWARF` segment).
`go build -ldflags=-w` (and `-s`, which implies `-w` since Go 1.22) writes none of them.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, Any, BinaryIO

from go_sidecar import fsread
from go_sidecar._record import dataclass

if TYPE_CHECKING:
    from collections.abc import Callable

    from go_sidecar.parse.modinfo import BuildInfo, parse_modinfo

__all__ = ["MAGIC", "BuildInfo", "ExeInfo", "Slice", "identify", "identify_file", "parse_modinfo"]


def __getattr__(name: str) -> Any:
    # BuildInfo and parse_modinfo stay importable from here; parse/modinfo.py loads only when an executable has
    # build info (a cold `sidecar check` of a workspace whose Go roots hold scripts or nothing never needs it).
    if name in ("BuildInfo", "parse_modinfo"):
        from go_sidecar.parse import modinfo

        return getattr(modinfo, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


MAGIC = b"\xff Go buildinf:"
_HEADER_SIZE = 32
_ALIGN = 16
_SEARCH_LIMIT = 1 << 20  # bytes of the data section searched for the magic (the linker puts it first)
_FIRST_CHUNK, _CHUNK = 4 << 10, 64 << 10  # multiples of _ALIGN: an aligned magic never straddles two
_STRING_LIMIT = 256 << 10  # longest version or module info string read (a dependency is a line of ~100 bytes)
_MAX_SECTIONS = 4096  # Go writes ~30; Windows loads at most 96
_MAX_LOAD_COMMANDS_SIZE = 256 << 10  # Go writes ~3 KB
_MAX_FAT_ARCHES = 32  # more, and 0xcafebabe is a Java class file (its version where nfat_arch would be)

# Reasons start with one of these (details may follow after ": ").
NOT_EXECUTABLE = "not an executable"
NOT_GO = "not a Go binary"
TRUNCATED = "truncated"
SCRIPT = "script (#!)"
EMPTY = "empty file"
UNREADABLE = "unreadable build info"

_PE_MACHINES = {
    0x14C: "386",
    0x8664: "amd64",
    0xAA64: "arm64",
    0x1C4: "arm",
    0x1C0: "arm",
    0x5064: "riscv64",
    0x6264: "loong64",
}
_ELF_OSABI = {0: "linux", 3: "linux", 9: "freebsd", 2: "netbsd", 12: "openbsd", 6: "solaris"}
_MACHO_CPUS = {7: "386", 0x01000007: "amd64", 12: "arm", 0x0100000C: "arm64", 18: "ppc", 0x01000012: "ppc64"}
_SCN_INIT_RW_DATA = 0x40 | 0x40000000 | 0x80000000  # IMAGE_SCN_CNT_INITIALIZED_DATA | MEM_READ | MEM_WRITE
_SCN_ALIGN_32BYTES = 0x600000


@dataclass(frozen=True)
class Slice:
    goos: str  # "windows" | "darwin" | "linux" | "" when unknown
    goarch: str  # Go names: "amd64", "386", "arm64", "arm", "riscv64", ...


@dataclass(frozen=True)
class ExeInfo:
    format: str  # "pe" | "elf" | "macho" | "macho-fat" | "unknown"
    slices: tuple[Slice, ...]  # one per architecture (several for a universal Mach-O); empty when unknown
    build_info: BuildInfo | None
    reason: str = ""  # why format is "unknown" or why build info is missing
    # DWARF sections are present (Delve needs them); None when the section table could not be read. A universal
    # Mach-O answers for its first slice, as for the build info.
    has_dwarf: bool | None = None

    @property
    def goos(self) -> str:
        return self.slices[0].goos if self.slices else ""

    @property
    def goarch(self) -> str:
        return self.slices[0].goarch if self.slices else ""


class _Unknown(Exception):
    """The file is not an executable we can read (format "unknown")."""


class _NoBuildInfo(Exception):
    """The format and architecture are known; the build info is missing or unreadable."""


class _Reader:
    """Bounded reads at offsets relative to `base` (a slice of a fat file)."""

    def __init__(self, f: BinaryIO, base: int = 0, size: int | None = None) -> None:
        self.f, self.base = f, base
        self.size = f.seek(0, 2) - base if size is None else size

    def read(self, offset: int, n: int) -> bytes:
        """Up to n bytes (fewer at the end of the file)."""
        if n <= 0 or offset < 0 or offset >= self.size:
            return b""
        self.f.seek(self.base + offset)
        return self.f.read(min(n, self.size - offset))

    def exact(self, offset: int, n: int, what: str, error: type[Exception] = _Unknown) -> bytes:
        data = self.read(offset, n)
        if len(data) < n:
            raise error(f"{TRUNCATED}: {what} past the end of the file")
        return data


@dataclass
class _Image:
    """Where the build info of one executable image is: its section, and how addresses map to the file."""

    r: _Reader
    regions: list[tuple[int, int, int]]  # (virtual address, bytes in the file, file offset)
    data: tuple[int, int]  # (virtual address, size) of the section that holds the build info
    where: str  # the section's name, for reasons

    def span(self, addr: int, n: int) -> tuple[int, int]:
        """(file offset, bytes available up to n) of virtual address addr: fewer at the end of its region."""
        for start, size, offset in self.regions:
            if start <= addr < start + size:
                return offset + addr - start, min(n, start + size - addr)
        raise _NoBuildInfo(f"{UNREADABLE}: address {addr:#x} is not in the file")

    def read_at(self, addr: int, n: int) -> bytes:
        """Up to n bytes at virtual address addr (fewer at the end of its region); the end of the file is an error."""
        offset, want = self.span(addr, n)
        data = self.r.read(offset, want)
        if len(data) < want:
            raise _NoBuildInfo(f"{TRUNCATED}: {self.where} past the end of the file")
        return data


if TYPE_CHECKING:  # the slices of an executable, and the function that finds its build info's section
    _Header = tuple[tuple[Slice, ...], Callable[[], _Image]]


# --- formats: each reads its header(s) into slices (or raises _Unknown), and returns them with a function that
# --- finds the build info's section (or raises _NoBuildInfo: a bad or missing table costs only the build info)


def _elf(r: _Reader) -> _Header:
    ident = r.exact(0, 16, "ELF identification")
    cls, order = ident[4], ident[5]
    if cls not in (1, 2) or order not in (1, 2):
        raise _Unknown(f"{NOT_EXECUTABLE}: ELF class {cls}, data encoding {order}")
    e, wide = ("<" if order == 1 else ">"), cls == 2
    hdr = r.exact(0, 64 if wide else 52, "ELF header")
    (machine,) = struct.unpack_from(e + "H", hdr, 18)
    sl = Slice(_ELF_OSABI.get(ident[7], ""), _elf_arch(machine, wide, e == "<"))

    def locate() -> _Image:
        if wide:
            (shoff,) = struct.unpack_from(e + "Q", hdr, 40)
            shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", hdr, 58)
            sh_fmt, sh_size = e + "IIQQQQIIQQ", 64
        else:
            (shoff,) = struct.unpack_from(e + "I", hdr, 32)
            shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", hdr, 46)
            sh_fmt, sh_size = e + "IIIIIIIIII", 40
        if shoff == 0:
            raise _NoBuildInfo(f"{NOT_GO}: no ELF section table")
        if shentsize != sh_size:
            raise _NoBuildInfo(f"{UNREADABLE}: ELF section header size {shentsize}")
        if shnum == 0 or shstrndx == 0xFFFF:  # extended numbering: the real values are in section 0
            s0 = struct.unpack(sh_fmt, r.exact(shoff, sh_size, "ELF section table", _NoBuildInfo))
            shnum = shnum or s0[5]
            shstrndx = s0[6] if shstrndx == 0xFFFF else shstrndx
        if shnum > _MAX_SECTIONS or shstrndx >= shnum:
            raise _NoBuildInfo(f"{UNREADABLE}: {shnum} ELF sections, names in section {shstrndx}")
        table = r.exact(shoff, shnum * sh_size, "ELF section table", _NoBuildInfo)
        # (name, type, flags, addr, offset, size, link, info, addralign, entsize)
        sections = [struct.unpack_from(sh_fmt, table, i * sh_size) for i in range(shnum)]
        names_sec = sections[shstrndx]
        names = r.exact(names_sec[4], min(names_sec[5], 1 << 16), "ELF section names", _NoBuildInfo)
        regions, found = [], None
        for name, typ, flags, addr, offset, size, *_ in sections:
            if typ != 8 and flags & 2:  # not SHT_NOBITS, SHF_ALLOC: mapped from the file
                regions.append((addr, size, offset))
            if found is None and names[name : name + 14] == b".go.buildinfo\0":
                found = (addr, size)
        if found is None:
            raise _NoBuildInfo(f"{NOT_GO}: no .go.buildinfo section")
        return _Image(r, regions, found, ".go.buildinfo")

    return (sl,), locate


def _elf_arch(machine: int, wide: bool, little: bool) -> str:
    simple = {3: "386", 62: "amd64", 183: "arm64", 40: "arm", 22: "s390x", 258: "loong64", 43: "sparc64", 20: "ppc"}
    if machine in simple:
        return simple[machine]
    if machine == 243:
        return "riscv64" if wide else "riscv"
    if machine == 8:
        return ("mips64" if wide else "mips") + ("le" if little else "")
    if machine == 21:
        return "ppc64le" if little else "ppc64"
    return ""


def _pe(r: _Reader) -> _Header:
    (lfanew,) = struct.unpack("<I", r.exact(0x3C, 4, "DOS header"))
    coff = r.exact(lfanew, 24, "PE header")
    if coff[:4] != b"PE\0\0":
        raise _Unknown(f"{NOT_EXECUTABLE}: MZ without a PE signature")
    machine, nsections, _, _, _, opt_size, _ = struct.unpack_from("<HHIIIHH", coff, 4)

    def locate() -> _Image:
        if nsections > _MAX_SECTIONS:
            raise _NoBuildInfo(f"{UNREADABLE}: {nsections} PE sections")
        opt = r.exact(lfanew + 24, 32, "PE optional header", _NoBuildInfo)
        (magic,) = struct.unpack_from("<H", opt)
        if magic == 0x20B and opt_size >= 32:
            (image_base,) = struct.unpack_from("<Q", opt, 24)
        elif magic == 0x10B and opt_size >= 32:
            (image_base,) = struct.unpack_from("<I", opt, 28)
        else:
            raise _NoBuildInfo(f"{UNREADABLE}: PE optional header magic {magic:#x}, size {opt_size}")
        table = r.exact(lfanew + 24 + opt_size, nsections * 40, "PE section table", _NoBuildInfo)
        regions, found, where = [], None, ""
        for i in range(nsections):
            name, vsize, va, raw_size, raw_off, *_, chars = struct.unpack_from("<8sIIIIIIHHI", table, i * 40)
            regions.append((image_base + va, raw_size, raw_off))
            if found is None and va and raw_size and chars & ~_SCN_ALIGN_32BYTES == _SCN_INIT_RW_DATA:
                found, where = (image_base + va, vsize), name.rstrip(b"\0").decode("latin-1")
        if found is None:
            raise _NoBuildInfo(f"{NOT_GO}: no initialized read/write data section")
        return _Image(r, regions, found, where)

    return (Slice("windows", _PE_MACHINES.get(machine, "")),), locate


def _macho(r: _Reader) -> _Header:
    head = r.exact(0, 28, "Mach-O header")
    for e in "<>":
        (magic,) = struct.unpack_from(e + "I", head)
        if magic in (0xFEEDFACE, 0xFEEDFACF):
            break
    else:
        raise _Unknown(f"{NOT_EXECUTABLE}: not a Mach-O header")
    wide = magic == 0xFEEDFACF
    cputype, _, _, ncmds, sizeofcmds = struct.unpack_from(e + "IIIII", head, 4)

    def locate() -> _Image:
        if sizeofcmds > _MAX_LOAD_COMMANDS_SIZE or ncmds > sizeofcmds // 8:
            raise _NoBuildInfo(f"{UNREADABLE}: {ncmds} Mach-O load commands in {sizeofcmds} bytes")
        cmds = r.exact(32 if wide else 28, sizeofcmds, "Mach-O load commands", _NoBuildInfo)
        seg_cmd, seg_fmt, sect_fmt, sect_size = (
            (0x19, e + "16sQQQQiiII", e + "16s16sQQ", 80) if wide else (0x1, e + "16sIIIIiiII", e + "16s16sII", 68)
        )
        seg_size = struct.calcsize(seg_fmt)
        regions, found = [], None
        pos = 0
        for _ in range(ncmds):
            cmd, size = struct.unpack_from(e + "II", cmds, pos) if pos + 8 <= len(cmds) else (0, 0)
            if size < 8 or pos + size > len(cmds):
                raise _NoBuildInfo(f"{UNREADABLE}: a Mach-O load command of {size} bytes")
            if cmd == seg_cmd:
                segname, vmaddr, _, fileoff, filesize, _, _, nsects, _ = struct.unpack_from(seg_fmt, cmds, pos + 8)
                if segname.rstrip(b"\0") != b"__PAGEZERO":
                    regions.append((vmaddr, filesize, fileoff))
                if 8 + seg_size + nsects * sect_size > size:
                    raise _NoBuildInfo(f"{UNREADABLE}: a Mach-O segment of {nsects} sections in {size} bytes")
                for i in range(nsects):
                    sectname, _, addr, sz = struct.unpack_from(sect_fmt, cmds, pos + 8 + seg_size + i * sect_size)
                    if found is None and sectname.rstrip(b"\0") == b"__go_buildinfo":
                        found = (addr, sz)
            pos += size
        if found is None:
            raise _NoBuildInfo(f"{NOT_GO}: no __go_buildinfo section")
        return _Image(r, regions, found, "__go_buildinfo")

    return (Slice("darwin", _MACHO_CPUS.get(cputype, "")),), locate


def _fat(r: _Reader) -> _Header:
    """The slices of a universal binary, and the build info of the first one (as Go reads it)."""
    head = r.exact(0, 8, "fat Mach-O header")
    wide = head[3] == 0xBF  # 0xcafebabf: 64-bit offsets
    (narch,) = struct.unpack_from(">I", head, 4)
    if not 0 < narch <= _MAX_FAT_ARCHES:
        raise _Unknown(f"{NOT_EXECUTABLE}: 0xcafebabe with {narch} architectures (a Java class file?)")
    fmt, size = (">IIQQII", 32) if wide else (">IIIII", 20)
    table = r.exact(8, narch * size, "fat Mach-O header")
    slices, locates = [], []
    for i in range(narch):
        _, _, offset, length, *_ = struct.unpack_from(fmt, table, i * size)
        try:
            (sl,), locate = _macho(_Reader(r.f, r.base + offset, min(length, max(r.size - offset, 0))))
        except _Unknown as e:
            raise _Unknown(f"{e} (slice {i + 1} of a universal binary)") from None
        slices.append(sl)
        locates.append(locate)
    return tuple(slices), locates[0]


# --- DWARF: the section names only ---------------------------------------------------------------------------------

_DWARF_INFO = (b".debug_info", b".zdebug_info")
_MACHO_DWARF_INFO = (b"__debug_info", b"__zdebug_info")


def _elf_dwarf(r: _Reader) -> bool:
    ident = r.exact(0, 16, "ELF identification")
    e, wide = ("<" if ident[5] == 1 else ">"), ident[4] == 2
    hdr = r.exact(0, 64 if wide else 52, "ELF header")
    if wide:
        (shoff,) = struct.unpack_from(e + "Q", hdr, 40)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", hdr, 58)
        sh_fmt, sh_size = e + "IIQQQQ", 64
    else:
        (shoff,) = struct.unpack_from(e + "I", hdr, 32)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", hdr, 46)
        sh_fmt, sh_size = e + "IIIIII", 40
    if shoff == 0:
        return False  # no section table: nothing Delve could load
    if shentsize != sh_size:
        raise _Unknown(f"{UNREADABLE}: ELF section header size {shentsize}")
    if shnum == 0 or shstrndx == 0xFFFF:
        s0 = r.exact(shoff, sh_size, "ELF section table")
        shnum = shnum or struct.unpack_from(sh_fmt, s0)[5]
        if shstrndx == 0xFFFF:
            (shstrndx,) = struct.unpack_from(e + "I", s0, 40 if wide else 24)  # sh_link
    if shnum > _MAX_SECTIONS or shstrndx >= shnum:
        raise _Unknown(f"{UNREADABLE}: {shnum} ELF sections")
    table = r.exact(shoff, shnum * sh_size, "ELF section table")
    sections = [struct.unpack_from(sh_fmt, table, i * sh_size) for i in range(shnum)]
    names_sec = sections[shstrndx]
    names = r.exact(names_sec[4], min(names_sec[5], 1 << 16), "ELF section names")
    for name, typ, *_ in sections:
        end = names.find(b"\0", name)
        if typ != 8 and names[name : end if end >= 0 else None] in _DWARF_INFO:  # 8: SHT_NOBITS
            return True
    return False


def _pe_dwarf(r: _Reader) -> bool:
    (lfanew,) = struct.unpack("<I", r.exact(0x3C, 4, "DOS header"))
    coff = r.exact(lfanew, 24, "PE header")
    _, nsections, _, symtab, nsyms, opt_size, _ = struct.unpack_from("<HHIIIHH", coff, 4)
    if nsections > _MAX_SECTIONS:
        raise _Unknown(f"{UNREADABLE}: {nsections} PE sections")
    table = r.exact(lfanew + 24 + opt_size, nsections * 40, "PE section table")
    for i in range(nsections):
        name, raw_size = struct.unpack_from("<8s8xI", table, i * 40)
        name = name.rstrip(b"\0")
        if name.startswith(b"/") and name[1:].isdigit() and symtab:  # a long name: COFF string table offset
            long = r.read(symtab + nsyms * 18 + int(name[1:]), 32)
            name = long.split(b"\0", 1)[0]
        if name in _DWARF_INFO and raw_size:
            return True
    return False


def _macho_dwarf(r: _Reader) -> bool:
    head = r.exact(0, 28, "Mach-O header")
    e = "<" if struct.unpack_from("<I", head)[0] in (0xFEEDFACE, 0xFEEDFACF) else ">"
    wide = struct.unpack_from(e + "I", head)[0] == 0xFEEDFACF
    ncmds, sizeofcmds = struct.unpack_from(e + "II", head, 16)
    if sizeofcmds > _MAX_LOAD_COMMANDS_SIZE or ncmds > sizeofcmds // 8:
        raise _Unknown(f"{UNREADABLE}: {ncmds} Mach-O load commands in {sizeofcmds} bytes")
    cmds = r.exact(32 if wide else 28, sizeofcmds, "Mach-O load commands")
    seg_cmd, seg_size, sect_size, nsects_at = (0x19, 64, 80, 56) if wide else (0x1, 48, 68, 40)
    pos = 0
    for _ in range(ncmds):
        if pos + 8 > len(cmds):
            break
        cmd, size = struct.unpack_from(e + "II", cmds, pos)
        if size < 8 or pos + size > len(cmds):
            raise _Unknown(f"{UNREADABLE}: a Mach-O load command of {size} bytes")
        if cmd == seg_cmd and size >= 8 + seg_size:
            (nsects,) = struct.unpack_from(e + "I", cmds, pos + 8 + nsects_at)
            for i in range(min(nsects, (size - 8 - seg_size) // sect_size)):
                sectname = cmds[pos + 8 + seg_size + i * sect_size :][:16].rstrip(b"\0")
                if sectname in _MACHO_DWARF_INFO:
                    return True
        pos += size
    return False


def _fat_dwarf(r: _Reader) -> bool:
    head = r.exact(0, 8, "fat Mach-O header")
    fmt, size = (">IIQQII", 32) if head[3] == 0xBF else (">IIIII", 20)
    _, _, offset, length, *_ = struct.unpack_from(fmt, r.exact(8, size, "fat Mach-O header"))
    return _macho_dwarf(_Reader(r.f, r.base + offset, min(length, max(r.size - offset, 0))))


_DWARF_READERS = {"elf": _elf_dwarf, "pe": _pe_dwarf, "macho": _macho_dwarf, "macho-fat": _fat_dwarf}


def _has_dwarf(r: _Reader, fmt: str) -> bool | None:
    """Whether the image has DWARF debug info; None when its section table cannot be read."""
    try:
        return _DWARF_READERS[fmt](r)
    except (_Unknown, struct.error, ValueError, IndexError, OverflowError, OSError, MemoryError):
        return None


# --- the build info -----------------------------------------------------------------------------------------------


def _search(image: _Image) -> int:
    """The address of the build info: the first 16-byte aligned magic in the section's first _SEARCH_LIMIT."""
    addr, size = image.data
    start = (addr + _ALIGN - 1) // _ALIGN * _ALIGN
    end = addr + min(size, _SEARCH_LIMIT)
    chunk_size = _FIRST_CHUNK  # the linker puts the build info first: most files need one small read
    while start + _HEADER_SIZE <= end:
        want, chunk_size = min(chunk_size, end - start), _CHUNK
        offset, available = image.span(start, want)
        chunk = image.r.read(offset, available)
        i = chunk.find(MAGIC)
        while i >= 0 and i % _ALIGN:
            i = chunk.find(MAGIC, i + 1)
        if i >= 0:
            return start + i
        if len(chunk) < available:
            raise _NoBuildInfo(f"{TRUNCATED}: {image.where} past the end of the file")
        if available < want:  # the rest of the section is not in the file (zero-filled in memory)
            break
        start += want
    limit = f"the first {_SEARCH_LIMIT >> 20} MB of " if size > _SEARCH_LIMIT else ""
    raise _NoBuildInfo(f"{NOT_GO}: no build info in {limit}{image.where}")


def _uvarint(b: bytes) -> tuple[int, int]:
    value = shift = 0
    for i, byte in enumerate(b[:10]):
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i + 1
        shift += 7
    raise _NoBuildInfo(f"{UNREADABLE}: bad string length")


def _inline_string(image: _Image, addr: int) -> tuple[bytes, int]:
    length, n = _uvarint(image.read_at(addr, 10))
    if length > _STRING_LIMIT:
        raise _NoBuildInfo(f"{UNREADABLE}: a string of {length} bytes")
    data = image.read_at(addr + n, length)
    if len(data) < length:
        raise _NoBuildInfo(f"{TRUNCATED}: build info past the end of its section or file")
    return data, addr + n + length


def _pointed_string(image: _Image, ptr: int, psize: int, e: str) -> bytes:
    """A Go string (data pointer, length) at virtual address ptr: the format before Go 1.18."""
    fmt = e + ("Q" if psize == 8 else "I")
    hdr = image.read_at(ptr, 2 * psize)
    if len(hdr) < 2 * psize:
        raise _NoBuildInfo(f"{TRUNCATED}: build info string header past the end of its section or file")
    data_ptr, length = struct.unpack_from(fmt, hdr)[0], struct.unpack_from(fmt, hdr, psize)[0]
    if length > _STRING_LIMIT:
        raise _NoBuildInfo(f"{UNREADABLE}: a string of {length} bytes")
    data = image.read_at(data_ptr, length)
    if len(data) < length:
        raise _NoBuildInfo(f"{TRUNCATED}: build info string past the end of its section or file")
    return data


def _build_info(image: _Image) -> BuildInfo:
    addr = _search(image)
    header = image.read_at(addr, _HEADER_SIZE)
    if len(header) < _HEADER_SIZE:
        raise _NoBuildInfo(f"{TRUNCATED}: build info header past the end of its section or file")
    psize, flags = header[14], header[15]
    if flags & 2:  # Go 1.18+: inline strings
        vers, nxt = _inline_string(image, addr + _HEADER_SIZE)
        mod, _ = _inline_string(image, nxt)
    else:
        if psize not in (4, 8):
            raise _NoBuildInfo(f"{UNREADABLE}: pointer size {psize}")
        e, fmt = (">" if flags & 1 else "<"), ("Q" if psize == 8 else "I")
        vers_ptr, mod_ptr = struct.unpack_from(e + fmt + fmt, header, 16)
        vers = _pointed_string(image, vers_ptr, psize, e)
        mod = _pointed_string(image, mod_ptr, psize, e)
    if not vers:
        raise _NoBuildInfo(f"{NOT_GO}: empty Go version in the build info")
    # Strip the sentinels framing the module info (cmd/go/internal/modload infoStart/infoEnd).
    mod = mod[16:-16] if len(mod) >= 33 and mod[-17] == 0x0A else b""
    from go_sidecar.parse.modinfo import parse_modinfo

    return parse_modinfo(vers.decode("utf-8", "replace"), mod.decode("utf-8", "replace"))


# --- entry points -------------------------------------------------------------------------------------------------


def identify_file(f: BinaryIO) -> ExeInfo:
    """What `f` (a seekable binary file object) is; reads only headers and the build info section."""
    try:
        return _identify(_Reader(f))
    except _Unknown as e:
        return ExeInfo("unknown", (), None, reason=str(e))
    except (struct.error, ValueError, IndexError, OverflowError, OSError, MemoryError, UnicodeError) as e:
        return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: {type(e).__name__}: {e}")


_FORMATS = (  # (magic prefixes, format, reader)
    ((b"\x7fELF",), "elf", _elf),
    ((b"MZ",), "pe", _pe),
    ((b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"), "macho", _macho),
    ((b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf"), "macho-fat", _fat),
)


def _identify(r: _Reader) -> ExeInfo:
    head = r.read(0, 64)
    if not head:
        return ExeInfo("unknown", (), None, reason=EMPTY)
    if head[:2] == b"#!":
        line = head[2:].split(b"\n")[0].strip().decode("utf-8", "replace")
        return ExeInfo("unknown", (), None, reason=f"{SCRIPT}: {line}" if line else SCRIPT)
    for magics, fmt, read_header in _FORMATS:
        if head.startswith(magics):
            break
    else:
        return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: unknown magic {head[:4].hex()}")
    slices, locate = read_header(r)
    dwarf = _has_dwarf(r, fmt)
    try:
        return ExeInfo(fmt, slices, _build_info(locate()), has_dwarf=dwarf)
    except _NoBuildInfo as e:
        return ExeInfo(fmt, slices, None, reason=str(e), has_dwarf=dwarf)


def identify(path: str) -> ExeInfo:
    """identify_file on the file at path; never raises (an OSError becomes format "unknown")."""
    try:
        with fsread.open_regular(path) as f:  # a FIFO would block a plain open(); a device never ends
            return identify_file(f)
    except (fsread.NotRegularFile, IsADirectoryError) as e:
        return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: {e.strerror}")
    except (OSError, ValueError, TypeError) as e:  # ValueError: a NUL in the path; TypeError: not a path
        return ExeInfo("unknown", (), None, reason=str(e))
