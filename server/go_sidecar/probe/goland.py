"""GoLand's own project files: the project's Go SDK and its Go run configurations, with exact positions.

What GoLand writes (real files, see tests/unit/test_goland.py for the copies and their commits):
- The project SDK is a component of `.idea/workspace.xml` (every real file found had it there, none in
  misc.xml): `<component name="GOROOT" url="file:///snap/go/current" />` in GoLand 2024.3; older releases
  (2018-2019) wrote the plain path instead,
  `<component name="GOROOT" path="C:/Go1.11" />` (dlsniper/awesomeProject), `path="C:\\Go"`
  (tianlang1997/goServer), `path="/usr/local/go"` (Heaven1881/GoGame). IDE path macros stand for the home and
  project folders: version-manager helpers match `url="file://$USER_HOME$/.asdf/installs/golang/...`. A URL is
  "file://" + the path with "/" separators, not percent-encoded (`file://C:/Go` on Windows).
- Run configurations are `<configuration name=".." type="GoApplicationRunConfiguration" factoryName="Go
  Application">` or `type="GoTestRunConfiguration"` (factoryName "Go Test"), under `<component
  name="ProjectRunConfigurationManager">` in `.run/*.run.xml` and `.idea/runConfigurations/*.xml`, and under
  `<component name="RunManager">` in workspace.xml (`temporary="true"` for the ones the IDE made on the fly,
  `default="true"` for templates). Children are `<tag value="..." />`: `working_directory`, `go_parameters`
  (build flags), `parameters` (program arguments), `kind` (FILE, PACKAGE, DIRECTORY), `package`,
  `directory`, `filePath`, `root_directory`, `framework`, `pattern`; `<module name=".." />`; and
  `<envs><env name=".." value=".." /></envs>`. IntelliJ expands path macros in every attribute it loads, so
  `$PROJECT_DIR$` is expanded in env values as well as in paths.

Files are only read (through the System, bounded), never written; malformed XML gives a message with
file:line:col and whatever could be read before the error.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from go_sidecar._record import dataclass, field
from go_sidecar.model import Location
from go_sidecar.parse.text import LineIndex
from go_sidecar.parse.xmldoc import Element, XmlDoc, parse_xml
from go_sidecar.probe.system import System

GO_TYPES = ("GoApplicationRunConfiguration", "GoTestRunConfiguration")
MAX_RUN_FILES = 500  # run configuration files read per project (.run/ and .idea/runConfigurations/ together)
READ_LIMIT = 4 * 1024 * 1024  # bytes per file
WORKSPACE = (".idea", "workspace.xml")
RUN_DIR = (".run",)
IDEA_RUN_DIR = (".idea", "runConfigurations")
# <tag value="..."/> children of a configuration that hold paths (their value is normalised as a path)
PATH_OPTIONS = ("working_directory", "directory", "filePath", "root_directory", "output_directory")
VALUE_OPTIONS = ("go_parameters", "parameters", "kind", "package", "framework", "pattern") + PATH_OPTIONS
_MACRO = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)\$")


@dataclass(frozen=True)
class XmlValue:
    """An attribute value of a GoLand file."""

    raw: str  # as written, entities decoded (`&quot;` is `"`), macros kept: "$PROJECT_DIR$/cmd"
    value: str  # macros expanded ($USER_HOME$, $PROJECT_DIR$, $MODULE_DIR$); paths in the host's syntax
    location: Location  # the value between the quotes (the start tag when the attribute is missing)


@dataclass(frozen=True)
class GolandSdk:
    """The project SDK: workspace.xml's `<component name="GOROOT" url=".." />` (or `path=".."`)."""

    path: str  # the Go root, "file://" stripped, macros expanded, in the host's syntax ("" when empty)
    raw: str  # the attribute as written: "file://$USER_HOME$/sdk/go1.22.5"
    attribute: str  # "url" or "path" (the older form)
    location: Location  # the attribute's value, between the quotes
    unknown_macros: tuple[str, ...] = ()  # macros left as written ("$GOROOT$"): the path cannot be judged


@dataclass(frozen=True)
class XmlProblem:
    """A file that could not be (fully) read: a message and where (the whole file when no position)."""

    message: str
    location: Location


