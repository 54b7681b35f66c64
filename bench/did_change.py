"""didChange -> publishDiagnostics latency of one `sidecar serve` process: the median must be <= 30 ms.

One server, in a machine redirected into a temporary folder (_common.Machine: two fake Go roots in
HOME/sdk, one of them on PATH). The workspace has a go.mod asking for go 1.22.0 and a ~200-line
.vscode/launch.json of Go configurations with comments (_common.launch_json). After `initialize`,
`initialized` and `didOpen` (version 1), and the diagnostics of version 1, the client sends N full-text
`didChange` notifications, one at a time: most change a configuration's "program" (same findings), every
fifth flips a configuration's env.GOROOT between a removed Go and an installed one (goroot-invalid comes and
goes). Each latency runs from writing the didChange to reading the `textDocument/publishDiagnostics` for
that uri with that version (the server publishes `version`). The server is driven by _common.Session, as
monorepo.py drives it (after each publish, a codeAction round trip makes sure nothing else is still on its way).

References, interleaved with every edit (order flipped every round):
- `check`: the same check (go_sidecar.check.run_check, same overlay, cached toolchains, as the server runs
  it) called in this process: the machine's current speed for the work itself;
- `rtt`: a textDocument/codeAction request on a range with no diagnostic: the server's bare round trip.

    .venv/bin/python bench/did_change.py [-n N]
"""

from __future__ import annotations

import argparse
import asyncio
import time

from _common import SIDECAR, Machine, Session, Verdict, diag_summary, is_diag, launch_json, median, ms, pct

TARGET_S = 0.030
WARMUP = 5
REMOVED = "/opt/go1.19-removed"


class Doc:
    """launch.json's text as lines, with the lines the edits touch located once."""

    def __init__(self, machine: Machine, target_lines: int = 200):
        n = 1
        while len(launch_json(n + 1, machine).splitlines()) <= target_lines:
            n += 1
        self.text = launch_json(n, machine)
        self.lines = self.text.splitlines()
        self.n_configs = n
        self.program_lines = [i for i, line in enumerate(self.lines) if '"program":' in line]
        self.goroot_line = next(i for i, line in enumerate(self.lines) if REMOVED in line)
        self.removed = True

    def edit(self, k: int) -> str:
        if k % 5 == 0:  # findings change: goroot-invalid appears or disappears
            old, new = (REMOVED, "INSTALLED") if self.removed else ("INSTALLED", REMOVED)
            line = self.lines[self.goroot_line]
            self.lines[self.goroot_line] = line.replace(old, new)
            self.removed = not self.removed
        else:  # findings stay the same: another program folder
            i = self.program_lines[k % len(self.program_lines)]
            line = self.lines[i]
            head, _, rest = line.partition('"program": "')
            value, _, tail = rest.partition('"')
            base = value.split("@")[0]
            self.lines[i] = f'{head}"program": "{base}@{k}"{tail}'
        return self.current()

    def current(self) -> str:
        return "\n".join(self.lines).replace("INSTALLED", self._installed) + "\n"

    _installed = ""


async def run(n: int) -> None:
    from go_sidecar.check import run_check
    from go_sidecar.probe.system import RealSystem
    from go_sidecar.settings import Settings

    verdict = Verdict("did_change")
    with Machine() as machine:
        ws = machine.ws.resolve()
        (ws / ".vscode").mkdir(parents=True)
        (ws / "go.mod").write_text("module example.com/svc\n\ngo 1.22.0\n")
        (ws / "main.go").write_text("package main\n\nfunc main() {}\n")
        doc = Doc(machine)
        Doc._installed = str(machine.new)
        launch = ws / ".vscode" / "launch.json"
        launch.write_text(doc.text)
        uri = launch.as_uri()
        print(
            f"launch.json: {len(doc.lines)} lines, {doc.n_configs} configurations, {len(doc.text)} bytes; "
            f"server: sidecar serve; N={n} edits after {WARMUP} warm-up edits"
        )

        system = RealSystem(env=machine.env)
        report, _ = run_check(system, str(ws), Settings(), {str(launch): doc.text.encode()}, None)
        toolchains = report.toolchains

        session = await Session.start([SIDECAR, "serve"], machine.env, ws, launch, machine.tmp / "server-stderr.log")
        client = session.client
        try:
            print(f"initial diagnostics (version 1): {diag_summary(published(session, 1))}")
            await asyncio.sleep(0.3)  # let a second start-up check (initialized + didOpen) finish

            latencies: list[float] = []
            checks: list[float] = []
            rtts: list[float] = []
            seen_states: set[str] = set()
            for k in range(1, WARMUP + n + 1):
                text = doc.edit(k)
                measured = k > WARMUP

                async def change(text=text, measured=measured):
                    latency, _ = await session.change(text, 10)
                    seen_states.add(diag_summary(published(session, session.version)))
                    if measured:
                        latencies.append(latency)

                async def direct(text=text, measured=measured):
                    t0 = time.perf_counter()
                    run_check(system, str(ws), Settings(), {str(launch): text.encode()}, toolchains)
                    if measured:
                        checks.append(time.perf_counter() - t0)

                async def rtt(measured=measured):
                    t0 = time.perf_counter()
                    fut = client.request_future(
                        "textDocument/codeAction",
                        {
                            "textDocument": {"uri": uri},
                            "range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}},
                            "context": {"diagnostics": []},
                        },
                    )
                    t1, msg = await asyncio.wait_for(fut, 10)
                    if "error" in msg:
                        raise SystemExit(f"codeAction failed: {msg['error']}")
                    if measured:
                        rtts.append(t1 - t0)

                steps = [change, direct, rtt]
                for step in steps if k % 2 == 0 else steps[::-1]:
                    await step()
        except TimeoutError:
            verdict.target(
                "every didChange answered by its diagnostics",
                False,
                f"no publishDiagnostics for version {session.version} within 10 s",
            )
            await client.close()
            verdict.exit()
        finally:
            if client.proc.returncode is None:
                await client.close()

        print(f"diagnostic states seen: {len(seen_states)} ({'; '.join(sorted(seen_states))})")
        for label, v in (
            ("didChange -> publishDiagnostics", latencies),
            ("check in-process (reference)", checks),
            ("codeAction round trip (reference)", rtts),
        ):
            print(f"  {label:36s} median {ms(median(v)):>9s}  p90 {ms(pct(v, 0.9)):>9s}  max {ms(max(v)):>9s}")
        m = median(latencies)
        print(
            f"ratio latency/check: {m / median(checks):.2f}x; latency/round-trip: {m / median(rtts):.2f}x; "
            f"latency - check - round trip: {ms(m - median(checks) - median(rtts))}"
        )
        verdict.target(
            "findings follow the edits", len(seen_states) >= 2, f"{len(seen_states)} distinct diagnostic sets"
        )
        verdict.target(
            f"median didChange -> diagnostics <= {TARGET_S * 1000:.0f} ms",
            m <= TARGET_S,
            f"{m * 1000:.1f} ms (p90 {pct(latencies, 0.9) * 1000:.1f} ms, max {max(latencies) * 1000:.1f} ms)",
        )
    verdict.exit()


def published(session: Session, version: int) -> dict:
    """The first publishDiagnostics of the session's document at `version` (the one Session waited for)."""
    return next(m for _, m in session.client.notifications if is_diag(m, session.uri, version))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("-n", type=int, default=50)
    args = ap.parse_args()
    asyncio.run(run(args.n))


if __name__ == "__main__":
    main()
