"""go-pin-mismatch and the pin-file facts (probe/pinfiles.py): a configuration's GOROOT against the folder's
`.tool-versions`, `.go-version`, `mise.toml` / `.mise.toml`, on recorded Linux, macOS and Windows machines.

Each fix is applied (go_sidecar.testing.apply_edits) and the workspace checked again. Pin files of garbage (binary,
10 MB, invalid TOML) pin nothing and crash nothing.
"""

from __future__ import annotations

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host, Severity
from go_sidecar.parse.text import LineIndex
from go_sidecar.probe.pinfiles import MAX_PIN_BYTES, read_pin, read_pin_facts
from go_sidecar.rules.pins import pin_matches
from go_sidecar.testing import FakeSystem, apply_edits

from .conftest import MAC_HOME, WIN_HOME, fake_root

CODE = "go-pin-mismatch"
HOME = "/home/dev"
WS = HOME + "/proj"
LAUNCH = WS + "/.vscode/launch.json"
SETTINGS = WS + "/.vscode/settings.json"
ASDF_122 = HOME + "/.asdf/installs/golang/1.22.5/go"


def launch(*configs: str) -> bytes:
    return (
        '{\n  // 调试 😀\n  "version": "0.2.0",\n  "configurations": [\n' + ",\n".join(configs) + "\n  ]\n}\n"
    ).encode()


def config(name: str = "Launch", program: str = "${workspaceFolder}", env: str | None = None) -> str:
    text = (
        f'    {{\n      "name": "{name}",\n      "type": "go",\n      "request": "launch",\n      "mode": "auto",\n'
        f'      "program": "{program}"'
    )
    if env is not None:
        text += f',\n      "env": {env}'
    return text + "\n    }"


def machine(pins: dict[str, bytes], launch_text: bytes | None = None, settings: bytes | None = None) -> FakeSystem:
    """Linux: asdf's go1.22.5 and go1.21.6, /usr/local/go 1.21.3 first on PATH, a module with main packages."""
    files: dict[str, bytes] = {}
    fake_root(files, ASDF_122, "go1.22.5")
    fake_root(files, HOME + "/.asdf/installs/golang/1.21.6/go", "go1.21.6")
    fake_root(files, "/usr/local/go", "go1.21.3")
    files[WS + "/go.mod"] = b"module example.com/m\n\ngo 1.21\n"
    files[WS + "/main.go"] = b"package main\n\nfunc main() {}\n"
    files[WS + "/cmd/tool/main.go"] = b"package main\n\nfunc main() {}\n"
    for rel, data in pins.items():
        files[f"{WS}/{rel}"] = data
    if launch_text is not None:
        files[LAUNCH] = launch_text
    if settings is not None:
        files[SETTINGS] = settings
    env = {"HOME": HOME, "PATH": "/usr/local/go/bin:/usr/bin:/bin"}
    return FakeSystem(Host("linux", "amd64"), HOME, env=env, files=files)


def findings(sys_, root: str = WS):
    report, facts = run_check(sys_, root)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages  # no rule crashed
    return [f for f in report.findings if f.code == CODE], facts


def apply(sys_: FakeSystem, fix) -> None:
    by_path: dict[str, list] = {}
    for e in fix.edits:
        by_path.setdefault(e.path, []).append((e.range, e.new_text))
    for path, edits in by_path.items():
        key = next(k for k in sys_.files if sys_._key(k) == sys_._key(path))
        sys_.files[key] = apply_edits(sys_.files[key], edits)


def text_at(data: bytes, rng) -> str:
    index = LineIndex(data)
    return data[index.offset(rng.start) : index.offset(rng.end)].decode()


# --- the rule ---------------------------------------------------------------------------------------------------
def test_tool_versions_against_env_goroot_both_fixes_clear_it():
    pins = {".tool-versions": b"# tools of this repo\nnodejs 20.11.1\ngolang 1.22.5 1.21.6  # fallback\n"}
    for which in (0, 1):
        sys_ = machine(pins, launch(config(env='{"GOROOT": "/usr/local/go"}')))
        [f], _ = findings(sys_)
        assert f.severity == Severity.WARNING
        assert f.location.path == WS + "/.tool-versions"
        assert text_at(sys_.files[WS + "/.tool-versions"], f.location.range) == "1.22.5"
        assert f.location.range.start.line == 2
        for part in ("1.22.5", "go1.21.3", '"Launch"', "/usr/local/go", "env.GOROOT", ASDF_122, "asdf"):
            assert part in f.message, part
        titles = [x.title for x in f.fixes]
        assert "asdf's go1.22.5" in titles[0] and f.fixes[0].preferred
        assert titles[-1].startswith("Change .tool-versions to 1.21.3")
        apply(sys_, f.fixes[which if which == 0 else -1])
        after, facts = findings(sys_)
        assert after == []
        if which == 0:  # GOROOT and its bin first on PATH: the build really uses the pinned Go
            assert facts.configs[0].pin.value == ASDF_122
            assert facts.configs[0].path_go.root == ASDF_122
        else:
            assert b"golang 1.21.3 1.21.6  # fallback" in sys_.files[WS + "/.tool-versions"]


