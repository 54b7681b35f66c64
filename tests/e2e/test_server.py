"""The server end to end: real process, real LSP client (VS Code and Neovim profiles), real files."""

from __future__ import annotations

import asyncio

import pytest
from lsprotocol import types as lsp

from go_sidecar.model import Range
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.testing import apply_edits

from .conftest import LAUNCH, Machine, make_root, start_client

TIMEOUT = 20


async def wait_for(client, uri: str, predicate, timeout: float = TIMEOUT):
    """Wait for publishDiagnostics on uri until predicate(diagnostics) holds."""

    async def loop():
        while True:
            diags = client.diagnostics.get(uri)
            if diags is not None and predicate(diags):
                return diags
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    return await asyncio.wait_for(loop(), timeout)


async def code_actions(client, uri: str, diagnostic: lsp.Diagnostic, timeout: float = TIMEOUT) -> list:
    """The code actions the server offers for one of its diagnostics, as an editor asks for them."""
    params = lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri),
        range=diagnostic.range,
        context=lsp.CodeActionContext(diagnostics=[diagnostic]),
    )
    return await asyncio.wait_for(client.text_document_code_action_async(params), timeout)


def codes(diags) -> set[str]:
    return {d.code for d in diags}


def goroot_codes(diags) -> set[str]:
    """The GOROOT family's codes (these machines have no dlv: the debugger family speaks about that)."""
    return {c for c in codes(diags) if c.startswith("goroot-")}


def apply_workspace_edit(edit: lsp.WorkspaceEdit, uri: str, data: bytes) -> bytes:
    edits = [
        (Range.of(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character), e.new_text)
        for e in edit.changes[uri]
    ]
    return apply_edits(data, edits)


@pytest.fixture
def two_toolchains(machine: Machine):
    old = make_root(machine.sdk, "1.21.5")
    new = make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    return old, new, launch


@pytest.mark.parametrize("profile", ["visual-studio-code", "neovim"])
async def test_diagnostics_fix_and_clear(machine, two_toolchains, profile):
    _old, new, launch = two_toolchains
    uri = launch.as_uri()
    client = await start_client(machine, profile)
    try:
        # Published at start-up, without the file being open.
        diags = await wait_for(client, uri, lambda d: "goroot-too-old" in codes(d))
        too_old = next(d for d in diags if d.code == "goroot-too-old")
        assert too_old.source == "go-sidecar"
        assert too_old.code_description.href.endswith("#goroot-too-old")
        assert "1.21.5" in too_old.message and "go 1.22.0" in too_old.message
        assert too_old.severity == lsp.DiagnosticSeverity.Warning
        # The anchor is the configuration's name line, after a Chinese comment: UTF-16 columns.
        lines = LAUNCH.splitlines()
        assert lines[too_old.range.start.line].strip().startswith('"name"')

        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="jsonc", version=1, text=LAUNCH))
        )
        actions = await client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri),
                range=too_old.range,
                context=lsp.CodeActionContext(diagnostics=[too_old]),
            )
        )
        assert actions, "no code action offered"
        first = actions[0]
        assert first.kind == lsp.CodeActionKind.QuickFix and first.is_preferred
        assert "go1.22.5" in first.title

        fixed = apply_workspace_edit(first.edit, uri, LAUNCH.encode())
        cfg = strict_json(fixed)["configurations"][0]
        assert cfg["env"]["GOROOT"] == str(new)
        assert cfg["env"]["PATH"].startswith(str(new / "bin") + ":")
        text = fixed.decode()
        assert "// main package" in text and "启动当前包" in text and "// Use IntelliSense" in text

        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        diags = await wait_for(
            client, uri, lambda d: not ({"goroot-too-old", "goroot-unpinned", "goroot-path-mismatch"} & codes(d))
        )
        assert goroot_codes(diags) == set()
    finally:
        await client.shutdown_session()


