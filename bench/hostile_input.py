"""Costly input (issue 9, class 5): `sidecar check` on a minified launch.json, on deep nesting, and the peak
memory of parsing 19-20 MB files. Printed beside a reference run in the same process: `check` of the small
demo-style workspace (_common.Machine), so figures read as ratios on a loaded machine too.

    .venv/bin/python bench/hostile_input.py

Targets: the 400 KB one-line launch.json (4,000 configurations, non-ASCII names) checks in under 1 s; a check of a
launch.json of any size (up to the 20 MB read bound; JSONC files over 1 MB are refused with a message) and
parsing any other 20 MB file take less than 300 / 200 MB more than the reference.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from _common import PYTHON, REPO, Machine, Verdict, launch_json, median, run_timed

PROBE = """
import resource, sys, time
sys.path.insert(0, {server!r})
{build}
{imports}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
result = {call}
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - t)
"""
PARSES = {
    "go.mod, 19 MB of newlines": (
        "data = b'\\n' * (19 << 20)",
        "from go_sidecar.parse.gomod import parse_modfile",
        "parse_modfile('go.mod', data)",
    ),
    "go.sum, 19 MB of sums": (
        "data = b'example.com/m v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\\n' * (19 << 14)",
        "from go_sidecar.parse.gosum import parse_gosum",
        "parse_gosum(data)",
    ),
    "envFile, 19 MB of newlines": (
        "text = '\\n' * (19 << 20)",
        "from go_sidecar.parse.envfile import parse_env_file",
        "parse_env_file(text)",
    ),
}


def one_line_launch(n: int) -> str:
    cfgs = [
        {"name": f"Конф {i} 🚀", "type": "go", "request": "launch", "env": {"GOROOT": "/opt/go-removed"}}
        for i in range(n)
    ]
    return json.dumps({"version": "0.2.0", "configurations": cfgs}, ensure_ascii=False, separators=(",", ":"))


def check_time(m: Machine, text: str, name: str = "launch.json", runs: int = 3) -> float:
    (m.ws / ".vscode" / name).write_text(text, encoding="utf-8")
    times = []
    for _ in range(runs):
        t, cp = run_timed([PYTHON, "-m", "go_sidecar", "check", str(m.ws), "--format", "json"], m.env)
        assert cp.returncode in (0, 1), cp.stderr.decode()[-2000:]
        times.append(t)
    return median(times)


def check_rss(m: Machine) -> float:
    """Peak RSS (MB) of one `sidecar check` of the machine's workspace, in a child that only runs it."""
    code = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, timeout=120); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    cp = subprocess.run(
        [PYTHON, "-c", code, PYTHON, "-m", "go_sidecar", "check", str(m.ws), "--format", "json"],
        env=m.env,
        capture_output=True,
        text=True,
        timeout=130,
        check=False,
    )
    return int(cp.stdout.split()[-1]) / 1024


def peak_extra(build: str, imports: str, call: str) -> tuple[float, float]:
    code = PROBE.format(server=str(REPO / "server"), build=build, imports=imports, call=call)
    cp = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=600, check=False)
    if cp.returncode:
        raise SystemExit(cp.stderr[-2000:])
    before, after, seconds = cp.stdout.split()
    return (int(after) - int(before)) / 1024, float(seconds)


def main() -> None:
    verdict = Verdict("hostile_input")
    with Machine() as m:
        (m.ws / ".vscode").mkdir(parents=True)
        (m.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
        ref = check_time(m, launch_json(4, m))
        print(f"reference: check of a 4-configuration launch.json: {ref * 1000:.0f} ms")
        text = one_line_launch(4000)
        t = check_time(m, text)
        print(
            f"400 KB one-line launch.json ({len(text.encode()) // 1024} KB, 4,000 configurations): "
            f"{t * 1000:.0f} ms ({t / ref:.1f}x reference)"
        )
        verdict.target("400 KB one line under 1 s", t < 1.0, f"{t:.2f} s")
        base_rss = check_rss(m)
        print(f"reference: peak RSS of that check: {base_rss:.0f} MB")
        for label, n in (("1 MB (the largest launch.json checked)", 10_500), ("14 MB", 150_000), ("20 MB", 215_000)):
            big = one_line_launch(n)
            (m.ws / ".vscode" / "launch.json").write_text(big, encoding="utf-8")
            t0 = time.perf_counter()
            try:
                rss = check_rss(m)
                t = time.perf_counter() - t0
                print(
                    f"{label} one-line launch.json ({len(big.encode()) / 2**20:.1f} MB): {t:.1f} s "
                    f"({t / ref:.0f}x reference), peak RSS {rss:.0f} MB (+{rss - base_rss:.0f} MB)"
                )
            except subprocess.TimeoutExpired:
                t, rss = float("inf"), float("inf")
                print(f"{label} one-line launch.json: did not finish within 120 s")
            verdict.target(
                f"{label} one line: memory bounded (under 300 MB more)",
                rss - base_rss < 300,
                f"+{rss - base_rss:.0f} MB",
            )
        (m.ws / ".vscode" / "launch.json").unlink()
        deep = '{"go.goroot": "/opt/removed", "deep": ' + '{"a":' * 500 + "1" + "}" * 500 + "}"
        t = check_time(m, deep, "settings.json")
        print(f"settings.json nested 500 deep: {t * 1000:.0f} ms ({t / ref:.1f}x reference)")
    for label, case in PARSES.items():
        extra, seconds = peak_extra(*case)
        print(f"parse {label}: +{extra:.0f} MB peak RSS, {seconds:.2f} s")
        verdict.target(f"{label} under 200 MB", extra < 200, f"+{extra:.0f} MB")
    verdict.exit()


if __name__ == "__main__":
    sys.exit(main())
