"""What a configuration's `program` and `cwd` name on disk, and where the module's main packages are (issue 11).

Read as vscode-go reads them (golang/vscode-go `extension/src/goDebugConfiguration.ts` at 28e27ff,
`resolveDebugConfigurationWithSubstitutedVariables` and `parseDebugProgramArgSync`):
- a relative `program` or `cwd` is taken from the workspace folder — except a `program` that looks like a
  package path (`example.com/m/cmd/x`: a domain, then `/`) and is not a file there: vscode-go passes it to Delve
  as a package, which go-sidecar does not judge;
- in mode debug/test/auto the program must be a directory or a `.go` file, else vscode-go stops with "The program
  attribute '<program>' must be a valid directory or .go file in debug/test/auto modes.";
- `${file}`, `${fileDirname}`, `${input:...}` and other variables known only when the session starts are not
  judged (probe/variables.py).

Packages are read statically and boundedly, as go/build `Context.Import` reads a folder: files named `_x.go` or
`.x.go` are not Go files of the package; a file is left out by its name (`x_windows.go`, `x_linux_arm64.go`)
and by its `//go:build` line (or, without one, its `// +build` lines) for the build's target (parse/
buildconstraint.py): GOOS, GOARCH, the Go release and -tags when the caller knows them (`build_target`),
else the machine's. A tag that cannot be known here (`cgo`, a tag of the user's own while the -tags are unknown)
leaves a file in. Main packages are looked for in at most MAX_DIRS folders, skipping vendor, testdata,
node_modules and hidden folders; a larger tree is said to be cut short, never walked to the end.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache
from typing import TYPE_CHECKING, Protocol

from go_sidecar._record import dataclass, field
from go_sidecar.model import Host, Location
from go_sidecar.parse.buildconstraint import Target, Verdict, should_build, tags_of
from go_sidecar.probe.system import System
from go_sidecar.probe.variables import resolve

if TYPE_CHECKING:
    from go_sidecar.parse.jsonc import JNode, JsonDoc
    from go_sidecar.probe.configs import ConfigView

MAX_DIRS = 2000
MAX_FILES_PER_DIR = 200
HEAD = 16 * 1024  # the package clause comes after the licence header and build constraints
MAX_GO_FILE = 1024 * 1024  # a larger file is not read (generated data): its folder is not judged by it
SKIP = {"vendor", "testdata", "node_modules"}


@cache  # compiled on first use: a cold `sidecar check` pays for no pattern it does not use
def _package_url() -> re.Pattern[str]:
    return re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9](\.[a-zA-Z]{2,})+/")  # vscode-go isPackageUrl


@cache
def _package() -> re.Pattern[bytes]:
    return re.compile(rb"^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)", re.MULTILINE)


@cache
def _comment() -> re.Pattern[bytes]:
    return re.compile(rb"/\*.*?\*/|//[^\n]*", re.DOTALL)


class JsonConfig(Protocol):
    """What the probes read of a launch.json configuration (probe/workspace.py LaunchConfig)."""

    @property
    def view(self) -> ConfigView | None: ...  # its effective properties; None for a configuration not of JSON
    @property
    def path(self) -> str: ...  # the file holding it
    @property
    def doc(self) -> JsonDoc | None: ...
    @property
    def builds(self) -> bool: ...


@dataclass
class PathFacts:
    raw: str
    path: str | None  # absolute, variables resolved; None when unknown
    state: str  # "dir" | "go" | "file" | "special" | "missing" | "unknown" | "package"
    location: Location


def _state(sys_: System, path: str) -> str:
    if sys_.is_dir(path):
        return "dir"
    if sys_.is_file(path):
        return "go" if path.endswith(".go") else "file"
    if sys_.mtime(path) is not None or sys_.readlink(path) is not None:
        return "special"  # a FIFO, socket or device, or a link that leads nowhere (a loop, a dangling target)
    return "missing"


def path_facts(
    sys_: System,
    cfg: JsonConfig,
    key: str,
    root: str,
    folders: Mapping[str, str] | None = None,
    states: dict[str, str] | None = None,
) -> PathFacts | None:
    """`program` or `cwd` of a launch.json configuration; None when the configuration has none."""
    view, doc = cfg.view, cfg.doc
    if view is None or doc is None:
        return None
    node: JNode | None = view.member(key)[0]
    if node is None or node.kind != "string" or not isinstance(node.value, str) or not node.value.strip():
        return None
    location = Location(cfg.path, doc.index.range(node.start, node.end))
    raw = node.value
    value = resolve(raw, sys_, root, folders)
    if not value:
        return PathFacts(raw, None, "unknown", location)
    if not sys_.is_abs(value):
        joined = sys_.join(root, value)
        if key == "program" and _package_url().match(value) and _state(sys_, joined) == "missing":
            return PathFacts(raw, None, "package", location)
        value = joined
    if states is None:
        return PathFacts(raw, value, _state(sys_, value), location)
    state = states.get(value)  # one check's configurations mostly name the same few folders: one look each
    if state is None:
        state = states[value] = _state(sys_, value)
    return PathFacts(raw, value, state, location)


@dataclass(frozen=True)
class Package:
    """What `go build` of a folder finds in it for one target (go/build `Context.Import`).

    Unpacks as the tuple it replaces: `name, has_go, has_tests = package`."""

    folder: str = ""
    name: str | None = None  # the package clause of the first non-test file that builds here
    has_go: bool = False  # non-test .go files build here (or could not be read and judged)
    has_tests: bool = False  # _test.go files build here (or could not be judged)
    excluded: tuple[str, ...] = ()  # .go files left out by their name or build constraints (go/build IgnoredGoFiles)

    def __iter__(self) -> Iterator[str | bool | None]:
        return iter((self.name, self.has_go, self.has_tests))

    @property
    def no_go(self) -> str | None:
        """The go command's error when nothing of the folder builds (cmd/go/internal/load/pkg.go
        `NoGoError.Error`, which `go build` and `dlv debug` print); None when something does."""
        if self.has_go:
            return None
        if self.excluded:
            return "build constraints exclude all Go files in " + self.folder
        if self.has_tests:
            return "no non-test Go files in " + self.folder
        return "no Go files in " + self.folder


def build_target(
    host: Host,
    env: Mapping[str, str] | None = None,
    go_env: Mapping[str, str] | None = None,
    build_flags: object = None,
    go_version: str | None = None,
) -> Target:
    """The target a configuration's `go build` matches files against: GOOS/GOARCH of its environment, else of
    `go env -w`, else the machine's; -tags of GOFLAGS and then of its buildFlags (the command line wins, the
    last -tags wins: cmd/go main.go SetFromGOFLAGS before Flag.Parse); the Go release from "go1.22.5".
    build_flags None means they are not known: then a tag of the user's own is not judged."""
    if host.os == "windows":  # any spelling of a variable's name is that variable there
        env = {k.upper(): v for k, v in (env or {}).items()}
    env, go_env = env or {}, go_env or {}
    goos = env.get("GOOS") or go_env.get("GOOS") or host.os
    goarch = env.get("GOARCH") or go_env.get("GOARCH") or host.arch
    args = split_quoted(env.get("GOFLAGS", go_env.get("GOFLAGS", "")))
    if isinstance(build_flags, str):
        args += split_build_flags(build_flags)
    elif isinstance(build_flags, list):
        args += [a for a in build_flags if isinstance(a, str)]
    tags = tags_of(args)
    if tags is None and build_flags is not None:  # the whole command line is known, and it has no -tags
        tags = frozenset()
    m = re.match(r"go1\.(\d+)", go_version or "")
    return Target(goos, goarch, int(m.group(1)) if m else None, tags)


