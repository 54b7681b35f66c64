"""goflags-insecure, goinsecure-wide (issue 13): settings that let modules be fetched without HTTPS or its checks.

Sources (docs/facts.md, cgo, C compilers and checksum settings): go.dev/ref/mod ("Environment variables": GOINSECURE);
cmd/go/internal/modget/get.go (`-insecure` is still declared so that GOFLAGS accepts it, and `go get` stops with
"go: -insecure flag is no longer supported; use GOINSECURE instead"; `go build` has no such flag and ignores it in
GOFLAGS, base.SetFromGOFLAGS); golang.org/x/mod/module `MatchPrefixPatterns` (how GOINSECURE globs match module
paths: rules/private_modules.py). Where a variable is written and how it is changed there: rules/env_places.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import partial

from go_sidecar.model import Fix, Severity
from go_sidecar.probe.buildenv import GO_ENV_FILE
from go_sidecar.probe.cgo import CgoFacts
from go_sidecar.probe.facts import Facts
from go_sidecar.probe.programs import split_quoted
from go_sidecar.rules.declare import Found, rule
from go_sidecar.rules.env_places import Place, places, remove_edits, set_edits
from go_sidecar.rules.private_modules import (
    PUBLIC_HOSTS,
    PUBLIC_PROBES,
    covers_public_host,
    match_prefix,
    private_patterns,
)


# --- goflags-insecure -----------------------------------------------------------------------------------------
def insecure_fields(value: str) -> list[str]:
    """The GOFLAGS fields that set -insecure to true (`-insecure`, `--insecure`, `-insecure=true`, ...)."""
    out = []
    for f in split_quoted(value):
        bare = f.lstrip("-")
        if len(f) - len(bare) not in (1, 2):
            continue
        flag, eq, v = bare.partition("=")
        if flag == "insecure" and (not eq or v in ("1", "t", "T", "TRUE", "true", "True")):
            out.append(f)
    return out


@rule(
    code="goflags-insecure",
    family="security",
    severity=Severity.WARNING,
    summary="GOFLAGS sets -insecure, which Go removed in 1.17: go get fails with it and builds ignore it",
    explanation="""
`-insecure` was a flag of `go get`: it allowed plain HTTP and, in module mode, skipped checksum verification. Go
1.17 removed it ("The go get -insecure flag is deprecated and has been removed"): the flag is still declared, so
GOFLAGS accepts it, but `go get` stops with `go: -insecure flag is no longer supported; use GOINSECURE instead`
(cmd/go/internal/modget/get.go), and `go build`, `go test` and Delve's builds, which have no such flag, ignore it
(base.SetFromGOFLAGS skips flags a command does not define). With Go 1.16 or older it still turned off HTTPS and
checksum checks for every `go get`. Either way it is not what keeps a private or HTTP-only module server working:
that is GOINSECURE (HTTP, checksums kept) and GOPRIVATE (no checksum database for those modules).
""",
    fix="Remove -insecure from GOFLAGS (a code action where GOFLAGS is written in launch.json, settings.json or an "
    "envFile; `go env -w GOFLAGS=...` or the environment otherwise); set GOINSECURE to the module patterns that "
    "really need plain HTTP.",
    example='`"go.toolsEnvVars": {"GOFLAGS": "-mod=mod -insecure"}`',
)
def goflags_insecure(facts: Facts) -> Iterator[Found]:
    for place in places(facts, "GOFLAGS", builds_only=False):
        fields = insecure_fields(place.value)
        if not fields:
            continue
        rest = " ".join(f for f in split_quoted(place.value) if f not in fields)
        message = (
            f"GOFLAGS in {place.where(facts)} sets {fields[0]}: Go 1.17 removed that flag, so every `go get` fails "
            "with `go: -insecure flag is no longer supported; use GOINSECURE instead` and builds ignore it (Go 1.16 "
            "and older: it turned off HTTPS and checksum checks for go get). Use GOINSECURE for module servers that "
            "only speak HTTP."
        )
        if place.machine:
            message += (
                f" Run `go env -w GOFLAGS={rest}`."
                if place.source == GO_ENV_FILE and rest
                else " Run `go env -u GOFLAGS`."
                if place.source == GO_ENV_FILE
                else " Remove -insecure from GOFLAGS where the environment sets it."
            )
        yield Found(message, place.location, partial(_flags_fix, facts, place, rest))


def _flags_fix(facts: Facts, place: Place, rest: str) -> list[Fix]:
    edits = set_edits(facts, place, rest) if rest else remove_edits(facts, place)
    return [Fix("Remove -insecure from GOFLAGS", tuple(edits), preferred=True)] if edits else []


# --- goinsecure-wide ------------------------------------------------------------------------------------------
@rule(
    code="goinsecure-wide",
    family="security",
    severity=Severity.WARNING,
    summary="GOINSECURE lets public modules be fetched over plain HTTP, or names modules go.mod does not require",
    explanation="""
