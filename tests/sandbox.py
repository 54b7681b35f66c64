"""The one place that says how a test or benchmark redirects a machine's home, caches and PATH, and makes the
stand-in Go roots it finds there.

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


def make_root(base: Path, version: str) -> Path:
    """A Go root as the probe sees one: bin/go, VERSION, src/runtime. Its go is never run."""
    root = base / f"go{version}"
    (root / "bin").mkdir(parents=True)
    (root / "src" / "runtime").mkdir(parents=True)
    (root / "VERSION").write_text(f"go{version}\ntime 2026-01-01T00:00:00Z\n")
    go = root / "bin" / "go"
    # Booby-trapped: running it leaves a marker, which the tests look for afterwards.
    # Shell built-ins only: the sandbox PATH has no `touch`.
    go.write_text(f"#!/bin/sh\n: > '{root}/RAN'\necho 'go-sidecar must never run this' >&2\nexit 3\n")
    go.chmod(0o755)
    return root
