"""cgo-no-compiler, cc-path-unquoted (issue 13): cgo switched on without a usable C compiler, and a compiler path
that cmd/go splits at its spaces.

What cmd/go does is in probe/cgo.py and probe/ccompiler.py (docs/facts.md, cgo, C compilers and checksum settings):
CGO_ENABLED from the environment or the `go env -w` file decides; unset, a native build has cgo on unless CC is unset
in the environment and the default compiler (clang on darwin, ios, freebsd, openbsd; gcc elsewhere) is not on PATH —
then Go 1.20+ switches cgo off (go1.20 release notes, "Cgo"). With cgo on and no compiler, every package that uses cgo
fails with `cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in $PATH` (cmd/cgo/gcc.go
checkGCCBaseCmd; on Linux the standard library's net and os/user use cgo too). With cgo off, files that import "C"
are left out of the build (go/build: IgnoredGoFiles), and `-race` stops the build with `go: -race requires cgo;
enable cgo by setting CGO_ENABLED=1` except on macOS (cmd/go/internal/work/init.go instrumentInit).

CC, CXX and CGO_*FLAGS are split by cmd/internal/quoted.Split: `C:\\Program Files\\LLVM\\bin\\clang.exe` becomes
`C:\\Program` and `Files\\LLVM\\bin\\clang.exe` (golang/go#41400, #59512; CGO_CFLAGS: #45637). Quoting is understood
since Go 1.18 (CL 334732): `"C:\\Program Files\\LLVM\\bin\\clang.exe"`. This, not filepath.Clean (which is purely
lexical), is what breaks cgo builds in folders with spaces (docs/windows.md).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from go_sidecar.model import Fix, Severity
from go_sidecar.probe.buildenv import CGO_FLAG_KEYS, ENVIRONMENT, GO_ENV_FILE
from go_sidecar.probe.ccompiler import Lookup, has_separator, quoted_fields
from go_sidecar.probe.cgo import CgoFacts, ConfigCgo
from go_sidecar.probe.facts import ENV, ConfigFacts, Facts, build_toolchain
from go_sidecar.rules.declare import Found, rule
from go_sidecar.rules.env_places import Place, places, set_edits

MAX_SHOWN = 3
MAX_VALUE_SHOWN = 200


def go_quote(text: str) -> str:
    """Go's %q (strconv.Quote) for the ASCII and printable text of paths: backslashes and quotes escaped."""
    out = []
    for c in text:
        if c in '\\"':
            out.append("\\" + c)
        elif c < " " or c == "\x7f":
            out.append(f"\\x{ord(c):02x}")
        else:
            out.append(c)
    return '"' + "".join(out) + '"'


def shown(text: str) -> str:
    """A value as a message shows it: a very long one is cut (the finding's place shows all of it)."""
    return text if len(text) <= MAX_VALUE_SHOWN else text[:MAX_VALUE_SHOWN] + "…"


def lookpath_error(name: str, host_os: str) -> str:
    """os/exec's error for a name LookPath does not find (lp_unix.go, lp_windows.go)."""
    windows = host_os == "windows"
    if has_separator(name, windows):
        detail = "file does not exist" if windows else f"stat {name}: no such file or directory"
    else:
        detail = "executable file not found in " + ("%PATH%" if windows else "$PATH")
    return f"exec: {go_quote(name)}: {detail}"


def install_hint(host_os: str) -> str:
    if host_os == "windows":
        return (
            "install a MinGW-w64 gcc (MSYS2: `pacman -S mingw-w64-ucrt-x86_64-gcc`, or TDM-GCC) and put its bin "
            "folder on PATH"
        )
    if host_os == "darwin":
        return "install the Command Line Tools (`xcode-select --install`), which bring clang"
    return (
        "install gcc with the system's package manager (`apt install gcc`, `dnf install gcc`, `apk add gcc musl-dev`)"
    )


def _cgo(facts: Facts) -> CgoFacts | None:
    return facts.cgo


def _folder(facts: Facts, cf: ConfigFacts) -> str | None:
    """The folder the configuration builds (probe/cgo.py program_folder, on the facts' path syntax)."""
    p = cf.program
    if p is None or p.path is None or not cf.config.builds:
        return None
    if p.state == "dir":
        return str(p.path)
    if p.state == "go":
        cut = max(p.path.rfind("/"), p.path.rfind("\\"))
        return str(p.path)[:cut] if cut > 0 else str(p.path)
    return None


