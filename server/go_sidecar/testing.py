"""Test support: a recorded machine (`FakeSystem`), recorded hosts, and applying a fix's edits.

Tests on Linux drive the probes with a Windows or macOS machine's facts through these. Nothing on the
`check` or `serve` path imports this module (tests/unit/test_testing_imports.py): pathlib, which FakeSystem
uses for its bookkeeping, costs a cold `sidecar check` several milliseconds of imports.
"""

from __future__ import annotations

from pathlib import PurePath, PurePosixPath, PureWindowsPath

from go_sidecar._record import dataclass, field
from go_sidecar.fsread import MAX_READ
from go_sidecar.model import Host, Range
from go_sidecar.parse.text import LineIndex
from go_sidecar.probe.host import ROSETTA, WOW64, X64_ON_ARM64, HostFacts
from go_sidecar.probe.registry import RecordedRegistry, Registry
from go_sidecar.probe.system import Paths, path_module

# --- a recorded machine -------------------------------------------------------------------------------


def path_type(host: Host) -> type[PurePath]:
    """pathlib's pure path class of the host's flavour (FakeSystem's bookkeeping)."""
    return PureWindowsPath if host.windows else PurePosixPath


@dataclass
class FakeSystem(Paths):
    """A recorded machine: files by path (in that machine's path syntax), links, environment."""

    host: Host
    home: str
    env: dict[str, str] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)
    links: dict[str, str] = field(default_factory=dict)
    short_names: dict[str, str] = field(default_factory=dict)  # Windows 8.3 names: short path -> long path
    # The Windows registry: RecordedRegistry({key: {name: RegValue}}) (probe/registry.py); empty by default.
    registry: Registry = field(default_factory=RecordedRegistry)

    def _key(self, path: str) -> str:
        p = str(path_type(self.host)(path))
        return p.lower() if self.host.windows else p

    def __post_init__(self) -> None:
        # An attribute, not a field: Paths' methods read it, as RealSystem's (a property would make it read-only,
        # unlike the attribute Paths and System declare).
        self.paths = path_module(self.host)

    def _entries(self) -> list[str]:
        """Every path that exists as an entry of its folder: the files and the links."""
        return [*self.files, *self.links]

    def _dirs(self) -> set[str]:
        dirs: set[str] = set()
        for f in self._entries():
            p = path_type(self.host)(f)
            dirs.update(self._key(str(a)) for a in p.parents)
        return dirs

    def is_file(self, path: str) -> bool:
        key = self._key(self.realpath(path))
        return any(self._key(f) == key for f in self.files)

    def is_dir(self, path: str) -> bool:
        return self._key(self.realpath(path)) in self._dirs()

    def list_dir(self, path: str) -> list[str]:
        if not self.is_dir(path):
            return []
        base = self._key(self.realpath(path))
        names = set()
        for f in self._entries():
            p = path_type(self.host)(f)
            for a in (p, *p.parents):
                if a != a.parent and self._key(str(a.parent)) == base:
                    names.add(a.name)
        return sorted(names)

    def read_bytes(self, path: str, limit: int = MAX_READ) -> bytes:
        key = self._key(self.realpath(path))
        for f, data in self.files.items():
            if self._key(f) == key:
                if len(data) > limit:  # as RealSystem does
                    raise OSError(f"{path} is larger than {limit // (1024 * 1024)} MB; not read")
                return data
        if self.is_dir(path):
            raise IsADirectoryError(path)
        raise FileNotFoundError(path)

    def realpath(self, path: str) -> str:
        """Links resolved in every component (a linked folder too), relative targets from the link's folder,
        chains followed; a loop gives the path back unchanged, as a failed resolution would."""
        pt = path_type(self.host)
        # A short name resolves like a link (Windows' realpath expands it), without being one for readlink.
        links = {self._key(src): dst for src, dst in {**self.short_names, **self.links}.items()}
        parts = list(pt(path).parts)
        if not parts:
            return path
        current = pt(parts[0])
        pending = parts[1:]
        hops = 0
        while pending:
            name = pending.pop(0)
            if name == ".":
                continue
            if name == "..":
                current = current.parent
                continue
            candidate = current / name
            target = links.get(self._key(str(candidate)))
            if target is None:
                current = candidate
                continue
            hops += 1
            if hops > 40:
                return path
            resolved = pt(target)
            if not resolved.is_absolute():
                resolved = current / resolved
            current = pt(resolved.parts[0])
            pending = list(resolved.parts[1:]) + pending
        return str(current)

    def readlink(self, path: str) -> str | None:
        key = self._key(str(path_type(self.host)(path)))
        for src, dst in self.links.items():
            if self._key(src) == key:
                return dst
        return None

    def mtime(self, path: str) -> float | None:
        return 0.0 if self.is_file(path) or self.is_dir(path) else None


# --- recorded hosts ----------------------------------------------------------------------------------

# HostFacts of real machines (tests/unit/test_host.py derives each from the raw values its OS answers).
RECORDED: dict[str, HostFacts] = {
    "apple-silicon-native": HostFacts("darwin", "arm64", "arm64", ""),
    "apple-silicon-rosetta": HostFacts("darwin", "amd64", "arm64", ROSETTA),
    "mac-intel": HostFacts("darwin", "amd64", "amd64", ""),
    "windows-arm64-x64-python": HostFacts("windows", "amd64", "arm64", X64_ON_ARM64),
    "windows-arm64": HostFacts("windows", "arm64", "arm64", ""),
    "windows-amd64": HostFacts("windows", "amd64", "amd64", ""),
    "windows-amd64-wow64": HostFacts("windows", "386", "amd64", WOW64),
    "linux-amd64": HostFacts("linux", "amd64", "amd64", ""),
    "linux-arm64": HostFacts("linux", "arm64", "arm64", ""),
}


class RecordedHostProbe:
    """Facts fixed in advance: a recorded host by name, or HostFacts of the test's own."""

    def __init__(self, facts: HostFacts | str):
        if isinstance(facts, str):
            if facts not in RECORDED:
                raise ValueError(f"unknown recorded host {facts!r} (expected one of: {', '.join(RECORDED)})")
            facts = RECORDED[facts]
        self._facts = facts

    def facts(self) -> HostFacts:
        return self._facts


# --- fixes ---------------------------------------------------------------------------------------------


def apply_edits(data: bytes, edits: list[tuple[Range, str]]) -> bytes:
    """Apply non-overlapping LSP-style edits (ranges in the original text) to UTF-8 bytes."""
    index = LineIndex(data)
    # From the end backwards; inserts at one offset keep their given order (as LSP clients apply them).
    spans = sorted(((index.offset(r.start), i, index.offset(r.end), t) for i, (r, t) in enumerate(edits)), reverse=True)
    out = data
    for start, _, end, text in spans:
        out = out[:start] + text.encode("utf-8") + out[end:]
    return out
