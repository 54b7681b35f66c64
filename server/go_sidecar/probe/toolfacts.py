"""What the toolchain or dlv a setting names is: the text of a hover on that setting's value (issue 13).

The values that name one (each as VS Code Go or GoLand reads it; docs/facts.md "Readiness lenses and hovers"):
- a `GOROOT` in a launch configuration's `env` (the configuration's own or a platform block's) or in a GoLand run
  configuration's `<envs>`; an envFile's GOROOT is in another file and is not hovered;
- `go.goroot` and `go.toolsEnvVars.GOROOT` in settings.json (or a .code-workspace's settings);
- `go.alternateTools.dlv`: an absolute path, or a name VS Code Go looks up in the tool folders (probe/delve.py);
- the GoLand project SDK, `<component name="GOROOT" url="file://..."/>` in .idea/workspace.xml.

The facts shown: the version (the root's VERSION file; a dlv's Go build info), the OS/arch of its executable
(read, never run: parse/binary.py), who installed it (the version manager whose folder holds it, else how it was
found: probe/readiness.py `installer`, Toolchain.source), and whether it is the one PATH finds. `subject_at` is
pure (the facts of the last check); `describe` takes what the check did not gather from an Inspector
(SystemInspector reads the disk: a few stats and an executable header, on the server's executor).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, Protocol

from go_sidecar._record import dataclass
from go_sidecar.model import Location, Position
from go_sidecar.probe.configs import PLATFORM_KEY
from go_sidecar.probe.delve import ALTERNATE_TOOLS, DlvCandidate, dlv_exe, identify_dlv
from go_sidecar.probe.facts import ENV, GO_GOROOT, TOOLS_ENV, ConfigFacts, Facts, Pin
from go_sidecar.probe.readiness import installer, short_path, toolchain_of
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import GoOnPath, RootInfo, first_go_on_path, go_exe, inspect_root, path_entries
from go_sidecar.probe.workspace import WorkspaceFacts

GOROOT, DLV = "goroot", "dlv"
SEARCH = "$GOBIN, $GOPATH/bin, $GOROOT/bin and PATH"

_INSTALLED_BY = {
    "sdk": "golang.org/dl (`go install golang.org/dl/goX.Y.Z`, in ~/sdk)",
    "asdf": "asdf",
    "mise": "mise",
    "goenv": "goenv",
    "gvm": "gvm",
    "scoop": "Scoop",
    "homebrew": "Homebrew",
    "GOTOOLCHAIN download": "the go command: a GOTOOLCHAIN download in the module cache",
    "system": "a system-wide install (the Go installer, a package, or an archive unpacked there)",
    "golang.org/dl": "golang.org/dl (`go install golang.org/dl/goX.Y.Z`, in ~/sdk)",
    "msi": "the Go installer (its registry record HKCU\\Software\\GoProgrammingLanguage installLocation)",
}
_FOUND_THROUGH = {
    "PATH": "found on PATH",
    "GOROOT": "named by the environment's GOROOT",
    "go.goroot": "named by go.goroot",
    "toolchainRoots": "listed in goSidecar.toolchainRoots",
}


@dataclass(frozen=True)
class Subject:
    """A value under the cursor that names a Go root or a dlv."""

    kind: str  # GOROOT | DLV
    what: str  # the setting, as the user knows it: "go.goroot", "env.GOROOT of “Launch”"
    raw: str  # as written
    value: str | None  # variables substituted; None when they are known only at launch (or not yet resolved)
    location: Location  # the written value
    pin: Pin | None = None  # the check's facts about it, when it is what a configuration uses
    config: ConfigFacts | None = None
    note: str = ""  # why it is not what runs here ("used on windows only")
    unknown: bool = False  # its value cannot be known here (IDE macros go-sidecar does not know)


class Inspector(Protocol):
    """What `describe` asks when the check's facts do not say (SystemInspector; tests pass their own)."""

    def resolve(self, raw: str) -> str | None: ...

    def root(self, path: str) -> RootInfo: ...

    def go_binary(self, root: str) -> Any: ...  # parse.binary.ExeInfo of root/bin/go, None when there is none

    def dlv(self, path: str) -> Any: ...  # probe.delve.DlvIdentity, None when there is no such file

    def path_go(self) -> GoOnPath | None: ...

    def path_dlv(self) -> str | None: ...

    def same_file(self, a: str, b: str) -> bool: ...

    def machine(self) -> tuple[str, str]: ...  # (GOOS, GOARCH) of this machine


