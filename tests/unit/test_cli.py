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

from .conftest import Sandbox, real_root, system_go_installed

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


def run(sandbox: Sandbox, *args: str, cwd: Path | None = None, timeout: float = TIMEOUT):
    env = dict(sandbox.env)
    env["PYTHONPATH"] = os.environ.get("PYTHONPATH", "")
    env["PYTHONIOENCODING"] = "utf-8"
    if os.environ.get("SYSTEMROOT"):
        env["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    proc = subprocess.run([sys.executable, "-m", "go_sidecar", *args], env=env, cwd=cwd or sandbox.tmp,
                          capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in err and "Traceback" not in out, err
    return proc.returncode, out, err


# These tests are about the GOROOT rules and the CLI itself: a sandbox has no dlv, which the debugger rules
# would report; they are disabled here and tested in test_delve_rules.py.
NO_DEBUGGER = ("--disabled-rules", "dlv-missing,dlv-arch-mismatch,toolchain-arch-mismatch,dlv-go-unsupported,"
               "debug-cross-target")


def check_json(sandbox: Sandbox, *extra: str):
    code, out, err = run(sandbox, "check", str(sandbox.ws), "--format", "json", *NO_DEBUGGER, *extra)
    assert code in (0, 1), err
    return code, json.loads(out), err


def _validate(report: dict) -> None:
    schema_path = Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json"
    if not schema_path.is_file():
        return
    jsonschema = pytest.importorskip("jsonschema")
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
    if system_go_installed():
        pytest.skip("a system Go outside tmp_path changes what is installed")
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
    code, out, err = run(sandbox, "check", str(sandbox.ws), *NO_DEBUGGER)
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
    code, report, _ = check_json(sandbox, "--toolchain-roots", str(extra.parent))
    assert str(extra) in [t["root"] for t in report["toolchains"]]


def test_nothing_outside_tmp_is_read_as_home(sandbox):
    """The redirected HOME is the one used: a toolchain in the real ~/sdk would not show up, ours does."""
    root = sandbox.sdk_root("go1.22.5")
    code, report, _ = check_json(sandbox)
    assert any(t["root"] == str(root) and t["source"] == "sdk" for t in report["toolchains"])
    real_home = Path(os.path.expanduser("~")).resolve()
    if real_home != sandbox.home.resolve():
        assert not any(t["root"].startswith(str(real_home) + os.sep) and not t["root"].startswith(str(sandbox.tmp))
                       for t in report["toolchains"])


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
    data = ('{"configurations": [{"name": "x", "type": "go", "args": [' + args + '], "env": {"GOROOT": "/gone"}}]}')
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
        data = ("{\n" + "    // padding................................................\n" * 90_000
                + '"configurations": [{"name": "x", "type": "go", "env": {"GOROOT": "/gone"}}]}').encode()
    else:
        data = ('{"configurations": [' + ",".join(['{"name": "x", "type": "go", "env": {"GOROOT": "/gone"}}']
                                                   * 95_000) + "]}").encode()
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


def test_unreadable_launch_json(sandbox):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    path = sandbox.write(".vscode/launch.json", LAUNCH % "")
    path.chmod(0)
    try:
        report, _ = _bad_check(sandbox)
        assert any("cannot read" in m for m in report["messages"])
    finally:
        path.chmod(0o644)


def test_argument_parser_forms_and_errors():
    from go_sidecar.cli import UsageError, parse_args

    a = parse_args(["check", "ws", "--format=json", "--disabled-rules", "a", "--disabled-rules=b",
                    "--severity-overrides", "x=warning", "--toolchain-roots", "/t"])
    assert (a.path, a.format, a.disabledRules, a.severityOverrides, a.toolchainRoots) == (
        "ws", "json", ["a", "b"], ["x=warning"], ["/t"])
    assert parse_args(["check", "a", "b.code-workspace"]).paths == ["a", "b.code-workspace"]  # several: multi-root
    assert parse_args(["serve", "--stdio"]).stdio is True
    assert parse_args(["rules", "--format", "markdown"]).format == "markdown"
    for bad in (["nope"], [], ["check", "--format", "xml"], ["check", "--format"],
                ["rules", "x"], ["serve", "--stdio=1"], ["check", "--unknown"]):
        with pytest.raises(UsageError):
            parse_args(bad)
