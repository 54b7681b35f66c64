"""path-go-shadowed, goroot-env-set (issue 13): the PATH and GOROOT of the machine around the workspace.

The facts are probe/machine.py's: every `go` on the PATH the editor and each configuration use, with the level
its PATH entry comes from (on Windows the system or user PATH of the registry, else the process's environment),
and GOROOT where it is set globally. Sources: docs/facts.md "Machine and environment" (Windows PATH, Go MSI).
"""

from __future__ import annotations

from collections.abc import Iterator

from go_sidecar.model import Fix, Location, Severity
from go_sidecar.parse.goversion import GoVersion, parse_go_version
from go_sidecar.probe.facts import ENV, ConfigFacts, Facts, env_key
from go_sidecar.probe.machine import CONFIGURATION, PROCESS, SYSTEM, USER, GoEntry, MachineFacts, Variable
from go_sidecar.probe.registry import SYSTEM_ENVIRONMENT, USER_ENVIRONMENT
from go_sidecar.rules.anchors import machine_anchor
from go_sidecar.rules.declare import Found, rule
from go_sidecar.rules.goroot import env_edits

SETTINGS_DIALOG = "System Properties > Environment Variables"
ISSUE_30132 = "https://github.com/golang/go/issues/30132"


def _version(entry: GoEntry) -> GoVersion | None:
    return parse_go_version(entry.go.version) if entry.go.version else None


def _where(facts: Facts, level: str, cf: ConfigFacts | None = None) -> str:
    """The PATH a level stands for, as the user finds it."""
    if level == SYSTEM:
        return f"the system PATH ({SYSTEM_ENVIRONMENT})"
    if level == USER:
        return f"your user PATH ({USER_ENVIRONMENT})"
    if level == CONFIGURATION:
        source = cf.sources.get(env_key(cf.env, "PATH", facts.windows) or "PATH", ENV) if cf else ENV
        return f"the configuration's own PATH ({source})"
    if facts.windows:
        return "the PATH the editor was started with (in neither registry PATH)"
    return "the PATH the editor was started with (your shell's profile)"


def _go_text(entry: GoEntry) -> str:
    return f"{entry.go.exe} ({entry.go.version or 'unknown version'})"


# --- path-go-shadowed -----------------------------------------------------------------------------------
@rule(
    code="path-go-shadowed",
    family="environment",
    severity=Severity.WARNING,
    summary="An older go comes first on the PATH and hides the Go the configuration should build with",
    explanation="""
`go build`, `dlv` and VS Code Go run the first `go` on PATH. When PATH holds several Go installations, an old
one earlier on PATH wins and the debugger silently builds with it. The classic case is Windows: the Go MSI
installed into `C:\\Go` before Go 1.16 and into `C:\\Program Files\\Go` since (golang/go#42070), and it
*appends* its bin to the system PATH (golang/build `internal/installer/windowsmsi`), so a `C:\\Go\\bin` left by
an old install stays in front. Windows builds PATH as the system PATH
(`HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment`) followed by the user PATH
(`HKCU\\Environment`), so a user entry can never come before a system one (Raymond Chen, The Old New Thing,
2023-12-12; docs/facts.md "Machine and environment"). The same
happens on macOS and Linux: `/usr/local/go/bin` from an old package before Homebrew's `/opt/homebrew/bin`, a
distribution's `/usr/bin/go` before `/usr/local/go/bin`.

The message names the go that comes first, the PATH entry and the level it comes from (system or user PATH of
the registry, the editor's own environment, or the configuration's PATH), and the go it hides. With a GOROOT
pinned in the configuration, `goroot-path-mismatch` reports the same PATH instead; `goroot-env-set` reports a
global GOROOT that names another Go than PATH's (this rule's other face). Windows pitfalls no configuration check
can see (Defender, execution policy, consoles): [docs/windows.md](windows.md).
""",
    fix="Remove the old Go's bin from PATH (or uninstall that Go), or move the right bin before it, where the "
    "message says the entry comes from; restart the editor so that it reads the new PATH. When the "
    "configuration sets PATH in launch.json, a code action puts the right bin first there.",
    example="System PATH `C:\\Go\\bin` (go1.15.2) before `C:\\Program Files\\Go\\bin` (go1.22.5).",
)
def path_go_shadowed(facts: Facts) -> Iterator[Found]:
    m = facts.machine
    if m is None or facts.go_goroot_unknown:
        return
    pinned = facts.go_goroot.value if facts.go_goroot is not None and facts.go_goroot.info.is_root else None
    # The configurations by the PATH they build with: those on the editor's PATH share one finding.
    shared: list[ConfigFacts] = []
    for cf in facts.configs:
        if cf.config.goland or not cf.config.builds or cf.pin is not None or not cf.knows("PATH", "GOROOT"):
            continue  # GoLand builds with its SDK; a pinned GOROOT is goroot-path-mismatch's
        key = env_key(cf.env, "PATH", facts.windows)
        if key is None:
            shared.append(cf)
            continue
        found = _shadowed(facts, m, m.gos_on(cf.env[key]), pinned)
        if found is not None:
            yield _finding(facts, m, found, [cf], cf.config.anchor)
    if facts.workspace.goland and not facts.workspace.configs:
        return  # a GoLand project: its SDK, not PATH, decides
    found = _shadowed(facts, m, m.gos_on(m.ide_path), pinned)
    if found is not None:
        yield _finding(facts, m, found, shared, shared[0].config.anchor if shared else machine_anchor(facts))


