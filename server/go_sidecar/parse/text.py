"""Byte offsets to positions (0-based line, column in UTF-16 code units, UTF-8 bytes or code points) and back.

Linear in the file, bounded in memory: a file is checked on every edit, and a minified launch.json is one line
of hundreds of kilobytes (decoding a line's prefix for each position was quadratic: 28 s for 4,000
configurations), while a go.mod of 19 MB of newlines made a list of 19 million line starts (775 MB). So the
index keeps two numbers per BLOCK bytes (the newlines before the block, and where the line holding the block's
first byte starts), and a line longer than LONG bytes gets column checkpoints (every STEP bytes) the first time
it is asked about: every position is then found by scanning at most about BLOCK bytes and decoding at most about
STEP. Extra memory: two list entries per 4 KB of file, and for long lines four per 512 bytes (a 20 MB line:
about 6 MB, built once per version of the file).
"""

from __future__ import annotations

import bisect

from go_sidecar.model import Position, Range

BOM = b"\xef\xbb\xbf"
BLOCK = 4096  # bytes per line checkpoint: the most a line query scans
STEP = 512  # bytes between column checkpoints: the most a column query decodes
LONG = 2 * STEP  # a line longer than this gets column checkpoints


class LineIndex:
    """Lines of a UTF-8 byte string. Lines end at "\\n" ("\\r\\n" keeps its "\\r" on the line).

    Columns count the text decoded with surrogateescape: an invalid byte is one unit, the same count offset()
    walks back (non-UTF-8 files); in UTF-8 columns it counts as the three bytes of the character standing in for it.
    """

    def __init__(self, data: bytes):
        self.data = data
        self.ascii = data.isascii()  # columns are byte counts: no decoding at all
        count, rfind = data.count, data.rfind
        nl_before = [0]  # newlines in data[:b * BLOCK]
        line_of_block = [0]  # where the line holding byte b * BLOCK starts
        for b in range(BLOCK, len(data) + 1, BLOCK):
            nl_before.append(nl_before[-1] + count(b"\n", b - BLOCK, b))
            last = rfind(b"\n", b - BLOCK, b)
            line_of_block.append(last + 1 if last != -1 else line_of_block[-1])
        self._nl_before = nl_before
        self._line_of_block = line_of_block
        self.line_count = nl_before[-1] + count(b"\n", (len(nl_before) - 1) * BLOCK) + 1
        self._columns: dict[int, _Columns] = {}  # long lines only, by their start

    # --- lines ----------------------------------------------------------------------------------------------
    def line_of(self, offset: int) -> tuple[int, int]:
        """(line, byte offset of its start) of a byte offset in [0, len(data)]."""
        b = offset // BLOCK
        base = b * BLOCK
        line = self._nl_before[b] + self.data.count(b"\n", base, offset)
        last = self.data.rfind(b"\n", base, offset)
        return line, (last + 1 if last != -1 else self._line_of_block[b])

    def line_start(self, line: int) -> int:
        """The byte offset where a line starts (len(data) past the last line)."""
        if line <= 0:
            return 0
        if line >= self.line_count:
            return len(self.data)
        b = bisect.bisect_left(self._nl_before, line) - 1  # the block holding the line-th newline
        i = b * BLOCK - 1
        for _ in range(line - self._nl_before[b]):
            i = self.data.find(b"\n", i + 1)
        return i + 1

    def line_end(self, start: int) -> int:
        """The end of the line starting at `start`, before its "\\n" (and the "\\r" of a "\\r\\n")."""
        cols = self._columns.get(start)
        end = cols.end if cols is not None else self.data.find(b"\n", start)
        if end == -1:
            return len(self.data)
        return end - 1 if end > start and self.data[end - 1] == 0x0D else end

    # --- columns --------------------------------------------------------------------------------------------
    def _checkpoint(self, start: int, offset: int) -> tuple[int, int, int, int]:
        """(byte, utf-16 units, code points, utf-8 bytes) at the last checkpoint of the line at or before offset."""
        if offset - start <= LONG:
            return start, 0, 0, 0
        cols = self._columns.get(start)
        if cols is None:
            cols = self._columns[start] = _Columns(self.data, start)
        k = bisect.bisect_right(cols.bytes, offset) - 1
        return cols.bytes[k], cols.units[k], cols.points[k], cols.utf8[k]

    def column(self, offset: int, encoding: str = "utf-16") -> tuple[int, int]:
        """(line, column in `encoding`) of a byte offset (clamped to the file)."""
        offset = max(0, min(offset, len(self.data)))
        line, start = self.line_of(offset)
        if self.ascii:
            return line, offset - start
        at, units, points, utf8 = self._checkpoint(start, offset)
        seg = self.data[at:offset]
        if seg.isascii():
            n = len(seg)
            return line, {"utf-16": units, "utf-32": points, "utf-8": utf8}[encoding] + n
        return line, {"utf-16": units, "utf-32": points, "utf-8": utf8}[encoding] + _count(seg, encoding)

    def position(self, offset: int) -> Position:
        line, character = self.column(offset)
        return Position(line, character)

    def range(self, start: int, end: int) -> Range:
        """The bytes [start, end) as a Range: nothing is converted until an output asks (Range.positions)."""
        return Range(self, start, end)

    def positions(self, start: int, end: int, encoding: str = "utf-16") -> tuple[Position, Position]:
        """Both ends of a byte span in `encoding`; a span within one line is counted from its start, not found
        again (most are: a value, a key, a member)."""
        line, c0 = self.column(start, encoding)
        first = Position(line, c0)
        if end == start:
            return first, first
        n = len(self.data)
        if 0 <= start < end <= n and end - start <= LONG and self.data.find(b"\n", start, end) == -1:
            seg = self.data[start:end]
            return first, Position(line, c0 + (len(seg) if seg.isascii() else _count(seg, encoding)))
        line, c1 = self.column(end, encoding)
        return first, Position(line, c1)

    def offset(self, pos: Position) -> int:
        """The byte offset of an LSP position (clamped to the line's end)."""
        if pos.line >= self.line_count:
            return len(self.data)
        start = self.line_start(pos.line)
        end = self.line_end(start)  # a position past a CRLF line's end is before its "\r\n", never between
        if self.ascii:
            return start + min(max(pos.character, 0), end - start)
        at, units = start, 0
        cols = self._columns.get(start)
        if cols is None and end - start > LONG:
            cols = self._columns[start] = _Columns(self.data, start)
        if cols is not None:
            k = bisect.bisect_right(cols.units, pos.character) - 1
            at, units = cols.bytes[k], cols.units[k]
            if k + 1 < len(cols.bytes):
                end = min(end, cols.bytes[k + 1])
        text = self.data[at:end].decode("utf-8", "surrogateescape")
        for i, ch in enumerate(text):
            if units >= pos.character:
                return at + len(text[:i].encode("utf-8", "surrogateescape"))
            units += 2 if ord(ch) > 0xFFFF else 1
        return end

    def line_text(self, line: int) -> str:
        if line >= self.line_count:
            return ""
        start = self.line_start(line)
        end = self.data.find(b"\n", start)
        end = len(self.data) if end == -1 else end
        return self.data[start:end].decode("utf-8", "replace").rstrip("\r\n")


