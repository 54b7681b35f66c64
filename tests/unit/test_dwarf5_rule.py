"""dlv-dwarf5-unsupported (issue 11): a dlv built with Go < 1.25 and a program built by Go >= 1.25 (DWARF 5),
on recorded machines of each OS (the World of test_delve_rules: a FakeSystem and described executables)."""

from __future__ import annotations

import pytest

from go_sidecar.model import Severity
from go_sidecar.parse.binary import BuildInfo, ExeInfo, Slice

from .test_delve_rules import DELVE_MODULE, DELVE_PKG, FORMAT, World, config, delve, launch, on_config, only

CHECK = "To debug executables using DWARFv5 or later Delve must be built with Go version 1.25.0 or later"
READ = "DW_FORM_strx with no .debug_str_offsets section"
CODE = "dlv-dwarf5-unsupported"
INSTALL = "sidecar.installDelve"


def installs(f):
    return [fx for fx in f.fixes if fx.command is not None and fx.command.name == INSTALL]


@pytest.mark.parametrize("host", ["linux-amd64", "linux-arm64", "windows-amd64", "windows-arm64-x64-python"])
def test_old_go_dlv_and_go_125_program_is_an_error_everywhere_but_macos(host):
    w = World(host, go="go1.25.3")
    w.dlv(w.gopath_dlv, delve("1.25.2", *w.native, go="go1.24.4"))
    [f] = only(w.check()[0], CODE)
    assert f.severity == Severity.ERROR
    assert '"Launch" builds with Go 1.25.3, which writes DWARF 5' in f.message
    assert f"dlv at {w.gopath_dlv} (Delve 1.25.2) was built with Go 1.24.4" in f.message
    assert f"`{CHECK}`" in f.message and READ not in f.message
    on_config(w, f)
    # The reinstall runs the installed Go 1.25.3 itself (it reads DWARF 5): no toolchain download needed.
    [fx] = installs(f)
    [args] = fx.command.arguments
    assert args["version"] == "v1.25.2" and "gotoolchain" not in args
    assert args["goroot"] == w.goroot and args["goarch"] == w.m.native_arch


def test_macos_targets_carry_dwarf4_so_nothing_is_said():
    """Go keeps DWARF 4 for darwin (src/internal/buildcfg/exp.go dwarf5Supported)."""
    for host in ("apple-silicon-native", "mac-intel"):
        w = World(host, go="go1.27.3")
        w.dlv(w.gopath_dlv, delve("1.27.1", *w.native, go="go1.24.4"))
        assert not only(w.check()[0], CODE)


@pytest.mark.parametrize(
    "env", [{"GOEXPERIMENT": "nodwarf5"}, {"GOEXPERIMENT": "none"}, {"GOEXPERIMENT": "jsonv2,nodwarf5"}]
)
def test_goexperiment_nodwarf5_turns_it_off(env):
    w = World("linux-amd64", go="go1.26.1", launch_text=launch(config(env=env)))
    w.dlv(w.gopath_dlv, delve("1.26.1", "linux", "amd64", go="go1.24.4"))
    assert not only(w.check()[0], CODE)


def test_clean_counterparts():
    # A dlv built with Go 1.25: fine.
    w = World("linux-amd64", go="go1.27.3")
    w.dlv(w.gopath_dlv, delve("1.27.1", "linux", "amd64", go="go1.25.0"))
    assert not only(w.check()[0], CODE)
    # A program built by Go 1.24: DWARF 4, fine whatever built dlv.
    w = World("linux-amd64", go="go1.24.4")
    w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64", go="go1.22.5"))
    assert not only(w.check()[0], CODE)


def test_delve_refusing_the_go_version_first_leaves_the_word_to_dlv_go_unsupported():
    """Compatible() checks the version range before DWARF 5: Delve 1.24.1 stops at 'too old for Go 1.25'."""
    w = World("linux-amd64", go="go1.25.3")
    w.dlv(w.gopath_dlv, delve("1.24.1", "linux", "amd64", go="go1.23.2"))
    report, _ = w.check()
    assert only(report, "dlv-go-unsupported") and not only(report, CODE)


def test_check_go_version_false_gets_past_the_check_and_fails_reading():
    flags = '"dlvFlags": ["--check-go-version=false"]'
    w = World("linux-amd64", go="go1.25.3", launch_text=launch(config(extra=(flags,))))
    w.dlv(w.gopath_dlv, delve("1.24.1", "linux", "amd64", go="go1.23.2"))
    [f] = only(w.check()[0], CODE)
    assert f"`{READ}`" in f.message and CHECK not in f.message


def test_go_mod_switch_to_125_with_an_old_installed_go_installs_with_gotoolchain():
    """The classic: the system Go is 1.24.4, go.mod's go line switches the build to 1.25.3, and dlv was installed
    by the system Go. The reinstall must not use Go 1.24 again: GOTOOLCHAIN=go1.25.3."""
    w = World("linux-amd64", go="go1.24.4", gomod="module example.com/m\n\ngo 1.25.3\n")
    w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64", go="go1.24.4"))
    [f] = only(w.check()[0], CODE)
    assert "builds with Go 1.25.3" in f.message
    [fx] = installs(f)
    [args] = fx.command.arguments
    assert args["gotoolchain"] == "go1.25.3" and args["goroot"] == w.goroot
    assert fx.shell.startswith("GOTOOLCHAIN=go1.25.3 GOOS=linux GOARCH=amd64 ")
    # A newer installed Go outside the workspace is preferred: no download.
    sdk = w.toolchain(w.join(w.home, "sdk", "go1.26.2"), "go1.26.2")  # golang.org/dl's folder, not on PATH
    [f] = only(w.check()[0], CODE)
    [args] = installs(f)[0].command.arguments
    assert args["goroot"] == sdk and "gotoolchain" not in args


