"""Property tests of the minimal JSONC edits: launch.json files in many shapes get env.GOROOT (and PATH) set.

Whatever the shape (comments anywhere, trailing commas or not, CRLF or LF, tabs or spaces, a BOM, Chinese and
emoji in strings and comments, env absent, empty, one-line, multi-line, not an object), the result must be
JSONC that holds the new values and every old one, the edits must touch nothing but the values they replace
and blanks, and a CRLF file must stay CRLF.
"""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from go_sidecar.edit.jsonc import JsoncEditor
from go_sidecar.parse import jsonc
from go_sidecar.parse.text import BOM, LineIndex
from go_sidecar.testing import apply_edits

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_CHARS = list("abcXYZ019 _-./:;\\\"'{}[],*#$%") + list("中文张三路径é") + ["😀", "🚀", "\t"]
strings = st.text(alphabet=st.sampled_from(_CHARS), max_size=12)
path_values = st.lists(
    st.sampled_from(list("abcGO019 ._-/:;\\\"'") + list("张三中文") + ["😀", "Program Files", "C:\\", "\\\\"]),
    min_size=1,
    max_size=20,
).map("".join)
_COMMENT_CHARS = list("abc xyz 019{}[]\",:/*'") + list("中文调试注释") + ["😀"]
comment_text = st.text(alphabet=st.sampled_from(_COMMENT_CHARS), max_size=12).filter(
    lambda t: "*/" not in t and not t.endswith("/") and not t.endswith("*")
)


def _dump(value, draw) -> str:
    return json.dumps(value, ensure_ascii=draw(st.booleans()))


class Doc:
    """Renders a launch.json in a drawn style, remembering which comments it wrote."""

    def __init__(self, draw):
        self.draw = draw
        self.nl = draw(st.sampled_from(["\n", "\r\n"]))
        self.unit = draw(st.sampled_from(["\t", "  ", "    "]))
        self.trailing = draw(st.booleans())
        self.comments: list[str] = []

    def comment(self, kind: str | None = None) -> str:
        kind = kind or self.draw(st.sampled_from(["line", "block"]))
        text = self.draw(comment_text)
        c = f"// {text}" if kind == "line" else f"/* {text} */"
        self.comments.append(c)
        return c

    def maybe(self, p_of_4: int = 1) -> bool:
        return self.draw(st.integers(0, 3)) < p_of_4

    def multi(self, items: list[tuple[str, str]], level: int) -> str:
        """An object (or, with brackets, an array body) written one member a line."""
        nl, ind = self.nl, self.unit * (level + 1)
        lines = []
        for i, (k, v) in enumerate(items):
            if self.maybe():
                lines.append(ind + self.comment("line"))
            last = i == len(items) - 1
            sep = "," if (not last or self.trailing) else ""
            colon = ": "
            if self.maybe(1):
                colon = ": " + self.comment("block") + " "
            tail = ""
            if self.maybe(1 if not last else 2):  # a comment on the same line, often on the last member
                tail = " " + self.comment()
            before_comma = ""
            if self.maybe(1):  # `"a": 1 /* c */,`
                before_comma = " " + self.comment("block")
            lines.append(f"{ind}{k}{colon}{v}{before_comma}{sep}{tail}")
        if self.maybe():
            lines.append(ind + self.comment("line"))
        if self.maybe(1):  # a block comment over several lines
            text = self.draw(comment_text)
            c = f"/* {text}{nl}{ind} {text} */"
            self.comments.append(c)
            lines.append(ind + c)
        close = nl + self.unit * level + "}"
        if lines and "//" not in lines[-1] and self.maybe(1):  # `"a": 1}`: the brace on the last line
            close = "}"
        return "{" + nl + nl.join(lines) + close

    def one_line(self, items: list[tuple[str, str]]) -> str:
        parts = [f"{k}: {v}" for k, v in items]
        inner = ", ".join(parts)
        if self.trailing and parts:
            inner += ","
        if self.maybe():
            inner = self.comment("block") + " " + inner
        if self.maybe():
            inner = inner + " " + self.comment("block")
        return "{" + inner + "}"

    def obj(self, items: list[tuple[str, str]], level: int) -> str:
        return self.one_line(items) if self.draw(st.booleans()) else self.multi(items, level)


