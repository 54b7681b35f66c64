"""The readiness line of each Go debug configuration (probe/readiness.py, the code lens of issue 13), on recorded
Windows, macOS and Linux machines checked the way the server checks them (run_check with recorded host facts and
executables described by ExeInfo values, tests/unit/test_delve_rules.py's World)."""

from __future__ import annotations

import json

import pytest

from go_sidecar.check import MACHINE_DEBUGGER_CODES
from go_sidecar.model import Finding, Location, Severity, Toolchain
from go_sidecar.probe.readiness import Readiness, config_location, installer, readiness, short_path, where
from go_sidecar.settings import Settings
from go_sidecar.testing import apply_edits

from .test_delve_rules import World, config, delve, exe, launch

NEW_DLV = "1.25.2"  # supports Go 1.22 to 1.25


def lines(w: World, settings: Settings = Settings()) -> dict[str, Readiness]:
    report, facts = w.check(settings)
    out = readiness(facts, report.findings, MACHINE_DEBUGGER_CODES)
    return {r.name: r for r in out}


def ready_world(host: str, **kw) -> World:
    w = World(host, **kw)
    goos, goarch = w.native
    w.dlv(w.gopath_dlv, delve(NEW_DLV, goos, goarch))
    return w


@pytest.mark.parametrize(
    ("host", "where_"),
    [
        ("linux-amd64", "/usr/local/go"),
        ("apple-silicon-native", "/usr/local/go"),
        ("windows-amd64", r"C:\Program Files\Go"),
    ],
)
def test_a_ready_configuration_on_each_os(host, where_):
    w = ready_world(host)
    goos, goarch = w.native
    [r] = lines(w).values()
    assert r.title == f"go1.22.5 ({where_}) · dlv {NEW_DLV} {goos}/{goarch} · ready"
    assert r.ready and r.problems == () and r.count == 0
    # The lens spans the configuration: its `{` to its `}` in launch.json.
    data = w.read(w.launch_path)
    assert r.path == w.launch_path
    assert data[r.range.start_byte : r.range.start_byte + 1] == b"{"
    assert data[r.range.end_byte - 1 : r.range.end_byte] == b"}"
    assert b'"name": "Launch"' in data[r.range.start_byte : r.range.end_byte]


def test_the_lens_line_is_counted_in_utf16_after_a_chinese_comment_and_an_emoji():
    w = ready_world("linux-amd64")  # World's launch.json starts with `// 调试配置 😀`
    [r] = lines(w).values()
    text = w.read(w.launch_path).decode()
    assert "😀" in text.splitlines()[1]
    start, end = r.range.positions("utf-16")
    assert text.splitlines()[start.line].strip() == "{"
    assert text.splitlines()[end.line].strip().startswith("}")


def test_a_toolchain_in_sdk_is_named_by_its_installer_and_home_is_a_tilde():
    w = ready_world("windows-amd64")
    sdk = w.toolchain(w.join(w.home, "sdk", "go1.23.4"), "go1.23.4")
    w.write(".vscode/launch.json", launch(config(env={"GOROOT": sdk, "PATH": w.join(sdk, "bin")})))
    [r] = lines(w).values()
    assert r.title == f"go1.23.4 (~/sdk) · dlv {NEW_DLV} windows/amd64 · ready", r.title


def test_problems_of_a_configuration_and_the_machine_wide_ones_for_each():
    """No dlv on the machine: dlv-missing is reported once (at the first configuration) but every configuration
    that runs a local dlv is not ready; the old Go's goroot-too-old belongs to its configuration only."""
    w = World("linux-amd64")
    old = w.toolchain("/home/dev/sdk/go1.21.5", "go1.21.5")
    w.write(
        ".vscode/launch.json",
        launch(config("A"), config("B", env={"GOROOT": old, "PATH": old + "/bin"}), config("C", mode="exec")),
    )
    got = lines(w)
    assert got["A"].title == "go1.22.5 (/usr/local/go) · 1 problem: dlv-missing"
    assert got["B"].title.startswith("go1.21.5 (~/sdk) · ")
    assert got["B"].problems[0] == "goroot-too-old"  # its own first, then the machine's
    assert set(got["B"].problems) >= {"dlv-missing", "goroot-too-old"}
    assert got["B"].count >= 2 and "problems:" in got["B"].title
    assert "dlv-missing" in got["C"].problems and "goroot-too-old" not in got["C"].problems
    assert got["C"].title.startswith("prebuilt")
    assert not any(r.ready for r in got.values())


def test_a_dlv_of_another_architecture_on_apple_silicon():
    w = World("apple-silicon-native")
    w.dlv(w.gopath_dlv, delve(NEW_DLV, "darwin", "amd64"))
    [r] = lines(w).values()
    assert r.title == f"go1.22.5 (/usr/local/go) · dlv {NEW_DLV} darwin/amd64 · 1 problem: dlv-arch-mismatch"


