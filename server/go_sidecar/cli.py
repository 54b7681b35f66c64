"""`sidecar serve | check | rules`.

`check` imports no LSP machinery (pygls, lsprotocol): it starts as fast as a small script can.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from go_sidecar import __version__

if TYPE_CHECKING:  # types only: `check` loads what it runs, when it runs it
    from go_sidecar.check import Folder
    from go_sidecar.model import Finding, Report
    from go_sidecar.probe.system import System
    from go_sidecar.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


# A small parser of our own: argparse (with the shutil, gettext and locale it pulls in) costs a cold
# `sidecar check` more than its whole check. One table says what each command accepts; the parser reads it and
# the usage text is written from it, so the two cannot disagree. Option names are the settings' names (one
# namespace everywhere).
class Option:
    """One option: the Args attribute it sets; `metavar` None for a flag that takes no value; `choices` when
    only those values are accepted; `repeatable` collects every occurrence; `help` a line for the option list
    (the settings' flags), "" for none; `about` the line `sidecar COMMAND --help` shows when `help` is ""."""

    __slots__ = ("about", "attr", "choices", "help", "metavar", "repeatable")

    def __init__(
        self,
        attr: str,
        metavar: str | None = None,
        choices: tuple[str, ...] | None = None,
        repeatable: bool = False,
        help: str = "",
        about: str = "",
    ):
        self.attr, self.metavar, self.choices, self.repeatable, self.help = attr, metavar, choices, repeatable, help
        self.about = about

    @property
    def takes_value(self) -> bool:
        return self.metavar is not None or self.choices is not None

    def synopsis(self, name: str) -> str:
        value = "|".join(self.choices) if self.choices else self.metavar
        return f"[{name} {value}]" + ("..." if self.repeatable else "") if value else f"[{name}]"


class Command:
    """A command: its positional arguments as the usage shows them, what it does, and its options."""

    __slots__ = ("help", "options", "positional")

    def __init__(self, positional: tuple[str, ...], help: str, options: dict[str, Option]):
        self.positional, self.help, self.options = positional, help, options


COMMANDS: dict[str, Command] = {
    "serve": Command(
        (), "run the language server on stdio", {"--stdio": Option("stdio", about="accepted; stdio is the transport")}
    ),
    "check": Command(
        ("[PATH...]",),
        "check workspace folders or a .code-workspace file (default: .) and print the findings, per folder (sarif: "
        "one SARIF 2.1.0 log for GitHub code scanning, docs/ci.md); exit 0: nothing at warning or error, 1: "
        "findings, 2: usage or internal error. --tools prints the tools report instead (exit 0)",
        {
            "--format": Option("format", choices=("text", "json", "sarif"), about="output format (default: text)"),
            "--tools": Option(
                "tools",
                help="check: print the Go toolchains, dlv and gopls found and each debug configuration's "
                "environment (text or json), not the findings",
            ),
            "--toolchain-roots": Option(
                "toolchainRoots",
                "DIR",
                repeatable=True,
                help="goSidecar.toolchainRoots: another folder holding Go toolchains",
            ),
            "--disabled-rules": Option(
                "disabledRules",
                "CODE",
                repeatable=True,
                help="goSidecar.disabledRules: a rule code not to run, or several comma-separated",
            ),
            "--severity-overrides": Option(
                "severityOverrides",
                "CODE=LEVEL",
                repeatable=True,
                help="goSidecar.severityOverrides: e.g. goroot-unpinned=warning",
            ),
            "--gocache-oversized-gib": Option(
                "gocacheOversizedGiB",
                "N",
                help="goSidecar.gocacheOversizedGiB: GOCACHE size in GiB reported as oversized (default 10)",
            ),
        },
    ),
    # The targets fix/purge_targets.py parse_target accepts (a test keeps the two in step).
    "purge-caches": Command(
        (
            "[go-build]",
            "[ide]",
            "[ide-leftovers]",
            "[gopls]",
            "[fuzz]",
            "[modcache[:MODULE@VERSION]]",
            "[ide:SELECTOR]",
        ),
        "purge caches (default: go-build ide) after showing the plan and asking; ide:SELECTOR purges one IDE "
        "version's, e.g. ide:GoLand2024.2; exit 0: all purged, 1: one refused or failed, 2: usage error",
        {
            "--dry-run": Option("dry_run", about="show the plan, delete nothing"),
            "--yes": Option("yes", about="do not ask before deleting"),
            "--format": Option("format", choices=("text", "json"), about="output format (default: text)"),
        },
    ),
    "rules": Command(
        (),
        "print the rule catalogue",
        {"--format": Option("format", choices=("text", "markdown", "json"), about="output format (default: text)")},
    ),
}

_WIDTH = 112  # the usage's lines stay within this many columns
_HELP_COLUMN = 35


def command_usage(name: str, prefix: str = "sidecar ") -> str:
    """`sidecar NAME [ARG]... [OPTION]...`, wrapped with continuation lines under the first argument."""
    cmd = COMMANDS[name]
    head = f"{prefix}{name}"
    words = list(cmd.positional) + [opt.synopsis(flag) for flag, opt in cmd.options.items()]
    lines, line = [], head
    for w in words:
        if len(line) + 1 + len(w) > _WIDTH and line.strip() != head.strip():
            lines.append(line)
            line = " " * len(head)
        line += " " + w
    lines.append(line)
    return "\n".join(lines)


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for w in text.split():
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    return lines + [line]


def _usage() -> str:
    out = [
        f"usage: sidecar [-h|--help] [-V|--version] {{{','.join(COMMANDS)}}} ...",
        "",
        "Go toolchain, debugger and cache checks for VS Code and GoLand.",
        "",
    ]
    for name, cmd in COMMANDS.items():
        synopsis = command_usage(name, "  sidecar ").split("\n")
        help_lines = _wrap(cmd.help, _WIDTH - _HELP_COLUMN)
        if len(synopsis[-1]) < _HELP_COLUMN - 1:  # the help starts on the synopsis' last line when there is room
            synopsis[-1] = synopsis[-1].ljust(_HELP_COLUMN) + help_lines.pop(0)
        out += synopsis + [" " * _HELP_COLUMN + h for h in help_lines]
    described = [(flag, opt) for cmd in COMMANDS.values() for flag, opt in cmd.options.items() if opt.help]
    if described:
        out.append("")
        width = max(len(flag) for flag, _ in described) + 2
        for flag, opt in described:
            text = _wrap(opt.help + (" (repeatable)" if opt.repeatable else ""), _WIDTH - 2 - width)
            out += [f"  {flag.ljust(width)}{text[0]}"] + [" " * (2 + width) + t for t in text[1:]]
    return "\n".join(out) + "\n"


USAGE = _usage()
HELP_FLAGS = ("-h", "--help")
VERSION_FLAGS = ("-V", "--version")


def command_help(name: str) -> str:
    """`sidecar NAME --help`: that command's usage, what it does, and each of its options (from the same table)."""
    cmd = COMMANDS[name]
    out = [command_usage(name, "usage: sidecar "), "", *_wrap(cmd.help[:1].upper() + cmd.help[1:] + ".", _WIDTH)]
    specs = [("-h, --help", "show this help and exit")]
    for flag, opt in cmd.options.items():
        value = "|".join(opt.choices) if opt.choices else opt.metavar
        text = (opt.help or opt.about) + (" (repeatable)" if opt.repeatable else "")
        specs.append((f"{flag} {value}" if value else flag, text))
    width = max(len(spec) for spec, _ in specs) + 2
    out += ["", "options:"]
    for spec, text in specs:
        lines = _wrap(text, _WIDTH - 2 - width) if text else [""]
        out += [f"  {spec.ljust(width)}{lines[0]}".rstrip()] + [" " * (2 + width) + t for t in lines[1:]]
    return "\n".join(out) + "\n"


class UsageError(Exception):
    """A command line the parser refuses; `command` names the command whose usage to show (None: no command)."""

    def __init__(self, message: str, command: str | None = None):
        super().__init__(message)
        self.command = command


class Args:
    def __init__(self, command: str):
        self.command = command
        self.path = "."
        self.paths: list[str] = ["."]  # check: folders and .code-workspace files
        self.format = "text"
        self.stdio = False
        self.tools = False  # check --tools: the tools report
        self.toolchainRoots: list[str] | None = None
        self.disabledRules: list[str] | None = None
        self.severityOverrides: list[str] | None = None
        self.gocacheOversizedGiB: str | None = None
        self.dry_run = False
        self.yes = False
        self.targets: list[str] = []  # purge-caches


def parse_args(argv: list[str]) -> Args:
    names = ", ".join(COMMANDS)
    if not argv:
        raise UsageError(f"a command is required: {names}")
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        raise UsageError(f"unknown command {command!r} (choose from {names})")
    options = COMMANDS[command].options
    args = Args(command)
    positional: list[str] = []
    i = 0
    while i < len(rest):
        item = rest[i]
        i += 1
        if item == "--":
            positional.extend(rest[i:])
            break
        if not item.startswith("-") or item == "-":
            positional.append(item)
            continue
        name, eq, value = item.partition("=")
        if name not in options:
            raise UsageError(f"unrecognized option {name}", command)
        opt = options[name]
        if not opt.takes_value:
            if eq:
                raise UsageError(f"{name} takes no value", command)
            setattr(args, opt.attr, True)
            continue
        if not eq:
            if i >= len(rest):
                raise UsageError(f"{name} needs a value", command)
            value = rest[i]
            i += 1
        if opt.choices and value not in opt.choices:
            raise UsageError(f"{name}: invalid choice {value!r} (choose from {', '.join(opt.choices)})", command)
        if opt.repeatable:
            setattr(args, opt.attr, (getattr(args, opt.attr) or []) + [value])
        else:
            setattr(args, opt.attr, value)
    if command == "purge-caches":
        args.targets = positional
        return args
    if positional and command != "check":
        raise UsageError(f"{command} takes no argument {positional[0]!r}", command)
    if positional:
        args.path, args.paths = positional[0], positional
    return args


def _asks_help(rest: list[str]) -> bool:
    """-h or --help among a command's arguments (before `--`, after which everything is an argument)."""
    for item in rest:
        if item == "--":
            return False
        if item in HELP_FLAGS:
            return True
    return False


def _isatty(stream: TextIO | None) -> bool:
    if stream is None:  # no console (pythonw): sys.stdout is None
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    exiting = argv is None  # the process's own command line (console script, python -m): it exits after this
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["-h"], ["--help"], ["help"]) and argv[1:2] in ([], *([n] for n in COMMANDS)):
        sys.stdout.write(command_help(argv[1]) if argv[1:] else USAGE)  # `sidecar help check` too
        return EXIT_OK
    if argv[:1] in (["-V"], ["--version"]):
        print(f"go-sidecar {__version__}")
        return EXIT_OK
    if argv[:1] and argv[0] in COMMANDS and _asks_help(argv[1:]):
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


