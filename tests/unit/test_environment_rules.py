"""path-go-shadowed and goroot-env-set (rules/environment.py), run the way `sidecar check` runs them (run_check over
recorded machines): Windows with its registry (system and user PATH, REG_EXPAND_SZ, GOROOT), macOS and Linux.

Each fix is applied (go_sidecar.testing.apply_edits) and the workspace checked again: the finding must be gone.
A correct set-up stays silent; bad input (a registry that raises, values that are not strings, a PATH of 100,000
characters) gives findings or messages, never a crash.
"""

from __future__ import annotations

import time

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host, Severity
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.probe.registry import SYSTEM_ENVIRONMENT, USER_ENVIRONMENT, RecordedRegistry, RegValue
from go_sidecar.rules import registry
from go_sidecar.testing import FakeSystem, apply_edits

from .conftest import LINUX_HOME, MAC_HOME, fake_root

SHADOWED, GOROOT_SET = "path-go-shadowed", "goroot-env-set"
CODES = (SHADOWED, GOROOT_SET)

WIN_HOME = "C:\\Users\\张三"
WIN_WS = "D:\\src\\proj"
WIN_LAUNCH = WIN_WS + "\\.vscode\\launch.json"
OLD, NEW = "C:\\Go", "C:\\Program Files\\Go"
CORE = {
    "SystemRoot": "C:\\Windows",
    "SystemDrive": "C:",
    "USERPROFILE": WIN_HOME,
    "LOCALAPPDATA": WIN_HOME + "\\AppData\\Local",
    "APPDATA": WIN_HOME + "\\AppData\\Roaming",
    "ProgramFiles": "C:\\Program Files",
}


def esz(data: object) -> RegValue:
    return RegValue("REG_EXPAND_SZ", data)


def sz(data: object) -> RegValue:
    return RegValue("REG_SZ", data)


def launch(*configs: str, newline: str = "\n") -> bytes:
    body = ",\n".join(configs)
    text = f"""{{
  // 调试配置 😀: a comment before the edited lines
  "version": "0.2.0",
  "configurations": [
{body},
  ],
}}
"""
    return text.replace("\n", newline).encode()


def config(name: str = "Launch", env: str | None = None, extra: str = "") -> str:
    lines = [f'    {{\n      "name": "{name}",', '      "type": "go",', '      "request": "launch",']
    lines += ['      "mode": "auto",', '      "program": "${workspaceFolder}",']
    if extra:
        lines.append(f"      {extra},")
    if env is not None:
        lines.append(f'      "env": {env},')
    return "\n".join(lines) + "\n    }"


def windows(
    system_path: str,
    user_path: str = "%USERPROFILE%\\go\\bin",
    process_path: str | None = None,
    launch_bytes: bytes | None = None,
    system: dict | None = None,
    user: dict | None = None,
    env: dict | None = None,
    settings: str | None = None,
) -> FakeSystem:
    """Windows with C:\\Go (1.15.2, an old MSI) and C:\\Program Files\\Go (1.22.5); PATH as the registry composes it
    unless `process_path` says the editor was started with another."""
    files: dict[str, bytes] = {}
    fake_root(files, OLD, "go1.15.2", windows=True)
    fake_root(files, NEW, "go1.22.5", windows=True)
    files[WIN_WS + "\\go.mod"] = b"module example.com/m\r\n\r\ngo 1.15\r\n"
    files[WIN_WS + "\\main.go"] = b"package main\r\n"
    if launch_bytes is not None:
        files[WIN_LAUNCH] = launch_bytes
    if settings is not None:
        files[WIN_WS + "\\.vscode\\settings.json"] = settings.encode()
    reg = RecordedRegistry(
        {
            SYSTEM_ENVIRONMENT: {"Path": esz(system_path), "windir": esz("%SystemRoot%"), **(system or {})},
            USER_ENVIRONMENT: {
                "Path": esz(user_path),
                "TEMP": esz("%USERPROFILE%\\AppData\\Local\\Temp"),
                **(user or {}),
            },
        }
    )
    expanded = (system_path + ";" + user_path).replace("%SystemRoot%", "C:\\Windows")
    expanded = expanded.replace("%USERPROFILE%", WIN_HOME)
    process = {**CORE, "Path": process_path if process_path is not None else expanded, **(env or {})}
    return FakeSystem(Host("windows", "amd64"), WIN_HOME, env=process, files=files, registry=reg)