def _shadowed(
    facts: Facts, m: MachineFacts, gos: tuple[GoEntry, ...], pinned: str | None
) -> tuple[GoEntry, GoEntry] | None:
    """(the first go, the one it hides) when the first is not the one wanted: go.goroot's root when it is set
    and on this PATH, else the newest Go on this PATH. A first go that is no Go root (a shim) is not judged."""
    if len(gos) < 2 or gos[0].go.root is None:
        return None
    first = gos[0]
    later = [g for g in gos[1:] if g.go.root and not facts.same_root(g.go.root, first.go.root)]
    if not later:
        return None
    if pinned is not None:
        if facts.same_root(first.go.root, pinned):
            return None
        wanted = next((g for g in later if facts.same_root(g.go.root, pinned)), None)
        return (first, wanted) if wanted is not None else None
    first_version = _version(first)
    newest = max((g for g in later if _version(g) is not None), key=lambda g: _vkey(_version(g)), default=None)
    if first_version is None or newest is None or not _vkey(_version(newest)) > _vkey(first_version):
        return None
    return first, newest


def _vkey(v: GoVersion | None) -> tuple[int, int, int, int, int]:
    if v is None:
        return (0, 0, 0, 0, 0)
    return (v.major, v.minor, v.patch, v.pre[0], v.pre[1])


def _finding(
    facts: Facts, m: MachineFacts, pair: tuple[GoEntry, GoEntry], configs: list[ConfigFacts], anchor: Location
) -> Found:
    first, hidden = pair
    cf = configs[0] if len(configs) == 1 else None
    own_path = cf is not None and env_key(cf.env, "PATH", facts.windows) is not None
    if configs:
        names = ", ".join(f'"{c.config.name}"' for c in configs[:3]) + (
            f" and {len(configs) - 3} more" if len(configs) > 3 else ""
        )
        who = f"Configuration{'s' if len(configs) > 1 else ''} {names} build{'' if len(configs) > 1 else 's'}"
        who += " with the first go on " + ("its own PATH" if own_path else "the editor's PATH")
    else:
        who = "The editor's tools (VS Code Go, gopls) run the first go on its PATH"
    later = "the same PATH" if hidden.level == first.level else _where(facts, hidden.level, cf)
    message = (
        f"{who}: {_go_text(first)}, from {first.entry} in {_where(facts, first.level, cf)}. It hides "
        f"{_go_text(hidden)}, from {hidden.entry} later in {later}. {_consequence(first, bool(configs))} "
        f"{_advice(facts, m, first, hidden)}"
    )
    fixes: tuple[Fix, ...] = ()
    if cf is not None and own_path:
        key = env_key(cf.config.env, "PATH", facts.windows)
        written = cf.config.env.get(key) if key is not None and cf.sources.get(key) == ENV else None
        if key is not None and written is not None:
            edits = env_edits(facts, cf, {key: hidden.entry + facts.path_sep + written})
            if edits:
                title = f"Put {hidden.entry} first on this configuration's PATH"
                fixes = (Fix(title, tuple(edits), preferred=True),)
    return Found(message.strip(), anchor, fixes)


