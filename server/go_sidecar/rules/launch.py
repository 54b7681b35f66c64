"""Launch rules (issue 11): a `program` or `cwd` that cannot work, caught before F5.

Messages are vscode-go's own (golang/vscode-go at 28e27ff, extension/src/goDebugConfiguration.ts
`parseDebugProgramArgSync`; the legacy adapter's extension/src/debugAdapter/goDebug.ts) and Go's (cmd/go:
"no Go files in <dir>", "build constraints exclude all Go files in <dir>", "cannot run non-main package";
Delve's `dlv exec`: "not an executable file").

GoLand run configurations get the same rules (what they build: probe/goland_configs.py), told in GoLand's words
(the option names of its dialog: Directory, Files, Package path, Working directory) with what the `go` command
GoLand runs answers (cmd/go 1.27: modload/load.go `errDirectoryNotFound`, "stat <dir>: directory not found";
modload/import.go `ImportMissingError`, "no required module provides package <path>"; `go build -o` of a
package that is not main writes an archive, not a program), and fixed in the XML (edit/xml.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from functools import partial
from typing import TYPE_CHECKING

from go_sidecar.model import Fix, Severity, TextEdit
from go_sidecar.probe import configs
from go_sidecar.probe.facts import ConfigFacts, Facts
from go_sidecar.rules.declare import Found, rule

if TYPE_CHECKING:
    from go_sidecar.probe.programs import PathFacts

MAX_PROGRAM_FIXES = 5
SPECIAL = "is neither a folder nor a file (a FIFO, a device, or a link that leads nowhere)"
# GoLand's name for what each run kind builds (its Go Build / Go Test dialog)
GOLAND_OPTION = {"DIRECTORY": "directory", "FILE": "file", "PACKAGE": "package"}

Retarget = Callable[[str], "tuple[str, Sequence[TextEdit]] | None"]


def _retarget(facts: Facts, cf: ConfigFacts) -> Retarget | None:
    """How to point this configuration at another folder: folder -> (what is written, the edits), or None.
    launch.json: `program` becomes `${workspaceFolder}/<rel>`; GoLand: the XML option of its run kind."""
    cfg = cf.config
    if cfg.goland:
        return lambda folder: cfg.program_edit(folder, facts.root, facts.workspace_home, facts.windows)
    if cfg.view is None or cfg.doc is None:
        return None
    node, _ = cfg.view.member("program")
    if node is None:
        return None
    from go_sidecar.edit.jsonc import JsoncEditor  # a fix's builder: imported when a fix is built

    editor = JsoncEditor(cfg.path, cfg.doc)
    sep = "\\" if facts.windows else "/"

    def launch_json(folder: str) -> tuple[str, Sequence[TextEdit]]:
        rel = _rel(facts, folder)
        value = "${workspaceFolder}" + (sep + rel if rel else "")
        return value, (editor.replace_value(node, value),)

    return launch_json


def _rel(facts: Facts, folder: str) -> str:
    return folder[len(facts.root) :].lstrip("\\/")


def _program_fixes(facts: Facts, cf: ConfigFacts) -> tuple[Fix, ...]:
    """Point the configuration at a main package of the workspace (found statically, probe/programs.py)."""
    mains = facts.main_packages
    if mains is None or not mains.folders:
        return ()
    retarget = _retarget(facts, cf)
    if retarget is None:
        return ()
    fixes = []
    for folder in mains.folders[:MAX_PROGRAM_FIXES]:
        found = retarget(folder)
        if found is None:
            continue
        value, edits = found
        rel = _rel(facts, folder)
        fixes.append(
            Fix(
                f"Debug the main package in {rel or 'the workspace folder'} ({value})",
                tuple(edits),
                preferred=len(mains.folders) == 1,
            )
        )
    return tuple(fixes)


def _subject(cf: ConfigFacts) -> str:
    return f'{"Run configuration" if cf.config.goland else "Configuration"} "{cf.config.name}"'


def _what(cf: ConfigFacts, p: PathFacts) -> str:
    """What the configuration names, as its editor calls it: `program <path>`, GoLand's `directory <path>`."""
    if not cf.config.goland:
        return f"program {p.path}"
    kind = cf.config.rc.kind
    if kind == "PACKAGE":
        return f"package {cf.config.rc.package} (folder {p.path})"
    return f"{GOLAND_OPTION.get(kind, 'program')} {p.path}"


def _action(cf: ConfigFacts, p: PathFacts, test: bool) -> str:
    """`debugs <path>` (launch.json); GoLand's `builds <path>`, `tests <import path> (<folder>)`."""
    if not cf.config.goland:
        return f"debugs {p.path}"
    target = f"{cf.config.rc.package} ({p.path})" if cf.config.rc.kind == "PACKAGE" else p.path
    return f"{'tests' if test else 'builds'} {target}"


