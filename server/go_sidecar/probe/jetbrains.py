"""JetBrains IDEs on this machine: each GoLand / IntelliJ IDEA version's system folder (caches, index), its
config folder, whether it runs, and the state of its index (docs/facts.md, JetBrains IDEs; PathManager.java).

Paths come from the System's environment and home, so a FakeSystem drives Windows and macOS layouts.
"""

from __future__ import annotations

from collections.abc import Callable

from go_sidecar.probe.cache_records import (
    GO_BUILD,
    IDE,
    PID_UNKNOWN,
    PRODUCTS,
    SELECTOR,
    CacheDir,
    IndexState,
    Marker,
)
from go_sidecar.probe.system import System, env_get


def jetbrains_roots(sys_: System) -> tuple[str, str]:
    """(system root, config root) of JetBrains IDEs (PathManager.java): the folders that hold <selector>s."""
    join, home = sys_.join, sys_.home
    if sys_.host.windows:
        local = env_get(sys_.env, "LOCALAPPDATA", True) or join(home, "AppData", "Local")
        roaming = env_get(sys_.env, "APPDATA", True) or join(home, "AppData", "Roaming")
        return join(local, "JetBrains"), join(roaming, "JetBrains")
    if sys_.host.os == "darwin":
        return join(home, "Library", "Caches", "JetBrains"), join(home, "Library", "Application Support", "JetBrains")
    cache = sys_.env.get("XDG_CACHE_HOME") or ""
    config = sys_.env.get("XDG_CONFIG_HOME") or ""
    cache = cache if cache.startswith("/") else join(home, ".cache")
    config = config if config.startswith("/") else join(home, ".config")
    return join(cache, "JetBrains"), join(config, "JetBrains")


def _system_override(sys_: System, config: str, messages: list[str]) -> str | None:
    """`idea.system.path` from <config>/idea.properties, with ${user.home} and a leading ~ expanded."""
    props_path = sys_.join(config, "idea.properties")
    try:
        text = sys_.read_bytes(props_path, 256 * 1024).decode("utf-8", "replace")
    except OSError:
        return None
    from go_sidecar.parse.properties import parse_properties  # read only when an idea.properties is there

    value = parse_properties(text).get("idea.system.path", "").strip().strip('"')
    if not value:
        return None
    value = value.replace("${user.home}", sys_.home)
    if value.startswith(("~/", "~\\")) or value == "~":
        value = sys_.home + value[1:]
    if "${" in value or not sys_.is_abs(value):
        messages.append(f"idea.system.path in {props_path} is {value!r}, not an absolute path; ignored")
        return None
    return sys_.norm(value)


def _read_pid(sys_: System, path: str) -> tuple[int | None, bool]:
    """(PID or None, readable). A file another process holds locked (Windows) is not readable."""
    try:
        text = sys_.read_bytes(path, 4096).decode("ascii", "replace")
    except FileNotFoundError:
        return None, True
    except OSError:
        return None, False
    first = text.split()[:1]
    return (int(first[0]) if first and first[0].isdigit() else None), True


def ide_running(
    sys_: System,
    config: str,
    system: str,
    alive: Callable[[int], bool],
    listening: Callable[[int], bool | None] | None = None,
) -> tuple[int | None, str]:
    """(running_pid, lock_state). 2023.1+: <config>/.lock holds the PID while the IDE runs (and stays after
    a crash: a PID that is not alive is stale). Older IDEs keep an empty `port.lock` open and write `port` (the
    loopback port of their single-instance server) while running; `port` is deleted on a clean exit and stays
    after a crash, so it means running unless nothing listens on that port (`listening` says False)."""
    join = sys_.join
    lock = join(config, ".lock") if config else ""
    if lock and sys_.is_file(lock):
        pid, readable = _read_pid(sys_, lock)
        if not readable:
            return PID_UNKNOWN, "locked"
        if pid is None:
            return None, "no-pid"
        return (pid, "live") if alive(pid) else (None, "stale")
    folders = [f for f in (system, config) if f]
    for folder in folders:
        port_lock = join(folder, "port.lock")
        if sys_.is_file(port_lock):
            pid, readable = _read_pid(sys_, port_lock)
            if pid is not None:
                return (pid, "live") if alive(pid) else (None, "stale")
    for folder in folders:
        port_file = join(folder, "port")
        if sys_.is_file(port_file):
            port, _ = _read_pid(sys_, port_file)
            if port is not None and listening is not None and listening(port) is False:
                return None, "stale-port"
            return PID_UNKNOWN, "port"
    return None, ""


