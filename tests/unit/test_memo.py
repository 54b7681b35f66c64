"""probe/memo.py: probe results reused between the server's checks while their inputs are unchanged (issue 12).

On a real generated machine (bench/monorepo.py at a tiny size): a check with the memo finds exactly what a check
without it finds; the module cache is read again only when go.sum changes, the area is invalidated, or the ttl
passes; a launch.json edit re-reads launch.json only."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from go_sidecar.check import run_check
from go_sidecar.probe.memo import LINKS, MODULES, SUMS, Memo
from go_sidecar.probe.system import RealSystem
from go_sidecar.settings import Settings

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import monorepo  # noqa: E402 - a benchmark script, importable from bench/

TINY = monorepo.Params(modules=30, cache_files=50, toolchains=3, configs=4)


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_signature_epoch_and_ttl_decide_reuse():
    clock = Clock()
    m = Memo(ttl=60, clock=clock)
    calls = []

    def compute(v):
        calls.append(v)
        return v

    assert m.get("a", "k", 1, lambda: compute("x")) == "x"
    assert m.get("a", "k", 1, lambda: compute("y")) == "x"  # same signature: reused
    assert m.get("a", "k", 2, lambda: compute("z")) == "z"  # signature changed
    assert m.get("b", "k", 2, lambda: compute("b")) == "b"  # areas are apart
    m.invalidate("a")
    assert m.get("a", "k", 2, lambda: compute("after")) == "after"
    assert m.get("b", "k", 2, lambda: compute("no")) == "b"  # another area's epoch did not move
    clock.now += 59
    assert m.get("a", "k", 2, lambda: compute("no")) == "after"
    clock.now += 2
    assert m.get("a", "k", 2, lambda: compute("stale")) == "stale"  # older than ttl
    m.invalidate_all()
    assert m.get("b", "k", 2, lambda: compute("fresh")) == "fresh"
    assert calls == ["x", "z", "b", "after", "stale", "fresh"]
    assert (m.computed, m.reused) == (6, 3)


@pytest.fixture
def gen(tmp_path: Path) -> monorepo.Generated:
    return monorepo.generate(TINY, tmp_path / "machine")


def _codes(report) -> list[tuple[str, str, str]]:
    return sorted((f.code, f.location.path, f.message) for f in report.findings)


def _gosum_reads(monkeypatch) -> list[str]:
    from go_sidecar.probe import caches

    reads: list[str] = []
    real = caches.check_gosum

    def counting(sys_, path, data, modcache):
        reads.append(path)
        return real(sys_, path, data, modcache)

    monkeypatch.setattr(caches, "check_gosum", counting)
    return reads


def _corrupt_one_ziphash(gen: monorepo.Generated) -> Path:
    ziphash = next(gen.modcache.joinpath("cache", "download").rglob("*.ziphash"))
    ziphash.write_text("h1:" + "A" * 43 + "=")  # a valid h1: hash, not go.sum's
    return ziphash


def test_memo_gives_the_same_findings_and_reads_the_module_cache_once(gen, monkeypatch):
    reads = _gosum_reads(monkeypatch)
    sys_ = RealSystem(env=gen.env)
    fresh, _ = run_check(sys_, str(gen.ws))
    m = Memo()
    first, _ = run_check(sys_, str(gen.ws), memo=m)
    launch = gen.ws / ".vscode" / "launch.json"
    edited = launch.read_bytes().replace(b'"name": "', b'"name": "renamed ', 1)
    again, _ = run_check(sys_, str(gen.ws), Settings(), {str(launch): edited}, first.toolchains, memo=m)
    assert _codes(first) == _codes(fresh)
    assert len(reads) == 2  # the memo-less check and the first memo check; the launch.json edit reused it
    assert any("renamed " in f.message for f in again.findings)  # ...and still saw the edit

    # A corrupted module in the cache: not seen by a keystroke's check until the area is said to have changed
    # (the server's watcher, or the user's explicit "Check workspace"), or the ttl passes.
    _corrupt_one_ziphash(gen)
    stale, _ = run_check(sys_, str(gen.ws), Settings(), None, first.toolchains, memo=m)
    assert "modcache-corrupt" not in {f.code for f in stale.findings}
    m.invalidate(SUMS)
    seen, _ = run_check(sys_, str(gen.ws), Settings(), None, first.toolchains, memo=m)
    assert "modcache-corrupt" in {f.code for f in seen.findings}
    assert _codes(seen) == _codes(run_check(sys_, str(gen.ws))[0])


def test_a_go_sum_change_reads_the_module_cache_again(gen, monkeypatch):
    reads = _gosum_reads(monkeypatch)
    sys_ = RealSystem(env=gen.env)
    m = Memo()
    first, _ = run_check(sys_, str(gen.ws), memo=m)
    gosum = gen.ws / "go.sum"
    lines = gosum.read_bytes().splitlines(keepends=True)
    run_check(sys_, str(gen.ws), Settings(), {str(gosum): b"".join(lines[2:])}, first.toolchains, memo=m)
    assert len(reads) == 2


def test_module_layouts_and_links_follow_their_areas(gen, tmp_path):
    sys_ = RealSystem(env=gen.env)
    m = Memo()
    run_check(sys_, str(gen.ws), memo=m)
    computed = m.computed
    run_check(sys_, str(gen.ws), memo=m)
    assert m.computed == computed  # nothing read again
    m.invalidate(MODULES)
    run_check(sys_, str(gen.ws), memo=m)
    assert m.computed > computed
    computed = m.computed
    m.invalidate(LINKS)
    run_check(sys_, str(gen.ws), memo=m)
    assert m.computed > computed
