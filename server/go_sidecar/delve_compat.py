"""Which Go versions each Delve release supports, and how Delve installs on Windows ARM64.

The table (`data/delve-go-compat.tsv`) was read from Delve's `pkg/goversion/compat.go` at each release tag
(`MinSupportedVersionOfGoMinor` / `MaxSupportedVersionOfGoMinor`; docs/facts.md, Delve). Delve compares only the
minor version of the Go that built the debugged program: below the minimum it refuses ("too old"), and any
release or pre-release of max+1 or later is "too new" (`goversion.Compatible`).

The column `build_go` is what it takes to *build* that release: the `go` line of go-delve/delve's go.mod at the
release tag (`git show v1.25.2:go.mod`: `go 1.22.0`; no release has a `toolchain` line), written as go.mod writes
it ("1.21", "1.22.0"). `go install .../cmd/dlv@vX` with an older Go either switches to a downloaded toolchain (Go
>= 1.21, GOTOOLCHAIN=auto), fails (GOTOOLCHAIN=local: `go.mod requires go >= ...`), or, before Go 1.21, tries
anyway (rules/delve_fixes.py `_builder`; docs/facts.md, Delve).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Self

from go_sidecar._record import dataclass
from go_sidecar.parse.goversion import parse_go_version

# Delve's exact messages (since 1.7.3; docs/facts.md, Delve). Formatted with the Go version (`%d.%d.%d`) and the bound.
GO_TOO_OLD = (
    "Go version {go} is too old for this version of Delve (minimum supported version {bound}, "
    "suppress this error with --check-go-version=false)"
)
DELVE_TOO_OLD = (
    "Version of Delve is too old for Go version {go} (maximum supported version {bound}, "
    "suppress this error with --check-go-version=false)"
)


# Release semantics: v1.27.1, 1.27.1, v1.27.1+dirty, v1.28.0-rc.1, pseudo-versions v1.27.2-0.20260801120000-abcdef:
# `^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$`, scanned by hand (the table's 39 rows are
# parsed on every cold `sidecar check` that judges a dlv: compiling the pattern cost more than the scans).
_SEMVER_CHARS = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.-")
_HEX_LOWER = frozenset("0123456789abcdef")
MAX_DIGITS = 100  # in one number of a version: more is not a version (and int() refuses thousands of digits)

DelveVersion = tuple[int, int, int]


@dataclass(frozen=True)
class CompatRow:
    delve: DelveVersion
    min_go: str  # "1.19"
    max_go: str  # "1.22"
    date: str  # tag date, "2024-02-21"
    build_go: str = ""  # go.mod's `go` line at the tag, "1.22.0"; "" when the table has no such column

    @property
    def version(self) -> str:
        return format_version(self.delve)


class SupportedRange(tuple[str, str, str]):
    """(min_go, max_go, note): a plain triple with names (typing.NamedTuple costs a cold check ~0.15 ms to build).
    `note` is "" when the release is in the table; otherwise what was assumed, in a sentence."""

    __slots__ = ()

    def __new__(cls, min_go: str, max_go: str, note: str) -> Self:
        return tuple.__new__(cls, (min_go, max_go, note))

    @property
    def min_go(self) -> str:
        return self[0]

    @property
    def max_go(self) -> str:
        return self[1]

    @property
    def note(self) -> str:
        return self[2]


if TYPE_CHECKING:  # type aliases only: no Literal objects built at import
    from typing import Literal

    Relation = Literal["exact", "series", "between", "newer", "older"]
    GoStatus = Literal["supported", "too-old", "too-new"]
    WinArm64Install = Literal["tag", "none", "unsupported"]


@dataclass(frozen=True)
class Lookup:
    """How a Delve version was matched against the table.

    exact: the release is a row. series: a patch release not in the table, given the range of the nearest
    lower patch of the same minor series. between: not a release the table knows (a gap), given the nearest
    earlier row's range. newer / older: outside the table, given the newest / oldest row's range; the range
    is then an assumption (a newer Delve most likely supports newer Go too).
    """

    version: DelveVersion
    row: CompatRow
    relation: Relation

    @property
    def range(self) -> SupportedRange:
        row, v = self.row, format_version(self.version)
        span = f"Go {row.min_go}–{row.max_go}"
        if self.relation == "exact":
            note = ""
        elif self.relation == "series":
            note = f"Delve {v} is not in go-sidecar's table; using the range of {row.version} ({span})"
        elif self.relation == "between":
            note = (
                f"Delve {v} is not a release go-sidecar's table knows; using the range of {row.version}, "
                f"the nearest earlier release ({span})"
            )
        elif self.relation == "newer":
            note = (
                f"Delve {v} is newer than go-sidecar's table (newest {row.version}); "
                f"assuming it supports at least {span}"
            )
        else:
            note = (
                f"Delve {v} is older than go-sidecar's table (oldest {row.version}); "
                f"assuming it supports at most {span}"
            )
        return SupportedRange(row.min_go, row.max_go, note)


def parse_delve_version(text: str | None) -> DelveVersion | None:
    """A Delve module version as written in build info, `dlv version` or by a user; None for "(devel)" etc.

    A pseudo-version vX.Y.(Z+1)-0.<time>-<hash> is a commit after vX.Y.Z (Go's pseudo-version rules), so it
    counts as vX.Y.Z; a pre-release (v1.28.0-rc.1) counts as its release.
    """
    if not text:
        return None
    s = text.strip()
    rest, plus, build = s.removeprefix("v").partition("+")
    if plus and not (build and _SEMVER_CHARS.issuperset(build)):
        return None
    core, dash, pre = rest.partition("-")
    if dash and not (pre and _SEMVER_CHARS.issuperset(pre)):
        return None
    numbers = core.split(".")
    if len(numbers) != 3 or not all(n.isdecimal() and len(n) <= MAX_DIGITS for n in numbers):
        return None  # isdecimal: any Unicode decimal digit, as `\d` matches them and int() reads them
    major, minor, patch = (int(n) for n in numbers)
    if pre and _pseudo_after_release(pre) and patch > 0:
        patch -= 1
    return (major, minor, patch)


def _pseudo_after_release(pre: str) -> bool:
    """`0.<14 digits>-<12 lower-case hex digits>`: the pre-release of a pseudo-version after a release tag."""
    zero, dot, rest = pre.partition(".")
    stamp, dash, commit = rest.partition("-")
    return (
        zero == "0"
        and dot == "."
        and len(stamp) == 14
        and stamp.isdecimal()
        and dash == "-"
        and len(commit) == 12
        and _HEX_LOWER.issuperset(commit)
    )


def format_version(v: DelveVersion) -> str:
    return "{}.{}.{}".format(*v)


@cache
def rows() -> tuple[CompatRow, ...]:
    """The table, oldest release first. Read once, from the installed package's data."""
    # The package is installed as files (wheel or editable), so the data file sits beside this module:
    # importlib.resources would cost a cold `sidecar check` ~20 ms of imports (pathlib, zipfile, tempfile).
    import os

    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data", "delve-go-compat.tsv")
    try:
        from go_sidecar.fsread import read_regular  # the one read function, even for our own data

        text = read_regular(path, 1024 * 1024).decode("utf-8")
    except (FileNotFoundError, NotADirectoryError):  # not a FIFO there: importlib would block on it
        from importlib import resources  # a zipped install: no such file on disk

        text = resources.files("go_sidecar.data").joinpath("delve-go-compat.tsv").read_text(encoding="utf-8")
    out = []
    for line in text.splitlines()[1:]:
        fields = line.strip().split("\t")
        if len(fields) < 3:
            continue
        v = parse_delve_version(fields[0])
        if v is None:
            continue
        date, build_go = (fields[3:] + ["", ""])[:2]
        out.append(CompatRow(v, fields[1], fields[2], date, build_go))
    return tuple(sorted(out, key=lambda r: r.delve))


def newest() -> CompatRow:
    return rows()[-1]


def lookup(delve_version: str) -> Lookup | None:
    """The row that decides a Delve version's range ("latest" means the newest row); None if unparseable."""
    if delve_version.strip().lower() == "latest":
        return Lookup(newest().delve, newest(), "exact")
    v = parse_delve_version(delve_version)
    if v is None:
        return None
    table = rows()
    for row in table:
        if row.delve == v:
            return Lookup(v, row, "exact")
    if v > table[-1].delve:
        return Lookup(v, table[-1], "newer")
    if v < table[0].delve:
        return Lookup(v, table[0], "older")
    # Patch releases usually share their series' range, but not always (1.25.0: Go 1.21–1.24, 1.25.1:
    # 1.22–1.25), so the nearest lower patch of the same series is the best guess.
    lower = [r for r in table if r.delve < v]
    same_series = [r for r in lower if r.delve[:2] == v[:2]]
    if same_series:
        return Lookup(v, same_series[-1], "series")
    return Lookup(v, lower[-1], "between")


def build_requirement(delve_version: str) -> str | None:
    """The oldest Go that builds this Delve release as its go.mod says ("1.22.0" for 1.25.2; "latest": the newest
    row's); None when it is not a version or is older than the table. A release the table does not know gets
    the nearest earlier row's (go lines only grow: a lower bound)."""
    found = lookup(delve_version)
    if found is None or found.relation == "older":
        return None
    return found.row.build_go or None


def supported_range(delve_version: str) -> SupportedRange | None:
    """(min_go, max_go, note) for a Delve version such as "1.22.1" or "v1.27.1"; None if it is not a version
    ("(devel)": a build from a checkout without a tag)."""
    found = lookup(delve_version)
    return found.range if found else None


def go_status(delve_version: str, go_version: str) -> GoStatus | None:
    """What this Delve says about a program built by `go_version` ("go1.27.3", "1.22"); None when either
    version is unknown. Like Delve, compares major.minor only: a go1.28rc1 is too new for a Delve whose
    maximum is 1.27."""
    rng = supported_range(delve_version)
    go = parse_go_version(go_version)
    lo, hi = parse_go_version(rng.min_go) if rng else None, parse_go_version(rng.max_go) if rng else None
    if go is None or lo is None or hi is None:
        return None
    if go.minor_key < lo.minor_key:
        return "too-old"
    if go.minor_key > hi.minor_key:
        return "too-new"
    return "supported"


def delve_for_go(go_version: str) -> str | None:
    """The newest Delve release in the table that supports `go_version` ("1.27.1"); None when no row does
    (a Go newer than the table: suggest `@latest`; or older than every row)."""
    go = parse_go_version(go_version)
    if go is None:
        return None
    for row in reversed(rows()):
        lo, hi = parse_go_version(row.min_go), parse_go_version(row.max_go)
        if lo and hi and lo.minor_key <= go.minor_key <= hi.minor_key:
            return row.version
    return None


_WINARM64_FIRST = (1, 25, 2)


def winarm64_install(delve_version: str) -> WinArm64Install:
    """How `go install github.com/go-delve/delve/cmd/dlv@<version>` works on Windows ARM64 (docs/facts.md, Delve):

    "unsupported" before 1.25.2 (no native windows/arm64 backend); "tag" (`-tags exp.winarm64`) for 1.25.2
    and 1.27.x; "none" for 1.26.x. Releases newer than the table get "tag": a build tag nothing uses is
    harmless, a missing one fails with `your_windows_architecture_is_not_supported_by_delve`.
    Raises ValueError for something that is not a Delve version ("latest" is the newest row).
    """
    if delve_version.strip().lower() == "latest":
        v = newest().delve
    else:
        parsed = parse_delve_version(delve_version)
        if parsed is None:
            raise ValueError(f"not a Delve version: {delve_version!r}")
        v = parsed
    if v < _WINARM64_FIRST:
        return "unsupported"
    if v[:2] == (1, 26):
        return "none"
    return "tag"


def needs_winarm64_tag(delve_version: str) -> bool | None:
    """True when installing this Delve on Windows ARM64 needs `-tags exp.winarm64`; None when that Delve
    cannot be installed there at all."""
    how = winarm64_install(delve_version)
    return None if how == "unsupported" else how == "tag"