# --- what is under the cursor --------------------------------------------------------------------------------------


def subject_at(facts: Facts, path: str, position: Position, encoding: str = "utf-16") -> Subject | None:
    """The value at `position` (in the client's encoding) of the file `path`, as the last check read it."""
    want = _norm(path)
    for s in subjects(facts):
        if _norm(s.location.path) != want:
            continue
        start, end = s.location.range.positions(encoding)
        if start <= position <= end:
            return s
    return None


def subjects(facts: Facts) -> Iterator[Subject]:
    """Every hoverable value of the workspace the facts are about."""
    for cf in facts.configs:
        cfg: Any = cf.config
        yield from _goland_env(cf) if cfg.goland else _launch_env(facts, cf)
    ws = facts.workspace
    yield from _settings(facts, ws)
    gf: Any = ws.goland_facts
    sdk = gf.sdk if gf is not None else None
    if sdk is not None:
        pin = facts.goland_sdk
        value = pin.value if pin is not None else (None if sdk.unknown_macros else sdk.path)
        note = f"unknown macros {', '.join(sdk.unknown_macros)}" if sdk.unknown_macros else ""
        yield Subject(
            GOROOT, "the GoLand project SDK", sdk.raw, value, sdk.location, pin, note=note, unknown=value is None
        )


def _goroot_key(key: str, windows: bool) -> bool:
    return key.upper() == "GOROOT" if windows else key == "GOROOT"


def _launch_env(facts: Facts, cf: ConfigFacts) -> Iterator[Subject]:
    cfg: Any = cf.config
    node, doc = cfg.node, cfg.doc
    if node is None or doc is None:
        return
    active_block = cfg.view.block if cfg.view is not None else None  # the block of this machine's OS
    holders: list[tuple[str, Any]] = [("", node)]
    here = ""
    for key in PLATFORM_KEY.values():
        block = node.get_value(key)
        if block is not None and block.kind == "object":
            holders.append((key, block))
            if block is active_block:
                here = key
    for block_key, holder in holders:
        env = holder.get_value("env")
        if env is None or env.kind != "object":
            continue
        for m in env.members:
            if not _goroot_key(m.key, facts.windows) or m.value is None or m.value.kind != "string":
                continue
            value_node = m.value
            location = Location(cfg.path, doc.index.range(value_node.start, value_node.end))
            what = f"env.GOROOT of “{cfg.name}”" + (f" ({block_key})" if block_key else "")
            pin = cf.pin if cf.pin is not None and cf.pin.source == ENV and cf.pin.node is value_node else None
            note = ""
            if pin is None:
                if block_key and holder is not active_block:
                    note = f"used on {block_key} only"
                elif not block_key and active_block is not None and _names_goroot(active_block, facts.windows):
                    note = f"on this machine the “{here}” block's env.GOROOT wins"
            yield Subject(GOROOT, what, value_node.value, pin.value if pin else None, location, pin, cf, note)


def _names_goroot(block: Any, windows: bool) -> bool:
    env = block.get_value("env")
    return env is not None and env.kind == "object" and any(_goroot_key(m.key, windows) for m in env.members)


def _goland_env(cf: ConfigFacts) -> Iterator[Subject]:
    cfg: Any = cf.config
    for name, xv in cfg.rc.env.items():
        if name != "GOROOT":
            continue
        pin = cf.pin if cf.pin is not None and cf.pin.source == ENV else None
        yield Subject(GOROOT, f"GOROOT of the run configuration “{cfg.name}”", xv.raw, xv.value, xv.location, pin, cf)


def _settings(facts: Facts, ws: WorkspaceFacts) -> Iterator[Subject]:
    if ws.settings is None:
        return
    doc = ws.settings

    def at(node: Any) -> Location:
        return ws.location_of(ws.settings_path, doc, node.start, node.end)

    member = ws.settings_member("go.goroot")
    if member is not None and member.value is not None and member.value.kind == "string":
        pin = facts.go_goroot
        value = pin.value if pin is not None else None
        yield Subject(GOROOT, "go.goroot", member.value.value, value, at(member.value), pin)

    member = ws.settings_member("go.toolsEnvVars")
    if member is not None and member.value is not None and member.value.kind == "object":
        for m in member.value.members:
            if _goroot_key(m.key, facts.windows) and m.value is not None and m.value.kind == "string":
                pin = next((c.pin for c in facts.configs if c.pin is not None and c.pin.source == TOOLS_ENV), None)
                value = pin.value if pin is not None else None
                yield Subject(GOROOT, "go.toolsEnvVars.GOROOT", m.value.value, value, at(m.value), pin)

    member = ws.settings_member("go.alternateTools")
    if member is not None and member.value is not None and member.value.kind == "object":
        dlv = member.value.get("dlv")
        if dlv is not None and dlv.value is not None and dlv.value.kind == "string":
            debug: Any = facts.debug
            value = debug.alternate if debug is not None else None
            yield Subject(DLV, "go.alternateTools.dlv", dlv.value.value, value, at(dlv.value))