CLASSIC = "%SystemRoot%\\system32;%SystemRoot%;C:\\Go\\bin;C:\\Program Files\\Go\\bin"
GOOD = "%SystemRoot%\\system32;%SystemRoot%;C:\\Program Files\\Go\\bin"


def check(sys_: FakeSystem, root: str = WIN_WS):
    report, facts = run_check(sys_, root)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages  # no rule crashed
    return report, facts


def only(report, code: str):
    return [f for f in report.findings if f.code == code]


def ours(report):
    return [f for f in report.findings if f.code in CODES]


def text_at(data: bytes, rng) -> str:
    from go_sidecar.parse.text import LineIndex

    index = LineIndex(data)
    return data[index.offset(rng.start) : index.offset(rng.end)].decode()


def apply_fix(sys_: FakeSystem, fix) -> dict[str, bytes]:
    by_path: dict[str, list] = {}
    for e in fix.edits:
        by_path.setdefault(e.path, []).append((e.range, e.new_text))
    out = {}
    for path, edits in by_path.items():
        key = next(k for k in sys_.files if sys_._key(k) == sys_._key(path))
        sys_.files[key] = out[path] = apply_edits(sys_.files[key], edits)
    return out


# --- path-go-shadowed on Windows ------------------------------------------------------------------------
def test_old_c_go_before_program_files_in_the_system_path():
    s = windows(CLASSIC, launch_bytes=launch(config("调试 包"), newline="\r\n"))
    report, _ = check(s)
    [f] = only(report, SHADOWED)
    assert f.severity == Severity.WARNING
    assert text_at(s.files[WIN_LAUNCH], f.location.range) == '"name": "调试 包"'  # the configuration's name
    assert "C:\\Go\\bin\\go.exe (go1.15.2), from C:\\Go\\bin in the system PATH (" + SYSTEM_ENVIRONMENT in f.message
    assert "It hides C:\\Program Files\\Go\\bin\\go.exe (go1.22.5)" in f.message
    assert "later in the same PATH" in f.message
    assert "uninstall the Go in C:\\Go and remove C:\\Go\\bin from PATH" in f.message
    assert "move C:\\Program Files\\Go\\bin before it in the system PATH" in f.message
    assert not f.fixes  # the machine's PATH is not a file of the workspace: the message says what to do
    assert not only(report, GOROOT_SET)


def test_a_user_entry_cannot_come_before_the_system_path():
    s = windows("%SystemRoot%;C:\\Go\\bin", user_path="C:\\Program Files\\Go\\bin", launch_bytes=launch(config()))
    [f] = only(check(s)[0], SHADOWED)
    assert "from C:\\Go\\bin in the system PATH" in f.message
    assert f"later in your user PATH ({USER_ENVIRONMENT})" in f.message
    assert "a user PATH entry cannot come before the system PATH" in f.message
    assert "administrator" in f.message


def test_a_stale_editor_environment_says_restart():
    # The registry was fixed (C:\Go\bin removed) after the editor started with the old PATH.
    s = windows(GOOD, process_path="C:\\Go\\bin;C:\\Windows;C:\\Program Files\\Go\\bin", launch_bytes=launch(config()))
    [f] = only(check(s)[0], SHADOWED)
    assert "from C:\\Go\\bin in the PATH the editor was started with (in neither registry PATH)" in f.message
    assert (
        "the registry's PATH already puts C:\\Program Files\\Go\\bin's go first" in f.message
        and "start it again" in f.message
    )


def test_an_entry_of_the_process_only_that_a_restart_does_not_remove():
    # Something that starts the editor puts C:\tools\go1.14\bin first; the registry's PATH has C:\Go\bin first.
    s = windows(CLASSIC, launch_bytes=launch(config()))
    fake_root(s.files, "C:\\tools\\go1.14", "go1.14.1", windows=True)
    s.env["Path"] = "C:\\tools\\go1.14\\bin;" + s.env["Path"]
    [f] = only(check(s)[0], SHADOWED)
    assert "C:\\tools\\go1.14\\bin\\go.exe (go1.14.1), from C:\\tools\\go1.14\\bin in the PATH the editor" in f.message
    assert "It hides C:\\Program Files\\Go\\bin\\go.exe (go1.22.5)" in f.message  # the newest on that PATH
    assert "C:\\tools\\go1.14\\bin is in neither the system nor the user PATH" in f.message


