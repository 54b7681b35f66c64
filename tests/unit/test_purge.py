"""The purge engine on synthetic caches in tmp_path (never the machine's own): plans, guards, links, read-only
trees, vanishing files, the one-purge-at-a-time lock, and Windows behaviours through injected FileOps.

Tests may run as root, whom the kernel never denies: permission behaviour is simulated by FileOps subclasses
that enforce the rule a normal user meets (PosixPermissions), not by chmod alone.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from pathlib import Path

import jsonschema
import pytest

from go_sidecar.fix import purge
from go_sidecar.fix.purge import (
    FAILED,
    PLANNED,
    PURGED,
    REFUSED,
    SKIPPED,
    TargetError,
    execute,
    parse_target,
    plan_targets,
    report_json,
)
from go_sidecar.fix.purge_lock import PurgeLock
from go_sidecar.fix.purge_ops import FileOps, Remover
from go_sidecar.probe.caches import CacheDir, CacheFacts
from tests.sandbox import sandbox_env

README = (
    "This directory holds cached build artifacts from the Go build system.\n"
    'Run "go clean -cache" if the directory is getting too large.\n'
)
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "purge.schema.json").read_text("utf-8"))


@pytest.fixture(autouse=True)
def redirected_home(tmp_path: Path, monkeypatch) -> Path:
    """Every default (home, user cache dir, the purge lock) points into tmp_path."""
    home = tmp_path / "home"
    home.mkdir()
    for key, value in sandbox_env(home, tmp_path / "bin").items():
        monkeypatch.setenv(key, value)
    return home


# --- synthetic caches ---------------------------------------------------------------------------------------
def make_go_build(root: Path, dirs: int = 256, per_dir: int = 2) -> Path:
    root.mkdir(parents=True)
    (root / "README").write_text(README)
    (root / "trim.txt").write_text("1700000000")
    (root / "testexpire.txt").write_text("1700000000")
    (root / "log.txt").write_text("log\n")
    (root / "fuzz" / "example.com" / "m" / "FuzzX").mkdir(parents=True)
    (root / "fuzz" / "example.com" / "m" / "FuzzX" / "seed").write_text("go test fuzz v1\n")
    for i in range(dirs):
        d = root / f"{i:02x}"
        d.mkdir()
        for k in range(per_dir):
            (d / f"{i:02x}{k:062x}-a").write_text("v1 entry\n")
            (d / f"{i:02x}{k:062x}-d").write_bytes(b"o" * 100)
    return root


MODULES = {  # (module path, escaped, version)
    "toml": ("github.com/BurntSushi/toml", "github.com/!burnt!sushi/toml"),
    "mod": ("golang.org/x/mod", "golang.org/x/mod"),
}


def add_module(modcache: Path, escaped: str, version: str, read_only: bool = True) -> Path:
    at_v = modcache / "cache" / "download" / escaped / "@v"
    at_v.mkdir(parents=True, exist_ok=True)
    for suffix in (".zip", ".ziphash", ".info", ".mod", ".lock"):
        (at_v / (version + suffix)).write_text(f"{escaped} {version}{suffix}\n")
    (at_v / "list").write_text(version + "\n")
    parent, _, last = escaped.rpartition("/")
    tree = modcache / parent / f"{last}@{version}"
    (tree / "internal").mkdir(parents=True)
    (tree / "go.mod").write_text(f"module {escaped}\n")
    (tree / "internal" / "x.go").write_text("package internal\n")
    if read_only:  # as Go leaves them: files 0444, folders 0555
        for dirpath, dirnames, filenames in os.walk(tree, topdown=False):
            for f in filenames:
                os.chmod(os.path.join(dirpath, f), 0o444)
            os.chmod(dirpath, 0o555)
    return tree


def make_modcache(root: Path) -> Path:
    add_module(root, MODULES["toml"][1], "v1.3.2")
    add_module(root, MODULES["toml"][1], "v1.3.1")
    add_module(root, MODULES["mod"][1], "v0.17.0")
    (root / "cache" / "download" / "sumdb" / "sum.golang.org").mkdir(parents=True)
    (root / "cache" / "download" / "sumdb" / "sum.golang.org" / "latest").write_text("go.sum database tree\n")
    return root


def make_ide(home: Path, selector: str, pid: int | None = None) -> tuple[Path, Path]:
    system = home / ".cache" / "JetBrains" / selector
    config = home / ".config" / "JetBrains" / selector
    for sub in ("caches", "index", "tmp", "log"):
        (system / sub).mkdir(parents=True)
        (system / sub / f"{sub}.dat").write_bytes(b"x" * 64)
    (system / "caches" / "go-build" / "ab").mkdir(parents=True)
    (system / "caches" / "go-build" / "ab" / "entry-a").write_text("e")
    (config / "options").mkdir(parents=True)
    (config / "options" / "ide.general.xml").write_text("<application/>\n")
    if pid is not None:
        (config / ".lock").write_text(f"{pid}\n")
    return system, config


def ide_dir(system: Path, config: Path, newest: bool = True, pid: int | None = None) -> CacheDir:
    name = system.name
    product = name.rstrip("0123456789.")
    version = name[len(product) :]
    return CacheDir("ide", str(system), product, version, name, str(config), pid, newest)


def facts(
    gocache: Path | None = None,
    modcache: Path | None = None,
    gopls: Path | None = None,
    ides: list[CacheDir] | None = None,
) -> CacheFacts:
    return CacheFacts(
        CacheDir("go-build", str(gocache)) if gocache else None,
        "",
        "default",
        CacheDir("modcache", str(modcache)) if modcache else None,
        CacheDir("gopls", str(gopls)) if gopls else None,
        ides or [],
    )


def snapshot(root: Path) -> dict[str, tuple]:
    """Every entry under root (links not followed): kind, content or link target, mode."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            p = os.path.join(dirpath, name)
            st = os.lstat(p)
            rel = os.path.relpath(p, root)
            if stat.S_ISLNK(st.st_mode):
                out[rel] = ("link", os.readlink(p))
            elif stat.S_ISDIR(st.st_mode):
                out[rel] = ("dir", stat.S_IMODE(st.st_mode))
            else:
                out[rel] = ("file", Path(p).read_bytes(), stat.S_IMODE(st.st_mode))
    return out


