"""Debug info rules: a debug build or a prebuilt program without the DWARF sections Delve reads.

Sources (read for issue 11):
- go-delve/delve at 3b77598, pkg/proc/bininfo.go: `loadBinaryInfoPE` returns the error of debug/pe `DWARF()`,
  which for a binary without `.debug_info` is debug/dwarf's "decoding dwarf section info at offset 0x0: too
  short"; service/debugger/debugger.go wraps it as "could not launch process: %s" and appends `NoDebugWarning`
  ("debuggee must not be built with 'go run' or -ldflags='-s -w', which strip debug info"). For ELF (#3408, Delve
  1.21) and Mach-O (#3511, 1.22) Delve falls back to the Go symbol table and prints "Warning: no debug info found,
  some functionality will be missing such as stack traces and variable evaluation." — or fails with "could not
  read debug info (...) and could not read go symbol table (...)" when `-s` removed that table too.
- golang/vscode-go at 28e27ff, extension/src/goDebugConfiguration.ts: a launch configuration's `buildFlags`
  (string, or an array that `maybeJoinFlags` joins with spaces for dlv < 1.22.2) and `env.GOFLAGS` reach the
  build; only `-gcflags` is removed from them. `go.delveConfig` has no build flags (package.json lists
  apiVersion, debugAdapter, dlvFlags, dlvLoadConfig, hideSystemGoroutines, logOutput, showGlobalVariables,
  showLog, showRegisters, substitutePath): the issue names it, the source does not pass it, so it is not
  checked. `go.buildFlags` does not reach launch.json sessions either, but "debug test" and the test UI pass
  `go.testFlags || go.buildFlags` as the session's buildFlags (goTest.ts `debugTestAtCursor`, testUtils.ts
  `getTestFlags`); docs/debugging.md ("Starting a debug session fails with ...") says the same.
- -gcflags (debug-build-optimized): Delve's pkg/gobuild/gobuild.go puts its own `-gcflags all=-N -l` before a
  string buildFlags and after an array; cmd/go keeps the last -gcflags matching a package, and reads GOFLAGS
  before the command line. So only a -gcflags that escapes vscode-go's `removeGcflags` in a string wins.
- GoLand's "Go tool arguments" (`go_parameters`) reach its debug build: inferred, GoLand's build is not public.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING

from go_sidecar.model import Fix, Location, Severity, TextEdit
from go_sidecar.parse.text import LineIndex
from go_sidecar.probe import configs
from go_sidecar.probe.facts import ENV, ENV_FILE, TOOLS_ENV, Facts
from go_sidecar.probe.programs import split_build_flags, split_quoted
from go_sidecar.rules.declare import Found, one_fix, rule

if TYPE_CHECKING:
    from go_sidecar.parse.jsonc import JNode, JsonDoc
    from go_sidecar.probe.facts import ConfigFacts
    from go_sidecar.probe.goland_configs import GolandConfig

CODE = "debug-info-stripped"
DELVE_ERROR = "could not launch process: decoding dwarf section info at offset 0x0: too short"

# The patterns are compiled on first use (functools.cache): a cold `sidecar check` of a workspace without build
# flags compiles none of them.


# -ldflags VALUE / -ldflags=VALUE, the value quoted or not (the shape of vscode-go's gcflagsRegexp).
# An unquoted value takes the bare -s/-w after it: `-ldflags=-s -w` means that, even if Delve hands `-w` to go build.
@cache
def _ldflags_re() -> re.Pattern[str]:
    return re.compile(r"""(^|\s)(--?ldflags)(=|\s+)('[^']*'|"[^"]*"|[^'"\s]+(?:\s+--?[sw](?!\S))*)""")


# A linker -s or -w (bool flags: -w=true strips, -w=false does not), as a whole word of the ldflags value.
@cache
def _strip_re() -> re.Pattern[str]:
    return re.compile(r"(?<!\S)--?([sw])(=(true|1|t|T|TRUE|True))?(?!\S)")


def stripping(value: str) -> list[str]:
    """The -s/-w linker flags in one -ldflags value (`-s -w`, `all=-s -w`, quoted or not)."""
    inner = value[1:-1] if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) > 1 else value
    inner = re.sub(r"^[^-\s][^=\s]*=", "", inner)  # a package pattern: `all=-s -w`
    return ["-" + m.group(1) for m in _strip_re().finditer(inner)]


