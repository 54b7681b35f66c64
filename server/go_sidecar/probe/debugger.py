"""The debugger side of the facts: the machine's native platform, which dlv runs, what it and each Go is.

Every identity comes from reading executable headers and Go build info (parse/binary.py): no dlv and no go
is ever started to ask its version.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass, field
from go_sidecar.model import Toolchain
from go_sidecar.probe import configs
from go_sidecar.probe.delve import DlvCandidate, DlvIdentity, alternate_dlv, chosen_dlv, find_dlv, identify_dlv
from go_sidecar.probe.host import HostFacts
from go_sidecar.probe.memo import LINKS, Memo
from go_sidecar.probe.system import System
from go_sidecar.probe.toolchains import go_exe
from go_sidecar.probe.workspace import WorkspaceFacts

if TYPE_CHECKING:
    from go_sidecar.parse.binary import ExeInfo

    # Reads an executable's identity (parse.binary.identify; tests pass recorded ones).
    Identify = Callable[[str], ExeInfo]


@dataclass
class DebugFacts:
    machine: HostFacts
    candidates: list[DlvCandidate] = field(default_factory=list)
    chosen: DlvIdentity | None = None  # the dlv VS Code Go starts (None: "dlv not found" at launch)
    others: list[DlvIdentity] = field(default_factory=list)  # every other dlv found, identified
    go_binaries: dict[str, ExeInfo] = field(default_factory=dict)  # Go root -> ExeInfo of its bin/go
    alternate: str | None = None  # go.alternateTools.dlv, resolved
    # configuration index -> (path, ExeInfo) of a mode-exec program
    programs: dict[int, tuple[str, ExeInfo]] = field(default_factory=dict)
    alternate_exists: bool = False  # ...and it names a file (vscode-go ignores an absolute path that does not)

    def native(self, goos: str, goarch: str) -> bool:
        return goos == self.machine.os and goarch == self.machine.native_arch

    def runs_natively(self, exe: ExeInfo) -> bool:
        """Any slice of the executable is the machine's own platform (a universal Mach-O has several)."""
        return any(self.native(s.goos, s.goarch) for s in exe.slices)


def gather_debug(
    sys_: System,
    ws: WorkspaceFacts,
    go_env: dict[str, str],
    toolchains: list[Toolchain],
    build_roots: list[str],
    machine: HostFacts,
    identify: Identify | None = None,
    memo: Memo | None = None,
    program_facts: Mapping[int, Any] | None = None,
) -> DebugFacts:
    if identify is None:
        from go_sidecar.parse.binary import identify as identify_path

        identify = _cached(sys_, identify_path)
    candidates = find_dlv(sys_, ws, go_env, native_arch=machine.native_arch)
    chosen_candidate = chosen_dlv(candidates)
    if not ws.configs and ws.goland:
        # A GoLand project without VS Code debug configurations: GoLand starts its bundled dlv.
        chosen_candidate = next((c for c in candidates if c.source == "GoLand"), chosen_candidate)
    chosen = None
    others = []
    for cand in candidates:
        ident = identify_dlv(sys_, cand, identify)
        if cand is chosen_candidate:
            chosen = ident
        else:
            others.append(ident)
    roots = tuple(dict.fromkeys([*build_roots, *(t.root for t in toolchains)]))
    if memo is None:
        go_binaries = _go_binaries(sys_, roots, identify)
    else:  # thirty toolchains' bin/go resolved and stat'ed on every keystroke: again when toolchains change
        go_binaries = memo.get(LINKS, ("go binaries", roots), (), lambda: _go_binaries(sys_, roots, identify))
    alternate = alternate_dlv(sys_, ws)
    exists = alternate is not None and alternate != "" and (not sys_.is_abs(alternate) or sys_.is_file(alternate))
    return DebugFacts(
        machine,
        candidates,
        chosen,
        others,
        go_binaries,
        alternate=alternate,
        alternate_exists=exists,
        programs=_exec_programs(sys_, program_facts or {}, identify),
    )


def _go_binaries(sys_: System, roots: tuple[str, ...], identify: Identify) -> dict[str, ExeInfo]:
    out = {}
    for root in roots:
        exe = sys_.join(root, "bin", go_exe(sys_))
        if sys_.is_file(exe):
            out[root] = identify(sys_.realpath(exe))
    return out


def _exec_programs(
    sys_: System, program_facts: Mapping[int, Any], identify: Identify
) -> dict[int, tuple[str, ExeInfo]]:
    """The prebuilt programs of `mode: exec` configurations, read (never run): Delve debugs *that* binary, so
    its Go version and platform are what the debugger rules judge. `program_facts`: each configuration's
    `program` as probe/facts.py read it (configuration index -> PathFacts), not looked at a second time."""
    out = {}
    for index, (cfg, p) in program_facts.items():
        if cfg.kind != configs.EXEC or cfg.mode != "exec":
            continue
        if p is not None and p.state in ("file", "go"):
            out[index] = (p.path, identify(sys_.realpath(p.path)))
    return out


_IDENTITIES: dict[tuple[str, float | None], ExeInfo] = {}


def _cached(sys_: System, identify: Identify) -> Identify:
    """Executables rarely change between two checks (the server checks on every keystroke): read each
    (path, modification time) once per process."""

    def cached(path: str) -> ExeInfo:
        key = (path, sys_.mtime(path))
        if key not in _IDENTITIES:
            if len(_IDENTITIES) > 256:
                _IDENTITIES.clear()
            _IDENTITIES[key] = identify(path)
        return _IDENTITIES[key]

    return cached
