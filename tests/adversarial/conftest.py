"""Shared ground for the adversarial tests (issue 9): a sandbox with canaries, markers and time limits.

Every test builds its hostile input inside `arena.root`. Canary files sit *outside* what go-sidecar may touch
(beside the workspace, inside link targets, below mount points); the fixture records their checksums before the
test and fails it when any is changed or gone afterwards. Booby-trapped executables leave a `RAN` marker when run
(shell built-ins only); the fixture fails the test when any marker exists. `arena.call` and `arena.run` bound
every call in time: a hang is a failure, not a stuck CI.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tests.sandbox import sandbox_env

LIMIT = 20.0  # seconds any single call may take before the test calls it a hang


class Hang(AssertionError):
    pass


class Arena:
    def __init__(self, tmp: Path):
        self.root = tmp
        self.home = tmp / "home"
        self.home.mkdir()
        self.ws = tmp / "workspace"
        (self.ws / ".vscode").mkdir(parents=True)
        self.bin = tmp / "bin"
        self.bin.mkdir()
        self.env = sandbox_env(self.home, self.bin, PYTHONPATH=os.environ.get("PYTHONPATH", ""))
        self.canaries: dict[Path, str] = {}

    # --- canaries -------------------------------------------------------------------------------------------
    def canary(self, path: Path, content: bytes | None = None) -> Path:
        """A file that must survive the test byte for byte."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if content is not None else f"canary {path.name}\n".encode() * 3)
        self.canaries[path] = _digest(path)
        return path

    def check_canaries(self) -> list[str]:
        damaged = []
        for path, digest in self.canaries.items():
            try:
                if os.path.islink(path) or _digest(path) != digest:
                    damaged.append(f"{path}: changed")
            except OSError as e:
                damaged.append(f"{path}: {e.strerror or e}")
        return damaged

    # --- markers --------------------------------------------------------------------------------------------
    def trap(self, path: Path) -> Path:
        """An executable that leaves `RAN` beside itself when run (shell built-ins only)."""
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"#!/bin/sh\n: > '{path.parent}/RAN'\necho 'go-sidecar must never run this' >&2\nexit 3\n")
        path.chmod(0o755)
        return path

    def markers(self) -> list[Path]:
        return [p for p in self.root.rglob("RAN")]

    # --- time limits ----------------------------------------------------------------------------------------
    def call(self, fn, *args, limit: float = LIMIT, **kwargs):
        """fn(*args, **kwargs) in a daemon thread; Hang when it has not returned within `limit` seconds."""
        box: dict = {}

        def target():
            try:
                box["value"] = fn(*args, **kwargs)
            except BaseException as e:  # noqa: BLE001 - re-raised in the caller
                box["error"] = e

        t = threading.Thread(target=target, daemon=True)
        t.start()
        t.join(limit)
        if t.is_alive():
            raise Hang(f"{getattr(fn, '__name__', fn)} did not return within {limit} s")
        if "error" in box:
            raise box["error"]
        return box.get("value")

    def run(
        self,
        *args: str,
        limit: float = LIMIT,
        env: dict | None = None,
        cwd: Path | None = None,
        input: str | None = None,
    ) -> subprocess.CompletedProcess:
        """`python -m go_sidecar ARGS` in the sandbox's environment; Hang when it outlives `limit`."""
        try:
            return subprocess.run(
                [sys.executable, "-m", "go_sidecar", *args],
                env=env or self.env,
                cwd=cwd or self.root,
                capture_output=True,
                text=True,
                timeout=limit,
                stdin=subprocess.DEVNULL if input is None else None,
                input=input,
                check=False,
            )
        except subprocess.TimeoutExpired as e:
            raise Hang(f"sidecar {' '.join(args)} did not return within {limit} s") from e


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def arena(tmp_path: Path):
    a = Arena(tmp_path)
    yield a
    damaged = a.check_canaries()
    assert not damaged, f"canaries outside the targets were touched: {damaged}"
    ran = a.markers()
    assert not ran, f"something named by the hostile input was executed: {ran}"