def _flag_values(args: list[str], flag: str = "ldflags") -> list[str]:
    """The values of one flag among go build arguments (each argument one element, as the go command sees them)."""
    out = []
    for i, a in enumerate(args):
        m = re.match(rf"--?{flag}(=|$)", a)
        if m is None:
            continue
        if m.group(1):
            out.append(a[m.end() :])
        elif i + 1 < len(args):
            out.append(args[i + 1])
    return out


def stripped_by(flags: str | Sequence[object]) -> list[str]:
    """The -s/-w that go build flags pass to the linker: `flags` is a string (split as Delve splits
    --build-flags) or a list of arguments (vscode-go hands a list to dlv ≥ 1.22.2 unchanged)."""
    args = split_build_flags(flags) if isinstance(flags, str) else [a for a in flags if isinstance(a, str)]
    found: list[str] = []
    for value in _flag_values(args):
        found += [f for f in stripping(value) if f not in found]
    return found


def _strip_value(value: str) -> str:
    """One -ldflags value without -s/-w (quotes and a package pattern kept); "" when nothing else is left."""
    quote = value[0] if value[:1] in "'\"" and len(value) > 1 and value[-1] == value[0] else ""
    inner = value[1:-1] if quote else value
    pattern = re.match(r"^[^-\s][^=\s]*=", inner)
    prefix, rest = (pattern.group(0), inner[pattern.end() :]) if pattern else ("", inner)
    rest = " ".join(_strip_re().sub("", rest).split())
    return f"{quote}{prefix}{rest}{quote}" if rest else ""


def _remove_strip(text: str) -> str:
    """`text` (one string of flags) without -s/-w in its -ldflags values; an -ldflags left empty goes too."""

    def edit(m: re.Match[str]) -> str:
        lead, flag, sep, value = m.groups()
        value = _strip_value(value)
        return f"{lead}{flag}{sep}{value}" if value else lead

    return " ".join(_ldflags_re().sub(edit, text).split()) if _ldflags_re().search(text) else text


