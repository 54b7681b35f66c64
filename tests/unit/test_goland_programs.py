"""Issue 11 for GoLand: a run configuration's directory, files, package and working directory are judged by the
launch rules (program-missing, program-not-main, cwd-missing) in GoLand's words, and fixed in the XML with
GoLand's macros; each case fires, its clean counterpart is silent, and the fixed file is checked again.

Machines are recorded (FakeSystem): Linux, Windows (backslashes after `$PROJECT_DIR$`, case-insensitive paths)
and macOS. What GoLand builds for each run kind is in probe/goland_configs.py."""

from __future__ import annotations

import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Host
from go_sidecar.parse.xmldoc import parse_xml
from go_sidecar.testing import FakeSystem, apply_edits

from .conftest import fake_root

HOME = "/home/dev"
WS = HOME + "/proj"
RUN_XML = WS + "/.run/app.run.xml"
WORKSPACE_XML = WS + "/.idea/workspace.xml"
CODES = ("program-missing", "program-not-main", "cwd-missing")
APP, TEST = "GoApplicationRunConfiguration", "GoTestRunConfiguration"
SOURCES = {
    "go.mod": b"module example.com/m\n\ngo 1.22.0\n",
    "cmd/server/main.go": b"// Copyright\n\npackage main\n\nfunc main() {}\n",
    "cmd/tool/main.go": b"package main\n\nfunc main() {}\n",
    "cmd/tool/flags.go": b"package main\n",
    "internal/store/store.go": b"package store\n",
    "internal/store/store_test.go": b"package store\n",
    "internal/store/sub/sub_test.go": b"package sub\n",
    "empty/README.md": b"nothing\n",
    "data/.keep": b"",
}


def option(tag: str, value: str | None) -> str:
    return "" if value is None else f'    <{tag} value="{value}" />\n'


def run_xml(
    name: str = "app",
    type_: str = APP,
    kind: str | None = "DIRECTORY",
    directory: str | None = None,
    file_path: str | None = None,
    package: str | None = None,
    wd: str | None = "$PROJECT_DIR$",
    envs: dict[str, str] | None = None,
    template: bool = False,
) -> str:
    env_lines = "".join(f'      <env name="{k}" value="{v}" />\n' for k, v in (envs or {}).items())
    return (
        '<component name="ProjectRunConfigurationManager">\n'
        f'  <configuration default="{str(template).lower()}" name="{name}" type="{type_}" '
        f'factoryName="{"Go Test" if type_ == TEST else "Go Application"}">\n'
        '    <module name="proj" />\n'
        f"{option('working_directory', wd)}"
        + (f"    <envs>\n{env_lines}    </envs>\n" if envs else "")
        + f"{option('kind', kind)}{option('package', package)}{option('directory', directory)}"
        f"{option('filePath', file_path)}"
        '    <method v="2" />\n'
        "  </configuration>\n"
        "</component>\n"
    )


def machine(
    run: str | dict[str, str],
    extra: dict[str, bytes] | None = None,
    host: str = "linux",
    home: str = HOME,
    ws: str = WS,
) -> FakeSystem:
    windows = host == "windows"
    sep = "\\" if windows else "/"
    files: dict[str, bytes] = {}
    fake_root(files, f"{home}{sep}sdk{sep}go1.22.5", "go1.22.5", windows=windows)
    files[ws + sep + ".idea" + sep + "workspace.xml"] = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n<project version="4">\n'
        b'  <component name="GOROOT" url="file://$USER_HOME$/sdk/go1.22.5" />\n</project>\n'
    )
    for rel, data in {**SOURCES, **(extra or {})}.items():
        files[ws + sep + rel.replace("/", sep)] = data
    runs = run if isinstance(run, dict) else {"app.run.xml": run}
    for name, text in runs.items():
        files[ws + sep + ".run" + sep + name] = text.encode()
    env = {"USERPROFILE": home, "Path": "C:\\Windows"} if windows else {"HOME": home, "PATH": "/usr/bin:/bin"}
    return FakeSystem(Host(host, "arm64" if host == "darwin" else "amd64"), home, env=env, files=files)


