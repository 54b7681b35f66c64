"""A C compiler as cmd/go and cmd/cgo look for it, answered from the file system (issue 13): CC split into fields,
exec.LookPath, Apple's xcrun shims, and what a CC, CXX or CGO_*FLAGS value split at its spaces names. Nothing found
is ever run.

How (docs/facts.md, cgo, C compilers and checksum settings):
- the default compiler is `clang` for darwin, ios, freebsd and openbsd, `gcc` elsewhere (`cfg.DefaultCC`, written
  by cmd/dist `zdefaultcc.go`);
- CC is split with `cmd/internal/quoted.Split` (spaces separate, a field that starts with a single or double quote
  runs to the matching quote, nothing is unescaped); cmd/cgo then fails with
  `cgo: C compiler "<first field>" not found: <exec.LookPath error>` (`cmd/cgo/gcc.go` checkGCCBaseCmd).
  CGO_CFLAGS, CGO_CPPFLAGS, CGO_CXXFLAGS, CGO_FFLAGS and CGO_LDFLAGS are split the same way
  (`cmd/go/internal/work` envList).
- `exec.LookPath` (os/exec lp_unix.go, lp_windows.go): a name with a separator is looked at directly; otherwise
  each PATH entry in order; on Windows a name without an extension is tried with each PATHEXT extension
  (default `.com;.exe;.bat;.cmd`), and since Go 1.19 the current folder is not searched.
"""

from __future__ import annotations

from go_sidecar._record import dataclass
from go_sidecar.probe.buildenv import ENVIRONMENT
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import path_entries

MAX_PATH_ENTRIES = 1024  # Windows caps an environment variable at 32,767 characters; a longer PATH is not searched
MAX_NAME = 4096  # a longer name names no file (PATH_MAX on Linux; Windows' long paths are longer but rare)
DEFAULT_PATHEXT = ".com;.exe;.bat;.cmd"  # os/exec lp_windows.go, when PATHEXT is unset


# --- cmd/internal/quoted ------------------------------------------------------------------------------------
def quoted_fields(text: str) -> list[tuple[str, int, int]] | None:
    """cmd/internal/quoted.Split with where each field is written: (field, start, end) in `text` (quotes
    included); None for an unterminated quote (cmd/go: `unterminated " string`). Spaces are ' ', \\t, \\n, \\r."""
    out: list[tuple[str, int, int]] = []
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i] in " \t\n\r":
            i += 1
        if i >= n:
            break
        if text[i] in "\"'":
            close = text.find(text[i], i + 1)
            if close < 0:
                return None
            out.append((text[i + 1 : close], i, close + 1))
            i = close + 1
            continue
        start = i
        while i < n and text[i] not in " \t\n\r":
            i += 1
        out.append((text[start:i], start, i))
    return out


def default_cc(goos: str) -> str:
    """cfg.DefaultCC without a CC_FOR_TARGET baked in at make.bash time (cmd/dist zdefaultcc.go)."""
    return "clang" if goos in ("darwin", "ios", "freebsd", "openbsd") else "gcc"


# --- exec.LookPath, statically -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Lookup:
    """exec.LookPath(name) answered from the file system: the file it would find, or None."""

    name: str
    found: str | None
    complete: bool = True  # every PATH entry was looked at (False: a PATH too long; "not found" is then not known)
    path_source: str = ""  # where the PATH searched comes from (env, envFile, go.toolsEnvVars, environment)
    xcode_missing: str = ""  # macOS: `found` is Apple's /usr/bin shim and this active developer folder is missing


def has_separator(name: str, windows: bool) -> bool:
    return "/" in name or (windows and ("\\" in name or ":" in name))


def _extensions(sys_: System, pathext: str | None) -> list[str]:
    text = pathext if pathext else DEFAULT_PATHEXT
    exts = [e.strip().lower() for e in text.split(";") if e.strip()]
    return [e if e.startswith(".") else "." + e for e in exts]


def _executable(sys_: System, path: str, windows: bool, exts: list[str]) -> str | None:
    """lp_windows.go findExecutable: a name with a PATHEXT extension as it is, then with each extension;
    Unix: a regular file (the mode bits are not in the System view)."""
    if not windows:
        return path if sys_.is_file(path) else None
    name = sys_.name(path)
    if "." in name and sys_.is_file(path):  # hasExt: an extension of any kind is tried as it is first
        return path
    for e in exts:
        if sys_.is_file(path + e):
            return path + e
    return None


