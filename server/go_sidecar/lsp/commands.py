"""The server's workspace commands: the check report, the cache plan, purging caches, installing Delve, the tools
report.

They run only when the editor asks (a command or a code action the user chose); the purge and the install report
progress and check the workspace again afterwards. `register` adds them to a server in fastinit.COMMANDS's order
(the early `initialize` answer lists them so; a test checks it is pygls's own answer).
"""

from __future__ import annotations

import asyncio
import functools
import logging
import os
from typing import TYPE_CHECKING, Any, NotRequired, TypedDict

from lsprotocol import types as lsp

from go_sidecar.check import Folder, combined_json, run_checks
from go_sidecar.lsp.command_args import BadArguments, check_args
from go_sidecar.lsp.fastinit import COMMANDS
from go_sidecar.lsp.server import SidecarServer
from go_sidecar.probe.cache_records import human_size

log = logging.getLogger(__name__)

if TYPE_CHECKING:  # loaded when a command runs
    from go_sidecar.fix.purge import Target
    from go_sidecar.tools_report import ToolsReport

# A command's result: a JSON object (check, purge and cache reports built by their own modules' to_json).
JSONObject = dict[str, Any]


class InstallResult(TypedDict):
    """sidecar.installDelve's result: the exit code and the output's last lines, or why nothing ran."""

    ok: bool
    exitCode: NotRequired[int]
    output: NotRequired[list[str]]
    error: NotRequired[str]


class MarkdownResult(TypedDict):
    """sidecar.toolsReport's result."""

    markdown: str


def register(server: SidecarServer) -> None:
    handlers = {
        "sidecar.checkWorkspace": check_workspace,
        "sidecar.listCaches": list_caches,
        "sidecar.purgeCaches": purge_caches,
        "sidecar.installDelve": install_delve,
        "sidecar.toolsReport": tools_report,
    }
    assert set(handlers) == set(COMMANDS), "fastinit.COMMANDS lists the commands the server has"
    for name in COMMANDS:
        server.command(name)(handlers[name])


def _args(command: str, args: tuple[object, ...]) -> JSONObject:
    """The command's checked argument object; an InvalidParams error response (nothing done) otherwise."""
    from pygls.exceptions import JsonRpcInvalidParams

    try:
        return check_args(command, args)
    except BadArguments as e:
        raise JsonRpcInvalidParams(str(e)) from None


async def check_workspace(ls: SidecarServer, *args: object) -> JSONObject | None:
    """The whole check report (schemas/report.schema.json), as `sidecar check --format json` prints it (with
    `folders` for a multi-root workspace)."""
    _args("sidecar.checkWorkspace", args)
    entries = ls.entries()
    if not entries:
        return None
    loop = asyncio.get_running_loop()
    ls.memo.invalidate_all()  # the user asked for a check: everything is read again (and remembered anew)
    results = await loop.run_in_executor(
        ls.executor,
        functools.partial(run_checks, ls.system, entries, ls.settings, ls.overlays(), ls.toolchains, memo=ls.memo),
    )
    if len(results) == 1:  # one folder: the report's shape of one folder, as `sidecar check PATH` prints it
        return results[0][1].to_json()
    return combined_json([(f, r) for f, r, _ in results], ls.workspace_file)


LISTED_TARGETS = ("go-build", "ide", "ide-leftovers", "gopls", "fuzz")  # the module cache only when named


def _plan(ls: SidecarServer, names: list[str], measure: bool = True) -> list[Target]:
    from go_sidecar.fix.purge import plan_targets
    from go_sidecar.probe.caches import discover_caches
    from go_sidecar.probe.toolchains import read_go_env

    facts = discover_caches(ls.system, read_go_env(ls.system))
    return plan_targets(names, facts, home=ls.system.home, measure=measure)


async def list_caches(ls: SidecarServer, *args: object) -> JSONObject:
    """The purge plan of every cache the editor may offer (a dry run): names, paths, files, bytes, status."""
    from go_sidecar.fix.purge import report_json

    spec = _args("sidecar.listCaches", args)
    names = spec["targets"] if "targets" in spec else list(LISTED_TARGETS)
    loop = asyncio.get_running_loop()
    plan = await loop.run_in_executor(ls.executor, _plan, ls, names)
    return report_json([t.result() for t in plan])


