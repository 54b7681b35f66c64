"""JSON values with their byte ranges, as parse/jsonc.py reads them from a JSONC file (JNode, Member).

A node can be shared by two parses of the same file: parse(data, previous) takes over the members and items an edit
did not touch, and copies the ones after the edit moved by its length (`shifted`). So a node is never changed once
parse returned it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

CONTAINERS = ("object", "array")

Error = tuple[int, int, "str | None"]  # a syntax error's bytes and description (None: a JSONC trailing comma)
NO_ERRORS: tuple[Error, ...] = ()


class JNode:
    """A JSON value: kind is object, array, string, number, true, false or null.

    A node may be shared by two parses of a file (parse(data, previous) takes unchanged ones over): never change
    one once parse returned it. tree-sitter's node of a container: JsonDoc.syntax_node(node).

    A class with __slots__ rather than a record: the server makes and moves thousands of them on each keystroke
    in a large launch.json (measured: a third of the time of a record's generated __init__, and less memory)."""

    __slots__ = ("_by_key", "end", "errors", "kind", "members", "shape", "start", "value")
    __hash__ = None  # type: ignore[assignment]  # compared by value, and mutable while parse builds it

    kind: str
    start: int
    end: int
    value: Any  # scalars: the Python value; array: list[JNode]
    members: list[Member]  # objects only
    # Containers: tree-sitter's descendant_count of the node it was read from (an incremental parse checks it).
    shape: int
    # An array's item: the syntax errors inside it, taken over with it by the next incremental parse.
    errors: tuple[Error, ...]
    _by_key: dict[str, Member] | None

    def __init__(
        self, kind: str, start: int, end: int, value: Any = None, members: list[Member] | None = None, shape: int = 0
    ) -> None:
        self.kind = kind
        self.start = start
        self.end = end
        self.value = value
        self.members = [] if members is None else members
        self.shape = shape
        self.errors = NO_ERRORS
        self._by_key = None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, JNode):
            return NotImplemented
        return (self.kind, self.start, self.end, self.value, self.members) == (
            other.kind,
            other.start,
            other.end,
            other.value,
            other.members,
        )

    def __repr__(self) -> str:
        return (
            f"JNode(kind={self.kind!r}, start={self.start!r}, end={self.end!r}, value={self.value!r}, "
            f"members={self.members!r})"
        )

    def get(self, key: str) -> Member | None:
        """The last member named key (JSON parsers let the last duplicate win). The rules ask each configuration
        for a dozen keys on every keystroke: the members are indexed on the first question."""
        index = self._by_key
        if index is None:  # built once: a node is not changed once parse returned it
            index = self._by_key = {m.key: m for m in self.members}
        return index.get(key)

    def get_value(self, key: str) -> JNode | None:
        m = self.get(key)
        return m.value if m else None

    def to_python(self) -> Any:
        if self.kind not in CONTAINERS:
            return self.value
        out = _empty(self)
        stack: list[tuple[JNode, Any]] = [(self, out)]
        while stack:
            node, dst = stack.pop()
            pairs: Iterator[tuple[Any, JNode | None]] = (
                ((m.key, m.value) for m in node.members) if node.kind == "object" else enumerate(node.value)
            )
            for key, value in pairs:
                if value is None:
                    continue
                child = _empty(value) if value.kind in CONTAINERS else value.value
                if value.kind in CONTAINERS:
                    stack.append((value, child))
                if node.kind == "object":
                    dst[key] = child  # the last duplicate wins, at the place of the first, as in json.loads
                else:
                    dst.append(child)
        return out


def _empty(node: JNode) -> dict[str, Any] | list[Any]:
    return {} if node.kind == "object" else []


