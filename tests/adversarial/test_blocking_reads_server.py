"""Issue 9, class 2, through the real server: a FIFO launch.json or `"envFile": "/dev/stdin"` (the server's own LSP
input) neither blocks the check thread nor eats the protocol stream; diagnostics arrive and a message names the
file."""

from __future__ import annotations

import asyncio
import os

import pytest
from lsprotocol import types as lsp

from tests.e2e.conftest import LAUNCH, Machine, make_root, start_client
from tests.e2e.test_bad_input import still_answers
from tests.e2e.test_server import codes, wait_for

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs: POSIX only")


async def wait_log(client, predicate, timeout: float = 20.0) -> str:
    """The first window/logMessage whose text satisfies predicate."""

    async def loop():
        while True:
            for m in client.log_messages:
                if predicate(m.message):
                    return m.message
            await client.wait_for_notification(lsp.WINDOW_LOG_MESSAGE)

    return await asyncio.wait_for(loop(), timeout)


@pytest.fixture
def machine(arena):
    m = Machine(arena.root / "m")
    old = make_root(m.sdk, "1.21.5")
    make_root(m.sdk, "1.22.5")
    m.put_on_path(old)
    (m.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    arena.canary(arena.root / "outside" / "keep.txt")
    return m


async def test_fifo_launch_json_gives_a_message_and_the_other_diagnostics(machine: Machine):
    vscode = machine.ws / ".vscode"
    os.mkfifo(vscode / "launch.json")
    os.mkfifo(machine.ws / "go.work")
    (vscode / "settings.json").write_text('{"go.goroot": "/nowhere/go"}')
    client = await start_client(machine, "visual-studio-code")
    try:
        settings_uri = (vscode / "settings.json").as_uri()
        diags = await wait_for(client, settings_uri, lambda d: "goroot-invalid" in codes(d))
        assert "/nowhere/go" in diags[0].message
        for name in (str(vscode / "launch.json"), str(machine.ws / "go.work")):
            said = await wait_log(client, lambda m, name=name: name in m and "FIFO" in m)
            assert "not a regular file" in said
        await still_answers(client, (vscode / "launch.json").as_uri())
        assert client.error is None
    finally:
        await client.shutdown_session()


@pytest.mark.parametrize("env_file", ["/dev/stdin", "/dev/fd/0"])
async def test_envfile_dev_stdin_does_not_read_the_protocol_stream(machine: Machine, env_file: str):
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(
        LAUNCH.replace('"program": "${fileDirname}",', f'"program": "${{fileDirname}}", "envFile": "{env_file}",')
    )
    client = await start_client(machine, "visual-studio-code")
    try:
        uri = launch.as_uri()
        diags = await wait_for(client, uri, lambda d: "goroot-too-old" in codes(d))
        assert "goroot-too-old" in codes(diags)
        said = await wait_log(client, lambda m: env_file in m)
        assert "not a regular file" in said
        await still_answers(client, uri)  # the protocol stream is intact: nothing read it behind pygls's back
        assert client.error is None
    finally:
        await client.shutdown_session()
