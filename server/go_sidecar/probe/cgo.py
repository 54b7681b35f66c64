"""Whether a configuration's build uses cgo and can find its C compiler; what the module's files say about cgo and
which modules its go.mod requires (issue 13: rules/cgo.py, rules/checksums.py). Read statically: no compiler, no
go and nothing the workspace names is ever run.

How cmd/go decides (docs/facts.md, cgo, C compilers and checksum settings; `cmd/go/internal/cfg/cfg.go`, Go 1.20+):
- CGO_ENABLED is read with `cfg.Getenv` (the environment, then the `go env -w` file): "1" or "0" decide;
- otherwise a cross-compile (GOOS/GOARCH other than the host's) has cgo off;
- otherwise cgo is on, except that when CC is unset in the *process environment* (`os.Getenv("CC")`: a `go env
  -w` CC does not count) and the default compiler is not found by `exec.LookPath`, cgo is switched off;
- the default compiler is `clang` for darwin, ios, freebsd and openbsd, `gcc` elsewhere (`cfg.DefaultCC`, written
  by cmd/dist `zdefaultcc.go`);
- the compiler a build runs is CC as `cfg.Getenv` gives it (environment, then `go env -w`), split with
  `cmd/internal/quoted.Split` (spaces separate, a field that starts with a single or double quote runs to the
  matching quote, nothing is unescaped); cmd/go puts its whole computed environment (`envcmd.MkEnv`, CC
  included) into its own and cmd/cgo's (`cmd/go/main.go` invoke); cmd/cgo then fails with
  `cgo: C compiler "<first field>" not found: <exec.LookPath error>` (`cmd/cgo/gcc.go` checkGCCBaseCmd).
  CGO_CFLAGS, CGO_CPPFLAGS, CGO_CXXFLAGS, CGO_FFLAGS and CGO_LDFLAGS are split the same way
  (`cmd/go/internal/work` envList).
- `exec.LookPath` (os/exec lp_unix.go, lp_windows.go): a name with a separator is looked at directly; otherwise
  each PATH entry in order; on Windows a name without an extension is tried with each PATHEXT extension
  (default `.com;.exe;.bat;.cmd`), and since Go 1.19 the current folder is not searched.

The module's own Go files are scanned for `import "C"` (go/build: a file importing "C" is a cgo file, left out of
the build as an ignored file when cgo is off), boundedly: at most MAX_SCAN_DIRS folders, MAX_SCAN_FILES files and
MAX_SCAN_BYTES bytes, a file's beginning only (HEAD, or up to MAX_GO_FILE for a long cgo preamble); vendor,
testdata, node_modules, hidden and `_` folders and nested modules are skipped, as `./...` skips them.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass, field
from go_sidecar.parse.buildconstraint import Target, should_build
from go_sidecar.probe.memo import MODULES, WALKS, Memo, remembered
from go_sidecar.probe.programs import SKIP, build_target, split_build_flags, split_quoted
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import go_env_file, path_entries

if TYPE_CHECKING:
    import re

    from go_sidecar.probe.facts import ConfigFacts
    from go_sidecar.probe.workspace import WorkspaceFacts

MAX_SCAN_DIRS = 2000
MAX_SCAN_FILES = 5000
MAX_SCAN_BYTES = 32 * 1024 * 1024
MAX_FILES_PER_DIR = 500
HEAD = 64 * 1024  # the import block of nearly every Go file, cgo preamble included
MAX_GO_FILE = 1024 * 1024  # a longer file is not read: its imports stay unknown
MAX_PATH_ENTRIES = 1024  # Windows caps an environment variable at 32,767 characters; a longer PATH is not searched
MAX_NAME = 4096  # a longer name names no file (PATH_MAX on Linux; Windows' long paths are longer but rare)
MAX_GOMOD = 4 * 1024 * 1024
DEFAULT_PATHEXT = ".com;.exe;.bat;.cmd"  # os/exec lp_windows.go, when PATHEXT is unset

# The variables of the process environment the rules of issue 13 read (the configuration's own env is in
# ConfigFacts.env): checksum settings, cgo settings, the target, and what LookPath reads.
PROCESS_KEYS = (
    "GOSUMDB",
    "GOPRIVATE",
    "GONOSUMDB",
    "GONOPROXY",
    "GOINSECURE",
    "GOFLAGS",
    "GOPROXY",
    "GOTOOLCHAIN",
    "CGO_ENABLED",
    "CC",
    "CXX",
    "CGO_CFLAGS",
    "CGO_CPPFLAGS",
    "CGO_CXXFLAGS",
    "CGO_FFLAGS",
    "CGO_LDFLAGS",
    "GOOS",
    "GOARCH",
    "PATHEXT",
    "DEVELOPER_DIR",
)
CGO_FLAG_KEYS = ("CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS")

# Where a value comes from: a configuration's own (probe/facts.py ENV, ENV_FILE, TOOLS_ENV) or the machine's.
ENVIRONMENT = "environment"
GO_ENV_FILE = "go env -w"


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


# --- settings as a configuration's build sees them --------------------------------------------------------------
@dataclass(frozen=True)
class Setting:
    """One variable as cmd/go reads it for a configuration's build: its value and where it is written."""

    key: str  # as written (on Windows any spelling)
    value: str
    source: str  # env | envFile | go.toolsEnvVars (the configuration's) | environment | go env -w


