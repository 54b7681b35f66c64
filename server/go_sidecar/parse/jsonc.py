"""JSON with comments and trailing commas (launch.json, settings.json), with exact byte ranges.

tree-sitter-json keeps comments as `comment` nodes and turns a trailing comma into a small ERROR node while
the pairs around it stay intact, so a half-typed file still yields every pair that could be read.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from go_sidecar.parse.text import BOM, LineIndex


@lru_cache(maxsize=1)
def _parser():
    import tree_sitter
    import tree_sitter_json

    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_json.language()))


@dataclass
class JNode:
    """A JSON value: kind is object, array, string, number, true, false or null."""

    kind: str
    start: int
    end: int
    value: Any = None  # scalars: the Python value; array: list[JNode]
    members: list["Member"] = field(default_factory=list)  # objects only
    ts_node: Any = field(default=None, repr=False, compare=False)

    def get(self, key: str) -> "Member | None":
        """The last member named key (JSON parsers let the last duplicate win)."""
        found = None
        for m in self.members:
            if m.key == key:
                found = m
        return found

    def get_value(self, key: str) -> "JNode | None":
        m = self.get(key)
        return m.value if m else None

    def to_python(self) -> Any:
        if self.kind == "object":
            return {m.key: m.value.to_python() for m in self.members if m.value is not None}
        if self.kind == "array":
            return [v.to_python() for v in self.value]
        return self.value


@dataclass
class Member:
    key: str
    key_start: int
    key_end: int
    start: int  # the whole pair
    end: int
    value: JNode | None
    ts_node: Any = field(default=None, repr=False, compare=False)


@dataclass
class JsonDoc:
    data: bytes
    root: JNode | None
    syntax_errors: int
    index: LineIndex

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


def parse(data: bytes) -> JsonDoc:
    """Parse JSONC. Never raises; a file that is no JSON at all gives root None."""
    # The BOM becomes blanks for the parser so that byte offsets still match the file.
    src = b"   " + data[3:] if data.startswith(BOM) else data
    tree = _parser().parse(src)
    root = None
    errors = _count_errors(tree.root_node)
    for child in tree.root_node.named_children:
        if child.type in ("object", "array"):
            root = _convert(child, src)
            break
    return JsonDoc(data=data, root=root, syntax_errors=errors, index=LineIndex(data))


def _count_errors(node) -> int:
    if not node.has_error:
        return 0
    if node.type == "ERROR" or node.is_missing:
        return 1
    return sum(_count_errors(c) for c in node.children)


def _convert(node, src: bytes) -> JNode | None:
    t = node.type
    if t == "object":
        obj = JNode("object", node.start_byte, node.end_byte, ts_node=node)
        for child in node.named_children:
            if child.type != "pair":
                continue
            key_node = child.child_by_field_name("key")
            value_node = child.child_by_field_name("value")
            if key_node is None or key_node.type != "string":
                continue
            obj.members.append(
                Member(
                    key=str(_string_value(key_node, src)),
                    key_start=key_node.start_byte,
                    key_end=key_node.end_byte,
                    start=child.start_byte,
                    end=child.end_byte,
                    value=_convert(value_node, src) if value_node is not None else None,
                    ts_node=child,
                )
            )
        return obj
    if t == "array":
        items = [v for c in node.named_children if (v := _convert(c, src)) is not None]
        return JNode("array", node.start_byte, node.end_byte, value=items, ts_node=node)
    if t == "string":
        return JNode("string", node.start_byte, node.end_byte, value=_string_value(node, src), ts_node=node)
    if t == "number":
        raw = src[node.start_byte : node.end_byte].decode("ascii", "replace")
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        return JNode("number", node.start_byte, node.end_byte, value=value, ts_node=node)
    if t in ("true", "false"):
        return JNode(t, node.start_byte, node.end_byte, value=(t == "true"), ts_node=node)
    if t == "null":
        return JNode("null", node.start_byte, node.end_byte, value=None, ts_node=node)
    return None


def _string_value(node, src: bytes) -> str:
    raw = src[node.start_byte : node.end_byte]
    try:
        value = json.loads(raw.decode("utf-8", "replace"))
        if isinstance(value, str):
            return value
    except ValueError:
        pass
    # Half-typed or invalid escapes: the characters between the quotes, as written.
    return raw.decode("utf-8", "replace").strip('"')


def walk_objects(node: JNode | None) -> Iterator[JNode]:
    if node is None:
        return
    if node.kind == "object":
        yield node
        for m in node.members:
            yield from walk_objects(m.value)
    elif node.kind == "array":
        for v in node.value:
            yield from walk_objects(v)


def strict_json(data: bytes) -> Any:
    """The file as plain JSON (comments and trailing commas dropped), for tests and validation.

    Raises ValueError when the file is not JSONC.
    """
    doc = parse(data)
    if doc.root is None:
        raise ValueError("not JSON")
    tree = _parser().parse(b"   " + data[3:] if data.startswith(BOM) else data)
    for n in _error_nodes(tree.root_node):
        text = data[n.start_byte : n.end_byte].strip()
        if text != b",":
            raise ValueError(f"syntax error at byte {n.start_byte}: {text[:40]!r}")
    return doc.root.to_python()


def _error_nodes(node):
    if node.type == "ERROR" or node.is_missing:
        yield node
        return
    if node.has_error:
        for c in node.children:
            yield from _error_nodes(c)
