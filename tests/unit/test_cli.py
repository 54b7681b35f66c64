"""`python -m go_sidecar check` as a user runs it: a subprocess whose home, caches, GOPATH and PATH are folders
of tmp_path. Exit codes: 0 no warning or error, 1 findings, 2 usage or internal error; never a traceback."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from go_sidecar.probe.workspace import MAX_JSONC

from .conftest import Sandbox, real_root

TIMEOUT = 120

LAUNCH = """{
    // 启动当前包 😀 (a Chinese comment before the configuration)
    "version": "0.2.0",
    "configurations": [
        {
            "name": "Launch Package",
            "type": "go",
            "request": "launch",
            "mode": "auto",
            "program": "${fileDirname}", // main package
            %s
        },
    ]
}
"""


def run(sandbox: Sandbox, *args: str, cwd: Path | None = None, timeout: float = TIMEOUT, preexec_fn=None):
    env = dict(sandbox.env)
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    if os.environ.get("SYSTEMROOT"):
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    proc = subprocess.run(
        [sys.executable, "-m", "go_sidecar", *args],
        env=env,
        cwd=cwd or sandbox.tmp,
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        preexec_fn=preexec_fn,
        check=False,
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in err and "Traceback" not in out, err
    return proc.returncode, out, err


# These tests are about the GOROOT rules and the CLI itself: a sandbox has no dlv, which the debugger rules
# would report; they are disabled here and tested in test_delve_rules.py.
NO_DEBUGGER = (
    "--disabled-rules",
    "dlv-missing,dlv-arch-mismatch,toolchain-arch-mismatch,dlv-go-unsupported,debug-cross-target",
)


def check_json(sandbox: Sandbox, *extra: str):
    code, out, err = run(sandbox, "check", str(sandbox.ws), "--format", "json", *NO_DEBUGGER, *extra)
    assert code in (0, 1), err
    return code, json.loads(out), err


def _validate(report: dict) -> None:
    import jsonschema  # the test extra: missing, the test fails rather than skipping half-way

    schema_path = Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json"
    jsonschema.validate(report, json.loads(schema_path.read_text(encoding="utf-8")))


def _launch(sandbox: Sandbox, env_line: str = "") -> None:
    sandbox.write(".vscode/launch.json", LAUNCH % env_line)


# --- exit codes -------------------------------------------------------------------------------------------
def test_exit_0_when_nothing_is_wrong(sandbox):
    root = sandbox.sdk_root("go1.22.5")
    sandbox.put_on_path(root)
    sandbox.write("go.mod", "module example.com/m\n\ngo 1.22.0\n")
    _launch(sandbox)
    code, report, _ = check_json(sandbox)
    _validate(report)
    assert code == 0
    assert report["root"] == str(sandbox.ws.resolve())
    ours = [t for t in report["toolchains"] if t["root"].startswith(str(sandbox.tmp))]
    assert ours == [{"root": str(root), "version": "go1.22.5", "source": "PATH"}]
    assert [f for f in report["findings"] if f["severity"] in ("warning", "error")] == []


def test_exit_0_with_information_only(sandbox):
    # No skip on a machine with a system Go (/usr/local/go, ...): it is one more installed toolchain, which
    # changes neither the one finding (the configuration pins none of them) nor the exit code.
    sandbox.put_on_path(sandbox.sdk_root("go1.22.5"))
    sandbox.sdk_root("go1.27.3")
    _launch(sandbox)
    code, report, _ = check_json(sandbox)
    _validate(report)
    assert code == 0
    assert [f["code"] for f in report["findings"]] == ["goroot-unpinned"]
    assert report["findings"][0]["severity"] == "information"
    # The same finding raised to a warning through the command line fails the check.
    code, report, _ = check_json(sandbox, "--severity-overrides", "goroot-unpinned=warning")
    assert code == 1 and report["findings"][0]["severity"] == "warning"
    code, report, _ = check_json(sandbox, "--disabled-rules", "goroot-unpinned")
    assert code == 0 and report["findings"] == []


def test_exit_1_with_findings_json(sandbox):
    old = sandbox.sdk_root("go1.21.5")
    sandbox.sdk_root("go1.22.5")
    sandbox.put_on_path(old)
    sandbox.write("go.mod", "module example.com/m\n\ngo 1.22.0\n")
    _launch(sandbox, '"env": {"GOTOOLCHAIN": "local"},')
    code, report, _ = check_json(sandbox)
    _validate(report)
    assert code == 1
    [f] = [f for f in report["findings"] if f["code"] == "goroot-too-old"]
    assert f["severity"] == "error"
    assert "go: go.mod requires go >= 1.22.0 (running go 1.21.5; GOTOOLCHAIN=local)" in f["message"]
    assert f["location"]["path"] == str(sandbox.ws.resolve() / ".vscode" / "launch.json")
    assert f["location"]["range"]["start"] == {"line": 5, "character": 12}
    assert f["fixes"][0]["preferred"] is True and f["fixes"][0]["edits"]


def test_text_output_groups_by_file_with_line_and_column(sandbox):
    sandbox.put_on_path(sandbox.sdk_root("go1.21.5"))
    sandbox.sdk_root("go1.22.5")
    sandbox.write("go.mod", "module example.com/m\n\ngo 1.22.0\n")
    _launch(sandbox, '"env": {"GOROOT": "/gone/go"},')
    sandbox.write(".vscode/settings.json", '{"go.goroot": "/also/gone"}')
    code, out, _err = run(sandbox, "check", str(sandbox.ws), *NO_DEBUGGER)
    assert code == 1
    lines = out.splitlines()
    launch_rel = os.path.join(".vscode", "launch.json")
    settings_rel = os.path.join(".vscode", "settings.json")
    assert launch_rel in lines and settings_rel in lines
    # Each file is a heading once; its findings follow as "  line:column  severity code  message".
    assert lines.count(launch_rel) == 1 and lines.count(settings_rel) == 1
    start = lines.index(launch_rel)
    assert lines[start + 1].startswith("  11:31  error       goroot-invalid  ")
    s_start = lines.index(settings_rel)
    assert lines[s_start + 1].startswith("  1:15  error       goroot-invalid  ")
    assert any(line.strip().startswith("* fix: Use go1.22.5") for line in lines)
    assert lines[-1].startswith(f"{sum(1 for x in lines if x.startswith('  ') and ':' in x.split()[0])} finding(s)")
    assert "error" in lines[-1]


def test_exit_2_on_missing_folder_and_bad_arguments(sandbox):
    code, out, err = run(sandbox, "check", str(sandbox.tmp / "no such folder"), "--format", "json")
    assert code == 2 and "not a folder" in err and out == ""
    file = sandbox.write("file.txt", "x")
    code, _, err = run(sandbox, "check", str(file))
    assert code == 2 and "not a folder" in err
    code, _, err = run(sandbox, "check", str(sandbox.ws), "--severity-overrides", "goroot-unpinned")
    assert code == 2 and "CODE=LEVEL" in err
    code, _, err = run(sandbox, "check", str(sandbox.ws), "--severity-overrides", "goroot-unpinned=loud")
    assert code == 2 and "loud" in err
    code, _, err = run(sandbox, "check", str(sandbox.ws), "--severity-overrides", "no-such-rule=error")
    assert code == 2 and "no-such-rule" in err
    code, _, err = run(sandbox, "check", str(sandbox.ws), "--format", "yaml")
    assert code == 2 and "invalid choice" in err
    code, _, _ = run(sandbox)
    assert code == 2
    code, _, _ = run(sandbox, "frobnicate")
    assert code == 2


def test_default_path_is_the_current_folder(sandbox):
    _launch(sandbox)
    code, out, _ = run(sandbox, "check", "--format", "json", cwd=sandbox.ws)
    assert code in (0, 1)
    assert json.loads(out)["root"] == str(sandbox.ws.resolve())


def test_rules_catalogue(sandbox):
    code, out, _ = run(sandbox, "rules", "--format", "json")
    assert code == 0
    codes = [r["code"] for r in json.loads(out)]
    assert "goroot-unpinned" in codes and "goroot-path-mismatch" in codes
    code, out, _ = run(sandbox, "rules", "--format", "markdown")
    assert code == 0 and "## goroot-too-old" in out
    code, out, _ = run(sandbox, "rules")
    assert code == 0 and all(c in out for c in codes)


def test_toolchain_roots_flag(sandbox):
    extra = real_root(sandbox.tmp / "elsewhere", "go1.24.0", "go1.24.0")
    _launch(sandbox)
    _code, report, _ = check_json(sandbox, "--toolchain-roots", str(extra.parent))
    assert str(extra) in [t["root"] for t in report["toolchains"]]


def test_nothing_outside_tmp_is_read_as_home(sandbox):
    """The redirected HOME is the one used: a toolchain in the real ~/sdk would not show up, ours does."""
    root = sandbox.sdk_root("go1.22.5")
    _code, report, _ = check_json(sandbox)
    assert any(t["root"] == str(root) and t["source"] == "sdk" for t in report["toolchains"])
    real_home = Path(os.path.expanduser("~")).resolve()
    if real_home != sandbox.home.resolve():
        assert not any(
            t["root"].startswith(str(real_home) + os.sep) and not t["root"].startswith(str(sandbox.tmp))
            for t in report["toolchains"]
        )


# --- bad input: exit 0 or 1, never 2, never a traceback -------------------------------------------------------
def _bad_check(sandbox: Sandbox, fmt: str = "json"):
    code, out, err = run(sandbox, "check", str(sandbox.ws), "--format", fmt)
    assert code in (0, 1), (code, err)
    return (json.loads(out) if fmt == "json" else out), err


@pytest.mark.parametrize("cut", [0.25, 0.5, 0.8, 0.95])
def test_half_typed_launch_json(sandbox, cut):
    sandbox.put_on_path(sandbox.sdk_root("go1.22.5"))
    text = (LAUNCH % '"env": {"GOROOT": "/gone"},').encode()
    sandbox.write(".vscode/launch.json", text[: int(len(text) * cut)])
    report, _ = _bad_check(sandbox)
    _validate(report)
    _bad_check(sandbox, "text")


def test_non_utf8_launch_json(sandbox):
    data = (LAUNCH % '"env": {"GOROOT": "/gone"},').encode().replace("启动当前包".encode(), "启动".encode("gbk"))
    sandbox.write(".vscode/launch.json", data)
    report, _ = _bad_check(sandbox)
    _validate(report)
    assert any("not valid UTF-8" in m for m in report["messages"])
    [f] = [f for f in report["findings"] if f["code"] == "goroot-invalid"]
    assert f["location"]["range"]["start"]["line"] == 10


def test_a_launch_json_under_the_bound_is_checked_with_exact_lines(sandbox):
    line = "    // 注释 comment line padded to make the file large................................\n"
    count = 1000 * 1024 // len(line.encode())
    config = '    "configurations": [{"name": "x", "type": "go", "env": {"GOROOT": "/gone"}}]\n'
    data = ("{\n" + line * count + config + "}\n").encode()
    assert 900 * 1024 < len(data) <= MAX_JSONC
    sandbox.write(".vscode/launch.json", data)
    started = time.monotonic()
    report, _ = _bad_check(sandbox)
    assert time.monotonic() - started < 20
    [f] = [f for f in report["findings"] if f["code"] == "goroot-invalid"]
    assert f["location"]["range"]["start"]["line"] == count + 1


def test_a_single_line_launch_json_under_the_bound_has_utf16_columns(sandbox):
    args = ",".join(['"中文😀 argument"'] * 45000)
    data = '{"configurations": [{"name": "x", "type": "go", "args": [' + args + '], "env": {"GOROOT": "/gone"}}]}'
    data = data.encode()
    assert 900 * 1024 < len(data) <= MAX_JSONC
    sandbox.write(".vscode/launch.json", data)
    started = time.monotonic()
    report, _ = _bad_check(sandbox)
    assert time.monotonic() - started < 30
    [f] = [f for f in report["findings"] if f["code"] == "goroot-invalid"]
    # The column counts UTF-16 units: each emoji is two.
    prefix = data[: data.index(b'"/gone"')].decode()
    assert f["location"]["range"]["start"] == {"line": 0, "character": len(prefix.encode("utf-16-le")) // 2}


@pytest.mark.parametrize("layout", ["comments", "one-line"])
def test_a_five_megabyte_launch_json_is_refused_with_a_message(sandbox, layout):
    """Over the JSONC bound: not parsed (a tree costs ~75 bytes per byte), said, and the check goes on."""
    if layout == "comments":
        data = (
            "{\n"
            + "    // padding................................................\n" * 90_000
            + '"configurations": [{"name": "x", "type": "go", "env": {"GOROOT": "/gone"}}]}'
        ).encode()
    else:
        data = (
            '{"configurations": ['
            + ",".join(['{"name": "x", "type": "go", "env": {"GOROOT": "/gone"}}'] * 95_000)
            + "]}"
        ).encode()
    assert len(data) >= 5 * 1024 * 1024
    sandbox.write(".vscode/launch.json", data)
    started = time.monotonic()
    report, _ = _bad_check(sandbox)
    assert time.monotonic() - started < 10
    assert any("launch.json" in m and "larger than 1 MB" in m for m in report["messages"])
    assert not [f for f in report["findings"] if f["code"].startswith("goroot")]


def test_folder_named_launch_json(sandbox):
    (sandbox.ws / ".vscode" / "launch.json").mkdir()
    (sandbox.ws / ".vscode" / "settings.json").mkdir()
    report, _ = _bad_check(sandbox)
    assert any("is a folder" in m for m in report["messages"])
    out, _ = _bad_check(sandbox, "text")
    assert "note:" in out


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_garbage_go_mod_and_go_work(sandbox, seed):
    rng = random.Random(seed)
    sandbox.put_on_path(sandbox.sdk_root("go1.22.5"))
    sandbox.write("go.mod", bytes(rng.randrange(256) for _ in range(4096)))
    sandbox.write("go.work", bytes(rng.randrange(256) for _ in range(512)) + b"\ngo 1.\xff\n")
    _launch(sandbox)
    report, _ = _bad_check(sandbox)
    _validate(report)
    _bad_check(sandbox, "text")


def test_garbage_settings_and_env_file(sandbox):
    _launch(sandbox, '"envFile": "${workspaceFolder}/.env",')
    sandbox.write(".vscode/settings.json", b"\xff\xfe{not json at all")
    sandbox.write(".env", b"\x00\x01GOROOT\xff=\xfe\n=\n")
    report, _ = _bad_check(sandbox)
    _validate(report)


def _as_root_without_privileges():
    """A preexec_fn for a child that keeps uid 0 but loses every capability, so that file modes bind it as they
    bind a normal user: CI runs as root, and root's CAP_DAC_OVERRIDE reads a file of mode 000.

    SECBIT_NOROOT: execve no longer grants uid 0 the full capability set (capabilities(7), "The securebits
    flags"); with no ambient capabilities the child starts with none. Keeping uid 0 (rather than switching to
    nobody) keeps the sandbox reachable: pytest's tmp_path sits in a 0700 folder owned by root. None when the
    test does not run as root: a normal user meets the permission error anyway."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        return None
    if not sys.platform.startswith("linux"):
        pytest.fail("run as root on a system without Linux securebits: this test cannot make a read fail here")
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    pr_set_securebits, secbit_noroot, secbit_noroot_locked = 28, 1 << 0, 1 << 1  # <linux/prctl.h>, securebits.h
    pr_cap_ambient, pr_cap_ambient_clear_all = 47, 4

    def drop():  # runs in the forked child, before exec; an exception here fails subprocess.run in the parent
        if libc.prctl(pr_set_securebits, secbit_noroot | secbit_noroot_locked, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECUREBITS) needs CAP_SETPCAP")
        libc.prctl(pr_cap_ambient, pr_cap_ambient_clear_all, 0, 0, 0)  # EINVAL before Linux 4.3: none to clear

    return drop


