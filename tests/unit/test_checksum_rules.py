"""Issue 13: gosumdb-off, goflags-insecure and goinsecure-wide on recorded Windows, macOS and Linux machines.

Each is found wherever the variable is written (a configuration's env, its envFile, go.toolsEnvVars, the environment,
the go env -w file), stays silent on the safe set-up, and its fix, applied, silences it.
"""

from __future__ import annotations

import pytest

from go_sidecar.model import Severity
from go_sidecar.parse.gomod import parse_requires
from go_sidecar.parse.jsonc import strict_json
from go_sidecar.rules.private_modules import covers_public_host, match_prefix

from .test_cgo_rules import apply, at, findings, go, launch_env, machine

CODES = ("gosumdb-off", "goflags-insecure", "goinsecure-wide")
PRIVATE = "github.com/acme,git.corp.example.com"  # what go.mod's requires give (test_cgo_rules.GOMOD)
GO_ENV_FILE = {
    "windows": "C:\\Users\\dev\\AppData\\Roaming\\go\\env",
    "darwin": "/Users/dev/Library/Application Support/go/env",
    "linux": "/home/dev/.config/go/env",
}


def check(sys_):
    return findings(sys_, CODES)


# --- gosumdb-off ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("os_name", ["windows", "darwin", "linux"])
def test_gosumdb_off_in_launch_env_is_replaced_by_goprivate(os_name):
    s = machine(os_name, [go(env={"GOSUMDB": "off", "FOO": "1"})])
    [f] = check(s)
    assert f.code == "gosumdb-off" and f.severity == Severity.WARNING
    assert "giving up the security guarantee of verified repeatable downloads" in f.message
    assert "checksum database disabled by GOSUMDB=off" in f.message
    assert f"set GOPRIVATE={PRIVATE} instead" in f.message
    assert "github.com/acme/shared" in f.message and "golang.org/x/sys" not in f.message
    preferred, remove = f.fixes
    assert preferred.preferred and not remove.preferred
    apply(s, preferred)
    assert launch_env(s) == {"GOPRIVATE": PRIVATE, "FOO": "1"}
    assert not check(s)


def test_gosumdb_off_in_tools_env_vars():
    s = machine("darwin", [], settings={"go.toolsEnvVars": {"GOSUMDB": "off"}, "editor.tabSize": 4})
    [f] = check(s)
    assert "go.toolsEnvVars" in f.message and f.location.path.endswith("settings.json")
    apply(s, f.fixes[0])
    settings = strict_json(s.files[at("darwin", ".vscode", "settings.json")])
    assert settings == {"go.toolsEnvVars": {"GOPRIVATE": PRIVATE}, "editor.tabSize": 4}
    assert not check(s)


def test_gosumdb_off_in_an_env_file():
    env_file = at("linux", "dev.env")
    s = machine("linux", [go(envFile="${workspaceFolder}/dev.env")], files={env_file: b"# dev\nGOSUMDB=off\nX=1\n"})
    [f] = check(s)
    assert "envFile" in f.message and f.location.path.endswith("launch.json")
    apply(s, f.fixes[0])
    assert s.files[env_file] == f"# dev\nGOPRIVATE={PRIVATE}\nX=1\n".encode()
    assert not check(s)


def test_an_existing_goprivate_is_extended():
    s = machine("windows", [go(env={"GOPRIVATE": "example.org/x", "GOSUMDB": "off"})])
    [f] = check(s)
    assert f"GOPRIVATE=example.org/x,{PRIVATE}" in f.message
    apply(s, f.fixes[0])
    assert launch_env(s) == {"GOPRIVATE": f"example.org/x,{PRIVATE}"}
    assert not check(s)


def test_a_goprivate_that_covers_everything_needs_only_the_removal():
    s = machine("linux", [go(env={"GOPRIVATE": "github.com/acme/*,*.example.com", "GOSUMDB": "off"})])
    [f] = check(s)
    assert "already keeps private modules out" in f.message
    [fix] = f.fixes
    assert fix.title == "Remove GOSUMDB=off" and fix.preferred
    apply(s, fix)
    assert not check(s)


