"""Issue 9, class 2: a file that never ends. Every read goes through `fsread` (non-blocking, regular files only,
bounded), so a FIFO, a socket, a device or an oversized file wherever go-sidecar reads gives a message (or is
treated as absent) and never hangs `check`, `purge-caches` or the server.

Each place go-sidecar reads gets each hostile file in turn. In-process runs spy on `fsread.open_regular` to prove
the place is really read (not skipped by chance); `sidecar check` runs as a process with a time limit.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import time
from pathlib import Path

import pytest

from go_sidecar import fsread
from go_sidecar.check import run_check
from go_sidecar.fsread import FileTooLarge, NotRegularFile, open_regular, read_regular
from go_sidecar.parse.binary import identify
from go_sidecar.probe.dirsize import SizeCache
from go_sidecar.probe.system import MAX_READ, RealSystem
from tests.sandbox import make_root

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="FIFOs and Unix sockets: POSIX only")

LAUNCH = """{
    "version": "0.2.0",
    "configurations": [
        {"name": "Launch", "type": "go", "request": "launch", "mode": "auto", "program": "."%s},
    ]
}
"""
H1 = "h1:" + "A" * 43 + "="
KIND_WORDS = {"fifo": "FIFO", "socket": "socket", "zero": "character device", "huge": "larger than"}


# --- hostile files ------------------------------------------------------------------------------------------
def make_special(path: Path, kind: str) -> None:
    """Put a FIFO, a socket, a link to /dev/zero or an oversized (sparse) regular file at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() or path.is_symlink():
        path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        here = os.getcwd()
        os.chdir(path.parent)  # AF_UNIX paths are limited to ~108 bytes: bind the bare name
        try:
            with socket.socket(socket.AF_UNIX) as s:
                s.bind(path.name)
        finally:
            os.chdir(here)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "huge":
        with open(path, "wb") as f:  # the test's own setup, not go-sidecar
            f.truncate(MAX_READ + 1)
    else:
        raise AssertionError(kind)


