"""The workspace's own configuration: launch.json, settings.json, go.mod, go.work and envFiles.

Files are read, never run. Editor buffers (unsaved text) are passed in as overlays and win over the disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from go_sidecar._record import dataclass, field
from go_sidecar.model import Location, TextEdit
from go_sidecar.parse import jsonc
from go_sidecar.parse.envfile import parse_env_file
from go_sidecar.parse.gomod import ModFile, parse_modfile
from go_sidecar.probe import configs
from go_sidecar.probe.memo import DOCUMENTS, Memo
from go_sidecar.probe.system import System
from go_sidecar.probe.variables import resolve

if TYPE_CHECKING:  # read only for GoLand projects (.idea/): imported there, when one is found
    from go_sidecar.probe.goland import GolandFacts
    from go_sidecar.probe.goland_configs import GolandConfig

LAUNCH = (".vscode", "launch.json")
SETTINGS = (".vscode", "settings.json")
WATCHED_NAMES = ("launch.json", "settings.json", "go.mod", "go.work")


@dataclass
class LaunchConfig:
    """One `"type": "go"` entry of launch.json's configurations, as vscode-go will run it on this OS: the
    platform block merged over it, `mode` defaulted (probe/configs.py)."""

    index: int
    name: str
    request: str
    mode: str
    node: jsonc.JNode
    anchor: Location  # where machine-level findings about this configuration are shown
    env: dict[str, str]  # as written (not substituted), the platform block's keys over the configuration's
    env_file: str | None
    env_file_location: Location | None
    kind: str = configs.BUILD  # configs.BUILD | EXEC | ATTACH | REMOTE | EXTERNAL | UNKNOWN
    view: configs.ConfigView | None = None  # effective properties and where each is written
    env_members: dict[str, jsonc.Member] = field(default_factory=dict)  # env name -> its member (top or platform)
    path: str = ""  # the file that holds it (launch.json, or a .code-workspace)
    doc: jsonc.JsonDoc | None = None  # the parsed file
    goland: ClassVar[Literal[False]] = False  # GolandConfig's is True: `if cfg.goland` tells the two apart

    @property
    def builds(self) -> bool:
        """A Go toolchain on this machine builds the debug target (GOROOT rules apply)."""
        return configs.builds(self.kind)

    @property
    def local_dlv(self) -> bool:
        """A dlv on this machine runs for this configuration (debugger rules apply)."""
        return configs.runs_local_dlv(self.kind)

    def env_parent(self, key: str) -> jsonc.JNode:
        """The object whose `env` an edit of `key` belongs in (the platform block when it names the key)."""
        return self.view.env_parent(key) if self.view is not None else self.node

    def env_location(self, key: str, whole: bool = False) -> tuple[Location, jsonc.JNode | None]:
        """(where env[key]'s value — or with `whole` the `"key": value` pair — is written, its JSON string
        node), or (the anchor, None) when it is not."""
        m = self.env_members.get(key)
        if m is not None and m.value is not None and self.doc is not None:
            start, end = (m.start, m.end) if whole else (m.value.start, m.value.end)
            return Location(self.path, self.doc.index.range(start, end)), m.value
        return self.anchor, None

    def set_env_edits(self, values: dict[str, str]) -> list[TextEdit]:
        """Set env keys where VS Code reads them on this OS: in the platform block's env when it already names
        the key (a value at the top would be overridden there), else in the configuration's own env."""
        if self.doc is None:  # not read from a file: nothing to edit (read_workspace always sets it)
            return []
        from go_sidecar.edit.jsonc import JsoncEditor

        editor = JsoncEditor(self.path, self.doc)
        groups: dict[int, tuple[jsonc.JNode, dict[str, str]]] = {}
        for key, value in values.items():
            parent = self.env_parent(key)
            groups.setdefault(id(parent), (parent, {}))[1][key] = value
        edits: list[TextEdit] = []
        for parent, group in groups.values():
            edits.extend(editor.set_in_child_object(parent, "env", group))
        return edits

    def remove_env_edits(self, key: str) -> list[TextEdit]:
        """Remove env[key] wherever it is written for this OS (the platform block's and the top level's)."""
        if self.doc is None:  # not read from a file: nothing to edit (read_workspace always sets it)
            return []
        from go_sidecar.edit.jsonc import JsoncEditor

        editor = JsoncEditor(self.path, self.doc)
        edits: list[TextEdit] = []
        first = self.env_parent(key)
        for holder in [first] if first is self.node else [first, self.node]:
            env = holder.get_value("env")
            if env is not None and env.kind == "object" and env.get(key) is not None:
                edits.extend(editor.remove_member(env, key))
        return edits