def _rel(facts: Facts, folder: str) -> str:
    root = facts.root.rstrip("\\/")
    if folder == root:
        return "."
    if folder.startswith(root) and folder[len(root) : len(root) + 1] in ("/", "\\"):
        return folder[len(root) + 1 :].replace("\\", "/")
    return folder


def _go_minor(facts: Facts, cf: ConfigFacts) -> int | None:
    build = build_toolchain(facts, cf)
    version = build.go_version if build is not None else None
    return version.minor if version is not None and version.major == 1 else None


def _where(setting_source: str) -> str:
    return {
        ENV: "its env",
        "envFile": "its envFile",
        "go.toolsEnvVars": "go.toolsEnvVars",
        ENVIRONMENT: "the environment",
        GO_ENV_FILE: "the go env -w file",
    }.get(setting_source, setting_source)


def _unquoted_compiler(value: str, windows: bool) -> bool:
    """CC (or CXX) holds a path that cmd/go splits at a space: unquoted, several fields, the first a path."""
    fields = quoted_fields(value)
    if not fields or len(fields) < 2 or value.lstrip()[:1] in ("'", '"'):
        return False
    return has_separator(fields[0][0], windows)


# --- cgo-no-compiler --------------------------------------------------------------------------------------------
@rule(
    code="cgo-no-compiler",
    family="environment",
    severity=Severity.WARNING,
    summary="cgo is on for a configuration's build but no C compiler is on the PATH it uses",
    explanation="""
The go command runs a C compiler for every package that uses cgo: the module's own files that `import "C"`, its
dependencies' (SQLite drivers, GUI toolkits), and on Linux the standard library's `net` and `os/user`. It looks for
CC (the environment, then the `go env -w` file), else `gcc` (`clang` on macOS and the BSDs), on PATH
(`exec.LookPath`). cgo is on when CGO_ENABLED=1 is set (environment or `go env -w`), when CC is set in the
environment, when the toolchain is older than Go 1.20, or when the default compiler is found. With cgo on and no
compiler, those packages fail: `cgo: C compiler "gcc" not found: exec: "gcc": executable file not found in
%PATH%` (cmd/cgo/gcc.go). It is an error when the build certainly needs the compiler (`-race`, or the program's own
package imports "C"), else a warning. On macOS `/usr/bin/clang` exists even without developer tools: it is a shim
that fails with `xcrun: error: invalid active developer path`.

Since Go 1.20, with CGO_ENABLED and CC both unset in the environment and no default compiler on PATH, cgo switches
itself off (go1.20 release notes; cmd/go/internal/cfg defaultContext; a CC from `go env -w` does not count). That
is not an error, but files that `import "C"` are then left out of the build: a package whose every file does so
fails with `build constraints exclude all Go files in <folder>` (a warning when it is the program's own package,
information for other packages of the module), unless it has files for builds without cgo (`//go:build !cgo`),
and `-race` fails with `go: -race requires cgo; enable cgo by setting CGO_ENABLED=1` (not on macOS: since Go 1.20
the race detector there needs no cgo). The module's Go files are read boundedly (probe/cgo_sources.py). Windows
set-ups: [docs/windows.md](windows.md).
""",
    fix="""
Install a C compiler on the PATH the configuration uses (Windows: MinGW-w64 gcc from MSYS2 or TDM-GCC, bin folder
on PATH; macOS: `xcode-select --install`; Linux: the gcc package), or point CC at one (quoted if its path has
spaces). When nothing needs cgo, set CGO_ENABLED=0 instead (a code action where CGO_ENABLED=1 is written in the
configuration).
""",
    example='`"env": {"CGO_ENABLED": "1"}` on Windows with no gcc on PATH; or `"buildFlags": "-race"` without a '
    "C compiler.",
)
def cgo_no_compiler(facts: Facts) -> Iterator[Found]:
    cgo = _cgo(facts)
    if cgo is None:
        return
    for cf, cc in zip(facts.configs, cgo.configs, strict=False):
        if not cf.config.builds or not cf.knows("CGO_ENABLED", "CC", "PATH", "GOOS", "GOARCH", "GOFLAGS"):
            continue
        found = _no_compiler(facts, cgo, cf, cc)
        if found is not None:
            yield found


