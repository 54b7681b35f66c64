"""The JetBrains External Tools definition (editors/jetbrains/tools/go-sidecar.xml): valid as the IDE reads it, and
each tool's command line, expanded and split as the IDE does, really runs go-sidecar and does what its name says.

The IDE reads every `*.xml` of its configuration folder's `tools/` as a `<toolSet name=...>` of `<tool>` elements
(intellij-community ToolsProcessor / ToolManager); a tool's `<exec>` holds the options COMMAND, PARAMETERS and
WORKING_DIRECTORY, where macros such as `$ProjectFileDir$` are expanded (MacroManager) and PARAMETERS is split
like a shell line: at spaces outside double quotes, the quotes dropped (ParametersList.parse).
"""

from __future__ import annotations

import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from tests.e2e.conftest import LAUNCH, Machine, machine  # noqa: F401 - the fixture
from tests.sandbox import make_root

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "editors" / "jetbrains" / "tools" / "go-sidecar.xml"
# Macros the IDE expands in External Tools (a subset: the ones a project-wide tool may use).
KNOWN_MACROS = {"$ProjectFileDir$", "$ProjectName$", "$UserHome$"}


def parameters_split(line: str) -> list[str]:
    """ParametersList.parse: split at whitespace outside double quotes; the quotes themselves are dropped."""
    args: list[str] = []
    part: list[str] = []
    in_quotes = False
    started = False
    for c in line:
        if c == '"':
            in_quotes = not in_quotes
            started = True
        elif c.isspace() and not in_quotes:
            if started:
                args.append("".join(part))
            part, started = [], False
        else:
            part.append(c)
            started = True
    if started:
        args.append("".join(part))
    return args


def tools() -> dict[str, dict[str, str]]:
    tree = ET.parse(TOOLS)
    root = tree.getroot()
    assert root.tag == "toolSet" and root.get("name") == "go-sidecar"
    out = {}
    for tool in root.findall("tool"):
        name = tool.get("name")
        assert name and name not in out
        assert tool.get("useConsole") == "true", "the output is the point: it must show in the Run console"
        assert tool.get("disabled") == "false"
        options = {o.get("name"): o.get("value") for o in tool.findall("exec/option")}
        assert set(options) == {"COMMAND", "PARAMETERS", "WORKING_DIRECTORY"}, options
        out[name] = options
    return out


def expand(value: str, project: Path) -> str:
    for macro in KNOWN_MACROS:
        if macro != "$ProjectFileDir$":
            assert macro not in value
    assert value.count("$") in (0, 2), f"an unknown macro in {value!r}"
    return value.replace("$ProjectFileDir$", str(project))


def run_tool(options: dict[str, str], machine: Machine) -> subprocess.CompletedProcess[str]:
    argv = [options["COMMAND"], *parameters_split(expand(options["PARAMETERS"], machine.ws))]
    assert argv[0] == "sidecar", "the IDE finds the console script `pipx install go-sidecar` puts on PATH"
    exe = Path(sys.executable).parent / "sidecar"  # the test environment's own console script
    return subprocess.run(
        check=False,
        args=[str(exe), *argv[1:]],
        cwd=expand(options["WORKING_DIRECTORY"], machine.ws),
        env=machine.env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_the_tool_set_names_the_two_tools_and_documents_them():
    found = tools()
    assert set(found) == {"Check project", "Purge Go caches (dry run)"}
    guide = (ROOT / "docs" / "goland.md").read_text(encoding="utf-8")
    assert "editors/jetbrains/tools/go-sidecar.xml" in guide
    for name in found:
        assert name in guide


def test_check_project_checks_the_project_folder_even_with_spaces_and_non_ascii(machine: Machine):
    # machine.ws is "work space 工作": PARAMETERS quotes $ProjectFileDir$, so it stays one argument.
    old = make_root(machine.sdk, "1.21.5")
    make_root(machine.sdk, "1.22.5")
    machine.put_on_path(old)
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    (machine.ws / ".vscode" / "launch.json").write_text(LAUNCH, encoding="utf-8")
    done = run_tool(tools()["Check project"], machine)
    assert done.returncode == 1, done.stderr
    assert "goroot-too-old" in done.stdout or "goroot-unpinned" in done.stdout, done.stdout
    assert str(machine.ws) in done.stdout or "launch.json" in done.stdout


def test_check_project_exits_0_on_a_clean_project(machine: Machine):
    (machine.ws / "go.mod").write_text("module example.com/m\n\ngo 1.22.0\n")
    done = run_tool(tools()["Check project"], machine)
    assert done.returncode == 0, done.stdout + done.stderr


def test_purge_dry_run_lists_and_deletes_nothing(machine: Machine):
    cache = Path(machine.env["GOCACHE"])
    (cache / "00").mkdir(parents=True)
    (cache / "README").write_text("This directory holds cached build artifacts from the Go build system.\n")
    (cache / "trim.txt").write_text("1700000000\n")
    entry = cache / "00" / "0011-d"
    entry.write_bytes(b"x" * 300_000)
    before = sorted(p.relative_to(cache) for p in cache.rglob("*"))
    done = run_tool(tools()["Purge Go caches (dry run)"], machine)
    assert done.returncode == 0, done.stdout + done.stderr
    assert str(cache) in done.stdout, done.stdout
    assert "dry run" in done.stdout.lower(), done.stdout
    assert sorted(p.relative_to(cache) for p in cache.rglob("*")) == before
    assert entry.read_bytes() == b"x" * 300_000


def test_parameters_split_follows_the_ide():
    assert parameters_split('check "/a b/c"') == ["check", "/a b/c"]
    assert parameters_split("purge-caches  go-build --dry-run") == ["purge-caches", "go-build", "--dry-run"]
    assert parameters_split('x ""') == ["x", ""]
