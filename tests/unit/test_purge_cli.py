"""`sidecar purge-caches` as a user runs it: a subprocess whose home, caches, GOPATH and PATH are folders of
tmp_path (conftest.Sandbox). Exit codes: 0 all purged (or planned, or nothing to do), 1 refused or failed,
2 usage error; never a traceback. The confirmation runs on a real pseudo-terminal."""

from __future__ import annotations

import json
import os
import select
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest

from go_sidecar import cli, purge_cli
from go_sidecar.fix.purge import FAILED, PURGED, REFUSED, SKIPPED, Result

from .conftest import Sandbox
from .test_purge import README, SCHEMA, make_go_build, make_ide, make_modcache, snapshot

TIMEOUT = 120


def run(sandbox: Sandbox, *args: str, **extra_env: str):
    env = {**sandbox.env, **extra_env}
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    if os.environ.get("SYSTEMROOT"):
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    proc = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "purge-caches", *args],
        env=env,
        cwd=sandbox.tmp,
        capture_output=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in err and "Traceback" not in out, err
    return proc.returncode, out, err


def run_json(sandbox: Sandbox, *args: str, **extra_env: str):
    code, out, err = run(sandbox, *args, "--format", "json", **extra_env)
    doc = json.loads(out)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    return code, doc, err


def gocache(sandbox: Sandbox) -> Path:
    return Path(sandbox.env["GOCACHE"])


def machine(sandbox: Sandbox, ides: bool = True) -> dict[str, Path]:
    """A Go build cache at GOCACHE, a module cache at GOMODCACHE, GoLand 2024.2 and a 2023.3 leftover."""
    out = {
        "gocache": make_go_build(gocache(sandbox), dirs=16),
        "modcache": make_modcache(Path(sandbox.env["GOMODCACHE"])),
    }
    if ides:
        out["current"], out["current_config"] = make_ide(sandbox.home, "GoLand2024.2")
        out["old"], out["old_config"] = make_ide(sandbox.home, "GoLand2023.3")
    return out


# --- parsing ---------------------------------------------------------------------------------------------------
def test_parse_args():
    args = cli.parse_args(
        ["purge-caches", "go-build", "modcache:example.com/m@v1.0.0", "--dry-run", "--yes", "--format", "json"]
    )
    assert args.command == "purge-caches"
    assert args.targets == ["go-build", "modcache:example.com/m@v1.0.0"]
    assert (args.dry_run, args.yes, args.format) == (True, True, "json")
    args = cli.parse_args(["purge-caches"])
    assert (args.targets, args.dry_run, args.yes, args.format) == ([], False, False, "text")
    for bad in (["purge-caches", "--dry-run=yes"], ["purge-caches", "--format", "sarif"], ["purge-caches", "--all"]):
        with pytest.raises(cli.UsageError):
            cli.parse_args(bad)


# --- exit codes and the plan ----------------------------------------------------------------------------------------
def test_dry_run_shows_the_plan_and_deletes_nothing(sandbox):
    m = machine(sandbox)
    before = snapshot(sandbox.home)
    code, out, err = run(sandbox, "--dry-run")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["TARGET", "FILES", "SIZE", "PATH"]
    assert any(
        line.split()[:4] == ["go-build", "65", "3.4", "KiB"] and line.endswith(str(m["gocache"])) for line in lines
    )
    assert any(line.split()[0] == "ide" and line.endswith(str(m["current"])) for line in lines)
    assert "dry run: nothing deleted" in out
    code, doc, _ = run_json(sandbox, "--dry-run", "ide-leftovers", "modcache")
    assert code == 0
    assert [(t["name"], t["status"]) for t in doc["targets"]] == [("ide-leftovers", "planned"), ("modcache", "planned")]
    assert doc["freed_bytes"] == 0
    assert snapshot(sandbox.home) == before


def test_without_a_terminal_and_without_yes_nothing_is_deleted(sandbox):
    machine(sandbox)
    before = snapshot(sandbox.home)
    code, out, err = run(sandbox)
    assert code == 1
    assert "stdin is not a terminal" in err and "--yes" in err
    assert "REFUSED" in out
    code, doc, _ = run_json(sandbox, "go-build")
    assert code == 1 and doc["targets"][0]["status"] == "refused" and "--yes" in doc["targets"][0]["reason"]
    assert snapshot(sandbox.home) == before