def purge_cli_exit(r) -> int:
    from go_sidecar.purge_cli import exit_code

    return exit_code([r])


def run(plan, tmp_path: Path, **kw):
    kw.setdefault("lock_path", str(tmp_path / "lock" / "purge.lock"))
    return execute(plan, **kw)


def validate(results) -> dict:
    doc = report_json(results)
    jsonschema.Draft202012Validator(SCHEMA).validate(doc)
    return doc


# --- injected behaviours -----------------------------------------------------------------------------------
def win_error(code: int, message: str) -> OSError:
    e = PermissionError(errno.EACCES, message)
    e.winerror = code  # what Python sets on Windows
    return e


class WindowsOps(FileOps):
    """Windows as the engine meets it, on a Linux disk: read-only attribute (files whose mode lacks S_IWRITE
    cannot be unlinked until chmod adds it), sharing violations for given paths, junctions."""

    windows = True

    def __init__(
        self, busy: dict[str, float] | None = None, junctions: set[str] | None = None, graveyard: Path | None = None
    ):
        self.busy = dict(busy or {})  # path -> failing attempts left (float("inf"): always)
        self.junctions = junctions or set()
        self.graveyard = graveyard
        self.clock = 0.0
        self.sleeps: list[float] = []
        self.chmods: list[str] = []
        self.unlinked: list[str] = []
        self.links_removed: list[tuple[str, bool]] = []

    def monotonic(self) -> float:
        return self.clock

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.clock += seconds

    def chmod(self, path: str, mode: int) -> None:
        self.chmods.append(path)
        os.chmod(path, mode)

    def _deny(self, path: str) -> None:
        left = self.busy.get(path, 0)
        if left > 0:
            self.busy[path] = left - 1
            raise win_error(32, "The process cannot access the file because it is being used by another process")
        if not os.lstat(path).st_mode & stat.S_IWRITE:
            raise win_error(5, "Access is denied")

    def unlink(self, path: str) -> None:
        self._deny(path)
        self.unlinked.append(path)
        os.unlink(path)

    def rmdir(self, path: str) -> None:
        self._deny(path)
        os.rmdir(path)

    def is_junction(self, path: str, entry=None) -> bool:
        return path in self.junctions

    def remove_link(self, path: str, is_dir: bool) -> None:
        self.links_removed.append((path, is_dir))
        if path in self.junctions:  # the junction entry goes; what it points to is not touched
            shutil.move(path, str(self.graveyard))
        else:
            super().remove_link(path, is_dir)


