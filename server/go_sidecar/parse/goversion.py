"""Go version strings: "go1.22.5", "1.22", "1.21rc2", "go1.21beta1", "go1.27.3 X:nocoverageredesign".

Comparison follows go/version (src/internal/gover/gover.go, Compare): major, minor, patch, then the
pre-release kind ("" < alpha < beta < rc) and its number, so 1.21alpha1 < 1.21beta1 < 1.21rc1 < 1.21.0.
One deliberate difference: a bare "1.21" (a language version in go.mod) is treated as 1.21.0, the minimum
`go` enforces since 1.21 (a go line of "1.21" means "1.21.0" or later), where gover sorts it before 1.21rc1.
"""

from __future__ import annotations

import functools

from go_sidecar._record import dataclass

# The grammar, as a regular expression: `^(?:go)?(\d+)\.(\d+)(?:\.(\d+))?(?:(rc|beta|alpha)(\d+))?` (a prefix of
# the text). It is scanned by hand below: every cold `sidecar check` parses versions, and compiling the pattern
# cost more than all the scans of a check (tests/unit/test_goversion_scan.py holds the two to the same answers).

# A pre-release's rank: gover compares the kind strings, and "alpha" < "beta" < "rc" as strings; a release
# ranks above every pre-release of the same version.
_KINDS = ("alpha", "beta", "rc")
_RELEASE = len(_KINDS)
RELEASE = (_RELEASE, 0)
MAX_DIGITS = 100  # in one number of a version: more is not a version (and int() refuses thousands of digits)


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
    s = text.strip()
    numbers: list[int] = []  # major, minor, patch (optional)
    i = 2 if s.startswith("go") else 0
    for sep in ("", ".", "."):
        if not s.startswith(sep, i):
            break
        end = _digits(s, i + len(sep))
        if end == i + len(sep):
            break
        if end - i - len(sep) > MAX_DIGITS:
            return None
        numbers.append(int(s[i + len(sep) : end]))
        i = end
    if len(numbers) < 2:
        return None
    pre = RELEASE
    for rank, kind in enumerate(_KINDS):
        if s.startswith(kind, i):
            end = _digits(s, i + len(kind))
            if end - i - len(kind) > MAX_DIGITS:
                return None
            if end > i + len(kind):
                pre = (rank, int(s[i + len(kind) : end]))
            break
    return GoVersion(numbers[0], numbers[1], numbers[2] if len(numbers) > 2 else 0, pre)


def _digits(s: str, i: int) -> int:
    """The end of the run of decimal digits at i (i: none): any Unicode decimal digit, as `\\d` matches them and
    int() reads them."""
    n = len(s)
    while i < n and s[i].isdecimal():
        i += 1
    return i
