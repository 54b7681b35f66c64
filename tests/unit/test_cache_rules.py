"""The cache rules, run the way `sidecar check` and the server run them (`run_check`): each firing and not.

Linux machines are real folders under tmp_path (the sandbox redirects HOME, XDG_*, GOCACHE, GOPATH, ...);
Windows and macOS ones are FakeSystems. Liveness of IDE processes is injected (a System's `pid_alive`), and
"not writable" too (a System's `writable`: the tests may run as root, who can write anything).
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host, Range, Severity
from go_sidecar.probe.system import RealSystem
from go_sidecar.settings import GOCACHE_OVERSIZED_GIB, Settings, parse_settings
from go_sidecar.testing import FakeSystem, RecordedHostProbe
from tests.unit.conftest import MAC_HOME, WIN_HOME
from tests.unit.test_caches_probe import H1_A, H1_B, make_go_cache
from tests.unit.test_cli import run as run_cli

CACHE_CODES = {
    "gocache-invalid",
    "gocache-oversized",
    "gocache-untrimmed",
    "modcache-corrupt",
    "ide-cache-stale",
    "ide-cache-leftover",
}
GOMOD = "// 模块\nmodule example.com/hello\n\ngo 1.22.0\n"
MODULE_RANGE = Range.of(1, 0, 1, len("module example.com/hello"))
DAY = 86400


def check(system, root, settings: Settings = Settings(), overlays=None, host: str = "linux-amd64"):
    report, _facts = run_check(system, str(root), settings, overlays, toolchains=[], host=RecordedHostProbe(host))
    return [f for f in report.findings if f.code in CACHE_CODES], report


def codes(findings) -> list[str]:
    return [f.code for f in findings]


class Machine(RealSystem):
    """The sandbox, with injected process liveness and writability."""

    def __init__(self, env, alive=(), unwritable=()):
        super().__init__(env)
        self._alive = set(alive)
        self._unwritable = {str(p) for p in unwritable}

    def pid_alive(self, pid: int) -> bool:
        return pid in self._alive

    def writable(self, path: str) -> bool:
        return path not in self._unwritable and os.access(path, os.W_OK)


@pytest.fixture
def ws(sandbox):
    sandbox.write("go.mod", GOMOD)
    return sandbox


def go_cache(sandbox, **kw) -> Path:
    path = sandbox.home / ".cache" / "go-build"
    make_go_cache(path, **kw)
    return path


# --- gocache-invalid ------------------------------------------------------------------------------------
def test_healthy_cache_gives_nothing(ws):
    go_cache(ws, dirs=4)
    (ws.home / ".cache" / "go-build" / "trim.txt").write_text(str(int(time.time())))
    findings, _report = check(ws.system(), ws.ws)
    assert findings == [], findings


def test_gocache_off_from_go_env_w(ws):
    env_file = ws.home / ".config" / "go" / "env"
    env_file.parent.mkdir(parents=True)
    env_file.write_text("GOCACHE=off\n")
    (f,) = check(ws.system(GOCACHE=""), ws.ws)[0]
    assert (f.code, f.severity) == ("gocache-invalid", Severity.ERROR)
    assert "GOCACHE=off (set with `go env -w`)" in f.message and "required as of Go 1.12" in f.message
    assert (f.location.path, f.location.range) == (str(ws.ws / "go.mod"), MODULE_RANGE)
    assert f.fixes == ()


def test_gocache_relative_and_not_writable(ws):
    (f,) = check(ws.system(GOCACHE="cache/go-build"), ws.ws)[0]
    assert "GOCACHE=cache/go-build (set in the environment) is not an absolute path" in f.message
    gocache = go_cache(ws, dirs=1)
    (f,) = check(Machine(ws.env, unwritable=[gocache]), ws.ws)[0]
    assert f.code == "gocache-invalid" and "is not writable by this user" in f.message
    # A folder not there yet is fine when its parent can be created (go does os.MkdirAll)...
    assert check(ws.system(GOCACHE=str(ws.tmp / "new" / "deeper" / "go-build")), ws.ws)[0] == []
    # ...and not when the nearest existing folder is read-only.
    (f,) = check(Machine({**ws.env, "GOCACHE": str(ws.tmp / "ro" / "x" / "go-build")}, unwritable=[ws.tmp]), ws.ws)[0]
    assert (
        "does not exist and cannot be created" in f.message and f"{ws.tmp} is the nearest existing folder" in f.message
    )


def test_gocache_on_a_missing_windows_drive():
    m = FakeSystem(
        Host("windows", "amd64"),
        WIN_HOME,
        env={"USERPROFILE": WIN_HOME, "LocalAppData": WIN_HOME + "\\AppData\\Local", "GOCACHE": "Z:\\go-build"},
        files={"C:\\w\\go.mod": GOMOD.encode()},
    )
    (f,) = check(m, "C:\\w", host="windows-amd64")[0]
    assert f.code == "gocache-invalid" and "a drive or volume that is not mounted" in f.message
    assert f.location.path == "C:\\w\\go.mod"


# --- gocache-oversized ----------------------------------------------------------------------------------
def test_gocache_oversized_with_the_setting(ws):
    gocache = go_cache(ws, dirs=64)  # about 64 * (175 + 31) bytes + README
    (gocache / "trim.txt").write_text(str(int(time.time())))
    assert check(ws.system(), ws.ws)[0] == []  # far below the default 10 GiB
    (f,) = check(ws.system(), ws.ws, Settings(gocache_oversized_gib=1e-6))[0]  # about 1 KiB
    assert (f.code, f.severity) == ("gocache-oversized", Severity.INFORMATION)
    assert f"{gocache}" in f.message and "in 386 files" in f.message and "goSidecar.gocacheOversizedGiB" in f.message
    (fix,) = f.fixes
    assert fix.command.name == "sidecar.purgeCaches" and fix.command.arguments == ({"targets": ["go-build"]},)
    assert fix.shell == "sidecar purge-caches go-build"
    assert fix.to_json()["command"] == {"name": "sidecar.purgeCaches", "arguments": [{"targets": ["go-build"]}]}


def test_gocache_oversized_from_settings_json_and_a_bad_value(ws):
    go_cache(ws, dirs=64)
    (ws.home / ".cache" / "go-build" / "trim.txt").write_text(str(int(time.time())))
    ws.write(".vscode/settings.json", '{"goSidecar.gocacheOversizedGiB": 0.000001}')
    assert codes(check(ws.system(), ws.ws)[0]) == ["gocache-oversized"]
    ws.write(".vscode/settings.json", '{"goSidecar.gocacheOversizedGiB": -3}')
    findings, report = check(ws.system(), ws.ws)
    assert findings == []
    assert any(
        "gocacheOversizedGiB must be a number of GiB greater than 0" in m and "using 10" in m for m in report.messages
    )


def test_gocache_oversized_setting_parsing():
    for good in (1, 0.5, 250):
        s, messages = parse_settings({"gocacheOversizedGiB": good})
        assert messages == [] and s.gocache_threshold_gib == good
    for bad in (0, -1, "10", True, float("nan"), float("inf"), [10]):
        s, messages = parse_settings({"goSidecar": {"gocacheOversizedGiB": bad}})
        assert s.gocache_oversized_gib is None and s.gocache_threshold_gib == GOCACHE_OVERSIZED_GIB
        assert len(messages) == 1 and "gocacheOversizedGiB" in messages[0]
    editor = Settings(gocache_oversized_gib=20.0)
    assert Settings(gocache_oversized_gib=5.0).merged(editor).gocache_threshold_gib == 20
    assert Settings(gocache_oversized_gib=5.0).merged(Settings()).gocache_threshold_gib == 5


# --- gocache-untrimmed ----------------------------------------------------------------------------------
def test_gocache_untrimmed(ws):
    gocache = go_cache(ws, dirs=2)
    (gocache / "trim.txt").write_text(str(int(time.time() - 8 * DAY - 60)))
    (f,) = check(ws.system(), ws.ws)[0]
    assert (f.code, f.severity) == ("gocache-untrimmed", Severity.INFORMATION)
    assert "8 days ago" in f.message and f.location.range == MODULE_RANGE
    assert f.fixes[0].command.arguments == ({"targets": ["go-build"]},)
    (gocache / "trim.txt").write_text(str(int(time.time() - 2 * DAY)))
    assert check(ws.system(), ws.ws)[0] == []
    (gocache / "trim.txt").unlink()
    (f,) = check(ws.system(), ws.ws)[0]
    assert "holds entries but no trim.txt" in f.message


def test_an_empty_cache_without_trim_txt_is_fine(ws):
    for i in range(256):
        (ws.home / ".cache" / "go-build" / f"{i:02x}").mkdir(parents=True)
    assert check(ws.system(), ws.ws)[0] == []


# --- modcache-corrupt -----------------------------------------------------------------------------------
GOSUM = (
    "golang.org/x/mod v0.17.0 " + H1_A + "\n"
    "github.com/BurntSushi/toml v1.3.2/go.mod " + H1_A + "\n"
    "github.com/BurntSushi/toml v1.3.2 " + H1_A + "\n"
    "golang.org/x/mod v0.17.0/go.mod " + H1_B + "\n"
)


def ziphash(sandbox, escaped: str, version: str, content: str) -> Path:
    path = sandbox.home / "go" / "pkg" / "mod" / "cache" / "download" / escaped / "@v" / f"{version}.ziphash"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    return path


def test_modcache_corrupt_is_anchored_to_the_go_sum_line(ws):
    gosum = ws.write("go.sum", GOSUM)
    ziphash(ws, "golang.org/x/mod", "v0.17.0", H1_A)
    polluted = ziphash(ws, "github.com/!burnt!sushi/toml", "v1.3.2", H1_B)
    (f,) = check(ws.system(), ws.ws)[0]
    assert (f.code, f.severity) == ("modcache-corrupt", Severity.ERROR)
    line = "github.com/BurntSushi/toml v1.3.2 " + H1_A
    assert (f.location.path, f.location.range) == (str(gosum), Range.of(2, 0, 2, len(line)))
    assert str(polluted) in f.message and H1_B in f.message and "SECURITY ERROR" in f.message
    (fix,) = f.fixes
    assert fix.command.arguments == ({"targets": ["modcache:github.com/BurntSushi/toml@v1.3.2"]},)
    assert fix.shell == "sidecar purge-caches modcache:github.com/BurntSushi/toml@v1.3.2"


def test_modcache_matching_absent_or_go_mod_only_gives_nothing(ws):
    ws.write("go.sum", GOSUM)
    ziphash(ws, "github.com/!burnt!sushi/toml", "v1.3.2", H1_A)
    assert check(ws.system(), ws.ws)[0] == []
    # An editor buffer of go.sum wins over the disk.
    overlay = {str(ws.ws / "go.sum"): GOSUM.replace("toml v1.3.2 " + H1_A, "toml v1.3.2 " + H1_B).encode()}
    assert codes(check(ws.system(), ws.ws, overlays=overlay)[0]) == ["modcache-corrupt"]


# --- JetBrains ------------------------------------------------------------------------------------------
def ide(sandbox, selector: str, index_time: float | None = None, lock: int | None = None, files: int = 0) -> Path:
    system = sandbox.home / ".cache" / "JetBrains" / selector
    (system / "index" / "stubs").mkdir(parents=True)
    config = sandbox.home / ".config" / "JetBrains" / selector
    config.mkdir(parents=True)
    if lock is not None:
        (config / ".lock").write_text(str(lock))
    for i in range(files):
        (system / "caches").mkdir(exist_ok=True)
        (system / "caches" / f"f{i}").write_bytes(b"c" * 1000)
    if index_time is not None:
        for p in (system / "index", system / "index" / "stubs"):
            os.utime(p, (index_time, index_time))
    return system


def goland_project(ws, mod_time: float) -> None:
    (ws.ws / ".idea").mkdir()
    os.utime(ws.ws / "go.mod", (mod_time, mod_time))


def test_ide_cache_stale_index_older_than_go_mod(ws):
    now = time.time()
    goland_project(ws, now - 60)
    ide(ws, "GoLand2024.2", index_time=now - 3 * DAY, lock=4242)
    (f,) = check(Machine(ws.env), ws.ws)[0]  # .lock's PID is stale: not running
    assert (f.code, f.severity) == ("ide-cache-stale", Severity.INFORMATION)
    assert "GoLand 2024.2's index" in f.message and "before go.mod changed" in f.message
    assert "not running" in f.message and "full re-index" in f.message and "after it restarts" in f.message
    assert f.location == type(f.location)(str(ws.ws / "go.mod"), MODULE_RANGE)
    assert f.fixes[0].command.arguments == ({"targets": ["ide:GoLand2024.2"]},)
    assert f.fixes[0].shell == "sidecar purge-caches ide:GoLand2024.2"
    # Running: never.
    assert check(Machine(ws.env, alive=[4242]), ws.ws)[0] == []


def test_ide_cache_stale_needs_an_older_index_and_a_jetbrains_project(ws):
    now = time.time()
    ide(ws, "GoLand2024.2", index_time=now - 3 * DAY)
    os.utime(ws.ws / "go.mod", (now, now))
    assert check(Machine(ws.env), ws.ws)[0] == []  # no .idea: GoLand never opened this workspace
    (ws.ws / ".idea").mkdir()
    os.utime(ws.ws / "go.mod", (now - 4 * DAY, now - 4 * DAY))
    assert check(Machine(ws.env), ws.ws)[0] == []  # indexed after go.mod last changed
    sumfile = ws.write("go.sum", "")
    os.utime(sumfile, (now, now))  # ...but go.sum changed since
    assert "before go.sum changed" in check(Machine(ws.env), ws.ws)[0][0].message


def test_ide_cache_stale_corruption_marker(ws):
    now = time.time()
    goland_project(ws, now - 4 * DAY)
    system = ide(ws, "GoLand2024.2")
    (system / "index" / "corruption.marker").write_text("Explicit index invalidation")
    (f,) = check(Machine(ws.env), ws.ws)[0]
    assert "marked for rebuilding" in f.message and '"Explicit index invalidation"' in f.message
    assert "rebuilds them by itself at its next start" in f.message


def test_ide_cache_stale_looks_at_goland_first_then_idea(ws):
    now = time.time()
    goland_project(ws, now)
    ide(ws, "IntelliJIdea2024.2", index_time=now - DAY)
    (f,) = check(Machine(ws.env), ws.ws)[0]
    assert "IntelliJIdea 2024.2" in f.message  # no GoLand: IDEA runs the Go plugin
    ide(ws, "GoLand2024.1", index_time=now + 60)
    assert check(Machine(ws.env), ws.ws)[0] == []  # GoLand is the Go IDE here, and it is up to date
    ide(ws, "GoLand2023.3", index_time=now - DAY)
    assert codes(check(Machine(ws.env), ws.ws)[0]) == ["ide-cache-leftover"]  # only the newest GoLand counts


class TimedFake(FakeSystem):
    """A FakeSystem with modification times, read-locked files (a running IDE's .lock on Windows)."""

    def __init__(self, *args, mtimes=None, locked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.mtimes = {self._key(k): v for k, v in (mtimes or {}).items()}
        self.locked = {self._key(p) for p in locked}

    def mtime(self, path):
        base = super().mtime(path)
        return None if base is None else self.mtimes.get(self._key(path), base)

    def read_bytes(self, path, limit=20 * 1024 * 1024):
        if self._key(path) in self.locked:
            raise PermissionError(13, "locked", path)
        return super().read_bytes(path, limit)


def test_ide_cache_stale_on_windows_and_a_locked_lock_file():
    local, roaming = WIN_HOME + "\\AppData\\Local", WIN_HOME + "\\AppData\\Roaming"
    lock = roaming + "\\JetBrains\\GoLand2024.2\\.lock"
    files = {
        "C:\\w\\go.mod": GOMOD.encode(),
        "C:\\w\\.idea\\workspace.xml": b"<project/>",
        local + "\\JetBrains\\GoLand2024.2\\index\\stubs\\x": b"",
        lock: b"4242",
        local + "\\go-build\\trim.txt": str(int(time.time())).encode(),
    }
    mtimes = {
        "C:\\w\\go.mod": 2000.0,
        local + "\\JetBrains\\GoLand2024.2\\index": 1000.0,
        local + "\\JetBrains\\GoLand2024.2\\index\\stubs": 1500.0,
    }
    env = {"USERPROFILE": WIN_HOME, "LocalAppData": local, "AppData": roaming}
    m = TimedFake(Host("windows", "amd64"), WIN_HOME, env=env, files=files, mtimes=mtimes)
    (f,) = check(m, "C:\\w", host="windows-amd64")[0]
    assert f.code == "ide-cache-stale" and f.location.path == "C:\\w\\go.mod"
    assert f.fixes[0].shell == "sidecar purge-caches ide:GoLand2024.2"
    locked = TimedFake(Host("windows", "amd64"), WIN_HOME, env=env, files=files, mtimes=mtimes, locked=[lock])
    assert check(locked, "C:\\w", host="windows-amd64")[0] == []  # the IDE holds its .lock: it runs


def test_ide_cache_leftover_with_sizes(ws):
    ide(ws, "GoLand2023.3", files=2)
    ide(ws, "GoLand2024.1", files=1)
    ide(ws, "GoLand2024.2")
    (f,) = check(Machine(ws.env), ws.ws)[0]
    assert (f.code, f.severity) == ("ide-cache-leftover", Severity.INFORMATION)
    assert "beside GoLand 2024.2" in f.message
    assert "GoLand 2023.3 (2.0 KiB)" in f.message and "GoLand 2024.1 (1000 bytes)" in f.message
    assert "2.9 KiB in 3 files in total" in f.message
    (fix,) = f.fixes
    assert (
        fix.command.arguments == ({"targets": ["ide-leftovers"]},) and fix.shell == "sidecar purge-caches ide-leftovers"
    )
    assert fix.title == "Purge older IDE versions' caches (2.9 KiB)"


def test_ide_cache_leftover_leaves_out_running_versions_and_single_versions(ws):
    ide(ws, "GoLand2024.2")
    ide(ws, "IntelliJIdea2024.1")
    assert check(Machine(ws.env), ws.ws)[0] == []  # one version per product: nothing left over
    ide(ws, "GoLand2023.3", lock=555, files=1)
    assert check(Machine(ws.env, alive=[555]), ws.ws)[0] == []  # the old one runs: not a leftover
    ide(ws, "GoLand2023.2", files=1)
    (f,) = check(Machine(ws.env, alive=[555]), ws.ws)[0]
    assert "GoLand 2023.2 (1000 bytes)" in f.message and "Running, so left out: GoLand 2023.3." in f.message


def test_ide_cache_leftover_on_macos_is_not_measured_on_a_recorded_machine():
    files = {
        "/w/go.mod": GOMOD.encode(),
        MAC_HOME + "/Library/Caches/JetBrains/GoLand2023.3/index/x": b"",
        MAC_HOME + "/Library/Caches/JetBrains/GoLand2024.2/index/x": b"",
    }
    m = FakeSystem(Host("darwin", "arm64"), MAC_HOME, env={"HOME": MAC_HOME}, files=files)
    (f,) = check(m, "/w", host="apple-silicon-native")[0]
    assert "GoLand 2023.3; size not measured" in f.message


# --- anchors without go.mod -----------------------------------------------------------------------------
def test_machine_findings_without_go_mod(sandbox):
    findings, _ = check(sandbox.system(GOCACHE="off"), sandbox.ws)
    (f,) = findings
    assert (f.location.path, f.location.range) == (str(sandbox.ws), Range.of(0, 0, 0, 0))
    sandbox.write("go.work", "go 1.22\n\nuse ./a\n")
    (f,) = check(sandbox.system(GOCACHE="off"), sandbox.ws)[0]
    assert (f.location.path, f.location.range) == (str(sandbox.ws / "go.work"), Range.of(0, 0, 0, 7))


def test_the_cli_lists_machine_findings_under_the_workspace(sandbox):
    sandbox.env["GOCACHE"] = "off"
    code, out, _ = run_cli(sandbox, "check", str(sandbox.ws), "--disabled-rules", "dlv-missing")
    assert code == 1
    assert "\n.\n" in out and "gocache-invalid" in out and "GOCACHE=off" in out
    code, out, _ = run_cli(sandbox, "check", str(sandbox.ws), "--format", "json")
    (f,) = [f for f in json.loads(out)["findings"] if f["code"] == "gocache-invalid"]
    assert f["location"]["path"] == str(sandbox.ws)
