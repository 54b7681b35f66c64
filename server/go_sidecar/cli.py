"""`sidecar serve | check | rules`.

`check` imports no LSP machinery (pygls, lsprotocol): it starts as fast as a small script can.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from go_sidecar import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2, as documented
        self.print_usage(sys.stderr)
        self.exit(EXIT_ERROR, f"{self.prog}: error: {message}\n")


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="sidecar", description="Go toolchain, debugger and cache checks for VS Code and GoLand.")
    p.add_argument("--version", action="version", version=f"go-sidecar {__version__}")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    s = sub.add_parser("serve", help="run the language server on stdio")
    s.add_argument("--stdio", action="store_true", help="accepted for editors that pass it; stdio is the default")

    c = sub.add_parser("check", help="check a workspace and print the findings")
    c.add_argument("path", nargs="?", default=".", help="workspace folder (default: current folder)")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--toolchain-roots", dest="toolchainRoots", action="append", default=None, metavar="DIR",
                   help="goSidecar.toolchainRoots: another folder holding Go toolchains (repeatable)")
    c.add_argument("--disabled-rules", dest="disabledRules", action="append", default=None, metavar="CODE",
                   help="goSidecar.disabledRules: a rule code not to run (repeatable)")
    c.add_argument("--severity-overrides", dest="severityOverrides", action="append", default=None,
                   metavar="CODE=LEVEL", help="goSidecar.severityOverrides: e.g. goroot-unpinned=warning")

    r = sub.add_parser("rules", help="print the rule catalogue")
    r.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "serve":
            from go_sidecar.lsp.fastinit import answer_first

            stdin, stdout = answer_first(sys.stdin.buffer, sys.stdout.buffer)
            from go_sidecar.lsp.server import serve

            serve(stdin, stdout)
            return EXIT_OK
        if args.command == "rules":
            return _rules(args.format)
        return _check(args)
    except KeyboardInterrupt:
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_ERROR
    except Exception:  # noqa: BLE001 - an internal error is exit 2 with the trace, never a findings result
        import traceback

        print("sidecar: internal error:\n" + traceback.format_exc(), file=sys.stderr)
        return EXIT_ERROR


def _rules(fmt: str) -> int:
    from go_sidecar.rules import registry

    if fmt == "markdown":
        sys.stdout.write(registry.catalogue_markdown())
    elif fmt == "json":
        rules = [
            {"code": r.code, "family": r.family, "severity": r.severity.label, "summary": r.summary,
             "explanation": r.explanation, "fix": r.fix, "url": r.url}
            for r in registry.all_rules()
        ]
        json.dump(rules, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(registry.catalogue_text())
    return EXIT_OK


def _cli_settings(args) -> tuple[dict, list[str]]:
    raw: dict = {}
    errors: list[str] = []
    if args.toolchainRoots:
        raw["toolchainRoots"] = [str(Path(p).absolute()) for p in args.toolchainRoots]
    if args.disabledRules:
        raw["disabledRules"] = [c for item in args.disabledRules for c in item.split(",") if c]
    if args.severityOverrides:
        overrides = {}
        for item in args.severityOverrides:
            code, sep, level = item.partition("=")
            if not sep:
                errors.append(f"--severity-overrides takes CODE=LEVEL, got {item!r}")
                continue
            overrides[code.strip()] = level.strip()
        raw["severityOverrides"] = overrides
    return raw, errors


def _check(args) -> int:
    from go_sidecar.check import run_check
    from go_sidecar.probe.system import RealSystem
    from go_sidecar.rules import registry
    from go_sidecar.settings import parse_settings

    root = Path(args.path)
    if not root.is_dir():
        print(f"sidecar check: {args.path}: not a folder", file=sys.stderr)
        return EXIT_ERROR
    raw, errors = _cli_settings(args)
    settings, messages = parse_settings(raw, {r.code for r in registry.all_rules()})
    if errors or messages:
        for m in errors + messages:
            print(f"sidecar check: {m}", file=sys.stderr)
        return EXIT_ERROR
    report, _ = run_check(RealSystem(), str(root.resolve()), settings)
    if args.format == "json":
        json.dump(report.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(render_text(report))
    return EXIT_FINDINGS if report.failing else EXIT_OK


def render_text(report) -> str:
    lines = [f"go-sidecar: {report.root} ({report.host.os}/{report.host.arch})"]
    if report.toolchains:
        lines.append("Go toolchains: " + ", ".join(f"{t.version or '?'} ({t.root})" for t in report.toolchains))
    else:
        lines.append("Go toolchains: none found")
    by_file: dict[str, list] = {}
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
    for m in report.messages:
        lines.append(f"note: {m}")
    counts: dict[str, int] = {}
    for f in report.findings:
        counts[f.severity.label] = counts.get(f.severity.label, 0) + 1
    summary = ", ".join(f"{n} {label}" for label, n in sorted(counts.items())) or "no findings"
    lines.append("")
    lines.append(f"{len(report.findings)} finding(s): {summary}")
    return "\n".join(lines) + "\n"