def findings(sys_: FakeSystem, ws: str = WS):
    report, _ = run_check(sys_, ws)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages  # no rule crashed
    return [f for f in report.findings if f.code in CODES]


def text_at(sys_: FakeSystem, loc) -> str:
    line = sys_.files[loc.path].decode().splitlines()[loc.range.start.line]
    return line[loc.range.start.character : loc.range.end.character]


def apply(sys_: FakeSystem, fix) -> None:
    for e in fix.edits:
        sys_.files[e.path] = apply_edits(sys_.files[e.path], [(e.range, e.new_text)])
        assert parse_xml(sys_.files[e.path]).error is None


# --- clean counterparts ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "run",
    [
        run_xml(directory="$PROJECT_DIR$/cmd/server"),
        run_xml(directory="$PROJECT_DIR$/cmd/server/", wd="$PROJECT_DIR$/"),
        run_xml(directory="cmd/server"),  # relative: from the working directory
        run_xml(kind="FILE", directory="$PROJECT_DIR$", file_path="$PROJECT_DIR$/cmd/server/main.go"),
        run_xml(kind="FILE", file_path="$PROJECT_DIR$/cmd/tool/main.go|$PROJECT_DIR$/cmd/tool/flags.go"),
        run_xml(kind="PACKAGE", package="example.com/m/cmd/server", directory="$PROJECT_DIR$"),
        run_xml(type_=TEST, kind="PACKAGE", package="example.com/m/internal/store"),
        run_xml(type_=TEST, kind="DIRECTORY", directory="$PROJECT_DIR$/internal"),  # go test ./internal/...
        run_xml(type_=TEST, kind="DIRECTORY", directory="$PROJECT_DIR$", file_path="$PROJECT_DIR$/"),
        run_xml(type_=TEST, kind="FILE", file_path="$PROJECT_DIR$/internal/store/store_test.go"),
        run_xml(directory="$PROJECT_DIR$/cmd/server", wd=""),  # empty: the project folder
        run_xml(directory="$PROJECT_DIR$/cmd/server", wd="$PROJECT_DIR$/data"),
        run_xml(directory="$PROJECT_DIR$/cmd/server", wd="data"),  # relative: from the project folder
        # Not judged: unknown macros, $MODULE_DIR$ without .idea/proj.iml, no kind, an import path of another module.
        run_xml(directory="$MODULE_WORKING_DIR$/cmd/old", wd="$MODULE_WORKING_DIR$/gone"),
        run_xml(directory="$GOPATH$/src/x/cmd/old", wd="$MY_VAR$"),
        run_xml(directory="$MODULE_DIR$/cmd/old"),
        run_xml(kind=None, directory="$PROJECT_DIR$/cmd/old", file_path="$PROJECT_DIR$/old.go"),
        run_xml(kind="PACKAGE", package="github.com/other/tool/cmd/x"),
        run_xml(kind="PACKAGE", package="$PROJECT_DIR$/cmd/old"),
        # Options of another run kind are not what is built (magma's Go Tests write filePath="$PROJECT_DIR$/").
        run_xml(
            kind="DIRECTORY",
            directory="$PROJECT_DIR$/cmd/server",
            file_path="$PROJECT_DIR$/gone.go",
            package="example.com/m/gone",
        ),
        run_xml(directory="$PROJECT_DIR$/cmd/old", template=True),  # a template runs nothing
    ],
)
def test_clean_or_unknown_configurations_are_silent(run):
    assert not findings(machine(run))


# --- program-missing ---------------------------------------------------------------------------------------------


