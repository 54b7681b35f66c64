"""program-outside-module (issue 11): the folder a debug build runs in belongs to no module of that build.

Where the build runs and which go.mod / go.work it sees: probe/modules.py. The messages are cmd/go's own (Go
1.27, cmd/go/internal/modload): load.go `resolveLocalPackage` ("current directory is contained in a module that
is not one of the workspace modules listed in go.work...", "current directory outside modules listed in go.work
or their selected dependencies"), init.go `die`/`noMainModulesError` ("go.mod file not found in current directory
or any parent directory", "cannot find main module, but found .git/config", "no modules were found in the
current workspace"), and for a `.go` file built outside its module, the import error ("no required module
provides package ..."). Each was reproduced with go1.27.3 `go build .` / `go build ./main.go`; a message of
several lines (newline, tab) is given on one line, as tests/e2e/test_program_module.py compares it.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING

from go_sidecar._record import dataclass
from go_sidecar.model import Fix, Severity
from go_sidecar.probe.facts import ConfigFacts, Facts, build_toolchain
from go_sidecar.probe.modules import Layout, ModuleFacts, in_module
from go_sidecar.rules.declare import Found, rule

if TYPE_CHECKING:
    from types import ModuleType

CODE = "program-outside-module"
NO_GOMOD = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'"


@dataclass(frozen=True)
class Verdict:
    kind: str  # what is wrong, in a word (empty, nested, unused, outside, none, file-none, file-unused)
    why: str  # "but that folder ...", in words
    go_says: str  # cmd/go's message
    add: str | None = None  # the module root a `use` would add (None: no go.work edit helps)


def _paths(windows: bool) -> ModuleType:
    """The path module of the checked machine: ntpath is imported only for a Windows one (os.path is posixpath)."""
    if windows:
        import ntpath

        return ntpath
    return posixpath


def _short(folder: str, path: str, windows: bool) -> str:
    """base.ShortPath: relative to the build folder when that is shorter."""
    mod = _paths(windows)
    try:
        rel = mod.relpath(path, folder)
    except ValueError:
        return path
    return rel if len(rel) < len(path) else path


def _folder_verdict(facts: Facts, mf: ModuleFacts, lay: Layout) -> Verdict | None:
    if lay.gowork is not None:
        if lay.work_problem or lay.work is None:
            return None
        root = lay.mod_root
        if not lay.use_roots:
            return Verdict(
                "empty",
                f"is in the workspace of {lay.gowork}, whose `use` directives list no module",
                "go: no modules were found in the current workspace; see 'go help work'",
                root,
            )
        if root is not None and lay.owner_used:
            return None
        if root is not None and lay.enclosing is not None:
            outer = lay.enclosing
            prefix = lay.module_paths.get(outer)
            if prefix is None:
                return None
            rel = posixpath.normpath(lay.folder[len(outer) :].replace("\\", "/").strip("/")) or "."
            package = prefix if rel == "." else f"{prefix}/{rel}"
            return Verdict(
                "nested",
                f"belongs to the module in {root}, nested in {outer}; {lay.gowork} does not list it",
                f"main module ({prefix}) does not contain package {package}",
                root,
            )
        if root is not None:
            return Verdict(
                "unused",
                f"belongs to the module in {root}, which {lay.gowork} does not list",
                "current directory is contained in a module that is not one of the workspace modules "
                "listed in go.work. You can add the module to the workspace using: go work use "
                + _short(lay.folder, root, facts.windows),
                root,
            )
        return Verdict(
            "outside",
            f"has no go.mod above it, and {lay.gowork} lists no module holding it",
            "current directory outside modules listed in go.work or their selected dependencies",
        )
    if lay.work_problem or lay.mod_root is not None or mf.go111module == "auto":
        return None  # an invalid GOWORK; a module; or GOPATH mode (GO111MODULE=auto without go.mod)
    if lay.alt_config is not None:
        rel = _short(lay.folder, lay.alt_config, facts.windows)
        cd = "" if rel == "." else f"cd {rel} && "
        return Verdict(
            "none",
            "has no go.mod in it or above it",
            f"go: cannot find main module, but found .git/config in {lay.alt_config} to create a "
            f"module there, run: {cd}go mod init",
        )
    return Verdict("none", "has no go.mod in it or above it", NO_GOMOD)


def _file_verdict(facts: Facts, mf: ModuleFacts, lay: Layout) -> Verdict | None:
    """`go build ./main.go` builds a command-line-arguments package: the folder itself may lie outside every
    module; only the file's imports then fail."""
    if lay.gowork is None:
        if lay.work_problem or lay.mod_root is not None or mf.go111module == "auto":
            return None
        outside = [i for i in mf.imports if "." in i.split("/")[0]]  # not standard (search.IsStandardImportPath)
        if not outside:
            return None
        return Verdict(
            "file-none",
            "has no go.mod in it or above it, and the file imports " + outside[0],
            f"no required module provides package {outside[0]}: {NO_GOMOD[4:]}",
        )
    root = lay.mod_root
    if lay.work_problem or lay.work is None or root is None or lay.owner_used or lay.mentioned:
        return None
    module = lay.module_paths.get(root)
    own = [i for i in mf.imports if module and in_module(i, module)]
    if not own:
        return None
    return Verdict(
        "file-unused",
        f"belongs to the module {module} in {root}, which {lay.gowork} does not list, "
        f"and the file imports its package {own[0]}",
        f"no required module provides package {own[0]}; to add it: go get {own[0]}",
        root,
    )