@dataclass
class RunConfig:
    """One Go run configuration of GoLand."""

    name: str
    type: str  # GoApplicationRunConfiguration or GoTestRunConfiguration
    file: str  # the file holding it
    source: str  # "run" (.run/*.run.xml), "idea" (.idea/runConfigurations), "workspace" (workspace.xml)
    anchor: Location  # the `name` attribute's value of <configuration> (its start tag when unnamed)
    offset: int  # byte offset of <configuration> in `file`: xml_edit.element_at(parse_xml(data), offset)
    temporary: bool = False  # temporary="true": made by the IDE for a single run
    template: bool = False  # default="true": a template for new configurations, not one that runs
    module: str = ""
    env: dict[str, XmlValue] = field(default_factory=dict)  # <envs><env name= value=/>, by name
    options: dict[str, XmlValue] = field(default_factory=dict)  # <working_directory value=/> ..., by tag
    envs_location: Location | None = None  # the <envs> element, when there is one

    def option(self, tag: str) -> str:
        v = self.options.get(tag)
        return v.value if v is not None else ""

    @property
    def go_parameters(self) -> str:
        return self.option("go_parameters")

    @property
    def parameters(self) -> str:
        return self.option("parameters")

    @property
    def working_directory(self) -> str:
        return self.option("working_directory")

    @property
    def kind(self) -> str:
        return self.option("kind")

    @property
    def package(self) -> str:
        return self.option("package")

    @property
    def directory(self) -> str:
        return self.option("directory")

    @property
    def file_path(self) -> str:
        return self.option("filePath")


@dataclass
class GolandFacts:
    root: str
    present: bool = False  # .idea/ or .run/ exists: a JetBrains project
    workspace_path: str = ""
    sdk: GolandSdk | None = None
    run_configs: list[RunConfig] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file read (what to watch / key a cache on)
    data: dict[str, bytes] = field(default_factory=dict)  # path -> the bytes read (fixes edit exactly those)
    problems: list[XmlProblem] = field(default_factory=list)  # malformed XML, with a position
    messages: list[str] = field(default_factory=list)  # everything worth telling: problems, unreadable files


class _File:
    """One parsed file with its line index (positions are computed only when asked)."""

    def __init__(self, path: str, data: bytes, doc: XmlDoc):
        self.path, self.data, self.doc = path, data, doc
        self._index: LineIndex | None = None

    @property
    def index(self) -> LineIndex:
        if self._index is None:
            self._index = LineIndex(self.data)
        return self._index

    def location(self, start: int, end: int) -> Location:
        return Location(self.path, self.index.range(start, end))

    def attr_location(self, el: Element, name: str) -> Location:
        span = el.spans.get(name)
        return self.location(*span) if span else self.location(el.start, el.start_end)


class Macros:
    """IDE path macros of one project (PathMacroManager): $USER_HOME$, $PROJECT_DIR$, $MODULE_DIR$."""

    def __init__(self, sys_: System, root: str):
        self.sys_ = sys_
        self.values = {"USER_HOME": sys_.home, "PROJECT_DIR": root, "MODULE_DIR": root}

    def expand(self, text: str) -> tuple[str, tuple[str, ...]]:
        """(text with known macros expanded, the unknown macros left in it)."""
        unknown: list[str] = []

        def repl(m: re.Match[str]) -> str:
            value = self.values.get(m.group(1))
            if value is None:
                unknown.append(m.group(0))
                return m.group(0)
            return value

        return _MACRO.sub(repl, text), tuple(unknown)

    def path(self, text: str) -> str:
        """A path value: macros expanded and, when absolute, normalised to the host's syntax."""
        expanded, _ = self.expand(text)
        if not expanded:
            return ""
        sys_ = self.sys_
        return sys_.norm(expanded) if sys_.is_abs(expanded) else expanded


# The GoLand files the server checks, by name: the project SDK and temporary run configurations live in
# workspace.xml, shared ones in *.run.xml and .idea/runConfigurations/*.xml (the whole list of files the server
# diagnoses, which the editors map to it, is lsp/invalidate.py DIAGNOSED_FILES).
GOLAND_PATTERNS = ("workspace.xml", "*.run.xml")


def url_to_path(url: str) -> str:
    """IntelliJ's VFS URL to a path: "file://" stripped ("file:///usr/go" -> "/usr/go", "file://C:/Go" ->
    "C:/Go"); a "jar://" or other scheme is given back unchanged."""
    return url.removeprefix("file://")


def _read(sys_: System, path: str, overlays: Mapping[str, bytes], facts: GolandFacts) -> bytes | None:
    if path in overlays:
        return overlays[path]
    if not sys_.is_file(path):
        if sys_.is_dir(path):
            facts.messages.append(f"{path} is a folder, not a file; skipped")
        return None
    try:
        return sys_.read_bytes(path, READ_LIMIT)
    except FileNotFoundError:
        return None
    except OSError as e:
        facts.messages.append(f"cannot read {path}: {e.strerror or e}")
        return None