def test_windows_shell_sets_gotoolchain_in_powershell():
    w = World("windows-amd64", go="go1.24.4", gomod="module example.com/m\n\ngo 1.26.0\n")
    w.dlv(w.gopath_dlv, delve("1.26.1", "windows", "amd64", go="go1.24.4"))
    [f] = only(w.check()[0], CODE)
    [fx] = installs(f)
    assert fx.shell.startswith('$env:GOTOOLCHAIN="go1.26.0"; $env:GOOS="windows"; $env:GOARCH="amd64"; & "')


def test_a_dlv_elsewhere_built_with_125_is_offered_and_the_fix_clears_it():
    w = World("linux-amd64", go="go1.26.2")
    w.dlv(w.gopath_dlv, delve("1.26.1", "linux", "amd64", go="go1.24.4"))
    good = w.dlv("/usr/local/bin/dlv", delve("1.26.1", "linux", "amd64", go="go1.26.2"), on_path=True)
    w.dlv("/opt/old/dlv", delve("1.26.1", "linux", "amd64", go="go1.24.1"), on_path=True)  # also old: not offered
    [f] = only(w.check()[0], CODE)
    alt = [fx for fx in f.fixes if fx.edits]
    assert [fx.title for fx in alt] == [f"Use Delve 1.26.1 at {good} (built with go1.26.2)"]
    w.apply(alt[0])
    report, facts = w.check()
    assert facts.debug.chosen.candidate.path == good
    assert not only(report, CODE)


def _exec_program(w: World, go: str, *, dwarf: bool | None = True, settings=None, goos: str = "linux"):
    info = BuildInfo(
        go, "example.com/app", "example.com/app", "(devel)", {"GOOS": goos, "GOARCH": "amd64", **(settings or {})}
    )
    path = w.at("bin/app")
    w.files[path] = b"\x7fELF"
    w.exes[w._key(path)] = ExeInfo(FORMAT[goos], (Slice(goos, "amd64"),), info, has_dwarf=dwarf)
    return path


def test_exec_program_built_by_go_125_is_judged_from_its_build_info():
    cfg = config("Exec", mode="exec", extra=('"program": "${workspaceFolder}/bin/app"',))
    w = World("linux-amd64", go="go1.24.4", launch_text=launch(cfg))
    w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64", go="go1.24.4"))
    path = _exec_program(w, "go1.25.1")
    [f] = only(w.check()[0], CODE)
    assert f"debugs {path}, built with Go 1.25.1, which writes DWARF 5" in f.message
    # Stripped (no DWARF at all: debug-info-stripped speaks), built without DWARF 5, or by Go 1.24: silent.
    for kw in ({"dwarf": False}, {"settings": {"GOEXPERIMENT": "nodwarf5"}}, {}):
        w = World("linux-amd64", go="go1.24.4", launch_text=launch(cfg))
        w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64", go="go1.24.4"))
        _exec_program(w, "go1.24.4" if not kw else "go1.25.1", **kw)
        assert not only(w.check()[0], CODE), kw


def test_exec_program_go_version_suffix_names_the_experiment():
    """runtime.Version() of a build with non-default experiments ends in ' X:nodwarf5'."""
    cfg = config("Exec", mode="exec", extra=('"program": "${workspaceFolder}/bin/app"',))
    w = World("linux-amd64", go="go1.24.4", launch_text=launch(cfg))
    w.dlv(w.gopath_dlv, delve("1.25.2", "linux", "amd64", go="go1.24.4"))
    _exec_program(w, "go1.25.1 X:nodwarf5")
    assert not only(w.check()[0], CODE)


def test_install_spec_rejects_a_gotoolchain_that_is_not_a_release():
    from go_sidecar.fix.delve_install import InstallRefused, validate_spec

    assert validate_spec({"version": "latest", "gotoolchain": "go1.25.3"})["gotoolchain"] == "go1.25.3"
    for bad in ("local", "auto", "go1.25.3+auto", "path", "go1.25; rm -rf /", "../go", "go1.25.3 "):
        with pytest.raises(InstallRefused):
            validate_spec({"version": "latest", "gotoolchain": bad})


def test_install_plan_passes_gotoolchain_to_the_child(tmp_path):
    from go_sidecar.fix.delve_install import install_plan
    from go_sidecar.probe.system import RealSystem

    go = tmp_path / "go" / "bin" / "go"
    go.parent.mkdir(parents=True)
    go.write_bytes(b"\x7fELF")
    sys_ = RealSystem(env={"PATH": str(go.parent), "HOME": str(tmp_path / "home"), "GOTOOLCHAIN": "local"})
    argv, env, _ = install_plan(
        {"version": "v1.26.1", "go": str(go), "gotoolchain": "go1.26.2"}, [str(tmp_path / "ws")], sys_
    )
    assert argv == [str(go), "install", f"{DELVE_PKG}@v1.26.1"] and env["GOTOOLCHAIN"] == "go1.26.2"
    assert DELVE_MODULE in DELVE_PKG
