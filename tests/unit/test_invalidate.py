"""What a file event invalidates (lsp/invalidate.py): one table per machine (Linux, macOS, Windows spellings).

Each row: where the event came from, the path (and for our own watcher the watched folder that reported it), and
the kinds it invalidates. The server re-checks on any kind and re-scans toolchains on TOOLCHAINS or WATCHES.
"""

from __future__ import annotations

import ntpath
import posixpath

import pytest

from go_sidecar.check import Folder
from go_sidecar.lsp.invalidate import (
    FileEvent,
    Invalidates,
    Origin,
    Watched,
    file_kinds,
    invalidated,
    needs_rescan,
    workspace_dirs,
)
from go_sidecar.probe import goland, workspace

I = Invalidates  # the table reads better
EDITOR, DISK, CLIENT = Origin.EDITOR, Origin.DISK, Origin.CLIENT


class Machine:
    """A server's view: two folders and a .code-workspace beside them (not itself a folder), a toolchain folder,
    a toolchainRoots entry not created yet inside the first folder, a cache, and one file the editor holds."""

    def __init__(self, paths, home: str, other: str):
        self.paths = paths
        j = paths.join
        self.home = home
        self.ws = j(home, "work", "ws")
        self.other = other
        self.code_ws = j(home, "work", "team.code-workspace")
        self.sdk = j(home, "sdk")
        self.target = j(self.ws, "toolchains")  # "${workspaceFolder}/toolchains", not there yet
        self.gocache = j(home, ".cache", "go-build")
        self.held = j(other, ".vscode", "launch.json")
        entries = (
            Folder("ws", self.ws),
            Folder("other", self.other),
            Folder("team.code-workspace", j(home, "work"), self.code_ws),
        )
        self.watched = Watched(
            entries=entries,
            workspace_dirs=workspace_dirs(entries, paths),
            # watch_folders watches the nearest existing ancestor of a target: the folder itself
            toolchain_folders=frozenset({self.sdk, self.ws}),
            toolchain_targets=(self.target,),
            cache_folders=frozenset({self.gocache}),
            held=frozenset({self.held}),
        )

    def rows(self):
        j = self.paths.join
        ws, other, home = self.ws, self.other, self.home
        launch, settings = j(ws, ".vscode", "launch.json"), j(ws, ".vscode", "settings.json")
        return [
            # The editor's documents: the files the check reads, nothing else.
            ("editor launch.json", EDITOR, launch, None, I.LAUNCH),
            ("editor settings.json", EDITOR, settings, None, I.SETTINGS),
            ("editor go.mod", EDITOR, j(ws, "go.mod"), None, I.GOMOD),
            ("editor go.work", EDITOR, j(ws, "go.work"), None, I.GOWORK),
            ("editor go.sum", EDITOR, j(ws, "go.sum"), None, I.GOSUM),
            ("editor go.work.sum", EDITOR, j(ws, "go.work.sum"), None, I.GOSUM),
            ("editor main.go", EDITOR, j(ws, "main.go"), None, I.NOTHING),
            ("editor launch.json at the root (not read)", EDITOR, j(ws, "launch.json"), None, I.NOTHING),
            ("editor go.mod in .vscode (not read)", EDITOR, j(ws, ".vscode", "go.mod"), None, I.NOTHING),
            ("editor a nested module's go.mod", EDITOR, j(ws, "cmd", "go.mod"), None, I.NOTHING),
            ("editor second folder", EDITOR, j(other, ".vscode", "launch.json"), None, I.LAUNCH),
            ("editor spelled with ..", EDITOR, j(ws, "cmd", "..", ".vscode", "launch.json"), None, I.LAUNCH),
            ("editor .code-workspace", EDITOR, self.code_ws, None, I.LAUNCH | I.SETTINGS),
            ("editor go.mod beside the .code-workspace", EDITOR, j(home, "work", "go.mod"), None, I.GOMOD),
            (
                "editor .vscode beside the .code-workspace (not read)",
                EDITOR,
                j(home, "work", ".vscode", "launch.json"),
                None,
                I.NOTHING,
            ),
            ("editor GoLand workspace.xml", EDITOR, j(ws, ".idea", "workspace.xml"), None, I.GOLAND),
            ("editor GoLand misc.xml (not read)", EDITOR, j(ws, ".idea", "misc.xml"), None, I.NOTHING),
            (
                "editor GoLand shared run configuration",
                EDITOR,
                j(ws, ".idea", "runConfigurations", "App.xml"),
                None,
                I.GOLAND,
            ),
            ("editor .run file", EDITOR, j(ws, ".run", "App.run.xml"), None, I.GOLAND),
            ("editor .run other xml (not read)", EDITOR, j(ws, ".run", "App.xml"), None, I.NOTHING),
            ("editor a folder not checked", EDITOR, j(home, "elsewhere", ".vscode", "launch.json"), None, I.NOTHING),
            # Version-manager pin files: the root's, and one on the way from the root to a program.
            ("editor .tool-versions", EDITOR, j(ws, ".tool-versions"), None, I.PINS),
            ("editor .go-version", EDITOR, j(ws, ".go-version"), None, I.PINS),
            ("editor mise.toml", EDITOR, j(ws, "mise.toml"), None, I.PINS),
            ("editor .mise.toml", EDITOR, j(ws, ".mise.toml"), None, I.PINS),
            ("editor a program folder's .go-version", EDITOR, j(ws, "cmd", "app", ".go-version"), None, I.PINS),
            (
                "editor .tool-versions beside the .code-workspace",
                EDITOR,
                j(home, "work", ".tool-versions"),
                None,
                I.PINS,
            ),
            (
                "editor .tool-versions of a folder not checked",
                EDITOR,
                j(home, "elsewhere", ".tool-versions"),
                None,
                I.NOTHING,
            ),
            (
                "editor a prefix of a checked folder (not inside)",
                EDITOR,
                j(other + "2", ".go-version"),
                None,
                I.NOTHING,
            ),
            ("editor go-version without its dot (not read)", EDITOR, j(ws, "go-version"), None, I.NOTHING),
            ("editor pom.xml (an XML file LSP4IJ's *.xml maps)", EDITOR, j(ws, "pom.xml"), None, I.NOTHING),
            ("editor .idea/misc.xml", EDITOR, j(ws, ".idea", "misc.xml"), None, I.NOTHING),
            # The client's watcher: a file the check reads is placed; anything else is unknown, so everything.
            ("client launch.json", CLIENT, launch, None, I.LAUNCH),
            ("client another file", CLIENT, j(home, "sdk", "go1.23.4", "VERSION"), None, I.ALL),
            # Our watcher: a file in a watched folder.
            ("disk launch.json saved", DISK, launch, j(ws, ".vscode"), I.LAUNCH),
            ("disk editor's temporary file", DISK, j(ws, ".vscode", ".launch.json.swp"), j(ws, ".vscode"), I.NOTHING),
            ("disk a file the editor holds: its buffer wins", DISK, self.held, j(other, ".vscode"), I.NOTHING),
            ("disk go.mod", DISK, j(other, "go.mod"), other, I.GOMOD),
            ("disk go.sum rewritten by go mod tidy", DISK, j(other, "go.sum"), other, I.GOSUM),
            ("disk .tool-versions", DISK, j(other, ".tool-versions"), other, I.PINS),
            ("disk mise.toml", DISK, j(ws, "mise.toml"), ws, I.PINS),
            ("disk .go-version saved by rename (its temporary file)", DISK, j(other, ".go-version~"), other, I.NOTHING),
            ("client .mise.toml", CLIENT, j(ws, "cmd", ".mise.toml"), None, I.PINS),
            ("disk main.go", DISK, j(other, "main.go"), other, I.NOTHING),
            ("disk .vscode created", DISK, j(other, ".vscode"), other, I.WATCHES | I.LAUNCH | I.SETTINGS),
            ("disk .idea created", DISK, j(other, ".idea"), other, I.WATCHES | I.GOLAND),
            (
                "disk runConfigurations created",
                DISK,
                j(other, ".idea", "runConfigurations"),
                j(other, ".idea"),
                I.WATCHES | I.GOLAND,
            ),
            ("disk .run created", DISK, j(other, ".run"), other, I.WATCHES | I.GOLAND),
            ("disk .vscode beside the .code-workspace", DISK, j(home, "work", ".vscode"), j(home, "work"), I.WATCHES),
            ("disk a folder named .vscode elsewhere", DISK, j(other, "docs", ".vscode"), j(other, "docs"), I.NOTHING),
            ("disk workspace.xml", DISK, j(ws, ".idea", "workspace.xml"), j(ws, ".idea"), I.GOLAND),
            # Toolchains: a new one in ~/sdk; the toolchainRoots entry created inside the first folder.
            ("disk toolchain installed", DISK, j(self.sdk, "go1.23.4"), self.sdk, I.TOOLCHAINS),
            ("disk toolchainRoots entry created", DISK, self.target, ws, I.TOOLCHAINS),
            ("disk inside the toolchainRoots entry", DISK, j(self.target, "go1.23.4"), ws, I.TOOLCHAINS),
            ("disk the first folder's go.mod (not near the target)", DISK, j(ws, "go.mod"), ws, I.GOMOD),
            ("disk the first folder's other file", DISK, j(ws, "README.md"), ws, I.NOTHING),
            # Caches: sizes are measured again, toolchains are not re-scanned.
            ("disk go-build cache", DISK, j(self.gocache, "trim.txt"), self.gocache, I.CACHES),
            ("disk an unwatched folder", DISK, j(home, "Downloads", "x"), j(home, "Downloads"), I.NOTHING),
        ]


