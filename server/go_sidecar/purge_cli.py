"""`sidecar purge-caches [TARGET]... [--dry-run] [--yes] [--format text|json]`.

Plans first and shows the plan (a table with sizes), asks on a terminal unless --yes, refuses without --yes
when stdin is not a terminal (a script must say so explicitly), shows a progress bar on a terminal (stderr),
then says what was freed and what failed. Exit 0 when every target was purged (or planned in a dry run, or
had nothing to purge), 1 when one was refused, failed or was cancelled, 2 on a usage error.

Ctrl-C, SIGTERM and SIGHUP while planning or deleting cancel the purge (cancelled_by_signals): the files being
deleted finish, the rest stays, the lock is released and the report says what was deleted before it stopped.
"""

from __future__ import annotations

import contextlib
import json
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from types import FrameType
from typing import Protocol, TextIO

from go_sidecar.fix.purge import (
    DEFAULT_TARGETS,
    FAILED,
    PLANNED,
    PURGED,
    REFUSED,
    SKIPPED,
    TARGET_NAMES,
    Result,
    Target,
    TargetError,
    execute,
    parse_target,
    plan_targets,
    report_json,
)
from go_sidecar.probe.cache_records import human_size

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
USAGE = (
    "usage: sidecar purge-caches [go-build] [ide] [ide-leftovers] [gopls] [fuzz] [modcache[:MODULE@VERSION]] "
    "[ide:SELECTOR] [--dry-run] [--yes] [--format text|json]"
)
NOT_CONFIRMED_NO_TTY = (
    "not confirmed: stdin is not a terminal; run again with --yes to purge (or --dry-run to see the plan)"
)
MAX_SHOWN_ERRORS = 20  # per target in text output; JSON has them all (up to the engine's own cap)
# What signal.signal returns and takes back (typeshed's signal._HANDLER).
SignalHandler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


class PurgeArgs(Protocol):
    """The options of `sidecar purge-caches` (cli.Args is one)."""

    @property
    def targets(self) -> list[str]: ...
    @property
    def format(self) -> str: ...
    @property
    def dry_run(self) -> bool: ...
    @property
    def yes(self) -> bool: ...


def _isatty(stream: TextIO | None) -> bool:
    if stream is None:  # no console (pythonw): sys.stdin and sys.stderr are None
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def plan_table(plan: list[Target]) -> str:
    rows = [("TARGET", "FILES", "SIZE", "PATH")]
    for t in plan:
        if t.status == PLANNED:
            rows.append((t.name, f"{t.files:,}", human_size(t.bytes), t.path))
        else:
            rows.append(
                (
                    t.name,
                    "-",
                    "-",
                    f"{t.status}: {t.reason}" + (f" ({t.path})" if t.path and t.path not in t.reason else ""),
                )
            )
        if t.status == PLANNED and t.reason:
            rows.append(("", "", "", f"note: {t.reason}"))
    todo = [t for t in plan if t.status == PLANNED]
    if len(todo) > 1:
        rows.append(("total", f"{sum(t.files for t in todo):,}", human_size(sum(t.bytes for t in todo)), ""))
    w0 = max(len(r[0]) for r in rows)
    w1 = max(len(r[1]) for r in rows)
    w2 = max(len(r[2]) for r in rows)
    return "\n".join(f"  {a:<{w0}}  {b:>{w1}}  {c:>{w2}}  {d}".rstrip() for a, b, c, d in rows) + "\n"


