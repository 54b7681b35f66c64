"""A cold `sidecar check` of the demo vs the stack floor, in the same run: its CPU time must be <= 2x the floor's.

Measures the console script the user runs (.venv/bin/sidecar check WS) on a copy of examples/demo, in a machine
redirected into a temporary folder (see _common.Machine). The reference is the *stack floor*: what no `check` on
this stack (CPython + tree-sitter + tree-sitter-json) can avoid. It is a copy of the installed console script
(same shebang, so the same interpreter, flags such as -I and site settings, .pth files included; same preamble)
whose `from go_sidecar.cli import main` is replaced by a tiny module beside it (`FLOOR` below) that:

- imports tree_sitter (which brings typing) and loads tree_sitter_json's grammar from its extension module,
  as parse/jsonc.py does (not through the package's __init__, which imports importlib.resources);
- reads and parses .vscode/launch.json and .vscode/settings.json, and walks their pairs (GOROOT values,
  goSidecar.toolchainRoots);
- reads what the demo's findings are made of: go.mod (its go line: goroot-too-old); the VERSION of every Go root
  in goSidecar.toolchainRoots (ws/toolchains/*) and in $HOME/sdk (golang.org/dl's default; the fixes name
  them); the `go` first on PATH, resolved to its root and VERSION (goroot-unpinned, goroot-path-mismatch); each
  pinned GOROOT (goroot-invalid when missing, goroot-too-old from its VERSION) and its go.env, and the user's
  $XDG_CONFIG_HOME/go/env (GOTOOLCHAIN, which the goroot-too-old message depends on);
- looks for dlv where VS Code Go looks ($GOBIN, $GOPATH/bin, each root's bin, PATH: dlv-missing);
- prints one line and exits.

Left out, as go-sidecar's choices of coverage rather than the floor of the demo's findings: go.work and .git
lookups up the tree, GoLand's .idea/.run, the other version managers' folders (asdf, goenv, gvm, mise,
Homebrew, /usr/local/go), GOCACHE/GOMODCACHE and the sizes cache (each a stat or a small read when absent).

Runs are interleaved (the order flips every round); the goal compares the medians of CPU time (user + system of
each process): on a busy machine (other helpers, CI neighbours) the wall medians of both sides inflate with what
the other processes do, the CPU times hardly; the wall ratio is reported beside it. Also timed: the same
console-script copy whose main does nothing (the interpreter's start alone); the floor run with the cyclic garbage
collector as `sidecar check` runs it (off, and frozen before the exit so that the interpreter's last full
collection has nothing to walk: cli.py _one_shot), which any script could do too, so that the report says how much
of the ratio that setting is; and, in a probe process, `import go_sidecar.cli`
and `main(["check", WS])` in-process (the first call with its lazy imports, then a second one). Then where the
rest goes: -X importtime of the console script, go_sidecar's own modules (top 10 by cumulative time) and the
modules `check` imports beyond the floor's (top 10 by self time); the regular expressions a cold check compiles,
by the module that compiles them; the cyclic garbage collector's passes. Also checks that `check` loads neither pygls
nor lsprotocol.

    .venv/bin/python bench/check_cold.py [--rounds N] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shlex
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from _common import PYTHON, SIDECAR, Machine, Verdict, median, ms

TARGET_RATIO = 2.0
FORBIDDEN = ("pygls", "lsprotocol")
ENTRY_IMPORT = "from go_sidecar.cli import main"

# The floor's module, imported by the console-script copies (from their own folder: sys.path[0]).
FLOOR = '''"""The stack floor of `sidecar check WS` (written by bench/check_cold.py; see its docstring)."""
import os
import sys


def start_only():
    return 0


def main_without_collector():
    """main() with the cyclic garbage collector as `sidecar check` runs it: off, then frozen before the exit."""
    import gc

    gc.disable()
    try:
        return main()
    finally:
        gc.freeze()


def _language():
    import importlib.machinery
    import importlib.util

    folder = importlib.util.find_spec("tree_sitter_json").submodule_search_locations[0]
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = os.path.join(folder, "_binding" + suffix)
        if os.path.exists(path):
            loader = importlib.machinery.ExtensionFileLoader("tree_sitter_json._binding", path)
            binding = importlib.util.module_from_spec(importlib.util.spec_from_loader(loader.name, loader))
            loader.exec_module(binding)
            return binding.language()
    raise SystemExit("no tree_sitter_json binding")


def _string(node):
    raw = node.text[1:-1].decode("utf-8")
    if "\\\\" in raw:  # escapes are rare in these files: json only then
        import json

        return json.loads(node.text)
    return raw


def _pairs(tree):
    """(key, value node) of every pair, iteratively."""
    stack = [tree.root_node]
    while stack:
        n = stack.pop()
        if n.type == "pair":
            key, value = n.child_by_field_name("key"), n.child_by_field_name("value")
            if key is not None and value is not None and key.type == "string":
                yield _string(key), value
        stack.extend(n.named_children)


def _read(path, limit=1 << 16):
    try:
        with open(path, "rb") as f:
            return f.read(limit)
    except OSError:
        return None


def main():
    import tree_sitter

    ws = os.path.abspath(sys.argv[1])
    home = os.environ.get("HOME", "")
    parser = tree_sitter.Parser(tree_sitter.Language(_language()))
    goroots, root_dirs, n_pairs = [], [], 0
    for name in ("launch.json", "settings.json"):
        text = _read(os.path.join(ws, ".vscode", name))
        if text is None:
            continue
        for key, value in _pairs(parser.parse(text)):
            n_pairs += 1
            if key == "GOROOT" and value.type == "string":
                goroots.append(_string(value).replace("${workspaceFolder}", ws))
            elif key == "goSidecar.toolchainRoots" and value.type == "array":
                root_dirs += [_string(v).replace("${workspaceFolder}", ws) for v in value.named_children
                              if v.type == "string"]
    go_mod = _read(os.path.join(ws, "go.mod")) or b""
    go_line = next((ln for ln in go_mod.splitlines() if ln.startswith(b"go ")), b"")
    roots = {}
    for folder in root_dirs + [os.path.join(home, "sdk")]:
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for e in entries:
            version = _read(os.path.join(e.path, "VERSION"), 4096)
            if version is not None:
                roots[e.path] = version.split(b"\\n", 1)[0]
    path_dirs = os.environ.get("PATH", "").split(os.pathsep)
    path_go = None
    for d in path_dirs:
        candidate = os.path.join(d, "go")
        if os.path.isfile(candidate):
            path_go = os.path.dirname(os.path.dirname(os.path.realpath(candidate)))
            roots.setdefault(path_go, (_read(os.path.join(path_go, "VERSION"), 4096) or b"").split(b"\\n", 1)[0])
            break
    for g in goroots:
        if os.path.isdir(g):
            _read(os.path.join(g, "VERSION"), 4096)
            _read(os.path.join(g, "go.env"))
    _read(os.path.join(os.environ.get("XDG_CONFIG_HOME", os.path.join(home, ".config")), "go", "env"))
    gopath = os.environ.get("GOPATH") or os.path.join(home, "go")
    dlv_dirs = [os.environ.get("GOBIN", ""), os.path.join(gopath, "bin")]
    dlv_dirs += [os.path.join(r, "bin") for r in roots] + path_dirs
    dlv = next((d for d in dlv_dirs if d and os.path.isfile(os.path.join(d, "dlv"))), None)
    print(f"floor: {n_pairs} pairs, {len(roots)} Go roots, go.mod {go_line.decode()!r}, PATH go {path_go}, "
          f"pinned {goroots}, dlv {dlv}")
    return 1
'''

# Run in a probe process: `check` in-process, and what it left in sys.modules. `re` first, as the console
# script's preamble imports it (else json.decoder's import of re would count as go_sidecar's).
PROBE = """
import gc, re, sys, time
gc_passes, gc_cpu, gc_start = [0], [0.0], [0.0]
def gc_timer(phase, info):
    if phase == "start":
        gc_start[0] = time.process_time()
    else:
        gc_passes[0] += 1
        gc_cpu[0] += time.process_time() - gc_start[0]
