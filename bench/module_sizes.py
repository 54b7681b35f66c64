"""Line counts of the largest modules of server/go_sidecar (top 15 by default), for notes and reviews.

Lines are the file's lines as `wc -l` counts them; `code` leaves out blank lines, comment lines and docstring
lines (a rough measure, from the tokenizer: a line counts as code when it holds a token that is neither a
comment nor a string standing alone as a statement). Modules over STYLE.md's ~400 lines are marked. Not a
benchmark with a target: it exits 0.

    .venv/bin/python bench/module_sizes.py [--top N] [--json]
"""

from __future__ import annotations

import argparse
import io
import json
import tokenize
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "server" / "go_sidecar"
STYLE_LIMIT = 400  # STYLE.md: "a module that passes ~400 lines ... is split"


def code_lines(text: str) -> int:
    """Lines holding code: not blank, not only a comment, not part of a docstring (a string statement)."""
    lines: set[int] = set()
    prev = tokenize.NEWLINE
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type in (
                tokenize.COMMENT,
                tokenize.NL,
                tokenize.NEWLINE,
                tokenize.INDENT,
                tokenize.DEDENT,
                tokenize.ENDMARKER,
            ):
                if tok.type in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT):
                    prev = tok.type
                continue
            # A string that starts a logical line is a docstring or a bare string: not code.
            if not (tok.type == tokenize.STRING and prev in (tokenize.NEWLINE, tokenize.INDENT, tokenize.DEDENT)):
                lines.update(range(tok.start[0], tok.end[0] + 1))
            prev = tok.type
    except (tokenize.TokenError, SyntaxError):  # a half-edited module: count its non-blank lines
        return sum(1 for line in text.splitlines() if line.strip())
    return len(lines)


def sizes(root: Path = PACKAGE) -> list[dict]:
    out = []
    for p in sorted(root.rglob("*.py")):
        if "__pycache__" in p.parts:
            continue
        text = p.read_text(encoding="utf-8")
        out.append(
            {
                "module": p.relative_to(root.parent).as_posix(),
                "lines": text.count("\n") + (0 if not text or text.endswith("\n") else 1),
                "code": code_lines(text),
            }
        )
    return sorted(out, key=lambda m: (-m["lines"], m["module"]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON only")
    args = ap.parse_args()
    all_ = sizes()
    top = all_[: args.top]
    over = [m for m in all_ if m["lines"] > STYLE_LIMIT]
    total = sum(m["lines"] for m in all_)
    if args.json:
        print(
            json.dumps(
                {
                    "package": "server/go_sidecar",
                    "modules": len(all_),
                    "lines": total,
                    "over_limit": len(over),
                    "limit": STYLE_LIMIT,
                    "top": top,
                },
                indent=2,
            )
        )
        return
    print(f"server/go_sidecar: {len(all_)} modules, {total} lines; {len(over)} over ~{STYLE_LIMIT} lines")
    print(f"  {'lines':>5s}  {'code':>5s}  module")
    for m in top:
        print(f"  {m['lines']:5d}  {m['code']:5d}  {m['module']}{f'  (over ~{STYLE_LIMIT})' if m in over else ''}")


if __name__ == "__main__":
    main()