def results_text(results: list[Result], dry_run: bool) -> str:
    lines = []
    for r in results:
        if r.status == PURGED:
            lines.append(
                f"purged   {r.name}: {r.path}: {r.files:,} files, {human_size(r.bytes)}"
                + (f" ({r.reason})" if r.reason else "")
            )
        elif r.status == FAILED:
            lines.append(f"FAILED   {r.name}: {r.path}: {r.reason}; freed {r.files:,} files, {human_size(r.bytes)}")
        elif r.status == REFUSED:
            lines.append(f"REFUSED  {r.name}: {r.reason}")
        elif r.status == SKIPPED and r.files:
            lines.append(f"stopped  {r.name}: {r.path}: {r.reason}; freed {r.files:,} files, {human_size(r.bytes)}")
        elif r.status == SKIPPED:
            lines.append(f"skipped  {r.name}: {r.reason}")
        for e in r.errors[:MAX_SHOWN_ERRORS]:
            lines.append(f"           {e}")
        if len(r.errors) > MAX_SHOWN_ERRORS:
            lines.append(f"           ... and {len(r.errors) - MAX_SHOWN_ERRORS} more (--format json lists them)")
    if dry_run:
        lines.append("dry run: nothing deleted")
    else:
        lines.append(f"freed {human_size(report_json(results)['freed_bytes'])}")
    return "\n".join(lines) + "\n"


class ProgressBar:
    """`[#####-----]  52%  52,000/100,000 files` on a terminal's stderr, redrawn at most 10 times a second."""

    WIDTH = 30

    def __init__(self, stream: TextIO):
        self.stream = stream
        self.last = 0.0
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done < total:
            return
        self.last = now
        frac = done / total if total else 1.0
        filled = int(frac * self.WIDTH)
        self.stream.write(
            f"\r[{'#' * filled}{'-' * (self.WIDTH - filled)}] {frac * 100:3.0f}%  {done:,}/{total:,} files"
        )
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\n")
            self.stream.flush()


def _confirm(plan: list[Target]) -> bool:
    todo = [t for t in plan if t.status == PLANNED]
    files, size = sum(t.files for t in todo), sum(t.bytes for t in todo)
    sys.stderr.write(f"Delete {files:,} files ({human_size(size)})? [y/N] ")
    sys.stderr.flush()
    try:
        answer = sys.stdin.readline()
    except (KeyboardInterrupt, EOFError):  # Ctrl-C at the question is a no
        sys.stderr.write("\n")
        return False
    return answer.strip().lower() in ("y", "yes")


def _refuse_all(plan: list[Target], reason: str) -> list[Result]:
    return [Result(t.name, t.path, 0, 0, REFUSED, reason) if t.status == PLANNED else t.result() for t in plan]


# Signals that mean "stop" while planning or deleting: Ctrl-C, `kill`, a closed terminal (Ctrl-Break on Windows).
CANCEL_SIGNALS = ("SIGINT", "SIGTERM", "SIGHUP", "SIGBREAK")


@contextlib.contextmanager
def cancelled_by_signals(cancel: threading.Event, received: list[str]) -> Iterator[None]:
    """While the block runs, each of CANCEL_SIGNALS sets `cancel` (and is named in `received`) instead of
    raising or killing the process: the purge stops at the next file, releases its lock and reports what it
    deleted. Raising KeyboardInterrupt instead would unwind through the worker pool and, inside
    Thread.join, can even mark a running thread as finished (bpo-45274): the old `KeyError: 'results'`
    with the lock left behind. The previous handlers are restored afterwards, unless the purge was cancelled:
    then ours stay, so that a second Ctrl-C or a kill while the report is written changes nothing. The handler
    only sets an Event that the main thread never waits on (it polls is_set), so it cannot deadlock on its lock.
    Outside the main thread (signal.signal refuses there) the block runs without handlers."""

    def handler(signum: int, _frame: FrameType | None) -> None:
        received.append(signal.Signals(signum).name)
        cancel.set()

    previous: dict[signal.Signals, SignalHandler] = {}
    for name in CANCEL_SIGNALS:
        sig: signal.Signals | None = getattr(signal, name, None)
        if sig is None:
            continue
        try:
            previous[sig] = signal.signal(sig, handler)
        except (ValueError, OSError):  # not the main thread, or a signal this platform does not deliver
            continue
    try:
        yield
    finally:
        if cancel.is_set():
            # Cancelled: a second Ctrl-C or a kill arriving while the report is written must change nothing (the
            # default handlers would kill the process before it says what it deleted): ours stay until it exits.
            previous = {}
        for sig, old in previous.items():
            signal.signal(sig, old)


