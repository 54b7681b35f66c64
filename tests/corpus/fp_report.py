"""Print the false positives `sidecar check` gives on the real-world corpus (issue 10), per workspace, and the total.

Run from the repository root: `.venv/bin/python tests/corpus/fp_report.py [NAME ...]` (NAME: a workspace folder
name such as kyverno__kyverno; default: all of tests/corpus/vscode and tests/corpus/goland). Each workspace is
copied into a temporary folder and checked in a sandbox (home, caches, GOPATH, PATH redirected; stand-in Go
1.22.5 and 1.27.1 in ~/sdk, no dlv), exactly as tests/test_corpus.py does; the classification is kinds.py's.
"""

from __future__ import annotations

import collections
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.corpus import kinds


def main(argv: list[str]) -> int:
    wanted = set(argv)
    total = 0
    by_reason: collections.Counter[tuple[str, str]] = collections.Counter()
    bad_ws = 0
    for sub in ("vscode", "goland"):
        for src in kinds.corpus_workspaces(sub):
            if wanted and src.name not in wanted:
                continue
            with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
                code, report, err, ws, env = kinds.run_check(src, Path(tmp))
                if code not in (0, 1) or report is None:
                    print(f"{sub}/{src.name}: exit {code} (not 0/1) {err.strip()[-300:]}")
                    bad_ws += 1
                    continue
                fps = kinds.judge(ws, report, env)
                counts = collections.Counter(f["code"] for f in report["findings"])
                summary = ", ".join(f"{c} x{n}" for c, n in sorted(counts.items())) or "no findings"
                print(f"{sub}/{src.name}: exit {code}; {summary}; false positives: {len(fps)}")
                for fp in fps:
                    print(
                        f"    {fp.code:22} {fp.config!r} [{fp.kind}] {fp.file}:{fp.line + 1}: {fp.reason}"
                        f" -- {fp.message}"
                    )
                    by_reason[(fp.code, fp.reason.split(" (")[0])] += 1
                total += len(fps)
                if fps:
                    bad_ws += 1
    print()
    print(f"Total false positives: {total} in {bad_ws} workspace(s)")
    for (code, reason), n in sorted(by_reason.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {n:4}  {code:22} {reason}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
