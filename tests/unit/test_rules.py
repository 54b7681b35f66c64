"""GOROOT rules, run the way `sidecar check` and the server run them: run_check over a recorded machine
(FakeSystem) or over folders of tmp_path (RealSystem with an environment that points only there).

Each fix is applied (go_sidecar.testing.apply_edits) and the workspace checked again: the finding must be gone.
"""

from __future__ import annotations

import json
from pathlib import PurePosixPath, PureWindowsPath

import pytest

from go_sidecar.check import run_check as _run_check
from go_sidecar.model import Finding, Fix, Severity
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.rules import registry
from go_sidecar.rules.goroot import toolchain_policy
from go_sidecar.settings import Settings
from go_sidecar.testing import FakeSystem, apply_edits

from .conftest import WIN_HOME, fake_root, real_root, system_go_installed


def run_check(*args, **kwargs):
    """These tests are about the GOROOT family: the debugger family's findings (no dlv on a recorded
    machine, say) are tested in test_delve_rules.py and left out here."""
    report, facts = _run_check(*args, **kwargs)
    report.findings = [f for f in report.findings if f.code.startswith("goroot-")]
    return report, facts


HOME = "/home/dev"
WS = "/home/dev/proj"
LAUNCH_PATH = WS + "/.vscode/launch.json"
SETTINGS_PATH = WS + "/.vscode/settings.json"
SDK = HOME + "/sdk"

LOCAL_MSG = "go: go.mod requires go >= 1.22.0 (running go 1.21.5; GOTOOLCHAIN=local)"


def launch(
    *configs: str, comment: str = "// 调试配置 😀 (a Chinese comment and an emoji before the edited lines)"
) -> str:
    body = ",\n".join(configs)
    return f"""{{
  {comment}
  "version": "0.2.0",
  "configurations": [
{body},
  ],
}}
"""


def config(name: str = "Launch", env: str | None = None, extra: str = "") -> str:
    lines = [
        f'    {{\n      "name": "{name}",',
        '      "type": "go",',
        '      "request": "launch",',
        '      "mode": "auto",',
        '      "program": "${workspaceFolder}",',
    ]
    if extra:
        lines.append(f"      {extra},")
    if env is not None:
        lines.append(f'      "env": {env},')
    return "\n".join(lines) + "\n    }"


def machine(
    *versions: str,
    path_first: str | None = None,
    gomod: str | None = "module example.com/m\n\ngo 1.22.0\n",
    launch_text: str | None = None,
    settings: str | None = None,
    env: dict | None = None,
) -> FakeSystem:
    """A Linux machine with ~/sdk/go<version> roots; `path_first`'s bin is first on PATH."""
    files: dict[str, bytes] = {}
    for v in versions:
        fake_root(files, f"{SDK}/go{v}", f"go{v}")
    path = "/usr/bin:/bin"
    if path_first:
        path = f"{SDK}/go{path_first}/bin:" + path
    if gomod is not None:
        files[WS + "/go.mod"] = gomod.encode()
    if launch_text is not None:
        files[LAUNCH_PATH] = launch_text.encode()
    if settings is not None:
        files[SETTINGS_PATH] = settings.encode()
    files[WS + "/main.go"] = b"package main\n"
    return FakeSystem(_linux(), HOME, env={"HOME": HOME, "PATH": path, **(env or {})}, files=files)


def _linux():
    from go_sidecar.model import Host

    return Host("linux", "amd64")


def check(sys_, root: str = WS, settings: Settings = Settings()):
    report, facts = run_check(sys_, root, settings)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages  # no rule crashed
    return report, facts


def only(report, code: str) -> list[Finding]:
    return [f for f in report.findings if f.code == code]


def apply_fix(sys_: FakeSystem, fix: Fix) -> dict[str, bytes]:
    """Apply a fix's edits to the FakeSystem's files; returns the new contents by path."""
    by_path: dict[str, list] = {}
    for e in fix.edits:
        by_path.setdefault(e.path, []).append((e.range, e.new_text))
    out = {}
    for path, edits in by_path.items():
        key = next(k for k in sys_.files if sys_._key(k) == sys_._key(path))
        sys_.files[key] = out[path] = apply_edits(sys_.files[key], edits)
    return out


def text_at(data: bytes, rng) -> str:
    from go_sidecar.parse.text import LineIndex

    index = LineIndex(data)
    return data[index.offset(rng.start) : index.offset(rng.end)].decode()


def go_configs(launch_bytes: bytes) -> list[dict]:
    return [c for c in strict_json(launch_bytes)["configurations"] if c.get("type") == "go"]


