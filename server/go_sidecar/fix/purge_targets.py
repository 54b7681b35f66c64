"""The purge engine's vocabulary: target names (`go-build`, `ide:GoLand2024.2`, `modcache:MODULE@VERSION`, ...),
their parsing, and the plan and result records that fix/purge.py fills and `sidecar purge-caches --format json`
prints (schemas/purge.schema.json).
"""

from __future__ import annotations

import re
from typing import Any

from go_sidecar._record import dataclass, field
from go_sidecar.fix.purge_guards import FUZZ, GO_BUILD, GOPLS, IDE, IDE_LEFTOVERS, MODCACHE
from go_sidecar.probe.cache_records import SELECTOR

TARGET_NAMES = (GO_BUILD, IDE, IDE_LEFTOVERS, GOPLS, FUZZ, MODCACHE)
DEFAULT_TARGETS = (GO_BUILD, IDE)
PLANNED, PURGED, SKIPPED, REFUSED, FAILED = "planned", "purged", "skipped", "refused", "failed"
STATUSES = (PLANNED, PURGED, SKIPPED, REFUSED, FAILED)

GO_BUILD_KEPT = ("README", "trim.txt", "testexpire.txt")
MODULE_FILE_SUFFIXES = (".zip", ".ziphash", ".info", ".mod", ".lock")
_HEX = frozenset("0123456789abcdef")
_MODULE = re.compile(r"^[A-Za-z0-9_~+-][A-Za-z0-9._~+-]*(/[A-Za-z0-9_~+-][A-Za-z0-9._~+-]*)*$")
_VERSION = re.compile(r"^v[0-9A-Za-z][0-9A-Za-z.+-]*$")


class TargetError(ValueError):
    """A target name the engine does not know, or a MODULE@VERSION it cannot name safely (a usage error)."""


def _two_hex(name: str) -> bool:
    return len(name) == 2 and name[0] in _HEX and name[1] in _HEX


def parse_target(name: str) -> tuple[str, str]:
    """(base name, argument): `go-build` -> ("go-build", ""), `modcache:m@v1` -> ("modcache", "m@v1")."""
    base, sep, arg = name.partition(":")
    if not sep and base in TARGET_NAMES:
        return base, ""
    if sep and base == IDE and SELECTOR.match(arg):
        return base, arg
    if sep and base == MODCACHE:
        module, at, version = arg.rpartition("@")
        if not at or not _MODULE.match(module) or ".." in module or not _VERSION.match(version) or ".." in version:
            raise TargetError(
                f"{name!r}: expected modcache:MODULE@VERSION, e.g. modcache:github.com/BurntSushi/toml@v1.3.2"
            )
        return base, arg
    if sep and base == IDE:
        raise TargetError(f"{name!r}: expected ide:<product><version>, e.g. ide:GoLand2024.2")
    raise TargetError(
        f"unknown target {name!r} (choose from {', '.join(TARGET_NAMES)}, ide:SELECTOR, modcache:MODULE@VERSION)"
    )


@dataclass
class Entry:
    path: str
    files: int = 0
    bytes: int = 0


@dataclass
class Result:
    name: str
    path: str
    files: int = 0  # planned: what would be deleted; purged, failed, skipped (cancelled): what was deleted
    bytes: int = 0
    status: str = PLANNED
    reason: str = ""
    errors: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "path": self.path,
            "files": self.files,
            "bytes": self.bytes,
            "status": self.status,
            "reason": self.reason,
            "errors": list(self.errors),
        }


@dataclass
class Target:
    """One planned deletion: the exact entries to remove, all inside `root`, which the guards recognised."""

    name: str  # as asked: go-build, ide, ide:GoLand2024.2, modcache:MODULE@VERSION, ...
    kind: str  # which guard applies: go-build | modcache | gopls | ide | ide-leftovers
    root: str  # the recognised root; nothing outside it is touched
    path: str  # shown to the user: the root, or the one folder the target is about
    entries: list[Entry] = field(default_factory=list)
    status: str = PLANNED  # planned | skipped | refused
    reason: str = ""
    config_path: str = ""  # ide: the config folder whose .lock says whether it runs
    label: str = ""  # ide: "GoLand 2024.2"
    kept: list[str] = field(default_factory=list)  # modcache: entries found and deliberately kept
    top: str = ""  # the cache root links are checked from (purge_guards.Ground): the root, or ide's JetBrains
    ident: tuple[int, ...] = ()  # top's (st_dev, st_ino) at planning: another folder there later is refused

    @property
    def files(self) -> int:
        return sum(e.files for e in self.entries)

    @property
    def bytes(self) -> int:
        return sum(e.bytes for e in self.entries)

    def result(self) -> Result:
        planned = self.status == PLANNED
        return Result(
            self.name, self.path, self.files if planned else 0, self.bytes if planned else 0, self.status, self.reason
        )


def report_json(results: list[Result]) -> dict[str, Any]:
    """The JSON of `sidecar purge-caches --format json` (schemas/purge.schema.json)."""
    freed = sum(r.bytes for r in results if r.status in (PURGED, FAILED, SKIPPED))
    return {"targets": [r.to_json() for r in results], "freed_bytes": freed}
