"""JSON with comments and trailing commas (launch.json, settings.json), with exact byte ranges.

tree-sitter-json keeps comments as `comment` nodes and turns a trailing comma into a small ERROR node while
the pairs around it stay intact, so a half-typed file still yields every pair that could be read.

Nothing here recurses on the file's nesting (a launch.json nested 5,000 levels deep made every walk a
RecursionError), and values nested deeper than MAX_DEPTH are left out of the JNode tree (`JsonDoc.too_deep`
says so), so what the rules, fixes and settings walk is never deeper than that either.
"""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import Any

from go_sidecar._record import dataclass, field
from go_sidecar.parse.text import BOM, LineIndex

MAX_DEPTH = 100  # containers nested deeper are dropped: real configurations are under ten levels deep
_CONTAINERS = ("object", "array")


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
    members: list[Member] = field(default_factory=list)  # objects only
    ts_node: Any = field(default=None, repr=False, compare=False)

    def get(self, key: str) -> Member | None:
        """The last member named key (JSON parsers let the last duplicate win). The rules ask each configuration
        for a dozen keys on every keystroke: the members are indexed on the first question."""
        index = self.__dict__.get("_by_key")
        if index is None or index[0] != len(self.members):
            index = (len(self.members), {m.key: m for m in self.members})
            self.__dict__["_by_key"] = index
        return index[1].get(key)

    def get_value(self, key: str) -> JNode | None:
        m = self.get(key)
        return m.value if m else None

    def to_python(self) -> Any:
        if self.kind not in _CONTAINERS:
            return self.value
        out = _empty(self)
        stack = [(self, out)]
        while stack:
            node, dst = stack.pop()
            pairs = ((m.key, m.value) for m in node.members) if node.kind == "object" else enumerate(node.value)
            for key, value in pairs:
                if value is None:
                    continue
                child = _empty(value) if value.kind in _CONTAINERS else value.value
                if value.kind in _CONTAINERS:
                    stack.append((value, child))
                if node.kind == "object":
                    dst[key] = child  # the last duplicate wins, at the place of the first, as in json.loads
                else:
                    dst.append(child)
        return out


def _empty(node: JNode) -> dict | list:
    return {} if node.kind == "object" else []


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
    too_deep: bool = False  # some values were nested deeper than MAX_DEPTH and are not in the tree
    # The first syntax error that is not a JSONC trailing comma: (byte start, byte end, a description).
    first_error: tuple[int, int, str] | None = None
    tree: Any = field(default=None, repr=False, compare=False)  # tree-sitter's, of `data`: the next parse edits it

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")


def parse(data: bytes, previous: JsonDoc | None = None) -> JsonDoc:
    """Parse JSONC. Never raises; a file that is no JSON at all gives root None. With `previous` (the same file's
    last parse, the server's), tree-sitter re-parses only around what changed: a keystroke in a launch.json of
    200 configurations parses in ~1.3 ms instead of ~3.2 ms."""
    # The BOM becomes blanks for the parser so that byte offsets still match the file.
    src = b"   " + data[3:] if data.startswith(BOM) else data
    tree = _reparse(previous, src) if previous is not None and previous.tree is not None else _parser().parse(src)
    errors = _count_errors(tree.root_node)
    root, too_deep = _top_value(tree, src)
    if root is None and errors:
        # A file cut short while typing (inside a string, after a colon) leaves tree-sitter no object at
        # all. Closing what is open at the end keeps every byte offset of the file and recovers its pairs.
        suffix = _closing_suffix(src)
        if suffix:
            repaired = src + suffix
            root, too_deep = _top_value(_parser().parse(repaired), repaired)
            if root is not None:
                _clamp(root, len(src))
    first = _first_error(tree.root_node, src) if errors else None
    return JsonDoc(
        data=data,
        root=root,
        syntax_errors=errors,
        index=LineIndex(data),
        too_deep=too_deep,
        first_error=first,
        tree=tree,
    )


def _reparse(previous: JsonDoc, src: bytes):
    """tree-sitter's incremental parse: the previous tree (a copy: the previous document keeps its own) told
    which bytes changed, found as the longest common prefix and suffix (memcmp by halves, no byte loop)."""
    old = b"   " + previous.data[3:] if previous.data.startswith(BOM) else previous.data
    n = min(len(old), len(src))
    pre = _common(lambda k: old[:k] == src[:k], n)
    suf = _common(lambda k: old[len(old) - k :] == src[len(src) - k :], n - pre)
    tree = previous.tree.copy()
    tree.edit(
        pre, len(old) - suf, len(src) - suf, _point(old, pre), _point(old, len(old) - suf), _point(src, len(src) - suf)
    )
    return _parser().parse(src, tree)


def _common(same, limit: int) -> int:
    """The largest k <= limit with same(k) (same is monotone: true up to some k, false after)."""
    lo, hi = 0, limit
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if same(mid):
            lo = mid
        else:
            hi = mid - 1
    return lo


