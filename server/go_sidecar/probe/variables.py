"""VS Code's `${...}` variables in launch.json and settings.json values, resolved as far as a static reader can.

A value has one of three states:
- resolved: every variable is known (`${workspaceFolder}`, `${workspaceFolder:name}`, `${userHome}`, `${env:X}`
  with X set, `${pathSeparator}`, ...);
- unset: the whole value is `${env:X}` and X is empty or unset — VS Code substitutes the empty string, which
  vscode-go treats as "not given" (`"go.goroot": "${env:GOROOT}"` with GOROOT unset pins nothing);
- unknown: an editor-dependent (`${file}`, `${fileDirname}`, ...), interactive (`${input:...}`,
  `${command:...}`), configuration (`${config:...}`) or unrecognised variable, or an `${env:X}` that is empty
  inside a longer value (a path written for another machine, such as `${env:USERPROFILE}\\tools\\go` on
  Linux). An unknown value is never judged: no rule may call it missing or wrong.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from go_sidecar.probe.system import System, env_get

_VAR = re.compile(r"\$\{([^}]*)\}")


class Unknown(Exception):
    """The value depends on something go-sidecar cannot know statically."""


def resolve(value: str, sys_: System, root: str, folders: Mapping[str, str] | None = None) -> str | None:
    """The value with its variables substituted; "" when it is an unset `${env:X}` alone; None when unknown."""
    whole = _VAR.fullmatch(value.strip())
    if whole and whole.group(1).startswith("env:"):
        return env_get(sys_.env, whole.group(1)[4:], sys_.host.windows) or ""
    try:
        return _VAR.sub(lambda m: _one(m.group(1), sys_, root, folders or {}), value)
    except Unknown:
        return None


def _one(name: str, sys_: System, root: str, folders: Mapping[str, str]) -> str:
    if name in ("workspaceFolder", "workspaceRoot"):
        return root
    if name.startswith("workspaceFolder:"):
        wanted = name.split(":", 1)[1]
        if wanted in folders:
            return folders[wanted]
        if wanted == sys_.name(root):  # a single folder is named after its directory
            return root
        raise Unknown(name)
    if name == "workspaceFolderBasename":
        return sys_.name(root)
    if name == "userHome":
        return sys_.home
    if name in ("pathSeparator", "/"):
        return "\\" if sys_.host.windows else "/"
    if name.startswith("env:"):
        found = env_get(sys_.env, name[4:], sys_.host.windows)
        if not found:
            raise Unknown(name)
        return found
    raise Unknown(name)


def is_unknown(value: str, sys_: System, root: str, folders: Mapping[str, str] | None = None) -> bool:
    return resolve(value, sys_, root, folders) is None
