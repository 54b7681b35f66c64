"""envFile contents (KEY=VALUE lines), read the way VS Code Go's parseEnvFile does (utils/envUtils.ts)."""

from __future__ import annotations

import re
from collections.abc import Iterator

_LINE = re.compile(r"^\s*(?:export\s+)?([\w.\-]+)\s*=\s*(.*)?\s*$")


def parse_env_file(text: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in iter_lines(text):
        if not line:
            continue
        m = _LINE.match(line)
        if not m:
            continue
        value = (m.group(2) or "").strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
            if line.strip().split("=", 1)[1].strip().startswith('"'):
                value = value.replace("\\n", "\n")
        env[m.group(1)] = value
    return env


def parse_go_env_file(text: str) -> dict[str, str]:
    """`go env -w` settings (the file named by GOENV, default os.UserConfigDir()/go/env)."""
    env: dict[str, str] = {}
    for line in iter_lines(text):
        if "=" not in line or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition("=")
        env[key.strip()] = value.strip()
    return env


CHUNK = 1 << 20


def iter_lines(text: str) -> Iterator[str]:
    """text.splitlines(), a chunk at a time: the whole list for 19 MB of newlines is 150 MB.

    Each chunk ends just after a "\\n", so no line (and no "\\r\\n") is split between two chunks.
    """
    start = 0
    while start < len(text):
        end = text.find("\n", start + CHUNK) + 1 or len(text)
        yield from text[start:end].splitlines()
        start = end
