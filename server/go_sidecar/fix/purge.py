"""The purge engine: a plan of exact targets first, then a guarded, parallel deletion that reports every file
it could not delete (docs/facts.md: Go caches, JetBrains IDEs, Module cache integrity).

Targets, by the names users and code actions give them:
- `go-build`: like `go clean -cache`, the `00`..`ff` entries and `log.txt` of GOCACHE; `README`, `trim.txt`,
  `testexpire.txt` and `fuzz/` stay.
- `fuzz`: GOCACHE's `fuzz/` (`go clean -fuzzcache`), only when named.
- `gopls`: the gopls file cache's version folders (`<GOPLSCACHE or user cache>/gopls/<8 hex digits>`,
  filecache.go getCacheDir; probe.caches finds the folder).
- `ide`: the newest GoLand's (else the newest IntelliJ IDEA's) `caches/` and `index/`, what "Invalidate
  Caches" drops: the IDE rebuilds both at its next start (a full re-index). Its `tmp/`, `log/` and its
  config folder (settings, plugins) are kept. `ide:<selector>` (`ide:GoLand2024.2`): that version's.
- `ide-leftovers`: the whole system folders of older versions (never the newest of a product).
- `modcache`: the module cache, only when named: its `cache/` and module folders (names with a dot, as every
  downloadable module path's first element has); anything else found there (a GOPATH's `src/`, `bin/`) is
  kept. The folder itself stays.
- `modcache:MODULE@VERSION`: exactly `cache/download/<escaped>/@v/<version>.{zip,ziphash,info,mod,lock}` and
  the extracted `<escaped>@<version>/` folder, nothing else.

Guards, checked when planning and again just before deleting (the disk may have changed in between):
a root must be what it claims (a Go build cache: Go's README or its 00..ff layout; a module cache: its
`cache/download`; gopls: a `gopls` folder; a JetBrains folder: `<product><version>` in a `JetBrains` folder);
never a home, an ancestor of home, a file-system root or a folder holding a project (go.mod, .git, *.go, ...);
an IDE's folders never while that IDE runs. One purge at a time per user (purge_lock.PurgeLock).
No link is ever followed and no other file system entered, from the cache root (GOCACHE, GOMODCACHE, gopls,
the JetBrains folder) down: purge_guards.Ground, checked when planning, when executing, before each unit and
in every folder the Remover enters.

Freed figures are the plan's measures; when something could not be deleted, what remains is measured again
and subtracted.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING

from go_sidecar.fix.purge_guards import (
    FUZZ,
    GO_BUILD,
    GOPLS,
    IDE,
    IDE_LEFTOVERS,
    MODCACHE,
    Ground,
    guard_root,
    ide_running_pid,
    inside,
    list_names,
    real,
    running_reason,
    stand,
)
from go_sidecar.fix.purge_lock import PurgeBusy, PurgeLock
from go_sidecar.fix.purge_ops import DIR, FileOps, Remover
from go_sidecar.fix.purge_targets import (
    _HEX,
    DEFAULT_TARGETS,
    FAILED,
    GO_BUILD_KEPT,
    MODULE_FILE_SUFFIXES,
    PLANNED,
    PURGED,
    REFUSED,
    SKIPPED,
    STATUSES,
    TARGET_NAMES,
    Entry,
    Result,
    Target,
    TargetError,
    _two_hex,
    parse_target,
    report_json,
)

if TYPE_CHECKING:  # read from the probes' facts; dirsize is imported only when something is measured
    from go_sidecar.probe.cache_records import CacheDir, CacheFacts
    from go_sidecar.probe.dirsize import Cancel

# The engine's API: its own functions and the target names it re-exports from purge_targets.
__all__ = [
    "DEFAULT_TARGETS",
    "FAILED",
    "GO_BUILD_KEPT",
    "MAX_WORKERS",
    "MODULE_FILE_SUFFIXES",
    "PLANNED",
    "PURGED",
    "REFUSED",
    "SKIPPED",
    "STATUSES",
    "TARGET_NAMES",
    "Entry",
    "PurgeBusy",
    "PurgeLock",
    "Result",
    "Target",
    "TargetError",
    "default_lock_path",
    "execute",
    "parse_target",
    "plan_targets",
    "report_json",
]

# Parallel unlinking (bench/purge.py, 2 CPUs, 100,000 files): on a real disk the kernel overlaps the
# metadata I/O of several unlinks (4 threads: 0.4-0.5x `rm -rf`); on tmpfs, where unlink is pure CPU,
# threads beyond the CPUs only fight for the GIL (2: 0.64x, 4: 0.8x, 8: 1.2x). Two per CPU, at most 8.
MAX_WORKERS = 8
_TICK = 0.1  # seconds between progress reports

Progress = Callable[[int, int], None]  # (files removed so far, files planned), over the whole execution
StopWhen = Callable[[], bool] | threading.Event  # execute's `cancel`: polled at each tick, or shared with the workers


# --- the plan ---------------------------------------------------------------------------------------------
def _measure(path: str, ops: FileOps, cancel: Cancel | None = None) -> tuple[int, int]:
    """(files, bytes) of one entry; a link counts as one file and is never followed."""
    try:
        kind = ops.kind_of(path)
        if kind is None:
            return 0, 0
        if kind != DIR:
            return 1, ops.lstat(path).st_size
    except OSError:
        return 0, 0
    from go_sidecar.probe.dirsize import measure

    try:
        return measure(path, "purge", cancel=cancel)
    except OSError:
        return 0, 0


def _skip(target: Target, reason: str) -> Target:
    target.status, target.reason = SKIPPED, reason
    return target


def _refuse(target: Target, reason: str) -> Target:
    target.status, target.reason = REFUSED, reason
    target.entries = []
    return target


def _usable(cache: CacheDir | None, what: str) -> tuple[str, str]:
    """(path, why there is nothing to purge) of a discovered CacheDir."""
    if cache is None or not cache.path:
        return "", f"no {what} on this machine" + (f" ({cache.problem})" if cache is not None and cache.problem else "")
    if not os.path.isabs(cache.path) or not os.path.isdir(cache.path):
        why = cache.problem or "does not exist"
        return cache.path, f"{cache.path}: {why}; nothing to purge"
    return cache.path, ""


def _plan_go_build(name: str, facts: CacheFacts, home: str, fuzz: bool) -> Target:
    path, why = _usable(facts.gocache, "Go build cache")
    t = Target(name, GO_BUILD, path, os.path.join(path, "fuzz") if fuzz and path else path)
    if why:
        return _skip(t, why)
    refusal = guard_root(GO_BUILD, path, home=home)
    if refusal:
        return _refuse(t, refusal)
    names = sorted(list_names(path))
    if fuzz:
        t.entries = [Entry(os.path.join(path, "fuzz"))] if "fuzz" in names else []
        return t if t.entries else _skip(t, "no fuzz cache (GOCACHE/fuzz) to purge")
    t.entries = [Entry(os.path.join(path, n)) for n in names if _two_hex(n) or n == "log.txt"]
    return t


def _plan_modcache(name: str, arg: str, facts: CacheFacts, home: str) -> Target:
    path, why = _usable(facts.gomodcache, "module cache")
    t = Target(name, MODCACHE, path, path)
    if why:
        return _skip(t, why)
    refusal = guard_root(MODCACHE, path, home=home)
    if refusal:
        return _refuse(t, refusal)
    if not arg:
        for n in sorted(list_names(path)):
            (
                t.entries.append(Entry(os.path.join(path, n)))
                if n == "cache" or "." in n.lstrip(".")
                else t.kept.append(n)
            )
        if t.kept:
            t.reason = f"kept {', '.join(t.kept[:5])}: not module cache entries"
        return t
    from go_sidecar.parse.gosum import escape_path, escape_version

    module, _, version = arg.rpartition("@")
    emod, ever = escape_path(module), escape_version(version)
    if emod is None or ever is None:
        return _refuse(t, f"{arg}: not a module path and version the module cache can hold")
    parts = emod.split("/")
    at_v = os.path.join(path, "cache", "download", *parts, "@v")
    candidates = [os.path.join(at_v, ever + s) for s in MODULE_FILE_SUFFIXES]
    candidates.append(os.path.join(path, *parts[:-1], f"{parts[-1]}@{ever}"))
    real_root = real(path)
    for c in candidates:
        if not inside(os.path.normcase(os.path.normpath(c)), os.path.normcase(os.path.normpath(path))):
            return _refuse(t, f"{arg}: resolves outside the module cache")
        if os.path.lexists(c):
            if not inside(real(os.path.dirname(c)), real_root):  # a linked folder on the way out of the cache
                return _refuse(t, f"{c}: its folder is a link out of the module cache; nothing deleted")
            t.entries.append(Entry(c))
    t.path = candidates[-1]
    return t if t.entries else _skip(t, f"{module}@{version} is not in the module cache")


def _plan_gopls(name: str, facts: CacheFacts, home: str) -> Target:
    path, why = _usable(facts.gopls, "gopls cache")  # <GOPLSCACHE or user cache>/gopls (probe.caches)
    t = Target(name, GOPLS, path, path)
    if why:
        return _skip(t, why)
    refusal = guard_root(GOPLS, path, home=home)
    if refusal:
        return _refuse(t, refusal)
    t.entries = [
        Entry(os.path.join(path, n))
        for n in sorted(list_names(path))
        if len(n) == 8 and all(c in _HEX for c in n) and os.path.isdir(os.path.join(path, n))
    ]
    return t


def _plan_ide(name: str, d: CacheDir, home: str, leftover: bool) -> Target:
    kind = IDE_LEFTOVERS if leftover else IDE
    t = Target(name, kind, d.path, d.path, config_path=d.config_path, label=d.label)
    if d.running_pid is not None:
        return _refuse(t, running_reason(d.label, d.running_pid))
    if leftover and d.newest:
        return _refuse(t, f"{d.label} is the newest {d.product}: never purged as a leftover")
    refusal = guard_root(kind, d.path, home=home, selector=d.selector)
    if refusal:
        return _refuse(t, refusal)
    t.top = os.path.dirname(os.path.normpath(d.path))  # the JetBrains folder: no link from there down
    if leftover:
        t.root = t.top
        t.entries = [Entry(d.path)]
    else:
        t.entries = [
            Entry(os.path.join(d.path, n)) for n in ("caches", "index") if os.path.lexists(os.path.join(d.path, n))
        ]
    return t


def _plan_ides(name: str, arg: str, facts: CacheFacts, home: str, leftovers: bool) -> list[Target]:
    if leftovers:
        chosen = [d for d in facts.ides if not d.newest]
        none = "no caches of older GoLand / IntelliJ IDEA versions"
    elif arg:
        chosen = [d for d in facts.ides if d.selector == arg]
        none = f"no {arg} folder on this machine"
    else:
        chosen = facts.go_ides()  # the IDE the cache rules speak of (probe/cache_records.py)
        none = "no GoLand / IntelliJ IDEA caches on this machine"
    if not chosen:
        return [_skip(Target(name, IDE_LEFTOVERS if leftovers else IDE, "", ""), none)]
    return [_plan_ide(name, d, home, leftovers) for d in chosen]


def plan_targets(
    names: list[str] | tuple[str, ...],
    facts: CacheFacts,
    *,
    ops: FileOps | None = None,
    home: str | None = None,
    measure: bool = True,
    cancel: Cancel | None = None,
) -> list[Target]:
    """The plan: one Target per cache (an `ide-leftovers` may give several), each with its exact entries and
    their measured files and bytes, or the reason it is skipped or refused. Raises TargetError for an
    unknown name. `facts` is probe.cache_records.CacheFacts (only discovery is read). Measuring walks every
    entry (in parallel); `cancel` (a callable or an Event) stops it with probe.dirsize.MeasureCancelled."""
    ops = ops or FileOps()
    home = os.path.expanduser("~") if home is None else home
    parsed: list[tuple[str, str, str]] = []
    seen: set[tuple[str, str]] = set()
    for n in names or DEFAULT_TARGETS:
        key = parse_target(n)
        if key not in seen:
            seen.add(key)
            parsed.append((n, *key))
    plan: list[Target] = []
    for name, base, arg in parsed:
        if base in (GO_BUILD, FUZZ):
            plan.append(_plan_go_build(name, facts, home, base == FUZZ))
        elif base == MODCACHE:
            plan.append(_plan_modcache(name, arg, facts, home))
        elif base == GOPLS:
            plan.append(_plan_gopls(name, facts, home))
        else:
            plan.extend(_plan_ides(name, arg, facts, home, base == IDE_LEFTOVERS))
    for t in plan:
        if t.status == PLANNED:
            ground, why = _ground(t, ops)
            if ground is None:
                _refuse(t, why)
            else:
                t.ident = ground.ident
    if measure:
        entries = [e for t in plan if t.status == PLANNED for e in t.entries]
        with ThreadPoolExecutor(max_workers=_workers(len(entries))) as pool:
            for e, (files, size) in zip(entries, pool.map(lambda e: _measure(e.path, ops, cancel), entries)):
                e.files, e.bytes = files, size
    for t in plan:
        if t.status == PLANNED and not t.entries:
            _skip(t, "nothing to purge")
        elif t.status == PLANNED and measure and t.files == 0 and t.kind != IDE_LEFTOVERS:
            _skip(t, "already empty")
    return plan


def _ground(t: Target, ops: FileOps) -> tuple[Ground | None, str]:
    """(Ground, "") when the target's cache root and each entry's folder can be reached from it without a link
    or another file system; (None, why) otherwise. The same check for every kind, at plan and execution."""
    ground, why = stand(t.top or t.root, ops, t.ident)
    if ground is None:
        return None, why
    for e in t.entries:
        why = ground.problem(os.path.dirname(e.path), ops)
        if why:
            return None, why
    return ground, ""


def _workers(n: int) -> int:
    return max(1, min(MAX_WORKERS, n, (os.cpu_count() or 2) * 2))


# --- execution --------------------------------------------------------------------------------------------
def default_lock_path() -> str:
    from go_sidecar.probe.caches import user_cache_dir
    from go_sidecar.probe.system import RealSystem

    base, _ = user_cache_dir(RealSystem())
    if not base:
        import tempfile

        base = tempfile.gettempdir()
    return os.path.join(base, "go-sidecar", "purge.lock")


def _recheck(t: Target, ops: FileOps, home: str) -> str:
    """The guards again, just before deleting: the IDE may have started, the folder may have changed."""
    if t.kind in (IDE, IDE_LEFTOVERS):
        pid = ide_running_pid(t.config_path, t.path, ops)
        if pid is not None:
            return running_reason(t.label or t.path, pid)
        return guard_root(t.kind, t.path, home=home)
    return guard_root(t.kind, t.root, home=home)


def _units(t: Target, remover: Remover, ops: FileOps) -> tuple[list[tuple[str, str]], list[str]]:
    """Work for the pool: the target's entries, with a few big folders replaced by their entries so that the
    pool has enough to share (the folders themselves are removed afterwards, deepest first)."""
    units: list[tuple[str, str]] = []
    for e in t.entries:
        try:
            kind = ops.kind_of(e.path)
        except OSError as err:
            remover.error(e.path, err)
            continue
        if kind is not None:
            units.append((e.path, kind))
    for parent in {os.path.dirname(p) for p, _ in units}:
        if inside(os.path.normcase(parent), os.path.normcase(os.path.normpath(t.root))):
            remover.make_writable(parent)
    expanded: list[str] = []
    for _ in range(2):
        if len(units) >= 4 * MAX_WORKERS:
            break
        spread: list[tuple[str, str]] = []
        for path, kind in units:
            if kind != DIR:
                spread.append((path, kind))
                continue
            why = remover.ground.problem(path, ops) if remover.ground is not None else ""
            if why:  # a mount point (or a link swapped in): nothing below it is listed or deleted
                remover.error(path, why.removeprefix(path + ": "))
                continue
            remover.make_writable(path)
            try:
                with ops.scandir(path) as it:
                    spread.extend((c.path, ops.kind(c)) for c in list(it))
            except FileNotFoundError:
                continue
            except OSError:
                spread.append((path, kind))  # the remover tries it again and reports why it cannot
                continue
            expanded.append(path)
        units = spread
    return units, expanded


def _run(
    t: Target, ops: FileOps, pool: Executor, home: str, tick: Callable[[int], None], cancelled: threading.Event
) -> Result:
    refusal = _recheck(t, ops, home)
    ground: Ground | None = None
    if not refusal:
        ground, refusal = _ground(t, ops)
    if refusal:
        return Result(t.name, t.path, 0, 0, REFUSED, refusal)
    remover = Remover(ops, cancelled, ground)
    units, expanded = _units(t, remover, ops)
    futures = [pool.submit(remover.remove, path, kind) for path, kind in units]
    pending = set(futures)
    while pending:
        # ALL_COMPLETED with a timeout: one wake-up per tick, not one per finished folder (a waiter set on
        # every pending future at each wake-up costs the workers the GIL).
        _, pending = wait(pending, timeout=_TICK)
        tick(remover.files)
    remover.close()
    for f in futures:
        f.result()  # a bug in the remover is raised here, not lost
    if not cancelled.is_set():
        for folder in reversed(expanded):
            remover.remove_empty_dir(folder)
    tick(remover.files)
    errors = list(remover.errors)
    if remover.more_errors:
        errors.append(f"... and {remover.more_errors} more")
    complete = not errors and not cancelled.is_set()
    freed = t.bytes
    if not complete:
        left = sum(_measure(e.path, ops)[1] for e in t.entries)
        freed = max(0, t.bytes - left)
    if cancelled.is_set():
        return Result(t.name, t.path, remover.files, freed, SKIPPED, "cancelled: the rest was left in place", errors)
    if errors:
        n = len(remover.errors) + remover.more_errors
        return Result(
            t.name,
            t.path,
            remover.files,
            freed,
            FAILED,
            f"{n} entr{'y' if n == 1 else 'ies'} could not be deleted",
            errors,
        )
    reason = t.reason if t.kept else ""
    return Result(t.name, t.path, remover.files, freed, PURGED, reason)


def execute(
    plan: list[Target],
    progress: Progress | None = None,
    cancel: StopWhen | None = None,
    *,
    ops: FileOps | None = None,
    lock_path: str | None = None,
    home: str | None = None,
    workers: int | None = None,
) -> list[Result]:
    """Delete what the plan says, target by target, in the plan's order. Targets the plan skipped or refused
    are reported as they are. `progress(files_done, files_planned)` is called from this thread every 0.1 s;
    `cancel` (a callable returning True, or a threading.Event) stops at the next file. Never raises for a
    file it cannot delete: that is a FAILED result with the file in `errors`."""
    ops = ops or FileOps()
    home = os.path.expanduser("~") if home is None else home
    todo = [t for t in plan if t.status == PLANNED]
    if not todo:
        return [t.result() for t in plan]
    lock = PurgeLock(lock_path or default_lock_path(), ops)
    try:
        lock.acquire()
    except PurgeBusy as e:
        return [Result(t.name, t.path, 0, 0, REFUSED, str(e)) if t.status == PLANNED else t.result() for t in plan]
    except OSError as e:
        return [
            Result(t.name, t.path, 0, 0, REFUSED, f"cannot create the purge lock {lock.path}: {e}")
            if t.status == PLANNED
            else t.result()
            for t in plan
        ]
    # An Event is shared with the workers as it is (a cancel is seen at the next file); a callable is polled
    # at each progress tick and sets our own.
    check = None if cancel is None or isinstance(cancel, threading.Event) else cancel
    cancelled = cancel if isinstance(cancel, threading.Event) else threading.Event()
    total = sum(t.files for t in todo)
    done_before = 0

    def tick(files: int) -> None:
        if check is not None and not cancelled.is_set() and check():
            cancelled.set()
        if progress is not None:
            progress(min(total, done_before + files), total)

    results: list[Result] = []
    try:
        with ThreadPoolExecutor(max_workers=workers or _workers(MAX_WORKERS), thread_name_prefix="purge") as pool:
            for t in plan:
                if t.status != PLANNED:
                    results.append(t.result())
                elif cancelled.is_set():
                    results.append(Result(t.name, t.path, 0, 0, SKIPPED, "cancelled before it started"))
                else:
                    r = _run(t, ops, pool, home, tick, cancelled)
                    done_before += r.files if r.status != REFUSED else 0
                    results.append(r)
    finally:
        lock.release()
    return results