@pytest.mark.parametrize("where", ["sdk", "toolchainRoots"])
async def test_toolchain_appearing_on_disk_updates_diagnostics(machine: Machine, where: str):
    old = make_root(machine.sdk, "1.21.5")
    target = machine.sdk
    if where == "toolchainRoots":
        # A folder named in settings.json with a VS Code variable; it does not exist yet.
        target = machine.ws / "toolchains"
        (machine.ws / ".vscode" / "settings.json").write_text(
            "{\n  // where our team keeps its Go versions\n"
            '  "goSidecar.toolchainRoots": ["${workspaceFolder}/toolchains"],\n}\n'
        )
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.23.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    uri = launch.as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: "goroot-too-old" in codes(d))
        assert "No installed toolchain satisfies it" in next(d for d in diags if d.code == "goroot-too-old").message
        # A toolchain installed into ~/sdk, as `go1.23.4 download` does: folder first, then its files.
        make_root(target, "1.23.4")
        diags = await wait_for(client, uri, lambda d: "goroot-unpinned" in codes(d))
        assert "go1.23.4" in next(d for d in diags if d.code == "goroot-unpinned").message
    finally:
        await client.shutdown_session()


async def test_edit_on_disk_outside_editor_rechecks(machine: Machine, two_toolchains):
    _old, _new, launch = two_toolchains
    uri = launch.as_uri()
    client = await start_client(machine, "neovim")
    try:
        await wait_for(client, uri, lambda d: "goroot-too-old" in codes(d))
        pinned = LAUNCH.replace('"mode": "auto",', f'"mode": "auto", "env": {{"GOROOT": "{machine.home}/nowhere"}},')
        tmp = launch.with_suffix(".tmp")
        tmp.write_text(pinned)
        tmp.replace(launch)  # editors save by rename
        diags = await wait_for(client, uri, lambda d: "goroot-invalid" in codes(d))
        assert "nowhere" in next(d for d in diags if d.code == "goroot-invalid").message
    finally:
        await client.shutdown_session()


async def test_settings_from_initialization_options_and_configuration(machine: Machine, two_toolchains):
    _old, _new, launch = two_toolchains
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.21.0\n")  # only goroot-unpinned fires
    uri = launch.as_uri()
    client = await start_client(
        machine, "visual-studio-code", init_options={"disabledRules": ["goroot-unpinned"], "toolchainRoots": 42}
    )
    try:
        # The bad value gets a message; the good one applies.
        await asyncio.wait_for(_until(lambda: client.messages), TIMEOUT)
        assert any("toolchainRoots" in m.message for m in client.messages)
        client.set_configuration({"goSidecar": {"severityOverrides": {"goroot-unpinned": "warning"}}})
        client.workspace_did_change_configuration(lsp.DidChangeConfigurationParams(settings=None))
        diags = await wait_for(client, uri, lambda d: "goroot-unpinned" in codes(d))
        assert next(d for d in diags if d.code == "goroot-unpinned").severity == lsp.DiagnosticSeverity.Warning
    finally:
        await client.shutdown_session()


async def _until(predicate):
    while not predicate():
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("profile,expected", [("visual-studio-code", "utf-16"), ("neovim", "utf-8")])
async def test_positions_in_negotiated_encoding(machine: Machine, two_toolchains, profile, expected):
    _old, _new, launch = two_toolchains
    prefix = "/* 日本語 😀 */ "
    launch.write_text(LAUNCH.replace('"name": "Launch Package"', prefix + '"name": "Launch Package"'))
    uri = launch.as_uri()
    client = await start_client(machine, profile)
    try:
        diags = await wait_for(client, uri, lambda d: "goroot-unpinned" in codes(d))
        d = next(d for d in diags if d.code == "goroot-unpinned")
        line = launch.read_text().splitlines()[d.range.start.line]
        before = line[: line.index('"name"')]
        units = {"utf-16": len(before.encode("utf-16-le")) // 2, "utf-8": len(before.encode("utf-8"))}
        assert d.range.start.character == units[expected]
    finally:
        await client.shutdown_session()


async def test_check_workspace_command_returns_the_report(machine: Machine, two_toolchains):
    import json
    from pathlib import Path

    import jsonschema

    client = await start_client(machine, "visual-studio-code")
    try:
        report = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="sidecar.checkWorkspace", arguments=[])
            ),
            TIMEOUT,
        )
        schema = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text())
        jsonschema.validate(report, schema)
        assert "goroot-too-old" in {f["code"] for f in report["findings"]}
        assert report["root"] == str(machine.ws)
    finally:
        await client.shutdown_session()


