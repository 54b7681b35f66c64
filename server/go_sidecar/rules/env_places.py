"""Where a variable a build (or the editor's tools) sees is written, and the edits that change it there: shared by
the checksum rules (rules/checksums.py, rules/insecure.py) and the cgo rules (rules/cgo.py).

Where a variable is written decides the fix: a configuration's env (launch.json, a GoLand run configuration), its
envFile, `go.toolsEnvVars` in settings.json get edits; the process environment and the `go env -w` file get the
commands to type (`go env -u`, `go env -w`). An envFile line is written back as VS Code Go's parseEnvFile reads it
(docs/facts.md, cgo, C compilers and checksum settings: VS Code Go envFile).
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from go_sidecar._record import dataclass
from go_sidecar.model import Location, TextEdit
from go_sidecar.parse.text import LineIndex
from go_sidecar.probe.buildenv import ENVIRONMENT, GO_ENV_FILE, env_key
from go_sidecar.probe.facts import ENV, ENV_FILE, TOOLS_ENV, ConfigFacts, Facts
from go_sidecar.rules.anchors import machine_anchor

if TYPE_CHECKING:
    import re


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
            cgo = facts.cgo
            path = cgo.go_env_path if cgo is not None else ""
            return f"the go env -w file{f' ({path})' if path else ''}"
        return "the environment go-sidecar (and the editor that started it) runs in"


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
    cgo = facts.cgo
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


def sibling_place(facts: Facts, place: Place, name: str) -> Place | None:
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
