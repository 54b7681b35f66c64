"""JSON with comments and trailing commas (launch.json, settings.json), with exact byte ranges.

tree-sitter-json keeps comments as `comment` nodes and turns a trailing comma into a small ERROR node while
the pairs around it stay intact, so a half-typed file still yields every pair that could be read.

Nothing here recurses on the file's nesting (a launch.json nested 5,000 levels deep made every walk a
RecursionError), and values nested deeper than MAX_DEPTH are left out of the JNode tree (`JsonDoc.too_deep`
says so), so what the rules, fixes and settings walk is never deeper than that either.

The server parses launch.json on every keystroke: `parse(data, previous)` re-parses incrementally (tree-sitter
from the previous tree) and takes from the previous JNode tree every member and array item the edit did not
touch, with the syntax errors inside it (see `_Reuse`): a keystroke in one of 200 configurations reads that
configuration only, and copies the ones after it moved by the edit's length (bench/keystroke_profile.py: ~4 ms of
CPU for an edit before all 200, ~2.5 ms for one after them, against ~10-13 ms when everything was read again).
"""

from __future__ import annotations

import gc
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass, field
from go_sidecar.parse.jnode import CONTAINERS as _CONTAINERS
from go_sidecar.parse.jnode import NO_ERRORS as _NO_ERRORS
from go_sidecar.parse.jnode import Error as _Error
from go_sidecar.parse.jnode import JNode, Member, moved_errors, shifted, walk_objects
from go_sidecar.parse.text import BOM, LineIndex

__all__ = ["MAX_DEPTH", "JNode", "JsonDoc", "Member", "parse", "strict_json", "walk_objects"]

if TYPE_CHECKING:  # tree_sitter is imported only when a file is parsed
    from tree_sitter import Node, Parser, Tree

MAX_DEPTH = 100  # containers nested deeper are dropped: real configurations are under ten levels deep


@lru_cache(maxsize=1)
def _parser() -> Parser:
    import tree_sitter

    return tree_sitter.Parser(tree_sitter.Language(_json_language()))


def _json_language() -> object:
    """The grammar from tree_sitter_json's extension module, without running the package's __init__.

    That __init__ imports importlib.resources (pathlib, tempfile, zipfile...) only to read highlight queries we
    do not use, which costs a cold `sidecar check` a large part of its budget.
    """
    try:
        import importlib.machinery
        import importlib.util
        import os

        spec = importlib.util.find_spec("tree_sitter_json")
        assert spec is not None and spec.submodule_search_locations is not None
        folder = spec.submodule_search_locations[0]
        for suffix in importlib.machinery.EXTENSION_SUFFIXES:
            path = os.path.join(folder, "_binding" + suffix)
            if os.path.exists(path):
                loader = importlib.machinery.ExtensionFileLoader("tree_sitter_json._binding", path)
                loaded = importlib.util.spec_from_loader(loader.name, loader)
                assert loaded is not None
                binding = importlib.util.module_from_spec(loaded)
                loader.exec_module(binding)
                language: object = binding.language()
                return language
    except (ImportError, AttributeError, OSError, TypeError, IndexError, AssertionError):
        pass
    import tree_sitter_json

    return tree_sitter_json.language()


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
    # The tree the JNodes were read from when it is not `tree`: a file cut short is read with its brackets closed.
    repaired_tree: Any = field(default=None, repr=False, compare=False)

    @property
    def text(self) -> str:
        return self.data.decode("utf-8", "replace")

    def syntax_node(self, node: JNode) -> Node | None:
        """tree-sitter's node that `node` (a JNode of this document) was read from: the edit builders read a
        container's commas and comments from it. Looked up by byte range, so that JNodes can be shared between
        parses while each tree stays its own."""
        tree: Tree | None = self.repaired_tree or self.tree
        if tree is None:
            return None
        found: Node | None = tree.root_node.descendant_for_byte_range(node.start, node.end)
        while found is not None and found.start_byte == node.start:
            if found.type == node.kind and found.end_byte >= node.end:  # a repaired file's ends are clamped
                return found
            found = found.parent
        return None


