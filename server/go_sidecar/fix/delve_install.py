"""Installing Delve on the user's request: the exact `go install` to run, and the guards around it.

Only ever run by an explicit user action (the `sidecar.installDelve` command behind a code action). Nothing the
workspace controls may decide what runs: a cloned repository could otherwise have its own code run by a click
that looks harmless — its own `go`, or the machine's real go pointed at the workspace as GOROOT (which then runs
the workspace's `pkg/tool/.../compile`), a GOFLAGS `-toolexec`, a CC, a PATH entry, a GOPATH or GOCACHE with
planted contents. So:

- the argument object from the client is validated field by field (declared keys and types only, a strict
  version, GOOS/GOARCH from Go's own lists, build tags as identifiers); anything else is refused;
- `go` must be absolute (a bare `go` is looked up on the clean PATH below), GOROOT absolute;
- the child's environment is built from an allow-list of the *server's* environment (the user's machine), never
  from the configuration's `env`; GOROOT, GOOS, GOARCH come from the validated arguments;
- every path that can influence what runs — the go binary, GOROOT, GOPATH, GOBIN, GOMODCACHE, GOCACHE, GOENV
  and the `go env -w` file, CC/CXX, each `-toolexec`/`-overlay`/... value in GOFLAGS, every PATH entry — is
  checked with `probe.reach.reaches` (the one containment check); a PATH entry that reaches a workspace or is
  relative is dropped, anything else refuses the install with the reason.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping

from go_sidecar.parse.buildconstraint import KNOWN_OS
from go_sidecar.probe.reach import reaches
from go_sidecar.probe.system import System, env_get

DELVE_PKG = "github.com/go-delve/delve/cmd/dlv"

# The installDelve argument object: key -> what it may hold. Every value is a string.
SPEC_KEYS = ("go", "version", "goroot", "goos", "goarch", "tags", "gotoolchain")
_VERSION = re.compile(r"^(latest|v\d{1,4}\.\d{1,4}\.\d{1,4}(-[0-9A-Za-z.-]{1,64})?)$")
_TAGS = re.compile(r"^[A-Za-z0-9_.]{1,64}(,[A-Za-z0-9_.]{1,64}){0,15}$")
# cmd/dist's known GOOS values (src/internal/syslist/syslist.go; one list, parse/buildconstraint.py's) and the
# GOARCH values Go has ports for.
GOOS = KNOWN_OS
GOARCH = {
    "386",
    "amd64",
    "arm",
    "arm64",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "ppc64",
    "ppc64le",
    "riscv64",
    "s390x",
    "wasm",
}
# A toolchain to build Delve with, when the installed go is older than the Go the programs are built with (Go >=
# 1.25 writes DWARF 5, which only a Delve built with Go >= 1.25 reads): one exact release name, nothing else.
_SPEC_TOOLCHAIN = re.compile(r"^go\d{1,3}\.\d{1,3}(\.\d{1,3}|rc\d{1,2})?$")
_GOTOOLCHAIN = re.compile(r"^(auto|local|path|go\d+(\.\d+){0,2}([a-z]+\d*)?(\+auto|\+path)?)$")

# What the child inherits from the server's environment: what the go command needs to find the network, the
# user's module settings and its own folders. Nothing that names a program to run (CC, GOFLAGS, ...) is passed
# unchecked; nothing from the workspace's configuration is passed at all.
ALLOWED_ENV = (
    "PATH",
    "HOME",
    "USERPROFILE",
    "USER",
    "USERNAME",
    "LOGNAME",
    "LANG",
    "LC_ALL",
    "TZ",
    "TMPDIR",
    "TMP",
    "TEMP",
    "SYSTEMROOT",
    "SYSTEMDRIVE",
    "WINDIR",
    "COMSPEC",
    "PATHEXT",
    "PROGRAMDATA",
    "APPDATA",
    "LOCALAPPDATA",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "GOPATH",
    "GOBIN",
    "GOMODCACHE",
    "GOCACHE",
    "GOENV",
    "GOTOOLCHAIN",
    "GOFLAGS",
    "CC",
    "CXX",
    "GOPROXY",
    "GONOPROXY",
    "GOPRIVATE",
    "GONOSUMDB",
    "GOSUMDB",
    "GOINSECURE",
    "GOVCS",
    "GOTELEMETRY",
    "GOAUTH",
    "GONOSUMCHECK",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
    "CGO_ENABLED",
)
# Variables whose value is a path (or a program) that the go command reads or runs.
# HOME and the user folders are here because GOPATH, GOCACHE and the `go env -w` file default to places in them.
_PATH_VARS = (
    "GOPATH",
    "GOBIN",
    "GOMODCACHE",
    "GOCACHE",
    "GOENV",
    "HOME",
    "USERPROFILE",
    "XDG_CACHE_HOME",
    "XDG_CONFIG_HOME",
    "APPDATA",
    "LOCALAPPDATA",
)
_PROGRAM_VARS = ("CC", "CXX")


class InstallRefused(ValueError):
    pass


def validate_spec(spec: object) -> dict[str, str]:
    """The installDelve argument object, checked: declared keys, string values, strict forms."""
    if not isinstance(spec, dict):
        raise InstallRefused("installDelve takes one object argument")
    unknown = sorted(str(k) for k in spec if k not in SPEC_KEYS)
    if unknown:
        raise InstallRefused(f"unknown installDelve arguments: {', '.join(unknown)}")
    out = {}
    for key in SPEC_KEYS:
        value = spec.get(key)
        if value is None:
            value = ""
        if not isinstance(value, str):
            raise InstallRefused(f"installDelve argument {key!r} must be a string, not {type(value).__name__}")
        if "\0" in value or len(value) > 4096:
            raise InstallRefused(f"installDelve argument {key!r} is malformed")
        out[key] = value
    out["version"] = out["version"] or "latest"
    if not _VERSION.match(out["version"]):
        raise InstallRefused(f"not a Delve version: {out['version']!r}")
    if out["goos"] and out["goos"] not in GOOS:
        raise InstallRefused(f"bad GOOS: {out['goos']!r}")
    if out["goarch"] and out["goarch"] not in GOARCH:
        raise InstallRefused(f"bad GOARCH: {out['goarch']!r}")
    if out["tags"] and not _TAGS.match(out["tags"]):
        raise InstallRefused(f"bad build tags: {out['tags']!r}")
    if out["gotoolchain"] and not _SPEC_TOOLCHAIN.match(out["gotoolchain"]):
        raise InstallRefused(f"not a Go release to build with: {out['gotoolchain']!r}")
    return out


def _split_path(value: str, windows: bool) -> list[str]:
    return [p.strip('"') if windows else p for p in value.split(";" if windows else ":")]


def _which(sys_: System, name: str, path_entries: list[str]) -> str | None:
    names = [name + ext for ext in (".exe", ".bat", ".cmd", "")] if sys_.host.windows else [name]
    for entry in path_entries:
        for n in names:
            candidate = sys_.join(entry, n)
            if sys_.is_file(candidate):
                return candidate
    return None


def _goflags_paths(goflags: str) -> list[str]:
    """The values in GOFLAGS that name files or programs (`-toolexec=...`, `-overlay=...`, ...), split into
    words: `-toolexec` takes a command line."""
    out = []
    for flag in goflags.split():
        if "=" not in flag:
            continue
        name, value = flag.split("=", 1)
        name = name.lstrip("-")
        if name in ("toolexec", "overlay", "modfile", "pgo", "C", "pkgdir", "o", "coverpkg", "exec") or any(
            sep in value for sep in ("/", "\\")
        ):
            out += [w for w in value.replace(",", " ").split() if w]
    return out


def install_plan(
    spec: object, folders: list[str], sys_: System, go_env_file: Mapping[str, str] | None = None
) -> tuple[list[str], dict[str, str], str]:
    """(argv, the child's whole environment, cwd) for an installDelve argument object; InstallRefused with the
    reason when anything that would steer the run reaches a workspace folder.

    `sys_` is the server's machine (its env is the user's environment, not the configuration's); `go_env_file`
    is what `go env -w` wrote (GOFLAGS, CC, ... there apply to the child too)."""
    s = validate_spec(spec)
    windows = sys_.host.windows
    folders = [f for f in folders if f]
    base = sys_.env

    env: dict[str, str] = {}
    for key in ALLOWED_ENV:
        value = env_get(base, key, windows)
        if value is not None:
            env[key] = value

    # PATH: entries that are relative (they depend on the cwd) or reach a workspace are dropped, not refused:
    # direnv's `PATH_add bin` is common, and the install has no business with the workspace's bin.
    entries = [
        p for p in _split_path(env.get("PATH", ""), windows) if p and not reaches(sys_, p, folders) and sys_.is_abs(p)
    ]
    env["PATH"] = (";" if windows else ":").join(entries)

    go = s["go"]
    if go in ("", "go", "go.exe"):
        found = _which(sys_, "go", entries)
        if found is None:
            raise InstallRefused("no go on PATH outside the workspace; pass the absolute path of a Go toolchain")
        go = found
    if not sys_.is_abs(go):
        raise InstallRefused(f"{go!r} is not an absolute path; go-sidecar runs only a go it can locate exactly")
    why = reaches(sys_, go, folders)
    if why:
        raise InstallRefused(f"{why}; go-sidecar does not run a workspace's own go")
    if not sys_.is_file(go):
        raise InstallRefused(f"{go} does not exist")

    env.pop("GOROOT", None)
    if s["goroot"]:
        if not sys_.is_abs(s["goroot"]):
            raise InstallRefused(f"GOROOT {s['goroot']!r} is not an absolute path")
        why = reaches(sys_, s["goroot"], folders)
        if why:
            raise InstallRefused(f"GOROOT {why}; go-sidecar does not build with a workspace's toolchain")
        env["GOROOT"] = s["goroot"]
    for key in ("goos", "goarch"):
        if s[key]:
            env[key.upper()] = s[key]

    settings = dict(go_env_file or {})
    for key in _PATH_VARS + _PROGRAM_VARS + ("GOFLAGS", "GOTOOLCHAIN"):
        for origin, value in (("environment", env.get(key)), ("go env -w file", settings.get(key))):
            if not value or (key == "GOENV" and value == "off"):
                continue
            if key == "GOTOOLCHAIN":
                if not _GOTOOLCHAIN.match(value):
                    raise InstallRefused(f"GOTOOLCHAIN={value!r} ({origin}) is not a toolchain name")
                continue
            if key == "GOFLAGS":
                paths = _goflags_paths(value)
            elif key in _PROGRAM_VARS:
                paths = value.split()[:1]  # the compiler; its flags are not programs
            else:
                paths = _split_path(value, windows) if key in ("GOPATH", "GOBIN") else [value]
            for p in paths:
                if not p:
                    continue
                if key in _PROGRAM_VARS and not sys_.is_abs(p):
                    continue  # a bare `gcc`: looked up on the clean PATH
                why = reaches(sys_, p, folders)
                if why:
                    raise InstallRefused(f"{key} ({origin}): {why}; go-sidecar does not run the install with it")

    from go_sidecar.probe.toolchains import go_env_file as go_env_path  # the parameter go_env_file is its content

    env_file = go_env_path(sys_)
    why = reaches(sys_, env_file, folders) if env_file else None
    if why:
        raise InstallRefused(f"the go env -w file: {why}; go-sidecar does not run the install with it")

    if s["gotoolchain"]:
        env["GOTOOLCHAIN"] = s["gotoolchain"]  # the go command fetches and verifies that release itself
    # `go install pkg@version` ignores the current module; the cwd only has to be somewhere harmless.
    home = sys_.home
    cwd = home if home and sys_.is_dir(home) and not reaches(sys_, home, folders) else tempfile.gettempdir()
    argv = [go, "install"]
    if s["tags"]:
        argv += ["-tags", s["tags"]]
    argv.append(f"{DELVE_PKG}@{s['version']}")
    return argv, env, cwd
