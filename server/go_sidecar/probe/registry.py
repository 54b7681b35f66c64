"""A read-only view of the Windows registry, behind the System (probe/system.py `System.registry`).

The interface is one method: `registry.values(key)` gives the values of a key as `{name: RegValue}`, `{}` when
the key does not exist (it may raise OSError: callers catch it, see `read_values`). Keys are written with their
hive first, `HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment` or `HKCU\\Environment`
(`HKEY_LOCAL_MACHINE\\...` spelled out works too); names are case-insensitive, as the registry's own.

- `WindowsRegistry` reads this machine's registry with `winreg` (imported when first used, on Windows only).
- `NoRegistry` is the registry of every other OS: empty.
- `RecordedRegistry` holds a recorded machine's keys (go_sidecar.testing.FakeSystem).

Nothing here expands REG_EXPAND_SZ with the *running* process's environment (`winreg.ExpandEnvironmentStrings`
does): `expand` takes the variables to expand from, so that probe/machine.py composes the environment as Windows
does, from the registry's own values (docs/facts.md "Machine and environment", Windows PATH).
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Protocol

from go_sidecar._record import dataclass

SYSTEM_ENVIRONMENT = "HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment"
USER_ENVIRONMENT = "HKCU\\Environment"
# The Go MSI's own record (golang/build internal/installer/windowsmsi/windowsmsi.go): value installLocation.
GO_MSI = "HKCU\\Software\\GoProgrammingLanguage"

REG_SZ = "REG_SZ"
REG_EXPAND_SZ = "REG_EXPAND_SZ"
STRING_TYPES = (REG_SZ, REG_EXPAND_SZ)

# winreg's type numbers (winnt.h), named without importing winreg (it exists on Windows only).
TYPE_NAMES = {
    0: "REG_NONE",
    1: REG_SZ,
    2: REG_EXPAND_SZ,
    3: "REG_BINARY",
    4: "REG_DWORD",
    5: "REG_DWORD_BIG_ENDIAN",
    6: "REG_LINK",
    7: "REG_MULTI_SZ",
    8: "REG_RESOURCE_LIST",
    9: "REG_FULL_RESOURCE_DESCRIPTOR",
    10: "REG_RESOURCE_REQUIREMENTS_LIST",
    11: "REG_QWORD",
}

# A string longer than this is not taken as an environment value: Windows limits a variable to 32,767
# characters (SetEnvironmentVariable); the registry holds more, which no process ever sees whole.
MAX_TEXT = 1024 * 1024
MAX_VALUES = 10_000  # values read from one key

_HIVES = {
    "HKLM": "HKEY_LOCAL_MACHINE",
    "HKEY_LOCAL_MACHINE": "HKEY_LOCAL_MACHINE",
    "HKCU": "HKEY_CURRENT_USER",
    "HKEY_CURRENT_USER": "HKEY_CURRENT_USER",
    "HKU": "HKEY_USERS",
    "HKEY_USERS": "HKEY_USERS",
    "HKCR": "HKEY_CLASSES_ROOT",
    "HKEY_CLASSES_ROOT": "HKEY_CLASSES_ROOT",
}


@dataclass(frozen=True)
class RegValue:
    """One value: its type's name (`REG_SZ`, `REG_EXPAND_SZ`, `REG_DWORD`, ...) and its data as winreg gives it
    (str, int, bytes, list of str, or None)."""

    type: str
    data: object

    def text(self) -> str | None:
        """The data when it is a string value (REG_SZ, REG_EXPAND_SZ) of at most MAX_TEXT characters, else None."""
        if self.type not in STRING_TYPES or not isinstance(self.data, str) or len(self.data) > MAX_TEXT:
            return None
        return self.data.split("\0", 1)[0]  # a value written with its terminator (or garbage after it)

    @property
    def expands(self) -> bool:
        return self.type == REG_EXPAND_SZ


class Registry(Protocol):
    def values(self, key: str) -> dict[str, RegValue]:
        """The key's values by name; {} when it does not exist. May raise OSError (access denied, ...)."""
        ...


