"""Executables read without running them: format, GOOS/GOARCH per slice, the Go build info, and DWARF or not.

PE, ELF, Mach-O and universal (fat) Mach-O. Only headers, the section table and the section that holds the
Go build info are read, each read bounded: a 100 MB file costs a few KB of I/O, and hostile or truncated input
gives format "unknown" (or no build info) with a reason, never an exception.

This module reads the first bytes and says which format they are (or that the file is empty, or a script);
parse/exe_formats.py reads the rest and says where each format keeps the build info and the DWARF sections. It is
loaded only for an executable: identifying a script, what a cold `sidecar check` of the demo does, needs neither
it nor `struct`. The records and the reasons are parse/exeinfo.py's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, BinaryIO

from go_sidecar import fsread
from go_sidecar.parse.exeinfo import EMPTY, NOT_EXECUTABLE, NOT_GO, SCRIPT, TRUNCATED, UNREADABLE, ExeInfo, Slice

if TYPE_CHECKING:
    from go_sidecar.parse.exe_formats import MAGIC
    from go_sidecar.parse.modinfo import BuildInfo, parse_modinfo

__all__ = [
    "EMPTY",
    "MAGIC",
    "NOT_EXECUTABLE",
    "NOT_GO",
    "SCRIPT",
    "TRUNCATED",
    "UNREADABLE",
    "BuildInfo",
    "ExeInfo",
    "Slice",
    "identify",
    "identify_file",
    "parse_modinfo",
]


def __getattr__(name: str) -> Any:
    # These stay importable from here; the modules that hold them load only when an executable needs them (a cold
    # `sidecar check` of a workspace whose Go roots hold scripts or nothing never does).
    if name in ("BuildInfo", "parse_modinfo"):
        from go_sidecar.parse import modinfo

        return getattr(modinfo, name)
    if name == "MAGIC":
        from go_sidecar.parse import exe_formats

        return exe_formats.MAGIC
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


_FORMATS = (  # (magic prefixes, format)
    ((b"\x7fELF",), "elf"),
    ((b"MZ",), "pe"),
    ((b"\xfe\xed\xfa\xce", b"\xfe\xed\xfa\xcf", b"\xce\xfa\xed\xfe", b"\xcf\xfa\xed\xfe"), "macho"),
    ((b"\xca\xfe\xba\xbe", b"\xca\xfe\xba\xbf"), "macho-fat"),
)


def identify_file(f: BinaryIO) -> ExeInfo:
    """What `f` (a seekable binary file object) is; reads only headers and the build info section."""
    try:
        size = f.seek(0, 2)
        f.seek(0)
        head = f.read(min(64, size)) if size > 0 else b""
    except (OSError, ValueError, OverflowError, MemoryError) as e:
        return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: {type(e).__name__}: {e}")
    if not head:
        return ExeInfo("unknown", (), None, reason=EMPTY)
    if head[:2] == b"#!":
        line = head[2:].split(b"\n")[0].strip().decode("utf-8", "replace")
        return ExeInfo("unknown", (), None, reason=f"{SCRIPT}: {line}" if line else SCRIPT)
    for magics, fmt in _FORMATS:
        if head.startswith(magics):
            from go_sidecar.parse import exe_formats

            return exe_formats.read(f, fmt)
    return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: unknown magic {head[:4].hex()}")


def identify(path: str) -> ExeInfo:
    """identify_file on the file at path; never raises (an OSError becomes format "unknown")."""
    try:
        with fsread.open_regular(path) as f:  # a FIFO would block a plain open(); a device never ends
            return identify_file(f)
    except (fsread.NotRegularFile, IsADirectoryError) as e:
        return ExeInfo("unknown", (), None, reason=f"{NOT_EXECUTABLE}: {e.strerror}")
    except (OSError, ValueError, TypeError) as e:  # ValueError: a NUL in the path; TypeError: not a path
        return ExeInfo("unknown", (), None, reason=str(e))
