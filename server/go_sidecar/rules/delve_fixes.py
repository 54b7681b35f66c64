"""The fixes the debugger rules offer: install Delve (the exact `go install`, run only on the user's request by
`sidecar.installDelve`, with a go outside the workspace that can build that Delve release (its go.mod's `go` line)
and, for a Go that writes DWARF 5, a Go >= 1.25), or point `go.alternateTools.dlv` at a dlv found elsewhere.
Shared by rules/delve.py, rules/dwarf.py and rules/configs.py.
"""

from __future__ import annotations

from go_sidecar.model import Command, Fix, Toolchain
from go_sidecar.parse.goversion import RELEASE, GoVersion, parse_go_version
from go_sidecar.probe.facts import Build, Facts

DELVE_PKG = "github.com/go-delve/delve/cmd/dlv"
INSTALL_COMMAND = "sidecar.installDelve"


def install_fix(facts: Facts, build: Build | None, version: str, why: str, go_version: str = "") -> Fix | None:
    """Run `go install github.com/go-delve/delve/cmd/dlv@<version>` for the native platform (user's choice).

    `go_version` is the Go the debug target is built with: when `version` cannot be built for Windows ARM64,
    the replacement is the newest release that can and still supports that Go (else `latest`); when that Go
    writes DWARF 5, Delve is built with a Go >= 1.25 (an installed one, else GOTOOLCHAIN names the target's).
    The Go that builds must also satisfy the go.mod of that Delve release (`_builder`); None when no installed Go
    can (`install_blocker` says why)."""
    if facts.debug is None:  # the debugger rules that offer it run only with the debugger's facts
        return None
    m = facts.debug.machine
    version, tags = _version_and_tags(facts, version, go_version)
    at = _at(version)
    build, toolchain, _ = _builder(facts, build, go_version, version)
    if build is None or not build.root:
        return None  # no installed Go to run: never suggest a `go` that is not there (the message says so)
    go = _go_exe(facts, build.root)
    args = {
        "version": at,
        "goroot": build.root if build else "",
        "goos": m.os,
        "goarch": m.native_arch,
        "tags": tags,
        "go": go,
    }
    if toolchain:
        args["gotoolchain"] = toolchain
    flags = f"-tags {tags} " if tags else ""
    if facts.windows:
        tc = f'$env:GOTOOLCHAIN="{toolchain}"; ' if toolchain else ""
        shell = f'{tc}$env:GOOS="{m.os}"; $env:GOARCH="{m.native_arch}"; & "{go}" install {flags}{DELVE_PKG}@{at}'
    else:
        tc = f"GOTOOLCHAIN={toolchain} " if toolchain else ""
        shell = f"{tc}GOOS={m.os} GOARCH={m.native_arch} {_sh_quote(go)} install {flags}{DELVE_PKG}@{at}"
    using = f"{build.version or 'the Go'} at {build.root}" + (f" with GOTOOLCHAIN={toolchain}" if toolchain else "")
    title = f"Install Delve {at} for {m.os}/{m.native_arch} ({why}), using {using}"
    return Fix(title, command=Command(INSTALL_COMMAND, (args,)), shell=shell)


def install_blocker(facts: Facts, build: Build | None, version: str, go_version: str = "") -> str:
    """Why `install_fix` offers nothing although a Go is installed outside the workspace: a sentence naming the
    Go it needs ("" when it offers a fix, or when no Go is installed there: the caller says that)."""
    if facts.debug is None:
        return ""
    version, _ = _version_and_tags(facts, version, go_version)
    return _builder(facts, build, go_version, version)[2]


def _version_and_tags(facts: Facts, version: str, go_version: str) -> tuple[str, str]:
    """The Delve version to install and its build tags: on Windows ARM64 a release that builds there."""
    m = facts.debug.machine if facts.debug is not None else None
    if m is None or m.os != "windows" or m.native_arch != "arm64":
        return version, ""
    from go_sidecar import delve_compat  # the table: read when a rule needs it

    if delve_compat.winarm64_install(version) == "unsupported":
        version = _winarm64_delve_for_go(go_version) or "latest"
    return version, "exp.winarm64" if delve_compat.winarm64_install(version) == "tag" else ""


def _at(version: str) -> str:
    return version if version == "latest" else f"v{version.lstrip('v')}"