def parse(data: bytes, previous: JsonDoc | None = None) -> JsonDoc:
    """Parse JSONC. Never raises; a file that is no JSON at all gives root None. With `previous` (the same file's
    last parse, the server's), tree-sitter re-parses only around what changed, and what the edit left alone is
    taken from the previous JNode tree (see _Reuse)."""
    # The BOM becomes blanks for the parser so that byte offsets still match the file.
    src = b"   " + data[3:] if data.startswith(BOM) else data
    reuse = None
    if previous is not None and previous.tree is not None:
        tree, reuse = _reparse(previous, src)
    else:
        tree = _parser().parse(src)
    root, too_deep, errors = _top_value(tree, src, reuse)
    repaired = None
    if root is None and errors:
        # A file cut short while typing (inside a string, after a colon) leaves tree-sitter no object at
        # all. Closing what is open at the end keeps every byte offset of the file and recovers its pairs.
        suffix = _closing_suffix(src)
        if suffix:
            repaired_src = src + suffix
            repaired = _parser().parse(repaired_src)
            root, too_deep, _ = _top_value(repaired, repaired_src, None)
            if root is not None:
                _clamp(root, len(src))
    return JsonDoc(
        data=data,
        root=root,
        syntax_errors=len(errors),
        index=LineIndex(data),
        too_deep=too_deep,
        first_error=_first_error(errors),
        tree=tree,
        repaired_tree=repaired if root is not None else None,
    )


def _reparse(previous: JsonDoc, src: bytes) -> tuple[Tree, _Reuse | None]:
    """tree-sitter's incremental parse: the previous tree (a copy: the previous document keeps its own) told
    which bytes changed, found as the longest common prefix and suffix (memcmp by halves, no byte loop). With it,
    what of the previous JNode tree the new one may take (None when nothing can be)."""
    old = b"   " + previous.data[3:] if previous.data.startswith(BOM) else previous.data
    n = min(len(old), len(src))
    pre = _common(lambda k: old[:k] == src[:k], n)
    suf = _common(lambda k: old[len(old) - k :] == src[len(src) - k :], n - pre)
    edited = previous.tree.copy()
    old_end, new_end = len(old) - suf, len(src) - suf
    edited.edit(pre, old_end, new_end, _point(old, pre), _point(old, old_end), _point(src, new_end))
    tree = _parser().parse(src, edited)
    if previous.root is None or previous.repaired_tree is not None or previous.too_deep:
        return tree, None  # nodes read from another tree, or some left out: convert everything again
    dirty = [(pre, new_end)] + [(r.start_byte, r.end_byte) for r in edited.changed_ranges(tree)]
    return tree, _Reuse(previous.root, pre, new_end, new_end - old_end, dirty)


def _common(same: Callable[[int], bool], limit: int) -> int:
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


