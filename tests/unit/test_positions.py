"""Places in files are byte spans (model.Range) converted once, by the output, into the client's encoding.

A check converts no position (rules and fixes only slice bytes); the JSON report and the LSP wire convert each
range once, straight from bytes to UTF-16, UTF-8 or UTF-32 (no UTF-16 step in between), against the text each
file was checked in.
"""

from __future__ import annotations

import itertools
import random

import pytest

from go_sidecar.lsp import wire
from go_sidecar.model import Finding, Location, Position, Range, Severity
from go_sidecar.parse import text as text_module
from go_sidecar.parse.text import LONG, LineIndex

from .test_rules import WS, config, launch, machine, only, run_check

# An invalid byte is one character, as an editor shows it (U+FFFD): 3 UTF-8 bytes (parse/text.py LineIndex).
UNITS = {
    "utf-16": lambda s: len(s.encode("utf-16-le", "surrogatepass")) // 2,
    "utf-8": lambda s: len(s.encode("utf-8", "surrogatepass")),
    "utf-32": len,
}


def _expected(data: bytes, offset: int, encoding: str) -> Position:
    """What an editor counts: lines before the offset, and the units of its line's text before it."""
    before = data[:offset].decode("utf-8", "surrogateescape")
    line = before.count("\n")
    return Position(line, UNITS[encoding](before[before.rfind("\n") + 1 :]))


def _boundaries(data: bytes) -> list[int]:
    """Byte offsets where a character starts (where a parser's span begins or ends)."""
    out, at = [], 0
    for ch in data.decode("utf-8", "surrogateescape"):
        out.append(at)
        at += len(ch.encode("utf-8", "surrogateescape"))
    return out + [len(data)]


TEXTS = {
    "cjk-emoji-crlf": ('{\r\n  // 启动当前包 😀\r\n  "env": {"GOROOT": "C:\\\\Users\\\\张三"},\r\n}\r\n').encode(),
    "invalid-utf8": b'{"a": "\xff\xfe", "b": "\xe4\xb8", "c": 1}\n"d"',
    # One line longer than LONG: the column checkpoints of the index are used.
    "minified": ('{"configurations": [' + ", ".join(f'{{"name": "配置 {i} 😀"}}' for i in range(200)) + "]}").encode(),
}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
@pytest.mark.parametrize("name", sorted(TEXTS))
def test_a_range_converts_both_ends_into_the_wanted_encoding(name, encoding):
    data = TEXTS[name]
    index = LineIndex(data)
    cuts = _boundaries(data)
    rnd = random.Random(12)
    spans = [(a, b) for a, b in itertools.pairwise(cuts)] + [tuple(sorted(rnd.sample(cuts, 2))) for _ in range(300)]
    if name == "minified":
        assert len(data) > 4 * LONG
        spans += [(cuts[5], cuts[-5]), (cuts[len(cuts) // 2], cuts[len(cuts) // 2 + 40])]
    for a, b in spans:
        r = index.range(a, b)
        assert r.positions(encoding) == (_expected(data, a, encoding), _expected(data, b, encoding)), (a, b)
        assert (r.start, r.end) == (_expected(data, a, "utf-16"), _expected(data, b, "utf-16"))
        assert r.line == r.start.line


def test_ranges_compare_by_place_and_stated_positions_are_kept():
    data = "a\n中文 x\n".encode()
    index, other = LineIndex(data), LineIndex(data)
    x = data.index(b"x")
    assert index.range(x, x + 1) == other.range(x, x + 1) == Range.of(1, 3, 1, 4)
    assert index.range(x, x + 1) != index.range(x - 1, x + 1)
    assert hash(index.range(x, x + 1)) == hash(Range.of(1, 3, 1, 4))
    # A place without text (a file to create): the positions given, in every encoding.
    assert Range.of(0, 0, 0, 0).positions("utf-8") == (Position(0, 0), Position(0, 0))
    assert repr(index.range(x, x + 1)) == "Range(1:3-1:4)"


def test_the_wire_converts_from_bytes_for_every_file_it_publishes():
    """A go.mod (or a GoLand XML file) is converted against its own text, as launch.json is: the UTF-8 column of
    `1.22` after a Chinese comment on the same line counts bytes."""
    data = "module m // 模块\ngo 1.22 // 版本 😀\n".encode()
    index = LineIndex(data)
    at = data.index(b"1.22")
    f = Finding("goroot-too-old", Severity.WARNING, "m", Location("/w/go.mod", index.range(at, at + 4)))
    for encoding, column in (("utf-16", 3), ("utf-8", 3), ("utf-32", 3)):
        d = wire.diagnostic(f, wire.Encoder(encoding))
        assert d["range"] == {"start": {"line": 1, "character": column}, "end": {"line": 1, "character": column + 4}}
    comment = data.index(b"//", data.index(b"go 1.22"))
    end = len(data) - 1
    g = Finding("x", Severity.HINT, "m", Location("/w/go.mod", index.range(comment, end)))
    line = "go 1.22 // 版本 😀"
    assert wire.diagnostic(g, wire.Encoder("utf-8"))["range"]["end"]["character"] == len(line.encode())
    assert wire.diagnostic(g, wire.Encoder("utf-16"))["range"]["end"]["character"] == len(line) + 1  # the emoji: 2
    assert wire.diagnostic(g, wire.Encoder("utf-32"))["range"]["end"]["character"] == len(line)


def test_a_check_converts_no_position_and_the_report_converts_each_once(monkeypatch):
    """20 configurations with findings and fixes: run_check counts no line or column; the JSON report converts
    what it shows, each range once."""
    calls = []
    column = text_module.LineIndex.column

    def counting(self, offset, encoding="utf-16"):
        calls.append(offset)
        return column(self, offset, encoding)

    monkeypatch.setattr(text_module.LineIndex, "column", counting)
    s = machine("1.22.5", "1.27.3", launch_text=launch(*(config(f"C{i}") for i in range(20))))
    report, _ = run_check(s, WS)
    assert len(only(report, "goroot-unpinned")) == 20
    assert calls == []
    report.to_json()
    ranges = len(report.findings) + sum(len(x.edits) for f in report.findings for x in f.fixes)
    assert 0 < len(calls) <= 2 * ranges
    before = len(calls)
    report.to_json()  # UTF-16 positions are kept: a second output converts nothing again
    assert len(calls) == before
