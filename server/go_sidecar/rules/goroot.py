"""GOROOT rules: which Go a debug configuration builds with, and whether that is the Go it needs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from go_sidecar.model import Fix, Location, Severity, TextEdit, Toolchain
from go_sidecar.parse.goversion import GoVersion, parse_go_version
from go_sidecar.probe.facts import (
    ENV,
    ENV_FILE,
    GO_GOROOT,
    GOLAND_SDK,
    TOOLS_ENV,
    Build,
    ConfigFacts,
    Facts,
    Pin,
    build_toolchain,
)
from go_sidecar.rules.declare import Found, rule

MAX_PIN_FIXES = 5


def toolchain_policy(value: str) -> tuple[GoVersion | None, str]:
    """GOTOOLCHAIN as cmd/go reads it: (forced version, "local" | "auto" | "path")."""
    base, _, suffix = value.strip().partition("+")
    if base in ("auto", "path"):
        return None, base
    mode = suffix if suffix in ("auto", "path") else "local"
    return (parse_go_version(base) if base.startswith("go") else None), mode


def requirement_versions(facts: Facts) -> tuple[GoVersion | None, GoVersion | None]:
    req = facts.requirement
    if req is None:
        return None, None
    go = parse_go_version(req.go.value) if req.go else None
    tc = parse_go_version(req.toolchain.value) if req.toolchain else None
    return go, tc


def ranked_toolchains(facts: Facts, at_least: GoVersion | None) -> list[Toolchain]:
    """Installed toolchains that satisfy `at_least`: the toolchain line's exact version first, then releases
    newest first, then pre-releases."""
    _, wanted = requirement_versions(facts)
    out = []
    for t in facts.toolchains:
        v = parse_go_version(t.version)
        if v is None or (at_least is not None and v < at_least):
            continue
        out.append((v, t))
    out.sort(key=lambda vt: (vt[0] != wanted, not vt[0].release, tuple(-x for x in _vkey(vt[0]))))
    return [t for _, t in out]


def _vkey(v: GoVersion) -> tuple[int, int, int, int, int]:
    return (v.major, v.minor, v.patch, v.pre[0], v.pre[1])


def _minimum(facts: Facts) -> GoVersion | None:
    go, tc = requirement_versions(facts)
    return max((v for v in (go, tc) if v is not None), default=None)


# --- edits ----------------------------------------------------------------------------------------------
def _env_key(facts: Facts, cf: ConfigFacts, name: str) -> str:
    """The variable's name as the configuration's env writes it: on Windows `Path` is PATH, and adding a
    second spelling would leave two PATHs for the debugger to pick from."""
    if facts.windows and name not in cf.config.env:
        for key in cf.config.env:
            if key.upper() == name:
                return key
    return name


def _path_value(facts: Facts, cf: ConfigFacts, root: str) -> str:
    """PATH for the configuration with `root`'s bin first, keeping what the configuration had."""
    key = _env_key(facts, cf, "PATH")
    written = cf.config.env.get(key) if cf.sources.get(key) == ENV else None
    rest = written if written is not None else "${env:PATH}"
    return facts.bin_dir(root) + facts.path_sep + rest


def pin_edits(facts: Facts, cf: ConfigFacts, root: str) -> list[TextEdit]:
    """Set env.GOROOT (and put its bin first on env.PATH unless PATH's go already is that root)."""
    values = {_env_key(facts, cf, "GOROOT"): root}
    if cf.path_go is None or not facts.same_root(cf.path_go.root, root):
        values[_env_key(facts, cf, "PATH")] = _path_value(facts, cf, root)
    return env_edits(facts, cf, values)


def env_edits(facts: Facts, cf: ConfigFacts, values: dict[str, str]) -> list[TextEdit]:
    """Set env keys in the configuration's own file: launch.json (where VS Code reads them on this OS) or a
    GoLand run configuration's <envs>."""
    return cf.config.set_env_edits(values)


def pin_fixes(facts: Facts, cf: ConfigFacts, candidates: list[Toolchain], verb: str = "Pin") -> tuple[Fix, ...]:
    return tuple(
        Fix(
            title=f"{verb} GOROOT to {t.version or 'Go'} ({t.root})",
            edits=tuple(pin_edits(facts, cf, t.root)),
            preferred=(i == 0),
        )
        for i, t in enumerate(candidates[:MAX_PIN_FIXES])
    )