def test_silent_when_the_configuration_agrees_or_pins_nothing():
    pins = {".tool-versions": b"golang 1.22.5\n"}
    assert findings(machine(pins, launch(config(env=f'{{"GOROOT": "{ASDF_122}"}}'))))[0] == []
    assert findings(machine(pins, launch(config())))[0] == []  # no GOROOT written: not a pin
    assert findings(machine({}, launch(config(env='{"GOROOT": "/usr/local/go"}'))))[0] == []  # no pin file


def test_fuzzy_mise_pin_matches_any_patch_and_marks_the_value():
    toml = b'[env]\nFOO = "bar"\n\n[tools]\nnode = "20"\ngo = "1.22"   # team Go\n'
    sys_ = machine({"mise.toml": toml}, launch(config(env=f'{{"GOROOT": "{ASDF_122}"}}')))
    assert findings(sys_)[0] == []
    sys_ = machine({"mise.toml": toml}, launch(config(env='{"GOROOT": "/usr/local/go"}')))
    [f], _ = findings(sys_)
    assert text_at(sys_.files[WS + "/mise.toml"], f.location.range) == "1.22"
    assert "mise.toml pins Go 1.22" in f.message and "(mise use it" in f.message
    apply(sys_, f.fixes[-1])  # the pin file takes the configuration's version in its own style: "1.21"
    assert b'go = "1.21"   # team Go' in sys_.files[WS + "/mise.toml"]
    assert findings(sys_)[0] == []


@pytest.mark.parametrize(
    ("name", "data", "shown"),
    [
        (".mise.toml", b'[tools.go]\nversion = "1.22.5"\n', "1.22.5"),
        (".mise.toml", b'tools.go = ["1.22.5", "1.21"]\n', "1.22.5"),
        ("mise.toml", b'[tools]\ngo = { version = "prefix:1.22" }\n', "prefix:1.22"),
        (".go-version", b"\xef\xbb\xbfv1.22.5\r\n", "v1.22.5"),
        (".go-version", b"\n# comment\ngo1.22.5\n", "go1.22.5"),
        (".tool-versions", b"go 1.22.5\n", "1.22.5"),
    ],
)
def test_each_pin_file_form(name, data, shown):
    sys_ = machine({name: data}, launch(config(env='{"GOROOT": "/usr/local/go"}')))
    [f], _ = findings(sys_)
    assert text_at(sys_.files[f"{WS}/{name}"], f.location.range) == shown
    fix = next(x for x in f.fixes if x.title.startswith("Point GOROOT"))
    apply(sys_, fix)
    assert findings(sys_)[0] == []


@pytest.mark.parametrize(
    "data", [b"golang system\n", b"golang latest\n", b"golang ref:master\n", b"golang path:/opt/go\n", b"golang 1\n"]
)
def test_pins_of_no_release_are_not_judged(data):
    assert findings(machine({".tool-versions": data}, launch(config(env='{"GOROOT": "/usr/local/go"}'))))[0] == []


def test_nearest_pin_file_of_the_program_folder_decides():
    pins = {".tool-versions": b"golang 1.22.5\n", "cmd/tool/.go-version": b"1.21.3\n"}
    text = launch(
        config("Tool", "${workspaceFolder}/cmd/tool", '{"GOROOT": "/usr/local/go"}'),
        config("Root", "${workspaceFolder}", '{"GOROOT": "/usr/local/go"}'),
        config("Main file", "${workspaceFolder}/main.go", '{"GOROOT": "/usr/local/go"}'),
    )
    found, facts = findings(machine(pins, text))
    assert sorted(f.message.split('"')[1] for f in found) == ["Main file", "Root"]
    assert all(f.location.path == WS + "/.tool-versions" for f in found)
    assert [p.kind for p in facts.pins.configs[0]] == [".go-version"]


