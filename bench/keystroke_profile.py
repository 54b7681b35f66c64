"""Where a keystroke's check goes, in this process: the server's path (run_checks with its Memo and the launch.json
buffer as an overlay, then the findings to LSP JSON) on examples/demo with a launch.json of N configurations
(issue 12's "200 configurations" figure), edit after edit as bench/monorepo.py makes them (edits near the top: every
configuration after the edit moves).

Times are CPU time of the checking thread (time.thread_time): the machine the benchmarks run on is shared, and
wall time there measures the neighbours as much as the code. Prints the median and mean per phase: the JSONC parse
(tree-sitter, then the JNodes read or taken over), the configurations read from it, probe/facts.gather and the
probes it calls, the debugger and cache probes, the rules and each rule by its code, the conversion to LSP JSON,
and the garbage collector's own time; with --profile, cProfile's top functions over further edits. The rules of
other modules are timed as they come: a new rule shows up in the list with its cost.

    .venv/bin/python bench/keystroke_profile.py [--configs 200] [--edits 70] [--profile] [--json]
                                                [--gc-threshold N]
"""

from __future__ import annotations

import argparse
import cProfile
import functools
import gc
import io
import json
import pstats
import shutil
import statistics
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import DEMO, Machine, launch_json
from monorepo import KINDS, Edits

CLOCK = time.thread_time


@contextmanager
def timing(patches: list[tuple[Any, str, str]]) -> Iterator[None]:
    """Wrap each module attribute (module, attribute, label) to add its CPU time to CURRENT[label] per call."""
    saved = []
    for mod, attr, label in patches:
        fn = getattr(mod, attr)
        saved.append((mod, attr, fn))

        def wrapped(*a: Any, __fn: Callable[..., Any] = fn, __label: str = label, **k: Any) -> Any:
            t0 = CLOCK()
            try:
                return __fn(*a, **k)
            finally:
                CURRENT[__label] = CURRENT.get(__label, 0.0) + CLOCK() - t0

        functools.update_wrapper(wrapped, fn)
        setattr(mod, attr, wrapped)
    try:
        yield
    finally:
        for mod, attr, fn in saved:
            setattr(mod, attr, fn)


