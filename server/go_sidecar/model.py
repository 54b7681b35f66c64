"""Plain data shared by probes, rules and outputs.

Places in files are byte spans (Range), converted to 0-based lines and columns once, by the output that shows
them: UTF-16 code units for the JSON report and LSP's default, UTF-8 or UTF-32 when a client negotiated one.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any, Protocol

from go_sidecar._record import dataclass, field


class Severity(enum.IntEnum):
    """Ordered so that a larger value is more severe."""

    HINT = 1
    INFORMATION = 2
    WARNING = 3
    ERROR = 4

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(
                f"unknown severity {text!r} (expected one of: {', '.join(s.label for s in cls)})"
            ) from None


@dataclass(frozen=True, order=True)
class Position:
    line: int
    character: int

    def to_json(self) -> dict[str, int]:
        return {"line": self.line, "character": self.character}


class PositionIndex(Protocol):
    """What a Location needs of parse.text.LineIndex (named here: the base layer does not import parse)."""

    data: bytes

    def positions(self, start: int, end: int, encoding: str = "utf-16") -> tuple[Position, Position]: ...

    def line_of(self, offset: int) -> tuple[int, int]: ...


_ORIGIN = (Position(0, 0), Position(0, 0))


class Range:
    """A stretch of one file: a byte span of the text a LineIndex was built over (`LineIndex.range`), turned
    into lines and columns only when an output asks, straight into the encoding it wants. Rules and fixes only
    slice bytes: a check of 200 configurations converted 37,000 positions eagerly, nearly all of them for fixes
    nobody opened, and converted each once more (UTF-16 to bytes to the client's encoding) to publish it.

    `start` and `end` are UTF-16 positions (LSP's default and the JSON report's), computed once and kept;
    `positions(encoding)` gives them in "utf-8" (bytes) or "utf-32" (code points) for a client that negotiated
    one. `Range.of(...)` states UTF-16 positions outright, for a place without text (a file still to create):
    in another encoding they are returned as they are, which is exact at a line's start.
    """

    __slots__ = ("_utf16", "end_byte", "index", "start_byte")

    def __init__(self, index: PositionIndex | None, start_byte: int, end_byte: int):
        self.index = index  # parse.text.LineIndex, or None for stated positions
        self.start_byte = start_byte
        self.end_byte = end_byte
        self._utf16: tuple[Position, Position] | None = None

    @classmethod
    def of(cls, l0: int, c0: int, l1: int, c1: int) -> Range:
        r = cls(None, 0, 0)
        r._utf16 = (Position(l0, c0), Position(l1, c1))
        return r

    def positions(self, encoding: str = "utf-16") -> tuple[Position, Position]:
        if encoding == "utf-16" or self.index is None:
            if self._utf16 is None:
                self._utf16 = (
                    _ORIGIN if self.index is None else self.index.positions(self.start_byte, self.end_byte, "utf-16")
                )
            return self._utf16
        return self.index.positions(self.start_byte, self.end_byte, encoding)

    @property
    def line(self) -> int:
        """The line of the start (for a message: "from line 12"); counts lines, not columns."""
        if self.index is None or self._utf16 is not None:
            return self.positions()[0].line
        return self.index.line_of(max(0, min(self.start_byte, len(self.index.data))))[0]

    @property
    def start(self) -> Position:
        return self.positions()[0]

    @property
    def end(self) -> Position:
        return self.positions()[1]

    def to_json(self, encoding: str = "utf-16") -> dict[str, Any]:
        start, end = self.positions(encoding)
        return {"start": start.to_json(), "end": end.to_json()}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Range):
            return NotImplemented
        if self.index is other.index and self.index is not None:
            return self.start_byte == other.start_byte and self.end_byte == other.end_byte
        return self.positions() == other.positions()  # the same place, as the report states it

    def __hash__(self) -> int:
        return hash(self.positions())

    def __repr__(self) -> str:
        (l0, c0), (l1, c1) = ((p.line, p.character) for p in self.positions())
        return f"Range({l0}:{c0}-{l1}:{c1})"


ZERO_RANGE = Range.of(0, 0, 0, 0)


@dataclass(frozen=True)
class Location:
    """A file (absolute path, as text) and a range in it (the file's start when the finding is about all of it)."""

    path: str
    range: Range = ZERO_RANGE

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "range": self.range.to_json()}


@dataclass(frozen=True)
class TextEdit:
    path: str
    range: Range
    new_text: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "range": self.range.to_json(), "newText": self.new_text}


