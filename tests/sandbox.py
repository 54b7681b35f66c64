"""The one place that says how a test or benchmark redirects a machine's home, caches and PATH.

Every variable that could lead go-sidecar (or Go) to the real home or caches points into `home`.
"""

from __future__ import annotations

from pathlib import Path


def sandbox_env(home: Path, path: Path, **extra: str) -> dict[str, str]:
    env = {
        "HOME": str(home),
        "USERPROFILE": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_CACHE_HOME": str(home / ".cache"),
        "XDG_DATA_HOME": str(home / ".local" / "share"),
        "XDG_STATE_HOME": str(home / ".local" / "state"),
        "APPDATA": str(home / "AppData" / "Roaming"),
        "LOCALAPPDATA": str(home / "AppData" / "Local"),
        "GOCACHE": str(home / ".cache" / "go-build"),
        "GOPATH": str(home / "go"),
        "GOMODCACHE": str(home / "go" / "pkg" / "mod"),
        "PATH": str(path),
    }
    env.update(extra)
    return env