@dataclass
class WorkspaceFacts:
    root: str
    launch_path: str
    settings_path: str
    launch: jsonc.JsonDoc | None = None
    settings: jsonc.JsonDoc | None = None
    configs: list[LaunchConfig] = field(default_factory=list)
    settings_values: dict[str, Any] = field(default_factory=dict)  # setting -> its JSON value
    gomod: ModFile | None = None
    gowork: ModFile | None = None
    env_files: dict[str, dict[str, str]] = field(default_factory=dict)  # resolved path -> contents
    missing_env_files: set[str] = field(default_factory=set)  # resolved paths of envFiles that do not exist
    env_file_data: dict[str, bytes] = field(default_factory=dict)  # resolved path -> bytes read (fixes edit them)
    messages: list[str] = field(default_factory=list)
    goland: bool = False  # a JetBrains project (.idea/) lives here
    goland_facts: GolandFacts | None = None  # the project SDK and the Go run configurations
    goland_configs: list[GolandConfig] = field(default_factory=list)  # the run configurations that run
    folders: dict[str, str] = field(default_factory=dict)  # the workspace's folders by name: ${workspaceFolder:name}
    # A .code-workspace file holds launch configurations and settings as members of its own root object: then
    # launch_path and settings_path are that file and these name the members ("launch", "settings").
    launch_in: str | None = None
    settings_in: str | None = None

    @property
    def launch_root(self) -> jsonc.JNode | None:
        """The object holding `configurations`: launch.json's root, or a .code-workspace's `launch` member."""
        return _member_object(self.launch, self.launch_in)

    @property
    def settings_root(self) -> jsonc.JNode | None:
        """The object holding the settings: settings.json's root, or a .code-workspace's `settings` member."""
        return _member_object(self.settings, self.settings_in)

    def settings_member(self, key: str) -> jsonc.Member | None:
        root = self.settings_root
        return root.get(key) if root is not None and root.kind == "object" else None

    def location_of(self, path: str, doc: jsonc.JsonDoc, start: int, end: int) -> Location:
        return Location(path, doc.index.range(start, end))


def _member_object(doc: jsonc.JsonDoc | None, key: str | None) -> jsonc.JNode | None:
    root = doc.root if doc is not None else None
    if key is None or root is None:
        return root
    if root.kind != "object":
        return None
    node = root.get_value(key)
    return node if node is not None and node.kind == "object" else None


def substitute(value: str, sys_: System, root: str, folders: Mapping[str, str] | None = None) -> str:
    """VS Code's variables substituted (probe/variables.py); an unknown value is returned as written."""
    resolved = resolve(value, sys_, root, folders)
    return value if resolved is None else resolved


# launch.json and settings.json: the largest real ones are a few KB (tests/corpus); a JSONC tree costs about 75
# bytes of memory per byte of file (tree-sitter's tree and ours), so a 1 MB bound keeps a check under ~150 MB more.
MAX_JSONC = 1024 * 1024


def _read(
    sys_: System, path: str, overlays: Mapping[str, bytes], messages: list[str], limit: int | None = None
) -> bytes | None:
    if path in overlays:
        data = overlays[path]
        if limit is not None and len(data) > limit:
            messages.append(f"{path} is larger than {limit // (1024 * 1024)} MB; not checked")
            return None
        return data
    if sys_.is_dir(path):
        messages.append(f"{path} is a folder, not a file; skipped")
        return None
    try:
        return sys_.read_bytes(path, limit) if limit is not None else sys_.read_bytes(path)
    except FileNotFoundError:
        return None
    except OSError as e:
        messages.append(f"cannot read {path}: {e.strerror or e}")
        return None


def _decode_note(path: str, data: bytes, messages: list[str]) -> None:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        messages.append(f"{path} is not valid UTF-8 (byte {e.start}); read with replacement characters")


def _depth_note(path: str, doc: jsonc.JsonDoc, messages: list[str]) -> None:
    if doc.too_deep:
        messages.append(
            f"{path} is too deeply nested (more than {jsonc.MAX_DEPTH} levels): the values below "
            f"that level are ignored, the rest is checked"
        )


def _parse(memo: Memo | None, path: str, data: bytes) -> jsonc.JsonDoc:
    if memo is None:
        return jsonc.parse(data)
    previous = memo.last(DOCUMENTS, path)
    doc = previous if previous is not None and previous.data == data else jsonc.parse(data, previous)
    memo.keep(DOCUMENTS, path, doc)
    return doc


