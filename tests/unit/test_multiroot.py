"""Issue 10, part 2: multi-root workspaces and .code-workspace files, on recorded machines (FakeSystem).

Every folder is checked with its own go.mod and .vscode files; a .code-workspace's `launch` and `settings` sections
are checked like launch.json and settings.json (findings and fixes in that file); machine-wide findings are
reported once; `${workspaceFolder:name}` resolves with the workspace's folder names."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from go_sidecar.check import Folder, combined_json, is_machine_level, report_machine_findings_once, run_checks
from go_sidecar.model import Host
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.probe.workspace import read_code_workspace, read_workspace, substitute
from go_sidecar.testing import FakeSystem, RecordedHostProbe, apply_edits

from .conftest import fake_root

HOME = "/home/dev"
A, B = HOME + "/src/api", HOME + "/src/web"
WS_FILE = HOME + "/src/all.code-workspace"
HOST = RecordedHostProbe("linux-amd64")
SCHEMA = json.loads((Path(__file__).resolve().parents[2] / "schemas" / "report.schema.json").read_text())


def go(name: str, **props) -> dict:
    return {"name": name, "type": "go", "request": "launch", "mode": "auto", "program": "${workspaceFolder}", **props}


def launch(*configs: dict) -> bytes:
    return json.dumps({"version": "0.2.0", "configurations": list(configs)}, indent=4).encode()


CODE_WORKSPACE = """{
    // Two services, one window (a comment, and trailing commas: JSON with comments)
    "folders": [
        {"path": "api", "name": "API"},
        {"path": "./web/../web"},
    ],
    "settings": {
        "go.goroot": "/opt/go-removed",
        "goSidecar.severityOverrides": {"goroot-unpinned": "warning"},
    },
    "launch": {
        "version": "0.2.0",
        "configurations": [
            {
                "name": "Both",
                "type": "go",
                "request": "launch",
                "mode": "debug",
                "program": "${workspaceFolder:API}/cmd/api",
            },
        ],
    },
}
"""


def machine(files: dict | None = None, env: dict | None = None) -> FakeSystem:
    table: dict[str, bytes] = {}
    for v in ("1.22.5", "1.27.1"):
        fake_root(table, f"{HOME}/sdk/go{v}", f"go{v}")
    table[A + "/go.mod"] = b"module example.com/api\n\ngo 1.22.0\n"
    table[B + "/go.mod"] = b"module example.com/web\n\ngo 1.27.0\n"
    table[A + "/.vscode/launch.json"] = launch(go("api", env={"GOROOT": HOME + "/sdk/go1.22.5"}))
    table[B + "/.vscode/launch.json"] = launch(go("web", env={"GOROOT": HOME + "/sdk/go1.22.5"}))
    table.update(files or {})
    return FakeSystem(
        Host("linux", "amd64"), HOME, env={"HOME": HOME, "PATH": "/usr/bin:/bin", **(env or {})}, files=table
    )


def check(sys_: FakeSystem, entries: list[Folder]):
    results = run_checks(sys_, entries, host=HOST)
    for _, report, _ in results:
        assert not [m for m in report.messages if m.startswith("rule ")], report.messages
    return results


def by_entry(results) -> dict[str, list]:
    return {folder.workspace_file or folder.path: report.findings for folder, report, _ in results}


def test_two_folders_each_with_its_own_go_mod_and_launch_json():
    results = check(machine(), [Folder("api", A), Folder("web", B)])
    found = by_entry(results)
    # The same pin (Go 1.22.5) is fine for api (go 1.22.0) and too old for web (go 1.27.0): each folder's go.mod.
    assert "goroot-too-old" not in {f.code for f in found[A]}
    too_old = [f for f in found[B] if f.code == "goroot-too-old"]
    assert len(too_old) == 1 and too_old[0].location.path == B + "/.vscode/launch.json"
    assert "go 1.27.0" in too_old[0].message


def test_machine_wide_findings_are_reported_once():
    # No dlv anywhere (dlv-missing) and GOCACHE=off (gocache-invalid): facts about the machine, not the folders.
    sys_ = machine(env={"GOCACHE": "off"})
    results = check(sys_, [Folder("api", A), Folder("web", B)])
    all_codes = [f.code for _, r, _ in results for f in r.findings]
    assert all_codes.count("dlv-missing") == 1 and all_codes.count("gocache-invalid") == 1
    assert {f.code for f in by_entry(results)[A]} >= {"dlv-missing", "gocache-invalid"}  # the first folder keeps them
    # Checked alone, the second folder has them: the rule drops copies, it does not hide findings.
    ((_, alone, _),) = check(sys_, [Folder("web", B)])
    assert {"dlv-missing", "gocache-invalid"} <= {f.code for f in alone.findings}
    assert is_machine_level("gocache-oversized") and is_machine_level("dlv-arch-mismatch")
    assert not is_machine_level("goroot-too-old") and not is_machine_level("dlv-go-unsupported")


def test_machine_wide_finding_kept_where_an_editor_can_show_it():
    # The first folder has no go.mod: its cache finding would sit on the folder itself, which no editor shows.
    sys_ = machine(env={"GOCACHE": "off"})
    bare = HOME + "/src/notes"
    results = check(sys_, [Folder("notes", bare), Folder("api", A)])
    found = by_entry(results)
    assert "gocache-invalid" not in {f.code for f in found[bare]}
    assert [f.location.path for f in found[A] if f.code == "gocache-invalid"] == [A + "/go.mod"]


def test_report_machine_findings_once_keeps_a_single_report_as_is():
    sys_ = machine(env={"GOCACHE": "off"})
    ((_, report, _),) = check(sys_, [Folder("api", A)])
    before = list(report.findings)
    report_machine_findings_once([report])
    assert report.findings == before


def test_workspace_folder_by_name_resolves_with_the_clients_names():
    sys_ = machine()
    names = {"API": A, "web": B}
    assert substitute("${workspaceFolder:web}/bin", sys_, A, names) == B + "/bin"
    assert substitute("${workspaceFolder:nope}/bin", sys_, A, names) == "${workspaceFolder:nope}/bin"  # unknown
    ws = read_workspace(sys_, A, folders=names)
    assert ws.folders == names
    # envFile with another folder's name: read from that folder.
    files = {
        A + "/.vscode/launch.json": launch(go("api", envFile="${workspaceFolder:web}/dev.env")),
        B + "/dev.env": b"GOFLAGS=-mod=mod\n",
    }
    results = check(machine(files), [Folder("API", A), Folder("web", B)])
    assert "envfile-missing" not in {f.code for f in by_entry(results)[A]}
    # The same envFile, the folder not in the workspace: unknown, never judged missing either.
    results = check(machine(files), [Folder("API", A)])
    assert "envfile-missing" not in {f.code for f in by_entry(results)[A]}
    del files[B + "/dev.env"]
    results = check(machine(files), [Folder("API", A), Folder("web", B)])
    missing = [f for f in by_entry(results)[A] if f.code == "envfile-missing"]
    assert missing and B + "/dev.env" in missing[0].message


def test_code_workspace_folders_relative_to_the_file_named_as_vscode_names_them():
    sys_ = machine({WS_FILE: CODE_WORKSPACE.encode()})
    code_ws = read_code_workspace(sys_, WS_FILE)
    assert code_ws.folders == [("API", A), ("web", B)] and not code_ws.messages
    missing = read_code_workspace(sys_, HOME + "/other.code-workspace")
    assert missing.folders == [] and missing.messages


def test_code_workspace_launch_and_settings_sections_are_checked_with_fixes_in_the_file():
    sys_ = machine({WS_FILE: CODE_WORKSPACE.encode(), A + "/.vscode/launch.json": launch(go("api unpinned"))})
    code_ws = read_code_workspace(sys_, WS_FILE)
    entries = [Folder(n, p) for n, p in code_ws.folders] + [Folder("all.code-workspace", HOME + "/src", WS_FILE)]
    results = check(sys_, entries)
    ws_facts = results[-1][2].workspace
    assert [c.name for c in ws_facts.configs] == ["Both"]
    assert ws_facts.settings_values["go.goroot"] == "/opt/go-removed"
    found = by_entry(results)[WS_FILE]
    invalid = [f for f in found if f.code == "goroot-invalid"]
    assert invalid and all(f.location.path == WS_FILE for f in invalid)
    text = CODE_WORKSPACE.splitlines()
    assert '"go.goroot"' in text[invalid[0].location.range.start.line]
    # A fix edits the .code-workspace and keeps it readable, comments and all; checked again, the finding is gone.
    fix = next(x for f in invalid for x in f.fixes if x.edits)
    assert {e.path for e in fix.edits} == {WS_FILE}
    fixed = apply_edits(CODE_WORKSPACE.encode(), [(e.range, e.new_text) for e in fix.edits])
    assert b"// Two services" in fixed
    strict_json(fixed)
    sys_.files[WS_FILE] = fixed
    again = by_entry(check(sys_, entries))[WS_FILE]
    assert "goroot-invalid" not in {
        f.code
        for f in again
        if f.location.path == WS_FILE and f.location.range.start == invalid[0].location.range.start
    }
    # The .code-workspace's goSidecar settings are every folder's, under the folder's own.
    unpinned = [f for f in results[0][1].findings if f.code == "goroot-unpinned"]
    assert unpinned and all(f.severity.label == "warning" for f in unpinned)


def test_code_workspace_launch_section_missing_or_not_an_object():
    for text in ('{"folders": [{"path": "api"}]}', '{"folders": [], "launch": [1], "settings": 3}', "[1, 2]"):
        sys_ = machine({WS_FILE: text.encode()})
        ws = read_workspace(sys_, HOME + "/src", workspace_file=WS_FILE)
        assert ws.configs == [] and ws.settings_values == {}
    # .vscode files keep their behaviour: the root object is the document's.
    ws = read_workspace(machine(), A)
    assert ws.launch_root is ws.launch.root and [c.name for c in ws.configs] == ["api"]


def test_several_folders_json_follows_the_schema():
    sys_ = machine({WS_FILE: CODE_WORKSPACE.encode()}, env={"GOCACHE": "off"})
    entries = [Folder("API", A), Folder("web", B), Folder("all.code-workspace", HOME + "/src", WS_FILE)]
    results = check(sys_, entries)
    data = json.loads(json.dumps(combined_json([(f, r) for f, r, _ in results], WS_FILE)))
    errors = list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    assert not errors, errors[0]
    assert data["root"] == HOME + "/src" and data["workspaceFile"] == WS_FILE
    assert [f["name"] for f in data["folders"]] == ["API", "web", "all.code-workspace"]
    assert data["folders"][2]["workspaceFile"] == WS_FILE and "workspaceFile" not in data["folders"][0]
    assert len(data["findings"]) == sum(len(f["findings"]) for f in data["folders"])
    assert [f["code"] for f in data["findings"]].count("gocache-invalid") == 1
    # The one-folder shape is unchanged: no `folders`, and `folders` entries refuse unknown keys.
    ((_, one, _),) = check(sys_, [Folder("API", A)])
    assert "folders" not in one.to_json()
    bad = {**data, "folders": [{**data["folders"][0], "extra": 1}]}
    assert not jsonschema.Draft202012Validator(SCHEMA).is_valid(bad)


@pytest.mark.parametrize("value", ["", 3, "relative.code-workspace", "/x/settings.json"])
def test_server_ignores_a_workspace_file_option_that_is_not_one(value):
    from go_sidecar.lsp.server import workspace_file_option

    assert workspace_file_option(value) is None
    assert workspace_file_option("file:///x/y%20z.code-workspace") == "/x/y z.code-workspace"


# --- `sidecar check A B` and `sidecar check x.code-workspace`, as a user runs it ---------------------------------


def _cli_workspace(sandbox) -> tuple[Path, Path, Path]:
    old = sandbox.sdk_root("go1.21.5")
    sandbox.sdk_root("go1.22.5")
    sandbox.put_on_path(old)
    a, b = sandbox.tmp / "api", sandbox.tmp / "web 网"
    for folder, gomod in ((a, "go 1.21.0"), (b, "go 1.22.0")):
        (folder / ".vscode").mkdir(parents=True)
        (folder / "go.mod").write_text(f"module example.com/{folder.name[:3]}\n\n{gomod}\n")
        (folder / ".vscode" / "launch.json").write_text(
            launch(go(folder.name, env={"GOROOT": str(old)})).decode(), encoding="utf-8"
        )
    ws_file = sandbox.tmp / "all.code-workspace"
    ws_file.write_text(CODE_WORKSPACE.replace("./web/../web", "web 网"), encoding="utf-8")
    return a, b, ws_file


def _run(sandbox, *args: str):
    import os
    import subprocess
    import sys

    env = {**sandbox.env, "PYTHONPATH": os.environ.get("PYTHONPATH", ""), "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "check", *args],
        env=env,
        cwd=sandbox.tmp,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    out, err = proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")
    assert "Traceback" not in out + err, err
    return proc.returncode, out, err


def test_cli_checks_several_folders_and_a_code_workspace(sandbox):
    a, b, ws_file = _cli_workspace(sandbox)
    code, out, err = _run(sandbox, str(a), str(b), "--format", "json")
    assert code == 1, err  # web's go.mod asks for 1.22.0, the pin is 1.21.5: over all folders
    data = json.loads(out)
    assert not list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    assert [f["root"] for f in data["folders"]] == [str(a), str(b)] and "workspaceFile" not in data
    too_old = [f["location"]["path"] for f in data["findings"] if f["code"] == "goroot-too-old"]
    assert too_old == [str(b / ".vscode" / "launch.json")]
    assert [f["code"] for f in data["findings"]].count("dlv-missing") == 1  # the sandbox has no dlv

    code, out, err = _run(sandbox, str(ws_file), "--format", "json")
    assert code == 1, err
    data = json.loads(out)
    assert not list(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    assert [f["name"] for f in data["folders"]] == ["API", "web 网", "all.code-workspace"]
    assert data["workspaceFile"] == str(ws_file) and data["root"] == str(sandbox.tmp)
    in_file = {f["code"] for f in data["findings"] if f["location"]["path"] == str(ws_file)}
    assert "goroot-invalid" in in_file  # "go.goroot": "/opt/go-removed" in the settings section

    code, out, err = _run(sandbox, str(ws_file))
    assert code == 1 and "go-sidecar: API (" in out and "all.code-workspace\n  " in out
    assert "3 folder(s)" in out.splitlines()[-1]

    # One folder: today's shape, unchanged.
    code, out, _ = _run(sandbox, str(a), "--format", "json")
    assert "folders" not in json.loads(out)
    code, _, err = _run(sandbox, str(a), str(sandbox.tmp / "nope.json"))
    assert code == 2 and "not a folder or a .code-workspace file" in err


def test_environment_findings_about_the_machine_are_reported_once_those_of_configurations_per_folder():
    # GOSUMDB=off in the editor's environment is one fact about the machine, said at the first folder's go.mod;
    # GOSUMDB=off written in each folder's launch.json is each configuration's own, kept in both folders.
    sys_ = machine(env={"GOSUMDB": "off"})
    results = check(sys_, [Folder("api", A), Folder("web", B)])
    machine_level = [(folder.path, f) for folder, r, _ in results for f in r.findings if f.code == "gosumdb-off"]
    assert [(p, f.location.path) for p, f in machine_level] == [(A, A + "/go.mod")], machine_level
    # Checked alone, the second folder has it: copies are dropped, nothing is hidden.
    ((_, alone, _),) = check(sys_, [Folder("web", B)])
    assert [f.location.path for f in alone.findings if f.code == "gosumdb-off"] == [B + "/go.mod"]

    files = {
        A + "/.vscode/launch.json": launch(go("api", env={"GOROOT": HOME + "/sdk/go1.22.5", "GOSUMDB": "off"})),
        B + "/.vscode/launch.json": launch(go("web", env={"GOROOT": HOME + "/sdk/go1.27.1", "GOSUMDB": "off"})),
    }
    results = check(machine(files), [Folder("api", A), Folder("web", B)])
    per_config = sorted(f.location.path for _, r, _ in results for f in r.findings if f.code == "gosumdb-off")
    assert per_config == [A + "/.vscode/launch.json", B + "/.vscode/launch.json"]
