"""Version-manager pin files: the Go version a folder asks for, with the place of the version in the file.

A version manager decides the Go of a folder from the nearest pin file above it (docs/facts.md, Version managers
and pin files):
- `.tool-versions` (asdf, and mise): `golang 1.22.5` lines (asdf-golang's plugin name; mise also accepts `go`),
  `#` comments, several versions on a line meaning fallbacks: the first wins (asdf docs, "The .tool-versions
  file"). `system`, `ref:...` and `path:...` name no release.
- `.go-version` (goenv; asdf with `legacy_version_file = yes`; mise as an idiomatic file): the version alone, a
  leading `v` allowed (jdx/mise src/plugins/core/go.rs `_parse_idiomatic_file` trims it).
- `mise.toml`, `.mise.toml` (mise): `[tools]` `go = "1.22"`, also a list (the first is used) or a table with
  `version` (mise docs, "mise.toml"; the core plugin's name is `go`, `core:go` spelled out).
A pin "1.22" asks for the newest installed 1.22.x; "1.22.5" for exactly that.

Read statically, bounded: only the workspace root and the folders between it and each configuration's program;
each file at most MAX_PIN_BYTES. A file that cannot be read (too large, not text, invalid TOML) pins nothing and
is named in `skipped`; nothing here raises on a file's content.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass, field
from go_sidecar.model import Location
from go_sidecar.parse.text import BOM, LineIndex
from go_sidecar.probe.system import System

if TYPE_CHECKING:
    from go_sidecar.probe.facts import ConfigFacts  # facts imports this module: types only

TOOL_VERSIONS, GO_VERSION, MISE_TOML, DOT_MISE_TOML = ".tool-versions", ".go-version", "mise.toml", ".mise.toml"
# In the order mise reads them (mise.toml over .mise.toml over .tool-versions), then goenv's file.
PIN_FILES = (MISE_TOML, DOT_MISE_TOML, TOOL_VERSIONS, GO_VERSION)
READERS = {
    MISE_TOML: ("mise",),
    DOT_MISE_TOML: ("mise",),
    TOOL_VERSIONS: ("asdf", "mise"),
    GO_VERSION: ("goenv", "asdf", "mise"),
}
MAX_PIN_BYTES = 256 * 1024  # a pin file is a few lines; anything larger is not one
MAX_FOLDERS = 256  # folders looked at per check (a launch.json of 4,000 configurations names a few)
TOOL_NAMES = (b"golang", b"go")  # .tool-versions: asdf-golang's name, and mise's
MISE_KEYS = ("go", "core:go")


@dataclass(frozen=True)
class GoPin:
    """A Go version written in a pin file."""

    path: str  # the pin file
    kind: str  # its name: ".tool-versions", ".go-version", "mise.toml", ".mise.toml"
    version: str  # as the manager reads it: "1.22.5", "1.22" (a leading "v" or "go" dropped)
    location: Location  # the version as written in the file
    written: str = ""  # the whole value as written ("v1.22.5", "golang 1.22.5 1.21.0" keeps "1.22.5")

    @property
    def managers(self) -> tuple[str, ...]:
        return READERS.get(self.kind, ())


@dataclass
class PinFacts:
    """Pin files of the workspace: which ones decide the Go version of the root and of each configuration."""

    root: tuple[GoPin, ...] = ()  # the pins of the workspace root's folder (its nearest pinned folder)
    configs: list[tuple[GoPin, ...]] = field(default_factory=list)  # per Facts.configs, in order
    files: dict[str, tuple[GoPin, ...]] = field(default_factory=dict)  # folder -> the Go pins written there
    skipped: list[str] = field(default_factory=list)  # pin files that were not read, and why

    def for_config(self, i: int) -> tuple[GoPin, ...]:
        return self.configs[i] if 0 <= i < len(self.configs) else self.root


def read_pin_facts(
    sys_: System, root: str, configs: Sequence[ConfigFacts], overlays: Mapping[str, bytes] | None = None
) -> PinFacts:
    """The pins deciding the Go of the workspace root and of each configuration's program folder (walking up to
    the root; a program outside the workspace is judged by the root's pins). `configs`: probe.facts.ConfigFacts.
    `overlays`: the editor's unsaved buffers by path, read instead of the disk (a pin file being edited)."""
    facts = PinFacts()
    cache: dict[str, tuple[GoPin, ...]] = {}
    budget = [MAX_FOLDERS]

    def pins_in(folder: str) -> tuple[GoPin, ...]:
        if folder not in cache:
            if budget[0] <= 0:
                return ()
            budget[0] -= 1
            cache[folder] = _read_folder(sys_, folder, facts.skipped, overlays or {})
            if cache[folder]:
                facts.files[folder] = cache[folder]
        return cache[folder]

    def deciding(start: str) -> tuple[GoPin, ...]:
        for folder in _up_to(sys_, start, root):
            found = pins_in(folder)
            if found:
                return found
        return ()

    facts.root = deciding(root)
    for cf in configs:
        folder = _program_folder(sys_, cf)
        facts.configs.append(deciding(folder) if folder else facts.root)
    return facts


