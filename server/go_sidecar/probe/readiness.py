"""Readiness at a glance: what each Go debug configuration will run with, and whether it is ready (issue 13).

One line per configuration, shown by the language server as a code lens above it (lsp/lens.py), e.g.
`go1.22.5 (~/sdk) · dlv 1.25.2 linux/amd64 · ready` or `go1.21.5 (/usr/local/go) · 2 problems: goroot-too-old,
dlv-missing`. Pure: it reads the facts of one check (probe/facts.py `gather`, probe/debugger.py `gather_debug`)
and the findings the rules made of them; it decides nothing the rules did not.

What runs (probe/configs.py, from vscode-go `goDebugConfiguration.ts` / `goDebugFactory.ts` at 28e27ff):
- a build (`launch` in mode auto/debug/test) runs the toolchain `build_toolchain` names and the dlv VS Code Go
  finds (DebugFacts.chosen); a GoLand run configuration runs the project SDK (or its own GOROOT) and the dlv
  bundled with GoLand;
- `mode: exec` runs a prebuilt program, `attach` + `local` attaches the local dlv to a process;
- `mode: remote` connects to a dlv already running at `host:port` (host defaults to 127.0.0.1,
  `goDebugFactory.ts`), a `launch` with a `port` (dlv-dap) to an external `dlv dap` server: nothing here builds
  or runs, so the line says where it connects and claims no readiness it cannot know.

Which findings are about a configuration: those written inside it, those at the values it depends on written
elsewhere (its GOROOT in go.toolsEnvVars, go.goroot, the GoLand project SDK, go.alternateTools.dlv), and the
machine-wide debugger findings (`machine_codes`: no dlv, a dlv of another architecture) for every configuration
that runs a local dlv — check.py reports those once per machine, at the first such configuration. Information and
hints do not make a configuration "not ready"; warnings and errors do.
"""

from __future__ import annotations

import functools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from go_sidecar._record import dataclass
from go_sidecar.model import Finding, Location, Range, Severity, Toolchain
from go_sidecar.parse.text import LineIndex
from go_sidecar.probe import configs
from go_sidecar.probe.facts import ConfigFacts, Facts, build_toolchain

SEP = " · "
DEFAULT_HOST = "127.0.0.1"  # vscode-go goDebugFactory.ts: `configuration.host ?? '127.0.0.1'`
SHOWN_CODES = 3  # codes named in the line; the rest are counted ("+2 more")
READY, NOT_READY = "ready", "not ready"
NO_GO, NO_DLV = "no Go found", "no dlv"

# Toolchain.source (probe/toolchains.py candidate_roots) and installer() -> the short label the line shows.
_MANAGER_LABEL = {
    "sdk": "~/sdk",
    "asdf": "asdf",
    "mise": "mise",
    "goenv": "goenv",
    "gvm": "gvm",
    "scoop": "Scoop",
    "homebrew": "Homebrew",
    "GOTOOLCHAIN download": "GOTOOLCHAIN download",
    "golang.org/dl": "~/sdk",  # probe/toolchains.py GOLANG_DL: ~/sdk with golang.org/dl's marker
    "msi": "Go installer",  # probe/toolchains.py MSI: the installer's registry record, when not a default folder
}
# The system-wide places (probe/toolchains.py candidate_roots; the Go MSI before and since Go 1.16), as _norm writes
# them (lower case on Windows).
_SYSTEM_ROOTS = frozenset({"/usr/local/go", "/usr/lib/golang", "c:/program files/go", "c:/go"})


@dataclass(frozen=True)
class Readiness:
    """One configuration's line."""

    name: str  # the configuration's name
    path: str  # the file that holds it
    range: Range  # the whole configuration (a JSON object, a <configuration> element)
    parts: tuple[str, ...]  # what it runs with: "go1.22.5 (~/sdk)", "dlv 1.25.2 linux/amd64", ...
    problems: tuple[str, ...]  # codes of its warnings and errors, most severe first, each once
    count: int  # how many warnings and errors
    status: str  # READY, NOT_READY, or "" when it cannot be known here (a remote dlv)

    @property
    def ready(self) -> bool:
        return self.status == READY

    @property
    def title(self) -> str:
        """The lens text."""
        tail: list[str] = []
        if self.problems:
            codes = ", ".join(self.problems[:SHOWN_CODES])
            more = len(self.problems) - SHOWN_CODES
            noun = "problem" if self.count == 1 else "problems"
            tail.append(f"{self.count} {noun}: {codes}" + (f" +{more} more" if more > 0 else ""))
        elif self.status:
            tail.append(self.status)
        return SEP.join([*self.parts, *tail])