class _Reuse:
    """What an incremental parse takes from the previous JNode tree.

    A member (a pair) or an array's container item of the new tree is the previous one — moved by the edit's
    length when it lies after the edit, with the syntax errors inside it — when: it lies wholly outside the edited
    bytes and outside the ranges where tree-sitter says the syntax changed (Tree.changed_ranges: characters
    outside them have the same ancestors in both trees), the previous tree had a member or item at the same bytes
    in the same place (in the counterpart of its parent, found from the roots down, so at the same depth), and
    tree-sitter's node has the same descendant count (a zero-width MISSING node has no characters for
    changed_ranges to see). Its bytes, its syntax and its depth being the same, reading it again would give the
    same JNodes and errors. tests/unit/test_jsonc_incremental.py compares with parses from scratch."""

    __slots__ = ("delta", "dirty", "new_end", "pre", "root")

    def __init__(self, root: JNode, pre: int, new_end: int, delta: int, dirty: list[tuple[int, int]]):
        self.root, self.pre, self.new_end, self.delta, self.dirty = root, pre, new_end, delta, dirty

    def clean(self, start: int, end: int) -> bool:
        """[start, end) neither touches the edit nor a changed range (touching counts: it is the safe side)."""
        for a, b in self.dirty:
            if start <= b and end >= a:
                return False
        return True

    def old_span(self, start: int, end: int) -> tuple[int, int]:
        """Where [start, end) of the new text was in the previous one (a span that holds the edit grows by it)."""
        d = self.delta
        return (start - d if start >= self.new_end else start, end if end <= self.pre else end - d)

    def moved(self, node: JNode) -> JNode:
        return shifted(node, self.delta) if node.start >= self.pre else node

    def moved_member(self, m: Member) -> Member:
        if m.start < self.pre or self.delta == 0:
            return m
        d = self.delta
        value = shifted(m.value, d) if m.value is not None else None
        return Member(
            m.key, m.key_start + d, m.key_end + d, m.start + d, m.end + d, value, m.shape, moved_errors(m.errors, d)
        )


def _children_by_span(node: JNode) -> dict[tuple[int, int], Any]:
    """An old container's members (by the pair's bytes) or items (by the value's bytes)."""
    if node.kind == "object":
        return {(m.start, m.end): m for m in node.members}
    return {(v.start, v.end): v for v in node.value}


def _first_error(errors: list[_Error]) -> tuple[int, int, str] | None:
    """The first syntax error that is not a JSONC trailing comma: where the file stops being JSONC."""
    for s, e, what in errors:
        if what is not None:
            return (s, e, what)
    return None


def _error_of(n: Node, src: bytes) -> _Error:
    """An ERROR or MISSING node as an error: its bytes and what is there (None for a JSONC trailing comma)."""
    if _trailing_comma(n, src):
        return (n.start_byte, n.end_byte, None)
    if n.is_missing:
        return (n.start_byte, n.start_byte, f"missing {n.type!r}")
    text = src[n.start_byte : n.end_byte].strip().decode("utf-8", "replace")
    return (n.start_byte, min(n.end_byte, n.start_byte + 80), f"unexpected {text[:30]!r}" if text else "error")


def _errors_in(node: Node, src: bytes, out: list[_Error]) -> None:
    """Every syntax error of node's tree (an ERROR node is one error, not looked into), in the file's order."""
    for n in _error_nodes(node):
        out.append(_error_of(n, src))


def _error_list(node: Node, src: bytes) -> list[_Error]:
    out: list[_Error] = []
    _errors_in(node, src, out)
    return out


def _top_value(tree: Tree, src: bytes, reuse: _Reuse | None) -> tuple[JNode | None, bool, list[_Error]]:
    """The first object or array of the file as JNodes, whether some were nested too deep, and the file's syntax
    errors (read with the JNodes: an incremental parse takes those of the parts it takes over)."""
    doc = tree.root_node
    errors: list[_Error] = []
    top = next((c for c in doc.named_children if c.type in _CONTAINERS), None)
    if top is None or doc.type == "ERROR" or doc.is_missing:
        _errors_in(doc, src, errors)
        if top is None:
            return None, False, errors
        with _no_gc():
            root, too_deep, _ = _convert_all(top, src, reuse)
        return root, too_deep, errors
    root, too_deep = None, False
    for child in doc.children:
        if child == top:
            with _no_gc():
                root, too_deep, inside = _convert_all(top, src, reuse)
            errors += inside
        elif child.type == "ERROR" or child.is_missing:
            errors.append(_error_of(child, src))
        elif child.has_error:
            _errors_in(child, src, errors)
    return root, too_deep, errors


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
    """Ends past the file (the closers a repaired parse added) brought back to its end: the nodes are new ones."""
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


