"""The language server: routes LSP messages to the shared check and publishes what it finds.

No checking logic lives here. `initialize` is answered before any disk scan; the first check starts on
`initialized` and runs on an executor of its own (pygls's reader shares the default thread pool).

Multi-root: every workspace folder the client names (`initialize` workspaceFolders, then
`workspace/didChangeWorkspaceFolders`) is checked, watched and published; a removed folder's diagnostics are
cleared. A .code-workspace's launch and settings sections are checked when the client names the file in
`initializationOptions.workspaceFile` (a path or a file: URI; the VS Code extension sends
`vscode.workspace.workspaceFile`): LSP does not carry it, and guessing one from the folders' parent could read a
file the user never opened.
"""

from __future__ import annotations

import asyncio
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from go_sidecar import __version__
from go_sidecar.check import Folder, effective_settings, run_checks
from go_sidecar.lsp import convert
from go_sidecar.model import Finding, Report
from go_sidecar.parse.text import LineIndex
from go_sidecar.probe.system import RealSystem
from go_sidecar.probe.toolchains import read_go_env, watch_folders
from go_sidecar.probe.facts import toolchain_root_dirs
from go_sidecar.probe.workspace import WATCHED_NAMES, read_workspace
from go_sidecar.rules import registry
from go_sidecar.settings import NAMESPACE, Settings, parse_settings

log = logging.getLogger(__name__)
DEBOUNCE_S = 0.15
# Per checked folder, besides the folder itself: where its configuration files live (.vscode, GoLand's .idea and
# .run); a change in one re-checks.
CONFIG_DIRS = (".vscode", ".idea", os.path.join(".idea", "runConfigurations"), ".run")


def uri_to_path(uri: str) -> str | None:
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if os.name == "nt" and path.startswith("/") and len(path) > 2 and path[2] == ":":
        path = path[1:]
    return os.path.normpath(path)


class SidecarServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("go-sidecar", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.folders: dict[str, str] = {}  # path -> the client's name for it, in the client's order
        self.workspace_file: str | None = None  # a .code-workspace the client named
        self.system = RealSystem()
        self.settings = Settings()
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sidecar-check")
        self.toolchains: dict[str, list] | None = None  # per checked entry, cached between checks; None: scan again
        self.findings: dict[str, list[tuple[Finding, lsp.Diagnostic]]] = {}  # uri -> findings
        self.indexes: dict[str, LineIndex] = {}  # path -> text of the last check (for encodings)
        self.report: Report | None = None  # the first folder's
        self.results: list[tuple[Folder, Report, object]] = []  # every entry's last check
        self.checks_done = 0
        self._wake = asyncio.Event()
        self.first_check = asyncio.Event()  # code actions wait for it: early diagnostics come without fixes
        self._rescan = False
        self._loop_task: asyncio.Task | None = None
        self._debounce: asyncio.TimerHandle | None = None
        self._watcher = None
        self._toolchain_folders: set[str] = set()
        self._cache_folders: set[str] = set()  # cache roots and IDE index folders: a change there re-checks
        self.facts = None
        self._toolchain_targets: list[str] = []  # toolchainRoots entries (may not exist yet)
        self._workspace_dirs: set[str] = set()  # each checked root and its .vscode
        self._folders_changed = False
        self._told: set[str] = set()
        self.trusted = True  # the editor says whether the workspace is trusted; tools run only in trusted ones

    @property
    def root(self) -> str | None:
        """The first workspace folder (commands that need one folder use it)."""
        return next(iter(self.folders), None)

    def set_folders(self, folders: list[tuple[str, str]]) -> None:
        """[(path, name)] in the client's order; paths normalised, each once."""
        self.folders = {}
        for path, name in folders:
            path = os.path.normpath(os.path.abspath(path))
            self.folders.setdefault(path, name or os.path.basename(path) or path)

    def entries(self) -> list[Folder]:
        """What a check covers: each folder, then the .code-workspace's own sections."""
        out = [Folder(name, path) for path, name in self.folders.items()]
        if self.workspace_file:
            out.append(Folder(os.path.basename(self.workspace_file), os.path.dirname(self.workspace_file),
                              self.workspace_file))
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
    def apply_settings(self, raw) -> None:
        settings, messages = parse_settings(raw, {r.code for r in registry.all_rules()})
        self.settings = settings
        for m in messages:
            self.window_show_message(lsp.ShowMessageParams(type=lsp.MessageType.Warning, message=f"go-sidecar: {m}"))

    @property
    def encoding(self) -> str:
        enc = self.workspace.position_encoding if self.workspace else None
        return str(getattr(enc, "value", enc) or "utf-16")

    # --- documents ------------------------------------------------------------------------------------
    def relevant(self, path: str | None) -> bool:
        if path is None or not self.folders:
            return False
        if self.workspace_file is not None and os.path.normpath(path) == self.workspace_file:
            return True
        p = Path(path)
        parent = os.path.normpath(str(p.parent))
        for e in self.entries():
            if parent == e.path or parent == os.path.join(e.path, ".vscode"):
                if p.name in WATCHED_NAMES:
                    return True
            elif e.workspace_file is None and _goland_file(e.path, parent, p.name):
                return True
        return False

    def overlays(self) -> dict[str, bytes]:
        out = {}
        for uri, doc in list(self.workspace.text_documents.items()):
            path = uri_to_path(uri)
            if self.relevant(path):
                out[path] = doc.source.encode("utf-8")
        return out

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
            # Keyed by our spelling of each URI, as publish() looks them up (see code_action).
            versions = {convert.path_to_uri(p): doc.version for uri, doc in self.workspace.text_documents.items()
                        if (p := uri_to_path(uri))}
            try:
                results = await loop.run_in_executor(
                    self.executor, run_checks, self.system, self.entries(), self.settings, self.overlays(),
                    self.toolchains
                )
            except Exception as e:  # noqa: BLE001 - keep serving; say what failed
                log.exception("check failed")
                self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Error, f"go-sidecar: check failed: {e}"))
                continue
            self.results = results
            self.toolchains = {f.path: report.toolchains for f, report, _ in results}
            self.report = results[0][1] if results else None
            self.facts = results[0][2] if results else None
            self.indexes = {}
            for _, _, facts in results:
                ws = facts.workspace
                if ws.launch:
                    self.indexes[ws.launch_path] = ws.launch.index
                if ws.settings:
                    self.indexes[ws.settings_path] = ws.settings.index
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
        except Exception as e:  # noqa: BLE001 - no watching is a degraded server, not a dead one
            log.exception("watching failed")
            self.window_log_message(lsp.LogMessageParams(lsp.MessageType.Warning, f"go-sidecar: cannot watch: {e}"))
            return False

    def encoder_for(self, path: str) -> convert.Encoder:
        return convert.Encoder(self.encoding, self.indexes.get(path))

    def publish(self, findings: list[Finding], versions: dict[str, int]) -> None:
        by_uri: dict[str, list[tuple[Finding, lsp.Diagnostic]]] = {}
        roots = {e.path for e in self.entries()}
        for f in findings:
            if os.path.normpath(f.location.path) in roots:
                continue  # about the machine, in a folder without go.mod: `sidecar check` lists it, no file shows it
            uri = convert.path_to_uri(f.location.path)
            by_uri.setdefault(uri, []).append((f, convert.diagnostic(f, self.encoder_for(f.location.path))))
        from go_sidecar.lsp.fastinit import EARLY_URIS

        early = set(EARLY_URIS)
        EARLY_URIS.difference_update(early)
        for uri in early:
            self.findings.setdefault(uri, [])  # published before pygls ran: clear them if they no longer hold
        for uri in set(self.findings) | set(by_uri):
            entries = by_uri.get(uri, [])
            if not entries and uri not in self.findings:
                continue
            old = self.findings.get(uri)
            if old and [d for _, d in old] == [d for _, d in entries] and uri not in versions:
                continue  # nothing new to say about a file the editor does not hold
            self.text_document_publish_diagnostics(
                lsp.PublishDiagnosticsParams(uri=uri, diagnostics=[d for _, d in entries], version=versions.get(uri))
            )
        self.findings = by_uri

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
        self._toolchain_folders = {os.path.normpath(f) for f in toolchain_folders}
        self._toolchain_targets = [os.path.normpath(t) for t in targets]
        cache_folders = await loop.run_in_executor(self.executor, self._cache_watch_folders)
        self._cache_folders = {os.path.normpath(f) for f in cache_folders}
        workspace_dirs = [d for e in entries for d in (e.path, *(os.path.join(e.path, c) for c in CONFIG_DIRS))]
        self._workspace_dirs = {os.path.normpath(d) for d in workspace_dirs}
        wanted = [*workspace_dirs, *toolchain_folders, *cache_folders]
        first = self._watcher is None
        if first:
            from go_sidecar.lsp.watch import FolderWatcher

            self._watcher = await loop.run_in_executor(self.executor, FolderWatcher, loop, self.on_fs_event)
        before = self._watcher.folders
        await loop.run_in_executor(self.executor, self._watcher.set_folders, wanted)
        return not first and bool(self._watcher.folders - before)

    def on_fs_event(self, folder: str, path: str) -> None:
        """On the loop thread. Workspace files re-check; anything else is a toolchain change (re-scan)."""
        if not self.folders:
            return
        p = os.path.normpath(path)
        in_workspace = folder in self._workspace_dirs
        toolchains = folder in self._toolchain_folders and (not in_workspace or self._near_target(p))
        if not toolchains and folder in self._cache_folders and not in_workspace:
            pass  # a cache changed: check again (sizes re-measure incrementally), no toolchain re-scan
        elif not toolchains:
            if not in_workspace or (not self.relevant(p) and os.path.basename(p) not in NEW_CONFIG_DIRS):
                return
            if self.relevant(p) and any(uri_to_path(u) == p for u in self.workspace.text_documents):
                return  # the editor's buffer wins; didChange/didSave re-check it
        self._rescan = self._rescan or toolchains or os.path.basename(p) in NEW_CONFIG_DIRS
        if self._debounce is not None:
            self._debounce.cancel()
        self._debounce = asyncio.get_running_loop().call_later(DEBOUNCE_S, self.request_check)

    def _cache_watch_folders(self) -> list[str]:
        """The cache roots (not their contents: a 100,000-file cache is one watch), the JetBrains roots, and
        each IDE's index folder (rebuild markers are written there)."""
        from go_sidecar.probe.jetbrains import jetbrains_roots

        caches = getattr(self.facts, "caches", None)
        out = [r for r in jetbrains_roots(self.system) if r]
        if caches is not None:
            for d in (caches.gocache, caches.gopls):
                if d is not None and d.path:
                    out.append(d.path)
            for d in caches.ides:
                out.append(d.path)
                out.append(os.path.join(d.path, "index"))
        return [f for f in dict.fromkeys(out) if os.path.isdir(f)]

    def _near_target(self, path: str) -> bool:
        """path is a toolchainRoots entry, inside one, or a folder on the way to one not yet created."""
        for t in self._toolchain_targets:
            if path == t or t.startswith(path + os.sep) or path.startswith(t + os.sep):
                return True
        return False

    def shutdown_watch(self) -> None:
        if self._watcher is not None:
            self._watcher.stop()
            self._watcher = None