def test_go_goroot_shared_by_configurations_is_one_finding_and_fix_edits_settings():
    settings = b'{\n  // go\n  "go.goroot": "/usr/local/go",\n}\n'
    text = launch(config("A"), config("B"))
    sys_ = machine({".tool-versions": b"golang 1.22.5\n"}, text, settings)
    [f], _ = findings(sys_)
    assert '"A"' in f.message and '"B"' in f.message and "VS Code Go (go.goroot)" in f.message
    assert "go.goroot in settings.json" in f.message
    apply(sys_, f.fixes[0])
    assert f'"go.goroot": "{ASDF_122}",'.encode() in sys_.files[SETTINGS]
    assert findings(sys_)[0] == []


def test_not_installed_says_how_to_install_and_offers_the_pin_file_edit():
    sys_ = machine({".go-version": b"1.25.1\n"}, launch(config(env='{"GOROOT": "/usr/local/go"}')))
    [f], _ = findings(sys_)
    assert "not installed" in f.message and "goenv install 1.25.1" in f.message
    [fix] = f.fixes
    assert fix.title.startswith("Change .go-version to 1.21.3") and fix.preferred
    apply(sys_, fix)
    assert findings(sys_)[0] == []


def test_two_pin_files_in_one_folder_one_agreeing_is_silent():
    pins = {"mise.toml": b'[tools]\ngo = "1.21"\n', ".go-version": b"1.22.5\n"}
    assert findings(machine(pins, launch(config(env='{"GOROOT": "/usr/local/go"}'))))[0] == []


def test_goland_project_sdk_against_the_pin_file():
    from .test_goland_rules import RUN_XML, WORKSPACE_XML, run_xml, workspace_xml

    sys_ = machine({".go-version": b"1.22.5\n"})
    sys_.files[WORKSPACE_XML] = workspace_xml("file:///usr/local/go").encode()
    sys_.files[RUN_XML] = run_xml().encode()
    sys_.files[WS + "/cmd/server/main.go"] = b"package main\n\nfunc main() {}\n"
    [f], _ = findings(sys_)
    assert "GoLand (project SDK)" in f.message and "server 服务" in f.message
    apply(sys_, f.fixes[0])
    assert b"installs/golang/1.22.5/go" in sys_.files[WORKSPACE_XML]
    assert findings(sys_)[0] == []


def test_macos_asdf_and_homebrew():
    files: dict[str, bytes] = {}
    fake_root(files, "/opt/homebrew/Cellar/go/1.23.1/libexec", "go1.23.1")
    fake_root(files, MAC_HOME + "/.asdf/installs/golang/1.22.5/go", "go1.22.5")
    ws = MAC_HOME + "/src/app"
    files[ws + "/go.mod"] = b"module app\n\ngo 1.22\n"
    files[ws + "/main.go"] = b"package main\n"
    files[ws + "/.tool-versions"] = b"golang 1.22.5\n"
    files[ws + "/.vscode/settings.json"] = b'{"go.goroot": "/opt/homebrew/Cellar/go/1.23.1/libexec"}'
    env = {"HOME": MAC_HOME, "PATH": "/usr/bin:/bin"}
    sys_ = FakeSystem(Host("darwin", "arm64"), MAC_HOME, env=env, files=files)
    [f], _ = findings(sys_, ws)
    assert "go1.23.1" in f.message and "asdf's go1.22.5" in f.message
    apply(sys_, f.fixes[0])
    assert findings(sys_, ws)[0] == []


def test_windows_mise_toml_and_env_goroot():
    files: dict[str, bytes] = {}
    mise = WIN_HOME + "\\AppData\\Local\\mise\\installs\\go\\1.23.2"
    fake_root(files, mise, "go1.23.2", windows=True)
    fake_root(files, "C:\\Program Files\\Go", "go1.22.5", windows=True)
    ws = "D:\\src\\app"
    files[ws + "\\go.mod"] = b"module app\n\ngo 1.22\n"
    files[ws + "\\main.go"] = b"package main\n"
    files[ws + "\\mise.toml"] = b'[tools]\r\ngo = "1.23"\r\n'
    files[ws + "\\.vscode\\launch.json"] = launch(config(env='{"GOROOT": "C:\\\\Program Files\\\\Go"}'))
    env = {"USERPROFILE": WIN_HOME, "Path": "C:\\Program Files\\Go\\bin", "LocalAppData": WIN_HOME + "\\AppData\\Local"}
    sys_ = FakeSystem(Host("windows", "amd64"), WIN_HOME, env=env, files=files)
    [f], _ = findings(sys_, ws)
    assert "mise's go1.23.2" in f.message and f.location.path == ws + "\\mise.toml"
    apply(sys_, f.fixes[0])
    launch_after = sys_.files[ws + "\\.vscode\\launch.json"]
    assert b"mise\\\\installs\\\\go\\\\1.23.2" in launch_after
    assert findings(sys_, ws)[0] == []