def split_build_flags(text: str) -> list[str]:
    """Fields as Delve splits `--build-flags` and a string buildFlags (pkg/config/split.go SplitQuotedFields
    with a single quote)."""
    return [f.replace("'", "") for f in re.findall(r"(?:'[^']*'|[^\s'])+", text)]


def split_quoted(text: str) -> list[str]:
    """GOFLAGS fields (cmd/internal/quoted.Split: spaces separate, single or double quotes group)."""
    if not text:  # GOFLAGS is mostly unset: no pattern to compile
        return []
    return [
        re.sub(r"'([^']*)'|\"([^\"]*)\"", lambda m: m.group(1) if m.group(1) is not None else m.group(2), f)
        for f in re.findall(r"""(?:'[^']*'|"[^"]*"|[^\s'"])+""", text)
    ]


def _head(sys_: System, path: str) -> bytes | None:
    """The beginning of a Go file: HEAD bytes. A larger file is read whole up to MAX_GO_FILE (a System refuses
    a file longer than the limit it is given) and cut."""
    for limit in (HEAD, MAX_GO_FILE):
        try:
            return sys_.read_bytes(path, limit)[:HEAD]
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            return None
        except OSError:  # larger than the limit (or not a regular file: refused again, then None)
            continue
    return None


def _package_clause(head: bytes) -> str | None:
    m = _package().search(_comment().sub(b"", head))
    return m.group(1).decode() if m else None


