"""Incremental checks at monorepo scale (issue 12): a generated monorepo against examples/demo, in the same run.

The monorepo machine (generated once per set of parameters and kept in <system tmp>/go-sidecar-bench-monorepo-<key>/;
never the user's home: HOME, XDG_*, GOPATH, GOMODCACHE, GOCACHE, TMPDIR and PATH all point inside it):
- ws/go.mod requiring MODULES modules, ws/go.sum with two lines each (`h1:` of the module zip, of its go.mod),
  ws/cmd/svcN/main.go and a ws/.vscode/launch.json of CONFIGS configurations (_common.launch_json);
- every module in GOMODCACHE as the go command leaves it (cmd/go/internal/modfetch cache.go DownloadDir,
  CachePath): `<escaped path>@<version>/` with its go.mod and a .go file, and `cache/download/<escaped
  path>/@v/` with `list`, `<v>.info`, `<v>.mod`, `<v>.zip` and `<v>.ziphash`. The hashes are real
  (dirhash.Hash1), so `go mod verify` passes on it (tests/unit/test_bench_monorepo.py runs it);
- TOOLCHAINS stand-in Go roots in ~/sdk/goX.Y.Z (tests.sandbox.make_root; the newest on PATH; their go is a
  booby trap that leaves a RAN file, looked for at the end);
- a GOCACHE of CACHE_FILES entries named as cmd/go/internal/cache names them (`<2 hex>/<64 hex>-a` action
  entries of their fixed 175 bytes, `-d` outputs as sparse files of 64 B..64 KiB), README, trim.txt.
Generating the full size takes 20-40 s (100,000 files; 300 MB on disk, the -d files are sparse); later runs reuse it
(the run says which). Nothing of it is changed by a run but GOCACHE/trim.txt (set to now: Go trimmed today) and
go-sidecar's own size cache (removed first, so that every run measures the same first check).

Measured for the monorepo and for examples/demo (the small workspace of `make demo`), and for examples/demo
with a launch.json of BIG configurations ("200 configurations alone"):
- cold `sidecar check` (the console script; median of interleaved rounds; the monorepo also once without
  go-sidecar's size cache, its first check ever);
- first diagnostics: spawn -> the first publishDiagnostics (initialize, initialized, didOpen sent at once);
- didChange -> publishDiagnostics of that version: EDITS edits cycling through seven kinds (a configuration's
  name, an env value, a comment line added/removed, a blank line added/removed, mode auto<->debug, program, and
  a no-op: a word of an existing comment), the three servers interleaved edit by edit. Median and p95 are over
  the six kinds a rule reads; the no-op edits are reported apart: did the server publish anything new?
- idle RSS of each server after the edits.

    .venv/bin/python bench/monorepo.py [--quick] [--json] [--edits N] [--modules N] [--cache-files N]
                                       [--toolchains N] [--configs N] [--big N] [--source TREE]

--source measures another tree's server/ (put first on PYTHONPATH), e.g. the code before a change:
    mkdir /tmp/head && git archive HEAD server | tar -x -C /tmp/head
    .venv/bin/python bench/monorepo.py --source /tmp/head
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tempfile
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from _common import (
    DEMO,
    SIDECAR,
    Machine,
    Session,
    Verdict,
    launch_json,
    make_root,
    median,
    pct,
    rss_mib,
    run_timed,
    sandbox_env,
)

GENERATOR_VERSION = 1  # part of the cache key: bump it when the generated files change
CACHE_README = (
    "This directory holds cached build artifacts from the Go build system.\n"
    'Run "go clean -cache" if the directory is getting too large.\n'
    'Run "go clean -fuzzcache" to delete the fuzz cache.\nSee go.dev to learn more about Go.\n'
)
KINDS = ("name", "env", "comment", "whitespace", "mode", "program", "noop")
GOAL_RSS_MIB = 80.0


@dataclass(frozen=True)
class Params:
    modules: int = 2500
    cache_files: int = 100_000
    toolchains: int = 30
    configs: int = 10

    def key(self) -> str:
        raw = json.dumps({**asdict(self), "generator": GENERATOR_VERSION}, sort_keys=True).encode()
        return hashlib.sha256(raw).hexdigest()[:12]


# --- the generator ------------------------------------------------------------------------------------------


def h1(files: dict[str, bytes]) -> str:
    """golang.org/x/mod/sumdb/dirhash.Hash1: sha256 over the sorted `<sha256 hex>  <name>\\n` lines."""
    lines = "".join(f"{hashlib.sha256(files[n]).hexdigest()}  {n}\n" for n in sorted(files))
    return "h1:" + base64.b64encode(hashlib.sha256(lines.encode()).digest()).decode()


def escape(path: str) -> str:
    """module.EscapePath: an upper-case letter becomes '!' + its lower case."""
    return "".join("!" + c.lower() if c.isupper() else c for c in path)


def module_list(n: int) -> list[tuple[str, str]]:
    """(path, version): the shapes of a real go.sum (upper case, /vN, gopkg.in, pseudo-versions)."""
    out = []
    for i in range(n):
        org, kind = i % 97, i % 8
        if kind == 0:
            out.append((f"github.com/Org{org}/Pkg{i}", f"v1.{i % 23}.{i % 7}"))
        elif kind == 1:
            out.append((f"golang.org/x/tool{i}", f"v0.{i % 31}.0"))
        elif kind == 2:
            out.append((f"gopkg.in/pkg{i}.v2", f"v2.{i % 9}.{i % 5}"))
        elif kind == 3:
            out.append((f"github.com/org{org}/lib{i}/v3", f"v3.{i % 13}.{i % 4}"))
        elif kind == 4:
            rev = hashlib.sha1(b"%d" % i).hexdigest()[:12]
            out.append((f"github.com/org{org}/tip{i}", f"v0.0.0-2024{1 + i % 12:02d}{1 + i % 28:02d}120000-{rev}"))
        else:
            out.append((f"github.com/org{org}/lib{i}", f"v1.{i % 30}.{i % 11}"))
    return out


def toolchain_versions(n: int) -> list[str]:
    """n versions, newest first: 1.27.5, 1.27.1, 1.27.0, 1.26.5, ..."""
    return [f"1.{27 - j // 3}.{(5, 1, 0)[j % 3]}" for j in range(n)]


def _modcache(mod: Path, modules: list[tuple[str, str]]) -> list[str]:
    """Each module as `go mod download` leaves it; the go.sum lines that pin them."""
    sums = []
    for i, (path, version) in enumerate(modules):
        gomod = f"module {path}\n\ngo 1.21\n".encode()
        prefix = f"{path}@{version}/"
        files = {
            prefix + "go.mod": gomod,
            prefix + f"p{i}.go": f"// Package p{i} is generated.\npackage p{i}\n".encode(),
        }
        zip_sum, mod_sum = h1(files), h1({"go.mod": gomod})
        tree = mod / f"{escape(path)}@{escape(version)}"
        tree.mkdir(parents=True)
        for name, data in files.items():
            (tree / name[len(prefix) :]).write_bytes(data)
        dl = mod / "cache" / "download" / escape(path) / "@v"
        dl.mkdir(parents=True)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
            for name in sorted(files):
                z.writestr(name, files[name])
        base = dl / escape(version)
        (dl / "list").write_text(version + "\n")
        base.with_name(base.name + ".info").write_text(json.dumps({"Version": version, "Time": "2024-01-02T12:00:00Z"}))
        base.with_name(base.name + ".mod").write_bytes(gomod)
        base.with_name(base.name + ".zip").write_bytes(buf.getvalue())
        base.with_name(base.name + ".ziphash").write_text(zip_sum)  # as modfetch.hashZip writes it: no newline
        sums += [f"{path} {version} {zip_sum}", f"{path} {version}/go.mod {mod_sum}"]
    return sums


def _gocache(cache: Path, n: int) -> None:
    """n entries: pairs of an action entry (`-a`, 175 bytes: cmd/go/internal/cache putIndexEntry's
    "v1 %x %x %20d %20d\\n") and its output (`-d`, sparse)."""
    cache.mkdir(parents=True)
    (cache / "README").write_text(CACHE_README)
    (cache / "trim.txt").write_text(str(int(time.time())))
    for d in range(256):
        (cache / f"{d:02x}").mkdir()
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    stamp = time.time_ns()
    for j in range((n + 1) // 2):
        aid = hashlib.sha256(b"a%d" % j).hexdigest()
        oid = hashlib.sha256(b"o%d" % j).hexdigest()
        size = 64 + int(oid[:8], 16) % 65472
        fd = os.open(cache / aid[:2] / f"{aid}-a", flags, 0o644)
        os.write(fd, f"v1 {aid} {oid} {size:20d} {stamp:20d}\n".encode())
        os.close(fd)
        if 2 * j + 1 < n:
            fd = os.open(cache / oid[:2] / f"{oid}-d", flags, 0o644)
            os.ftruncate(fd, size)
            os.close(fd)


class Generated:
    """A generated monorepo machine (the attributes launch_json and the sessions use, as _common.Machine's)."""

    def __init__(self, root: Path, params: Params):
        self.root, self.params = root, params
        self.home = root / "home"
        self.sdk = self.home / "sdk"
        self.bin = root / "bin"
        self.ws = root / "ws"
        self.gocache = self.home / ".cache" / "go-build"
        self.modcache = self.home / "go" / "pkg" / "mod"
        self.env = sandbox_env(self.home, self.bin, TMPDIR=str(root / "tmp"), LANG="C.UTF-8")
        versions = toolchain_versions(params.toolchains)
        self.roots = [self.sdk / f"go{v}" for v in versions]
        self.new = self.roots[0]
        self.old = next((r for r in self.roots if r.name.startswith("go1.21.")), self.roots[-1])
        self.sizes_json = self.home / ".cache" / "go-sidecar" / "sizes.json"

    def prepare_run(self) -> None:
        """Today's state for every run: Go trimmed its cache today; go-sidecar has not measured it yet."""
        (self.gocache / "trim.txt").write_text(str(int(time.time())))  # in place: the folder's mtime stays
        self.sizes_json.unlink(missing_ok=True)

    def ran(self) -> list[Path]:
        return [r / "RAN" for r in self.roots if (r / "RAN").exists()]


def generate(params: Params, root: Path) -> Generated:
    g = Generated(root, params)
    (root / "tmp").mkdir(parents=True)
    g.sdk.mkdir(parents=True)
    g.bin.mkdir()
    for v in toolchain_versions(params.toolchains):
        (make_root(g.sdk, v) / ".unpacked-success").write_text("")  # golang.org/dl's mark of a complete install
    (g.bin / "go").symlink_to(g.new / "bin" / "go")
    modules = module_list(params.modules)
    sums = _modcache(g.modcache, modules)
    _gocache(g.gocache, params.cache_files)
    (g.ws / ".vscode").mkdir(parents=True)
    direct = max(1, len(modules) // 5)

    def req(ms: list[tuple[str, str]], tail: str) -> str:
        return "".join(f"\t{p} {v}{tail}\n" for p, v in ms)

    (g.ws / "go.mod").write_text(
        "module example.com/monorepo\n\ngo 1.22.0\n\nrequire (\n"
        + req(modules[:direct], "")
        + ")\n\nrequire (\n"
        + req(modules[direct:], " // indirect")
        + ")\n"
    )
    (g.ws / "go.sum").write_text("".join(line + "\n" for line in sorted(sums)))
    (g.ws / "main.go").write_text("package main\n\nfunc main() {}\n")
    for i in range(params.configs):
        (g.ws / "cmd" / f"svc{i}").mkdir(parents=True)
        (g.ws / "cmd" / f"svc{i}" / "main.go").write_text("package main\n\nfunc main() {}\n")
        (g.ws / "cmd" / f"svc{i}" / "main_test.go").write_text(
            'package main\n\nimport "testing"\n\nfunc TestService(t *testing.T) {}\n'
        )
    (g.ws / ".vscode" / "launch.json").write_text(launch_json(params.configs, g))
    return g


def cached(params: Params, log) -> tuple[Generated, dict]:
    """The generated machine for these parameters, made on first use. Generated in place (launch.json and the
    stand-in go scripts hold absolute paths), under a lock; `.complete` is written last."""
    import fcntl

    root = Path(tempfile.gettempdir()) / f"go-sidecar-bench-monorepo-{params.key()}"
    done = root / ".complete"
    with open(f"{root}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # a second run waits for the first one's generation
        if done.is_file():
            info = json.loads(done.read_text())
            log(f"reusing the generated monorepo {root} (generated in {info['seconds']:.0f} s on {info['when']})")
            return Generated(root, params), {**info, "reused": True}
        if root.exists():  # an interrupted generation
            shutil.rmtree(root)
        log(
            f"generating the monorepo in {root}: {params.modules} modules, {params.cache_files} GOCACHE files, "
            f"{params.toolchains} toolchains (20-40 s at full size; reused by later runs)"
        )
        t0 = time.perf_counter()
        generate(params, root)
        info = {"seconds": time.perf_counter() - t0, "when": time.strftime("%Y-%m-%d %H:%M"), "path": str(root)}
        done.write_text(json.dumps(info))
    log(f"generated in {info['seconds']:.1f} s")
    return Generated(root, params), {**info, "reused": False}


# --- the edits ------------------------------------------------------------------------------------------------


class Edits:
    """launch.json as lines; edit k is of kind KINDS[k % 7], on the (k // 7)-th line that kind can edit. Lines are
    found anew for every edit (the comment and blank-line edits move them)."""

    MARK = "// added by the benchmark"

    def __init__(self, text: str):
        self.lines = text.splitlines()
        self.blank = False

    def text(self) -> str:
        return "\n".join(self.lines) + "\n"

    def _find(self, pattern: str) -> list[int]:
        rx = re.compile(pattern)
        return [i for i, line in enumerate(self.lines) if rx.search(line) and self.MARK not in line]

    def _toggle(self, pattern: str, pick: int, edit) -> None:
        found = self._find(pattern)
        i = found[pick % len(found)]
        self.lines[i] = edit(self.lines[i])

    def apply(self, k: int) -> tuple[str, str]:
        kind, pick = KINDS[k % len(KINDS)], k // len(KINDS)
        sub = re.sub
        if kind == "name":  # messages quote the name: findings change
            self._toggle(
                r'"name":\s*"',
                pick,
                lambda s: (
                    s.replace(" (renamed)", "")
                    if " (renamed)" in s
                    else sub(r'("name":\s*"[^"]*)"', r'\1 (renamed)"', s, count=1)
                ),
            )
        elif kind == "env":  # GOROOT, PATH, CGO_ENABLED: a root that stops or starts existing
            self._toggle(
                r'^\s*"[A-Z][A-Z0-9_]*":\s*"',
                pick,
                lambda s: (
                    s.replace('-edited"', '"')
                    if '-edited"' in s
                    else sub(r'^(\s*"[A-Z][A-Z0-9_]*":\s*"[^"]*)"', r'\1-edited"', s, count=1)
                ),
            )
        elif kind == "comment":  # a comment line added or removed: every range below moves
            mine = [i for i, line in enumerate(self.lines) if self.MARK in line]
            if mine:
                del self.lines[mine[0]]
            else:
                self.lines.insert(self._find(r'"configurations"\s*:')[0] + 1, "        " + self.MARK)
        elif kind == "whitespace":  # a blank line added or removed
            i = self._find(r'"configurations"\s*:')[0]
            if self.blank:
                del self.lines[i - 1]
            else:
                self.lines.insert(i, "")
            self.blank = not self.blank
        elif kind == "mode":
            self._toggle(
                r'"mode":\s*"(auto|debug)"',
                pick,
                lambda s: s.replace('"auto"', '"debug"') if '"auto"' in s else s.replace('"debug"', '"auto"'),
            )
        elif kind == "program":  # as did_change.py: another folder (program-missing comes and goes)
            self._toggle(r'"program":\s*"', pick, lambda s: sub(r'("program":\s*"[^"@]*)(@\d+)?"', rf'\1@{k}"', s))
        else:  # noop: a word in a whole-line comment; no line moves, nothing a rule reads changes
            self._toggle(
                r"^\s*//",
                pick,
                lambda s: s.replace(" (reviewed)", "") if s.endswith(" (reviewed)") else s + " (reviewed)",
            )
        return kind, self.text()


# --- the measurements -----------------------------------------------------------------------------------------


@dataclass
class Workspace:
    name: str
    ws: Path
    env: dict
    launch: Path
    session: Session | None = None
    edits: Edits | None = None
    cold: list = field(default_factory=list)  # seconds per cold check
    first_any: list = field(default_factory=list)  # per spawn: to the first publishDiagnostics
    first_own: list = field(default_factory=list)  # per spawn: to the server's own publish of version 1
    latency: dict = field(default_factory=lambda: {k: [] for k in KINDS})  # kind -> seconds per edit
    noop: list = field(default_factory=list)  # (published at all, published anything new) per no-op edit
    rss: float | None = None

    def read(self) -> list[float]:
        return [x for k in KINDS if k != "noop" for x in self.latency[k]]


def cold_checks(spaces: list[Workspace], rounds: int) -> None:
    for w in spaces:  # warm-up: page cache, .pyc, go-sidecar's size cache
        _check(w)
    for r in range(rounds):
        for w in spaces if r % 2 == 0 else spaces[::-1]:
            w.cold.append(_check(w))


def _check(w: Workspace) -> float:
    t, cp = run_timed([SIDECAR, "check", str(w.ws)], w.env, str(w.ws))
    if cp.returncode not in (0, 1) or b"finding(s)" not in cp.stdout:
        raise SystemExit(
            f"sidecar check {w.ws} failed (exit {cp.returncode}):\n{cp.stdout.decode()}{cp.stderr.decode()}"
        )
    return t


def in_process(g: Generated, rounds: int) -> dict[str, float]:
    """Where the monorepo's check goes, in this process, with the toolchains cached as the server caches them."""
    from go_sidecar.check import run_check
    from go_sidecar.probe.caches import check_gosum, gather_caches
    from go_sidecar.probe.system import RealSystem
    from go_sidecar.settings import Settings

    sys_ = RealSystem(env=g.env)
    report, facts = run_check(sys_, str(g.ws))
    gosum = (g.ws / "go.sum").read_bytes()
    parts = {
        "check": lambda: run_check(sys_, str(g.ws), Settings(), None, report.toolchains),
        "caches": lambda: gather_caches(sys_, facts.workspace, facts.go_env),
        "go.sum vs module cache": lambda: check_gosum(sys_, str(g.ws / "go.sum"), gosum, str(g.modcache)),
    }
    out = {}
    for name, fn in parts.items():
        times = []
        for _ in range(rounds):
            t0 = time.perf_counter()
            fn()
            times.append(time.perf_counter() - t0)
        out[name] = median(times)
    return out


async def start_sessions(spaces: list[Workspace], spawns: int, logdir: Path) -> None:
    for r in range(spawns):  # the last spawn of each stays for the edits
        for w in spaces if r % 2 == 0 else spaces[::-1]:
            log = logdir / f"{w.name}.log"
            try:
                s = await Session.start([SIDECAR, "serve"], w.env, w.ws, w.launch, log)
            except (RuntimeError, TimeoutError) as e:
                raise SystemExit(f"{w.name}: the server failed ({e}); its stderr:\n{log.read_text()[-3000:]}")
            w.first_any.append(s.first_any)
            w.first_own.append(s.first_own)
            if r < spawns - 1:
                await s.client.close()
            else:
                w.session, w.edits = s, Edits(w.launch.read_text(encoding="utf-8"))
    await asyncio.sleep(0.5)  # let start-up re-checks (initialized, didOpen, watches) finish
    for w in spaces:
        await w.session.barrier()
        w.session._absorb(0)


async def run_edits(spaces: list[Workspace], n: int, warmup: int) -> None:
    for k in range(1, warmup + n + 1):
        for w in spaces if k % 2 == 0 else spaces[::-1]:
            kind, text = w.edits.apply(k)
            noop = kind == "noop"
            slowest = max(w.read(), default=0.1)
            latency, new = await w.session.change(text, max(1.0, 5 * slowest) if noop else 10.0, expect=not noop)
            if k <= warmup:
                continue
            if latency is not None:
                w.latency[kind].append(latency)
            if noop:
                w.noop.append((latency is not None, new))
    await asyncio.sleep(1.0)  # idle
    for w in spaces:
        w.rss = rss_mib(w.session.client.proc.pid)


# --- the report -------------------------------------------------------------------------------------------------


def figures(w: Workspace) -> dict:
    read = w.read()
    return {
        "cold_check_s": median(w.cold) if w.cold else None,
        "first_diagnostics_s": median(w.first_any),
        "first_own_check_s": median(w.first_own),
        "change_median_s": median(read),
        "change_p95_s": pct(read, 0.95),
        "change_n": len(read),
        "change_by_kind_median_s": {k: median(v) for k, v in w.latency.items() if v},
        "noop_edits": len(w.noop),
        "noop_published": sum(p for p, _ in w.noop),
        "noop_published_new": sum(n for _, n in w.noop),
        "idle_rss_mib": w.rss,
    }


def goals(f: dict[str, dict]) -> list[dict]:
    """(goal, table row, figure, its value, limit): the monorepo's ratios are to the small workspace's median."""
    mono, big, base = f["monorepo"], f["launch200"], f["small"]["change_median_s"]
    new = sum(x["noop_published_new"] for x in f.values())
    out = [
        (
            "didChange -> publish median <= 2x the small workspace's median",
            "change_median_s",
            mono["change_median_s"] / base,
            2.0,
            "x",
        ),
        (
            "didChange -> publish p95 <= 4x the small workspace's median",
            "change_p95_s",
            mono["change_p95_s"] / base,
            4.0,
            "x",
        ),
        ("first diagnostics <= 0.5 s after spawn", "first_diagnostics_s", mono["first_diagnostics_s"], 0.5, "s"),
        ("idle RSS <= 80 MB", "idle_rss_mib", mono["idle_rss_mib"], GOAL_RSS_MIB, "MiB"),
        ("200 configurations: didChange -> publish median <= 30 ms", "big", big["change_median_s"], 0.030, "s"),
        (
            "an edit that changes nothing a rule reads publishes nothing new (all 3 workspaces)",
            "noop_published_new",
            new,
            0,
            "no-op edits published something new",
        ),
    ]
    return [
        {"goal": g, "row": r, "value": v, "limit": lim, "unit": u, "pass": v is not None and v <= lim}
        for g, r, v, lim, u in out
    ]


ROWS = (
    ("cold `sidecar check`, median", "cold_check_s"),
    ("spawn -> first diagnostics", "first_diagnostics_s"),
    ("spawn -> the server's own first check", "first_own_check_s"),
    ("didChange -> publish, median", "change_median_s"),
    ("didChange -> publish, p95", "change_p95_s"),
    ("idle RSS", "idle_rss_mib"),
    ("no-op edits that published anything new", "noop_published_new"),
)


def _cell(key: str, x, w: dict | None = None) -> str:
    if x is None:
        return "-"
    if key.endswith("_s"):
        return f"{x * 1000:.1f} ms"
    if key.endswith("_mib"):
        return f"{x:.1f} MiB"
    return f"{x} of {w['noop_edits']} ({w['noop_published']} republished)"


def table(f: dict[str, dict], gl: list[dict], extra: dict) -> str:
    mono, small, big = f["monorepo"], f["small"], f["launch200"]
    by_row = {g["row"]: g for g in gl}
    rows = [("figure", "monorepo", "small", "ratio", "200 configs", "goal", "")]
    for label, key in ROWS:
        base = small["change_median_s"] if key == "change_p95_s" else small[key]  # p95: against the median
        ratio = f"{mono[key] / base:.2f}x" if key != "noop_published_new" and mono[key] and base else "-"
        g = by_row.get(key)
        limit = "none" if g is not None and g["limit"] == 0 else g and f"<= {g['limit']:g} {g['unit']}"
        goal = ("-", "") if g is None else (limit, "PASS" if g["pass"] else "FAIL")
        rows.append(
            (label, _cell(key, mono[key], mono), _cell(key, small[key], small), ratio, _cell(key, big[key], big), *goal)
        )
    g = by_row["big"]
    rows.insert(
        2,
        (
            "cold `sidecar check`, first ever (no size cache)",
            _cell("s_s", extra["first_check_s"]),
            "-",
            "-",
            "-",
            "-",
            "",
        ),
    )
    rows.append(
        (
            "200 configs: didChange -> publish, median",
            "-",
            "-",
            "-",
            _cell("s_s", big["change_median_s"]),
            "<= 30 ms",
            "PASS" if g["pass"] else "FAIL",
        )
    )
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    lines.insert(1, "-" * max(len(x) for x in lines))
    lines.append(
        "ratio: monorepo / small (p95: against the small workspace's median, as the goal is stated); "
        f"didChange figures over {mono['change_n']} edits per workspace, the no-op ones apart"
    )
    lines.append(
        "monorepo didChange -> publish by kind (median): "
        + "; ".join(f"{k} {_cell('s_s', v)}" for k, v in mono["change_by_kind_median_s"].items())
    )
    lines.append(
        "monorepo check in this process (toolchains cached, as the server runs it): "
        + "; ".join(f"{k} {_cell('s_s', v)}" for k, v in extra["in_process"].items())
    )
    return "\n".join(lines)


async def measure(args, g: Generated, log) -> dict:
    with Machine() as small_machine:
        small_ws = small_machine.workspace_from_demo()
        big_ws = small_machine.tmp / "ws200"
        shutil.copytree(DEMO if DEMO.is_dir() else small_ws, big_ws, symlinks=True)
        (big_ws / ".vscode").mkdir(exist_ok=True)
        (big_ws / ".vscode" / "launch.json").write_text(launch_json(args.big, small_machine))
        if args.pythonpath:  # --source: that tree's go_sidecar, not the installed one
            for env in (g.env, small_machine.env):
                env["PYTHONPATH"] = args.pythonpath
        spaces = [
            Workspace("monorepo", g.ws, g.env, g.ws / ".vscode" / "launch.json"),
            Workspace("small", small_ws, small_machine.env, small_ws / ".vscode" / "launch.json"),
            Workspace("launch200", big_ws, small_machine.env, big_ws / ".vscode" / "launch.json"),
        ]
        g.prepare_run()
        first_check = _check(spaces[0])  # no size cache yet: GOCACHE walked whole
        log(f"cold checks: {args.rounds} interleaved rounds")
        cold_checks(spaces, args.rounds)
        ip = in_process(g, args.rounds)
        log(f"servers: {args.spawns} spawn(s) each; then {args.warmup} warm-up + {args.edits} measured edits each")
        try:
            await start_sessions(spaces, args.spawns, small_machine.tmp)
            await run_edits(spaces, args.edits, args.warmup)
        finally:
            for w in spaces:
                if w.session is not None:
                    await w.session.client.close()
        if g.ran():
            raise SystemExit(f"a stand-in go was run: {g.ran()}")
        f = {w.name: figures(w) for w in spaces}
    return {"figures": f, "first_check_s": first_check, "in_process": ip}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="14 edits, 1 spawn, 2 rounds of cold checks")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON only")
    ap.add_argument("--edits", type=int)
    ap.add_argument("--modules", type=int, default=Params.modules)
    ap.add_argument("--cache-files", type=int, default=Params.cache_files)
    ap.add_argument("--toolchains", type=int, default=Params.toolchains)
    ap.add_argument("--configs", type=int, default=Params.configs)
    ap.add_argument("--big", type=int, default=200, help="configurations of the large launch.json")
    ap.add_argument(
        "--source",
        type=Path,
        help="a go-sidecar tree whose server/ is measured instead of the installed "
        "one (first on PYTHONPATH), e.g. `git archive HEAD server | tar -x -C DIR` for the code before a "
        "change",
    )
    args = ap.parse_args()
    args.pythonpath = ""
    if args.source is not None:
        args.pythonpath = str((args.source / "server").resolve())
        if not Path(args.pythonpath, "go_sidecar", "__init__.py").is_file():
            raise SystemExit(f"monorepo: no server/go_sidecar in {args.source}")
        sys.path.insert(0, args.pythonpath)  # the in-process figures
    args.edits = args.edits or (14 if args.quick else 50)
    args.spawns, args.rounds, args.warmup = (1, 2, len(KINDS)) if args.quick else (3, 5, len(KINDS))
    log = (lambda m: print(m, file=sys.stderr)) if args.json else print
    params = Params(args.modules, args.cache_files, args.toolchains, args.configs)
    g, gen = cached(params, log)
    out = asyncio.run(measure(args, g, log))
    gl = goals(out["figures"])
    result = {
        "params": asdict(params),
        "big_configs": args.big,
        "edits": args.edits,
        "generation": gen,
        **out,
        "goals": gl,
        "command": " ".join(sys.argv),
    }
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(table(out["figures"], gl, out))
        verdict = Verdict("monorepo")
        for g_ in gl:
            verdict.target(g_["goal"], g_["pass"], f"{g_['value']:.3g} {g_['unit']}")
    raise SystemExit(0 if all(g_["pass"] for g_ in gl) else 1)


if __name__ == "__main__":
    main()