def _norm(path: str) -> str:
    return path.replace("\\", "/").rstrip("/")


# --- what it is ----------------------------------------------------------------------------------------------------


def describe(facts: Facts, subject: Subject, inspector: Inspector) -> str:
    """The hover's markdown."""
    value = subject.value
    if value is None and not subject.unknown:
        value = inspector.resolve(subject.raw)
    head = f"**{'Go toolchain' if subject.kind == GOROOT else 'dlv'}** · {subject.what}"
    lines = [head, ""]
    if value is None:
        why = subject.note or "a variable known only when the session starts (`${input:…}`, `${command:…}`, …)"
        lines.append(f"`{subject.raw}` depends on {why}: go-sidecar does not judge it.")
        return "\n".join(lines)
    if not value:
        lines.append("Empty: nothing is pinned here.")
        return "\n".join(lines)
    lines.append(f"`{value}`" + (f" — {subject.note}" if subject.note else ""))
    lines.append("")
    body = (
        _goroot_lines(facts, subject, value, inspector)
        if subject.kind == GOROOT
        else _dlv_lines(facts, value, inspector)
    )
    lines += [f"- {line}" for line in body]
    return "\n".join(lines)


def _machine(facts: Facts, inspector: Inspector) -> tuple[str, str]:
    debug: Any = facts.debug
    if debug is not None:
        return debug.machine.os, debug.machine.native_arch
    return inspector.machine()


def _platform(exe: Any, machine: tuple[str, str]) -> str:
    slices = list(getattr(exe, "slices", ()) or ())
    if not slices:
        reason = getattr(exe, "reason", "")
        return "not readable" + (f" ({reason})" if reason else "")
    names = ", ".join(f"{s.goos}/{s.goarch}" for s in slices)
    native = any((s.goos, s.goarch) == machine for s in slices)
    return names + (" — this machine's own" if native else f" — not this machine's ({machine[0]}/{machine[1]})")


def _goroot_lines(facts: Facts, subject: Subject, root: str, inspector: Inspector) -> list[str]:
    info = subject.pin.info if subject.pin is not None else inspector.root(root)
    if not info.is_root:
        return [f"{info.problem}: this is no Go toolchain"]
    out = [f"Version: {info.version or 'unknown (no VERSION file)'}"]
    debug: Any = facts.debug
    exe = debug.go_binaries.get(root) if debug is not None and root in debug.go_binaries else inspector.go_binary(root)
    out.append("OS/arch of bin/go: " + (_platform(exe, _machine(facts, inspector)) if exe is not None else "no bin/go"))
    out.append("Installed by: " + _installed_by(facts, root))
    out.append(_on_path(facts, subject, root, inspector))
    if subject.pin is not None and subject.pin.source == GO_GOROOT:
        out.append("VS Code Go puts go.goroot's bin first on the PATH it gives its tools and the debugger")
    return out


def _installed_by(facts: Facts, root: str) -> str:
    source = installer(facts, root)
    if source:
        return _INSTALLED_BY.get(source, source)
    t = toolchain_of(facts, root)
    if t is None:
        return f"unknown: not among the {len(facts.toolchains)} toolchains go-sidecar found"
    return _INSTALLED_BY.get(t.source) or f"unknown ({_FOUND_THROUGH.get(t.source, t.source)})"


def _on_path(facts: Facts, subject: Subject, root: str, inspector: Inspector) -> str:
    cf = subject.config
    cfg: Any = cf.config if cf is not None else None
    if cf is not None and not cfg.goland:
        go, label = cf.path_go, "the PATH the debugger gets"
    else:
        go, label = inspector.path_go(), "PATH"
    if go is None:
        return f"On PATH: no — {label} holds no go"
    shown = short_path(facts, go.exe)
    if go.root and facts.same_root(go.root, root) or go.root and inspector.same_file(go.root, root):
        return f"On PATH: yes — {label}'s first go is this one (`{shown}`)"
    version = f" ({go.version})" if go.version else ""
    return f"On PATH: no — {label} finds `{shown}` first{version}"