def _parse(sys_: System, path: str, overlays: Mapping[str, bytes], facts: GolandFacts) -> _File | None:
    data = _read(sys_, path, overlays, facts)
    if data is None:
        return None
    facts.files.append(path)
    facts.data[path] = data
    f = _File(path, data, parse_xml(data))
    err = f.doc.error
    if err is not None:
        loc = f.location(err.offset, err.offset)
        pos = loc.range.start
        message = f"{path}:{pos.line + 1}:{pos.character + 1}: {err.message}"
        facts.problems.append(XmlProblem(err.message, loc))
        facts.messages.append(message + "; read up to there")
    return f


def _sdk(f: _File, macros: Macros) -> GolandSdk | None:
    root = f.doc.root
    if root is None:
        return None
    comp = root.find("component", name="GOROOT")
    if comp is None:
        return None
    attribute = "url" if "url" in comp.attrs else "path" if "path" in comp.attrs else ""
    if not attribute:
        return None
    raw = comp.attrs[attribute]
    text = url_to_path(raw) if attribute == "url" else raw
    expanded, unknown = macros.expand(text)
    path = ""
    if expanded:
        sys_ = macros.sys_
        path = sys_.norm(expanded) if sys_.is_abs(expanded) else expanded
    return GolandSdk(path, raw, attribute, f.attr_location(comp, attribute), unknown)


def _run_config(f: _File, el: Element, source: str, macros: Macros) -> RunConfig:
    cfg = RunConfig(
        name=el.attrs.get("name", ""),
        type=el.attrs.get("type", ""),
        file=f.path,
        source=source,
        anchor=f.attr_location(el, "name"),
        offset=el.start,
        temporary=el.attrs.get("temporary") == "true",
        template=el.attrs.get("default") == "true",
    )
    for child in el.children:
        tag = child.tag
        if tag == "module":
            cfg.module = child.attrs.get("name", "")
        elif tag == "envs":
            cfg.envs_location = f.location(child.start, child.end if child.closed else child.start_end)
            for env in child.findall("env"):
                name = env.attrs.get("name")
                if not name:
                    continue
                raw = env.attrs.get("value", "")
                cfg.env[name] = XmlValue(raw, macros.expand(raw)[0], f.attr_location(env, "value"))
        elif tag in VALUE_OPTIONS and "value" in child.attrs and tag not in cfg.options:
            raw = child.attrs["value"]
            value = macros.path(raw) if tag in PATH_OPTIONS else macros.expand(raw)[0]
            cfg.options[tag] = XmlValue(raw, value, f.attr_location(child, "value"))
    return cfg


def _configurations(f: _File, parent: Element | None, source: str, macros: Macros, facts: GolandFacts) -> None:
    if parent is None:
        return
    for el in parent.findall("configuration"):
        if el.attrs.get("type") not in GO_TYPES:
            continue
        if not el.closed:  # cut off by a syntax error: its envs may be missing, so it is not judged
            facts.messages.append(
                f"{f.path}: run configuration {el.attrs.get('name', '')!r} is incomplete "
                f"(the file is malformed); not checked"
            )
            continue
        facts.run_configs.append(_run_config(f, el, source, macros))


def read_goland(sys_: System, root: str, overlays: Mapping[str, bytes] | None = None) -> GolandFacts:
    """The GoLand project files under `root`. Editor buffers in `overlays` (path -> bytes) win over the disk."""
    overlays = overlays or {}
    join = sys_.join
    idea, run_dir, idea_runs = join(root, ".idea"), join(root, *RUN_DIR), join(root, *IDEA_RUN_DIR)
    facts = GolandFacts(root=root, workspace_path=join(root, *WORKSPACE))
    facts.present = sys_.is_dir(idea) or sys_.is_dir(run_dir) or any(k.startswith((idea, run_dir)) for k in overlays)
    if not facts.present:
        return facts
    macros = Macros(sys_, root)

    ws = _parse(sys_, facts.workspace_path, overlays, facts)
    if ws is not None and ws.doc.root is not None:
        facts.sdk = _sdk(ws, macros)
        _configurations(ws, ws.doc.root.find("component", name="RunManager"), "workspace", macros, facts)

    budget = MAX_RUN_FILES
    for folder, suffix, source in ((run_dir, ".run.xml", "run"), (idea_runs, ".xml", "idea")):
        names = sorted(set(sys_.list_dir(folder)) | {sys_.name(k) for k in overlays if sys_.parent(k) == folder})
        for name in names:
            if not name.endswith(suffix):
                continue
            if budget == 0:
                facts.messages.append(f"more than {MAX_RUN_FILES} run configuration files; the rest are not read")
                return facts
            budget -= 1
            f = _parse(sys_, join(folder, name), overlays, facts)
            if f is not None and f.doc.root is not None:
                root_el = f.doc.root
                # The file's root is <component name="ProjectRunConfigurationManager">; be lenient about it.
                _configurations(f, root_el, source, macros, facts)
    return facts
