"""Issue 11, program-outside-module: the folder a debug build runs in must belong to a module of that build.

On recorded machines (FakeSystem: Linux, Windows, macOS): a multi-module repository whose go.work uses one module
and not another, a folder outside every module, a nested module, an empty go.work, `.go` file programs; the clean
counterparts (a single-module repository, a used module, GOPATH mode, GOWORK=off, package paths); each fix applied
and the workspace checked again. The go.work parser and the edit are tested on their own first. The verdicts are
checked against go1.27.3 itself in tests/e2e/test_program_module.py.
"""

from __future__ import annotations

import json

import pytest

from go_sidecar.check import run_check
from go_sidecar.edit.gowork import add_use, auto_quote, directory_path
from go_sidecar.model import Host
from go_sidecar.parse.gowork import parse_gowork
from go_sidecar.testing import FakeSystem, apply_edits

CODE = "program-outside-module"
HOME = "/home/dev"
WS = HOME + "/repo"
LAUNCH = WS + "/.vscode/launch.json"
UNUSED = "is contained in a module that is not one of the workspace modules listed in go.work"
OUTSIDE = "current directory outside modules listed in go.work or their selected dependencies"
NO_GOMOD = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'"


# --- go.work, parsed ------------------------------------------------------------------------------------------
def test_use_lines_blocks_comments_and_quotes():
    data = (
        b"// a workspace\r\ngo 1.22\r\n\r\nuse ./api // the service\r\nuse (\r\n    ./lib\r\n"
        b'    // ./old\r\n    "./with space"\r\n    "./esc\\\\aped"\r\n)\r\nreplace x => ./y\r\n'
    )
    w = parse_gowork("/w/go.work", data)
    assert [u.path for u in w.uses] == ["./api", "./lib", "./with space", "./esc\\aped"]
    assert [u.in_block for u in w.uses] == [False, True, True, True]
    assert data[w.uses[2].start : w.uses[2].end] == b'"./with space"'
    assert not w.errors and w.newline == "\r\n" and w.last_use_is_block
    assert data[w.go_line_end - 7 : w.go_line_end] == b"go 1.22"


@pytest.mark.parametrize(
    "text,error",
    [
        (b"use ./a ./b\n", "usage: use local/dir"),
        (b"use `./a`\n", "invalid quoted string"),
        (b'use "./a\n', "invalid quoted string"),
        (b'use ./a"b\n', "invalid quoted string"),
        (b"use (\n\t./a\n", "unterminated block"),
        (b"use ./a /* old */\n", "// comments"),
    ],
)
def test_what_cmd_go_refuses_is_an_error(text, error):
    w = parse_gowork("/w/go.work", text)
    assert any(error in e for e in w.errors), w.errors


def test_empty_block_and_comment_glued_to_a_word():
    w = parse_gowork("/w/go.work", b"use ()\nuse ./a//not part of the path\n")
    assert [u.path for u in w.uses] == ["./a"] and len(w.blocks) == 1 and not w.errors


# --- the edit -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "before,after",
    [
        ("go 1.22\n\nuse (\n    ./a // first\n)\n", "go 1.22\n\nuse (\n    ./a // first\n    ./b\n)\n"),
        ("go 1.22\n\nuse ./a\n\ntoolchain go1.22.5\n", "go 1.22\n\nuse ./a\nuse ./b\n\ntoolchain go1.22.5\n"),
        ("go 1.22\r\n\r\nuse ./a\r\n", "go 1.22\r\n\r\nuse ./a\r\nuse ./b\r\n"),
        ("go 1.22\n", "go 1.22\n\nuse ./b\n"),
        ("go 1.22\n\nuse ()\n", "go 1.22\n\nuse (\n\t./b\n)\n"),
        ("// only a comment", "// only a comment\nuse ./b\n"),
        ("use ./a\nuse (\n\t./c\n)\n// 中文 comment\n", "use ./a\nuse (\n\t./c\n\t./b\n)\n// 中文 comment\n"),
    ],
)
def test_add_use_touches_only_what_it_adds(before, after):
    data = before.encode()
    w = parse_gowork("/w/go.work", data)
    edit = add_use(w, data, "./b")
    assert apply_edits(data, [(edit.range, edit.new_text)]).decode() == after
    assert [u.path for u in parse_gowork("/w/go.work", after.encode()).uses][-1] in ("./b", "./c")