def _array_without_strip(items: list[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(items):
        a = items[i]
        if re.fullmatch(r"--?ldflags", a) and i + 1 < len(items):
            value = _strip_value(items[i + 1])
            out += [a, value] if value else []
            i += 2
            continue
        m = re.match(r"--?ldflags=", a)
        if m is not None:
            value = _strip_value(a[m.end() :])
            a = a[: m.end()] + value if value else ""
        if a:
            out.append(a)
        i += 1
    return out


def flags_fix(path: str, doc: JsonDoc | None, node: JNode | None, title: str) -> Fix | None:
    """A minimal edit of a flags value (a JSON string, or an array of strings) without -s/-w."""
    if node is None or doc is None:
        return None
    from go_sidecar.edit.jsonc import JsoncEditor  # a fix's builder: imported when a fix is built

    editor = JsoncEditor(path, doc)
    if node.kind == "string":
        return Fix(title, (editor.replace_value(node, _remove_strip(node.value)),), preferred=True)
    if node.kind != "array" or not all(n.kind == "string" for n in node.value):
        return None
    items = [n.value for n in node.value]
    new = _array_without_strip(items)
    if len(new) == len(items):  # same shape: edit only the elements that change
        edits = tuple(editor.replace_value(n, v) for n, v in zip(node.value, new) if n.value != v)
        return Fix(title, edits, preferred=True) if edits else None
    return Fix(title, (editor.replace_value(node, new),), preferred=True)


def _why(flags: list[str]) -> str:
    return (
        f"{' and '.join(flags)} make the linker leave out the DWARF debug info Delve reads. Delve fails with "
        f'"{DELVE_ERROR}" (Windows, and older Delve everywhere) or starts with "Warning: no debug info found" '
        "and breakpoints and variables do not work"
    )


@rule(
    code=CODE,
    family="debugger",
    severity=Severity.ERROR,
    summary="The debug build or the program strips the DWARF debug info Delve needs (-ldflags -s/-w)",
    explanation="""
Delve reads variables, breakpoints and stack traces from the executable's DWARF sections. The linker flags `-w`
(no DWARF) and `-s` (no symbol table; since Go 1.22 it implies `-w`) leave them out. Delve then fails with
"could not launch process: decoding dwarf section info at offset 0x0: too short - debuggee must not be built with
'go run' or -ldflags='-s -w', which strip debug info" (go-delve/delve service/debugger/debugger.go
`noDebugErrorWarning`; pkg/proc/bininfo.go `loadBinaryInfoPE`; go-delve/delve#1138, #2019, #1006). Since Delve
1.21 (ELF, #3408) and 1.22 (Mach-O, #3511) it starts instead with "Warning: no debug info found, some
functionality will be missing such as stack traces and variable evaluation" — a session that does not stop at
breakpoints.

go-sidecar looks where vscode-go takes build flags from (extension/src/goDebugConfiguration.ts at 28e27ff): a
building configuration's `buildFlags` (a string, or an array that vscode-go joins for dlv < 1.22.2) and GOFLAGS in
its env, envFile, `go.toolsEnvVars` or `go env -w`; and `go.testFlags`, or else `go.buildFlags`, which "debug test"
and the test UI pass as buildFlags (goTest.ts `debugTestAtCursor`, testUtils.ts `getTestFlags`). `go.delveConfig`
carries no build flags (its properties in vscode-go's package.json): unlike the issue, it is not checked. For
`mode: exec`, the program's section tables are read: ELF and PE `.debug_info`/`.zdebug_info`, Mach-O
`__debug_info`/`__zdebug_info` in the `__DWARF` segment (parse/binary.py). A GoLand run configuration's "Go tool
arguments" (`<go_parameters>`) are checked too: they are the build flags of the build GoLand debugs (inferred from
the run configuration's fields; GoLand's build code is not public).
""",
    fix="Remove `-s` and `-w` from the debug configuration's -ldflags (keep them in release builds): the fix edits "
    "buildFlags, GOFLAGS where it is written (env, go.toolsEnvVars, the envFile's line) or GoLand's Go tool "
    'arguments; for `mode: exec`, rebuild the program without them (`go build -gcflags=all="-N -l"`).',
    example='`"buildFlags": "-ldflags=\'-s -w -X main.version=1.0\'"` in a `mode: debug` configuration.',
)
def debug_info_stripped(facts: Facts) -> Iterator[Found]:
    yield from _config_findings(facts)
    yield from _test_flags_findings(facts)


def _config_findings(facts: Facts) -> Iterator[Found]:
    debug = facts.debug
    for cf in facts.configs:
        cfg = cf.config
        if cfg.goland:
            yield from _goland_findings(cfg)
            continue
        if cfg.view is None:
            continue
        path, doc = cfg.path or facts.workspace.launch_path, cfg.doc or facts.workspace.launch
        if doc is None:  # a configuration with a view was read from a file
            continue
        if cfg.builds:
            node, _ = cfg.view.member("buildFlags")
            flags = stripped_by(node.to_python()) if node is not None and node.kind in ("string", "array") else []
            if flags and node is not None:
                fix = one_fix(flags_fix, path, doc, node, f"Remove {' '.join(flags)} from buildFlags")
                yield Found(
                    f'Configuration "{cfg.name}": buildFlags pass -ldflags with {" ".join(flags)}. '
                    + _why(flags)
                    + ".",
                    Location(path, doc.index.range(node.start, node.end)),
                    fix,
                )
                continue
            yield from _goflags_finding(facts, cf, path, doc)
        elif cfg.kind == configs.EXEC and cfg.mode == "exec" and debug is not None:
            program, info = debug.programs.get(cfg.index, (None, None))
            if info is None or info.has_dwarf is not False:
                continue
            node = cfg.view.value("program")
            where = Location(path, doc.index.range(node.start, node.end)) if node is not None else cfg.anchor
            yield Found(
                f'Configuration "{cfg.name}": the program {program} has no DWARF debug info (no '
                ".debug_info section: it was built with -ldflags -s or -w, or by `go run`). Delve fails "
                f'with "{DELVE_ERROR}" (Windows, and older Delve everywhere) or starts with "Warning: no '
                'debug info found" and breakpoints and variables do not work. Rebuild it without -s/-w.',
                where,
            )


def _goland_findings(cfg: GolandConfig) -> Iterator[Found]:
    """GoLand's "Go tool arguments" (`<go_parameters value=..>`) go to the go build of its debug session too
    (inferred: GoLand's build is not public; no other field of the run configuration takes build flags)."""
    option = cfg.rc.options.get("go_parameters")
    flags = stripped_by(_intellij_split(option.value)) if option is not None else []
    if option is None or not flags:
        return
    yield Found(
        f'GoLand run configuration "{cfg.name}": its Go tool arguments pass -ldflags with '
        f"{' '.join(flags)}, and GoLand debugs what that build produces. " + _why(flags) + ".",
        option.location,
        one_fix(_go_parameters_fix, cfg, option.raw, flags),
    )


def _go_parameters_fix(cfg: GolandConfig, raw: str, flags: list[str]) -> Fix | None:
    found = cfg._editor_and_element()
    if found is None:  # the file or its <configuration> is not there (any more)
        return None
    editor, el = found
    child = next((c for c in el.children if c.tag == "go_parameters" and "value" in c.attrs), None)
    if child is None or not editor.ok:
        return None
    return Fix(
        f"Remove {' '.join(flags)} from the Go tool arguments",
        (editor.set_attribute(child, "value", _remove_strip(raw)),),
        preferred=True,
    )


def _intellij_split(text: str) -> list[str]:
    """Arguments as IntelliJ splits a parameters field (ParametersListUtil.parse): spaces separate, double
    quotes group and are dropped."""
    return [f.replace('"', "") for f in re.findall(r'(?:"[^"]*"|[^\s"])+', text)]


def _goflags_finding(facts: Facts, cf: ConfigFacts, path: str, doc: JsonDoc) -> Iterator[Found]:
    key = (
        next((k for k in cf.env if k.upper() == "GOFLAGS"), None)
        if facts.windows
        else ("GOFLAGS" if "GOFLAGS" in cf.env else None)
    )
    value, source = (cf.env[key], cf.sources.get(key, ENV)) if key else (facts.go_env.get("GOFLAGS"), "go env -w")
    flags = stripped_by(value) if value else []
    if not flags:
        return
    cfg = cf.config
    title = f"Remove {' '.join(flags)} from GOFLAGS"
    location = cfg.anchor
    fix: tuple[Fix, ...] | Callable[[], tuple[Fix, ...]] = ()
    member = cfg.env_members.get(key) if key and source == ENV else None
    if member is not None and member.value is not None and member.value.kind == "string":
        location = Location(path, doc.index.range(member.value.start, member.value.end))
        fix = one_fix(flags_fix, path, doc, member.value, title)
    elif source == TOOLS_ENV and key is not None:
        ws = facts.workspace
        tools = ws.settings_member("go.toolsEnvVars")
        m = (
            tools.value.get(key)
            if tools is not None and tools.value is not None and tools.value.kind == "object"
            else None
        )
        if m is not None and m.value is not None and m.value.kind == "string":
            fix = one_fix(flags_fix, ws.settings_path, ws.settings, m.value, title + " in go.toolsEnvVars")
    elif source == ENV_FILE and cf.env_file_path and key is not None:
        location = cfg.env_file_location or location
        data = facts.workspace.env_file_data.get(cf.env_file_path)
        if data is not None:
            fix = one_fix(env_file_fix, cf.env_file_path, data, key, title + " in the envFile")
    yield Found(
        f'Configuration "{cfg.name}": GOFLAGS (from {source}) passes -ldflags with {" ".join(flags)}. '
        + _why(flags)
        + ".",
        location,
        fix,
    )


# parse/envfile.py's line, its value stripped.
@cache
def _env_line_re() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:export\s+)?([\w.\-]+)\s*=\s*(.*?)\s*$")


def env_file_fix(path: str, data: bytes, key: str, title: str) -> Fix | None:
    """Remove -s/-w from the envFile line that sets `key` (the last one: parse_env_file keeps the last), only
    within its value (quotes kept); the whole line goes when nothing else is left in the value."""
    text = data.decode("utf-8", "surrogateescape")
    found, at = None, 0
    for line in text.splitlines(keepends=True):  # the lines parse/envfile.py iter_lines sees
        m = _env_line_re().match(line.rstrip("\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"))
        if m and m.group(1) == key:
            found = (at, line, m)
        at += len(line)
    if found is None:
        return None
    at, line, m = found
    start, end = m.span(2)
    if end - start >= 2 and line[start] == line[end - 1] and line[start] in "\"'":
        start, end = start + 1, end - 1
    new = _remove_strip(line[start:end])
    a, b = (at + start, at + end) if new.strip() else (at, at + len(line))  # the value, or the whole line

    def offset(i: int) -> int:  # characters of the decoded text to bytes of the file
        return len(text[:i].encode("utf-8", "surrogateescape"))

    edit = TextEdit(path, LineIndex(data).range(offset(a), offset(b)), new if new.strip() else "")
    return Fix(title, (edit,), preferred=True)


def _test_flags_findings(facts: Facts) -> Iterator[Found]:
    ws = facts.workspace
    if ws.settings is None:
        return
    # vscode-go: `goConfig['testFlags'] || goConfig['buildFlags'] || []` (an empty array is truthy in JS).
    member = ws.settings_member("go.testFlags")
    if member is None or member.value is None or member.value.kind == "null":
        member = ws.settings_member("go.buildFlags")
    if member is None or member.value is None or member.value.kind not in ("string", "array"):
        return
    node = member.value
    flags = stripped_by(node.to_python())
    if not flags:
        return
    fix = one_fix(flags_fix, ws.settings_path, ws.settings, node, f"Remove {' '.join(flags)} from {member.key}")
    yield Found(
        f'{member.key} passes -ldflags with {" ".join(flags)} to every "debug test" session (the code lens '
        "and the test UI use it as buildFlags). " + _why(flags) + ".",
        Location(ws.settings_path, ws.settings.index.range(node.start, node.end)),
        fix,
    )


# --- debug-build-optimized --------------------------------------------------------------------------------------
OPTIMIZED = "debug-build-optimized"
DELVE_GCFLAGS = "-gcflags all=-N -l"


# vscode-go removeGcflags (goDebugConfiguration.ts): what it strips from a string buildFlags before Delve sees it.
@cache
def _vscode_gcflags_re() -> re.Pattern[str]:
    return re.compile(r"""(^|\s)(-gcflags)(=| )('[^']*'|"[^"]*"|[^'"\s]+)+""")


@cache
def _gcflags_re() -> re.Pattern[str]:
    return re.compile(r"""(^|\s)(--?gcflags)(=|\s+)('[^']*'|"[^"]*"|[^'"\s]+)+""")


@cache
def _count_re() -> re.Pattern[str]:
    return re.compile(r"--?([Nl])(?:=(.*))?")


def after_vscode_go(text: str) -> str:
    """A string buildFlags as vscode-go hands it to Delve: each `-gcflags` match removed (not `--gcflags`)."""
    while _vscode_gcflags_re().search(text):
        text = _vscode_gcflags_re().sub("", text, count=1)
    return text


def optimizing(value: str) -> tuple[str, list[str]] | None:
    """(package pattern, which of -N and -l it lacks) of one -gcflags value, parsed as cmd/go/internal/load/
    flag.go PerPackageFlag.set (an optional `pattern=`, then a quoted list); None when the go command rejects it
    (the build then fails on its own). Delve calls a function optimized unless its compile unit was built with
    both -N and -l (pkg/proc/bininfo.go, from the DW_AT_producer)."""
    v, pattern = value.strip(), ""
    if v and not v.startswith("-"):
        i = v.find("=")
        if i <= 0 or v[0] in "'\"":
            return None
        pattern, v = v[:i].strip(), v[i + 1 :]
    counts = {"N": 0, "l": 0}
    for word in split_quoted(v):
        m = _count_re().fullmatch(word)
        if m:  # a CountFlag: -N adds one, -N=false resets, -N=3 sets
            arg, n = m.group(2), counts[m.group(1)]
            counts[m.group(1)] = (
                n + 1 if arg in (None, "true") else 0 if arg == "false" else int(arg) if arg.isdigit() else n
            )
    return pattern, [f"-{k}" for k, n in counts.items() if n == 0]


def _who(pattern: str) -> str:
    return {"": "the package being debugged is", "all": "every package is"}.get(
        pattern, f"the packages matching {pattern} are"
    )


def _delve_version_at_least(facts: Facts, wanted: tuple[int, int, int]) -> bool:
    chosen = facts.debug.chosen if facts.debug is not None else None
    if chosen is None or not chosen.delve_version:
        return False  # no dlv, or one of unknown version: no pattern to compile
    m = re.match(r"v?(\d+)\.(\d+)\.(\d+)(-?)", chosen.delve_version)
    return m is not None and (tuple(int(x) for x in m.groups()[:3]), not m.group(4)) >= (wanted, True)


def _gcflags_fix(path: str, doc: JsonDoc, node: JNode, title: str) -> Fix:
    from go_sidecar.edit.jsonc import JsoncEditor  # a fix's builder: imported when a fix is built

    new: str | list[object]
    if node.kind == "string":
        new = " ".join(_gcflags_re().sub(r"\1", node.value).split())
    else:
        items = node.to_python()
        new = [
            a
            for i, a in enumerate(items)
            if not (isinstance(a, str) and re.match(r"--?gcflags(=|$)", a))
            and not (i and isinstance(items[i - 1], str) and re.fullmatch(r"--?gcflags", items[i - 1]))
        ]
    return Fix(title, (JsoncEditor(path, doc).replace_value(node, new),))


@rule(
    code=OPTIMIZED,
    family="debugger",
    severity=Severity.INFORMATION,
    summary="Build flags replace Delve's `-gcflags all=-N -l`, so the debug build is optimised",
    explanation="""
Delve builds the program with `-gcflags all=-N -l` (no optimisations, no inlining) and appends a string
buildFlags *after* it (go-delve/delve pkg/gobuild/gobuild.go `goBuildArgs`); the go command keeps, for each
package, the last -gcflags whose pattern matches it (cmd/go/internal/load/flag.go `PerPackageFlag.For`). A later
-gcflags without `-N` or `-l` therefore makes those packages optimised: Delve marks their functions "(warning:
optimized function)" (service/dap/server.go, from the compile unit's producer in pkg/proc/bininfo.go), variables
may be unavailable and stepping jumps. vscode-go removes `-gcflags` from a string buildFlags and from the
configuration's env GOFLAGS (goDebugConfiguration.ts `removeGcflags`), but its pattern does not match `--gcflags`
or a value after a tab. An array buildFlags reaches Delve ≥ 1.22.2 as is and goes *before* Delve's own flag,
and GOFLAGS is read before the command line (cmd/go main.go: SetFromGOFLAGS, then Flag.Parse): neither wins,
so neither is reported. "debug test" joins `go.testFlags` (or `go.buildFlags`) into a string buildFlags.
""",
    fix="Remove the -gcflags from the debug configuration (Delve's own `all=-N -l` then applies), or give it "
    "`-N -l` as well.",
    example='`"buildFlags": "--gcflags=all=-l"` in a `mode: debug` configuration.',
)
def debug_build_optimized(facts: Facts) -> Iterator[Found]:
    array_as_is = _delve_version_at_least(facts, (1, 22, 2))  # vscode-go maybeJoinFlags
    for cf in facts.configs:
        cfg = cf.config
        if cfg.goland or cfg.view is None or not cfg.builds:
            continue
        node, _ = cfg.view.member("buildFlags")
        if node is None or node.kind not in ("string", "array") or (node.kind == "array" and array_as_is):
            continue
        path, doc = cfg.path or facts.workspace.launch_path, cfg.doc or facts.workspace.launch
        if doc is not None:  # a configuration with a view was read from a file
            yield from _optimized(path, doc, node, f'Configuration "{cfg.name}": buildFlags pass')
    ws = facts.workspace
    settings = ws.settings
    if settings is None:
        return
    member = ws.settings_member("go.testFlags")
    if member is None or member.value is None or member.value.kind == "null":
        member = ws.settings_member("go.buildFlags")
    if member is not None and member.value is not None and member.value.kind in ("string", "array"):
        yield from _optimized(
            ws.settings_path, settings, member.value, f'{member.key} passes to every "debug test" session'
        )


def _optimized(path: str, doc: JsonDoc, node: JNode, lead: str) -> Iterator[Found]:
    flags = node.value if node.kind == "string" else " ".join(n.value for n in node.value if n.kind == "string")
    last: dict[str, tuple[str, list[str]]] = {}  # per pattern, the last value: it replaces the earlier ones
    for value in _flag_values(split_build_flags(after_vscode_go(flags)), "gcflags"):
        found = optimizing(value)
        if found is not None:
            last[found[0]] = (value, found[1])
    fix = one_fix(_gcflags_fix, path, doc, node, "Remove the -gcflags that replace Delve's -N -l")
    for pattern, (value, missing) in last.items():
        if missing:
            yield Found(
                f"{lead} -gcflags `{value}` after Delve's own `{DELVE_GCFLAGS}`, and the go command keeps "
                f"the last -gcflags for each package: {_who(pattern)} compiled without "
                f'{" and ".join(missing)}, so Delve debugs optimised code ("(warning: optimized '
                'function)": variables may be unavailable, stepping jumps).',
                Location(path, doc.index.range(node.start, node.end)),
                fix,
            )