class Member:
    """A `"key": value` pair of an object (value None: none written, or nested deeper than jsonc.MAX_DEPTH)."""

    __slots__ = ("end", "errors", "key", "key_end", "key_start", "shape", "start", "value")
    __hash__ = None  # type: ignore[assignment]

    key: str
    key_start: int
    key_end: int
    start: int  # the whole pair
    end: int
    value: JNode | None
    shape: int  # the pair's descendant_count, as JNode.shape
    errors: tuple[Error, ...]  # the syntax errors inside the pair, as JNode.errors

    def __init__(
        self,
        key: str,
        key_start: int,
        key_end: int,
        start: int,
        end: int,
        value: JNode | None,
        shape: int = 0,
        errors: tuple[Error, ...] = NO_ERRORS,
    ) -> None:
        self.key = key
        self.key_start = key_start
        self.key_end = key_end
        self.start = start
        self.end = end
        self.value = value
        self.shape = shape
        self.errors = errors

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Member):
            return NotImplemented
        return (self.key, self.key_start, self.key_end, self.start, self.end, self.value) == (
            other.key,
            other.key_start,
            other.key_end,
            other.start,
            other.end,
            other.value,
        )

    def __repr__(self) -> str:
        return (
            f"Member(key={self.key!r}, key_start={self.key_start!r}, key_end={self.key_end!r}, "
            f"start={self.start!r}, end={self.end!r}, value={self.value!r})"
        )


def shifted(node: JNode, d: int) -> JNode:
    """A copy of node's tree moved d bytes (the node itself when d is 0: JNodes are never changed). Written out
    flat, without constructor calls: it runs for every node after the edit, on every keystroke."""
    if d == 0:
        return node
    new = object.__new__
    top = _moved_one(node, d)
    stack = [(node, top)] if node.kind in CONTAINERS else []
    push = stack.append
    while stack:
        src, dst = stack.pop()
        if src.kind == "object":
            members = []
            for m in src.members:
                v = m.value
                w = None
                if v is not None:
                    w = new(JNode)
                    w.kind = k = v.kind
                    w.start = v.start + d
                    w.end = v.end + d
                    w.shape = v.shape
                    w._by_key = None
                    w.members = []
                    w.errors = NO_ERRORS  # a member's value: its errors are the member's
                    if k == "array":
                        w.value = []
                        push((v, w))
                    else:
                        w.value = v.value
                        if k == "object":
                            push((v, w))
                c = new(Member)
                c.key = m.key
                c.key_start = m.key_start + d
                c.key_end = m.key_end + d
                c.start = m.start + d
                c.end = m.end + d
                c.value = w
                c.shape = m.shape
                c.errors = moved_errors(m.errors, d) if m.errors else NO_ERRORS
                members.append(c)
            dst.members = members
        else:
            items = []
            for v in src.value:
                w = new(JNode)
                w.kind = k = v.kind
                w.start = v.start + d
                w.end = v.end + d
                w.shape = v.shape
                w._by_key = None
                w.members = []
                w.errors = moved_errors(v.errors, d) if v.errors else NO_ERRORS
                if k == "array":
                    w.value = []
                    push((v, w))
                else:
                    w.value = v.value
                    if k == "object":
                        push((v, w))
                items.append(w)
            dst.value = items
    return top


def _moved_one(node: JNode, d: int) -> JNode:
    """The node moved d bytes, without its contents (a container's are filled by _shifted)."""
    kind = node.kind
    moved = JNode(kind, node.start + d, node.end + d, [] if kind == "array" else node.value, None, node.shape)
    if node.errors:
        moved.errors = moved_errors(node.errors, d)
    return moved


def moved_errors(errors: tuple[Error, ...], d: int) -> tuple[Error, ...]:
    return tuple((s + d, e + d, what) for s, e, what in errors) if errors else errors


def walk_objects(node: JNode | None) -> Iterator[JNode]:
    """Every object of the tree, in the file's order."""
    stack = [node] if node is not None else []
    while stack:
        node = stack.pop()
        assert node is not None
        if node.kind == "object":
            yield node
            stack.extend(reversed([m.value for m in node.members if m.value is not None]))
        elif node.kind == "array":
            stack.extend(reversed(node.value))
