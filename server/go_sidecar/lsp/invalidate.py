"""What a file event invalidates: a pure function of the event and of what the server knows (its folders, the
folders it watches, the files the editor holds), tested by a table (tests/unit/test_invalidate.py).

The answer is a set of `Invalidates` kinds, named after what the probes read, so that a probe can be keyed on
them (run again when `event & kinds_it_reads`):

    kind        files or folders                                              read by
    LAUNCH      <folder>/.vscode/launch.json; the .code-workspace             probe.workspace.read_workspace
    SETTINGS    <folder>/.vscode/settings.json; the .code-workspace           read_workspace (goSidecar.*, go.*)
    GOMOD       <root>/go.mod                                                 read_workspace; probe.caches (mtimes)
    GOWORK      <root>/go.work                                                read_workspace; probe.caches (mtimes)
    GOSUM       <root>/go.sum, <root>/go.work.sum                             probe.caches.check_gosum
    GOLAND      <folder>/.idea/workspace.xml, .idea/runConfigurations/*.xml,  probe.goland, probe.goland_configs
                .run/*.run.xml
    PINS        .tool-versions, .go-version, mise.toml, .mise.toml at <root>  probe.pinfiles.read_pin_facts
                or in a folder below it (between the root and a program)
    TOOLCHAINS  a folder holding toolchains, or on the way to a toolchainRoots   probe.facts.probe_toolchains
                entry not created yet
    CACHES      a cache root, a JetBrains root, an IDE's index folder          probe.caches.gather_caches
    WATCHES     a configuration folder (.vscode, .idea, .idea/runConfigurations, .run) came or went: the watched
                folders change

(<root>: each checked folder, and the folder holding the .code-workspace; <folder>: each checked folder.)
Our watcher sees the root's pin files (the root is watched, as for go.mod); a pin file below the root is placed
when the editor or the client's watcher reports it.
The server today re-checks on any kind, and re-scans toolchains and its watches on TOOLCHAINS or WATCHES
(`needs_rescan`). An event it cannot place (a client's workspace/didChangeWatchedFiles for another file) is ALL.
SETTINGS does not re-scan today, though goSidecar.toolchainRoots lives there: the cached toolchains are kept until
a re-scan (an incremental probe_toolchains would key on SETTINGS too).

Paths are compared as spelled (normalised, not case-folded): the watcher reports paths under the folders the
server gave it, and those come from the same folder paths.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from go_sidecar.probe.pinfiles import PIN_FILES
from go_sidecar.probe.system import PathModule


class Invalidates(enum.Flag):
    NOTHING = 0
    LAUNCH = enum.auto()
    SETTINGS = enum.auto()
    GOMOD = enum.auto()
    GOWORK = enum.auto()
    GOSUM = enum.auto()
    GOLAND = enum.auto()
    PINS = enum.auto()
    TOOLCHAINS = enum.auto()
    CACHES = enum.auto()
    WATCHES = enum.auto()
    ALL = LAUNCH | SETTINGS | GOMOD | GOWORK | GOSUM | GOLAND | PINS | TOOLCHAINS | CACHES | WATCHES


class Origin(enum.Enum):
    EDITOR = "editor"  # textDocument/didOpen, didChange, didSave, didClose: the editor's buffer
    DISK = "disk"  # our own watcher (lsp/watch.py): a change on disk in a watched folder
    CLIENT = "client"  # workspace/didChangeWatchedFiles: the client's watcher


class Entry(Protocol):
    """An entry of the checked workspace, as check.Folder: a folder (`workspace_file` None), or a
    .code-workspace's own sections (`path` the folder holding it)."""

    @property
    def path(self) -> str: ...
    @property
    def workspace_file(self) -> str | None: ...


class EventPaths(PathModule, Protocol):
    """What this module uses of a path module (os.path; tests pass ntpath or posixpath)."""

    @property
    def sep(self) -> str: ...
    def split(self, p: str, /) -> tuple[str, str]: ...


@dataclass(frozen=True)
class FileEvent:
    path: str
    origin: Origin
    folder: str | None = None  # DISK: the watched folder that reported it


@dataclass(frozen=True)
class Watched:
    """What the server knows when an event arrives. `entries` are check.Folder-like (`path`, `workspace_file`:
    None for a workspace folder, the .code-workspace for its own sections)."""

    entries: tuple[Entry, ...] = ()
    workspace_dirs: frozenset[str] = frozenset()  # each entry's root and configuration folders (watched)
    toolchain_folders: frozenset[str] = frozenset()  # watched for toolchains
    toolchain_targets: tuple[str, ...] = ()  # toolchainRoots entries (may not exist yet)
    cache_folders: frozenset[str] = frozenset()  # cache roots, JetBrains roots, IDE index folders
    held: frozenset[str] = frozenset()  # files the editor holds: its buffer wins over the disk


_I = Invalidates
ROOT_FILES = {"go.mod": _I.GOMOD, "go.work": _I.GOWORK, "go.sum": _I.GOSUM, "go.work.sum": _I.GOSUM}
VSCODE_FILES = {"launch.json": _I.LAUNCH, "settings.json": _I.SETTINGS}
# A configuration folder under a checked folder: what it may hold (a folder moved in comes with its files).
CONFIG_DIRS: tuple[tuple[tuple[str, ...], Invalidates], ...] = (
    ((".vscode",), _I.LAUNCH | _I.SETTINGS),
    ((".idea",), _I.GOLAND),
    ((".idea", "runConfigurations"), _I.GOLAND),
    ((".run",), _I.GOLAND),
)
RESCAN = _I.TOOLCHAINS | _I.WATCHES
PIN_NAMES = frozenset(PIN_FILES)  # version-manager pin files (probe/pinfiles.py)

