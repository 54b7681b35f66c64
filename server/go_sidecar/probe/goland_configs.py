"""GoLand run configurations as the rules see a configuration (issue 10, part 3).

A `GoApplicationRunConfiguration` or `GoTestRunConfiguration` builds with Go like a VS Code `launch` in mode
debug/test, so the GOROOT rules and debug-cross-target apply to it. What differs, and is modelled here:
- with no GOROOT in its `<envs>`, it builds with the *project SDK* (`.idea/workspace.xml`
  `<component name="GOROOT" url=...>`), not with the `go` on PATH (GoLand runs the SDK's go itself);
- GoLand debugs with its bundled dlv, started with `--check-go-version=false`, so the VS Code debugger rules
  (which dlv is found, on which search path) do not speak about these configurations;
- fixes edit the XML minimally (fix/xml_edit.py), keeping the IDE's macros.
Templates (`default="true"`) run nothing and are skipped.
"""

from __future__ import annotations

from go_sidecar.model import Location, TextEdit
from go_sidecar.probe import configs
from go_sidecar.probe.goland import GolandFacts, RunConfig, XmlValue

TEST = "GoTestRunConfiguration"


class GolandConfig:
    goland = True
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
        self.env_members: dict = {}

    def env_location(self, key: str, whole: bool = False) -> tuple[Location, XmlValue | None]:
        v = self.rc.env.get(key)
        return (v.location, v) if v is not None else (self.anchor, None)

    def _editor_and_element(self):
        from go_sidecar.fix.xml_edit import XmlEditor, element_at

        data = self.gf.data.get(self.rc.file)
        if data is None:
            return None, None
        editor = XmlEditor(self.rc.file, data)
        return editor, element_at(editor.doc, self.rc.offset)

    def set_env_edits(self, values: dict[str, str]) -> list[TextEdit]:
        editor, el = self._editor_and_element()
        if el is None:
            return []
        edits: list[TextEdit] = []
        for key, value in values.items():
            if key.upper() == "PATH":
                continue  # GoLand runs the SDK's own go: PATH does not choose the toolchain
            edits += editor.set_env(el, key, value)
        return _merge_inserts(edits)

    def remove_env_edits(self, key: str) -> list[TextEdit]:
        editor, el = self._editor_and_element()
        return editor.remove_env(el, key) if el is not None else []


def _merge_inserts(edits: list[TextEdit]) -> list[TextEdit]:
    """Two added `<env>` lines land at the same point: keep them as one edit, in order."""
    out: list[TextEdit] = []
    for e in edits:
        if out and out[-1].range == e.range and e.range.start == e.range.end:
            out[-1] = TextEdit(e.path, e.range, out[-1].new_text + e.new_text)
        else:
            out.append(e)
    return out


def goland_configs(gf: GolandFacts | None) -> list[GolandConfig]:
    if gf is None or not gf.present:
        return []
    return [GolandConfig(rc, 10_000 + i, gf) for i, rc in enumerate(gf.run_configs) if not rc.template]
