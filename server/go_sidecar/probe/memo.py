"""Probe results kept between the checks of a long-lived process (the language server), each under the
signature of the inputs it was computed from: a result is computed again only when its signature changes.

A signature is cheap to compute and names every input the probe reads: a file's (mtime, size) or the bytes the
editor holds, a folder's path, a setting's value — and, for inputs too many to stat on every keystroke (the
module cache's thousands of .ziphash files), an *epoch* of their area that the server moves forward when its
watcher or the user says the area changed (`invalidate`), plus a time limit after which the area is read again
anyway (a change nobody reported is seen within `ttl` seconds).

`sidecar check` runs once and passes no memo: every probe reads everything, as before.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar, cast

SUMS = "sums"  # go.sum against the module cache's .ziphash files
PACKAGES = "packages"  # the .go files of configuration program folders (package clause, build lines)
MODULES = "modules"  # go.mod / go.work files above a configuration's program folder
BUILD_CACHE_SIZE = "build cache size"  # the size of the Go build cache (probe/dirsize.py re-stats its 256 folders)
WALKS = "walks"  # bounded walks of a workspace tree: its main packages, its nested modules (probe/programs.py)
DOCUMENTS = "documents"  # the last parse of each JSONC file (reused when unchanged, re-parsed incrementally)
LINKS = "links"  # how Go roots resolve through links, and whether they reach the workspace (probe/reach.py)

T = TypeVar("T")


class Memo:
    def __init__(self, ttl: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self.ttl = ttl
        self.clock = clock
        self._entries: dict[tuple[str, Hashable], tuple[Hashable, float, Any]] = {}
        self._epochs: dict[str, int] = {}
        self.computed = 0  # how many times a probe ran (tests and benches read it)
        self.reused = 0

    def epoch(self, area: str) -> int:
        return self._epochs.get(area, 0)

    def invalidate(self, *areas: str) -> None:
        """The server was told these areas changed (a watcher event, a user's explicit re-check)."""
        for area in areas:
            self._epochs[area] = self.epoch(area) + 1

    def invalidate_all(self) -> None:
        self._entries.clear()

    def last(self, area: str, key: Hashable) -> Any:
        """What `keep` kept last under key (no signature: the caller compares), or None."""
        hit = self._entries.get((area, key))
        return hit[2] if hit is not None else None

    def keep(self, area: str, key: Hashable, value: Any) -> None:
        self._entries[(area, key)] = ((None, self.epoch(area)), self.clock(), value)

    def get(self, area: str, key: Hashable, signature: Hashable, compute: Callable[[], T]) -> T:
        """The result for `key` in `area` when its signature and the area's epoch are unchanged and it is
        younger than ttl; else `compute()`, remembered. A key is computed by one kind of probe, so the value kept
        under it is of the type that probe returns."""
        now = self.clock()
        sig = (signature, self.epoch(area))
        hit = self._entries.get((area, key))
        if hit is not None and hit[0] == sig and now - hit[1] < self.ttl:
            self.reused += 1
            return cast("T", hit[2])
        value = compute()
        self.computed += 1
        self._entries[(area, key)] = (sig, now, value)
        return value


def remembered(memo: Memo | None, area: str, key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), through the server's memo when there is one; at once for `sidecar check` (no memo)."""
    return compute() if memo is None else memo.get(area, key, (), compute)
