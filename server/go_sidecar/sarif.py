"""`sidecar check --format sarif`: the findings as a SARIF 2.1.0 log that GitHub code scanning accepts.

What GitHub reads (github/docs "SARIF support for code scanning"; docs/facts.md, Reports teams already use): the
tool's `driver` with its `rules` (id, shortDescription, fullDescription, help; short and full descriptions at
most 1024 characters), and per result `ruleId`, `level`, `message.text`, the first location's
`artifactLocation.uri` relative to the repository's root, a 1-based `region`, and
`partialFingerprints.primaryLocationLineHash` to follow an alert from commit to commit.

Decisions, stated once:
- **Where URIs start.** `%SRCROOT%` is the repository that holds the checked folder (the nearest folder above it
  with a `.git`), else the checked folder itself (for several, their common folder): GitHub resolves relative
  URIs against the repository's root, whatever folder `sidecar check` was pointed at. `run.originalUriBaseIds`
  says which folder that is, as a `file:` URI.
- **Files outside that root** (a machine's file: the `go env -w` file, a GOROOT) get an absolute `file:` URI and
  no `uriBaseId` (SARIF §3.4.3: a base applies to relative references only); GitHub keeps such a URI as it is
  and shows the alert without a line of the repository.
- **A finding about a folder** (a machine-wide finding shown at the checked folder when it has no go.mod) points
  at that folder (`dir/`, `./` for the root itself) without a region.
- **Columns** count UTF-16 code units, said in `run.columnKind: utf16CodeUnits` (the unit of LSP, of our JSON
  report and of the columns `sidecar check` prints), 1-based; `endColumn` is the column after the region's last
  character, as SARIF defines it.
- **Fingerprints.** `primaryLocationLineHash` is computed with the algorithm of github/codeql-action
  (`src/fingerprints.ts`: a rolling hash of the 100 non-blank characters from the start of the line, and which
  occurrence of that hash in the file it is), so the upload action finds it consistent and an upload through the
  API tracks alerts all the same. `goSidecar/v1` is ours: the rule, the file and the text of the line, which
  stays the same when lines move.

Light on purpose: the standard library's json, hashlib and the path modules; nothing of the LSP machinery.
"""

from __future__ import annotations

import hashlib
import ntpath
import os
import posixpath
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from go_sidecar import __version__
from go_sidecar.model import Finding, Report, Severity
from go_sidecar.rules.declare import DOCS_URL, Rule

SCHEMA_URI = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
SRCROOT = "%SRCROOT%"
TOOL_NAME = "go-sidecar"
INFORMATION_URI = DOCS_URL.split("/blob/")[0]
FINGERPRINT_KEY = "goSidecar/v1"
DESCRIPTION_LIMIT = 1024  # GitHub's limit for shortDescription.text and fullDescription.text
HASHED_FILE_LIMIT = 1 << 20  # larger files get no primaryLocationLineHash from us (the upload action adds it)

# result.level and reportingDescriptor.defaultConfiguration.level: SARIF has none, note, warning, error.
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFORMATION: "note", Severity.HINT: "note"}


# --- where files are ------------------------------------------------------------------------------------------


def source_root(roots: Sequence[str], exists: Callable[[str], bool] = os.path.lexists, windows: bool = False) -> str:
    """The folder SARIF URIs are relative to: the repository (nearest folder with `.git`) holding the checked
    folders' common folder, else that common folder."""
    pm = ntpath if windows else posixpath
    base: str = pm.normpath(roots[0])
    for r in roots[1:]:
        try:
            base = pm.commonpath([base, pm.normpath(r)])
        except ValueError:  # different drives: nothing in common, keep the first
            break
    folder: str = base
    for _ in range(256):  # a path has fewer components; the bound only guards against a loop
        if exists(pm.join(folder, ".git")):
            return folder
        up: str = pm.dirname(folder)
        if up == folder:
            break
        folder = up
    return base


_UNRESERVED = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~/")


def _quote(text: str) -> str:
    """Percent-encoding of a path for a URI: UTF-8, every byte but the unreserved characters and "/" escaped (a
    ":" too, which would read as a scheme in a relative reference's first segment)."""
    return "".join(chr(b) if b in _UNRESERVED else f"%{b:02X}" for b in text.encode("utf-8", "surrogateescape"))


def file_uri(path: str, windows: bool = False) -> str:
    """An absolute path as a `file:` URI (RFC 8089): `file:///C:/x` for a drive, `file://server/share/x` for UNC."""
    if not windows:
        return "file://" + _quote(posixpath.normpath(path))
    p = ntpath.normpath(path).replace("\\", "/")
    if p.startswith("//"):  # \\server\share\x
        host, _, rest = p[2:].partition("/")
        return f"file://{_quote(host)}/{_quote(rest)}"
    drive, rest = p[:2], p[2:]
    if drive[1:] == ":":
        return f"file:///{drive[0]}:{_quote(rest)}"
    return "file:///" + _quote(p.lstrip("/"))


