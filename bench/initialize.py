"""Spawn `sidecar serve` and time spawn -> `initialize` response: the median over the spawns must be <= 0.6 s.

A minimal JSON-RPC client over asyncio subprocess pipes (Content-Length framing, _common.RpcClient) sends
`initialize` right after the spawn (it waits in the pipe until the server reads it); the clock stops when the
response has been read. Then `shutdown` + `exit` (no `initialized`, so no check runs). Interleaved with each
spawn, in flipped order every round, the same interpreter runs `python -c pass` (spawn -> exit) as the
reference for this machine's noise, and a bare pygls LanguageServer (no features) answering the same
`initialize` as the framework's own floor (pygls + lsprotocol import, converter set-up, one round trip).
Everything runs in a machine redirected into a temporary folder (_common.Machine).

    .venv/bin/python bench/initialize.py [--spawns N] [--module]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from _common import PYTHON, SIDECAR, Machine, RpcClient, Verdict, initialize_params, median, ms, pct

TARGET_S = 0.6
BARE_PYGLS = "from pygls.lsp.server import LanguageServer; LanguageServer('bare', '0').start_io()"


FIRST_DIAGNOSTICS: list[float] = []


async def time_initialize(cmd: list[str], machine: Machine, ws, diagnostics: bool = False) -> float:
    t0 = time.perf_counter()
    client = await RpcClient.spawn(cmd, machine.env, str(ws), machine.tmp / "server-stderr.log")
    fut = client.request_future("initialize", initialize_params(ws))
    t_resp, msg = await asyncio.wait_for(fut, 30)
    if "error" in msg or "capabilities" not in msg.get("result", {}):
        raise SystemExit(f"bad initialize response: {msg}")
    if diagnostics:
        # Not a target of its own: how long after spawning the editor shows the first findings.
        first = client.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics")
        client.notify("initialized", {})
        t_diag, _ = await asyncio.wait_for(first, 30)
        FIRST_DIAGNOSTICS.append(t_diag - t0)
    rc = await client.close()
    if rc != 0:
        raise SystemExit(f"the server exited with {rc} after shutdown/exit; see {machine.tmp}/server-stderr.log")
    return t_resp - t0


async def time_process(cmd: list[str], machine: Machine, ws) -> float:
    t0 = time.perf_counter()
    proc = await asyncio.create_subprocess_exec(*cmd, env=machine.env, cwd=str(ws),
                                                stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)
    rc = await proc.wait()
    if rc != 0:
        raise SystemExit(f"{cmd} exited with {rc}")
    return time.perf_counter() - t0


async def run(spawns: int, use_module: bool) -> None:
    verdict = Verdict("initialize")
    server_cmd = [PYTHON, "-m", "go_sidecar", "serve"] if use_module else [SIDECAR, "serve"]
    with Machine() as machine:
        ws = machine.workspace_from_demo()
        kinds = {
            "server": lambda: time_initialize(server_cmd, machine, ws, diagnostics=True),
            "pass": lambda: time_process([PYTHON, "-c", "pass"], machine, ws),
            "framework": lambda: time_initialize([PYTHON, "-c", BARE_PYGLS], machine, ws),
        }
        for k in kinds:  # warm-up: page cache, .pyc
            await kinds[k]()
        times: dict[str, list[float]] = {k: [] for k in kinds}
        order = list(kinds)
        for r in range(spawns):
            for k in (order if r % 2 == 0 else order[::-1]):
                times[k].append(await kinds[k]())

        med = {k: median(v) for k, v in times.items()}
        print(f"server: {' '.join(server_cmd[-3:] if use_module else ['sidecar', 'serve'])}; "
              f"{spawns} spawns, interleaved with the references (order flipped every round)")
        for k, label in (("server", "spawn -> initialize response"), ("pass", "python -c pass (reference)"),
                         ("framework", "bare pygls server (floor)")):
            v = times[k]
            print(f"  {label:32s} median {ms(med[k]):>10s}  p90 {ms(pct(v, 0.9)):>10s}  "
                  f"min {ms(min(v)):>10s}  max {ms(max(v)):>10s}")
        print(f"ratio initialize/python-pass: {med['server'] / med['pass']:.1f}x; "
              f"initialize/bare-pygls: {med['server'] / med['framework']:.2f}x; "
              f"go-sidecar's own share above the framework floor: {ms(med['server'] - med['framework'])}")
        print(f"  spawn -> first publishDiagnostics median {ms(median(FIRST_DIAGNOSTICS))} "
              f"(pygls and lsprotocol load after the initialize answer; no target, reported for the record)")
        verdict.target(f"median spawn -> initialize <= {TARGET_S} s", med["server"] <= TARGET_S,
                       f"{med['server']:.3f} s")
    verdict.exit()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--spawns", type=int, default=10)
    ap.add_argument("--module", action="store_true", help="spawn `python -m go_sidecar serve` instead of the console script")
    args = ap.parse_args()
    asyncio.run(run(args.spawns, args.module))


if __name__ == "__main__":
    main()