def test_a_finding_at_a_value_written_elsewhere_belongs_to_the_configurations_using_it():
    """go.toolsEnvVars.GOROOT names no Go root: the finding sits in settings.json, the configurations that take
    their GOROOT from it are not ready; one with its own env.GOROOT is."""
    settings = json.dumps({"go.toolsEnvVars": {"GOROOT": "/nowhere/go"}}, indent=2)
    w = ready_world("linux-amd64", settings=settings)
    w.write(".vscode/launch.json", launch(config("Tools"), config("Own", env={"GOROOT": "/usr/local/go"})))
    report, _ = w.check()
    assert any(f.code == "goroot-invalid" and f.location.path == w.settings_path for f in report.findings)
    got = lines(w)
    assert "goroot-invalid" in got["Tools"].problems and not got["Tools"].ready
    assert got["Own"].ready, got["Own"].title


def test_information_does_not_make_a_configuration_not_ready():
    w = ready_world("linux-amd64", gomod="module example.com/m\n\ngo 1.23.0\n")
    assert "goroot-too-old" in lines(w)["Launch"].problems
    relaxed = Settings(severity_overrides={"goroot-too-old": Severity.INFORMATION})
    assert lines(w, relaxed)["Launch"].ready


def test_remote_and_external_configurations_say_where_they_connect():
    w = ready_world("linux-amd64")
    w.write(
        ".vscode/launch.json",
        launch(
            config("R1", request="attach", mode="remote", extra=('"host": "10.1.2.3"', '"port": 4000')),
            config("R2", request="attach", mode="remote", extra=('"port": "${input:port}"',)),
            config("R3", request="attach", mode="remote"),
            config("R4", request="attach", mode="remote", extra=('"port": {"nested": 1}', '"host": 7')),
            config("X", extra=('"port": 2345', '"debugAdapter": "dlv-dap"')),
            config("P", request="attach", mode="local", extra=('"processId": 1234',)),
        ),
    )
    got = lines(w)
    assert got["R1"].title == "remote dlv at 10.1.2.3:4000"
    assert got["R2"].title == "remote dlv at 127.0.0.1:${input:port}"
    assert got["R3"].title.startswith("remote dlv at 127.0.0.1 (no port set)")
    assert got["R4"].title.startswith("remote dlv at 127.0.0.1 (no port set)")
    assert got["X"].title == "dlv dap server at 127.0.0.1:2345"
    assert got["P"].title == f"attach to a local process · dlv {NEW_DLV} linux/amd64 · ready"
    for name in ("R1", "R2", "X"):
        assert got[name].status == "" and not got[name].ready  # nothing here says whether that dlv is up


def test_exec_names_the_prebuilt_program_and_its_platform():
    w = ready_world("linux-amd64")
    w.dlv(w.at("bin/app"), exe("linux", "amd64"))
    w.write(
        ".vscode/launch.json",
        launch(config("Exec", mode="exec", extra=())).replace("${workspaceFolder}", "${workspaceFolder}/bin/app"),
    )
    [r] = lines(w).values()
    assert r.title.startswith("prebuilt app linux/amd64 · dlv "), r.title


def test_goland_run_configuration_with_an_asdf_sdk():
    w = World("linux-amd64")
    root = w.toolchain("/home/dev/.asdf/installs/golang/1.22.5/go", "go1.22.5")
    w.goland(delve("1.24.0", "linux", "amd64"))
    w.write(
        ".idea/workspace.xml", f'<project version="4">\n  <component name="GOROOT" url="file://{root}" />\n</project>\n'
    )
    run = (
        '<component name="ProjectRunConfigurationManager">\n'
        '  <configuration default="false" name="server" type="GoApplicationRunConfiguration">\n'
        '    <kind value="DIRECTORY" />\n    <directory value="$PROJECT_DIR$" />\n'
        "  </configuration>\n</component>\n"
    )
    path = w.write(".run/server.run.xml", run)
    w.write(".vscode/launch.json", launch())
    got = lines(w)
    r = got["server"]
    assert r.path == path
    assert r.title == "go1.22.5 (asdf) · GoLand's dlv 1.24.0 linux/amd64 · ready", r.title
    data = w.read(path)
    assert data[r.range.start_byte :].startswith(b"<configuration")
    assert data[: r.range.end_byte].endswith(b"</configuration>")


