"""The `go` and `toolchain` lines of go.mod and go.work, with ranges; the modules go.mod requires."""

from __future__ import annotations

import re
from functools import cache

from go_sidecar._record import dataclass
from go_sidecar.model import Range
from go_sidecar.parse.text import LineIndex


# The value ends at a blank or a `//` comment (a module path has single slashes): the regex takes the word and
# parse_modfile cuts it at `//`. (A repeated group `(?:[^\s/]|/(?!/))+` kept a backtracking frame per byte:
# 3 GB and 11 s for a 19 MB word.)
@cache  # compiled on first use (a cold `sidecar check` pays for no pattern it does not use)
def _directive_re() -> re.Pattern[bytes]:
    return re.compile(rb"^[ \t]*(go|toolchain|module)[ \t]+(\S+)", re.MULTILINE)


@dataclass(frozen=True)
class Directive:
    name: str  # "go", "toolchain" or "module"
    value: str  # as written: "1.22.0", "go1.22.5", "example.com/m"
    range: Range  # of the whole directive


@dataclass(frozen=True)
class ModFile:
    path: str
    go: Directive | None
    toolchain: Directive | None
    module: Directive | None

    @property
    def first_line(self) -> Range:
        for d in (self.module, self.go, self.toolchain):
            if d is not None:
                return d.range
        return Range.of(0, 0, 0, 0)


def parse_modfile(path: str, data: bytes) -> ModFile:
    """Tolerant: a file of garbage gives a ModFile with no directives. Block forms (`go (`) are not Go syntax."""
    index = LineIndex(data)
    found: dict[str, Directive] = {}
    for m in _directive_re().finditer(data):
        name = m.group(1).decode()
        if name in found:
            continue
        word = m.group(2)
        cut = word.find(b"//")
        if cut == 0:  # `go //comment`: no value (and, as before, the line is no directive)
            continue
        word = word if cut == -1 else word[:cut]
        value = word.decode("utf-8", "replace").strip('"')
        found[name] = Directive(name, value, index.range(m.start(1), m.start(2) + len(word)))
    return ModFile(path, found.get("go"), found.get("toolchain"), found.get("module"))


# --- go.mod's requirements ---------------------------------------------------------------------------------------
def directive_word(data: bytes, keyword: bytes) -> str:
    r"""The word after the first line's `keyword` (the regular expression `^[ \t]*keyword[ \t]+(\S+)`, multiline,
    on bytes, without compiling it: a cold check reads go.mod's module and go lines here), "" when no line has one.
    Leading [ \t] are stripped, the keyword needs one [ \t] or more after it, and the word ends at ASCII whitespace
    (what \s is on bytes, and what bytes.split() splits at)."""
    start = 0
    while start <= len(data):
        end = data.find(b"\n", start)
        line = data[start:] if end == -1 else data[start:end]
        rest = line.lstrip(b" \t")
        if rest.startswith(keyword):
            after = rest[len(keyword) :]
            word = after.lstrip(b" \t")
            if len(word) < len(after) and word and not word[:1].isspace():  # bytes: \s is ASCII whitespace
                return word.split(None, 1)[0].decode("utf-8", "replace")
        if end == -1:
            break
        start = end + 1
    return ""


def parse_requires(data: bytes) -> tuple[str, str, list[str]]:
    """(module path, go version, required module paths) of go.mod, tolerant of garbage: `require path version`
    lines and `require ( ... )` blocks, comments and quotes removed (golang.org/x/mod/modfile syntax)."""
    text = data.decode("utf-8", "replace")
    module, go = directive_word(data, b"module"), directive_word(data, b"go")
    out: list[str] = []
    in_block = False
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if not line:
            continue
        if in_block:
            if line.startswith(")"):
                in_block = False
                continue
            words = line.split()
        elif line.startswith("require") and (len(line) == 7 or line[7] in " \t("):
            rest = line[7:].strip()
            if rest.startswith("("):
                in_block = True
                rest = rest[1:].strip()
                if not rest:
                    continue
            words = rest.split()
        else:
            continue
        if words:
            path = words[0].strip('"`')
            if path and path not in out:
                out.append(path)
    return module.strip('"`'), go, out
