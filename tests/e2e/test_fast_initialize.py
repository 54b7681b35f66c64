"""`initialize` is answered before pygls is imported; the answer must be the one pygls itself would give."""

from __future__ import annotations

import pytest
from lsprotocol.converters import get_converter

from .conftest import LAUNCH, Machine, make_root, start_client
from .test_server import codes, wait_for


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim", "emacs"])
async def test_fast_answer_matches_pygls(machine: Machine, profile: str):
    results = {}
    for mode in ("fast", "slow"):
        if mode == "slow":
            machine.env["SIDECAR_SLOW_INIT"] = "1"
        client = await start_client(machine, profile)
        try:
            results[mode] = get_converter().unstructure(client.init_result)
        finally:
            await client.shutdown_session()
    assert results["fast"] == results["slow"]
    assert results["fast"]["capabilities"]["codeActionProvider"]["codeActionKinds"] == ["quickfix"]


async def test_requests_after_fast_initialize_work(machine: Machine):
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, launch.as_uri(), lambda d: "goroot-unpinned" in codes(d))
        assert diags
    finally:
        await client.shutdown_session()
