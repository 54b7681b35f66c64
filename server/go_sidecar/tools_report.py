"""The tools report (`sidecar check --tools`, the server command `sidecar.toolsReport`): which Go toolchains, dlv
and gopls this machine has, in the order the editors search them, and what each debug configuration runs with.

Its layout follows VS Code Go's "Go: Locate Configured Go Tools" (`extension/src/commands/getConfiguredGoTools.ts`;
docs/facts.md, Reports teams already use), which users already paste into bug reports: `## Environment`, `## Tools`
(`<name>: <path> (version: <v> built with go: <gov>)` or `not installed`), then one `## Configuration "<name>"`
section per debug configuration where VS Code has `## Go env`. What disagrees is marked with "⚠". The values are
gathered in tools_values.py, read only (nothing is run); this module assembles and renders them as markdown,
text and JSON (schemas/tools.schema.json).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from go_sidecar import __version__
from go_sidecar._record import dataclass, field
from go_sidecar.check import Folder, effective_settings
from go_sidecar.probe.facts import Facts, gather, probe_toolchains
from go_sidecar.probe.host import HostFacts
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import all_go_on_path
from go_sidecar.probe.workspace import read_workspace
from go_sidecar.settings import Settings
from go_sidecar.tools_values import (
    Configuration,
    GoRoot,
    Identify,
    Tool,
    Value,
    configuration,
    default_identify,
    dlvs,
    environment,
    go_roots,
    gopls,
)

if TYPE_CHECKING:
    from go_sidecar.probe.memo import Memo

__all__ = [
    "Configuration",
    "GoRoot",
    "Tool",
    "ToolsReport",
    "Value",
    "build",
    "collect",
    "to_json",
    "to_markdown",
    "to_text",
]
WARN = "⚠"
VALUE_LIMIT = 600  # characters of a value shown (a PATH of 100,000 characters is summarised)


@dataclass
class ToolsReport:
    root: str
    host: HostFacts
    environment: list[Value]
    toolchains: list[GoRoot]
    tools: list[Tool]
    configurations: list[Configuration]
    name: str = ""
    workspace_file: str | None = None
    messages: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return to_json(self)


# --- gathering --------------------------------------------------------------------------------------------------


def collect(
    sys_: System,
    entries: Sequence[Folder],
    settings: Settings = Settings(),
    overlays: Mapping[str, bytes] | None = None,
    memo: Memo | None = None,
    only: Folder | None = None,
) -> list[tuple[Folder, Facts]]:
    """The facts of each entry as `check.run_checks` reads them, without the rules and the cache scans; with
    `only`, of that entry alone (the others still name their folders and lend their settings)."""
    names = {f.name: f.path for f in entries if f.workspace_file is None}
    ws_file = next((f for f in entries if f.workspace_file is not None), None)
    inherited = None
    if ws_file is not None:
        inherited = read_workspace(sys_, ws_file.path, overlays, names, ws_file.workspace_file).settings_values
    out = []
    for f in entries if only is None else [only]:
        ws = read_workspace(sys_, f.path, overlays, names, f.workspace_file, memo)
        eff, messages = effective_settings(settings, ws, inherited if f.workspace_file is None else None)
        facts = gather(sys_, ws, probe_toolchains(sys_, ws, eff), memo, overlays)
        facts.messages += messages
        out.append((f, facts))
    return out


def build(
    sys_: System,
    facts: Facts,
    machine: HostFacts,
    identify: Identify | None = None,
    name: str = "",
    workspace_file: str | None = None,
) -> ToolsReport:
    """The report of one checked folder (or .code-workspace), from its facts (probe/facts.py `gather`)."""
    identify = identify or default_identify(sys_)
    path_value = env_get(sys_.env, "PATH", sys_.host.windows) or ""
    gos = all_go_on_path(sys_, path_value)
    tools = dlvs(sys_, facts, machine, identify) + gopls(sys_, facts.workspace, facts.go_env, machine, identify)
    return ToolsReport(
        root=facts.root,
        host=machine,
        environment=environment(sys_, facts, gos, path_value),
        toolchains=go_roots(sys_, facts, machine, identify, gos),
        tools=tools,
        configurations=[configuration(sys_, facts, cf, tools) for cf in facts.configs],
        name=name,
        workspace_file=workspace_file,
        messages=list(facts.messages),
    )


# --- rendering --------------------------------------------------------------------------------------------------
# One model for markdown and text: a section is a heading and lines; a line is a prefix ("" | "-" | "1.", ...)
# and parts, each ("text" | "code" | "warn", string). Each renderer escapes each kind its own way.

Part = tuple[str, str]
Line = tuple[str, list[Part]]
BLANK: Line = ("", [])


def _value_line(v: Value) -> Line:
    unset = "not set" if v.name.isupper() else "none"  # a variable is not set; a go, a dlv is not there
    parts: list[Part] = [("text", f"{v.name}: "), ("code", v.value) if v.value else ("text", unset)]
    extra = "; ".join(x for x in (v.detail, v.source) if x and x != "not set")
    if extra:
        parts.append(("text", f" ({extra})"))
    return "-", parts + [("warn", w) for w in v.warnings]


def _tool_line(i: int, t: Tool) -> Line:
    where = t.source + (f", {t.via}" if t.via else "")
    parts: list[Part] = [("text", f"{t.name}: "), ("code", t.path)]
    parts.append(
        ("text", f" (version: {t.version or '?'} built with go: {t.go_version or '?'}, {t.platform or '?'}; {where})")
    )
    if t.used_by:
        parts.append(("text", f" ← {t.used_by} runs this one"))
    return f"{i + 1}.", parts + [("warn", w) for w in t.warnings]


def _tools_lines(report: ToolsReport) -> list[Line]:
    lines: list[Line] = [("", [("text", "Go toolchains:")]), BLANK]
    for t in report.toolchains:
        parts: list[Part] = [("text", f"{t.version or '?'} {t.platform or '?'}: "), ("code", t.root)]
        parts.append(("text", f" ({t.source})" + (" ← the first go on PATH" if t.on_path == "first" else "")))
        lines.append(("-", parts + [("warn", w) for w in t.warnings]))
    if not report.toolchains:
        lines.append(("-", [("text", "none found")]))
    for name, order in (
        ("dlv", "in the order VS Code Go searches, then GoLand's bundled one"),
        ("gopls", "in the order VS Code Go searches"),
    ):
        found = [t for t in report.tools if t.name == name]
        lines += [BLANK, ("", [("text", f"{name} ({order}):")]), BLANK]
        lines += [_tool_line(i, t) for i, t in enumerate(found)] or [("-", [("text", f"{name}: not installed")])]
    return lines


def _sections(report: ToolsReport, config: str | None) -> list[tuple[str, list[Line]]]:
    host = report.host
    machine = f"{host.os}/{host.native_arch}"
    if host.emulated:
        machine += f" (this process: {host.arch}, {host.emulation})"
    head: list[Line] = [
        ("", [("text", f"go-sidecar {__version__} · {machine} · "), ("code", report.workspace_file or report.root)])
    ]
    chosen = [c for c in report.configurations if config is None or c.name == config]
    if config is not None and not chosen:
        head += [BLANK, ("", [("text", "no configuration named "), ("code", config), ("text", ": all of them follow")])]
        chosen = report.configurations
    per_config = []
    for c in chosen:
        lines: list[Line] = [("", [("text", f"{c.kind} · "), ("code", c.file), ("text", f" line {c.line}")]), BLANK]
        per_config.append((f'Configuration "{c.name}"', lines + [_value_line(v) for v in c.values]))
    env = ("Environment", [_value_line(v) for v in report.environment])
    tools = ("Tools", _tools_lines(report))
    sections = [("", head)] + ([*per_config, tools, env] if config is not None else [env, tools, *per_config])
    if report.messages:
        sections.append(("Notes", [("-", [("text", m)]) for m in report.messages]))
    return sections


def _shown(text: str) -> str:
    """A value as one line: control characters escaped, at most VALUE_LIMIT characters."""
    out = "".join(c if c.isprintable() else repr(c)[1:-1] for c in text[: VALUE_LIMIT + 1])
    if len(text) > VALUE_LIMIT:
        out = out[:VALUE_LIMIT] + f"… ({len(text)} characters)"
    return out


_MD_SPECIAL = frozenset("\\`*_[]<>|~&#")


def _md(text: str) -> str:
    """Plain text for markdown: each character markdown could read as syntax or HTML escaped."""
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in _shown(text))


def _md_code(text: str) -> str:
    """A code span that holds any text: a fence longer than the longest run of backticks in it."""
    shown = _shown(text)
    run = longest = 0
    for c in shown:
        run = run + 1 if c == "`" else 0
        longest = max(longest, run)
    fence = "`" * (longest + 1)
    pad = " " if longest or shown.startswith(" ") or shown.endswith(" ") else ""
    return f"{fence}{pad}{shown}{pad}{fence}"


def _render(parts: list[Part], markdown: bool) -> str:
    out = []
    for kind, s in parts:
        if kind == "warn":
            out.append(f" {WARN} " + (_md(s) if markdown else _shown(s)))
        elif kind == "code":
            out.append(_md_code(s) if markdown else _shown(s))
        else:
            out.append(_md(s) if markdown else _shown(s))
    return "".join(out)


def to_markdown(report: ToolsReport, config: str | None = None) -> str:
    """The report as markdown; with `config` (a configuration's name), its section first: the code lens's view."""
    out = [f"# go-sidecar tools report: {_md(report.name or report.root)}"]
    for heading, lines in _sections(report, config):
        out += ["", f"## {_md(heading)}", ""] if heading else [""]
        out += [(f"{prefix} " if prefix else "") + _render(parts, True) for prefix, parts in lines]
    return "\n".join(out) + "\n"


def to_text(report: ToolsReport, config: str | None = None) -> str:
    """The same for a terminal: headings underlined, no markdown escapes."""
    out = [f"go-sidecar tools report: {_shown(report.name or report.root)}"]
    for heading, lines in _sections(report, config):
        out += ["", _shown(heading), "-" * len(_shown(heading)), ""] if heading else [""]
        for prefix, parts in lines:
            indent = "  " if prefix == "-" else f"  {prefix} " if prefix else ""
            out.append((indent + _render(parts, False)) if parts else "")
    return "\n".join(out) + "\n"


def to_json(report: ToolsReport) -> dict[str, Any]:
    """schemas/tools.schema.json."""
    out: dict[str, Any] = {
        "version": 1,
        "root": report.root,
        "name": report.name,
        "host": report.host.to_json(),
        "environment": [v.to_json() for v in report.environment],
        "toolchains": [t.to_json() for t in report.toolchains],
        "tools": [t.to_json() for t in report.tools],
        "configurations": [c.to_json() for c in report.configurations],
        "messages": list(report.messages),
    }
    if report.workspace_file is not None:
        out["workspaceFile"] = report.workspace_file
    return out