# Every file the server diagnoses, as a path pattern under a checked folder (`*`: any part of one name), with the
# language id editors give it. The editors' mappings follow this one list, and tests fail when one drifts
# (tests/test_lsp4ij_template.py): the VS Code extension's documentSelector (vscode-extension/src/client.ts:
# `**/` + the pattern) and the LSP4IJ template's file name patterns (editors/lsp4ij/go-sidecar/template.json: the
# last part of each, GoLand's XML files as `*.xml`, since shared run configurations have any name; the server
# ignores other XML files). A .code-workspace is read when the client names it; an envFile has no fixed name.
DIAGNOSED_FILES: tuple[tuple[str, str], ...] = (
    (".vscode/launch.json", "jsonc"),
    (".vscode/settings.json", "jsonc"),
    ("*.code-workspace", "jsonc"),
    ("go.mod", "go.mod"),
    ("go.work", "go.work"),
    ("go.sum", "go.sum"),
    ("go.work.sum", "go.sum"),
    (".idea/workspace.xml", "xml"),
    (".idea/runConfigurations/*.xml", "xml"),
    (".run/*.run.xml", "xml"),
    (".tool-versions", "plaintext"),
    (".go-version", "plaintext"),
    ("mise.toml", "toml"),
    (".mise.toml", "toml"),
)


def needs_rescan(kinds: Invalidates) -> bool:
    """Toolchains scanned again and watched folders listed again (not only a check with the cached ones)."""
    return bool(kinds & RESCAN)


def file_kinds(path: str, entries: Iterable[Entry], paths: EventPaths = os.path) -> Invalidates:
    """What a file that go-sidecar reads is, for the checked entries; NOTHING for any other path. (The server
    sends the editor's buffers of these files to the check, and re-checks when one changes.)"""
    path = paths.normpath(path)
    parent, name = paths.split(path)
    out = _I.NOTHING
    for e in entries:
        if e.workspace_file is not None:
            if path == paths.normpath(e.workspace_file):
                out |= _I.LAUNCH | _I.SETTINGS
        elif parent == paths.join(e.path, ".vscode"):
            out |= VSCODE_FILES.get(name, _I.NOTHING)
        elif _goland_file(paths, e.path, parent, name):
            out |= _I.GOLAND
        if parent == e.path:
            out |= ROOT_FILES.get(name, _I.NOTHING)
        if name in PIN_NAMES and (parent == e.path or parent.startswith(e.path.rstrip(paths.sep) + paths.sep)):
            out |= _I.PINS  # read from the program's folder up to the root (probe/pinfiles.py)
    return out


def invalidated(event: FileEvent, watched: Watched, paths: EventPaths = os.path) -> Invalidates:
    """What `event` invalidates. `paths` is os.path (tests pass ntpath or posixpath for another machine's)."""
    if not any(e.workspace_file is None for e in watched.entries):
        return _I.NOTHING  # no folder open: nothing is checked
    path = paths.normpath(event.path)
    kinds = file_kinds(path, watched.entries, paths)
    if event.origin is Origin.EDITOR:
        return kinds
    if event.origin is Origin.CLIENT:
        return kinds or _I.ALL  # go-sidecar registers no watch pattern: another file may be anything
    folder = paths.normpath(event.folder or paths.dirname(path))
    in_workspace = folder in watched.workspace_dirs
    out = _I.NOTHING
    if folder in watched.toolchain_folders and (not in_workspace or _near(paths, path, watched.toolchain_targets)):
        out |= _I.TOOLCHAINS
    if folder in watched.cache_folders and not in_workspace:
        out |= _I.CACHES  # sizes re-measure incrementally; no toolchain re-scan
    if in_workspace:
        out |= _config_dir(paths, path, watched.entries)
        if kinds and path not in watched.held:  # a held file: the editor's buffer wins (didChange re-checks)
            out |= kinds
    return out


def workspace_dirs(entries: Iterable[Entry], paths: EventPaths = os.path) -> frozenset[str]:
    """The folders the server watches for each entry: its root and its configuration folders."""
    return frozenset(
        paths.normpath(d) for e in entries for d in (e.path, *(paths.join(e.path, *parts) for parts, _ in CONFIG_DIRS))
    )


def _config_dir(paths: EventPaths, path: str, entries: Iterable[Entry]) -> Invalidates:
    out = _I.NOTHING
    for e in entries:
        for parts, holds in CONFIG_DIRS:
            if path == paths.join(e.path, *parts):
                out |= _I.WATCHES | (holds if e.workspace_file is None else _I.NOTHING)
    return out


def _goland_file(paths: EventPaths, root: str, parent: str, name: str) -> bool:
    """GoLand's files go-sidecar reads (probe/goland.py): workspace.xml, shared run configurations."""
    if parent == paths.join(root, ".idea"):
        return name == "workspace.xml"
    if parent == paths.join(root, ".idea", "runConfigurations"):
        return name.endswith(".xml")
    return parent == paths.join(root, ".run") and name.endswith(".run.xml")


def _near(paths: EventPaths, path: str, targets: Iterable[str]) -> bool:
    """path is a toolchainRoots entry, inside one, or a folder on the way to one not yet created."""
    for t in targets:
        if path == t or t.startswith(path + paths.sep) or path.startswith(t + paths.sep):
            return True
    return False
