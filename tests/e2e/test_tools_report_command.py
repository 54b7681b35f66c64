"""`sidecar.toolsReport` through a real server and pytest-lsp: the report as markdown for the folder (or file) a URI
names, one configuration's section first when asked; hostile arguments get an InvalidParams error and the server
goes on answering. The machine's Go roots are booby-trapped (tests/sandbox.py): nothing may run them."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as lsp
from pygls.exceptions import JsonRpcException

from .conftest import LAUNCH, PROFILES, Machine, make_root, start_client

TIMEOUT = 30


@pytest.fixture
def workspace(machine: Machine):
    old = make_root(machine.sdk, "1.21.5")
    new = make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH, encoding="utf-8")
    return old, new, launch


async def report(client, *arguments) -> dict:
    return await asyncio.wait_for(
        client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="sidecar.toolsReport", arguments=list(arguments))
        ),
        TIMEOUT,
    )


def headings(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("## ")]


@pytest.mark.parametrize("profile", PROFILES)
async def test_the_report_of_a_configuration(machine: Machine, workspace, profile: str):
    old, new, launch = workspace
    client = await start_client(machine, profile)
    try:
        commands = client.init_result.capabilities.execute_command_provider.commands
        assert "sidecar.toolsReport" in commands

        result = await report(client, {"uri": machine.ws.as_uri(), "config": "Launch Package"})
        assert set(result) == {"markdown"}
        md = result["markdown"]
        assert headings(md) == ['## Configuration "Launch Package"', "## Tools", "## Environment"]
        assert f"`{old}`" in md and f"`{new}`" in md  # both toolchains, with their roots
        assert f"GOROOT: `{old}`" in md  # the configuration builds with the first go on PATH
        assert "dlv: not installed" in md

        # The launch.json's own URI names the same folder; no argument means the first folder.
        by_file = await report(client, {"uri": launch.as_uri(), "config": "Launch Package"})
        assert by_file["markdown"] == md
        whole = (await report(client))["markdown"]
        assert headings(whole)[:2] == ["## Environment", "## Tools"]
        assert '## Configuration "Launch Package"' in headings(whole)
        assert (await report(client, None))["markdown"] == whole

        unknown = (await report(client, {"config": "No such 配置"}))["markdown"]
        assert "no configuration named `No such 配置`" in unknown
    finally:
        await client.shutdown_session()


HOSTILE = [
    [{"uri": 1}],
    [{"uri": None}],
    [{"config": ["Launch Package"]}],
    [{"uri": "file:///x", "extra": True}],
    ["file:///x"],
    [{"uri": "file:///x"}, {"config": "y"}],
    [{"uri": "file:///nowhere/at/all/launch.json"}],
    [{"uri": "https://example.com/launch.json"}],
    [{"uri": "untitled:Untitled-1"}],
    [{"uri": "file:///" + "a" * 100_000}],
    [{"config": "x" * 100_000}],
    [{"uri": "file:///%00%ff\ud800"}],
]


async def test_hostile_arguments_get_an_error_and_the_server_goes_on(machine: Machine, workspace):
    client = await start_client(machine, "visual-studio-code")
    try:
        for arguments in HOSTILE:
            with pytest.raises(JsonRpcException) as err:
                await report(client, *arguments)
            assert "sidecar.toolsReport" in str(err.value), (arguments, err.value)
        # Every refusal left the server as it was: a good call is answered.
        ok = await report(client, {"uri": machine.ws.as_uri()})
        assert "## Tools" in ok["markdown"]
    finally:
        await client.shutdown_session()
