"""The command line of `sidecar`: one table of the commands and their options, the parser that reads it, and the
usage and help texts written from it (README's usage blocks too: scripts/gen_docs.py), so that none can disagree.

A small parser of our own: argparse (with the shutil, gettext and locale it pulls in) costs a cold `sidecar check`
more than its whole check. Option names are the settings' names (one namespace everywhere).
"""

from __future__ import annotations

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


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


def asks_help(rest: list[str]) -> bool:
    """-h or --help among a command's arguments (before `--`, after which everything is an argument)."""
    for item in rest:
        if item == "--":
            return False
        if item in HELP_FLAGS:
            return True
    return False
