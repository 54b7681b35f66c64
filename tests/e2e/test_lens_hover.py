"""Issue 13, readiness at a glance, through the real server (VS Code and Neovim client profiles).

A machine redirected into tmp_path: go1.21.5 and go1.22.5 in ~/sdk (go1.22.5's go first on PATH), a Delve-like
dlv 1.25.2 for this machine built by the real Go (tests/fixtures_go.py) in ~/go/bin, and a module asking for go
1.22.0. launch.json has a ready configuration, one pinned to the old Go (problems), and a remote one, after a
Chinese comment and an emoji, some on the same line as the values: every column is checked in the position
encoding the client negotiated (UTF-16 for VS Code, UTF-8 for Neovim).
"""

from __future__ import annotations

import asyncio
import json
import platform
import shutil
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.fixtures_go import fake_delve, go_fixtures  # noqa: F401 - pytest fixtures

from .conftest import PROFILES, Machine, make_root, start_client
from .test_server import codes, wait_for

TIMEOUT = 30
DELVE = "1.25.2"  # supports Go 1.22 to 1.25 (facts/delve-go-compat.tsv)
GOARCH = {"x86_64": "amd64", "amd64": "amd64", "aarch64": "arm64", "arm64": "arm64"}.get(platform.machine().lower())

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or GOARCH is None, reason="the dlv stand-in is built for this Linux machine"
)

OLD_ENV = '"env": {/* 旧的根 😀 */ "GOROOT": "%s"}'
LAUNCH = """{
    // 调试配置：启动当前包 😀 (a Chinese comment and an emoji before the configurations)
    "version": "0.2.0",
    "configurations": [
        {
            "name": "Ready 就绪",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${workspaceFolder}",
        },
        {/* 旧 😀 */ "name": "Old", "type": "go", "request": "launch", "program": "${workspaceFolder}", %s},
        {
            "name": "Remote",
            "type": "go",
            "request": "attach",
            "mode": "remote",
            "host": "10.0.0.7",
            "port": 4000,
        },
    ],
}
"""


class World:
    def __init__(self, machine: Machine, dlv_path: Path):
        self.machine = machine
        self.old = make_root(machine.sdk, "1.21.5")
        self.new = make_root(machine.sdk, "1.22.5")
        machine.put_on_path(self.new)
        ws = machine.ws
        (ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
        (ws / "main.go").write_text("package main\n\nfunc main() {}\n")
        self.dlv = machine.home / "go" / "bin" / "dlv"
        self.dlv.parent.mkdir(parents=True)
        shutil.copy2(dlv_path, self.dlv)
        self.launch = ws / ".vscode" / "launch.json"
        self.text = LAUNCH % (OLD_ENV % self.old)
        self.launch.write_text(self.text, encoding="utf-8")
        self.settings = ws / ".vscode" / "settings.json"
        self.settings_text = json.dumps({"go.alternateTools": {"dlv": str(self.dlv)}}, indent=4)
        self.settings.write_text(self.settings_text)


@pytest.fixture
def world(machine: Machine, fake_delve) -> World:
    return World(machine, fake_delve(DELVE, "linux", GOARCH))


def position(text: str, needle: str, encoding: str, after: str = "", offset: int = 0) -> lsp.Position:
    """Where `needle` (the first after `after`) starts in `text`, plus `offset` characters, in `encoding`."""
    at = text.index(needle, text.index(after) if after else 0) + offset
    line = text.count("\n", 0, at)
    prefix = text[text.rfind("\n", 0, at) + 1 : at]
    return lsp.Position(line, columns(prefix, encoding))


def columns(prefix: str, encoding: str) -> int:
    if encoding == "utf-8":
        return len(prefix.encode("utf-8"))
    if encoding == "utf-32":
        return len(prefix)
    return len(prefix.encode("utf-16-le")) // 2


def encoding_of(client) -> str:
    enc = client.init_result.capabilities.position_encoding
    return str(getattr(enc, "value", enc) or "utf-16")


async def lenses(client, uri: str) -> list[lsp.CodeLens]:
    params = lsp.CodeLensParams(text_document=lsp.TextDocumentIdentifier(uri))
    return await asyncio.wait_for(client.text_document_code_lens_async(params), TIMEOUT)


async def hover(client, uri: str, pos: lsp.Position) -> lsp.Hover | None:
    params = lsp.HoverParams(text_document=lsp.TextDocumentIdentifier(uri), position=pos)
    return await asyncio.wait_for(client.text_document_hover_async(params), TIMEOUT)


def open_doc(client, path: Path, text: str, language: str = "jsonc") -> str:
    uri = path.as_uri()
    client.text_document_did_open(
        lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text))
    )
    return uri