def _program_folder(sys_: System, cf: ConfigFacts) -> str | None:
    program = cf.program
    if program is None or not program.path:
        return None
    if program.state == "dir":
        return program.path
    if program.state in ("go", "file"):
        return sys_.parent(program.path)
    return None


def _up_to(sys_: System, start: str, root: str) -> list[str]:
    """start and its parents up to root; [root] when start is not inside root."""
    fold = sys_.host.windows
    norm_root = sys_.norm(root)
    key_root = norm_root.lower() if fold else norm_root
    folders = [sys_.norm(start), *sys_.parents(start)]
    out = []
    for folder in folders:
        out.append(folder)
        if (folder.lower() if fold else folder) == key_root:
            return out
    return [norm_root]


def _read_folder(sys_: System, folder: str, skipped: list[str], overlays: Mapping[str, bytes]) -> tuple[GoPin, ...]:
    out = []
    for name in PIN_FILES:
        path = sys_.join(folder, name)
        data = overlays.get(path)
        if data is not None:
            data = data[:MAX_PIN_BYTES]
        elif not sys_.is_file(path):
            continue
        else:
            try:
                data = sys_.read_bytes(path, MAX_PIN_BYTES)
            except OSError as e:
                skipped.append(f"{path}: not read ({e})")
                continue
        try:
            pin = read_pin(path, name, data)
        except ValueError as e:
            skipped.append(f"{path}: {e}")
            continue
        if pin is not None:
            out.append(pin)
    return tuple(out)


def read_pin(path: str, kind: str, data: bytes) -> GoPin | None:
    """The Go version a pin file sets (None: it sets none); ValueError for a file that is not a pin file."""
    if b"\x00" in data:
        raise ValueError("binary content, not a pin file; ignored")
    if kind == TOOL_VERSIONS:
        return _tool_versions(path, data)
    if kind == GO_VERSION:
        return _go_version(path, data)
    if kind in (MISE_TOML, DOT_MISE_TOML):
        return _mise_toml(path, kind, data)
    return None


def _lines(data: bytes) -> Iterable[tuple[int, bytes]]:
    """(offset, line without its end) of each line; a UTF-8 BOM is skipped."""
    start = len(BOM) if data.startswith(BOM) else 0
    while start <= len(data):
        end = data.find(b"\n", start)
        if end == -1:
            end = len(data)
        line = data[start:end]
        yield start, line.rstrip(b"\r")
        start = end + 1


def _tokens(line: bytes, base: int) -> list[tuple[int, bytes]]:
    """Whitespace-separated words of a line before any `#` comment, with their offsets."""
    line = line.split(b"#", 1)[0]
    out, i = [], 0
    while i < len(line):
        while i < len(line) and line[i : i + 1] in (b" ", b"\t"):
            i += 1
        j = i
        while j < len(line) and line[j : j + 1] not in (b" ", b"\t"):
            j += 1
        if j > i:
            out.append((base + i, line[i:j]))
        i = j
    return out