def look_path(
    sys_: System, name: str, path_value: str | None, pathext: str | None = None, path_source: str = ENVIRONMENT
) -> Lookup:
    windows = sys_.host.windows
    if not name or len(name) > MAX_NAME or "\x00" in name:
        return Lookup(name, None, True, path_source)
    exts = _extensions(sys_, pathext) if windows else []
    if has_separator(name, windows):
        return Lookup(name, _executable(sys_, name, windows, exts), True, path_source)
    entries = path_entries(sys_, path_value)
    complete = len(entries) <= MAX_PATH_ENTRIES
    for entry in entries[:MAX_PATH_ENTRIES]:
        if not entry or len(entry) > MAX_NAME:
            continue
        if not sys_.is_abs(entry):
            continue  # Go 1.19+: a relative entry is refused (exec.ErrDot) rather than used
        found = _executable(sys_, sys_.join(entry, name), windows, exts)
        if found is not None:
            return Lookup(name, found, True, path_source, _xcode_missing(sys_, found))
    return Lookup(name, None, complete, path_source)


# Apple's /usr/bin compilers are xcrun shims: without the Command Line Tools (or Xcode) they fail with
# `xcrun: error: invalid active developer path (<dir>), missing xcrun at: <dir>/usr/bin/xcrun`.
APPLE_SHIMS = frozenset(("/usr/bin/clang", "/usr/bin/gcc", "/usr/bin/cc", "/usr/bin/clang++", "/usr/bin/g++"))
XCODE_SELECT_LINK = "/var/db/xcode_select_link"  # what `xcode-select --switch` writes (a link to the folder)
COMMAND_LINE_TOOLS = "/Library/Developer/CommandLineTools"


XCODE_APP = "/Applications/Xcode.app/Contents/Developer"


def developer_dirs(sys_: System) -> list[str]:
    """The folders xcrun may take its tools from: DEVELOPER_DIR, else the xcode-select link, else the Command Line
    Tools or the default Xcode (without a selection xcrun looks for either)."""
    explicit = sys_.env.get("DEVELOPER_DIR")
    if explicit:
        return [explicit]
    target = sys_.readlink(XCODE_SELECT_LINK)
    return [target] if target else [COMMAND_LINE_TOOLS, XCODE_APP]


def _xcode_missing(sys_: System, found: str) -> str:
    """The developer folder the shim needs and that has no xcrun ("" when the tools are there)."""
    if sys_.host.os != "darwin" or found not in APPLE_SHIMS:
        return ""
    folders = developer_dirs(sys_)
    if any(sys_.is_file(sys_.join(f, "usr", "bin", "xcrun")) for f in folders):
        return ""
    return folders[0]


# --- a value cmd/go splits at its spaces -------------------------------------------------------------------------
@dataclass(frozen=True)
class SplitPath:
    """What a CC, CXX or CGO_*FLAGS value names on this machine once cmd/go has split it at its spaces."""

    first_exists: bool  # the first field names a file (CC, CXX: an executable, extensions tried on Windows)
    whole: str  # the shortest run of two or more unquoted fields, as written, that names a file or folder ("")


def split_path(sys_: System, value: str, program: bool) -> SplitPath:
    """Whether the first field names a file, and the path cmd/go split at its spaces: the shortest run of two or
    more unquoted fields, joined as written, that names an existing file or folder. Bounded: the first 64 KB of
    the value, its first 64 fields, runs of at most 16."""
    windows = sys_.host.windows
    fields = quoted_fields(value[: 64 * 1024])
    if not fields:
        return SplitPath(False, "")
    exts = _extensions(sys_, env_get(sys_.env, "PATHEXT", True)) if windows else []
    first = fields[0][0]
    first_exists = len(first) <= MAX_NAME and (
        _executable(sys_, first, windows, exts) is not None if program else sys_.is_file(_strip_flag(first))
    )
    return SplitPath(first_exists, _whole(sys_, value, fields, program, exts))


def _whole(sys_: System, value: str, fields: list[tuple[str, int, int]], program: bool, exts: list[str]) -> str:
    windows = sys_.host.windows
    for i, (text, start, _) in enumerate(fields[:64]):
        if value[start] in "\"'" or not has_separator(text.lstrip("-").removeprefix("I").removeprefix("L"), windows):
            continue
        for _, _, end in fields[i + 1 : i + 16]:
            candidate = value[start:end]
            if value[end - 1] in "\"'":
                break
            path = _strip_flag(candidate)
            if len(path) > MAX_NAME:
                break
            if program and i == 0:
                if _executable(sys_, path, windows, exts):
                    return candidate
            elif sys_.is_dir(path) or sys_.is_file(path):
                return candidate
    return ""


def _strip_flag(text: str) -> str:
    """The path of a flag that carries one glued to it (`-IC:\\x`, `-L/x`, `-isystem/x`), else the text."""
    for prefix in ("-isystem", "-iquote", "-I", "-L", "-F"):
        if text.startswith(prefix) and len(text) > len(prefix):
            return text[len(prefix) :]
    return text