def replace_pin_fixes(facts: Facts, pin: Pin, cf: ConfigFacts | None, candidates: list[Toolchain]) -> tuple[Fix, ...]:
    """Fixes for a GOROOT written somewhere: rewrite it where it is written (envFile: override it in env)."""
    ws = facts.workspace
    fixes = []
    for i, t in enumerate(candidates[:MAX_PIN_FIXES]):
        if pin.source == ENV_FILE and cf is not None:
            edits = pin_edits(facts, cf, t.root)
        elif pin.source == GOLAND_SDK:
            edits = _sdk_edits(facts, t.root)
        elif cf is not None and cf.config.goland:
            edits = cf.config.set_env_edits({"GOROOT": t.root})
        else:
            from go_sidecar.edit.jsonc import JsoncEditor  # a fix's builder: imported when a fix is built
            from go_sidecar.parse.jsonc import JNode

            doc = ws.launch if pin.location.path == ws.launch_path else ws.settings
            node = pin.node  # a JSON string node here (GoLand's XML values are edited above)
            if not isinstance(node, JNode) or node.kind != "string" or doc is None:
                continue
            edits = [JsoncEditor(pin.location.path, doc).replace_value(node, t.root)]
        fixes.append(Fix(f"Use {t.version or 'Go'} ({t.root})", tuple(edits), preferred=(i == 0)))
    return tuple(fixes)


def _sdk_edits(facts: Facts, root: str) -> list[TextEdit]:
    """Point the GoLand project SDK at `root`, in macro form as GoLand writes it (`file://$USER_HOME$/...`)."""
    from go_sidecar.edit.xml import XmlEditor

    gf = facts.workspace.goland_facts
    data = gf.data.get(gf.workspace_path) if gf is not None else None
    if gf is None or data is None:
        return []
    return XmlEditor(gf.workspace_path, data).set_sdk(root, facts.workspace_home, facts.root, facts.windows)


def _versions_text(toolchains: list[Toolchain]) -> str:
    return ", ".join(sorted({t.version for t in toolchains if t.version}, key=_version_order))


def _version_order(version: str) -> tuple[bool, tuple[int, int, int, int, int], str]:
    """Go versions in order, then those that do not parse (a development build's), by their text."""
    v = parse_go_version(version)
    return v is None, _vkey(v) if v is not None else (0, 0, 0, 0, 0), version


def _install_hint(version: GoVersion) -> str:
    name = version.go_name
    return (
        f"No installed toolchain satisfies it. Install one with `go install golang.org/dl/{name}@latest && "
        f"{name} download` (it lands in ~/sdk/{name}, where go-sidecar finds it)."
    )


# --- rules ----------------------------------------------------------------------------------------------
@rule(
    code="goroot-invalid",
    family="goroot",
    severity=Severity.ERROR,
    summary="A GOROOT in the configuration names a folder that does not exist or is not a Go root",
    explanation="""
`env.GOROOT` in a Go launch configuration (or in its envFile, or in `go.toolsEnvVars`) and `go.goroot` in
settings.json tell the debugger's `go build` where the Go toolchain lives. When that folder is missing (a Go
version uninstalled, a path copied from another machine) or is not a Go root (no `bin/go` with a `VERSION`
file or `src/runtime`), the build fails before the debugger starts, typically with
`go: cannot find GOROOT directory: <path>`.
""",
    fix="Replace the value with an installed toolchain; one code action per installed toolchain that "
    "satisfies go.mod, the best match first.",
    example='`"env": {"GOROOT": "C:\\\\Go1.19"}` after Go 1.19 was uninstalled.',
)
def goroot_invalid(facts: Facts) -> Iterator[Found]:
    seen: set[tuple[tuple[str, int, int], int | bool]] = set()
    candidates = ranked_toolchains(facts, _minimum(facts)) or ranked_toolchains(facts, None)
    # A GOROOT in a configuration that builds nothing here (exec, attach, remote) is not used to build.
    pins: list[tuple[Pin, ConfigFacts | None]] = [(cf.pin, cf) for cf in facts.configs if cf.pin and cf.config.builds]
    if facts.go_goroot is not None:
        pins.append((facts.go_goroot, None))
    if facts.goland_sdk is not None:
        pins.append((facts.goland_sdk, None))
    for pin, cf in pins:
        if pin.info.is_root:
            continue
        where_written = (pin.location.path, pin.location.range.start_byte, pin.location.range.end_byte)
        key = (where_written, pin.source == ENV_FILE and cf is not None and cf.config.index)
        if key in seen:
            continue
        seen.add(key)
        where = {
            ENV: (
                f'GOROOT in the environment of GoLand run configuration "{cf.config.name}"'
                if cf and cf.config.goland
                else f'env.GOROOT of configuration "{cf.config.name}"'
                if cf
                else "env.GOROOT"
            ),
            GOLAND_SDK: "The GoLand project SDK (.idea/workspace.xml)",
            ENV_FILE: f'GOROOT in the envFile of configuration "{cf.config.name}"' if cf else "envFile GOROOT",
            TOOLS_ENV: "GOROOT in go.toolsEnvVars",
            GO_GOROOT: "go.goroot",
        }[pin.source]
        message = (
            f"{where} is {pin.value!r}, which {pin.info.problem}. The debug build fails with "
            f"`go: cannot find GOROOT directory: {pin.value}`."
        )
        if candidates:
            message += f" Installed: {_versions_text(candidates)}."
        else:
            message += " No Go toolchain was found on this machine."
        yield Found(message, pin.location, partial(replace_pin_fixes, facts, pin, cf, candidates))


