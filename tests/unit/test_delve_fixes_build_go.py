"""The Go that runs `go install .../cmd/dlv@vX` must build that Delve release: its go.mod's `go` line (the table's
`build_go` column, read from go-delve/delve at each tag; docs/facts.md, Delve), together with the DWARF 5 need
(test_dwarf5_rule.py). On recorded machines (the World of test_delve_rules)."""

from __future__ import annotations

import pytest

from go_sidecar import delve_compat as dc
from go_sidecar.fix.delve_install import InstallRefused, validate_spec
from go_sidecar.parse.goversion import parse_go_version

from .test_delve_rules import World, install_fixes, only, the_install_fix

SWITCHING = parse_go_version("1.21.0")


# --- the table's column ---------------------------------------------------------------------------------
def test_every_row_has_a_build_requirement_that_only_grows():
    rows = dc.rows()
    versions = [parse_go_version(r.build_go) for r in rows]
    assert all(v is not None and v.release for v in versions), [(r.version, r.build_go) for r in rows]
    assert versions == sorted(versions)  # a later release never asks for an older Go
    for row in rows:
        assert dc.build_requirement(row.version) == row.build_go
        assert dc.build_requirement("v" + row.version) == row.build_go


@pytest.mark.parametrize(
    "delve, go",
    [
        ("1.4.0", "1.11"),
        ("v1.21.2", "1.17"),
        ("1.22.0", "1.21"),
        ("1.25.2", "1.22.0"),
        ("1.26.3", "1.24"),
        ("1.27.1", "1.25.0"),
    ],
)
def test_build_requirement_of_known_releases(delve, go):
    assert dc.build_requirement(delve) == go


def test_build_requirement_outside_the_table():
    assert dc.build_requirement("latest") == dc.build_requirement("LATEST ") == dc.newest().build_go
    assert dc.build_requirement("1.28.0") == dc.newest().build_go  # newer: at least the newest row's
    assert dc.build_requirement("v1.25.3-0.20250901000000-0123456789ab") == "1.22.0"  # a commit after 1.25.2
    for garbage in ("1.3.2", "(devel)", "", "v1", "1.2.3.4", "9" * 500 + ".1.1"):
        assert dc.build_requirement(garbage) is None


def test_every_requirement_is_a_toolchain_the_install_command_accepts():
    for row in dc.rows():
        need = parse_go_version(row.build_go)
        assert need is not None
        if need >= SWITCHING:  # only these are ever written to GOTOOLCHAIN (older gos cannot switch)
            spec = validate_spec({"version": f"v{row.version}", "gotoolchain": need.go_name})
            assert spec["gotoolchain"] == need.go_name and need.go_name.count(".") == 2  # go1.24.0, not go1.24
    with pytest.raises(InstallRefused):
        validate_spec({"version": "v1.25.2", "gotoolchain": "go1.22.0 go1.27.0"})


# --- the builder -----------------------------------------------------------------------------------------
def missing(w: World):
    [f] = only(w.check()[0], "dlv-missing")
    return f


def test_an_older_configured_go_prefers_an_installed_go_that_builds_the_release():
    """go1.21.5 configured, go.mod says go 1.22.0 (GOTOOLCHAIN=auto builds with 1.22.0): Delve v1.25.2, whose go.mod
    says go 1.22.0. The configured go would download a toolchain silently; an installed go1.22.5 builds it."""
    w = World("linux-amd64", go="go1.21.5")
    sdk = w.toolchain(w.join(w.home, "sdk", "go1.22.5"), "go1.22.5")  # golang.org/dl's folder, not on PATH
    fx, args = the_install_fix(missing(w))
    assert args["version"] == "v1.25.2"
    assert args["goroot"] == sdk and args["go"] == w.join(sdk, "bin", "go") and "gotoolchain" not in args
    assert fx.title.endswith(f"using go1.22.5 at {sdk}") and "GOTOOLCHAIN" not in fx.shell


def test_without_an_installed_go_that_builds_it_the_toolchain_is_named():
    w = World("linux-amd64", go="go1.21.5")
    w.toolchain(w.join(w.home, "sdk", "go1.21.13"), "go1.21.13")  # newer, still too old: not chosen
    fx, args = the_install_fix(missing(w))
    assert args["goroot"] == w.goroot and args["gotoolchain"] == "go1.22.0"
    assert fx.title.endswith(f"using go1.21.5 at {w.goroot} with GOTOOLCHAIN=go1.22.0")
    assert fx.shell.startswith("GOTOOLCHAIN=go1.22.0 GOOS=linux GOARCH=amd64 ")
    assert validate_spec(args)["gotoolchain"] == "go1.22.0"


def test_windows_names_the_toolchain_in_powershell():
    w = World("windows-amd64", go="go1.21.5")
    fx, args = the_install_fix(missing(w))
    assert args["gotoolchain"] == "go1.22.0"
    assert fx.shell.startswith('$env:GOTOOLCHAIN="go1.22.0"; $env:GOOS="windows"; $env:GOARCH="amd64"; & "')


def test_a_configured_go_that_builds_it_is_kept_over_a_newer_one():
    w = World("linux-amd64", go="go1.22.5")
    w.toolchain(w.join(w.home, "sdk", "go1.24.4"), "go1.24.4")
    _, args = the_install_fix(missing(w))
    assert args["goroot"] == w.goroot and "gotoolchain" not in args


@pytest.mark.parametrize("gomod", ["module m\n\ngo 1.19\n", None])
def test_a_go_older_than_121_cannot_switch_so_no_fix_and_the_message_names_the_go(gomod):
    """go1.19 only: Delve v1.22.1 (the newest for Go 1.19) needs go 1.21; go1.19 has no GOTOOLCHAIN."""
    w = World("linux-amd64", go="go1.19.13", **({"gomod": gomod} if gomod else {}))
    f = missing(w)
    assert not install_fixes(f)
    need = "1.21.0" if gomod else "1.22.0"  # without a go line of its own, go.mod's go 1.22.0 builds: Delve v1.25.2
    assert f"needs Go {need} or later to build (its go.mod)" in f.message
    assert f"go1.19.13 at {w.goroot}, predates toolchain switching" in f.message
    assert f"install Go {need} or later (https://go.dev/dl/)" in f.message
    assert "no Go toolchain on this machine" not in f.message  # there is one: the message says why it is not enough


def test_an_old_go_with_a_newer_installed_one_still_installs():
    w = World("linux-amd64", go="go1.19.13", gomod="module m\n\ngo 1.19\n")
    sdk = w.toolchain(w.join(w.home, "sdk", "go1.23.4"), "go1.23.4")
    _, args = the_install_fix(missing(w))
    assert args["goroot"] == sdk and "gotoolchain" not in args
