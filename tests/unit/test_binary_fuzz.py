"""The executable reader on truncated, mutated, hostile and random input: it never raises, and its reads stay
bounded (no unbounded read(), a few MB at most even when a header claims a 50 MB section of a 60 MB file).

The inputs are the real Go binaries of tests/fixtures_go.py, cut or changed in memory through a file object
that counts what is read.
"""

from __future__ import annotations

import io
import struct
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from go_sidecar.parse.binary import MAGIC, ExeInfo, identify, identify_file
from tests.fixtures_go import fake_delve, fat_macho, go_binaries, go_fixtures  # noqa: F401 - pytest fixtures

READ_BOUND = 4 << 20  # bytes one identify may read, whatever the file says
BIG = 60 << 20  # the size hostile files are padded to (sparse: f.truncate)
FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


class View(io.RawIOBase):
    """`data` as a seekable file, cut at `size`, with bytes changed at some offsets (`patches`), counting every
    byte read; read() must say how much. Nothing is copied but what is read."""

    def __init__(self, data: bytes, size: int | None = None, patches: dict[int, int] | None = None):
        self.data = memoryview(data)[: size if size is not None else len(data)]
        self.patches = patches or {}
        self.pos = 0
        self.read_bytes = 0
        self.largest = 0

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = 0) -> int:
        self.pos = {0: 0, 1: self.pos, 2: len(self.data)}[whence] + offset
        return self.pos

    def tell(self) -> int:
        return self.pos

    def read(self, n: int = -1) -> bytes:
        assert n is not None and n >= 0, "an unbounded read"
        out = bytes(self.data[self.pos : self.pos + n])
        hits = [o for o in self.patches if self.pos <= o < self.pos + len(out)]
        if hits:
            changed = bytearray(out)
            for o in hits:
                changed[o - self.pos] = self.patches[o]
            out = bytes(changed)
        self.pos += len(out)
        self.read_bytes += len(out)
        self.largest = max(self.largest, n)
        return out


class Counting:
    """A real file object, counting what is read from it."""

    def __init__(self, f):
        self.f, self.read_bytes = f, 0

    def seek(self, *a):
        return self.f.seek(*a)

    def tell(self):
        return self.f.tell()

    def read(self, n=-1):
        assert n is not None and n >= 0, "an unbounded read"
        out = self.f.read(n)
        self.read_bytes += len(out)
        return out


def well_formed(info: ExeInfo) -> None:
    assert isinstance(info, ExeInfo) and isinstance(info.reason, str)
    if info.format == "unknown":
        assert info.slices == () and info.build_info is None and info.reason
    else:
        assert info.format in ("pe", "elf", "macho", "macho-fat") and info.slices
    if info.build_info is None:
        assert info.reason
    else:
        assert isinstance(info.build_info.settings, dict)


def check(data: bytes, size: int | None = None, patches: dict[int, int] | None = None) -> ExeInfo:
    view = View(data, size, patches)
    info = identify_file(view)
    well_formed(info)
    assert view.read_bytes <= READ_BOUND and view.largest <= READ_BOUND
    return info


@pytest.fixture(scope="module")
def samples(go_binaries, fat_macho, fake_delve) -> dict[str, tuple[bytes, ExeInfo]]:
    paths = dict(go_binaries, fat=fat_macho, dlv=fake_delve("1.22.1", "windows", "arm64", "exp.winarm64"))
    return {name: (p.read_bytes(), identify(str(p))) for name, p in paths.items()}


@pytest.fixture(scope="module")
def hot_offsets(samples) -> dict[str, list[int]]:
    return {name: interesting_offsets(data) for name, (data, _) in samples.items()}


