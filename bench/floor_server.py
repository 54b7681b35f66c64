"""The stack's floor for the 200-configuration goal of issue 12 (didChange -> publishDiagnostics median <= 30 ms).

A bare pygls 2 server on the same stack, doing only what no implementation can skip on a keystroke: receive the
whole document (full sync, as go-sidecar asks), parse it with tree-sitter-json (incrementally from the last tree),
turn the tree into Python values (go-sidecar's jsonc conversion), and publish one diagnostic per configuration,
converting each range from bytes. No probe, no rule. Compared, in the same run and interleaved, with `sidecar serve`
on the same 200-configuration launch.json, so that the ratio says how much of the figure go-sidecar's own work is.

    .venv/bin/python bench/floor_server.py [--edits 40]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import monorepo
from _common import Machine, Session

FLOOR = r"""
import sys
from pygls.lsp.server import LanguageServer
from lsprotocol import types as lsp
from go_sidecar.parse import jsonc
from go_sidecar.lsp.wire import Encoder

server = LanguageServer("floor", "0", text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
last = {}
enc = Encoder("utf-16")

def check(uri, text, version):
    data = text.encode()
    doc = jsonc.parse(data, last.get(uri))
    last[uri] = doc
    configs = doc.root.get_value("configurations") if doc.root is not None else None
    diags = []
    from go_sidecar.model import Range
    for c in (configs.value if configs is not None and configs.kind == "array" else []):
        r = enc.range(Range(doc.index, c.start, c.start + 1))
        diags.append({"range": r, "message": "x", "severity": 2, "source": "floor"})
    server.protocol._send_data({"jsonrpc": "2.0", "method": "textDocument/publishDiagnostics",
                                "params": {"uri": uri, "diagnostics": diags, "version": version}})

@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls, p):
    check(p.text_document.uri, p.text_document.text, p.text_document.version)

@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls, p):
    doc = ls.workspace.get_text_document(p.text_document.uri)
    check(p.text_document.uri, doc.source, p.text_document.version)

@server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION)
def actions(ls, p):
    return []

server.start_io()
"""


async def run(n: int) -> dict:
    with Machine() as mc:
        ws = mc.workspace_from_demo()
        big = mc.tmp / "ws200"
        shutil.copytree(ws, big, symlinks=True)
        launch = big / ".vscode" / "launch.json"
        launch.write_text(monorepo.launch_json(200, mc))
        floor = mc.tmp / "floor_server.py"
        floor.write_text(FLOOR)
        cmds = {"floor": [sys.executable, str(floor)], "sidecar": [sys.executable, "-m", "go_sidecar", "serve"]}
        sessions = {k: await Session.start(c, mc.env, big, launch, mc.tmp / f"{k}.log") for k, c in cmds.items()}
        await asyncio.sleep(0.5)
        text = launch.read_text(encoding="utf-8")
        lat: dict[str, list[float]] = {k: [] for k in cmds}
        try:
            for k in range(n + 5):
                text = text.replace('"name": "', f'"name": "{k % 10}', 1)
                for name, s in sessions.items() if k % 2 else reversed(sessions.items()):
                    latency, _ = await s.change(text)
                    if k >= 5:
                        lat[name].append(latency)
        finally:
            for s in sessions.values():
                await s.client.close()
    return {k: statistics.median(v) for k, v in lat.items()}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--edits", type=int, default=40)
    args = ap.parse_args()
    m = asyncio.run(run(args.edits))
    print(f"200 configurations, didChange -> publishDiagnostics median over {args.edits} edits:")
    print(f"  stack floor (pygls + tree-sitter parse + conversion + 200 diagnostics): {m['floor'] * 1000:.1f} ms")
    print(f"  sidecar serve:                                                         {m['sidecar'] * 1000:.1f} ms")
    print(f"  ratio {m['sidecar'] / m['floor']:.2f}x; goal <= 30 ms: {'PASS' if m['sidecar'] <= 0.030 else 'FAIL'}")


if __name__ == "__main__":
    main()
