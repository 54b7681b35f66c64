"""Cache rules: a broken, oversized or untrimmed Go build cache, a polluted module cache, stale and leftover
JetBrains caches (docs/facts.md, Go caches, JetBrains IDEs, Module cache integrity).

Machine-wide findings are anchored to go.mod's `module` line (else go.work's first directive); a workspace
with neither gets them on the workspace folder itself with an empty range: `sidecar check` lists them under
the workspace, and an editor, which cannot show a diagnostic on a folder, leaves them out.
Every fix is a purge command: `sidecar.purgeCaches` with the purge engine's target names in the editor, the
same targets for `sidecar purge-caches` in a terminal.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

from go_sidecar.model import Command, Fix, Location, Severity
from go_sidecar.probe.cache_records import CacheFacts, human_size
from go_sidecar.probe.facts import Facts
from go_sidecar.rules.anchors import machine_anchor
from go_sidecar.rules.declare import Found, rule

PURGE_COMMAND = "sidecar.purgeCaches"
DAY = 86400.0
UNTRIMMED_DAYS = 7
SETTING = "goSidecar.gocacheOversizedGiB"


# --- shared helpers -------------------------------------------------------------------------------------


def purge_fix(title: str, *targets: str) -> Fix:
    return Fix(
        title,
        command=Command(PURGE_COMMAND, ({"targets": list(targets)},)),
        shell="sidecar purge-caches " + " ".join(targets),
    )


def when(t: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(t))


def _source(facts: Facts) -> str:
    c = facts.caches
    return {"environment": "set in the environment", "go env -w": "set with `go env -w`"}.get(
        c.gocache_source if c is not None else "", "Go's default"
    )


def _caches(facts: Facts) -> CacheFacts | None:
    caches: CacheFacts | None = getattr(facts, "caches", None)  # Facts.caches is typed Any (probe/facts.py)
    return caches


# --- Go build cache -------------------------------------------------------------------------------------
@rule(
    code="gocache-invalid",
    family="caches",
    severity=Severity.ERROR,
    summary="GOCACHE is off, relative, missing its parent folder or not writable, so Go cannot build",
    explanation="""
Since Go 1.12 the build cache is required: with `GOCACHE=off` every `go build`, `go test` and gopls load fails
with `build cache is disabled by GOCACHE=off, but required as of Go 1.12`; a relative GOCACHE fails with
`GOCACHE is not an absolute path`; a folder that cannot be created (its drive or volume is not mounted) or
written fails with `failed to initialize build cache at <path>`. The editor then shows no diagnostics or
completions and builds fail, with little to say why. The value comes from the environment, then
`go env -w` (the `go/env` file under the user config folder), then the default under the user cache folder.
""",
    fix="Unset GOCACHE (`go env -u GOCACHE`, or remove it from the environment or shell profile) to use Go's "
    "default, or point it at an absolute folder this user can write.",
)
def gocache_invalid(facts: Facts) -> Iterator[Found]:
    c = _caches(facts)
    if c is None or c.gocache is None or not c.gocache.problem:
        return
    gc = c.gocache
    problem = gc.problem
    where = _source(facts)
    if problem == "GOCACHE=off":
        why = (
            f"GOCACHE=off ({where}): Go has required its build cache since 1.12, so every go build, go test and gopls "
            "load fails with `build cache is disabled by GOCACHE=off, but required as of Go 1.12`."
        )
    elif problem == "GOCACHE is not an absolute path":
        why = f"GOCACHE={gc.path} ({where}) is not an absolute path: go fails with `GOCACHE is not an absolute path`."
    elif problem.startswith("parent missing"):
        detail = problem.partition(": ")[2] or "its parent folder does not exist"
        why = (
            f"GOCACHE={gc.path} ({where}) does not exist and cannot be created: {detail}. Every build fails with "
            f"`failed to initialize build cache at {gc.path}`."
        )
    elif problem == "not writable":
        why = (
            f"GOCACHE={gc.path} ({where}) is not writable by this user: builds fail with "
            f"`failed to initialize build cache at {gc.path}` or cannot store their results."
        )
    elif problem == "not a folder":
        why = f"GOCACHE={gc.path} ({where}) is a file, not a folder: go cannot open its build cache there."
    else:
        why = f"Go's build cache cannot be located: {problem} (`build cache is required, but could not be located`)."
    yield Found(why, machine_anchor(facts))


@rule(
    code="gocache-oversized",
    family="caches",
    severity=Severity.INFORMATION,
    summary="The Go build cache is larger than the goSidecar.gocacheOversizedGiB threshold",
    explanation="""
