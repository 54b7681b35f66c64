"""gosumdb-off (issue 13): GOSUMDB=off gives up verified module downloads.

Sources (docs/facts.md, cgo, C compilers and checksum settings): go.dev/ref/mod ("Authenticating modules", "Environment
variables"); go.dev/doc/toolchain ("Downloading toolchains"); cmd/go/internal/modfetch/sumdb.go `useSumDB` (a
toolchain download needs the checksum database even with GOSUMDB=off or GONOSUMDB: "checksum database disabled by
GOSUMDB=off"); cmd/go/internal/cfg/cfg.go (GONOSUMDB and GONOPROXY default to GOPRIVATE; every one of these is read
with `cfg.Getenv`: the environment, then the `go env -w` file). The GOPRIVATE patterns offered instead come from
go.mod's requires (rules/private_modules.py); where GOSUMDB is written and how it is changed there:
rules/env_places.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from go_sidecar.model import Fix, Severity
from go_sidecar.probe.buildenv import GO_ENV_FILE, env_key
from go_sidecar.probe.facts import Facts
from go_sidecar.rules.declare import Found, rule
from go_sidecar.rules.env_places import Place, places, remove_edits, rename_edits, set_edits, sibling_place
from go_sidecar.rules.private_modules import private_patterns

SUMDB_OFF = "checksum database disabled by GOSUMDB=off"


@rule(
    code="gosumdb-off",
    family="security",
    severity=Severity.WARNING,
    summary="GOSUMDB=off turns off checksum verification of every module download, and of toolchain downloads",
    explanation="""
With `GOSUMDB=off` the go command accepts any module version it has not downloaded before without checking it
against the Go checksum database, "giving up the security guarantee of verified repeatable downloads"
(go.dev/ref/mod, "Authenticating modules"): a compromised proxy, mirror or VCS server can hand you a different
copy of a module than everybody else gets, and go.sum records whatever arrived first. It is also the setting
that breaks toolchain switching: a toolchain download (`GOTOOLCHAIN=auto` when go.mod asks for a newer Go) is always
checked against the checksum database and fails with `verifying module: checksum database disabled by
GOSUMDB=off` (go.dev/doc/toolchain; cmd/go/internal/modfetch/sumdb.go `useSumDB`).

The usual reason for it is a private module the checksum database cannot know (`verifying module: ... 404 Not
Found` or `410 Gone`). The fix for that is GOPRIVATE (the default of GONOSUMDB and GONOPROXY): a comma-separated
list of module path globs that skip the checksum database and the proxy, and only those. go-sidecar offers the
patterns from go.mod's requirements: the main module's own owner on a shared host (`github.com/acme` for
`module github.com/acme/api`), and hosts that share the main module's host or look like a company's own server
(`git.`, `gitlab.` ... names, private top-level domains such as `.internal`, `.corp`, `.local`, addresses). Other
hosts are taken for public ones: check the list before applying it.

Looked at: every Go launch configuration's `env` and `envFile`, a GoLand run configuration's environment,
`go.toolsEnvVars` (which the editor's tools and gopls use), the environment go-sidecar runs in and the `go env -w`
file (which the go command reads when the environment leaves GOSUMDB unset).
""",
    fix="""
Replace GOSUMDB=off with GOPRIVATE set to the private module patterns (one code action in launch.json,
settings.json or the envFile; a second one only removes GOSUMDB). For the `go env -w` file: `go env -u GOSUMDB`
and `go env -w GOPRIVATE=<patterns>`; for the environment, remove the variable where it is set (Windows: System
Properties → Environment Variables, user and system lists; elsewhere the shell profile).
""",
    example='`"env": {"GOSUMDB": "off"}` in a launch configuration of `module github.com/acme/api`, which requires '
    "`github.com/acme/shared`.",
)
def gosumdb_off(facts: Facts) -> Iterator[Found]:
    cgo = facts.cgo
    for place in places(facts, "GOSUMDB"):
        if place.value.strip() != "off":
            continue
        covered = _goprivate(facts, place)
        patterns, examples = private_patterns(cgo, covered)
        message = (
            f"GOSUMDB=off in {place.where(facts)}: go accepts any module version it has not seen before without "
            'checking it against the checksum database, "giving up the security guarantee of verified repeatable '
            'downloads" (go.dev/ref/mod), and a GOTOOLCHAIN switch cannot download a toolchain '
            f"(`{SUMDB_OFF}`, go.dev/doc/toolchain). "
        )
        value = ",".join(p for p in (covered, *patterns) if p)
        if patterns:
            message += (
                f"For the private modules go.mod requires ({', '.join(examples)}), set GOPRIVATE={value} instead: "
                "only those then skip the checksum database and the proxy."
            )
        elif covered:
            message += (
                f"GOPRIVATE={covered} already keeps private modules out of the checksum database: remove GOSUMDB."
            )
        else:
            message += (
                "go.mod requires no module that looks private; if some are, list their path patterns in GOPRIVATE "
                "and remove GOSUMDB."
            )
        if place.machine:
            message += " " + _machine_how(place, "GOPRIVATE", value)
        yield Found(message, place.location, partial(_sumdb_fixes, facts, place, patterns, covered))


def _goprivate(facts: Facts, place: Place) -> str:
    """GOPRIVATE (else GONOSUMDB) as the same configuration's build sees it."""
    cgo = facts.cgo
    for name in ("GOPRIVATE", "GONOSUMDB"):
        if place.cf is not None:
            key = env_key(place.cf.env, name, facts.windows)
            if key and place.cf.env[key]:
                return place.cf.env[key]
        if cgo is not None and cgo.process.get(name):
            return cgo.process[name]
        if facts.go_env.get(name):
            return facts.go_env[name]
    return ""


def _machine_how(place: Place, name: str, value: str) -> str:
    if place.source == GO_ENV_FILE:
        return f"Run `go env -u {place.name}`" + (f" and `go env -w {name}={value}`." if value else ".")
    return (
        f"Remove {place.name} where the environment sets it (Windows: System Properties → Environment Variables, "
        "user and system lists; elsewhere the shell profile)" + (f" and set {name}={value}." if value else ".")
    )


def _sumdb_fixes(facts: Facts, place: Place, patterns: list[str], covered: str) -> list[Fix]:
    if place.machine:
        return []
    fixes: list[Fix] = []
    if patterns:
        sibling = sibling_place(facts, place, "GOPRIVATE")
        if sibling is not None:
            merged = ",".join(p for p in (sibling.value, *patterns) if p)
            edits = set_edits(facts, sibling, merged) + remove_edits(facts, place)
        else:
            merged = ",".join(p for p in (covered, *patterns) if p)
            edits = rename_edits(facts, place, "GOPRIVATE", merged)
        if edits:
            fixes.append(Fix(f"Replace GOSUMDB=off with GOPRIVATE={merged}", tuple(edits), preferred=True))
    edits = remove_edits(facts, place)
    if edits:
        fixes.append(Fix("Remove GOSUMDB=off", tuple(edits), preferred=not fixes))
    return fixes
