"""`sidecar.toolsReport` for clients without our VS Code extension (Neovim, LSP4IJ run a lens's server command and
drop its result): a client that takes `window/showDocument` is shown the report as a markdown file in go-sidecar's
own cache folder (`<user cache>/go-sidecar/reports`, here inside the sandbox's XDG_CACHE_HOME), one file per
workspace entry and configuration. `"show": false` (the extension, which opens the markdown itself) and a client
without the capability get the result only. Configuration names never make a path outside that folder."""

from __future__ import annotations

import asyncio
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest
from lsprotocol import types as lsp

from go_sidecar.lsp.commands import report_file_name

from .conftest import LAUNCH, Machine, make_root, server_config, start_client
from .conftest import _fix_code_action_union as fix_union

TIMEOUT = 30


@pytest.fixture
def workspace(machine: Machine):
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH, encoding="utf-8")
    return launch


def reports_dir(machine: Machine) -> Path:
    return machine.home / ".cache" / "go-sidecar" / "reports"  # XDG_CACHE_HOME of the sandbox


def file_of(uri: str) -> Path:
    parsed = urlparse(uri)
    assert parsed.scheme == "file", uri
    return Path(unquote(parsed.path))


async def report(client, *arguments) -> dict:
    return await asyncio.wait_for(
        client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="sidecar.toolsReport", arguments=list(arguments))
        ),
        TIMEOUT,
    )


@pytest.mark.parametrize("profile", ["neovim", "visual-studio-code"])
async def test_a_client_that_shows_documents_is_shown_the_report(machine: Machine, workspace, profile: str):
    launch = workspace
    client = await start_client(machine, profile)
    try:
        target = {"uri": launch.as_uri(), "config": "Launch Package"}
        md = (await report(client, target))["markdown"]
        # The request went out before the command's answer: the client has it now.
        [shown] = client.shown_documents
        assert shown.take_focus is True
        path = file_of(shown.uri)
        assert path.parent == reports_dir(machine) and path.suffix == ".md"
        assert path.read_text(encoding="utf-8") == md
        assert '## Configuration "Launch Package"' in md

        # The same configuration again: the same file, rewritten; the whole workspace: a file of its own.
        path.write_text("stale", encoding="utf-8")
        assert (await report(client, target))["markdown"] == md
        assert file_of(client.shown_documents[1].uri) == path and path.read_text(encoding="utf-8") == md
        whole = (await report(client))["markdown"]
        other = file_of(client.shown_documents[2].uri)
        assert other != path and other.parent == path.parent
        assert other.read_text(encoding="utf-8") == whole
        assert sorted(p.name for p in reports_dir(machine).iterdir()) == sorted([path.name, other.name])
    finally:
        await client.shutdown_session()


async def test_show_false_and_a_client_without_the_capability_get_the_result_only(machine: Machine, workspace):
    launch = workspace
    target = {"uri": launch.as_uri(), "config": "Launch Package"}
    client = await start_client(machine, "visual-studio-code")
    try:
        result = await report(client, {**target, "show": False})  # the VS Code extension's own call
        assert "## Tools" in result["markdown"]
        assert client.shown_documents == []
        for bad in ("false", 0, None, []):
            with pytest.raises(Exception, match="show"):
                await report(client, {**target, "show": bad})
        assert client.shown_documents == []
    finally:
        await client.shutdown_session()

    # A client that does not announce window.showDocument (an LSP 3.15 client).
    capabilities = lsp.ClientCapabilities(
        window=lsp.WindowClientCapabilities(work_done_progress=True),
        workspace=lsp.WorkspaceClientCapabilities(configuration=True),
    )
    client = await server_config(machine).start()
    fix_union(client)
    await client.initialize_session(
        lsp.InitializeParams(
            capabilities=capabilities,
            root_uri=machine.ws.as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=machine.ws.as_uri(), name="ws")],
        )
    )
    try:
        result = await report(client, target)
        assert '## Configuration "Launch Package"' in result["markdown"]
        assert client.shown_documents == []
        assert not reports_dir(machine).exists()
    finally:
        await client.shutdown_session()


HOSTILE_NAMES = [
    "../../../../../../etc/passwd",
    "..",
    ".",
    "",
    "a/b\\c",
    "C:\\Windows\\System32\\x",
    "/absolute/launch",
    "NUL",
    "名前 😀",
    "x" * 5000,
    "\ud800 lone surrogate",
    "..\\..\\evil",
]


async def test_configuration_names_never_leave_the_reports_folder(machine: Machine, workspace):
    launch = workspace
    client = await start_client(machine, "neovim")
    try:
        for name in HOSTILE_NAMES:
            md = (await report(client, {"uri": launch.as_uri(), "config": name}))["markdown"]
            path = file_of(client.shown_documents[-1].uri)
            assert path.resolve().parent == reports_dir(machine).resolve(), name
            assert path.name.startswith("tools-report-") and path.name.endswith(".md"), name
            assert path.read_text(encoding="utf-8", errors="replace") == md.encode("utf-8", errors="replace").decode(
                "utf-8"
            ), name
        names = [file_of(d.uri).name for d in client.shown_documents]
        assert len(set(names)) == len(HOSTILE_NAMES)  # one file per configuration name, none shared
        # Nothing was written anywhere else under the sandbox's home.
        written = {p for p in machine.home.rglob("*") if p.is_file() and "sdk" not in p.parts}
        assert written == {reports_dir(machine) / n for n in names}
    finally:
        await client.shutdown_session()


def test_report_file_names():
    a = report_file_name("/home/me/work space", "Launch Package")
    assert a == report_file_name("/home/me/work space", "Launch Package")  # stable: the same file each time
    assert a.startswith("tools-report-work-space-Launch-Package-") and a.endswith(".md")
    others = {
        report_file_name("/home/me/work_space", "Launch Package"),
        report_file_name("/home/me/work space", "Launch-Package"),
        report_file_name("/home/me/work space", None),
        report_file_name("/home/me/work space", "workspace"),
        report_file_name("C:\\Users\\me\\work space", "Launch Package"),
        report_file_name("/home/me/work space/team.code-workspace", "Launch Package"),
    }
    assert a not in others and len(others) == 6
    assert report_file_name("C:\\Users\\me\\proj\\", "x").startswith("tools-report-proj-x-")
    for name in HOSTILE_NAMES:
        for entry in ("/", "C:\\", "/w/..", "\\\\server\\share\\..\\.."):
            made = report_file_name(entry, name)
            assert "/" not in made and "\\" not in made and ".." not in made and made.count(".") == 1
            assert len(made) < 120
