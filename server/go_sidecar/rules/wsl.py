"""wsl-mixed-toolchain (issue 13): a Windows go inside WSL, or a Linux toolchain used from Windows through \\\\wsl$.

The facts are probe/wsl.py's (WSL detected statically: `/proc/sys/fs/binfmt_misc/WSLInterop`, `WSL_DISTRO_NAME`;
`/etc/wsl.conf` automount root and appendWindowsPath). Sources: docs/facts.md "Machine and environment", WSL;
golang/vscode-go#3160 (VS Code in WSL ran the Windows host's go), golang/vscode-go#801 and #1485 (a `\\\\wsl$\\`
folder opened from Windows breaks gopls).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

from go_sidecar.model import Fix, Location, Severity, Toolchain
from go_sidecar.probe.facts import ENV, ENV_FILE, TOOLS_ENV, ConfigFacts, Facts, Pin, env_key
from go_sidecar.probe.wsl import WindowsGo, WslFacts, share_of
from go_sidecar.rules.anchors import machine_anchor
from go_sidecar.rules.declare import Found, rule
from go_sidecar.rules.goroot import _minimum, pin_edits, ranked_toolchains, replace_pin_fixes

MAX_FIXES = 3
REMOTE_WSL = 'the WSL extension (`code .` in a WSL terminal, or "WSL: Connect to WSL")'


def _linux_candidates(facts: Facts, w: WslFacts) -> list[Toolchain]:
    """Installed toolchains the other side can run: inside WSL those not on a Windows drive; on Windows those
    neither on a WSL share nor known to hold Linux binaries."""
    ranked = ranked_toolchains(facts, _minimum(facts)) or ranked_toolchains(facts, None)
    if w.inside:
        return [t for t in ranked if not w.on_windows_drive(t.root)]
    return [t for t in ranked if not share_of(t.root) and t.root not in w.linux_roots]


def _pin_fixes(facts: Facts, pin: Pin, cf: ConfigFacts | None, candidates: list[Toolchain]) -> tuple[Fix, ...]:
    if cf is not None and pin.source in (ENV, ENV_FILE) and not cf.config.goland:
        return tuple(
            Fix(f"Use {t.version or 'Go'} ({t.root})", tuple(pin_edits(facts, cf, t.root)), preferred=(i == 0))
            for i, t in enumerate(candidates[:MAX_FIXES])
        )
    return replace_pin_fixes(facts, pin, cf, candidates[:MAX_FIXES])


def _path_fixes(facts: Facts, cf: ConfigFacts, candidates: list[Toolchain]) -> tuple[Fix, ...]:
    """Pin a Linux toolchain for the configuration: env.GOROOT, with its bin first on the configuration's PATH."""
    return tuple(
        Fix(
            f"Build with {t.version or 'Go'} ({t.root}) inside WSL: set GOROOT and put its bin first on PATH",
            tuple(pin_edits(facts, cf, t.root)),
            preferred=(i == 0),
        )
        for i, t in enumerate(candidates[:MAX_FIXES])
    )


def _alternate_fixes(facts: Facts, node: Any, candidates: list[Toolchain]) -> tuple[Fix, ...]:
    ws = facts.workspace
    doc = ws.settings
    if doc is None:
        return ()
    from go_sidecar.edit.jsonc import JsoncEditor  # a fix's builder: imported when a fix is built

    editor = JsoncEditor(ws.settings_path, doc)
    return tuple(
        Fix(f"Use {t.version or 'Go'}'s go ({t.root}/bin/go)", (editor.replace_value(node, f"{t.root}/bin/go"),))
        for t in candidates[:MAX_FIXES]
    )


def _pin_where(pin: Pin, cf: ConfigFacts | None) -> str:
    if cf is not None and pin.source in (ENV, ENV_FILE, TOOLS_ENV):
        return f'GOROOT of configuration "{cf.config.name}" ({pin.source})'
    return {"go.goroot": "go.goroot", "GoLand project SDK": "The GoLand project SDK"}.get(pin.source, pin.source)