def _no_compiler(facts: Facts, cgo: CgoFacts, cf: ConfigFacts, cc: ConfigCgo) -> Found | None:
    name = f'Configuration "{cf.config.name}"'
    enabled = cc.cgo_enabled.value if cc.cgo_enabled is not None else ""
    if enabled == "0":
        return None
    native = cc.target.goos == cgo.host_os and cc.target.goarch == cgo.host_arch
    minor = _go_minor(facts, cf)
    switches_off = minor is None or minor >= 20
    race = cc.race and cc.target.goos != "darwin"
    if enabled == "1" and cc.cgo_enabled is not None:
        why = f"CGO_ENABLED=1 in {_where(cc.cgo_enabled.source)}"
    elif not native:
        return None  # a cross-compile has cgo off unless CGO_ENABLED=1
    elif cc.cc_in_environment is not None:
        why = f"CC is set in {_where(cc.cc_in_environment.source)}, so go does not switch cgo off"
    elif not switches_off:
        # Before 1.20 the standard library came compiled: only the module's own cgo needs the compiler here.
        why = f"go1.{minor} has cgo on by default (switching it off without a compiler came in Go 1.20)"
        race = False
    else:
        return _switched_off(facts, cgo, cf, cc, race)
    compiler = cc.compiler
    if compiler is None or (cc.cc is not None and _unquoted_compiler(cc.cc.value, facts.windows)):
        return None  # an empty or unterminated CC, or a split path: cc-path-unquoted says it
    if compiler.found is not None and not compiler.xcode_missing:
        return None
    own = _own_cgo_files(facts, cgo, cf, cc)
    if not switches_off and not own and not (enabled == "1" or cc.cc_in_environment is not None):
        return None  # cgo on only by an old Go's default, and nothing of the program needs it
    error = race or bool(own)
    if compiler.found is not None:
        failure = (
            f"{compiler.found} is Apple's shim and the developer tools it runs are missing: builds that use cgo fail "
            f"with `xcrun: error: invalid active developer path ({compiler.xcode_missing}), missing xcrun at: "
            f"{compiler.xcode_missing}/usr/bin/xcrun`"
        )
    elif not compiler.complete:
        return None  # a PATH too long to search: not known
    else:
        failure = (
            f"no {compiler.name} is on {_path_words(compiler)}: packages that use cgo fail with "
            f"`cgo: C compiler {go_quote(compiler.name)} not found: {lookpath_error(compiler.name, cgo.host_os)}`"
        )
    needs = []
    if race:
        needs.append("-race needs cgo")
    if own:
        needs.append(f'its program imports "C" ({", ".join(own[:MAX_SHOWN])})')
    message = f"{name} builds with cgo on ({why}), but {failure}. " + (
        ("The build needs it: " + "; ".join(needs) + ". ") if needs else ""
    )
    if cc.target.goos == "linux" and switches_off:
        message += "On Linux the standard library's net and os/user use cgo too. "
    message += f"Fix: {install_hint(cgo.host_os)}, or set CC to a compiler; without cgo, set CGO_ENABLED=0."
    location = cf.config.anchor
    fixes: tuple[Fix, ...] = ()
    if cc.cgo_enabled is not None and cc.cgo_enabled.source == ENV and enabled == "1":
        location, _ = cf.config.env_location(cc.cgo_enabled.key)
        if not race and not own:
            key = cc.cgo_enabled.key
            fixes = (Fix("Set CGO_ENABLED=0 (build without cgo)", tuple(cf.config.set_env_edits({key: "0"}))),)
    return Found(message, location, fixes, Severity.ERROR if error else None)


def _path_words(lookup: Lookup) -> str:
    if lookup.path_source == ENVIRONMENT:
        return "the PATH of the environment"
    return f"the PATH of {_where(lookup.path_source)}"