class _Columns:
    """Checkpoints of one long line, every ~STEP bytes, each on a character boundary (see _cut)."""

    __slots__ = ("bytes", "end", "points", "units", "utf8")

    def __init__(self, data: bytes, start: int):
        end = data.find(b"\n", start)
        self.end = end
        stop = len(data) if end == -1 else end
        self.bytes, self.units, self.points, self.utf8 = [start], [0], [0], [0]
        at = start
        while stop - at > STEP:
            cut = _cut(data, at + STEP)
            seg = data[at:cut]
            if seg.isascii():
                n = len(seg)
                u, p, b8 = n, n, n
            else:
                text = seg.decode("utf-8", "surrogateescape")
                p = len(text)
                u = len(text.encode("utf-16-le", "surrogatepass")) // 2
                b8 = len(text.encode("utf-8", "surrogatepass"))
            self.bytes.append(cut)
            self.units.append(self.units[-1] + u)
            self.points.append(self.points[-1] + p)
            self.utf8.append(self.utf8[-1] + b8)
            at = cut


def _cut(data: bytes, i: int) -> int:
    """A byte offset at or just before i where decoding can be split without changing what either half decodes
    to: a byte that is no UTF-8 continuation byte, or one after three continuation bytes (which no valid
    character reaches, so the decoder takes it on its own)."""
    for j in range(i, i - 4, -1):
        if data[j] & 0xC0 != 0x80:
            return j
    return i


def _count(seg: bytes, encoding: str) -> int:
    text = seg.decode("utf-8", "surrogateescape")
    if encoding == "utf-32":
        return len(text)
    if encoding == "utf-8":
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2
