"""Issue 9, class 4b: a purge lock that no live process can hold is stale and taken over, whatever stands at the
lock path, without touching anything a link leads to and without blocking on a FIFO.

The rule under test (fix/purge_lock.py): only a regular file naming a live PID (or an empty / half-written one,
for STALE_UNREADABLE seconds) holds the lock; every other thing at the lock path is removed itself (unlink, or
rmdir for an empty folder) and the lock is created; a folder with entries is refused with a message saying so.
"""

from __future__ import annotations

import json
import os
import socket
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jsonschema
import pytest

from go_sidecar.fix import purge
from go_sidecar.fix.purge_lock import HELD, STALE, WRITING, LockInTheWay, PurgeBusy, PurgeLock, look, verdict
from go_sidecar.fix.purge_ops import FileOps

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="FIFOs, sockets and POSIX links are built here")

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "purge.schema.json").read_text("utf-8"))
README = (
    "This directory holds cached build artifacts from the Go build system.\n"
    'Run "go clean -cache" if the directory is getting too large.\n'
)


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid  # reaped: no process has it (until the PID wraps around, which takes far longer)


def lock_path(arena) -> Path:
    return arena.home / ".cache" / "go-sidecar" / "purge.lock"  # purge.default_lock_path() in the sandbox


def old(path: Path, seconds: float = 3600) -> Path:
    t = time.time() - seconds
    os.utime(path, (t, t), follow_symlinks=False)
    return path


# --- the hostile things at the lock path: each builds one and returns what must still hold afterwards ----------
def dangling_absolute(arena, lock: Path):
    lock.symlink_to(arena.root / "nowhere" / "purge.lock")
    return lambda: not (arena.root / "nowhere").exists()  # the link's target was not created


def dangling_relative(arena, lock: Path):
    lock.symlink_to("../missing/purge.lock")
    return lambda: not (lock.parent.parent / "missing").exists()


def link_loop(arena, lock: Path):
    lock.symlink_to(lock.name)  # ELOOP when followed
    return lambda: True


def link_to_canary_file(arena, lock: Path):
    canary = arena.canary(arena.root / "elsewhere" / "important.txt")  # the fixture checks its bytes
    lock.symlink_to(canary)
    return lambda: canary.is_file() and not canary.is_symlink()


def link_to_canary_with_a_live_pid(arena, lock: Path):
    # The link's target names a live PID (ours): still stale, since a sidecar never holds the lock through a link.
    canary = arena.canary(arena.root / "elsewhere" / "pid.txt", f"{os.getpid()} 1 0\n".encode())
    lock.symlink_to(canary)
    return lambda: canary.is_file()


def link_to_canary_folder(arena, lock: Path):
    arena.canary(arena.root / "elsewhere" / "dir" / "keep.txt")
    lock.symlink_to(arena.root / "elsewhere" / "dir", target_is_directory=True)
    return lambda: (arena.root / "elsewhere" / "dir").is_dir()


def link_to_fifo_elsewhere(arena, lock: Path):
    fifo = arena.root / "elsewhere" / "pipe"
    fifo.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(fifo)
    lock.symlink_to(fifo)
    return lambda: stat.S_ISFIFO(os.lstat(fifo).st_mode)


def fifo(arena, lock: Path):
    os.mkfifo(lock)  # an open() of it would wait for a writer forever
    return lambda: True


def unix_socket(arena, lock: Path):
    s = socket.socket(socket.AF_UNIX)
    short = Path(tempfile.mkdtemp(prefix="s", dir="/tmp")) / "s"  # sun_path holds ~108 bytes: bind short, move
    try:
        s.bind(str(short))
    finally:
        s.close()
    os.replace(short, lock)
    short.parent.rmdir()
    return lambda: True


def empty_folder(arena, lock: Path):
    lock.mkdir()
    return lambda: True


def garbage_text(arena, lock: Path):
    lock.write_bytes(b"garbage, not a PID\n")
    return lambda: True


def garbage_binary(arena, lock: Path):
    lock.write_bytes(b"\x00\xff\xfe" * 10)
    return lambda: True


def garbage_negative(arena, lock: Path):
    lock.write_bytes(b"-1 2 3\n")  # kill(-1, 0) would mean every process: never read as a PID
    return lambda: True


def garbage_huge(arena, lock: Path):
    lock.write_bytes(b"1" * (2 * 1024 * 1024))  # too large to be a token: not read past the bound
    return lambda: True


def dead_pid_file(arena, lock: Path):
    lock.write_text(f"{dead_pid()} 1 1700000000.0\n")
    return lambda: True