@rule(
    code="goroot-too-old",
    family="goroot",
    severity=Severity.WARNING,
    summary="The toolchain a Go launch configuration builds with is older than go.mod or go.work asks for",
    explanation="""
Since Go 1.21 the `go` and `toolchain` lines of go.mod and go.work are minimum requirements. When the
toolchain a debug configuration builds with is older, `go build` either switches to a newer toolchain
(`GOTOOLCHAIN=auto`: it downloads one into the module cache, so the debugger runs a Go you did not pick and
needs the network the first time) or fails (`GOTOOLCHAIN=local`:
`go: go.mod requires go >= 1.22.0 (running go 1.21.0; GOTOOLCHAIN=local)`). The finding is a warning, and an
error when GOTOOLCHAIN makes the build fail. Under GOTOOLCHAIN=local only the `go` line counts: the
`toolchain` line is a suggestion that only switching honours.
""",
    fix="Pin an installed toolchain that satisfies the requirement (env.GOROOT, with its bin first on the "
    "configuration's PATH). When none is installed, the message says how to install one.",
    example="go.mod says `go 1.22.0`; the launch configuration has no GOROOT and the first go on PATH is 1.21.5.",
)
def goroot_too_old(facts: Facts) -> Iterator[Found]:
    req = facts.requirement
    go_req, tc_req = requirement_versions(facts)
    if req is None or (go_req is None and tc_req is None):
        return
    for cf in facts.configs:
        if not cf.config.builds or not cf.knows("GOROOT", "PATH", "GOTOOLCHAIN"):
            continue
        if cf.config.goland and cf.pin is None:
            continue  # it builds with the project SDK: judged once, below
        build = build_toolchain(facts, cf)
        if build is None or build.go_version is None:
            continue
        fixes: Callable[[list[Toolchain]], tuple[Fix, ...]]
        if cf.pin is not None and cf.pin.source in (ENV, TOOLS_ENV):
            fixes = partial(replace_pin_fixes, facts, cf.pin, cf)
            location = cf.pin.location
        else:
            fixes = partial(pin_fixes, facts, cf)
            location = cf.pin.location if cf.pin else cf.config.anchor
        finding = _too_old(facts, f'Configuration "{cf.config.name}"', build, cf.gotoolchain, location, fixes)
        if finding is not None:
            yield finding
    sdk = facts.goland_sdk
    if (
        sdk is not None
        and sdk.info.is_root
        and any(c.config.goland for c in facts.configs)
        or (sdk is not None and sdk.info.is_root and not facts.configs)
    ):
        build = Build(sdk.value, sdk.info.version, "the GoLand project SDK")
        gotoolchain = facts.go_env.get("GOTOOLCHAIN") or "auto"
        finding = _too_old(
            facts,
            "The GoLand project SDK",
            build,
            gotoolchain,
            sdk.location,
            lambda candidates: replace_pin_fixes(facts, sdk, None, candidates),
        )
        if finding is not None:
            yield finding


def _too_old(
    facts: Facts,
    who: str,
    build: Build,
    gotoolchain: str,
    location: Location,
    fixes: Callable[[list[Toolchain]], tuple[Fix, ...]],
) -> Found | None:
    req = facts.requirement
    go_req, tc_req = requirement_versions(facts)
    if req is None or build.go_version is None:  # callers have a requirement
        return None
    filename = facts.windows and req.path.rsplit("\\", 1)[-1] or req.path.rsplit("/", 1)[-1]
    forced, mode = toolchain_policy(gotoolchain)
    running = forced or build.go_version
    below_go = go_req is not None and running < go_req
    below_tc = tc_req is not None and running < tc_req
    gt = f"GOTOOLCHAIN={gotoolchain}"
    if mode == "local" and below_go and req.go is not None:  # below_go: a go line was read
        severity = Severity.ERROR
        outcome = (
            f"With {gt} the build fails: `go: {filename} requires go >= {req.go.value} (running go {running}; {gt})`."
        )
    elif mode in ("auto", "path") and (below_go or below_tc):
        severity = Severity.WARNING
        target = max(v for v in (go_req, tc_req) if v is not None)
        if mode == "auto":
            outcome = (
                f"With {gt}, go switches to {target.go_name}, downloading it into the module cache "
                f"on first use (needs the network), so the debugger builds with a Go you did not pin."
            )
        else:
            outcome = f"With {gt}, go looks for {target.go_name} on PATH and fails when it is not there."
    else:
        return None
    needed = max(v for v in (go_req if below_go else None, tc_req if below_tc else None) if v is not None)
    line = req.go if below_go else req.toolchain
    if line is None:  # below_go: the go line; else below_tc: the toolchain line
        return None
    message = (
        f"{who} builds with Go {build.go_version} from {build.root} ({build.how}), but {filename} asks for "
        f"{line.name} {line.value}. {outcome}"
    )
    candidates = ranked_toolchains(facts, needed)
    if not candidates:
        message += " " + _install_hint(needed)
    return Found(message, location, partial(fixes, candidates), severity)


