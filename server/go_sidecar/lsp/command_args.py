"""What each workspace command accepts, declared once, and the one check of a client's arguments against it.

A client (or anything that can send `workspace/executeCommand`) may send any JSON. A string "false" is truthy,
an empty list is falsy, a number is not a path: interpreting such values loosely turned `"confirmed": "false"`
into a purge without asking and `targets: []` into a purge of the defaults. So every argument is checked against
its declared type before the command does anything; a mismatch is a JSON-RPC InvalidParams error and nothing is
done. The declarations are data, so the docs and tests can list them.
"""

from __future__ import annotations

from typing import Any

# command -> (is the single object argument required, {key: (type name, required)})
# Types: "str", "bool", "list[str]".
COMMAND_ARGS: dict[str, tuple[bool, dict[str, tuple[str, bool]]]] = {
    "sidecar.checkWorkspace": (False, {}),
    "sidecar.listCaches": (False, {"targets": ("list[str]", False)}),
    "sidecar.purgeCaches": (True, {"targets": ("list[str]", True), "confirmed": ("bool", False)}),
    "sidecar.installDelve": (
        True,
        {
            "version": ("str", True),
            "go": ("str", False),
            "goroot": ("str", False),
            "goos": ("str", False),
            "goarch": ("str", False),
            "tags": ("str", False),
            "gotoolchain": ("str", False),
        },
    ),
    # A workspace folder's or file's URI (default: the first folder) and a configuration's name (its section first);
    # show: false when the caller opens the markdown itself (the VS Code extension), else a client that takes
    # window/showDocument is shown the report as a file.
    "sidecar.toolsReport": (False, {"uri": ("str", False), "config": ("str", False), "show": ("bool", False)}),
}

MAX_ITEMS = 64  # no command takes more targets than that


class BadArguments(ValueError):
    pass


def _type_ok(kind: str, value: Any) -> bool:
    if kind == "str":
        return isinstance(value, str)
    if kind == "bool":
        return isinstance(value, bool)
    if kind == "list[str]":
        return isinstance(value, list) and len(value) <= MAX_ITEMS and all(isinstance(v, str) for v in value)
    raise AssertionError(kind)


def check_args(command: str, args: tuple[Any, ...] | list[Any]) -> dict[str, Any]:
    """The command's argument object (empty when it takes none and none was sent); BadArguments otherwise."""
    required, keys = COMMAND_ARGS[command]
    args = list(args or [])
    if len(args) > 1:
        raise BadArguments(f"{command} takes at most one argument, got {len(args)}")
    if not args or args[0] is None:
        if required:
            raise BadArguments(f"{command} takes one object argument")
        return {}
    spec = args[0]
    if not isinstance(spec, dict):
        raise BadArguments(f"{command} takes an object argument, not {type(spec).__name__}")
    if not keys and spec:
        raise BadArguments(f"{command} takes no arguments")
    unknown = sorted(str(k) for k in spec if k not in keys)
    if unknown:
        raise BadArguments(f"{command}: unknown arguments {', '.join(unknown)}")
    for key, (kind, needed) in keys.items():
        if key not in spec:
            if needed:
                raise BadArguments(f"{command}: argument {key!r} is required")
            continue
        if not _type_ok(kind, spec[key]):
            raise BadArguments(
                f"{command}: argument {key!r} must be {kind}, not {type(spec[key]).__name__} ({spec[key]!r:.60})"
            )
    return spec
