"""Issue 10, part 1: every rule asks what a configuration really does (probe/configs.py), on recorded machines.

A configuration's kind decides which findings it may get: launch auto/debug/test builds (GOROOT rules) and runs
a local dlv; exec, replay, core and attach local run a local dlv only; remote and an external `dlv dap` server run
nothing here. Platform blocks, variables, dlvToolPath, dlvFlags, envFile, go.alternateTools.dlv and malformed
files are judged as vscode-go would judge them."""

from __future__ import annotations

import json

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.testing import FakeSystem, apply_edits

from .conftest import fake_root

HOME = "/home/dev"
WS = HOME + "/proj"
LAUNCH = WS + "/.vscode/launch.json"
SETTINGS = WS + "/.vscode/settings.json"
GOROOT_CODES = ("goroot-invalid", "goroot-too-old", "goroot-unpinned", "goroot-path-mismatch")
DLV_CODES = ("dlv-missing", "dlv-arch-mismatch", "dlv-go-unsupported", "debug-cross-target")


def machine(
    configs: list[dict] | str,
    settings: dict | str | None = None,
    host: str = "linux",
    env: dict | None = None,
    versions=("1.22.5", "1.27.1"),
    files: dict | None = None,
) -> FakeSystem:
    table: dict[str, bytes] = {}
    for v in versions:
        fake_root(table, f"{HOME}/sdk/go{v}", f"go{v}")
    table[WS + "/go.mod"] = b"module example.com/m\n\ngo 1.22.0\n"
    table[WS + "/main.go"] = b"package main\n"
    text = (
        configs
        if isinstance(configs, str)
        else json.dumps({"version": "0.2.0", "configurations": configs}, indent=4, ensure_ascii=False)
    )
    table[LAUNCH] = text.encode()
    if settings is not None:
        table[SETTINGS] = (settings if isinstance(settings, str) else json.dumps(settings, indent=4)).encode()
    table.update(files or {})
    return FakeSystem(
        Host(host, "amd64"), HOME, env={"HOME": HOME, "PATH": "/usr/bin:/bin", **(env or {})}, files=table
    )


def go(name: str = "Launch", **props) -> dict:
    out = {"name": name, "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}", **props}
    return {k: v for k, v in out.items() if v is not None}


def findings(sys_, codes=None):
    report, facts = run_check(sys_, WS)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    return [f for f in report.findings if codes is None or f.code in codes], report, facts


def names(found) -> set[tuple[str, str]]:
    out = set()
    for f in found:
        name = f.message.split('"')[1] if '"' in f.message else "(workspace)"
        out.add((f.code, name))
    return out


# --- kinds ----------------------------------------------------------------------------------------------------
NOT_BUILT = {
    "exec": {"mode": "exec", "program": "${workspaceFolder}/bin/app"},
    "replay": {"mode": "replay", "traceDirPath": "/tmp/trace"},
    "core": {"mode": "core", "coreFilePath": "/tmp/core", "program": "/tmp/app"},
    "attach-pid": {"request": "attach", "mode": "local", "processId": 4242},
    "attach-pick": {"request": "attach", "mode": None, "processId": "${command:pickProcess}"},  # mode: local
    "attach-pickgo": {"request": "attach", "mode": "local", "processId": "${command:pickGoProcess}"},
    "attach-name": {"request": "attach", "mode": "local", "processId": "myserver"},
}
NOTHING_HERE = {
    "remote": {"request": "attach", "mode": "remote", "host": "127.0.0.1", "port": 2345},
    "remote-subst": {
        "request": "attach",
        "mode": "remote",
        "port": 2345,
        "substitutePath": [{"from": "${workspaceFolder}", "to": "/app"}],
    },
    "launch-remote": {"request": "launch", "mode": "remote", "remotePath": "/app", "port": 2345},
    "external-dap": {"request": "launch", "mode": "debug", "port": 4040, "host": "10.0.0.2"},
}


@pytest.mark.parametrize("kind", sorted(NOT_BUILT))
def test_nothing_built_means_no_goroot_finding_but_a_dlv_is_needed(kind):
    found, _, _ = findings(machine([go("C", **NOT_BUILT[kind], env={"GOROOT": "/gone"})]))
    assert not [f for f in found if f.code in GOROOT_CODES], found
    assert "dlv-missing" in {f.code for f in found}


@pytest.mark.parametrize("kind", sorted(NOTHING_HERE))
def test_remote_and_external_servers_get_no_goroot_or_dlv_finding(kind):
    found, _, _ = findings(machine([go("R", **NOTHING_HERE[kind], env={"GOROOT": "/gone", "GOOS": "plan9"})]))
    assert not [f for f in found if f.code in GOROOT_CODES + DLV_CODES], found


