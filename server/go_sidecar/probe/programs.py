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

Main packages are found statically and boundedly: the package clause of each folder's non-test `.go` files
(files for another OS by name, `x_windows.go`, are left out), at most MAX_DIRS folders, skipping vendor,
testdata, node_modules and hidden folders. A larger tree is said to be cut short, never walked to the end.
"""

from __future__ import annotations

import re

from go_sidecar._record import dataclass, field
from go_sidecar.model import Location
from go_sidecar.probe.system import System
from go_sidecar.probe.variables import resolve

MAX_DIRS = 2000
MAX_FILES_PER_DIR = 200
HEAD = 16 * 1024  # the package clause comes after the licence header and build constraints
_PACKAGE_URL = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9-]{0,61}[a-zA-Z0-9](\.[a-zA-Z]{2,})+/")  # vscode-go isPackageUrl
_PACKAGE = re.compile(rb"^\s*package\s+([A-Za-z_][A-Za-z0-9_]*)", re.M)
_COMMENT = re.compile(rb"/\*.*?\*/|//[^\n]*", re.S)
_GOOS = ("aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "js", "linux", "nacl",
         "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows", "zos")
SKIP = {"vendor", "testdata", "node_modules"}


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


def path_facts(sys_: System, cfg, key: str, root: str, folders=None) -> PathFacts | None:
    """`program` or `cwd` of a launch.json configuration; None when the configuration has none."""
    view = getattr(cfg, "view", None)
    if view is None:
        return None
    node, _ = view.member(key)
    if node is None or node.kind != "string" or not node.value.strip():
        return None
    location = Location(cfg.path, cfg.doc.index.range(node.start, node.end))
    raw = node.value
    value = resolve(raw, sys_, root, folders)
    if not value:
        return PathFacts(raw, None, "unknown", location)
    if not sys_.path(value).is_absolute():
        joined = str(sys_.path(root, value))
        if key == "program" and _PACKAGE_URL.match(value) and _state(sys_, joined) == "missing":
            return PathFacts(raw, None, "package", location)
        value = joined
    return PathFacts(raw, value, _state(sys_, value), location)


def _other_os(name: str, host_os: str) -> bool:
    stem = name[:-3]
    for part in stem.split("_")[1:]:
        if part in _GOOS and part != host_os:
            return True
    return False


def package_of(sys_: System, folder: str) -> tuple[str | None, bool, bool]:
    """(the package name of the folder's non-test .go files for this OS, has any .go file, has _test.go files)."""
    names = [n for n in sys_.list_dir(folder) if n.endswith(".go")]
    tests = any(n.endswith("_test.go") for n in names)
    for name in names[:MAX_FILES_PER_DIR]:
        if name.endswith("_test.go") or _other_os(name, sys_.host.os):
            continue
        try:
            head = sys_.read_bytes(str(sys_.path(folder, name)), HEAD)
        except OSError:
            continue
        m = _PACKAGE.search(_COMMENT.sub(b"", head))
        if m:
            return m.group(1).decode(), bool(names), tests
    return None, bool(names), tests


def package_of_file(sys_: System, path: str) -> tuple[str | None, bool, bool]:
    """(the package name of one .go file, True, whether it is a _test.go file)."""
    try:
        head = sys_.read_bytes(path, HEAD)
    except OSError:
        return None, True, path.endswith("_test.go")
    m = _PACKAGE.search(_COMMENT.sub(b"", head))
    return (m.group(1).decode() if m else None), True, path.endswith("_test.go")


@dataclass
class MainPackages:
    folders: list[str] = field(default_factory=list)  # absolute folders holding a main package
    truncated: bool = False  # the walk stopped at MAX_DIRS folders


def main_packages(sys_: System, root: str, limit: int = MAX_DIRS) -> MainPackages:
    out = MainPackages()
    queue, seen, visited = [root], 0, set()
    while queue:
        folder = queue.pop(0)
        real = sys_.realpath(folder)
        if real in visited:  # a link back into the tree
            continue
        visited.add(real)
        seen += 1
        if seen > limit:
            out.truncated = True
            break
        name, _, _ = package_of(sys_, folder)
        if name == "main":
            out.folders.append(folder)
        for child in sys_.list_dir(folder):
            if child.startswith((".", "_")) or child in SKIP:
                continue
            path = str(sys_.path(folder, child))
            if sys_.is_dir(path) and sys_.realpath(path).startswith(sys_.realpath(root)):  # no link out
                queue.append(path)
    return out


MAINS_TTL = 30.0  # seconds a walk's answer is reused by later checks of the same machine


def main_packages_recently(sys_: System, root: str) -> MainPackages:
    """main_packages, reused for MAINS_TTL seconds: while a `program` is wrong, the server checks on every
    keystroke, and a walk of a large tree costs ~0.2 s. The memo lives on the System object (the server keeps
    one for its lifetime), so two machines never share an answer."""
    import time

    memo = getattr(sys_, "_main_packages_memo", None)
    if memo is None:
        memo = {}
        try:
            sys_._main_packages_memo = memo
        except AttributeError:  # a System that takes no attributes: no memo
            return main_packages(sys_, root)
    now = time.monotonic()
    hit = memo.get(root)
    if hit is not None and now - hit[0] < MAINS_TTL:
        return hit[1]
    found = main_packages(sys_, root)
    memo[root] = (now, found)
    return found