def test_correct_windows_set_ups_stay_silent():
    for s in (
        windows(GOOD, launch_bytes=launch(config())),  # one Go on PATH
        windows(  # two, the newest first
            "%SystemRoot%;C:\\Program Files\\Go\\bin;C:\\Go\\bin", launch_bytes=launch(config())
        ),
        windows(GOOD),  # no launch.json: the editor's PATH
    ):
        report, _ = check(s)
        assert not ours(report), [f.message for f in ours(report)]


def test_the_editors_path_without_configurations_is_anchored_at_go_mod():
    s = windows(CLASSIC)
    [f] = only(check(s)[0], SHADOWED)
    assert f.location.path == WIN_WS + "\\go.mod"
    assert f.message.startswith("The editor's tools (VS Code Go, gopls) run the first go on its PATH")
    assert "go commands in the editor's terminal use go1.15.2" in f.message and "Delve" not in f.message


def test_configurations_on_the_editors_path_share_one_finding():
    s = windows(CLASSIC, launch_bytes=launch(*(config(f"C{i}") for i in range(5))))
    [f] = only(check(s)[0], SHADOWED)
    assert f.message.startswith('Configurations "C0", "C1", "C2" and 2 more build with the first go on the editor')
    assert text_at(s.files[WIN_LAUNCH], f.location.range) == '"name": "C0"'


def test_configuration_path_in_launch_json_gets_a_fix_that_puts_the_right_bin_first():
    env = '{"Path": "C:\\\\Go\\\\bin;${env:PATH}", "GOFLAGS": "-v"}'
    s = windows(GOOD, launch_bytes=launch(config("own", env=env), config("plain"), newline="\r\n"))
    report, _ = check(s)
    [f] = only(report, SHADOWED)
    assert text_at(s.files[WIN_LAUNCH], f.location.range) == '"name": "own"'
    assert "first go on its own PATH" in f.message
    assert "the configuration's own PATH (env)" in f.message
    [fix] = f.fixes
    assert fix.title == "Put C:\\Program Files\\Go\\bin first on this configuration's PATH"
    out = apply_fix(s, fix)[WIN_LAUNCH]
    assert b"\n" not in out.replace(b"\r\n", b"")  # still CRLF only
    assert "调试配置 😀" in out.decode()  # the comment stays
    env_after = strict_json(out)["configurations"][0]["env"]
    assert env_after == {"Path": "C:\\Program Files\\Go\\bin;C:\\Go\\bin;${env:PATH}", "GOFLAGS": "-v"}
    assert not only(check(s)[0], SHADOWED)


def test_a_pinned_goroot_is_left_to_goroot_path_mismatch():
    env = '{"GOROOT": "C:\\\\Program Files\\\\Go"}'
    s = windows(CLASSIC, launch_bytes=launch(config(env=env)))
    report, _ = check(s)
    assert only(report, "goroot-path-mismatch")  # says the configuration's PATH, with a fix
    # Not about the configuration: the editor's own tools still run C:\Go's go.
    [f] = only(report, SHADOWED)
    assert f.location.path == WIN_WS + "\\go.mod" and f.message.startswith("The editor's tools")


def test_go_goroot_puts_its_bin_first():
    s = windows(CLASSIC, launch_bytes=launch(config()), settings='{"go.goroot": "C:\\\\Go"}')
    assert not only(check(s)[0], SHADOWED)  # go.goroot pins the old one on purpose


def test_a_shim_first_is_not_judged():
    s = windows("%SystemRoot%;C:\\shims;C:\\Go\\bin;C:\\Program Files\\Go\\bin", launch_bytes=launch(config()))
    s.files["C:\\shims\\go.exe"] = b"MZ"  # scoop/asdf-style shim: no Go root around it
    assert not only(check(s)[0], SHADOWED)


def test_a_goland_project_is_left_to_its_sdk():
    s = windows(CLASSIC)
    s.files[WIN_WS + "\\.idea\\workspace.xml"] = b'<project version="4"></project>'
    assert not only(check(s)[0], SHADOWED)