def pid_zero(arena, lock: Path):
    lock.write_text("0 1 1700000000.0\n")
    return lambda: True


def old_empty_file(arena, lock: Path):
    lock.touch()
    old(lock)  # empty for an hour: nobody is writing it
    return lambda: True


def old_half_written(arena, lock: Path):
    lock.write_text("12")
    old(lock)
    return lambda: True


STALE_LOCKS = [
    dangling_absolute,
    dangling_relative,
    link_loop,
    link_to_canary_file,
    link_to_canary_with_a_live_pid,
    link_to_canary_folder,
    link_to_fifo_elsewhere,
    fifo,
    unix_socket,
    empty_folder,
    garbage_text,
    garbage_binary,
    garbage_negative,
    garbage_huge,
    dead_pid_file,
    pid_zero,
    old_empty_file,
    old_half_written,
]


@pytest.mark.parametrize("make", STALE_LOCKS, ids=lambda f: f.__name__)
def test_a_stale_lock_is_taken_over_and_only_the_entry_itself_removed(arena, make):
    lock = lock_path(arena)
    lock.parent.mkdir(parents=True)
    still_fine = make(arena, lock)
    held = PurgeLock(str(lock))
    arena.call(held.acquire, limit=5)
    st = os.lstat(lock)
    assert stat.S_ISREG(st.st_mode)  # our own lock file replaced the entry, not whatever it led to
    assert lock.read_text().split()[0] == str(os.getpid())
    assert still_fine()
    with pytest.raises(PurgeBusy):  # and it holds: a second purge is refused while we run
        arena.call(PurgeLock(str(lock)).acquire, limit=5)
    held.release()
    assert not os.path.lexists(lock)
    assert still_fine()


@pytest.mark.parametrize(
    "make",
    [dangling_absolute, link_to_canary_file, fifo, empty_folder, garbage_text, dead_pid_file],
    ids=lambda f: f.__name__,
)
def test_the_command_purges_after_a_stale_lock(arena, make):
    """Through `sidecar purge-caches`: the purge runs, the lock is gone afterwards, the report validates."""
    gocache = make_small_go_build(arena)
    lock = lock_path(arena)
    lock.parent.mkdir(parents=True)
    still_fine = make(arena, lock)
    proc = arena.run("purge-caches", "go-build", "--yes", "--format", "json")
    assert "Traceback" not in proc.stderr, proc.stderr
    doc = json.loads(proc.stdout)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    [target] = doc["targets"]
    assert (proc.returncode, target["status"]) == (0, "purged"), proc.stdout + proc.stderr
    assert sorted(os.listdir(gocache)) == ["README", "trim.txt"]
    assert not os.path.lexists(lock) and still_fine()


# --- what is still a lock ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("content", [b"", b"4", b"123", b"  77"], ids=["empty", "one-digit", "digits", "spaces"])
def test_a_lock_being_written_is_respected_until_it_is_old(arena, content):
    lock = lock_path(arena)
    lock.parent.mkdir(parents=True)
    lock.write_bytes(content)
    with pytest.raises(PurgeBusy, match="another purge is running"):
        arena.call(PurgeLock(str(lock)).acquire, limit=5)
    assert lock.read_bytes() == content  # left as it is
    old(lock, PurgeLock.STALE_UNREADABLE + 5)
    with PurgeLock(str(lock)):
        assert lock.read_text().split()[0] == str(os.getpid())


def test_a_live_pid_holds_the_lock(arena):
    lock = lock_path(arena)
    lock.parent.mkdir(parents=True)
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for token in (f"{child.pid} 1 0\n", f"{child.pid}\n", f"  {child.pid} x\n"):
            lock.write_text(token)
            old(lock)  # age does not matter for a live holder
            with pytest.raises(PurgeBusy, match=f"PID {child.pid}"):
                arena.call(PurgeLock(str(lock)).acquire, limit=5)
            assert lock.read_text() == token
    finally:
        child.kill()
        child.wait()


@pytest.mark.parametrize("inside", ["file", "folder", "link"])
def test_a_folder_with_entries_is_refused_with_a_clear_message_and_left_alone(arena, inside):
    lock = lock_path(arena)
    lock.mkdir(parents=True)
    if inside == "file":
        arena.canary(lock / "keep.txt")
    elif inside == "folder":
        arena.canary(lock / "sub" / "keep.txt")
    else:
        (lock / "link").symlink_to(arena.canary(arena.root / "elsewhere" / "keep.txt"))
    gocache = make_small_go_build(arena)
    before = sorted(os.listdir(gocache))
    with pytest.raises(LockInTheWay, match="folder with entries"):
        arena.call(PurgeLock(str(lock)).acquire, limit=5)
    proc = arena.run("purge-caches", "go-build", "--yes")
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "folder with entries" in proc.stdout and "another purge is running" not in proc.stdout
    assert sorted(os.listdir(gocache)) == before  # refused: nothing deleted
    assert lock.is_dir() and len(os.listdir(lock)) == 1


