"""go.sum lines with their ranges, and the module cache's escaped path syntax.

A go.sum line is `<module> <version> <hash>`; `<version>/go.mod` lines hash only the module's go.mod, the
others the whole module zip, as `$GOMODCACHE/cache/download/<module>/@v/<version>.ziphash` does (docs/facts.md,
Module cache integrity). Tolerant: a line that is not three fields is skipped, as Go skips blank lines.
"""

from __future__ import annotations

import re
from functools import cache

from go_sidecar._record import dataclass
from go_sidecar.model import Range
from go_sidecar.parse.text import LineIndex

# h1: is base64 (std, padded) of a SHA-256: 44 characters (modfetch's isValidSum checks this length).
_B64 = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


@dataclass(frozen=True)
class SumLine:
    module: str
    version: str  # "v1.2.3" (zip line) or "v1.2.3/go.mod"
    hash: str  # "h1:..."
    line: int  # 0-based
    range: Range  # of the line's text, without its line ending

    @property
    def is_gomod(self) -> bool:
        return self.version.endswith("/go.mod")


def parse_gosum(data: bytes) -> list[SumLine]:
    index = LineIndex(data)
    out: list[SumLine] = []
    # The regex finds the lines of three fields in C: a Python loop over 19 million blank lines took 8 s.
    for m in _three_fields_re().finditer(data):
        start, end = m.span()
        raw = data[start:end]
        try:
            module, version, digest = (f.decode("utf-8") for f in raw.split())
        except UnicodeDecodeError:
            continue
        text_end = start + len(raw.rstrip(b"\r\t "))
        text_start = start + (len(raw) - len(raw.lstrip(b" \t")))
        rng = index.range(text_start, text_end)
        out.append(SumLine(module, version, digest, rng.start.line, rng))
    return out


# A line that bytes.split() makes three fields of (blanks other than the line's "\n" separate them).
@cache  # compiled on first use: a workspace without go.sum never needs it
def _three_fields_re() -> re.Pattern[bytes]:
    return re.compile(rb"^[^\S\n]*\S+[^\S\n]+\S+[^\S\n]+\S+[^\S\n]*$", re.MULTILINE)


def is_h1(text: str) -> bool:
    return len(text) == 47 and text.startswith("h1:") and text[46] == "=" and _B64.issuperset(text[3:46])


def escape_path(path: str) -> str | None:
    """module.EscapePath's case encoding: every upper-case letter becomes '!' + its lower-case form.

    None for a path the module cache cannot hold (a '!' of its own, or nothing at all): Go rejects those.
    """
    if not path or "!" in path:
        return None
    if path.islower() or not any("A" <= c <= "Z" for c in path):
        return path
    return "".join("!" + c.lower() if "A" <= c <= "Z" else c for c in path)


def escape_version(version: str) -> str | None:
    """module.EscapeVersion: the same encoding (versions such as `v0.0.0-...-ABCDEF` are rare but legal)."""
    return escape_path(version)
