"""An executable read past its magic (parse/binary.py says which format): the headers, the section table, and the
Go build info found through it.

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

Each format reads its section table in one pass that answers both questions asked of it: where the build info's
section is (and how virtual addresses map to the file), and whether DWARF sections are there. A table that
cannot be read costs both answers; what concerns the build info alone (a PE optional header of an unknown kind, a
Mach-O segment whose sections overflow its load command, a missing section) costs only the build info.
"""

from __future__ import annotations

import struct
from typing import TYPE_CHECKING, BinaryIO

from go_sidecar._record import dataclass
from go_sidecar.parse.exeinfo import NOT_EXECUTABLE, NOT_GO, TRUNCATED, UNREADABLE, ExeInfo, Slice

if TYPE_CHECKING:
    from collections.abc import Callable

    from go_sidecar.parse.modinfo import BuildInfo

MAGIC = b"\xff Go buildinf:"
_HEADER_SIZE = 32
_ALIGN = 16
_SEARCH_LIMIT = 1 << 20  # bytes of the data section searched for the magic (the linker puts it first)
_FIRST_CHUNK, _CHUNK = 4 << 10, 64 << 10  # multiples of _ALIGN: an aligned magic never straddles two
_STRING_LIMIT = 256 << 10  # longest version or module info string read (a dependency is a line of ~100 bytes)
_MAX_SECTIONS = 4096  # Go writes ~30; Windows loads at most 96
_MAX_LOAD_COMMANDS_SIZE = 256 << 10  # Go writes ~3 KB
_MAX_FAT_ARCHES = 32  # more, and 0xcafebabe is a Java class file (its version where nfat_arch would be)

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
_DWARF_INFO = (b".debug_info", b".zdebug_info")  # ELF and PE section names
_MACHO_DWARF_INFO = (b"__debug_info", b"__zdebug_info")

# What hostile or truncated bytes can make the readers raise besides their own exceptions.
_READ_ERRORS = (struct.error, ValueError, IndexError, OverflowError, OSError, MemoryError, UnicodeError)


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


@dataclass
class _Table:
    """What one pass over a section table found: the build info's section (or why not), and DWARF."""

    image: _Image | None  # None: `problem` says why the build info cannot be read
    problem: str
    has_dwarf: bool


if TYPE_CHECKING:  # the slices of an executable, and the function that reads its section table
    _Header = tuple[tuple[Slice, ...], Callable[[], _Table]]


# --- formats: each reads its header(s) into slices (or raises _Unknown), and returns them with a function that
# --- reads the section table (or raises _NoBuildInfo: a bad table costs the build info and the DWARF answer)


