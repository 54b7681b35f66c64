"""Multi-root workspaces end to end (issue 10, part 2): a real server, a pytest-lsp client (VS Code and Neovim
profiles), two folders and a .code-workspace file; a folder added while running gets diagnostics, a removed one
is cleared."""

from __future__ import annotations

from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import client_capabilities

from .conftest import LAUNCH, Machine, _fix_code_action_union, make_root, server_config
from .test_server import codes, wait_for

CODE_WORKSPACE = """{
    // one window, two services
    "folders": [{"path": "api", "name": "API"}, {"path": "web"}],
    "settings": {"go.goroot": "/no-such-go"},
    "launch": {"version": "0.2.0", "configurations": [
        {"name": "Both", "type": "go", "request": "launch", "mode": "debug", "program": "${workspaceFolder:API}"},
    ]},
}
"""


def folder(machine: Machine, name: str, gomod: str) -> Path:
    path = machine.ws.parent / name
    (path / ".vscode").mkdir(parents=True)
    (path / "go.mod").write_text(f"module example.com/{name}\n\n{gomod}\n")
    (path / ".vscode" / "launch.json").write_text(LAUNCH, encoding="utf-8")
    return path


@pytest.fixture
def workspace(machine: Machine):
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    api, web, extra = (
        folder(machine, "api", "go 1.22.0"),
        folder(machine, "web", "go 1.21.0"),
        folder(machine, "extra", "go 1.22.0"),
    )
    ws_file = machine.ws.parent / "all.code-workspace"
    ws_file.write_text(CODE_WORKSPACE)
    return api, web, extra, ws_file


async def start(machine: Machine, profile: str, folders: list[tuple[Path, str]], ws_file: Path | None):
    client = await server_config(machine).start()
    _fix_code_action_union(client)
    client.init_result = await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities(profile),
            root_uri=folders[0][0].as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=p.as_uri(), name=n) for p, n in folders],
            initialization_options={"workspaceFile": ws_file.as_uri()} if ws_file else None,
        )
    )
    return client


def launch_uri(path: Path) -> str:
    return (path / ".vscode" / "launch.json").as_uri()


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim"])
async def test_every_folder_and_the_code_workspace_get_diagnostics(machine, workspace, profile):
    api, web, _, ws_file = workspace
    client = await start(machine, profile, [(api, "API"), (web, "web")], ws_file)
    try:
        caps = client.init_result.capabilities.workspace
        assert caps.workspace_folders.supported and caps.workspace_folders.change_notifications
        # api's go.mod asks for 1.22.0 and PATH's go is 1.21.5: too old there, not in web (go 1.21.0).
        await wait_for(client, launch_uri(api), lambda d: "goroot-too-old" in codes(d))
        web_diags = await wait_for(client, launch_uri(web), lambda d: "goroot-unpinned" in codes(d))
        assert "goroot-too-old" not in codes(web_diags)
        # The .code-workspace: its settings section's go.goroot does not exist.
        diags = await wait_for(client, ws_file.as_uri(), lambda d: "goroot-invalid" in codes(d))
        invalid = next(d for d in diags if d.code == "goroot-invalid")
        assert "no-such-go" in invalid.message
        assert '"go.goroot"' in CODE_WORKSPACE.splitlines()[invalid.range.start.line]
        # dlv-missing (no dlv in the sandbox) is said once, not once per folder (one check publishes every file).
        dlv = [u for u, ds in client.diagnostics.items() if "dlv-missing" in codes(ds)]
        assert len(dlv) == 1, dlv
        # checkWorkspace answers for every folder.
        report = await client.workspace_execute_command_async(
            lsp.ExecuteCommandParams(command="sidecar.checkWorkspace", arguments=[])
        )
        assert [f["name"] for f in report["folders"]] == ["API", "web", "all.code-workspace"]
    finally:
        await client.shutdown_session()


async def test_folder_added_while_running_is_checked_and_a_removed_one_cleared(machine, workspace):
    api, web, extra, _ = workspace
    client = await start(machine, "visual-studio-code", [(api, "API")], None)
    try:
        await wait_for(client, launch_uri(api), lambda d: "goroot-too-old" in codes(d))
        client.workspace_did_change_workspace_folders(
            lsp.DidChangeWorkspaceFoldersParams(
                event=lsp.WorkspaceFoldersChangeEvent(
                    added=[lsp.WorkspaceFolder(uri=extra.as_uri(), name="extra")], removed=[]
                )
            )
        )
        await wait_for(client, launch_uri(extra), lambda d: "goroot-too-old" in codes(d))
        # A file of the new folder is watched: an edit on disk re-checks it.
        (extra / "go.mod").write_text("module example.com/extra\n\ngo 1.21.0\n")
        await wait_for(client, launch_uri(extra), lambda d: "goroot-too-old" not in codes(d))
        client.workspace_did_change_workspace_folders(
            lsp.DidChangeWorkspaceFoldersParams(
                event=lsp.WorkspaceFoldersChangeEvent(
                    added=[lsp.WorkspaceFolder(uri=web.as_uri(), name="web")],
                    removed=[lsp.WorkspaceFolder(uri=api.as_uri(), name="API")],
                )
            )
        )
        await wait_for(client, launch_uri(api), lambda d: not codes(d))
        await wait_for(client, launch_uri(web), lambda d: "goroot-unpinned" in codes(d))
        assert codes(client.diagnostics[launch_uri(extra)])  # still there
    finally:
        await client.shutdown_session()