def test_dlv_missing_counts_and_anchors_only_configurations_that_run_dlv():
    sys_ = machine(
        [
            go("Remote", **NOTHING_HERE["remote"]),
            go("Remote 2", **NOTHING_HERE["remote"]),
            go("Attach", **NOT_BUILT["attach-pid"]),
        ]
    )
    found, _, _ = findings(sys_, ("dlv-missing",))
    [f] = found
    assert "1 Go debug configuration" in f.message
    text = sys_.files[LAUNCH].decode().splitlines()[f.location.range.start.line]
    assert '"Attach"' in text


def test_a_launch_builds_and_gets_goroot_findings():
    found, _, _ = findings(machine([go("L"), go("E", **NOT_BUILT["exec"])]), GOROOT_CODES)
    assert names(found) == {("goroot-unpinned", "L")}


# --- platform blocks ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("host,block", [("linux", "linux"), ("darwin", "osx"), ("windows", "windows")])
def test_the_block_of_this_os_wins(host, block):
    goroot = "C:\\gone\\go" if host == "windows" else "/gone/go"
    other = {"linux": "osx", "osx": "windows", "windows": "linux"}[block]
    sys_ = machine(
        [go("P", **{block: {"env": {"GOROOT": goroot}}, other: {"env": {"GOROOT": "/other/gone"}}})], host=host
    )
    found, _, _ = findings(sys_, ("goroot-invalid",))
    [f] = found
    assert goroot in f.message
    # The finding points at the block's value, and the fix rewrites it there.
    fixed = apply_edits(sys_.files[LAUNCH], [(e.range, e.new_text) for e in f.fixes[0].edits])
    cfg = strict_json(fixed)["configurations"][0]
    assert cfg[block]["env"]["GOROOT"] != goroot and cfg[other]["env"]["GOROOT"] == "/other/gone"


def test_a_block_can_turn_a_launch_into_a_remote_attach():
    sys_ = machine([go("P", linux={"request": "attach", "mode": "remote", "port": 2345})])
    found, _, facts = findings(sys_)
    assert facts.configs[0].config.kind == "remote"
    assert not [f for f in found if f.code in GOROOT_CODES + DLV_CODES]


def test_block_env_merges_key_by_key():
    sys_ = machine([go("P", env={"GOOS": "linux", "FOO": "1"}, linux={"env": {"GOOS": "windows"}})])
    found, _, facts = findings(sys_, ("debug-cross-target",))
    assert facts.configs[0].env == {"GOOS": "windows", "FOO": "1"}
    [f] = found
    fixed = strict_json(apply_edits(sys_.files[LAUNCH], [(e.range, e.new_text) for e in f.fixes[0].edits]))
    cfg = fixed["configurations"][0]
    assert "GOOS" not in cfg["linux"]["env"] and cfg["env"].get("GOOS", "linux") == "linux"


# --- variables ------------------------------------------------------------------------------------------------
def test_go_goroot_from_an_unset_env_variable_is_unset():
    found, _, _ = findings(machine([go("L")], settings={"go.goroot": "${env:GOROOT}"}), GOROOT_CODES)
    assert {f.code for f in found} == {"goroot-unpinned"}  # as if go.goroot were not there


@pytest.mark.parametrize(
    "value",
    [
        "${input:goroot}",
        "${command:pickGoroot}",
        "${config:go.goroot}",
        "${file}",
        "${fileDirname}/go",
        "${env:NOT_SET_HERE}/go",
        "${unknownVariable}",
    ],
)
def test_unknown_values_are_never_judged(value):
    found, _, _ = findings(machine([go("L", env={"GOROOT": value, "GOOS": value})]), GOROOT_CODES + DLV_CODES)
    assert not [f for f in found if f.code in GOROOT_CODES + ("debug-cross-target",)], found
    found, _, _ = findings(machine([go("L")], settings={"go.goroot": value}), GOROOT_CODES)
    assert not found, found


def test_workspace_folder_by_name():
    sys_ = machine([go("L", env={"GOROOT": "${workspaceFolder:proj}/missing-go"})])
    found, _, _ = findings(sys_, ("goroot-invalid",))
    [f] = found
    assert WS + "/missing-go" in f.message


# --- settings people rely on --------------------------------------------------------------------------------
def test_dlv_tool_path_is_ignored_and_moved_to_alternate_tools():
    sys_ = machine([go("L", dlvToolPath="/opt/dlv-1.22/dlv")], settings={"go.lintTool": "x"})
    found, _, _ = findings(sys_, ("dlv-tool-path-ignored",))
    [f] = found
    assert "/opt/dlv-1.22/dlv" in f.message
    by_path: dict[str, list] = {}
    for e in f.fixes[0].edits:
        by_path.setdefault(e.path, []).append((e.range, e.new_text))
    launch = strict_json(apply_edits(sys_.files[LAUNCH], by_path[LAUNCH]))
    settings = strict_json(apply_edits(sys_.files[SETTINGS], by_path[SETTINGS]))
    assert "dlvToolPath" not in launch["configurations"][0]
    assert settings == {"go.lintTool": "x", "go.alternateTools": {"dlv": "/opt/dlv-1.22/dlv"}}