# --- the rule itself, as a pure function -------------------------------------------------------------------------
def test_the_verdict_is_one_rule():
    now = 1_000_000.0
    fresh, aged = int((now - 1) * 1e9), int((now - 3600) * 1e9)
    alive = {42}.__contains__
    reg = stat.S_IFREG | 0o644
    cases = [
        ((stat.S_IFLNK | 0o777, fresh, None), STALE),
        ((stat.S_IFIFO | 0o644, fresh, None), STALE),
        ((stat.S_IFSOCK | 0o755, fresh, None), STALE),
        ((stat.S_IFDIR | 0o755, fresh, None), STALE),
        ((stat.S_IFCHR | 0o666, fresh, None), STALE),
        ((reg, fresh, b"42 1 0\n"), HELD),
        ((reg, aged, b"42\n"), HELD),
        ((reg, fresh, b"43 1 0\n"), STALE),
        ((reg, fresh, b"junk"), STALE),
        ((reg, fresh, b""), WRITING),
        ((reg, fresh, b"42"), WRITING),  # a PID not yet followed by its space: still being written
        ((reg, fresh, None), WRITING),  # unreadable
        ((reg, aged, b""), STALE),
        ((reg, aged, None), STALE),
    ]
    for (mode, mtime, content), expected in cases:
        seen = look_like(mode, mtime, content)
        assert verdict(seen, now, alive, 10.0)[0] == expected, (oct(mode), content)


def look_like(mode, mtime_ns, content):
    from go_sidecar.fix.purge_lock import Seen

    return Seen(mode, 1, 1, mtime_ns, content)


def test_look_never_opens_a_fifo_nor_follows_a_link(arena):
    base = arena.root / "looks"
    base.mkdir()
    os.mkfifo(base / "fifo")
    (base / "link").symlink_to(base / "fifo")
    for name in ("fifo", "link"):
        seen = arena.call(look, str(base / name), limit=5)
        assert seen is not None and seen.content is None and not stat.S_ISREG(seen.mode)
    assert arena.call(look, str(base / "absent"), limit=5) is None


def test_the_lock_is_created_without_following_a_link_made_in_the_race(arena, monkeypatch):
    """A link put at the lock path between the look and the create is not followed (O_EXCL|O_NOFOLLOW): the
    create fails, the next round sees the link, removes it, and creates the lock file itself."""
    lock = lock_path(arena)
    lock.parent.mkdir(parents=True)
    canary = arena.canary(arena.root / "elsewhere" / "target.txt")
    real_create = PurgeLock._create
    raced = []

    def create(self):
        if not raced:
            raced.append(True)
            lock.symlink_to(canary)
        return real_create(self)

    monkeypatch.setattr(PurgeLock, "_create", create)
    with PurgeLock(str(lock)):
        assert stat.S_ISREG(os.lstat(lock).st_mode)
    assert raced and not os.path.lexists(lock)


def test_execute_reports_a_lock_in_the_way(arena, tmp_path):
    lock = tmp_path / "lk" / "purge.lock"
    lock.mkdir(parents=True)
    arena.canary(lock / "keep.txt")
    gocache = make_small_go_build(arena)
    from types import SimpleNamespace

    facts = SimpleNamespace(gocache=SimpleNamespace(path=str(gocache), problem=""))
    plan = purge.plan_targets(["go-build"], facts, home=str(arena.home))
    [r] = arena.call(purge.execute, plan, lock_path=str(lock), home=str(arena.home), ops=FileOps())
    assert r.status == "refused" and "cannot create the purge lock" in r.reason and "folder with entries" in r.reason


# --- a small Go build cache in the sandbox's GOCACHE ----------------------------------------------------------
def make_small_go_build(arena) -> Path:
    root = Path(arena.env["GOCACHE"])
    root.mkdir(parents=True, exist_ok=True)
    arena.canary(root / "README", README.encode())
    arena.canary(root / "trim.txt", b"1700000000")
    for i in range(8):
        d = root / f"{i:02x}"
        d.mkdir()
        (d / f"{i:02x}{0:062x}-a").write_text("v1 entry\n")
    return root