def test_a_missing_directory_in_goland_words_and_its_fix():
    sys_ = machine(run_xml(name="server 服务", directory="$PROJECT_DIR$/cmd/old"))
    before = sys_.files[RUN_XML]
    [f] = findings(sys_)
    assert f.code == "program-missing" and f.location.path == RUN_XML
    assert f.message.startswith(f'Run configuration "server 服务": directory {WS}/cmd/old does not exist.')
    assert f"stat {WS}/cmd/old: directory not found" in f.message and "cmd/server, cmd/tool" in f.message
    assert "vscode-go" not in f.message and "program attribute" not in f.message
    assert text_at(sys_, f.location) == "$PROJECT_DIR$/cmd/old"
    assert [x.title for x in f.fixes] == [
        "Debug the main package in cmd/server ($PROJECT_DIR$/cmd/server)",
        "Debug the main package in cmd/tool ($PROJECT_DIR$/cmd/tool)",
    ]
    apply(sys_, f.fixes[1])
    assert sys_.files[RUN_XML] == before.replace(b"$PROJECT_DIR$/cmd/old", b"$PROJECT_DIR$/cmd/tool")
    assert not findings(sys_)


def test_a_missing_file_is_fixed_by_building_the_folder():
    run = run_xml(kind="FILE", directory="$PROJECT_DIR$", file_path="$PROJECT_DIR$/cmd/old/main.go")
    sys_ = machine(run)
    [f] = findings(sys_)
    assert f.code == "program-missing" and f"file {WS}/cmd/old/main.go does not exist" in f.message
    assert text_at(sys_, f.location) == "$PROJECT_DIR$/cmd/old/main.go"
    fix = f.fixes[0]
    assert fix.title == "Debug the main package in cmd/server (Run kind Directory, $PROJECT_DIR$/cmd/server)"
    apply(sys_, fix)
    assert sys_.files[RUN_XML].decode() == run.replace('<kind value="FILE" />', '<kind value="DIRECTORY" />').replace(
        '<directory value="$PROJECT_DIR$" />', '<directory value="$PROJECT_DIR$/cmd/server" />'
    )
    assert not findings(sys_)


def test_a_file_configuration_without_a_directory_option_gets_no_fix():
    [f] = findings(machine(run_xml(kind="FILE", file_path="$PROJECT_DIR$/cmd/old/main.go")))
    assert f.code == "program-missing" and f.fixes == ()


def test_one_missing_file_among_several():
    run = run_xml(kind="FILE", file_path="$PROJECT_DIR$/cmd/tool/main.go|$PROJECT_DIR$/cmd/tool/gone.go")
    [f] = findings(machine(run))
    assert f.code == "program-missing" and f"file {WS}/cmd/tool/gone.go does not exist" in f.message


@pytest.mark.parametrize(
    "run,why",
    [
        (run_xml(directory="$PROJECT_DIR$/cmd/server/main.go"), "is a file, not a folder"),
        (run_xml(kind="FILE", file_path="$PROJECT_DIR$/empty/README.md"), "is a file that is not a .go file"),
    ],
)
def test_the_wrong_kind_of_path(run, why):
    [f] = findings(machine(run))
    assert f.code == "program-missing" and why in f.message


def test_a_missing_package_of_the_module_and_its_fix():
    run = run_xml(kind="PACKAGE", package="example.com/m/cmd/old", directory="$PROJECT_DIR$")
    sys_ = machine(run)
    [f] = findings(sys_)
    assert f.code == "program-missing" and text_at(sys_, f.location) == "example.com/m/cmd/old"
    assert f"package example.com/m/cmd/old (folder {WS}/cmd/old) does not exist" in f.message
    assert "no required module provides package example.com/m/cmd/old" in f.message
    assert f.fixes[0].title == "Debug the main package in cmd/server (example.com/m/cmd/server)"
    apply(sys_, f.fixes[0])
    assert sys_.files[RUN_XML].decode() == run.replace("example.com/m/cmd/old", "example.com/m/cmd/server")
    assert not findings(sys_)


