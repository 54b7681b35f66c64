"""The module's folders whose Go files import "C" (issue 13: rules/cgo.py says which files a build with cgo off
leaves out). Read statically and boundedly.

go/build: a file importing "C" is a cgo file, left out of the build as an ignored file when cgo is off. The scan:
breadth first, at most MAX_SCAN_DIRS folders, MAX_SCAN_FILES files and MAX_SCAN_BYTES bytes, a file's beginning
only (HEAD, or up to MAX_GO_FILE for a long cgo preamble), parsed by parse/goimports.py; vendor, testdata,
node_modules, hidden and `_` folders and nested modules are skipped, as `./...` skips them.
"""

from __future__ import annotations

from go_sidecar._record import dataclass, field
from go_sidecar.parse.buildconstraint import Target, should_build
from go_sidecar.parse.goimports import read_imports
from go_sidecar.probe.programs import SKIP
from go_sidecar.probe.system import System

MAX_SCAN_DIRS = 2000
MAX_SCAN_FILES = 5000
MAX_SCAN_BYTES = 32 * 1024 * 1024
MAX_FILES_PER_DIR = 500
HEAD = 64 * 1024  # the import block of nearly every Go file, cgo preamble included
MAX_GO_FILE = 1024 * 1024  # a longer file is not read: its imports stay unknown


@dataclass
class GoFile:
    """A non-test .go file of a folder that holds cgo files: its name, what precedes its package clause (the
    build constraints) and whether it imports "C"."""

    name: str
    header: bytes
    cgo: bool


@dataclass
class CgoPackage:
    folder: str
    files: list[GoFile]
    unread: int = 0  # .go files whose imports could not be read (too long, unreadable)

    def without_cgo(self, target: Target) -> tuple[list[str], bool, bool]:
        """For a build with cgo off: (the cgo files it leaves out, whether any file is left, whether a file
        builds only without cgo — a `//go:build !cgo` fallback)."""

        def builds(f: GoFile, cgo: bool) -> bool | None:
            name = target.good_os_arch_file(f.name)
            if name is False:
                return False
            return should_build(f.header, lambda tag: cgo if tag == "cgo" else target.match(tag))

        left_out = [f.name for f in self.files if f.cgo and builds(f, True) is not False]
        left = [f for f in self.files if not f.cgo and builds(f, False) is not False]
        fallback = any(builds(f, True) is False for f in left)
        return left_out, bool(left) or self.unread > 0, fallback


@dataclass
class CgoSources:
    """Folders of the module whose files import "C" (each with every non-test .go file it has)."""

    root: str
    packages: list[CgoPackage] = field(default_factory=list)
    truncated: bool = False  # a bound was reached: a folder not looked at may import "C"
    files_read: int = 0

    def package(self, folder: str, windows: bool) -> CgoPackage | None:
        key = folder.rstrip("\\/").lower() if windows else folder.rstrip("/")
        for p in self.packages:
            if (p.folder.lower() if windows else p.folder) == key:
                return p
        return None


def _read_head(sys_: System, path: str, budget: list[int]) -> bytes | None:
    """The whole file when it is at most MAX_GO_FILE bytes (HEAD is tried first: a System refuses a file longer
    than the limit it is given, and most files are short); None when unreadable, longer, or beyond the budget."""
    for limit in (HEAD, MAX_GO_FILE):
        if budget[0] <= 0:
            return None
        try:
            data = sys_.read_bytes(path, limit)
        except (FileNotFoundError, IsADirectoryError, PermissionError):
            return None
        except OSError:  # longer than the limit (or not a regular file)
            continue
        budget[0] -= len(data)
        return data
    return None


def scan_module(
    sys_: System,
    root: str,
    first: tuple[str, ...] = (),
    max_dirs: int = MAX_SCAN_DIRS,
    max_files: int = MAX_SCAN_FILES,
    max_bytes: int = MAX_SCAN_BYTES,
) -> CgoSources:
    """The folders under root whose non-test .go files import "C", breadth first, bounded; the folders in `first`
    (the configurations' program folders, when under root) before the others."""
    out = CgoSources(root)
    budget = [max_bytes]
    real_root = sys_.realpath(root)
    inside = real_root.rstrip("\\/") + ("\\" if sys_.host.windows else "/")
    # (folder, its real path): each folder's is resolved once, when it is queued (a realpath reads every
    # component of the path: two per folder were half of a demo check's scan).
    queue = [(f, real) for f in first if (real := sys_.realpath(f)).startswith(inside)] + [(root, real_root)]
    visited: set[str] = set()
    dirs = 0
    while queue:
        folder, real = queue.pop(0)
        if real in visited:
            continue
        visited.add(real)
        dirs += 1
        if dirs > max_dirs:
            out.truncated = True
            break
        names = sys_.list_dir(folder)
        nested = folder != root and "go.mod" in names  # another module: cmd/go's ./... stops there too
        if nested and folder not in first:
            continue
        unread = 0
        go_names = [
            n for n in names if n.endswith(".go") and not n.startswith(("_", ".")) and not n.endswith("_test.go")
        ]
        if len(go_names) > MAX_FILES_PER_DIR:
            out.truncated = True
            go_names = go_names[:MAX_FILES_PER_DIR]
        read: list[tuple[str, bytes]] = []
        for n in go_names:
            if out.files_read >= max_files:
                out.truncated = True
                break
            out.files_read += 1
            data = _read_head(sys_, sys_.join(folder, n), budget)
            if data is None:
                unread += 1
                out.truncated = out.truncated or budget[0] <= 0
            else:
                read.append((n, data))
        files: list[GoFile] = []
        # Parsed only where a file can import "C" at all: most folders have none, and reading is the cheap part.
        if any(b'"C"' in data or b"`C`" in data for _, data in read):
            for n, data in read:
                clause, imports = read_imports(data)
                if imports is None:
                    unread += 1
                else:
                    files.append(GoFile(n, data[:clause][: 16 * 1024], "C" in imports))
        if any(f.cgo for f in files):
            out.packages.append(CgoPackage(folder, files, unread))
        if out.truncated:
            break
        for child in names if not nested else ():
            if child.startswith((".", "_")) or child in SKIP or child.endswith(".go"):
                continue
            path = sys_.join(folder, child)
            if sys_.is_dir(path) and (child_real := sys_.realpath(path)).startswith(inside):  # no link out
                queue.append((path, child_real))
    return out
