"""java.util.Properties text (JetBrains' idea.properties): keys and values with escapes undone."""

from __future__ import annotations

import re
from collections.abc import Iterator

from go_sidecar.parse.envfile import iter_lines

_UNICODE = re.compile(r"[0-9a-fA-F]{4}")


def parse_properties(text: str) -> dict[str, str]:
    """java.util.Properties syntax: `key=value`, `key: value` or `key value`; `#`/`!` comments; `\\`
    escapes and line continuations (a Windows path is written `C:\\\\ide\\\\system` or with slashes)."""
    out: dict[str, str] = {}
    lines = iter_lines(text)  # one chunk at a time, not a list of every line
    for line in lines:
        line = line.lstrip(" \t\f")
        if not line or line[0] in "#!":
            continue
        line = _join_continued(line, lines)
        key, j = [], 0
        while j < len(line) and line[j] not in "=: \t\f":
            if line[j] == "\\" and j + 1 < len(line):
                key.append(line[j : j + 2])
                j += 2
                continue
            key.append(line[j])
            j += 1
        rest = line[j:].lstrip(" \t\f")
        if rest[:1] in ("=", ":"):
            rest = rest[1:].lstrip(" \t\f")
        out[_unescape("".join(key))] = _unescape(rest)
    return out


def _join_continued(line: str, lines: Iterator[str]) -> str:
    """The logical line: while it ends in an odd run of backslashes, drop one and append the next line.

    The pieces are joined once at the end (adding each to the string so far was quadratic), and the run of
    trailing backslashes is tracked across pieces (a piece of backslashes only extends the previous run).
    """
    run = len(line) - len(line.rstrip("\\"))
    if run % 2 == 0:
        return line
    done: list[str] = []  # runs of 1,024 pieces joined: millions of small strings took 18 times their text
    parts = [line]
    while run % 2 == 1:
        following = next(lines, None)
        if following is None:
            break
        parts[-1] = parts[-1][:-1]
        piece = following.lstrip(" \t\f")
        own = len(piece) - len(piece.rstrip("\\"))
        run = run - 1 + own if own == len(piece) else own
        if len(parts) == 1024:
            done.append("".join(parts))
            parts = []
        parts.append(piece)
    return "".join(done + parts)


def _unescape(s: str) -> str:
    if "\\" not in s:
        return s
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            n = s[i + 1]
            if n == "u" and _UNICODE.fullmatch(s[i + 2 : i + 6]):
                out.append(chr(int(s[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append({"t": "\t", "n": "\n", "r": "\r", "f": "\f"}.get(n, n))
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)