# --- goroot-env-set ----------------------------------------------------------------------------------------
def test_registry_goroot_naming_another_go_than_path_is_a_warning():
    s = windows(GOOD, user={"GOROOT": sz(OLD)}, env={"GOROOT": OLD}, launch_bytes=launch(config()))
    report, _ = check(s)
    [f] = only(report, GOROOT_SET)
    assert f.severity == Severity.WARNING
    assert f"Your user environment variable GOROOT ({USER_ENVIRONMENT}) is C:\\Go (go1.15.2)" in f.message
    assert "first go on PATH is C:\\Program Files\\Go\\bin\\go.exe (go1.22.5)" in f.message
    assert 'compile: version "go1.15.2" does not match go tool version "go1.22.5"' in f.message
    assert "other face of path-go-shadowed" in f.message
    assert "SetEnvironmentVariable('GOROOT', $null, 'User')" in f.message
    assert text_at(s.files[WIN_LAUNCH], f.location.range) == '"name": "Launch"'


def test_registry_goroot_equal_to_paths_root_is_information():
    s = windows(GOOD, system={"GOROOT": sz(NEW)}, env={"GOROOT": NEW}, launch_bytes=launch(config()))
    [f] = only(check(s)[0], GOROOT_SET)
    assert f.severity == Severity.INFORMATION
    assert f"The system environment variable GOROOT ({SYSTEM_ENVIRONMENT}) is C:\\Program Files\\Go" in f.message
    assert "golang/go/issues/30132" in f.message and "administrator" in f.message


def test_registry_goroot_the_editor_does_not_have_yet():
    s = windows(GOOD, user={"GOROOT": sz(OLD)}, launch_bytes=launch(config()))
    [f] = only(check(s)[0], GOROOT_SET)
    assert ", which the editor gets when it starts again, is C:\\Go" in f.message and f.severity == Severity.WARNING


def test_goroot_naming_no_go_root():
    s = windows(GOOD, env={"GOROOT": "C:\\Go1.9"}, launch_bytes=launch(config()))
    [f] = only(check(s)[0], GOROOT_SET)
    assert "GOROOT in the editor's environment is C:\\Go1.9, which does not exist" in f.message
    assert "go: cannot find GOROOT directory: C:\\Go1.9" in f.message and f.severity == Severity.WARNING


def test_goroot_env_set_is_silent_without_goroot_or_with_go_goroot():
    assert not only(check(windows(GOOD, launch_bytes=launch(config())))[0], GOROOT_SET)
    s = windows(GOOD, env={"GOROOT": OLD}, launch_bytes=launch(config()), settings='{"go.goroot": "C:\\\\Go"}')
    assert not only(check(s)[0], GOROOT_SET)


# --- macOS and Linux ---------------------------------------------------------------------------------------
def mac(path: str, env: dict | None = None) -> FakeSystem:
    files: dict[str, bytes] = {}
    fake_root(files, "/usr/local/go", "go1.20.1")  # an old go.dev .pkg install
    cellar = "/opt/homebrew/Cellar/go/1.23.1"
    fake_root(files, cellar + "/libexec", "go1.23.1")
    links = {"/opt/homebrew/bin/go": "../Cellar/go/1.23.1/bin/go", cellar + "/bin/go": "../libexec/bin/go"}
    ws = MAC_HOME + "/proj"
    files[ws + "/go.mod"] = b"module example.com/m\n\ngo 1.20\n"
    files[ws + "/main.go"] = b"package main\n"
    files[ws + "/.vscode/launch.json"] = launch(config())
    return FakeSystem(
        Host("darwin", "arm64"), MAC_HOME, env={"HOME": MAC_HOME, "PATH": path, **(env or {})}, files=files, links=links
    )


def test_macos_old_pkg_go_before_homebrew():
    s = mac("/usr/local/go/bin:/opt/homebrew/bin:/usr/bin:/bin")
    [f] = only(check(s, MAC_HOME + "/proj")[0], SHADOWED)
    assert (
        "/usr/local/go/bin/go (go1.20.1), from /usr/local/go/bin in the PATH the editor was started with" in f.message
    )
    assert "It hides /opt/homebrew/bin/go (go1.23.1)" in f.message
    assert "/etc/paths" in f.message and "~/.zshrc" in f.message


