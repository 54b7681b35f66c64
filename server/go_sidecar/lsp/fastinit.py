"""Answer `initialize` before the LSP machinery is imported.

Importing lsprotocol's ~1,000 attrs classes takes most of a second on a slow machine, and an editor waits for
the `initialize` answer before it does anything else. So `sidecar serve` reads the first message itself, answers
it with the capabilities below, then starts pygls with that message replayed (pygls must see it to set up its
workspace and position encoding) and drops pygls's own, second answer. A test checks that these capabilities
are exactly what pygls computes, so they cannot drift.
"""

from __future__ import annotations

import json
import os
import threading
from typing import Any, BinaryIO

from go_sidecar import __version__

SUPPORTED_ENCODINGS = ("utf-8", "utf-16", "utf-32")
# The server's commands (lsp/server.py registers them; a test checks the two lists agree).
COMMANDS = ("sidecar.checkWorkspace", "sidecar.listCaches", "sidecar.purgeCaches", "sidecar.installDelve")


def capabilities(position_encoding: str) -> dict[str, Any]:
    return {
        "positionEncoding": position_encoding,
        "textDocumentSync": {"openClose": True, "change": 1, "willSave": False, "willSaveWaitUntil": False,
                             "save": True},
        "codeActionProvider": {"codeActionKinds": ["quickfix"], "resolveProvider": False},
        "executeCommandProvider": {"commands": list(COMMANDS)},
        "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True}, "fileOperations": {}},
    }


def choose_encoding(params: dict) -> str:
    """As pygls does: the client's first supported preference, else UTF-16."""
    encodings = ((params.get("capabilities") or {}).get("general") or {}).get("positionEncodings") or []
    for enc in encodings:
        if enc in SUPPORTED_ENCODINGS:
            return enc
    return "utf-16"


def read_message(stream: BinaryIO) -> tuple[bytes, dict | None]:
    """One framed message: (its raw bytes, its JSON or None when it is not an LSP message)."""
    raw = b""
    length = None
    while True:
        line = stream.readline()
        raw += line
        if not line:
            return raw, None
        if line in (b"\r\n", b"\n"):
            break
        name, _, value = line.decode("ascii", "replace").partition(":")
        if name.strip().lower() == "content-length":
            try:
                length = int(value.strip())
            except ValueError:
                return raw, None
    if length is None:
        return raw, None
    body = stream.read(length)
    raw += body
    try:
        return raw, json.loads(body)
    except ValueError:
        return raw, None


def frame(message: dict) -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


class Replay:
    """stdin with the already-read first message put back in front."""

    def __init__(self, prefix: bytes, stream: BinaryIO):
        self._prefix = prefix
        self._stream = stream

    def readline(self) -> bytes:
        if self._prefix:
            i = self._prefix.find(b"\n")
            end = len(self._prefix) if i < 0 else i + 1
            line, self._prefix = self._prefix[:end], self._prefix[end:]
            return line
        return self._stream.readline()

    def read(self, n: int = -1) -> bytes:
        if self._prefix:
            data, self._prefix = self._prefix[:n], self._prefix[n:]
            if len(data) < n:
                data += self._stream.read(n - len(data))
            return data
        return self._stream.read(n)

    def close(self) -> None:
        self._stream.close()


class DropResponse:
    """stdout that swallows the one response to request `request_id` (already answered)."""

    def __init__(self, stream: BinaryIO, request_id: Any):
        self._stream = stream
        self._id = request_id
        self._dropped = False
        self.lock = threading.Lock()  # the early check's thread writes too

    def write(self, data: bytes) -> int:
        with self.lock:
            return self._write(data)

    def _write(self, data: bytes) -> int:
        if not self._dropped:
            body = data.split(b"\r\n\r\n", 1)[-1]
            try:
                msg = json.loads(body)
            except ValueError:
                msg = None
            if isinstance(msg, dict) and msg.get("id") == self._id and "method" not in msg:
                self._dropped = True
                return len(data)
        return self._stream.write(data)

    def flush(self) -> None:
        with self.lock:
            self._stream.flush()

    def close(self) -> None:
        self._stream.close()


# Set by the pygls server as soon as it handles `initialize`: from then on it publishes, not the early check.
SERVER_STARTED = threading.Event()
EARLY_URIS: set[str] = set()  # files the early check published diagnostics for; the server's first publish
#                               clears those that no longer have any
EARLY_WAIT_S = 1.0  # at most this long before pygls loads anyway (a huge workspace, a slow disk)
_SEVERITY = {"error": 1, "warning": 2, "information": 3, "hint": 4}