CURRENT: dict[str, float] = {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--configs", type=int, default=200)
    ap.add_argument("--edits", type=int, default=70)
    ap.add_argument("--profile", action="store_true", help="cProfile the edits (after the timed ones)")
    ap.add_argument("--top", type=int, default=45)
    ap.add_argument("--json", action="store_true")
    ap.add_argument(
        "--gc-threshold",
        type=int,
        help="the collector's first threshold (gc.set_threshold; default 700): what a server could tune",
    )
    args = ap.parse_args()

    from go_sidecar.check import Folder, run_checks
    from go_sidecar.lsp import wire
    from go_sidecar.parse import jsonc
    from go_sidecar.probe import caches, debugger, facts, workspace
    from go_sidecar.probe.memo import Memo
    from go_sidecar.probe.system import RealSystem
    from go_sidecar.rules import registry
    from go_sidecar.settings import Settings

    with Machine() as mc:
        ws = mc.tmp / "ws200"
        shutil.copytree(DEMO, ws, symlinks=True)
        (ws / ".vscode").mkdir(exist_ok=True)
        launch = ws / ".vscode" / "launch.json"
        launch.write_text(launch_json(args.configs, mc))
        sys_ = RealSystem(env=mc.env)
        memo = Memo()
        entries = [Folder("ws200", str(ws))]
        edits = Edits(launch.read_text(encoding="utf-8"))
        enc = wire.Encoder("utf-16")
        toolchains = None

        def keystroke(text: str) -> None:
            nonlocal toolchains
            results = run_checks(sys_, entries, Settings(), {str(launch): text.encode()}, toolchains, memo=memo)
            toolchains = {f.path: report.toolchains for f, report, _ in results}
            wire.diagnostics_by_uri([f for _, report, _ in results for f in report.findings], [str(ws)], lambda _p: enc)

        keystroke(edits.text())  # the first check: toolchains scanned, memo filled
        if args.gc_threshold:
            gc.set_threshold(args.gc_threshold, *gc.get_threshold()[1:])
        for k in range(1, len(KINDS) + 1):  # warm-up: one edit of each kind
            keystroke(edits.apply(k)[1])

        # Each rule's own time: registry.run calls findings_of(rule, ...) once per rule.
        real_findings_of = registry.findings_of

        def findings_of(r: Any, f: Any, severity: Any = None) -> Any:
            t0 = CLOCK()
            try:
                return real_findings_of(r, f, severity)
            finally:
                CURRENT["rule " + r.code] = CURRENT.get("rule " + r.code, 0.0) + CLOCK() - t0

        patches = [
            (jsonc, "parse", "jsonc.parse"),
            (jsonc, "_reparse", "  jsonc.parse: tree-sitter, changed ranges"),
            (jsonc, "_top_value", "  jsonc.parse: JNodes (read or taken over)"),
            (workspace, "_launch_configs", "workspace._launch_configs"),
            (workspace, "read_workspace", "read_workspace (incl. parse, configs)"),
            (facts, "gather", "facts.gather"),
            (debugger, "gather_debug", "debugger.gather_debug"),
            (caches, "gather_caches", "caches.gather_caches"),
            (registry, "run", "registry.run (all rules)"),
            (wire, "diagnostics_by_uri", "wire.diagnostics_by_uri"),
        ]
        # check.py imported these names: patch them where they are looked up too.
        from go_sidecar import check

        patches += [
            (check, "read_workspace", "read_workspace (incl. parse, configs)"),
            (check, "gather", "facts.gather"),
            (check, "gather_caches", "caches.gather_caches"),
        ]
        patches += [(debugger, "gather_debug", "debugger.gather_debug")]
        # Inside facts.gather: the probes it calls, by the name it calls them (absent ones are skipped).
        for name in (
            "gather_cgo",
            "read_pin_facts",
            "read_wsl_facts",
            "machine_facts",
            "path_facts",
            "package_of",
            "module_facts",
            "read_go_env",
            "inspect_root",
            "first_go_on_path",
            "resolve",
        ):
            if hasattr(facts, name):
                patches.append((facts, name, f"  facts.gather: {name}"))
        # The cyclic garbage collector's own time, in whatever phase it happens to run.
        gc_start = [0.0]

        def gc_timer(phase: str, info: dict[str, int]) -> None:
            if phase == "start":
                gc_start[0] = CLOCK()
            else:
                key = f"garbage collector (generation {info['generation']})"
                CURRENT[key] = CURRENT.get(key, 0.0) + CLOCK() - gc_start[0]

        gc.callbacks.append(gc_timer)
        totals: dict[str, list[float]] = defaultdict(list)
        by_kind: dict[str, list[float]] = defaultdict(list)
        with timing(patches):
            registry.findings_of = findings_of
            try:
                for k in range(len(KINDS) + 1, len(KINDS) + 1 + args.edits):
                    kind, text = edits.apply(k)
                    CURRENT.clear()
                    t0 = CLOCK()
                    keystroke(text)
                    total = CLOCK() - t0
                    totals["keystroke (total)"].append(total)
                    by_kind[kind].append(total)
                    for label, t in CURRENT.items():
                        totals[label].append(t)
            finally:
                registry.findings_of = real_findings_of

        n = args.edits

        def padded(v: list[float]) -> list[float]:
            return v + [0.0] * (n - len(v))  # a phase that did not run in an edit took 0 there

        med = {label: statistics.median(padded(v)) for label, v in totals.items()}
        mean = {label: statistics.fmean(padded(v)) for label, v in totals.items()}
        result = {
            "configs": args.configs,
            "edits": n,
            "median_ms": {k: round(v * 1000, 3) for k, v in med.items()},
            "mean_ms": {k: round(v * 1000, 3) for k, v in mean.items()},
            "by_kind_median_ms": {k: round(statistics.median(v) * 1000, 3) for k, v in by_kind.items()},
        }
        if args.json:
            print(json.dumps(result, indent=2))
        else:
            print(
                f"{args.configs} configurations, {n} edits in process, CPU time per keystroke"
                + (f" (gc threshold {args.gc_threshold})" if args.gc_threshold else "")
                + f":\n  {'':<46} {'median':>8} {'mean':>8}"
            )
            top = ["keystroke (total)", "read_workspace (incl. parse, configs)", "jsonc.parse"]
            top += ["workspace._launch_configs", "facts.gather", "debugger.gather_debug", "caches.gather_caches"]
            top += ["registry.run (all rules)", "wire.diagnostics_by_uri"]
            subs = sorted(k for k in med if k.startswith("  "))
            phases = []
            for label in top + sorted(k for k in med if k not in top and k not in subs and not k.startswith("rule ")):
                phases.append(label)
                phases += [k for k in subs if k.strip().startswith(label + ":")]
            for label in (k for k in phases if k in med):
                print(f"  {label:<46} {med[label] * 1000:8.2f} {mean[label] * 1000:8.2f} ms")
            print("  rules, each:")
            for label in sorted((k for k in med if k.startswith("rule ")), key=lambda k: -mean[k]):
                if mean[label] >= 0.00001:
                    print(f"    {label[5:]:<44} {med[label] * 1000:8.2f} {mean[label] * 1000:8.2f} ms")
            print("  by kind (median): " + "; ".join(f"{k} {v:.1f} ms" for k, v in result["by_kind_median_ms"].items()))

        if args.profile:
            prof = cProfile.Profile()
            k0 = len(KINDS) + 1 + n
            prof.enable()
            for k in range(k0, k0 + n):
                keystroke(edits.apply(k)[1])
            prof.disable()
            out = io.StringIO()
            st = pstats.Stats(prof, stream=out)
            st.sort_stats("tottime").print_stats(args.top)
            st.sort_stats("cumulative").print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
