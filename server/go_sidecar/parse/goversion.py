"""Go version strings: "go1.22.5", "1.22", "1.21rc2", "go1.21beta1", "go1.27.3 X:nocoverageredesign".

Comparison follows go/version (src/internal/gover/gover.go, Compare): major, minor, patch, then the
pre-release kind ("" < alpha < beta < rc) and its number, so 1.21alpha1 < 1.21beta1 < 1.21rc1 < 1.21.0.
One deliberate difference: a bare "1.21" (a language version in go.mod) is treated as 1.21.0, the minimum
`go` enforces since 1.21 (a go line of "1.21" means "1.21.0" or later), where gover sorts it before 1.21rc1.
"""

from __future__ import annotations

import functools
import re

from go_sidecar._record import dataclass

_VERSION = re.compile(r"^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?")

# A pre-release's rank: gover compares the kind strings, and "alpha" < "beta" < "rc" as strings; a release
# ranks above every pre-release of the same version.
_KINDS = ("alpha", "beta", "rc")
_RELEASE = len(_KINDS)
RELEASE = (_RELEASE, 0)


@dataclass(frozen=True, order=True)
class GoVersion:
    major: int
    minor: int
    patch: int
    # (rank of the kind in _KINDS, its number) for a pre-release, RELEASE for a release: a tuple that
    # sorts as gover does, and keeps the kind so that go1.21beta1 prints as itself.
    pre: tuple[int, int]

    def __str__(self) -> str:
        base = f"{self.major}.{self.minor}"
        if not self.release:
            return f"{base}{self.kind}{self.pre[1]}"
        return f"{base}.{self.patch}" if (self.major, self.minor) >= (1, 21) or self.patch else base

    @property
    def go_name(self) -> str:
        return "go" + str(self)

    @property
    def release(self) -> bool:
        return self.pre[0] == _RELEASE

    @property
    def kind(self) -> str:
        """ "alpha", "beta" or "rc" for a pre-release, "" for a release."""
        return "" if self.release else _KINDS[self.pre[0]]

    @property
    def minor_key(self) -> tuple[int, int]:
        return (self.major, self.minor)


def parse_go_version(text: str | None) -> GoVersion | None:
    if not text:
        return None
    return _parse(text)


@functools.lru_cache(maxsize=512)  # the rules ask for the same few versions thousands of times per check
def _parse(text: str) -> GoVersion | None:
    m = _VERSION.match(text.strip())
    if not m:
        return None
    major, minor = int(m.group(1)), int(m.group(2))
    patch = int(m.group(3) or 0)
    pre = (_KINDS.index(m.group(4)), int(m.group(5))) if m.group(4) else RELEASE
    return GoVersion(major, minor, patch, pre)