# --- bad input ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "data", "pinned"),
    [
        (".tool-versions", b"\x00\x01\x02golang 1.22.5\x00" * 50, False),  # binary
        (".tool-versions", b"golang " + b"9" * (MAX_PIN_BYTES + 10), False),  # larger than any pin file
        (".go-version", b"\xff\xfe\x80 1.2\xff.3\n", False),  # not UTF-8, no release
        ("mise.toml", b"[tools\ngo = 1.22\n", False),  # invalid TOML
        ("mise.toml", b'[tools]\ngo = 1.22\n[tools]\ngo = "x"\n', False),  # duplicate table: invalid
        ("mise.toml", b"\xff\xfe[tools]\n", False),  # not UTF-8
        ("mise.toml", b"[tools]\ngo = 1.22\n", False),  # a float, not a version string
        ("mise.toml", b"tools = 3\n", False),
        ("mise.toml", b"[tools]\ngo = []\n", False),
        ("mise.toml", b"[tools]\ngo = { version = 7 }\n", False),
        (".tool-versions", b"golang\n golang \n\n", False),
        ("mise.toml", b"x = " + b"[" * 100_000 + b"]" * 100_000 + b'\n[tools]\ngo = "1.22"\n', False),  # nested
        ("mise.toml", b'[tools]\ngo = "1.22"\nx = ' + b"{a=" * 50_000 + b"1" + b"}" * 50_000, False),  # too deep
        ("mise.toml", b'[tools]\ngo = ["1.22", 3]\n', True),  # mixed array (valid TOML 1.0): the first is used
        (".tool-versions", "# 中文注释\ngolang 1.22.5 # 😀\n".encode(), True),
    ],
)
def test_garbage_pin_files_pin_nothing_and_crash_nothing(name, data, pinned):
    sys_ = machine({name: data}, launch(config(env='{"GOROOT": "/usr/local/go"}')))
    found, _ = findings(sys_)
    assert len(found) == (1 if pinned else 0)
    for f in found:
        assert f.location.path == f"{WS}/{name}"
        assert text_at(sys_.files[f"{WS}/{name}"], f.location.range) in ("1.22", "1.22.5")


def test_ten_megabyte_pin_file_is_skipped_with_a_note():
    sys_ = machine(
        {".go-version": b"1.22.5\n" + b"#" * (10 * 1024 * 1024)}, launch(config(env='{"GOROOT": "/usr/local/go"}'))
    )
    found, facts = findings(sys_)
    assert found == []
    assert any(".go-version" in s and "not read" in s for s in facts.pins.skipped)


def test_invalid_toml_is_named_in_skipped():
    facts = read_pin_facts(machine({"mise.toml": b"[tools\n"}), WS, [])
    assert facts.root == () and any("not valid TOML" in s for s in facts.skipped)


def test_read_pin_direct_forms():
    assert read_pin("/x/.go-version", ".go-version", b"") is None
    assert read_pin("/x/.tool-versions", ".tool-versions", b"nodejs 20\n") is None
    pin = read_pin("/x/.tool-versions", ".tool-versions", b"golang 1.22.5\r\n")
    assert pin is not None and pin.version == "1.22.5" and pin.managers == ("asdf", "mise")
    with pytest.raises(ValueError):
        read_pin("/x/.tool-versions", ".tool-versions", b"\x00")


@pytest.mark.parametrize(
    ("pinned", "version", "ok"),
    [
        ("1.22", "go1.22.0", True),
        ("1.22", "go1.22.9", True),
        ("1.22", "go1.23.0", False),
        ("1.22", "go1.22rc1", False),  # a fuzzy pin resolves to releases only
        ("1.22.5", "go1.22.5", True),
        ("1.22.5", "go1.22.6", False),
        ("1.20", "go1.20", True),
        ("1.20.0", "go1.20", True),
        ("1.23rc1", "go1.23rc1", True),
        ("1.23rc1", "go1.23.0", False),
        ("nonsense", "go1.22.5", True),  # not judged
        ("1.22.5", "", True),
    ],
)
def test_pin_matches(pinned, version, ok):
    assert pin_matches(pinned, version) is ok