@pytest.mark.parametrize(
    "extra,wd,envs",
    [
        # grafana/alloy: `github.com/grafana/alloy/otel_engine` is the module in collector/, run from there
        (
            {"collector/go.mod": b"module example.com/m/otel_engine\n", "collector/main.go": b"package main\n"},
            "$PROJECT_DIR$/collector",
            None,
        ),
        # ... and a nested module of that path anywhere in the tree, whatever the working directory
        ({"tools/engine/go.mod": b"module example.com/m/otel_engine\n"}, "$PROJECT_DIR$", None),
        ({"go.work": b"go 1.22\n\nuse .\n"}, "$PROJECT_DIR$", None),
        (
            {"go.mod": b"module example.com/m\n\ngo 1.22.0\n\nrequire example.com/m/otel_engine v1.0.0\n"},
            "$PROJECT_DIR$",
            None,
        ),
        ({}, "$PROJECT_DIR$", {"GOWORK": "/elsewhere/go.work"}),
    ],
)
def test_a_package_that_another_module_may_provide_is_not_judged(extra, wd, envs):
    run = run_xml(kind="PACKAGE", package="example.com/m/otel_engine", directory="$PROJECT_DIR$", wd=wd, envs=envs)
    assert not findings(machine(run, extra))


def test_a_package_built_from_another_module_is_not_judged():
    """The go command resolves import paths in the module of the folder it runs in; from collector/ that is not
    the root's module, so even an existing library folder of the root module says nothing sure."""
    extra = {"collector/go.mod": b"module example.com/collector\n\nreplace example.com/m => ../\n"}
    run = run_xml(kind="PACKAGE", package="example.com/m/internal/store", wd="$PROJECT_DIR$/collector")
    assert not findings(machine(run, extra))
    assert findings(machine(run_xml(kind="PACKAGE", package="example.com/m/internal/store"), extra))


def test_a_package_in_a_nested_module_folder_is_not_judged_as_the_root_module():
    extra = {"tools/go.mod": b"module example.com/tools\n", "tools/lib/lib.go": b"package lib\n"}
    assert not findings(machine(run_xml(kind="PACKAGE", package="example.com/m/tools/lib"), extra))


def test_a_walk_cut_short_leaves_a_missing_package_unknown(monkeypatch):
    from go_sidecar.probe import goland_configs

    monkeypatch.setattr(goland_configs, "MAX_DIRS", 2)
    monkeypatch.setattr(goland_configs._nested_modules, "__defaults__", (2,))
    assert not findings(machine(run_xml(kind="PACKAGE", package="example.com/m/cmd/old")))


def test_a_missing_test_directory_gets_no_main_package_fix():
    [f] = findings(machine(run_xml(type_=TEST, directory="$PROJECT_DIR$/pkg/gone")))
    assert f.code == "program-missing" and f.fixes == ()
    assert "`go test` on it and its subfolders" in f.message


# --- program-not-main --------------------------------------------------------------------------------------------


def test_a_library_directory_and_its_fix():
    sys_ = machine(run_xml(directory="$PROJECT_DIR$/internal/store"))
    [f] = findings(sys_)
    assert f.code == "program-not-main" and text_at(sys_, f.location) == "$PROJECT_DIR$/internal/store"
    assert f.message.startswith(f'Run configuration "app" builds {WS}/internal/store, but its package is `store`')
    assert "package archive" in f.message and "cannot run non-main package" not in f.message
    apply(sys_, f.fixes[0])
    assert not findings(sys_)


def test_a_package_path_resolving_to_a_library_and_its_fix():
    sys_ = machine(run_xml(kind="PACKAGE", package="example.com/m/internal/store"))
    [f] = findings(sys_)
    assert f.code == "program-not-main" and text_at(sys_, f.location) == "example.com/m/internal/store"
    assert f"builds example.com/m/internal/store ({WS}/internal/store)" in f.message
    assert [x.title for x in f.fixes] == [
        "Debug the main package in cmd/server (example.com/m/cmd/server)",
        "Debug the main package in cmd/tool (example.com/m/cmd/tool)",
    ]
    apply(sys_, f.fixes[1])
    assert b'<package value="example.com/m/cmd/tool" />' in sys_.files[RUN_XML]
    assert not findings(sys_)


def test_a_folder_without_go_files():
    [f] = findings(machine(run_xml(directory="$PROJECT_DIR$/empty")))
    assert f.code == "program-not-main" and f"no Go files in {WS}/empty" in f.message