def test_use_paths_are_written_as_go_work_use_writes_them():
    assert directory_path("/w", "/w/tools/gen", False) == "./tools/gen"
    assert directory_path("/w/sub", "/w", False) == ".."
    assert directory_path("/w", "/w", False) == "."
    assert directory_path("C:\\w", "C:\\w\\Tools\\gen", True) == "./Tools/gen"
    assert directory_path("C:\\w", "D:\\other\\m", True) == "D:\\other\\m"  # no relative path to another drive
    assert auto_quote("./with space") == '"./with space"' and auto_quote("./plain") == "./plain"


# --- the rule on recorded machines ----------------------------------------------------------------------------
def go_config(program: str, **props) -> dict:
    return {"name": "Debug", "type": "go", "request": "launch", "mode": "auto", "program": program, **props}


def linux(files: dict[str, bytes], *configs: dict, env: dict | None = None, links=None) -> FakeSystem:
    table = {LAUNCH: json.dumps({"version": "0.2.0", "configurations": list(configs)}, indent=4).encode()}
    table.update(files)
    return FakeSystem(
        Host("linux", "amd64"),
        HOME,
        env={"HOME": HOME, "PATH": "/usr/bin", **(env or {})},
        files=table,
        links=links or {},
    )


def multi_module(work: bytes = b"go 1.22\n\nuse ./api\n") -> dict[str, bytes]:
    """api is used by go.work; tools is a module it does not use; scripts has no go.mod of its own."""
    return {
        WS + "/go.work": work,
        WS + "/api/go.mod": b"module example.com/api\n\ngo 1.22\n",
        WS + "/api/main.go": b"package main\n\nfunc main() {}\n",
        WS + "/tools/go.mod": b"module example.com/tools\n\ngo 1.22\n",
        WS + "/tools/gen/main.go": b"package main\n\nfunc main() {}\n",
        WS + "/tools/lib/lib.go": b"package lib\n",
        WS + "/scripts/main.go": b"package main\n\nfunc main() {}\n",
    }


def found(sys_, root=WS):
    report, _ = run_check(sys_, root)
    assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    return [f for f in report.findings if f.code == CODE]


def apply(sys_: FakeSystem, fix) -> None:
    for e in fix.edits:
        sys_.files[e.path] = apply_edits(sys_.files[e.path], [(e.range, e.new_text)])


def test_a_module_go_work_does_not_use_gets_the_error_and_the_fix_adds_it():
    sys_ = linux(multi_module(), go_config("${workspaceFolder}/tools/gen"))
    [f] = found(sys_)
    assert f.severity.label == "error" and UNUSED in f.message and "go work use .." in f.message
    assert WS + "/tools" in f.message and f.location.path == LAUNCH
    line = sys_.files[LAUNCH].decode().splitlines()[f.location.range.start.line]
    assert '"program": "${workspaceFolder}/tools/gen"' in line
    [fix] = f.fixes
    assert fix.preferred and "use ./tools" in fix.title
    apply(sys_, fix)
    assert sys_.files[WS + "/go.work"] == b"go 1.22\n\nuse ./api\nuse ./tools\n"
    assert not found(sys_)


def test_the_editors_go_work_buffer_counts_before_it_is_saved():
    """The fix applied in the editor (not saved yet): the finding clears at once, and a fix computed again would
    edit the buffer's text, not the file's; with the server's memo, the buffer's change is seen too."""
    from go_sidecar.probe.memo import Memo

    sys_ = linux(multi_module(), go_config("${workspaceFolder}/tools/gen"))
    buffer = {WS + "/go.work": b"go 1.22\n\nuse (\n\t./api\n\t./tools\n)\n"}
    memo = Memo()
    before, _ = run_check(sys_, WS, memo=memo)
    assert [f.code for f in before.findings if f.code == CODE] == [CODE]
    for m in (None, memo):
        report, _ = run_check(sys_, WS, overlays=buffer, memo=m)
        assert not [f for f in report.findings if f.code == CODE]
    half = {WS + "/go.work": b"go 1.22\n\nuse (\n\t./api\n)\n// ./tools next\n"}  # still without tools
    [f] = [f for f in run_check(sys_, WS, overlays=half, memo=memo)[0].findings if f.code == CODE]
    [fix] = f.fixes
    [edit] = fix.edits
    assert apply_edits(half[WS + "/go.work"], [(edit.range, edit.new_text)]).count(b"./tools") == 2