def setting(
    cf: ConfigFacts | None,
    process: Mapping[str, str],
    go_env: Mapping[str, str],
    name: str,
    windows: bool,
    file: bool = True,
) -> Setting | None:
    """The value cmd/go's `cfg.Getenv(name)` sees for this configuration (`file=False`: `os.Getenv`, which
    ignores the go env -w file): the configuration's env (env over envFile over go.toolsEnvVars), then the
    process environment, then the go env -w file. An empty value counts as unset, as it does for Getenv."""
    if cf is not None:
        key = _key(cf.env, name, windows)
        if key is not None and cf.env[key]:
            return Setting(key, cf.env[key], cf.sources.get(key, "env"))
    value = env_get(process, name, windows)
    if value:
        return Setting(name, value, ENVIRONMENT)
    if file and go_env.get(name):
        return Setting(name, go_env[name], GO_ENV_FILE)
    return None


def _key(env: Mapping[str, str], name: str, windows: bool) -> str | None:
    if name in env:
        return name
    if windows:
        return next((k for k in env if k.upper() == name), None)
    return None


# --- per configuration -------------------------------------------------------------------------------------------
@dataclass
class ConfigCgo:
    """What decides cgo for one configuration's build (aligned with Facts.configs)."""

    target: Target  # GOOS/GOARCH (and -tags when known) the build matches files against
    cgo_enabled: Setting | None  # CGO_ENABLED as cfg.Getenv reads it
    cc: Setting | None  # CC as the build runs it (cfg.Getenv: environment, then go env -w)
    cc_in_environment: Setting | None  # CC as os.Getenv reads it: what keeps cgo on when no compiler is found
    compiler: Lookup | None  # the first field of CC (else the default compiler) looked up on the PATH
    default_compiler: Lookup | None  # the default compiler looked up (decides cgo's default when CC is unset)
    race: bool = False  # -race in buildFlags or GOFLAGS


@dataclass(frozen=True)
class SplitPath:
    """What a CC, CXX or CGO_*FLAGS value names on this machine once cmd/go has split it at its spaces."""

    first_exists: bool  # the first field names a file (CC, CXX: an executable, extensions tried on Windows)
    whole: str  # the shortest run of two or more unquoted fields, as written, that names a file or folder ("")


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


@dataclass
class CgoFacts:
    host_os: str
    host_arch: str
    process: dict[str, str]  # PROCESS_KEYS of the process environment (Windows: by their upper-case name)
    configs: list[ConfigCgo]  # one per Facts.configs entry, in its order
    sources: CgoSources | None = None  # the workspace module's files importing "C"
    requires: list[str] = field(default_factory=list)  # module paths go.mod requires
    module_path: str = ""  # go.mod's module line
    gomod_go: str = ""  # go.mod's go line
    requires_truncated: bool = False  # go.mod was too large to read
    go_env_path: str = ""  # the go env -w file (toolchains.go_env_file)
    # (CC | CXX | CGO_*FLAGS, value) -> SplitPath, for every value of these a configuration, go.toolsEnvVars, the
    # environment or the go env -w file sets that has a separator and a space
    paths: dict[tuple[str, str], SplitPath] = field(default_factory=dict)

    def split_path(self, name: str, value: str) -> SplitPath | None:
        return self.paths.get((name.upper(), value))