def _elf(r: _Reader) -> _Header:
    ident = r.exact(0, 16, "ELF identification")
    cls, order = ident[4], ident[5]
    if cls not in (1, 2) or order not in (1, 2):
        raise _Unknown(f"{NOT_EXECUTABLE}: ELF class {cls}, data encoding {order}")
    e, wide = ("<" if order == 1 else ">"), cls == 2
    hdr = r.exact(0, 64 if wide else 52, "ELF header")
    (machine,) = struct.unpack_from(e + "H", hdr, 18)
    sl = Slice(_ELF_OSABI.get(ident[7], ""), _elf_arch(machine, wide, e == "<"))

    def read_table() -> _Table:
        if wide:
            (shoff,) = struct.unpack_from(e + "Q", hdr, 40)
            shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", hdr, 58)
            sh_fmt, sh_size = e + "IIQQQQIIQQ", 64
        else:
            (shoff,) = struct.unpack_from(e + "I", hdr, 32)
            shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", hdr, 46)
            sh_fmt, sh_size = e + "IIIIIIIIII", 40
        if shoff == 0:  # nothing Delve could load either
            return _Table(None, f"{NOT_GO}: no ELF section table", False)
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
        regions, found, dwarf = [], None, False
        for name, typ, flags, addr, offset, size, *_ in sections:
            if typ != 8 and flags & 2:  # not SHT_NOBITS, SHF_ALLOC: mapped from the file
                regions.append((addr, size, offset))
            if found is None and names[name : name + 14] == b".go.buildinfo\0":
                found = (addr, size)
            if not dwarf and typ != 8:  # a NOBITS .debug_info is a stub (objcopy --only-keep-debug)
                end = names.find(b"\0", name)
                dwarf = names[name : end if end >= 0 else None] in _DWARF_INFO
        if found is None:
            return _Table(None, f"{NOT_GO}: no .go.buildinfo section", dwarf)
        return _Table(_Image(r, regions, found, ".go.buildinfo"), "", dwarf)

    return (sl,), read_table


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
    machine, nsections, _, symtab, nsyms, opt_size, _ = struct.unpack_from("<HHIIIHH", coff, 4)

    def read_table() -> _Table:
        if nsections > _MAX_SECTIONS:
            raise _NoBuildInfo(f"{UNREADABLE}: {nsections} PE sections")
        image_base, problem = 0, ""  # the build info needs the image base; DWARF does not
        opt = r.read(lfanew + 24, 32)
        magic = int.from_bytes(opt[:2], "little")
        if len(opt) < 32:
            problem = f"{TRUNCATED}: PE optional header past the end of the file"
        elif magic == 0x20B and opt_size >= 32:
            (image_base,) = struct.unpack_from("<Q", opt, 24)
        elif magic == 0x10B and opt_size >= 32:
            (image_base,) = struct.unpack_from("<I", opt, 28)
        else:
            problem = f"{UNREADABLE}: PE optional header magic {magic:#x}, size {opt_size}"
        table = r.read(lfanew + 24 + opt_size, nsections * 40)
        if len(table) < nsections * 40:
            raise _NoBuildInfo(problem or f"{TRUNCATED}: PE section table past the end of the file")
        regions, found, where, dwarf = [], None, "", False
        for i in range(nsections):
            name, vsize, va, raw_size, raw_off, *_, chars = struct.unpack_from("<8sIIIIIIHHI", table, i * 40)
            regions.append((image_base + va, raw_size, raw_off))
            if found is None and va and raw_size and chars & ~_SCN_ALIGN_32BYTES == _SCN_INIT_RW_DATA:
                found, where = (image_base + va, vsize), name.rstrip(b"\0").decode("latin-1")
            if not dwarf and raw_size:
                long = name.rstrip(b"\0")
                if long.startswith(b"/") and long[1:].isdigit() and symtab:  # a COFF string table offset
                    long = r.read(symtab + nsyms * 18 + int(long[1:]), 32).split(b"\0", 1)[0]
                dwarf = long in _DWARF_INFO
        if problem or found is None:
            return _Table(None, problem or f"{NOT_GO}: no initialized read/write data section", dwarf)
        return _Table(_Image(r, regions, found, where), "", dwarf)

    return (Slice("windows", _PE_MACHINES.get(machine, "")),), read_table


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

    def read_table() -> _Table:
        if sizeofcmds > _MAX_LOAD_COMMANDS_SIZE or ncmds > sizeofcmds // 8:
            raise _NoBuildInfo(f"{UNREADABLE}: {ncmds} Mach-O load commands in {sizeofcmds} bytes")
        cmds = r.exact(32 if wide else 28, sizeofcmds, "Mach-O load commands", _NoBuildInfo)
        seg_cmd, seg_fmt, sect_fmt, sect_size = (
            (0x19, e + "16sQQQQiiII", e + "16s16sQQ", 80) if wide else (0x1, e + "16sIIIIiiII", e + "16s16sII", 68)
        )
        seg_size = struct.calcsize(seg_fmt)
        regions, found, dwarf, problem = [], None, False, ""
        pos = 0
        for _ in range(ncmds):
            if pos + 8 > len(cmds):  # fewer commands than ncmds says: what was read stands
                problem = problem or f"{UNREADABLE}: a Mach-O load command of 0 bytes"
                break
            cmd, size = struct.unpack_from(e + "II", cmds, pos)
            if size < 8 or pos + size > len(cmds):
                problem = problem or f"{UNREADABLE}: a Mach-O load command of {size} bytes"
                if not dwarf:  # the table broke off before a DWARF section was seen
                    raise _NoBuildInfo(problem)
                break
            if cmd == seg_cmd and size < 8 + seg_size:
                problem = problem or f"{UNREADABLE}: a Mach-O segment command of {size} bytes"
            elif cmd == seg_cmd:
                segname, vmaddr, _, fileoff, filesize, _, _, nsects, _ = struct.unpack_from(seg_fmt, cmds, pos + 8)
                if segname.rstrip(b"\0") != b"__PAGEZERO":
                    regions.append((vmaddr, filesize, fileoff))
                fits = (size - 8 - seg_size) // sect_size
                if nsects > fits:
                    problem = problem or f"{UNREADABLE}: a Mach-O segment of {nsects} sections in {size} bytes"
                for i in range(min(nsects, fits)):
                    sectname, _, addr, sz = struct.unpack_from(sect_fmt, cmds, pos + 8 + seg_size + i * sect_size)
                    sectname = sectname.rstrip(b"\0")
                    if found is None and sectname == b"__go_buildinfo":
                        found = (addr, sz)
                    dwarf = dwarf or sectname in _MACHO_DWARF_INFO
            pos += size
        if problem or found is None:
            return _Table(None, problem or f"{NOT_GO}: no __go_buildinfo section", dwarf)
        return _Table(_Image(r, regions, found, "__go_buildinfo"), "", dwarf)

    return (Slice("darwin", _MACHO_CPUS.get(cputype, "")),), read_table