def _verdict(facts: Facts, mf: ModuleFacts) -> tuple[Verdict, Layout] | None:
    found = []
    for lay in mf.layouts:
        if lay.truncated:
            return None
        v = _file_verdict(facts, mf, lay) if mf.is_file else _folder_verdict(facts, mf, lay)
        if v is None:
            return None  # one spelling of the folder builds: say nothing
        found.append((v, lay))
    # Every spelling fails (their messages may differ): say what the real path gives, which is what cmd/go sees
    # on Unix unless $PWD happens to name the folder.
    return found[-1] if found else None


def _fixes(facts: Facts, v: Verdict, lay: Layout) -> tuple[Fix, ...]:
    if v.add is None or lay.work is None or lay.gowork is None:
        return ()
    mod = _paths(facts.windows)
    from go_sidecar.edit.gowork import add_use, auto_quote, directory_path  # imported when the fix is built

    use = directory_path(mod.dirname(lay.gowork), v.add, facts.windows)
    edit = add_use(lay.work, lay.work_data, use)
    return (Fix(f"Add `use {auto_quote(use)}` to {lay.gowork} (as `go work use` would)", (edit,), preferred=True),)


@rule(
    code=CODE,
    family="launch",
    severity=Severity.ERROR,
    summary="A launch configuration's program is built in a folder that belongs to no module of the build",
    explanation="""
vscode-go starts dlv in the program's folder (a `.go` file's folder) and Delve runs `go build .` (mode test:
`go test -c .`) there (goDebugConfiguration.ts `resolveDebugConfigurationWithSubstitutedVariables`, `__buildDir`;
goDebugFactory.ts `getSpawnConfig`; Delve pkg/gobuild/gobuild.go, service/dap/server.go `onLaunchRequest`). The
configuration's `cwd` is only where the debugged program starts: it does not move the build. So cmd/go decides
from that folder (cmd/go/internal/modload/init.go `Init`, `FindGoWork`, `findModuleRoot`, `findWorkspaceFile`;
load.go `resolveLocalPackage`):
- with a go.work above the folder (or GOWORK naming one), the folder's module must be listed by a `use`
  directive, else "current directory is contained in a module that is not one of the workspace modules listed
  in go.work" (or, with no go.mod at all, "current directory outside modules listed in go.work or their
  selected dependencies", golang/vscode-go#1769; a go.mod nested in a listed module: "main module (...) does not
  contain package ..."; a go.work without `use`: "no modules were found in the current workspace");
- without go.work, a folder with no go.mod above it fails with "go: go.mod file not found in current directory
  or any parent directory" (or "cannot find main module, but found .git/config").
A `.go` file is built as its own package, so only its imports fail: a package of its own module that go.work
does not list, or any non-standard package without a go.mod ("no required module provides package ...").
Not judged: a build toolchain older than Go 1.18 (no go.work), GO111MODULE=off (GOPATH mode) or auto without
go.mod, `-modfile`, GOWORK that is relative or unreadable, a go.work cmd/go would not parse, a program given as a
package path or known only at launch, a launch with `port`, `debugServer` or `dlvCwd`. On Unix the folder is also looked at with its links resolved
(cmd/go's working directory); only a failure seen both ways is reported. Windows paths are compared without case.
""",  # noqa: E501 - rewrapping the rule's text would change the generated docs/rules.md
    fix="""
Add the module to go.work (one code action: a `use` line, written as `go work use` would, into the existing
`use ( ... )` block or after the last `use` line), or set `"env": {"GOWORK": "off"}` in the configuration to build
with the folder's own go.mod, or point `program` at a folder of a listed module. Without any go.mod, create one
(`go mod init` in the program's folder or the repository's root). Changing `cwd` does not help: it does not move
the build.
""",
    example='go.work says `use ./api`; `"program": "${workspaceFolder}/tools/gen"` where tools/ has its own go.mod.',
)
def program_outside_module(facts: Facts) -> Iterator[Found]:
    for cf in facts.configs:
        mf, program = cf.module, cf.program  # a ModuleFacts is made only for a program
        if mf is None or program is None or not _judged(facts, cf, mf):
            continue
        found = _verdict(facts, mf)
        if found is None:
            continue
        v, lay = found
        what = (
            "Delve runs `go build "
            + ("./" + mf.program.replace("\\", "/").rsplit("/", 1)[-1] if mf.is_file else ".")
            + "` there"
        )
        message = (
            f'Configuration "{cf.config.name}": the program is built in {lay.folder}, but that folder {v.why}. '
            f"{what}, and it fails: `{v.go_says}`."
        )
        yield Found(message, program.location, partial(_fixes, facts, v, lay))


def _judged(facts: Facts, cf: ConfigFacts, mf: ModuleFacts) -> bool:
    if not cf.knows("GOWORK", "GO111MODULE", "GOFLAGS", "GOENV"):
        return False  # a value known only when the session starts
    build = build_toolchain(facts, cf)
    version = build.go_version if build is not None else None
    if version is not None and version.minor_key < (1, 18):
        return False  # before Go 1.18 go.work did not exist (and before 1.16 GO111MODULE defaulted to auto)
    return not mf.modfile and mf.go111module in ("", "on", "auto")
