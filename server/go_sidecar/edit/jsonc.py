"""The smallest text edits that set values in a JSONC file, keeping its comments and formatting.

The file's own conventions are kept: line endings (CRLF stays CRLF), indentation unit (tabs or N spaces),
trailing commas (a list that ends with one still does), comments next to the members that are moved past.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from go_sidecar.model import TextEdit
from go_sidecar.parse.jsonc import JNode, JsonDoc

if TYPE_CHECKING:  # tree_sitter is loaded only to parse
    from tree_sitter import Node


def dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class JsoncEditor:
    def __init__(self, path: str, doc: JsonDoc):
        self.path = path
        self.doc = doc
        self.data = doc.data
        self.newline = _newline(bytes(self.data))  # once per document, not per editor (a check makes many)
        self.unit = _indent_unit(bytes(self.data))  # bytes(b) is b itself: no copy

    # --- primitives -------------------------------------------------------------------------------------
    def _edit(self, start: int, end: int, text: str) -> TextEdit:
        return TextEdit(self.path, self.doc.index.range(start, end), text)

    def _line_start(self, offset: int) -> int:
        return self.data.rfind(b"\n", 0, offset) + 1

    def _line_indent(self, offset: int) -> str:
        start = self._line_start(offset)
        end = start
        while end < len(self.data) and self.data[end : end + 1] in (b" ", b"\t"):
            end += 1
        return self.data[start:end].decode("ascii")

    def _starts_line(self, offset: int) -> bool:
        return not self.data[self._line_start(offset) : offset].strip()

    def _same_line(self, a: int, b: int) -> bool:
        return b"\n" not in self.data[min(a, b) : max(a, b)]

    # --- edits ------------------------------------------------------------------------------------------
    def replace_value(self, node: JNode, value: Any) -> TextEdit:
        return self._edit(node.start, node.end, dump(value))

    def set_members(self, obj: JNode, values: dict[str, Any]) -> list[TextEdit]:
        """Set keys of an object: existing values are replaced in place, missing keys are added together."""
        edits = []
        missing: dict[str, Any] = {}
        for key, value in values.items():
            member = obj.get(key)
            if member is not None and member.value is not None:
                edits.append(self.replace_value(member.value, value))
            else:
                missing[key] = value
        if missing:
            edits.extend(self.insert_members(obj, missing))
        return edits

    def set_in_child_object(self, obj: JNode, key: str, values: dict[str, Any]) -> list[TextEdit]:
        """obj[key] is an object whose keys are set; created (with these keys) when it is missing."""
        member = obj.get(key)
        if member is not None and member.value is not None and member.value.kind == "object":
            return self.set_members(member.value, values)
        if member is not None and member.value is not None:
            # Present but not an object (null, a string being typed): replace it with one.
            indent = self._line_indent(member.start) if self._starts_line(member.start) else ""
            return [self._edit(member.value.start, member.value.end, self._render_object(values, indent))]
        return self.insert_members(obj, {key: _Object(values)})

    def insert_members(self, obj: JNode, values: dict[str, Any]) -> list[TextEdit]:
        nl = self.newline
        open_brace = obj.start
        if not obj.members:
            indent = self._line_indent(open_brace)
            inner = indent + self.unit
            body = ("," + nl).join(inner + self._render_member(k, v, inner) for k, v in values.items())
            close = self._close_brace(obj)
            between = self.data[open_brace + 1 : close]
            if not between.strip():
                # `{}` or `{   }`: replace the inside wholly (only blanks are lost).
                return [self._edit(open_brace + 1, close, nl + body + nl + indent)]
            # Only comments inside: the new members go first, the comments stay where they are.
            return [self._edit(open_brace + 1, open_brace + 1, nl + body)]

        first = obj.members[0]
        if not self._starts_line(first.start):
            # An object written on one line: add in front, where no comma or comment can be in the way.
            text = ", ".join(self._render_member(k, v, "") for k, v in values.items())
            return [self._edit(first.start, first.start, text + ", ")]

        indent = self._line_indent(first.start)
        rendered = [indent + self._render_member(k, v, indent) for k, v in values.items()]
        last = obj.members[-1]
        comma_end, comments_end = self._after_last(obj, last.end)
        if comma_end is not None:
            # A trailing comma stays a trailing comma: add after it (and after a comment on its line).
            at = max(comma_end, comments_end or 0)
            return [self._edit(at, at, nl + ("," + nl).join(rendered) + ",")]
        if comments_end is None:
            return [self._edit(last.end, last.end, "," + nl + ("," + nl).join(rendered))]
        # `"a": 1 // note`: the comma goes after the value, the new members after the comment.
        return [
            self._edit(last.end, last.end, ","),
            self._edit(comments_end, comments_end, nl + ("," + nl).join(rendered)),
        ]

    def remove_member(self, obj: JNode, key: str) -> list[TextEdit]:
        """Delete obj[key] with its comma; a member alone on its line takes its line with it.

        Comments around it stay: only the member, its own comma (or the one before it when it is the last
        member without a trailing comma) and the blanks of its line go.
        """
        member = obj.get(key)
        if member is None:
            return []
        index = obj.members.index(member)
        comma_after = self._comma_after(obj, member.end)
        end = comma_after if comma_after is not None else member.end
        start = member.start
        if self._starts_line(start) and not self.data[end : self._line_end(end)].strip():
            start = self._line_start(start)
            newline = self.data.find(b"\n", end)
            end = len(self.data) if newline < 0 else newline + 1
        edits = [self._edit(start, end, "")]
        if comma_after is None and index > 0:
            before = self._comma_after(obj, obj.members[index - 1].end)
            if before is not None:
                edits.insert(0, self._edit(before - 1, before, ""))
        return edits

    def _syntax_children(self, obj: JNode) -> list[Node]:
        """tree-sitter's children of an object (its braces, commas, comments and ERROR commas)."""
        node = self.doc.syntax_node(obj)
        return node.children if node is not None else []

    def _line_end(self, offset: int) -> int:
        end = self.data.find(b"\n", offset)
        end = len(self.data) if end < 0 else end
        return end - 1 if end > 0 and self.data[end - 1 : end] == b"\r" else end

    def _comma_after(self, obj: JNode, end: int) -> int | None:
        """The end of the comma that follows a member ending at `end`, if one does."""
        for child in self._syntax_children(obj):
            if child.start_byte < end:
                continue
            text = self.data[child.start_byte : child.end_byte]
            if child.type == ",":
                return child.end_byte
            if child.type == "ERROR" and text.strip().startswith(b","):
                return child.start_byte + text.index(b",") + 1
            if child.type != "comment":
                return None
        return None

    # --- helpers ----------------------------------------------------------------------------------------
    def _close_brace(self, obj: JNode) -> int:
        for child in reversed(self._syntax_children(obj)):
            if child.type == "}" and not child.is_missing:
                return child.start_byte
        return obj.end

    def _after_last(self, obj: JNode, last_end: int) -> tuple[int | None, int | None]:
        """After the last member: the end of a trailing comma, and the end of comments on its line."""
        comma_end = None
        comments_end = None
        anchor = last_end
        for child in self._syntax_children(obj):
            if child.start_byte < last_end:
                continue
            if child.type == "}":
                break
            text = self.data[child.start_byte : child.end_byte]
            if child.type == "ERROR" and text.strip().startswith(b","):
                comma_end = child.start_byte + text.index(b",") + 1
                anchor = comma_end
            elif child.type == "," and comma_end is None:
                comma_end = child.end_byte
                anchor = comma_end
            elif child.type == "comment" and self._same_line(anchor, child.start_byte):
                # tree-sitter's `// ...` in a CRLF file ends after the "\r": insert before the "\r\n".
                comments_end = child.end_byte
                if self.data[comments_end - 1 : comments_end] == b"\r":
                    comments_end -= 1
                anchor = comments_end
        return comma_end, comments_end

    def _render_member(self, key: str, value: Any, indent: str) -> str:
        return f"{dump(key)}: {self._render_value(value, indent)}"

    def _render_value(self, value: Any, indent: str) -> str:
        if isinstance(value, _Object):
            return self._render_object(value.values, indent)
        return dump(value)

    def _render_object(self, values: dict[str, Any], indent: str) -> str:
        nl = self.newline
        inner = indent + self.unit
        body = ("," + nl).join(inner + self._render_member(k, v, inner) for k, v in values.items())
        return "{" + nl + body + nl + indent + "}"


class _Object:
    """A new nested object to render with the file's indentation."""

    def __init__(self, values: dict[str, Any]):
        self.values = values


@lru_cache(maxsize=8)
def _newline(data: bytes) -> str:
    return "\r\n" if b"\r\n" in data else "\n"


@lru_cache(maxsize=8)  # one scan per text: every fix of a check builds its own editor on the same document
def _indent_unit(data: bytes) -> str:
    spaces = []
    for line in data.splitlines():
        stripped = line.lstrip(b" \t")
        if not stripped or len(stripped) == len(line):
            continue
        lead = line[: len(line) - len(stripped)]
        if lead.startswith(b"\t"):
            return "\t"
        spaces.append(len(lead))
    if not spaces:
        return "    "
    unit = min(spaces)
    return " " * (unit if unit in (2, 3, 4, 8) else 4)