GOINSECURE lists module path globs that the go command may fetch "in an insecure manner": over plain HTTP, and
over HTTPS without checking the server's certificate (go.dev/ref/mod, "Environment variables"; it applies to
modules fetched directly, not through the proxy). It keeps checksum verification, but a pattern such as `*`,
`*.com` or `github.com` opens every module of a public host to a network attacker whenever it is fetched directly
(GOPRIVATE, GONOPROXY or GOPROXY=direct), and then only go.sum and the checksum database stand between you and a
swapped module. GOINSECURE is meant for the one internal server that has no valid certificate.

A pattern written in the workspace's own configuration (launch.json, envFile, go.toolsEnvVars) that matches no
module go.mod requires is reported as information: it serves nothing here. Patterns from the environment or the
`go env -w` file serve every project on the machine and are judged only for covering public hosts.
""",
    fix="Keep only the patterns of the modules that need it (one code action rewrites the value; it is removed when "
    "nothing is left). For the `go env -w` file: `go env -w GOINSECURE=<patterns>` or `go env -u GOINSECURE`.",
    example='`"env": {"GOINSECURE": "*"}` where only `git.corp.example.com/team/lib` is served over HTTP.',
)
def goinsecure_wide(facts: Facts) -> Iterator[Found]:
    cgo = facts.cgo
    for place in places(facts, "GOINSECURE", builds_only=False):
        globs = [g.strip() for g in place.value.split(",") if g.strip().rstrip("/")]
        wide = [g for g in globs if covers_public_host(g)]
        unused: list[str] = []
        if not place.machine and _requirements_complete(facts, cgo):
            assert cgo is not None
            unused = [g for g in globs if g not in wide and not any(match_prefix(g, r) for r in cgo.requires)]
        if not wide and not unused:
            continue
        # Only a server of its own can need GOINSECURE: a shared or public host serves HTTPS with a valid certificate.
        needed = [p for p in private_patterns(cgo)[0] if p.split("/")[0] not in PUBLIC_HOSTS]
        narrowed: list[str] = []
        for g in globs:
            if g in wide:
                narrowed += [p for p in needed if match_prefix(g, p) and p not in narrowed]
            elif g not in unused and g not in narrowed:
                narrowed.append(g)
        value = ",".join(narrowed)
        parts = []
        if wide:
            parts.append(
                f"{_list(wide)} {'covers' if len(wide) == 1 else 'cover'} every module of public hosts such as "
                f"{PUBLIC_PROBES[0].split('/')[0]}: fetched directly, they may come over plain HTTP or from a server "
                "whose certificate is not checked"
            )
        if unused:
            parts.append(f"{_list(unused)} {'matches' if len(unused) == 1 else 'match'} no module go.mod requires")
        message = f"GOINSECURE in {place.where(facts)}: " + "; ".join(parts) + "."
        message += f" Keep GOINSECURE={value}." if value else " Nothing go.mod requires needs it: remove it."
        if place.machine and place.source == GO_ENV_FILE:
            message += f" Run `go env -w GOINSECURE={value}`." if value else " Run `go env -u GOINSECURE`."
        severity = None if wide else Severity.INFORMATION
        yield Found(message, place.location, partial(_insecure_fix, facts, place, value), severity)


def _requirements_complete(facts: Facts, cgo: CgoFacts | None) -> bool:
    """go.mod lists every module the build needs (go 1.17 and later: module graph pruning) and no go.work adds
    modules of its own."""
    if cgo is None or facts.workspace.gomod is None or facts.workspace.gowork is not None or cgo.requires_truncated:
        return False
    parts = cgo.gomod_go.split(".")
    return len(parts) >= 2 and parts[0] == "1" and parts[1].isdigit() and int(parts[1]) >= 17


def _list(globs: list[str]) -> str:
    return ", ".join(f"`{g}`" for g in globs)


def _insecure_fix(facts: Facts, place: Place, value: str) -> list[Fix]:
    edits = set_edits(facts, place, value) if value else remove_edits(facts, place)
    title = f"Narrow GOINSECURE to {value}" if value else "Remove GOINSECURE"
    return [Fix(title, tuple(edits), preferred=True)] if edits else []
