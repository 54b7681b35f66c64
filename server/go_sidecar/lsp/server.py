"""The language server: its state, the check loop, the publish and the watches. Built by `create_server`.

No checking logic lives here, and no handler: each feature module (lifecycle, documents, actions, commands)
registers its handlers with `register(server)`, which `create_server` calls, as esbonio's
`create_language_server(server_cls, modules)` does. Nothing is created at import: two servers can live in one
process (tests), and a feature module imports this one without a loop.

`initialize` is answered before any disk scan; the first check starts on `initialized` and runs on an executor of
its own (pygls's reader shares the default thread pool). Multi-root: every workspace folder the client names is
checked, watched and published; a removed folder's diagnostics are cleared. A .code-workspace's launch and
settings sections are checked when the client names the file in `initializationOptions.workspaceFile` (a path or
a file: URI; the VS Code extension sends `vscode.workspace.workspaceFile`): LSP does not carry it, and guessing one
from the folders' parent could read a file the user never opened.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from go_sidecar import __version__
from go_sidecar.check import Folder, effective_settings, run_checks
from go_sidecar.lsp import wire
from go_sidecar.lsp.init_params import normalise_folders, workspace_file_option  # noqa: F401 - tests import it here
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
from go_sidecar.lsp.uris import path_to_uri, uri_to_path
from go_sidecar.model import Finding, Report, Toolchain
from go_sidecar.probe.facts import Facts, toolchain_root_dirs
from go_sidecar.probe.memo import BUILD_CACHE_SIZE, LINKS, MODULES, SUMS, WALKS, Memo
from go_sidecar.probe.system import RealSystem
from go_sidecar.probe.toolchains import read_go_env, watch_folders
from go_sidecar.probe.workspace import read_workspace
from go_sidecar.rules import registry
from go_sidecar.settings import Settings, parse_settings

if TYPE_CHECKING:
    from go_sidecar.lsp.fastinit import EarlyPublish
    from go_sidecar.lsp.watch import FolderWatcher  # imported when the first watch starts

log = logging.getLogger(__name__)
DEBOUNCE_S = 0.15


class SidecarServer(LanguageServer):
    def __init__(self, early: EarlyPublish | None = None) -> None:
        super().__init__("go-sidecar", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.early = early  # what fastinit published before pygls ran
        self.folders: dict[str, str] = {}  # path -> the client's name for it, in the client's order
        self.workspace_file: str | None = None  # a .code-workspace the client named
        self.system = RealSystem()
        self.settings = Settings()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sidecar-check")
        # Per checked entry, cached between checks; None: scan again.
        self.toolchains: dict[str, list[Toolchain]] | None = None
        self.memo = Memo()  # probe results reused while their inputs are unchanged (probe/memo.py)
        self.findings: dict[str, list[tuple[Finding, dict[str, Any]]]] = {}  # uri -> findings, as published (JSON)
        # Called after each publish (a feature's follow-up, e.g. lsp/lens.py's refresh); one that fails is logged.
        self.after_publish: list[Callable[[], None]] = []
        self.report: Report | None = None  # the first folder's
        self.results: list[tuple[Folder, Report, Facts]] = []  # every entry's last check
        self.facts: Facts | None = None  # the first folder's
        self.checks_done = 0
        self._wake = asyncio.Event()
        self.first_check = asyncio.Event()  # code actions wait for it: early diagnostics come without fixes
        self._rescan = False
        self._discovery_settings: tuple[str, ...] | None = None  # what toolchain discovery read at the last scan
        self._loop_task: asyncio.Task[None] | None = None
        self._debounce: asyncio.TimerHandle | None = None
        self._watcher: FolderWatcher | None = None
        self._watched = Watched()  # what _update_watches last listed (entries and held files filled per event)
        self._folders_changed = False
        self._told: set[str] = set()
        self.trusted = True  # the editor says whether the workspace is trusted; tools run only in trusted ones

    @property
    def root(self) -> str | None:
        """The first workspace folder (commands that need one folder use it)."""
        return next(iter(self.folders), None)

    def set_folders(self, folders: Iterable[tuple[str, str | None]]) -> None:
        """[(path, name)] in the client's order; paths normalised, each once."""
        self.folders = normalise_folders(folders)

    def change_folders(self, added: Iterable[tuple[str, str | None]], removed: Iterable[str]) -> None:
        """workspace/didChangeWorkspaceFolders: ours keep the client's order; the next check covers the new ones
        and watches them, and publish() clears the removed ones' diagnostics (they are no longer found)."""
        gone = set(removed)
        self.set_folders([*((p, n) for p, n in self.folders.items() if p not in gone), *added])
        self._folders_changed = True
        self.request_check(rescan=True)

    def entries(self) -> list[Folder]:
        """What a check covers: each folder, then the .code-workspace's own sections."""
        out = [Folder(name, path) for path, name in self.folders.items()]
        if self.workspace_file:
            out.append(
                Folder(os.path.basename(self.workspace_file), os.path.dirname(self.workspace_file), self.workspace_file)
            )
        return out

    def workspace_folders(self) -> list[str]:
        """Every folder the editor has open (the checked roots and the others): what a tool run must not reach."""
        out = list(self.folders)
        try:
            folders = list(self.workspace.folders.values())
        except Exception:  # noqa: BLE001 - no workspace yet (before initialize)
            folders = []
        for f in folders:
            path = uri_to_path(f.uri)
            if path and path not in out:
                out.append(path)
        return out

    # --- settings -------------------------------------------------------------------------------------
    def apply_settings(self, raw: object) -> None:
        settings, messages = parse_settings(raw, {r.code for r in registry.all_rules()})
        self.settings = settings
        for m in messages:
            self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=f"go-sidecar: {m}"))

    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding if self.workspace else None
        return str(getattr(enc, "value", enc) or "utf-16")

    # --- documents and file events --------------------------------------------------------------------
    def relevant(self, path: str | None) -> bool:
        """A file the check reads (its buffer is sent to the check; a change re-checks)."""
        if path is None or not self.folders:
            return False
        return bool(file_kinds(path, self.entries()))

    def overlays(self) -> dict[str, bytes]:
        out: dict[str, bytes] = {}
        for uri, doc in list(self.workspace.text_documents.items()):
            path = uri_to_path(uri)
            if path is not None and self.relevant(path):
                out[path] = doc.source.encode("utf-8")
        return out

    def watched(self) -> Watched:
        """What invalidate() needs to place an event: the watches last listed, the entries and held files now."""
        held = frozenset(p for uri in list(self.workspace.text_documents) if (p := uri_to_path(uri)))
        return replace(self._watched, entries=tuple(self.entries()), held=held)

    def on_file_event(self, event: FileEvent) -> Invalidates:
        """Check again for what the event invalidates (lsp/invalidate.py decides); disk events are debounced (an
        editor's save by rename and a toolchain's unpacking come as bursts)."""
        kinds = invalidated(event, self.watched())
        if not kinds:
            return kinds
        if kinds & Invalidates.CACHES:
            self.memo.invalidate(SUMS, BUILD_CACHE_SIZE)  # a cache root changed (go clean -modcache, a trim)
        if kinds & (Invalidates.TOOLCHAINS | Invalidates.WATCHES):
            self.memo.invalidate(LINKS)
        if kinds & (Invalidates.GOMOD | Invalidates.GOWORK | Invalidates.WATCHES):
            self.memo.invalidate(MODULES, WALKS)
        if event.origin is not Origin.DISK:
            self.request_check(rescan=needs_rescan(kinds))
            return kinds
        self._rescan = self._rescan or needs_rescan(kinds)
        if self._debounce is not None:
            self._debounce.cancel()
        self._debounce = asyncio.get_running_loop().call_later(DEBOUNCE_S, self.request_check)
        return kinds

    def on_fs_event(self, folder: str, path: str) -> None:
        """The watcher's callback (lsp/watch.py), on the loop thread."""
        self.on_file_event(FileEvent(path, Origin.DISK, folder))

    # --- the check loop -------------------------------------------------------------------------------
    def request_check(self, rescan: bool = False) -> None:
        self._rescan = self._rescan or rescan
        self._wake.set()
        if self._loop_task is None and self.root is not None:
            self._loop_task = asyncio.get_running_loop().create_task(self._check_loop())

    async def _check_loop(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            self._wake.clear()
            rescan, self._rescan = self._rescan, False
            if rescan:
                self.toolchains = None
            if self._watcher is None or self._folders_changed:
                # Watch before the first scan (and a new folder before its first), so that a change made while it
                # runs is not missed.
                self._folders_changed = False
                await self._safe_update_watches()
            # Keyed by our spelling of each URI, as publish() looks them up (see actions.code_action).
            versions = {
                path_to_uri(p): doc.version
                for uri, doc in self.workspace.text_documents.items()
                if (p := uri_to_path(uri))
            }
            try:
                results = await loop.run_in_executor(
                    self.executor,
                    functools.partial(
                        run_checks,
                        self.system,
                        self.entries(),
                        self.settings,
                        self.overlays(),
                        self.toolchains,
                        memo=self.memo,
                    ),
                )
            except Exception as e:
                log.exception("check failed")
                self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"go-sidecar: check failed: {e}"))
                continue
            self.results = results
            discovery = tuple(_discovery_settings(facts.workspace.settings_values) for _, _, facts in results)
            if self._discovery_settings is not None and discovery != self._discovery_settings and not rescan:
                self._rescan = True  # goSidecar.toolchainRoots or go.goroot changed: discover toolchains again
                self._wake.set()
            self._discovery_settings = discovery
            self.toolchains = {f.path: report.toolchains for f, report, _ in results}
            self.report = results[0][1] if results else None
            self.facts = results[0][2] if results else None
            self.publish([f for _, report, _ in results for f in report.findings], versions)
            for _, report, _ in results:
                for m in report.messages:
                    if m not in self._told:
                        self._told.add(m)
                        self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Warning, f"go-sidecar: {m}"))
            self.checks_done += 1
            self.first_check.set()
            if rescan and await self._safe_update_watches():
                # Newly watched folders: look once more for what was written before their watch began.
                self.request_check(rescan=True)

    async def _safe_update_watches(self) -> bool:
        """True when folders were added to the watch."""
        try:
            return await self._update_watches()
        except Exception as e:
            log.exception("watching failed")
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Warning, f"go-sidecar: cannot watch: {e}"))
            return False

    def encoder_for(self, path: str) -> wire.Encoder:
        """Every file's ranges carry their own text (model.Range): only the negotiated encoding is needed."""
        return wire.Encoder(self.encoding)

    def publish(self, findings: list[Finding], versions: dict[str, int]) -> None:
        """Each file's whole list, with the document's version; a file whose findings went away gets an empty one."""
        by_uri = wire.diagnostics_by_uri(findings, [e.path for e in self.entries()], self.encoder_for)
        for uri in self.early.take_uris() if self.early is not None else ():
            self.findings.setdefault(uri, [])  # published before pygls ran: clear them if they no longer hold
        for uri in set(self.findings) | set(by_uri):
            entries = by_uri.get(uri, [])
            if not entries and uri not in self.findings:
                continue
            old = self.findings.get(uri)
            if old and [d for _, d in old] == [d for _, d in entries] and uri not in versions:
                continue  # nothing new to say about a file the editor does not hold
            self.send_diagnostics(uri, [d for _, d in entries], versions.get(uri))
        self.findings = by_uri
        for follow_up in self.after_publish:
            try:
                follow_up()
            except Exception:  # a follow-up is a courtesy: it never stops the next one or the check loop
                log.exception("after publish: %s failed", getattr(follow_up, "__name__", follow_up))

    def send_diagnostics(self, uri: str, diagnostics: list[dict[str, Any]], version: int | None) -> None:
        """textDocument/publishDiagnostics with the wire's JSON as it is (lsp/wire.py, the early publish's too):
        through lsprotocol objects and cattrs, 200 findings cost ~6 ms more on every keystroke."""
        params: dict[str, Any] = {"uri": uri, "diagnostics": diagnostics}
        if version is not None:
            params["version"] = version
        self.protocol._send_data({"jsonrpc": "2.0", "method": lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS, "params": params})

    # --- watching -------------------------------------------------------------------------------------
    async def _update_watches(self) -> bool:
        loop = asyncio.get_running_loop()
        entries = self.entries()
        if not entries:
            if self._watcher is not None:
                await loop.run_in_executor(self.executor, self._watcher.set_folders, [])
            return False
        overlays = self.overlays()
        names = {e.name: e.path for e in entries if e.workspace_file is None}
        known = [t for ts in (self.toolchains or {}).values() for t in ts]

        def folders() -> tuple[list[str], list[str]]:
            roots: list[str] = []
            for e in entries:
                ws = read_workspace(self.system, e.path, overlays, names, e.workspace_file)
                settings, _ = effective_settings(self.settings, ws)
                roots += [r for r in toolchain_root_dirs(self.system, ws, settings) if r not in roots]
            return watch_folders(self.system, read_go_env(self.system), roots, known), roots

        toolchain_folders, targets = await loop.run_in_executor(self.executor, folders)
        cache_folders = await loop.run_in_executor(self.executor, self._cache_watch_folders)
        dirs = workspace_dirs(entries)  # each root and its configuration folders (.vscode, .idea, .run...)
        self._watched = Watched(
            workspace_dirs=dirs,
            toolchain_folders=frozenset(os.path.normpath(f) for f in toolchain_folders),
            toolchain_targets=tuple(os.path.normpath(t) for t in targets),
            cache_folders=frozenset(os.path.normpath(f) for f in cache_folders),
        )
        wanted = [*dirs, *toolchain_folders, *cache_folders]
        # A local: shutdown may drop self._watcher while this waits on the executor.
        watcher = self._watcher
        first = watcher is None
        if watcher is None:
            from go_sidecar.lsp.watch import FolderWatcher

            watcher = self._watcher = await loop.run_in_executor(self.executor, FolderWatcher, loop, self.on_fs_event)
        before = watcher.folders
        await loop.run_in_executor(self.executor, watcher.set_folders, wanted)
        return not first and bool(watcher.folders - before)

    def _cache_watch_folders(self) -> list[str]:
        """The cache roots (not their contents: a 100,000-file cache is one watch), the JetBrains roots, and
        each IDE's index folder (rebuild markers are written there)."""
        from go_sidecar.probe.jetbrains import jetbrains_roots

        caches = getattr(self.facts, "caches", None)
        out = [r for r in jetbrains_roots(self.system) if r]
        if caches is not None:
            for d in (caches.gocache, caches.gopls, caches.gomodcache):
                if d is not None and d.path:
                    out.append(d.path)
            for d in caches.ides:
                out.append(d.path)
                out.append(os.path.join(d.path, "index"))
        return [f for f in dict.fromkeys(out) if os.path.isdir(f)]

    def shutdown_watch(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None


def _discovery_settings(values: dict[str, object]) -> str:
    """The settings toolchain discovery reads (probe/facts.py probe_toolchains), as one comparable value."""
    return repr((values.get("goSidecar.toolchainRoots"), values.get("go.goroot")))