async def purge_caches(ls: SidecarServer, *args: object) -> JSONObject:
    """Purge the named caches: plan, confirm (unless the editor already asked), delete with cancellable
    progress, report, and check again."""
    from go_sidecar.fix.purge import (
        PLANNED,
        REFUSED,
        Result,
        TargetError,
        execute,
        report_json,
    )

    spec = _args("sidecar.purgeCaches", args)
    names = spec["targets"]
    if not names:  # an empty list is nothing to do, never "the defaults"
        return {"targets": [], "freed_bytes": 0}
    loop = asyncio.get_running_loop()
    try:
        plan = await loop.run_in_executor(ls.executor, _plan, ls, names)
    except TargetError as e:
        ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"go-sidecar: {e}"))
        return {"targets": [], "freed_bytes": 0, "error": str(e)}
    todo = [t for t in plan if t.status == PLANNED]
    if todo and spec.get("confirmed") is not True:
        listing = "; ".join(f"{t.name} ({human_size(t.bytes)}, {t.files} files, {t.path})" for t in todo)
        answer = await ls.window_show_message_request_async(
            lsp.ShowMessageRequestParams(
                type=lsp.MessageType.Warning,
                message=f"go-sidecar: purge {listing}? This cannot be undone.",
                actions=[lsp.MessageActionItem("Purge"), lsp.MessageActionItem("Cancel")],
            )
        )
        if answer is None or answer.title != "Purge":
            results = [
                Result(t.name, t.path, 0, 0, REFUSED, "not confirmed") if t.status == PLANNED else t.result()
                for t in plan
            ]
            return report_json(results)

    token = f"sidecar-purge-{id(plan)}"
    progress = False
    caps = ls.client_capabilities.window
    if todo and caps and caps.work_done_progress:
        try:
            await ls.work_done_progress.create_async(token)
            progress = True
        except Exception:  # noqa: BLE001 - progress is a courtesy
            progress = False
    if progress:
        ls.work_done_progress.begin(
            token,
            lsp.WorkDoneProgressBegin(
                title="Purging caches", message=", ".join(t.name for t in todo), cancellable=True, percentage=0
            ),
        )

    def report(done: int, total: int) -> None:  # on the purge thread
        if progress:
            pct = int(100 * done / total) if total else 100
            loop.call_soon_threadsafe(
                ls.work_done_progress.report,
                token,
                lsp.WorkDoneProgressReport(message=f"{done}/{total} files", percentage=pct),
            )

    def cancelled() -> bool:
        fut = ls.work_done_progress.tokens.get(token) if progress else None
        return bool(fut is not None and fut.cancelled())

    results = await loop.run_in_executor(ls.executor, lambda: execute(plan, report, cancelled, home=ls.system.home))
    out = report_json(results)
    failed = [r for r in results if r.status not in ("purged", "skipped")]
    summary = f"freed {human_size(out['freed_bytes'])}" + (
        "; " + "; ".join(f"{r.name}: {r.status} ({r.reason or len(r.errors)})" for r in failed) if failed else ""
    )
    if progress:
        ls.work_done_progress.end(token, lsp.WorkDoneProgressEnd(message=summary))
    ls.window_show_message(
        lsp.ShowMessageParams(
            lsp.MessageType.Error if failed else lsp.MessageType.Info, f"go-sidecar: purge caches: {summary}"
        )
    )
    ls.memo.invalidate_all()  # sizes and the module cache are not what they were
    ls.request_check(rescan=True)
    return out