# --- the places go-sidecar reads ----------------------------------------------------------------------------
class Ground:
    """The arena with a workspace (launch.json, go.mod), a Go root on PATH and one under ~/sdk."""

    def __init__(self, arena):
        self.a = arena
        self.ws = arena.ws
        self.path_root = make_root(arena.root / "goroots", "1.21.5")
        (arena.bin / "go").symlink_to(self.path_root / "bin" / "go")
        self.sdk_root = make_root(arena.home / "sdk", "1.22.5")
        (self.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
        self.launch("")
        self.env = dict(arena.env)
        self.config = arena.home / ".config"
        self.cache = arena.home / ".cache"
        arena.canary(arena.root / "outside" / "keep.txt")

    def launch(self, extra: str) -> None:
        (self.ws / ".vscode" / "launch.json").write_text(LAUNCH % extra)

    def env_file(self) -> Path:
        self.launch(', "envFile": "${workspaceFolder}/.env"')
        return self.ws / ".env"

    def goversion(self) -> Path:
        (self.path_root / "VERSION").unlink()  # a source checkout: its version is read from internal/goversion
        return self.path_root / "src" / "internal" / "goversion" / "goversion.go"

    def goenv(self) -> Path:
        self.env["GOENV"] = str(self.a.root / "goenv")
        return self.a.root / "goenv"

    def ziphash(self) -> Path:
        (self.ws / "go.sum").write_text(f"golang.org/x/mod v0.17.0 {H1}\n")
        return self.a.home / "go/pkg/mod/cache/download/golang.org/x/mod/@v/v0.17.0.ziphash"

    def ide(self, name: str) -> Path:
        (self.cache / "JetBrains" / "GoLand2024.2" / "index").mkdir(parents=True)
        (self.config / "JetBrains" / "GoLand2024.2").mkdir(parents=True)
        return {
            "idea.properties": self.config / "JetBrains/GoLand2024.2/idea.properties",
            ".lock": self.config / "JetBrains/GoLand2024.2/.lock",
            "corruption.marker": self.cache / "JetBrains/GoLand2024.2/index/corruption.marker",
        }[name]


# name -> (where, a workspace file whose refusal the report must name)
PLACES = {
    "launch.json": (lambda g: g.ws / ".vscode" / "launch.json", True),
    "settings.json": (lambda g: g.ws / ".vscode" / "settings.json", True),
    "go.mod": (lambda g: g.ws / "go.mod", True),
    "go.work": (lambda g: g.ws / "go.work", True),
    "go.sum": (lambda g: g.ws / "go.sum", True),
    "envFile": (Ground.env_file, True),
    "VERSION of the go on PATH": (lambda g: g.path_root / "VERSION", False),
    "VERSION under ~/sdk": (lambda g: g.sdk_root / "VERSION", False),
    "go.env of a GOROOT": (lambda g: g.path_root / "go.env", False),
    "goversion.go of a source GOROOT": (Ground.goversion, False),
    "GOCACHE README": (lambda g: g.cache / "go-build" / "README", False),
    "GOCACHE trim.txt": (lambda g: g.cache / "go-build" / "trim.txt", False),
    "go env -w file": (lambda g: g.config / "go" / "env", False),
    "GOENV file": (Ground.goenv, False),
    "sizes.json": (lambda g: g.cache / "go-sidecar" / "sizes.json", False),
    ".ziphash": (Ground.ziphash, False),
    "idea.properties": (lambda g: g.ide("idea.properties"), False),
}
# Read only after an is_file() check: the hostile file is never opened, and must not hang either.
GATED = {
    "dlv on PATH": lambda g: g.a.bin / "dlv",
    "dlv in GOPATH/bin": lambda g: g.a.home / "go" / "bin" / "dlv",
    "IDE .lock": lambda g: g.ide(".lock"),
    "IDE corruption.marker": lambda g: g.ide("corruption.marker"),
}
KINDS = ["fifo", "socket", "zero", "huge"]


def _in_process(arena, monkeypatch, g: Ground):
    seen: list[str] = []
    real = fsread.open_regular

    def spy(path):
        seen.append(os.path.normpath(str(path)))
        return real(path)

    monkeypatch.setattr(fsread, "open_regular", spy)
    report, _ = arena.call(run_check, RealSystem(g.env), os.path.realpath(arena.ws), limit=10)
    return report, seen


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("place", list(PLACES))
def test_every_place_refuses_what_is_not_a_regular_file(arena, monkeypatch, place, kind):
    g = Ground(arena)
    where, named = PLACES[place]
    target = where(g)
    make_special(target, kind)
    report, seen = _in_process(arena, monkeypatch, g)
    assert os.path.normpath(str(target)) in seen, f"{place} was not read: the test puts its file in the wrong place"
    if named:
        said = [m for m in report.messages if str(target) in m and KIND_WORDS[kind] in m]
        assert said, report.messages
    assert all("Traceback" not in m for m in report.messages)


@pytest.mark.parametrize("kind", ["fifo", "socket", "zero"])
@pytest.mark.parametrize("place", list(GATED))
def test_gated_places_never_open_a_special_file(arena, monkeypatch, place, kind):
    g = Ground(arena)
    target = GATED[place](g)
    make_special(target, kind)
    _, seen = _in_process(arena, monkeypatch, g)
    assert os.path.normpath(str(target)) not in seen


@pytest.mark.parametrize("place", [*PLACES, *GATED])
def test_sidecar_check_returns_with_a_fifo_in_each_place(arena, place):
    g = Ground(arena)
    target = PLACES[place][0](g) if place in PLACES else GATED[place](g)
    make_special(target, "fifo")
    r = arena.run("check", str(arena.ws), "--format", "json", env=g.env, limit=15)
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    assert report["root"] == os.path.realpath(arena.ws) and isinstance(report["findings"], list)
    assert os.path.exists(target)  # refused, not removed (sizes.json may be rewritten as a regular file)


@pytest.mark.parametrize("env_file", ["/dev/stdin", "/dev/zero", "/dev/null", "/dev/fd/0"])
def test_envfile_naming_a_device_or_stdin_is_refused(arena, env_file):
    g = Ground(arena)
    g.launch(f', "envFile": "{env_file}"')
    # stdin is a pipe holding an assignment: had it been read, GOROOT would point at a folder that does not exist.
    r = arena.run("check", str(arena.ws), "--format", "json", input="GOROOT=/nowhere/from-stdin\n", limit=15)
    assert r.returncode in (0, 1), r.stderr
    report = json.loads(r.stdout)
    assert any(env_file in m and "not a regular file" in m for m in report["messages"]), report["messages"]
    assert "/nowhere/from-stdin" not in r.stdout


@pytest.mark.parametrize("name", ["README", "trim.txt"])
def test_purge_dry_run_with_a_fifo_in_the_build_cache(arena, name):
    gocache = arena.home / ".cache" / "go-build"
    for i in range(256):
        (gocache / f"{i:02x}").mkdir(parents=True)
    entry = arena.canary(arena.root / "outside" / "entry")  # a dry run deletes nothing anywhere
    make_special(gocache / name, "fifo")
    r = arena.run("purge-caches", "go-build", "--dry-run", "--format", "json", limit=15)
    assert r.returncode in (0, 1), r.stderr
    (target,) = json.loads(r.stdout)["targets"]
    assert target["path"] == str(gocache)  # still recognised by its 00..ff layout
    assert (gocache / name).exists() and entry.exists()


# --- fsread itself ------------------------------------------------------------------------------------------
def _open_fds() -> set[str]:
    return set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else set()


@pytest.mark.parametrize(
    "kind, word",
    [
        ("fifo", "FIFO"),
        ("socket", "socket"),
        ("zero", "character device"),
        ("null", "character device"),
        ("fifo-link", "FIFO"),
    ],
)
def test_fsread_refuses_special_files(arena, kind, word):
    path = arena.root / "special"
    if kind == "null":
        path.symlink_to("/dev/null")
    elif kind == "fifo-link":
        os.mkfifo(arena.root / "fifo")
        path.symlink_to(arena.root / "fifo")
    else:
        make_special(path, kind)
    before = _open_fds()
    for fn in (read_regular, open_regular):
        with pytest.raises(NotRegularFile) as e:
            arena.call(fn, str(path), limit=5)
        assert word in e.value.strerror and e.value.filename == str(path)
        assert isinstance(e.value, OSError)
    for device in ("/dev/zero", "/dev/null"):
        with pytest.raises(NotRegularFile):
            arena.call(read_regular, device, limit=5)
    assert _open_fds() <= before


def test_fsread_refuses_a_folder_and_reports_missing_files(arena):
    with pytest.raises(IsADirectoryError):
        read_regular(str(arena.ws))
    with pytest.raises(FileNotFoundError):
        read_regular(str(arena.root / "missing"))
    with pytest.raises(ValueError):
        read_regular("bad\0path")


@pytest.mark.parametrize("limit", [0, 1, 4096, 100_000])
def test_fsread_bound(arena, limit):
    path = arena.root / "f"
    path.write_bytes(b"x" * limit)
    assert read_regular(str(path), limit) == b"x" * limit
    path.write_bytes(b"x" * (limit + 1))
    with pytest.raises(FileTooLarge) as e:
        read_regular(str(path), limit)
    assert "larger than" in e.value.strerror and e.value.errno == errno.EFBIG


def test_fsread_sparse_file_over_the_default_limit_is_refused_at_once(arena):
    path = arena.root / "huge"
    make_special(path, "huge")
    start = time.monotonic()
    with pytest.raises(FileTooLarge):
        read_regular(str(path))
    assert time.monotonic() - start < 1.0  # refused by its size, not read


@pytest.mark.parametrize("limit", [10, 4096, 65_536])
def test_fsread_reads_at_most_limit_plus_one_of_a_growing_file(arena, monkeypatch, limit):
    """A file that grows after the size check (its fstat still says small) is read up to limit + 1 bytes only."""
    path = arena.root / "growing"
    path.write_bytes(b"y" * (limit * 4 + 10))
    real_fstat, real_open = os.fstat, fsread.open_regular
    monkeypatch.setattr(os, "fstat", lambda fd: os.stat_result((*real_fstat(fd)[:6], 0, *real_fstat(fd)[7:])))
    read = []

    class Counting:
        def __init__(self, f):
            self.f = f

        def read(self, n):
            data = self.f.read(n)
            read.append(len(data))
            return data

        def fileno(self):
            return self.f.fileno()

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.f.close()

    monkeypatch.setattr(fsread, "open_regular", lambda p: Counting(real_open(p)))
    with pytest.raises(FileTooLarge):
        read_regular(str(path), limit)
    assert sum(read) == limit + 1


@pytest.mark.parametrize("swap_to", ["fifo", "socket"])
def test_fsread_file_swapped_between_stat_and_open(arena, monkeypatch, swap_to):
    """A regular file at stat time, a FIFO at open time: the open does not block and fstat refuses it."""
    path = arena.root / "swapped"
    path.write_text("regular when checked\n")
    real_open = os.open

    def swapping_open(p, flags, *args, **kwargs):
        if os.fspath(p) == str(path):
            make_special(path, swap_to)
        return real_open(p, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", swapping_open)
    before = _open_fds()
    if swap_to == "socket":  # opening a socket fails at once (ENXIO): an OSError the callers already handle
        with pytest.raises(OSError):
            arena.call(read_regular, str(path), limit=5)
    else:
        with pytest.raises(NotRegularFile) as e:
            arena.call(read_regular, str(path), limit=5)
        assert "FIFO" in e.value.strerror
    assert _open_fds() <= before  # the descriptor of what was refused is closed


# --- the readers built on fsread ----------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["fifo", "socket", "zero"])
def test_identify_refuses_special_files(arena, kind):
    path = arena.root / "dlv"
    make_special(path, kind)
    info = arena.call(identify, str(path), limit=5)
    assert info.format == "unknown" and info.reason.startswith("not an executable: ")
    assert KIND_WORDS[kind] in info.reason


@pytest.mark.parametrize("kind", KINDS)
def test_size_cache_ignores_a_hostile_sizes_json(arena, kind):
    path = arena.home / ".cache" / "go-sidecar" / "sizes.json"
    make_special(path, kind)
    cache = SizeCache()
    arena.call(cache.load, str(path), limit=5)
    assert cache._roots == {}


def test_size_cache_save_never_opens_a_fifo_at_its_temporary_name(arena, monkeypatch):
    import _thread

    path = arena.home / ".cache" / "go-sidecar" / "sizes.json"
    path.parent.mkdir(parents=True)
    monkeypatch.setattr(_thread, "get_ident", lambda: 4242)  # the temporary name, known in advance
    tmp = Path(f"{path}.{os.getpid()}-4242.tmp")
    os.mkfifo(tmp)
    cache = SizeCache()
    cache.dirty = True
    arena.call(cache.save, str(path), limit=5)
    assert not path.exists() and cache.dirty  # not saved this time, and nothing blocked