NEW_CONFIG_DIRS = (".vscode", ".idea", "runConfigurations", ".run")  # created: watch it (a re-scan updates watches)


def _goland_file(root: str, parent: str, name: str) -> bool:
    """GoLand's files go-sidecar reads (probe/goland.py): workspace.xml, shared run configurations."""
    if parent == os.path.join(root, ".idea"):
        return name == "workspace.xml"
    if parent == os.path.join(root, ".idea", "runConfigurations"):
        return name.endswith(".xml")
    return parent == os.path.join(root, ".run") and name.endswith(".run.xml")


server = SidecarServer()


@server.feature(lsp.INITIALIZE)
def initialize(ls: SidecarServer, params: lsp.InitializeParams) -> None:
    from go_sidecar.lsp.fastinit import SERVER_STARTED

    SERVER_STARTED.set()
    folders: list[tuple[str, str]] = []
    if params.workspace_folders:
        folders = [(p, f.name) for f in params.workspace_folders if (p := uri_to_path(f.uri))]
    elif params.root_uri:
        root = uri_to_path(params.root_uri)
        folders = [(root, "")] if root else []
    elif params.root_path:
        folders = [(params.root_path, "")]
    ls.set_folders(folders)
    opts = params.initialization_options
    if isinstance(opts, dict) and opts.get("trusted") is False:
        ls.trusted = False
    if isinstance(opts, dict):
        ls.workspace_file = workspace_file_option(opts.get("workspaceFile"))
    if opts:
        ls.apply_settings({k: v for k, v in opts.items() if k not in NOT_SETTINGS} if isinstance(opts, dict) else opts)


NOT_SETTINGS = ("trusted", "workspaceFile")  # initializationOptions that are not goSidecar settings


def workspace_file_option(value) -> str | None:
    """initializationOptions.workspaceFile: a .code-workspace path or file: URI; anything else is ignored (VS Code's
    untitled workspaces have no file)."""
    if not isinstance(value, str) or not value:
        return None
    path = uri_to_path(value) if value.startswith("file:") else value
    if not path or not path.endswith(".code-workspace") or not os.path.isabs(path):
        return None
    return os.path.normpath(path)


@server.feature(lsp.INITIALIZED)
async def initialized(ls: SidecarServer, params: lsp.InitializedParams) -> None:
    if ls.root is None:
        ls.window_show_message(lsp.ShowMessageParams(
            type=lsp.MessageType.Info, message="go-sidecar: open a folder to check its Go debug configurations"))
        return
    await _pull_configuration(ls)
    ls.request_check(rescan=True)


async def _pull_configuration(ls: SidecarServer) -> None:
    caps = ls.client_capabilities.workspace
    if not (caps and caps.configuration):
        return
    try:
        result = await ls.workspace_configuration_async(
            lsp.ConfigurationParams(items=[lsp.ConfigurationItem(section=NAMESPACE)])
        )
    except Exception as e:  # noqa: BLE001 - a client that cannot answer keeps the settings it sent
        log.warning("workspace/configuration failed: %s", e)
        return
    if result and result[0] is not None:
        ls.apply_settings(result[0])