def test_files_count_for_the_configurations_goos():
    """A folder whose only file is main_windows.go is a main package for a configuration with GOOS=windows in
    its <envs>; on this Linux machine otherwise nothing of it builds."""
    extra = {"winsvc/main_windows.go": b"package main\n\nfunc main() {}\n"}
    assert not findings(machine(run_xml(directory="$PROJECT_DIR$/winsvc", envs={"GOOS": "windows"}), extra))
    [f] = findings(machine(run_xml(directory="$PROJECT_DIR$/winsvc"), extra))
    assert f.code == "program-not-main" and "winsvc" in f.message


def test_package_fixes_skip_main_packages_of_nested_modules():
    extra = {"tools/go.mod": b"module example.com/tools\n", "tools/gen/main.go": b"package main\n"}
    [f] = findings(machine(run_xml(kind="PACKAGE", package="example.com/m/internal/store"), extra))
    assert "tools/gen" in f.message  # a main package of the tree, listed ...
    assert not any("tools/gen" in x.title for x in f.fixes)  # ... but its import path is not example.com/m/...


@pytest.mark.parametrize(
    "run",
    [
        run_xml(type_=TEST, kind="PACKAGE", package="example.com/m/cmd/server"),
        run_xml(type_=TEST, kind="FILE", file_path="$PROJECT_DIR$/cmd/server/main.go"),
    ],
)
def test_a_go_test_of_a_package_without_tests(run):
    [f] = findings(machine(run))
    assert f.code == "program-not-main" and "no _test.go files" in f.message and f.fixes == ()
    assert f.message.startswith('Run configuration "app" tests ')


def test_a_go_test_of_a_directory_counts_its_subfolders():
    """GoLand runs `go test ./internal/...`: internal/ has no test file of its own, internal/store has."""
    assert not findings(machine(run_xml(type_=TEST, directory="$PROJECT_DIR$/internal")))
    assert not findings(machine(run_xml(type_=TEST, directory="$PROJECT_DIR$/empty")))


# --- cwd-missing -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "wd,path",
    [("$PROJECT_DIR$/gone", WS + "/gone"), ("gone", WS + "/gone"), ("$USER_HOME$/elsewhere", HOME + "/elsewhere")],
)
def test_a_missing_working_directory(wd, path):
    sys_ = machine(run_xml(directory="$PROJECT_DIR$/cmd/server", wd=wd))
    [f] = findings(sys_)
    assert f.code == "cwd-missing" and text_at(sys_, f.location) == wd
    assert (
        f.message == f'Run configuration "app": working directory {path} does not exist, so the program cannot '
        "be started in it."
    )


def test_a_relative_directory_is_taken_from_the_working_directory():
    sys_ = machine(run_xml(directory="server", wd="$PROJECT_DIR$/cmd"))
    assert not findings(sys_)
    [f] = findings(machine(run_xml(directory="old", wd="$PROJECT_DIR$/cmd")))
    assert f"directory {WS}/cmd/old does not exist" in f.message


# --- macros, files, machines -------------------------------------------------------------------------------------


def test_module_dir_is_the_project_when_the_module_file_is_in_idea():
    sys_ = machine(run_xml(directory="$MODULE_DIR$/cmd/old"), {".idea/proj.iml": b"<module />\n"})
    [f] = findings(sys_)
    assert f.code == "program-missing" and f"{WS}/cmd/old" in f.message


def test_a_temporary_configuration_in_workspace_xml():
    sys_ = machine({})
    config = (
        run_xml(name="go build cmd/old", directory="$PROJECT_DIR$/cmd/old")
        .split("\n", 1)[1]
        .rsplit("</component>", 1)[0]
        .replace('default="false"', 'default="false" temporary="true"')
    )
    sys_.files[WORKSPACE_XML] = sys_.files[WORKSPACE_XML].replace(
        b"</project>", b'  <component name="RunManager">\n' + config.encode() + b"  </component>\n</project>"
    )
    [f] = findings(sys_)
    assert f.code == "program-missing" and f.location.path == WORKSPACE_XML
    apply(sys_, f.fixes[0])
    assert b'<directory value="$PROJECT_DIR$/cmd/server" />' in sys_.files[WORKSPACE_XML]
    assert not findings(sys_)


