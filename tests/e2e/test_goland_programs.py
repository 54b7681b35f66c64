"""Issue 11 for GoLand, end to end: `sidecar check` (a subprocess in a sandbox) and the real server judge what
GoLand run configurations build and where they run — `.run/*.run.xml` and `.idea/workspace.xml` — with a
missing directory, a library package, a missing file, a missing working directory and a package path of a
library; the clean counterparts in the same project are silent; every fix is applied to the XML as the JSON
report gives it and the project is checked again. A Windows project (recorded, FakeSystem) gets the same."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from lsprotocol import types as lsp

from go_sidecar.model import Range
from go_sidecar.parse.xmldoc import parse_xml
from go_sidecar.testing import apply_edits

from .conftest import Machine, make_root, start_client
from .test_server import apply_workspace_edit, code_actions, codes, wait_for

LAUNCH_CODES = ("program-missing", "program-not-main", "cwd-missing")


def config(
    name: str,
    kind: str,
    value: str,
    *,
    test: bool = False,
    wd: str = "$PROJECT_DIR$",
    extra: str = "",
    indent: str = "  ",
) -> str:
    tag = {"DIRECTORY": "directory", "FILE": "filePath", "PACKAGE": "package"}[kind]
    type_, factory = (
        ("GoTestRunConfiguration", "Go Test") if test else ("GoApplicationRunConfiguration", "Go Application")
    )
    i = indent
    return (
        f'{i}<configuration default="false" name="{name}" type="{type_}" factoryName="{factory}"{extra}>\n'
        f'{i}  <module name="m" />\n'
        f'{i}  <working_directory value="{wd}" />\n'
        f'{i}  <kind value="{kind}" />\n'
        + (f'{i}  <directory value="$PROJECT_DIR$" />\n' if kind != "DIRECTORY" else "")
        + f'{i}  <{tag} value="{value}" />\n'
        f'{i}  <method v="2" />\n'
        f"{i}</configuration>\n"
    )


def run_file(*configs: str) -> str:
    return '<component name="ProjectRunConfigurationManager">\n' + "".join(configs) + "</component>\n"


# name -> (file under .run/, configuration): the broken ones and their clean counterparts
RUNS = {
    "missing-dir.run.xml": config("服务 missing dir", "DIRECTORY", "$PROJECT_DIR$/cmd/old"),
    "library.run.xml": config("library", "DIRECTORY", "$PROJECT_DIR$/internal/store"),
    "missing-file.run.xml": config("missing file", "FILE", "$PROJECT_DIR$/cmd/old/main.go"),
    "missing-wd.run.xml": config("missing wd", "DIRECTORY", "$PROJECT_DIR$/cmd/api", wd="$PROJECT_DIR$/testdata/gone"),
    "package-library.run.xml": config("package library", "PACKAGE", "example.com/m/internal/store"),
    "clean.run.xml": (
        config("clean dir", "DIRECTORY", "$PROJECT_DIR$/cmd/api")
        + config("clean file", "FILE", "$PROJECT_DIR$/cmd/api/main.go", wd="$PROJECT_DIR$/testdata")
        + config("clean package", "PACKAGE", "example.com/m/cmd/api")
        + config("clean tests", "PACKAGE", "example.com/m/internal/store", test=True)
        + config("clean tests below", "DIRECTORY", "$PROJECT_DIR$/internal", test=True)
    ),
}
WORKSPACE = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<project version="4">\n'
    '  <component name="GOROOT" url="file://$USER_HOME$/sdk/go1.27.1" />\n'
    '  <component name="RunManager" selected="Go Build.temporary">\n'
    + config("temporary", "DIRECTORY", "$PROJECT_DIR$/cmd/gone", extra=' temporary="true"', indent="    ")
    + "  </component>\n</project>\n"
)
EXPECTED = {  # configuration -> (code, the value the finding sits on)
    "服务 missing dir": ("program-missing", "$PROJECT_DIR$/cmd/old"),
    "library": ("program-not-main", "$PROJECT_DIR$/internal/store"),
    "missing file": ("program-missing", "$PROJECT_DIR$/cmd/old/main.go"),
    "missing wd": ("cwd-missing", "$PROJECT_DIR$/testdata/gone"),
    "package library": ("program-not-main", "example.com/m/internal/store"),
    "temporary": ("program-missing", "$PROJECT_DIR$/cmd/gone"),
}


def project(machine: Machine) -> None:
    make_root(machine.sdk, "1.27.1")
    (machine.ws / ".vscode").rmdir()
    ws = machine.ws
    (ws / "go.mod").write_text("module example.com/m\n\ngo 1.27.0\n")
    for rel, text in {
        "cmd/api/main.go": "package main\n\nfunc main() {}\n",
        "internal/store/store.go": "package store\n",
        "internal/store/store_test.go": "package store\n",
        "testdata/.keep": "",
    }.items():
        (ws / rel).parent.mkdir(parents=True, exist_ok=True)
        (ws / rel).write_text(text)
    (ws / ".idea").mkdir()
    (ws / ".idea" / "workspace.xml").write_text(WORKSPACE, encoding="utf-8")
    (ws / ".run").mkdir()
    for name, text in RUNS.items():
        (ws / ".run" / name).write_text(run_file(text), encoding="utf-8")


def check(machine: Machine) -> list[dict]:
    env = dict(machine.env, PYTHONIOENCODING="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "check", str(machine.ws), "--format", "json"],
        check=False,
        env=env,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert "Traceback" not in proc.stderr.decode("utf-8", "replace"), proc.stderr
    report = json.loads(proc.stdout)
    assert not [m for m in report["messages"] if m.startswith("rule ")], report["messages"]
    return [f for f in report["findings"] if f["code"] in LAUNCH_CODES]


def value_at(f: dict) -> str:
    start, end = f["location"]["range"]["start"], f["location"]["range"]["end"]
    line = Path(f["location"]["path"]).read_text(encoding="utf-8").splitlines()[start["line"]]
    return line[start["character"] : end["character"]]  # one line, UTF-16 = code points here (no astral chars)


def name_of(f: dict) -> str:
    return f["message"].split('"')[1]


def test_check_judges_goland_run_configurations_and_each_fix_clears_its_finding(machine: Machine):
    project(machine)
    found = check(machine)
    assert {name_of(f): (f["code"], value_at(f)) for f in found} == EXPECTED, [f["message"] for f in found]
    by_name = {name_of(f): f for f in found}
    assert all(f["message"].startswith(f'Run configuration "{name_of(f)}"') for f in found)
    assert "package archive" in by_name["package library"]["message"]
    assert "working directory" in by_name["missing wd"]["message"] and not by_name["missing wd"]["fixes"]
    assert by_name["temporary"]["location"]["path"].endswith(os.path.join(".idea", "workspace.xml"))
    for f in by_name.values():
        if f["code"] == "cwd-missing":
            continue
        [fix] = f["fixes"]  # one main package in the project: cmd/api
        assert fix["preferred"] and "cmd/api" in fix["title"], fix
        for e in fix["edits"]:
            path = Path(e["path"])
            r = e["range"]
            rng = Range.of(r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"])
            data = apply_edits(path.read_bytes(), [(rng, e["newText"])])
            assert parse_xml(data).error is None
            path.write_bytes(data)
    pkg = (machine.ws / ".run" / "package-library.run.xml").read_text(encoding="utf-8")
    assert '<package value="example.com/m/cmd/api" />' in pkg
    assert '<directory value="$PROJECT_DIR$/cmd/api" />' in (machine.ws / ".run" / "missing-dir.run.xml").read_text(
        encoding="utf-8"
    )
    file_fixed = (machine.ws / ".run" / "missing-file.run.xml").read_text(encoding="utf-8")
    assert '<kind value="DIRECTORY" />' in file_fixed and '<directory value="$PROJECT_DIR$/cmd/api" />' in file_fixed
    # The working directory has no fix of its own: create it, as the message says it is missing.
    (machine.ws / "testdata" / "gone").mkdir()
    assert check(machine) == []
    # Everything outside the edited values is as it was (the clean file, the SDK component, the macros).
    assert (machine.ws / ".run" / "clean.run.xml").read_text(encoding="utf-8") == run_file(RUNS["clean.run.xml"])
    assert (machine.ws / ".idea" / "workspace.xml").read_text(encoding="utf-8") == WORKSPACE.replace(
        "$PROJECT_DIR$/cmd/gone", "$PROJECT_DIR$/cmd/api"
    )


async def test_the_server_publishes_on_a_run_xml_and_its_fix_clears_it(machine: Machine):
    project(machine)
    path = machine.ws / ".run" / "missing-dir.run.xml"
    text = path.read_text(encoding="utf-8")
    uri = path.as_uri()
    client = await start_client(machine, "neovim")
    try:
        client.text_document_did_open(
            lsp.DidOpenTextDocumentParams(lsp.TextDocumentItem(uri=uri, language_id="xml", version=1, text=text))
        )
        diags = await wait_for(client, uri, lambda d: "program-missing" in codes(d))
        [d] = [x for x in diags if x.code == "program-missing"]
        line = text.splitlines()[d.range.start.line]
        assert line[d.range.start.character : d.range.end.character] == "$PROJECT_DIR$/cmd/old"
        assert d.message.startswith('Run configuration "服务 missing dir": directory ')
        actions = await code_actions(client, uri, d)
        [fix] = actions
        fixed = apply_workspace_edit(fix.edit, uri, text.encode("utf-8"))
        assert fixed == text.replace("$PROJECT_DIR$/cmd/old", "$PROJECT_DIR$/cmd/api").encode("utf-8")
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
                content_changes=[lsp.TextDocumentContentChangeWholeDocument(text=fixed.decode("utf-8"))],
            )
        )
        await wait_for(client, uri, lambda d: "program-missing" not in codes(d))
        # An unsaved edit that breaks it again is judged from the editor's buffer, not from the disk.
        client.text_document_did_change(
            lsp.DidChangeTextDocumentParams(
                text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=3),
                content_changes=[
                    lsp.TextDocumentContentChangeWholeDocument(
                        text=text.replace("$PROJECT_DIR$/cmd/old", "$PROJECT_DIR$/internal/store")
                    )
                ],
            )
        )
        await wait_for(client, uri, lambda d: "program-not-main" in codes(d))
    finally:
        await client.shutdown_session()


def test_a_windows_project_with_backslashes_after_the_macro():
    """A recorded Windows machine (FakeSystem, in process): `$PROJECT_DIR$/cmd\\app` values, case-insensitive
    paths, and fixes written back in GoLand's `$PROJECT_DIR$/...` form."""
    from go_sidecar.check import run_check
    from go_sidecar.model import Host
    from go_sidecar.testing import FakeSystem

    home, ws = "C:\\Users\\dev", "C:\\Users\\dev\\proj"
    files = {
        ws + "\\go.mod": b"module example.com/m\n\ngo 1.27.0\n",
        ws + "\\cmd\\app\\main.go": b"package main\n\nfunc main() {}\n",
        ws + "\\internal\\store\\store.go": b"package store\n",
        ws + "\\.idea\\workspace.xml": b'<project version="4">\n</project>\n',
    }
    runs = {
        "old": config("old", "DIRECTORY", "$PROJECT_DIR$/cmd\\old"),
        "lib": config("lib", "PACKAGE", "example.com/m/internal/store", wd="$PROJECT_DIR$\\CMD"),
        "ok": config("ok", "DIRECTORY", "$PROJECT_DIR$/Cmd\\App", wd="$PROJECT_DIR$\\cmd\\app"),
        "wd": config("wd", "FILE", "$PROJECT_DIR$\\cmd\\app\\main.go", wd="$PROJECT_DIR$/cmd\\gone"),
    }
    for name, text in runs.items():
        files[f"{ws}\\.run\\{name}.run.xml"] = run_file(text).encode()
    sys_ = FakeSystem(Host("windows", "amd64"), home, env={"USERPROFILE": home, "Path": "C:\\Windows"}, files=files)

    def found():
        report, _ = run_check(sys_, ws)
        return {f.message.split('"')[1]: f for f in report.findings if f.code in LAUNCH_CODES}

    first = found()
    assert {k: v.code for k, v in first.items()} == {
        "old": "program-missing",
        "lib": "program-not-main",
        "wd": "cwd-missing",
    }
    assert f"directory {ws}\\cmd\\old does not exist" in first["old"].message
    assert f"working directory {ws}\\cmd\\gone does not exist" in first["wd"].message
    for name in ("old", "lib"):
        [fix] = first[name].fixes
        for e in fix.edits:
            sys_.files[e.path] = apply_edits(sys_.files[e.path], [(e.range, e.new_text)])
    assert b'<directory value="$PROJECT_DIR$/cmd/app" />' in sys_.files[ws + "\\.run\\old.run.xml"]
    assert b'<package value="example.com/m/cmd/app" />' in sys_.files[ws + "\\.run\\lib.run.xml"]
    assert set(found()) == {"wd"}