@server.feature(lsp.WORKSPACE_DID_CHANGE_CONFIGURATION)
async def did_change_configuration(ls: SidecarServer, params: lsp.DidChangeConfigurationParams) -> None:
    settings = params.settings
    if isinstance(settings, dict) and NAMESPACE in settings:
        ls.apply_settings(settings[NAMESPACE])
    else:
        await _pull_configuration(ls)
    ls.request_check(rescan=True)


@server.feature(lsp.WORKSPACE_DID_CHANGE_WORKSPACE_FOLDERS)
def did_change_workspace_folders(ls: SidecarServer, params: lsp.DidChangeWorkspaceFoldersParams) -> None:
    """pygls has updated its own list; ours keeps the client's order. The next check covers the new folders,
    and publish() clears the removed ones' diagnostics (they are no longer found)."""
    removed = {p for f in params.event.removed if (p := uri_to_path(f.uri))}
    folders = [(path, name) for path, name in ls.folders.items() if path not in removed]
    folders += [(p, f.name) for f in params.event.added if (p := uri_to_path(f.uri))]
    ls.set_folders(folders)
    ls._folders_changed = True
    ls.request_check(rescan=True)


@server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
def did_open(ls: SidecarServer, params: lsp.DidOpenTextDocumentParams) -> None:
    if ls.relevant(uri_to_path(params.text_document.uri)):
        ls.request_check()


@server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
def did_change(ls: SidecarServer, params: lsp.DidChangeTextDocumentParams) -> None:
    if ls.relevant(uri_to_path(params.text_document.uri)):
        ls.request_check()


@server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
def did_save(ls: SidecarServer, params: lsp.DidSaveTextDocumentParams) -> None:
    if ls.relevant(uri_to_path(params.text_document.uri)):
        ls.request_check()


@server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
def did_close(ls: SidecarServer, params: lsp.DidCloseTextDocumentParams) -> None:
    # The file on disk is checked again: its diagnostics stay in the Problems panel while they hold.
    if ls.relevant(uri_to_path(params.text_document.uri)):
        ls.request_check()


@server.feature(lsp.WORKSPACE_DID_CHANGE_WATCHED_FILES)
def did_change_watched_files(ls: SidecarServer, params: lsp.DidChangeWatchedFilesParams) -> None:
    rescan = any(not ls.relevant(uri_to_path(c.uri)) for c in params.changes)
    ls.request_check(rescan=rescan)


@server.feature(
    lsp.TEXT_DOCUMENT_CODE_ACTION,
    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix], resolve_provider=False),
)
async def code_action(ls: SidecarServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    if not ls.first_check.is_set() and ls.root is not None:
        # The diagnostics the client sees may be the early ones (published before pygls ran): wait for the
        # server's own first check, which has the fixes.
        try:
            await asyncio.wait_for(ls.first_check.wait(), 15)
        except asyncio.TimeoutError:
            pass
    # Findings are keyed by our own spelling of the file's URI; clients spell them their own way (Neovim 0.7
    # percent-encodes with lower-case hex and leaves `(`, `@`, `+`... as they are), so compare as paths.
    path = uri_to_path(params.text_document.uri)
    entries = ls.findings.get(convert.path_to_uri(path), []) if path else []
    wanted = params.range
    # Fixes answer the diagnostics the client asks about (two findings may share a range: asking about
    # dlv-missing must not offer "Pin GOROOT"); with none in the context, every finding in the range.
    asked = {(str(d.code), d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character)
             for d in (params.context.diagnostics if params.context else [])}
    actions: list[lsp.CodeAction] = []
    for finding, diag in entries:
        if asked:
            key = (str(diag.code), diag.range.start.line, diag.range.start.character, diag.range.end.line,
                   diag.range.end.character)
            if key not in asked:
                continue
        elif _before(diag.range.end, wanted.start) or _before(wanted.end, diag.range.start):
            continue
        actions.extend(convert.code_actions(finding, diag, ls.encoder_for))
    # Preferred fixes first, so that "auto fix" picks the best match.
    actions.sort(key=lambda a: not a.is_preferred)
    return actions


def _before(a: lsp.Position, b: lsp.Position) -> bool:
    return (a.line, a.character) < (b.line, b.character)


@server.feature(lsp.SHUTDOWN)
def shutdown(ls: SidecarServer, params: None) -> None:
    ls.shutdown_watch()


# The workspace commands register on `server` (in fastinit.COMMANDS's order).
from go_sidecar.lsp import commands as _commands  # noqa: E402,F401


def serve(stdin=None, stdout=None) -> None:
    logging.basicConfig(level=os.environ.get("SIDECAR_LOG", "WARNING"))
    server.start_io(stdin, stdout)
