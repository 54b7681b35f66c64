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
"""

from __future__ import annotations

import re
from typing import Iterator

from go_sidecar.fix.jsonc_edit import JsoncEditor
from go_sidecar.model import Finding, Fix, Location, Severity
from go_sidecar.probe import configs
from go_sidecar.probe.facts import ENV, Facts
from go_sidecar.rules.registry import rule

CODE = "debug-info-stripped"
DELVE_ERROR = "could not launch process: decoding dwarf section info at offset 0x0: too short"
# -ldflags VALUE / -ldflags=VALUE, the value quoted or not (the shape of vscode-go's gcflagsRegexp).
# An unquoted value takes the bare -s/-w after it: `-ldflags=-s -w` means that, even if Delve hands `-w` to go build.
_LDFLAGS = re.compile(r"""(^|\s)(--?ldflags)(=|\s+)('[^']*'|"[^"]*"|[^'"\s]+(?:\s+--?[sw](?!\S))*)""")
# A linker -s or -w (bool flags: -w=true strips, -w=false does not), as a whole word of the ldflags value.
_STRIP = re.compile(r"(?<!\S)--?([sw])(=(true|1|t|T|TRUE|True))?(?!\S)")


def stripping(value: str) -> list[str]:
    """The -s/-w linker flags in one -ldflags value (`-s -w`, `all=-s -w`, quoted or not)."""
    inner = value[1:-1] if value[:1] in "'\"" and value[-1:] == value[:1] and len(value) > 1 else value
    inner = re.sub(r"^[^-\s][^=\s]*=", "", inner)  # a package pattern: `all=-s -w`
    return ["-" + m.group(1) for m in _STRIP.finditer(inner)]


def _ldflags_values(args: list[str]) -> list[str]:
    """The -ldflags values among go build arguments (each argument one element, as the go command sees them)."""
    out = []
    for i, a in enumerate(args):
        m = re.match(r"--?ldflags(=|$)", a)
        if m is None:
            continue
        if m.group(1):
            out.append(a[m.end():])
        elif i + 1 < len(args):
            out.append(args[i + 1])
    return out


def _split(text: str) -> list[str]:
    """Fields as Delve splits `--build-flags` (pkg/config/split.go SplitQuotedFields with a single quote)."""
    return [f.replace("'", "") for f in re.findall(r"(?:'[^']*'|[^\s'])+", text)]


def stripped_by(flags) -> list[str]:
    """The -s/-w that go build flags pass to the linker: `flags` is a string (split as Delve splits
    --build-flags) or a list of arguments (vscode-go hands a list to dlv ≥ 1.22.2 unchanged)."""
    args = _split(flags) if isinstance(flags, str) else [a for a in flags if isinstance(a, str)]
    found: list[str] = []
    for value in _ldflags_values(args):
        found += [f for f in stripping(value) if f not in found]
    return found


def _strip_value(value: str) -> str:
    """One -ldflags value without -s/-w (quotes and a package pattern kept); "" when nothing else is left."""
    quote = value[0] if value[:1] in "'\"" and len(value) > 1 and value[-1] == value[0] else ""
    inner = value[1:-1] if quote else value
    pattern = re.match(r"^[^-\s][^=\s]*=", inner)
    prefix, rest = (pattern.group(0), inner[pattern.end():]) if pattern else ("", inner)
    rest = " ".join(_STRIP.sub("", rest).split())
    return f"{quote}{prefix}{rest}{quote}" if rest else ""


def _remove_strip(text: str) -> str:
    """`text` (one string of flags) without -s/-w in its -ldflags values; an -ldflags left empty goes too."""
    def edit(m: re.Match) -> str:
        lead, flag, sep, value = m.groups()
        value = _strip_value(value)
        return f"{lead}{flag}{sep}{value}" if value else lead

    return " ".join(_LDFLAGS.sub(edit, text).split()) if _LDFLAGS.search(text) else text


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
            value = _strip_value(a[m.end():])
            a = a[:m.end()] + value if value else ""
        if a:
            out.append(a)
        i += 1
    return out


