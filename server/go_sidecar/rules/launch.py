"""Launch rules (issue 11): a `program` or `cwd` that cannot work, caught before F5.

Messages are vscode-go's own (golang/vscode-go at 28e27ff, extension/src/goDebugConfiguration.ts
`parseDebugProgramArgSync`; the legacy adapter's extension/src/debugAdapter/goDebug.ts) and Go's (cmd/go:
"no Go files in <dir>", "cannot run non-main package"; Delve's `dlv exec`: "not an executable file").
"""

from __future__ import annotations

from typing import Iterator

from go_sidecar.fix.jsonc_edit import JsoncEditor
from go_sidecar.model import Finding, Fix, Severity
from go_sidecar.probe import configs
from go_sidecar.probe.facts import ConfigFacts, Facts
from go_sidecar.rules.registry import rule

MAX_PROGRAM_FIXES = 5
SPECIAL = "is neither a folder nor a file (a FIFO, a device, or a link that leads nowhere)"


def _program_fixes(facts: Facts, cf: ConfigFacts) -> tuple[Fix, ...]:
    """Point `program` at a main package of the workspace (found statically, probe/programs.py)."""
    mains = facts.main_packages
    if mains is None or not mains.folders or cf.config.view is None or cf.config.doc is None:
        return ()
    node, _ = cf.config.view.member("program")
    if node is None:
        return ()
    editor = JsoncEditor(cf.config.path, cf.config.doc)
    sep = "\\" if facts.windows else "/"
    fixes = []
    for i, folder in enumerate(mains.folders[:MAX_PROGRAM_FIXES]):
        rel = folder[len(facts.root):].lstrip("\\/")
        value = "${workspaceFolder}" + (sep + rel if rel else "")
        fixes.append(Fix(f"Debug the main package in {rel or 'the workspace folder'} ({value})",
                         (editor.replace_value(node, value),), preferred=(i == 0 and len(mains.folders) == 1)))
    return tuple(fixes)


def _more(facts: Facts) -> str:
    mains = facts.main_packages
    if mains is None:
        return ""
    if not mains.folders:
        return " No main package was found in the workspace" + (" (the search stopped early)." if mains.truncated
                                                                 else ".")
    shown = ", ".join(f[len(facts.root):].lstrip("\\/") or "." for f in mains.folders[:MAX_PROGRAM_FIXES])
    return f" Main packages here: {shown}" + (" (the search stopped early)." if mains.truncated else ".")


@rule(
    code="program-missing",
    family="launch",
    severity=Severity.ERROR,
    summary="A launch configuration's `program` names a path that does not exist",
    explanation="""
In mode debug, test or auto vscode-go requires `program` to be an existing folder or `.go` file (relative paths
are taken from the workspace folder) and stops before Delve starts: "The program attribute '<program>' must be
a valid directory or .go file in debug/test/auto modes." (goDebugConfiguration.ts `parseDebugProgramArgSync`;
the legacy adapter says "The program attribute must point to valid directory, .go file or executable.",
microsoft/vscode-go#2369). A package moved in a refactoring, or a launch.json copied from another repository,
leaves such a path behind. A package path such as `example.com/m/cmd/x` is passed to Delve as is and is not
judged; `${file}`, `${fileDirname}` and other editor-dependent values are not judged either.
""",
    fix="Point `program` at a main package of the workspace (one code action per package found, up to five).",
    example='`"program": "${workspaceFolder}/cmd/server"` after cmd/server was renamed cmd/api.',
)
def program_missing(facts: Facts) -> Iterator[Finding]:
    for cf in facts.configs:
        p = cf.program
        if p is None or not cf.config.builds:
            continue
        if p.state == "missing":
            why = "does not exist"
        elif p.state == "file":
            why = "is a file that is not a .go file"
        elif p.state == "special":
            why = SPECIAL
        else:
            continue
        message = (f'Configuration "{cf.config.name}": program {p.path} {why}. vscode-go stops before debugging: '
                   f"`The program attribute '{p.path}' must be a valid directory or .go file in debug/test/auto "
                   f"modes.`{_more(facts)}")
        yield Finding("program-missing", Severity.ERROR, message, p.location, _program_fixes(facts, cf))