MACHINES = {
    "linux": Machine(posixpath, "/home/me", "/srv/other"),
    "macos": Machine(posixpath, "/Users/me", "/Volumes/Data/other project (copy)"),
    "windows": Machine(ntpath, "C:\\Users\\me", "D:\\other"),
}
ROWS = [pytest.param(m, *row[1:], id=f"{name}: {row[0]}") for name, m in MACHINES.items() for row in m.rows()]


@pytest.mark.parametrize("machine,origin,path,folder,expected", ROWS)
def test_what_an_event_invalidates(machine: Machine, origin, path, folder, expected):
    assert invalidated(FileEvent(path, origin, folder), machine.watched, machine.paths) == expected


@pytest.mark.parametrize("origin", list(Origin))
def test_nothing_is_invalidated_without_a_folder(origin):
    m = MACHINES["linux"]
    only_code_ws = Watched(entries=(m.watched.entries[2],))
    launch = posixpath.join(m.ws, ".vscode", "launch.json")
    assert invalidated(FileEvent(launch, origin, posixpath.dirname(launch)), Watched(), posixpath) == I.NOTHING
    assert invalidated(FileEvent(m.code_ws, origin, posixpath.dirname(m.code_ws)), only_code_ws, posixpath) == I.NOTHING


def test_toolchain_folder_shared_with_a_cache_invalidates_both():
    m = MACHINES["linux"]
    both = Watched(
        entries=m.watched.entries,
        workspace_dirs=m.watched.workspace_dirs,
        toolchain_folders=frozenset({m.gocache}),
        cache_folders=frozenset({m.gocache}),
    )
    event = FileEvent(posixpath.join(m.gocache, "x"), DISK, m.gocache)
    assert invalidated(event, both, posixpath) == I.TOOLCHAINS | I.CACHES


