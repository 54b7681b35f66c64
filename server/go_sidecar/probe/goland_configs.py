"""GoLand run configurations as the rules see a configuration (issue 10, part 3).

A `GoApplicationRunConfiguration` or `GoTestRunConfiguration` builds with Go like a VS Code `launch` in mode
debug/test, so the GOROOT rules and debug-cross-target apply to it. What differs, and is modelled here:
- with no GOROOT in its `<envs>`, it builds with the *project SDK* (`.idea/workspace.xml`
  `<component name="GOROOT" url=...>`), not with the `go` on PATH (GoLand runs the SDK's go itself);
- GoLand debugs with its bundled dlv, started with `--check-go-version=false`, so the VS Code debugger rules
  (which dlv is found, on which search path) do not speak about these configurations;
- fixes edit the XML minimally (edit/xml.py), keeping the IDE's macros.
Templates (`default="true"`) run nothing and are skipped.

What a configuration builds (issue 11), read as GoLand reads it (GoLand help, "Go Build" and "Go Test"; the
checks of its open-source predecessor go-lang-plugin-org/go-lang-idea-plugin, GoApplicationConfiguration,
GoTestRunConfiguration and GoRunConfigurationBase at e73dab4):
- `kind` DIRECTORY builds the folder `directory` as one package; a Go Test of kind DIRECTORY runs
  `go test ./<dir>/...`, so tests in its subfolders count (GoTestRunningState);
- FILE builds the files of `filePath`, several joined by `|`;
- PACKAGE builds the import path `package`; it is judged only when the go.mod at the project root is the
  module the go command runs in and the path is inside it (a nested module, a go.work, a `require` or `replace`
  of a longer module path, or a walk cut short leave it unknown: grafana/alloy's `github.com/grafana/alloy/
  otel_engine` is the module in `collector/`, not a folder `otel_engine`);
- a relative path is taken from the working directory (findFile); an empty working directory is the project
  folder and a relative one is taken from it (IntelliJ ProgramParametersConfigurator.getWorkingDir);
- a value with a macro go-sidecar does not know (`$MODULE_WORKING_DIR$`, a path variable) is not judged, nor
  `$MODULE_DIR$` unless the module file is `.idea/<module>.iml` (then it is the project folder,
  PathMacroUtil.getModuleDir).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from typing import TYPE_CHECKING, ClassVar, Literal

from go_sidecar.model import Location, TextEdit
from go_sidecar.parse.gomod import parse_modfile
from go_sidecar.probe import configs
from go_sidecar.probe.goland import GolandFacts, Macros, RunConfig, XmlValue
from go_sidecar.probe.memo import WALKS, Memo, remembered
from go_sidecar.probe.programs import (
    MAX_DIRS,
    SKIP,
    MainPackages,
    Package,
    PathFacts,
    _state,
    build_target,
    main_packages,
    package_of,
    package_of_file,
)
from go_sidecar.probe.system import System, env_get

if TYPE_CHECKING:  # edit.xml is imported when a fix is first asked for
    from go_sidecar.edit.xml import XmlEditor
    from go_sidecar.parse.jsonc import Member
    from go_sidecar.parse.xmldoc import Element

TEST = "GoTestRunConfiguration"


class GolandConfig:
    goland: ClassVar[Literal[True]] = True  # LaunchConfig's is False: `if cfg.goland` tells the two apart
    node = None
    view = None
    env_file = None
    env_file_location = None
    request = "launch"
    kind = configs.BUILD
    builds = True
    local_dlv = False  # GoLand's own bundled dlv: not the one VS Code Go searches for

    def __init__(self, rc: RunConfig, index: int, gf: GolandFacts):
        self.rc = rc
        self.index = index
        self.gf = gf
        self.name = rc.name
        self.mode = "test" if rc.type == TEST else "debug"
        self.anchor: Location = rc.anchor
        self.env = {k: v.value for k, v in rc.env.items()}
        self.env_members: dict[str, Member] = {}  # launch.json's env members: a GoLand configuration has none
        self.main_imports: dict[str, str] = {}  # main package folder -> its import path (for PACKAGE fixes)
        # (XmlEditor, <configuration> element or None when not found), when a fix first needs them
        self._editor: tuple[XmlEditor, Element | None] | None = None

    def env_location(self, key: str, whole: bool = False) -> tuple[Location, XmlValue | None]:
        v = self.rc.env.get(key)
        return (v.location, v) if v is not None else (self.anchor, None)

    def _editor_and_element(self) -> tuple[XmlEditor, Element] | None:
        """The file parsed once for this configuration, and its <configuration> element (every fix of every rule
        about it edits the same bytes); None when the file or the element is not there."""
        if self._editor is None:
            from go_sidecar.edit.xml import XmlEditor, element_at

            data = self.gf.data.get(self.rc.file)
            if data is None:
                return None
            editor = XmlEditor(self.rc.file, data)
            self._editor = (editor, element_at(editor.doc, self.rc.offset))
        editor, el = self._editor
        return (editor, el) if el is not None else None

    def set_env_edits(self, values: dict[str, str]) -> list[TextEdit]:
        found = self._editor_and_element()
        if found is None:
            return []
        editor, el = found
        edits: list[TextEdit] = []
        for key, value in values.items():
            if key.upper() == "PATH":
                continue  # GoLand runs the SDK's own go: PATH does not choose the toolchain
            edits += editor.set_env(el, key, value)
        return _merge_inserts(edits)

    def remove_env_edits(self, key: str) -> list[TextEdit]:
        found = self._editor_and_element()
        return found[0].remove_env(found[1], key) if found is not None else []

    def path_facts(
        self, sys_: System, root: str, go_env: Mapping[str, str] | None = None, memo: Memo | None = None
    ) -> tuple[PathFacts | None, PathFacts | None, Package]:
        return goland_path_facts(sys_, self, root, go_env, memo)

    def program_edit(self, folder: str, root: str, home: str, windows: bool) -> tuple[str, list[TextEdit]] | None:
        """Point the configuration at the main package in `folder`: (what is written, the edits), or None.
        DIRECTORY: its `<directory>`; PACKAGE: its `<package>` (the folder's import path); FILE: kind DIRECTORY
        and `<directory>` (a main package is a folder). Tests are not retargeted at main packages."""
        from go_sidecar.edit.xml import path_to_macro

        found = self._editor_and_element()
        if found is None or not found[0].ok or self.mode == "test":
            return None
        editor, el = found
        value = path_to_macro(folder, home, root, windows)
        kind = self.rc.kind
        if kind == "PACKAGE":
            value = self.main_imports.get(folder, "")
            option = _option_element(el, "package")
            return (value, [editor.set_attribute(option, "value", value)]) if value and option is not None else None
        option = _option_element(el, "directory")
        if option is None or kind not in ("DIRECTORY", "FILE"):
            return None
        edits = [editor.set_attribute(option, "value", value)]
        if kind == "FILE":
            kind_option = _option_element(el, "kind")  # there: rc.kind is read from it
            if kind_option is None:
                return None
            edits.insert(0, editor.set_attribute(kind_option, "value", "DIRECTORY"))
            value = f"Run kind Directory, {value}"
        return value, edits


def _option_element(config: Element, tag: str) -> Element | None:
    """The child GoLand reads for an option: the first `<tag value=..>` (probe/goland.py reads the same)."""
    return next((c for c in config.findall(tag) if "value" in c.attrs), None)


def _merge_inserts(edits: list[TextEdit]) -> list[TextEdit]:
    """Two added `<env>` lines land at the same point: keep them as one edit, in order."""
    out: list[TextEdit] = []
    for e in edits:
        r = e.range
        if out and out[-1].range == r and r.start_byte == r.end_byte:  # one editor: one index, bytes compare
            out[-1] = TextEdit(e.path, e.range, out[-1].new_text + e.new_text)
        else:
            out.append(e)
    return out


def goland_configs(gf: GolandFacts | None) -> list[GolandConfig]:
    if gf is None or not gf.present:
        return []
    return [GolandConfig(rc, 10_000 + i, gf) for i, rc in enumerate(gf.run_configs) if not rc.template]


# --- what a run configuration builds, and where it runs (issue 11) ---------------------------------------------

GOMOD_LIMIT = 1024 * 1024  # go.mod files read to resolve an import path (alloy's is 74 KB)


def goland_path_facts(
    sys_: System, cfg: GolandConfig, root: str, go_env: Mapping[str, str] | None = None, memo: Memo | None = None
) -> tuple[PathFacts | None, PathFacts | None, Package]:
    """(what the configuration builds, its working directory, the package there as programs.package_of gives
    it) for the launch rules; None where nothing can be judged. Locations are the option values in the XML.
    Files count for the configuration's GOOS/GOARCH (its `<envs>`, else `go env -w`, else the machine's); its
    -tags are not known (GoLand may add the project's build tags), so a tag of the user's own is not judged."""
    rc = cfg.rc
    macros = Macros(sys_, root)
    cwd = None
    base: str | None = root  # relative paths are taken from here; None when the working directory is unknown
    wd = rc.options.get("working_directory")
    if wd is not None and wd.raw.strip():
        base = _path(sys_, cfg, wd.raw, root, macros)
        if base is not None:
            cwd = PathFacts(wd.raw, base, _state(sys_, base), wd.location)
    program = _program(sys_, cfg, root, base, macros, memo)
    package = Package()  # unpacks as (None, False, False)
    if program is not None and program.path is not None and program.state == "dir":
        package = package_of(sys_, program.path, build_target(sys_.host, cfg.env, go_env))
    elif program is not None and program.path is not None and program.state == "go":
        package = _files_package(sys_, program.raw, program.path)
    name, has_go = package.name, package.has_go
    if (
        rc.kind == "PACKAGE"
        and cfg.mode != "test"
        and program is not None
        and (program.state == "missing" or not has_go or name not in (None, "main"))
    ):
        cfg.main_imports = _main_imports(sys_, root, memo)  # the fixes write import paths
    return program, cwd, package


def _path(sys_: System, cfg: GolandConfig, raw: str, base: str | None, macros: Macros) -> str | None:
    """A path option as GoLand expands it: an absolute path in the host's syntax, or None when it cannot be known
    (an unknown macro, ...): then it is not judged."""
    expanded, unknown = macros.expand(raw.strip())
    if unknown or not expanded:
        return None
    if "$MODULE_DIR$" in raw and not (
        cfg.rc.module and sys_.is_file(sys_.join(macros.values["PROJECT_DIR"], ".idea", cfg.rc.module + ".iml"))
    ):
        return None  # the module file lives elsewhere: $MODULE_DIR$ is that folder, not the project's
    if sys_.is_abs(expanded):
        return sys_.norm(expanded)
    return sys_.join(base, expanded) if base is not None else None


def _program(
    sys_: System, cfg: GolandConfig, root: str, base: str | None, macros: Macros, memo: Memo | None = None
) -> PathFacts | None:
    rc = cfg.rc
    kind = rc.kind
    if kind == "DIRECTORY":
        opt = rc.options.get("directory")
        path = _path(sys_, cfg, opt.raw, base, macros) if opt is not None and opt.raw.strip() else None
        if opt is None or path is None:
            return None
        state = _state(sys_, path)
        return PathFacts(opt.raw, path, "file" if state == "go" else state, opt.location)  # a folder is needed
    if kind == "FILE":
        opt = rc.options.get("filePath")
        if opt is None or not opt.raw.strip():
            return None
        paths = [_path(sys_, cfg, part, base, macros) for part in opt.raw.split("|") if part.strip()]
        resolved = [p for p in paths if p is not None]
        if not paths or len(resolved) < len(paths):
            return None
        states = [(p, _state(sys_, p)) for p in resolved]
        path, state = next((ps for ps in states if ps[1] != "go"), states[0])
        return PathFacts(opt.raw, path, state, opt.location)
    if kind == "PACKAGE":
        opt = rc.options.get("package")
        if opt is None:
            return None
        found = _package_folder(sys_, cfg, root, opt.raw.strip(), base, memo)
        return PathFacts(opt.raw, found[0], found[1], opt.location) if found is not None else None
    return None  # no kind (or one GoLand does not write): not judged


def _files_package(sys_: System, raw: str, first: str) -> Package:
    """package_of_file for the files of a FILE configuration: the first file's package, test files among them."""
    p = package_of_file(sys_, first)
    return Package(p.folder, p.name, p.has_go, any(part.strip().endswith("_test.go") for part in raw.split("|")))


def _module(sys_: System, folder: str) -> tuple[str, bytes] | None:
    """(the module path, the text) of folder/go.mod, read bounded; None when there is none or it is unreadable."""
    path = sys_.join(folder, "go.mod")
    if not sys_.is_file(path):
        return None
    try:
        data = sys_.read_bytes(path, GOMOD_LIMIT)
    except OSError:
        return None
    mod = parse_modfile(path, data).module
    return (mod.value, data) if mod is not None and mod.value else None


def _within(sys_: System, path: str, root: str) -> list[str] | None:
    """The folders from `root` (exclusive) down to `path` (inclusive), or None when path is outside root."""
    p, r = sys_.norm(path), sys_.norm(root)
    fold = str.lower if sys_.host.windows else str  # Windows paths compare without case
    sep = "\\" if sys_.host.windows else "/"
    if fold(p) != fold(r) and not fold(p).startswith(fold(r).rstrip("\\/") + sep):
        return None
    out: list[str] = []
    current = root
    for part in [x for x in p[len(r) :].replace("\\", "/").split("/") if x]:
        current = sys_.join(current, part)
        out.append(current)
    return out


def _package_folder(
    sys_: System, cfg: GolandConfig, root: str, imp: str, cwd: str | None, memo: Memo | None = None
) -> tuple[str, str] | None:
    """(the folder, "dir" or "missing") of an import path of the project's module, or None when unknown."""
    if not imp or "$" in imp or "\\" in imp or imp.startswith((".", "/")) or cwd is None or not sys_.is_dir(cwd):
        return None  # the go command resolves import paths from the working directory: it must be there
    found = _module(sys_, root)
    if found is None:
        return None
    module, text = found
    if imp != module and not imp.startswith(module + "/"):
        return None
    # The go command runs in the working directory: the module it finds from there must be the root's.
    between = _within(sys_, cwd, root)
    if between is None or any(sys_.is_file(sys_.join(d, "go.mod")) for d in between):
        return None
    rest = [x for x in imp[len(module) :].split("/") if x]
    folder = sys_.join(root, *rest) if rest else root
    # A go.mod on the way makes the folder another module's, whatever its module line says.
    if any(sys_.is_file(sys_.join(d, "go.mod")) for d in _within(sys_, folder, root) or []):
        return None
    state = _state(sys_, folder)
    if state == "dir":
        return folder, "dir"
    if state != "missing" or _provided_elsewhere(sys_, cfg, root, imp, module, text, memo):
        return None
    return folder, "missing"


def _provided_elsewhere(
    sys_: System, cfg: GolandConfig, root: str, imp: str, module: str, text: bytes, memo: Memo | None = None
) -> bool:
    """The import path may come from somewhere go-sidecar does not follow: a go.work (GOWORK, or go.work in the
    root or above it), a required or replaced module with a longer path, a nested module, a walk cut short."""
    gowork = cfg.env.get("GOWORK") or env_get(sys_.env, "GOWORK", sys_.host.windows)
    if gowork and gowork != "off":
        return True
    if any(sys_.is_file(sys_.join(d, "go.work")) for d in [root, *sys_.parents(root)]):
        return True
    for token in text.decode("utf-8", "replace").split():
        if len(token) > len(module) and (imp == token or imp.startswith(token + "/")):
            return True
    nested: tuple[list[str], bool] = remembered(
        memo, WALKS, ("nested modules", root), partial(_nested_modules, sys_, root)
    )
    modules, truncated = nested
    return truncated or any(imp == m or imp.startswith(m + "/") for m in modules)


def _nested_modules(sys_: System, root: str, limit: int = MAX_DIRS) -> tuple[list[str], bool]:
    """(the module paths of the go.mod files below root, the walk stopped at `limit` folders). Bounded like
    programs.main_packages, skipping the same folders (vendor, testdata, node_modules, hidden ones)."""
    out: list[str] = []
    queue, seen = [root], 0
    visited: set[str] = set()
    while queue:
        folder = queue.pop(0)
        real = sys_.realpath(folder)
        if real in visited:
            continue
        visited.add(real)
        seen += 1
        if seen > limit:
            return out, True
        if folder != root:
            found = _module(sys_, folder)
            if found is not None:
                out.append(found[0])
        for child in sys_.list_dir(folder):
            if child.startswith(".") or child in SKIP:
                continue
            path = sys_.join(folder, child)
            if sys_.is_dir(path) and sys_.realpath(path).startswith(sys_.realpath(root)):
                queue.append(path)
    return out, False


def _main_imports(sys_: System, root: str, memo: Memo | None = None) -> dict[str, str]:
    """The import path of each main package of the project's own module (none in a nested module)."""
    found = _module(sys_, root)
    if found is None:
        return {}
    out: dict[str, str] = {}
    mains: MainPackages = remembered(memo, WALKS, ("mains", root), partial(main_packages, sys_, root))
    for folder in mains.folders:
        between = _within(sys_, folder, root)
        if between is None or any(sys_.is_file(sys_.join(d, "go.mod")) for d in between):
            continue
        rel = folder[len(root) :].replace("\\", "/").strip("/")
        out[folder] = found[0] + ("/" + rel if rel else "")
    return out
