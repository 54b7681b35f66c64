"""A Go binary's module info (the text `go version -m` prints) read as runtime/debug.ParseBuildInfo reads it:
`path`, the main `mod`, and the `build` settings (GOOS, GOARCH, CGO_ENABLED, -tags, vcs.revision, ...), with
Go's quoting rules for keys and values. parse/binary.py finds the text in an executable; this reads it.
"""

from __future__ import annotations

import re
from functools import cache

from go_sidecar._record import dataclass, field


@dataclass(frozen=True)
class BuildInfo:
    go_version: str  # "go1.27.3"
    path: str  # "github.com/go-delve/delve/cmd/dlv" ("" if absent)
    main_module: str  # "github.com/go-delve/delve"
    main_version: str  # "v1.22.1" or "(devel)"
    # build settings: GOOS, GOARCH, CGO_ENABLED, -tags, vcs.revision, ...
    settings: dict[str, str] = field(default_factory=dict, compare=False, hash=False)


def parse_modinfo(go_version: str, text: str) -> BuildInfo:
    """The module info as runtime/debug.ParseBuildInfo reads it; a malformed line is skipped, not fatal."""
    path = main = main_version = ""
    settings: dict[str, str] = {}
    for line in text.split("\n")[:-1]:  # like ParseBuildInfo, a last line without "\n" is ignored
        word, _, rest = line.partition("\t")
        if word == "path":
            path = rest
        elif word == "mod":
            cols = rest.split("\t")
            if len(cols) in (2, 3):
                main, main_version = cols[0], cols[1]
        elif word == "build" and rest:
            kv = _build_setting(rest)
            if kv is not None:
                settings[kv[0]] = kv[1]
    return BuildInfo(go_version, path, main, main_version, settings)


def _build_setting(kv: str) -> tuple[str, str] | None:
    if kv[0] in '"`':
        key, n = _unquote_prefix(kv)
        if key is None or kv[n : n + 1] != "=":
            return None
        raw = kv[n + 1 :]
    else:
        key, sep, raw = kv.partition("=")
        if not sep or not key:
            return None
    if raw[:1] in ('"', "`"):
        value, n = _unquote_prefix(raw)
        if value is None or n != len(raw):
            return None
        return key, value
    return key, raw


_ESCAPES = {"a": 7, "b": 8, "f": 12, "n": 10, "r": 13, "t": 9, "v": 11, "\\": 92, '"': 34}
_HEX_DIGITS = {"x": 2, "u": 4, "U": 8}


@cache  # compiled on first use: quoted build settings with escapes are rare
def _hex_re(digits: int) -> re.Pattern[str]:
    return re.compile(f"[0-9a-fA-F]{{{digits}}}")


@cache
def _octal_re() -> re.Pattern[str]:
    return re.compile(r"[0-3][0-7]{2}")


def _unquote_prefix(s: str) -> tuple[str | None, int]:
    """A Go quoted string at the start of s (strconv.QuotedPrefix + Unquote): (value, length) or (None, 0)."""
    if s[0] == "`":
        end = s.find("`", 1)
        return (s[1:end].replace("\r", ""), end + 1) if end > 0 else (None, 0)
    out, i = bytearray(), 1
    while i < len(s):
        c = s[i]
        if c == '"':
            return out.decode("utf-8", "replace"), i + 1
        if c == "\n":
            break
        if c != "\\":
            out += c.encode("utf-8", "replace")
            i += 1
            continue
        esc = s[i + 1 : i + 2]
        if esc in _ESCAPES:
            out.append(_ESCAPES[esc])
            i += 2
        elif esc in _HEX_DIGITS and (m := _hex_re(_HEX_DIGITS[esc]).match(s, i + 2)):
            code = int(m.group(), 16)
            if esc != "x" and (code > 0x10FFFF or 0xD800 <= code < 0xE000):
                break
            out += bytes([code]) if esc == "x" else chr(code).encode()
            i = m.end()
        elif m := _octal_re().match(s, i + 1):
            out.append(int(m.group(), 8))
            i = m.end()
        else:
            break
    return None, 0
