"""What each debug configuration of the real-world corpus may be told, judged independently of go-sidecar.

Shared by tests/test_corpus.py and tests/corpus/fp_report.py. It parses launch.json itself (a small JSONC
reader that keeps offsets, not go-sidecar's parser), classifies each configuration by its effect as vscode-go
runs it (docs/facts.md "Debug configuration kinds"; golang/vscode-go extension/src/goDebugConfiguration.ts,
docs/debugging.md), and maps every finding of a `sidecar check --format json` report to the configuration whose
object holds its line. A finding its configuration's kind does not allow is a false positive.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

CORPUS = Path(__file__).resolve().parent
REPO = CORPUS.parent.parent
SCHEMA = REPO / "schemas" / "report.schema.json"
# The stand-in Go roots every corpus run gets in ~/sdk, and nothing else (no dlv, no system Go).
SDK_VERSIONS = ("1.22.5", "1.27.1")
HOST_OS = "linux"  # the platform block the test judges with; the sandbox machine is the test machine

# --------------------------------------------------------------------------------------------------------------
# Kinds and the codes each allows.

BUILD = "launch-build"  # launch, mode auto/debug/test or none: builds with go, runs a local dlv
EXEC = "launch-exec"  # launch, mode exec (also replay/core): nothing built, a local dlv
ATTACH = "attach-local"  # attach, mode local or none: nothing built, a local dlv
REMOTE = "remote"  # mode remote (attach, or the deprecated launch form): nothing local at all
UNKNOWN = "unknown"  # request/mode is a variable or a value vscode-go does not know: not judged
OTHER = "not-go"  # another debugger's configuration (node, chrome, ...): no Go finding at all

GOROOT_CODES = {"goroot-invalid", "goroot-too-old", "goroot-unpinned", "goroot-path-mismatch"}
DLV_CODES = {"dlv-missing", "dlv-arch-mismatch", "dlv-go-unsupported"}
# Issue 13's codes about the Go a build runs and the environment it builds in: only a configuration that builds
# with go can earn them (a prebuilt binary, an attach or a remote session builds nothing).
BUILD_ENV_CODES = {
    "path-go-shadowed",
    "go-pin-mismatch",
    "wsl-mixed-toolchain",
    "gosumdb-off",
    "goflags-insecure",
    "goinsecure-wide",
    "cgo-no-compiler",
    "cc-path-unquoted",
}
# The codes that are about what a debug configuration builds or runs; other codes (caches) are not judged here.
JUDGED = GOROOT_CODES | DLV_CODES | BUILD_ENV_CODES | {"debug-cross-target", "toolchain-arch-mismatch"}

ALLOWED: dict[str, set[str]] = {
    BUILD: set(JUDGED),
    # A prebuilt binary: judged against that binary (Delve range, another OS or CPU), never against a GOROOT.
    EXEC: DLV_CODES | {"debug-cross-target"},
    ATTACH: set(DLV_CODES),
    REMOTE: set(),
    UNKNOWN: set(JUDGED),
    OTHER: set(),
}

VARIABLE = re.compile(r"\$\{([^}]*)\}")
KNOWN_VARIABLES = {
    "workspaceFolder",
    "workspaceRoot",
    "workspaceFolderBasename",
    "file",
    "fileBasename",
    "fileBasenameNoExtension",
    "fileDirname",
    "fileExtname",
    "relativeFile",
    "relativeFileDirname",
    "fileWorkspaceFolder",
    "cwd",
    "lineNumber",
    "selectedText",
    "execPath",
    "pathSeparator",
    "userHome",
    "defaultBuildTask",
    "/",
}

# --------------------------------------------------------------------------------------------------------------
# JSONC with offsets.


def strip_jsonc(text: str) -> str:
    """Comments and trailing commas become spaces (newlines kept), so offsets and lines do not move."""
    out = list(text)
    i, n = 0, len(text)
    last_comma = None  # index of a comma that may turn out to be trailing
    while i < n:
        c = text[i]
        if c == '"':
            j = i + 1
            while j < n and text[j] != '"':
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            last_comma = None
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            for k in range(i, j):
                out[k] = " "
            i = j
            continue
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            for k in range(i, j):
                if out[k] not in "\r\n":
                    out[k] = " "
            i = j
            continue
        if c == ",":
            last_comma = i
        elif c in "}]":
            if last_comma is not None:
                out[last_comma] = " "
            last_comma = None
        elif not c.isspace():
            last_comma = None
        i += 1
    return "".join(out)


@dataclass
class Node:
    value: object
    start: int
    end: int
    children: dict | list | None = None


class _Parser:
    def __init__(self, text: str):
        self.s = text
        self.i = 0

    def ws(self):
        while self.i < len(self.s) and self.s[self.i] in " \t\r\n\ufeff":
            self.i += 1

    def peek(self) -> str:
        return self.s[self.i] if self.i < len(self.s) else ""

    def parse(self) -> Node:
        self.ws()
        node = self.value()
        return node

    def value(self) -> Node:
        self.ws()
        start = self.i
        c = self.s[self.i]
        if c == "{":
            self.i += 1
            kids: dict[str, Node] = {}
            self.ws()
            if self.s[self.i] == "}":
                self.i += 1
                return Node({}, start, self.i, kids)
            while True:
                self.ws()
                key = self.value()
                self.ws()
                assert self.s[self.i] == ":", f"':' expected at {self.i}"
                self.i += 1
                kids[str(key.value)] = self.value()
                self.ws()
                if self.peek() == ",":
                    self.i += 1
                    continue
                if self.peek() != "}":
                    # Malformed (an object never closed): it ends where the enclosing array does, as an editor
                    # that recovers would read it; anything else is an error.
                    assert self.peek() in ("]", ""), f"'}}' expected at {self.i}"
                    return Node({k: v.value for k, v in kids.items()}, start, self.i, kids)
                self.i += 1
                return Node({k: v.value for k, v in kids.items()}, start, self.i, kids)
        if c == "[":
            self.i += 1
            items: list[Node] = []
            self.ws()
            if self.s[self.i] == "]":
                self.i += 1
                return Node([], start, self.i, items)
            while True:
                items.append(self.value())
                self.ws()
                if self.peek() == ",":
                    self.i += 1
                    continue
                if self.peek() != "]":
                    assert self.peek() in ("}", ""), f"']' expected at {self.i}"
                    return Node([v.value for v in items], start, self.i, items)
                self.i += 1
                return Node([v.value for v in items], start, self.i, items)
        value, end = json.JSONDecoder().raw_decode(self.s, self.i)
        self.i = end
        return Node(value, start, end)


def parse_jsonc(text: str) -> Node:
    return _Parser(strip_jsonc(text)).parse()


# --------------------------------------------------------------------------------------------------------------
# Configurations.


@dataclass
class Config:
    index: int
    name: str
    kind: str
    first_line: int  # 0-based, inclusive
    last_line: int
    props: dict = field(default_factory=dict)


def merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def effective(cfg: dict, host_os: str = HOST_OS) -> dict:
    """The configuration as VS Code hands it to vscode-go on this OS: the platform block merged over it."""
    block = {"linux": "linux", "darwin": "osx", "windows": "windows"}[host_os]
    out = merge({k: v for k, v in cfg.items() if k not in ("windows", "osx", "linux")}, {})
    if isinstance(cfg.get(block), dict):
        out = merge(out, cfg[block])
    return out


def has_unknown_variable(value: object) -> bool:
    return isinstance(value, str) and any(not _resolvable(m) for m in VARIABLE.findall(value))


def _resolvable(var: str) -> bool:
    if var.startswith(("input:", "command:", "config:")):
        return False
    if var.startswith("env:"):
        return True  # resolves, maybe to empty (= unset)
    if var.startswith("workspaceFolder:"):
        return True
    return var in KNOWN_VARIABLES


def classify(cfg: dict) -> str:
    if cfg.get("type") != "go":
        return OTHER
    request, mode = cfg.get("request"), cfg.get("mode")
    if has_unknown_variable(request) or has_unknown_variable(mode):
        return UNKNOWN
    if mode == "remote":
        return REMOTE
    if request == "attach":
        return ATTACH if mode in (None, "local") else UNKNOWN
    if request == "launch" or request is None:
        if mode in (None, "auto", "debug", "test"):
            return BUILD
        if mode in ("exec", "replay", "core"):
            return EXEC
    return UNKNOWN


def configurations(text: str) -> list[Config]:
    root = parse_jsonc(text)
    if not isinstance(root.children, dict) or "configurations" not in root.children:
        return []
    arr = root.children["configurations"]
    out = []
    for i, node in enumerate(arr.children or []):
        if not isinstance(node.value, dict):
            continue
        eff = effective(node.value)
        out.append(
            Config(
                i,
                str(node.value.get("name", f"#{i}")),
                classify(eff),
                text.count("\n", 0, node.start),
                text.count("\n", 0, node.end),
                eff,
            )
        )
    return out


def launch_files(ws: Path) -> list[Path]:
    return sorted(ws.glob("**/.vscode/launch.json"))


# --------------------------------------------------------------------------------------------------------------
# Judging a report.


@dataclass
class FalsePositive:
    code: str
    config: str  # configuration name, or "(workspace)" for a finding outside every configuration
    kind: str
    reason: str
    message: str
    file: str
    line: int


def _env_value(cfg: dict, key: str) -> object:
    env = cfg.get("env")
    return env.get(key) if isinstance(env, dict) else None


def _variable_problem(line_text: str, sandbox_env: dict[str, str]) -> str | None:
    """Why a finding on this line is about a value that must not be judged, or None."""
    for var in VARIABLE.findall(line_text):
        if var.startswith(("input:", "command:", "config:")) or not _resolvable(var):
            return f"value uses ${{{var}}} (unknown until run)"
        if var.startswith("env:") and not sandbox_env.get(var[4:]):
            return f"value uses ${{{var}}}, unset (counts as unset)"
    return None


def _goland_problem(code: str, message: str, line_text: str) -> str | None:
    """GoLand files: a GOROOT finding must name a folder that really is missing here; GOOS/GOARCH findings must
    sit on such an env; GoLand debugs with its bundled dlv, so no dlv finding and no PATH-based finding."""
    if code == "goroot-invalid":
        m = re.search(r" is '([^']*)', which", message)
        if m is None:
            return "goroot-invalid without the path it judges"
        if Path(m.group(1)).exists():
            return f"goroot-invalid on {m.group(1)}, which exists"
        return None
    if code == "goroot-too-old":
        return None
    if code == "debug-cross-target":
        return None if ("GOOS" in line_text or "GOARCH" in line_text) else "debug-cross-target away from GOOS/GOARCH"
    return f"{code} on a GoLand file"


def judge(ws: Path, report: dict, sandbox_env: dict[str, str]) -> list[FalsePositive]:
    ws = ws.resolve()
    configs: dict[Path, list[Config]] = {}
    for lf in launch_files(ws):
        try:
            configs[lf.resolve()] = configurations(lf.read_text(encoding="utf-8-sig"))
        except (AssertionError, ValueError, IndexError):
            configs[lf.resolve()] = []
    every = [c for cs in configs.values() for c in cs]
    fps: list[FalsePositive] = []
    for f in report["findings"]:
        code = f["code"]
        if code not in JUDGED:
            continue
        path = Path(f["location"]["path"]).resolve()
        line = f["location"]["range"]["start"]["line"]
        try:
            rel = str(path.relative_to(ws))
        except ValueError:
            rel = str(path)
        try:
            line_text = path.read_text(encoding="utf-8-sig").splitlines()[line]
        except (OSError, IndexError, UnicodeDecodeError):
            line_text = ""
        if rel.startswith((".idea/", ".run/")):
            why = _goland_problem(code, f["message"], line_text)
            if why:
                fps.append(FalsePositive(code, "(GoLand)", "goland", why, f["message"], rel, line))
            continue
        holder = next((c for c in configs.get(path, []) if c.first_line <= line <= c.last_line), None)
        if holder is not None:
            name, kind = holder.name, holder.kind
            if code not in ALLOWED[kind]:
                fps.append(FalsePositive(code, name, kind, f"{kind} allows no {code}", f["message"], rel, line))
                continue
        else:
            name, kind = "(workspace)", "-"
            allowing = [c for c in every if code in ALLOWED[c.kind]]
            if not allowing:
                kinds = sorted({c.kind for c in every}) or ["no configuration"]
                fps.append(
                    FalsePositive(
                        code,
                        name,
                        kind,
                        f"no configuration allows {code} ({', '.join(kinds)})",
                        f["message"],
                        rel,
                        line,
                    )
                )
                continue
        if code == "goroot-invalid" or f["severity"] == "error":
            why = _variable_problem(line_text, sandbox_env)
            if why:
                fps.append(FalsePositive(code, name, kind, why, f["message"], rel, line))
    return fps


# --------------------------------------------------------------------------------------------------------------
# Running `sidecar check` on a copy of a corpus workspace, in a sandbox.


def corpus_workspaces(sub: str) -> list[Path]:
    return sorted(p for p in (CORPUS / sub).iterdir() if p.is_dir())


def make_sandbox(tmp: Path) -> tuple[dict[str, str], Path]:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    from tests.sandbox import make_root, sandbox_env

    home = tmp / "home"
    bin_dir = tmp / "bin"
    bin_dir.mkdir(parents=True)
    for v in SDK_VERSIONS:
        make_root(home / "sdk", v)
    env = sandbox_env(home, bin_dir, GOENV=str(home / ".config" / "go" / "env"))
    # The corpus is checked as on a Linux machine, which has no USERPROFILE (sandbox_env sets it for tests
    # that drive Windows facts): a Windows-only `${env:USERPROFILE}\\...` path must read as it would there.
    env.pop("USERPROFILE", None)
    return env, home


def run_check(src: Path, tmp: Path, timeout: float = 120) -> tuple[int, dict | None, str, Path, dict[str, str]]:
    """Copy the workspace into tmp, run `python -m go_sidecar check <ws> --format json` in a sandbox."""
    import shutil

    env, home = make_sandbox(tmp)
    ws = tmp / "ws" / src.name
    shutil.copytree(src, ws)
    run_env = dict(env)
    run_env["PYTHONIOENCODING"] = "utf-8"
    if os.environ.get("PYTHONPATH"):
        run_env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    proc = subprocess.run(
        [sys.executable, "-m", "go_sidecar", "check", str(ws), "--format", "json"],
        env=run_env,
        cwd=tmp,
        capture_output=True,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    try:
        report = json.loads(out)
    except ValueError:
        report = None
    ran = [p for p in (home / "sdk").glob("*/RAN")]
    if ran:
        err += f"\nA stand-in go was run: {ran}"
    return proc.returncode, report, err, ws, env