def _cli_settings(args: Args) -> tuple[dict[str, object], list[str]]:
    """The settings the command line gives, as the editor would send them (parse_settings reads both)."""
    raw: dict[str, object] = {}
    errors: list[str] = []
    if args.toolchainRoots:
        raw["toolchainRoots"] = [os.path.abspath(p) for p in args.toolchainRoots]
    if args.disabledRules:
        raw["disabledRules"] = [c for item in args.disabledRules for c in item.split(",") if c]
    if args.severityOverrides:
        overrides: dict[str, str] = {}
        for item in args.severityOverrides:
            code, sep, level = item.partition("=")
            if not sep:
                errors.append(f"--severity-overrides takes CODE=LEVEL, got {item!r}")
                continue
            overrides[code.strip()] = level.strip()
        raw["severityOverrides"] = overrides
    if args.gocacheOversizedGiB is not None:
        try:
            raw["gocacheOversizedGiB"] = float(args.gocacheOversizedGiB)
        except ValueError:
            errors.append(f"--gocache-oversized-gib takes a number of GiB, got {args.gocacheOversizedGiB!r}")
    return raw, errors


def _check(args: Args) -> int:
    from go_sidecar.check import run_check
    from go_sidecar.probe.system import RealSystem
    from go_sidecar.rules import registry
    from go_sidecar.settings import parse_settings

    for path in args.paths:
        if not os.path.isdir(path) and not (path.endswith(CODE_WORKSPACE) and os.path.isfile(path)):
            print(f"sidecar check: {path}: not a folder or a {CODE_WORKSPACE} file", file=sys.stderr)
            return EXIT_ERROR
    raw, errors = _cli_settings(args)
    settings, messages = parse_settings(raw, {r.code for r in registry.all_rules()})
    if errors or messages:
        for m in errors + messages:
            print(f"sidecar check: {m}", file=sys.stderr)
        return EXIT_ERROR
    system = RealSystem()
    if args.tools:
        return _tools(system, args, settings)
    if len(args.paths) == 1 and os.path.isdir(args.paths[0]):
        report, _ = run_check(system, os.path.realpath(args.paths[0]), settings)
        if args.format == "json":
            _write_json(report.to_json())
        elif args.format == "sarif":
            _write_sarif([report])
        else:
            sys.stdout.write(render_text(report))
        return EXIT_FINDINGS if report.failing else EXIT_OK
    return _check_several(system, args, settings)


