"""gosumdb-off, goflags-insecure, goinsecure-wide (issue 13): settings that give up verified module downloads.

Sources (docs/facts.md, cgo, C compilers and checksum settings): go.dev/ref/mod ("Authenticating modules", "Environment
variables"); go.dev/doc/toolchain ("Downloading toolchains"); cmd/go/internal/modfetch/sumdb.go `useSumDB` (a
toolchain download needs the checksum database even with GOSUMDB=off or GONOSUMDB: "checksum database disabled by
GOSUMDB=off"); cmd/go/internal/cfg/cfg.go (GONOSUMDB and GONOPROXY default to GOPRIVATE; every one of these is read
with `cfg.Getenv`: the environment, then the `go env -w` file); cmd/go/internal/modget/get.go (`-insecure` is still
declared so that GOFLAGS accepts it, and `go get` stops with "go: -insecure flag is no longer supported; use
GOINSECURE instead"; `go build` has no such flag and ignores it in GOFLAGS, base.SetFromGOFLAGS);
golang.org/x/mod/module `MatchPrefixPatterns` (how GOPRIVATE, GONOSUMDB and GOINSECURE globs match module paths).

Where a variable is written decides the fix: a configuration's env (launch.json, a GoLand run configuration), its
envFile, `go.toolsEnvVars` in settings.json get edits; the process environment and the `go env -w` file get the
commands to type (`go env -u`, `go env -w`).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache, partial
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass
from go_sidecar.model import Fix, Location, Severity, TextEdit
from go_sidecar.parse.text import LineIndex
from go_sidecar.probe.cgo import ENVIRONMENT, GO_ENV_FILE, CgoFacts
from go_sidecar.probe.facts import ENV, ENV_FILE, TOOLS_ENV, ConfigFacts, Facts
from go_sidecar.probe.programs import split_quoted
from go_sidecar.rules.anchors import machine_anchor
from go_sidecar.rules.declare import Found, rule

if TYPE_CHECKING:
    import re

# Hosts whose modules are public: proxy.golang.org serves them and sum.golang.org knows them. Not a complete list
# (any host can serve public modules): it only keeps go-sidecar from offering them as private patterns.
PUBLIC_HOSTS = frozenset(
    (
        "github.com",
        "gitlab.com",
        "bitbucket.org",
        "codeberg.org",
        "gitee.com",
        "git.sr.ht",
        "golang.org",
        "google.golang.org",
        "cloud.google.com",
        "go.googlesource.com",
        "gopkg.in",
        "k8s.io",
        "sigs.k8s.io",
        "go.uber.org",
        "go.opentelemetry.io",
        "go.etcd.io",
        "go.mongodb.org",
        "go.opencensus.io",
        "gocloud.dev",
        "honnef.co",
        "gotest.tools",
        "mvdan.cc",
        "modernc.org",
        "filippo.io",
        "rsc.io",
        "gorm.io",
        "code.gitea.io",
        "gitea.com",
    )
)
# Hosts where one account's modules sit next to everybody else's: a private pattern there names the owner.
SHARED_HOSTS = frozenset(("github.com", "gitlab.com", "bitbucket.org", "codeberg.org", "gitee.com", "git.sr.ht"))
# Probe paths: a GOINSECURE (or GOPRIVATE) glob that matches one of them covers a whole public host.
PUBLIC_PROBES = tuple(
    f"{h}/go-sidecar-probe-owner/go-sidecar-probe-repo"
    for h in ("github.com", "golang.org", "google.golang.org", "gopkg.in", "gitlab.com", "bitbucket.org", "k8s.io")
)
PRIVATE_TLDS = ("local", "internal", "corp", "lan", "intranet", "intra", "private", "localhost", "arpa", "home")
PRIVATE_PREFIXES = ("git.", "gitlab.", "github.", "bitbucket.", "gitea.", "gogs.", "scm.", "vcs.", "repo.", "code.")
MAX_SHOWN = 3


# --- where a variable is written, and how to change it there ----------------------------------------------------
@dataclass(frozen=True)
class Place:
    """Where the value of `name` that a build (or the editor's tools) sees is written."""

    name: str  # as written (on Windows any spelling)
    value: str
    source: str  # env | envFile | go.toolsEnvVars | environment | go env -w
    location: Location
    cf: ConfigFacts | None = None  # env, envFile: the configuration
    node: Any = None  # go.toolsEnvVars: the object holding the variables (jsonc.JNode)

    @property
    def machine(self) -> bool:
        return self.source in (ENVIRONMENT, GO_ENV_FILE)

    def where(self, facts: Facts) -> str:
        if self.source == ENV and self.cf is not None:
            if self.cf.config.goland:
                return f'the environment of GoLand run configuration "{self.cf.config.name}"'
            return f'env.{self.name} of configuration "{self.cf.config.name}"'
        if self.source == ENV_FILE and self.cf is not None:
            return f'the envFile of configuration "{self.cf.config.name}" ({self.cf.env_file_path})'
        if self.source == TOOLS_ENV:
            return "go.toolsEnvVars (settings.json)"
        if self.source == GO_ENV_FILE:
            cgo = _cgo(facts)
            path = cgo.go_env_path if cgo is not None else ""
            return f"the go env -w file{f' ({path})' if path else ''}"
        return "the environment go-sidecar (and the editor that started it) runs in"


def _cgo(facts: Facts) -> CgoFacts | None:
    return facts.cgo


def env_key(env: dict[str, str], name: str, windows: bool) -> str | None:
    if name in env:
        return name
    return next((k for k in env if k.upper() == name), None) if windows else None


def _is_go_workspace(facts: Facts) -> bool:
    ws = facts.workspace
    return ws.gomod is not None or ws.gowork is not None or bool(facts.configs)


def places(facts: Facts, name: str, builds_only: bool = True) -> list[Place]:
    """Every place `name` is set to a non-empty value: each configuration's env and envFile (once per file),
    go.toolsEnvVars, and the machine's value (the process environment, else the go env -w file; said only in a
    Go workspace)."""
    out: list[Place] = []
    seen: set[tuple[Any, ...]] = set()
    windows = facts.windows
    for cf in facts.configs:
        if (builds_only and not cf.config.builds) or not cf.knows(name):
            continue
        key = env_key(cf.env, name, windows)
        if key is None or not cf.env[key]:
            continue
        source = cf.sources.get(key, ENV)
        if source == ENV:
            location, _ = cf.config.env_location(key)
            ident: tuple[Any, ...] = (ENV, location.path, location.range.start_byte, cf.config.index)
        elif source == ENV_FILE:
            location = cf.config.env_file_location or cf.config.anchor
            ident = (ENV_FILE, cf.env_file_path)
        else:
            continue  # go.toolsEnvVars: once, below
        if ident not in seen:
            seen.add(ident)
            out.append(Place(key, cf.env[key], source, location, cf))
    ws = facts.workspace
    tools = ws.settings_member("go.toolsEnvVars")
    obj = tools.value if tools is not None else None
    if obj is not None and obj.kind == "object" and ws.settings is not None:
        for m in obj.members:
            named = m.key == name or (windows and m.key.upper() == name)
            if named and m.value is not None and m.value.kind == "string" and m.value.value:
                location = ws.location_of(ws.settings_path, ws.settings, m.value.start, m.value.end)
                out.append(Place(m.key, m.value.value, TOOLS_ENV, location, None, obj))
    cgo = _cgo(facts)
    if cgo is not None and _is_go_workspace(facts):
        if cgo.process.get(name):
            out.append(Place(name, cgo.process[name], ENVIRONMENT, machine_anchor(facts)))
        elif facts.go_env.get(name):
            out.append(Place(name, facts.go_env[name], GO_ENV_FILE, machine_anchor(facts)))
    return out


def set_edits(facts: Facts, place: Place, value: str) -> list[TextEdit]:
    """Give the variable a new value where it is written (nothing for the machine's places)."""
    if place.source == ENV and place.cf is not None:
        return list(place.cf.config.set_env_edits({place.name: value}))
    if place.source == TOOLS_ENV and place.node is not None:
        ws = facts.workspace
        member = place.node.get(place.name)
        if member is None or member.value is None or ws.settings is None:
            return []
        from go_sidecar.edit.jsonc import JsoncEditor  # a fix's builder: imported when a fix is built

        return [JsoncEditor(ws.settings_path, ws.settings).replace_value(member.value, value)]
    if place.source == ENV_FILE:
        return _env_file_edits(facts, place, f"{place.name}={_env_file_value(value)}")
    return []


def remove_edits(facts: Facts, place: Place) -> list[TextEdit]:
    if place.source == ENV and place.cf is not None:
        return list(place.cf.config.remove_env_edits(place.name))
    settings = facts.workspace.settings
    if place.source == TOOLS_ENV and place.node is not None and settings is not None:
        from go_sidecar.edit.jsonc import JsoncEditor  # a fix's builder: imported when a fix is built

        return JsoncEditor(facts.workspace.settings_path, settings).remove_member(place.node, place.name)
    if place.source == ENV_FILE:
        return _env_file_edits(facts, place, None)
    return []


def rename_edits(facts: Facts, place: Place, name: str, value: str) -> list[TextEdit]:
    """Replace `place.name: place.value` by `name: value` in one edit where the pair is written (JSON member,
    envFile line); a GoLand <env> is removed and the new one set."""
    if place.source == ENV and place.cf is not None and not place.cf.config.goland:
        cfg = place.cf.config
        member = cfg.env_members.get(place.name)
        if member is None or cfg.doc is None:
            return []
        return [TextEdit(cfg.path, cfg.doc.index.range(member.start, member.end), _pair(name, value))]
    settings = facts.workspace.settings
    if place.source == TOOLS_ENV and place.node is not None and settings is not None:
        member = place.node.get(place.name)
        if member is None:
            return []
        path = facts.workspace.settings_path
        return [TextEdit(path, settings.index.range(member.start, member.end), _pair(name, value))]
    if place.source == ENV_FILE:
        return _env_file_edits(facts, place, f"{name}={_env_file_value(value)}")
    if place.source == ENV and place.cf is not None:
        return remove_edits(facts, place) + list(place.cf.config.set_env_edits({name: value}))
    return []


def _pair(name: str, value: str) -> str:
    from go_sidecar.edit.jsonc import dump

    return f"{dump(name)}: {dump(value)}"


def _env_file_value(value: str) -> str:
    """A value as an envFile line must hold it for VS Code Go's parseEnvFile to give it back: matching outer quotes
    are taken off, so a value that starts and ends with the same quote is wrapped in the other one."""
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return ("'" if value[0] == '"' else '"') + value + ("'" if value[0] == '"' else '"')
    return value


@cache
def _env_line() -> re.Pattern[str]:
    import re as _regex

    return _regex.compile(r"^\s*(?:export\s+)?([\w.\-]+)\s*=")  # parse/envfile.py _LINE's name part


def _env_file_edits(facts: Facts, place: Place, line: str | None) -> list[TextEdit]:
    """Replace (or with None delete) the envFile line that sets the variable: the last one, which VS Code Go
    keeps (parse/envfile.py)."""
    cf = place.cf
    path = cf.env_file_path if cf is not None else None
    data = facts.workspace.env_file_data.get(path) if path else None
    if data is None or path is None:
        return []
    text = data.decode("utf-8", "surrogateescape")
    found: tuple[int, str] | None = None
    at = 0
    for raw in text.splitlines(keepends=True):
        m = _env_line().match(raw)
        if m and m.group(1) == place.name:
            found = (at, raw)
        at += len(raw)
    if found is None:
        return []
    at, raw = found
    body = raw.rstrip("\r\n")

    def offset(i: int) -> int:
        return len(text[:i].encode("utf-8", "surrogateescape"))

    index = LineIndex(data)
    if line is None:
        return [TextEdit(path, index.range(offset(at), offset(at + len(raw))), "")]
    return [TextEdit(path, index.range(offset(at), offset(at + len(body))), line)]


# --- module path patterns ---------------------------------------------------------------------------------------
@cache
def _glob(element: str) -> re.Pattern[str]:
    """One element of a path.Match pattern: `*` and `?` stop at `/`, `[...]` classes (`^` negates), `\\` escapes."""
    import re as _regex

    out, i, n = [], 0, len(element)
    while i < n:
        c = element[i]
        if c == "*":
            out.append("[^/]*")
        elif c == "?":
            out.append("[^/]")
        elif c == "\\" and i + 1 < n:
            i += 1
            out.append(_regex.escape(element[i]))
        elif c == "[":
            close = element.find("]", i + 2)
            if close < 0:
                return _regex.compile(r"(?!)")  # path.ErrBadPattern: matches nothing
            body = element[i + 1 : close]
            neg = body.startswith("^")
            body = body[1:] if neg else body
            out.append("[" + ("^" if neg else "") + body.replace("\\", "\\\\") + "]")
            i = close
        else:
            out.append(_regex.escape(c))
        i += 1
    try:
        return _regex.compile("".join(out) + r"\Z")
    except _regex.error:
        return _regex.compile(r"(?!)")


def match_prefix(globs: str, target: str) -> bool:
    """golang.org/x/mod/module.MatchPrefixPatterns: a comma-separated list of globs, each matched against as many
    leading path elements of target as it has."""
    parts = target.split("/")
    for glob in globs.split(","):
        glob = glob.strip().rstrip("/")
        if not glob:
            continue
        elements = glob.split("/")
        if len(elements) > len(parts):
            continue
        if all(_glob(e).match(p) for e, p in zip(elements, parts, strict=False)):
            return True
    return False


def covers_public_host(glob: str) -> bool:
    return any(match_prefix(glob, probe) for probe in PUBLIC_PROBES)


def looks_private(host: str) -> bool:
    """A host go-sidecar takes for a private one: a company's own VCS server (`git.`, `gitlab.`, ... names), a
    private top-level domain, an address, a port."""
    h = host.lower()
    if h in PUBLIC_HOSTS:
        return False
    if ":" in h or h.replace(".", "").isdigit():
        return True
    return h.rsplit(".", 1)[-1] in PRIVATE_TLDS or h.startswith(PRIVATE_PREFIXES) or "." not in h


def private_patterns(cgo: CgoFacts | None, covered: str = "") -> tuple[list[str], list[str]]:
    """GOPRIVATE patterns for the modules go.mod requires that look private, and examples of those modules:
    on a shared host (github.com, ...) the main module's own owner (`github.com/acme`); elsewhere the host of a
    module that shares the main module's host, or a host that looks private (looks_private). Patterns already
    matched by `covered` (GOPRIVATE or GONOSUMDB) are left out."""
    if cgo is None:
        return [], []
    own = cgo.module_path.split("/")
    patterns: list[str] = []
    examples: list[str] = []
    for path in cgo.requires:
        parts = path.split("/")
        host = parts[0].lower()
        if host in SHARED_HOSTS:
            same = len(own) > 1 and len(parts) > 1 and own[0].lower() == host and own[1] == parts[1]
            pattern = f"{host}/{parts[1]}" if same else ""
        elif (own[0].lower() == host and host not in PUBLIC_HOSTS) or looks_private(host):
            pattern = host
        else:
            pattern = ""
        if not pattern or (covered and match_prefix(covered, path)):
            continue
        if pattern not in patterns:
            patterns.append(pattern)
        if len(examples) < MAX_SHOWN:
            examples.append(path)
    return patterns, examples


def _goprivate(facts: Facts, place: Place) -> str:
    """GOPRIVATE (else GONOSUMDB) as the same configuration's build sees it."""
    cgo = _cgo(facts)
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


def _sibling(facts: Facts, place: Place, name: str) -> Place | None:
    """`name` written next to `place`: in the same configuration's env, the same envFile, or go.toolsEnvVars."""
    for p in places(facts, name, builds_only=False):
        if p.source != place.source:
            continue
        if p.source == TOOLS_ENV or (p.source == ENV and p.cf is place.cf):
            return p
        same_file = p.cf is not None and place.cf is not None and p.cf.env_file_path == place.cf.env_file_path
        if p.source == ENV_FILE and same_file:
            return p
    return None


# --- gosumdb-off ----------------------------------------------------------------------------------------------
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
    cgo = _cgo(facts)
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
        sibling = _sibling(facts, place, "GOPRIVATE")
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
    cgo = _cgo(facts)
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
