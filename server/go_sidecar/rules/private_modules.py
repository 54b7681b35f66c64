"""Module path patterns (issue 13): how GOPRIVATE, GONOSUMDB and GOINSECURE globs match module paths
(golang.org/x/mod/module `MatchPrefixPatterns`; docs/facts.md, cgo, C compilers and checksum settings), and which of
the modules go.mod requires look private: the GOPRIVATE go-sidecar offers (rules/checksums.py) and the GOINSECURE it
keeps (rules/insecure.py). A heuristic, pure: it reads go.mod's requires from the facts (probe/cgo.py CgoFacts).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import re

    from go_sidecar.probe.cgo import CgoFacts


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