ENV_SHAPES = ["absent", "empty", "blank", "comment-only", "block-only", "members", "null", "string"]


@st.composite
def launch_files(draw):
    d = Doc(draw)
    bom = draw(st.booleans())
    level = 2
    env_shape = draw(st.sampled_from(ENV_SHAPES))
    env_items: dict[str, str] = {}
    env_text = None
    if env_shape == "empty":
        env_text = "{}"
    elif env_shape == "blank":
        env_text = "{ }"
    elif env_shape == "comment-only":
        env_text = "{" + d.nl + d.unit * (level + 2) + d.comment("line") + d.nl + d.unit * (level + 1) + "}"
    elif env_shape == "block-only":
        env_text = "{ " + d.comment("block") + " }"
    elif env_shape == "members":
        keys = draw(
            st.lists(
                st.sampled_from(["GOROOT", "PATH", "GOFLAGS", "CGO_ENABLED", "名字", "A😀"]) | strings,
                min_size=1,
                max_size=4,
            )
        )
        items = []
        for k in keys:
            v = draw(strings)
            env_items[k] = v
            items.append((_dump(k, draw), _dump(v, draw)))
        env_text = d.obj(items, level + 1)
    elif env_shape == "null":
        env_text = "null"
    elif env_shape == "string":
        env_text = _dump(draw(strings), draw)

    name = "target " + draw(strings)
    members = [
        ('"name"', _dump(name, draw)),
        ('"type"', '"go"'),
        ('"request"', '"launch"'),
        ('"program"', '"${workspaceFolder}"'),
    ]
    if d.maybe(2):
        args = draw(st.lists(strings, max_size=3))
        members.append(
            ('"args"', "[" + ", ".join(_dump(a, draw) for a in args) + ("," if d.trailing and args else "") + "]")
        )
    if env_text is not None:
        at = draw(st.integers(0, len(members)))
        members.insert(at, ('"env"', env_text))
    target = d.obj(members, level) if env_shape not in ("comment-only",) else d.multi(members, level)

    configs = [target]
    if d.maybe():
        other = d.obj(
            [('"name"', _dump(draw(strings), draw)), ('"type"', '"node"'), ('"env"', '{"GOROOT": "/keep/this"}')], level
        )
        configs.insert(draw(st.integers(0, 1)), other)
    nl, u = d.nl, d.unit
    arr = "[" + nl + ("," + nl).join(u * level + c for c in configs) + ("," if d.trailing else "") + nl + u + "]"
    top = [('"version"', '"0.2.0"'), ('"configurations"', arr)]
    text = d.multi(top, 0) + nl
    if d.maybe():
        text = d.comment("line") + nl + text
    data = text.encode()
    if bom:
        data = BOM + data
    return data, d, name


@st.composite
def new_values(draw):
    values = {"GOROOT": draw(path_values)}
    if draw(st.booleans()):
        values["PATH"] = draw(path_values) + ":${env:PATH}"
    if draw(st.integers(0, 4)) == 0:
        values["GOTOOLCHAIN"] = "local"
    return values


def _target(doc: jsonc.JsonDoc, name: str) -> jsonc.JNode:
    configs = doc.root.get_value("configurations").value
    return next(c for c in configs if c.get_value("name") is not None and c.get_value("name").value == name)


def _spans(data: bytes, edits) -> list[tuple[int, int, str]]:
    index = LineIndex(data)
    return sorted((index.offset(e.range.start), index.offset(e.range.end), e.new_text) for e in edits)