gc.callbacks.append(gc_timer)
t0 = time.perf_counter()
from go_sidecar.cli import main
t1 = time.perf_counter()
import contextlib, io
with contextlib.redirect_stdout(io.StringIO()):
    t2 = time.perf_counter()
    main(["check", {ws!r}])
    t3 = time.perf_counter()
    first_gc = (gc_passes[0], gc_cpu[0])
    main(["check", {ws!r}])
    t4 = time.perf_counter()
import json
print(json.dumps({{"import_cli": t1 - t0, "check_first": t3 - t2, "check_second": t4 - t3,
                  "gc_passes": first_gc[0], "gc_cpu": first_gc[1],
                  "forbidden": sorted(m for m in sys.modules if m.split(".")[0] in {forbidden!r})}}))
"""

# The regular expressions a cold check compiles (module-level re.compile and re.match/sub of new patterns): each
# costs a parse and a compile in Python; re's own cache makes a repeated pattern free.
REGEX_PROBE = """
import re, sys, time
compiled, spent = [], [0.0]
original = re._compile
def timed(pattern, flags):
    fresh = (type(pattern), pattern, flags) not in re._cache
    t0 = time.perf_counter()
    out = original(pattern, flags)
    if fresh:
        spent[0] += time.perf_counter() - t0
        frame = sys._getframe(1)
        while frame is not None and frame.f_globals.get("__name__", "").startswith("re"):
            frame = frame.f_back  # re.compile, re.match, ...: the caller is the module that wants the pattern
        compiled.append(frame.f_globals.get("__name__", "?") if frame is not None else "?")
    return out