def test_a_held_file_near_a_toolchain_target_still_rescans():
    """toolchainRoots names the folder itself: every change in it may be a toolchain; the held file's own
    content is the editor's to report."""
    m = MACHINES["linux"]
    launch = posixpath.join(m.ws, ".vscode", "launch.json")
    w = Watched(
        entries=m.watched.entries,
        workspace_dirs=m.watched.workspace_dirs,
        toolchain_folders=frozenset({posixpath.join(m.ws, ".vscode")}),
        toolchain_targets=(m.ws,),
        held=frozenset({launch}),
    )
    assert invalidated(FileEvent(launch, DISK, posixpath.join(m.ws, ".vscode")), w, posixpath) == I.TOOLCHAINS
    w2 = Watched(
        entries=w.entries,
        workspace_dirs=w.workspace_dirs,
        toolchain_folders=w.toolchain_folders,
        toolchain_targets=w.toolchain_targets,
    )
    assert (
        invalidated(FileEvent(launch, DISK, posixpath.join(m.ws, ".vscode")), w2, posixpath) == I.TOOLCHAINS | I.LAUNCH
    )


@pytest.mark.parametrize(
    "kinds,rescan",
    [
        (I.NOTHING, False),
        (I.LAUNCH, False),
        (I.SETTINGS | I.GOMOD, False),
        (I.GOSUM, False),
        (I.CACHES, False),
        (I.GOLAND, False),
        (I.PINS, False),
        (I.TOOLCHAINS, True),
        (I.WATCHES | I.GOLAND, True),
        (I.ALL, True),
    ],
)
def test_rescan_only_for_toolchains_and_watches(kinds, rescan):
    assert needs_rescan(kinds) is rescan