@pytest.mark.parametrize(
    "program",
    [
        "${workspaceFolder}/api",
        "api",
        "${workspaceFolder}/api/main.go",
        "example.com/api",
        "${file}",
        "${fileDirname}",
        "${input:pick}",
    ],
)
def test_a_used_module_and_unjudged_programs_are_silent(program):
    assert not found(linux(multi_module(), go_config(program)))


def test_a_folder_outside_every_module_of_the_workspace_has_no_fix():
    [f] = found(linux(multi_module(), go_config("${workspaceFolder}/scripts")))
    assert OUTSIDE in f.message and not f.fixes


def test_a_normal_single_module_repository_is_silent():
    files = {WS + "/go.mod": b"module example.com/m\n", WS + "/cmd/app/main.go": b"package main\n"}
    assert not found(linux(files, go_config("${workspaceFolder}/cmd/app"), go_config("${workspaceFolder}")))


def test_no_go_mod_at_all():
    files = {WS + "/main.go": b"package main\n\nfunc main() {}\n"}
    [f] = found(linux(files, go_config("${workspaceFolder}")))
    assert NO_GOMOD in f.message and not f.fixes
    # With a .git/config above, cmd/go suggests creating the module there (init.go die, findAltConfig).
    files[WS + "/.git/config"] = b"[core]\n"
    [f] = found(linux(files, go_config("${workspaceFolder}/")))
    assert f"cannot find main module, but found .git/config in {WS}" in f.message and "cd " not in f.message


@pytest.mark.parametrize("env", [{"GO111MODULE": "off"}, {"GO111MODULE": "auto"}])
def test_gopath_mode_is_silent(env):
    files = {WS + "/main.go": b"package main\n"}
    assert not found(linux(files, go_config("${workspaceFolder}", env=env)))
    assert not found(linux(files, go_config("${workspaceFolder}"), env=env))  # the editor's own environment


def test_gopath_mode_with_a_go_work_is_still_a_workspace():
    """GO111MODULE=auto with a go.work found is module mode (init.go WillBeEnabled); off is GOPATH mode."""
    assert found(linux(multi_module(), go_config("${workspaceFolder}/tools/gen", env={"GO111MODULE": "auto"})))
    assert not found(linux(multi_module(), go_config("${workspaceFolder}/tools/gen", env={"GO111MODULE": "off"})))


def test_gowork_off_from_each_layer_builds_with_the_folders_own_go_mod():
    program = go_config("${workspaceFolder}/tools/gen", env={"GOWORK": "off"})
    assert not found(linux(multi_module(), program))
    assert not found(linux(multi_module(), go_config("${workspaceFolder}/tools/gen"), env={"GOWORK": "off"}))
    files = {**multi_module(), HOME + "/.config/go/env": b"GOWORK=off\n"}  # `go env -w GOWORK=off`
    assert not found(linux(files, go_config("${workspaceFolder}/tools/gen")))
    settings = {WS + "/.vscode/settings.json": json.dumps({"go.toolsEnvVars": {"GOWORK": "off"}}).encode()}
    assert not found(linux({**multi_module(), **settings}, go_config("${workspaceFolder}/tools/gen")))
    # But GOWORK=off outside any module is the plain "go.mod file not found".
    [f] = found(linux(multi_module(), go_config("${workspaceFolder}/scripts", env={"GOWORK": "off"})))
    assert NO_GOMOD in f.message