def _not_main_outcome(cf: ConfigFacts, name: str) -> str:
    if not cf.config.goland:
        return f"its package is `{name}`, and the build fails with `cannot run non-main package`"
    # GoLand builds with `go build -o <file>`, which writes a package that is not main as an archive (cmd/go 1.27)
    return (
        f"its package is `{name}`, not `main`: `go build` writes a package archive, not a program, so GoLand "
        "has nothing to run or debug"
    )


def _recursive_tests(cf: ConfigFacts) -> bool:
    """GoLand's Go Test of kind Directory runs `go test ./<dir>/...`: tests in subfolders count too
    (go-lang-idea-plugin GoTestRunningState; GoLand help 2021.3, Go Test: "all its subdirectories")."""
    return cf.config.goland and cf.config.mode == "test" and cf.config.rc.kind == "DIRECTORY"


def _missing_outcome(cf: ConfigFacts, p: PathFacts) -> str:
    """What happens at F5 (launch.json) or at Run/Debug (GoLand) with a program that is not there."""
    if not cf.config.goland:
        return (
            f"vscode-go stops before debugging: `The program attribute '{p.path}' must be a valid directory or "
            f".go file in debug/test/auto modes.`"
        )
    if cf.config.rc.kind == "PACKAGE":
        return f"GoLand's `go build` fails with `no required module provides package {cf.config.rc.package}`."
    if p.state != "missing":
        return "GoLand's `go` command cannot build it."
    if _recursive_tests(cf):
        return "GoLand runs `go test` on it and its subfolders, which fails with `no such file or directory`."
    return (
        f"GoLand's `go {'test' if cf.config.mode == 'test' else 'build'}` fails with `stat {p.path}: directory not "
        "found`."
    )


def _more(facts: Facts) -> str:
    mains = facts.main_packages
    if mains is None:
        return ""
    if not mains.folders:
        return " No main package was found in the workspace" + (
            " (the search stopped early)." if mains.truncated else "."
        )
    shown = ", ".join(f[len(facts.root) :].lstrip("\\/") or "." for f in mains.folders[:MAX_PROGRAM_FIXES])
    return f" Main packages here: {shown}" + (" (the search stopped early)." if mains.truncated else ".")


@rule(
    code="program-missing",
    family="launch",
    severity=Severity.ERROR,
    summary="A launch configuration's `program` (a GoLand run configuration's directory, files or package) names "
    "a path that does not exist",
    explanation="""
In mode debug, test or auto vscode-go requires `program` to be an existing folder or `.go` file (relative paths
are taken from the workspace folder) and stops before Delve starts: "The program attribute '<program>' must be
a valid directory or .go file in debug/test/auto modes." (goDebugConfiguration.ts `parseDebugProgramArgSync`;
the legacy adapter says "The program attribute must point to valid directory, .go file or executable.",
microsoft/vscode-go#2369). A package moved in a refactoring, or a launch.json copied from another repository,
leaves such a path behind. A package path such as `example.com/m/cmd/x` is passed to Delve as is and is not
judged; `${file}`, `${fileDirname}` and other editor-dependent values are not judged either.

A GoLand run configuration (Go Build, Go Test) names what it builds by its run kind: a folder (`<directory>`),
files (`<filePath>`, several joined by `|`) or an import path (`<package>`, judged when it lies in the go.mod
module at the project root and no nested module, go.work or `require` can provide it). GoLand runs the `go`
command on it, which fails with `stat <dir>: directory not found` or `no required module provides package
<path>` (cmd/go modload). Values with a macro go-sidecar does not know are not judged.
""",
    fix="Point `program` (GoLand: the directory, package path or run kind) at a main package of the workspace "
    "(one code action per package found, up to five); the XML keeps GoLand's `$PROJECT_DIR$` form.",
    example='`"program": "${workspaceFolder}/cmd/server"` after cmd/server was renamed cmd/api.',
)
def program_missing(facts: Facts) -> Iterator[Found]:
    for cf in facts.configs:
        p = cf.program
        if p is None or not cf.config.builds:
            continue
        if p.state == "missing":
            why = "does not exist"
        elif p.state == "file":
            directory = cf.config.goland and cf.config.rc.kind == "DIRECTORY"
            why = "is a file, not a folder" if directory else "is a file that is not a .go file"
        elif p.state == "special":
            why = SPECIAL
        else:
            continue
        message = f"{_subject(cf)}: {_what(cf, p)} {why}. {_missing_outcome(cf, p)}{_more(facts)}"
        yield Found(message, p.location, partial(_program_fixes, facts, cf))