@rule(
    code="program-not-main",
    family="launch",
    severity=Severity.ERROR,
    summary="A launch configuration's `program` is not a main package (or, in mode test, has no tests)",
    explanation="""
`go build` of a folder without Go files fails with `no Go files in <folder>` (golang/vscode-go#2779), and of a
package that is not `main` with `cannot run non-main package`; Delve reports it as the launch failing. In mode
test the folder needs `_test.go` files instead (`no test files`). Only files for this OS count (by file name);
`//go:build` lines are not evaluated, so a folder whose main files are all excluded by build lines may be
judged main.
""",
    fix="Point `program` at a main package of the workspace (one code action per package found, up to five).",
    example='`"program": "${workspaceFolder}/internal/store"`, a library package.',
)
def program_not_main(facts: Facts) -> Iterator[Finding]:
    for cf in facts.configs:
        p = cf.program
        if p is None or not cf.config.builds or p.state not in ("dir", "go"):
            continue
        name, has_go, has_tests = cf.package
        test = cf.config.mode == "test" or (cf.config.mode == "auto" and p.path.endswith("_test.go"))
        if test:
            if has_tests:
                continue
            outcome = f"it has no _test.go files, so `go test` finds no test files ({p.path})"
            fixes: tuple = ()
        elif not has_go:
            outcome = f"the build fails with `no Go files in {p.path}`"
            fixes = _program_fixes(facts, cf)
        elif name is None or name == "main":
            continue
        else:
            outcome = f"its package is `{name}`, and the build fails with `cannot run non-main package`"
            fixes = _program_fixes(facts, cf)
        message = f'Configuration "{cf.config.name}" debugs {p.path}, but {outcome}.' + ("" if test else _more(facts))
        yield Finding("program-not-main", Severity.ERROR, message, p.location, fixes)


@rule(
    code="cwd-missing",
    family="launch",
    severity=Severity.ERROR,
    summary="A debug configuration's `cwd` names a folder that does not exist",
    explanation="""
`cwd` is the folder the debugged program starts in (relative paths are taken from the workspace folder,
goDebugConfiguration.ts). When it does not exist, the program cannot be started there and the launch fails
before any breakpoint is reached.
""",
    fix="Create the folder, point `cwd` at an existing one, or remove `cwd` (the default is the workspace folder).",
)
def cwd_missing(facts: Facts) -> Iterator[Finding]:
    for cf in facts.configs:
        c = cf.cwd
        if c is None or c.state != "missing" or cf.config.kind not in (configs.BUILD, configs.EXEC):
            continue
        yield Finding("cwd-missing", Severity.ERROR,
                      f'Configuration "{cf.config.name}": cwd {c.path} does not exist, so the program cannot be '
                      "started in it.", c.location)


@rule(
    code="exec-not-executable",
    family="launch",
    severity=Severity.ERROR,
    summary="A `mode: exec` configuration names a program that is missing or not an executable",
    explanation="""
`mode: exec` debugs a prebuilt binary: Delve opens it as an executable (`dlv exec`), and a missing file, a
script or a text file fails with `not an executable file` (golang/vscode-go#2392) or `no such file or directory`.
An executable for another OS or CPU is `debug-cross-target`.
""",
    fix="Build the program first (a preLaunchTask running `go build -o <program>`), or point `program` at it.",
)
def exec_not_executable(facts: Facts) -> Iterator[Finding]:
    programs = facts.debug.programs if facts.debug is not None else {}
    for cf in facts.configs:
        p = cf.program
        if p is None or cf.config.kind != configs.EXEC or cf.config.mode != "exec":
            continue
        if p.state == "missing":
            why = "does not exist: Delve fails with `no such file or directory`"
        elif p.state == "special":
            why = SPECIAL
        elif p.state == "dir":
            why = "is a folder, not an executable"
        else:
            found = programs.get(cf.config.index)
            if found is None or found[1].format != "unknown":
                continue
            why = f"is not an executable ({found[1].reason or 'unknown format'}): Delve fails with `not an executable file`"
        yield Finding("exec-not-executable", Severity.ERROR,
                      f'Configuration "{cf.config.name}" runs {p.path}, which {why}.', p.location)
