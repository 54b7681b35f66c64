"""The server is built by create_server(), not at import; the early publish and the server share one conversion
to LSP JSON, one URI helper and one reading of `initialize`; early-publish state lives in an object."""

from __future__ import annotations

import asyncio
import io
import json
import subprocess
import sys
from pathlib import Path, PurePosixPath

import pytest
from lsprotocol import types as lsp
from lsprotocol.converters import get_converter

from go_sidecar.lsp import convert, fastinit, wire
from go_sidecar.lsp.app import create_server
from go_sidecar.lsp.fastinit import DropResponse, EarlyPublish, read_message
from go_sidecar.lsp.init_params import (
    initial_folders,
    settings_part,
    workspace_file_option,
)
from go_sidecar.lsp.invalidate import Watched
from go_sidecar.lsp.server import SidecarServer
from go_sidecar.lsp.uris import path_to_uri, uri_to_path
from go_sidecar.model import Finding, Location, Position, Severity
from go_sidecar.parse.text import LineIndex
from go_sidecar.rules import registry


def _run(code: str) -> dict:
    """Run code in a fresh interpreter (nothing of go_sidecar imported yet); its last line prints JSON."""
    cp = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert cp.returncode == 0, cp.stderr
    return json.loads(cp.stdout.strip().splitlines()[-1])


def test_commands_imported_first_then_two_independent_servers():
    out = _run("""
import json, sys
import go_sidecar.lsp.commands  # first: no import loop through lsp/server.py
from pygls.lsp.server import LanguageServer
from go_sidecar.lsp import app as server_module, fastinit
made_at_import = [f"{name}.{k}" for name, m in list(sys.modules.items()) if name.startswith("go_sidecar")
                  for k, v in vars(m).items() if isinstance(v, LanguageServer)]
a, b = server_module.create_server(), server_module.create_server()
a.set_folders([("/tmp/a", "a")])
print(json.dumps({
    "made_at_import": made_at_import,
    "distinct": a is not b and a.protocol is not b.protocol,
    "commands": [list(s.protocol.fm.commands) for s in (a, b)],
    "expected": list(fastinit.COMMANDS),
    "features": [sorted(s.protocol.fm.features) for s in (a, b)],
    "handlers_bound": (
        a.protocol.fm.commands["sidecar.checkWorkspace"] is not b.protocol.fm.commands["sidecar.checkWorkspace"]
    ),
    "folders": [a.folders, b.folders],
}))
""")
    assert out["made_at_import"] == []
    assert out["distinct"] and out["handlers_bound"]
    assert out["commands"] == [out["expected"], out["expected"]]
    assert out["features"][0] == out["features"][1]
    assert {
        "initialize",
        "initialized",
        "shutdown",
        "textDocument/codeAction",
        "textDocument/didOpen",
        "textDocument/didChange",
        "textDocument/didSave",
        "textDocument/didClose",
        "workspace/didChangeWatchedFiles",
        "workspace/didChangeWorkspaceFolders",
        "workspace/didChangeConfiguration",
    } <= set(out["features"][0])
    assert out["folders"] == [{"/tmp/a": "a"}, {}]


def test_the_early_path_loads_no_lsp_machinery():
    """fastinit answers `initialize` and converts the early diagnostics before pygls and lsprotocol load."""
    out = _run("""
import json, sys
from go_sidecar.lsp import fastinit, init_params, invalidate, uris, wire
from go_sidecar.model import Finding, Location, Range, Severity
f = Finding("goroot-invalid", Severity.ERROR, "m", Location("/w/.vscode/launch.json", Range.of(1, 2, 1, 3)))
wire.diagnostics_by_uri([f], ["/w"], lambda _: wire.UTF16)
init_params.initial_folders([("file:///w", "w")], None, None)
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("pygls", "lsprotocol", "cattrs"))))
""")
    assert out == []


# --- one conversion to the wire -------------------------------------------------------------------------------

LAUNCH = '{\n  // 启动当前包\n  "configurations": [{"name": "启动 Launch", "type": "go"}]\n}\n'


