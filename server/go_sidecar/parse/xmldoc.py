"""XML with byte positions: a small element tree built from expat's events, for GoLand's project files.

Every element keeps its tag, attributes (decoded: `&quot;` is `"`), children and byte offsets: the start tag
(`start`..`start_end`), the whole element (`start`..`end`, past the `>` of its end tag) and, for each attribute,
the span of its raw value between the quotes, so that a fix can replace exactly that value.

Hostile or broken input is data, never an exception: a syntax error (an unclosed tag, a bad attribute, a
truncated file) gives back everything parsed before it plus an `XmlError` with the byte offset; a document
deeper than `max_depth` stops there; and DTD entity declarations are refused before anything is expanded
(the "billion laughs" bomb), as is parameter entity parsing. expat reports events, so nothing here recurses
with the depth of the document: the tree is built with an explicit stack.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from xml.parsers import expat

from go_sidecar._record import dataclass, field

MAX_DEPTH = 256

_NAME = re.compile(rb"<[^\s/>]+")
# An attribute in a start tag expat has already accepted: name, blanks, "=", blanks, a quoted value. Group 2 or
# 3 is the raw value (it cannot hold its own quote; entities stay as written).
_ATTR = re.compile(rb"""\s+([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_TAG_END = re.compile(rb"\s*(/?)>")


@dataclass
class Element:
    """One element. Offsets are bytes of the document; `end` is -1 while (or if never) closed."""

    tag: str
    attrs: dict[str, str]
    start: int  # the "<" of the start tag
    start_end: int  # just past the ">" of the start tag
    end: int = -1  # just past the ">" of the end tag (== start_end for `<a/>`); -1: never closed
    spans: dict[str, tuple[int, int]] = field(default_factory=dict)  # attribute -> raw value's (start, end)
    children: list[Element] = field(default_factory=list, repr=False)
    empty: bool = False  # written `<a ... />`

    @property
    def closed(self) -> bool:
        return self.end >= 0

    def get(self, name: str, default: str | None = None) -> str | None:
        return self.attrs.get(name, default)

    def find(self, tag: str, **attrs: str) -> Element | None:
        """The first child with this tag (and these attribute values)."""
        for child in self.children:
            if child.tag == tag and all(child.attrs.get(k) == v for k, v in attrs.items()):
                return child
        return None

    def findall(self, tag: str, **attrs: str) -> list[Element]:
        return [c for c in self.children if c.tag == tag and all(c.attrs.get(k) == v for k, v in attrs.items())]

    def iter(self) -> Iterator[Element]:
        """This element and every descendant, in document order (an explicit stack: no recursion)."""
        stack = [self]
        while stack:
            el = stack.pop()
            yield el
            stack.extend(reversed(el.children))


@dataclass(frozen=True)
class XmlError:
    """Why parsing stopped: expat's message (or ours), the byte offset, 1-based line and column (bytes)."""

    message: str
    offset: int
    line: int
    column: int


@dataclass
class XmlDoc:
    root: Element | None
    error: XmlError | None
    data: bytes = field(default=b"", repr=False, compare=False)

    def iter(self) -> Iterator[Element]:
        return self.root.iter() if self.root is not None else iter(())


class _Stop(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def scan_start_tag(data: bytes, start: int) -> tuple[int, bool, dict[str, tuple[int, int]]]:
    """(end of the start tag at `start`, whether it is `<a/>`, raw value span of each attribute)."""
    m = _NAME.match(data, start)
    pos = m.end() if m else start + 1
    spans: dict[str, tuple[int, int]] = {}
    while True:
        a = _ATTR.match(data, pos)
        if a is None:
            break
        group = 2 if a.group(2) is not None else 3
        spans[a.group(1).decode("utf-8", "replace")] = a.span(group)
        pos = a.end()
    t = _TAG_END.match(data, pos)
    if t is None:  # not reached for a tag expat accepted; stay safe anyway
        gt = data.find(b">", pos)
        end = len(data) if gt == -1 else gt + 1
        return end, data[end - 2 : end] == b"/>", spans
    return t.end(), bool(t.group(1)), spans


def _line_col(data: bytes, offset: int) -> tuple[int, int]:
    offset = max(0, min(offset, len(data)))
    line = data.count(b"\n", 0, offset) + 1
    return line, offset - (data.rfind(b"\n", 0, offset) + 1) + 1


def parse_xml(data: bytes, max_depth: int = MAX_DEPTH) -> XmlDoc:
    """Parse `data` (bytes, any encoding expat knows from the XML declaration). Never raises."""
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[Element] = []
    stack: list[Element] = []

    def start_element(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) >= max_depth:
            raise _Stop(f"elements nested deeper than {max_depth} levels; not read further")
        start = parser.CurrentByteIndex
        start_end, empty, spans = scan_start_tag(data, start)
        el = Element(tag, attrs, start, start_end, spans=spans, empty=empty)
        if stack:
            stack[-1].children.append(el)
        else:
            root.append(el)
        stack.append(el)

    def end_element(tag: str) -> None:
        el = stack.pop()
        if el.empty:
            el.end = el.start_end
        else:
            at = parser.CurrentByteIndex  # the "<" of "</tag>"
            gt = data.find(b">", at)
            el.end = len(data) if gt == -1 else gt + 1

    def entity_decl(name: str, *_args: object) -> None:
        raise _Stop(f"the document declares the entity {name!r}; DTD entities are refused")

    parser.StartElementHandler = start_element
    parser.EndElementHandler = end_element
    parser.EntityDeclHandler = entity_decl
    error: XmlError | None = None
    try:
        parser.Parse(data, True)
    except expat.ExpatError as e:
        offset = parser.ErrorByteIndex if parser.ErrorByteIndex >= 0 else len(data)
        line, col = _line_col(data, offset)
        error = XmlError(expat.errors.messages.get(e.code, str(e)) if hasattr(e, "code") else str(e), offset, line, col)
    except _Stop as e:
        offset = max(parser.CurrentByteIndex, 0)
        line, col = _line_col(data, offset)
        error = XmlError(e.message, offset, line, col)
    except (ValueError, RecursionError, MemoryError) as e:  # pyexpat's own limits; never expected
        error = XmlError(str(e) or type(e).__name__, 0, 1, 1)
    return XmlDoc(root[0] if root else None, error, data)