def package_of(sys_: System, folder: str, target: Target | None = None, tests: bool = True) -> Package:
    """The folder's package for `target` (default: this machine, -tags unknown). With tests=False, test files
    are not read (has_tests is then False)."""
    target = target or Target(sys_.host.os, sys_.host.arch)
    names = [n for n in sys_.list_dir(folder) if n.endswith(".go") and not n.startswith(("_", "."))]
    name: str | None = None
    has_go = has_tests = False
    excluded: list[str] = []
    for n in names[:MAX_FILES_PER_DIR]:
        test = n.endswith("_test.go")
        if test and not tests:
            continue
        if has_go and name is not None and (not test or has_tests):
            continue  # nothing more to learn from it (what was left out matters only when nothing builds)
        verdict = target.good_os_arch_file(n)
        head = _head(sys_, sys_.join(folder, n)) if verdict is not False else None
        if head is not None:
            verdict = _and(verdict, should_build(head, target.match))
        clause = _package_clause(head) if head is not None and verdict is not False else None
        if verdict is False or clause == "documentation":  # go/build Import: IgnoredGoFiles
            excluded.append(n)
        elif test:
            has_tests = True  # builds, or could not be read and judged
        else:
            has_go = True
            name = name or clause
    if len(names) > MAX_FILES_PER_DIR:  # files not looked at may build: not judged
        has_go, has_tests = True, has_tests or tests
    return Package(folder, name, has_go, has_tests, tuple(excluded))


def _and(a: Verdict, b: Verdict) -> Verdict:
    return False if False in (a, b) else (None if None in (a, b) else True)


def package_of_file(sys_: System, path: str) -> Package:
    """The package of one .go file (has_go is True; has_tests says whether it is a _test.go file). Build
    constraints do not count: the go command builds the files named on its command line whatever their
    constraints (cmd/go/internal/load/pkg.go GoFilesPackage sets UseAllFiles)."""
    head = _head(sys_, path)
    return Package(
        sys_.parent(path), _package_clause(head) if head is not None else None, True, path.endswith("_test.go")
    )


@dataclass
class MainPackages:
    folders: list[str] = field(default_factory=list)  # absolute folders holding a main package
    truncated: bool = False  # the walk stopped at MAX_DIRS folders


def main_packages(sys_: System, root: str, limit: int = MAX_DIRS) -> MainPackages:
    out = MainPackages()
    real_root = sys_.realpath(root)
    queue, seen = [(root, real_root)], 0  # (folder, its real path): each resolved once, when queued
    visited: set[str] = set()
    while queue:
        folder, real = queue.pop(0)
        if real in visited:  # a link back into the tree
            continue
        visited.add(real)
        seen += 1
        if seen > limit:
            out.truncated = True
            break
        if package_of(sys_, folder, tests=False).name == "main":
            out.folders.append(folder)
        for child in sys_.list_dir(folder):
            if child.startswith((".", "_")) or child in SKIP:
                continue
            path = sys_.join(folder, child)
            if sys_.is_dir(path) and (child_real := sys_.realpath(path)).startswith(real_root):  # no link out
                queue.append((path, child_real))
    return out