def _switched_off(facts: Facts, cgo: CgoFacts, cf: ConfigFacts, cc: ConfigCgo, race: bool) -> Found | None:
    """Go 1.20+ switched cgo off (no CC in the environment, no default compiler on PATH)."""
    lookup = cc.default_compiler
    if lookup is None or lookup.found is not None or not lookup.complete:
        return None
    name = f'Configuration "{cf.config.name}"'
    off = (
        f"no {lookup.name} is on {_path_words(lookup)} and neither CGO_ENABLED nor CC is set in the environment, so "
        "go switches cgo off"
    )
    if cc.cc is not None and cc.cc.source == GO_ENV_FILE:
        off += f" (CC={shown(cc.cc.value)} from the go env -w file does not count for that)"
    fix = f"Fix: {install_hint(cgo.host_os)}."
    if race:
        message = (
            f"{name} builds with -race, but {off}; the build fails with `go: -race requires cgo; enable cgo by "
            f"setting CGO_ENABLED=1` (setting it alone then fails for want of a C compiler). {fix}"
        )
        return Found(message, cf.config.anchor, (), Severity.ERROR)
    sources = cgo.sources
    if sources is None or not sources.packages:
        return None
    folder = _folder(facts, cf)
    program_pkg = sources.package(folder, facts.windows) if folder else None
    broken_here = None
    if program_pkg is not None:
        left_out, left, fallback = program_pkg.without_cgo(cc.target)
        if left_out and not fallback:
            broken_here = (program_pkg.folder, left_out, left)
    others = []
    for pkg in sources.packages:
        if pkg is program_pkg:
            continue
        left_out, left, fallback = pkg.without_cgo(cc.target)
        if left_out and not left and not fallback:
            others.append(_rel(facts, pkg.folder))
    if broken_here is None and not others:
        return None
    parts = []
    severity = Severity.INFORMATION
    if broken_here is not None:
        folder, left_out, left = broken_here
        files = ", ".join(left_out[:MAX_SHOWN]) + (" ..." if len(left_out) > MAX_SHOWN else "")
        if left:
            parts.append(
                f'its program\'s files that import "C" ({files}) are left out of the build, which then fails '
                "wherever the other files use what they define"
            )
        else:
            severity = Severity.WARNING
            parts.append(
                f'its program imports "C" ({files}) and the build fails with `build constraints exclude all Go '
                f"files in {folder}`"
            )
    if others:
        shown_others = ", ".join(others[:MAX_SHOWN]) + (
            f" and {len(others) - MAX_SHOWN} more" if len(others) > 3 else ""
        )
        parts.append(
            f"packages of the module that only build with cgo ({shown_others}) fail if the program imports them"
        )
    said = "; ".join(parts)
    message = (
        f"{name}: {off}. {said[:1].upper() + said[1:]}. Fix: {install_hint(cgo.host_os)}, or give those packages "
        "files for builds without cgo (`//go:build !cgo`)."
    )
    return Found(message, cf.config.anchor, (), severity)


def _own_cgo_files(facts: Facts, cgo: CgoFacts, cf: ConfigFacts, cc: ConfigCgo) -> list[str]:
    """The program folder's files that import "C" and build for this target with cgo on."""
    sources = cgo.sources
    folder = _folder(facts, cf)
    pkg = sources.package(folder, facts.windows) if sources is not None and folder else None
    if pkg is None:
        return []
    left_out, _, _ = pkg.without_cgo(cc.target)
    return left_out


