"""The command line's conventions (issue 14): `sidecar COMMAND -h/--help` prints that command's usage and options,
`sidecar -V/--version` the version, a bad flag one error line and that command's usage (exit 2). Every text is
written from cli.COMMANDS, the table the parser reads."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stderr, redirect_stdout

import pytest

from go_sidecar import __version__, cli


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = cli.main(list(argv))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", list(cli.COMMANDS))
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_command_help_is_that_commands_usage_and_options(command: str, flag: str):
    code, out, err = run(command, flag)
    assert code == 0 and err == ""
    assert out == cli.command_help(command)
    assert out.startswith(cli.command_usage(command, "usage: sidecar ") + "\n")
    assert out != cli.USAGE and all(f"sidecar {other}" not in out for other in cli.COMMANDS if other != command)
    # Every option of the command is listed once, with a line saying what it does; no other command's option.
    listed = re.findall(r"^  (--[a-z-]+)", out, flags=re.MULTILINE)
    assert listed == list(cli.COMMANDS[command].options)
    for line in out.splitlines():
        if line.startswith("  -"):
            assert re.match(r"^  \S.*?\s{2,}\S", line), f"an option without a description: {line!r}"
        assert len(line) <= 112, line
    assert "-h, --help" in out
    # Help wins wherever it is among the command's arguments, but not after `--` (an argument there).
    assert run(command, "--format", "json", flag)[1] == out if "--format" in cli.COMMANDS[command].options else True
    assert run("help", command) == (0, out, "")


def test_global_help_and_version():
    for argv in (["-h"], ["--help"], ["help"]):
        assert run(*argv) == (0, cli.USAGE, "")
    for argv in (["-V"], ["--version"]):
        code, out, err = run(*argv)
        assert code == 0 and err == "" and out == f"go-sidecar {__version__}\n"
    assert "-V|--version" in cli.USAGE.splitlines()[0]


@pytest.mark.parametrize(
    "argv,command,message",
    [
        (["check", "--bogus"], "check", "unrecognized option --bogus"),
        (["check", "-q"], "check", "unrecognized option -q"),
        (["check", "--format", "yaml"], "check", "invalid choice 'yaml'"),
        (["check", "--format"], "check", "--format needs a value"),
        (["check", "--tools=yes"], "check", "--tools takes no value"),
        (["purge-caches", "--force"], "purge-caches", "unrecognized option --force"),
        (["rules", "extra"], "rules", "rules takes no argument 'extra'"),
        (["serve", "--stdio=1"], "serve", "--stdio takes no value"),
        (["check", "--", "--help"], None, None),  # after `--`: a path, not a flag (not a folder: exit 2)
    ],
)
def test_a_bad_flag_is_one_error_line_and_that_commands_usage(argv, command, message):
    code, out, err = run(*argv)
    assert code == 2 and out == ""
    if command is None:
        assert "not a folder" in err and "usage:" not in err
        return
    usage = cli.command_usage(command, "usage: sidecar ")
    assert err.startswith(usage + "\n")
    rest = err[len(usage) + 1 :].splitlines()
    assert len(rest) == 1 and rest[0].startswith(f"sidecar {command}: error: ") and message in rest[0]


def test_no_or_unknown_command_shows_the_general_usage_line():
    for argv in ([], ["frobnicate"], ["-x"]):
        code, out, err = run(*argv)
        lines = err.splitlines()
        assert code == 2 and out == "" and len(lines) == 2
        assert lines[0] == cli.USAGE.splitlines()[0] and lines[1].startswith("sidecar: error: ")
