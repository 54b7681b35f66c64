"""go-pin-mismatch (issue 13): a configuration pins another Go than the folder's version-manager pin file.

A version manager decides the Go of a folder from the nearest pin file above it: asdf and mise read
`.tool-versions` (`golang 1.22.5`), mise reads `mise.toml` / `.mise.toml` (`[tools] go = "1.22"`), goenv (and
asdf, mise on request) read `.go-version` (asdf docs "The .tool-versions file"; jdx/mise src/plugins/core/go.rs;
syndbg/goenv; docs/facts.md "Version managers and pin files"). A GOROOT written in the workspace's
configuration (env, envFile, go.toolsEnvVars, go.goroot, the GoLand project SDK) overrides the manager for the
IDE's builds, so a terminal in that folder and the debugger build with two different Go versions. The facts are
probe/pinfiles.py's.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from go_sidecar.model import Fix, Severity, TextEdit, Toolchain
from go_sidecar.parse.goversion import RELEASE, GoVersion, parse_go_version
from go_sidecar.probe.facts import ENV, ENV_FILE, GO_GOROOT, GOLAND_SDK, TOOLS_ENV, ConfigFacts, Facts, Pin
from go_sidecar.probe.pinfiles import GO_VERSION, TOOL_VERSIONS, GoPin
from go_sidecar.rules.declare import Found, rule
from go_sidecar.rules.goroot import pin_edits, replace_pin_fixes

MAX_FIXES = 3
MAX_NAMES = 3


def pin_matches(pinned: str, version: str) -> bool:
    """Whether a toolchain's version ("go1.22.5") is what a pin file asks for: "1.22" is any 1.22.x release (the
    newest installed, as the managers resolve it), "1.22.5" exactly that, "1.23rc1" exactly that pre-release.
    True when either cannot be read (not judged)."""
    p, v = parse_go_version(pinned), parse_go_version(version)
    if p is None or v is None:
        return True
    if p.pre != RELEASE or v.pre != RELEASE:
        return p == v
    if pinned.count(".") == 1:  # fuzzy: major.minor
        return p.minor_key == v.minor_key
    return (p.major, p.minor, p.patch) == (v.major, v.minor, v.patch)


def _short(version: GoVersion, like: str) -> str:
    """The configuration's version written as the pin file writes its own: "1.21" for a fuzzy "1.22"."""
    if like.count(".") == 1 and version.release:
        return f"{version.major}.{version.minor}"
    return str(version)


def _where(pin: Pin, cf: ConfigFacts | None) -> str:
    if pin.source == ENV:
        return "GOROOT in its GoLand run configuration" if cf and cf.config.goland else "env.GOROOT in launch.json"
    return {
        ENV_FILE: "GOROOT in its envFile",
        TOOLS_ENV: "GOROOT in go.toolsEnvVars",
        GO_GOROOT: "go.goroot in settings.json",
        GOLAND_SDK: "the GoLand project SDK (.idea/workspace.xml)",
    }.get(pin.source, pin.source)


def _install_hint(gp: GoPin) -> str:
    if gp.kind == TOOL_VERSIONS:
        return f"`asdf install golang {gp.version}` (or `mise install go@{gp.version}`)"
    if gp.kind == GO_VERSION:
        return f"`goenv install {gp.version}` (or `mise install go@{gp.version}`)"
    return f"`mise install go@{gp.version}`"


def _installed(facts: Facts, gp: GoPin) -> list[Toolchain]:
    """Installed toolchains of the pinned version: the pin file's own managers' first, then newest first."""
    out = [t for t in facts.toolchains if t.version and pin_matches(gp.version, t.version)]

    def rank(t: Toolchain) -> tuple[bool, tuple[int, int, int]]:
        v = parse_go_version(t.version)
        return (t.source not in gp.managers, (-v.major, -v.minor, -v.patch) if v else (0, 0, 0))

    return sorted(out, key=rank)


def _fixes(facts: Facts, gp: GoPin, pin: Pin, cf: ConfigFacts | None, candidates: list[Toolchain]) -> list[Fix]:
    out: list[Fix] = []
    for t in candidates[:MAX_FIXES]:
        who = f"{t.source}'s " if t.source else ""
        title = f"Point GOROOT at {who}{t.version} ({t.root}), as {gp.kind} pins"
        if cf is not None and pin.source in (ENV, ENV_FILE) and not cf.config.goland:
            edits = tuple(pin_edits(facts, cf, t.root))  # GOROOT, and its bin first on the configuration's PATH
        else:
            made = replace_pin_fixes(facts, pin, cf, [t])
            edits = made[0].edits if made else ()
        if edits:
            out.append(Fix(title, edits, preferred=not out))
    version = parse_go_version(pin.info.version)
    if version is not None:
        written = gp.written
        prefix = written[: written.find(gp.version)] if gp.version in written else ""
        new = prefix + _short(version, gp.version)
        edit = TextEdit(gp.path, gp.location.range, new)
        out.append(Fix(f"Change {gp.kind} to {new} (the version of {_where(pin, cf)})", (edit,), preferred=not out))
    return out


