"""Issue 10, part 3: GoLand's own project files get the same rules and fixes as launch.json, on recorded machines.

The project SDK (.idea/workspace.xml) is what a run configuration without a GOROOT env builds with; fixes edit
the XML minimally and write paths with GoLand's macros."""

from __future__ import annotations

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host
from go_sidecar.parse.xmldoc import parse_xml
from go_sidecar.testing import FakeSystem, apply_edits

from .conftest import fake_root

HOME = "/home/dev"
WS = HOME + "/proj"
WORKSPACE_XML = WS + "/.idea/workspace.xml"
RUN_XML = WS + "/.run/server.run.xml"


def workspace_xml(sdk: str | None, newline: str = "\n") -> str:
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<project version="4">',
        '  <component name="ChangeListManager">',
        '    <option name="HIGHLIGHT_CONFLICTS" value="true" />',
        "  </component>",
    ]
    if sdk is not None:
        lines.append(f'  <component name="GOROOT" url="{sdk}" />')
    lines += ['  <component name="PropertiesComponent"><![CDATA[{"keyToString": {}}]]></component>', "</project>", ""]
    return newline.join(lines)


def run_xml(envs: dict[str, str] | None = None, kind: str = "GoApplicationRunConfiguration") -> str:
    env_lines = ""
    if envs is not None:
        env_lines = (
            "    <envs>\n"
            + "".join(f'      <env name="{k}" value="{v}" />\n' for k, v in envs.items())
            + "    </envs>\n"
        )
    return (
        '<component name="ProjectRunConfigurationManager">\n'
        f'  <configuration default="false" name="server 服务" type="{kind}" factoryName="Go Application">\n'
        '    <module name="proj" />\n'
        '    <working_directory value="$PROJECT_DIR$" />\n'
        f"{env_lines}"
        '    <kind value="PACKAGE" />\n'
        '    <package value="example.com/m/cmd/server" />\n'
        '    <directory value="$PROJECT_DIR$" />\n'
        '    <filePath value="$PROJECT_DIR$/cmd/server/main.go" />\n'
        '    <method v="2" />\n'
        "  </configuration>\n"
        "</component>\n"
    )


def machine(
    sdk: str | None = "file://$USER_HOME$/sdk/go1.22.5",
    run: str | None = None,
    gomod_go: str = "1.22.0",
    newline: str = "\n",
) -> FakeSystem:
    files: dict[str, bytes] = {}
    for v in ("1.22.5", "1.27.1"):
        fake_root(files, f"{HOME}/sdk/go{v}", f"go{v}")
    files[WS + "/go.mod"] = f"module example.com/m\n\ngo {gomod_go}\n".encode()
    files[WORKSPACE_XML] = workspace_xml(sdk, newline).encode()
    if run is not None:
        files[RUN_XML] = run.encode()
    return FakeSystem(Host("linux", "amd64"), HOME, env={"HOME": HOME, "PATH": "/usr/bin:/bin"}, files=files)


def findings(sys_, code: str):
    report, _facts = run_check(sys_, WS)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    return [f for f in report.findings if f.code == code]


def apply(sys_: FakeSystem, fix) -> dict[str, bytes]:
    out = {}
    for e in fix.edits:
        out[e.path] = apply_edits(out.get(e.path, sys_.files[e.path]), [(e.range, e.new_text)])
    return out


def text_at(data: bytes, rng) -> str:
    line = data.decode().splitlines()[rng.start.line]
    return line[rng.start.character : rng.end.character]