def _write_sarif(reports: Sequence[Report]) -> None:
    """One SARIF log of every checked folder (go_sidecar/sarif.py: URIs relative to the repository's root)."""
    from go_sidecar.rules import registry
    from go_sidecar.sarif import source_root, to_sarif

    root = source_root([r.root for r in reports], windows=os.name == "nt")
    _write_json(to_sarif(reports, registry.all_rules(), root))


def _tools(system: System, args: Args, settings: Settings) -> int:
    """`sidecar check --tools`: the tools report of each folder (go_sidecar/tools_report.py)."""
    from go_sidecar import tools_report
    from go_sidecar.check import _real_host

    if args.format == "sarif":
        print("sidecar check: --tools prints text or json, not sarif", file=sys.stderr)
        return EXIT_ERROR
    entries, _, messages = workspace_entries(system, args.paths)
    for m in messages:
        print(f"sidecar check: {m}", file=sys.stderr)
    machine = _real_host().facts()
    reports = [
        tools_report.build(system, facts, machine, name=f.name, workspace_file=f.workspace_file)
        for f, facts in tools_report.collect(system, entries, settings)
    ]
    if args.format == "json":
        _write_json(
            reports[0].to_json() if len(reports) == 1 else {"version": 1, "reports": [r.to_json() for r in reports]}
        )
    else:
        sys.stdout.write("\n".join(tools_report.to_text(r) for r in reports))
    return EXIT_OK