def _relative(path: str, root: str, windows: bool) -> str | None:
    """path below root, with "/" separators ("" for root itself); None when it is elsewhere."""
    pm = ntpath if windows else posixpath
    p: str = pm.normpath(path)
    r: str = pm.normpath(root)
    pk, rk = (p.lower(), r.lower()) if windows else (p, r)
    if pk == rk:
        return ""
    prefix = rk if rk.endswith(("/", "\\")) else rk + pm.sep
    if not pk.startswith(prefix):
        return None
    rest = p[len(prefix) :]
    return rest.replace("\\", "/") if windows else rest


def artifact_location(path: str, root: str, windows: bool = False, folder: bool = False) -> dict[str, Any]:
    """`{"uri", "uriBaseId"}` for a file below root, `{"uri": "file:..."}` for one elsewhere; a folder's URI ends
    with "/" ("./" for root itself)."""
    rel = _relative(path, root, windows)
    if rel is None:
        uri = file_uri(path, windows)
        return {"uri": uri + "/" if folder and not uri.endswith("/") else uri}
    if folder:
        return {"uri": _quote(rel) + "/" if rel else "./", "uriBaseId": SRCROOT}
    return {"uri": _quote(rel) if rel else "./", "uriBaseId": SRCROOT}


# --- fingerprints -----------------------------------------------------------------------------------------------

_BLOCK = 100
_MOD = 37
_MASK = (1 << 64) - 1
_FIRST_MOD = pow(_MOD, _BLOCK, 1 << 64)
_EOF = 65535


def line_hashes(text: str, wanted: Iterable[int] | None = None) -> dict[int, str]:
    """{1-based line: "<hex>:<occurrence>"} as github/codeql-action's `hash` computes them (src/fingerprints.ts,
    tested there and here with its vectors): a rolling hash, mod 2**64, of the 100 UTF-16 code units from the
    start of each line, spaces and tabs skipped, CR, LF and CRLF each one LF, the file's end marked by 65535 and
    followed by zeros. `wanted`: stop once these lines are hashed (None: every line)."""
    want = None if wanted is None else set(wanted)
    out: dict[int, str] = {}
    window = [0] * _BLOCK
    line_numbers = [-1] * _BLOCK
    counts: dict[str, int] = {}
    state = [0, 0, 0, True, False]  # hash, index, line number, at a line's start, previous was CR

    def output() -> None:
        index = state[1]
        value = format(state[0], "x")
        counts[value] = counts.get(value, 0) + 1
        out[line_numbers[index]] = f"{value}:{counts[value]}"
        if want is not None:
            want.discard(line_numbers[index])
        line_numbers[index] = -1

    def update(current: int) -> None:
        index = state[1]
        begin = window[index]
        window[index] = current
        state[0] = (_MOD * state[0] + current - _FIRST_MOD * begin) & _MASK
        state[1] = (index + 1) % _BLOCK

    def process(current: int) -> None:
        if current in (0x20, 0x09) or (state[4] and current == 0x0A):
            state[4] = False
            return
        if current == 0x0D:
            current, state[4] = 0x0A, True
        else:
            state[4] = False
        if line_numbers[state[1]] != -1:
            output()
        if state[3]:
            state[3] = False
            state[2] += 1
            line_numbers[state[1]] = state[2]
        if current == 0x0A:
            state[3] = True
        update(current)

    units = text.encode("utf-16-le", "surrogatepass")
    for i in range(0, len(units), 2):
        process(units[i] | units[i + 1] << 8)
        if want is not None and not want:
            return out
    process(_EOF)
    for _ in range(_BLOCK):
        if line_numbers[state[1]] != -1:
            output()
        update(0)
    return out


def _line_text(f: Finding) -> str:
    """The text of the line the finding starts on, stripped (the stable part of our own fingerprint)."""
    r = f.location.range
    if r.index is None:
        return f"line {r.start.line + 1}"
    data = r.index.data
    _, start = r.index.line_of(max(0, min(r.start_byte, len(data))))
    end = data.find(b"\n", start)
    return data[start : end if end != -1 else len(data)].decode("utf-8", "replace").strip()


# --- rules ------------------------------------------------------------------------------------------------------


def _pascal(code: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in code.replace("_", "-").split("-") if part)


def _unwrap(text: str) -> str:
    """Hard-wrapped paragraphs as one line each (a description is shown reflowed)."""
    return "\n\n".join(" ".join(p.split()) for p in text.split("\n\n") if p.strip())


def _clip(text: str, limit: int = DESCRIPTION_LIMIT) -> str:
    """At most `limit` characters, cut after a sentence when one ends late enough, else at a word, with "…"."""
    if len(text) <= limit:
        return text
    head = text[: limit - 1]
    cut = max(head.rfind(". "), head.rfind(".\n"))
    if cut >= limit // 2:
        return head[: cut + 1]
    space = head.rfind(" ")
    return (head[:space] if space > 0 else head) + "…"