def test_yes_purges_and_reports_json(sandbox):
    m = machine(sandbox)
    code, doc, err = run_json(sandbox, "--yes")
    assert code == 0, err
    assert [(t["name"], t["status"]) for t in doc["targets"]] == [("go-build", "purged"), ("ide", "purged")]
    assert doc["freed_bytes"] == sum(t["bytes"] for t in doc["targets"]) > 0
    assert sorted(os.listdir(m["gocache"])) == ["README", "fuzz", "testexpire.txt", "trim.txt"]
    assert (m["gocache"] / "README").read_text() == README
    assert sorted(os.listdir(m["current"])) == ["log", "tmp"]
    assert (m["old"] / "caches").is_dir()  # leftovers only when asked


def test_text_report_after_a_purge(sandbox):
    m = machine(sandbox, ides=False)
    code, out, err = run(sandbox, "go-build", "fuzz", "--yes")
    assert code == 0, err
    assert f"purged   go-build: {m['gocache']}: 65 files, 3.4 KiB" in out
    assert f"purged   fuzz: {m['gocache'] / 'fuzz'}: 1 files" in out
    assert out.rstrip().endswith("freed 3.4 KiB")


def test_usage_errors_exit_2(sandbox):
    m = machine(sandbox, ides=False)
    before = snapshot(sandbox.home)
    for args in (
        ["everything"],
        ["go-build", "--format", "xml"],
        ["modcache:../../etc@v1.0.0"],
        ["--yes=1"],
        ["ide:Eclipse2024.1"],
    ):
        code, out, err = run(sandbox, *args)
        assert code == 2, args
        assert "usage:" in err and "error:" in err and out == ""
    assert snapshot(sandbox.home) == before
    assert m["gocache"].is_dir()


def test_a_refused_target_exits_1_and_the_others_still_run(sandbox):
    m = machine(sandbox)
    (m["current_config"] / ".lock").write_text(f"{os.getpid()}\n")  # GoLand 2024.2 runs (this test's PID)
    ide_before = snapshot(m["current"])
    code, doc, err = run_json(sandbox, "--yes")
    assert code == 1, err
    by_name = {t["name"]: t for t in doc["targets"]}
    assert by_name["go-build"]["status"] == "purged"
    assert by_name["ide"]["status"] == "refused" and "running" in by_name["ide"]["reason"]
    assert snapshot(m["current"]) == ide_before


def test_gocache_set_to_a_project_folder(sandbox):
    project = sandbox.ws
    sandbox.write("go.mod", "module example.com/p\n\ngo 1.22\n")
    sandbox.write("main.go", "package main\n")
    sandbox.write("README", README)
    for i in range(256):
        (project / f"{i:02x}").mkdir()
    before = snapshot(project)
    code, doc, _ = run_json(sandbox, "go-build", "--yes", GOCACHE=str(project))
    assert code == 1
    assert doc["targets"][0]["status"] == "refused" and "project folder" in doc["targets"][0]["reason"]
    assert doc["freed_bytes"] == 0
    assert snapshot(project) == before


def test_one_module_version_from_the_command_line(sandbox):
    m = machine(sandbox, ides=False)
    everything = snapshot(m["modcache"])
    code, doc, err = run_json(sandbox, "modcache:github.com/BurntSushi/toml@v1.3.2", "--yes")
    assert code == 0, err
    [t] = doc["targets"]
    assert t["status"] == "purged" and t["files"] == 7
    after = snapshot(m["modcache"])
    assert {k for k in everything if k not in after} == {k for k in everything if "v1.3.2" in k}


def test_nothing_to_purge_is_success(sandbox):
    code, doc, _ = run_json(sandbox, "gopls", "ide-leftovers", "--yes")
    assert code == 0
    assert [t["status"] for t in doc["targets"]] == ["skipped", "skipped"]


