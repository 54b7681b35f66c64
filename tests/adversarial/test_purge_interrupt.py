"""Issue 9, class 4a: a purge interrupted by a signal (Ctrl-C, `kill`, a closed terminal) stops cleanly.

A real `python -m go_sidecar purge-caches go-build --yes` purges a large Go build cache in the sandbox; once
files start to disappear the test sends the signal. Required: exit 1, a report that says "cancelled" and how much
was deleted (and that figure is what actually left the disk), no traceback, the lock file gone, every canary
(README and trim.txt inside GOCACHE, a file beside it) intact, and a second purge that finishes the job.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import jsonschema
import pytest

from go_sidecar import purge_cli

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")

SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "purge.schema.json").read_text("utf-8"))
README = (
    "This directory holds cached build artifacts from the Go build system.\n"
    'Run "go clean -cache" if the directory is getting too large.\n'
)
# 16,384 files: 0.2 s to several seconds of deletion depending on the machine's load, while the test sees the first
# files go within milliseconds (measured: 40 to 160 files gone by then, and as many again before the signal is
# handled), so the signal always lands mid-purge.
DIRS, PER_DIR = 256, 64
LIMIT = 60.0


def make_big_go_build(arena) -> Path:
    root = Path(arena.env["GOCACHE"])
    root.mkdir(parents=True)
    arena.canary(root / "README", README.encode())
    arena.canary(root / "trim.txt", b"1700000000")
    (root / "log.txt").write_text("log\n")
    payload = b"v1 entry, a small output of a build action\n"
    for i in range(DIRS):
        d = root / f"{i:02x}"
        d.mkdir()
        for k in range(PER_DIR):
            fd = os.open(d / f"{i:02x}{k:062x}-a", os.O_CREAT | os.O_WRONLY, 0o644)
            os.write(fd, payload)
            os.close(fd)
    return root


def entries_left(gocache: Path) -> int:
    n = 0
    for name in os.listdir(gocache):
        if len(name) == 2:
            try:
                n += len(os.listdir(gocache / name))
            except FileNotFoundError:  # removed while counting
                pass
        elif name == "log.txt":
            n += 1
    return n


def start_purge(arena, *extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "go_sidecar", "purge-caches", "go-build", "--yes", *extra],
        env=arena.env,
        cwd=arena.root,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_deletion(proc: subprocess.Popen, gocache: Path) -> None:
    """Until the first files of the cache are gone: the pool starts with the first folders (00, 01, ...)."""
    first = [gocache / f"{i:02x}" for i in range(4)]
    deadline = time.monotonic() + LIMIT
    while True:
        for d in first:
            try:
                if len(os.listdir(d)) < PER_DIR:
                    return
            except FileNotFoundError:
                return
        assert proc.poll() is None, f"the purge ended before deleting anything: {proc.communicate()}"
        assert time.monotonic() < deadline, "the purge did not start deleting"
        time.sleep(0.0005)


def interrupt(arena, signals: tuple[signal.Signals, ...], *extra: str):
    gocache = make_big_go_build(arena)
    total = entries_left(gocache)
    proc = start_purge(arena, *extra)
    try:
        wait_for_deletion(proc, gocache)
        for sig in signals:
            proc.send_signal(sig)
        out, err = proc.communicate(timeout=LIMIT)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return proc.returncode, out, err, gocache, total


def assert_clean_end(arena, code: int, out: str, err: str, gocache: Path, total: int) -> int:
    assert code == 1, out + err
    assert "Traceback" not in out + err and "internal error" not in out + err, err
    lock = arena.home / ".cache" / "go-sidecar" / "purge.lock"
    assert not os.path.lexists(lock), "the purge lock was left behind"
    left = entries_left(gocache)
    assert 0 < left < total, f"the signal was meant to arrive mid-purge ({left} of {total} left)"
    return total - left


def assert_second_purge_finishes(arena, gocache: Path, left: int) -> None:
    proc = arena.run("purge-caches", "go-build", "--yes", "--format", "json", limit=LIMIT)
    doc = json.loads(proc.stdout)
    [target] = doc["targets"]
    assert (proc.returncode, target["status"]) == (0, "purged"), proc.stdout + proc.stderr
    assert target["files"] == left
    assert sorted(os.listdir(gocache)) == ["README", "trim.txt"]


CANCELS = [signal.SIGINT, signal.SIGTERM, signal.SIGHUP]


@pytest.mark.parametrize("sig", CANCELS, ids=lambda s: s.name)
def test_a_signal_mid_purge_gives_a_cancelled_text_report(arena, sig):
    arena.canary(arena.root / "beside" / "keep.txt")
    code, out, err, gocache, total = interrupt(arena, (sig,))
    deleted = assert_clean_end(arena, code, out, err, gocache, total)
    m = re.search(
        rf"^cancelled \({sig.name}\): ([\d,]+) files \(.+\) deleted before it stopped; "
        r"the rest was left in place$",
        out,
        re.MULTILINE,
    )
    assert m, out
    assert int(m.group(1).replace(",", "")) == deleted  # the report says what actually left the disk
    assert re.search(rf"^stopped  go-build: {re.escape(str(gocache))}: cancelled", out, re.MULTILINE), out
    assert_second_purge_finishes(arena, gocache, total - deleted)


@pytest.mark.parametrize("sig", CANCELS, ids=lambda s: s.name)
def test_a_signal_mid_purge_gives_a_cancelled_json_report(arena, sig):
    code, out, err, gocache, total = interrupt(arena, (sig,), "--format", "json")
    deleted = assert_clean_end(arena, code, out, err, gocache, total)
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    [target] = doc["targets"]
    assert target["status"] == "skipped" and target["reason"].startswith("cancelled")
    assert target["files"] == deleted and 0 < doc["freed_bytes"] == target["bytes"]
    assert f"cancelled ({sig.name})" in err
    assert_second_purge_finishes(arena, gocache, total - deleted)


def test_repeated_signals_still_end_in_one_clean_report(arena):
    """Ctrl-C pressed twice, then a kill: the first one cancels, the others change nothing."""
    code, out, err, gocache, total = interrupt(arena, (signal.SIGINT, signal.SIGINT, signal.SIGTERM))
    deleted = assert_clean_end(arena, code, out, err, gocache, total)
    assert f"cancelled (SIGINT): {deleted:,} files" in out
    assert_second_purge_finishes(arena, gocache, total - deleted)


# --- the handler, in this process ---------------------------------------------------------------------------------
@pytest.mark.parametrize("sig", CANCELS, ids=lambda s: s.name)
def test_signals_set_the_cancel_event_and_later_ones_change_nothing(sig):
    """The first signal cancels; once cancelled, our handlers stay after the block, so that a second Ctrl-C or a
    kill while the report is written neither raises nor kills (it was the race behind a flaky end-to-end test)."""
    before = {s: signal.getsignal(s) for s in CANCELS}
    cancel, received = threading.Event(), []
    try:
        with purge_cli.cancelled_by_signals(cancel, received):
            os.kill(os.getpid(), sig)
            deadline = time.monotonic() + 5
            while not cancel.is_set() and time.monotonic() < deadline:
                time.sleep(0.01)  # the handler runs on the main thread between two bytecodes
        assert cancel.is_set() and received == [sig.name]
        os.kill(os.getpid(), signal.SIGTERM)  # after the block: would end this process with the default handler
        deadline = time.monotonic() + 5
        while len(received) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert received == [sig.name, "SIGTERM"]
    finally:
        for s, handler in before.items():
            signal.signal(s, handler)


def test_without_a_signal_the_handlers_are_restored():
    before = {s: signal.getsignal(s) for s in CANCELS}
    with purge_cli.cancelled_by_signals(threading.Event(), []):
        assert all(signal.getsignal(s) is not before[s] for s in CANCELS)
    assert {s: signal.getsignal(s) for s in CANCELS} == before


def test_outside_the_main_thread_the_block_runs_without_handlers():
    before = signal.getsignal(signal.SIGTERM)
    box = {}

    def run():
        with purge_cli.cancelled_by_signals(threading.Event(), []):
            box["inside"] = signal.getsignal(signal.SIGTERM)

    t = threading.Thread(target=run)
    t.start()
    t.join(5)
    assert box["inside"] is before and signal.getsignal(signal.SIGTERM) is before


@pytest.mark.parametrize("sig", CANCELS, ids=lambda s: s.name)
def test_a_signal_while_planning_deletes_nothing(arena, monkeypatch, capsys, sig):
    """The signal lands while the plan is measured (in this process, on its main thread): nothing is deleted, the
    report says the targets were cancelled before they started, exit 1, no lock was ever taken."""
    for key, value in arena.env.items():
        monkeypatch.setenv(key, value)
    gocache = Path(arena.env["GOCACHE"])
    gocache.mkdir(parents=True)
    arena.canary(gocache / "README", README.encode())
    for i in range(4):
        arena.canary(gocache / f"{i:02x}" / f"{i:02x}{0:062x}-a")
    real_plan = purge_cli.plan_targets

    def plan_with_a_signal(*args, **kwargs):
        os.kill(os.getpid(), sig)  # to itself: delivered before kill returns, handled at the next bytecode
        return real_plan(*args, **kwargs)

    monkeypatch.setattr(purge_cli, "plan_targets", plan_with_a_signal)
    from go_sidecar import cli

    code = cli.main(["purge-caches", "go-build", "--yes", "--format", "json"])
    out, err = capsys.readouterr()
    assert code == 1 and "Traceback" not in err
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    assert [(t["name"], t["status"], t["reason"], t["files"]) for t in doc["targets"]] == [
        ("go-build", "skipped", "cancelled before it started", 0)
    ]
    assert f"cancelled ({sig.name}): 0 files" in err
    assert not os.path.lexists(arena.home / ".cache" / "go-sidecar" / "purge.lock")