def test_unreadable_launch_json(sandbox):
    """A launch.json go-sidecar may not read: a message, the other files still checked, no traceback. Runs as
    root too (see _as_root_without_privileges): the read fails with a real EACCES, not a simulated one."""
    path = sandbox.write(".vscode/launch.json", LAUNCH % "")
    path.chmod(0)
    try:
        code, out, err = run(
            sandbox, "check", str(sandbox.ws), "--format", "json", preexec_fn=_as_root_without_privileges()
        )
        assert code in (0, 1), (code, err)
        report = json.loads(out)
        assert f"cannot read {path}: Permission denied" in report["messages"], report["messages"]
    finally:
        path.chmod(0o644)


def test_argument_parser_forms_and_errors():
    from go_sidecar.cli import UsageError, parse_args

    a = parse_args(
        [
            "check",
            "ws",
            "--format=json",
            "--disabled-rules",
            "a",
            "--disabled-rules=b",
            "--severity-overrides",
            "x=warning",
            "--toolchain-roots",
            "/t",
        ]
    )
    assert (a.path, a.format, a.disabledRules, a.severityOverrides, a.toolchainRoots) == (
        "ws",
        "json",
        ["a", "b"],
        ["x=warning"],
        ["/t"],
    )
    assert parse_args(["check", "a", "b.code-workspace"]).paths == ["a", "b.code-workspace"]  # several: multi-root
    assert parse_args(["serve", "--stdio"]).stdio is True
    assert parse_args(["rules", "--format", "markdown"]).format == "markdown"
    for bad in (
        ["nope"],
        [],
        ["check", "--format", "xml"],
        ["check", "--format"],
        ["rules", "x"],
        ["serve", "--stdio=1"],
        ["check", "--unknown"],
    ):
        with pytest.raises(UsageError):
            parse_args(bad)