def test_missing_env_file_is_a_finding_on_its_value():
    sys_ = machine([go("L", envFile="${workspaceFolder}/.env"), go("M", envFile="${input:envfile}")])
    found, _report, _ = findings(sys_, ("envfile-missing",))
    [f] = found
    assert WS + "/.env" in f.message and "Cannot load environment variables" in f.message
    line = sys_.files[LAUNCH].decode().splitlines()[f.location.range.start.line]
    assert line[f.location.range.start.character : f.location.range.end.character] == '"${workspaceFolder}/.env"'


def test_alternate_tools_dlv_that_does_not_exist():
    sys_ = machine([go("L")], settings={"go.alternateTools": {"dlv": "/opt/nowhere/dlv"}})
    found, _, _ = findings(sys_, ("dlv-alternate-missing",))
    [f] = found
    assert "/opt/nowhere/dlv" in f.message and "go.alternateTools.dlv" in f.message
    assert f.location.path == SETTINGS


def test_remote_deprecations_are_information_with_their_replacement():
    sys_ = machine([go("R", **NOTHING_HERE["launch-remote"])])
    found, _, _ = findings(sys_, ("remote-deprecated",))
    assert len(found) == 2 and all(f.severity.label == "information" for f in found)
    for f in found:
        fixed = strict_json(apply_edits(sys_.files[LAUNCH], [(e.range, e.new_text) for e in f.fixes[0].edits]))
        cfg = fixed["configurations"][0]
        assert cfg.get("request") == "attach" or cfg.get("substitutePath") == [
            {"from": "${workspaceFolder}", "to": "/app"}
        ]


# --- malformed files ------------------------------------------------------------------------------------------
MALFORMED = {
    "missing comma": '{"configurations": [\n'
    '  {"name": "A" "type": "go", "request": "launch", "env": {"GOROOT": "/x"}},\n'
    '  {"name": "B", "type": "go", "request": "launch", "mode": "auto", "env": {"GOROOT": "/gone"}}\n]}',
    "never closed": '{"configurations": [\n  {"name": "B", "type": "go", "request": "launch", "mode": "auto",\n'
    '   "env": {"GOROOT": "/gone"}},\n  {"name": "C", "type": "go",\n',
}


@pytest.mark.parametrize("case", sorted(MALFORMED))
def test_one_syntax_finding_and_the_readable_configurations_still_checked(case):
    found, _, _ = findings(machine(MALFORMED[case]))
    syntax = [f for f in found if f.code == "config-syntax-error"]
    assert len(syntax) == 1 and "not valid JSON" in syntax[0].message
    assert any(f.code == "goroot-invalid" and "/gone" in f.message for f in found)


def test_trailing_commas_and_comments_are_not_syntax_errors():
    text = '{\n  // c\n  "configurations": [\n    {"name": "A", "type": "go", "request": "launch",},\n  ],\n}\n'
    found, _, _ = findings(machine(text), ("config-syntax-error",))
    assert not found


# --- Install Delve never names a go that does not exist ------------------------------------------------------
def test_install_delve_without_any_go_offers_no_command_and_says_so():
    found, _, _ = findings(machine([go("L")], versions=()), ("dlv-missing",))
    [f] = found
    assert not [x for x in f.fixes if x.command is not None]
    assert "no Go toolchain" in f.message


def test_install_delve_with_no_go_on_path_uses_an_installed_toolchain():
    found, _, _ = findings(machine([go("L")]), ("dlv-missing",))
    [f] = found
    [install] = [x for x in f.fixes if x.command is not None]
    assert install.command.arguments[0]["go"].startswith(HOME + "/sdk/go1.")
    assert HOME + "/sdk/go1." in install.title


def test_a_port_with_the_legacy_adapter_from_go_delve_config_runs_a_local_dlv():
    """`port` means an external dlv-dap server only with the dlv-dap adapter; go.delveConfig.debugAdapter
    "legacy" makes the legacy adapter start its own headless dlv here."""
    cfg = go("P", mode="debug", port=4040)
    _, _, facts = findings(machine([cfg]))
    assert facts.configs[0].config.kind == "external"
    _, _, facts = findings(machine([cfg], settings={"go.delveConfig": {"debugAdapter": "legacy"}}))
    assert facts.configs[0].config.kind == "build"
