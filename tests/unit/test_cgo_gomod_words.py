"""parse/gomod.py reads go.mod's module and go lines without a regular expression (a cold check compiles none it does
not need): `directive_word` must give what `^[ \\t]*keyword[ \\t]+(\\S+)` (multiline, on bytes) gave, on any input."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from go_sidecar.parse.gomod import directive_word, parse_requires

# Pieces that make the edge cases likely: the keywords, each kind of blank (the ones \s has and [ \t] has not),
# newlines, bytes that are no UTF-8, words that start with a keyword.
PIECES = [b"module", b"go", b" ", b"\t", b"\n", b"\r", b"\x0b", b"\x0c", b"x", b"1.22", b"\xff", b"//", b"gomodule"]
PIECES += [b"\x1c", b"\xc2\x85", b"example.com/m", b"\r\n"]


def by_regex(data: bytes, keyword: bytes) -> str:
    m = re.search(rb"^[ \t]*" + keyword + rb"[ \t]+(\S+)", data, re.MULTILINE)
    return m.group(1).decode("utf-8", "replace") if m else ""


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=16), st.sampled_from([b"module", b"go"]))
def test_directive_word_reads_as_the_regular_expression(pieces: list[bytes], keyword: bytes):
    data = b"".join(pieces)
    assert directive_word(data, keyword) == by_regex(data, keyword)


@settings(max_examples=500, deadline=None)
@given(st.binary(max_size=64), st.sampled_from([b"module", b"go"]))
def test_directive_word_on_any_bytes(data: bytes, keyword: bytes):
    assert directive_word(data, keyword) == by_regex(data, keyword)


def test_parse_requires_reads_module_go_and_requirements():
    data = b'// c\nmodule "example.com/m" // x\n\n  go\t1.22.0\r\ngo 1.23\nrequire (\n\tgolang.org/x/mod v0.1.0\n)\n'
    assert parse_requires(data) == ("example.com/m", "1.22.0", ["golang.org/x/mod"])
    assert parse_requires(b"gomodule x\ngo\nmodule\n") == ("", "", [])