re._compile = timed
import contextlib, io
from go_sidecar.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    main(["check", {ws!r}])
re._compile = original
import json
print(json.dumps({{"patterns": len(compiled), "seconds": spent[0], "modules": compiled}}))
"""


def run_timed(cmd: list[str], env: dict, cwd: str | None = None) -> tuple[float, float, subprocess.CompletedProcess]:
    """(wall seconds, CPU seconds of the process: user + system, the completed process)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    cp = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), cp


def interpreter_cmd() -> list[str]:
    """The console script's shebang as a command (interpreter and its flags), to run it under -X importtime."""
    first = Path(SIDECAR).read_text(encoding="utf-8").splitlines()[0]
    words = shlex.split(first[2:]) if first.startswith("#!") else []
    return words if words and "python" in Path(words[0]).name else [PYTHON]


def write_entry_points(folder: Path) -> tuple[str, str, str]:
    """Three copies of the installed console script beside FLOOR's module: the floor, the start alone, and the floor
    with the collector off."""
    script = Path(SIDECAR).read_text(encoding="utf-8")
    if ENTRY_IMPORT not in script:
        raise SystemExit(f"check_cold: {SIDECAR} has no line {ENTRY_IMPORT!r}: cannot make its floor copy")
    folder.mkdir()
    (folder / "_check_floor.py").write_text(FLOOR, encoding="utf-8")
    out = []
    for name, entry in (
        ("sidecar-floor", "from _check_floor import main"),
        ("sidecar-start", "from _check_floor import start_only as main"),
        ("sidecar-floor-nogc", "from _check_floor import main_without_collector as main"),
    ):
        p = folder / name
        p.write_text(script.replace(ENTRY_IMPORT, entry), encoding="utf-8")
        p.chmod(0o755)
        out.append(str(p))
    return out[0], out[1], out[2]