# --- goroot-invalid ---------------------------------------------------------------------------------------
def test_invalid_env_goroot_missing_folder_and_fix():
    s = machine(
        "1.22.5", "1.27.3", path_first="1.27.3", launch_text=launch(config(env='{"GOROOT": "/home/dev/sdk/go1.19"}'))
    )
    report, _ = check(s)
    [f] = only(report, "goroot-invalid")
    assert f.severity == Severity.ERROR
    assert f.location.path == LAUNCH_PATH
    assert text_at(s.files[LAUNCH_PATH], f.location.range) == '"/home/dev/sdk/go1.19"'
    assert "'/home/dev/sdk/go1.19'" in f.message and "does not exist" in f.message
    assert "go: cannot find GOROOT directory: /home/dev/sdk/go1.19" in f.message
    assert [fx.title for fx in f.fixes] == [
        "Use go1.27.3 (/home/dev/sdk/go1.27.3)",
        "Use go1.22.5 (/home/dev/sdk/go1.22.5)",
    ]
    assert [fx.preferred for fx in f.fixes] == [True, False]
    out = apply_fix(s, f.fixes[0])[LAUNCH_PATH]
    assert go_configs(out)[0]["env"]["GOROOT"] == SDK + "/go1.27.3"
    again, _ = check(s)
    assert not only(again, "goroot-invalid")
    assert not only(again, "goroot-path-mismatch")  # 1.27.3 is also first on PATH


def test_invalid_goroot_not_a_root_in_go_goroot_setting():
    s = machine(
        "1.22.5",
        "1.27.3",
        path_first="1.22.5",
        launch_text=launch(config()),
        settings='{\n  // 设置\n  "go.goroot": "/home/dev/notgo",\n}\n',
    )
    s.files[HOME + "/notgo/README"] = b"not a Go root"
    report, _facts = check(s)
    [f] = only(report, "goroot-invalid")
    assert f.location.path == SETTINGS_PATH
    assert text_at(s.files[SETTINGS_PATH], f.location.range) == '"/home/dev/notgo"'
    assert "go.goroot is '/home/dev/notgo'" in f.message and "is not a Go root" in f.message
    assert f.fixes and all(e.path == SETTINGS_PATH for fx in f.fixes for e in fx.edits)
    out = apply_fix(s, f.fixes[0])[SETTINGS_PATH]
    assert strict_json(out)["go.goroot"] == SDK + "/go1.27.3"
    assert not only(check(s)[0], "goroot-invalid")


def test_invalid_goroot_from_env_file():
    s = machine("1.22.5", launch_text=launch(config(extra='"envFile": "${workspaceFolder}/.env"')))
    s.files[WS + "/.env"] = b"# env\nGOROOT=/opt/gone\nOTHER=1\n"
    report, _facts = check(s)
    [f] = only(report, "goroot-invalid")
    assert "GOROOT in the envFile of configuration \"Launch\" is '/opt/gone'" in f.message
    # Anchored at the envFile value in launch.json; the fix overrides GOROOT in env (the envFile stays).
    assert text_at(s.files[LAUNCH_PATH], f.location.range) == '"${workspaceFolder}/.env"'
    out = apply_fix(s, f.fixes[0])[LAUNCH_PATH]
    cfg = go_configs(out)[0]
    assert cfg["env"]["GOROOT"] == SDK + "/go1.22.5"
    assert cfg["envFile"] == "${workspaceFolder}/.env"
    assert s.files[WS + "/.env"] == b"# env\nGOROOT=/opt/gone\nOTHER=1\n"
    assert not only(check(s)[0], "goroot-invalid")


def test_invalid_goroot_from_tools_env_vars():
    settings = '{\n  "go.toolsEnvVars": {\n    "GOROOT": "/opt/old-go",\n    "GOFLAGS": "-mod=mod"\n  }\n}\n'
    s = machine("1.22.5", launch_text=launch(config()), settings=settings)
    report, _ = check(s)
    [f] = only(report, "goroot-invalid")
    assert "GOROOT in go.toolsEnvVars is '/opt/old-go'" in f.message
    assert f.location.path == SETTINGS_PATH
    assert text_at(s.files[SETTINGS_PATH], f.location.range) == '"/opt/old-go"'
    out = apply_fix(s, f.fixes[0])[SETTINGS_PATH]
    assert strict_json(out)["go.toolsEnvVars"] == {"GOROOT": SDK + "/go1.22.5", "GOFLAGS": "-mod=mod"}
    assert not only(check(s)[0], "goroot-invalid")


def test_invalid_goroot_with_nothing_installed_says_so():
    s = machine(launch_text=launch(config(env='{"GOROOT": "/opt/gone"}')))
    [f] = only(check(s)[0], "goroot-invalid")
    assert "No Go toolchain was found on this machine." in f.message
    assert f.fixes == ()