class EarlyCheck:
    """While pygls loads (most of a second), check the workspace from disk and publish what is found.

    The thread starts before `initialize` arrives: it imports the check's own modules (no LSP machinery; the
    JSON grammar loads) while the editor is still starting its client, then waits for the workspace root. Positions
    are UTF-16 as the check makes them, so it publishes only when that is the negotiated encoding. The server's
    first check publishes again.
    """

    def __init__(self) -> None:
        self._go = threading.Event()
        self._job: tuple[list[tuple[str, str]], str | None, Any, DropResponse] | None = None
        self.thread = threading.Thread(target=self._work, name="sidecar-early-check", daemon=True)
        self.thread.start()

    def cancel(self) -> None:
        self._go.set()

    def start(self, params: dict, out: DropResponse, encoding: str) -> bool:
        """Check the workspace folders `initialize` names (and the .code-workspace in
        initializationOptions.workspaceFile, as the server does); False (and the thread ends) when there is none."""
        folders = [(f.get("uri"), f.get("name")) for f in params.get("workspaceFolders") or [] if isinstance(f, dict)]
        if not folders:
            folders = [(params.get("rootUri"), None)]
        entries = [(path, name if isinstance(name, str) and name else os.path.basename(path))
                   for uri, name in folders if (path := _file_path(uri))]
        opts = params.get("initializationOptions")
        ws_file = opts.get("workspaceFile") if isinstance(opts, dict) else None
        ws_file = _file_path(ws_file) if isinstance(ws_file, str) and ws_file.startswith("file:") else ws_file
        if not (isinstance(ws_file, str) and ws_file.endswith(".code-workspace") and os.path.isabs(ws_file)):
            ws_file = None
        if encoding != "utf-16" or not entries:
            self.cancel()
            return False
        self._job = (entries, ws_file, opts, out)
        self._go.set()
        return True

    def _work(self) -> None:
        try:
            from pathlib import Path

            from go_sidecar.check import Folder, run_checks
            from go_sidecar.parse import jsonc
            from go_sidecar.probe.system import RealSystem
            from go_sidecar.rules import registry
            from go_sidecar.settings import parse_settings

            jsonc.parse(b"{}")  # loads the grammar
            self._go.wait()
            if self._job is None:
                return
            folders, ws_file, opts, out = self._job
            raw = {k: v for k, v in opts.items() if k not in ("trusted", "workspaceFile")} \
                if isinstance(opts, dict) else None
            settings, _ = parse_settings(raw, {r.code for r in registry.all_rules()})
            entries = [Folder(name, path) for path, name in folders]
            if ws_file:
                entries.append(Folder(os.path.basename(ws_file), os.path.dirname(ws_file), ws_file))
            results = run_checks(RealSystem(), entries, settings)
            roots = {e.path for e in entries}
            by_file: dict[str, list[dict]] = {}
            for f in (f for _, report, _ in results for f in report.findings):
                if os.path.normpath(f.location.path) in roots:
                    continue
                rule = registry.RULES.get(f.code)
                diag = {"range": f.location.range.to_json(), "severity": _SEVERITY[f.severity.label],
                        "code": f.code, "source": "go-sidecar", "message": f.message}
                if rule is not None:
                    diag["codeDescription"] = {"href": rule.url}
                by_file.setdefault(Path(f.location.path).absolute().as_uri(), []).append(diag)
            with out.lock:
                if SERVER_STARTED.is_set():
                    return
                for file_uri, diags in by_file.items():
                    EARLY_URIS.add(file_uri)
                    out._write(frame({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                                      "params": {"uri": file_uri, "diagnostics": diags}}))
                out._stream.flush()
        except Exception:  # noqa: BLE001 - an early courtesy; the server's own check follows
            return


def _file_path(uri) -> str | None:
    """A file: URI's path (normalised), as the server's uri_to_path; None for anything else."""
    from urllib.parse import unquote, urlparse

    if not isinstance(uri, str) or not uri.startswith("file:"):
        return None
    path = unquote(urlparse(uri).path)
    if os.name == "nt" and path.startswith("/") and path[2:3] == ":":
        path = path[1:]
    return os.path.normpath(path)


def answer_first(stdin: BinaryIO, stdout: BinaryIO) -> tuple[BinaryIO, BinaryIO]:
    """Answer an `initialize` at once; return the streams pygls should use."""
    if os.environ.get("SIDECAR_SLOW_INIT"):
        return stdin, stdout
    early = None if os.environ.get("SIDECAR_NO_EARLY_CHECK") else EarlyCheck()
    raw, msg = read_message(stdin)
    replay = Replay(raw, stdin)
    if not isinstance(msg, dict) or msg.get("method") != "initialize" or "id" not in msg:
        if early is not None:
            early.cancel()
        return replay, stdout
    result = {
        "capabilities": capabilities(choose_encoding(msg.get("params") or {})),
        "serverInfo": {"name": "go-sidecar", "version": __version__},
    }
    stdout.write(frame({"jsonrpc": "2.0", "id": msg["id"], "result": result}))
    stdout.flush()
    out = DropResponse(stdout, msg["id"])
    if early is not None:
        params = msg.get("params")
        if early.start(params if isinstance(params, dict) else {}, out, result["capabilities"]["positionEncoding"]):
            # The check has the interpreter to itself (importing pygls would take half its time slices): its
            # diagnostics come sooner, the server's own start later by as much, and code actions wait for it anyway.
            early.thread.join(EARLY_WAIT_S)
    return replay, out
