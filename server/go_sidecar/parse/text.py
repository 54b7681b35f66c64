"""Byte offsets to LSP positions (0-based line, UTF-16 code units) and back."""

from __future__ import annotations

import bisect

from go_sidecar.model import Position, Range

BOM = b"\xef\xbb\xbf"


class LineIndex:
    """Line starts of a UTF-8 byte string. Lines end at "\\n" ("\\r\\n" keeps its "\\r" on the line)."""

    def __init__(self, data: bytes):
        self.data = data
        starts = [0]
        find = data.find
        i = find(b"\n")
        while i != -1:
            starts.append(i + 1)
            i = find(b"\n", i + 1)
        self.starts = starts

    def position(self, offset: int) -> Position:
        offset = max(0, min(offset, len(self.data)))
        line = bisect.bisect_right(self.starts, offset) - 1
        prefix = self.data[self.starts[line] : offset]
        # surrogateescape: one unit per invalid byte, the same count offset() walks back (non-UTF-8 files).
        return Position(line, utf16_len(prefix.decode("utf-8", "surrogateescape")))

    def range(self, start: int, end: int) -> Range:
        return Range(self.position(start), self.position(end))

    def offset(self, pos: Position) -> int:
        """The byte offset of an LSP position (clamped to the line's end)."""
        if pos.line >= len(self.starts):
            return len(self.data)
        start = self.starts[pos.line]
        end = self.starts[pos.line + 1] - 1 if pos.line + 1 < len(self.starts) else len(self.data)
        if end > start and self.data[end - 1 : end] == b"\r" and end < len(self.data):
            end -= 1  # a position past a CRLF line's end is before its "\r\n", never between the two
        text = self.data[start:end].decode("utf-8", "surrogateescape")
        units = 0
        for i, ch in enumerate(text):
            if units >= pos.character:
                return start + len(text[:i].encode("utf-8", "surrogateescape"))
            units += 2 if ord(ch) > 0xFFFF else 1
        return end

    def line_text(self, line: int) -> str:
        if line >= len(self.starts):
            return ""
        start = self.starts[line]
        end = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.data)
        return self.data[start:end].decode("utf-8", "replace").rstrip("\r\n")


def utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def apply_edits(data: bytes, edits: list[tuple[Range, str]]) -> bytes:
    """Apply non-overlapping LSP-style edits (ranges in the original text) to UTF-8 bytes."""
    index = LineIndex(data)
    # From the end backwards; inserts at one offset keep their given order (as LSP clients apply them).
    spans = sorted(
        ((index.offset(r.start), i, index.offset(r.end), t) for i, (r, t) in enumerate(edits)), reverse=True
    )
    out = data
    for start, _, end, text in spans:
        out = out[:start] + text.encode("utf-8") + out[end:]
    return out
