"""The records of the machine's Go and JetBrains caches, and the facts every reader of them shares.

probe/caches.py (Go's caches) and probe/jetbrains.py (the IDEs) both build these records, the cache rules read
them, the purge engine and `sidecar purge-caches` act on them: they live here, under all of them, so that none
of those modules imports another to reach a record (issue 12: no import loop, no upward import). Nothing here
reads the disk.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from go_sidecar._record import dataclass, field
from go_sidecar.settings import GOCACHE_OVERSIZED_GIB

if TYPE_CHECKING:  # a type only: a check without go.sum does not load its parser
    from go_sidecar.parse.gosum import SumLine

GO_BUILD, MODCACHE, GOPLS, IDE = "go-build", "modcache", "gopls", "ide"
PRODUCTS = ("GoLand", "IntelliJIdea", "IdeaIC")  # IntelliJ IDEA runs the Go plugin too; the listing's order


@cache
def _selector() -> re.Pattern[str]:
    return re.compile(rf"^({'|'.join(PRODUCTS)})(\d{{4}}\.\d+)$")


class _Selector:
    """An IDE version's folder name, `<product><year>.<release>` (PathManager.java): discovery reads it, the purge
    guards refuse a folder not named so. `SELECTOR.match(name)` as on the compiled pattern, compiled on first use:
    a machine without JetBrains folders never needs it (a cold `sidecar check` compiles no pattern at import)."""

    __slots__ = ()

    def match(self, name: str) -> re.Match[str] | None:
        return _selector().match(name)


SELECTOR = _Selector()
PID_UNKNOWN = -1  # running_pid of an IDE that runs but whose PID cannot be read (a lock held on Windows)
GIB = 1 << 30


@dataclass(frozen=True)
class CacheDir:
    kind: str  # "go-build" | "modcache" | "gopls" | "ide"
    path: str  # absolute; the value as set when `problem` says it is not usable ("off", a relative path)
    product: str = ""  # ide (and an IDE's own go-build): "GoLand" | "IntelliJIdea" | "IdeaIC"
    version: str = ""  # "2024.2"
    selector: str = ""  # "GoLand2024.2"
    config_path: str = ""  # the matching config folder ("" when there is none)
    running_pid: int | None = None  # a live PID from <config>/.lock (or port.lock); PID_UNKNOWN: runs, PID not
    # readable; None: not running
    newest: bool = True  # the newest version of this product on the machine
    problem: str = ""  # why it is unusable: "GOCACHE=off", "GOCACHE is not an absolute path", "not writable",
    # "not a folder", "parent missing: <detail>" (cannot be created), "GOCACHE is not defined and ..."
    lock_state: str = ""  # "" no lock file, "live", "stale" (PID not alive), "no-pid", "locked" (unreadable:
    # held by a running IDE on Windows), "port" (a pre-2023.1 IDE's port file, its port answering or unknown:
    # running), "stale-port" (a port file whose port nobody listens on: left by a crash)

    @property
    def running(self) -> bool:
        return self.running_pid is not None

    @property
    def label(self) -> str:
        return f"{self.product} {self.version}" if self.product else self.path


@dataclass(frozen=True)
class Marker:
    path: str
    reason: str  # the marker's text (IntelliJ writes why: "Explicit index invalidation", ...)


@dataclass(frozen=True)
class IndexState:
    """An IDE version's `index/` folder: when it was last written, and the rebuild markers in it."""

    path: str
    written: float | None  # newest mtime of index/ and its direct children; None when there is no index
    markers: tuple[Marker, ...] = ()


@dataclass(frozen=True)
class SumMismatch:
    """A go.sum zip line whose module version sits in the module cache with another hash."""

    gosum: str  # the go.sum (or go.work.sum) path
    line: SumLine
    ziphash: str  # the .ziphash file
    found: str  # its content


@dataclass
class CacheFacts:
    gocache: CacheDir | None
    gocache_value: str  # as set ("" when default)
    gocache_source: str  # "environment" | "go env -w" | "default"
    gomodcache: CacheDir | None
    gopls: CacheDir | None
    ides: list[CacheDir]
    ide_go_builds: list[CacheDir] = field(default_factory=list)  # <IDE system>/caches/go-build, kind go-build
    messages: list[str] = field(default_factory=list)
    # Filled by gather_caches for the rules:
    sizes: dict[str, tuple[int, int]] = field(default_factory=dict)  # path -> (files, bytes), when measured
    gocache_trim: float | None = None  # trim.txt: Unix time of Go's last trim
    gocache_has_entries: bool = False  # some 00..ff subfolder holds an entry
    gocache_limit: int = int(GOCACHE_OVERSIZED_GIB * GIB)  # goSidecar.gocacheOversizedGiB, in bytes
    indexes: dict[str, IndexState] = field(default_factory=dict)  # newest IDEs' system path -> index state
    module_files: dict[str, float] = field(default_factory=dict)  # go.mod / go.sum / go.work -> mtime
    sum_mismatches: list[SumMismatch] = field(default_factory=list)
    now: float = 0.0

    def leftovers(self) -> list[CacheDir]:
        return [d for d in self.ides if not d.newest]

    def newest_ides(self) -> list[CacheDir]:
        return [d for d in self.ides if d.newest]

    def go_ides(self) -> list[CacheDir]:
        """The IDE versions a Go project is opened with: the newest GoLand, else the newest IntelliJ IDEA(s).
        The cache rules speak of these and `purge-caches ide` purges these: one answer for both."""
        newest = self.newest_ides()
        return [d for d in newest if d.product == "GoLand"] or newest


def human_size(n: int) -> str:
    """A size as every message of go-sidecar writes it: `1000 bytes`, `3.4 KiB`, `120 GiB` (binary units)."""
    if n < 1024:
        return f"{n} bytes"
    size = float(n)
    for unit in ("KiB", "MiB", "GiB", "TiB"):
        size /= 1024
        if size < 1024 or unit == "TiB":
            return f"{size:.1f} {unit}" if size < 100 else f"{size:.0f} {unit}"
    return ""  # unreachable: TiB returns