def _consequence(first: GoEntry, debugs: bool) -> str:
    version = first.go.version or "the older Go"
    if debugs:
        return f"Delve runs `go build` from PATH, so the debugger builds with {version}."
    return f"VS Code Go, gopls and go commands in the editor's terminal use {version}."


def _advice(facts: Facts, m: MachineFacts, first: GoEntry, hidden: GoEntry) -> str:
    """What to change, where the first entry comes from."""
    old = first.go.root or first.entry
    remove = f"uninstall the Go in {old} and remove {first.entry} from PATH"
    if first.level == CONFIGURATION:
        return f"Fix: put {hidden.entry} before {first.entry} in the configuration's PATH, or {remove}."
    if first.level == SYSTEM and hidden.level == USER:
        return (
            f"Fix: {remove} (the system PATH needs administrator rights: {SETTINGS_DIALOG}); a user PATH entry "
            "cannot come before the system PATH, which Windows puts first. Restart the editor afterwards."
        )
    if first.level in (SYSTEM, USER):
        return (
            f"Fix: {remove}, or move {hidden.entry} before it in the {first.level} PATH ({SETTINGS_DIALOG}), "
            "then restart the editor."
        )
    # The editor's own environment.
    if facts.windows:
        registry_first = m.gos_on(m.registry_path)
        if registry_first and facts.same_root(registry_first[0].go.root, hidden.go.root):
            return (
                f"Fix: the registry's PATH already puts {hidden.entry}'s go first: the editor was started before "
                "that change (or by a program with a PATH of its own). Quit every window of the editor and start it "
                "again."
            )
        return (
            f"Fix: {first.entry} is in neither the system nor the user PATH: remove it where the program that "
            "starts the editor adds it, or restart the editor if it was removed from the registry since."
        )
    return (
        f"Fix: {remove}, or put {hidden.entry} before it where your shell profile sets PATH (~/.profile, "
        "~/.bashrc, ~/.zshrc; on macOS /etc/paths and /etc/paths.d order the system's part), then start the "
        "editor again from a new login session."
    )