def test_env_goroot_substitutes_variables():
    s = machine(
        "1.22.5",
        launch_text=launch(
            config(env='{"GOROOT": "${userHome}/sdk/go1.22.5", "PATH": "${userHome}/sdk/go1.22.5/bin:${env:PATH}"}')
        ),
    )
    report, facts = check(s)
    assert facts.configs[0].pin.value == SDK + "/go1.22.5"
    assert not only(report, "goroot-invalid") and not only(report, "goroot-path-mismatch")


# --- goroot-too-old ---------------------------------------------------------------------------------------
def test_too_old_warning_under_auto():
    s = machine("1.21.5", "1.22.5", "1.27.3", path_first="1.21.5", launch_text=launch(config()))
    report, facts = check(s)
    [f] = only(report, "goroot-too-old")
    assert f.severity == Severity.WARNING
    assert facts.configs[0].gotoolchain == "auto"
    assert "builds with Go 1.21.5" in f.message and "go.mod asks for go 1.22.0" in f.message
    assert "GOTOOLCHAIN=auto" in f.message and "go1.22.0" in f.message
    # Anchored at the configuration's name, on the line after the Chinese comment (UTF-16 columns).
    assert text_at(s.files[LAUNCH_PATH], f.location.range) == '"name": "Launch"'
    assert f.location.range.start.line == 5 and f.location.range.start.character == 6


@pytest.mark.parametrize("where", ["config", "process", "go-env-w", "goroot-go-env"])
def test_too_old_error_under_local(where):
    env = '{"GOTOOLCHAIN": "local"}' if where == "config" else None
    s = machine(
        "1.21.5",
        "1.22.5",
        path_first="1.21.5",
        launch_text=launch(config(env=env)),
        env={"GOTOOLCHAIN": "local"} if where == "process" else None,
    )
    if where == "go-env-w":
        s.files[HOME + "/.config/go/env"] = b"GOTOOLCHAIN=local\n"
    if where == "goroot-go-env":
        s.files[SDK + "/go1.21.5/go.env"] = b"GOPROXY=https://proxy.golang.org,direct\nGOTOOLCHAIN=local\n"
    report, facts = check(s)
    [f] = only(report, "goroot-too-old")
    assert f.severity == Severity.ERROR
    assert LOCAL_MSG in f.message
    assert facts.configs[0].gotoolchain == "local"


def test_too_old_local_ignores_toolchain_line():
    gomod = "module m\n\ngo 1.21.0\ntoolchain go1.22.5\n"
    s = machine(
        "1.21.5", "1.22.5", path_first="1.21.5", gomod=gomod, launch_text=launch(config(env='{"GOTOOLCHAIN": "local"}'))
    )
    assert not only(check(s)[0], "goroot-too-old")
    # Under auto the toolchain line makes go switch: a warning.
    s2 = machine("1.21.5", "1.22.5", path_first="1.21.5", gomod=gomod, launch_text=launch(config()))
    [f] = only(check(s2)[0], "goroot-too-old")
    assert f.severity == Severity.WARNING and "toolchain go1.22.5" in f.message


def test_too_old_fixes_ranked_toolchain_line_first_then_newest():
    gomod = "module m\n\ngo 1.22.0\ntoolchain go1.22.5\n"
    s = machine(
        "1.21.5",
        "1.22.5",
        "1.23.0",
        "1.27.3",
        "1.28rc1",
        path_first="1.21.5",
        gomod=gomod,
        launch_text=launch(config()),
    )
    [f] = only(check(s)[0], "goroot-too-old")
    roots = [fx.title.split("(")[1].rstrip(")") for fx in f.fixes]
    assert roots == [SDK + "/go1.22.5", SDK + "/go1.27.3", SDK + "/go1.23.0", SDK + "/go1.28rc1"]
    assert [fx.preferred for fx in f.fixes] == [True, False, False, False]
    assert SDK + "/go1.21.5" not in roots  # too old itself


@pytest.mark.parametrize("choice", [0, 1])
def test_too_old_fix_pins_and_recheck_is_clean(choice):
    s = machine("1.21.5", "1.22.5", "1.27.3", path_first="1.21.5", launch_text=launch(config()))
    [f] = only(check(s)[0], "goroot-too-old")
    fix = f.fixes[choice]
    chosen = fix.title.split("(")[1].rstrip(")")
    out = apply_fix(s, fix)[LAUNCH_PATH]
    env = go_configs(out)[0]["env"]
    assert env["GOROOT"] == chosen
    assert env["PATH"].startswith(chosen + "/bin:")
    again, _ = check(s)
    assert not only(again, "goroot-too-old")
    assert not only(again, "goroot-path-mismatch")
    assert not only(again, "goroot-unpinned")