def _finding(code: str, severity: Severity, path: str = "/w/.vscode/launch.json") -> Finding:
    """At UTF-16 (2, 20)-(2, 31) of LAUNCH, as a check makes it: a byte span of the file's text."""
    index = LineIndex(LAUNCH.encode())
    return Finding(
        code,
        severity,
        f"{code} here",
        Location(path, index.range(index.offset(Position(2, 20)), index.offset(Position(2, 31)))),
    )


@pytest.mark.parametrize(
    "severity,number", [(Severity.ERROR, 1), (Severity.WARNING, 2), (Severity.INFORMATION, 3), (Severity.HINT, 4)]
)
@pytest.mark.parametrize("code", ["goroot-invalid", "not-a-rule"])
@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_the_server_publishes_the_wire_json(severity, number, code, encoding):
    registry.all_rules()  # loads the rules (a check has, before anything is converted)
    enc = wire.Encoder(encoding)
    d = wire.diagnostic(_finding(code, severity), enc)
    assert d["severity"] == number and d["source"] == "go-sidecar" and d["code"] == code
    assert ("codeDescription" in d) == (code == "goroot-invalid")
    # The lsprotocol object the server sends serialises to exactly the early publish's JSON.
    assert get_converter().unstructure(convert.to_lsp(d)) == d
    # Columns in the client's encoding: `"name": "启动 Launch"` (2 CJK characters before column 20).
    line = LAUNCH.splitlines()[2]
    expected = {"utf-16": 20, "utf-8": len(line[:20].encode()), "utf-32": 20}[encoding]
    assert d["range"]["start"] == {"line": 2, "character": expected}
    end = {"utf-16": 31, "utf-8": len(line[:31].encode()), "utf-32": 31}[encoding]
    assert d["range"]["end"] == {"line": 2, "character": end}


def test_findings_at_a_root_are_not_published_and_files_are_grouped():
    fs = [
        _finding("goroot-invalid", Severity.ERROR),
        _finding("goroot-unpinned", Severity.WARNING),
        _finding("dlv-missing", Severity.WARNING, "/w"),
        _finding("gomod-x", Severity.HINT, "/w/go.mod"),
    ]
    by_uri = wire.diagnostics_by_uri(fs, ["/w/"], lambda _: wire.UTF16)
    assert list(by_uri) == [path_to_uri("/w/.vscode/launch.json"), path_to_uri("/w/go.mod")]
    assert [f.code for f, _ in by_uri[path_to_uri("/w/.vscode/launch.json")]] == ["goroot-invalid", "goroot-unpinned"]


def test_a_failing_follow_up_after_publish_stops_neither_the_publish_nor_the_next_follow_up():
    registry.all_rules()
    server = create_server()
    assert [f.__name__ for f in server.after_publish] == ["refresh_lenses"]  # lsp/lens.py's, by register()
    sent: list[str] = []
    server.send_diagnostics = lambda uri, diagnostics, version: sent.append(uri)  # type: ignore[method-assign]
    server.encoder_for = lambda _path: wire.UTF16  # type: ignore[method-assign]  # no client: no negotiation
    calls: list[str] = []

    def broken() -> None:
        calls.append("broken")
        raise RuntimeError("a feature's follow-up failed")

    # Instead of the lens refresh lsp/lens.py registered (it asks the client, which this test has not).
    server.after_publish[:] = [broken, lambda: calls.append("next")]
    server.publish([_finding("goroot-invalid", Severity.ERROR)], {})
    assert sent == [path_to_uri("/w/.vscode/launch.json")]
    assert [f.code for f, _ in server.findings[sent[0]]] == ["goroot-invalid"]
    assert calls == ["broken", "next"]


