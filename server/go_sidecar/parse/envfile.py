"""envFile contents (KEY=VALUE lines), read the way VS Code Go's parseEnvFile does (utils/envUtils.ts)."""

from __future__ import annotations

import re

_LINE = re.compile(r"^\s*(?:export\s+)?([\w.\-]+)\s*=\s*(.*)?\s*$")


def parse_env_file(text: str) -> dict[str, str]:
    env: dict[str, str] = {}
    for line in text.splitlines():
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
    for line in text.splitlines():
        if "=" not in line or line.lstrip().startswith("#"):
            continue
        key, _, value = line.partition("=")
        env[key.strip()] = value.strip()
    return env