def test_the_table_agrees_with_where_the_probes_read():
    """The paths probe/workspace.py and probe/goland.py read are the ones that invalidate something."""
    root = "/w"
    entries = (Folder("w", root),)
    assert file_kinds(posixpath.join(root, *workspace.LAUNCH), entries, posixpath) == I.LAUNCH
    assert file_kinds(posixpath.join(root, *workspace.SETTINGS), entries, posixpath) == I.SETTINGS
    assert file_kinds(posixpath.join(root, *goland.WORKSPACE), entries, posixpath) == I.GOLAND
    assert file_kinds(posixpath.join(root, *goland.RUN_DIR, "a.run.xml"), entries, posixpath) == I.GOLAND
    assert file_kinds(posixpath.join(root, *goland.IDEA_RUN_DIR, "a.xml"), entries, posixpath) == I.GOLAND
    for name in workspace.WATCHED_NAMES:  # launch.json, settings.json under .vscode; go.mod, go.work at the root
        where = (*workspace.LAUNCH[:-1], name) if name.endswith(".json") else (name,)
        assert file_kinds(posixpath.join(root, *where), entries, posixpath) != I.NOTHING, name


def test_the_table_agrees_with_the_pin_files_probe_reads():
    from go_sidecar.probe import pinfiles

    entries = (Folder("w", "/w"),)
    for name in pinfiles.PIN_FILES:
        assert file_kinds(posixpath.join("/w", name), entries, posixpath) == I.PINS, name


def test_every_diagnosed_file_pattern_is_one_the_server_reads():
    """DIAGNOSED_FILES, the one list the editors' mappings follow, names only files the check reads (each
    pattern, its `*` filled in, is placed), and every file the check reads by a fixed name is on it."""
    from go_sidecar.lsp.invalidate import DIAGNOSED_FILES, PIN_NAMES, ROOT_FILES, VSCODE_FILES

    root = "/w"
    code_ws = posixpath.join(root, "team.code-workspace")
    entries = (Folder("w", root), Folder("team.code-workspace", root, code_ws))
    patterns = [p for p, _ in DIAGNOSED_FILES]
    assert len(patterns) == len(set(patterns))
    for pattern, language_id in DIAGNOSED_FILES:
        path = posixpath.join(root, *pattern.replace("*", "team").split("/"))
        assert file_kinds(path, entries, posixpath) != I.NOTHING, pattern
        assert language_id in ("jsonc", "go.mod", "go.work", "go.sum", "xml", "plaintext", "toml"), pattern
    named = set(patterns)
    assert {f".vscode/{n}" for n in VSCODE_FILES} <= named
    assert set(ROOT_FILES) | PIN_NAMES <= named
    assert {".idea/workspace.xml", ".run/*.run.xml", ".idea/runConfigurations/*.xml"} <= named


def test_a_probe_can_be_keyed_on_the_kinds():
    """What a later incremental check does: run a probe again only when the event touches what it reads."""
    reads_modules = I.GOMOD | I.GOWORK
    m = MACHINES["windows"]
    event = FileEvent(ntpath.join(m.ws, "go.work"), EDITOR)
    assert invalidated(event, m.watched, ntpath) & reads_modules
    event = FileEvent(ntpath.join(m.ws, ".vscode", "launch.json"), EDITOR)
    assert not invalidated(event, m.watched, ntpath) & reads_modules
    assert all(kind in I.ALL for kind in I)
