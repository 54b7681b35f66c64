"""End-to-end fixtures: a real `sidecar serve` process, a pytest-lsp client, a machine redirected into tmp_path.

Nothing here reads or writes the real home, caches or Go installation of the machine running the tests.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import pytest_asyncio
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, client_capabilities

from tests.sandbox import make_root, sandbox_env  # noqa: F401 - make_root: the e2e tests import it from here

LAUNCH = """{
    // Use IntelliSense to learn about possible attributes.
    "version": "0.2.0",
    "configurations": [
        {
            // 启动当前包 (a Chinese comment before the edited lines)
            "name": "Launch Package",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${fileDirname}", // main package
        },
    ]
}
"""


class Machine:
    def __init__(self, tmp: Path):
        self.home = tmp / "home"
        self.sdk = self.home / "sdk"
        self.sdk.mkdir(parents=True)
        self.ws = tmp / "work space 工作"
        (self.ws / ".vscode").mkdir(parents=True)
        self.bin = tmp / "bin"
        self.bin.mkdir()
        self.env = sandbox_env(
            self.home,
            self.bin,
            PYTHONPATH=os.environ.get("PYTHONPATH", ""),
            SYSTEMROOT=os.environ.get("SYSTEMROOT", ""),
        )

    def put_on_path(self, root: Path) -> None:
        link = self.bin / "go"
        if link.exists() or link.is_symlink():
            link.unlink()
        link.symlink_to(root / "bin" / "go")


@pytest.fixture
def machine(tmp_path: Path):
    m = Machine(tmp_path)
    yield m
    ran = list(tmp_path.rglob("RAN"))
    assert not ran, f"a go binary named by the machine's configuration was executed: {ran}"


def server_config(machine: Machine) -> ClientServerConfig:
    return ClientServerConfig(server_command=[sys.executable, "-m", "go_sidecar", "serve"], server_env=machine.env)


def _fix_code_action_union(client) -> None:
    """lsprotocol structures any code action result with a "command" key as a Command, so a CodeAction that
    carries a command (ours for installDelve) arrives mangled. Editors tell them apart by the type of
    "command" (a string only in a Command), as the LSP specification says; so does the test client."""
    from typing import Union

    conv = client.protocol._converter

    def hook(obj, _):
        if isinstance(obj.get("command"), str):
            return conv.structure(obj, lsp.Command)
        return conv.structure(obj, lsp.CodeAction)

    conv.register_structure_hook(Union[lsp.Command, lsp.CodeAction], hook)  # noqa: UP007 - cattrs keys its hooks by typing.Union


async def start_client(machine: Machine, profile: str, init_options=None):
    client = await server_config(machine).start()
    _fix_code_action_union(client)
    # pytest-lsp has no workspace/applyEdit handler; tests apply edits themselves.
    client.init_result = await client.initialize_session(
        lsp.InitializeParams(
            capabilities=client_capabilities(profile),
            root_uri=machine.ws.as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=machine.ws.as_uri(), name="ws")],
            initialization_options=init_options,
        )
    )
    return client


PROFILES = ["visual-studio-code", "neovim"]


@pytest_asyncio.fixture(params=PROFILES)
async def profile(request):
    return request.param