def read_workspace(
    sys_: System,
    root: str,
    overlays: Mapping[str, bytes] | None = None,
    folders: Mapping[str, str] | None = None,
    workspace_file: str | None = None,
    memo: Memo | None = None,
) -> WorkspaceFacts:
    """One workspace folder's configuration; `folders` names every folder of the workspace (for
    `${workspaceFolder:name}`). With `workspace_file` (a .code-workspace), its `launch` and `settings` members are
    read instead of the folder's .vscode files; root is then the folder holding that file (go.mod, go.work).
    With the server's `memo`, a file whose bytes did not change keeps its last parse, and one that did is re-parsed
    incrementally from it."""
    overlays = overlays or {}
    join = sys_.join
    ws = WorkspaceFacts(
        root=root, launch_path=join(root, *LAUNCH), settings_path=join(root, *SETTINGS), folders=dict(folders or {})
    )
    if workspace_file is not None:
        ws.launch_path = ws.settings_path = workspace_file
        ws.launch_in, ws.settings_in = "launch", "settings"

    data = _read(sys_, ws.settings_path, overlays, ws.messages, MAX_JSONC)
    if data is not None:
        _decode_note(ws.settings_path, data, ws.messages)
        ws.settings = _parse(memo, ws.settings_path, data)
        _depth_note(ws.settings_path, ws.settings, ws.messages)
        settings_root = ws.settings_root
        if settings_root is not None and settings_root.kind == "object":
            ws.settings_values = settings_root.to_python()
        elif data.strip() and (ws.settings.root is None or ws.settings.root.kind != "object"):
            ws.messages.append(f"{ws.settings_path} holds no JSON object; skipped")

    if workspace_file is not None:
        ws.launch = ws.settings  # one file, parsed once
        if ws.launch is not None:
            ws.configs = _launch_configs(ws, sys_)
    else:
        data = _read(sys_, ws.launch_path, overlays, ws.messages, MAX_JSONC)
        if data is not None:
            _decode_note(ws.launch_path, data, ws.messages)
            ws.launch = _parse(memo, ws.launch_path, data)
            _depth_note(ws.launch_path, ws.launch, ws.messages)
            ws.configs = _launch_configs(ws, sys_)

    # A .code-workspace's own entry is no GoLand project: the folder's own check reads .idea/.
    ws.goland = workspace_file is None and sys_.is_dir(join(root, ".idea"))
    if workspace_file is None and (ws.goland or sys_.is_dir(join(root, ".run"))):
        from go_sidecar.probe.goland import read_goland
        from go_sidecar.probe.goland_configs import goland_configs

        ws.goland_facts = read_goland(sys_, root, overlays)
        ws.goland_configs = goland_configs(ws.goland_facts)
        ws.messages += ws.goland_facts.messages
    for name, attr in (("go.mod", "gomod"), ("go.work", "gowork")):
        path = join(root, name)
        data = _read(sys_, path, overlays, ws.messages)
        if data is not None:
            setattr(ws, attr, parse_modfile(path, data))
    return ws


def _launch_configs(ws: WorkspaceFacts, sys_: System) -> list[LaunchConfig]:
    doc = ws.launch
    assert doc is not None
    root = ws.launch_root
    if root is None or root.kind != "object":
        if doc.data.strip() and ws.launch_in is None:
            ws.messages.append(f"{ws.launch_path} holds no JSON object; skipped")
        return []
    configs_node = root.get_value("configurations")
    if configs_node is None or configs_node.kind != "array":
        return []
    out = []
    for i, node in enumerate(configs_node.value):
        if node.kind != "object":
            continue
        type_node = node.get_value("type")
        if type_node is None or type_node.value != "go":
            continue
        view = configs.ConfigView(node, sys_.host.os)
        name_member = node.get("name")
        anchor_start, anchor_end = (name_member.start, name_member.end) if name_member else (node.start, node.start + 1)
        env_file_node = view.value("envFile")
        if env_file_node is not None and env_file_node.kind == "array":  # vscode-go takes a list too
            env_file_node = next((v for v in env_file_node.value if v.kind == "string"), None)
        env_file = env_file_node.value if env_file_node is not None and env_file_node.kind == "string" else None
        request = view.string("request") or "launch"
        mode = configs.default_mode(request, view.string("mode"))
        env = view.strings("env")
        out.append(
            LaunchConfig(
                index=i,
                name=str(name_member.value.value) if name_member and name_member.value else f"configuration {i + 1}",
                request=request,
                mode=mode,
                node=node,
                anchor=ws.location_of(ws.launch_path, doc, anchor_start, anchor_end),
                env={k: v[0] for k, v in env.items()},
                env_file=env_file,
                env_file_location=(
                    ws.location_of(ws.launch_path, doc, env_file_node.start, env_file_node.end)
                    if env_file and env_file_node is not None
                    else None
                ),
                kind=configs.kind_of(request, mode, view, _default_adapter(ws)),
                view=view,
                env_members={k: v[2] for k, v in env.items()},
                path=ws.launch_path,
                doc=doc,
            )
        )
    return out


