"""Sizing a 100,000-file Go build cache: a full measure at most 1.5x `du -s`, a re-measure after one small
change at most a tenth of a full measure.

The cache is synthetic and realistic in layout (cmd/go/internal/cache): 256 two-hex subfolders holding
`<64 hex>-a` action entries (175 bytes each, as Go writes them) and `<64 hex>-d` outputs (small, seeded random
sizes), plus README, trim.txt and testexpire.txt, in a temporary folder (nothing of the machine's own caches
is read). After it is built the bench waits out SizeCache's 2 s racy-mtime window once, as a cache last
written a moment ago would be.

- Full: `probe.dirsize.measure(root, "go-build")` (no remembered state) vs `du -s root` as a subprocess,
  interleaved, order flipped every round; medians compared. For transparency the same walk without the
  action-entry size shortcut (kind "modcache": every file stat'ed) is timed too (informational).
- Incremental: a SizeCache primed once; each round adds one file to one subfolder (a different one every
  round) and re-measures; the re-measure must re-read only the top level and that subfolder, and give the
  same totals as a fresh full measure.

    .venv/bin/python bench/cache_size.py [--files N] [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time

from _common import REPO, Verdict, median, ms  # _common puts the repository on sys.path

sys.path.insert(0, str(REPO / "server"))
from go_sidecar.probe.dirsize import GO_ACTION_ENTRY_SIZE, SizeCache, measure

TARGET_FULL = 1.5
TARGET_INCREMENTAL = 0.1
README = b"This directory holds cached build artifacts from the Go build system.\n"


def build_cache(root: str, n_files: int, seed: int = 1) -> None:
    rng = random.Random(seed)
    os.makedirs(root)
    with open(os.path.join(root, "README"), "wb") as f:
        f.write(README + b'Run "go clean -cache" if the directory is getting too large.\n')
    with open(os.path.join(root, "trim.txt"), "w") as f:
        f.write(str(int(time.time())))
    with open(os.path.join(root, "testexpire.txt"), "w") as f:
        f.write(str(time.time_ns()))
    per = [n_files // 256 + (1 if i < n_files % 256 else 0) for i in range(256)]
    for i, count in enumerate(per):
        sub = os.path.join(root, f"{i:02x}")
        os.mkdir(sub)
        for j in range(count):
            name = f"{i:02x}" + rng.getrandbits(248).to_bytes(31, "big").hex()
            if j % 2 == 0:
                out = rng.getrandbits(256).to_bytes(32, "big").hex()
                entry = f"v1 {name} {out} {rng.randrange(1 << 20):20d} {time.time_ns():20d}\n".encode()
                assert len(entry) == GO_ACTION_ENTRY_SIZE
                data, suffix = entry, "-a"
            else:
                data, suffix = rng.randbytes(rng.randrange(0, 2048)), "-d"
            fd = os.open(os.path.join(sub, name + suffix), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
            os.write(fd, data)
            os.close(fd)


def du(root: str) -> float:
    t0 = time.perf_counter()
    subprocess.run(["du", "-s", root], check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t0


def timed(fn, *args) -> tuple[float, object]:
    t0 = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - t0, result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=100_000)
    ap.add_argument("--rounds", type=int, default=9)
    args = ap.parse_args()
    verdict = Verdict("cache_size")
    with tempfile.TemporaryDirectory(prefix="sidecar-bench-cache-") as tmp:
        root = os.path.join(tmp, "go-build")
        t0 = time.perf_counter()
        build_cache(root, args.files)
        print(f"built {args.files} entries in {time.perf_counter() - t0:.1f} s at {root}")
        time.sleep(2.1)  # SizeCache's racy window: the cache was last written more than 2 s ago

        expected = (args.files + 3, None)
        full, full_generic, dus = [], [], []
        result = None
        for r in range(args.rounds):
            order = ("du", "measure", "generic") if r % 2 else ("generic", "measure", "du")
            for which in order:
                if which == "du":
                    dus.append(du(root))
                elif which == "measure":
                    t, result = timed(measure, root, "go-build")
                    full.append(t)
                else:
                    t, _ = timed(measure, root, "modcache")
                    full_generic.append(t)
        files, size = result
        ratio = median(full) / median(dus)
        print(
            f"full measure: {files} files, {size} bytes; median {ms(median(full))} vs du -s {ms(median(dus))} "
            f"({ratio:.2f}x); every file stat'ed: {ms(median(full_generic))} "
            f"({median(full_generic) / median(dus):.2f}x du)"
        )
        verdict.target("count", files == expected[0], f"{files} files counted, {expected[0]} on disk")
        verdict.target(
            f"full measure <= {TARGET_FULL}x du -s",
            ratio <= TARGET_FULL,
            f"{ms(median(full))} vs {ms(median(dus))} = {ratio:.2f}x",
        )

        cache = SizeCache()
        cache.measure(root, "go-build")
        incremental, wrong = [], []
        touched: dict[str, float] = {}  # subfolder -> when this bench last added to it
        for r in range(args.rounds):
            sub = f"{(r * 37) % 256:02x}"
            with open(os.path.join(root, sub, f"{sub}{r:062x}-d"), "wb") as f:
                f.write(b"x" * 1000)
            touched[sub] = time.time()
            t, got = timed(cache.measure, root, "go-build")
            incremental.append(t)
            # Subfolders changed less than the racy window ago are read again (their mtime is not yet trusted).
            allowed = {"", sub} | {s for s, when in touched.items() if time.time() - when < cache.slack_ns / 1e9 + 1}
            reread = set(cache.rescanned)
            if not {"", sub} <= reread <= allowed or got != measure(root, "go-build"):
                wrong.append(f"round {r}: re-read {sorted(reread)}, allowed {sorted(allowed)}, got {got}")
        inc_ratio = median(incremental) / median(full)
        print(f"re-measure after one change: median {ms(median(incremental))} ({inc_ratio:.3f}x the full measure)")
        verdict.target(
            "re-measure reads only changed subfolders",
            not wrong,
            "; ".join(wrong) or "the top level, the changed subfolder and those changed < 2 s before",
        )
        verdict.target(
            f"re-measure <= {TARGET_INCREMENTAL}x full",
            inc_ratio <= TARGET_INCREMENTAL,
            f"{ms(median(incremental))} vs {ms(median(full))} = {inc_ratio:.3f}x",
        )
    verdict.exit()


if __name__ == "__main__":
    main()