WIN_HOME = "C:\\Users\\dev"
WIN_WS = WIN_HOME + "\\proj"


def test_windows_backslashes_after_the_macro_and_a_fix_in_goland_form():
    run = run_xml(directory="$PROJECT_DIR$/cmd\\old", wd="$PROJECT_DIR$\\data")
    sys_ = machine(run, host="windows", home=WIN_HOME, ws=WIN_WS)
    [f] = findings(sys_, WIN_WS)
    assert f.code == "program-missing" and f"directory {WIN_WS}\\cmd\\old does not exist" in f.message
    titles = [x.title for x in f.fixes]
    assert titles[0] == "Debug the main package in cmd\\server ($PROJECT_DIR$/cmd/server)", titles
    apply(sys_, f.fixes[0])
    run_path = WIN_WS + "\\.run\\app.run.xml"
    assert sys_.files[run_path].decode() == run.replace("$PROJECT_DIR$/cmd\\old", "$PROJECT_DIR$/cmd/server")
    assert not findings(sys_, WIN_WS)
    # Case does not matter on Windows; a missing working directory in either separator is found.
    assert not findings(
        machine(run_xml(directory="$PROJECT_DIR$/CMD\\Server"), host="windows", home=WIN_HOME, ws=WIN_WS), WIN_WS
    )
    [c] = findings(
        machine(
            run_xml(directory="$PROJECT_DIR$/cmd/server", wd="$PROJECT_DIR$/gone\\x"),
            host="windows",
            home=WIN_HOME,
            ws=WIN_WS,
        ),
        WIN_WS,
    )
    assert c.code == "cwd-missing" and f"{WIN_WS}\\gone\\x" in c.message


def test_windows_package_path_resolves_with_backslash_folders():
    run = run_xml(kind="PACKAGE", package="example.com/m/internal/store")
    sys_ = machine(run, host="windows", home=WIN_HOME, ws=WIN_WS)
    [f] = findings(sys_, WIN_WS)
    assert f.code == "program-not-main" and f"({WIN_WS}\\internal\\store)" in f.message
    apply(sys_, f.fixes[0])
    assert b'<package value="example.com/m/cmd/server" />' in sys_.files[WIN_WS + "\\.run\\app.run.xml"]
    assert not findings(sys_, WIN_WS)


def test_macos_home_macro():
    mac_home = "/Users/dev"
    run = run_xml(directory="$USER_HOME$/proj/cmd/gone")
    sys_ = machine(run, host="darwin", home=mac_home, ws=mac_home + "/proj")
    [f] = findings(sys_, mac_home + "/proj")
    assert f.code == "program-missing" and f"{mac_home}/proj/cmd/gone" in f.message
    apply(sys_, f.fixes[0])  # written back with the most specific macro
    assert b'<directory value="$PROJECT_DIR$/cmd/server" />' in sys_.files[mac_home + "/proj/.run/app.run.xml"]


def test_goland_facts_leave_the_launch_json_configurations_alone():
    """A project with both: each configuration is judged by its own editor's rules and words."""
    import json

    sys_ = machine(run_xml(directory="$PROJECT_DIR$/cmd/old"))
    sys_.files[WS + "/.vscode/launch.json"] = json.dumps(
        {
            "version": "0.2.0",
            "configurations": [
                {
                    "name": "L",
                    "type": "go",
                    "request": "launch",
                    "mode": "auto",
                    "program": "${workspaceFolder}/cmd/gone",
                }
            ],
        }
    ).encode()
    found = findings(sys_)
    assert sorted(f.message.split(":")[0] for f in found) == ['Configuration "L"', 'Run configuration "app"']
    vscode = next(f for f in found if f.location.path.endswith("launch.json"))
    assert "must be a valid directory or .go file" in vscode.message
    assert vscode.fixes[0].edits[0].new_text == '"${workspaceFolder}/cmd/server"'