@rule(
    code="go-pin-mismatch",
    family="environment",
    severity=Severity.WARNING,
    summary="A configuration pins another Go version than the folder's version-manager pin file",
    explanation="""
asdf, mise and goenv choose the Go of a folder from a pin file: `.tool-versions` (`golang 1.22.5`; asdf and
mise), `mise.toml` / `.mise.toml` (`[tools] go = "1.22"`; mise) and `.go-version` (goenv; asdf and mise when
asked to read it), the nearest one above the folder winning (asdf docs "The .tool-versions file"; mise docs
"mise.toml", jdx/mise `src/plugins/core/go.rs`). A GOROOT written in the workspace's configuration (`env.GOROOT`,
its envFile, `go.toolsEnvVars`, `go.goroot`, the GoLand project SDK) is what the IDE and the debugger build with,
whatever the manager says. When the two name different versions, `go test` in a terminal and the debug session
build the same code with different Go versions: a bug that shows in one and not the other, or a `go.mod` that
one accepts and the other rejects.

A pin `1.22` matches any installed go1.22.x (the managers take the newest), `1.22.5` only go1.22.5. The finding
is on the pin file's version; the configuration's program folder decides which pin file applies (the workspace
root's when the program lies outside it). `system`, `latest` and `ref:` pins are not judged.
""",
    fix="Point the configuration's GOROOT at the manager's install of the pinned version (a code action for each "
    "installed toolchain of that version, the pin file's own manager first; env.GOROOT gets its bin first on "
    "PATH too), or change the pin file to the configuration's version (a code action edits the version in "
    "place). When the pinned version is not installed, the message says how to install it.",
    example='`.tool-versions` says `golang 1.22.5`; launch.json has `"env": {"GOROOT": "/usr/local/go"}` (go1.21.3).',
)
def go_pin_mismatch(facts: Facts) -> Iterator[Found]:
    pf = facts.pins
    if pf is None:
        return
    # (pin file, where the GOROOT is written) -> the pin, a configuration for fixes, the names that use it.
    groups: dict[tuple[str, str, int, str], tuple[GoPin, Pin, ConfigFacts | None, list[str]]] = {}

    def consider(gps: tuple[GoPin, ...], pin: Pin, cf: ConfigFacts | None, name: str) -> None:
        if not pin.info.is_root or not pin.info.version or not gps:
            return
        if any(pin_matches(gp.version, pin.info.version) for gp in gps):
            return  # it agrees with one of the folder's pin files: the managers disagree among themselves
        for gp in gps:
            key = (gp.path, pin.location.path, pin.location.range.start_byte, pin.value)
            if key not in groups:
                groups[key] = (gp, pin, cf, [])
            if name not in groups[key][3]:
                groups[key][3].append(name)

    for i, cf in enumerate(facts.configs):
        if not cf.config.builds or not cf.knows("GOROOT"):
            continue
        pin = cf.pin or (facts.goland_sdk if cf.config.goland else facts.go_goroot)
        if pin is not None:
            consider(pf.for_config(i), pin, cf if pin is cf.pin else None, f'configuration "{cf.config.name}"')
    # What the IDE itself builds and analyses with, judged against the workspace root's pin file.
    if facts.go_goroot is not None:
        consider(pf.root, facts.go_goroot, None, "VS Code Go (go.goroot)")
    if facts.goland_sdk is not None:
        consider(pf.root, facts.goland_sdk, None, "GoLand (project SDK)")

    for gp, pin, owner, names in groups.values():
        shown = ", ".join(names[:MAX_NAMES]) + (f" and {len(names) - MAX_NAMES} more" if len(names) > MAX_NAMES else "")
        readers = "/".join(gp.managers)
        candidates = _installed(facts, gp)
        message = (
            f"{gp.kind} pins Go {gp.version} for this folder ({readers} use it in a terminal), but {shown} "
            f"builds with {pin.info.version} from {pin.value} ({_where(pin, owner)})."
        )
        if candidates:
            best = candidates[0]
            message += (
                f" Point GOROOT at {best.source}'s {best.version} ({best.root}), or change {gp.kind} to "
                f"{_short(parse_go_version(pin.info.version) or GoVersion(0, 0, 0, RELEASE), gp.version)}."
            )
        else:
            message += (
                f" Go {gp.version} is not installed: install it with {_install_hint(gp)} and point GOROOT at it, "
                f"or change {gp.kind} to the configuration's version."
            )
        yield Found(message, gp.location, partial(_fixes, facts, gp, pin, owner, candidates))