def test_too_old_pinned_in_env_replaces_the_pin():
    s = machine(
        "1.21.5",
        "1.22.5",
        path_first="1.21.5",
        launch_text=launch(config(env='{\n        "GOROOT": "/home/dev/sdk/go1.21.5",\n      }')),
    )
    [f] = only(check(s)[0], "goroot-too-old")
    assert text_at(s.files[LAUNCH_PATH], f.location.range) == '"/home/dev/sdk/go1.21.5"'
    assert "the configuration's env GOROOT" in f.message
    apply_fix(s, f.fixes[0])
    assert go_configs(s.files[LAUNCH_PATH])[0]["env"]["GOROOT"] == SDK + "/go1.22.5"
    assert not only(check(s)[0], "goroot-too-old")


def test_go_work_wins_over_go_mod():
    s = machine("1.22.5", path_first="1.22.5", gomod="module m\n\ngo 1.21.0\n", launch_text=launch(config()))
    s.files[WS + "/go.work"] = b"go 1.23.0\n\nuse .\n"
    report, facts = check(s)
    assert facts.requirement.path == WS + "/go.work"
    [f] = only(report, "goroot-too-old")
    assert "go.work asks for go 1.23.0" in f.message
    # With go.work not asking more than what runs, go.mod's line alone is satisfied: no finding.
    s.files[WS + "/go.work"] = b"go 1.22.0\n"
    assert not only(check(s)[0], "goroot-too-old")


def test_go_work_local_error_names_go_work():
    s = machine(
        "1.21.5",
        path_first="1.21.5",
        gomod="module m\n\ngo 1.21.0\n",
        launch_text=launch(config(env='{"GOTOOLCHAIN": "local"}')),
    )
    s.files[WS + "/go.work"] = b"go 1.22.0\n"
    [f] = only(check(s)[0], "goroot-too-old")
    assert "go: go.work requires go >= 1.22.0 (running go 1.21.5; GOTOOLCHAIN=local)" in f.message


def test_too_old_no_candidate_gives_install_hint():
    s = machine("1.21.5", path_first="1.21.5", gomod="module m\n\ngo 1.30.0\n", launch_text=launch(config()))
    [f] = only(check(s)[0], "goroot-too-old")
    assert f.fixes == ()
    assert "go install golang.org/dl/go1.30.0@latest && go1.30.0 download" in f.message
    assert "~/sdk/go1.30.0" in f.message


def test_too_old_not_without_go_mod_or_when_new_enough():
    s = machine("1.21.5", path_first="1.21.5", gomod=None, launch_text=launch(config()))
    assert not only(check(s)[0], "goroot-too-old")
    s = machine("1.22.5", path_first="1.22.5", launch_text=launch(config()))
    assert not only(check(s)[0], "goroot-too-old")


def test_forced_gotoolchain_version():
    assert toolchain_policy("local") == (None, "local")
    assert toolchain_policy("auto") == (None, "auto")
    assert toolchain_policy("path") == (None, "path")
    v, mode = toolchain_policy("go1.22.5+auto")
    assert str(v) == "1.22.5" and mode == "auto"
    v, mode = toolchain_policy("go1.21.0")
    assert str(v) == "1.21.0" and mode == "local"
    s = machine("1.22.5", path_first="1.22.5", launch_text=launch(config(env='{"GOTOOLCHAIN": "go1.21.0"}')))
    [f] = only(check(s)[0], "goroot-too-old")
    assert f.severity == Severity.ERROR
    assert "running go 1.21.0; GOTOOLCHAIN=go1.21.0" in f.message


# --- goroot-unpinned --------------------------------------------------------------------------------------
def test_unpinned_with_two_versions():
    s = machine("1.22.5", "1.27.3", path_first="1.27.3", launch_text=launch(config("A"), config("B")))
    report, _ = check(s)
    found = only(report, "goroot-unpinned")
    assert [f.severity for f in found] == [Severity.INFORMATION, Severity.INFORMATION]
    assert 'Configuration "A"' in found[0].message and 'Configuration "B"' in found[1].message
    assert "2 Go versions are installed (go1.22.5, go1.27.3)" in found[0].message
    assert f"now go1.27.3 at {SDK}/go1.27.3" in found[0].message
    assert not report.failing  # information only: exit 0
    # The preferred fix pins the newest; the first go on PATH already is it, so PATH is left alone.
    fix = found[0].fixes[0]
    assert fix.preferred and SDK + "/go1.27.3" in fix.title
    env = go_configs(apply_fix(s, fix)[LAUNCH_PATH])[0]["env"]
    assert env == {"GOROOT": SDK + "/go1.27.3"}
    again = only(check(s)[0], "goroot-unpinned")
    assert [f.message.split('"')[1] for f in again] == ["B"]