def readiness(
    facts: Facts,
    findings: Iterable[Finding],
    machine_codes: Iterable[str] = (),
    path: str | None = None,
) -> list[Readiness]:
    """Each Go debug configuration's line, in the order of facts.configs; with `path`, only that file's."""
    machine: list[Finding] = []
    wide = frozenset(machine_codes)
    counted = []
    for f in findings:
        if f.severity < Severity.WARNING:
            continue
        if f.code in wide:
            machine.append(f)
        counted.append(f)
    by_path = _Placed(counted)
    out = []
    for cf in facts.configs:
        span = config_location(cf)
        if span is None or (path is not None and _norm(span.path) != _norm(path)):
            continue
        problems = _problems(facts, cf, span, by_path, machine)
        parts, status = _runs_with(facts, cf)
        if problems:  # the problems say what is missing ("no dlv" is dlv-missing)
            status = NOT_READY
            parts = [p for p in parts if p not in (NO_GO, NO_DLV)]
        out.append(
            Readiness(
                name=cf.config.name,
                path=span.path,
                range=span.range,
                parts=tuple(parts),
                problems=tuple(dict.fromkeys(f.code for f in problems)),
                count=len(problems),
                status=status,
            )
        )
    return out


# --- where a configuration is written ------------------------------------------------------------------------------


def config_location(cf: ConfigFacts) -> Location | None:
    """The whole configuration: its JSON object in launch.json / a .code-workspace, its `<configuration>` element
    in a GoLand file. None when it cannot be placed (a file no longer read)."""
    cfg: Any = cf.config
    if cfg.goland:
        rc = cfg.rc
        data = cfg.gf.data.get(rc.file)
        if data is None:
            return None
        index = rc.anchor.range.index
        if not isinstance(index, LineIndex) or index.data is not data:
            index = LineIndex(data)
        end = _element_ends(data).get(rc.offset, rc.offset)
        return Location(rc.file, index.range(rc.offset, max(end, rc.offset)))
    node, doc = cfg.node, cfg.doc
    if node is None or doc is None:
        return None
    index = doc.index
    return Location(cfg.path, index.range(node.start, node.end))


@functools.lru_cache(maxsize=16)
def _element_ends(data: bytes) -> Mapping[int, int]:
    """Start offset -> end offset of every element of a GoLand file (bytes hash once: cheap on every check)."""
    from go_sidecar.parse.xmldoc import parse_xml

    return {el.start: (el.end if el.end >= 0 else el.start_end) for el in parse_xml(data).iter()}


def _norm(path: str) -> str:
    return path.replace("\\", "/").rstrip("/")


def _within(inner: Range, outer: Range) -> bool:
    if inner.index is not None and inner.index is outer.index:
        return outer.start_byte <= inner.start_byte and inner.end_byte <= outer.end_byte
    a, b = inner.positions()
    c, d = outer.positions()
    return c <= a and b <= d


# --- which findings are about it -----------------------------------------------------------------------------------


def depends_on(facts: Facts, cf: ConfigFacts) -> list[Location]:
    """The values written outside the configuration that decide what it runs with."""
    out: list[Location] = []
    cfg: Any = cf.config
    if cf.pin is not None:
        out.append(cf.pin.location)
    elif cfg.goland:
        if facts.goland_sdk is not None:
            out.append(facts.goland_sdk.location)
    elif facts.go_goroot is not None:
        out.append(facts.go_goroot.location)
    if not cfg.goland and cfg.local_dlv:
        alternate = _alternate_dlv_location(facts)
        if alternate is not None:
            out.append(alternate)
    return out


def _alternate_dlv_location(facts: Facts) -> Location | None:
    ws = facts.workspace
    member = ws.settings_member("go.alternateTools")
    tools = member.value if member is not None else None
    if tools is None or tools.kind != "object" or ws.settings is None:
        return None
    dlv = tools.get("dlv")
    if dlv is None or dlv.value is None:
        return None
    return ws.location_of(ws.settings_path, ws.settings, dlv.value.start, dlv.value.end)


