"""The `use` directives of a go.work file, with byte spans, read as cmd/go reads them.

Tokens follow golang.org/x/mod/modfile (read.go `readToken`, `parseStmt`, `parseLineBlock`; work.go
`ParseWork`): `//` comments run to the end of the line, `(` `)` are tokens of their own, a `use (` that ends its
line opens a block closed by a line starting with `)`, `use ()` is an empty block, a path may be a double-quoted
Go string (rule.go `parseString`). Whatever cmd/go would refuse to parse (`use a b`, a back-quoted or unterminated
string, `/* */`, a block that never closes, a vertical tab or form feed outside a string) is recorded in `errors`:
cmd/go then stops with "errors parsing go.work", so nothing else about the file is judged (docs/facts.md, go.work
tokens).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

from go_sidecar._record import dataclass


# Tokens are scanned with simple character classes and str.find, never a repeated group with alternatives (which
# keeps a backtracking frame per byte: see parse/gomod.py). Compiled on first use: a check of a workspace without
# go.work compiles none of them.
@cache
def _token_patterns() -> tuple[re.Pattern[bytes], re.Pattern[bytes], re.Pattern[bytes]]:
    """(spaces, an identifier: modfile isIdent, printable and not a space or punctuation, a run of a quoted
    string's plain bytes)."""
    return re.compile(rb"[ \t\r]*"), re.compile(rb"[^\s()\[\]{},]+"), re.compile(rb'[^"\\\n]*')


@cache
def _escape() -> re.Pattern[str]:
    return re.compile(r"\\(.)")  # pairs, left to right: "\\\\a" is an escaped backslash, then "a"


_JSON_ESCAPES = set('\\"ntrbfu')  # the escapes Go and JSON share (not JSON's \\/, nor Go's \\a \\x ...)
PUNCT = b"()[]{},"
# The only bytes left for the identifier pattern to refuse once spaces, punctuation and quotes are taken: modfile's
# isIdent refuses them too (read.go readToken: "unexpected input character").
_UNEXPECTED = {b"\x0b": "'\\v'", b"\x0c": "'\\f'"}

Token = tuple[int, int, bytes]  # byte span and text of a token


@dataclass(frozen=True)
class Use:
    path: str  # as cmd/go reads it (unquoted); "" when the token could not be read
    start: int  # byte span of the path token as written (quotes included)
    end: int
    line_start: int  # byte offset where the line holding the path starts
    line_end: int  # the end of that line's text (before "\r\n" or "\n")
    in_block: bool


@dataclass(frozen=True)
class UseBlock:
    use: int  # byte offset of the `use` keyword
    lparen: int  # offset of "("
    rparen: int  # offset of ")"
    rparen_line_start: int  # start of the line holding ")"


@dataclass(frozen=True)
class WorkFile:
    path: str
    uses: tuple[Use, ...]
    blocks: tuple[UseBlock, ...]
    last_use_end: int | None  # end of the last `use` statement: a line's text end, or a block's ")"
    last_use_is_block: bool
    go_line_end: int | None  # end of the `go` directive's line text (before its newline)
    newline: str  # "\r\n" when the file uses CRLF
    size: int
    errors: tuple[str, ...]


def _match_end(pattern: re.Pattern[bytes], data: bytes, pos: int, stop: int) -> int:
    """Where `pattern` (one that may match nothing) stops matching at pos."""
    m = pattern.match(data, pos, stop)
    return pos if m is None else m.end()


def _tokens(data: bytes, pos: int, stop: int) -> list[Token]:
    """The tokens of one line, data[pos:stop], up to a `//` comment; a `/*`, or a byte no token can start with, is
    a token of its own and the line's last (an error)."""
    out: list[Token] = []
    space, ident, string_run = _token_patterns()
    while True:
        pos = _match_end(space, data, pos, stop)
        if pos >= stop:
            return out
        c = data[pos : pos + 1]
        if data.startswith(b"//", pos):
            return out
        if data.startswith(b"/*", pos):
            out.append((pos, pos + 2, b"/*"))
            return out
        if c in PUNCT:
            out.append((pos, pos + 1, c))
            pos += 1
            continue
        if c == b"`":
            close = data.find(b"`", pos + 1, stop)
            end = stop if close == -1 else close + 1
        elif c == b'"':
            end = pos + 1
            while True:
                end = _match_end(string_run, data, end, stop)
                if end >= stop:  # unterminated: the token runs to the line's end (and is refused)
                    break
                if data[end] == 0x22:
                    end += 1
                    break
                end += 2  # a backslash and the byte it escapes
            end = min(end, stop)
        else:
            end = _match_end(ident, data, pos, stop)
            if end == pos:  # a vertical tab or form feed
                out.append((pos, pos + 1, c))
                return out
            cut = min((i for i in (data.find(b"//", pos, end), data.find(b"/*", pos, end)) if i != -1), default=-1)
            if cut != -1:  # a comment starts inside the word (modfile stops an identifier at `//`)
                end = cut
        out.append((pos, end, data[pos:end]))
        pos = end


def _lines(data: bytes) -> Iterator[tuple[int, int, list[Token]]]:
    """(start, end of text, tokens) for each line."""
    pos = 0
    n = len(data)
    while pos <= n:
        nl = data.find(b"\n", pos)
        stop = n if nl == -1 else nl
        text_end = stop - 1 if stop > pos and data[stop - 1] == 0x0D else stop
        yield pos, text_end, _tokens(data, pos, stop)
        if nl == -1:
            break
        pos = nl + 1


def unquote(token: bytes) -> str | None:
    """The value of a path token (modfile parseString, strconv.Unquote), or None when cmd/go would refuse it or
    it uses an escape this reader does not decode (then the file is not judged)."""
    text = token.decode("utf-8", "replace")
    if text.startswith('"'):
        body = text[1:-1]
        if len(text) < 2 or not text.endswith('"') or (len(body) - len(body.rstrip("\\"))) % 2:
            return None  # unterminated, or its last quote is escaped
        if "\\" not in body:
            return body
        if any(m.group(1) not in _JSON_ESCAPES for m in _escape().finditer(body)):
            return None
        import json  # only for a path with escapes

        try:
            value = json.loads(text)  # the escapes left are the same in Go and JSON
        except ValueError:
            return None
        return value if isinstance(value, str) else None  # a JSON string literal: always a str
    if any(q in text for q in "\"'`"):
        return None  # "unquoted string cannot contain quote"
    return text


def parse_gowork(path: str, data: bytes) -> WorkFile:
    """Tolerant: errors are collected, never raised."""
    uses: list[Use] = []
    blocks: list[UseBlock] = []
    errors: list[str] = []
    last_use_end: int | None = None
    last_is_block = False
    go_line_end: int | None = None
    block: tuple[int, int] | None = None  # (use offset, lparen offset) of the open block
    block_keyword = b""
    line_no = 0
    for line_start, text_end, tokens in _lines(data):
        line_no += 1
        if any(t[2] == b"/*" for t in tokens):
            errors.append(f"{line_no}: mod files must use // comments (not /* */ comments)")
            continue
        if tokens and tokens[-1][2] in _UNEXPECTED:
            errors.append(f"{line_no}: unexpected input character {_UNEXPECTED[tokens[-1][2]]}")
            continue
        if block is not None:
            if tokens and tokens[0][2] == b")":
                if len(tokens) > 1:
                    errors.append(f"{line_no}: syntax error (expected newline after closing paren)")
                if block_keyword == b"use":
                    blocks.append(UseBlock(block[0], block[1], tokens[0][0], line_start))
                    last_use_end, last_is_block = tokens[0][1], True
                block = None
                continue
            if block_keyword == b"use" and tokens:
                _add_use(uses, errors, line_no, tokens, line_start, text_end, True)
            continue
        if not tokens:
            continue
        keyword = tokens[0][2]
        if len(tokens) >= 2 and tokens[-1][2] == b"(":
            if keyword == b"use" and len(tokens) > 2:
                errors.append(f"{line_no}: usage: use local/dir")
            block, block_keyword = (tokens[0][0], tokens[-1][0]), keyword
            continue
        if len(tokens) == 3 and tokens[1][2] == b"(" and tokens[2][2] == b")":  # `use ()`: an empty block
            if keyword == b"use":
                blocks.append(UseBlock(tokens[0][0], tokens[1][0], tokens[2][0], line_start))
                last_use_end, last_is_block = tokens[2][1], True
            continue
        if keyword == b"use":
            _add_use(uses, errors, line_no, tokens[1:], line_start, text_end, False)
            last_use_end, last_is_block = text_end, False
        elif keyword == b"go" and go_line_end is None:
            go_line_end = text_end
    if block is not None:
        errors.append("syntax error (unterminated block)")
    newline = "\r\n" if b"\r\n" in data else "\n"
    return WorkFile(
        path, tuple(uses), tuple(blocks), last_use_end, last_is_block, go_line_end, newline, len(data), tuple(errors)
    )


def _add_use(
    uses: list[Use], errors: list[str], line_no: int, args: list[Token], line_start: int, text_end: int, in_block: bool
) -> None:
    if len(args) != 1:
        errors.append(f"{line_no}: usage: use local/dir")
        return
    start, end, token = args[0]
    value = unquote(token)
    if value is None:
        errors.append(f"{line_no}: invalid quoted string")
        return
    uses.append(Use(value, start, end, line_start, text_end, in_block))
