"""jsonc.parse(data, previous): the server re-parses a launch.json incrementally from its last parse (issue 12),
and takes from the previous JNode tree every member and array item the edit left alone (moved by the edit's
length when they come after it). Whatever the edit — a keystroke, a paste, a deletion that breaks the syntax or
repairs it, a configuration added, deleted or duplicated, a BOM or CRLF, a file cut short — and whatever chain of
edits came before, the incremental parse must give exactly what a parse from scratch gives: the same JNodes at
the same bytes, the same syntax tree and errors, and tree-sitter nodes for the edit builders that say the same."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from go_sidecar.edit.jsonc import JsoncEditor
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
    b"[",
    b'"',
    b"//",
    b"/*",
    b"*/",
    b"\n",
    b"\r\n",
    b":",
    b"\\",
    b'"name": "\xe5\x90\xaf\xe5\x8a\xa8",',
    b'{"a": [1, 2,],}',
    b'"env": {"A": "1",},',
    b"{},",
    b"\t",
    BOM,
]
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def launch_json(n: int, crlf: bool = False) -> bytes:
    """A launch.json of n configurations in the shapes the benchmarks use: comments, trailing commas, env blocks,
    args arrays, a platform block."""
    blocks = []
    for i in range(n):
        kind = i % 5
        lines = [
            "        {",
            f"            // Configuration {i}",
            f'            "name": "Config {i}",',
            '            "type": "go",',
            '            "request": "launch",',
            '            "mode": "' + ("auto", "debug", "test", "exec", "debug")[kind] + '",',
            f'            "program": "${{workspaceFolder}}/cmd/svc{i}", // main package',
        ]
        if kind == 1:
            lines += ['            "env": {', '                "GOROOT": "/opt/go1.19", // old', "            },"]
        elif kind == 2:
            lines += ['            "args": ["-test.run", "TestService", 3, true, null, {"x": [1]}],']
        elif kind == 3:
            lines += ['            "linux": {"env": {"CGO_ENABLED": "0"}},', '            "showLog": true']
        lines.append("        },")
        blocks.append("\n".join(lines))
    text = '{\n    "version": "0.2.0",\n    /* the configurations */\n    "configurations": [\n'
    text += "\n".join(blocks) + "\n    ],\n}\n"
    if crlf:
        text = text.replace("\n", "\r\n")
    return text.encode()


LAUNCH = [launch_json(12), launch_json(7, crlf=True), BOM + launch_json(5)]


def _nodes(root: jsonc.JNode | None) -> list[tuple[str, int, int, int]]:
    """Every JNode and member in the file's order with its shape (not part of JNode equality)."""
    out: list[tuple[str, int, int, int]] = []
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        shape = node.shape if node.kind in ("object", "array") else 0
        out.append((node.kind, node.start, node.end, shape))
        if node.kind == "object":
            for m in node.members:
                out.append(("member " + m.key, m.start, m.end, m.shape))
            stack.extend(reversed([m.value for m in node.members if m.value is not None]))
        elif node.kind == "array":
            stack.extend(reversed(node.value))
    return out


def walked_errors(doc: jsonc.JsonDoc) -> tuple[int, tuple[int, int, str | None] | None]:
    """The errors as a walk of the whole syntax tree finds them (what parse read with the JNodes, or took over)."""
    src = b"   " + doc.data[3:] if doc.data.startswith(BOM) else doc.data
    found = list(jsonc._error_nodes(doc.tree.root_node))
    first = next((jsonc._error_of(n, src) for n in found if not jsonc._trailing_comma(n, src)), None)
    return len(found), first


def same(a: jsonc.JsonDoc, b: jsonc.JsonDoc) -> None:
    assert (a.syntax_errors, a.first_error) == walked_errors(a)
    assert a.root == b.root  # kinds, values, keys and every byte offset, all the way down
    assert _nodes(a.root) == _nodes(b.root)
    assert (a.root.to_python() if a.root else None) == (b.root.to_python() if b.root else None)
    assert (a.syntax_errors, a.first_error, a.too_deep) == (b.syntax_errors, b.first_error, b.too_deep)
    assert str(a.tree.root_node) == str(b.tree.root_node)  # the whole syntax tree, as an s-expression
    # The edit builders read each object's commas and comments from its tree-sitter node.
    for obj_a, obj_b in zip(jsonc.walk_objects(a.root), jsonc.walk_objects(b.root), strict=True):
        ts_a, ts_b = a.syntax_node(obj_a), b.syntax_node(obj_b)
        assert ts_a is not None and ts_b is not None
        assert (ts_a.type, ts_a.start_byte, ts_a.end_byte) == ("object", obj_a.start, obj_a.end) or a.repaired_tree
        assert [(c.type, c.start_byte, c.end_byte) for c in ts_a.children] == [
            (c.type, c.start_byte, c.end_byte) for c in ts_b.children
        ]


def edits_agree(a: jsonc.JsonDoc, b: jsonc.JsonDoc) -> None:
    """A fix built on the incremental parse is the one built on a parse from scratch."""
    for obj_a, obj_b in list(zip(jsonc.walk_objects(a.root), jsonc.walk_objects(b.root), strict=True))[:8]:
        ea, eb = JsoncEditor("/w/launch.json", a), JsoncEditor("/w/launch.json", b)
        assert ea.set_in_child_object(obj_a, "env", {"GOROOT": "/x"}) == eb.set_in_child_object(
            obj_b, "env", {"GOROOT": "/x"}
        )
        if obj_a.members:
            key = obj_a.members[-1].key
            assert ea.remove_member(obj_a, key) == eb.remove_member(obj_b, key)