class PosixPermissions(FileOps):
    """The kernel's rule for a normal user, enforced even when the tests run as root: removing or listing an
    entry needs write and search permission on its folder."""

    def _need(self, folder: str, bits: int, path: str) -> None:
        if stat.S_IMODE(os.lstat(folder).st_mode) & bits != bits:
            raise PermissionError(errno.EACCES, "Permission denied", path)

    def scandir(self, path: str):
        self._need(path, 0o500, path)
        return os.scandir(path)

    def unlink(self, path: str) -> None:
        self._need(os.path.dirname(path), 0o300, path)
        os.unlink(path)

    def rmdir(self, path: str) -> None:
        self._need(os.path.dirname(path), 0o300, path)
        os.rmdir(path)

    def remove_link(self, path: str, is_dir: bool) -> None:
        self.unlink(path)


# --- target names -------------------------------------------------------------------------------------------
def test_target_names():
    assert parse_target("go-build") == ("go-build", "")
    assert parse_target("modcache") == ("modcache", "")
    assert parse_target("modcache:github.com/BurntSushi/toml@v1.3.2") == (
        "modcache",
        "github.com/BurntSushi/toml@v1.3.2",
    )
    assert parse_target("ide:GoLand2024.2") == ("ide", "GoLand2024.2")
    for bad in (
        "gobuild",
        "modcache:",
        "modcache:../../etc@v1",
        "modcache:/abs@v1",
        "modcache:m@v1/../../x",
        "modcache:m@latest",
        "modcache:a\\b@v1.0.0",
        "ide:Eclipse2024.1",
        "ide:GoLand2024.2/../x",
        "",
    ):
        with pytest.raises(TargetError):
            parse_target(bad)


def test_unknown_target_raises_before_anything_is_planned(tmp_path):
    with pytest.raises(TargetError):
        plan_targets(["go-build", "everything"], facts(make_go_build(tmp_path / "gb", dirs=2)))


# --- dry run and the Go build cache --------------------------------------------------------------------------
def test_a_dry_run_deletes_nothing(tmp_path, redirected_home):
    gb = make_go_build(tmp_path / "gb", dirs=16)
    mc = make_modcache(tmp_path / "mod")
    system, config = make_ide(redirected_home, "GoLand2024.2")
    old, old_config = make_ide(redirected_home, "GoLand2023.3")
    before = snapshot(tmp_path)
    plan = plan_targets(
        ["go-build", "fuzz", "ide", "ide-leftovers", "modcache", "gopls"],
        facts(gb, mc, None, [ide_dir(system, config), ide_dir(old, old_config, newest=False)]),
    )
    results = [t.result() for t in plan]
    assert snapshot(tmp_path) == before
    statuses = {r.name: r.status for r in results}
    assert statuses == {
        "go-build": PLANNED,
        "fuzz": PLANNED,
        "ide": PLANNED,
        "ide-leftovers": PLANNED,
        "modcache": PLANNED,
        "gopls": SKIPPED,
    }
    assert all(r.files > 0 and r.bytes > 0 for r in results if r.status == PLANNED)
    assert validate(results)["freed_bytes"] == 0


def test_go_build_purge_is_go_clean_cache(tmp_path):
    gb = make_go_build(tmp_path / "gb")
    plan = plan_targets(["go-build"], facts(gb))
    [t] = plan
    assert t.files == 256 * 4 + 1  # the entries and log.txt
    assert t.bytes == 256 * 2 * (9 + 100) + 4
    assert {os.path.basename(e.path) for e in t.entries} == {f"{i:02x}" for i in range(256)} | {"log.txt"}
    [r] = run(plan, tmp_path)
    assert (r.status, r.files, r.bytes, r.errors) == (PURGED, t.files, t.bytes, [])
    assert sorted(os.listdir(gb)) == ["README", "fuzz", "testexpire.txt", "trim.txt"]
    assert (gb / "README").read_text() == README
    assert (gb / "fuzz" / "example.com" / "m" / "FuzzX" / "seed").is_file()
    validate([r])


