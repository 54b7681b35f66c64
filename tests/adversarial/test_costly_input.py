"""Issue 9, class 5: input that costs too much (huge one-line files, deep nesting, 19 MB of newlines).

Closed by: a line index of a few numbers per 4 KB with column checkpoints on long lines (parse/text.py), JSONC
conversion and walks without recursion and a depth limit (parse/jsonc.py, MAX_DEPTH), and parsers that never
hold a list of every line (gomod, gosum, envfile, properties). Each test bounds time (arena) or peak memory
(measured in a child process: ru_maxrss after the parse minus before it).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from go_sidecar.parse import jsonc

MB = 1 << 20
MEMORY_BOUND_MB = 200  # extra peak memory allowed for parsing any one 19 MB file
REMOVED = "/opt/go-removed"


def one_line_launch(n: int, name: str) -> str:
    """n Go configurations on one line (a minified launch.json), each pinned to a removed Go."""
    cfgs = [{"name": name.format(i), "type": "go", "request": "launch", "env": {"GOROOT": REMOVED}} for i in range(n)]
    return json.dumps({"version": "0.2.0", "configurations": cfgs}, ensure_ascii=False, separators=(",", ":"))


def utf16_slice(text: str, start: int, end: int) -> str:
    units = text.encode("utf-16-le")
    return units[2 * start : 2 * end].decode("utf-16-le")


@pytest.mark.parametrize("n, name", [(4000, "Конф {} 🚀"), (3000, "配置 {} 😀😀"), (2000, "cfg-{}-é")])
def test_one_line_launch_json_checks_quickly_with_exact_utf16_positions(arena, n, name):
    arena.canary(arena.root / "beside.txt")
    text = one_line_launch(n, name)
    (arena.ws / ".vscode" / "launch.json").write_text(text, encoding="utf-8")
    cp = arena.run("check", str(arena.ws), "--format", "json", limit=10)  # was 28 s for 4,000 configurations
    assert cp.returncode == 1, cp.stderr
    report = json.loads(cp.stdout)
    pins = [f for f in report["findings"] if f["code"] == "goroot-invalid"]
    assert len(pins) == n
    for f in pins[:: max(1, n // 50)] + pins[-3:]:
        rng = f["location"]["range"]
        assert rng["start"]["line"] == rng["end"]["line"] == 0
        # The range, counted in UTF-16 units independently of go-sidecar, covers the GOROOT value.
        assert utf16_slice(text, rng["start"]["character"], rng["end"]["character"]).strip('"') == REMOVED
        # ...of the configuration the message names (the last "name" before the range).
        before = text[: _utf16_to_index(text, rng["start"]["character"])]
        owner = json.loads(before[before.rindex('"name":') + len('"name":') :].split(",")[0])
        assert f'"{owner}"' in f["message"]


def _utf16_to_index(text: str, units: int) -> int:
    return len(text.encode("utf-16-le")[: 2 * units].decode("utf-16-le"))


def deep_file(kind: str, depth: int, variant: int) -> str:
    nest = [
        '{"a":' * depth + "1" + "}" * depth,
        "[" * depth + "]" * depth,
        '{"a":[' * (depth // 2) + "]}" * (depth // 2),
    ]
    deep = nest[variant]
    if kind == "launch":
        return (
            '{"version":"0.2.0","configurations":[{"name":"deep","type":"go","request":"launch","x":'
            + deep
            + ',"env":{"GOROOT":"'
            + REMOVED
            + '"}},'
            + deep
            + "]}"
        )
    return '{"deep":' + deep + ',"go.goroot":"' + REMOVED + '","more":' + deep + "}"


@pytest.mark.parametrize("depth", [500, 5000])
@pytest.mark.parametrize("kind", ["launch", "settings"])
@pytest.mark.parametrize("variant", [0, 1, 2])
def test_deep_nesting_is_reported_and_the_rest_checked(arena, kind, depth, variant):
    (arena.ws / ".vscode" / f"{kind}.json").write_text(deep_file(kind, depth, variant))
    cp = arena.run("check", str(arena.ws), "--format", "json", limit=10)
    assert cp.returncode in (0, 1), cp.stderr  # was 2: RecursionError
    report = json.loads(cp.stdout)
    assert any("too deeply nested" in m and f"{kind}.json" in m for m in report["messages"]), report["messages"]
    # The GOROOT written after the deep value is still read and checked.
    assert [f["code"] for f in report["findings"] if f["code"] == "goroot-invalid"] == ["goroot-invalid"]


@pytest.mark.parametrize("depth", [jsonc.MAX_DEPTH, jsonc.MAX_DEPTH + 1, 100_000])
def test_jsonc_tree_never_deeper_than_the_limit(arena, depth):
    for text in ('{"k":' * depth + "0" + "}" * depth, "[" * depth + "]" * depth, '{"k":' * depth):
        doc = arena.call(jsonc.parse, text.encode(), limit=10)
        assert doc.too_deep == (depth > jsonc.MAX_DEPTH)
        value, levels = doc.root.to_python(), 0
        while isinstance(value, (dict, list)) and value:
            value = next(iter(value.values())) if isinstance(value, dict) else value[0]
            levels += 1
        assert levels <= jsonc.MAX_DEPTH


async def test_server_publishes_for_a_deeply_nested_launch_json(tmp_path):
    from tests.e2e.conftest import Machine, start_client
    from tests.e2e.test_server import codes, wait_for

    machine = Machine(tmp_path)
    for depth in (500, 5000):
        launch = machine.ws / ".vscode" / "launch.json"
        launch.write_text(deep_file("launch", depth, 0))
        client = await start_client(machine, "visual-studio-code")
        try:
            diags = await wait_for(client, launch.as_uri(), lambda d: "goroot-invalid" in codes(d))
            assert "goroot-invalid" in codes(diags)
        finally:
            await client.shutdown_session()
    assert not list(tmp_path.rglob("RAN"))


# --- memory ---------------------------------------------------------------------------------------------------

_PROBE = """
import resource, sys, time
sys.path[:0] = {paths!r}
{build}
{imports}
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
t = time.perf_counter()
result = {call}
print(before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, time.perf_counter() - t)
"""


def peak_extra_mb(build: str, imports: str, call: str, limit: float = 60) -> tuple[float, float]:
    """(extra peak MB, seconds) of `call` in a fresh interpreter, after `build` made its input."""
    code = _PROBE.format(paths=sys.path, build=build, imports=imports, call=call)
    cp = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=limit, check=False)
    assert cp.returncode == 0, cp.stderr[-2000:]
    before, after, seconds = cp.stdout.split()
    return (int(after) - int(before)) / 1024, float(seconds)  # ru_maxrss is in KB on Linux


CASES = {
    "go.mod of newlines": (
        "data = b'\\n' * (19 << 20) + b'go 1.22.0\\n'",
        "from go_sidecar.parse.gomod import parse_modfile",
        "parse_modfile('go.mod', data)",
    ),
    "go.mod of one line": (
        "data = b'module example.com/' + b'x' * (19 << 20)",
        "from go_sidecar.parse.gomod import parse_modfile",
        "parse_modfile('go.mod', data)",
    ),
    "go.work of slashes": (
        "data = b'go ' + b'/' * (19 << 20)",
        "from go_sidecar.parse.gomod import parse_modfile",
        "parse_modfile('go.work', data)",
    ),
    "go.sum of newlines": (
        "data = b'\\r\\n' * (19 << 19)",
        "from go_sidecar.parse.gosum import parse_gosum",
        "parse_gosum(data)",
    ),
    "go.sum of one line": (
        "data = b'm v h1:' + b'A' * (19 << 20)",
        "from go_sidecar.parse.gosum import parse_gosum",
        "parse_gosum(data)",
    ),
    "go.sum of sums": (
        "data = b'example.com/m v1.0.0 h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\\n' * (19 << 14)",
        "from go_sidecar.parse.gosum import parse_gosum",
        "parse_gosum(data)",
    ),
    "envFile of newlines": (
        "text = '\\n' * (19 << 20)",
        "from go_sidecar.parse.envfile import parse_env_file",
        "parse_env_file(text)",
    ),
    "envFile of one line": (
        "text = 'A=' + 'x' * (19 << 20)",
        "from go_sidecar.parse.envfile import parse_env_file",
        "parse_env_file(text)",
    ),
    "envFile of spaces": (
        "text = ' ' * (19 << 20) + '=1'",
        "from go_sidecar.parse.envfile import parse_env_file",
        "parse_env_file(text)",
    ),
    "idea.properties of newlines": (
        "text = '\\n' * (19 << 20)",
        "from go_sidecar.parse.properties import parse_properties",
        "parse_properties(text)",
    ),
    "idea.properties of continuations": (
        "text = 'k=\\\\\\n' * (19 << 18)",
        "from go_sidecar.parse.properties import parse_properties",
        "parse_properties(text)",
    ),
    "settings.json of newlines": (
        "data = b'{' + b'\\n' * (19 << 20) + b'}'",
        "from go_sidecar.parse import jsonc",
        "jsonc.parse(data).index.range(0, len(data))",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_parsing_a_19_mb_file_stays_within_the_memory_bound(case):
    extra, seconds = peak_extra_mb(*CASES[case])
    assert extra < MEMORY_BOUND_MB, f"{case}: {extra:.0f} MB extra in {seconds:.1f} s"
    assert seconds < 20, f"{case}: {seconds:.1f} s"


def test_line_index_of_a_20_mb_one_line_file_is_small():
    extra, _ = peak_extra_mb(
        "data = ('é😀x' * (20 << 20 // 8)).encode()",
        "from go_sidecar.parse.text import LineIndex",
        "[LineIndex(data).position(o) for o in range(0, len(data), 997)]",
    )
    assert extra < 20, f"{extra:.0f} MB"