@rule(
    code="program-not-main",
    family="launch",
    severity=Severity.ERROR,
    summary="A launch configuration's `program` is not a main package (or, in mode test, has no tests)",
    explanation="""
`go build` of a folder without Go files fails with `no Go files in <folder>` (golang/vscode-go#2779), and of a
package that is not `main` with `cannot run non-main package`; Delve reports it as the launch failing. In mode
test the folder needs `_test.go` files instead (`no test files`). Only files that build for this machine count, judged as
go/build does: the file name's `_GOOS`/`_GOARCH` suffix and the `//go:build` line (or, without one, the
`// +build` lines); a tag that cannot be known here (`cgo`, or a tag of your own while the build's -tags are not
known) leaves a file in. When every file is left out, the build fails with `build constraints exclude all Go
files in <folder>`, and with only `_test.go` files with `no non-test Go files in <folder>`
(cmd/go/internal/load/pkg.go `NoGoError.Error`).

GoLand builds a run configuration's folder, files or package with `go build -o <file>`: a package that is not
`main` becomes an archive, not a program, and there is nothing to run or debug. A Go Test of kind Package needs
`_test.go` files in that package; one of kind Directory runs `go test ./<dir>/...` (its subfolders count) and
is not judged for tests (GoLand help, Go Test; go-lang-plugin-org/go-lang-idea-plugin GoTestRunningState).
""",  # noqa: E501 - rewrapping the rule's text would change the generated docs/rules.md
    fix="Point `program` (GoLand: the directory, package path or run kind) at a main package of the workspace "
    "(one code action per package found, up to five).",
    example='`"program": "${workspaceFolder}/internal/store"`, a library package.',
)
def program_not_main(facts: Facts) -> Iterator[Found]:
    for cf in facts.configs:
        p = cf.program
        if p is None or not cf.config.builds or p.state not in ("dir", "go") or _recursive_tests(cf):
            continue
        path = p.path  # a "dir" or "go" state is of a known path
        if path is None:
            continue
        pkg = cf.package  # read for programs of these states (probe/facts.py gather)
        name = pkg.name
        test = cf.config.mode == "test" or (cf.config.mode == "auto" and path.endswith("_test.go"))
        if test:
            if pkg.has_tests:
                continue
            outcome = f"it has no _test.go files, so `go test` finds no test files ({path})"
            fixes: tuple[Fix, ...] | partial[tuple[Fix, ...]] = ()
        elif not pkg.has_go:
            outcome = f"the build fails with `{pkg.no_go or 'no Go files in ' + path}`"
            fixes = partial(_program_fixes, facts, cf)
        elif name is None or name == "main":
            continue
        else:
            outcome = _not_main_outcome(cf, name)
            fixes = partial(_program_fixes, facts, cf)
        message = f"{_subject(cf)} {_action(cf, p, test)}, but {outcome}." + ("" if test else _more(facts))
        yield Found(message, p.location, fixes)


@rule(
    code="cwd-missing",
    family="launch",
    severity=Severity.ERROR,
    summary="A debug configuration's `cwd` (GoLand: Working directory) names a folder that does not exist",
    explanation="""
`cwd` is the folder the debugged program starts in (relative paths are taken from the workspace folder,
goDebugConfiguration.ts). When it does not exist, the program cannot be started there and the launch fails
before any breakpoint is reached. A GoLand run configuration's Working directory (`<working_directory>`) is the
same: empty means the project folder, a relative one is taken from it (IntelliJ's
ProgramParametersConfigurator.getWorkingDir, which warns "Working directory '<dir>' doesn't exist").
""",
    fix="Create the folder, point `cwd` at an existing one, or remove `cwd` (the default is the workspace folder).",
)
def cwd_missing(facts: Facts) -> Iterator[Found]:
    for cf in facts.configs:
        c = cf.cwd
        if c is None or c.state != "missing" or cf.config.kind not in (configs.BUILD, configs.EXEC):
            continue
        what = "working directory" if cf.config.goland else "cwd"
        yield Found(
            f"{_subject(cf)}: {what} {c.path} does not exist, so the program cannot be started in it.", c.location
        )


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
def exec_not_executable(facts: Facts) -> Iterator[Found]:
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
            why = (
                f"is not an executable ({found[1].reason or 'unknown format'}): "
                "Delve fails with `not an executable file`"
            )
        yield Found(f'Configuration "{cf.config.name}" runs {p.path}, which {why}.', p.location)