def test_fuzz_only_when_asked_by_name(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    [r] = run(plan_targets(["fuzz"], facts(gb)), tmp_path)
    assert r.status == PURGED and r.files == 1 and r.path == str(gb / "fuzz")
    assert sorted(os.listdir(gb)) == ["00", "01", "02", "03", "README", "log.txt", "testexpire.txt", "trim.txt"]


def test_links_inside_the_cache_are_removed_never_followed(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    outside = tmp_path / "outside"
    (outside / "deep").mkdir(parents=True)
    (outside / "deep" / "precious.txt").write_text("keep me")
    (outside / "file.txt").write_text("keep me too")
    os.symlink(outside, gb / "00" / "dir-link")  # a link to a folder, inside an entry folder
    os.symlink(outside / "file.txt", gb / "01" / "file-link")  # a link to a file
    os.symlink(outside, gb / "ab")  # an entry of the cache root that is itself a link
    os.symlink(tmp_path / "nowhere", gb / "02" / "dangling")
    before = snapshot(outside)
    plan = plan_targets(["go-build"], facts(gb))
    [t] = plan
    assert t.files == 4 * 4 + 1 + 4  # the four links count as one file each
    [r] = run(plan, tmp_path)
    assert r.status == PURGED, r.errors
    assert snapshot(outside) == before  # the other ends are untouched
    for link in ("00/dir-link", "01/file-link", "ab", "02/dangling"):
        assert not os.path.lexists(gb / link)


def test_links_are_not_followed_on_the_portable_path_either(tmp_path):
    """The same through the path-by-path remover every FileOps subclass (and Windows) uses."""
    gb = make_go_build(tmp_path / "gb", dirs=2)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "precious.txt").write_text("keep me")
    os.symlink(outside, gb / "00" / "dir-link")

    class Portable(FileOps):
        pass

    assert Portable.fast_posix is False
    [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path, ops=Portable())
    assert r.status == PURGED and (outside / "precious.txt").read_text() == "keep me"
    assert not os.path.lexists(gb / "00")


# --- guards ------------------------------------------------------------------------------------------------------
def test_gocache_set_to_a_project_folder_is_refused(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "go.mod").write_text("module example.com/p\n")
    (project / "main.go").write_text("package main\n")
    (project / ".git").mkdir()
    # Go ran with GOCACHE pointing here: README and 00..ff next to the user's own folders.
    (project / "README").write_text(README)
    for i in range(256):
        (project / f"{i:02x}").mkdir()
    (project / "ab" / "mine.txt").write_text("the user's own folder named ab")
    before = snapshot(project)
    plan = plan_targets(["go-build"], facts(project))
    assert plan[0].status == REFUSED and "project folder" in plan[0].reason and plan[0].entries == []
    [r] = run(plan, tmp_path)
    assert r.status == REFUSED and r.files == 0 and r.bytes == 0
    assert snapshot(project) == before
    validate([r])


def test_a_folder_that_is_not_a_build_cache_is_refused(tmp_path, redirected_home):
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "00").mkdir()
    (notes / "00" / "todo.txt").write_text("mine")
    (notes / "letter.odt").write_text("mine")
    before = snapshot(notes)
    [t] = plan_targets(["go-build"], facts(notes))
    assert t.status == REFUSED and "does not look like a Go build cache" in t.reason
    [t] = plan_targets(["go-build"], facts(redirected_home))
    assert t.status == REFUSED and "home folder" in t.reason
    [t] = plan_targets(["go-build"], facts(Path("/")))
    assert t.status == REFUSED
    assert snapshot(notes) == before