# --- cc-path-unquoted --------------------------------------------------------------------------------------------
@rule(
    code="cc-path-unquoted",
    family="environment",
    severity=Severity.ERROR,
    summary="CC, CXX or a cgo flags variable (CGO_CFLAGS, ...) holds a path with spaces that cmd/go splits unquoted",
    explanation="""
cmd/go splits CC, CXX and CGO_CFLAGS, CGO_CPPFLAGS, CGO_CXXFLAGS, CGO_FFLAGS and CGO_LDFLAGS into fields at spaces
(cmd/internal/quoted.Split; cmd/go/internal/work envList), so `CC=C:\\Program Files\\LLVM\\bin\\clang.exe` runs
`C:\\Program` with `Files\\LLVM\\bin\\clang.exe` as its first argument, and fails:
`cgo: C compiler "C:\\\\Program" not found: exec: "C:\\\\Program": file does not exist` (golang/go#41400, #59512).
A flag such as `-IC:\\Program Files\\SDK\\include` in CGO_CFLAGS becomes `-IC:\\Program` and a file argument
`Files\\SDK\\include` (golang/go#45637). Since Go 1.18 a field that starts with a double or single quote runs to the
matching quote, so the fix is to quote the path (the whole flag, `"-IC:\\Program Files\\SDK\\include"`: a quote in
the middle of a field does not count). This is the real cause behind "Go breaks on paths with spaces":
filepath.Clean is purely lexical and splits nothing (see [docs/windows.md](windows.md), "Spaces in paths").

Reported for a CC or CXX whose first field is a path that does not exist (it names the part before the space, and
the whole path when it exists on this machine), and for a `CGO_*FLAGS` value where a run of fields joined by their
spaces names an existing file or folder. Not reported when CGO_ENABLED=0 is set for the configuration.
""",
    fix="""
Quote the path inside the value: in launch.json `"CC": "\\"C:\\\\Program Files\\\\LLVM\\\\bin\\\\clang.exe\\""` (a code
action writes it), in an envFile `CC='"C:\\Program Files\\LLVM\\bin\\clang.exe"'`, with `go env -w
CC='"C:\\Program Files\\LLVM\\bin\\clang.exe"'` (PowerShell or a Unix shell), or use a path without spaces (the
8.3 short name `C:\\PROGRA~1\\...`).
""",
    example='`"env": {"CC": "C:\\\\Program Files\\\\LLVM\\\\bin\\\\clang.exe"}`',
)
def cc_path_unquoted(facts: Facts) -> Iterator[Found]:
    cgo = _cgo(facts)
    if cgo is None:
        return
    off = {id(cf) for cf, cc in zip(facts.configs, cgo.configs, strict=False) if _cgo_off(cc)}
    for name in ("CC", "CXX", *CGO_FLAG_KEYS):
        for place in places(facts, name):
            if place.cf is not None and id(place.cf) in off:
                continue
            found = _split(facts, cgo, place, name)
            if found is not None:
                yield found


def _cgo_off(cc: ConfigCgo) -> bool:
    return cc.cgo_enabled is not None and cc.cgo_enabled.value == "0"


def _split(facts: Facts, cgo: CgoFacts, place: Place, name: str) -> Found | None:
    value = place.value
    split = cgo.split_path(name, value)
    fields = quoted_fields(value)
    if split is None or not fields or len(fields) < 2:
        return None
    program = name in ("CC", "CXX")
    if program:
        if not _unquoted_compiler(value, facts.windows) or split.first_exists:
            return None
        first, start, _ = fields[0]
        run = split.whole or _path_run(value, fields)
        failure = (
            f"cmd/go splits it at the spaces and runs {shown(first)}: `cgo: C compiler {go_quote(shown(first))} not "
            f"found: {lookpath_error(shown(first), cgo.host_os)}`"
        )
        exists = (
            f"{shown(run)} exists" if split.whole else f"Neither {shown(first)} nor {shown(run)} exists on this machine"
        )
    else:
        if not split.whole:
            return None
        run = split.whole
        start = value.find(run)
        parts = [f for f, s, e in fields if start <= s and e <= start + len(run)]
        failure = f"cmd/go splits it at the spaces into {', '.join(go_quote(shown(p)) for p in parts[:4])}"
        exists = f"{shown(run)} exists"
    quote = "'" if '"' in run else '"'
    fixed = value[:start] + quote + run + quote + value[start + len(run) :]
    what = "the compiler path" if program else "the flag"
    message = (
        f"{name} in {place.where(facts)} is {shown(value)}, with {what} unquoted: {failure}. {exists}. "
        f"Quote it: {name}={shown(fixed)}."
    )
    if place.source == GO_ENV_FILE:
        message += f" Run `go env -w {name}='{shown(fixed)}'`." if "'" not in fixed else ""
    return Found(message, place.location, partial(_quote_fix, facts, place, fixed))


def _path_run(value: str, fields: list[tuple[str, int, int]]) -> str:
    """The fields of a compiler path as written, up to the first that starts a flag."""
    end = fields[0][2]
    for text, _, e in fields[1:]:
        if text.startswith("-"):
            break
        end = e
    return value[fields[0][1] : end]


def _quote_fix(facts: Facts, place: Place, fixed: str) -> list[Fix]:
    edits = set_edits(facts, place, fixed)
    return [Fix(f"Quote the path: {shown(fixed)}", tuple(edits), preferred=True)] if edits else []