@contextmanager
def _no_gc() -> Iterator[None]:
    """Hold the cyclic garbage collector while the tree is built: a million new JNodes (no cycles among them)
    made it run again and again, two thirds of the time of a 14 MB launch.json."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _convert_all(top: Node, src: bytes, reuse: _Reuse | None) -> tuple[JNode | None, bool, list[_Error]]:
    """The JNode tree of a tree-sitter value, breadth by breadth from an explicit stack (no recursion), whether
    containers nested deeper than MAX_DEPTH were left out (a member keeps its key, with value None), and the
    syntax errors inside the value, in the file's order (as _error_nodes walks them).

    Each member and array item keeps the errors inside it (`errors`), so that an incremental parse (`reuse`) takes
    them over with it: each container read again is paired with its counterpart in the previous tree (the
    previous root for the root), whose untouched members and items are taken over."""
    root = _shell(top, src)
    errors: list[_Error] = []
    if root is None or root.kind not in _CONTAINERS:
        _errors_in(top, src, errors)
        return root, False, errors
    too_deep = False
    root.shape = top.descendant_count
    old_root = reuse.root if reuse is not None and reuse.root.kind == root.kind else None
    # (container, its tree-sitter node, depth, its counterpart, the member or item it is the value of, and the
    # errors of that pair after the value: a comment or an ERROR inside the pair)
    stack: list[tuple[JNode, Node, int, JNode | None, Member | JNode | None, list[_Error]]] = [
        (root, top, 1, old_root, None, [])
    ]
    # Per container read: its owner, what its children hold in their order (an error, or a member or item whose
    # `errors` are complete once the containers below are read), and the owner's errors after it.
    read: list[tuple[Member | JNode | None, list[Any], list[_Error]]] = []
    while stack:
        node, ts, depth, old, owner, after = stack.pop()
        is_object = node.kind == "object"
        units: list[Any] = node.members if is_object else node.value
        in_order: list[Any] = []
        read.append((owner, in_order, after))
        old_children = _children_by_span(old) if old is not None else None
        for child in ts.children:
            t = child.type
            if t == "ERROR" or child.is_missing:  # a JSONC trailing comma among them
                in_order.append(_error_of(child, src))
                continue
            if (t != "pair") if is_object else (not child.is_named or t == "comment"):
                continue  # punctuation and comments
            counterpart = None  # the previous tree's member or item at this place, when one was there
            if old_children is not None and reuse is not None:
                s, e = child.start_byte, child.end_byte
                counterpart = old_children.get(reuse.old_span(s, e))
                if counterpart is not None and reuse.clean(s, e) and counterpart.shape == child.descendant_count:
                    if is_object:
                        taken: Any = reuse.moved_member(counterpart)
                    elif counterpart.kind in _CONTAINERS:  # a scalar item is read again: cheap, and holds no shape
                        taken = reuse.moved(counterpart)
                    else:
                        taken = None
                    if taken is not None:
                        units.append(taken)
                        in_order.append(taken)
                        continue
            if is_object:
                kids = child.children  # key ":" value, unless a comment sits inside the pair
                if len(kids) == 3 and kids[1].type == ":":
                    key_node: Node | None = kids[0]
                    value_node: Node | None = kids[2]
                else:
                    key_node, value_node = child.child_by_field_name("key"), child.child_by_field_name("value")
                if key_node is None or key_node.type != "string":
                    if child.has_error:
                        in_order.extend(_error_list(child, src))
                    continue
                value = _shell(value_node, src) if value_node is not None else None
                if counterpart is not None:
                    counterpart = counterpart.value
            else:
                kids = [child]
                value_node, value = child, _shell(child, src)
            nested = value is not None and value_node is not None and value.kind in _CONTAINERS
            if nested and depth >= MAX_DEPTH:
                value, nested, too_deep = None, False, True
            before: list[_Error] = []  # the pair's errors that are not in a value read below, before and after it
            behind: list[_Error] = []
            if child.has_error:
                part = before
                for k in kids:
                    if nested and k == value_node:
                        part = behind
                    elif k.type == "ERROR" or k.is_missing:
                        part.append(_error_of(k, src))
                    elif k.has_error:
                        _errors_in(k, src, part)
            unit: Member | JNode
            if is_object:
                assert key_node is not None
                unit = Member(
                    _string_value(key_node, src),
                    key_node.start_byte,
                    key_node.end_byte,
                    child.start_byte,
                    child.end_byte,
                    value,
                    child.descendant_count,
                    tuple(before) if before else _NO_ERRORS,
                )
            elif value is not None:
                unit = value
                if before:
                    unit.errors = tuple(before)
            else:
                in_order.extend(before)  # a value that is no JSON value (a MISSING one is handled above)
                continue
            units.append(unit)
            in_order.append(unit)
            if nested:
                assert value is not None and value_node is not None
                value.shape = value_node.descendant_count
                if counterpart is not None and counterpart.kind != value.kind:
                    counterpart = None
                stack.append((value, value_node, depth + 1, counterpart, unit, behind))
    for owner, in_order, after in reversed(read):  # the containers below before the ones above
        inside: list[_Error] = []
        for x in in_order:
            if type(x) is tuple:
                inside.append(x)
            elif x.errors:
                inside += x.errors
        if owner is None:
            errors = inside
        elif inside or after:
            owner.errors = owner.errors + tuple(inside) + tuple(after)
    return root, too_deep, errors


def _shell(node: Node, src: bytes) -> JNode | None:
    """A scalar's JNode, or a container's without its contents (_convert_all fills them)."""
    if node.is_missing:  # e.g. the value tree-sitter invents after a trailing comma in an array
        return None
    t = node.type
    if t == "object":
        return JNode("object", node.start_byte, node.end_byte)
    if t == "array":
        return JNode("array", node.start_byte, node.end_byte, value=[])
    if t == "string":
        return JNode("string", node.start_byte, node.end_byte, value=_string_value(node, src))
    if t == "number":
        raw = src[node.start_byte : node.end_byte].decode("ascii", "replace")
        try:
            value: Any = json.loads(raw)
        except ValueError:
            value = raw
        return JNode("number", node.start_byte, node.end_byte, value=value)
    if t in ("true", "false"):
        return JNode(t, node.start_byte, node.end_byte, value=(t == "true"))
    if t == "null":
        return JNode("null", node.start_byte, node.end_byte, value=None)
    return None


def _string_value(node: Node, src: bytes) -> str:
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


def strict_json(data: bytes) -> Any:
    """The file as plain JSON (comments and trailing commas dropped), for tests and validation.

    Raises ValueError when the file is not JSONC.
    """
    doc = parse(data)
    if doc.root is None:
        raise ValueError("not JSON")
    if doc.too_deep:
        raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
    if doc.first_error is not None:
        start = doc.first_error[0]
        text = data[start : doc.first_error[1]].strip()
        raise ValueError(f"syntax error at byte {start}: {text[:40]!r}")
    return doc.root.to_python()


def _trailing_comma(node: Node, data: bytes) -> bool:
    """A lone comma before `}` or `]` (tree-sitter: an ERROR `,`, or a MISSING value after a `,` in an array)."""

    def sibling(n: Node, forward: bool) -> Node | None:
        found = n.next_sibling if forward else n.prev_sibling
        while found is not None and found.type == "comment":
            found = found.next_sibling if forward else found.prev_sibling
        return found

    after = sibling(node, True)
    if after is None or after.type not in ("}", "]") or after.is_missing:
        return False
    if node.is_missing:
        before = sibling(node, False)
        return before is not None and before.type == ","
    return data[node.start_byte : node.end_byte].strip() == b","


def _error_nodes(root: Node) -> Iterator[Node]:
    """The ERROR and MISSING nodes, in the file's order."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "ERROR" or node.is_missing:
            yield node
        elif node.has_error:
            stack.extend(reversed(node.children))