# --- URIs and paths -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri,windows,path",
    [
        (
            "file:///home/me/work%20space%20%E5%B7%A5%E4%BD%9C/.vscode/launch.json",
            False,
            "/home/me/work space 工作/.vscode/launch.json",
        ),
        ("file:///Users/me/a%3Bb/go.mod", False, "/Users/me/a;b/go.mod"),
        ("file:///Users/me/a;b/go.mod", False, "/Users/me/a;b/go.mod"),  # Neovim leaves `;` as it is
        ("FILE:///x/../y", False, "/y"),
        ("file:///c%3A/Users/me/ws", True, "c:\\Users\\me\\ws"),  # VS Code's spelling
        ("file:///C:/Users/me/ws/", True, "C:\\Users\\me\\ws"),
        ("file://localhost/C:/ws", True, "C:\\ws"),
        ("file://server/share/ws/go.mod", True, "\\\\server\\share\\ws\\go.mod"),
        ("untitled:Untitled-1", False, None),
        ("https://example.com/x", True, None),
        (None, False, None),
        (42, False, None),
    ],
)
def test_uri_to_path(uri, windows, path):
    assert uri_to_path(uri, windows=windows) == path


@pytest.mark.parametrize(
    "path,windows",
    [
        ("/home/me/work space 工作/.vscode/launch.json", False),
        ("/Users/me/a;b#c?d%e/go.mod", False),
        ("C:\\Users\\me\\工作\\launch.json", True),
        ("\\\\server\\share\\ws\\go.mod", True),
    ],
)
def test_path_to_uri_round_trips(path, windows):
    uri = path_to_uri(path, windows=windows)
    assert uri_to_path(uri, windows=windows) == path
    if not windows:
        assert uri == PurePosixPath(path).as_uri() == Path(path).absolute().as_uri()
    else:
        assert uri.startswith("file:///C:/" if path[1] == ":" else "file://server/share/")


# --- one reading of initialize ----------------------------------------------------------------------------------


def test_initial_folders_as_the_server_and_the_early_check_read_them():
    assert initial_folders(
        [("file:///w/a", "A"), ("file:///w/b/", ""), ("untitled:x", "u"), ("file:///w/a", "again")],
        "file:///ignored",
        "/ignored",
    ) == {"/w/a": "A", "/w/b": "b"}
    assert initial_folders(None, "file:///w/r", "/ignored") == {"/w/r": "r"}
    assert initial_folders([], None, "/w/p") == {"/w/p": "p"}
    assert initial_folders(None, None, None) == {}
    assert initial_folders([("https://x/y", "y")], "file:///w/r", None) == {}  # named folders, none ours
    assert workspace_file_option("file:///x/y%20z.code-workspace") == "/x/y z.code-workspace"
    assert workspace_file_option("relative.code-workspace") is None
    assert settings_part({"trusted": False, "workspaceFile": "/x", "toolchainRoots": ["/r"]}) == {
        "toolchainRoots": ["/r"]
    }


# --- early-publish state ----------------------------------------------------------------------------------------


def _messages(data: bytes) -> list[dict]:
    stream, out = io.BytesIO(data), []
    while True:
        _, msg = read_message(stream)
        if msg is None:
            return out
        out.append(msg)


def test_early_publish_until_the_server_starts():
    stream = io.BytesIO()
    out = DropResponse(stream, 1)
    state = EarlyPublish()
    diags = {"file:///w/.vscode/launch.json": [{"message": "m"}], "file:///w/go.mod": []}
    assert state.publish(out, diags)
    sent = _messages(stream.getvalue())
    assert [(m["method"], m["params"]["uri"]) for m in sent] == [("textDocument/publishDiagnostics", u) for u in diags]
    state.server_started()
    assert not state.publish(out, {"file:///w/late": []})
    assert len(_messages(stream.getvalue())) == 2  # nothing after the server took over
    assert state.take_uris() == set(diags)
    assert state.take_uris() == set()  # once
    assert EarlyPublish().take_uris() == set()  # each server its own state
    assert not hasattr(fastinit, "EARLY_URIS") and not hasattr(fastinit, "SERVER_STARTED")


# --- the server's handlers, in process ------------------------------------------------------------------------


