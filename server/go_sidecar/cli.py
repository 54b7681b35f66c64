"""`sidecar serve | check | purge-caches | rules`: the entry point, which reads the command line (cli_args.py) and
runs the command: `serve` (lsp/), `check` (cli_check.py), `purge-caches` (purge_cli.py), `rules` (here).

`check` imports no LSP machinery (pygls, lsprotocol): it starts as fast as a small script can.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from go_sidecar import __version__
from go_sidecar.cli_args import (
    COMMANDS,
    EXIT_ERROR,
    EXIT_OK,
    USAGE,
    UsageError,
    asks_help,
    command_help,
    command_usage,
    parse_args,
)

if TYPE_CHECKING:
    from go_sidecar.cli_args import Args


def main(argv: list[str] | None = None) -> int:
    exiting = argv is None  # the process's own command line (console script, python -m): it exits after this
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"], ["help"]) and argv[1:2] in ([], *([n] for n in COMMANDS)):
        sys.stdout.write(command_help(argv[1]) if argv[1:] else USAGE)  # `sidecar help check` too
        return EXIT_OK
    if argv[:1] in (["-V"], ["--version"]):
        print(f"go-sidecar {__version__}")
        return EXIT_OK
    if argv[:1] and argv[0] in COMMANDS and asks_help(argv[1:]):
        sys.stdout.write(command_help(argv[0]))
        return EXIT_OK
    try:
        args = parse_args(argv)
    except UsageError as e:
        # One error line and the usage of the command it is about (argparse's order: usage, then the error).
        usage = command_usage(e.command, "usage: sidecar ") if e.command else USAGE.split("\n\n")[0]
        sys.stderr.write(usage + "\n")
        where = f"sidecar {e.command}" if e.command else "sidecar"
        print(f"{where}: error: {e} (see `{where} --help`)", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.command == "serve":
            from go_sidecar.lsp.fastinit import answer_first

            stdin, stdout, early = answer_first(sys.stdin.buffer, sys.stdout.buffer)
            from go_sidecar.lsp.app import serve  # pygls and lsprotocol load now, after the answer

            serve(stdin, stdout, early)
            return EXIT_OK
        if args.command == "purge-caches":
            from go_sidecar import purge_cli

            return purge_cli.main(args)
        return _one_shot(args, exiting)
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception:  # noqa: BLE001 - an internal error is exit 2 with the trace, never a findings result
        import traceback

        print("sidecar: internal error:\n" + traceback.format_exc(), file=sys.stderr)
        return EXIT_ERROR


def _one_shot(args: Args, exiting: bool) -> int:
    """`check` or `rules`, with the cyclic garbage collector off: they run once. Its passes walk every object the
    imports made (modules, classes, functions): 16 passes in a cold check of the demo, 2-3 ms of CPU
    (bench/check_cold.py counts them), to find no garbage: reference counting still frees all that is not in a
    cycle, and a check of the demo leaves no cycle behind (gc.collect() after it collects nothing); what cycles a
    bigger input makes are bounded by it. When the process exits next (`exiting`: main() read sys.argv), what is
    left is also frozen (gc.freeze): the interpreter's full collection at exit then has nothing to walk (3 ms of
    CPU more), and the memory goes with the process. Called in-process (tests, the bench's probe), the collector is
    turned back on. Never for `serve`, which runs for hours."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        return _rules(args.format) if args.command == "rules" else _check(args)
    finally:
        if exiting:
            gc.freeze()
        elif enabled:
            gc.enable()


def _rules(fmt: str) -> int:
    import json

    from go_sidecar.rules import registry

    if fmt == "markdown":
        sys.stdout.write(registry.catalogue_markdown())
    elif fmt == "json":
        rules = [
            {
                "code": r.code,
                "family": r.family,
                "severity": r.severity.label,
                "summary": r.summary,
                "explanation": r.explanation,
                "fix": r.fix,
                "url": r.url,
            }
            for r in registry.all_rules()
        ]
        json.dump(rules, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(registry.catalogue_text())
    return EXIT_OK


def _check(args: Args) -> int:
    """`sidecar check` (cli_check.py, loaded when it runs)."""
    from go_sidecar import cli_check

    return cli_check.run(args)