def rule_descriptor(rule: Rule) -> dict[str, Any]:
    explanation = _unwrap(rule.explanation)
    fix = _unwrap(rule.fix)
    markdown = [f"**{rule.summary}**", "", "### Why is this bad?", "", rule.explanation, "", "### Fix", "", rule.fix]
    if rule.example:
        markdown += ["", "### Example", "", rule.example]
    markdown += ["", f"[Rule documentation]({rule.url})"]
    return {
        "id": rule.code,
        "name": _pascal(rule.code),
        "shortDescription": {"text": _clip(rule.summary)},
        "fullDescription": {"text": _clip(explanation)},
        "help": {
            "text": f"{explanation}\n\nFix: {fix}\n\nDocumentation: {rule.url}",
            "markdown": "\n".join(markdown),
        },
        "helpUri": rule.url,
        "defaultConfiguration": {"level": LEVELS[rule.severity]},
        "properties": {"tags": ["go", rule.family]},
    }


def _unknown_descriptor(code: str) -> dict[str, Any]:
    """A finding under a code the catalogue does not have (a test's rule): described by its code alone."""
    return {
        "id": code,
        "name": _pascal(code) or "Unknown",
        "shortDescription": {"text": code},
        "fullDescription": {"text": code},
        "help": {"text": code},
    }


# --- the log ----------------------------------------------------------------------------------------------------


class _Fingerprints:
    """Line hashes per file, each file hashed once, only as far as its findings' lines."""

    def __init__(self, findings: Sequence[Finding]):
        self._wanted: dict[int, set[int]] = {}
        for f in findings:
            index = f.location.range.index
            if index is not None and len(index.data) <= HASHED_FILE_LIMIT:
                self._wanted.setdefault(id(index), set()).add(f.location.range.start.line + 1)
        self._hashes: dict[int, dict[int, str]] = {}
        self._ours: dict[str, int] = {}

    def of(self, f: Finding, uri: str) -> dict[str, str]:
        r = f.location.range
        line = r.start.line + 1
        out: dict[str, str] = {}
        if r.index is not None and id(r.index) in self._wanted:
            key = id(r.index)
            if key not in self._hashes:
                text = r.index.data.decode("utf-8", "replace")
                self._hashes[key] = line_hashes(text, self._wanted[key])
            value = self._hashes[key].get(line)
            if value is not None:
                out["primaryLocationLineHash"] = value
        digest = hashlib.sha256("\0".join((f.code, uri, _line_text(f))).encode("utf-8", "surrogateescape")).hexdigest()[
            :32
        ]
        self._ours[digest] = self._ours.get(digest, 0) + 1
        out[FINGERPRINT_KEY] = f"{digest}:{self._ours[digest]}"
        return out


def _region(f: Finding) -> dict[str, int]:
    start, end = f.location.range.positions("utf-16")
    if (end.line, end.character) < (start.line, start.character):
        end = start
    return {
        "startLine": start.line + 1,
        "startColumn": start.character + 1,
        "endLine": end.line + 1,
        "endColumn": end.character + 1,
    }


def to_sarif(
    reports: Sequence[Report],
    rules: Sequence[Rule],
    root: str,
    windows: bool | None = None,
) -> dict[str, Any]:
    """One SARIF log, one run, of the reports of one `sidecar check` (one per folder checked). `rules`: the
    catalogue (registry.all_rules()), each a reportingDescriptor in that order; `root`: the folder URIs are
    relative to (`source_root`). Findings keep the reports' order."""
    windows = os.name == "nt" if windows is None else windows
    descriptors = [rule_descriptor(r) for r in rules]
    index = {r.code: i for i, r in enumerate(rules)}
    folders = {r.root for r in reports}
    findings = [f for r in reports for f in r.findings]
    prints = _Fingerprints(findings)
    results = []
    for f in findings:
        if f.code not in index:
            index[f.code] = len(descriptors)
            descriptors.append(_unknown_descriptor(f.code))
        is_folder = f.location.path in folders
        where = artifact_location(f.location.path, root, windows, folder=is_folder)
        physical: dict[str, Any] = {"artifactLocation": where}
        if not is_folder:
            physical["region"] = _region(f)
        result: dict[str, Any] = {
            "ruleId": f.code,
            "ruleIndex": index[f.code],
            "level": LEVELS[f.severity],
            "message": {"text": f.message or f.code},
            "locations": [{"physicalLocation": physical}],
            "partialFingerprints": prints.of(f, where["uri"]),
        }
        titles = [fix.title for fix in f.fixes]
        if titles:
            result["properties"] = {"fixes": titles}
        results.append(result)
    notes: list[str] = []
    for r in reports:
        notes += [m for m in r.messages if m not in notes]
    invocation: dict[str, Any] = {"executionSuccessful": True}
    if notes:
        invocation["toolExecutionNotifications"] = [{"level": "note", "message": {"text": m}} for m in notes]
    root_uri = file_uri(root, windows)
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": TOOL_NAME,
                        "version": __version__,
                        "informationUri": INFORMATION_URI,
                        "rules": descriptors,
                    }
                },
                "originalUriBaseIds": {SRCROOT: {"uri": root_uri if root_uri.endswith("/") else root_uri + "/"}},
                "columnKind": "utf16CodeUnits",
                "invocations": [invocation],
                "results": results,
            }
        ],
    }
