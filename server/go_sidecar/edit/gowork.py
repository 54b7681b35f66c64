"""The smallest edit of a go.work that adds a module to its `use` list, keeping the file's own layout.

The path is written as `go work use` writes it (cmd/go/internal/workcmd/use.go `pathRel`,
modload.ToDirectoryPath): relative to go.work's folder, slash-separated, `./`-prefixed, absolute only when no
relative path exists (another Windows drive); quoted when modfile.AutoQuote would quote it. Unlike `go work use`,
which turns a single `use ./a` line into a block and reformats the file, the edit touches only the bytes it adds:
into the last `use ( ... )` block (with the indentation of the entries above), else on a new line after the last
`use` line, else after the `go` line, else at the end of the file. New lines are inserted at the start of a line
where there is one (see add_use).
"""

from __future__ import annotations

import ntpath
import posixpath

from go_sidecar.model import TextEdit
from go_sidecar.parse.gowork import WorkFile
from go_sidecar.parse.text import LineIndex


def directory_path(work_dir: str, root: str, windows: bool) -> str:
    """`root` as a go.work `use` path, relative to `work_dir` (both absolute)."""
    # Chosen by name rather than as one module value, whose functions mypy would see as untyped.
    relpath, normpath = (ntpath.relpath, ntpath.normpath) if windows else (posixpath.relpath, posixpath.normpath)
    try:
        rel = relpath(root, work_dir)
    except ValueError:  # another drive: no relative path
        return normpath(root)
    rel = rel.replace("\\", "/")
    if rel in (".", "..") or rel.startswith(("./", "../")):
        return rel
    return "./" + rel


def must_quote(s: str) -> bool:
    """modfile.MustQuote (golang.org/x/mod/modfile/rule.go)."""
    for ch in s:
        if ch in " \"'`":
            return True
        if ch in "()[]{},":
            if len(s) > 1:
                return True
        elif not ch.isprintable():
            return True
    return s == "" or "//" in s or "/*" in s


def auto_quote(s: str) -> str:
    if not must_quote(s):
        return s
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def add_use(work: WorkFile, data: bytes, use_path: str) -> TextEdit:
    """One insertion (or, for an empty `use ()`, one replacement of its parentheses) that lists use_path."""
    nl = work.newline
    token = auto_quote(use_path)
    index = LineIndex(data)

    def insert(at: int, text: str) -> TextEdit:
        return TextEdit(work.path, index.range(at, at), text)

    if work.last_use_end is not None and work.last_use_is_block:
        block = next(b for b in work.blocks if b.rparen + 1 == work.last_use_end)
        if data.rfind(b"\n", 0, block.rparen) < block.lparen:  # `use ()` on one line
            return TextEdit(work.path, index.range(block.lparen, block.rparen + 1), f"({nl}\t{token}{nl})")
        entries = [u for u in work.uses if u.in_block and block.lparen < u.start < block.rparen]
        indent = "\t"
        if entries:
            last = entries[-1]
            line = data[last.line_start : last.start]
            indent = line[: len(line) - len(line.lstrip(b" \t"))].decode("ascii")
        return insert(block.rparen_line_start, f"{indent}{token}{nl}")
    # At the start of the next line when there is one: column 0 is the same in every position encoding, so the
    # edit stays right even when the line before holds a non-ASCII comment and the client counts UTF-8 bytes.
    if work.last_use_end is not None:
        after = _next_line(data, work.last_use_end)
        return insert(after, f"use {token}{nl}") if after is not None else insert(work.last_use_end, f"{nl}use {token}")
    if work.go_line_end is not None:
        after = _next_line(data, work.go_line_end)
        return (
            insert(after, f"{nl}use {token}{nl}")
            if after is not None
            else insert(work.go_line_end, f"{nl}{nl}use {token}")
        )
    lead = nl if data and not data.endswith(b"\n") else ""
    return insert(len(data), f"{lead}use {token}{nl}")


def _next_line(data: bytes, text_end: int) -> int | None:
    """The start of the line after the one whose text ends at text_end; None at the end of the file."""
    nl = data.find(b"\n", text_end)
    return None if nl == -1 else nl + 1