def test_no_private_module_means_only_removal():
    s = machine(
        "linux",
        [go(env={"GOSUMDB": "off"})],
        files={
            at("linux", "go.mod"): b"module github.com/me/tool\n\ngo 1.22\n\nrequire github.com/spf13/cobra v1.8.0\n"
        },
    )
    [f] = check(s)
    assert "go.mod requires no module that looks private" in f.message
    [fix] = f.fixes
    apply(s, fix)
    assert launch_env(s) == {}
    assert not check(s)


@pytest.mark.parametrize("os_name", ["windows", "darwin", "linux"])
def test_gosumdb_off_in_the_go_env_file_says_which_commands(os_name):
    s = machine(os_name, [go()], files={GO_ENV_FILE[os_name]: b"GOSUMDB=off\nGOPROXY=direct\n"})
    [f] = check(s)
    assert "go env -w file" in f.message and GO_ENV_FILE[os_name] in f.message
    assert f"`go env -u GOSUMDB` and `go env -w GOPRIVATE={PRIVATE}`" in f.message
    assert not f.fixes and f.location.path == at(os_name, "go.mod")
    # The environment wins over the file: a GOSUMDB there decides.
    assert not check(machine(os_name, [go()], files={GO_ENV_FILE[os_name]: b"GOSUMDB=off\n"}, env={"GOSUMDB": "x"}))


def test_gosumdb_off_in_the_environment():
    [f] = check(machine("windows", [go()], env={"GOSUMDB": "off"}))
    assert "the environment go-sidecar" in f.message and "System Properties" in f.message and not f.fixes


@pytest.mark.parametrize(
    "env",
    [
        {},
        {"GOSUMDB": "sum.golang.org"},
        {"GOSUMDB": "sum.golang.google.cn"},
        {"GOSUMDB": "${input:sumdb}"},
        {"GOPRIVATE": PRIVATE},
    ],
)
def test_safe_settings_are_silent(env):
    assert not check(machine("windows", [go(env=env)]))


def test_configurations_that_download_nothing_are_not_judged():
    remote = go("R", request="attach", mode="remote", port=2345, env={"GOSUMDB": "off"})
    assert not check(machine("linux", [remote]))


def test_no_go_workspace_gets_no_machine_finding():
    s = machine("linux", [], env={"GOSUMDB": "off"})
    del s.files[at("linux", "go.mod")]
    assert not check(s)


def test_garbage_go_mod_still_gives_the_finding():
    s = machine("linux", [go(env={"GOSUMDB": "off"})], files={at("linux", "go.mod"): bytes(range(256)) * 100})
    [f] = check(s)
    assert "no module that looks private" in f.message


# --- goflags-insecure -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value,rest",
    [("-mod=mod -insecure", "-mod=mod"), ("--insecure=true -v", "-v"), ("-insecure", None)],
)
def test_goflags_insecure(value, rest):
    s = machine("windows", [go(env={"GOFLAGS": value})])
    [f] = check(s)
    assert (
        f.code == "goflags-insecure"
        and "go: -insecure flag is no longer supported; use GOINSECURE instead" in f.message
    )
    apply(s, f.fixes[0])
    assert launch_env(s) == ({"GOFLAGS": rest} if rest else {})
    assert not check(s)


@pytest.mark.parametrize("value", ["-insecure=false", "-mod=mod", "-ldflags=-insecure", "insecure"])
def test_goflags_without_insecure_are_silent(value):
    assert not check(machine("linux", [go(env={"GOFLAGS": value})]))


def test_goflags_insecure_in_the_go_env_file():
    [f] = check(machine("linux", [go()], files={GO_ENV_FILE["linux"]: b"GOFLAGS=-insecure -mod=mod\n"}))
    assert "Run `go env -w GOFLAGS=-mod=mod`" in f.message and not f.fixes