# --- goroot-env-set -------------------------------------------------------------------------------------
@rule(
    code="goroot-env-set",
    family="environment",
    severity=Severity.INFORMATION,
    summary="GOROOT is set globally although the go on PATH finds its own root",
    explanation=f"""
The go command finds its root by itself: `$GOROOT` when it is set, else the folder above the running `go`
(cmd/go/internal/cfg, findGOROOT). Setting GOROOT globally (a system or user environment variable on Windows, a
shell profile elsewhere) is not needed, and it breaks the day another Go comes first on PATH: that go then
builds with the other root's compiler and fails with `compile: version "go1.X" does not match go tool version
"go1.Y"`. The Go installer stopped setting GOROOT for this reason ({ISSUE_30132}, golang/build 19b21b52); old
installers and tutorials left it behind. A GOROOT that names another toolchain than the go on PATH is the other
face of `path-go-shadowed` and is reported as a warning; one that names no Go root at all breaks every go
command (`go: cannot find GOROOT directory`). More Windows set-up pitfalls: [docs/windows.md](windows.md).
""",
    fix="Remove the global GOROOT (Windows: delete it in System Properties > Environment Variables, or "
    "`[Environment]::SetEnvironmentVariable('GOROOT', $null, 'User')` in PowerShell; elsewhere: the `export "
    "GOROOT=...` line of your shell profile), then restart the editor. To pin a Go for one project, use "
    "`go.goroot` or the configuration's env.GOROOT.",
    example="User environment variable GOROOT=C:\\Go left by a Go 1.11 installer; the go on PATH is "
    "C:\\Program Files\\Go\\bin\\go.exe.",
)
def goroot_env_set(facts: Facts) -> Iterator[Found]:
    m = facts.machine
    if m is None or facts.go_goroot is not None or facts.go_goroot_unknown:
        return  # VS Code Go hands go.goroot to its tools and the debugger as GOROOT
    if facts.workspace.goland and not facts.workspace.configs:
        return  # GoLand builds with its project SDK
    affected = [cf for cf in facts.configs if not cf.config.goland and cf.config.builds and cf.pin is None]
    var, pending = (m.goroot, False) if m.goroot is not None else (m.registry_goroot, True)
    if var is None or not var.value:
        return
    gos = m.gos_on(m.registry_path if pending else m.ide_path)
    anchor = affected[0].config.anchor if affected else machine_anchor(facts)
    where = _goroot_where(var, pending)
    info = var.info
    if info is not None and not info.is_root:
        message = f"{where} is {var.value}, which {info.problem}."
        if not info.exists:
            message += f" Every go command fails with `go: cannot find GOROOT directory: {var.value}`."
        yield Found(f"{message} {_goroot_fix(var)}", anchor, severity=Severity.WARNING)
        return
    if not gos or gos[0].go.root is None:
        return  # no go on PATH (or a shim): GOROOT may be how the editor finds one
    first = gos[0]
    version = info.version if info is not None and info.version else "a Go"
    if facts.same_root(first.go.root, var.value):
        message = (
            f"{where} is {var.value}, the root the first go on PATH ({first.go.exe}) finds by itself. It is not "
            f"needed, and it breaks multi-version set-ups: once another Go comes first on PATH, builds mix two "
            f"toolchains. The Go installer no longer sets it ({ISSUE_30132}). {_goroot_fix(var)}"
        )
        yield Found(message, anchor)
        return
    message = (
        f"{where} is {var.value} ({version}), but the first go on PATH is {_go_text(first)}: go uses $GOROOT "
        f"when it is set, so builds run {first.go.version or 'that go'}'s go command with {version}'s compiler "
        f'and fail with `compile: version "{version}" does not match go tool version "{first.go.version}"`. This '
        f"is the other face of path-go-shadowed: the global GOROOT and PATH name different Go installations. "
        f"{_goroot_fix(var)}"
    )
    yield Found(message, anchor, severity=Severity.WARNING)


def _goroot_where(var: Variable, pending: bool) -> str:
    level = {
        SYSTEM: f"the system environment variable GOROOT ({SYSTEM_ENVIRONMENT})",
        USER: f"your user environment variable GOROOT ({USER_ENVIRONMENT})",
        PROCESS: "GOROOT in the editor's environment",
    }.get(var.level, "GOROOT")
    if pending:  # in the registry, not yet in the editor's environment
        level += ", which the editor gets when it starts again,"
    return level[0].upper() + level[1:]


def _goroot_fix(var: Variable) -> str:
    if var.level == SYSTEM:
        return (
            f"Fix: delete the system variable GOROOT ({SETTINGS_DIALOG}, needs administrator rights) and restart "
            "the editor."
        )
    if var.level == USER:
        return (
            f"Fix: delete your user variable GOROOT ({SETTINGS_DIALOG}, or `[Environment]::SetEnvironmentVariable("
            "'GOROOT', $null, 'User')` in PowerShell) and restart the editor."
        )
    return (
        "Fix: remove the line that sets GOROOT where the editor's environment comes from (a shell profile such "
        "as ~/.profile, ~/.bashrc or ~/.zshrc, or the program that starts the editor) and restart the editor."
    )