def split_key(key: str) -> tuple[str, str]:
    """(hive's full name, subkey) of `HKLM\\A\\B`; ("", "") for a key of no known hive."""
    hive, _, sub = key.replace("/", "\\").partition("\\")
    full = _HIVES.get(hive.upper(), "")
    return (full, sub.strip("\\")) if full else ("", "")


class NoRegistry:
    """The registry of a machine that has none (every OS but Windows)."""

    def values(self, key: str) -> dict[str, RegValue]:
        return {}


class RecordedRegistry:
    """A recorded machine's registry: {key: {name: RegValue}}; keys and names compared case-insensitively."""

    def __init__(self, keys: Mapping[str, Mapping[str, RegValue]] | None = None) -> None:
        self.keys: dict[tuple[str, str], dict[str, RegValue]] = {}
        for key, values in (keys or {}).items():
            hive, sub = split_key(key)
            self.keys[(hive, sub.lower())] = dict(values)

    def values(self, key: str) -> dict[str, RegValue]:
        hive, sub = split_key(key)
        return dict(self.keys.get((hive, sub.lower()), {}))


class WindowsRegistry:
    """This machine's registry, read with winreg (64-bit view, so that a 32-bit Python reads what Windows uses)."""

    def values(self, key: str) -> dict[str, RegValue]:
        if sys.platform != "win32":  # also tells mypy --platform linux not to look for winreg below
            return {}
        import winreg

        hive_name, sub = split_key(key)
        if not hive_name:
            return {}
        hive = getattr(winreg, hive_name)
        out: dict[str, RegValue] = {}
        try:
            handle = winreg.OpenKey(hive, sub, 0, winreg.KEY_READ | winreg.KEY_WOW64_64KEY)
        except FileNotFoundError:
            return {}
        with handle:
            for i in range(MAX_VALUES):
                try:
                    name, data, kind = winreg.EnumValue(handle, i)
                except OSError:  # ERROR_NO_MORE_ITEMS ends the enumeration
                    break
                out[name] = RegValue(TYPE_NAMES.get(kind, f"type {kind}"), data)
        return out


def real_registry(windows: bool) -> Registry:
    return WindowsRegistry() if windows else NoRegistry()


def read_values(registry: Registry | None, key: str) -> tuple[dict[str, RegValue], str]:
    """The key's values and "" — or {} and why it could not be read: a failing registry never stops a check."""
    if registry is None:
        return {}, ""
    try:
        values = registry.values(key)
    except (OSError, ValueError, TypeError) as e:
        return {}, f"{key} could not be read ({e})"
    if not isinstance(values, dict):
        return {}, f"{key} could not be read (not a set of values)"
    return values, ""


def lookup(values: Mapping[str, RegValue], name: str) -> RegValue | None:
    """A value by name, in any spelling (`Path` is PATH)."""
    if name in values:
        return values[name]
    upper = name.upper()
    for k, v in values.items():
        if isinstance(k, str) and k.upper() == upper:
            return v
    return None


def expand(value: str, variables: Mapping[str, str]) -> str:
    """`%NAME%` replaced by the variable's value (names case-insensitive: `variables` keyed upper-case), an
    unknown `%NAME%` kept as written, as ExpandEnvironmentStrings does. One pass, linear in the value's length;
    a value that names another is not expanded again."""
    if "%" not in value:
        return value
    out: list[str] = []
    i, n = 0, len(value)
    while i < n:
        start = value.find("%", i)
        if start < 0:
            out.append(value[i:])
            break
        end = value.find("%", start + 1)
        if end < 0:
            out.append(value[i:])
            break
        out.append(value[i:start])
        name = value[start + 1 : end]
        known = variables.get(name.upper()) if name else None
        if known is None:
            out.append(value[start:end])  # "%NAME" kept; the closing % may open the next name
            i = end
        else:
            out.append(known)
            i = end + 1
    return "".join(out)


def go_msi_location(registry: Registry | None) -> str | None:
    """Where the Go MSI installed Go (`HKCU\\Software\\GoProgrammingLanguage` `installLocation`), or None."""
    values, _ = read_values(registry, GO_MSI)
    value = lookup(values, "installLocation")
    text = value.text() if value is not None else None
    return (text.strip() or None) if text is not None else None