def test_unpinned_other_version_sets_path_too():
    s = machine("1.22.5", "1.27.3", path_first="1.27.3", launch_text=launch(config()))
    [f] = only(check(s)[0], "goroot-unpinned")
    fix = next(fx for fx in f.fixes if "1.22.5" in fx.title)
    env = go_configs(apply_fix(s, fix)[LAUNCH_PATH])[0]["env"]
    assert env["GOROOT"] == SDK + "/go1.22.5"
    assert env["PATH"] == SDK + "/go1.22.5/bin:${env:PATH}"
    report, facts = check(s)
    assert not report.findings
    assert facts.configs[0].path_go.root == SDK + "/go1.22.5"


def test_not_unpinned_with_one_version_or_go_goroot():
    s = machine("1.22.5", path_first="1.22.5", launch_text=launch(config()))
    assert not check(s)[0].findings
    s = machine(
        "1.22.5",
        "1.27.3",
        path_first="1.27.3",
        launch_text=launch(config()),
        settings='{"go.goroot": "/home/dev/sdk/go1.22.5"}',
    )
    report, facts = check(s)
    assert not only(report, "goroot-unpinned")
    # go.goroot puts its bin first on the PATH VS Code Go hands to the debugger.
    assert facts.configs[0].path_go.root == SDK + "/go1.22.5"
    assert not only(report, "goroot-path-mismatch")


def test_same_version_twice_is_one_version():
    s = machine("1.22.5", path_first="1.22.5", launch_text=launch(config()))
    fake_root(s.files, "/usr/local/go", "go1.22.5")
    report, facts = check(s)
    assert len(facts.toolchains) == 2
    assert not only(report, "goroot-unpinned")


def test_non_go_configurations_are_ignored():
    other = '    {"name": "Node", "type": "node", "request": "launch"}'
    s = machine("1.22.5", "1.27.3", path_first="1.27.3", launch_text=launch(other))
    report, facts = check(s)
    assert facts.configs == [] and report.findings == []


# --- goroot-path-mismatch ---------------------------------------------------------------------------------
def test_path_mismatch_message_and_fix():
    s = machine(
        "1.22.5",
        "1.27.3",
        path_first="1.27.3",
        launch_text=launch(config(env='{"GOROOT": "/home/dev/sdk/go1.22.5"} // pinned')),
    )
    report, _ = check(s)
    [f] = only(report, "goroot-path-mismatch")
    assert f.severity == Severity.WARNING
    assert 'compile: version "go1.22.5" does not match go tool version "go1.27.3"' in f.message
    assert text_at(s.files[LAUNCH_PATH], f.location.range) == '"/home/dev/sdk/go1.22.5"'
    [fix] = f.fixes
    assert fix.preferred
    before = s.files[LAUNCH_PATH]
    out = apply_fix(s, fix)[LAUNCH_PATH]
    assert b"// pinned" in out and b"// \xe8\xb0\x83\xe8\xaf\x95" in out  # comments kept
    env = go_configs(out)[0]["env"]
    assert env == {"GOROOT": SDK + "/go1.22.5", "PATH": SDK + "/go1.22.5/bin:${env:PATH}"}
    assert len(out) > len(before)
    assert not only(check(s)[0], "goroot-path-mismatch")


def test_no_path_mismatch_when_env_path_puts_pinned_bin_first():
    env = '{"GOROOT": "/home/dev/sdk/go1.22.5", "PATH": "/home/dev/sdk/go1.22.5/bin:${env:PATH}"}'
    s = machine("1.22.5", "1.27.3", path_first="1.27.3", launch_text=launch(config(env=env)))
    report, facts = check(s)
    assert not only(report, "goroot-path-mismatch")
    assert facts.configs[0].path_go.root == SDK + "/go1.22.5"
    assert report.findings == []


def test_path_mismatch_keeps_a_written_path():
    env = '{"GOROOT": "/home/dev/sdk/go1.22.5", "PATH": "/home/dev/sdk/go1.27.3/bin:/usr/bin"}'
    s = machine("1.22.5", "1.27.3", launch_text=launch(config(env=env)))
    [f] = only(check(s)[0], "goroot-path-mismatch")
    out = apply_fix(s, f.fixes[0])[LAUNCH_PATH]
    assert go_configs(out)[0]["env"]["PATH"] == SDK + "/go1.22.5/bin:" + SDK + "/go1.27.3/bin:/usr/bin"
    assert not only(check(s)[0], "goroot-path-mismatch")


