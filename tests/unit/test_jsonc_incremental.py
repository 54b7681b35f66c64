"""jsonc.parse(data, previous): the server re-parses a launch.json incrementally from its last parse (issue 12).
Whatever the edit — a keystroke, a paste, a deletion that breaks the syntax or repairs it, a BOM or CRLF, a
file cut short — the incremental parse must give exactly what a parse from scratch gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from go_sidecar.parse import jsonc
from go_sidecar.parse.text import BOM

CORPUS = sorted((Path(__file__).resolve().parents[1] / "corpus" / "vscode").rglob("*.json"))
assert len(CORPUS) >= 30, CORPUS  # the real launch.json files of tests/corpus
SNIPPETS = [
    b"",
    b"x",
    b",",
    b"}",
    b"{",
    b"]",
    b'"',
    b"//",
    b"/*",
    b"\n",
    b"\r\n",
    b'"name": "\xe5\x90\xaf\xe5\x8a\xa8",',
    b'{"a": [1, 2,],}',
    b"\t",
    BOM,
]


def same(a: jsonc.JsonDoc, b: jsonc.JsonDoc) -> None:
    assert (a.root.to_python() if a.root else None) == (b.root.to_python() if b.root else None)
    assert (a.syntax_errors, a.first_error, a.too_deep) == (b.syntax_errors, b.first_error, b.too_deep)
    assert str(a.tree.root_node) == str(b.tree.root_node)  # the whole syntax tree, as an s-expression


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=st.sampled_from(CORPUS), data=st.data())
def test_an_incremental_parse_is_a_parse_from_scratch(doc: Path, data):
    old = doc.read_bytes()
    start = data.draw(st.integers(0, len(old)))
    end = data.draw(st.integers(start, min(len(old), start + 200)))
    insert = data.draw(st.sampled_from(SNIPPETS) | st.binary(max_size=20))
    new = old[:start] + insert + old[end:]
    previous = jsonc.parse(old)
    same(jsonc.parse(new, previous), jsonc.parse(new))
    # The previous document is left as it was (its tree was copied before being edited).
    same(previous, jsonc.parse(old))


def test_a_chain_of_keystrokes_each_from_the_last():
    text = CORPUS[0].read_bytes()
    doc = jsonc.parse(text)
    for k in range(40):
        at = (k * 37) % (len(text) + 1)
        text = text[:at] + b"x" + text[at:] if k % 3 else text[:at] + text[at + 1 :]
        doc = jsonc.parse(text, doc)
        same(doc, jsonc.parse(text))