def test_gowork_naming_a_file_and_unknown_values():
    files = {**multi_module(), HOME + "/other/go.work": b"go 1.22\n\nuse ../repo/tools\n"}
    program = "${workspaceFolder}/tools/gen"
    assert not found(linux(files, go_config(program, env={"GOWORK": HOME + "/other/go.work"})))
    [f] = found(linux(files, go_config("${workspaceFolder}/api", env={"GOWORK": HOME + "/other/go.work"})))
    assert UNUSED in f.message and HOME + "/other/go.work" in f.fixes[0].title
    apply_to = linux(files, go_config("${workspaceFolder}/api", env={"GOWORK": HOME + "/other/go.work"}))
    apply(apply_to, f.fixes[0])
    assert apply_to.files[HOME + "/other/go.work"].endswith(b"use ../repo/tools\nuse ../repo/api\n")
    assert not found(apply_to)
    for env in (
        {"GOWORK": "relative/go.work"},
        {"GOWORK": "${input:work}"},
        {"GO111MODULE": "${input:m}"},
        {"GOFLAGS": "-modfile=alt.mod"},
        {"GO111MODULE": "maybe"},
    ):
        assert not found(linux(multi_module(), go_config(program, env=env))), env
    assert not found(linux(multi_module(), go_config(program, buildFlags="-modfile=alt.mod")))


def test_cwd_does_not_move_the_build():
    """Delve builds where vscode-go started it (the program's folder); cwd is the debugged program's."""
    sys_ = linux(multi_module(), go_config("${workspaceFolder}/tools/gen", cwd="${workspaceFolder}/api"))
    [f] = found(sys_)
    assert all("cwd" not in x.title for x in f.fixes)
    assert not found(linux(multi_module(), go_config("${workspaceFolder}/api", cwd="${workspaceFolder}/tools")))


@pytest.mark.parametrize(
    "props",
    [
        {"port": 4040},
        {"debugServer": 4711},
        {"dlvCwd": "/home/dev/repo/api"},
        {"mode": "exec"},
        {"request": "attach", "mode": "local", "processId": 1},
    ],
)
def test_builds_elsewhere_or_nothing_built_are_silent(props):
    assert not found(linux(multi_module(), go_config("${workspaceFolder}/tools/gen", **props)))


def test_mode_test_builds_in_the_same_folder():
    files = {**multi_module(), WS + "/tools/lib/lib_test.go": b"package lib\n"}
    [f] = found(linux(files, go_config("${workspaceFolder}/tools/lib", mode="test")))
    assert UNUSED in f.message


def test_a_nested_module_inside_a_used_one():
    files = {
        WS + "/go.work": b"go 1.22\n\nuse .\n",
        WS + "/go.mod": b"module example.com/root\n",
        WS + "/sub/go.mod": b"// the sub module\nmodule example.com/sub\n",
        WS + "/sub/cmd/main.go": b"package main\n",
    }
    sys_ = linux(files, go_config("${workspaceFolder}/sub/cmd"))
    [f] = found(sys_)
    assert "main module (example.com/root) does not contain package example.com/root/sub/cmd" in f.message
    apply(sys_, f.fixes[0])
    assert sys_.files[WS + "/go.work"] == b"go 1.22\n\nuse .\nuse ./sub\n"
    assert not found(sys_)
    # Without go.work the nearest go.mod is the main module: fine.
    del files[WS + "/go.work"]
    assert not found(linux(files, go_config("${workspaceFolder}/sub/cmd")))


def test_a_go_work_without_use():
    sys_ = linux(multi_module(b"go 1.22\n"), go_config("${workspaceFolder}/api"))
    [f] = found(sys_)
    assert "no modules were found in the current workspace" in f.message
    apply(sys_, f.fixes[0])
    assert sys_.files[WS + "/go.work"] == b"go 1.22\n\nuse ./api\n"
    assert not found(sys_)


@pytest.mark.parametrize(
    "work", [b"go 1.22\nuse ./api ./tools\n", b"go 1.22\nuse ./gone\n", b"go 1.22\nuse (\n./api\n"]
)
def test_a_go_work_cmd_go_cannot_load_is_not_judged(work):
    """cmd/go stops earlier with another error ("errors parsing go.work", "cannot load module ...")."""
    assert not found(linux(multi_module(work), go_config("${workspaceFolder}/tools/gen")))