def _fat(r: _Reader) -> _Header:
    """The slices of a universal binary, and the section table of the first one (as Go reads it)."""
    head = r.exact(0, 8, "fat Mach-O header")
    wide = head[3] == 0xBF  # 0xcafebabf: 64-bit offsets
    (narch,) = struct.unpack_from(">I", head, 4)
    if not 0 < narch <= _MAX_FAT_ARCHES:
        raise _Unknown(f"{NOT_EXECUTABLE}: 0xcafebabe with {narch} architectures (a Java class file?)")
    fmt, size = (">IIQQII", 32) if wide else (">IIIII", 20)
    table = r.exact(8, narch * size, "fat Mach-O header")
    slices, tables = [], []
    for i in range(narch):
        _, _, offset, length, *_ = struct.unpack_from(fmt, table, i * size)
        try:
            (sl,), read_table = _macho(_Reader(r.f, r.base + offset, min(length, max(r.size - offset, 0))))
        except _Unknown as e:
            raise _Unknown(f"{e} (slice {i + 1} of a universal binary)") from None
        slices.append(sl)
        tables.append(read_table)
    return tuple(slices), tables[0]


_READERS = {"elf": _elf, "pe": _pe, "macho": _macho, "macho-fat": _fat}


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


# --- entry point --------------------------------------------------------------------------------------------------


def read(f: BinaryIO, fmt: str) -> ExeInfo:
    """The executable `f` whose magic says `fmt` ("elf", "pe", "macho", "macho-fat"); never raises."""
    try:
        return _read(_Reader(f), fmt)
    except _Unknown as e:
        return ExeInfo("unknown", (), None, reason=str(e))
    except _READ_ERRORS as e:
        return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: {type(e).__name__}: {e}")


def _read(r: _Reader, fmt: str) -> ExeInfo:
    slices, read_table = _READERS[fmt](r)
    try:
        table = read_table()
    except _NoBuildInfo as e:
        return ExeInfo(fmt, slices, None, reason=str(e))  # has_dwarf None: the section table cannot be read
    try:
        if table.image is None:
            raise _NoBuildInfo(table.problem)
        return ExeInfo(fmt, slices, _build_info(table.image), has_dwarf=table.has_dwarf)
    except _NoBuildInfo as e:
        return ExeInfo(fmt, slices, None, reason=str(e), has_dwarf=table.has_dwarf)
