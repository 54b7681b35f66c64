"""The import paths of a Go file's beginning, read as go/build reads them (`go/build/read.go` readGoInfo: the package
clause, then import declarations only; `cmd/go/internal/imports/read.go` is the same reader).

One scanner for every caller; each caller reads the file with its own bounds (probe/modules.py: a `.go` program,
probe/cgo_sources.py: the module's files, looking for `import "C"`). Blanks are space, tab, carriage return, newline
and `;` (go/build's reader also skips a form feed, which Go's parser then refuses); comments are skipped, an unclosed
`/*` ends the text. Bytes that are not UTF-8 are read as they are. The regular expressions are compiled on first use
(functools.cache), never at import: a check that reads no Go file compiles none.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re


@cache
def _re(name: str) -> re.Pattern[bytes]:
    import re as _regex

    patterns = {
        "space": rb"(?:[ \t\r\n;]|//[^\n]*|/\*.*?\*/)*",
        "package": rb"package[ \t]+[A-Za-z_][A-Za-z0-9_]*",
        "import": rb"import(?![A-Za-z0-9_])",
        "alias": rb"(?:[A-Za-z_][A-Za-z0-9_]*|\.)(?=[\s/\"`])",
    }
    return _regex.compile(patterns[name], _regex.MULTILINE | _regex.DOTALL)


def _skip(text: bytes, pos: int) -> int:
    """Past blanks, `;` and comments; an unclosed `/*` ends the text."""
    m = _re("space").match(text, pos)
    pos = m.end() if m else pos
    return len(text) if text.startswith(b"/*", pos) else pos


def read_imports(text: bytes) -> tuple[int, list[str] | None]:
    """(where the package clause starts, the file's import paths) as go/build reads a whole file's beginning;
    None when there is no package clause. Declarations cmd/go would not parse end the list (what was found so
    far is kept)."""
    pos = _skip(text, 0)
    m = _re("package").match(text, pos)
    if m is None:
        return pos, None
    clause = pos
    out: list[str] = []
    pos = _skip(text, m.end())
    keyword, alias = _re("import"), _re("alias")
    while (m := keyword.match(text, pos)) is not None:
        pos = _skip(text, m.end())
        block = text.startswith(b"(", pos)
        if block:
            pos = _skip(text, pos + 1)
        while True:
            if pos >= len(text):
                return clause, out
            if block and text.startswith(b")", pos):
                pos += 1
                break
            a = alias.match(text, pos)
            if a is not None:
                pos = _skip(text, a.end())
            value, pos = _string(text, pos)
            if value is None:
                return clause, out
            out.append(value)
            pos = _skip(text, pos)
            if not block:
                break
        pos = _skip(text, pos)
    return clause, out


def _string(text: bytes, pos: int) -> tuple[str | None, int]:
    """An interpreted string (on one line) or a raw one; escapes are not undone (an import path has none)."""
    quote = text[pos : pos + 1]
    if quote not in (b'"', b"`"):
        return None, pos
    close = text.find(quote, pos + 1)
    if close == -1 or (quote == b'"' and b"\n" in text[pos:close]):
        return None, len(text)
    return text[pos + 1 : close].decode("utf-8", "replace"), close + 1
