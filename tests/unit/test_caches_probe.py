"""Cache discovery (Go and JetBrains, on Windows, macOS and Linux), go.sum against the module cache, and sizes.

Windows and macOS machines are FakeSystems; Linux ones are real folders under tmp_path (the sandbox redirects
HOME, XDG_*, GOCACHE, GOPATH, ...). No test reads or measures a cache of the machine it runs on, and every
process-liveness answer is injected except where the test's own PID is the live one.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from go_sidecar.model import Host
from go_sidecar.parse.gosum import escape_path, escape_version, is_h1, parse_gosum
from go_sidecar.parse.properties import parse_properties
from go_sidecar.probe import dirsize
from go_sidecar.probe.caches import (
    PID_UNKNOWN,
    SizeCache,
    check_gosum,
    discover_caches,
    gather_caches,
    looks_like_go_build_cache,
    measure,
    pid_alive,
    user_cache_dir,
)
from go_sidecar.probe.dirsize import GO_ACTION_ENTRY_SIZE, MeasureCancelled
from go_sidecar.probe.system import RealSystem
from go_sidecar.probe.workspace import read_workspace
from go_sidecar.testing import FakeSystem
from tests.unit.conftest import LINUX_HOME, MAC_HOME, WIN_HOME

README = b'This directory holds cached build artifacts from the Go build system.\nRun "go clean -cache" ...\n'
H1_A = "h1:" + "A" * 43 + "="
H1_B = "h1:" + "B" * 43 + "="


class Machine(FakeSystem):
    """A FakeSystem that also answers writability and locked files, as a real Windows machine would."""

    def __init__(self, *args, unwritable=(), locked=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.unwritable = {self._key(p) for p in unwritable}
        self.locked = {self._key(p) for p in locked}

    def writable(self, path: str) -> bool:
        return self._key(path) not in self.unwritable

    def read_bytes(self, path, limit=20 * 1024 * 1024):
        if self._key(path) in self.locked:
            raise PermissionError(
                13, "The process cannot access the file because another process has locked a portion of the file", path
            )
        return super().read_bytes(path, limit)


def win(files=None, env=None, **kw) -> Machine:
    base = {
        "USERPROFILE": WIN_HOME,
        "AppData": WIN_HOME + "\\AppData\\Roaming",
        "LocalAppData": WIN_HOME + "\\AppData\\Local",
    }
    files = {WIN_HOME + "\\NTUSER.DAT": b"", **(files or {})}
    return Machine(Host("windows", "amd64"), WIN_HOME, env={**base, **(env or {})}, files=files, **kw)


def mac(files=None, env=None, **kw) -> Machine:
    files = {MAC_HOME + "/.zshrc": b"", **(files or {})}
    return Machine(Host("darwin", "arm64"), MAC_HOME, env={"HOME": MAC_HOME, **(env or {})}, files=files, **kw)


def linux(files=None, env=None, **kw) -> Machine:
    files = {LINUX_HOME + "/.profile": b"", **(files or {})}
    return Machine(Host("linux", "amd64"), LINUX_HOME, env={"HOME": LINUX_HOME, **(env or {})}, files=files, **kw)


# --- Go caches ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "machine, gocache, gopls, modcache",
    [
        (
            win,
            WIN_HOME + "\\AppData\\Local\\go-build",
            WIN_HOME + "\\AppData\\Local\\gopls",
            WIN_HOME + "\\go\\pkg\\mod",
        ),
        (mac, MAC_HOME + "/Library/Caches/go-build", MAC_HOME + "/Library/Caches/gopls", MAC_HOME + "/go/pkg/mod"),
        (linux, LINUX_HOME + "/.cache/go-build", LINUX_HOME + "/.cache/gopls", LINUX_HOME + "/go/pkg/mod"),
    ],
    ids=["windows", "macos", "linux"],
)
def test_default_go_caches_per_os(machine, gocache, gopls, modcache):
    c = discover_caches(machine(), {})
    assert (c.gocache.path, c.gocache_value, c.gocache_source, c.gocache.problem) == (gocache, "", "default", "")
    assert c.gopls.path == gopls and c.gomodcache.path == modcache
    assert c.ides == []


def test_linux_xdg_cache_home_and_its_relative_form():
    c = discover_caches(linux(env={"XDG_CACHE_HOME": "/var/cache/dev"}), {})
    assert c.gocache.path == "/var/cache/dev/go-build" and c.gopls.path == "/var/cache/dev/gopls"
    c = discover_caches(linux(env={"XDG_CACHE_HOME": "cache"}), {})
    assert c.gocache.problem == "GOCACHE is not defined and path in $XDG_CACHE_HOME is relative"
    assert user_cache_dir(linux(env={"XDG_CACHE_HOME": "cache"})) == ("", "path in $XDG_CACHE_HOME is relative")


def test_goplscache_names_the_folder_that_holds_gopls():
    # gopls filecache.go getCacheDir: filepath.Join(GOPLSCACHE or os.UserCacheDir(), "gopls")
    c = discover_caches(linux(env={"GOPLSCACHE": "/srv/gp"}), {})
    assert c.gopls.path == "/srv/gp/gopls"
    c = discover_caches(win(env={"GOPLSCACHE": "D:\\Caches\\gp"}), {})
    assert c.gopls.path == "D:\\Caches\\gp\\gopls"


def test_windows_without_localappdata():
    m = win()
    del m.env["LocalAppData"]
    c = discover_caches(m, {})
    assert c.gocache.problem == "GOCACHE is not defined and %LocalAppData% is not defined"
    assert c.gopls is None


def test_gocache_environment_wins_over_go_env_w():
    m = win(env={"gocache": "D:\\cache\\go"}, files={"D:\\cache\\README.txt": b""})  # names are case-insensitive
    c = discover_caches(m, {"GOCACHE": "E:\\go-build"})
    assert (c.gocache.path, c.gocache_value, c.gocache_source, c.gocache.problem) == (
        "D:\\cache\\go",
        "D:\\cache\\go",
        "environment",
        "",
    )
    c = discover_caches(win(files={"E:\\x": b""}), {"GOCACHE": "E:\\go-build"})
    assert (c.gocache.path, c.gocache_source) == ("E:\\go-build", "go env -w")


@pytest.mark.parametrize(
    "value, problem",
    [
        ("off", "GOCACHE=off"),
        ("go-build", "GOCACHE is not an absolute path"),
        ("\\cache\\go-build", "GOCACHE is not an absolute path"),  # no drive: relative to the current drive
    ],
)
def test_gocache_off_and_relative_on_windows(value, problem):
    c = discover_caches(win(env={"GOCACHE": value}), {})
    assert c.gocache.problem == problem and c.gocache.path == value


def test_gocache_folder_usability():
    files = {"/data/file": b"", "/data/ro/x": b"", "/data/cache/go-build/README": README}
    m = linux(files, unwritable=["/data/ro"])

    def problem(value):
        return discover_caches(linux(files, env={"GOCACHE": value}, unwritable=["/data/ro"]), {}).gocache.problem

    assert problem("/data/cache/go-build") == ""
    assert problem("/data/new/deeper/go-build") == ""  # go creates missing parents (os.MkdirAll)
    assert problem("/data/ro") == "not writable"
    assert (
        problem("/data/ro/sub/go-build")
        == "parent missing: /data/ro is the nearest existing folder and is not writable"
    )
    assert problem("/data/file") == "not a folder"
    assert problem("/data/file/go-build") == "parent missing: /data/file is a file"
    assert m.writable("/data") and not m.writable("/data/ro")
    c = discover_caches(win(env={"GOCACHE": "Z:\\go-build"}), {})
    assert c.gocache.problem.startswith("parent missing: no part of the path exists")


def test_looks_like_go_build_cache():
    readme = linux({"/c/README": README})
    assert looks_like_go_build_cache(readme, "/c")
    layout = {f"/l/{i:02x}/.keep": b"" for i in range(256)} | {"/l/trim.txt": b"1"}
    assert looks_like_go_build_cache(linux(layout), "/l")
    project = {"/p/go.mod": b"module m\n", "/p/main.go": b"package main\n", "/p/README": b"# my project\n"}
    project |= {f"/p/{i:02x}/x": b"" for i in range(20)}
    assert not looks_like_go_build_cache(linux(project), "/p")
    assert not looks_like_go_build_cache(linux(), "/nowhere")


# --- JetBrains ------------------------------------------------------------------------------------------
WIN_SYS = WIN_HOME + "\\AppData\\Local\\JetBrains\\"
WIN_CFG = WIN_HOME + "\\AppData\\Roaming\\JetBrains\\"
MAC_SYS = MAC_HOME + "/Library/Caches/JetBrains/"
MAC_CFG = MAC_HOME + "/Library/Application Support/JetBrains/"
LIN_SYS = LINUX_HOME + "/.cache/JetBrains/"
LIN_CFG = LINUX_HOME + "/.config/JetBrains/"


@pytest.mark.parametrize(
    "machine, sys_root, cfg_root, sep",
    [
        (win, WIN_SYS, WIN_CFG, "\\"),
        (mac, MAC_SYS, MAC_CFG, "/"),
        (linux, LIN_SYS, LIN_CFG, "/"),
    ],
    ids=["windows", "macos", "linux"],
)
def test_ide_folders_per_os(machine, sys_root, cfg_root, sep):
    files = {}
    for sel in ("GoLand2023.3", "GoLand2024.2", "GoLand2024.10", "IntelliJIdea2024.1", "IdeaIC2023.2", "PyCharm2024.2"):
        files[sys_root + sel + sep + "index" + sep + "stamp"] = b""
        files[cfg_root + sel + sep + "options" + sep + "other.xml"] = b""
    files[cfg_root + "WebStorm2024.1" + sep + "options" + sep + "x.xml"] = b""
    files[sys_root + "GoLand2024.2" + sep + "caches" + sep + "go-build" + sep + "README"] = README
    c = discover_caches(machine(files), {})
    got = [(d.selector, d.product, d.version, d.newest, d.running_pid) for d in c.ides]
    assert got == [
        ("GoLand2023.3", "GoLand", "2023.3", False, None),
        ("GoLand2024.2", "GoLand", "2024.2", False, None),
        ("GoLand2024.10", "GoLand", "2024.10", True, None),  # versions compare as numbers
        ("IntelliJIdea2024.1", "IntelliJIdea", "2024.1", True, None),
        ("IdeaIC2023.2", "IdeaIC", "2023.2", True, None),
    ]
    assert all(
        d.kind == "ide" and d.path == sys_root + d.selector and d.config_path == cfg_root + d.selector for d in c.ides
    )
    assert [(g.kind, g.path, g.selector, g.newest) for g in c.ide_go_builds] == [
        ("go-build", sys_root + "GoLand2024.2" + sep + "caches" + sep + "go-build", "GoLand2024.2", False)
    ]
    assert [d.label for d in c.leftovers()] == ["GoLand 2023.3", "GoLand 2024.2"]


def test_ide_config_without_a_system_folder_is_not_a_cache():
    c = discover_caches(linux({LIN_CFG + "GoLand2024.2/options/x.xml": b""}), {})
    assert c.ides == []


def test_idea_properties_moves_the_system_folder_windows():
    props = (
        b"# custom\nidea.config.path=D:\\\\ignored\nidea.system.path=${user.home}\\\\ide-system\\\\"
        b"GoLand \\\n  2024.2\n"
    )
    files = {
        WIN_CFG + "GoLand2024.2\\idea.properties": props,
        WIN_HOME + "\\ide-system\\GoLand 2024.2\\index\\x": b"",
        WIN_SYS + "GoLand2023.3\\index\\x": b"",
    }
    c = discover_caches(win(files), {})
    assert [(d.selector, d.path, d.newest) for d in c.ides] == [
        ("GoLand2023.3", WIN_SYS + "GoLand2023.3", False),
        ("GoLand2024.2", WIN_HOME + "\\ide-system\\GoLand 2024.2", True),
    ]


def test_idea_properties_tilde_relative_and_forward_slashes():
    files = {
        MAC_CFG + "GoLand2024.2/idea.properties": b"idea.system.path = ~/ide/system\n",
        MAC_HOME + "/ide/system/index/x": b"",
        MAC_CFG + "GoLand2024.1/idea.properties": b"idea.system.path: relative/system\n",
        MAC_SYS + "GoLand2024.1/index/x": b"",
    }
    c = discover_caches(mac(files), {})
    assert {d.selector: d.path for d in c.ides} == {
        "GoLand2024.1": MAC_SYS + "GoLand2024.1",
        "GoLand2024.2": MAC_HOME + "/ide/system",
    }
    assert any("relative/system" in m and "ignored" in m for m in c.messages)


def test_properties_parser():
    text = "! comment\n# another\n  a = 1\nb:2\nc 3\nd=C:\\\\Users\\\\x\\u00e9\ne=one \\\n   two\nf\ng=\\t\\q\n"
    assert parse_properties(text) == {
        "a": "1",
        "b": "2",
        "c": "3",
        "d": "C:\\Users\\xé",
        "e": "one two",
        "f": "",
        "g": "\tq",
    }


def lock_machine(machine, sys_root, cfg_root, sep, lock: bytes | None, **kw):
    files = {sys_root + "GoLand2024.2" + sep + "index" + sep + "x": b""}
    if lock is not None:
        files[cfg_root + "GoLand2024.2" + sep + ".lock"] = lock
    return machine(files, **kw)


@pytest.mark.parametrize(
    "machine, sys_root, cfg_root, sep",
    [
        (win, WIN_SYS, WIN_CFG, "\\"),
        (mac, MAC_SYS, MAC_CFG, "/"),
        (linux, LIN_SYS, LIN_CFG, "/"),
    ],
    ids=["windows", "macos", "linux"],
)
def test_running_ide_from_its_lock(machine, sys_root, cfg_root, sep):
    alive = {4242}.__contains__

    def ide(lock, **kw):
        (d,) = discover_caches(lock_machine(machine, sys_root, cfg_root, sep, lock, **kw), {}, alive).ides
        return d.running_pid, d.lock_state, d.running

    assert ide(b"4242") == (4242, "live", True)
    assert ide(b"4243\n") == (None, "stale", False)  # left by a crash: the PID is gone
    assert ide(b"") == (None, "no-pid", False)
    assert ide(None) == (None, "", False)
    # Windows: the running IDE holds its .lock locked; reading it fails, and that means it runs.
    locked = [cfg_root + "GoLand2024.2" + sep + ".lock"]
    assert ide(b"4242", locked=locked) == (PID_UNKNOWN, "locked", True)


def test_pre_2023_1_ides_port_lock_and_port_file():
    alive = {77}.__contains__

    def ide(files, listening=None):
        m = linux({LIN_SYS + "GoLand2022.3/index/x": b"", **files})
        if listening is not None:
            m.port_listening = listening
        (d,) = discover_caches(m, {}, alive).ides
        return d.running_pid, d.lock_state

    assert ide({LIN_SYS + "GoLand2022.3/port.lock": b"77"}) == (77, "live")
    assert ide({LIN_SYS + "GoLand2022.3/port.lock": b"78"}) == (None, "stale")
    assert ide({LIN_SYS + "GoLand2022.3/port.lock": b""}) == (None, "")  # an empty port.lock stays after exit
    # `port` is deleted on a clean exit: there, the IDE runs while its single-instance server answers on that port
    files = {LIN_SYS + "GoLand2022.3/port.lock": b"", LIN_SYS + "GoLand2022.3/port": b"63342"}
    assert ide(files, {63342}.__contains__) == (PID_UNKNOWN, "port")
    assert ide(files, lambda port: None) == (PID_UNKNOWN, "port")  # cannot tell: running, to be safe
    # ... and a crash leaves it behind, naming a port nobody listens on: not running (its leftovers can go)
    assert ide(files, {6942}.__contains__) == (None, "stale-port")
    assert ide(files) == (None, "stale-port")  # a recorded machine's ports: nobody listens unless it says so
    assert ide({LIN_SYS + "GoLand2022.3/port": b"junk"}) == (PID_UNKNOWN, "port")  # no port to ask: running


def test_port_listening_on_this_machine():
    import socket

    from go_sidecar.probe.processes import port_listening, port_listening_recently

    with socket.socket() as srv:
        srv.bind(("127.0.0.1", 0))
        srv.listen(1)
        port = srv.getsockname()[1]
        assert port_listening(port) is True
        assert port_listening_recently(port) is True
    assert port_listening(port) is False  # closed: refused
    assert port_listening_recently(port) is True  # asked within the ttl: not asked again
    assert port_listening_recently(port, ttl=0) is False  # asked afresh
    assert port_listening(0) is None and port_listening(70000) is None


def test_fake_machines_have_no_live_pids_unless_told():
    m = lock_machine(linux, LIN_SYS, LIN_CFG, "/", str(os.getpid()).encode())
    assert discover_caches(m, {}).ides[0].running_pid is None
    m.pid_alive = lambda pid: pid == os.getpid()
    assert discover_caches(m, {}).ides[0].running_pid == os.getpid()


def test_pid_alive_on_this_machine():
    assert pid_alive(os.getpid())
    assert not pid_alive(0) and not pid_alive(-1)
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not pid_alive(proc.pid)  # reaped: gone (PIDs are not reused this fast)


def test_index_state_and_markers(sandbox):
    sys_root = sandbox.home / ".cache" / "JetBrains"
    index = sys_root / "GoLand2024.2" / "index"
    (index / "stubs").mkdir(parents=True)
    (sys_root / "GoLand2024.2" / "caches").mkdir()
    (index / "corruption.marker").write_text("Explicit index invalidation")
    (sys_root / "GoLand2024.2" / "caches" / "corruption.marker").write_text("")
    for path, t in ((index, 1000), (index / "stubs", 5000), (index / "corruption.marker", 3000)):
        os.utime(path, (t, t))
    facts = gather_caches(sandbox.system(), read_workspace(sandbox.system(), str(sandbox.ws)), {}, sizer=None)
    state = facts.indexes[str(sys_root / "GoLand2024.2")]
    assert state.written == 5000  # the newest of index/ and its direct children
    assert [(Path(m.path).parent.name, m.reason) for m in state.markers] == [
        ("index", "Explicit index invalidation"),
        ("caches", ""),
    ]


# --- go.sum and the module cache ------------------------------------------------------------------------
def test_escaping_of_module_paths_and_versions():
    assert escape_path("github.com/BurntSushi/toml") == "github.com/!burnt!sushi/toml"
    assert escape_path("golang.org/x/mod") == "golang.org/x/mod"
    assert escape_path("github.com/Azure/AZURE-sdk") == "github.com/!azure/!a!z!u!r!e-sdk"
    assert escape_path("github.com/a!b/c") is None and escape_path("") is None
    assert escape_version("v0.0.0-20240101-ABCdef") == "v0.0.0-20240101-!a!b!cdef"


def test_parse_gosum_ranges_and_tolerance():
    data = (
        "example.com/a v1.0.0 " + H1_A + "\r\n"
        "example.com/a v1.0.0/go.mod " + H1_B + "\n"
        "\n"
        "garbage line\n"
        "  example.com/b v2.0.0+incompatible " + H1_B
    ).encode()
    lines = parse_gosum(data)
    assert [(ln.module, ln.version, ln.is_gomod, ln.line) for ln in lines] == [
        ("example.com/a", "v1.0.0", False, 0),
        ("example.com/a", "v1.0.0/go.mod", True, 1),
        ("example.com/b", "v2.0.0+incompatible", False, 4),
    ]
    assert (lines[0].range.start.character, lines[0].range.end.character) == (0, len("example.com/a v1.0.0 ") + 47)
    assert (lines[2].range.start.character, lines[2].range.end.character) == (
        2,
        2 + len("example.com/b v2.0.0+incompatible ") + 47,
    )
    assert is_h1(H1_A) and not is_h1("h1:short") and not is_h1("h2:" + "A" * 43 + "=")


def _ziphash(modcache: Path, escaped: str, version: str, content: str) -> Path:
    path = modcache / "cache" / "download" / escaped / "@v" / f"{version}.ziphash"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(content)
    return path


def test_check_gosum_against_the_module_cache(tmp_path):
    mc = tmp_path / "mod"
    zh = _ziphash(mc, "github.com/!burnt!sushi/toml", "v1.3.2", H1_B)  # polluted
    _ziphash(mc, "golang.org/x/mod", "v0.17.0", H1_A)  # matches
    _ziphash(mc, "example.com/garbled", "v1.0.0", "not a hash")  # go recomputes it: not reported
    gosum = (
        "golang.org/x/mod v0.17.0 " + H1_A + "\n"
        "golang.org/x/mod v0.17.0/go.mod " + H1_B + "\n"
        "github.com/BurntSushi/toml v1.3.2/go.mod " + H1_A + "\n"
        "github.com/BurntSushi/toml v1.3.2 " + H1_A + "\n"
        "example.com/garbled v1.0.0 " + H1_A + "\n"
        "example.com/absent v1.0.0 " + H1_A + "\n"
    ).encode()
    system = RealSystem(env={"HOME": str(tmp_path)})
    (m,) = check_gosum(system, "/w/go.sum", gosum, str(mc))
    assert (m.line.module, m.line.version, m.line.line, m.found, m.ziphash) == (
        "github.com/BurntSushi/toml",
        "v1.3.2",
        3,
        H1_B,
        str(zh),
    )
    assert check_gosum(system, "/w/go.sum", gosum, str(tmp_path / "no-modcache")) == []


def test_check_gosum_windows_layout():
    zh = WIN_HOME + "\\go\\pkg\\mod\\cache\\download\\github.com\\!burnt!sushi\\toml\\@v\\v1.3.2.ziphash"
    m = win({zh: H1_B.encode()})
    (found,) = check_gosum(
        m, "C:\\w\\go.sum", ("github.com/BurntSushi/toml v1.3.2 " + H1_A).encode(), WIN_HOME + "\\go\\pkg\\mod"
    )
    assert found.ziphash == zh


# --- sizes ----------------------------------------------------------------------------------------------
def make_go_cache(root: Path, per_dir: int = 3, dirs: int = 256, age: float = 3600) -> tuple[int, int]:
    """A Go build cache whose folders were last written `age` seconds ago; returns (files, bytes)."""
    root.mkdir(parents=True)
    (root / "README").write_bytes(README)
    (root / "trim.txt").write_text("1700000000")
    files, size = 2, len(README) + 10
    for i in range(dirs):
        sub = root / f"{i:02x}"
        sub.mkdir()
        for j in range(per_dir):
            (sub / f"{i:02x}{j:062x}-a").write_bytes(b"v" * GO_ACTION_ENTRY_SIZE)
            (sub / f"{i:02x}{j:062x}-d").write_bytes(b"d" * (i + j))
            files, size = files + 2, size + GO_ACTION_ENTRY_SIZE + i + j
    past = time.time() - age
    for p in [root, *root.iterdir()]:
        os.utime(p, (past, past))
    return files, size


def test_measure_counts_files_and_bytes(tmp_path):
    expected = make_go_cache(tmp_path / "go-build", dirs=16)
    assert measure(str(tmp_path / "go-build"), "go-build") == expected
    assert measure(str(tmp_path / "go-build"), "modcache") == expected  # every file stat'ed: the same figures
    assert measure(str(tmp_path / "missing"), "go-build") == (0, 0)


def test_links_are_never_followed(tmp_path):
    big = tmp_path / "outside"
    big.mkdir()
    (big / "huge.bin").write_bytes(b"x" * 100_000)
    cache = tmp_path / "cache"
    (cache / "sub").mkdir(parents=True)
    (cache / "sub" / "f").write_bytes(b"12345")
    (cache / "to-dir").symlink_to(big, target_is_directory=True)
    (cache / "sub" / "to-file").symlink_to(big / "huge.bin")
    files, size = measure(str(cache), "ide")
    assert files == 3  # f and the two links, each one entry
    assert size == 5 + len(str(big)) + len(str(big / "huge.bin"))  # a link's own size is its target's name
    # The root itself may be a link (GOCACHE on another disk): that one is followed.
    (tmp_path / "link-to-cache").symlink_to(cache, target_is_directory=True)
    assert measure(str(tmp_path / "link-to-cache"), "ide") == (files, size)


def counting_scandir(monkeypatch) -> list:
    calls = []
    real = os.scandir

    def scandir(path="."):
        calls.append(path)
        return real(path)

    monkeypatch.setattr(dirsize.os, "scandir", scandir)
    return calls


def test_size_cache_rereads_only_the_changed_subfolder(tmp_path, monkeypatch):
    root = tmp_path / "go-build"
    files, size = make_go_cache(root, per_dir=1)
    cache = SizeCache()
    calls = counting_scandir(monkeypatch)
    assert cache.measure(str(root), "go-build") == (files, size)
    assert len(calls) == 257 and len(cache.rescanned) == 257
    calls.clear()
    assert cache.measure(str(root), "go-build") == (files, size)
    assert cache.rescanned == [""] and len(calls) == 1  # only the top level (trim.txt changes in place)
    calls.clear()
    (root / "a7" / "new-d").write_bytes(b"n" * 1000)
    (root / "03" / f"03{0:062x}-d").unlink()
    assert cache.measure(str(root), "go-build") == (files, size + 1000 - 3)  # one file added, one removed
    assert sorted(cache.rescanned) == ["", "03", "a7"] and len(calls) == 3


def test_size_cache_racy_folders_are_read_again(tmp_path):
    root = tmp_path / "go-build"
    make_go_cache(root, dirs=4)
    cache = SizeCache()
    cache.measure(str(root), "go-build")
    (root / "01" / "x-d").write_bytes(b"1")  # changed just now: a second change in the same clock tick would
    cache.measure(str(root), "go-build")  # leave the mtime as it is, so "01" is not trusted yet
    assert "01" in cache.rescanned
    cache.measure(str(root), "go-build")
    assert sorted(cache.rescanned) == ["", "01"]  # read again although its mtime did not move
    assert cache.measure(str(root), "go-build") == measure(str(root), "go-build")


def test_size_cache_generic_tree_and_vanished_folders(tmp_path):
    root = tmp_path / "GoLand2023.3"
    for d in ("caches", "index/stubs", "index/ids", "log"):
        (root / d).mkdir(parents=True)
        (root / d / "data").write_bytes(b"z" * 10)
    past = time.time() - 100
    for p in [root, *root.rglob("*")]:
        os.utime(p, (past, past))
    cache = SizeCache()
    assert cache.measure(str(root), "ide") == (4, 40)
    assert cache.measure(str(root), "ide") == (4, 40) and cache.rescanned == []
    import shutil

    shutil.rmtree(root / "index" / "ids")
    assert cache.measure(str(root), "ide") == (3, 30)
    assert cache.rescanned == ["index"]


def test_size_cache_persists_across_processes(tmp_path):
    root = tmp_path / "go-build"
    expected = make_go_cache(root, dirs=8)
    state = tmp_path / "state" / "sizes.json"
    first = SizeCache()
    first.measure(str(root), "go-build")
    first.save(str(state))
    assert state.is_file() and not first.dirty
    second = SizeCache()
    second.load(str(state))
    assert second.measure(str(root), "go-build") == expected and second.rescanned == [""]
    state.write_text("{not json")
    third = SizeCache()
    third.load(str(state))  # a broken file is only a cold cache
    assert third.measure(str(root), "go-build") == expected and len(third.rescanned) == 9


def test_measure_reports_progress_and_can_be_cancelled(tmp_path):
    root = tmp_path / "go-build"
    expected = make_go_cache(root, dirs=8)
    seen = []
    assert measure(str(root), "go-build", progress=lambda f, b: seen.append((f, b))) == expected
    assert seen[-1] == expected
    with pytest.raises(MeasureCancelled):
        measure(str(root), "go-build", cancel=lambda: True)
    import threading

    event = threading.Event()
    event.set()
    cache = SizeCache()
    with pytest.raises(MeasureCancelled):
        cache.measure(str(root), "go-build", cancel=event)
    assert cache._roots == {}  # nothing remembered of a cancelled walk


def test_gather_caches_measures_on_the_real_disk_only_and_persists_in_the_sandbox(sandbox):
    gocache = sandbox.home / ".cache" / "go-build"
    expected = make_go_cache(gocache, dirs=4)
    old = sandbox.home / ".cache" / "JetBrains" / "GoLand2023.3"
    (old / "index").mkdir(parents=True)
    (old / "index" / "data").write_bytes(b"i" * 300)
    (sandbox.home / ".cache" / "JetBrains" / "GoLand2024.2" / "index").mkdir(parents=True)
    system = sandbox.system()
    ws = read_workspace(system, str(sandbox.ws))
    facts = gather_caches(system, ws, {}, 0.5, sizer=SizeCache())
    assert facts.sizes == {str(gocache): expected, str(old): (1, 300)}
    assert facts.gocache_limit == 1 << 29 and facts.gocache_trim == 1700000000.0
    facts = gather_caches(system, ws, {})  # the process's SizeCache, kept in the sandbox's user cache folder
    assert facts.sizes[str(gocache)] == expected
    assert (sandbox.home / ".cache" / "go-sidecar" / "sizes.json").is_file()
    fake = linux({LINUX_HOME + "/.cache/go-build/README": README})
    assert gather_caches(fake, None, {}).sizes == {}  # a recorded machine's paths are not measured


def test_gocache_entries_and_trim(sandbox):
    gocache = sandbox.home / ".cache" / "go-build"
    for i in range(256):
        (gocache / f"{i:02x}").mkdir(parents=True)
    system = sandbox.system()
    facts = gather_caches(system, None, {}, sizer=None)
    assert facts.gocache_trim is None and not facts.gocache_has_entries
    (gocache / "c4" / "abc-a").write_bytes(b"v")
    assert gather_caches(system, None, {}, sizer=None).gocache_has_entries
    (gocache / "trim.txt").write_text("1700000000\n")
    assert gather_caches(system, None, {}, sizer=None).gocache_trim == 1700000000.0
