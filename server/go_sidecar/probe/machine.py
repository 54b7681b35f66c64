"""The machine around the workspace: its environment as Windows composes it from the registry, its GOROOT, and
every `go` on the PATHs the editor and the debug configurations use, each with the level its PATH entry comes from.

Windows builds a new process's environment in steps (docs/facts.md "Machine and environment", Windows PATH;
Raymond Chen, The Old New Thing, 2023-12-12, "What happens if I define one environment variable in terms of the
value of another"): core system variables, system REG_SZ, system REG_EXPAND_SZ, core user variables, user REG_SZ,
user REG_EXPAND_SZ. A REG_EXPAND_SZ value can use the variables of earlier steps only: a system value cannot use
`%USERPROFILE%`, which then stays in PATH as written. PATH is the system PATH, `;`, the user PATH; for every other
variable the user's value wins. System: `HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment`; user:
`HKCU\\Environment`.

The editor's own environment (`sys_.env`) is the one it was started with. A PATH entry is "system" or "user" when
that registry PATH holds it, "process" when only the editor's environment does (a shell profile, a launcher, or
a registry change made after the editor started), "configuration" when only a configuration's PATH does
(launch.json env, an envFile, go.toolsEnvVars, or go.goroot's bin that VS Code Go puts first). Other OSes have no
registry: their entries are "process" or "configuration".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from go_sidecar._record import dataclass, field
from go_sidecar.probe.memo import LINKS, Memo, remembered
from go_sidecar.probe.registry import (
    SYSTEM_ENVIRONMENT,
    USER_ENVIRONMENT,
    RegValue,
    expand,
    read_values,
)
from go_sidecar.probe.system import System, env_get
from go_sidecar.probe.toolchains import GoOnPath, RootInfo, first_go_on_path, inspect_root, path_entries

SYSTEM, USER, PROCESS, CONFIGURATION = "system", "user", "process", "configuration"

# Raymond Chen's lists (see the module's docstring); "ProgramFiles-related variables" are created with the user's.
CORE_SYSTEM = ("ALLUSERSPROFILE", "ProgramData", "PUBLIC", "SystemDrive", "SystemRoot")
CORE_USER = (
    "APPDATA",
    "COMPUTERNAME",
    "LOCALAPPDATA",
    "USERPROFILE",
    "ProgramFiles",
    "ProgramFiles(x86)",
    "ProgramW6432",
    "CommonProgramFiles",
    "CommonProgramFiles(x86)",
    "CommonProgramW6432",
)
# Folders of one PATH looked into for a go. Windows limits a variable to 32,767 characters (a few hundred
# folders); a longer PATH is garbage, and looking into each of its folders would only cost time.
MAX_PATH_DIRS = 1000
WATCHED = ("PATH", "GOROOT")  # variables whose value of the wrong type is worth a message


@dataclass(frozen=True)
class Variable:
    """A variable's value and where it comes from (system | user | process); for a GOROOT, what is there."""

    name: str
    value: str
    level: str
    info: RootInfo | None = None


@dataclass(frozen=True)
class GoEntry:
    """A `go` found in a folder of a PATH, and the level of that folder (module docstring)."""

    entry: str  # the PATH entry as written there (expanded)
    level: str
    go: GoOnPath


@dataclass(frozen=True)
class RegistryEnvironment:
    """The registry's environment, names upper-case: each level's own values (REG_EXPAND_SZ expanded as Windows
    does) and what a new process gets from them (`composed`). Empty off Windows."""

    system: dict[str, str] = field(default_factory=dict)
    user: dict[str, str] = field(default_factory=dict)
    composed: dict[str, str] = field(default_factory=dict)
    messages: tuple[str, ...] = ()


@dataclass
class MachineFacts:
    windows: bool
    registry: RegistryEnvironment
    ide_path: str  # the PATH the editor's tools use (go.goroot's bin first when it is set)
    registry_path: str | None  # the PATH a new process gets from the registry (Windows; else None)
    goroot: Variable | None  # GOROOT of the editor's environment, and where it comes from
    registry_goroot: Variable | None  # GOROOT a new process gets from the registry (user over system)
    gos: dict[str, tuple[GoEntry, ...]]  # PATH value -> every go on it, in PATH order
    messages: list[str] = field(default_factory=list)

    def gos_on(self, path_value: str | None) -> tuple[GoEntry, ...]:
        return self.gos.get(path_value or "", ())


def read_registry_environment(sys_: System) -> RegistryEnvironment:
    """The environment Windows composes for a new process from the registry and the core variables (taken
    from the editor's environment: Windows sets them, the registry does not hold them)."""
    registry = getattr(sys_, "registry", None)
    system_values, why_system = read_values(registry, SYSTEM_ENVIRONMENT)
    user_values, why_user = read_values(registry, USER_ENVIRONMENT)
    messages = [m for m in (why_system, why_user) if m]
    env: dict[str, str] = {}
    _core(env, sys_.env, CORE_SYSTEM)
    system = _apply(env, system_values, SYSTEM_ENVIRONMENT, messages, user_level=False)
    _core(env, sys_.env, CORE_USER)
    user = _apply(env, user_values, USER_ENVIRONMENT, messages, user_level=True)
    return RegistryEnvironment(system, user, env, tuple(messages))