def cancel_text(results: list[Result], received: list[str]) -> str:
    """The closing line of a cancelled purge: which signal, and what was deleted before it stopped."""
    files = sum(r.files for r in results if r.status in (PURGED, FAILED, SKIPPED))
    freed = report_json(results)["freed_bytes"]
    return (
        f"cancelled ({received[0]}): {files:,} files ({human_size(freed)}) deleted before it stopped; "
        "the rest was left in place"
    )


def _cancelled_before_start(targets: list[str]) -> list[Result]:
    return [Result(name, "", 0, 0, SKIPPED, "cancelled before it started") for name in dict.fromkeys(targets)]


def exit_code(results: list[Result], interrupted: bool = False) -> int:
    if interrupted or any(
        r.status in (REFUSED, FAILED) or (r.status == SKIPPED and r.reason.startswith("cancelled")) for r in results
    ):
        return EXIT_FAILED
    return EXIT_OK


def main(args: PurgeArgs) -> int:
    targets = list(args.targets or DEFAULT_TARGETS)
    fmt = args.format
    dry_run, yes = bool(args.dry_run), bool(args.yes)
    try:
        for name in targets:
            parse_target(name)
    except TargetError as e:
        sys.stderr.write(USAGE + "\n")
        print(f"sidecar: error: {e}", file=sys.stderr)
        return EXIT_USAGE

    from go_sidecar.probe.caches import discover_caches
    from go_sidecar.probe.dirsize import MeasureCancelled
    from go_sidecar.probe.system import RealSystem
    from go_sidecar.probe.toolchains import read_go_env

    cancel = threading.Event()
    received: list[str] = []
    text = fmt != "json"
    plan: list[Target] = []
    with cancelled_by_signals(cancel, received):  # measuring a big cache takes a while too
        try:
            sys_ = RealSystem()
            facts = discover_caches(sys_, read_go_env(sys_))
            plan = plan_targets(targets, facts, home=sys_.home, cancel=cancel)
        except MeasureCancelled:
            pass
    if cancel.is_set():
        return _report(_cancelled_before_start(targets), dry_run, text, received)
    if text:
        sys.stdout.write(plan_table(plan))
        sys.stdout.flush()

    if dry_run or not any(t.status == PLANNED for t in plan):
        results = [t.result() for t in plan]
    elif not yes and not _isatty(sys.stdin):
        print(f"sidecar purge-caches: {NOT_CONFIRMED_NO_TTY}", file=sys.stderr)
        results = _refuse_all(plan, NOT_CONFIRMED_NO_TTY)
    elif not yes and not _confirm(plan):  # default handlers here: Ctrl-C at the question is a no
        results = _refuse_all(plan, "not confirmed")
    else:
        bar = ProgressBar(sys.stderr) if _isatty(sys.stderr) else None
        try:
            with cancelled_by_signals(cancel, received):
                results = execute(plan, progress=bar, cancel=cancel)
        finally:
            if bar is not None:
                bar.close()
    return _report(results, dry_run, text, received)


def _report(results: list[Result], dry_run: bool, text: bool, received: list[str]) -> int:
    try:
        if text:
            sys.stdout.write(results_text(results, dry_run))
            if received:
                sys.stdout.write(cancel_text(results, received) + "\n")
        else:
            json.dump(report_json(results), sys.stdout, indent=2, ensure_ascii=False)
            sys.stdout.write("\n")
            if received:
                print(f"sidecar purge-caches: {cancel_text(results, received)}", file=sys.stderr)
        sys.stdout.flush()
    except BrokenPipeError:
        raise  # cli.main's answer to a closed pipe
    except OSError:  # the terminal went away (SIGHUP): the purge itself is over and its lock released
        return EXIT_FAILED
    return exit_code(results, bool(received))


__all__ = ["TARGET_NAMES", "USAGE", "ProgressBar", "exit_code", "main", "plan_table", "results_text"]
