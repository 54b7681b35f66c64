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
from typing import Any, BinaryIO, Protocol

from go_sidecar import __version__

SUPPORTED_ENCODINGS = ("utf-8", "utf-16", "utf-32")
# The server's commands (lsp/commands.py registers them in this order; a test checks the answers agree).
COMMANDS = (
    "sidecar.checkWorkspace",
    "sidecar.listCaches",
    "sidecar.purgeCaches",
    "sidecar.installDelve",
    "sidecar.toolsReport",
)


def capabilities(position_encoding: str) -> dict[str, Any]:
    return {
        "positionEncoding": position_encoding,
        "textDocumentSync": {
            "openClose": True,
            "change": 1,
            "willSave": False,
            "willSaveWaitUntil": False,
            "save": True,
        },
        "codeActionProvider": {"codeActionKinds": ["quickfix"], "resolveProvider": False},
        "codeLensProvider": {"resolveProvider": False},  # lsp/lens.py
        "hoverProvider": True,  # lsp/hover.py
        "executeCommandProvider": {"commands": list(COMMANDS)},
        "workspace": {"workspaceFolders": {"supported": True, "changeNotifications": True}, "fileOperations": {}},
    }


def choose_encoding(params: dict[str, Any]) -> str:
    """As pygls does: the client's first supported preference, else UTF-16."""
    encodings = ((params.get("capabilities") or {}).get("general") or {}).get("positionEncodings") or []
    for enc in encodings:
        if isinstance(enc, str) and enc in SUPPORTED_ENCODINGS:
            return enc
    return "utf-16"


def read_message(stream: BinaryIO) -> tuple[bytes, object]:
    """One framed message: (its raw bytes, its JSON or None when it is not an LSP message). The JSON is whatever
    the body decodes to (an LSP message is an object: callers check)."""
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


def frame(message: dict[str, Any]) -> bytes:
    body = json.dumps(message, separators=(",", ":")).encode("utf-8")
    return b"Content-Length: " + str(len(body)).encode() + b"\r\n\r\n" + body


class ByteReader(Protocol):
    """What pygls reads its input with (pygls/io_.py StdinAsyncReader: readline, read(n)): stdin or a Replay."""

    def readline(self) -> bytes: ...
    def read(self, n: int = -1, /) -> bytes: ...


class ByteWriter(Protocol):
    """What pygls writes its output with (pygls/io_.py StdoutWriter: write, flush, close): stdout or a
    DropResponse."""

    def write(self, data: bytes, /) -> int: ...
    def flush(self) -> None: ...
    def close(self) -> None: ...


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

    def __init__(self, stream: BinaryIO, request_id: object):
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


EARLY_WAIT_S = 1.0  # at most this long before pygls loads anyway (a huge workspace, a slow disk)


