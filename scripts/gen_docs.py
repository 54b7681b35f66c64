"""Regenerate every file written from the code: `make docs` (or `.venv/bin/python scripts/gen_docs.py`).

- docs/rules.md: the rule catalogue, from the rules' metadata (registry.catalogue_markdown, which is also
  `sidecar rules --format markdown`).
- README.md: only the regions between `<!-- NAME:begin -->` and `<!-- NAME:end -->`: the rules table (the
  registry), the settings table (schemas/settings.schema.json and the flags of cli.COMMANDS) and each command's
  usage (cli.command_usage, from the table the argument parser reads). The prose around them is hand-written.
- schemas/settings.schema.json: `$defs.ruleCode.enum`, every rule code in registry order.
- vscode-extension/package.json: the rule-code enums of the goSidecar.* settings, wherever the schema refers to
  `$defs/ruleCode` (VS Code's settings schema has no $defs: scripts/sync-settings.mjs inlines them).

Everything follows the registry: a new rule appears in all four after one run. `--check` writes nothing and
exits 1 naming each stale file (tests/test_readme_generated.py and tests/test_schemas_docs.py run it).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "server"))  # the checkout's go_sidecar, installed or not

from go_sidecar import cli  # noqa: E402 - after the checkout's server/ is on sys.path
from go_sidecar.rules import registry  # noqa: E402 - likewise

RULES_MD = Path("docs/rules.md")
README = Path("README.md")
SCHEMA = Path("schemas/settings.schema.json")
PACKAGE_JSON = Path("vscode-extension/package.json")
RULE_CODE_REF = "#/$defs/ruleCode"
_REGION = re.compile(r"(<!-- (?P<name>[a-z0-9-]+):begin -->\n)(?P<body>.*?)(<!-- (?P=name):end -->)", re.DOTALL)


class StaleRegion(Exception):
    """README names a region this generator does not know, or lacks one it must fill."""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_table() -> str:
    lines = ["| code | severity | what is wrong |", "| --- | --- | --- |"]
    for r in registry.all_rules():
        lines.append(f"| [`{r.code}`](docs/rules.md#{r.code}) | {r.severity.label} | {_cell(r.summary)} |")
    return "\n".join(lines) + "\n"


def settings_table(schema: dict) -> str:
    flags = {opt.attr: (flag, opt) for flag, opt in cli.COMMANDS["check"].options.items()}
    lines = ["| setting | flag | default | value |", "| --- | --- | --- | --- |"]
    for name, prop in schema["properties"].items():
        flag, opt = flags[name]  # a test checks every setting has its flag
        shown = f"`{flag} {opt.metavar}`" + (" (repeatable)" if opt.repeatable else "")
        default = f"`{json.dumps(prop['default'], ensure_ascii=False)}`" if "default" in prop else ""
        lines.append(f"| `goSidecar.{name}` | {shown} | {default} | {_cell(prop['description'])} |")
    return "\n".join(lines) + "\n"


def regions(schema: dict) -> dict[str, str]:
    out = {"rules": rules_table(), "settings": settings_table(schema)}
    for command in cli.COMMANDS:
        out[f"usage-{command}"] = f"```\n{cli.command_usage(command)}\n```\n"
    return out


def readme(text: str, schema: dict) -> str:
    wanted = regions(schema)
    found: list[str] = []

    def fill(m: re.Match) -> str:
        name = m.group("name")
        if name not in wanted:
            raise StaleRegion(f"README.md: unknown generated region {name!r} (known: {', '.join(wanted)})")
        found.append(name)
        return m.group(1) + wanted[name] + m.group(4)

    new = _REGION.sub(fill, text)
    missing = [n for n in wanted if n not in found]
    if missing:
        raise StaleRegion(f"README.md: no <!-- NAME:begin --> ... <!-- NAME:end --> region for {', '.join(missing)}")
    return new


def _dump(data) -> str:
    # The layout of JSON.stringify(data, null, 2) + "\n", which sync-settings.mjs writes too: one byte-identical
    # file whichever tool wrote it last.
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def schema_with_codes(schema: dict, codes: list[str]) -> dict:
    schema["$defs"]["ruleCode"]["enum"] = list(codes)
    return schema


def _set_rule_enums(schema_node, pkg_node, codes: list[str]) -> int:
    """Walk a schema property and the package.json property inlined from it side by side; where the schema
    refers to ruleCode, the inlined copy gets the codes. Returns how many enums were set."""
    if isinstance(schema_node, dict):
        if schema_node.get("$ref") == RULE_CODE_REF:
            pkg_node["enum"] = list(codes)
            return 1
        return sum(
            _set_rule_enums(v, pkg_node[k], codes)
            for k, v in schema_node.items()
            if isinstance(v, (dict, list)) and k in pkg_node
        )
    if isinstance(schema_node, list):
        return sum(_set_rule_enums(a, b, codes) for a, b in zip(schema_node, pkg_node))
    return 0


def package_with_codes(pkg: dict, schema: dict, codes: list[str]) -> dict:
    properties = pkg["contributes"]["configuration"]["properties"]
    for name, prop in schema["properties"].items():
        key = f"goSidecar.{name}"
        if key in properties:
            _set_rule_enums(prop, properties[key], codes)
    return pkg


def generate(repo: Path = REPO) -> dict[Path, str]:
    """Every generated file's expected content, by path relative to the repository."""
    codes = [r.code for r in registry.all_rules()]
    schema = schema_with_codes(json.loads((repo / SCHEMA).read_text(encoding="utf-8")), codes)
    pkg = package_with_codes(json.loads((repo / PACKAGE_JSON).read_text(encoding="utf-8")), schema, codes)
    return {
        RULES_MD: registry.catalogue_markdown(),
        README: readme((repo / README).read_text(encoding="utf-8"), schema),
        SCHEMA: _dump(schema),
        PACKAGE_JSON: _dump(pkg),
    }


def stale(repo: Path = REPO) -> list[Path]:
    out = []
    for rel, text in generate(repo).items():
        path = repo / rel
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            out.append(rel)
    return out


def main(argv: list[str]) -> int:
    check = "--check" in argv
    try:
        files = generate()
    except StaleRegion as e:
        print(f"gen_docs: {e}", file=sys.stderr)
        return 2
    changed = [
        rel
        for rel, text in files.items()
        if not (REPO / rel).is_file() or (REPO / rel).read_text(encoding="utf-8") != text
    ]
    if check:
        for rel in changed:
            print(f"stale: {rel.as_posix()} (run `make docs`)")
        return 1 if changed else 0
    for rel in changed:
        (REPO / rel).write_text(files[rel], encoding="utf-8", newline="\n")
        print(f"wrote {rel.as_posix()}")
    if not changed:
        print("all generated files are up to date")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