def flags_fix(path: str, doc, node, title: str) -> Fix | None:
    """A minimal edit of a flags value (a JSON string, or an array of strings) without -s/-w."""
    if node is None or doc is None:
        return None
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
    return (f"{' and '.join(flags)} make the linker leave out the DWARF debug info Delve reads. Delve fails with "
            f'"{DELVE_ERROR}" (Windows, and older Delve everywhere) or starts with "Warning: no debug info found" '
            "and breakpoints and variables do not work")


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
`__debug_info`/`__zdebug_info` in the `__DWARF` segment (parse/binary.py).
""",
    fix="Remove `-s` and `-w` from the debug configuration's -ldflags (keep them in release builds); for `mode: exec`, "
        "rebuild the program without them (`go build -gcflags=all=\"-N -l\"`).",
    example='`"buildFlags": "-ldflags=\'-s -w -X main.version=1.0\'"` in a `mode: debug` configuration.',
)
def debug_info_stripped(facts: Facts) -> Iterator[Finding]:
    yield from _config_findings(facts)
    yield from _test_flags_findings(facts)


def _config_findings(facts: Facts) -> Iterator[Finding]:
    debug = facts.debug
    for cf in facts.configs:
        cfg = cf.config
        if getattr(cfg, "goland", False) or cfg.view is None:
            continue
        path, doc = cfg.path or facts.workspace.launch_path, cfg.doc or facts.workspace.launch
        if cfg.builds:
            node, _ = cfg.view.member("buildFlags")
            flags = stripped_by(node.to_python()) if node is not None and node.kind in ("string", "array") else []
            if flags:
                fix = flags_fix(path, doc, node, f"Remove {' '.join(flags)} from buildFlags")
                yield Finding(CODE, Severity.ERROR,
                              f'Configuration "{cfg.name}": buildFlags pass -ldflags with {" ".join(flags)}. '
                              + _why(flags) + ".",
                              Location(path, doc.index.range(node.start, node.end)), (fix,) if fix else ())
                continue
            yield from _goflags_finding(facts, cf, path, doc)
        elif cfg.kind == configs.EXEC and cfg.mode == "exec" and debug is not None:
            program, info = debug.programs.get(cfg.index, (None, None))
            if info is None or info.has_dwarf is not False:
                continue
            node = cfg.view.value("program")
            where = Location(path, doc.index.range(node.start, node.end)) if node is not None else cfg.anchor
            yield Finding(CODE, Severity.ERROR,
                          f'Configuration "{cfg.name}": the program {program} has no DWARF debug info (no '
                          ".debug_info section: it was built with -ldflags -s or -w, or by `go run`). Delve fails "
                          f'with "{DELVE_ERROR}" (Windows, and older Delve everywhere) or starts with "Warning: no '
                          'debug info found" and breakpoints and variables do not work. Rebuild it without -s/-w.',
                          where)


def _goflags_finding(facts: Facts, cf, path: str, doc) -> Iterator[Finding]:
    key = next((k for k in cf.env if k.upper() == "GOFLAGS"), None) if facts.windows else \
        ("GOFLAGS" if "GOFLAGS" in cf.env else None)
    value, source = (cf.env[key], cf.sources.get(key, ENV)) if key else (facts.go_env.get("GOFLAGS"), "go env -w")
    flags = stripped_by(value) if value else []
    if not flags:
        return
    cfg = cf.config
    member = cfg.env_members.get(key) if key and source == ENV else None
    fixes: tuple = ()
    if member is not None and member.value is not None and member.value.kind == "string":
        location = Location(path, doc.index.range(member.value.start, member.value.end))
        fix = flags_fix(path, doc, member.value, f"Remove {' '.join(flags)} from GOFLAGS")
        fixes = (fix,) if fix else ()
    else:
        location = cfg.anchor
    yield Finding(CODE, Severity.ERROR,
                  f'Configuration "{cfg.name}": GOFLAGS (from {source}) passes -ldflags with {" ".join(flags)}. '
                  + _why(flags) + ".", location, fixes)


def _test_flags_findings(facts: Facts) -> Iterator[Finding]:
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
    fix = flags_fix(ws.settings_path, ws.settings, node, f"Remove {' '.join(flags)} from {member.key}")
    yield Finding(CODE, Severity.ERROR,
                  f'{member.key} passes -ldflags with {" ".join(flags)} to every "debug test" session (the code lens '
                  "and the test UI use it as buildFlags). " + _why(flags) + ".",
                  Location(ws.settings_path, ws.settings.index.range(node.start, node.end)), (fix,) if fix else ())
