"""What parse/binary.py tells of an executable: its format, GOOS/GOARCH per slice, its Go build info, whether it
has DWARF, and why something is missing.

The records sit apart from the readers (parse/exe_formats.py) so that identifying a script or an empty file, what
a cold `sidecar check` of the demo does, loads no reader.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from go_sidecar._record import dataclass

if TYPE_CHECKING:
    from go_sidecar.parse.modinfo import BuildInfo

# Reasons start with one of these (details may follow after ": ").
NOT_EXECUTABLE = "not an executable"
NOT_GO = "not a Go binary"
TRUNCATED = "truncated"
SCRIPT = "script (#!)"
EMPTY = "empty file"
UNREADABLE = "unreadable build info"


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