def interesting_offsets(data: bytes) -> list[int]:
    """Where a cut matters: the headers (every byte) and load commands (every 4th) at the start, every byte of
    the build info blob, the end (ELF section names), the slices of a fat file, one offset per page elsewhere."""
    offsets = set(range(512)) | set(range(512, 4200, 4)) | set(range(0, len(data), 4096))
    offsets |= set(range(len(data) - 1024, len(data) + 1))
    magic = data.find(MAGIC)
    while magic >= 0:
        offsets |= set(range(magic - 2, magic + 1200))
        magic = data.find(MAGIC, magic + 1)
    if data[:4] == b"\xca\xfe\xba\xbe":
        for i in range(struct.unpack_from(">I", data, 4)[0]):
            offset = struct.unpack_from(">I", data, 8 + 20 * i + 8)[0]
            offsets |= set(range(offset - 2, offset + 512)) | set(range(offset + 512, offset + 4200, 4))
    return sorted(o for o in offsets if 0 <= o <= len(data))


def test_every_interesting_truncation(samples, hot_offsets):
    """A cut file is "unknown", or the same format and slices with the same build info or none (and why)."""
    for name, (data, full) in samples.items():
        assert full.build_info is not None
        for size in hot_offsets[name]:
            got = check(data, size)
            if got.format == "unknown":
                continue
            assert (got.format, got.slices) == (full.format, full.slices), (name, size)
            if got.build_info is not None:
                assert got.build_info == full.build_info, (name, size)
                assert got.build_info.settings == full.build_info.settings, (name, size)


_INTS = st.sampled_from(
    [0, 1, 2, 0x7F, 0x80, 0xFF, 0xFFFF, 0x7FFFFFFF, 0xFFFFFFFF, 1 << 32, 1 << 63, (1 << 64) - 1]
) | st.integers(0, (1 << 64) - 1)


@FUZZ
@given(st.data())
def test_mutated_binaries_never_raise(samples, hot_offsets, data):
    name = data.draw(st.sampled_from(sorted(samples)), label="sample")
    blob, _ = samples[name]
    patches: dict[int, int] = {}
    hot = hot_offsets[name]
    anywhere = st.integers(0, len(blob) - 8)
    for _ in range(data.draw(st.integers(1, 12), label="mutations")):
        at = data.draw(st.sampled_from(hot).map(lambda o: min(o, len(blob) - 8)) | anywhere, label="offset")
        if data.draw(st.booleans(), label="field"):
            width, order = data.draw(st.sampled_from([(2, "<H"), (4, "<I"), (8, "<Q"), (4, ">I"), (8, ">Q")]))
            value = struct.pack(order, data.draw(_INTS, label="value") % (1 << (8 * width)))
            patches.update({at + i: b for i, b in enumerate(value)})
        else:
            patches[at] = data.draw(st.integers(0, 255), label="byte")
    cut = data.draw(st.none() | st.integers(0, len(blob)), label="cut")
    check(blob, cut, patches)


_PREFIXES = [
    b"",
    b"\x7fELF\x01\x01\x01",
    b"\x7fELF\x02\x01\x09",
    b"\x7fELF\x02\x02\x00",
    b"MZ",
    b"\xca\xfe\xba\xbe\x00\x00\x00\x02",
    b"\xca\xfe\xba\xbf\x00\x00\x00\x01",
    b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa\xce",
    b"\xce\xfa\xed\xfe",
    b"#!",
    MAGIC,
]


@FUZZ
@given(st.sampled_from(_PREFIXES), st.binary(max_size=2048))
def test_random_bytes_never_raise(prefix, tail):
    check(prefix + tail)


@FUZZ
@given(st.sampled_from(_PREFIXES), st.binary(max_size=512), st.integers(0, 64))
def test_random_headers_with_a_real_body_never_raise(samples, prefix, head, where):
    """Random bytes over the start of a real binary (so offsets land in real data)."""
    blob, _ = samples["linux/amd64"]
    start = min(where * 16, len(blob))
    check(blob[:start] + prefix + head + blob[start + len(prefix) + len(head) :])


# --- big files: bounded reads for real --------------------------------------------------------------------------


def padded(tmp_path: Path, name: str, data: bytes) -> Path:
    """`data` followed by a sparse tail up to 60 MB (nothing is written for the tail)."""
    p = tmp_path / name
    with open(p, "wb") as f:
        f.write(data)
        f.truncate(BIG)
    return p


def identify_counting(path: Path) -> tuple[ExeInfo, int]:
    with open(path, "rb") as f:
        counting = Counting(f)
        info = identify_file(counting)
    well_formed(info)
    return info, counting.read_bytes


