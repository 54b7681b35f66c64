"""The server's workspace commands: the check report, the cache plan, purging caches, installing Delve.

They run only when the editor asks (a command or a code action the user chose); the purge and the install report
progress and check the workspace again afterwards. `register` adds them to a server in fastinit.COMMANDS's order
(the early `initialize` answer lists them so; a test checks it is pygls's own answer).
"""

from __future__ import annotations

import asyncio
import functools

from lsprotocol import types as lsp

from go_sidecar.check import combined_json, run_checks
from go_sidecar.lsp.command_args import BadArguments, check_args
from go_sidecar.lsp.fastinit import COMMANDS
from go_sidecar.lsp.server import SidecarServer
from go_sidecar.probe.cache_records import human_size


def register(server: SidecarServer) -> None:
    handlers = {
        "sidecar.checkWorkspace": check_workspace,
        "sidecar.listCaches": list_caches,
        "sidecar.purgeCaches": purge_caches,
        "sidecar.installDelve": install_delve,
    }
    assert set(handlers) == set(COMMANDS), "fastinit.COMMANDS lists the commands the server has"
    for name in COMMANDS:
        server.command(name)(handlers[name])


def _args(command: str, args) -> dict:
    """The command's checked argument object; an InvalidParams error response (nothing done) otherwise."""
    from pygls.exceptions import JsonRpcInvalidParams

    try:
        return check_args(command, args)
    except BadArguments as e:
        raise JsonRpcInvalidParams(str(e)) from None


async def check_workspace(ls: SidecarServer, *args):
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


def _plan(ls: SidecarServer, names: list[str], measure: bool = True):
    from go_sidecar.fix.purge import plan_targets
    from go_sidecar.probe.caches import discover_caches
    from go_sidecar.probe.toolchains import read_go_env

    facts = discover_caches(ls.system, read_go_env(ls.system))
    return plan_targets(names, facts, home=ls.system.home, measure=measure)


async def list_caches(ls: SidecarServer, *args):
    """The purge plan of every cache the editor may offer (a dry run): names, paths, files, bytes, status."""
    from go_sidecar.fix.purge import report_json

    spec = _args("sidecar.listCaches", args)
    names = spec["targets"] if "targets" in spec else list(LISTED_TARGETS)
    loop = asyncio.get_running_loop()
    plan = await loop.run_in_executor(ls.executor, _plan, ls, names)
    return report_json([t.result() for t in plan])


async def purge_caches(ls: SidecarServer, *args):
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


async def install_delve(ls: SidecarServer, *args):
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