def test_go_file_programs_fail_only_through_their_imports():
    """`go build ./main.go` builds command-line-arguments: a folder outside the workspace builds while the
    file imports only the standard library (verified with go1.27.3)."""
    files = multi_module()
    assert not found(linux(files, go_config("${workspaceFolder}/tools/gen/main.go")))
    files[WS + "/tools/gen/main.go"] = (
        b'// gen\npackage main\n\nimport (\n\t"fmt"\n\tl "example.com/tools/lib"\n)'
        b"\n\nfunc main() { fmt.Println(l.X) }\n"
    )
    sys_ = linux(files, go_config("${workspaceFolder}/tools/gen/main.go"))
    [f] = found(sys_)
    assert "no required module provides package example.com/tools/lib" in f.message
    assert "go build ./main.go" in f.message
    apply(sys_, f.fixes[0])
    assert not found(sys_)
    # A used module that requires example.com/tools lets the import resolve from the module cache: not judged.
    files[WS + "/api/go.mod"] = b"module example.com/api\n\nrequire example.com/tools v1.0.0\n"
    assert not found(linux(files, go_config("${workspaceFolder}/tools/gen/main.go")))


def test_a_go_file_outside_any_module_with_a_non_standard_import():
    files = {
        WS + "/hello.go": b'package main\n\nimport "fmt"\n\nfunc main() { fmt.Println() }\n',
        WS + "/dep.go": b'package main\n\nimport "github.com/x/y"\n\nfunc main() { y.F() }\n',
    }
    assert not found(linux(files, go_config("${workspaceFolder}/hello.go")))
    [f] = found(linux(files, go_config("${workspaceFolder}/dep.go")))
    assert "no required module provides package github.com/x/y: go.mod file not found in current directory" in f.message
    assert not found(linux(files, go_config("${workspaceFolder}/dep.go", env={"GO111MODULE": "auto"})))


def test_a_linked_folder_is_judged_as_both_spellings():
    """On Unix cmd/go's working directory has its links resolved (golang/vscode-go#1713): a program reached
    through a link into a used module builds, and one into an unused module fails either way."""
    files = multi_module()
    links = {WS + "/gen-link": WS + "/tools/gen", WS + "/api-link": WS + "/api"}
    assert not found(linux(files, go_config("${workspaceFolder}/api-link"), links=links))
    [f] = found(linux(files, go_config("${workspaceFolder}/gen-link"), links=links))
    assert f"built in {WS}/tools/gen" in f.message  # the real folder, as cmd/go sees it


def test_the_walk_up_is_bounded():
    from go_sidecar.probe import modules

    deep = WS + "".join(f"/d{i}" for i in range(modules.MAX_LEVELS + 5))
    files = {deep + "/main.go": b"package main\n"}
    assert not found(linux(files, go_config(deep)))  # no verdict when the walk stopped early


# --- Windows and macOS ----------------------------------------------------------------------------------------
WIN_HOME = "C:\\Users\\张三"
WIN_WS = WIN_HOME + "\\src\\repo"


def windows(files: dict[str, bytes], *configs: dict) -> FakeSystem:
    table = {
        WIN_WS + "\\.vscode\\launch.json": json.dumps(
            {"version": "0.2.0", "configurations": list(configs)}, indent=4, ensure_ascii=False
        ).encode()
    }
    table.update(files)
    return FakeSystem(
        Host("windows", "amd64"), WIN_HOME, env={"USERPROFILE": WIN_HOME, "Path": "C:\\Windows"}, files=table
    )


def test_windows_paths_case_and_crlf():
    files = {
        WIN_WS + "\\go.work": b"go 1.22\r\n\r\nuse (\r\n\t./API\r\n)\r\n",
        WIN_WS + "\\api\\go.mod": b"module example.com/api\r\n",
        WIN_WS + "\\api\\main.go": b"package main\r\n",
        WIN_WS + "\\Tools\\Gen Tool\\go.mod": b"module example.com/gen\r\n",
        WIN_WS + "\\Tools\\Gen Tool\\main.go": b"package main\r\n",
    }
    # The editor's drive letter and folder case differ from go.work's: not reported (said less, not more).
    assert not found(windows(files, go_config("${workspaceFolder}\\api")), WIN_WS)
    sys_ = windows(files, go_config("${workspaceFolder}\\Tools\\Gen Tool"))
    [f] = found(sys_, WIN_WS)
    assert UNUSED in f.message and "go work use ." in f.message  # relative to the build folder: "."
    apply(sys_, f.fixes[0])
    assert sys_.files[WIN_WS + "\\go.work"] == b'go 1.22\r\n\r\nuse (\r\n\t./API\r\n\t"./Tools/Gen Tool"\r\n)\r\n'
    assert not found(sys_, WIN_WS)