class _Placed:
    """Findings by file, sorted by where they start: a configuration's are found by bisection, not by looking at
    every finding of the file (200 configurations and their findings: ~1 ms instead of ~30 on every check)."""

    def __init__(self, findings: Iterable[Finding]):
        # (file, the LineIndex its ranges are spans of) -> [(start byte, end byte, order, finding)], sorted
        self._spans: dict[tuple[str, int], list[tuple[int, int, int, Finding]]] = {}
        self._stated: dict[str, list[Finding]] = {}  # ranges without a LineIndex (Range.of): compared by position
        self._starts: dict[tuple[str, int], list[int]] = {}
        for order, f in enumerate(findings):
            path, r = _norm(f.location.path), f.location.range
            if r.index is None:
                self._stated.setdefault(path, []).append(f)
            else:
                self._spans.setdefault((path, id(r.index)), []).append((r.start_byte, r.end_byte, order, f))
        for key, items in self._spans.items():
            items.sort(key=lambda item: (item[0], item[2]))
            self._starts[key] = [item[0] for item in items]

    def within(self, place: Location) -> list[Finding]:
        path, r = _norm(place.path), place.range
        out: list[Finding] = []
        for (p, index), items in self._spans.items():
            if p != path:
                continue
            if r.index is not None and index == id(r.index):
                starts = self._starts[(p, index)]
                lo, hi = bisect_left(starts, r.start_byte), bisect_right(starts, r.end_byte)
                out += [f for start, end, _, f in items[lo:hi] if end <= r.end_byte]
            else:  # another reading of the file: compare positions
                out += [f for _, _, _, f in items if _within(f.location.range, r)]
        out += [f for f in self._stated.get(path, ()) if _within(f.location.range, r)]
        return out


def _problems(
    facts: Facts,
    cf: ConfigFacts,
    span: Location,
    by_path: _Placed,
    machine: Sequence[Finding],
) -> list[Finding]:
    cfg: Any = cf.config
    places = [span, *depends_on(facts, cf)]
    found: dict[int, Finding] = {}
    for place in places:
        for f in by_path.within(place):
            found.setdefault(id(f), f)
    if not cfg.goland and cfg.local_dlv:
        for f in machine:
            found.setdefault(id(f), f)
    # Most severe first; at one severity the configuration's own before the machine's (no dlv at all, ...).
    order = {id(f): i for i, f in enumerate(found.values())}
    wide = {id(f) for f in machine}
    return sorted(found.values(), key=lambda f: (-f.severity, id(f) in wide, order[id(f)]))


# --- what it runs with ---------------------------------------------------------------------------------------------


def _runs_with(facts: Facts, cf: ConfigFacts) -> tuple[list[str], str]:
    """(the parts of the line, READY / NOT_READY / "" before the findings are counted)."""
    cfg: Any = cf.config
    kind = cfg.kind
    parts: list[str] = []
    missing = False
    if kind == configs.REMOTE:
        return [f"remote dlv at {_address(cfg)}"], ""
    if kind == configs.EXTERNAL:
        return [f"dlv dap server at {_address(cfg)}"], ""
    if kind == configs.UNKNOWN:
        parts.append(f"{cfg.request} {cfg.mode}".strip() + " (decided at launch)")
    elif kind == configs.BUILD:
        go = go_part(facts, cf)
        parts.append(go or NO_GO)
        missing = not go
    elif kind == configs.EXEC:
        parts.append(_exec_part(facts, cf))
    elif kind == configs.ATTACH:
        parts.append("attach to a local process")
    if cfg.goland:
        parts.append(_goland_dlv(facts))
    elif cfg.local_dlv:
        dlv = dlv_part(facts)
        parts.append(dlv or NO_DLV)
        missing = missing or not dlv
    if kind == configs.UNKNOWN:
        return parts, ""
    return parts, NOT_READY if missing else READY


def go_part(facts: Facts, cf: ConfigFacts) -> str:
    """`go1.22.5 (~/sdk)`: the version and where it comes from; "" when no Go is known."""
    build = build_toolchain(facts, cf)
    if build is not None and build.root:
        return f"{build.version or 'go (version unknown)'} ({where(facts, build.root)})"
    if not cf.config.goland and cf.pin is None and cf.path_go is not None:  # a shim or wrapper named go
        return f"go at {short_path(facts, cf.path_go.exe)}"
    return ""