class Recording(SidecarServer):
    """A server whose publishes and check requests are recorded (nothing is checked)."""

    def __init__(self, early=None):
        super().__init__(early)
        self.published: list[lsp.PublishDiagnosticsParams] = []  # as lsprotocol reads what was sent
        self.requested: list[bool] = []  # rescan, per check requested
        self.asked = asyncio.Event()

    def send_diagnostics(self, uri, diagnostics, version):
        params = {"uri": uri, "diagnostics": diagnostics, **({"version": version} if version is not None else {})}
        self.published.append(get_converter().structure(params, lsp.PublishDiagnosticsParams))

    def request_check(self, rescan: bool = False) -> None:
        self.requested.append(self._rescan or rescan)
        self._rescan = False
        self.asked.set()


def _initialize(server: SidecarServer, root: Path) -> None:
    """pygls's own `initialize` (it sets up the workspace, then runs ours), without a client."""
    gen = server.protocol.lsp_initialize(
        lsp.InitializeParams(
            capabilities=lsp.ClientCapabilities(),
            root_uri=root.as_uri(),
            workspace_folders=[lsp.WorkspaceFolder(uri=root.as_uri(), name="ws")],
        )
    )
    handler, args, _ = next(gen)
    handler(*args)
    with pytest.raises(StopIteration):
        gen.send(None)


def test_initialize_hands_over_from_the_early_publish_and_publish_clears_its_files(tmp_path: Path):
    early = EarlyPublish()
    early.publish(DropResponse(io.BytesIO(), 0), {path_to_uri(str(tmp_path / ".vscode" / "launch.json")): [{}]})
    server = create_server(early, server_cls=Recording)
    _initialize(server, tmp_path)
    assert server.folders == {str(tmp_path): "ws"}
    assert not early.publish(DropResponse(io.BytesIO(), 0), {"file:///late": []})  # the server took over
    server.publish([], {})
    assert [(p.uri, list(p.diagnostics)) for p in server.published] == [
        (path_to_uri(str(tmp_path / ".vscode" / "launch.json")), [])
    ]
    server.publish([], {})
    assert len(server.published) == 1  # cleared once


async def test_handlers_ask_invalidate_and_act_on_its_answer(tmp_path: Path):
    server = create_server(server_cls=Recording)
    _initialize(server, tmp_path)
    launch = tmp_path / ".vscode" / "launch.json"
    features = server.protocol.fm.features
    for path in (launch, tmp_path / "main.go"):
        item = lsp.TextDocumentItem(path.as_uri(), "jsonc", 1, "{}")
        server.workspace.put_text_document(item)  # what pygls's own didOpen does before calling ours
        features[lsp.TEXT_DOCUMENT_DID_OPEN](lsp.DidOpenTextDocumentParams(item))
    assert server.requested == [False]  # launch.json re-checks; main.go is not read
    features[lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES](
        lsp.DidChangeWatchedFilesParams(
            [
                lsp.FileEvent((tmp_path / "go.mod").as_uri(), lsp.FileChangeType.Changed),
                lsp.FileEvent((tmp_path / "x").as_uri(), lsp.FileChangeType.Created),
            ]
        )
    )
    assert server.requested == [False, False, True]  # go.mod: a check; another file: a re-scan too

    # Our watcher: a held file's disk event is the editor's to report; others are debounced.
    vscode, sdk = str(launch.parent), str(tmp_path / "sdk")
    server._watched = Watched(workspace_dirs=frozenset({vscode}), toolchain_folders=frozenset({sdk}))
    server.asked.clear()
    assert server.on_fs_event(vscode, str(launch)) is None and server._debounce is None
    server.on_fs_event(vscode, str(launch.parent / "settings.json"))
    server.on_fs_event(sdk, str(tmp_path / "sdk" / "go1.23.4"))  # a toolchain installed: re-scan
    assert server.requested == [False, False, True]  # not yet: after DEBOUNCE_S, once for the burst
    await asyncio.wait_for(server.asked.wait(), 5)
    assert server.requested == [False, False, True, True]