@dataclass(frozen=True)
class Command:
    name: str
    arguments: tuple[Any, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "arguments": list(self.arguments)}


@dataclass(frozen=True)
class Fix:
    """A proposed change: text edits (applied by the editor) or a command (run on the user's request)."""

    title: str
    edits: tuple[TextEdit, ...] = ()
    command: Command | None = None
    preferred: bool = False
    creates: tuple[str, ...] = ()  # files the edits need created first (a settings.json not there yet)
    shell: str = ""  # for a command fix: what to type in a terminal instead (shown by `sidecar check`)

    def to_json(self) -> dict[str, Any]:
        if self.command is not None:
            out: dict[str, Any] = {"title": self.title, "command": self.command.to_json()}
            if self.shell:
                out["shell"] = self.shell
            return out
        out = {
            "title": self.title,
            "preferred": self.preferred,
            "edits": [e.to_json() for e in self.edits],
        }
        if self.creates:
            out["creates"] = list(self.creates)
        return out


class Finding:
    """A rule's finding under the rule's code (rules/registry.py stamps code and severity).

    `fixes` may be given as a function that builds them: it runs the first time an output asks (a code action, the
    JSON report), once. A check of 200 configurations built ~700 edits for every keystroke, for code actions the
    editor asks about only when the user opens them. A fix builder that fails gives no fixes (and says so in the
    log) instead of losing the finding.
    """

    __slots__ = ("_fixes", "code", "location", "message", "severity")
    code: str
    severity: Severity
    message: str
    location: Location
    _fixes: tuple[Fix, ...] | Callable[[], Iterable[Fix]]

    def __init__(
        self,
        code: str,
        severity: Severity,
        message: str,
        location: Location,
        fixes: tuple[Fix, ...] | Callable[[], Iterable[Fix]] = (),
    ):
        object.__setattr__(self, "code", code)
        object.__setattr__(self, "severity", severity)
        object.__setattr__(self, "message", message)
        object.__setattr__(self, "location", location)
        object.__setattr__(self, "_fixes", fixes if isinstance(fixes, tuple) or callable(fixes) else tuple(fixes))

    @property
    def fixes(self) -> tuple[Fix, ...]:
        fixes = self._fixes
        if not isinstance(fixes, tuple):
            try:
                fixes = tuple(fixes())
            except Exception:  # the finding stands without its fixes (logged: BLE001 allows it)
                import logging

                logging.getLogger(__name__).exception("building the fixes of %s failed", self.code)
                fixes = ()
            object.__setattr__(self, "_fixes", fixes)
        return fixes

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"a Finding is immutable: cannot assign to {name!r}")

    def _key(self) -> tuple[Any, ...]:
        return (self.code, self.severity, self.message, self.location, self.fixes)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not Finding:
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash((self.code, self.severity, self.message, self.location))

    def __repr__(self) -> str:
        return (
            f"Finding(code={self.code!r}, severity={self.severity!r}, message={self.message!r}, "
            f"location={self.location!r}, fixes={self.fixes!r})"
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "severity": self.severity.label,
            "message": self.message,
            "location": self.location.to_json(),
            "fixes": [f.to_json() for f in self.fixes],
        }


@dataclass(frozen=True)
class Toolchain:
    """An installed Go root. `version` is like "go1.22.5" ("" when it could not be read)."""

    root: str
    version: str
    source: str

    def to_json(self) -> dict[str, str]:
        return {"root": self.root, "version": self.version, "source": self.source}


@dataclass(frozen=True)
class Host:
    """The machine the checks are about. `os` and `arch` use Go's names (GOOS, GOARCH)."""

    os: str
    arch: str

    @property
    def windows(self) -> bool:
        return self.os == "windows"

    def to_json(self) -> dict[str, str]:
        return {"os": self.os, "arch": self.arch}


@dataclass
class Report:
    root: str
    host: Host
    toolchains: list[Toolchain]
    findings: list[Finding]
    messages: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "root": self.root,
            "host": self.host.to_json(),
            "toolchains": [t.to_json() for t in self.toolchains],
            "findings": [f.to_json() for f in self.findings],
            "messages": list(self.messages),
        }

    @property
    def failing(self) -> bool:
        return any(f.severity >= Severity.WARNING for f in self.findings)
