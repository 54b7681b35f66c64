"""Plain data shared by probes, rules and outputs.

Positions are 0-based lines and UTF-16 code units, as in LSP's default encoding and in the JSON report;
the LSP layer converts to another negotiated encoding when a client asks for one.
"""

from __future__ import annotations

import enum
from go_sidecar._record import dataclass, field
from typing import Any


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
    def parse(cls, text: str) -> "Severity":
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


@dataclass(frozen=True)
class Range:
    start: Position
    end: Position

    @classmethod
    def of(cls, l0: int, c0: int, l1: int, c1: int) -> "Range":
        return cls(Position(l0, c0), Position(l1, c1))

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start.to_json(), "end": self.end.to_json()}

    def overlaps(self, other: "Range") -> bool:
        return not (self.end < other.start or other.end < self.start)


ZERO_RANGE = Range.of(0, 0, 0, 0)


@dataclass(frozen=True)
class Location:
    """A file (absolute path, as text) and a range in it; range is None for a whole file."""

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


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location
    fixes: tuple[Fix, ...] = ()

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