def test_path_mismatch_with_no_go_on_path():
    s = machine("1.22.5", launch_text=launch(config(env='{"GOROOT": "/home/dev/sdk/go1.22.5"}')))
    [f] = only(check(s)[0], "goroot-path-mismatch")
    assert 'exec: "go": executable file not found in $PATH' in f.message


def test_path_mismatch_same_root_through_a_link_is_no_mismatch():
    s = machine("1.22.5", "1.27.3", launch_text=launch(config(env='{"GOROOT": "/home/dev/sdk/go1.22.5"}')))
    s.links["/usr/bin/go"] = SDK + "/go1.22.5/bin/go"
    report, _ = check(s)
    assert not only(report, "goroot-path-mismatch")


# --- Windows ----------------------------------------------------------------------------------------------
WIN_WS = WIN_HOME + "\\proj"
WIN_LAUNCH = WIN_WS + "\\.vscode\\launch.json"


def _win_launch(env: str) -> bytes:
    text = launch(config("调试 包", env=env)).replace("\n", "\r\n")
    return text.encode()


def test_windows_pinned_sdk_path_mismatch_and_fix(windows_machine):
    s = windows_machine
    s.files[WIN_WS + "\\go.mod"] = b"module example.com/m\r\n\r\ngo 1.22.0\r\n"
    s.files[WIN_LAUNCH] = _win_launch('{"GOROOT": "C:\\\\Users\\\\张三\\\\sdk\\\\go1.22.5"}')
    report, facts = run_check(s, WIN_WS)
    assert facts.configs[0].pin.info.version == "go1.22.5"
    [f] = only(report, "goroot-path-mismatch")
    assert 'compile: version "go1.22.5" does not match go tool version "go1.27.3"' in f.message
    assert "C:\\Program Files\\Go\\bin\\go.exe" in f.message
    assert f.location.range.start.line == 10  # after the Chinese comment, CRLF lines
    assert text_at(s.files[WIN_LAUNCH], f.location.range) == '"C:\\\\Users\\\\张三\\\\sdk\\\\go1.22.5"'
    out = apply_fix(s, f.fixes[0])[WIN_LAUNCH]
    assert b"\n" not in out.replace(b"\r\n", b"")  # still CRLF only
    env = go_configs(out)[0]["env"]
    assert env["GOROOT"] == WIN_HOME + "\\sdk\\go1.22.5"
    assert env["PATH"] == WIN_HOME + "\\sdk\\go1.22.5\\bin;${env:PATH}"
    again, _ = run_check(s, WIN_WS)
    assert not only(again, "goroot-path-mismatch") and not again.findings


def test_windows_fix_edits_path_as_spelled(windows_machine):
    s = windows_machine
    s.files[WIN_LAUNCH] = _win_launch(
        '{"goroot": "C:\\\\Users\\\\张三\\\\sdk\\\\go1.22.5", "Path": "C:\\\\Program Files\\\\Go\\\\bin;${env:Path}"}'
    )
    report, facts = run_check(s, WIN_WS)
    assert facts.configs[0].pin is not None  # `goroot` is GOROOT on Windows
    [f] = only(report, "goroot-path-mismatch")
    env = go_configs(apply_fix(s, f.fixes[0])[WIN_LAUNCH])[0]["env"]
    assert set(env) == {"goroot", "Path"}  # no second PATH spelling
    assert env["Path"] == WIN_HOME + "\\sdk\\go1.22.5\\bin;C:\\Program Files\\Go\\bin;${env:Path}"
    assert not run_check(s, WIN_WS)[0].findings


def test_windows_unpinned_and_too_old(windows_machine):
    s = windows_machine
    s.files[WIN_WS + "\\go.mod"] = b"module m\n\ngo 1.23.0\n"
    s.files[WIN_LAUNCH] = _win_launch("{}")
    s.files[WIN_HOME + "\\AppData\\Roaming\\go\\env"] = b"GOTOOLCHAIN=local\r\n"
    s.env["Path"] = WIN_HOME + "\\sdk\\go1.22.5\\bin;C:\\Program Files\\Go\\bin"
    report, _facts = run_check(s, WIN_WS)
    [old] = only(report, "goroot-too-old")
    assert old.severity == Severity.ERROR
    assert "go: go.mod requires go >= 1.23.0 (running go 1.22.5; GOTOOLCHAIN=local)" in old.message
    [fix] = old.fixes
    out = apply_fix(s, fix)[WIN_LAUNCH]
    env = go_configs(out)[0]["env"]
    assert env == {"GOROOT": "C:\\Program Files\\Go", "PATH": "C:\\Program Files\\Go\\bin;${env:PATH}"}
    again, _ = run_check(s, WIN_WS)
    assert not again.findings