async def test_untrusted_workspace_runs_no_tool(machine: Machine, two_toolchains):
    client = await start_client(machine, "visual-studio-code", init_options={"trusted": False})
    try:
        go = machine.sdk / "go1.22.5" / "bin" / "go"
        result = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(
                    command="sidecar.installDelve",
                    arguments=[{"version": "v1.27.1", "go": str(go), "goos": "linux", "goarch": "amd64"}],
                )
            ),
            TIMEOUT,
        )
        assert result["ok"] is False and "not trusted" in result["error"]
        # Diagnostics still work in an untrusted workspace.
        await wait_for(
            client, (machine.ws / ".vscode" / "launch.json").as_uri(), lambda d: "goroot-too-old" in codes(d)
        )
    finally:
        await client.shutdown_session()


async def test_editing_toolchain_roots_in_settings_discovers_toolchains_again(machine: Machine):
    """goSidecar.toolchainRoots typed into settings.json (the editor's buffer, not saved): the toolchains under the
    new folder are found without a restart — discovery runs again when what it reads changes."""
    old = make_root(machine.sdk, "1.21.5")
    machine.put_on_path(old)
    make_root(machine.ws / "toolchains", "1.23.4")  # not a place go-sidecar looks by itself
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.23.0\n")
    launch = machine.ws / ".vscode" / "launch.json"
    launch.write_text(LAUNCH)
    settings = machine.ws / ".vscode" / "settings.json"
    settings.write_text("{\n  // team settings\n}\n")
    client = await start_client(machine, "visual-studio-code")
    try:
        await wait_for(client, launch.as_uri(), lambda d: "goroot-too-old" in codes(d))
        # The server's own first check (code actions wait for it) and its start-up scans are done: from here on
        # only the settings edit can make it look in toolchains/.
        await client.text_document_code_action_async(
            lsp.CodeActionParams(
                lsp.TextDocumentIdentifier(launch.as_uri()),
                lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0)),
                lsp.CodeActionContext(diagnostics=[]),
            )
        )
        report = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="sidecar.checkWorkspace", arguments=[])
            ),
            TIMEOUT,
        )
        assert "go1.23.4" not in {t["version"] for t in report["toolchains"]}
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(
                lsp.TextDocumentItem(uri=settings.as_uri(), language_id="jsonc", version=1, text=settings.read_text())
            )
        )
        text = '{\n  // team settings\n  "goSidecar.toolchainRoots": ["${workspaceFolder}/toolchains"],\n}\n'
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                lsp.VersionedTextDocumentIdentifier(uri=settings.as_uri(), version=2),
                [lsp.TextDocumentContentChangeWholeDocument(text=text)],
            )
        )
        diags = await wait_for(client, launch.as_uri(), lambda d: "goroot-unpinned" in codes(d))
        assert "go1.23.4" in next(d for d in diags if d.code == "goroot-unpinned").message
    finally:
        await client.shutdown_session()


async def test_the_same_fix_offered_by_two_findings_is_one_action(machine: Machine, two_toolchains):
    # goroot-unpinned and goroot-too-old share the configuration's name and both offer "Pin GOROOT to go1.22.5": the
    # menu shows it once, answering both diagnostics (it showed twice in the real VS Code's quick-fix menu).
    _old, _new, launch = two_toolchains
    uri = launch.as_uri()
    client = await start_client(machine, "visual-studio-code")
    try:
        diags = await wait_for(client, uri, lambda d: {"goroot-too-old", "goroot-unpinned"} <= codes(d))
        both = [d for d in diags if d.code in ("goroot-too-old", "goroot-unpinned")]
        assert both[0].range == both[1].range
        for context in (both, []):
            actions = await client.text_document_code_action_async(
                lsp.CodeActionParams(
                    text_document=lsp.TextDocumentIdentifier(uri),
                    range=both[0].range,
                    context=lsp.CodeActionContext(diagnostics=context),
                )
            )
            titles = [a.title for a in actions]
            assert len(titles) == len(set(titles)), titles
            pin = [a for a in actions if a.title.startswith("Pin GOROOT to go1.22.5")]
            assert len(pin) == 1 and pin[0].is_preferred
            assert {d.code for d in pin[0].diagnostics} == {"goroot-too-old", "goroot-unpinned"}
    finally:
        await client.shutdown_session()
