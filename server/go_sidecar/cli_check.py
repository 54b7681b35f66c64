"""`sidecar check`: the folders and .code-workspace files named on the command line, the settings its flags give,
and the report written to stdout as text, JSON, SARIF (go_sidecar/sarif.py) or the tools report (--tools,
go_sidecar/tools_report.py). cli.py runs it with the garbage collector off; what it needs, it loads when it runs.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, TextIO

from go_sidecar.cli_args import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK

if TYPE_CHECKING:
    from go_sidecar.check import Folder
    from go_sidecar.cli_args import Args
    from go_sidecar.model import Finding, Report
    from go_sidecar.probe.system import System
    from go_sidecar.settings import Settings

CODE_WORKSPACE = ".code-workspace"


def run(args: Args) -> int:
    """`sidecar check PATH... [OPTION]...`: the exit code (0, 1: findings at warning or error, 2: an error)."""
    from go_sidecar.check import run_check
    from go_sidecar.probe.system import RealSystem
    from go_sidecar.rules import registry
    from go_sidecar.settings import parse_settings

    for path in args.paths:
        if not os.path.isdir(path) and not (path.endswith(CODE_WORKSPACE) and os.path.isfile(path)):
            print(f"sidecar check: {path}: not a folder or a {CODE_WORKSPACE} file", file=sys.stderr)
            return EXIT_ERROR
    raw, errors = _cli_settings(args)
    settings, messages = parse_settings(raw, {r.code for r in registry.all_rules()})
    if errors or messages:
        for m in errors + messages:
            print(f"sidecar check: {m}", file=sys.stderr)
        return EXIT_ERROR
    system = RealSystem()
    if args.tools:
        return _tools(system, args, settings)
    if len(args.paths) == 1 and os.path.isdir(args.paths[0]):
        report, _ = run_check(system, os.path.realpath(args.paths[0]), settings)
        if args.format == "json":
            _write_json(report.to_json())
        elif args.format == "sarif":
            _write_sarif([report])
        else:
            sys.stdout.write(render_text(report))
        return EXIT_FINDINGS if report.failing else EXIT_OK
    return _check_several(system, args, settings)


def _cli_settings(args: Args) -> tuple[dict[str, object], list[str]]:
    """The settings the command line gives, as the editor would send them (parse_settings reads both)."""
    raw: dict[str, object] = {}
    errors: list[str] = []
    if args.toolchainRoots:
        raw["toolchainRoots"] = [os.path.abspath(p) for p in args.toolchainRoots]
    if args.disabledRules:
        raw["disabledRules"] = [c for item in args.disabledRules for c in item.split(",") if c]
    if args.severityOverrides:
        overrides: dict[str, str] = {}
        for item in args.severityOverrides:
            code, sep, level = item.partition("=")
            if not sep:
                errors.append(f"--severity-overrides takes CODE=LEVEL, got {item!r}")
                continue
            overrides[code.strip()] = level.strip()
        raw["severityOverrides"] = overrides
    if args.gocacheOversizedGiB is not None:
        try:
            raw["gocacheOversizedGiB"] = float(args.gocacheOversizedGiB)
        except ValueError:
            errors.append(f"--gocache-oversized-gib takes a number of GiB, got {args.gocacheOversizedGiB!r}")
    return raw, errors


def _check_several(system: System, args: Args, settings: Settings) -> int:
    from go_sidecar.check import combined_json, run_checks

    entries, workspace_file, messages = workspace_entries(system, args.paths)
    results = run_checks(system, entries, settings)
    if messages:
        results[0][1].messages[:0] = messages
    if args.format == "json":
        _write_json(combined_json([(f, r) for f, r, _ in results], workspace_file))
    elif args.format == "sarif":
        _write_sarif([r for _, r, _ in results])
    else:
        sys.stdout.write("\n".join(render_text(r, f.workspace_file or f.name) for f, r, _ in results))
        counts = _counts([f for _, r, _ in results for f in r.findings])
        total = sum(counts.values())
        sys.stdout.write(f"\n{len(results)} folder(s), {total} finding(s): {_summary(counts)}\n")
    return EXIT_FINDINGS if any(r.failing for _, r, _ in results) else EXIT_OK


def workspace_entries(system: System, paths: list[str]) -> tuple[list[Folder], str | None, list[str]]:
    """(the entries to check, the .code-workspace checked if any, messages): each folder once, in order; a
    .code-workspace adds its folders and one entry for its own launch and settings sections. A folder it names
    that does not exist is said and skipped, as VS Code shows it missing."""
    from go_sidecar.check import Folder
    from go_sidecar.probe.workspace import read_code_workspace

    entries: list[Folder] = []
    seen: set[str] = set()
    workspace_file = None
    messages: list[str] = []

    def add(folder: Folder) -> None:
        key = folder.workspace_file or folder.path
        if key not in seen:
            seen.add(key)
            entries.append(folder)

    for path in paths:
        if os.path.isdir(path):
            real = os.path.realpath(path)
            add(Folder(os.path.basename(real) or real, real))
            continue
        real = os.path.realpath(path)
        workspace_file = workspace_file or real
        code_ws = read_code_workspace(system, real)
        messages += code_ws.messages
        for name, folder in code_ws.folders:
            if os.path.isdir(folder):
                add(Folder(name, os.path.realpath(folder)))
            else:
                messages.append(f"{real}: folder {name!r} ({folder}) does not exist; skipped")
        add(Folder(os.path.basename(real), os.path.dirname(real), real))
    return entries, workspace_file, messages


def _tools(system: System, args: Args, settings: Settings) -> int:
    """`sidecar check --tools`: the tools report of each folder (go_sidecar/tools_report.py)."""
    from go_sidecar import tools_report
    from go_sidecar.check import _real_host

    if args.format == "sarif":
        print("sidecar check: --tools prints text or json, not sarif", file=sys.stderr)
        return EXIT_ERROR
    entries, _, messages = workspace_entries(system, args.paths)
    for m in messages:
        print(f"sidecar check: {m}", file=sys.stderr)
    machine = _real_host().facts()
    reports = [
        tools_report.build(system, facts, machine, name=f.name, workspace_file=f.workspace_file)
        for f, facts in tools_report.collect(system, entries, settings)
    ]
    if args.format == "json":
        _write_json(
            reports[0].to_json() if len(reports) == 1 else {"version": 1, "reports": [r.to_json() for r in reports]}
        )
    else:
        sys.stdout.write("\n".join(tools_report.to_text(r) for r in reports))
    return EXIT_OK


def _write_sarif(reports: Sequence[Report]) -> None:
    """One SARIF log of every checked folder (go_sidecar/sarif.py: URIs relative to the repository's root)."""
    from go_sidecar.rules import registry
    from go_sidecar.sarif import source_root, to_sarif

    root = source_root([r.root for r in reports], windows=os.name == "nt")
    _write_json(to_sarif(reports, registry.all_rules(), root))


def _write_json(data: Mapping[str, object]) -> None:
    # Indented for a person at a terminal; compact for a pipe, where json's C encoder does it ~10x faster (the
    # indenting encoder is pure Python: 1 s for the report of a 4,000-configuration launch.json).
    import json  # not loaded by a text check

    indent = 2 if _isatty(sys.stdout) else None
    sys.stdout.write(json.dumps(data, indent=indent, ensure_ascii=False))
    sys.stdout.write("\n")


def _isatty(stream: TextIO | None) -> bool:
    if stream is None:  # no console (pythonw): sys.stdout is None
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _counts(findings: Iterable[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity.label] = counts.get(f.severity.label, 0) + 1
    return counts


def _summary(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {label}" for label, n in sorted(counts.items())) or "no findings"


def render_text(report: Report, title: str | None = None) -> str:
    """One folder's findings; `title` names the folder (or .code-workspace) in a report of several."""
    head = f"{title} ({report.root})" if title and title != report.root else report.root
    lines = [f"go-sidecar: {head} ({report.host.os}/{report.host.arch})"]
    if report.toolchains:
        lines.append("Go toolchains: " + ", ".join(f"{t.version or '?'} ({t.root})" for t in report.toolchains))
    else:
        lines.append("Go toolchains: none found")
    by_file: dict[str, list[Finding]] = {}
    for f in report.findings:
        by_file.setdefault(f.location.path, []).append(f)
    for path, findings in by_file.items():
        try:
            shown = os.path.relpath(path, report.root)
        except ValueError:
            shown = path
        lines.append("")
        lines.append(shown)
        for f in findings:
            pos = f.location.range.start
            lines.append(f"  {pos.line + 1}:{pos.character + 1}  {f.severity.label:<11} {f.code}  {f.message}")
            for fix in f.fixes:
                mark = "*" if fix.preferred else "-"
                lines.append(f"      {mark} fix: {fix.title}")
                if fix.shell:
                    lines.append(f"          run: {fix.shell}")
    for m in report.messages:
        lines.append(f"note: {m}")
    summary = _summary(_counts(report.findings))
    lines.append("")
    lines.append(f"{len(report.findings)} finding(s): {summary}")
    return "\n".join(lines) + "\n"