def test_windows_invalid_goroot_env_file(windows_machine):
    s = windows_machine
    s.files[WIN_LAUNCH] = _win_launch("{}").replace(b'"env": {}', b'"envFile": "${workspaceFolder}\\\\dev.env"')
    s.files[WIN_WS + "\\dev.env"] = b"GOROOT=C:\\Go1.19\r\n"
    [f] = only(run_check(s, WIN_WS)[0], "goroot-invalid")
    assert "'C:\\\\Go1.19'" in f.message or "C:\\Go1.19" in f.message


# --- settings through settings.json -----------------------------------------------------------------------
def test_severity_overrides_and_disabled_rules_from_settings_json():
    base = {"path_first": "1.27.3", "launch_text": launch(config())}
    s = machine(
        "1.22.5",
        "1.27.3",
        **base,
        settings='{\n  // 本地设置\n  "goSidecar.severityOverrides": {"goroot-unpinned": "error"},\n}',
    )
    report, _ = check(s)
    [f] = only(report, "goroot-unpinned")
    assert f.severity == Severity.ERROR and report.failing

    s = machine("1.22.5", "1.27.3", **base, settings='{"goSidecar.disabledRules": ["goroot-unpinned"]}')
    report, _ = check(s)
    assert report.findings == []

    s = machine(
        "1.22.5", "1.27.3", **base, settings='{"goSidecar": {"severityOverrides": {"goroot-unpinned": "hint"}}}'
    )
    [f] = only(check(s)[0], "goroot-unpinned")
    assert f.severity == Severity.HINT


def test_bad_settings_json_values_are_messages():
    s = machine(
        "1.22.5",
        "1.27.3",
        path_first="1.27.3",
        launch_text=launch(config()),
        settings='{"goSidecar.severityOverrides": {"goroot-unpinned": "loud", "no-such-rule": "error"},'
        ' "goSidecar.disabledRules": "goroot-unpinned"}',
    )
    report, _ = check(s)
    [f] = only(report, "goroot-unpinned")
    assert f.severity == Severity.INFORMATION  # the default stays
    joined = "\n".join(report.messages)
    assert "loud" in joined and "no-such-rule" in joined and "disabledRules" in joined


def test_command_line_settings_win_over_settings_json():
    s = machine(
        "1.22.5",
        "1.27.3",
        path_first="1.27.3",
        launch_text=launch(config()),
        settings='{"goSidecar.severityOverrides": {"goroot-unpinned": "error"}}',
    )
    report, _ = check(s, settings=Settings(severity_overrides={"goroot-unpinned": Severity.WARNING}))
    [f] = only(report, "goroot-unpinned")
    assert f.severity == Severity.WARNING


def test_toolchain_roots_setting_adds_a_folder():
    s = machine(
        "1.22.5",
        path_first="1.22.5",
        launch_text=launch(config()),
        settings='{"goSidecar.toolchainRoots": ["/opt/gos"]}',
    )
    fake_root(s.files, "/opt/gos/go1.27.3", "go1.27.3")
    report, facts = check(s)
    assert {t.root for t in facts.toolchains} == {SDK + "/go1.22.5", "/opt/gos/go1.27.3"}
    assert only(report, "goroot-unpinned")


# --- broken input ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        b"",
        b"\xff\xfe\x00garbage",
        b"[1, 2, 3]",
        b'{"configurations": {"type": "go"}}',
        b'{"configurations": [1, "x", null, {"type": 3}]}',
        b'{"configurations": [{"type": "go", "env": {"GOROOT": ',
        b'{"configurations": [{"type": "go", "env": "typing',
        b'{"configurations": [{"type": "go", "name": 42, "env": {"GOROOT": 3, "PATH": null}}]}',
    ],
)
def test_broken_launch_json_never_crashes(text):
    s = machine("1.22.5", "1.27.3", path_first="1.27.3")
    s.files[LAUNCH_PATH] = text
    report, _ = check(s)
    assert all(f.location.path for f in report.findings)


def test_half_typed_launch_json_still_checked():
    text = launch(config(env='{"GOROOT": "/opt/gone"}')).encode()
    cut = text[: text.index(b'"/opt/gone"') + len(b'"/opt/gone"')]  # typing stopped after the value
    s = machine("1.22.5", path_first="1.22.5")
    s.files[LAUNCH_PATH] = cut
    [f] = only(check(s)[0], "goroot-invalid")
    assert text_at(cut, f.location.range) == '"/opt/gone"'


def test_launch_json_as_a_folder_is_a_message():
    s = machine("1.22.5", path_first="1.22.5")
    s.files[LAUNCH_PATH + "/x"] = b""
    report, _ = check(s)
    assert any("is a folder" in m for m in report.messages)