@pytest.mark.parametrize("profile", PROFILES)
async def test_lenses_say_what_runs_and_whether_it_is_ready(world: World, profile: str):
    client = await start_client(world.machine, profile)
    try:
        enc = encoding_of(client)
        uri = open_doc(client, world.launch, world.text)
        got = await lenses(client, uri)
        by_name = {lens.command.arguments[0]["config"]: lens for lens in got}
        assert set(by_name) == {"Ready 就绪", "Old", "Remote"}, [lens.command.title for lens in got]
        for name, lens in by_name.items():
            assert lens.command.command == "sidecar.toolsReport"
            assert list(lens.command.arguments) == [{"uri": uri, "config": name}]

        ready = by_name["Ready 就绪"].command.title
        assert ready == f"go1.22.5 (~/sdk) · dlv {DELVE} linux/{GOARCH} · ready", ready
        old = by_name["Old"].command.title
        assert old.startswith(f"go1.21.5 (~/sdk) · dlv {DELVE} linux/{GOARCH} · "), old
        assert "problem" in old and "goroot-too-old" in old and not old.endswith("ready"), old
        assert by_name["Remote"].command.title == "remote dlv at 10.0.0.7:4000"

        # The lens's command is the server's tools report for that configuration (lsp/commands.py): its section
        # comes first.
        cmd = by_name["Old"].command
        result = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command=cmd.command, arguments=list(cmd.arguments))
            ),
            TIMEOUT,
        )
        assert result["markdown"].startswith("# go-sidecar tools report"), result
        assert "Old" in result["markdown"]

        # Each lens spans its configuration: from its `{` to its `}`, columns in the client's encoding (the Old
        # configuration's end follows a Chinese comment and an emoji on its own line).
        text = world.text
        assert by_name["Ready 就绪"].range.start == position(text, "{", enc, after='"configurations"')
        old_range = by_name["Old"].range
        assert old_range.start == position(text, "{/* 旧", enc)
        assert old_range.end == position(text, "},\n", enc, after="旧的根", offset=1)
        assert old_range.start.line == old_range.end.line
    finally:
        await client.shutdown_session()


@pytest.mark.parametrize("profile", PROFILES)
async def test_hovers_tell_what_a_goroot_and_a_dlv_are(world: World, profile: str):
    client = await start_client(world.machine, profile)
    try:
        enc = encoding_of(client)
        uri = open_doc(client, world.launch, world.text)
        # The Old configuration's env.GOROOT, after `/* 旧的根 😀 */` on the same line.
        value = f'"{world.old}"'
        h = await hover(client, uri, position(world.text, value, enc, offset=5))
        assert h is not None and h.contents.kind == lsp.MarkupKind.Markdown
        md = h.contents.value
        assert "env.GOROOT of “Old”" in md and f"`{world.old}`" in md, md
        assert "Version: go1.21.5" in md, md
        assert "golang.org/dl" in md, md  # who installed it: ~/sdk is golang.org/dl's
        assert "On PATH: no" in md and "go1.22.5" in md, md  # PATH's first go is the other one
        assert h.range.start == position(world.text, value, enc)
        assert h.range.end == position(world.text, value, enc, offset=len(value))
        # Not on a value: nothing to say.
        assert await hover(client, uri, position(world.text, '"name": "Old"', enc, offset=2)) is None

        settings_uri = open_doc(client, world.settings, world.settings_text)
        dlv_value = json.dumps(str(world.dlv))
        h = await hover(client, settings_uri, position(world.settings_text, dlv_value, enc, offset=3))
        assert h is not None
        md = h.contents.value
        assert "go.alternateTools.dlv" in md and f"Delve {DELVE}" in md, md
        assert f"linux/{GOARCH} — this machine's own" in md, md
        assert "VS Code Go starts this dlv" in md, md
        assert "On PATH: no dlv on PATH" in md, md
    finally:
        await client.shutdown_session()


async def test_lenses_refresh_when_the_findings_change(world: World):
    """VS Code supports workspace/codeLens/refresh: after an edit that changes a configuration's readiness, the
    server asks for the lenses again, and they say the new state."""
    refreshed = asyncio.Event()
    client = await start_client(world.machine, "visual-studio-code")
    try:

        @client.feature(lsp.WORKSPACE_CODE_LENS_REFRESH)
        def on_refresh(_params: None) -> None:
            refreshed.set()

        uri = open_doc(client, world.launch, world.text)
        first = {lens.command.arguments[0]["config"]: lens.command.title for lens in await lenses(client, uri)}
        assert first["Ready 就绪"].endswith("· ready")
        await asyncio.wait_for(refreshed.wait(), TIMEOUT)  # the first check's lenses
        refreshed.clear()
        pinned = world.text.replace(
            '"program": "${workspaceFolder}",\n        },',
            '"program": "${workspaceFolder}",\n            ' + OLD_ENV % world.old + ",\n        },",
            1,
        )
        assert pinned != world.text
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=pinned)],
            )
        )
        await asyncio.wait_for(refreshed.wait(), TIMEOUT)
        after = {lens.command.arguments[0]["config"]: lens.command.title for lens in await lenses(client, uri)}
        assert after["Ready 就绪"].startswith("go1.21.5 (~/sdk)") and "goroot-too-old" in after["Ready 就绪"]
        assert after["Remote"] == first["Remote"]
    finally:
        await client.shutdown_session()