def _default_adapter(ws: WorkspaceFacts) -> str | None:
    dc = ws.settings_values.get("go.delveConfig")
    value = dc.get("debugAdapter") if isinstance(dc, dict) else None
    return value if isinstance(value, str) else None


def env_file_path(sys_: System, ws: WorkspaceFacts, raw_path: str) -> str | None:
    """Where an envFile value points, variables resolved; None when it depends on ${input:...} and friends."""
    path = resolve(raw_path, sys_, ws.root, ws.folders)
    if not path:
        return None
    if not sys_.is_abs(path):
        path = sys_.join(ws.root, path)
    return path


def read_env_file(sys_: System, ws: WorkspaceFacts, raw_path: str) -> dict[str, str]:
    """The envFile's variables; {} when it cannot be read (said in messages) or names an unknown path."""
    path = env_file_path(sys_, ws, raw_path)
    if path is None:  # not known before the session starts; never judged
        return {}
    if path in ws.env_files:
        return ws.env_files[path]
    env: dict[str, str] = {}
    told = len(ws.messages)
    # No overlays: an envFile is read from disk only, and a FIFO or device ("/dev/stdin") is refused by name.
    data = _read(sys_, path, {}, ws.messages)
    if data is not None:
        ws.env_file_data[path] = data
        env = parse_env_file(data.decode("utf-8", "replace"))
    elif len(ws.messages) == told and not sys_.is_file(path):  # _read said nothing: there is no such file
        ws.missing_env_files.add(path)
    ws.env_files[path] = env
    return env


CODE_WORKSPACE_SUFFIX = ".code-workspace"


@dataclass
class CodeWorkspace:
    """A VS Code `.code-workspace` file: its folders (name, absolute path) in order; its `launch` and `settings`
    members are read by read_workspace(..., workspace_file=path)."""

    path: str
    folders: list[tuple[str, str]] = field(default_factory=list)
    messages: list[str] = field(default_factory=list)


def read_code_workspace(sys_: System, path: str, overlays: Mapping[str, bytes] | None = None) -> CodeWorkspace:
    """The folders a .code-workspace names. A relative `path` is taken from the file's folder, as VS Code does;
    a folder's name is its `name`, else its directory's name. `uri` entries other than file: are skipped (a
    remote folder has nothing on this disk)."""
    from urllib.parse import unquote, urlparse

    out = CodeWorkspace(path)
    data = _read(sys_, path, overlays or {}, out.messages, MAX_JSONC)
    if data is None:
        if not out.messages:
            out.messages.append(f"{path}: no such file")
        return out
    doc = jsonc.parse(data)
    root = doc.root
    entries = root.get_value("folders") if root is not None and root.kind == "object" else None
    if entries is None or entries.kind != "array":
        out.messages.append(f"{path} names no folders")
        return out
    base = sys_.parent(path)
    seen: set[str] = set()
    for entry in entries.value:
        if entry.kind != "object":
            continue
        raw = entry.get_value("path")
        folder: str | None = None
        if raw is not None and raw.kind == "string" and raw.value:
            folder = sys_.norm(raw.value) if sys_.is_abs(raw.value) else sys_.join(base, raw.value)
        else:
            uri = entry.get_value("uri")
            if uri is not None and uri.kind == "string" and uri.value.startswith("file:"):
                folder = unquote(urlparse(uri.value).path)
                if sys_.host.windows and folder.startswith("/") and folder[2:3] == ":":
                    folder = folder[1:]
        if folder is None:
            continue
        folder = sys_.norm(folder)  # normalised: `..` and `.` removed, without touching the disk
        if folder in seen:
            continue
        seen.add(folder)
        name_node = entry.get_value("name")
        name = (
            name_node.value
            if name_node is not None and name_node.kind == "string" and name_node.value
            else sys_.name(folder)
        )
        out.folders.append((name, folder))
    return out
