"""Go version strings: "go1.22.5", "1.22", "1.21rc2", "go1.27.3 X:nocoverageredesign".

Comparison follows go/version (src/go/version/version.go): 1.21 < 1.21rc1 < 1.21.0 for language versions;
here a bare "1.21" (a language version in go.mod) is treated as 1.21.0's minimum, which is what
`go` enforces since 1.21 (a go line of "1.21" means "1.21.0" or later).
"""

from __future__ import annotations

import re
from go_sidecar._record import dataclass

_VERSION = re.compile(r"^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?")


@dataclass(frozen=True, order=True)
class GoVersion:
    major: int
    minor: int
    patch: int
    # Pre-releases sort before the release: (0, n) for rc/beta, (1, 0) for a release.
    pre: tuple[int, int]

    def __str__(self) -> str:
        base = f"{self.major}.{self.minor}"
        if self.pre != (1, 0):
            return f"{base}rc{self.pre[1]}" if self.pre[0] == 0 else base
        return f"{base}.{self.patch}" if (self.major, self.minor) >= (1, 21) or self.patch else base

    @property
    def go_name(self) -> str:
        return "go" + str(self)

    @property
    def release(self) -> bool:
        return self.pre == (1, 0)

    @property
    def minor_key(self) -> tuple[int, int]:
        return (self.major, self.minor)


def parse_go_version(text: str | None) -> GoVersion | None:
    if not text:
        return None
    m = _VERSION.match(text.strip())
    if not m:
        return None
    major, minor = int(m.group(1)), int(m.group(2))
    patch = int(m.group(3) or 0)
    pre = (0, int(m.group(5))) if m.group(4) else (1, 0)
    return GoVersion(major, minor, patch, pre)