# --- goinsecure-wide ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("glob", ["*", "*.com", "github.com", "github.com/*", "gith?b.com", "*,git.corp.example.com"])
def test_goinsecure_over_public_hosts(glob):
    s = machine("darwin", [go(env={"GOINSECURE": glob})])
    [f] = check(s)
    assert f.code == "goinsecure-wide" and f.severity == Severity.WARNING and "plain HTTP" in f.message
    apply(s, f.fixes[0])
    # What is left: the private host go.mod requires, when the glob covered it; nothing on a public host.
    kept = "git.corp.example.com" in glob or glob in ("*", "*.com")
    assert launch_env(s) == ({"GOINSECURE": "git.corp.example.com"} if kept else {})
    assert not check(s)


def test_goinsecure_that_matches_nothing_required_is_information():
    s = machine("linux", [go(env={"GOINSECURE": "git.corp.example.com,git.other.example.org"})])
    [f] = check(s)
    assert (
        f.severity == Severity.INFORMATION and "`git.other.example.org` matches no module go.mod requires" in f.message
    )
    apply(s, f.fixes[0])
    assert launch_env(s) == {"GOINSECURE": "git.corp.example.com"}
    assert not check(s)


def test_goinsecure_of_the_machine_is_judged_only_for_public_hosts():
    assert not check(machine("linux", [go()], env={"GOINSECURE": "git.other.example.org"}))
    [f] = check(machine("linux", [go()], env={"GOINSECURE": "*"}))
    assert not f.fixes


def test_goinsecure_unused_is_not_judged_without_a_complete_go_mod():
    old = b"module github.com/acme/api\n\ngo 1.16\n\nrequire github.com/acme/shared v1.0.0\n"
    files = {at("linux", "go.mod"): old}
    assert not check(machine("linux", [go(env={"GOINSECURE": "git.other.example.org"})], files=files))


# --- module path globs ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "globs,path,want",
    [
        ("github.com/acme", "github.com/acme/x", True),
        ("github.com/acme", "github.com/acmex/y", False),
        ("*.corp.example.com", "git.corp.example.com/team/lib", True),
        ("github.com/*/lib", "github.com/acme/lib/v2", True),
        ("github.com/acme/lib/extra", "github.com/acme/lib", False),
        ("  , ,github.com/acme/ ", "github.com/acme/x", True),
        ("[a-", "a/b", False),  # a bad pattern matches nothing (path.ErrBadPattern)
        ("g[^x]thub.com", "github.com/a", True),
        ("g\\ithub.com", "github.com/a", True),
        ("", "github.com/a", False),
    ],
)
def test_match_prefix_is_module_match_prefix_patterns(globs, path, want):
    assert match_prefix(globs, path) is want


def test_public_host_coverage():
    assert covers_public_host("*") and covers_public_host("golang.org") and covers_public_host("*.in")
    assert not covers_public_host("github.com/acme") and not covers_public_host("git.corp.example.com")


def test_parse_requires_is_tolerant():
    assert parse_requires(b"") == ("", "", [])
    text = b'module "x.io/m" // c\ngo 1.21\nrequire (\n"a.io/b" v1\n// c\nc.io/d v2 // indirect\n)\nrequire e.io/f v3\n'
    assert parse_requires(text) == ("x.io/m", "1.21", ["a.io/b", "c.io/d", "e.io/f"])
    assert parse_requires(b"require (\n" + b"x.io/m v1\n" * 50_000)[2] == ["x.io/m"]


def test_a_goland_run_configuration():
    """A GoLand run configuration's <envs>: GOSUMDB is removed and GOPRIVATE set, the XML kept."""
    from . import test_goland_rules as g

    s = g.machine(run=g.run_xml({"GOSUMDB": "off", "A": "1"}))
    s.files[g.WS + "/go.mod"] = b"module example.com/m\n\ngo 1.22\n\nrequire git.corp.example.com/x v1.0.0\n"
    [f] = [x for x in findings(s, CODES, root=g.WS) if x.code == "gosumdb-off"]
    assert 'GoLand run configuration "server 服务"' in f.message and f.location.path == g.RUN_XML
    apply(s, f.fixes[0])
    text = s.files[g.RUN_XML].decode()
    assert 'name="GOSUMDB"' not in text and '<env name="GOPRIVATE" value="git.corp.example.com" />' in text
    assert '<env name="A" value="1" />' in text
    assert not [x for x in findings(s, CODES, root=g.WS) if x.code == "gosumdb-off"]
