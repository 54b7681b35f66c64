"""The server's incremental checks (issue 12) through a real LSP client, on a generated machine with a module
cache: a launch.json edit does not read the module cache again, and "Check workspace" (the user's explicit
re-check) reads everything, so a corruption the watcher could not see is found at once."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, client_capabilities

from .conftest import _fix_code_action_union
from .test_server import TIMEOUT, codes, wait_for

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import monorepo  # noqa: E402 - a benchmark script, importable from bench/

TINY = monorepo.Params(modules=30, cache_files=50, toolchains=3, configs=4)


@pytest.fixture
def gen(tmp_path: Path) -> monorepo.Generated:
    return monorepo.generate(TINY, tmp_path / "machine")


async def test_keystrokes_reuse_the_module_cache_and_check_workspace_reads_it(gen):
    config = ClientServerConfig(server_command=[sys.executable, "-m", "go_sidecar", "serve"], server_env=gen.env)
    client = await config.start()
    _fix_code_action_union(client)
    launch = gen.ws / ".vscode" / "launch.json"
    gosum_uri = (gen.ws / "go.sum").as_uri()
    try:
        await client.initialize_session(
            lsp.InitializeParams(
                capabilities=client_capabilities("visual-studio-code"),
                root_uri=gen.ws.as_uri(),
                workspace_folders=[lsp.WorkspaceFolder(uri=gen.ws.as_uri(), name="ws")],
            )
        )
        text = launch.read_text(encoding="utf-8")
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(uri=launch.as_uri(), language_id="jsonc", version=1, text=text)
            )
        )
        await wait_for(client, launch.as_uri(), lambda d: len(d) > 0)
        clean = await asyncio.wait_for(
            client.workspace_execute_command_async(  # the server's own check has run
                lsp.ExecuteCommandParams(command="sidecar.checkWorkspace", arguments=[])
            ),
            TIMEOUT,
        )
        assert "modcache-corrupt" not in {f["code"] for f in clean["findings"]}

        ziphash = next(gen.modcache.joinpath("cache", "download").rglob("*.ziphash"))
        ziphash.write_text("h1:" + "A" * 43 + "=")  # deep in the cache: no watcher sees it
        for version in (2, 3):  # keystrokes: launch.json is checked again, the module cache is not
            text = text.replace('"name": "', '"name": "x', 1)
            client.text_document_did_change(
                lsp.DidChangeTextDocumentParams(
                    lsp.VersionedTextDocumentIdentifier(uri=launch.as_uri(), version=version),
                    [lsp.TextDocumentContentChangeWholeDocument(text=text)],
                )
            )
            await wait_for(client, launch.as_uri(), lambda d: any('"xx' in x.message or '"x' in x.message for x in d))
        assert "modcache-corrupt" not in codes(client.diagnostics.get(gosum_uri, []))

        report = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="sidecar.checkWorkspace", arguments=[])
            ),
            TIMEOUT,
        )
        assert "modcache-corrupt" in {f["code"] for f in report["findings"]}
        # ...and the next keystroke's check keeps what Check workspace learnt.
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=launch.as_uri(), version=4),
                [lsp.TextDocumentContentChangeWholeDocument(text=text + "\n")],
            )
        )
        await wait_for(client, gosum_uri, lambda d: "modcache-corrupt" in codes(d))
    finally:
        await client.shutdown_session()
