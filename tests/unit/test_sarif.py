"""`sidecar check --format sarif` (go_sidecar/sarif.py): SARIF 2.1.0 that GitHub code scanning accepts.

Every log is validated against the official SARIF 2.1.0 JSON Schema, vendored in tests/vendor/sarif/ (source and
licence there; no Python package ships it), with the `uri` and `uri-reference` formats checked too (jsonschema
checks them only with optional packages). The fingerprint is compared with github/codeql-action's own test vectors.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from go_sidecar.check import run_check
from go_sidecar.model import Finding, Host, Location, Range, Report, Severity
from go_sidecar.parse.text import LineIndex
from go_sidecar.rules import registry
from go_sidecar.sarif import (
    DESCRIPTION_LIMIT,
    HASHED_FILE_LIMIT,
    LEVELS,
    SRCROOT,
    artifact_location,
    file_uri,
    line_hashes,
    source_root,
    to_sarif,
)
from go_sidecar.testing import RecordedHostProbe
from tests.sandbox import sandbox_env

REPO = Path(__file__).resolve().parents[2]
VENDOR = REPO / "tests" / "vendor" / "sarif"
DEMO = REPO / "examples" / "demo"
FIXTURES = REPO / "tests" / "fixtures" / "launch"
HOST = RecordedHostProbe("linux-amd64")  # the fixtures judged as on one machine, whatever runs the test
LINUX = Host("linux", "amd64")

# --- validating against the official schema ---------------------------------------------------------------------

_PCT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")


def _uri_reference(value: object) -> bool:
    """RFC 3986: only its characters, every % followed by two hex digits."""
    return not isinstance(value, str) or (bool(_URI_CHARS.match(value)) and not _PCT.search(value))


def _uri(value: object) -> bool:
    return not isinstance(value, str) or (_uri_reference(value) and bool(_SCHEME.match(value)))


def validator() -> jsonschema.Draft4Validator:
    schema = json.loads((VENDOR / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    formats = jsonschema.FormatChecker()
    formats.checks("uri")(_uri)
    formats.checks("uri-reference")(_uri_reference)
    return jsonschema.Draft4Validator(schema, format_checker=formats)


def validate(log: dict) -> None:
    """The log passes the official schema, and what GitHub requires beyond it holds."""
    errors = sorted(validator().iter_errors(log), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message[:300]}" for e in errors[:20])
    assert log["version"] == "2.1.0" and log["$schema"]
    for run in log["runs"]:
        driver = run["tool"]["driver"]
        assert driver["name"] == "go-sidecar" and driver["version"]
        rules = driver["rules"]
        assert len({r["id"] for r in rules}) == len(rules), "rule ids are unique"
        for r in rules:
            assert r["shortDescription"]["text"] and r["fullDescription"]["text"] and r["help"]["text"]
            assert len(r["shortDescription"]["text"]) <= DESCRIPTION_LIMIT
            assert len(r["fullDescription"]["text"]) <= DESCRIPTION_LIMIT
            assert len(r.get("name", "")) <= 255
        for res in run["results"]:
            assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
            assert res["level"] in ("note", "warning", "error") and res["message"]["text"]
            where = res["locations"][0]["physicalLocation"]
            uri = where["artifactLocation"]["uri"]
            assert uri, "GitHub does not accept an empty URI"
            if "uriBaseId" in where["artifactLocation"]:
                assert where["artifactLocation"]["uriBaseId"] in run["originalUriBaseIds"]
                assert not _SCHEME.match(uri) and not uri.startswith("/"), uri
            else:
                assert uri.startswith("file:"), uri
            region = where.get("region")
            if region is not None:
                assert (region["endLine"], region["endColumn"]) >= (region["startLine"], region["startColumn"])
            assert res["partialFingerprints"]


def sidecar(args: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    full = dict(env, PYTHONPATH=os.environ.get("PYTHONPATH", ""), PYTHONIOENCODING="utf-8")
    if os.environ.get("SYSTEMROOT"):
        full["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    proc = subprocess.run(
        [sys.executable, "-m", "go_sidecar", *args],
        env=full,
        cwd=cwd,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert "Traceback" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    home = tmp_path / "home"
    (tmp_path / "bin").mkdir()
    home.mkdir()
    return sandbox_env(home, tmp_path / "bin")


# --- the fingerprint: github/codeql-action's own test vectors (src/fingerprints.test.ts) -------------------------

CODEQL_VECTORS = [
    ("", ["c129715d7a2bc9a3:1"]),
    (" a\nb\n  \t\tc\n d", ["271789c17abda88f:1", "54703d4cd895b18:1", "180aee12dab6264:1", "a23a3dc5e078b07b:1"]),
    (
        " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End",
        [
            "8b7cf3e952e7aeb2:1",
            "b1ae1287ec4718d9:1",
            "bff680108adb0fcc:1",
            "c6805c5e1288b612:1",
            "b86d3392aea1be30:1",
            "e6ceba753e1a442:1",
        ],
    ),
    *[
        (
            text,
            [
                "e9496ae3ebfced30:1",
                "fb7c023a8b9ccb3f:1",
                "ce8ba1a563dcdaca:1",
                "e20e36e16fcb0cc8:1",
                "b3edc88f2938467e:1",
                "c8e28b0b4002a3a0:1",
                "c129715d7a2bc9a3:1",
            ],
        )
        for text in (
            " hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n",
            " hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r",
            " hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n",
            " hello; \t\nworld!!!\r\n\n\r  \t\tGreetings\r End\r\n",
        )
    ],
    (
        "Lorem ipsum dolor sit amet.\n" * 10,
        [f"a7f2ff13bc495cf2:{n}" for n in range(1, 7)]
        + [
            "a7f2ff1481e87703:1",
            "a9cf91f7bbf1862b:1",
            "55ec222b86bcae53:1",
            "cc97dc7b1d7d8f7b:1",
            "c129715d7a2bc9a3:1",
        ],
    ),
]


@pytest.mark.parametrize("text,expected", CODEQL_VECTORS)
def test_line_hashes_are_the_upload_actions(text: str, expected: list[str]):
    got = line_hashes(text)
    assert [got[n] for n in sorted(got)] == expected


def test_line_hashes_stop_early_with_the_same_values():
    text = "".join(f'    "line {i}": "值 😀 {i % 7}",\n' for i in range(400))
    full = line_hashes(text)
    assert line_hashes(text, {3, 120}) == {k: v for k, v in full.items() if k <= 120} | {}
    assert all(line_hashes(text, {n})[n] == full[n] for n in (1, 2, 250, 401))


# --- URIs ----------------------------------------------------------------------------------------------------------


def test_relative_uris_are_percent_encoded_with_forward_slashes():
    root = "/work/repo"
    loc = artifact_location("/work/repo/services/my api/工作/#1 100%:x.json", root)
    assert loc == {"uri": "services/my%20api/%E5%B7%A5%E4%BD%9C/%231%20100%25%3Ax.json", "uriBaseId": SRCROOT}
    assert artifact_location("/work/repo/.vscode/launch.json", root + "/") == {
        "uri": ".vscode/launch.json",
        "uriBaseId": SRCROOT,
    }
    # A sibling whose name starts like the root is outside it.
    assert artifact_location("/work/repo2/go.mod", root) == {"uri": "file:///work/repo2/go.mod"}
    assert artifact_location("/home/u/.config/go/env", root) == {"uri": "file:///home/u/.config/go/env"}


def test_folders_point_at_the_folder_without_a_region():
    assert artifact_location("/work/repo", "/work/repo", folder=True) == {"uri": "./", "uriBaseId": SRCROOT}
    assert artifact_location("/work/repo/api", "/work/repo", folder=True) == {"uri": "api/", "uriBaseId": SRCROOT}
    assert artifact_location("/elsewhere/x", "/work/repo", folder=True) == {"uri": "file:///elsewhere/x/"}


def test_windows_paths():
    root = "C:\\Users\\张三\\src\\repo"
    assert artifact_location("c:\\users\\张三\\SRC\\repo\\.vscode\\launch.json", root, windows=True) == {
        "uri": ".vscode/launch.json",
        "uriBaseId": SRCROOT,
    }
    assert artifact_location("C:\\Program Files\\Go\\VERSION", root, windows=True) == {
        "uri": "file:///C:/Program%20Files/Go/VERSION"
    }
    assert file_uri("\\\\server\\share\\go\\bin", windows=True) == "file://server/share/go/bin"
    assert file_uri("D:\\", windows=True) == "file:///D:/"


def test_source_root_is_the_repository_holding_the_checked_folders(tmp_path: Path):
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    api, web = tmp_path / "repo" / "services" / "api", tmp_path / "repo" / "web"
    api.mkdir(parents=True)
    web.mkdir()
    assert source_root([str(api)]) == str(tmp_path / "repo")
    assert source_root([str(api), str(web)]) == str(tmp_path / "repo")
    (tmp_path / "plain" / "a").mkdir(parents=True)
    (tmp_path / "plain" / "b").mkdir()
    # No repository above (tmp_path has none): the folders' common folder.
    if not any((p / ".git").exists() for p in tmp_path.parents):
        assert source_root([str(tmp_path / "plain" / "a"), str(tmp_path / "plain" / "b")]) == str(tmp_path / "plain")
    # A git worktree or submodule has a .git file, not a folder.
    (tmp_path / "wt").mkdir()
    (tmp_path / "wt" / ".git").write_text("gitdir: /elsewhere\n")
    assert source_root([str(tmp_path / "wt")]) == str(tmp_path / "wt")
    assert source_root(["C:\\a\\b", "D:\\c"], exists=lambda p: False, windows=True) == "C:\\a\\b"


# --- the log of real checks ------------------------------------------------------------------------------------------


def test_the_demo_validates_and_points_into_the_repository(tmp_path: Path, env: dict[str, str]):
    proc = sidecar(["check", str(DEMO), "--format", "sarif"], env, tmp_path)
    assert proc.returncode == 1, proc.stderr  # the demo has findings
    log = json.loads(proc.stdout)
    validate(log)
    run = log["runs"][0]
    assert run["columnKind"] == "utf16CodeUnits"
    base = run["originalUriBaseIds"][SRCROOT]["uri"]
    assert base.startswith("file:///") and base.endswith("/")
    in_repo = (REPO / ".git").exists()
    prefix = "examples/demo/" if in_repo else ""
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]}
    assert uris == {prefix + ".vscode/launch.json"}
    ids = {r["id"] for r in run["tool"]["driver"]["rules"]}
    assert ids == {r.code for r in registry.all_rules()}, "every rule of the catalogue is described"

    # The same findings as the JSON report, at the same places (1-based, UTF-16).
    report = json.loads(sidecar(["check", str(DEMO), "--format", "json"], env, tmp_path).stdout)
    from_json = []
    for f in report["findings"]:
        start = f["location"]["range"]["start"]
        level = LEVELS[Severity.parse(f["severity"])]
        from_json.append((f["code"], level, start["line"] + 1, start["character"] + 1, f["message"]))
    from_sarif = []
    for r in run["results"]:
        region = r["locations"][0]["physicalLocation"]["region"]
        from_sarif.append((r["ruleId"], r["level"], region["startLine"], region["startColumn"], r["message"]["text"]))
    assert sorted(from_sarif) == sorted(from_json)


def test_a_copy_of_the_demo_in_a_repository_of_its_own(tmp_path: Path, env: dict[str, str]):
    ws = tmp_path / "repo 工作"
    shutil.copytree(DEMO, ws / "demo", symlinks=True)
    (ws / ".git").mkdir()
    log = json.loads(sidecar(["check", str(ws / "demo"), "--format", "sarif"], env, tmp_path).stdout)
    validate(log)
    run = log["runs"][0]
    assert run["originalUriBaseIds"][SRCROOT]["uri"] == (ws.resolve().as_uri() + "/")
    for r in run["results"]:
        assert r["locations"][0]["physicalLocation"]["artifactLocation"] == {
            "uri": "demo/.vscode/launch.json",
            "uriBaseId": SRCROOT,
        }
    # Fingerprints are the upload action's, for the file as committed.
    text = (ws / "demo" / ".vscode" / "launch.json").read_text(encoding="utf-8")
    hashes = line_hashes(text)
    for r in run["results"]:
        line = r["locations"][0]["physicalLocation"]["region"]["startLine"]
        assert r["partialFingerprints"]["primaryLocationLineHash"] == hashes[line]


def _fixture_names() -> list[str]:
    return sorted(p.name for p in FIXTURES.iterdir() if (p / ".vscode").is_dir())


@pytest.mark.parametrize("name", _fixture_names())
def test_fixture_workspaces_validate(tmp_path: Path, name: str):
    from go_sidecar.probe.system import RealSystem

    ws = tmp_path / "ws"
    shutil.copytree(FIXTURES / name, ws, ignore=shutil.ignore_patterns("expect.json"))
    home = tmp_path / "home"
    home.mkdir()
    system = RealSystem(env=sandbox_env(home, tmp_path / "bin"))
    report, _ = run_check(system, str(ws.resolve()), host=HOST)
    log = to_sarif([report], registry.all_rules(), str(ws.resolve()))
    validate(log)
    assert len(log["runs"][0]["results"]) == len(report.findings)


def test_several_folders_make_one_run(tmp_path: Path, env: dict[str, str]):
    (tmp_path / "mono" / ".git").mkdir(parents=True)
    for name in ("api", "web"):
        shutil.copytree(DEMO, tmp_path / "mono" / name, symlinks=True)
    mono = tmp_path / "mono"
    log = json.loads(
        sidecar(["check", str(mono / "api"), str(mono / "web"), "--format", "sarif"], env, tmp_path).stdout
    )
    validate(log)
    assert len(log["runs"]) == 1
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in log["runs"][0]["results"]}
    assert uris == {"api/.vscode/launch.json", "web/.vscode/launch.json"}
    # A machine-wide finding is reported once, not once per folder.
    assert sum(r["ruleId"] == "dlv-missing" for r in log["runs"][0]["results"]) <= 1


def test_columns_count_utf16_code_units(tmp_path: Path, env: dict[str, str]):
    ws = tmp_path / "ws"
    (ws / ".vscode").mkdir(parents=True)
    (ws / ".git").mkdir()
    (ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    (ws / ".vscode" / "launch.json").write_text(
        '{"configurations": [{"name": "启动😀", "type": "go", "request": "launch", "mode": "auto", '
        '"program": "${workspaceFolder}", /* 工作😀 */ "env": {"GOROOT": "/nowhere/go"}}]}\n',
        encoding="utf-8",
    )
    log = json.loads(sidecar(["check", str(ws), "--format", "sarif"], env, tmp_path).stdout)
    validate(log)
    result = next(r for r in log["runs"][0]["results"] if r["ruleId"] == "goroot-invalid")
    region = result["locations"][0]["physicalLocation"]["region"]
    line = (ws / ".vscode" / "launch.json").read_text(encoding="utf-8").splitlines()[0]
    start = line.index('"/nowhere/go"')
    utf16 = len(line[:start].encode("utf-16-le")) // 2
    assert (region["startLine"], region["startColumn"]) == (1, utf16 + 1)
    assert region["endColumn"] == utf16 + 1 + len('"/nowhere/go"')
    assert utf16 != start, "the line has characters beyond the BMP before the value"


# --- reports built by hand: folders, files outside, huge files, codes the catalogue lacks --------------------------


def _finding(code: str, path: str, rng: Range | None = None, severity=Severity.WARNING) -> Finding:
    return Finding(code, severity, f"{code} here", Location(path, rng or Range.of(0, 0, 0, 0)))


def test_findings_at_folders_and_outside_files(tmp_path: Path):
    root = str(tmp_path / "repo")
    data = b'{\n  "a": 1\n}\n'
    index = LineIndex(data)
    report = Report(
        root,
        LINUX,
        [],
        [
            _finding("gocache-invalid", root),  # a machine finding shown at the folder
            _finding("gosumdb-off", "/home/u/.config/go/env", index.range(4, 10), Severity.INFORMATION),
            _finding("a-test-rule", root + "/.vscode/launch.json", index.range(4, 10), Severity.HINT),
        ],
        ["rule x failed: it was a test"],
    )
    log = to_sarif([report], registry.all_rules(), root, windows=False)
    validate(log)
    results = log["runs"][0]["results"]
    folder, outside, unknown = results
    assert folder["locations"][0]["physicalLocation"] == {"artifactLocation": {"uri": "./", "uriBaseId": SRCROOT}}
    assert outside["locations"][0]["physicalLocation"]["artifactLocation"] == {"uri": "file:///home/u/.config/go/env"}
    assert outside["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 2,
        "startColumn": 3,
        "endLine": 2,
        "endColumn": 9,
    }
    assert outside["level"] == "note" and unknown["level"] == "note"
    rules = log["runs"][0]["tool"]["driver"]["rules"]
    assert rules[unknown["ruleIndex"]]["id"] == "a-test-rule"
    notes = log["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    assert notes[0]["message"]["text"] == "rule x failed: it was a test"


def test_a_huge_file_gets_our_fingerprint_only(tmp_path: Path):
    data = b"{" + b" " * HASHED_FILE_LIMIT + b'"x": 1}\n'
    index = LineIndex(data)
    root = str(tmp_path)
    finding = _finding("goroot-invalid", root + "/.vscode/launch.json", index.range(len(data) - 8, len(data) - 2))
    report = Report(root, LINUX, [], [finding])
    log = to_sarif([report], registry.all_rules(), root)
    validate(log)
    prints = log["runs"][0]["results"][0]["partialFingerprints"]
    assert "primaryLocationLineHash" not in prints and prints["goSidecar/v1"]


def test_rules_carry_their_metadata():
    log = to_sarif([], registry.all_rules(), "/r")
    validate(log)
    rules = {r["id"]: r for r in log["runs"][0]["tool"]["driver"]["rules"]}
    for rule in registry.all_rules():
        d = rules[rule.code]
        assert d["helpUri"] == rule.url
        assert d["defaultConfiguration"]["level"] == LEVELS[rule.severity]
        assert rule.summary in d["shortDescription"]["text"] or len(rule.summary) > DESCRIPTION_LIMIT
        assert rule.fix.split()[0] in d["help"]["text"] and "### Fix" in d["help"]["markdown"]
        assert re.fullmatch(r"[A-Z][A-Za-z0-9]*", d["name"]), d["name"]


@pytest.mark.parametrize(
    "mutate",
    [
        lambda log: log.pop("version"),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"].update(
            uri="my api/launch.json"
        ),
        lambda log: log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"].update(startLine=0),
        lambda log: log["runs"][0]["results"][0].update(level="warn"),
        lambda log: log["runs"][0].update(columnKind="bytes"),
    ],
)
def test_the_validation_bites(tmp_path: Path, mutate):
    """The checks above fail on a broken log (a test that cannot fail proves nothing)."""
    data = b'{"env": {"GOROOT": "/x"}}\n'
    finding = _finding("goroot-invalid", str(tmp_path / "launch.json"), LineIndex(data).range(19, 22))
    log = to_sarif([Report(str(tmp_path), LINUX, [], [finding])], registry.all_rules(), str(tmp_path))
    validate(log)
    mutate(log)
    with pytest.raises(AssertionError):
        validate(log)