def test_a_guard_that_fails_after_planning_refuses_at_execution(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    plan = plan_targets(["go-build"], facts(gb))
    (gb / "go.mod").write_text("module oops\n")  # the folder changed between the plan and the purge
    before = snapshot(gb)
    [r] = run(plan, tmp_path)
    assert r.status == REFUSED and snapshot(gb) == before


def test_missing_or_off_caches_are_skipped(tmp_path):
    [t] = plan_targets(["go-build"], facts(tmp_path / "missing"))
    assert t.status == SKIPPED and "does not exist" in t.reason
    off = CacheFacts(CacheDir("go-build", "off", problem="GOCACHE=off"), "off", "environment", None, None, [])
    [t] = plan_targets(["go-build", "modcache", "gopls"], off)[:1]
    assert t.status == SKIPPED and "GOCACHE=off" in t.reason
    gb = make_go_build(tmp_path / "gb", dirs=2, per_dir=0)
    (gb / "log.txt").unlink()
    [t] = plan_targets(["go-build"], facts(gb))
    assert t.status == SKIPPED and t.reason == "already empty"


# --- JetBrains ------------------------------------------------------------------------------------------------
def test_ide_purges_caches_and_index_only(tmp_path, redirected_home):
    system, config = make_ide(redirected_home, "GoLand2024.2")
    config_before = snapshot(config)
    [t] = plan_targets(["ide"], facts(ides=[ide_dir(system, config)]))
    assert [os.path.basename(e.path) for e in t.entries] == ["caches", "index"]
    assert t.files == 3
    [r] = run([t], tmp_path)
    assert r.status == PURGED, r.errors
    assert sorted(os.listdir(system)) == ["log", "tmp"]
    assert snapshot(config) == config_before


def test_a_running_ide_is_refused(tmp_path, redirected_home):
    system, config = make_ide(redirected_home, "GoLand2024.2", pid=os.getpid())
    before = snapshot(redirected_home)
    [t] = plan_targets(["ide"], facts(ides=[ide_dir(system, config, pid=os.getpid())]))
    assert t.status == REFUSED and f"PID {os.getpid()}" in t.reason and "running" in t.reason
    assert run([t], tmp_path)[0].status == REFUSED
    assert snapshot(redirected_home) == before


def test_an_ide_started_after_planning_is_refused(tmp_path, redirected_home):
    system, config = make_ide(redirected_home, "GoLand2024.2")
    plan = plan_targets(["ide"], facts(ides=[ide_dir(system, config)]))
    assert plan[0].status == PLANNED
    (config / ".lock").write_text(f"{os.getpid()}\n")  # the user opened GoLand meanwhile
    before = snapshot(system)
    [r] = run(plan, tmp_path)
    assert r.status == REFUSED and "running" in r.reason
    assert snapshot(system) == before


def test_leftovers_are_purged_without_touching_the_current_version(tmp_path, redirected_home):
    current, current_config = make_ide(redirected_home, "GoLand2024.2")
    old, old_config = make_ide(redirected_home, "GoLand2023.3")
    older, older_config = make_ide(redirected_home, "GoLand2023.1")
    before = snapshot(current)
    ides = [
        ide_dir(older, older_config, newest=False),
        ide_dir(old, old_config, newest=False),
        ide_dir(current, current_config),
    ]
    plan = plan_targets(["ide-leftovers"], facts(ides=ides))
    assert [t.path for t in plan] == [str(older), str(old)]
    results = run(plan, tmp_path)
    assert [r.status for r in results] == [PURGED, PURGED]
    assert not old.exists() and not older.exists()
    assert snapshot(current) == before
    assert old_config.is_dir()  # settings are never a cache
    validate(results)


def test_a_running_leftover_and_a_misplaced_folder_are_refused(tmp_path, redirected_home):
    current, cc = make_ide(redirected_home, "GoLand2024.2")
    old, oc = make_ide(redirected_home, "GoLand2023.3", pid=os.getpid())
    elsewhere = tmp_path / "D" / "GoLand2022.3"  # idea.system.path moved it out of the JetBrains folder
    (elsewhere / "caches").mkdir(parents=True)
    (elsewhere / "caches" / "x").write_text("x")
    ides = [
        ide_dir(old, oc, newest=False, pid=os.getpid()),
        CacheDir("ide", str(elsewhere), "GoLand", "2022.3", "GoLand2022.3", "", None, False),
        ide_dir(current, cc),
    ]
    plan = plan_targets(["ide-leftovers"], facts(ides=ides))
    assert [t.status for t in plan] == [REFUSED, REFUSED]
    assert "running" in plan[0].reason and "JetBrains" in plan[1].reason
    run(plan, tmp_path)
    assert old.is_dir() and (elsewhere / "caches" / "x").is_file()


def test_one_ide_version_by_selector(tmp_path, redirected_home):
    current, cc = make_ide(redirected_home, "GoLand2024.2")
    old, oc = make_ide(redirected_home, "GoLand2023.3")
    ides = [ide_dir(old, oc, newest=False), ide_dir(current, cc)]
    [r] = run(plan_targets(["ide:GoLand2023.3"], facts(ides=ides)), tmp_path)
    assert r.status == PURGED and sorted(os.listdir(old)) == ["log", "tmp"]
    assert sorted(os.listdir(current)) == ["caches", "index", "log", "tmp"]
    [t] = plan_targets(["ide:GoLand2021.1"], facts(ides=ides))
    assert t.status == SKIPPED


# --- the module cache ----------------------------------------------------------------------------------------
def test_one_corrupt_module_version_is_purged_alone(tmp_path):
    mc = make_modcache(tmp_path / "mod")
    everything = snapshot(mc)
    [t] = plan_targets(["modcache:github.com/BurntSushi/toml@v1.3.2"], facts(modcache=mc))
    at_v = mc / "cache" / "download" / "github.com" / "!burnt!sushi" / "toml" / "@v"
    tree = mc / "github.com" / "!burnt!sushi" / "toml@v1.3.2"
    assert sorted(e.path for e in t.entries) == sorted(
        [str(at_v / ("v1.3.2" + s)) for s in (".zip", ".ziphash", ".info", ".mod", ".lock")] + [str(tree)]
    )
    assert t.path == str(tree)
    [r] = run([t], tmp_path)
    assert r.status == PURGED and r.files == 5 + 2, r.errors
    after = snapshot(mc)
    gone = {k for k in everything if k not in after}
    assert all("v1.3.2" in k for k in gone) and gone
    assert {k: v for k, v in everything.items() if k not in gone} == after  # siblings and others untouched
    assert (at_v / "v1.3.1.zip").is_file() and (at_v / "list").is_file()
    assert (mc / "github.com" / "!burnt!sushi" / "toml@v1.3.1" / "go.mod").is_file()
    assert (mc / "golang.org" / "x" / "mod@v0.17.0" / "go.mod").is_file()


def test_a_module_version_not_in_the_cache_is_skipped(tmp_path):
    mc = make_modcache(tmp_path / "mod")
    before = snapshot(mc)
    [t] = plan_targets(["modcache:github.com/BurntSushi/toml@v9.9.9"], facts(modcache=mc))
    assert t.status == SKIPPED
    assert run([t], tmp_path)[0].status == SKIPPED and snapshot(mc) == before


def test_the_whole_module_cache_read_only_and_all(tmp_path):
    mc = make_modcache(tmp_path / "mod")
    (mc / "src" / "mine").mkdir(parents=True)  # GOMODCACHE shared with a GOPATH's src: not the cache's
    (mc / "src" / "mine" / "main.go").write_text("package main\n")
    [t] = plan_targets(["modcache"], facts(modcache=mc))
    assert t.kept == ["src"] and "src" in t.reason
    [r] = run([t], tmp_path, ops=PosixPermissions())
    assert r.status == PURGED, r.errors
    assert sorted(os.listdir(mc)) == ["src"]
    assert r.bytes == t.bytes and r.files == t.files


def test_a_folder_without_cache_download_is_not_a_module_cache(tmp_path):
    fake = tmp_path / "mod"
    (fake / "github.com").mkdir(parents=True)
    [t] = plan_targets(["modcache"], facts(modcache=fake))
    assert t.status == REFUSED and "cache/download" in t.reason


# --- read-only trees ------------------------------------------------------------------------------------------
def test_read_only_trees_are_made_writable_first(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=8)
    nested = gb / "07" / "deep" / "deeper"
    nested.mkdir(parents=True)
    (nested / "f").write_text("x")
    for dirpath, dirnames, filenames in os.walk(gb / "07", topdown=False):
        for f in filenames:
            os.chmod(os.path.join(dirpath, f), 0o444)
        os.chmod(dirpath, 0o555)
    os.chmod(gb / "03", 0o000)  # not even listable
    for ops in (PosixPermissions(), FileOps()):
        if not (gb / "07").exists():
            break
        [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path, ops=ops)
        assert r.status == PURGED, r.errors
    assert sorted(os.listdir(gb)) == ["README", "fuzz", "testexpire.txt", "trim.txt"]


def test_the_permission_simulation_is_real(tmp_path):
    """Without the engine's chmod, the simulated kernel says no: the read-only tests above mean something."""
    gb = make_go_build(tmp_path / "gb", dirs=2)
    os.chmod(gb / "01", 0o555)

    class NoChmod(PosixPermissions):
        def chmod(self, path, mode):
            pass

    [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path, ops=NoChmod())
    assert r.status == FAILED and all("Permission denied" in e for e in r.errors)
    assert not (gb / "00").exists() and (gb / "01").is_dir()  # the rest went on
    os.chmod(gb / "01", 0o755)


# --- errors and races ----------------------------------------------------------------------------------------------
def test_a_file_vanishing_mid_purge_is_not_an_error(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    victim = str(next((gb / "02").iterdir()))
    victim_dir = str(gb / "03")

    class Racing(FileOps):
        def unlink(self, path):
            if path == victim:
                os.unlink(path)  # Go's own trim got there first
            super().unlink(path)

        def scandir(self, path):
            if path == victim_dir:
                shutil.rmtree(path)
            return super().scandir(path)

    plan = plan_targets(["go-build"], facts(gb))
    [r] = run(plan, tmp_path, ops=Racing())
    assert r.status == PURGED and r.errors == []
    assert r.files == plan[0].files - 1 - 4  # the vanished file and folder were not ours to count
    assert sorted(os.listdir(gb)) == ["README", "fuzz", "testexpire.txt", "trim.txt"]


def test_errors_are_collected_and_never_stop_the_rest(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=16)
    stuck = {str(next((gb / "05").iterdir())), str(next((gb / "0a").iterdir()))}

    class Stubborn(FileOps):
        def unlink(self, path):
            if path in stuck:
                raise OSError(errno.EIO, "Input/output error", path)
            super().unlink(path)

    plan = plan_targets(["go-build"], facts(gb))
    [r] = run(plan, tmp_path, ops=Stubborn())
    assert r.status == FAILED and r.reason == "2 entries could not be deleted"
    assert sorted(r.errors) == sorted(f"{p}: Input/output error" for p in stuck)
    assert sorted(os.listdir(gb)) == ["05", "0a", "README", "fuzz", "testexpire.txt", "trim.txt"]
    assert r.bytes == plan[0].bytes - sum(os.path.getsize(p) for p in stuck)
    assert validate([r])["freed_bytes"] == r.bytes


def test_cancel_stops_and_says_so(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=64)
    cancel = threading.Event()

    class UserCancels(FileOps):
        def unlink(self, path):
            super().unlink(path)
            cancel.set()  # the user pressed Cancel after the first file

    plan = plan_targets(["go-build"], facts(gb))
    [r] = run(plan, tmp_path, cancel=cancel, ops=UserCancels(), workers=1)
    assert r.status == SKIPPED and r.reason.startswith("cancelled")
    assert 1 <= r.files < plan[0].files and len(os.listdir(gb)) > 60  # most of it is still there
    validate([r])


def test_a_cancel_callable_is_polled(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path, cancel=lambda: True)
    assert r.status in (SKIPPED, PURGED)  # polled at the first tick: a small cache may be gone by then
    assert purge_cli_exit(r) == (1 if r.status == SKIPPED else 0)


# --- one purge at a time -------------------------------------------------------------------------------------------
def test_two_purges_at_once(tmp_path):
    a = make_go_build(tmp_path / "a", dirs=8)
    b = make_go_build(tmp_path / "b", dirs=8)
    plan_a = plan_targets(["go-build"], facts(a))
    plan_b = plan_targets(["go-build"], facts(b))
    before_b = snapshot(b)
    second = []

    def progress(done, total):
        if not second:  # while the first purge holds the lock
            second.append(run(plan_b, tmp_path))

    [first] = run(plan_a, tmp_path, progress=progress)
    assert first.status == PURGED
    [refused] = second[0]
    assert refused.status == REFUSED and "another purge is running" in refused.reason
    assert snapshot(b) == before_b
    assert not (tmp_path / "lock" / "purge.lock").exists()  # released
    assert run(plan_b, tmp_path)[0].status == PURGED  # and free again


def test_the_lock_of_another_live_process_refuses_a_dead_ones_is_taken_over(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    lock = tmp_path / "lock" / "purge.lock"
    lock.parent.mkdir()
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        lock.write_text(f"{child.pid} 1 0\n")
        [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path)
        assert r.status == REFUSED and f"PID {child.pid}" in r.reason
    finally:
        child.kill()
        child.wait()
    lock.write_text(f"{child.pid} 1 0\n")  # a purge that crashed: its PID is gone
    [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path)
    assert r.status == PURGED and not lock.exists()


def test_lock_with_injected_liveness(tmp_path):
    path = str(tmp_path / "l" / "purge.lock")

    class Alive(FileOps):
        def pid_alive(self, pid):
            return pid in (4242, os.getpid())

    first = PurgeLock(path, Alive())
    first.acquire()
    with pytest.raises(purge.PurgeBusy):
        PurgeLock(path, Alive()).acquire()
    first.release()
    Path(path).write_text("4242\n")
    with pytest.raises(purge.PurgeBusy):
        PurgeLock(path, Alive()).acquire()
    Path(path).write_text("4243\n")
    with PurgeLock(path, Alive()):
        assert str(os.getpid()) in Path(path).read_text()
    assert not os.path.exists(path)


def test_the_default_lock_is_in_the_redirected_user_cache(tmp_path, redirected_home):
    assert purge.default_lock_path() == str(redirected_home / ".cache" / "go-sidecar" / "purge.lock")


# --- Windows behaviours, injected ------------------------------------------------------------------------------------
def test_windows_read_only_attribute_is_cleared_first(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    ro_files = [str(p) for p in (gb / "01").iterdir()]
    for p in ro_files:
        os.chmod(p, 0o444)
    os.chmod(gb / "02", 0o555)  # a read-only folder: RemoveDirectory says access denied
    ops = WindowsOps()
    [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path, ops=ops)
    assert r.status == PURGED, r.errors
    assert set(ro_files) | {str(gb / "02")} <= set(ops.chmods)
    assert ops.sleeps == []  # a read-only file is not a transient error: no waiting


def test_windows_sharing_violations_are_retried_briefly(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    busy = str(next((gb / "01").iterdir()))
    ops = WindowsOps(busy={busy: 3})
    [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path, ops=ops)
    assert r.status == PURGED, r.errors
    assert len(ops.sleeps) == 3 and ops.sleeps[0] == pytest.approx(0.001)
    assert all(b >= a for a, b in zip(ops.sleeps, ops.sleeps[1:]))  # growing, as robustio's


def test_a_file_held_open_for_good_is_reported_and_the_rest_goes(tmp_path):
    gb = make_go_build(tmp_path / "gb", dirs=4)
    held = str(next((gb / "03").iterdir()))
    ops = WindowsOps(busy={held: float("inf")})
    [r] = run(plan_targets(["go-build"], facts(gb)), tmp_path, ops=ops)
    assert r.status == FAILED
    assert r.errors == [f"{held}: The process cannot access the file because it is being used by another process"]
    assert 0.99 <= ops.clock < 2.0  # gave up when the next sleep would pass robustio's 2 s
    assert sorted(os.listdir(gb)) == ["03", "README", "fuzz", "testexpire.txt", "trim.txt"]
    assert os.listdir(gb / "03") == [os.path.basename(held)]


def test_windows_junctions_are_removed_not_entered(tmp_path, redirected_home):
    system, config = make_ide(redirected_home, "GoLand2024.2")
    junction = system / "caches" / "shared"  # a junction to a folder elsewhere, as Windows shows it
    junction.mkdir()
    (junction / "precious.txt").write_text("not a cache")
    top_junction = system / "index"  # the entry itself
    (top_junction / "more.txt").write_text("not a cache either")
    graveyard = tmp_path / "junction-targets"
    graveyard.mkdir()
    ops = WindowsOps(junctions={str(junction), str(top_junction)}, graveyard=graveyard)
    [r] = run(plan_targets(["ide"], facts(ides=[ide_dir(system, config)])), tmp_path, ops=ops)
    assert r.status == PURGED, r.errors
    assert sorted(ops.links_removed) == sorted([(str(top_junction), True), (str(junction), True)])
    assert not any(p.startswith((str(junction), str(top_junction))) for p in ops.unlinked)
    assert (graveyard / "shared" / "precious.txt").read_text() == "not a cache"
    assert (graveyard / "index" / "more.txt").read_text() == "not a cache either"


def test_remover_error_list_is_capped(tmp_path):
    d = tmp_path / "d"
    d.mkdir()

    class Broken(FileOps):
        def unlink(self, path):
            raise OSError(errno.EIO, "Input/output error", path)

    for i in range(1005):
        (d / str(i)).write_text("")
    remover = Remover(Broken())
    assert remover.remove(str(d)) is False
    assert len(remover.errors) == 1000 and remover.more_errors == 5


# --- gopls --------------------------------------------------------------------------------------------------------
def test_gopls_version_folders(tmp_path):
    gopls = tmp_path / "cache" / "gopls"
    for version in ("0a1b2c3d", "deadbeef"):
        (gopls / version / "ab").mkdir(parents=True)
        (gopls / version / "ab" / ("ab" * 32 + "-analysis")).write_bytes(b"x" * 32)
    (gopls / "notes.txt").write_text("not gopls's")
    [r] = run(plan_targets(["gopls"], facts(gopls=gopls)), tmp_path)
    assert r.status == PURGED and r.files == 2
    assert os.listdir(gopls) == ["notes.txt"]
    # The folder itself must be gopls's (the probe finds <GOPLSCACHE>/gopls): its parent is refused.
    (gopls / "0a1b2c3d").mkdir()
    (gopls / "0a1b2c3d" / "x").write_text("x")
    [t] = plan_targets(["gopls"], facts(gopls=tmp_path / "cache"))
    assert t.status == REFUSED
    other = tmp_path / "elsewhere"
    other.mkdir()
    [t] = plan_targets(["gopls"], facts(gopls=other))
    assert t.status == REFUSED


def test_planning_can_be_cancelled(tmp_path):
    from go_sidecar.probe.dirsize import MeasureCancelled

    gb = make_go_build(tmp_path / "gb", dirs=8)
    with pytest.raises(MeasureCancelled):
        plan_targets(["go-build"], facts(gb), cancel=lambda: True)