@functools.cache
def _release() -> re.Pattern[str]:
    return re.compile(r"\d+\.\d+(?:\.\d+)?(?:(?:rc|beta)\d+)?", re.ASCII)


def _version(word: str) -> str | None:
    """A release a manager installs ("1.22", "1.22.5", "1.23rc1"), a leading "v" or "go" dropped; None for
    "system", "latest", "1", "ref:...", "path:..." and anything else that names no release to compare."""
    v = word.strip()
    v = v.removeprefix("prefix:")  # mise's explicit fuzzy form
    v = v[2:] if v.startswith("go") else v.removeprefix("v")
    return v if _release().fullmatch(v) else None


def _pin(path: str, kind: str, data: bytes, start: int, end: int, version: str, written: str) -> GoPin:
    return GoPin(path, kind, version, Location(path, LineIndex(data).range(start, end)), written)


def _tool_versions(path: str, data: bytes) -> GoPin | None:
    for offset, line in _lines(data):
        words = _tokens(line, offset)
        if len(words) < 2 or words[0][1] not in TOOL_NAMES:
            continue
        at, word = words[1]  # the first version is the one used; the rest are fallbacks
        text = word.decode("utf-8", "replace")
        version = _version(text)
        if version is None:
            return None  # `golang system`, `golang ref:master`: a pin, but of no release go-sidecar can compare
        return _pin(path, TOOL_VERSIONS, data, at, at + len(word), version, text)
    return None


def _go_version(path: str, data: bytes) -> GoPin | None:
    for offset, line in _lines(data):
        words = _tokens(line, offset)
        if not words:
            continue
        at, word = words[0]
        text = word.decode("utf-8", "replace")
        version = _version(text)
        return _pin(path, GO_VERSION, data, at, at + len(word), version, text) if version else None
    return None


def _mise_toml(path: str, kind: str, data: bytes) -> GoPin | None:
    import tomllib  # only when a mise.toml is there: not on every check's import path

    try:
        text = data.decode("utf-8")
        doc = tomllib.loads(text)
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ValueError(f"not valid TOML ({e}); ignored") from None
    except RecursionError:  # tomllib recurses per nested array or inline table: a hostile file nests 100,000 deep
        raise ValueError("nested too deeply to read; ignored") from None
    tools = doc.get("tools")
    if not isinstance(tools, dict):
        return None
    key = next((k for k in MISE_KEYS if k in tools), None)
    if key is None:
        return None
    value: Any = tools[key]
    if isinstance(value, list):  # several versions: the first is the one used
        value = value[0] if value else None
    if isinstance(value, dict):  # go = { version = "1.22", ... }
        value = value.get("version")
    if not isinstance(value, str):
        return None
    version = _version(value)
    if version is None:
        return None
    start, end = _mise_value_span(data, key, value)
    return _pin(path, kind, data, start, end, version, value)


def _mise_value_span(data: bytes, key: str, value: str) -> tuple[int, int]:
    """Where the version string is written: inside the quotes after `go =` in [tools] (or `tools.go =` at the
    top); the key's line when the value is not found there; the file's start when even that is not."""
    wanted = value.encode("utf-8")
    table = b""
    keys = (key.encode(), f'"{key}"'.encode(), f"'{key}'".encode())
    tool_tables = tuple(b"tools." + k for k in keys)
    for offset, line in _lines(data):
        stripped = line.strip()
        if stripped.startswith(b"["):
            table = stripped.split(b"#", 1)[0].strip().strip(b"[]").strip()
            continue
        name, sep, _ = line.partition(b"=")
        if not sep:
            continue
        name = name.strip()
        if (
            (table == b"tools" and name in keys)  # [tools] go = "1.22"
            or (table in tool_tables and name == b"version")  # [tools.go] version = "1.22"
            or (not table and name in tool_tables)  # tools.go = "1.22"
        ):
            after = line.index(b"=") + 1
            for quote in (b'"', b"'"):
                at = line.find(quote + wanted + quote, after)
                if at != -1:
                    return offset + at + 1, offset + at + 1 + len(wanted)
            return offset, offset + len(line)
    return 0, 0