@SETTINGS
@given(launch_files(), new_values())
def test_set_env_values_minimal_and_exact(file, values):
    data, style, name = file
    original = jsonc.strict_json(data)  # the generator writes valid JSONC
    doc = jsonc.parse(data)
    assert doc.root is not None
    cfg = _target(doc, name)
    env_node = cfg.get_value("env")

    edits = JsoncEditor("/w/.vscode/launch.json", doc).set_in_child_object(cfg, "env", values)
    assert edits
    out = apply_edits(data, [(e.range, e.new_text) for e in edits])

    # 1. JSONC still, with the new values and every old one.
    result = jsonc.strict_json(out)
    expected = json.loads(json.dumps(original))
    for c in expected["configurations"]:
        if c.get("name") == name:
            env = c.get("env")
            c["env"] = {**env, **values} if isinstance(env, dict) else dict(values)
    assert result == expected

    # 2. Only the replaced values and blanks are touched: prefix, suffix and everything between edits stay.
    spans = _spans(data, edits)
    replaceable = set()
    if env_node is not None and env_node.kind != "object":
        replaceable.add((env_node.start, env_node.end))
    elif env_node is not None:
        for key in values:
            m = env_node.get(key)
            if m is not None and m.value is not None:
                replaceable.add((m.value.start, m.value.end))
    rebuilt = b""
    cursor = 0
    for start, end, text in spans:
        assert start >= cursor, "edits overlap"
        old = data[start:end]
        assert start == end or not old.strip() or (start, end) in replaceable, old
        rebuilt += data[cursor:start] + text.encode()
        cursor = end
    rebuilt += data[cursor:]
    assert out == rebuilt
    assert out.startswith(data[: spans[0][0]])
    assert out.endswith(data[spans[-1][1] :])

    # 3. Comments are all kept, the BOM too; line endings are the file's own.
    for c in style.comments:
        assert out.count(c.encode()) >= data.count(c.encode()), c
    assert out.startswith(BOM) == data.startswith(BOM)
    if style.nl == "\r\n":
        assert b"\n" not in out.replace(b"\r\n", b""), "a bare LF in a CRLF file"
    else:
        assert b"\r" not in out

    # 4. New lines are indented with the file's own unit.
    for _, _, text in spans:
        for line in text.split(style.nl)[1:]:
            lead = line[: len(line) - len(line.lstrip(" \t"))]
            if style.unit == "\t":
                assert " " not in lead, repr(text)
            else:
                assert "\t" not in lead, repr(text)

    # 5. Setting the same values again changes nothing.
    doc2 = jsonc.parse(out)
    edits2 = JsoncEditor("/w/.vscode/launch.json", doc2).set_in_child_object(_target(doc2, name), "env", values)
    assert apply_edits(out, [(e.range, e.new_text) for e in edits2]) == out


@SETTINGS
@given(launch_files(), new_values())
def test_edit_ranges_are_utf16_positions(file, values):
    """The edits' ranges, read back by an LSP client in UTF-16 units, hit the same bytes."""
    data, _, name = file
    doc = jsonc.parse(data)
    cfg = _target(doc, name)
    edits = JsoncEditor("/w/.vscode/launch.json", doc).set_in_child_object(cfg, "env", values)
    text = data.decode("utf-8")
    lines = text.split("\n")
    for e in edits:
        for pos in (e.range.start, e.range.end):
            line = lines[pos.line]
            units = line.encode("utf-16-le")
            assert pos.character * 2 <= len(units)
            prefix = units[: pos.character * 2].decode("utf-16-le")  # never splits a surrogate pair
            offset = sum(len(x.encode()) + 1 for x in lines[: pos.line]) + len(prefix.encode())
            assert LineIndex(data).offset(pos) == offset


@SETTINGS
@given(
    st.binary(max_size=300)
    | st.text(alphabet=st.sampled_from(list('{}[]",: \n\r/*abc\\') + ["中", "😀"]), max_size=200).map(str.encode)
)
def test_parse_never_raises(data):
    doc = jsonc.parse(data)
    if doc.root is not None:
        for obj in jsonc.walk_objects(doc.root):
            assert 0 <= obj.start <= obj.end <= len(data)
            for m in obj.members:
                assert m.start <= m.end <= len(data)
                JsoncEditor("/w/x.json", doc).set_members(obj, {"K": "v"})  # must not raise either