def _builder(facts: Facts, build: Build | None, go_version: str, version: str) -> tuple[Build | None, str, str]:
    """The toolchain that runs `go install`, the GOTOOLCHAIN it needs ("" for none), and why there is none
    ("" unless an installed Go was refused).

    The Go that builds must satisfy the `go` line of that Delve release's go.mod (delve_compat.build_requirement;
    "latest": the newest row's): an older go >= 1.21 would switch to a downloaded toolchain silently
    (GOTOOLCHAIN=auto) or fail (GOTOOLCHAIN=local: `go.mod requires go >= ...`), and a go < 1.21 has no
    toolchain switching at all (docs/facts.md, Delve). A Delve built with Go < 1.25 also cannot read the DWARF 5
    that Go >= 1.25 writes (rules/dwarf.py): when the debugged Go is such a Go, the builder needs Go >= 1.25.
    The configuration's go (outside the workspace) when it satisfies both; else the newest installed Go outside
    the workspace that does; else the configuration's go told GOTOOLCHAIN=<the newer of the go.mod's Go and the
    debugged Go>, which fetches it (cmd/go verifies the download); but never a go < 1.21, which ignores
    GOTOOLCHAIN: then no builder, and a sentence saying which Go is needed."""
    from go_sidecar import delve_compat  # the table: read when a rule needs it

    base = _outside_workspace(facts, build)
    need = fetch = parse_go_version(delve_compat.build_requirement(version) or "")
    why = f"Delve {_at(version)} needs Go {need} or later to build (its go.mod)"
    target = parse_go_version(go_version) if go_version else None
    if target is not None and facts.debug is not None and writes_dwarf5(facts.debug.machine.os, target):
        if need is None or need < DWARF5_GO:
            need, why = DWARF5_GO, f"a Delve that reads DWARF 5 must be built with Go {DWARF5_GO} or later"
        if target.release and (fetch is None or fetch < target):
            fetch = target
    if need is None or (base is not None and _at_least(base.version, need)):
        return base, "", ""
    for t in _newest_first(facts):
        if t.root not in facts.in_workspace and t.root and _at_least(t.version, need):
            return Build(t.root, t.version, "newest installed toolchain"), "", ""
    have = parse_go_version(base.version) if base is not None else None
    if base is None or fetch is None or (have is not None and fetch <= have):
        return base, "", ""
    if have is not None and have < SWITCHING_GO:
        return (
            None,
            "",
            (
                f"{why}, and the Go to install it with, {base.version} at {base.root}, predates toolchain switching "
                f"(GOTOOLCHAIN, Go {SWITCHING_GO}): install Go {need} or later (https://go.dev/dl/)."
            ),
        )
    return base, fetch.go_name, ""


DWARF5_GO = GoVersion(1, 25, 0, RELEASE)
SWITCHING_GO = GoVersion(1, 21, 0, RELEASE)  # the first go with GOTOOLCHAIN (go.dev/doc/toolchain)
_NO_VERSION = GoVersion(0, 0, 0, RELEASE)
NO_DWARF5_OS = ("darwin", "ios", "aix")  # src/internal/buildcfg/exp.go: dwarf5Supported


def writes_dwarf5(goos: str, go: GoVersion | None, experiments: str = "") -> bool:
    """Whether a Go of version `go` writes DWARF 5 for `goos`: Go >= 1.25 by default (GOEXPERIMENT dwarf5),
    except on darwin, ios and aix; GOEXPERIMENT=nodwarf5 or none turns it off (src/internal/buildcfg/exp.go)."""
    if go is None or go < DWARF5_GO or goos in NO_DWARF5_OS:
        return False
    off = False
    for word in experiments.replace(" ", "").split(","):
        if word in ("none", "nodwarf5"):
            off = True
        elif word == "dwarf5":
            off = False
    return not off


def _at_least(version: str, bound: GoVersion) -> bool:
    v = parse_go_version(version or "")
    return v is not None and v >= bound


def _newest_first(facts: Facts) -> list[Toolchain]:
    return sorted(facts.toolchains, key=lambda t: parse_go_version(t.version) or _NO_VERSION, reverse=True)


def _outside_workspace(facts: Facts, build: Build | None) -> Build | None:
    """The install runs a go: never one inside or reached through the workspace (a cloned repository's own);
    the probe decided which roots those are (probe.reach, the same check the install itself makes)."""

    def within(root: str) -> bool:
        return root in facts.in_workspace or not root

    if build is not None and build.root and not within(build.root):
        return build
    for t in _newest_first(facts):
        if not within(t.root):
            return Build(t.root, t.version, "newest installed toolchain")
    return None


def _winarm64_delve_for_go(go: str) -> str | None:
    """The newest Delve release in the table that builds on Windows ARM64 and supports `go`."""
    if not go:
        return None
    from go_sidecar import delve_compat

    for row in reversed(delve_compat.rows()):
        if (
            delve_compat.winarm64_install(row.version) != "unsupported"
            and delve_compat.go_status(row.version, go) == "supported"
        ):
            return row.version
    return None


def _go_exe(facts: Facts, root: str) -> str:
    sep = "\\" if facts.windows else "/"
    return root.rstrip("\\/") + sep + "bin" + sep + ("go.exe" if facts.windows else "go")


def _sh_quote(text: str) -> str:
    if text and all(c.isalnum() or c in "/._-+:@%=," for c in text):
        return text
    return "'" + text.replace("'", "'\"'\"'") + "'"


def alternate_tools_fix(facts: Facts, dlv_path: str, title: str, preferred: bool = False) -> Fix | None:
    """Set `go.alternateTools.dlv` in .vscode/settings.json (created when missing)."""
    from go_sidecar.edit.jsonc import JsoncEditor, dump  # a fix's builder: imported when a fix is built

    ws = facts.workspace
    if ws.settings is None:
        text = "{" + "\n" + '    "go.alternateTools": {' + "\n" + f'        "dlv": {dump(dlv_path)}' + "\n    }\n}\n"
        from go_sidecar.model import ZERO_RANGE, TextEdit

        edit = TextEdit(ws.settings_path, ZERO_RANGE, text)
        return Fix(title, (edit,), preferred=preferred, creates=(ws.settings_path,))
    root = ws.settings_root  # the `settings` member of a .code-workspace, else the file's object
    if root is None or root.kind != "object":
        return None
    edits = JsoncEditor(ws.settings_path, ws.settings).set_in_child_object(root, "go.alternateTools", {"dlv": dlv_path})
    return Fix(title, tuple(edits), preferred=preferred)