def test_macos_homebrew_first_is_silent_and_an_exported_goroot_is_judged():
    s = mac("/opt/homebrew/bin:/usr/local/go/bin:/usr/bin", env={"GOROOT": "/usr/local/go"})
    report, _ = check(s, MAC_HOME + "/proj")
    assert not only(report, SHADOWED)
    [f] = only(report, GOROOT_SET)
    assert (
        f.severity == Severity.WARNING and "GOROOT in the editor's environment is /usr/local/go (go1.20.1)" in f.message
    )
    assert "shell profile" in f.message


def test_macos_recorded_machine_stays_silent(mac_machine):
    ws = MAC_HOME + "/proj"
    mac_machine.files[ws + "/go.mod"] = b"module m\n\ngo 1.22\n"
    mac_machine.files[ws + "/.vscode/launch.json"] = launch(config())
    assert not ours(check(mac_machine, ws)[0])


def test_linux_distribution_go_before_usr_local_go(linux_machine):
    ws = LINUX_HOME + "/proj"
    linux_machine.files[ws + "/go.mod"] = b"module m\n\ngo 1.19\n"
    linux_machine.files[ws + "/.vscode/launch.json"] = launch(config())
    report, _ = check(linux_machine, ws)
    [f] = only(report, SHADOWED)
    assert "/usr/bin/go (go1.19.8), from /usr/bin" in f.message  # /usr/bin/go links to /usr/lib/go-1.19
    assert "It hides /usr/local/go/bin/go (go1.27.3)" in f.message
    linux_machine.env["PATH"] = "/usr/local/go/bin:/usr/bin:/bin"
    assert not ours(check(linux_machine, ws)[0])


def test_linux_goroot_equal_to_paths_root_is_information(linux_machine):
    linux_machine.env.update(PATH="/usr/local/go/bin:/usr/bin", GOROOT="/usr/local/go/")
    [f] = only(check(linux_machine, LINUX_HOME)[0], GOROOT_SET)
    assert f.severity == Severity.INFORMATION and f.location.path == LINUX_HOME


# --- bad input ---------------------------------------------------------------------------------------------
class Broken:
    def values(self, key):
        raise OSError(5, "Access is denied")


def test_a_registry_that_raises_leaves_the_process_path():
    s = windows(CLASSIC, launch_bytes=launch(config()))
    s.registry = Broken()
    [f] = only(check(s)[0], SHADOWED)
    assert "in the PATH the editor was started with" in f.message  # no level known but the process's


@pytest.mark.parametrize(
    "value", [RegValue("REG_DWORD", 1), RegValue("REG_BINARY", b"\xff" * 4096), sz(None), RegValue("REG_NONE", None)]
)
def test_registry_values_that_are_not_strings(value):
    s = windows(CLASSIC, launch_bytes=launch(config()), user={"GOROOT": value})
    s.registry.keys[("HKEY_LOCAL_MACHINE", SYSTEM_ENVIRONMENT.split("\\", 1)[1].lower())]["Path"] = value
    report, _ = check(s)
    [f] = only(report, SHADOWED)  # the editor's PATH still says which go comes first
    assert "the PATH the editor was started with" in f.message
    assert not only(report, GOROOT_SET)


@pytest.mark.parametrize("where", ["process", "registry", "launch.json"])
def test_a_path_of_100000_characters(where):
    junk = ";".join(f"C:\\junk\\{i:06d}" for i in range(12_000))[:100_000]
    s = windows(CLASSIC, launch_bytes=launch(config()))
    if where == "process":
        s.env["Path"] = junk + ";" + s.env["Path"]
    elif where == "registry":
        s.registry.keys[("HKEY_CURRENT_USER", "environment")]["Path"] = esz(junk)
    else:
        s.files[WIN_LAUNCH] = launch(config(env='{"PATH": "' + junk.replace("\\", "\\\\") + ';${env:PATH}"}'))
    start = time.perf_counter()
    report, facts = check(s)
    assert time.perf_counter() - start < 30.0  # ~4 s here, most of it FakeSystem stats of other probes
    if where == "registry":
        assert only(report, SHADOWED)  # the entries before the junk are judged
    if where == "process":
        assert any("more than 1000 folders" in m for m in facts.machine.messages)


# --- the catalogue -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("code", CODES)
def test_rule_metadata(code):
    r = registry.RULES[code]
    assert r.family == "environment" and r.summary and r.fix and r.example
    assert "golang/go" in r.explanation  # sources
    assert code in registry.catalogue_markdown()