@rule(
    code="goroot-unpinned",
    family="goroot",
    severity=Severity.INFORMATION,
    summary="Several Go toolchains are installed and a Go launch configuration pins none",
    explanation="""
With more than one Go installed (a system Go, `~/sdk/go1.x` from golang.org/dl, a version manager, GoLand's
downloads), a debug configuration without `env.GOROOT` (and without `go.goroot`) builds with whichever `go`
comes first on PATH. That changes with the shell, the terminal profile or the order of installs, and the
debugger silently starts with another Go than the one the project is tested with.
""",
    fix="Pin one: a code action per installed toolchain that satisfies go.mod, the best match first. It sets "
    "env.GOROOT and puts that root's bin first on the configuration's PATH.",
    example="`/usr/local/go` (1.27.3) and `~/sdk/go1.22.5` installed; launch.json has no env.GOROOT.",
)
def goroot_unpinned(facts: Facts) -> Iterator[Found]:
    versions = {t.version for t in facts.toolchains if t.version}
    if len(versions) < 2 or facts.go_goroot is not None or facts.go_goroot_unknown:
        return
    candidates = ranked_toolchains(facts, _minimum(facts)) or ranked_toolchains(facts, None)
    for cf in facts.configs:
        if cf.pin is not None or not cf.config.builds or cf.config.goland or not cf.knows("GOROOT"):
            continue
        build = build_toolchain(facts, cf)
        now = f"now {build.version or 'an unknown version'} at {build.root}" if build else "none found now"
        message = (
            f'Configuration "{cf.config.name}" pins no GOROOT while {len(versions)} Go versions are '
            f"installed ({_versions_text(facts.toolchains)}); it builds with whichever go is first on "
            f"PATH ({now})."
        )
        yield Found(message, cf.config.anchor, partial(pin_fixes, facts, cf, candidates))


@rule(
    code="goroot-path-mismatch",
    family="goroot",
    severity=Severity.WARNING,
    summary="The configuration pins a GOROOT but the go on its PATH belongs to another Go root",
    explanation="""
VS Code Go passes the configuration's env to `dlv dap`, and Delve runs plain `go build` from PATH. When
env.GOROOT names one toolchain and the `go` first on PATH belongs to another, that go runs the other root's
compiler and the build fails with `compile: version "go1.X" does not match go tool version "go1.Y"` (or, with
no go on PATH at all, `exec: "go": executable file not found in $PATH`). `go.goroot` does not have this
problem: VS Code Go puts its bin first on PATH itself.
""",
    fix="Put the pinned root's bin first on the configuration's PATH (env.PATH, keeping the rest of PATH).",
    example='`"env": {"GOROOT": "/home/me/sdk/go1.22.5"}` while `/usr/local/go/bin` (1.27.3) is first on PATH.',
)
def goroot_path_mismatch(facts: Facts) -> Iterator[Found]:
    for cf in facts.configs:
        pin = cf.pin
        if pin is None or not pin.info.is_root or not cf.config.builds or cf.config.goland or not cf.knows("PATH"):
            continue
        if cf.path_go is None:
            detail = 'no go is on its PATH, so the build fails with `exec: "go": executable file not found in $PATH`'
        elif cf.path_go.root is None or facts.same_root(cf.path_go.root, pin.value):
            continue
        else:
            detail = (
                f"the first go on its PATH is {cf.path_go.exe} ({cf.path_go.version or 'unknown version'}), "
                f'so the build fails with `compile: version "{pin.info.version}" does not match go tool '
                f'version "{cf.path_go.version}"`'
            )
        message = (
            f'Configuration "{cf.config.name}" pins GOROOT {pin.value} ({pin.info.version}) but {detail}. '
            "Delve runs `go build` from PATH."
        )
        yield Found(message, pin.location, partial(_path_first_fix, facts, cf, pin.value))


def _path_first_fix(facts: Facts, cf: ConfigFacts, root: str) -> tuple[Fix]:
    edits = env_edits(facts, cf, {_env_key(facts, cf, "PATH"): _path_value(facts, cf, root)})
    return (Fix(f"Put {facts.bin_dir(root)} first on this configuration's PATH", tuple(edits), preferred=True),)
