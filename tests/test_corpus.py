"""`sidecar check` on the real-world corpus (issue 10, "Tests and evidence"): launch.json, settings.json, go.mod and
GoLand files of public Go repositories, byte for byte as published (tests/corpus/README.md, SOURCES.tsv).

Each workspace is copied into tmp_path and checked in a sandbox: home, caches, GOPATH and PATH are folders of the
test, ~/sdk holds two stand-in Go roots (1.22.5 and 1.27.1) and nothing else, no dlv. The check must exit 0 or 1,
print a report that follows schemas/report.schema.json, never run a stand-in go, and give each configuration only
findings its kind allows (tests/corpus/kinds.py classifies independently of go-sidecar, as vscode-go runs it).

Workspaces that get false positives today are strict xfails naming the finding: when go-sidecar is fixed they
XPASS, which fails the run, and their mark is removed. `.venv/bin/python tests/corpus/fp_report.py` lists them.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jsonschema
import pytest

from tests.corpus import kinds

# The workspaces go-sidecar gives false positives today, and which ones.
KNOWN_FALSE_POSITIVES: dict[str, str] = {
    # none since issue 10 (21 false positives in 15 workspaces before it); a new one goes here as
    # "workspace": "issue N: <finding>", a strict xfail, until it is fixed
}

SCHEMA = json.loads(kinds.SCHEMA.read_text(encoding="utf-8"))
VSCODE = kinds.corpus_workspaces("vscode")
GOLAND = kinds.corpus_workspaces("goland")


def _params(workspaces: list[Path], known: dict[str, str]):
    return [
        pytest.param(
            ws, id=ws.name, marks=[pytest.mark.xfail(strict=True, reason=known[ws.name])] if ws.name in known else []
        )
        for ws in workspaces
    ]


def _safe_check(src: Path, tmp: Path):
    code, report, err, ws, env = kinds.run_check(src, tmp)
    assert "Traceback" not in err, err
    assert "A stand-in go was run" not in err, err
    assert code in (0, 1), f"exit {code}: {err}"
    assert report is not None, err
    jsonschema.validate(report, SCHEMA)
    assert Path(report["root"]).resolve() == ws.resolve()
    return report, ws, env


@pytest.mark.parametrize("src", _params(VSCODE, KNOWN_FALSE_POSITIVES))
def test_vscode_workspace_gets_only_findings_its_configurations_allow(src: Path, tmp_path: Path):
    report, ws, env = _safe_check(src, tmp_path)
    fps = kinds.judge(ws, report, env)
    assert not fps, "false positives:\n" + "\n".join(
        f"  {f.code} on {f.config!r} [{f.kind}] {f.file}:{f.line + 1}: {f.reason} -- {f.message}" for f in fps
    )


@pytest.mark.parametrize("src", _params(GOLAND, {}))
def test_goland_workspace_gets_only_findings_its_files_allow(src: Path, tmp_path: Path):
    report, ws, env = _safe_check(src, tmp_path)
    fps = kinds.judge(ws, report, env)
    assert not fps, "false positives:\n" + "\n".join(
        f"  {f.code} {f.file}:{f.line + 1}: {f.reason} -- {f.message}" for f in fps
    )


def test_goland_project_sdks_of_the_corpus_are_read(tmp_path: Path):
    """Two corpus projects pin an SDK (url= and the older path= form) that this sandbox does not have: both are
    goroot-invalid on workspace.xml, as GoLand itself would call the SDK invalid here."""
    for name in ("OpenFogStack__FReD", "Retro-Carnage-Team__retro-carnage"):
        src = next(ws for ws in GOLAND if ws.name == name)
        _code, report, _err, _ws, _env = kinds.run_check(src, tmp_path / name)
        assert [
            f
            for f in report["findings"]
            if f["code"] == "goroot-invalid" and f["location"]["path"].endswith("workspace.xml")
        ], report["findings"]


def test_known_false_positives_name_corpus_workspaces():
    names = {ws.name for ws in VSCODE}
    assert set(KNOWN_FALSE_POSITIVES) <= names


# --------------------------------------------------------------------------------------------------------------
# The corpus itself: big enough, varied, and every file traced to its source.


def _sources() -> list[dict[str, str]]:
    with open(kinds.CORPUS / "SOURCES.tsv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_corpus_has_enough_real_files():
    launch = [p for ws in VSCODE for p in kinds.launch_files(ws)]
    goland = [p for ws in GOLAND for p in ws.rglob("*.xml")]
    assert len(launch) >= 35
    assert len(goland) >= 5
    assert any(p.name == "workspace.xml" for p in goland)
    assert any(p.name.endswith(".run.xml") for p in goland)
    assert any(p.parent.name == "runConfigurations" for p in goland)


def test_corpus_covers_every_configuration_kind():
    seen = {
        c.kind
        for ws in VSCODE
        for lf in kinds.launch_files(ws)
        for c in kinds.configurations(lf.read_text(encoding="utf-8-sig"))
    }
    assert {kinds.BUILD, kinds.EXEC, kinds.ATTACH, kinds.REMOTE, kinds.OTHER} <= seen


def test_every_corpus_file_has_its_source():
    rows = _sources()
    listed = {(r["dir"], r["file"]) for r in rows}
    on_disk = {
        (f"{sub}/{ws.name}", p.relative_to(ws).as_posix())
        for sub, wss in (("vscode", VSCODE), ("goland", GOLAND))
        for ws in wss
        for p in ws.rglob("*")
        if p.is_file()
    }
    assert on_disk == listed
    for r in rows:
        assert re.fullmatch(r"[0-9a-f]{40}", r["commit"]), r
        assert r["repository"].startswith("https://github.com/"), r
        assert r["licence"] and r["licence"] not in ("UNKNOWN", "NOASSERTION"), r
        if r["licence"] != "Apache-2.0":  # the licence text travels with the files that need it
            assert (kinds.CORPUS / "licenses" / f"{r['dir'].split('/', 1)[1]}.LICENSE").is_file(), r


# --------------------------------------------------------------------------------------------------------------
# The judge itself, on small made-up cases.


def test_jsonc_reader_keeps_lines_and_reads_comments_and_trailing_commas():
    text = (
        '{\n  // a comment, with "quotes"\n  "configurations": [\n    {"name": "a", "type": "go", /* x */\n'
        '     "request": "launch", "url": "http://x//y",},\n    {\n      "name": "b",\n      "type": "go",\n'
        '      "request": "attach", "mode": "remote",\n    },\n  ],\n}\n'
    )
    cs = kinds.configurations(text)
    assert [(c.name, c.kind, c.first_line, c.last_line) for c in cs] == [
        ("a", kinds.BUILD, 3, 4),
        ("b", kinds.REMOTE, 5, 9),
    ]
    assert cs[0].props["url"] == "http://x//y"


def test_jsonc_reader_recovers_an_object_never_closed():
    text = '{"configurations": [\n {"name": "a", "type": "go", "request": "launch", "env": {}\n\n ]\n}\n'
    assert [(c.name, c.first_line) for c in kinds.configurations(text)] == [("a", 1)]


@pytest.mark.parametrize(
    "cfg, kind",
    [
        ({"type": "go", "request": "launch", "mode": "auto"}, kinds.BUILD),
        ({"type": "go", "request": "launch"}, kinds.BUILD),
        ({"type": "go", "request": "launch", "mode": "test"}, kinds.BUILD),
        ({"type": "go", "request": "launch", "mode": "exec", "program": "bin/x"}, kinds.EXEC),
        ({"type": "go", "request": "attach", "processId": "${command:pickProcess}"}, kinds.ATTACH),
        ({"type": "go", "request": "attach", "mode": "local", "processId": 12}, kinds.ATTACH),
        ({"type": "go", "request": "attach", "mode": "remote", "port": 2345}, kinds.REMOTE),
        ({"type": "go", "request": "launch", "mode": "remote", "remotePath": "/src"}, kinds.REMOTE),
        ({"type": "go", "request": "launch", "mode": "${input:mode}"}, kinds.UNKNOWN),
        ({"type": "node", "request": "launch"}, kinds.OTHER),
        # The platform block of the OS judged on (linux) is merged over the configuration; the others are not.
        ({"type": "go", "request": "launch", "linux": {"mode": "exec"}}, kinds.EXEC),
        ({"type": "go", "request": "launch", "windows": {"mode": "remote"}}, kinds.BUILD),
    ],
)
def test_classify(cfg, kind):
    assert kinds.classify(kinds.effective(cfg)) == kind


def test_platform_block_merges_env_deeply():
    cfg = {"env": {"A": "1", "B": "2"}, "linux": {"env": {"B": "3"}}, "osx": {"env": {"A": "x"}}}
    assert kinds.effective(cfg)["env"] == {"A": "1", "B": "3"}


def _report(ws: Path, *findings: tuple[str, str, int, str]) -> dict:
    return {
        "findings": [
            {
                "code": code,
                "severity": sev,
                "message": "m",
                "location": {
                    "path": str(ws / rel),
                    "range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": 1}},
                },
                "fixes": [],
            }
            for code, rel, line, sev in findings
        ]
    }


def test_judge_maps_findings_to_configurations_and_kinds(tmp_path: Path):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "launch.json").write_text(
        '{"configurations": [\n'
        ' {"name": "run", "type": "go", "request": "launch", "env": {"GOROOT": "${input:root}"}},\n'
        ' {"name": "remote", "type": "go", "request": "attach", "mode": "remote"},\n'
        ' {"name": "exec", "type": "go", "request": "launch", "mode": "exec"}\n'
        "]}\n"
    )
    (tmp_path / ".vscode" / "settings.json").write_text('{\n "go.goroot": "${env:NOPE_UNSET}"\n}\n')
    report = _report(
        tmp_path,
        ("goroot-unpinned", ".vscode/launch.json", 1, "information"),  # allowed on launch
        ("goroot-invalid", ".vscode/launch.json", 1, "error"),  # about ${input:...}
        ("dlv-missing", ".vscode/launch.json", 2, "warning"),  # remote: no dlv finding
        ("dlv-missing", ".vscode/launch.json", 3, "warning"),  # exec: allowed
        ("goroot-too-old", ".vscode/launch.json", 3, "warning"),  # exec: no GOROOT finding
        ("goroot-invalid", ".vscode/settings.json", 1, "error"),  # ${env:X} unset = unset
        ("gocache-untrimmed", "go.mod", 0, "information"),
    )  # not judged here
    fps = kinds.judge(tmp_path, report, {})
    assert [(f.code, f.config) for f in fps] == [
        ("goroot-invalid", "run"),
        ("dlv-missing", "remote"),
        ("goroot-too-old", "exec"),
        ("goroot-invalid", "(workspace)"),
    ]


def test_judge_allows_workspace_findings_only_when_some_configuration_allows_them(tmp_path: Path):
    (tmp_path / ".vscode").mkdir()
    (tmp_path / ".vscode" / "launch.json").write_text(
        '{"configurations": [{"name": "r", "type": "go", "request": "attach", "mode": "remote"}]}\n'
    )
    report = _report(tmp_path, ("goroot-too-old", "go.mod", 2, "warning"))
    assert [f.code for f in kinds.judge(tmp_path, report, {})] == ["goroot-too-old"]
    (tmp_path / ".vscode" / "launch.json").write_text(
        '{"configurations": [{"name": "r", "type": "go", "request": "attach", "mode": "remote"},\n'
        '{"name": "l", "type": "go", "request": "launch"}]}\n'
    )
    assert kinds.judge(tmp_path, report, {}) == []