RUN_XML = """<component name="ProjectRunConfigurationManager">
  <!-- 运行配置 😀 -->
  <configuration default="false" name="服务 server" type="GoApplicationRunConfiguration" factoryName="Go Application">
    <module name="m" />
    <working_directory value="$PROJECT_DIR$" />
    <kind value="DIRECTORY" />
    <directory value="$PROJECT_DIR$" />
    <method v="2" />
  </configuration>
</component>
"""
WORKSPACE_XML = """<?xml version="1.0" encoding="UTF-8"?>
<project version="4">
  <component name="GOROOT" url="file://$USER_HOME$/sdk/go1.22.5" />
</project>
"""


@pytest.mark.parametrize("profile", PROFILES)
async def test_goland_run_configuration_lens_and_sdk_hover(world: World, profile: str):
    ws = world.machine.ws
    (ws / ".idea").mkdir()
    (ws / ".idea" / "workspace.xml").write_text(WORKSPACE_XML)
    (ws / ".run").mkdir()
    run = ws / ".run" / "server.run.xml"
    run.write_text(RUN_XML, encoding="utf-8")
    client = await start_client(world.machine, profile)
    try:
        enc = encoding_of(client)
        uri = open_doc(client, run, RUN_XML, "xml")
        [lens] = await lenses(client, uri)
        assert list(lens.command.arguments) == [{"uri": uri, "config": "服务 server"}]
        assert lens.command.title == "go1.22.5 (~/sdk) · GoLand's dlv · ready", lens.command.title
        assert lens.range.start == position(RUN_XML, "<configuration", enc)
        assert lens.range.end == position(RUN_XML, "</configuration>", enc, offset=len("</configuration>"))

        ws_uri = open_doc(client, ws / ".idea" / "workspace.xml", WORKSPACE_XML, "xml")
        h = await hover(client, ws_uri, position(WORKSPACE_XML, "file://", enc, offset=10))
        assert h is not None, "no hover on the project SDK url"
        md = h.contents.value
        assert "the GoLand project SDK" in md and "Version: go1.22.5" in md, md
        assert "On PATH: yes" in md, md
    finally:
        await client.shutdown_session()


async def test_code_workspace_launch_lens(world: World):
    """A .code-workspace's own launch section gets its lenses too (the client names the file)."""
    ws_file = world.machine.ws.parent / "all.code-workspace"
    text = json.dumps(
        {
            "folders": [{"path": world.machine.ws.name}],
            "launch": {
                "version": "0.2.0",
                "configurations": [
                    {"name": "Whole 全部", "type": "go", "request": "launch", "mode": "auto", "program": "."}
                ],
            },
        },
        indent=4,
        ensure_ascii=False,
    )
    ws_file.write_text(text, encoding="utf-8")
    client = await start_client(world.machine, "visual-studio-code", {"workspaceFile": ws_file.as_uri()})
    try:
        uri = open_doc(client, ws_file, text)
        [lens] = await lenses(client, uri)
        assert list(lens.command.arguments) == [{"uri": uri, "config": "Whole 全部"}]
        assert lens.command.title.startswith(f"go1.22.5 (~/sdk) · dlv {DELVE} linux/{GOARCH}"), lens.command.title
        assert lens.range.start == position(text, "{", "utf-16", after='"configurations"')
    finally:
        await client.shutdown_session()


async def test_requests_about_other_documents_or_odd_positions_answer_nothing(world: World):
    client = await start_client(world.machine, "neovim")
    try:
        uri = open_doc(client, world.launch, world.text)
        assert len(await lenses(client, uri)) == 3
        for other in ("untitled:Untitled-1", "file:///nowhere/launch.json", world.settings.as_uri(), "not a uri"):
            assert not await lenses(client, other), other
            assert await hover(client, other, lsp.Position(0, 0)) is None, other
        for pos in (lsp.Position(10**6, 0), lsp.Position(0, 10**6), lsp.Position(2**31 - 1, 2**31 - 1)):
            assert await hover(client, uri, pos) is None
        # A launch.json made garbage: the lenses go with the configurations, the server keeps answering.
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="\x00{[}]😀" * 1000)],
            )
        )
        await wait_for(client, uri, lambda d: "config-syntax-error" in codes(d))
        assert not await lenses(client, uri)
        assert await hover(client, uri, lsp.Position(0, 3)) is None
    finally:
        await client.shutdown_session()
