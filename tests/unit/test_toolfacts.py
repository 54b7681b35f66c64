"""Hovers on values that name a Go toolchain or a dlv (probe/toolfacts.py, issue 13): which value is under a
position (UTF-16 and UTF-8 columns after Chinese text and an emoji), and what is said about it, on recorded
machines (tests/unit/test_delve_rules.py's World; the Inspector reads the same FakeSystem)."""

from __future__ import annotations

import json

import pytest

from go_sidecar.model import Position
from go_sidecar.parse.binary import BuildInfo, ExeInfo
from go_sidecar.probe.toolfacts import DLV, GOROOT, SystemInspector, describe, subject_at, subjects

from .test_delve_rules import World, config, delve, exe, launch

SDK = "/home/dev/sdk/go1.22.5"
XML = '<project version="4">\n  <component name="GOROOT" url="%s" />\n</project>\n'


def check(w: World):
    _, facts = w.check()
    return facts, SystemInspector(w.sys, facts.workspace, w.identify)


def at(text: str, needle: str, encoding: str, offset: int = 1) -> Position:
    i = text.index(needle) + offset
    line = text.count("\n", 0, i)
    prefix = text[text.rfind("\n", 0, i) + 1 : i]
    cols = {"utf-8": len(prefix.encode()), "utf-32": len(prefix)}.get(encoding, len(prefix.encode("utf-16-le")) // 2)
    return Position(line, cols)


def hover_text(w: World, path: str, needle: str, encoding: str = "utf-16") -> str | None:
    facts, inspector = check(w)
    text = w.read(path).decode()
    s = subject_at(facts, path, at(text, needle, encoding), encoding)
    return describe(facts, s, inspector) if s is not None else None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-8", "utf-32"])
def test_env_goroot_after_chinese_and_an_emoji_in_each_encoding(encoding):
    w = World("linux-amd64")
    w.toolchain(SDK, "go1.22.5")
    env = '{/* 根目录 😀😀 */ "GOROOT": "' + SDK + '"}'
    w.write(".vscode/launch.json", launch(config("App 应用", env=env)))
    w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64"))
    facts, inspector = check(w)
    text = w.read(w.launch_path).decode()
    value = f'"{SDK}"'
    s = subject_at(facts, w.launch_path, at(text, value, encoding, offset=3), encoding)
    assert s is not None and s.kind == GOROOT and s.pin is not None
    assert s.what == "env.GOROOT of “App 应用”"
    start, end = s.location.range.positions(encoding)
    assert (start, end) == (at(text, value, encoding, 0), at(text, value, encoding, len(value)))
    # One column before the value's quote: not on it.
    assert subject_at(facts, w.launch_path, at(text, value, encoding, offset=-1), encoding) is None
    md = describe(facts, s, inspector)
    assert md.startswith("**Go toolchain** · env.GOROOT of “App 应用”")
    assert f"`{SDK}`" in md
    assert "- Version: go1.22.5" in md
    assert "- OS/arch of bin/go: linux/amd64 — this machine's own" in md
    assert "golang.org/dl" in md
    assert "On PATH: no — the PATH the debugger gets finds `/usr/local/go/bin/go` first (go1.22.5)" in md


def test_settings_values_go_goroot_tools_env_and_alternate_dlv():
    settings = json.dumps(
        {
            "go.goroot": "${userHome}/sdk/go1.22.5",
            "go.toolsEnvVars": {"GOROOT": "/usr/local/go"},
            "go.alternateTools": {"dlv": "~/tools/dlv"},
        },
        indent=2,
    )
    w = World("linux-amd64", settings=settings)
    w.toolchain(SDK, "go1.22.5")
    w.dlv("/home/dev/tools/dlv", delve("1.25.2", "linux", "amd64"))
    w.dlv("/usr/bin/dlv", delve("1.23.0", "linux", "amd64"))
    md = hover_text(w, w.settings_path, '"${userHome}')
    assert md is not None and "go.goroot" in md and f"`{SDK}`" in md
    assert "VS Code Go puts go.goroot's bin first" in md
    assert "On PATH: no — PATH finds `/usr/local/go/bin/go` first" in md
    md = hover_text(w, w.settings_path, '"/usr/local/go"')
    assert md is not None and "go.toolsEnvVars.GOROOT" in md and "a system-wide install" in md
    md = hover_text(w, w.settings_path, '"~/tools/dlv"')
    assert md is not None and md.startswith("**dlv** · go.alternateTools.dlv")
    assert "`/home/dev/tools/dlv`" in md and "Delve 1.25.2, built with go1.22.5" in md
    assert "VS Code Go starts this dlv" in md
    assert "On PATH: no — PATH finds `/usr/bin/dlv` first" in md
    # Keys are not values.
    assert hover_text(w, w.settings_path, '"go.alternateTools"') is None


def test_alternate_dlv_of_another_platform_and_one_that_is_not_delve():
    settings = json.dumps({"go.alternateTools": {"dlv": "/home/dev/tools/dlv"}})
    w = World("linux-amd64", settings=settings)
    w.dlv("/home/dev/tools/dlv", delve("1.25.2", "linux", "arm64"), on_path=True)
    md = hover_text(w, w.settings_path, '"/home')
    assert md is not None and "linux/arm64 — not this machine's (linux/amd64)" in md
    assert "On PATH: yes — the first dlv on PATH is this one" in md
    w.dlv(
        "/home/dev/tools/dlv",
        exe("linux", "amd64", BuildInfo("go1.22.5", "example.com/x", "example.com/x", "v1.0.0", {})),
    )
    md = hover_text(w, w.settings_path, '"/home')
    assert md is not None and "not Delve" in md and "example.com/x" in md
    w.dlv("/home/dev/tools/dlv", ExeInfo("unknown", (), None, reason="script (#!): /bin/sh"))
    md = hover_text(w, w.settings_path, '"/home')
    assert md is not None and "no Go build info" in md and "not readable (script (#!): /bin/sh)" in md


def test_alternate_dlv_that_is_missing_or_a_name():
    w = World("linux-amd64", settings=json.dumps({"go.alternateTools": {"dlv": "/nowhere/dlv"}}))
    md = hover_text(w, w.settings_path, '"/nowhere')
    assert md is not None and "does not exist" in md and "$GOBIN, $GOPATH/bin, $GOROOT/bin and PATH" in md
    w = World("linux-amd64", settings=json.dumps({"go.alternateTools": {"dlv": "dlv-dap"}}))
    md = hover_text(w, w.settings_path, '"dlv-dap')
    assert md is not None and "not found: VS Code Go looks for `dlv-dap`" in md
    w.dlv("/home/dev/go/bin/dlv-dap", delve("1.25.2", "linux", "amd64"))
    md = hover_text(w, w.settings_path, '"dlv-dap')
    assert md is not None and "Found as `~/go/bin/dlv-dap`" in md and "Delve 1.25.2" in md


def test_goroot_values_that_are_no_toolchain_or_not_known():
    env = {"GOROOT": "/nowhere"}
    w = World("linux-amd64")
    w.files["/srv/empty/README"] = b"x"
    w.write(
        ".vscode/launch.json",
        launch(
            config("A", env=env),
            config("B", env={"GOROOT": "/srv/empty"}),
            config("C", env={"GOROOT": "${input:root}"}),
        ),
    )
    md = hover_text(w, w.launch_path, '"/nowhere')
    assert md is not None and "does not exist: this is no Go toolchain" in md
    md = hover_text(w, w.launch_path, '"/srv/empty')
    assert md is not None and "is not a Go root" in md
    md = hover_text(w, w.launch_path, '"${input:root}')
    assert md is not None and "known only when the session starts" in md and "does not judge" in md


def test_platform_blocks_say_which_value_runs_here():
    w = World("linux-amd64")
    w.toolchain(SDK, "go1.22.5")
    cfg = config(
        "P",
        env={"GOROOT": "/usr/local/go"},
        extra=('"windows": {"env": {"GOROOT": "C:\\\\Go"}}', f'"linux": {{"env": {{"GOROOT": "{SDK}"}}}}'),
    )
    w.write(".vscode/launch.json", launch(cfg))
    facts, _ = check(w)
    by_what = {s.what: s for s in subjects(facts) if s.config is not None}
    assert by_what["env.GOROOT of “P” (linux)"].pin is not None  # what runs on this machine
    assert by_what["env.GOROOT of “P” (windows)"].note == "used on windows only"
    assert by_what["env.GOROOT of “P”"].note == "on this machine the “linux” block's env.GOROOT wins"
    md = hover_text(w, w.launch_path, '"C:')
    assert md is not None and "used on windows only" in md


def test_goland_sdk_url_and_its_unknown_macros():
    w = World("linux-amd64")
    w.toolchain(SDK, "go1.22.5")
    w.write(".idea/workspace.xml", XML % "file://$USER_HOME$/sdk/go1.22.5")
    md = hover_text(w, w.at(".idea/workspace.xml"), '"file://')
    assert md is not None and "the GoLand project SDK" in md and "Version: go1.22.5" in md
    w.write(".idea/workspace.xml", XML % "file://$GOROOT_X$/go")
    md = hover_text(w, w.at(".idea/workspace.xml"), '"file://')
    assert md is not None and "unknown macros $GOROOT_X$" in md and "does not judge" in md


def test_windows_goroot_is_matched_in_any_case():
    w = World("windows-amd64")
    w.write(".vscode/launch.json", launch(config(env={"GoRoot": "C:\\Program Files\\Go"})))
    facts, _ = check(w)
    assert [s.kind for s in subjects(facts)] == [GOROOT]
    md = hover_text(w, w.launch_path, '"C:')
    assert md is not None and "Version: go1.22.5" in md and "windows/amd64 — this machine's own" in md


def test_no_debug_configurations_still_describe_settings():
    """Without a launch configuration the check gathers no debugger facts: the Inspector reads them."""
    w = World("linux-amd64", settings=json.dumps({"go.goroot": SDK, "go.alternateTools": {"dlv": "/opt/dlv"}}))
    w.toolchain(SDK, "go1.22.5")
    w.dlv("/opt/dlv", delve("1.25.2", "linux", "amd64"))
    w.write(".vscode/launch.json", '{"configurations": []}')
    facts, _ = check(w)
    assert facts.debug is None
    assert {s.kind for s in subjects(facts)} == {GOROOT, DLV}
    md = hover_text(w, w.settings_path, f'"{SDK}')
    assert md is not None and "linux/amd64 — this machine's own" in md
    md = hover_text(w, w.settings_path, '"/opt/dlv')
    assert md is not None and "Delve 1.25.2" in md and "VS Code Go starts" not in md
