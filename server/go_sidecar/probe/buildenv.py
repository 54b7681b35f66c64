"""Variables as cmd/go reads them for a configuration's build: which of the process environment the rules of
issue 13 look at, and where each value is written (docs/facts.md, cgo, C compilers and checksum settings;
`cmd/go/internal/cfg/cfg.go` Getenv: the environment, then the `go env -w` file).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from go_sidecar._record import dataclass
from go_sidecar.probe.system import env_get

if TYPE_CHECKING:
    from go_sidecar.probe.facts import ConfigFacts

# The variables of the process environment the rules of issue 13 read (the configuration's own env is in
# ConfigFacts.env): checksum settings, cgo settings, the target, and what LookPath reads.
PROCESS_KEYS = (
    "GOSUMDB",
    "GOPRIVATE",
    "GONOSUMDB",
    "GONOPROXY",
    "GOINSECURE",
    "GOFLAGS",
    "GOPROXY",
    "GOTOOLCHAIN",
    "CGO_ENABLED",
    "CC",
    "CXX",
    "CGO_CFLAGS",
    "CGO_CPPFLAGS",
    "CGO_CXXFLAGS",
    "CGO_FFLAGS",
    "CGO_LDFLAGS",
    "GOOS",
    "GOARCH",
    "PATHEXT",
    "DEVELOPER_DIR",
)
CGO_FLAG_KEYS = ("CGO_CFLAGS", "CGO_CPPFLAGS", "CGO_CXXFLAGS", "CGO_FFLAGS", "CGO_LDFLAGS")

# Where a value comes from: a configuration's own (probe/facts.py ENV, ENV_FILE, TOOLS_ENV) or the machine's.
ENVIRONMENT = "environment"
GO_ENV_FILE = "go env -w"


@dataclass(frozen=True)
class Setting:
    """One variable as cmd/go reads it for a configuration's build: its value and where it is written."""

    key: str  # as written (on Windows any spelling)
    value: str
    source: str  # env | envFile | go.toolsEnvVars (the configuration's) | environment | go env -w


def setting(
    cf: ConfigFacts | None,
    process: Mapping[str, str],
    go_env: Mapping[str, str],
    name: str,
    windows: bool,
    file: bool = True,
) -> Setting | None:
    """The value cmd/go's `cfg.Getenv(name)` sees for this configuration (`file=False`: `os.Getenv`, which
    ignores the go env -w file): the configuration's env (env over envFile over go.toolsEnvVars), then the
    process environment, then the go env -w file. An empty value counts as unset, as it does for Getenv."""
    if cf is not None:
        key = env_key(cf.env, name, windows)
        if key is not None and cf.env[key]:
            return Setting(key, cf.env[key], cf.sources.get(key, "env"))
    value = env_get(process, name, windows)
    if value:
        return Setting(name, value, ENVIRONMENT)
    if file and go_env.get(name):
        return Setting(name, go_env[name], GO_ENV_FILE)
    return None


def env_key(env: Mapping[str, str], name: str, windows: bool) -> str | None:
    """The key `env` holds `name` under: as written, or (Windows, where names ignore case) in any spelling."""
    if name in env:
        return name
    if windows:
        return next((k for k in env if k.upper() == name), None)
    return None