def _listening(sys_: System) -> Callable[[int], bool | None]:
    # A test's recorded machine may carry a `port_listening` of its own; the System protocol has no such member,
    # so it is looked up by name.
    probe: Callable[[int], bool | None] | None = getattr(sys_, "port_listening", None)
    if probe is not None:
        return probe
    from go_sidecar.probe.system import RealSystem

    if isinstance(sys_, RealSystem):
        from go_sidecar.probe.processes import port_listening_recently

        return port_listening_recently
    return lambda port: False  # a recorded machine's ports: nobody listens unless it says so


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def discover_ides(
    sys_: System, alive: Callable[[int], bool], messages: list[str]
) -> tuple[list[CacheDir], list[CacheDir]]:
    """Every GoLand / IntelliJ IDEA version's system folder, and any `caches/go-build` inside one."""
    join = sys_.join
    system_root, config_root = jetbrains_roots(sys_)
    selectors: dict[str, tuple[str, str]] = {}
    for root in (system_root, config_root):
        for name in sys_.list_dir(root):
            m = SELECTOR.match(name)
            if m and name not in selectors:
                selectors[name] = (m.group(1), m.group(2))
    found: list[CacheDir] = []
    listening = _listening(sys_)
    for selector, (product, version) in selectors.items():
        config = join(config_root, selector)
        config = config if sys_.is_dir(config) else ""
        system = (_system_override(sys_, config, messages) if config else None) or join(system_root, selector)
        if not sys_.is_dir(system):
            continue
        pid, state = ide_running(sys_, config, system, alive, listening)
        found.append(CacheDir(IDE, system, product, version, selector, config, pid, False, "", state))
    newest: dict[str, str] = {}
    for d in found:
        if d.product not in newest or _version_key(d.version) > _version_key(newest[d.product]):
            newest[d.product] = d.version
    ides = [
        CacheDir(
            d.kind,
            d.path,
            d.product,
            d.version,
            d.selector,
            d.config_path,
            d.running_pid,
            d.version == newest[d.product],
            d.problem,
            d.lock_state,
        )
        for d in sorted(found, key=lambda d: (PRODUCTS.index(d.product), _version_key(d.version)))
    ]
    go_builds = []
    for d in ides:
        gb = join(d.path, "caches", "go-build")
        if sys_.is_dir(gb):
            go_builds.append(
                CacheDir(
                    GO_BUILD,
                    gb,
                    d.product,
                    d.version,
                    d.selector,
                    d.config_path,
                    d.running_pid,
                    d.newest,
                    "",
                    d.lock_state,
                )
            )
    return ides, go_builds


def index_state(sys_: System, system: str) -> IndexState:
    join = sys_.join
    index = join(system, "index")
    written = None
    if sys_.is_dir(index):
        stamps = [sys_.mtime(index)] + [sys_.mtime(join(index, n)) for n in sys_.list_dir(index)]
        times = [t for t in stamps if t is not None]
        written = max(times) if times else None
    markers = []
    # index/corruption.marker: the file-based index (CorruptionMarker.kt); caches/corruption.marker: the VFS.
    for marker in (join(index, "corruption.marker"), join(system, "caches", "corruption.marker")):
        if sys_.is_file(marker):
            try:
                reason = sys_.read_bytes(marker, 4096).decode("utf-8", "replace").strip()
            except OSError:
                reason = ""
            markers.append(Marker(marker, reason[:200]))
    return IndexState(index, written, tuple(markers))