def _core(env: dict[str, str], process: Mapping[str, str], names: Sequence[str]) -> None:
    for name in names:
        value = env_get(process, name, True)
        if value:
            env[name.upper()] = value


def _apply(
    env: dict[str, str], values: Mapping[str, RegValue], key: str, messages: list[str], user_level: bool
) -> dict[str, str]:
    """One level's REG_SZ step, then its REG_EXPAND_SZ step (expanded from what the earlier steps set), into env;
    returns the level's own values."""
    plain: list[tuple[str, str]] = []
    expanding: list[tuple[str, str]] = []
    for name, value in values.items():
        if not isinstance(name, str) or not name:
            continue
        text = value.text() if isinstance(value, RegValue) else None
        if text is None:
            if name.upper() in WATCHED:
                kind = value.type if isinstance(value, RegValue) else type(value).__name__
                messages.append(f"{key} {name} is a {kind}, not a string of at most 1 MiB: Windows ignores it")
            continue
        (expanding if value.expands else plain).append((name.upper(), text))
    own: dict[str, str] = {}
    for step in (plain, expanding):
        base = dict(env)  # a value of this step sees the earlier steps' variables only
        for name, text in step:
            own[name] = expand(text, base) if step is expanding else text
        for name, _ in step:
            if user_level and name == "PATH" and env.get("PATH"):
                env["PATH"] = env["PATH"].rstrip(";") + ";" + own[name]  # system PATH ; user PATH
            else:
                env[name] = own[name]
    return own


def entry_key(entry: str, windows: bool) -> str:
    """A PATH entry as compared with another: on Windows case-insensitive, `/` as `\\`, no trailing separator."""
    e = entry.strip().strip('"')
    if windows:
        return e.replace("/", "\\").rstrip("\\").lower()
    return e.rstrip("/") or e


def machine_facts(
    sys_: System, ide_path: str | None, config_envs: Sequence[Mapping[str, str]], memo: Memo | None = None
) -> MachineFacts:
    """The machine's facts for one check: `ide_path` is the PATH the editor's tools use, `config_envs` the
    configurations' environments (their PATH, when they set one). Folder listings are kept in the server's memo
    (area LINKS: invalidated when toolchains change, else read again within a minute)."""
    windows = sys_.host.windows
    paths = [ide_path or ""]
    for env in config_envs:
        value = env_get(env, "PATH", windows)
        if value is not None and value not in paths:
            paths.append(value)
    facts: MachineFacts = remembered(memo, LINKS, ("machine", tuple(paths)), lambda: _machine_facts(sys_, paths))
    return facts


def _machine_facts(sys_: System, paths: list[str]) -> MachineFacts:
    windows = sys_.host.windows
    reg = read_registry_environment(sys_) if windows else RegistryEnvironment()
    messages = list(reg.messages)
    registry_path = reg.composed.get("PATH") if windows else None
    if registry_path is not None and registry_path not in paths:
        paths = [*paths, registry_path]
    levels: dict[str, str] = {}  # entry key -> level, the first level that has it
    for level, value in (
        (SYSTEM, reg.system.get("PATH")),
        (USER, reg.user.get("PATH")),
        (PROCESS, env_get(sys_.env, "PATH", windows)),
    ):
        for entry in path_entries(sys_, value):
            levels.setdefault(entry_key(entry, windows), level)

    found: dict[str, GoOnPath | None] = {}  # entry key -> its go, each folder looked into once per check
    gos: dict[str, tuple[GoEntry, ...]] = {}
    for value in paths:
        out: list[GoEntry] = []
        looked = 0
        for entry in path_entries(sys_, value):
            key = entry_key(entry, windows)
            if key not in found:
                looked += 1
                if looked > MAX_PATH_DIRS:
                    message = f"a PATH has more than {MAX_PATH_DIRS} folders: the rest was not looked into for go"
                    if message not in messages:
                        messages.append(message)
                    break
                found[key] = first_go_on_path(sys_, entry) if key else None
            go = found[key]
            if go is not None:
                out.append(GoEntry(entry, levels.get(key, CONFIGURATION), go))
        gos[value] = tuple(out)

    goroot = None
    value = env_get(sys_.env, "GOROOT", windows)
    if value:
        goroot = Variable("GOROOT", value, _goroot_level(reg, value, windows), inspect_root(sys_, value))
    registry_goroot = None
    for level, values in ((USER, reg.user), (SYSTEM, reg.system)):
        if values.get("GOROOT"):
            registry_goroot = Variable("GOROOT", values["GOROOT"], level, inspect_root(sys_, values["GOROOT"]))
            break
    return MachineFacts(windows, reg, paths[0], registry_path, goroot, registry_goroot, gos, messages)


def _goroot_level(reg: RegistryEnvironment, value: str, windows: bool) -> str:
    for level, values in ((USER, reg.user), (SYSTEM, reg.system)):
        if values.get("GOROOT") and entry_key(values["GOROOT"], windows) == entry_key(value, windows):
            return level
    return PROCESS