def where(facts: Facts, root: str) -> str:
    """Who installed a Go root, in a word (`~/sdk`, `asdf`, `Homebrew`), else the root itself (`~` for home)."""
    source = installer(facts, root)
    return _MANAGER_LABEL[source] if source in _MANAGER_LABEL else short_path(facts, root)


def toolchain_of(facts: Facts, root: str) -> Toolchain | None:
    return next((t for t in facts.toolchains if facts.same_root(t.root, root)), None)


def installer(facts: Facts, root: str) -> str:
    """The version manager or installer behind a Go root (a key of _MANAGER_LABEL, or "system"), or "" when none
    is known.

    From its place (the folders probe/toolchains.py candidate_roots lists for each manager), else from
    Toolchain.source: a root found first on PATH or through GOROOT is still asdf's when it lives in asdf's folder.
    """
    p = _norm(facts.real.get(root, root))
    home = _norm(facts.workspace_home) if facts.workspace_home else ""
    if facts.windows:
        p, home = p.lower(), home.lower()
    inside = {
        "sdk": "/sdk/go",
        "asdf": "/.asdf/installs/golang/",
        "mise": "/mise/installs/go/",
        "goenv": "/.goenv/versions/",
        "gvm": "/.gvm/gos/",
        "scoop": "/scoop/apps/go/",
    }
    for source, part in inside.items():
        if home and (p.startswith(home + part) or (source == "mise" and part in p)):
            return source
    if "/cellar/go/" in p.lower() or p.endswith("/opt/homebrew/opt/go/libexec"):
        return "homebrew"
    if "golang.org/toolchain@v0.0.1-go" in p:
        return "GOTOOLCHAIN download"
    if p in _SYSTEM_ROOTS or p.startswith("/usr/lib/go-"):
        return "system"
    t = toolchain_of(facts, root)
    return t.source if t is not None and (t.source in _MANAGER_LABEL or t.source == "system") else ""


def short_path(facts: Facts, path: str) -> str:
    """The path with the user's home written `~` (as the lens is short)."""
    home = facts.workspace_home.rstrip("\\/")
    if home:
        same = path.lower().startswith(home.lower()) if facts.windows else path.startswith(home)
        if same and (len(path) == len(home) or path[len(home)] in "\\/"):
            return "~" + path[len(home) :]
    return path


def dlv_part(facts: Facts) -> str:
    """`dlv 1.25.2 linux/amd64` for the dlv VS Code Go starts; "" when there is none."""
    debug: Any = facts.debug
    chosen = debug.chosen if debug is not None else None
    if chosen is None:
        return ""
    return describe_dlv(chosen)


def describe_dlv(ident: Any) -> str:
    version = ident.delve_version or "(version unknown)"
    platform = ", ".join(f"{s.goos}/{s.goarch}" for s in ident.exe.slices) or "(not readable)"
    return f"dlv {version} {platform}"


def _goland_dlv(facts: Facts) -> str:
    debug: Any = facts.debug
    idents = [] if debug is None else [i for i in [debug.chosen, *debug.others] if i is not None]
    bundled = next((i for i in idents if i.candidate.source == "GoLand"), None)
    if bundled is None:
        return "GoLand's dlv"
    return "GoLand's " + describe_dlv(bundled)


def _exec_part(facts: Facts, cf: ConfigFacts) -> str:
    program: Any = cf.program
    name = str(getattr(program, "path", None) or "")
    base = name.replace("\\", "/").rsplit("/", 1)[-1] if name else "program"
    debug: Any = facts.debug
    exe = None
    if debug is not None:
        found = debug.programs.get(cf.config.index)
        exe = found[1] if found else None
    if exe is not None and exe.slices:
        return f"prebuilt {base} " + ", ".join(f"{s.goos}/{s.goarch}" for s in exe.slices)
    return f"prebuilt {base}"


def _address(cfg: Any) -> str:
    view = cfg.view
    host = view.string("host") if view is not None else None
    port_node = view.value("port") if view is not None else None
    port: object = None
    if port_node is not None and port_node.kind in ("number", "string"):
        port = port_node.value
        if isinstance(port, float) and port.is_integer():
            port = int(port)
    host = _cut(host or DEFAULT_HOST)
    return f"{host}:{_cut(str(port))}" if port not in (None, "") else f"{host} (no port set)"


def _cut(text: str, limit: int = 40) -> str:
    """A value as written, kept short (a lens is one line)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"