async def install_delve(ls: SidecarServer, *args: object) -> InstallResult:
    """Run `go install github.com/go-delve/delve/cmd/dlv@<version>` for the native platform, on request.

    Progress streams the go command's output; the result is shown, and the workspace is checked again.
    """
    from go_sidecar.fix.delve_install import InstallRefused, install_plan
    from go_sidecar.probe.toolchains import read_go_env

    spec = _args("sidecar.installDelve", args)
    try:
        if not ls.trusted:
            raise InstallRefused("this workspace is not trusted: go-sidecar does not run tools for it")
        argv, env, cwd = install_plan(spec, ls.workspace_folders(), ls.system, read_go_env(ls.system))
    except InstallRefused as e:
        ls.window_show_message(lsp.ShowMessageParams(lsp.MessageType.Error, f"go-sidecar: {e}"))
        return {"ok": False, "error": str(e)}
    token = f"sidecar-install-{id(argv)}"
    progress = False
    caps = ls.client_capabilities.window
    if caps and caps.work_done_progress:
        try:
            await ls.work_done_progress.create_async(token)
            progress = True
        except Exception:  # noqa: BLE001 - a client that refuses progress still gets the result
            progress = False
    title = "Installing Delve: " + " ".join(argv[1:])
    if progress:
        ls.work_done_progress.begin(token, lsp.WorkDoneProgressBegin(title=title, cancellable=False))
    lines: list[str] = []
    try:
        proc = await asyncio.create_subprocess_exec(
            *argv,
            env=env,
            cwd=cwd,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        assert proc.stdout is not None
        async for raw in proc.stdout:
            line = raw.decode("utf-8", "replace").rstrip()
            lines.append(line)
            if progress and line:
                ls.work_done_progress.report(token, lsp.WorkDoneProgressReport(message=line[:200]))
        code = await proc.wait()
    except OSError as e:
        code, lines = -1, lines + [str(e)]
    ok = code == 0
    summary = "Delve installed" if ok else f"Installing Delve failed (exit {code})"
    if progress:
        ls.work_done_progress.end(token, lsp.WorkDoneProgressEnd(message=summary))
    tail = "\n".join(lines[-5:])
    ls.window_show_message(
        lsp.ShowMessageParams(
            lsp.MessageType.Info if ok else lsp.MessageType.Error,
            f"go-sidecar: {summary}: {' '.join(argv)}" + (f"\n{tail}" if tail else ""),
        )
    )
    ls.request_check(rescan=True)
    return {"ok": ok, "exitCode": code, "output": lines[-50:]}


MAX_URI = 32 * 1024  # longer is no workspace file's URI


def _report_entry(ls: SidecarServer, uri: str | None) -> Folder:
    """The checked entry a URI belongs to: the folder holding it (the innermost when folders nest), the
    .code-workspace entry for that file; the first folder when no URI is given."""
    from pygls.exceptions import JsonRpcInvalidParams

    from go_sidecar.lsp.uris import uri_to_path

    entries = ls.entries()
    if not entries:
        raise JsonRpcInvalidParams("sidecar.toolsReport: no workspace folder is open")
    if uri is None:
        return entries[0]
    path = uri_to_path(uri)
    if path is None:
        raise JsonRpcInvalidParams(f"sidecar.toolsReport: {uri[:120]!r} is not a file: URI")
    key = os.path.normcase(path)
    for e in entries:
        if e.workspace_file is not None and os.path.normcase(e.workspace_file) == key:
            return e
    inside = [e for e in entries if _holds(os.path.normcase(e.path), key)]
    if not inside:
        raise JsonRpcInvalidParams(f"sidecar.toolsReport: {uri[:120]!r} is not in a workspace folder")
    folders = [e for e in inside if e.workspace_file is None] or inside
    return max(folders, key=lambda e: len(e.path))


def _holds(folder: str, path: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _build_tools_report(
    ls: SidecarServer, entries: list[Folder], entry: Folder, overlays: dict[str, bytes]
) -> ToolsReport:
    """On the check executor (it owns the memo): the entry's facts, read as a check reads them, then the report."""
    from go_sidecar import tools_report as report
    from go_sidecar.check import _real_host

    [(_, facts)] = report.collect(ls.system, entries, ls.settings, overlays, ls.memo, only=entry)
    return report.build(ls.system, facts, _real_host().facts(), name=entry.name, workspace_file=entry.workspace_file)


async def tools_report(ls: SidecarServer, *args: object) -> MarkdownResult:
    """The tools report (go_sidecar/tools_report.py) of the workspace folder holding `uri` (a folder, a
    launch.json, a .code-workspace), as markdown: `{"markdown": "..."}`. With `config`, that configuration's
    section comes first (the code lens above a configuration opens it so). Unless `show` is false, a client that
    takes window/showDocument is also shown the report as a file (below)."""
    from pygls.exceptions import JsonRpcInvalidParams

    from go_sidecar.tools_report import to_markdown

    spec = _args("sidecar.toolsReport", args)
    uri, config = spec.get("uri"), spec.get("config")
    if (uri is not None and len(uri) > MAX_URI) or (config is not None and len(config) > MAX_URI):
        raise JsonRpcInvalidParams(f"sidecar.toolsReport: an argument longer than {MAX_URI} characters")
    entry = _report_entry(ls, uri)
    loop = asyncio.get_running_loop()
    report = await loop.run_in_executor(ls.executor, _build_tools_report, ls, ls.entries(), entry, ls.overlays())
    markdown = to_markdown(report, config)
    if spec.get("show", True) and _shows_documents(ls):
        await _show_report(ls, report_file_name(entry.workspace_file or entry.path, config), markdown)
    return {"markdown": markdown}


# --- the report shown as a file ------------------------------------------------------------------------------
# A client runs a code lens's server command and drops its result (Neovim, LSP4IJ): a client that takes
# window/showDocument is shown the report as a markdown file instead. The file lives in go-sidecar's own cache
# folder (<user cache>/go-sidecar, where probe/caches.py keeps sizes.json; os.UserCacheDir's rules), one per
# workspace entry and configuration, rewritten at each call. The VS Code extension opens the markdown itself and
# passes `"show": false`.
REPORTS_DIR = ("go-sidecar", "reports")
NAME_PART = 40  # characters of the folder's and the configuration's name kept in the file name


def _shows_documents(ls: SidecarServer) -> bool:
    """The client announced window.showDocument.support (LSP 3.16)."""
    window = ls.client_capabilities.window
    show = window.show_document if window is not None else None
    return show is not None and bool(show.support)


def report_file_name(entry: str, config: str | None) -> str:
    """`tools-report-<folder>-<configuration>-<hash>.md`: the names reduced to ASCII letters, digits, `-` and `_`
    (no separator, no dot: nothing can climb out of the folder), the hash of the exact pair keeping two entries or
    configurations whose names reduce alike apart."""
    import hashlib
    import re

    def part(text: str) -> str:
        return re.sub(r"[^A-Za-z0-9_]+", "-", text).strip("-")[:NAME_PART].strip("-")

    exact = f"{entry}\0{config if config is not None else ''}\0{config is None}"
    digest = hashlib.sha256(exact.encode("utf-8", "surrogatepass")).hexdigest()[:16]
    folder = part(entry.rstrip("/\\").replace("\\", "/").rsplit("/", 1)[-1])
    words = [w for w in (folder, part(config) if config is not None else "workspace") if w]
    return "-".join(["tools-report", *words, digest]) + ".md"


def _write_report(ls: SidecarServer, name: str, markdown: str) -> str:
    """On the executor: the file written whole (a reader never sees half of it); its path."""
    from go_sidecar.probe.caches import user_cache_dir

    base, why = user_cache_dir(ls.system)
    if not base:
        raise OSError(why)
    folder = os.path.join(base, *REPORTS_DIR)
    path = os.path.join(folder, name)
    if os.path.dirname(path) != folder or name in ("", ".", ".."):
        raise OSError(f"{name!r} is not a file name")  # report_file_name makes none such: a last guard
    os.makedirs(folder, exist_ok=True)
    temporary = f"{path}.{os.getpid()}.tmp"
    with open(temporary, "w", encoding="utf-8", errors="replace", newline="\n") as f:
        f.write(markdown)
    os.replace(temporary, path)
    return path


async def _show_report(ls: SidecarServer, name: str, markdown: str) -> None:
    """Write the report, then ask the client to show it (not awaited: the command's result does not wait for the
    editor). A failure is logged; the command still answers with the markdown."""
    from go_sidecar.lsp.uris import path_to_uri

    loop = asyncio.get_running_loop()
    try:
        path = await loop.run_in_executor(ls.executor, _write_report, ls, name, markdown)
    except OSError as e:
        ls.window_log_message(
            lsp.LogMessageParams(lsp.MessageType.Warning, f"go-sidecar: the tools report was not written: {e}")
        )
        return
    try:
        future = ls.window_show_document(lsp.ShowDocumentParams(uri=path_to_uri(path), take_focus=True))
    except Exception:  # the connection may be closing (logged)
        log.debug("window/showDocument not sent", exc_info=True)
        return
    future.add_done_callback(lambda f: f.cancelled() or f.exception())  # a client's refusal: nothing more to do