def import_profile(cmd: list[str], env: dict, cwd: str, runs: int = 3) -> tuple[dict, dict]:
    """-X importtime of cmd (after the interpreter), `runs` times: the smallest self/cumulative µs per module."""
    best_self: dict[str, int] = defaultdict(lambda: 10**12)
    best_cum: dict[str, int] = defaultdict(lambda: 10**12)
    for _ in range(runs):
        cp = subprocess.run(
            interpreter_cmd() + ["-X", "importtime"] + cmd,
            env=env,
            cwd=cwd,
            check=False,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for line in cp.stderr.splitlines():
            m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
            if m:
                best_self[m.group(4)] = min(best_self[m.group(4)], int(m.group(1)))
                best_cum[m.group(4)] = min(best_cum[m.group(4)], int(m.group(2)))
    return dict(best_self), dict(best_cum)


def measure(args, log) -> dict:
    with Machine() as machine:
        ws = str(machine.workspace_from_demo())
        floor_script, start_script, floor_nogc_script = write_entry_points(machine.tmp / "floor")
        cmds = {
            "sidecar": [SIDECAR, "check", ws],
            "floor": [floor_script, ws],
            "floor_nogc": [floor_nogc_script, ws],
            "start": [start_script, ws],
            "probe": [PYTHON, "-c", PROBE.format(ws=ws, forbidden=FORBIDDEN)],
        }

        # Sanity: the measured commands do their real work.
        _, _, cp = run_timed(cmds["sidecar"], machine.env, ws)
        if cp.returncode not in (0, 1) or b"finding(s)" not in cp.stdout:
            raise SystemExit(f"sidecar check failed (exit {cp.returncode}):\n{cp.stdout.decode()}{cp.stderr.decode()}")
        findings_line = cp.stdout.decode().strip().splitlines()[-1]
        _, _, cp = run_timed(cmds["floor"], machine.env, ws)
        if cp.returncode != 1 or not cp.stdout.startswith(b"floor: ") or b"go1.19-removed" not in cp.stdout:
            raise SystemExit(
                f"the floor script failed (exit {cp.returncode}):\n{cp.stdout.decode()}{cp.stderr.decode()}"
            )
        floor_line = cp.stdout.decode().strip()
        log(f"workspace: {ws} (copy of examples/demo); sidecar check says: {findings_line}")
        log(f"entry point: {' '.join(interpreter_cmd())} (the console script's shebang); the {floor_line}")

        # Warm-up (page cache, .pyc), then interleaved rounds.
        for _ in range(2):
            for cmd in cmds.values():
                run_timed(cmd, machine.env, ws)
        times: dict[str, list[float]] = {k: [] for k in cmds}
        cpu: dict[str, list[float]] = {k: [] for k in cmds}
        probes: list[dict] = []
        order = list(cmds)
        for r in range(args.rounds):
            for name in order if r % 2 == 0 else order[::-1]:
                t, c, cp = run_timed(cmds[name], machine.env, ws)
                times[name].append(t)
                cpu[name].append(c)
                if name == "probe":
                    if cp.returncode != 0:
                        raise SystemExit(f"the in-process probe failed:\n{cp.stderr.decode()}")
                    probes.append(json.loads(cp.stdout.decode().strip().splitlines()[-1]))

        sidecar_self, sidecar_cum = import_profile([SIDECAR, "check", ws], machine.env, ws)
        floor_self, _ = import_profile([floor_script, ws], machine.env, ws)
        regex = []
        for _ in range(3):
            cp = subprocess.run(
                [PYTHON, "-c", REGEX_PROBE.format(ws=ws)],
                env=machine.env,
                cwd=ws,
                capture_output=True,
                text=True,
                check=False,
            )
            if cp.returncode != 0:
                raise SystemExit(f"the regex probe failed:\n{cp.stderr}")
            regex.append(json.loads(cp.stdout.strip().splitlines()[-1]))

    med = {k: median(v) for k, v in times.items() if k != "probe"}
    med_cpu = {k: median(v) for k, v in cpu.items() if k != "probe"}
    in_process = {
        k: median([p[k] for p in probes]) for k in ("import_cli", "check_first", "check_second", "gc_passes", "gc_cpu")
    }
    compilers: dict[str, int] = defaultdict(int)
    for module in regex[0]["modules"]:
        compilers[module] += 1
    ours = {n: (sidecar_self[n], sidecar_cum[n]) for n in sidecar_self if n.split(".")[0] == "go_sidecar"}
    beyond = {n: us for n, us in sidecar_self.items() if n not in floor_self}
    ratio = med["sidecar"] / med["floor"]
    cpu_ratio = med_cpu["sidecar"] / med_cpu["floor"]
    forbidden = sorted(
        {m for p in probes for m in p["forbidden"]} | {m for m in sidecar_self if m.split(".")[0] in FORBIDDEN}
    )
    return {
        "rounds": args.rounds,
        "findings": findings_line,
        "median_s": med,
        "min_s": {k: min(v) for k, v in times.items() if k != "probe"},
        "median_cpu_s": med_cpu,
        "ratio_sidecar_floor": ratio,
        "cpu_ratio_sidecar_floor": cpu_ratio,
        "cpu_ratio_sidecar_floor_nogc": med_cpu["sidecar"] / med_cpu["floor_nogc"],
        "goal": {
            "goal": f"cold check <= {TARGET_RATIO:.0f}x the stack floor (CPU time)",
            "value": cpu_ratio,
            "limit": TARGET_RATIO,
            "pass": cpu_ratio <= TARGET_RATIO,
        },
        "in_process_s": in_process,
        "imports": {
            "modules": len(sidecar_self),
            "floor_modules": len(floor_self),
            "self_ms_total": sum(sidecar_self.values()) / 1000,
            "floor_self_ms_total": sum(floor_self.values()) / 1000,
            "go_sidecar_modules": len(ours),
            "go_sidecar_self_ms": sum(s for s, _ in ours.values()) / 1000,
            "beyond_floor_self_ms": sum(beyond.values()) / 1000,
            "go_sidecar_top_cumulative": [
                {"module": n, "self_ms": s / 1000, "cumulative_ms": c / 1000}
                for n, (s, c) in sorted(ours.items(), key=lambda kv: -kv[1][1])[:10]
            ],
            "beyond_floor_top_self": [
                {"module": n, "self_ms": us / 1000}
                for n, us in sorted(beyond.items(), key=lambda kv: -kv[1])
                if n.split(".")[0] != "go_sidecar"
            ][:10],
        },
        "regex": {
            "patterns": regex[0]["patterns"],
            "compile_ms": min(r["seconds"] for r in regex) * 1000,
            "by_module": dict(sorted(compilers.items(), key=lambda kv: (-kv[1], kv[0]))),
        },
        "forbidden_loaded": forbidden,
        "command": " ".join(sys.argv),
    }


def report(out: dict) -> str:
    med, mn, ip, im = out["median_s"], out["min_s"], out["in_process_s"], out["imports"]
    cpu = out["median_cpu_s"]
    lines = [f"rounds: {out['rounds']} (interleaved, order flipped every round)"]
    for k, label in (
        ("sidecar", "sidecar check (console script)"),
        ("floor", "stack floor (same entry point)"),
        ("floor_nogc", "floor, collector as check runs it"),
        ("start", "entry point alone (main returns)"),
    ):
        lines.append(f"  {label:34s} median {ms(med[k]):>9s}  min {ms(mn[k]):>9s}  CPU median {ms(cpu[k]):>9s}")
    g = out["goal"]
    lines.append(
        f"CPU ratio sidecar/floor: {out['cpu_ratio_sidecar_floor']:.2f}x (the goal, <= {g['limit']:.0f}x: budget "
        f"{ms(g['limit'] * cpu['floor'])} of CPU, {'PASS' if g['pass'] else 'FAIL'}); wall ratio "
        f"{out['ratio_sidecar_floor']:.2f}x (a busy machine inflates it); CPU ratio to the floor with the collector "
        f"as check runs it {out['cpu_ratio_sidecar_floor_nogc']:.2f}x"
    )
    lines.append(
        f"where it goes (CPU): the interpreter's start {ms(cpu['start'])}; the floor adds "
        f"{ms(cpu['floor'] - cpu['start'])} (tree-sitter, parsing, reads; {ms(cpu['floor'] - cpu['floor_nogc'])} of "
        f"it the collector's); check adds {ms(cpu['sidecar'] - cpu['floor'])} over the floor"
    )
    lines.append(
        f"  in-process (probe, medians): import go_sidecar.cli {ms(ip['import_cli'])}; "
        f"main(['check', WS]) first {ms(ip['check_first'])} (lazy imports included), "
        f"second {ms(ip['check_second'])}; the garbage collector ran {ip['gc_passes']:.0f} times up to the end "
        f"of the first, import included ({ms(ip['gc_cpu'])} CPU)"
    )
    lines.append(
        f"  -X importtime (smallest of 3 runs per module; importtime inflates it): check loads "
        f"{im['modules']} modules ({im['self_ms_total']:.1f} ms self), the floor {im['floor_modules']} "
        f"({im['floor_self_ms_total']:.1f} ms); beyond the floor {im['beyond_floor_self_ms']:.1f} ms, "
        f"of which "
        f"go_sidecar's own {im['go_sidecar_modules']} modules {im['go_sidecar_self_ms']:.1f} ms"
    )
    lines.append(
        f"  regular expressions compiled by a cold check: {out['regex']['patterns']} patterns, "
        f"{out['regex']['compile_ms']:.1f} ms (in-process, smallest of 3 runs); by module: "
        + ", ".join(f"{m} {n}" for m, n in out["regex"]["by_module"].items())
    )
    lines.append("  go_sidecar's imports, top 10 by cumulative (self / cumulative):")
    lines += [
        f"    {e['self_ms']:6.1f} / {e['cumulative_ms']:6.1f} ms  {e['module']}"
        for e in im["go_sidecar_top_cumulative"]
    ]
    lines.append("  other modules check loads and the floor does not, top 10 by self time:")
    lines += [f"    {e['self_ms']:6.1f} ms  {e['module']}" for e in im["beyond_floor_top_self"]]
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--rounds", type=int, default=25)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = ap.parse_args()
    log = (lambda m: print(m, file=sys.stderr)) if args.json else print
    out = measure(args, log)
    if args.json:
        print(json.dumps(out, indent=2))
        raise SystemExit(0 if out["goal"]["pass"] and not out["forbidden_loaded"] else 1)
    print(report(out))
    verdict = Verdict("check_cold")
    g = out["goal"]
    verdict.target(
        g["goal"],
        g["pass"],
        f"{g['value']:.2f}x of CPU ({ms(out['median_cpu_s']['sidecar'])} vs floor {ms(out['median_cpu_s']['floor'])}); "
        f"wall {out['ratio_sidecar_floor']:.2f}x",
    )
    verdict.target(
        "check imports no pygls/lsprotocol",
        not out["forbidden_loaded"],
        "none loaded (-X importtime and sys.modules)"
        if not out["forbidden_loaded"]
        else f"loaded: {out['forbidden_loaded']}",
    )
    verdict.exit()


if __name__ == "__main__":
    main()
