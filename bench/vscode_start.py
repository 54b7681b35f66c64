"""Warm start in a real VS Code: how soon go-sidecar's first diagnostic is drawn in the Problems panel after the
window opens the workspace, when the server's environment already exists (the issue's figure: within 2 s).

The built .vsix runs in code-server in headless Chromium (tests/vscode_harness.py, tests/vscode/drive.js; needs
scripts/install-vscode-test-deps.sh). Beside it runs the timing probe (tests/vscode/timing-probe), an extension
that activates on the same event (workspaceContains:go.mod) and publishes one diagnostic at once: the reference,
the soonest any extension's diagnostic can be drawn in that same window load. The first load creates the server's
environment; then the window is reloaded --reloads times, and for each reload the driver (drawn rows, seen once a
frame in the page) and the probe (VS Code's diagnostics model, go-sidecar's Api.timings) give one timeline.

Printed, as medians over the reloads (ms after the reload):
  the platform's part   reload -> the extension host runs -> extensions activate -> the reference drawn;
  go-sidecar's part     its activation -> environment found -> server started -> diagnostics in VS Code's model
                        -> drawn; and its diagnostic drawn after the reference's (the difference, and the ratio
                        of the two reload -> drawn times).
go-sidecar also activates on onLanguage:jsonc (a restored launch.json or settings.json editor), which VS Code
handles before workspaceContains: then it activates before the probe, in the same busy moment as VS Code's JSON
and TypeScript extensions, and its own part is longer while its diagnostic is drawn sooner. The headline is
therefore the difference to the reference, which does not depend on which event came first.
Targets: go-sidecar's part, its activation -> its diagnostic drawn, <= 2 s (what the extension decides); and, shown
for the record, the whole reload -> drawn against 2 s (code-server's own start is in it).

    .venv/bin/python bench/vscode_start.py [--reloads N]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _common import Verdict, median

from tests import vscode_harness as vh

TARGET_MS = 2000


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--reloads", type=int, default=5)
    args = ap.parse_args()
    why = vh.missing()
    if why:
        print(f"SKIP  vscode_start: {why}")
        return
    vsix = vh.vsix()
    artifacts = vh.REPO / "test-artifacts" / "bench-vscode"
    with tempfile.TemporaryDirectory(prefix="sidecar-bench-vscode-") as tmp:
        run = vh.run(
            Path(tmp),
            artifacts,
            vsix,
            {"steps": ["problems", "warm-start"], "warmReloads": args.reloads},
            driver_timeout_s=300 + 60 * args.reloads,
        )
    res = run.results
    v = Verdict("vscode_start")
    steps = {s["step"]: s for s in res["steps"]}
    bad = [f"{n}: {s.get('error', '').splitlines()[0]}" for n, s in steps.items() if not s["ok"]]
    if "fatal" in res or bad or not res.get("warm"):
        v.target("the drive", False, res.get("fatal") or "; ".join(bad) or "no warm start was timed")
        v.exit()
    runs = [w["ms"] for w in res["warm"]]
    (artifacts / "runs.json").write_text(json.dumps(res["warm"], indent=2))

    def m(key: str) -> float:
        return median([r[key] for r in runs])

    def span(a: str, b: str) -> float:
        xs = [r[b] - r[a] for r in runs if r[a] is not None and r[b] is not None]
        return median(xs) if xs else float("nan")

    print(f"warm starts: {len(runs)} reloads of the window (medians, ms; each run in {artifacts / 'runs.json'})")
    print(
        f"  first start (environment created): page opened -> first go-sidecar diagnostic "
        f"{res['timings'].get('first_diagnostic_ms')} ms"
    )
    print("  the platform (code-server):")
    print(f"    reload -> workbench shown              {m('workbench'):7.0f}")
    print(f"    reload -> extension host started       {m('exthost_started'):7.0f}")
    print(f"    reload -> extensions activated (probe) {m('probe_activated'):7.0f}")
    print(f"    reload -> reference diagnostic drawn   {m('reference_drawn'):7.0f}")
    print("  go-sidecar:")
    print(f"    reload -> activate()                   {m('go_sidecar_activated'):7.0f}")
    print(f"    activate() -> environment found        {span('go_sidecar_activated', 'go_sidecar_environment'):7.0f}")
    print(
        f"    environment -> server started          {span('go_sidecar_environment', 'go_sidecar_server_ready'):7.0f}"
    )
    print(
        f"    activate() -> diagnostics in the model {span('go_sidecar_activated', 'go_sidecar_in_model'):7.0f}"
        "   (where they came after the probe activated)"
    )
    print(f"    reload -> go-sidecar diagnostic drawn  {m('go_sidecar_drawn'):7.0f}")
    own = span("go_sidecar_activated", "go_sidecar_drawn")
    over = span("reference_drawn", "go_sidecar_drawn")
    ratio = median([r["go_sidecar_drawn"] / r["reference_drawn"] for r in runs])
    first = sum(1 for r in runs if r["go_sidecar_activated"] < r["probe_activated"])
    print(f"  go-sidecar activated before the reference (onLanguage:jsonc) in {first} of {len(runs)} reloads")
    print(
        f"  go-sidecar drawn after the reference: {over:+.0f} ms; reload -> drawn, go-sidecar / reference: {ratio:.2f}x"
    )
    v.target(
        "activation -> first diagnostic drawn (go-sidecar's part)",
        own <= TARGET_MS,
        f"{own:.0f} ms (target {TARGET_MS} ms)",
    )
    whole = m("go_sidecar_drawn")
    print(
        f"{'PASS' if whole <= TARGET_MS else 'INFO'}  vscode_start: reload -> first diagnostic drawn, whole: "
        f"{whole:.0f} ms against {TARGET_MS} ms, of which code-server's own start to the reference diagnostic "
        f"{m('reference_drawn'):.0f} ms"
    )
    v.exit()


if __name__ == "__main__":
    main()
