"""JSON with comments and trailing commas (launch.json, settings.json), with exact byte ranges.

tree-sitter-json keeps comments as `comment` nodes and turns a trailing comma into a small ERROR node while
the pairs around it stay intact, so a half-typed file still yields every pair that could be read.
"""

from __future__ import annotations

import json
from go_sidecar._record import dataclass, field
from functools import lru_cache
from typing import Any, Iterator

from go_sidecar.parse.text import BOM, LineIndex


@lru_cache(maxsize=1)
def _parser():
    import tree_sitter

    return tree_sitter.Parser(tree_sitter.Language(_json_language()))


def _json_language():
    """The grammar from tree_sitter_json's extension module, without running the package's __init__.

    That __init__ imports importlib.resources (pathlib, tempfile, zipfile...) only to read highlight queries we
    do not use, which costs a cold `sidecar check` a large part of its budget.
    """
    try:
        import importlib.machinery
        import importlib.util
        import os

        spec = importlib.util.find_spec("tree_sitter_json")
        folder = spec.submodule_search_locations[0]
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_binding" + suffix)
            if os.path.exists(path):
                loader = importlib.machinery.ExtensionFileLoader("tree_sitter_json._binding", path)
                binding = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
                loader.exec_module(binding)
                return binding.language()
    except (ImportError, AttributeError, OSError, TypeError, IndexError):
        pass
    import tree_sitter_json

    return tree_sitter_json.language()


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
    errors = _count_errors(tree.root_node)
    root = _top_value(tree, src)
    if root is None and errors:
        # A file cut short while typing (inside a string, after a colon) leaves tree-sitter no object at
        # all. Closing what is open at the end keeps every byte offset of the file and recovers its pairs.
        suffix = _closing_suffix(src)
        if suffix:
            repaired = src + suffix
            root = _top_value(_parser().parse(repaired), repaired)
            if root is not None:
                _clamp(root, len(src))
    return JsonDoc(data=data, root=root, syntax_errors=errors, index=LineIndex(data))


def _top_value(tree, src: bytes) -> JNode | None:
    for child in tree.root_node.named_children:
        if child.type in ("object", "array"):
            return _convert(child, src)
    return None


def _closing_suffix(src: bytes) -> bytes:
    """What to append to close an unterminated string, comment, value and the open brackets."""
    stack: list[int] = []
    expect_key = False  # inside an object, after `{` or `,`
    last = 0  # the last significant byte outside strings and comments
    in_string = key_string = False
    i, n = 0, len(src)
    while i < n:
        c = src[i]
        if in_string:
            if c == 0x5C:  # backslash
                i += 2
                continue
            if c in (0x22, 0x0A):
                in_string = False
                last = 0x22
            i += 1
            continue
        if c == 0x2F and src[i + 1 : i + 2] == b"/":
            j = src.find(b"\n", i)
            if j == -1:  # the closers must not land inside the comment
                return b"\n" + _closers(stack, last, expect_key)
            i = j + 1
            continue
        if c == 0x2F and src[i + 1 : i + 2] == b"*":
            j = src.find(b"*/", i + 2)
            if j == -1:
                return b"*/" + _closers(stack, last, expect_key)
            i = j + 2
            continue
        if c == 0x22:
            in_string, key_string = True, expect_key
        elif c in (0x7B, 0x5B):
            stack.append(c)
        elif c in (0x7D, 0x5D) and stack:
            stack.pop()
        if c not in b" \t\r\n":
            last = c
            expect_key = (c == 0x7B or c == 0x2C) and bool(stack) and stack[-1] == 0x7B
        i += 1
    prefix = b""
    if in_string:
        # A string cut right after a backslash needs its escape finished before the quote closes it.
        prefix = b'\\"' if i > n else b'"'
        last, expect_key = 0x22, key_string
    return prefix + _closers(stack, last, expect_key)


def _closers(stack: list[int], last: int, key_pending: bool) -> bytes:
    if not stack:
        return b""
    out = b""
    if last == 0x3A:  # `"key":` with no value yet
        out += b"null"
    elif last == 0x22 and key_pending:  # `"key` or `"key"` with no colon yet
        out += b": null"
    return out + b"".join(b"}" if c == 0x7B else b"]" for c in reversed(stack))


def _clamp(node: JNode, size: int) -> None:
    node.end = min(node.end, size)
    for m in node.members:
        m.end = min(m.end, size)
        if m.value is not None:
            _clamp(m.value, size)
    if node.kind == "array":
        for v in node.value:
            _clamp(v, size)


def _count_errors(node) -> int:
    if not node.has_error:
        return 0
    if node.type == "ERROR" or node.is_missing:
        return 1
    return sum(_count_errors(c) for c in node.children)


def _convert(node, src: bytes) -> JNode | None:
    if node.is_missing:  # e.g. the value tree-sitter invents after a trailing comma in an array
        return None
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
    # Half-typed or invalid escapes: the characters between the quotes, as written (an unterminated
    # string ends at its line's end, where a CRLF file leaves a "\r").
    return raw.decode("utf-8", "replace").rstrip("\r").strip('"')


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
        if not _trailing_comma(n, data):
            text = data[n.start_byte : n.end_byte].strip()
            raise ValueError(f"syntax error at byte {n.start_byte}: {text[:40]!r}")
    return doc.root.to_python()


def _trailing_comma(node, data: bytes) -> bool:
    """A lone comma before `}` or `]` (tree-sitter: an ERROR `,`, or a MISSING value after a `,` in an array)."""
    def sibling(n, forward: bool):
        n = n.next_sibling if forward else n.prev_sibling
        while n is not None and n.type == "comment":
            n = n.next_sibling if forward else n.prev_sibling
        return n

    after = sibling(node, True)
    if after is None or after.type not in ("}", "]") or after.is_missing:
        return False
    if node.is_missing:
        before = sibling(node, False)
        return before is not None and before.type == ","
    return data[node.start_byte : node.end_byte].strip() == b","


def _error_nodes(node):
    if node.type == "ERROR" or node.is_missing:
        yield node
        return
    if node.has_error:
        for c in node.children:
            yield from _error_nodes(c)