def _dlv_identity(facts: Facts, path: str, inspector: Inspector) -> tuple[Any, bool]:
    """(its DlvIdentity or None, whether VS Code Go starts it)."""
    debug: Any = facts.debug
    if debug is not None:
        for ident in [debug.chosen, *debug.others]:
            if ident is not None and ident.candidate.source == ALTERNATE_TOOLS:
                return ident, ident is debug.chosen
    return inspector.dlv(path), False


def _dlv_lines(facts: Facts, value: str, inspector: Inspector) -> list[str]:
    absolute = value.startswith(("/", "\\")) or value[1:3] in (":\\", ":/")
    ident, started = _dlv_identity(facts, value, inspector)
    out: list[str] = []
    if ident is None:
        if absolute:
            why = "VS Code Go ignores an absolute go.alternateTools.dlv that is not there"
            return [f"does not exist: {why} and searches {SEARCH} for dlv instead"]
        return [f"not found: VS Code Go looks for `{value}` in {SEARCH}, and then runs no other dlv"]
    if not absolute:
        out.append(f"Found as `{short_path(facts, ident.candidate.path)}`")
    bi = getattr(ident.exe, "build_info", None)
    if ident.is_delve:
        built = f", built with {ident.go_version}" if ident.go_version else ""
        out.append(f"Delve {ident.delve_version or '(version unknown)'}{built}")
    elif bi is not None:
        out.append(f"not Delve: its Go build info names `{bi.path or bi.main_module}`")
    else:
        out.append("no Go build info: not a dlv go-sidecar can identify")
    out.append("OS/arch: " + _platform(ident.exe, _machine(facts, inspector)))
    debug: Any = facts.debug
    if debug is not None:
        chosen = debug.chosen
        if started:
            out.append("VS Code Go starts this dlv")
        elif chosen is not None:
            out.append(f"VS Code Go starts another: `{short_path(facts, chosen.candidate.path)}`")
    first = inspector.path_dlv()
    if first is None:
        out.append("On PATH: no dlv on PATH")
    elif inspector.same_file(first, ident.candidate.path):
        out.append("On PATH: yes — the first dlv on PATH is this one")
    else:
        out.append(f"On PATH: no — PATH finds `{short_path(facts, first)}` first")
    return out


# --- the machine, read when the check's facts do not say -------------------------------------------------------------


class SystemInspector:
    """An Inspector that reads the disk (stats, a VERSION file, executable headers); never runs anything."""

    def __init__(self, sys_: System, ws: WorkspaceFacts, identify: Callable[[str], Any] | None = None):
        self.sys = sys_
        self.ws = ws
        if identify is None:
            from go_sidecar.parse.binary import identify as identify_path

            identify = identify_path
        self.identify = identify

    def resolve(self, raw: str) -> str | None:
        from go_sidecar.probe.variables import resolve

        value = resolve(raw, self.sys, self.ws.root, self.ws.folders)
        if value and value.startswith("~"):  # vscode-go resolvePath: a leading ~ is the home, on every OS
            value = self.sys.join(self.sys.home, value[1:].lstrip("\\/"))
        return value

    def root(self, path: str) -> RootInfo:
        return inspect_root(self.sys, path)

    def go_binary(self, root: str) -> Any:
        exe = self.sys.join(root, "bin", go_exe(self.sys))
        return self.identify(self.sys.realpath(exe)) if self.sys.is_file(exe) else None

    def dlv(self, path: str) -> Any:
        if not self.sys.is_abs(path) or not self.sys.is_file(path):
            return None
        return identify_dlv(self.sys, DlvCandidate(path, ALTERNATE_TOOLS), self.identify)

    def _path(self) -> str | None:
        return env_get(self.sys.env, "PATH", self.sys.host.windows)

    def path_go(self) -> GoOnPath | None:
        return first_go_on_path(self.sys, self._path())

    def path_dlv(self) -> str | None:
        name = dlv_exe(self.sys)
        for folder in path_entries(self.sys, self._path()):
            exe = self.sys.join(folder, name)
            if self.sys.is_file(exe):
                return exe
        return None

    def same_file(self, a: str, b: str) -> bool:
        ra, rb = self.sys.norm(self.sys.realpath(a)), self.sys.norm(self.sys.realpath(b))
        if self.sys.host.windows:
            ra, rb = ra.lower(), rb.lower()
        return ra.rstrip("\\/") == rb.rstrip("\\/")

    def machine(self) -> tuple[str, str]:
        return self.sys.host.os, self.sys.host.arch
