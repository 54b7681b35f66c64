"""Installing Delve on the user's request: the exact `go install` to run, and the guards around it.

Only ever run by an explicit user action (the `sidecar.installDelve` command behind a code action). The go it
runs must not live inside the workspace: a cloned repository could otherwise name its own `go` through
env.GOROOT and have it run by a click that looks harmless.
"""

from __future__ import annotations

import os

DELVE_PKG = "github.com/go-delve/delve/cmd/dlv"


class InstallRefused(ValueError):
    pass


def inside(path: str, folder: str) -> bool:
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def install_argv(spec: dict, workspace: str | None) -> tuple[list[str], dict[str, str]]:
    """(argv, environment additions) for an installDelve argument object; InstallRefused when unsafe."""
    if not isinstance(spec, dict):
        raise InstallRefused("installDelve takes one object argument")
    go = str(spec.get("go") or "go")
    version = str(spec.get("version") or "latest")
    if not (version == "latest" or version.startswith("v")) or any(c.isspace() for c in version):
        raise InstallRefused(f"not a Delve version: {version!r}")
    if os.path.isabs(go):
        if workspace and inside(go, workspace):
            raise InstallRefused(f"{go} is inside the workspace; go-sidecar does not run a workspace's own go")
        if not os.path.isfile(go):
            raise InstallRefused(f"{go} does not exist")
    env = {}
    for key in ("goos", "goarch"):
        value = str(spec.get(key) or "")
        if value:
            if not value.isalnum():
                raise InstallRefused(f"bad {key.upper()}: {value!r}")
            env[key.upper()] = value
    goroot = str(spec.get("goroot") or "")
    if goroot:
        env["GOROOT"] = goroot
    argv = [go, "install"]
    tags = str(spec.get("tags") or "")
    if tags:
        argv += ["-tags", tags]
    argv.append(f"{DELVE_PKG}@{version}")
    return argv, env