def check(old: bytes, new: bytes) -> jsonc.JsonDoc:
    previous = jsonc.parse(old)
    before = jsonc.parse(old)
    doc = jsonc.parse(new, previous)
    fresh = jsonc.parse(new)
    same(doc, fresh)
    # The previous document is left as it was (its tree was copied before being edited, its JNodes not moved).
    same(previous, before)
    return doc


@SETTINGS
@given(doc=st.sampled_from(CORPUS), data=st.data())
def test_an_incremental_parse_is_a_parse_from_scratch(doc: Path, data):
    old = doc.read_bytes()
    start = data.draw(st.integers(0, len(old)))
    end = data.draw(st.integers(start, min(len(old), start + 200)))
    insert = data.draw(st.sampled_from(SNIPPETS) | st.binary(max_size=20))
    check(old, old[:start] + insert + old[end:])


def _config_spans(text: bytes) -> list[tuple[int, int]]:
    doc = jsonc.parse(text)
    configs = doc.root.get_value("configurations") if doc.root is not None else None
    return [(c.start, c.end) for c in configs.value] if configs is not None else []


@SETTINGS
@given(text=st.sampled_from(LAUNCH), data=st.data())
def test_edits_inside_before_and_after_configurations(text: bytes, data):
    spans = _config_spans(text)
    kind = data.draw(st.sampled_from(["inside", "between", "delete", "duplicate", "swap", "anywhere"]))
    i = data.draw(st.integers(0, len(spans) - 1))
    s, e = spans[i]
    if kind == "inside":  # a keystroke or a paste inside one configuration
        start = data.draw(st.integers(s, e))
        end = data.draw(st.integers(start, min(e, start + 30)))
        new = text[:start] + data.draw(st.sampled_from(SNIPPETS)) + text[end:]
    elif kind == "between":  # before the first, between two, after the last
        at = data.draw(st.sampled_from([s, e, e + 1, s - 1]))
        new = text[:at] + data.draw(st.sampled_from(SNIPPETS)) + text[at:]
    elif kind == "delete":  # a configuration deleted with its comma, or without it
        new = text[:s] + text[e + data.draw(st.integers(0, 1)) :]
    elif kind == "duplicate":
        new = text[:e] + b",\n" + text[s:e] + text[e:]
    elif kind == "swap" and i + 1 < len(spans):
        s2, e2 = spans[i + 1]
        new = text[:s] + text[s2:e2] + text[e:s2] + text[s:e] + text[e2:]
    else:
        start = data.draw(st.integers(0, len(text)))
        new = text[:start] + data.draw(st.binary(max_size=8)) + text[start + data.draw(st.integers(0, 40)) :]
    doc = check(text, new)
    edits_agree(doc, jsonc.parse(new))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.sampled_from(LAUNCH + [CORPUS[0].read_bytes()]), data=st.data())
def test_a_chain_of_edits_each_parsed_from_the_last(text: bytes, data):
    """Nodes taken over are taken over again, moved again: typing a value, breaking the file and repairing it."""
    doc = jsonc.parse(text)
    for _ in range(data.draw(st.integers(1, 25))):
        at = data.draw(st.integers(0, len(text)))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + data.draw(st.sampled_from(SNIPPETS)) + text[at + cut :]
        doc = jsonc.parse(text, doc)
        same(doc, jsonc.parse(text))
    edits_agree(doc, jsonc.parse(text))


def test_a_chain_of_keystrokes_each_from_the_last():
    text = CORPUS[0].read_bytes()
    doc = jsonc.parse(text)
    for k in range(40):
        at = (k * 37) % (len(text) + 1)
        text = text[:at] + b"x" + text[at:] if k % 3 else text[:at] + text[at + 1 :]
        doc = jsonc.parse(text, doc)
        same(doc, jsonc.parse(text))


def test_typing_a_new_configuration_character_by_character():
    """Each prefix of a new configuration is broken JSON until the last character: every step is compared."""
    text = launch_json(6)
    at = _config_spans(text)[3][1] + 1  # after the fourth configuration's comma
    block = b'\n        {"name": "New", "type": "go", "env": {"A": "1",}, "args": ["x"],},'
    doc = jsonc.parse(text)
    for k in range(1, len(block) + 1):
        new = text[:at] + block[:k] + text[at:]
        doc = jsonc.parse(new, doc)
        same(doc, jsonc.parse(new))
    for k in range(len(block) - 1, -1, -1):  # and deleted again, backwards
        new = text[:at] + block[:k] + text[at:]
        doc = jsonc.parse(new, doc)
        same(doc, jsonc.parse(new))


def test_untouched_configurations_are_taken_over_not_read_again():
    """The point of it: an edit inside one configuration leaves the others' JNodes (those before the edit) the
    very same objects, and those after it moved copies."""
    text = launch_json(12)
    spans = _config_spans(text)
    previous = jsonc.parse(text)
    s, _ = spans[5]
    at = text.index(b'"Config 5', s) + 8
    doc = jsonc.parse(text[:at] + b"!" + text[at:], previous)
    old = previous.root.get_value("configurations").value
    new = doc.root.get_value("configurations").value
    assert all(a is b for a, b in zip(old[:5], new[:5]))
    assert new[5].get_value("name").value == "Config !5"
    assert [(c.start, c.end) for c in new[6:]] == [(c.start + 1, c.end + 1) for c in old[6:]]
    assert (old[6].start, old[6].end) == spans[6]  # the previous document's nodes did not move