Go's build cache keeps every compiled package and test result and trims only entries unused for five days,
so a machine that builds many modules, Go versions or GOOS/GOARCH pairs keeps tens of gigabytes. Nothing
breaks, but the disk fills up, and backups and indexers crawl the cache. The threshold is the setting
`goSidecar.gocacheOversizedGiB` (default 10).
""",
    fix="Purge the build cache (`sidecar purge-caches go-build`, like `go clean -cache`: the `00`..`ff` entries "
    "go, README and trim.txt stay). The next builds recompile what they need.",
)
def gocache_oversized(facts: Facts) -> Iterator[Found]:
    c = _caches(facts)
    if c is None or c.gocache is None or c.gocache.problem:
        return
    measured = c.sizes.get(c.gocache.path)
    if measured is None or measured[1] <= c.gocache_limit:
        return
    files, size = measured
    limit = c.gocache_limit / (1 << 30)
    limit_text = f"{limit:g} GiB"
    message = (
        f"The Go build cache {c.gocache.path} ({_source(facts)}) holds {human_size(size)} in {files:,} files, "
        f"more than {limit_text} ({SETTING}). Go trims only entries unused for 5 days; purging frees the space "
        "now, and the next builds recompile what they need."
    )
    yield Found(
        message, machine_anchor(facts), (purge_fix(f"Purge the Go build cache ({human_size(size)})", "go-build"),)
    )


@rule(
    code="gocache-untrimmed",
    family="caches",
    severity=Severity.INFORMATION,
    summary="Go's own trim of the build cache has not run for more than a week",
    explanation="""
Each go command that uses the build cache trims it at most once a day, deleting entries unused for five days,
and records the time in `trim.txt`. A `trim.txt` older than a week (or none, in a cache that holds entries)
means the cache only grows: no go command has used it since, it was copied or restored from elsewhere (CI
caches), or go cannot write `trim.txt`.
""",
    fix="Purge the build cache (`sidecar purge-caches go-build`), or run a build with a go that can write the "
    "cache so that it trims itself.",
)
def gocache_untrimmed(facts: Facts) -> Iterator[Found]:
    c = _caches(facts)
    if c is None or c.gocache is None or c.gocache.problem:
        return
    path = c.gocache.path
    if c.gocache_trim is not None:
        age = c.now - c.gocache_trim
        if age <= UNTRIMMED_DAYS * DAY:
            return
        message = (
            f"Go last trimmed its build cache {path} on {when(c.gocache_trim)}, {int(age // DAY)} days ago "
            "(go trims at most daily, deleting entries unused for 5 days): since then it has only grown."
        )
    elif c.gocache_has_entries:
        message = (
            f"The Go build cache {path} holds entries but no trim.txt: Go has never trimmed it (a copied or "
            "restored cache, or one go cannot write), so it only grows."
        )
    else:
        return
    measured = c.sizes.get(path)
    title = f"Purge the Go build cache ({human_size(measured[1])})" if measured else "Purge the Go build cache"
    yield Found(message, machine_anchor(facts), (purge_fix(title, "go-build"),))


# --- module cache ---------------------------------------------------------------------------------------
@rule(
    code="modcache-corrupt",
    family="caches",
    severity=Severity.ERROR,
    summary="A module version go.sum pins sits in the module cache with a different hash",
    explanation="""
The module cache keeps each downloaded version's hash in `$GOMODCACHE/cache/download/<module>/@v/<version>.ziphash`.
When it differs from go.sum's `h1:` line, every build, `go mod download` and gopls load of the workspace fails
with `verifying <module>@<version>: checksum mismatch ... SECURITY ERROR`. When go.sum is the committed,
checksum-database-verified one, the cached copy is what is wrong: a "polluted" cache, left by a proxy that
served other content, a replaced tag, or a hand-edited cache.
""",
    fix="Purge exactly that module version from the module cache (its zip, ziphash, info, mod and extracted "
    "read-only folder; nothing else) and let go download it again: `sidecar purge-caches modcache:MODULE@VERSION`.",
)
def modcache_corrupt(facts: Facts) -> Iterator[Found]:
    c = _caches(facts)
    if c is None:
        return
    for m in c.sum_mismatches:
        mv = f"{m.line.module}@{m.line.version}"
        message = (
            f"{mv} in the module cache does not match {_name(m.gosum)}: {m.ziphash} holds {m.found}, "
            f"{_name(m.gosum)} pins {m.line.hash}. go fails with `verifying {mv}: checksum mismatch ... "
            "SECURITY ERROR`. If this go.sum is the committed one, the cached copy is polluted: purge this "
            "module version and go downloads it again."
        )
        yield Found(
            message,
            Location(m.gosum, m.line.range),
            (purge_fix(f"Purge {mv} from the module cache", f"modcache:{mv}"),),
        )


def _name(path: str) -> str:
    return path.replace("\\", "/").rsplit("/", 1)[-1]


# --- JetBrains ------------------------------------------------------------------------------------------
def ide_target(selector: str) -> str:
    """The purge target of one IDE version's caches."""
    return f"ide:{selector}"