def gather_cgo(
    sys_: System,
    ws: WorkspaceFacts,
    configs: list[ConfigFacts],
    go_env: Mapping[str, str],
    overlays: Mapping[str, bytes] | None = None,
    memo: Memo | None = None,
) -> CgoFacts:
    windows = sys_.host.windows
    process = {k: v for k in PROCESS_KEYS if (v := env_get(sys_.env, k, windows))}
    out = CgoFacts(sys_.host.os, sys_.host.arch, process, [], go_env_path=go_env_file(sys_))
    lookups: dict[tuple[str, str | None, str], Lookup] = {}

    def find(name: str, path_value: str | None, path_source: str) -> Lookup:
        key = (name, path_value, path_source)
        if key not in lookups:
            lookups[key] = look_path(sys_, name, path_value, process.get("PATHEXT"), path_source)
        return lookups[key]

    for cf in configs:
        out.configs.append(_config_cgo(sys_, cf, process, go_env, find))
    tools = ws.settings_member("go.toolsEnvVars")
    tools_env = tools.value.to_python() if tools is not None and tools.value is not None else None
    for env in [cf.env for cf in configs] + [process, dict(go_env), tools_env if isinstance(tools_env, dict) else {}]:
        for k, v in env.items():
            name = k.upper() if windows else k
            if name not in ("CC", "CXX", *CGO_FLAG_KEYS) or not isinstance(v, str) or (name, v) in out.paths:
                continue
            if " " in v or "\t" in v:
                out.paths[(name, v)] = split_path(sys_, v, name in ("CC", "CXX"))
    if any(cf.config.builds and _compiler_missing(cc) for cf, cc in zip(configs, out.configs, strict=True)):
        # Only when a build may go without its C compiler: the walk reads the module's .go files.
        first = tuple(dict.fromkeys(f for cf in configs if (f := program_folder(sys_, cf)) is not None))
        out.sources = remembered(memo, WALKS, ("cgo", ws.root, first), lambda: scan_module(sys_, ws.root, first))
    gomod = sys_.join(ws.root, "go.mod")
    data = (overlays or {}).get(gomod)
    if data is None:
        try:
            data = sys_.read_bytes(gomod, MAX_GOMOD)
        except OSError as e:
            data = None
            out.requires_truncated = not isinstance(e, (FileNotFoundError, IsADirectoryError, PermissionError))
    if data is not None:
        # Keyed by go.mod's bytes: a monorepo's go.mod of thousands of requires took ~29 ms to parse on every
        # launch.json keystroke (bench/monorepo.py); comparing the bytes costs microseconds.
        parsed = (
            parse_requires(data)
            if memo is None
            else memo.get(MODULES, ("requires", gomod), data, lambda: parse_requires(data))
        )
        out.module_path, out.gomod_go, out.requires = parsed[0], parsed[1], list(parsed[2])
    return out


def _config_cgo(
    sys_: System,
    cf: ConfigFacts,
    process: Mapping[str, str],
    go_env: Mapping[str, str],
    find: Any,
) -> ConfigCgo:
    windows = sys_.host.windows
    view = getattr(cf.config, "view", None)
    node = view.value("buildFlags") if view is not None else None
    flags: Any = node.to_python() if node is not None and node.kind in ("string", "array") else None
    rc = getattr(cf.config, "rc", None)  # a GoLand run configuration: its Go tool arguments
    if flags is None and rc is not None:
        flags = rc.go_parameters or None
    env = {**{k: v for k, v in process.items() if k in ("GOOS", "GOARCH", "GOFLAGS")}, **cf.env}
    target = build_target(sys_.host, env, dict(go_env), flags if cf.knows("GOFLAGS") else None)
    args = split_quoted((setting(cf, process, go_env, "GOFLAGS", windows) or Setting("", "", "")).value)
    if isinstance(flags, str):
        args += split_build_flags(flags)
    elif isinstance(flags, list):
        args += [a for a in flags if isinstance(a, str)]
    race = any(_bool_flag(a, "race") for a in args)

    path_key = _key(cf.env, "PATH", windows)
    path_value = cf.env[path_key] if path_key else env_get(sys_.env, "PATH", windows)
    path_source = cf.sources.get(path_key, "env") if path_key else ENVIRONMENT
    cc = setting(cf, process, go_env, "CC", windows)
    cc_env = setting(cf, process, go_env, "CC", windows, file=False)
    default = default_cc(target.goos)
    default_lookup = find(default, path_value, path_source)
    compiler = default_lookup
    if cc is not None:  # CC's first field (None: an empty or unterminated CC, which fails on its own)
        fields = quoted_fields(cc.value)
        compiler = find(fields[0][0], path_value, path_source) if fields and fields[0][0] else None
    out = ConfigCgo(
        target,
        setting(cf, process, go_env, "CGO_ENABLED", windows),
        cc,
        cc_env,
        compiler,
        default_lookup,
        race,
    )
    return out


def program_folder(sys_: System, cf: ConfigFacts) -> str | None:
    """The folder a configuration builds (probe/programs.py PathFacts: a folder, or a .go file's folder)."""
    p = cf.program
    if p is None or p.path is None or not cf.config.builds:
        return None
    return str(p.path) if p.state == "dir" else sys_.parent(str(p.path)) if p.state == "go" else None


def _compiler_missing(cc: ConfigCgo) -> bool:
    return any(
        lookup is not None and (lookup.found is None or bool(lookup.xcode_missing))
        for lookup in (cc.compiler, cc.default_compiler)
    )


def _bool_flag(arg: str, name: str) -> bool:
    """`-name`, `--name` or `-name=true` (flag.Parse's spellings of a true boolean flag)."""
    bare = arg.lstrip("-")
    if len(arg) - len(bare) not in (1, 2):
        return False
    flag, eq, value = bare.partition("=")
    return flag == name and (not eq or value in ("1", "t", "T", "TRUE", "true", "True"))


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


