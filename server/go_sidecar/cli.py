"""`sidecar serve | check | rules`.

`check` imports no LSP machinery (pygls, lsprotocol): it starts as fast as a small script can.
"""

from __future__ import annotations

import json
import os
import sys

from go_sidecar import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


# A small parser of our own: argparse (with the shutil, gettext and locale it pulls in) costs a cold
# `sidecar check` more than its whole check. One table says what each command accepts; the parser reads it and
# the usage text is written from it, so the two cannot disagree. Option names are the settings' names (one
# namespace everywhere).
class Option:
    """One option: the Args attribute it sets; `metavar` None for a flag that takes no value; `choices` when
    only those values are accepted; `repeatable` collects every occurrence; `help` a line for the option list
    (the settings' flags), "" for none."""

    __slots__ = ("attr", "choices", "help", "metavar", "repeatable")

    def __init__(
        self,
        attr: str,
        metavar: str | None = None,
        choices: tuple[str, ...] | None = None,
        repeatable: bool = False,
        help: str = "",
    ):
        self.attr, self.metavar, self.choices, self.repeatable, self.help = attr, metavar, choices, repeatable, help

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
    "serve": Command((), "run the language server on stdio", {"--stdio": Option("stdio")}),
    "check": Command(
        ("[PATH...]",),
        "check workspace folders or a .code-workspace file (default: .) and print the findings, per folder; "
        "exit 0: nothing at warning or error, 1: findings, 2: usage or internal error",
        {
            "--format": Option("format", choices=("text", "json")),
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
            "--dry-run": Option("dry_run"),
            "--yes": Option("yes"),
            "--format": Option("format", choices=("text", "json")),
        },
    ),
    "rules": Command(
        (), "print the rule catalogue", {"--format": Option("format", choices=("text", "markdown", "json"))}
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
        f"usage: sidecar [--version] {{{','.join(COMMANDS)}}} ...",
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


class UsageError(Exception):
    pass


class Args:
    def __init__(self, command: str):
        self.command = command
        self.path = "."
        self.paths: list[str] = ["."]  # check: folders and .code-workspace files
        self.format = "text"
        self.stdio = False
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
        if not item.startswith("--") or item == "-":
            positional.append(item)
            continue
        name, eq, value = item.partition("=")
        if name not in options:
            raise UsageError(f"unrecognized option {name} for {command}")
        opt = options[name]
        if not opt.takes_value:
            if eq:
                raise UsageError(f"{name} takes no value")
            setattr(args, opt.attr, True)
            continue
        if not eq:
            if i >= len(rest):
                raise UsageError(f"{name} needs a value")
            value = rest[i]
            i += 1
        if opt.choices and value not in opt.choices:
            raise UsageError(f"{name}: invalid choice {value!r} (choose from {', '.join(opt.choices)})")
        if opt.repeatable:
            setattr(args, opt.attr, (getattr(args, opt.attr) or []) + [value])
        else:
            setattr(args, opt.attr, value)
    if command == "purge-caches":
        args.targets = positional
        return args
    if positional and command != "check":
        raise UsageError(f"{command} takes no argument {positional[0]!r}")
    if positional:
        args.path, args.paths = positional[0], positional
    return args


def _isatty(stream) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if any(a in ("-h", "--help") for a in argv[:2]) or argv == ["help"]:
        sys.stdout.write(USAGE)
        return EXIT_OK
    if argv[:1] == ["--version"]:
        print(f"go-sidecar {__version__}")
        return EXIT_OK
    try:
        args = parse_args(argv)
    except UsageError as e:
        sys.stderr.write(USAGE.split("\n\n")[0] + "\n")
        print(f"sidecar: error: {e}", file=sys.stderr)
        return EXIT_ERROR
    try:
        if args.command == "serve":
            from go_sidecar.lsp.fastinit import answer_first

            stdin, stdout, early = answer_first(sys.stdin.buffer, sys.stdout.buffer)
            from go_sidecar.lsp.app import serve  # pygls and lsprotocol load now, after the answer

            serve(stdin, stdout, early)
            return EXIT_OK
        if args.command == "rules":
            return _rules(args.format)
        if args.command == "purge-caches":
            from go_sidecar import purge_cli

            return purge_cli.main(args)
        return _check(args)
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception:  # noqa: BLE001 - an internal error is exit 2 with the trace, never a findings result
        import traceback

        print("sidecar: internal error:\n" + traceback.format_exc(), file=sys.stderr)
        return EXIT_ERROR


def _rules(fmt: str) -> int:
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


def _cli_settings(args) -> tuple[dict, list[str]]:
    raw: dict = {}
    errors: list[str] = []
    if args.toolchainRoots:
        raw["toolchainRoots"] = [os.path.abspath(p) for p in args.toolchainRoots]
    if args.disabledRules:
        raw["disabledRules"] = [c for item in args.disabledRules for c in item.split(",") if c]
    if args.severityOverrides:
        overrides = {}
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


def _check(args) -> int:
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
    if len(args.paths) == 1 and os.path.isdir(args.paths[0]):
        report, _ = run_check(system, os.path.realpath(args.paths[0]), settings)
        if args.format == "json":
            _write_json(report.to_json())
        else:
            sys.stdout.write(render_text(report))
        return EXIT_FINDINGS if report.failing else EXIT_OK
    return _check_several(system, args, settings)


CODE_WORKSPACE = ".code-workspace"


def workspace_entries(system, paths: list[str]) -> tuple[list, str | None, list[str]]:
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


def _check_several(system, args, settings) -> int:
    from go_sidecar.check import combined_json, run_checks

    entries, workspace_file, messages = workspace_entries(system, args.paths)
    results = run_checks(system, entries, settings)
    if messages:
        results[0][1].messages[:0] = messages
    if args.format == "json":
        _write_json(combined_json([(f, r) for f, r, _ in results], workspace_file))
    else:
        sys.stdout.write("\n".join(render_text(r, f.workspace_file or f.name) for f, r, _ in results))
        counts = _counts([f for _, r, _ in results for f in r.findings])
        total = sum(counts.values())
        sys.stdout.write(f"\n{len(results)} folder(s), {total} finding(s): {_summary(counts)}\n")
    return EXIT_FINDINGS if any(r.failing for _, r, _ in results) else EXIT_OK


def _write_json(data: dict) -> None:
    # Indented for a person at a terminal; compact for a pipe, where json's C encoder does it ~10x faster (the
    # indenting encoder is pure Python: 1 s for the report of a 4,000-configuration launch.json).
    indent = 2 if _isatty(sys.stdout) else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False))
    sys.stdout.write("\n")


def _counts(findings) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity.label] = counts.get(f.severity.label, 0) + 1
    return counts


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {label}" for label, n in sorted(counts.items())) or "no findings"


def render_text(report, title: str | None = None) -> str:
    """One folder's findings; `title` names the folder (or .code-workspace) in a report of several."""
    head = f"{title} ({report.root})" if title and title != report.root else report.root
    lines = [f"go-sidecar: {head} ({report.host.os}/{report.host.arch})"]
    if report.toolchains:
        lines.append("Go toolchains: " + ", ".join(f"{t.version or '?'} ({t.root})" for t in report.toolchains))
    else:
        lines.append("Go toolchains: none found")
    by_file: dict[str, list] = {}
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
