"""The machine's Go and JetBrains caches: where they are, whether they are usable, which IDE runs.

Everything is computed from the System's environment and home (docs/facts.md, Go caches and JetBrains IDEs), so a
FakeSystem drives Windows and macOS layouts on any machine. platformdirs is not used: it reads the real
machine (os.environ, the Windows shell-folder API), so it cannot answer for a recorded one, and its
`user_cache_dir` on Windows adds an author folder where Go and JetBrains use %LOCALAPPDATA% itself.

Read-only but for go-sidecar's own size cache (<user cache>/go-sidecar/sizes.json): nothing here deletes or
runs anything. JetBrains folders are found by probe/jetbrains.py, sizes measured by probe/dirsize.py, on the
real disk only (a FakeSystem's paths are not this machine's).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Mapping
from functools import partial
from typing import TYPE_CHECKING, Any

from go_sidecar.probe.cache_records import (  # noqa: F401 - the records are part of this module's API
    GIB,
    GO_BUILD,
    GOPLS,
    IDE,
    MODCACHE,
    PID_UNKNOWN,
    PRODUCTS,
    CacheDir,
    CacheFacts,
    IndexState,
    Marker,
    SumMismatch,
)
from go_sidecar.probe.dirsize import MeasureCancelled, SizeCache, measure  # noqa: F401 - part of this API
from go_sidecar.probe.jetbrains import discover_ides, index_state
from go_sidecar.probe.memo import BUILD_CACHE_SIZE, SUMS, Memo
from go_sidecar.probe.processes import pid_alive
from go_sidecar.probe.system import RealSystem, System, env_get
from go_sidecar.probe.toolchains import gomodcache

if TYPE_CHECKING:
    from go_sidecar.parse.gosum import SumLine

README_FIRST_LINE = "This directory holds cached build artifacts from the Go build system."
_HEX = frozenset("0123456789abcdef")


# --- where things are -----------------------------------------------------------------------------------
def user_cache_dir(sys_: System) -> tuple[str, str]:
    """os.UserCacheDir() as Go computes it (src/os/file.go): (folder, "") or ("", why it is unknown)."""
    env = sys_.env
    if sys_.host.windows:
        value = env_get(env, "LocalAppData", True)
        return (value, "") if value else ("", "%LocalAppData% is not defined")
    if sys_.host.os == "darwin":
        return (sys_.join(sys_.home, "Library", "Caches"), "") if sys_.home else ("", "$HOME is not defined")
    value = env.get("XDG_CACHE_HOME")
    if value:
        return (value, "") if value.startswith("/") else ("", "path in $XDG_CACHE_HOME is relative")
    return (sys_.join(sys_.home, ".cache"), "") if sys_.home else ("", "neither $XDG_CACHE_HOME nor $HOME are defined")


def _writable(sys_: System, path: str) -> bool:
    probe = getattr(sys_, "writable", None)  # a recorded machine may say; the real one is asked
    if probe is not None:
        return bool(probe(path))
    if isinstance(sys_, RealSystem):
        return os.access(path, os.W_OK)
    return True


def _usability(sys_: System, path: str) -> str:
    """Why Go could not use this folder as its build cache; Go creates a missing folder and its missing
    parents (os.MkdirAll), so a missing parent is a problem only when it cannot be created."""
    if sys_.is_dir(path):
        return "" if _writable(sys_, path) else "not writable"
    if sys_.is_file(path):
        return "not a folder"
    current = sys_.norm(path)
    while True:
        up = sys_.parent(current)
        if up == current or up == ".":
            return "parent missing: no part of the path exists (a drive or volume that is not mounted?)"
        current = up
        if sys_.is_dir(current):
            if _writable(sys_, current):
                return ""
            return f"parent missing: {current} is the nearest existing folder and is not writable"
        if sys_.is_file(current):
            return f"parent missing: {current} is a file"


def _gocache(sys_: System, go_env: Mapping[str, str], ucd: tuple[str, str]) -> tuple[CacheDir, str, str]:
    value = env_get(sys_.env, "GOCACHE", sys_.host.windows) or ""
    source = "environment" if value else "default"
    if not value and go_env.get("GOCACHE"):
        value, source = go_env["GOCACHE"], "go env -w"
    if value == "off":
        return CacheDir(GO_BUILD, value, problem="GOCACHE=off"), value, source
    if value:
        if not sys_.is_abs(value):
            return CacheDir(GO_BUILD, value, problem="GOCACHE is not an absolute path"), value, source
        path = value
    else:
        base, why = ucd
        if not base:
            return CacheDir(GO_BUILD, "", problem=f"GOCACHE is not defined and {why}"), value, source
        path = sys_.join(base, "go-build")
    return CacheDir(GO_BUILD, path, problem=_usability(sys_, path)), value, source


def looks_like_go_build_cache(sys_: System, path: str) -> bool:
    """Go's README first line, or the layout Go creates at once: the 256 subfolders 00..ff and a few files."""
    try:
        head = sys_.read_bytes(sys_.join(path, "README"), 4096).decode("utf-8", "replace")
        if head.splitlines()[:1] == [README_FIRST_LINE]:
            return True
    except (OSError, ValueError):
        pass
    names = sys_.list_dir(path)
    hex_names = [n for n in names if len(n) == 2 and n[0] in _HEX and n[1] in _HEX]
    if len(hex_names) < 192 or len(names) - len(hex_names) > 8:
        return False
    step = max(1, len(hex_names) // 16)  # a sample: 16 folders named like Go's are as telling as 256
    return all(sys_.is_dir(sys_.join(path, n)) for n in hex_names[::step])


# --- discovery and the facts the rules read -------------------------------------------------------------
def _default_alive(sys_: System) -> Callable[[int], bool]:
    # A test's recorded machine may carry a `pid_alive` of its own; the System protocol has no such member.
    probe: Callable[[int], bool] | None = getattr(sys_, "pid_alive", None)
    if probe is not None:
        return probe
    # A recorded machine's PIDs are not this machine's processes: none of them is alive unless it says so.
    return pid_alive if isinstance(sys_, RealSystem) else (lambda pid: False)


def discover_caches(sys_: System, go_env: dict[str, str], alive: Callable[[int], bool] | None = None) -> CacheFacts:
    alive = alive or _default_alive(sys_)
    ucd = user_cache_dir(sys_)
    gocache, value, source = _gocache(sys_, go_env, ucd)
    modcache_path = gomodcache(sys_, go_env)
    modcache = CacheDir(
        MODCACHE, modcache_path, problem="" if sys_.is_abs(modcache_path) else "GOMODCACHE is not an absolute path"
    )
    # gopls keeps its file cache in <GOPLSCACHE or the user cache dir>/gopls (filecache.go getCacheDir).
    gopls_base = env_get(sys_.env, "GOPLSCACHE", sys_.host.windows) or ucd[0]
    gopls_path = sys_.join(gopls_base, "gopls") if gopls_base else ""
    gopls = CacheDir(GOPLS, gopls_path) if gopls_path else None
    messages: list[str] = []
    ides, go_builds = discover_ides(sys_, alive, messages)
    return CacheFacts(gocache, value, source, modcache, gopls, ides, go_builds, messages)


def _trim_time(sys_: System, gocache: str) -> float | None:
    try:
        text = sys_.read_bytes(sys_.join(gocache, "trim.txt"), 4096).decode("ascii", "replace").strip()
        return float(int(text))
    except (OSError, ValueError):
        return None


def _has_entries(sys_: System, gocache: str) -> bool:
    for name in sys_.list_dir(gocache):
        if len(name) == 2 and name[0] in _HEX and name[1] in _HEX and sys_.list_dir(sys_.join(gocache, name)):
            return True
    return False


def check_gosum(sys_: System, path: str, data: bytes, modcache: str) -> list[SumMismatch]:
    """Each zip line's module version against `<modcache>/cache/download/<escaped>/@v/<version>.ziphash`.

    Reads one small file per module version go.sum names, nothing else. A ziphash that is not a valid h1:
    hash is not reported: Go recomputes it from the zip (modfetch.checkMod).
    """
    download = sys_.join(modcache, "cache", "download")
    if not sys_.is_dir(download):
        return []
    from go_sidecar.parse.gosum import escape_path, escape_version, is_h1, parse_gosum  # only with a go.sum

    wanted: dict[tuple[str, str], list[SumLine]] = {}
    for line in parse_gosum(data):
        if not line.is_gomod and line.hash.startswith("h1:"):
            wanted.setdefault((line.module, line.version), []).append(line)
    out = []
    for (module, version), lines in wanted.items():
        emod, ever = escape_path(module), escape_version(version)
        if emod is None or ever is None:
            continue
        ziphash = sys_.join(download, *emod.split("/"), "@v", ever + ".ziphash")
        try:
            found = sys_.read_bytes(ziphash, 4096).decode("ascii", "replace").strip()
        except OSError:
            continue
        if is_h1(found) and found not in {ln.hash for ln in lines}:
            out.append(SumMismatch(path, lines[0], ziphash, found))
    return out


SIZES = SizeCache()  # the process's remembered sizes: the server re-measures incrementally
_LOADED: set[str] = set()
_PROCESS_SIZES: Any = object()  # gather_caches' default sizer: SIZES, persisted, on a RealSystem


def _sizes_file(sys_: System) -> str:
    base, _ = user_cache_dir(sys_)
    return sys_.join(base, "go-sidecar", "sizes.json") if base else ""


def gather_caches(
    sys_: System,
    ws: Any,
    go_env: dict[str, str],
    limit_gib: float | None = None,
    overlays: Mapping[str, bytes] | None = None,
    *,
    sizer: SizeCache | None = _PROCESS_SIZES,
    alive: Callable[[int], bool] | None = None,
    now: float | None = None,
    memo: Memo | None = None,
) -> CacheFacts:
    """Discovery plus what the cache rules read: sizes, trim time, IDE index state, go.sum against the module
    cache. By default sizes come from the process's SizeCache, kept in <user cache>/go-sidecar/sizes.json so
    that a cold `sidecar check` re-reads only what changed, and only on a RealSystem; `sizer=None` measures
    nothing, a SizeCache of the caller's own is used as it is. With a `memo` (the server's), go.sum is compared
    with the module cache again only when go.sum's bytes change or the module cache is said to (probe/memo.py)."""
    facts = discover_caches(sys_, go_env, alive)
    facts.now = time.time() if now is None else now
    if limit_gib is not None:
        facts.gocache_limit = int(limit_gib * GIB)
    persist = ""
    if sizer is _PROCESS_SIZES:
        sizer = SIZES if isinstance(sys_, RealSystem) else None
        if sizer is not None:
            persist = _sizes_file(sys_)
            if persist and persist not in _LOADED:
                _LOADED.add(persist)
                sizer.load(persist)
    join = sys_.join
    gc = facts.gocache
    if gc is not None and not gc.problem and sys_.is_dir(gc.path):
        facts.gocache_trim = _trim_time(sys_, gc.path)
        if facts.gocache_trim is None:
            facts.gocache_has_entries = _has_entries(sys_, gc.path)
        if sizer is not None and looks_like_go_build_cache(sys_, gc.path):
            if memo is None:
                facts.sizes[gc.path] = _measure(sizer, gc.path, GO_BUILD, facts)
            else:  # a stat of each of its 256 folders: again when the cache root changes, or after ttl
                facts.sizes[gc.path] = memo.get(
                    BUILD_CACHE_SIZE, gc.path, (), lambda: _measure(sizer, gc.path, GO_BUILD, facts)
                )
    for d in facts.ides:
        if d.newest:
            facts.indexes[d.path] = index_state(sys_, d.path)
        elif sizer is not None and not d.running:
            facts.sizes[d.path] = _measure(sizer, d.path, IDE, facts)
    if persist and sizer is not None:  # persist is set only with a sizer
        sizer.save(persist)

    overlays = overlays or {}
    root = getattr(ws, "root", "")
    for name in ("go.mod", "go.sum", "go.work"):
        path = join(root, name)
        t = sys_.mtime(path)
        if t is not None and sys_.is_file(path):
            facts.module_files[path] = t
    mc = facts.gomodcache
    if mc is not None and not mc.problem:
        for name in ("go.sum", "go.work.sum"):
            path = join(root, name)
            data = overlays.get(path)
            if data is None:
                try:
                    data = sys_.read_bytes(path)
                except FileNotFoundError:
                    continue
                except OSError as e:  # a FIFO, device or oversized file: say so (read_workspace does the same)
                    facts.messages.append(f"cannot read {path}: {e.strerror or e}")
                    continue
            if memo is None:
                facts.sum_mismatches += check_gosum(sys_, path, data, mc.path)
            else:  # thousands of reads: again only when go.sum changes or the module cache is said to have
                facts.sum_mismatches += memo.get(
                    SUMS, path, (hash(data), len(data), mc.path), partial(check_gosum, sys_, path, data, mc.path)
                )
    return facts


def _measure(sizer: SizeCache, path: str, kind: str, facts: CacheFacts) -> tuple[int, int]:
    try:
        return sizer.measure(path, kind)
    except (OSError, MeasureCancelled) as e:
        facts.messages.append(f"could not measure {path}: {e}")
        return 0, 0