@rule(
    code="wsl-mixed-toolchain",
    family="environment",
    severity=Severity.WARNING,
    summary="Inside WSL the go used is Windows' (under /mnt/<drive>), or from Windows a Linux toolchain in WSL",
    explanation="""
WSL runs Linux next to Windows, and each side can see the other's files: Windows drives appear inside WSL under
`/mnt/<drive>/` (wsl.conf `[automount] root`), and a distribution's files appear in Windows under `\\\\wsl$\\<distro>\\`
or `\\\\wsl.localhost\\<distro>\\`. WSL also appends the Windows PATH to the Linux PATH by default (wsl.conf
`[interop] appendWindowsPath = true`), so `/mnt/c/Program Files/Go/bin` is on the PATH of every WSL shell and of
VS Code's WSL server. Detected statically: `/proc/sys/fs/binfmt_misc/WSLInterop` exists while Windows interop is
on, and WSL sets `WSL_DISTRO_NAME` (Microsoft Learn, "Advanced settings configuration in WSL").

A Go toolchain belongs to one side. Inside WSL, a `go` on the Windows drive (a GOROOT under `/mnt/c`, the first
`go` on PATH there, or `go.exe` reached through appendWindowsPath) builds through the slow Windows file system or
builds Windows executables with Windows paths that the Linux Delve cannot debug; VS Code in WSL running the
Windows host's go is golang/vscode-go#3160. From Windows, a toolchain inside the distribution (a root on
`\\\\wsl$\\`, or a bin with a Linux `go` and no `go.exe`) cannot run at all (`%1 is not a valid Win32
application`), and a workspace opened through `\\\\wsl$\\` breaks gopls (golang/vscode-go#801, #1485): open it
with the WSL extension instead, so that the editor's server, gopls and Delve all run inside WSL. More Windows
set-up pitfalls: [docs/windows.md](windows.md).
""",
    fix="Use a toolchain of the side the build runs on: a code action pins an installed Linux toolchain inside WSL "
    "(env.GOROOT with its bin first on PATH, or go.goroot / go.alternateTools.go), a Windows one from Windows. "
    "To keep Windows' Go off the WSL PATH, set `appendWindowsPath = false` under `[interop]` in /etc/wsl.conf "
    "and run `wsl --shutdown`; to work on a WSL folder, open it with the WSL extension.",
    example='Inside WSL, `"go.goroot": "/mnt/c/Program Files/Go"`; or PATH\'s first go is `/mnt/c/tools/go/bin/go`.',
)
def wsl_mixed_toolchain(facts: Facts) -> Iterator[Found]:
    w = facts.wsl
    if w is None:
        return
    if w.inside:
        yield from _inside(facts, w)
    elif facts.windows:
        yield from _from_windows(facts, w)


def _inside(facts: Facts, w: WslFacts) -> Iterator[Found]:
    candidates = _linux_candidates(facts, w)
    where = f"WSL ({w.distro})" if w.distro else "WSL"
    seen: set[tuple[str, int]] = set()

    # A GOROOT written in the workspace that lies on the Windows drive.
    pins: list[tuple[Pin, ConfigFacts | None]] = [
        (cf.pin, cf) for cf in facts.configs if cf.pin is not None and cf.config.builds and cf.knows("GOROOT")
    ]
    pins += [(p, None) for p in (facts.go_goroot, facts.goland_sdk) if p is not None]
    for pin, cf in pins:
        key = (pin.location.path, pin.location.range.start_byte)
        if not w.on_windows_drive(pin.value) or key in seen:
            continue
        seen.add(key)
        if pin.info.is_root:  # a Linux Go kept on the Windows drive
            what = (
                "a Go kept on the Windows drive: every build inside WSL reads it through the Windows file system, "
                "far slower than a toolchain inside the distribution"
            )
        else:
            what = "Windows' Go (its bin holds go.exe, no Linux go): a build inside WSL cannot use it as GOROOT"
        message = (
            f"{_pin_where(pin, cf)} is {pin.value}, {what}; this workspace runs inside {where} ({w.evidence}). "
            "Use a Linux toolchain installed inside WSL."
        )
        if not candidates:
            message += " None is installed: install Go inside WSL (e.g. the linux-amd64 archive into /usr/local/go)."
        yield Found(message, pin.location, partial(_pin_fixes, facts, pin, cf, candidates))

    # go.alternateTools.go naming Windows' go.
    member = facts.workspace.settings_member("go.alternateTools")
    node = member.value.get("go") if member is not None and member.value is not None else None
    value = node.value if node is not None and node.value is not None else None
    settings = facts.workspace.settings
    if value is not None and settings is not None and value.kind == "string" and isinstance(value.value, str):
        tool = value.value
        if w.on_windows_drive(tool) or tool.lower().endswith(".exe"):
            message = (
                f"go.alternateTools.go is {tool}, Windows' go, but VS Code Go runs inside {where}: it builds "
                "Windows executables with Windows paths that the Linux Delve cannot debug. Name a Linux go."
            )
            ws = facts.workspace
            location = Location(ws.settings_path, settings.index.range(value.start, value.end))
            yield Found(message, location, partial(_alternate_fixes, facts, value, candidates))

    # The go each configuration's PATH leads to (Delve runs `go build` from PATH).
    ide_reported = False
    for i, cf in enumerate(facts.configs):
        wg = w.configs[i] if i < len(w.configs) else None
        if wg is None or not cf.config.builds or cf.config.goland or not cf.knows("PATH"):
            continue
        path_key = env_key(cf.env, "PATH", facts.windows)
        own = path_key is not None and cf.sources.get(path_key) in (ENV, ENV_FILE, TOOLS_ENV)
        if own and path_key is not None and cf.sources.get(path_key) == ENV:
            location, _ = cf.config.env_location(path_key)
        elif own:
            location = cf.config.anchor  # the envFile or go.toolsEnvVars sets it
        else:
            location = cf.config.anchor
            ide_reported = True
        yield Found(
            f'Configuration "{cf.config.name}": {_path_text(wg, w, where)}',
            location,
            partial(_path_fixes, facts, cf, candidates),
        )
    if w.ide is not None and not ide_reported:
        yield Found(f"The editor's PATH: {_path_text(w.ide, w, where)}", machine_anchor(facts))