@rule(
    code="ide-cache-stale",
    family="caches",
    severity=Severity.INFORMATION,
    summary="The newest GoLand / IntelliJ IDEA index predates the workspace's module files or is marked for rebuild",
    explanation="""
GoLand (and IntelliJ IDEA with the Go plugin) index modules into their system folder. When the index was last
written before go.mod, go.sum or go.work changed, or carries a rebuild marker (`index/corruption.marker`,
written by "Invalidate Caches" or after a crash), the IDE can show module state that no longer holds:
unresolved imports, old versions, red code that builds. The IDE re-reads changed files when it starts, and
rebuilds a marked index by itself. Purging its caches costs a full re-index of every project at the next
start: it is the cure when module state still looks stale after the IDE restarts. Checked for the newest
GoLand (or, without GoLand, the newest IntelliJ IDEA), only in JetBrains projects (an `.idea` folder: an IDE
that never opened the workspace has indexed nothing of it) and only while that IDE is not running.
""",
    fix="Restart the IDE first. If module state still looks stale, purge that IDE version's caches with the IDE "
    "closed (`sidecar purge-caches ide:<selector>`, e.g. `ide:GoLand2024.2`), the equivalent of "
    "File | Invalidate Caches.",
)
def ide_cache_stale(facts: Facts) -> Iterator[Found]:
    c = _caches(facts)
    if c is None or not facts.workspace.goland:
        return
    latest = max(c.module_files.items(), key=lambda kv: kv[1], default=None)
    for d in c.go_ides():  # the IDEs `purge-caches ide` purges too (probe/cache_records.py)
        state = c.indexes.get(d.path)
        if d.running or state is None or state.written is None:
            continue
        name = d.label
        purge = purge_fix(f"Purge {name}'s caches (full re-index at its next start)", ide_target(d.selector))
        if state.markers:
            seen = "; ".join(f"{m.path}" + (f' ("{m.reason}")' if m.reason else "") for m in state.markers)
            message = (
                f"{name}'s caches in {d.path} are marked for rebuilding: {seen}. {name} is not running and "
                "rebuilds them by itself at its next start. Purging them as well costs the same full "
                "re-index; it helps when module state still looks stale after the IDE restarts."
            )
        elif latest is not None and state.written < latest[1]:
            changed = _name(latest[0])
            message = (
                f"{name}'s index ({state.path}) was last written on {when(state.written)}, before "
                f"{changed} changed on {when(latest[1])}, and {name} is not running. It re-reads changed "
                "files when it starts; if module state still looks stale after it restarts, purging its "
                "caches (a full re-index of every project at the next start) helps."
            )
        else:
            continue
        yield Found(message, machine_anchor(facts), (purge,))


@rule(
    code="ide-cache-leftover",
    family="caches",
    severity=Severity.INFORMATION,
    summary="Caches of older GoLand / IntelliJ IDEA versions sit beside a newer version's",
    explanation="""
Each JetBrains IDE version keeps its own system folder (caches, indexes, logs), and a newer version does not
remove an older one's: the IDE deletes them by itself only after 180 days unused. After a few upgrades they
hold gigabytes that nothing reads.
""",
    fix="Purge the leftovers (`sidecar purge-caches ide-leftovers`): the older versions' system folders only; "
    "the newest version of each IDE and any version that is running are kept.",
)
def ide_cache_leftover(facts: Facts) -> Iterator[Found]:
    c = _caches(facts)
    if c is None:
        return
    leftovers = [d for d in c.leftovers() if not d.running]
    if not leftovers:
        return
    newest = {d.product: d for d in c.newest_ides()}
    parts, files, size, measured = [], 0, 0, True
    for d in leftovers:
        s = c.sizes.get(d.path)
        if s is None:
            measured = False
            parts.append(d.label)
        else:
            files, size = files + s[0], size + s[1]
            parts.append(f"{d.label} ({human_size(s[1])})")
    beside = ", ".join(sorted({newest[d.product].label for d in leftovers if d.product in newest}))
    total = f"{human_size(size)} in {files:,} files in total" if measured else "size not measured"
    message = (
        f"Caches of older JetBrains IDE versions sit beside {beside}: {', '.join(parts)}; {total}. "
        "The IDE removes them by itself only after 180 days unused."
    )
    running = [d.label for d in c.leftovers() if d.running]
    if running:
        message += f" Running, so left out: {', '.join(running)}."
    title = f"Purge older IDE versions' caches ({human_size(size)})" if measured else "Purge older IDE versions' caches"
    yield Found(message, machine_anchor(facts), (purge_fix(title, "ide-leftovers"),))