# --- on a terminal ---------------------------------------------------------------------------------------------------
def _on_a_terminal(sandbox: Sandbox, answer: bytes, *args: str) -> tuple[int, str, str]:
    pty = pytest.importorskip("pty")
    master, slave = pty.openpty()
    env = {**sandbox.env, "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "go_sidecar", "purge-caches", *args],
        env=env,
        cwd=sandbox.tmp,
        stdin=slave,
        stderr=slave,
        stdout=subprocess.PIPE,
    )
    os.close(slave)
    seen = b""
    deadline = time.monotonic() + TIMEOUT
    try:
        while b"[y/N]" not in seen:
            assert time.monotonic() < deadline, seen
            ready, _, _ = select.select([master], [], [], 1.0)
            if ready:
                seen += os.read(master, 4096)
        os.write(master, answer)
        out = proc.stdout.read().decode("utf-8")
        code = proc.wait(timeout=TIMEOUT)
        while True:  # what the terminal showed after the answer: the progress bar
            ready, _, _ = select.select([master], [], [], 0.2)
            if not ready:
                break
            try:
                chunk = os.read(master, 4096)
            except OSError:
                break
            if not chunk:
                break
            seen += chunk
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
    return code, out, seen.decode("utf-8", "replace")


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_terminal_is_asked_and_yes_purges_with_a_progress_bar(sandbox):
    m = machine(sandbox, ides=False)
    code, out, terminal = _on_a_terminal(sandbox, b"y\n", "go-build")
    assert code == 0, terminal
    assert "Delete 65 files (3.4 KiB)? [y/N]" in terminal
    assert "100%" in terminal and "65/65 files" in terminal
    assert "purged   go-build" in out
    assert sorted(os.listdir(m["gocache"])) == ["README", "fuzz", "testexpire.txt", "trim.txt"]


@pytest.mark.skipif(sys.platform == "win32", reason="a pseudo-terminal is POSIX")
def test_a_terminal_answer_other_than_yes_deletes_nothing(sandbox):
    machine(sandbox, ides=False)
    before = snapshot(sandbox.home)
    code, out, _terminal = _on_a_terminal(sandbox, b"\n", "go-build")
    assert code == 1
    assert "REFUSED  go-build: not confirmed" in out
    assert snapshot(sandbox.home) == before


# --- output helpers ---------------------------------------------------------------------------------------------------
def test_exit_codes_of_results():
    ok = Result("go-build", "/c", 1, 1, PURGED)
    assert purge_cli.exit_code([ok, Result("gopls", "", status=SKIPPED, reason="nothing to purge")]) == 0
    assert purge_cli.exit_code([ok, Result("ide", "/i", status=REFUSED, reason="running")]) == 1
    assert purge_cli.exit_code([ok, Result("ide", "/i", status=FAILED, reason="1 entry", errors=["/i/x: busy"])]) == 1
    assert purge_cli.exit_code([Result("go-build", "/c", 3, 3, SKIPPED, "cancelled: the rest was left in place")]) == 1
    assert purge_cli.exit_code([ok], interrupted=True) == 1


def test_many_errors_are_summarised_in_text():
    r = Result(
        "modcache",
        "/m",
        10,
        100,
        FAILED,
        "25 entries could not be deleted",
        [f"/m/f{i}: Permission denied" for i in range(25)],
    )
    text = purge_cli.results_text([r], dry_run=False)
    assert text.count("Permission denied") == purge_cli.MAX_SHOWN_ERRORS
    assert "... and 5 more (--format json lists them)" in text
    assert "FAILED   modcache: /m: 25 entries could not be deleted; freed 10 files, 100 bytes" in text


def test_progress_bar_draws_on_its_stream():
    class Stream:
        def __init__(self):
            self.data = ""

        def write(self, s):
            self.data += s

        def flush(self):
            pass

    s = Stream()
    bar = purge_cli.ProgressBar(s)
    bar(0, 200)
    bar(100, 200)  # within 0.1 s of the last draw: skipped
    bar(200, 200)  # the end is always drawn
    bar.close()
    assert s.data.count("\r[") == 2 and "100%  200/200 files" in s.data and s.data.endswith("\n")