class EarlyPublish:
    """What the early check published, handed to the server (lsp/server.py create_server), which takes over at
    `initialize`: from then on it publishes, not the early check; its first publish clears the files the early
    check published for that no longer have diagnostics."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._server_started = False
        self._uris: set[str] = set()

    def server_started(self) -> None:
        """The server handles `initialize` (waits for an early publish under way: it then knows its files)."""
        with self._lock:
            self._server_started = True

    def publish(self, out: DropResponse, by_uri: dict[str, list[dict[str, Any]]]) -> bool:
        """Write the diagnostics unless the server has started; True when written."""
        with self._lock:
            if self._server_started:
                return False
            with out.lock:
                for uri, diags in by_uri.items():
                    self._uris.add(uri)
                    out._write(
                        frame(
                            {
                                "jsonrpc": "2.0",
                                "method": "textDocument/publishDiagnostics",
                                "params": {"uri": uri, "diagnostics": diags},
                            }
                        )
                    )
                out._stream.flush()
            return True

    def take_uris(self) -> set[str]:
        """The files published for, once (the server's first publish takes them)."""
        with self._lock:
            uris, self._uris = self._uris, set()
        return uris


class EarlyCheck:
    """While pygls loads (most of a second), check the workspace from disk and publish what is found.

    The thread starts before `initialize` arrives: it imports the check's own modules (no LSP machinery; the
    JSON grammar loads) while the editor is still starting its client, then waits for the workspace root. Positions
    are UTF-16 as the check makes them, so it publishes only when that is the negotiated encoding. The server's
    first check publishes again. Folders, settings and diagnostics are read and converted by the server's own
    functions (lsp/init_params.py, lsp/wire.py), so that the two publishes agree.
    """

    def __init__(self, state: EarlyPublish) -> None:
        self.state = state
        self._go = threading.Event()
        self._job: tuple[dict[str, str], str | None, object, DropResponse] | None = None  # opts: JSON
        self.thread = threading.Thread(target=self._work, name="sidecar-early-check", daemon=True)
        self.thread.start()

    def cancel(self) -> None:
        self._go.set()

    def start(self, params: dict[str, Any], out: DropResponse, encoding: str) -> bool:
        """Check the workspace folders `initialize` names (and the .code-workspace in
        initializationOptions.workspaceFile, as the server does); False (and the thread ends) when there is none."""
        from go_sidecar.lsp.init_params import initial_folders, workspace_file_option

        listed = params.get("workspaceFolders")
        listed = (
            [(f.get("uri"), f.get("name")) for f in listed if isinstance(f, dict)] if isinstance(listed, list) else None
        )
        opts = params.get("initializationOptions")
        try:
            folders = initial_folders(listed, params.get("rootUri"), params.get("rootPath"))
            ws_file = workspace_file_option(opts.get("workspaceFile")) if isinstance(opts, dict) else None
        except Exception:  # noqa: BLE001 - a courtesy must not stop the server; pygls answers what is wrong
            folders, ws_file = {}, None
        if encoding != "utf-16" or not folders:
            self.cancel()
            return False
        self._job = (folders, ws_file, opts, out)
        self._go.set()
        return True

    def _work(self) -> None:
        try:
            from go_sidecar.check import Folder, run_checks
            from go_sidecar.lsp import wire
            from go_sidecar.lsp.init_params import settings_part
            from go_sidecar.parse import jsonc
            from go_sidecar.probe.system import RealSystem
            from go_sidecar.rules import registry
            from go_sidecar.settings import parse_settings

            jsonc.parse(b"{}")  # loads the grammar
            self._go.wait()
            if self._job is None:
                return
            folders, ws_file, opts, out = self._job
            settings, _ = parse_settings(settings_part(opts) if opts else None, {r.code for r in registry.all_rules()})
            entries = [Folder(name, path) for path, name in folders.items()]
            if ws_file:
                entries.append(Folder(os.path.basename(ws_file), os.path.dirname(ws_file), ws_file))
            results = run_checks(RealSystem(), entries, settings)
            by_uri = wire.diagnostics_by_uri(
                (f for _, report, _ in results for f in report.findings),
                [e.path for e in entries],
                lambda _: wire.UTF16,
            )
            self.state.publish(out, {uri: [d for _, d in items] for uri, items in by_uri.items()})
        except Exception:  # noqa: BLE001 - an early courtesy; the server's own check follows
            return


def answer_first(stdin: BinaryIO, stdout: BinaryIO) -> tuple[ByteReader, ByteWriter, EarlyPublish]:
    """Answer an `initialize` at once; return the streams pygls should use and what the early check published."""
    state = EarlyPublish()
    if os.environ.get("SIDECAR_SLOW_INIT"):
        return stdin, stdout, state
    early = None if os.environ.get("SIDECAR_NO_EARLY_CHECK") else EarlyCheck(state)
    raw, msg = read_message(stdin)
    replay = Replay(raw, stdin)
    if not isinstance(msg, dict) or msg.get("method") != "initialize" or "id" not in msg:
        if early is not None:
            early.cancel()
        return replay, stdout, state
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
    return replay, out, state