def _path_text(wg: WindowsGo, w: WslFacts, where: str) -> str:
    append = "appendWindowsPath in /etc/wsl.conf" if w.append_windows_path else "the PATH the editor was started with"
    if wg.how == "drive":
        return (
            f"the first go on PATH is {wg.exe}, on the Windows drive, while the build runs inside {where}: a "
            "toolchain on /mnt is read through the Windows file system, and a Windows one builds Windows "
            "executables (golang/vscode-go#3160). Put a Linux toolchain's bin first on PATH."
        )
    return (
        f"no Linux go is on PATH; the only go is Windows' {wg.exe} (on PATH through {append}). VS Code Go in "
        f'{where} finds no go (`Cannot find "go" binary`), and running go.exe builds Windows executables. '
        "Install Go inside WSL and put its bin on PATH."
    )


def _from_windows(facts: Facts, w: WslFacts) -> Iterator[Found]:
    candidates = _linux_candidates(facts, w)
    on_share = f"This workspace lies on the WSL share {w.share}; " if w.share else ""
    seen: set[tuple[str, int]] = set()

    def found(root: str, who: str, location: Location, fixes: Callable[[], tuple[Fix, ...]] | tuple[()]) -> Found:
        why = w.linux_roots[root]
        message = (
            f"{on_share}{who} is {root}, a Linux toolchain ({why}): Windows cannot run its go "
            "(`%1 is not a valid Win32 application`). Open the folder with "
            f"{REMOTE_WSL} so that the build, gopls and Delve run inside WSL, or use a Windows toolchain."
        )
        return Found(message, location, fixes)

    pins: list[tuple[Pin, ConfigFacts | None]] = [
        (cf.pin, cf) for cf in facts.configs if cf.pin is not None and cf.config.builds and cf.knows("GOROOT")
    ]
    pins += [(p, None) for p in (facts.go_goroot, facts.goland_sdk) if p is not None]
    for pin, cf in pins:
        key = (pin.location.path, pin.location.range.start_byte)
        if pin.value not in w.linux_roots or key in seen:
            continue
        seen.add(key)
        yield found(pin.value, _pin_where(pin, cf), pin.location, partial(_pin_fixes, facts, pin, cf, candidates))
    # GOROOT of the editor's environment: no file to point at but the workspace's anchor.
    pg = facts.process_goroot
    if pg is not None and pg.path in w.linux_roots and facts.go_goroot is None:
        yield found(pg.path, "GOROOT of the editor's environment", machine_anchor(facts), ())
