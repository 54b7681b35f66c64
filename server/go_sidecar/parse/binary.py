"""Executables read without running them: format, GOOS/GOARCH per slice, and the Go build info.

PE, ELF, Mach-O and universal (fat) Mach-O. Only headers, the section table and the section that holds the
Go build info are read, each read bounded: a 100 MB file costs a few KB of I/O, and hostile or truncated input
gives format "unknown" (or no build info) with a reason, never an exception.

Where the build info lives and how it is laid out follows src/debug/buildinfo/buildinfo.go (FACTS.md, "Go
toolchains"): the ELF section `.go.buildinfo`, the Mach-O section `__go_buildinfo`, for PE the first
initialized read/write data section. It starts, 16-byte aligned, with the 14-byte magic `\\xff Go buildinf:`,
a pointer size (byte 14) and flags (byte 15: bit 0 big-endian, bit 1 strings inline). Go 1.18+ writes the
version and the module info inline as two varint-length-prefixed strings after the 32-byte header; older Go
writes two pointers to Go string headers (pointer, length), virtual addresses mapped back to file offsets.
The module info, framed by two 16-byte sentinels, is parsed as runtime/debug.ParseBuildInfo does.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field

MAGIC = b"\xff Go buildinf:"
_HEADER_SIZE = 32
_ALIGN = 16
_SEARCH_LIMIT = 1 << 20  # bytes of the data section searched for the magic (the linker puts it first)
_CHUNK = 64 << 10  # a multiple of _ALIGN, so an aligned magic never straddles two chunks
_STRING_LIMIT = 1 << 20  # longest version or module info string read (a big program's is ~100 KB)
_MAX_SECTIONS = 4096  # Go writes ~30; Windows loads at most 96
_MAX_LOAD_COMMANDS_SIZE = 1 << 20
_MAX_FAT_ARCHES = 32  # more, and 0xcafebabe is a Java class file (its version where nfat_arch would be)

# Reasons start with one of these (details may follow after ": ").
NOT_EXECUTABLE = "not an executable"
NOT_GO = "not a Go binary"
TRUNCATED = "truncated"
SCRIPT = "script (#!)"
EMPTY = "empty file"
UNREADABLE = "unreadable build info"

_PE_MACHINES = {0x14C: "386", 0x8664: "amd64", 0xAA64: "arm64", 0x1C4: "arm", 0x1C0: "arm", 0x5064: "riscv64",
                0x6264: "loong64"}
_ELF_OSABI = {0: "linux", 3: "linux", 9: "freebsd", 2: "netbsd", 12: "openbsd", 6: "solaris"}
_MACHO_CPUS = {7: "386", 0x01000007: "amd64", 12: "arm", 0x0100000C: "arm64", 18: "ppc", 0x01000012: "ppc64"}
_SCN_INIT_RW_DATA = 0x40 | 0x40000000 | 0x80000000  # IMAGE_SCN_CNT_INITIALIZED_DATA | MEM_READ | MEM_WRITE
_SCN_ALIGN_32BYTES = 0x600000


@dataclass(frozen=True)
class BuildInfo:
    go_version: str  # "go1.27.3"
    path: str  # "github.com/go-delve/delve/cmd/dlv" ("" if absent)
    main_module: str  # "github.com/go-delve/delve"
    main_version: str  # "v1.22.1" or "(devel)"
    # build settings: GOOS, GOARCH, CGO_ENABLED, -tags, vcs.revision, ...
    settings: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


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

    @property
    def goos(self) -> str:
        return self.slices[0].goos if self.slices else ""

    @property
    def goarch(self) -> str:
        return self.slices[0].goarch if self.slices else ""


class _Unknown(Exception):
    """The file is not an executable we can read (format "unknown")."""


class _NoBuildInfo(Exception):
    """The headers were read; the build info is missing or unreadable."""


class _Reader:
    """Bounded reads at offsets relative to `base` (a slice of a fat file)."""

    def __init__(self, f, base: int = 0, size: int | None = None):
        self.f, self.base = f, base
        if size is None:
            size = f.seek(0, 2)
        self.size = size

    def read(self, offset: int, n: int) -> bytes:
        """Up to n bytes (fewer at the end of the file)."""
        if n <= 0 or offset < 0 or offset >= self.size:
            return b""
        self.f.seek(self.base + offset)
        return self.f.read(min(n, self.size - offset))

    def exact(self, offset: int, n: int, what: str) -> bytes:
        data = self.read(offset, n)
        if len(data) < n:
            raise _Unknown(f"{TRUNCATED}: {what} past the end of the file")
        return data


@dataclass
class _Image:
    """What the build info search needs from one executable image."""

    slice: Slice
    regions: list[tuple[int, int, int]]  # (virtual address, bytes in the file, file offset)
    data: tuple[int, int] | None  # (virtual address, size) of the section that holds the build info
    where: str  # the section's name, for reasons

    def read_at(self, r: _Reader, addr: int, n: int) -> bytes:
        """Up to n bytes at virtual address addr, not past the end of its region."""
        for start, size, offset in self.regions:
            if start <= addr < start + size:
                return r.read(offset + addr - start, min(n, start + size - addr))
        raise _NoBuildInfo(f"{UNREADABLE}: address {addr:#x} is not in the file")


# --- formats ----------------------------------------------------------------------------------------------------

def _elf(r: _Reader, ident: bytes) -> _Image:
    cls, data = ident[4], ident[5]
    if cls not in (1, 2) or data not in (1, 2):
        raise _Unknown(f"{NOT_EXECUTABLE}: ELF class {cls} / data encoding {data}")
    e = "<" if data == 1 else ">"
    wide = cls == 2
    hdr = r.exact(0, 64 if wide else 52, "ELF header")
    if wide:
        machine, = struct.unpack_from(e + "H", hdr, 18)
        shoff, = struct.unpack_from(e + "Q", hdr, 40)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", hdr, 58)
        sh_fmt, sh_size = e + "IIQQQQIIQQ", 64
    else:
        machine, = struct.unpack_from(e + "H", hdr, 18)
        shoff, = struct.unpack_from(e + "I", hdr, 32)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", hdr, 46)
        sh_fmt, sh_size = e + "IIIIIIIIII", 40
    goarch = _elf_arch(machine, wide, e == "<")
    sl = Slice(_ELF_OSABI.get(ident[7], ""), goarch)
    if shoff == 0:
        raise _NoBuildInfo(f"{NOT_GO}: no ELF section table")
    if shentsize != sh_size:
        raise _Unknown(f"{NOT_EXECUTABLE}: ELF section header size {shentsize}")
    if shnum == 0 or shstrndx == 0xFFFF:  # extended numbering: the real values are in section 0
        s0 = struct.unpack(sh_fmt, r.exact(shoff, sh_size, "ELF section table"))
        shnum = shnum or s0[5]
        shstrndx = s0[6] if shstrndx == 0xFFFF else shstrndx
    if shnum > _MAX_SECTIONS:
        raise _Unknown(f"{NOT_EXECUTABLE}: {shnum} ELF sections")
    table = r.exact(shoff, shnum * sh_size, "ELF section table")
    # (name, type, flags, addr, offset, size, ...)
    sections = [struct.unpack_from(sh_fmt, table, i * sh_size) for i in range(shnum)]
    if not shstrndx < shnum:
        raise _Unknown(f"{NOT_EXECUTABLE}: ELF section name table {shstrndx} of {shnum}")
    names_sec = sections[shstrndx]
    names = r.read(names_sec[4], min(names_sec[5], 1 << 16))
    regions, found = [], None
    for name, typ, flags, addr, offset, size, *_ in sections:
        if typ != 8 and flags & 2:  # not SHT_NOBITS, SHF_ALLOC: mapped from the file
            regions.append((addr, size, offset))
        if found is None and names[name:name + 14] == b".go.buildinfo\0":
            found = (addr, size)
    if found is None:
        raise _NoBuildInfo(f"{NOT_GO}: no .go.buildinfo section")
    return _Image(sl, regions, found, ".go.buildinfo")


def _elf_arch(machine: int, wide: bool, little: bool) -> str:
    simple = {3: "386", 62: "amd64", 183: "arm64", 40: "arm", 22: "s390x", 258: "loong64", 43: "sparc64",
              20: "ppc"}
    if machine in simple:
        return simple[machine]
    if machine == 243:
        return "riscv64" if wide else "riscv"
    if machine == 8:
        return ("mips64" if wide else "mips") + ("le" if little else "")
    if machine == 21:
        return "ppc64le" if little else "ppc64"
    return ""


def _pe(r: _Reader) -> _Image:
    lfanew, = struct.unpack("<I", r.exact(0x3C, 4, "DOS header"))
    coff = r.exact(lfanew, 24, "PE header")
    if coff[:4] != b"PE\0\0":
        raise _Unknown(f"{NOT_EXECUTABLE}: MZ without a PE signature")
    machine, nsections, _, _, _, opt_size, _ = struct.unpack_from("<HHIIIHH", coff, 4)
    sl = Slice("windows", _PE_MACHINES.get(machine, ""))
    if nsections > _MAX_SECTIONS:
        raise _Unknown(f"{NOT_EXECUTABLE}: {nsections} PE sections")
    opt = r.exact(lfanew + 24, min(opt_size, 32), "PE optional header")
    magic = struct.unpack_from("<H", opt)[0] if len(opt) >= 2 else 0
    if magic == 0x20B and len(opt) >= 32:
        image_base, = struct.unpack_from("<Q", opt, 24)
    elif magic == 0x10B and len(opt) >= 32:
        image_base, = struct.unpack_from("<I", opt, 28)
    else:
        raise _Unknown(f"{NOT_EXECUTABLE}: PE optional header magic {magic:#x}")
    table = r.exact(lfanew + 24 + opt_size, nsections * 40, "PE section table")
    regions, found, where = [], None, ""
    for i in range(nsections):
        name, vsize, va, raw_size, raw_off, _, _, _, _, chars = struct.unpack_from("<8sIIIIIIHHI", table, i * 40)
        regions.append((image_base + va, raw_size, raw_off))
        if found is None and va and raw_size and chars & ~_SCN_ALIGN_32BYTES == _SCN_INIT_RW_DATA:
            found, where = (image_base + va, vsize), name.rstrip(b"\0").decode("latin-1")
    if found is None:
        raise _NoBuildInfo(f"{NOT_GO}: no initialized read/write data section")
    return _Image(sl, regions, found, where)


def _macho_header(r: _Reader) -> tuple[str, bool, int, int, Slice]:
    """(byte order, 64-bit, ncmds, sizeofcmds, slice) of a thin Mach-O."""
    head = r.exact(0, 28, "Mach-O header")
    for e in "<>":
        magic, = struct.unpack_from(e + "I", head)
        if magic in (0xFEEDFACE, 0xFEEDFACF):
            break
    else:
        raise _Unknown(f"{NOT_EXECUTABLE}: not a Mach-O header")
    cputype, _, _, ncmds, sizeofcmds = struct.unpack_from(e + "IIIII", head, 4)
    return e, magic == 0xFEEDFACF, ncmds, sizeofcmds, Slice("darwin", _MACHO_CPUS.get(cputype, ""))


def _macho(r: _Reader) -> _Image:
    e, wide, ncmds, sizeofcmds, sl = _macho_header(r)
    if sizeofcmds > _MAX_LOAD_COMMANDS_SIZE or ncmds > sizeofcmds // 8:
        raise _Unknown(f"{NOT_EXECUTABLE}: Mach-O load commands of {sizeofcmds} bytes, {ncmds} commands")
    cmds = r.exact(32 if wide else 28, sizeofcmds, "Mach-O load commands")
    seg_cmd, seg_fmt, sect_fmt = (0x19, e + "16sQQQQiiII", e + "16s16sQQI") if wide else \
        (0x1, e + "16sIIIIiiII", e + "16s16sIII")
    seg_size, sect_size = struct.calcsize(seg_fmt), (80 if wide else 68)
    regions, found = [], None
    pos = 0
    for _ in range(ncmds):
        cmd, size = struct.unpack_from(e + "II", cmds, pos)
        if size < 8 or pos + size > len(cmds):
            raise _Unknown(f"{NOT_EXECUTABLE}: Mach-O load command of {size} bytes")
        if cmd == seg_cmd:
            segname, vmaddr, _, fileoff, filesize, _, _, nsects, _ = struct.unpack_from(seg_fmt, cmds, pos + 8)
            if segname.rstrip(b"\0") != b"__PAGEZERO":
                regions.append((vmaddr, filesize, fileoff))
            if 8 + seg_size + nsects * sect_size > size:
                raise _Unknown(f"{NOT_EXECUTABLE}: Mach-O segment with {nsects} sections in {size} bytes")
            for i in range(nsects):
                sectname, _, addr, sz, _ = struct.unpack_from(sect_fmt, cmds, pos + 8 + seg_size + i * sect_size)
                if found is None and sectname.rstrip(b"\0") == b"__go_buildinfo":
                    found = (addr, sz)
        pos += size
    if found is None:
        raise _NoBuildInfo(f"{NOT_GO}: no __go_buildinfo section")
    return _Image(sl, regions, found, "__go_buildinfo")


def _fat(r: _Reader, head: bytes) -> tuple[tuple[Slice, ...], _Reader]:
    """The slices of a universal binary, and a reader of the first one."""
    wide = head[3] == 0xBF  # 0xcafebabf: 64-bit offsets
    narch, = struct.unpack_from(">I", head, 4)
    if not 0 < narch <= _MAX_FAT_ARCHES:
        raise _Unknown(f"{NOT_EXECUTABLE}: 0xcafebabe with {narch} architectures (a Java class file?)")
    fmt, size = (">IIQQII", 32) if wide else (">IIIII", 20)
    table = r.exact(8, narch * size, "fat Mach-O header")
    slices, first = [], None
    for i in range(narch):
        _, _, offset, length, *_ = struct.unpack_from(fmt, table, i * size)
        if offset + length > r.size:
            raise _Unknown(f"{TRUNCATED}: slice {i + 1} of the universal binary past the end of the file")
        sub = _Reader(r.f, r.base + offset, length)
        slices.append(_macho_header(sub)[4])
        first = first or sub
    return tuple(slices), first


# --- the build info -----------------------------------------------------------------------------------------------

def _search(r: _Reader, image: _Image) -> int:
    addr, size = image.data
    start = (addr + _ALIGN - 1) // _ALIGN * _ALIGN
    end = addr + min(size, _SEARCH_LIMIT)
    while start + _HEADER_SIZE <= end:
        chunk = image.read_at(r, start, min(_CHUNK, end - start))
        if not chunk:
            break
        i = chunk.find(MAGIC)
        while i >= 0 and i % _ALIGN:
            i = chunk.find(MAGIC, i + 1)
        if i >= 0:
            return start + i
        start += len(chunk) // _ALIGN * _ALIGN or _ALIGN
    if size > _SEARCH_LIMIT:
        return _not_found(f"no build info in the first {_SEARCH_LIMIT >> 20} MB of {image.where}")
    return _not_found(f"no build info in {image.where}")


def _not_found(detail: str):
    raise _NoBuildInfo(f"{NOT_GO}: {detail}")


def _uvarint(b: bytes) -> tuple[int, int]:
    value = shift = 0
    for i, byte in enumerate(b[:10]):
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, i + 1
        shift += 7
    raise _NoBuildInfo(f"{UNREADABLE}: bad string length")


def _inline_string(r: _Reader, image: _Image, addr: int) -> tuple[bytes, int]:
    length, n = _uvarint(image.read_at(r, addr, 10))
    if length > _STRING_LIMIT:
        raise _NoBuildInfo(f"{UNREADABLE}: a string of {length} bytes")
    data = image.read_at(r, addr + n, length)
    if len(data) < length:
        raise _NoBuildInfo(f"{TRUNCATED}: build info past the end of its section or file")
    return data, addr + n + length


def _pointed_string(r: _Reader, image: _Image, ptr: int, psize: int, e: str) -> bytes:
    """A Go string (data pointer, length) at virtual address ptr: the format before Go 1.18."""
    fmt = e + ("Q" if psize == 8 else "I")
    hdr = image.read_at(r, ptr, 2 * psize)
    if len(hdr) < 2 * psize:
        raise _NoBuildInfo(f"{TRUNCATED}: build info string header past the end of its section or file")
    data_ptr, length = struct.unpack_from(fmt, hdr)[0], struct.unpack_from(fmt, hdr, psize)[0]
    if length > _STRING_LIMIT:
        raise _NoBuildInfo(f"{UNREADABLE}: a string of {length} bytes")
    data = image.read_at(r, data_ptr, length)
    if len(data) < length:
        raise _NoBuildInfo(f"{TRUNCATED}: build info string past the end of its section or file")
    return data


def _build_info(r: _Reader, image: _Image) -> BuildInfo:
    addr = _search(r, image)
    header = image.read_at(r, addr, _HEADER_SIZE)
    if len(header) < _HEADER_SIZE:
        raise _NoBuildInfo(f"{TRUNCATED}: build info header past the end of its section or file")
    psize, flags = header[14], header[15]
    if flags & 2:  # Go 1.18+: inline strings
        vers, nxt = _inline_string(r, image, addr + _HEADER_SIZE)
        mod, _ = _inline_string(r, image, nxt)
    else:
        if psize not in (4, 8):
            raise _NoBuildInfo(f"{UNREADABLE}: pointer size {psize}")
        e, fmt = (">" if flags & 1 else "<"), ("Q" if psize == 8 else "I")
        vers_ptr, mod_ptr = struct.unpack_from(e + fmt + fmt, header, 16)
        vers = _pointed_string(r, image, vers_ptr, psize, e)
        mod = _pointed_string(r, image, mod_ptr, psize, e)
    if not vers:
        raise _NoBuildInfo(f"{NOT_GO}: empty Go version in the build info")
    # Strip the sentinels framing the module info (cmd/go/internal/modload infoStart/infoEnd).
    mod = mod[16:-16] if len(mod) >= 33 and mod[-17] == 0x0A else b""
    return parse_modinfo(vers.decode("utf-8", "replace"), mod.decode("utf-8", "replace"))


def parse_modinfo(go_version: str, text: str) -> BuildInfo:
    """The module info as runtime/debug.ParseBuildInfo reads it; a malformed line is skipped, not fatal."""
    path = main = main_version = ""
    settings: dict[str, str] = {}
    for line in text.split("\n")[:-1]:  # like ParseBuildInfo, a last line without "\n" is ignored
        word, _, rest = line.partition("\t")
        if word == "path":
            path = rest
        elif word == "mod":
            cols = rest.split("\t")
            if len(cols) in (2, 3):
                main, main_version = cols[0], cols[1]
        elif word == "build" and rest:
            kv = _build_setting(rest)
            if kv is not None:
                settings[kv[0]] = kv[1]
    return BuildInfo(go_version, path, main, main_version, settings)


def _build_setting(kv: str) -> tuple[str, str] | None:
    if kv[0] in "\"`":
        key, n = _unquote_prefix(kv)
        if key is None or kv[n:n + 1] != "=":
            return None
        raw = kv[n + 1:]
    else:
        key, sep, raw = kv.partition("=")
        if not sep or not key:
            return None
    if raw[:1] in ("\"", "`"):
        value, n = _unquote_prefix(raw)
        if value is None or n != len(raw):
            return None
        return key, value
    return key, raw


_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, "'": 39, '"': 34}


def _unquote_prefix(s: str) -> tuple[str | None, int]:
    """A Go quoted string at the start of s (strconv.QuotedPrefix + Unquote): (value, length) or (None, 0)."""
    if s[0] == "`":
        end = s.find("`", 1)
        return (s[1:end].replace("\r", ""), end + 1) if end > 0 else (None, 0)
    out, i = bytearray(), 1
    while i < len(s):
        c = s[i]
        if c == '"':
            return out.decode("utf-8", "replace"), i + 1
        if c == "\n":
            break
        if c != "\\":
            out += c.encode("utf-8", "replace")
            i += 1
            continue
        esc = s[i + 1:i + 2]
        try:
            if esc in _ESCAPES:
                out.append(_ESCAPES[esc])
                i += 2
            elif esc in ("x", "u", "U"):
                width = {"x": 2, "u": 4, "U": 8}[esc]
                code = int(s[i + 2:i + 2 + width], 16)
                if len(s[i + 2:i + 2 + width]) != width:
                    break
                out += bytes([code]) if esc == "x" else chr(code).encode("utf-8", "replace")
                i += 2 + width
            elif esc.isdigit():
                out.append(int(s[i + 1:i + 4], 8) & 0xFF)
                i += 4
            else:
                break
        except ValueError:
            break
    return None, 0


# --- entry points -------------------------------------------------------------------------------------------------

def identify_file(f) -> ExeInfo:
    """What `f` (a seekable binary file object) is; reads only headers and the build info section."""
    try:
        return _identify(_Reader(f))
    except _Unknown as e:
        return ExeInfo("unknown", (), None, reason=str(e))
    except (struct.error, ValueError, IndexError, OverflowError, OSError, MemoryError, UnicodeError) as e:
        return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: {type(e).__name__}: {e}")


def _identify(r: _Reader) -> ExeInfo:
    head = r.read(0, 64)
    if not head:
        return ExeInfo("unknown", (), None, reason=EMPTY)
    if head[:2] == b"#!":
        line = head[2:].split(b"\n")[0].strip().decode("utf-8", "replace")
        return ExeInfo("unknown", (), None, reason=f"{SCRIPT}: {line}" if line else SCRIPT)
    if head[:4] == b"\x7fELF":
        fmt, parse = "elf", (lambda: _elf(r, r.exact(0, 16, "ELF identification")))
    elif head[:2] == b"MZ":
        fmt, parse = "pe", (lambda: _pe(r))
    elif head[:4] in (b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"):
        fmt, parse = "macho", (lambda: _macho(r))
    elif head[:4] in (b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf"):
        slices, first = _fat(r, r.exact(0, 8, "fat Mach-O header"))
        return _with_build_info("macho-fat", slices, first, lambda: _macho(first))
    else:
        return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: unknown magic {head[:4].hex()}")
    try:
        image = parse()
    except _NoBuildInfo:  # the architecture is known: read it again without the build info
        return ExeInfo(fmt, (_slice_only(r, fmt),), None, reason=_reason(parse))
    return _with_build_info(fmt, (image.slice,), r, lambda: image)


def _reason(parse) -> str:
    try:
        parse()
    except _NoBuildInfo as e:
        return str(e)
    return ""


def _with_build_info(fmt: str, slices: tuple[Slice, ...], r: _Reader, parse) -> ExeInfo:
    try:
        image = parse()
        return ExeInfo(fmt, slices, _build_info(r, image))
    except _NoBuildInfo as e:
        return ExeInfo(fmt, slices, None, reason=str(e))


def _slice_only(r: _Reader, fmt: str) -> Slice:
    if fmt == "elf":
        ident = r.exact(0, 20, "ELF header")
        e = "<" if ident[5] == 1 else ">"
        return Slice(_ELF_OSABI.get(ident[7], ""), _elf_arch(struct.unpack_from(e + "H", ident, 18)[0],
                                                              ident[4] == 2, e == "<"))
    if fmt == "pe":
        lfanew, = struct.unpack("<I", r.exact(0x3C, 4, "DOS header"))
        return Slice("windows", _PE_MACHINES.get(struct.unpack("<H", r.exact(lfanew + 4, 2, "PE header"))[0], ""))
    return _macho_header(r)[4]


def identify(path: str) -> ExeInfo:
    """identify_file on the file at path; never raises (an OSError becomes format "unknown")."""
    try:
        with open(path, "rb", buffering=0) as f:
            return identify_file(f)
    except OSError as e:
        return ExeInfo("unknown", (), None, reason=str(e))