# --- the module's Go files ---------------------------------------------------------------------------------------
@cache
def _re(name: str) -> re.Pattern[bytes]:
    import re as _regex

    patterns = {
        "space": rb"(?:[ \t\r\n;]|//[^\n]*|/\*.*?\*/)*",
        "package": rb"package[ \t]+[A-Za-z_][A-Za-z0-9_]*",
        "import": rb"import(?![A-Za-z0-9_])",
        "alias": rb"(?:[A-Za-z_][A-Za-z0-9_]*|\.)(?=[\s/\"`])",
    }
    return _regex.compile(patterns[name], _regex.MULTILINE | _regex.DOTALL)


def _skip(text: bytes, pos: int) -> int:
    """Past blanks, `;` and comments; an unclosed `/*` ends the text."""
    m = _re("space").match(text, pos)
    pos = m.end() if m else pos
    return len(text) if text.startswith(b"/*", pos) else pos


def read_imports(text: bytes) -> tuple[int, list[str] | None]:
    """(where the package clause starts, the file's import paths) as go/build reads a whole file's beginning;
    None when there is no package clause. Declarations cmd/go would not parse end the list (what was found so
    far is kept). Bytes that are not UTF-8 are read as they are."""
    pos = _skip(text, 0)
    m = _re("package").match(text, pos)
    if m is None:
        return pos, None
    clause = pos
    out: list[str] = []
    pos = _skip(text, m.end())
    keyword, alias = _re("import"), _re("alias")
    while (m := keyword.match(text, pos)) is not None:
        pos = _skip(text, m.end())
        block = text.startswith(b"(", pos)
        if block:
            pos = _skip(text, pos + 1)
        while True:
            if pos >= len(text):
                return clause, out
            if block and text.startswith(b")", pos):
                pos += 1
                break
            a = alias.match(text, pos)
            if a is not None:
                pos = _skip(text, a.end())
            value, pos = _string(text, pos)
            if value is None:
                return clause, out
            out.append(value)
            pos = _skip(text, pos)
            if not block:
                break
        pos = _skip(text, pos)
    return clause, out


def _string(text: bytes, pos: int) -> tuple[str | None, int]:
    quote = text[pos : pos + 1]
    if quote not in (b'"', b"`"):
        return None, pos
    close = text.find(quote, pos + 1)
    if close == -1 or (quote == b'"' and b"\n" in text[pos:close]):
        return None, len(text)
    return text[pos + 1 : close].decode("utf-8", "replace"), close + 1


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


# --- go.mod's requirements ---------------------------------------------------------------------------------------
def directive_word(data: bytes, keyword: bytes) -> str:
    r"""The word after the first line's `keyword` (the regular expression `^[ \t]*keyword[ \t]+(\S+)`, multiline,
    on bytes, without compiling it: a cold check reads go.mod's module and go lines here), "" when no line has one.
    Leading [ \t] are stripped, the keyword needs one [ \t] or more after it, and the word ends at ASCII whitespace
    (what \s is on bytes, and what bytes.split() splits at)."""
    start = 0
    while start <= len(data):
        end = data.find(b"\n", start)
        line = data[start:] if end == -1 else data[start:end]
        rest = line.lstrip(b" \t")
        if rest.startswith(keyword):
            after = rest[len(keyword) :]
            word = after.lstrip(b" \t")
            if len(word) < len(after) and word and not word[:1].isspace():  # bytes: \s is ASCII whitespace
                return word.split(None, 1)[0].decode("utf-8", "replace")
        if end == -1:
            break
        start = end + 1
    return ""


def parse_requires(data: bytes) -> tuple[str, str, list[str]]:
    """(module path, go version, required module paths) of go.mod, tolerant of garbage: `require path version`
    lines and `require ( ... )` blocks, comments and quotes removed (golang.org/x/mod/modfile syntax)."""
    text = data.decode("utf-8", "replace")
    module, go = directive_word(data, b"module"), directive_word(data, b"go")
    out: list[str] = []
    in_block = False
    for raw in text.splitlines():
        line = raw.split("//", 1)[0].strip()
        if not line:
            continue
        if in_block:
            if line.startswith(")"):
                in_block = False
                continue
            words = line.split()
        elif line.startswith("require") and (len(line) == 7 or line[7] in " \t("):
            rest = line[7:].strip()
            if rest.startswith("("):
                in_block = True
                rest = rest[1:].strip()
                if not rest:
                    continue
            words = rest.split()
        else:
            continue
        if words:
            path = words[0].strip('"`')
            if path and path not in out:
                out.append(path)
    return module.strip('"`'), go, out