CODE_WORKSPACE = ".code-workspace"


def workspace_entries(system: System, paths: list[str]) -> tuple[list[Folder], str | None, list[str]]:
    """(the entries to check, the .code-workspace checked if any, messages): each folder once, in order; a
    .code-workspace adds its folders and one entry for its own launch and settings sections. A folder it names
    that does not exist is said and skipped, as VS Code shows it missing."""
    from go_sidecar.check import Folder
    from go_sidecar.probe.workspace import read_code_workspace

    entries: list[Folder] = []
    seen: set[str] = set()
    workspace_file = None
    messages: list[str] = []

    def add(folder: Folder) -> None:
        key = folder.workspace_file or folder.path
        if key not in seen:
            seen.add(key)
            entries.append(folder)

    for path in paths:
        if os.path.isdir(path):
            real = os.path.realpath(path)
            add(Folder(os.path.basename(real) or real, real))
            continue
        real = os.path.realpath(path)
        workspace_file = workspace_file or real
        code_ws = read_code_workspace(system, real)
        messages += code_ws.messages
        for name, folder in code_ws.folders:
            if os.path.isdir(folder):
                add(Folder(name, os.path.realpath(folder)))
            else:
                messages.append(f"{real}: folder {name!r} ({folder}) does not exist; skipped")
        add(Folder(os.path.basename(real), os.path.dirname(real), real))
    return entries, workspace_file, messages


def _check_several(system: System, args: Args, settings: Settings) -> int:
    from go_sidecar.check import combined_json, run_checks

    entries, workspace_file, messages = workspace_entries(system, args.paths)
    results = run_checks(system, entries, settings)
    if messages:
        results[0][1].messages[:0] = messages
    if args.format == "json":
        _write_json(combined_json([(f, r) for f, r, _ in results], workspace_file))
    elif args.format == "sarif":
        _write_sarif([r for _, r, _ in results])
    else:
        sys.stdout.write("\n".join(render_text(r, f.workspace_file or f.name) for f, r, _ in results))
        counts = _counts([f for _, r, _ in results for f in r.findings])
        total = sum(counts.values())
        sys.stdout.write(f"\n{len(results)} folder(s), {total} finding(s): {_summary(counts)}\n")
    return EXIT_FINDINGS if any(r.failing for _, r, _ in results) else EXIT_OK


def _write_json(data: Mapping[str, object]) -> None:
    # Indented for a person at a terminal; compact for a pipe, where json's C encoder does it ~10x faster (the
    # indenting encoder is pure Python: 1 s for the report of a 4,000-configuration launch.json).
    import json  # not loaded by a text check

    indent = 2 if _isatty(sys.stdout) else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False))
    sys.stdout.write("\n")


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity.label] = counts.get(f.severity.label, 0) + 1
    return counts


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {label}" for label, n in sorted(counts.items())) or "no findings"


def render_text(report: Report, title: str | None = None) -> str:
    """One folder's findings; `title` names the folder (or .code-workspace) in a report of several."""
    head = f"{title} ({report.root})" if title and title != report.root else report.root
    lines = [f"go-sidecar: {head} ({report.host.os}/{report.host.arch})"]
    if report.toolchains:
        lines.append("Go toolchains: " + ", ".join(f"{t.version or '?'} ({t.root})" for t in report.toolchains))
    else:
        lines.append("Go toolchains: none found")
    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_file.setdefault(f.location.path, []).append(f)
    for path, findings in by_file.items():
        try:
            shown = os.path.relpath(path, report.root)
        except ValueError:
            shown = path
        lines.append("")
        lines.append(shown)
        for f in findings:
            pos = f.location.range.start
            lines.append(f"  {pos.line + 1}:{pos.character + 1}  {f.severity.label:<11} {f.code}  {f.message}")
            for fix in f.fixes:
                mark = "*" if fix.preferred else "-"
                lines.append(f"      {mark} fix: {fix.title}")
                if fix.shell:
                    lines.append(f"          run: {fix.shell}")
    for m in report.messages:
        lines.append(f"note: {m}")
    summary = _summary(_counts(report.findings))
    lines.append("")
    lines.append(f"{len(report.findings)} finding(s): {summary}")
    return "\n".join(lines) + "\n"