def test_many_problems_are_counted_and_the_list_is_cut():
    w = ready_world("linux-amd64")
    _, facts = w.check()
    cf = facts.configs[0]
    span = config_location(cf)
    assert span is not None
    made = [
        Finding(code, sev, "m", Location(span.path, span.range))
        for code, sev in [
            ("a-warning", Severity.WARNING),
            ("an-error", Severity.ERROR),
            ("b-warning", Severity.WARNING),
            ("a-warning", Severity.WARNING),
            ("c-warning", Severity.WARNING),
            ("d-warning", Severity.WARNING),
            ("a-hint", Severity.HINT),
        ]
    ]
    [r] = readiness(facts, made)
    assert r.problems == ("an-error", "a-warning", "b-warning", "c-warning", "d-warning")
    assert r.count == 6
    assert r.title.endswith("· 6 problems: an-error, a-warning, b-warning +2 more")
    # A finding elsewhere in the file (outside the configuration) is not its problem.
    outside = Finding("x", Severity.ERROR, "m", Location(span.path, span.range.index.range(0, 1)))
    assert readiness(facts, [outside])[0].ready


def test_only_the_asked_file():
    w = ready_world("linux-amd64")
    report, facts = w.check()
    assert readiness(facts, report.findings, path=w.launch_path)
    assert readiness(facts, report.findings, path=w.settings_path) == []


def test_installer_and_short_paths():
    w = ready_world("linux-amd64")
    _, facts = w.check()
    cases = {
        "/home/dev/sdk/go1.22.5": "sdk",
        "/home/dev/.asdf/installs/golang/1.22.5/go": "asdf",
        "/home/dev/.local/share/mise/installs/go/1.22.5": "mise",
        "/home/dev/.goenv/versions/1.22.5": "goenv",
        "/home/dev/.gvm/gos/go1.22.5": "gvm",
        "/opt/homebrew/Cellar/go/1.22.5/libexec": "homebrew",
        "/home/dev/go/pkg/mod/golang.org/toolchain@v0.0.1-go1.22.5.linux-amd64": "GOTOOLCHAIN download",
        "/usr/local/go": "system",
        "/usr/lib/go-1.22": "system",
        "/srv/tools/go": "",
    }
    for root, source in cases.items():
        assert installer(facts, root) == source, root
    assert where(facts, "/home/dev/.gvm/gos/go1.22.5") == "gvm"
    assert where(facts, "/srv/tools/go") == "/srv/tools/go"
    assert short_path(facts, "/home/dev/tools/go") == "~/tools/go"
    assert short_path(facts, "/home/devil/go") == "/home/devil/go"  # a sibling of home is not home


def test_a_windows_machine_compares_home_without_case():
    w = ready_world("windows-amd64")
    _, facts = w.check()
    assert installer(facts, w.home.upper() + "\\scoop\\apps\\go\\1.22.5") == "scoop"
    assert short_path(facts, w.home.lower() + "\\tools") == "~\\tools"


@pytest.mark.parametrize(
    "text",
    [
        '{"configurations": [{"type": "go", "request": 5, "mode": ["x"], "port": true}]}',
        '{"configurations": [{"type": "go", "name": 7, "request": "attach", "mode": "remote", "port": 1e308}]}',
        '{"configurations": [{"type": "go", "request": "${input:r}", "mode": "auto"}]}',
        '{"configurations": [{"type": "go", "name": "unfinished", "request": "launch"',
    ],
)
def test_odd_configurations_give_a_line_not_a_crash(text):
    w = ready_world("linux-amd64")
    w.write(".vscode/launch.json", text)
    for r in lines(w).values():
        assert isinstance(r.title, str) and r.title and len(r.title) < 200, r.title


def test_the_line_follows_an_edit():
    """The lens range is the configuration as the check read it: an edit above it moves it."""
    w = ready_world("linux-amd64")
    [before] = lines(w).values()
    data = w.read(w.launch_path)
    from go_sidecar.model import Range

    w.files[w.launch_path] = apply_edits(data, [(Range.of(1, 0, 1, 0), "  // 新的一行 😀\n")])
    [after] = lines(w).values()
    assert after.range.start.line == before.range.start.line + 1
    assert after.title == before.title


def test_a_toolchain_whose_source_names_its_installer_is_labelled_by_it():
    # The Go MSI installed outside its default folders (its registry record says where) and golang.org/dl: the
    # discovered toolchain's source names them; the place alone does not.
    w = ready_world("windows-amd64")
    _, facts = w.check()
    facts.toolchains.append(Toolchain(root="D:\\Tools\\Go", version="go1.22.5", source="msi"))
    assert installer(facts, "D:\\Tools\\Go") == "msi" and where(facts, "D:\\Tools\\Go") == "Go installer"
    facts.toolchains.append(Toolchain(root="E:\\go1.23.0", version="go1.23.0", source="golang.org/dl"))
    assert where(facts, "E:\\go1.23.0") == "~/sdk"