# --- the usage text is written from the parser's own table ---------------------------------------------------
def _accepted(command: str, option: str) -> bool:
    """Whether parse_args takes `option` for `command` (with a value when it asks for one)."""
    from go_sidecar.cli import COMMANDS, UsageError, parse_args

    opt = COMMANDS[command].options.get(option)
    tries = [[command, option], [command, option, opt.choices[0] if opt and opt.choices else "x"]]
    for argv in tries:
        try:
            parse_args(argv)
            return True
        except UsageError as e:
            if "unrecognized option" in str(e):
                return False
    raise AssertionError(f"{command} {option}: neither form parses")


def test_usage_shows_every_option_the_parser_accepts_and_no_other():
    import re

    from go_sidecar import cli

    everywhere = set(re.findall(r"--[a-z][a-z-]*", cli.USAGE))
    for command in cli.COMMANDS:
        synopsis = cli.command_usage(command, "  sidecar ")
        assert synopsis in cli.USAGE
        shown = set(re.findall(r"\[(--[a-z][a-z-]*)", synopsis))
        for option in everywhere | shown | {"--verbose", "--help-me"}:
            assert _accepted(command, option) == (option in shown), (command, option)


def test_usage_shows_every_purge_target_form_the_parser_accepts():
    from go_sidecar import cli
    from go_sidecar.fix.purge_targets import TARGET_NAMES, TargetError, parse_target

    synopsis = cli.command_usage("purge-caches")
    for name in TARGET_NAMES:
        assert f"[{name}]" in synopsis or f"[{name}[" in synopsis, name
    # each form shown parses, with its placeholder filled in; ide:SELECTOR was once missing from the usage
    examples = {"MODULE@VERSION": "github.com/BurntSushi/toml@v1.3.2", "SELECTOR": "GoLand2024.2"}
    forms = [w.strip("[]") for w in cli.COMMANDS["purge-caches"].positional]
    forms += ["modcache:MODULE@VERSION"]  # "modcache[:MODULE@VERSION]" is both "modcache" and this
    for form in forms:
        form = form.replace("[:MODULE@VERSION", "")
        for placeholder, example in examples.items():
            form = form.replace(placeholder, example)
        parse_target(form)
    assert "[ide:SELECTOR]" in synopsis and "[modcache[:MODULE@VERSION]]" in synopsis
    with pytest.raises(TargetError):
        parse_target("ide:")  # the selector form is real: an empty selector is refused


def test_help_prints_the_generated_usage(sandbox):
    from go_sidecar.cli import USAGE

    code, out, _ = run(sandbox, "--help")
    assert code == 0 and out.replace("\r\n", "\n") == USAGE
    assert all(len(line) <= 112 for line in USAGE.splitlines())