def test_windows_gowork_env_with_a_backslash_path():
    files = {
        "D:\\work\\go.work": b"go 1.22\n\nuse C:\\Users\\\xe5\xbc\xa0\xe4\xb8\x89\\src\\repo\\api\n",
        WIN_WS + "\\api\\go.mod": b"module example.com/api\n",
        WIN_WS + "\\api\\main.go": b"package main\n",
        WIN_WS + "\\cli\\go.mod": b"module example.com/cli\n",
        WIN_WS + "\\cli\\main.go": b"package main\n",
    }
    env = {"GOWORK": "D:\\work\\go.work"}
    assert not found(windows(files, go_config("${workspaceFolder}\\api", env=env)), WIN_WS)
    sys_ = windows(files, go_config("${workspaceFolder}\\cli", env=env))
    [f] = found(sys_, WIN_WS)
    apply(sys_, f.fixes[0])  # another drive: the absolute path, as `go work use` writes it
    assert sys_.files["D:\\work\\go.work"].endswith(b"\nuse C:\\Users\\\xe5\xbc\xa0\xe4\xb8\x89\\src\\repo\\cli\n")
    assert not found(sys_, WIN_WS)


def test_macos_workspace_behind_a_link(mac_machine):
    """A workspace opened through /Users/dev/repo -> /Volumes/Data/repo: both spellings see the same go.work."""
    sys_ = mac_machine
    home = sys_.home
    ws = home + "/repo"
    sys_.links[ws] = "/Volumes/Data/repo"
    sys_.files.update(
        {
            "/Volumes/Data/repo/go.work": b"go 1.22\n\nuse ./api\n",
            "/Volumes/Data/repo/api/go.mod": b"module example.com/api\n",
            "/Volumes/Data/repo/api/main.go": b"package main\n",
            "/Volumes/Data/repo/cli/go.mod": b"module example.com/cli\n",
            "/Volumes/Data/repo/cli/main.go": b"package main\n",
            "/Volumes/Data/repo/.vscode/launch.json": json.dumps(
                {
                    "version": "0.2.0",
                    "configurations": [go_config("${workspaceFolder}/api"), go_config("${workspaceFolder}/cli")],
                }
            ).encode(),
        }
    )
    [f] = found(sys_, ws)
    assert "/Volumes/Data/repo/cli" in f.message and UNUSED in f.message
    assert f.fixes[0].edits[0].path == "/Volumes/Data/repo/go.work"


def test_new_lines_start_at_column_zero():
    """A non-ASCII comment on the last `use` line must not matter to a client counting UTF-8 bytes or code
    points: the insertion is at the start of the next line."""
    data = "go 1.22\n\nuse ./a // 服务 😀\n".encode()
    edit = add_use(parse_gowork("/w/go.work", data), data, "./b")
    assert (edit.range.start.line, edit.range.start.character) == (3, 0) and edit.new_text == "use ./b\n"


def test_goenv_off_ignores_the_go_env_file():
    files = {**multi_module(), HOME + "/.config/go/env": b"GOWORK=off\n"}
    assert found(linux(files, go_config("${workspaceFolder}/tools/gen", env={"GOENV": "off"})))
    assert found(linux(files, go_config("${workspaceFolder}/tools/gen"), env={"GOENV": "off"}))


def test_a_go_older_than_workspaces_is_not_judged():
    """Go 1.17 knows no go.work: it builds tools/gen with tools/go.mod. Known versions only: 1.22 is judged."""
    from .conftest import fake_root

    for version, judged in (("go1.17.13", False), ("go1.22.5", True)):
        files = multi_module()
        fake_root(files, f"{HOME}/sdk/{version}", version)
        sys_ = linux(files, go_config("${workspaceFolder}/tools/gen", env={"GOROOT": f"{HOME}/sdk/{version}"}))
        assert bool(found(sys_)) == judged, version