def _point(src: bytes, offset: int) -> tuple[int, int]:
    """tree-sitter's (row, byte column) of an offset."""
    return src.count(b"\n", 0, offset), offset - (src.rfind(b"\n", 0, offset) + 1)


def _first_error(root, src: bytes) -> tuple[int, int, str] | None:
    """Where the file stops being JSON with comments and trailing commas, and what is there."""
    for n in _error_nodes(root):
        if _trailing_comma(n, src):
            continue
        if n.is_missing:
            return n.start_byte, n.start_byte, f"missing {n.type!r}"
        text = src[n.start_byte : n.end_byte].strip().decode("utf-8", "replace")
        return n.start_byte, min(n.end_byte, n.start_byte + 80), f"unexpected {text[:30]!r}" if text else "error"
    return None


def _top_value(tree, src: bytes) -> tuple[JNode | None, bool]:
    for child in tree.root_node.named_children:
        if child.type in _CONTAINERS:
            return _convert(child, src)
    return None, False


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


def _clamp(root: JNode, size: int) -> None:
    for node in _all_nodes(root):
        node.end = min(node.end, size)
        for m in node.members:
            m.end = min(m.end, size)


def _all_nodes(root: JNode) -> Iterator[JNode]:
    stack = [root]
    while stack:
        node = stack.pop()
        yield node
        if node.kind == "object":
            stack.extend(m.value for m in node.members if m.value is not None)
        elif node.kind == "array":
            stack.extend(node.value)


def _count_errors(root) -> int:
    count, stack = 0, [root]
    while stack:
        node = stack.pop()
        if not node.has_error:
            continue
        if node.type == "ERROR" or node.is_missing:
            count += 1
        else:
            stack.extend(node.children)
    return count


def _convert(top, src: bytes) -> tuple[JNode | None, bool]:
    """The JNode tree of a tree-sitter value, breadth by breadth from an explicit stack (no recursion), and
    whether containers nested deeper than MAX_DEPTH were left out (a member keeps its key, with value None)."""
    with _no_gc():
        return _convert_all(top, src)


@contextmanager
def _no_gc():
    """Hold the cyclic garbage collector while the tree is built: a million new JNodes (no cycles among them)
    made it run again and again, two thirds of the time of a 14 MB launch.json."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _convert_all(top, src: bytes) -> tuple[JNode | None, bool]:
    root = _shell(top, src)
    too_deep = False
    stack = [(root, top, 1)] if root is not None and root.kind in _CONTAINERS else []
    while stack:
        node, ts, depth = stack.pop()
        is_object = node.kind == "object"
        for child in ts.named_children:
            if is_object:
                if child.type != "pair":
                    continue
                kids = child.children  # key ":" value, unless a comment sits inside the pair
                if len(kids) == 3 and kids[1].type == ":":
                    key_node, value_node = kids[0], kids[2]
                else:
                    key_node, value_node = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key_node is None or key_node.type != "string":
                    continue
                value = _shell(value_node, src) if value_node is not None else None
            else:
                value_node, value = child, _shell(child, src)
            if value is not None and value.kind in _CONTAINERS:
                if depth >= MAX_DEPTH:
                    value, too_deep = None, True
                else:
                    stack.append((value, value_node, depth + 1))
            if is_object:
                node.members.append(
                    Member(
                        _string_value(key_node, src),
                        key_node.start_byte,
                        key_node.end_byte,
                        child.start_byte,
                        child.end_byte,
                        value,
                        child,
                    )
                )
            elif value is not None:
                node.value.append(value)
    return root, too_deep


def _shell(node, src: bytes) -> JNode | None:
    """A scalar's JNode, or a container's without its contents (_convert fills them)."""
    if node.is_missing:  # e.g. the value tree-sitter invents after a trailing comma in an array
        return None
    t = node.type
    if t == "object":
        return JNode("object", node.start_byte, node.end_byte, ts_node=node)
    if t == "array":
        return JNode("array", node.start_byte, node.end_byte, value=[], ts_node=node)
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
    if len(raw) >= 2 and raw[0] == raw[-1] == 0x22 and b"\\" not in raw:
        try:  # no escapes: the text between the quotes (json.loads for each of 100,000 strings costs seconds)
            return raw[1:-1].decode("utf-8")
        except UnicodeDecodeError:
            pass
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
    """Every object of the tree, in the file's order."""
    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        if node.kind == "object":
            yield node
            stack.extend(reversed([m.value for m in node.members if m.value is not None]))
        elif node.kind == "array":
            stack.extend(reversed(node.value))


def strict_json(data: bytes) -> Any:
    """The file as plain JSON (comments and trailing commas dropped), for tests and validation.

    Raises ValueError when the file is not JSONC.
    """
    doc = parse(data)
    if doc.root is None:
        raise ValueError("not JSON")
    if doc.too_deep:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
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


def _error_nodes(root):
    """The ERROR and MISSING nodes, in the file's order."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            yield node
        elif node.has_error:
            stack.extend(reversed(node.children))