def test_a_project_sdk_older_than_go_mod_is_too_old_and_the_fix_keeps_macros():
    sys_ = machine(gomod_go="1.27.0")
    [f] = findings(sys_, "goroot-too-old")
    assert "GoLand project SDK" in f.message and "go 1.27.0" in f.message
    assert f.location.path == WORKSPACE_XML
    assert text_at(sys_.files[WORKSPACE_XML], f.location.range) == "file://$USER_HOME$/sdk/go1.22.5"
    out = apply(sys_, f.fixes[0])[WORKSPACE_XML]
    assert b'url="file://$USER_HOME$/sdk/go1.27.1"' in out
    before, after = sys_.files[WORKSPACE_XML], out
    assert before.replace(b"go1.22.5", b"go1.27.1") == after  # every other byte kept
    sys_.files[WORKSPACE_XML] = out
    assert not findings(sys_, "goroot-too-old")


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_a_missing_project_sdk_is_invalid(newline):
    sys_ = machine(sdk="file://$USER_HOME$/sdk/go1.19.1", newline=newline)
    [f] = findings(sys_, "goroot-invalid")
    assert "GoLand project SDK" in f.message and HOME + "/sdk/go1.19.1" in f.message
    out = apply(sys_, f.fixes[0])[WORKSPACE_XML]
    assert parse_xml(out).error is None
    assert (b"\r\n" in out) == (newline == "\r\n")
    sys_.files[WORKSPACE_XML] = out
    assert not findings(sys_, "goroot-invalid")


def test_a_run_configuration_without_goroot_builds_with_the_sdk_once():
    """No GOROOT env: the run configuration builds with the project SDK (not PATH), judged once on the SDK."""
    sys_ = machine(run=run_xml(), gomod_go="1.27.0")
    found = findings(sys_, "goroot-too-old")
    assert len(found) == 1 and found[0].location.path == WORKSPACE_XML
    assert not findings(sys_, "goroot-unpinned")


def test_a_run_configurations_goroot_env_is_judged_and_fixed_in_place():
    sys_ = machine(run=run_xml({"GOROOT": "$USER_HOME$/sdk/go1.18", "GOFLAGS": "-mod=mod"}))
    [f] = findings(sys_, "goroot-invalid")
    assert 'GoLand run configuration "server 服务"' in f.message
    assert f.location.path == RUN_XML and text_at(sys_.files[RUN_XML], f.location.range) == "$USER_HOME$/sdk/go1.18"
    out = apply(sys_, f.fixes[0])[RUN_XML]
    assert (
        f'<env name="GOROOT" value="{HOME}/sdk/go1.27.1" />'.encode() in out
        or f'<env name="GOROOT" value="{HOME}/sdk/go1.22.5" />'.encode() in out
    )
    assert b'<env name="GOFLAGS" value="-mod=mod" />' in out
    sys_.files[RUN_XML] = out
    assert not findings(sys_, "goroot-invalid")


def test_goos_for_another_os_in_a_run_configuration_is_removed():
    sys_ = machine(run=run_xml({"GOOS": "windows", "CGO_ENABLED": "0"}))
    [f] = findings(sys_, "debug-cross-target")
    out = apply(sys_, f.fixes[0])[RUN_XML]
    assert b'name="GOOS"' not in out and b'<env name="CGO_ENABLED" value="0" />' in out
    assert parse_xml(out).error is None
    sys_.files[RUN_XML] = out
    assert not findings(sys_, "debug-cross-target")


def test_a_test_run_configuration_is_a_build_too():
    sys_ = machine(run=run_xml({"GOARCH": "arm64"}, kind="GoTestRunConfiguration"))
    assert findings(sys_, "debug-cross-target")


def test_templates_and_other_types_are_not_judged():
    run = run_xml({"GOOS": "windows"}).replace('default="false"', 'default="true"')
    assert not findings(machine(run=run), "debug-cross-target")
    run = run_xml({"GOOS": "windows"}).replace("GoApplicationRunConfiguration", "ShConfigurationType")
    assert not findings(machine(run=run), "debug-cross-target")


def test_malformed_run_configuration_is_reported_and_the_rest_checked():
    sys_ = machine(sdk="file://$USER_HOME$/sdk/go1.19.1", run=run_xml({"GOOS": "windows"})[:200])
    report, _ = run_check(sys_, WS)
    assert any(RUN_XML in m for m in report.messages)
    assert [f for f in report.findings if f.code == "goroot-invalid"]
    [syntax] = [f for f in report.findings if f.code == "config-syntax-error"]
    assert syntax.location.path == RUN_XML and "not well-formed XML" in syntax.message