# --- this disk, redirected into tmp_path ------------------------------------------------------------------
def _real_launch(sandbox, env: str | None = None):
    sandbox.write(".vscode/launch.json", launch(config(env=env)))


def _apply_real(fix: Fix):
    from pathlib import Path

    by_path: dict[str, list] = {}
    for e in fix.edits:
        by_path.setdefault(e.path, []).append((e.range, e.new_text))
    for path, edits in by_path.items():
        Path(path).write_bytes(apply_edits(Path(path).read_bytes(), edits))


def test_real_disk_too_old_and_pin(sandbox):
    old = sandbox.sdk_root("go1.21.5")
    new = sandbox.sdk_root("go1.22.5")
    sandbox.put_on_path(old)
    sandbox.write("go.mod", "module example.com/m\n\ngo 1.22.0\n")
    _real_launch(sandbox, env='{"GOTOOLCHAIN": "local"}')
    report, _facts = run_check(sandbox.system(), str(sandbox.ws))
    [f] = only(report, "goroot-too-old")
    assert LOCAL_MSG in f.message and f.severity == Severity.ERROR
    fix = f.fixes[0]
    assert str(new) in fix.title
    _apply_real(fix)
    env = go_configs((sandbox.ws / ".vscode" / "launch.json").read_bytes())[0]["env"]
    assert env["GOROOT"] == str(new) and env["PATH"].startswith(str(new / "bin") + ":")
    assert env["GOTOOLCHAIN"] == "local"
    report, _ = run_check(sandbox.system(), str(sandbox.ws))
    assert not only(report, "goroot-too-old") and not only(report, "goroot-path-mismatch")


def test_real_disk_unpinned_only_with_two_versions(sandbox):
    if system_go_installed():
        pytest.skip("a system Go outside tmp_path would add a version")
    one = sandbox.sdk_root("go1.22.5")
    sandbox.put_on_path(one)
    _real_launch(sandbox)
    report, _ = run_check(sandbox.system(), str(sandbox.ws))
    assert report.findings == []
    sandbox.sdk_root("go1.27.3")
    report, _ = run_check(sandbox.system(), str(sandbox.ws))
    [_f] = only(report, "goroot-unpinned")
    assert json.loads(json.dumps(report.to_json()))["findings"][0]["code"] == "goroot-unpinned"


def test_real_disk_path_mismatch_and_invalid(sandbox):
    pinned = sandbox.sdk_root("go1.22.5")
    other = real_root(sandbox.tmp / "usr-local", "go", "go1.27.3")
    sandbox.put_on_path(other)
    _real_launch(sandbox, env=json.dumps({"GOROOT": str(pinned)}))
    report, _ = run_check(sandbox.system(), str(sandbox.ws))
    [f] = only(report, "goroot-path-mismatch")
    assert 'compile: version "go1.22.5" does not match go tool version "go1.27.3"' in f.message
    _apply_real(f.fixes[0])
    assert not only(run_check(sandbox.system(), str(sandbox.ws))[0], "goroot-path-mismatch")

    _real_launch(sandbox, env=json.dumps({"GOROOT": str(sandbox.tmp / "nope")}))
    [f] = only(run_check(sandbox.system(), str(sandbox.ws))[0], "goroot-invalid")
    assert "does not exist" in f.message


def test_registry_metadata_is_complete():
    rules = registry.all_rules()
    codes = [r.code for r in rules]
    assert {"goroot-invalid", "goroot-too-old", "goroot-unpinned", "goroot-path-mismatch"} <= set(codes)
    assert len(codes) == len(set(codes))
    for r in rules:
        assert r.summary and r.explanation and r.fix and r.url.endswith("#" + r.code)
        assert r.code == r.code.lower() and " " not in r.code
    md = registry.catalogue_markdown()
    assert all(f"## {c}" in md for c in codes)


def test_a_failing_rule_is_a_message_and_the_others_still_run(monkeypatch):
    from go_sidecar._record import replace

    def boom(facts):
        raise RuntimeError("boom")

    original = registry.RULES["goroot-unpinned"]
    monkeypatch.setitem(registry.RULES, "goroot-unpinned", replace(original, check=boom))
    s = machine("1.22.5", "1.27.3", launch_text=launch(config(env='{"GOROOT": "/opt/gone"}')))
    report, _ = run_check(s, WS)
    assert any(m.startswith("rule goroot-unpinned failed") for m in report.messages)
    assert only(report, "goroot-invalid")


def test_paths_are_posix_and_windows_as_the_host_says(windows_machine):
    assert PureWindowsPath(WIN_LAUNCH).name == "launch.json"
    assert PurePosixPath(LAUNCH_PATH).parent.name == ".vscode"