@pytest.mark.parametrize("name", ["linux/amd64", "windows/amd64", "darwin/arm64", "fat"])
def test_real_binary_padded_to_60_mb(samples, tmp_path, name):
    data, full = samples[name]
    info, read = identify_counting(padded(tmp_path, "big", data))
    assert info == full and info.build_info.settings == full.build_info.settings
    assert read <= 256 << 10, read  # headers and one section: a small part even of the 1.5 MB original
    assert check(data).build_info == full.build_info  # the same in memory


def _patch_sizes(data: bytearray, name: str, remove_magic: bool = True) -> None:
    """Claim that the build info's section is 50 MB, and remove the magic: a search that must stop early."""
    huge = 50 << 20
    if name == "linux/amd64":  # ELF64: the section header of .go.buildinfo, found through its name
        (shoff,) = struct.unpack_from("<Q", data, 40)
        shnum, shstrndx = struct.unpack_from("<HH", data, 60)
        names_off = struct.unpack_from("<Q", data, shoff + shstrndx * 64 + 24)[0]
        for i in range(shnum):
            sh = shoff + i * 64
            if data[names_off + struct.unpack_from("<I", data, sh)[0] :].startswith(b".go.buildinfo\0"):
                struct.pack_into("<Q", data, sh + 32, huge)
    elif name == "windows/amd64":  # PE: every section's VirtualSize and SizeOfRawData
        (lfanew,) = struct.unpack_from("<I", data, 0x3C)
        (nsect,) = struct.unpack_from("<H", data, lfanew + 6)
        table = lfanew + 24 + struct.unpack_from("<H", data, lfanew + 20)[0]
        for i in range(nsect):
            struct.pack_into("<I", data, table + 40 * i + 8, huge)
            struct.pack_into("<I", data, table + 40 * i + 16, huge)
    else:  # Mach-O 64: section __go_buildinfo's size and segment __DATA's filesize
        sect = data.find(b"__go_buildinfo\0\0__DATA\0")
        struct.pack_into("<Q", data, sect + 40, huge)
        seg = data.find(b"__DATA" + b"\0" * 10) - 8  # segname is 8 bytes into segment_command_64
        struct.pack_into("<Q", data, seg + 48, huge)
    if remove_magic:
        magic = data.find(MAGIC)
        data[magic : magic + len(MAGIC)] = b"\0" * len(MAGIC)


@pytest.mark.parametrize("name", ["linux/amd64", "windows/amd64", "darwin/arm64"])
def test_huge_section_without_build_info_is_searched_only_so_far(samples, tmp_path, name):
    data = bytearray(samples[name][0])
    _patch_sizes(data, name)
    info, read = identify_counting(padded(tmp_path, "hostile", bytes(data)))
    assert info.format == samples[name][1].format and info.build_info is None
    assert info.reason.startswith("not a Go binary: no build info in the first 1 MB"), info.reason
    assert read <= (1 << 20) + (512 << 10), read


@pytest.mark.parametrize("length", [1 << 40, (1 << 64) - 1, 300 << 10, 200 << 10])
def test_huge_string_lengths(samples, tmp_path, length):
    """A version string as long as the (50 MB) section says it may be: read only up to a limit."""
    data = bytearray(samples["linux/amd64"][0])
    _patch_sizes(data, "linux/amd64", remove_magic=False)
    magic = data.find(MAGIC)
    varint, n = bytearray(), length
    while True:
        varint.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            break
    data[magic + 32 : magic + 32 + len(varint)] = varint  # the version string's length
    info, read = identify_counting(padded(tmp_path, "strings", bytes(data)))
    assert info.format == "elf"
    if length > 256 << 10:
        assert info.build_info is None and info.reason == f"unreadable build info: a string of {length} bytes"
    assert read <= 512 << 10, read


def test_script_padded_to_60_mb(tmp_path):
    info, read = identify_counting(padded(tmp_path, "dlv", b"#!/bin/sh\nexec rm -rf /\n"))
    assert info.format == "unknown" and info.reason == "script (#!): /bin/sh"
    assert read <= 4096
