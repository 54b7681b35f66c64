"""Property tests of the minimal XML edits: GoLand run configurations and workspace.xml files in many shapes get
an env added, set or removed, and the project SDK pinned.

Whatever the shape (LF or CRLF, two or four spaces or tabs, ' or " quotes, blanks around "=", a BOM, an XML
declaration, comments, Chinese and emoji, entities, macros in values, <envs> absent, self-closing, empty,
one-line or one env a line, other children before and after), the result must parse, hold the intended values
and every other one unchanged, replace nothing but the value it sets or blanks (plus a `/>` it opens, or the
element it removes), keep CRLF files CRLF and LF files LF, and indent a new line like its siblings.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from go_sidecar.edit.xml import XmlEditor, escape_attr, path_to_url
from go_sidecar.parse.text import BOM, LineIndex
from go_sidecar.parse.xmldoc import parse_xml
from go_sidecar.testing import apply_edits

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_CHARS = (
    list("abcXYZ019 _-./:;\\\"'<>&=*#%")
    + list("中文张三路径é")
    + ["😀", "🚀", "\t", "\n", "$PROJECT_DIR$", "$USER_HOME$", "&amp;"]
)
values = st.lists(st.sampled_from(_CHARS), max_size=8).map("".join)
names = st.sampled_from(["GOROOT", "GOOS", "GOARCH", "PATH", "GOFLAGS", "CGO_ENABLED", "名字", "A_1"])
OPTIONS = [
    "module",
    "working_directory",
    "go_parameters",
    "parameters",
    "envs",
    "kind",
    "package",
    "directory",
    "filePath",
    "method",
]


class Doc:
    """Renders a run configuration file in a drawn style."""

    def __init__(self, draw):
        self.draw = draw
        self.nl = draw(st.sampled_from(["\n", "\r\n"]))
        self.unit = draw(st.sampled_from(["  ", "    ", "\t"]))
        self.quote = draw(st.sampled_from(['"', "'"]))
        self.eq = draw(st.sampled_from(["=", " = ", "= "]))

    def attr(self, name: str, value: str) -> str:
        q = self.quote
        return f"{name}{self.eq}{q}{escape_attr(value, q)}{q}"

    def element(self, tag: str, **attrs: str) -> str:
        blank = self.draw(st.sampled_from([" ", ""]))
        return f"<{tag} " + " ".join(self.attr(k, v) for k, v in attrs.items()) + f"{blank}/>"


@st.composite
def run_files(draw):
    d = Doc(draw)
    nl, u = d.nl, d.unit
    env = draw(st.dictionaries(names, values, max_size=3))
    shape = draw(st.sampled_from(["none", "self-closing", "empty", "multi", "inline"]))
    if env and shape in ("none", "self-closing", "empty"):
        shape = "multi"
    present = draw(st.lists(st.sampled_from([o for o in OPTIONS if o != "envs"]), unique=True, max_size=6))
    options = {o: draw(values) for o in present if o != "method"}
    children = []
    for tag in OPTIONS:
        ind = u * 2
        if tag == "envs":
            if shape == "none":
                continue
            items = [d.element("env", name=k, value=v) for k, v in env.items()]
            if shape == "self-closing":
                children.append(ind + "<envs />")
            elif shape == "empty":
                children.append(ind + "<envs>" + nl + ind + "</envs>")
            elif shape == "inline":
                children.append(ind + "<envs>" + "".join(items) + "</envs>")
            else:
                children.append(nl.join([ind + "<envs>"] + [ind + u + i for i in items] + [ind + "</envs>"]))
        elif tag == "method" and tag in present:
            children.append(ind + '<method v="2" />')
        elif tag in options:
            attr = "name" if tag == "module" else "value"
            children.append(ind + d.element(tag, **{attr: options[tag]}))
        if draw(st.integers(0, 9)) == 0:
            children.append(ind + "<!-- 注释 😀 -->")
    head = ""
    if draw(st.booleans()):
        head = '<?xml version="1.0" encoding="UTF-8"?>' + nl
    cfg_attrs = " ".join(
        [d.attr("default", "false"), d.attr("name", draw(values)), d.attr("type", "GoApplicationRunConfiguration")]
    )
    lines = [
        head + "<component " + d.attr("name", "ProjectRunConfigurationManager") + ">",
        u + f"<configuration {cfg_attrs}>",
        *children,
        u + "</configuration>",
        "</component>",
    ]
    text = nl.join(lines) + draw(st.sampled_from(["", nl]))
    data = (BOM if draw(st.booleans()) else b"") + text.encode("utf-8")
    return d, data, env


def configuration(data: bytes):
    doc = parse_xml(data)
    assert doc.error is None, (doc.error, data)
    return doc, next(e for e in doc.iter() if e.tag == "configuration")


def env_of(cfg) -> dict[str, str]:
    envs = cfg.find("envs")
    return {e.attrs["name"]: e.attrs.get("value", "") for e in envs.findall("env")} if envs is not None else {}


def others(cfg) -> list:
    return [(c.tag, c.attrs) for c in cfg.children if c.tag != "envs"] + [cfg.attrs]


def check(d: Doc, data: bytes, edits, expected_env: dict[str, str], allowed: set[bytes] = frozenset()) -> bytes:
    """Apply; `allowed` are the exact byte runs an edit may replace besides blanks and an opened "/>"."""
    out = apply_edits(data, [(e.range, e.new_text) for e in edits])
    _, before = configuration(data)
    _, after = configuration(out)
    assert env_of(after) == expected_env
    assert others(after) == others(before)  # every other value, macros included, as it was
    index = LineIndex(data)
    for e in edits:  # nothing is replaced but blanks, a "/>" opened, a value set or an element removed
        replaced = data[index.offset(e.range.start) : index.offset(e.range.end)]
        assert replaced in allowed or replaced.strip() in (b"", b"/>"), replaced
    if d.nl == "\r\n":
        assert b"\n" not in out.replace(b"\r\n", b"")
    else:
        assert out.count(b"\r") == data.count(b"\r")
    assert out.startswith(BOM) == data.startswith(BOM)
    return out


@given(run_files(), names, values)
@SETTINGS
def test_add_or_set_env(doc, name, value):
    d, data, env = doc
    xml, cfg = configuration(data)
    ed = XmlEditor("/p/.run/x.run.xml", data, xml)
    allowed = set()
    if name in env:  # the old value, between its quotes
        s, e = cfg.find("envs").find("env", name=name).spans["value"]
        allowed.add(data[s:e])
    out = check(d, data, ed.set_env(cfg, name, value), {**env, name: value}, allowed)
    if name not in env:
        new_line = next(line for line in out.split(b"\n") if f'name="{escape_attr(name)}"'.encode() in line)
        if b"<envs>" not in new_line and b"<env " in new_line:  # a line of its own: indented like its siblings
            siblings = [line for line in data.split(b"\n") if line.lstrip().startswith(b"<env ")]
            indent = new_line[: len(new_line) - len(new_line.lstrip())]
            if siblings:
                assert indent == siblings[0][: len(siblings[0]) - len(siblings[0].lstrip())]
            else:
                assert indent == (d.unit * 3).encode()


@given(run_files(), st.data())
@SETTINGS
def test_remove_env(doc, data_strategy):
    d, data, env = doc
    if not env:
        return
    name = data_strategy.draw(st.sampled_from(sorted(env)))
    xml, cfg = configuration(data)
    el = cfg.find("envs").find("env", name=name)
    edits = XmlEditor("/p/.run/x.run.xml", data, xml).remove_env(cfg, name)
    index = LineIndex(data)
    [e] = edits
    replaced = data[index.offset(e.range.start) : index.offset(e.range.end)]
    assert replaced.strip() == data[el.start : el.end] and e.new_text == ""  # the element, with its blank line
    out = check(d, data, edits, {k: v for k, v in env.items() if k != name}, {replaced})
    assert len(out) < len(data)


@st.composite
def workspaces(draw):
    d = Doc(draw)
    nl, u = d.nl, d.unit
    names_before = draw(
        st.lists(
            st.sampled_from(
                [
                    "AutoImportSettings",
                    "ChangeListManager",
                    "FileTemplateManagerImpl",
                    "Git.Settings",
                    "ProjectId",
                    "RunManager",
                    "com.intellij.x",
                ]
            ),
            unique=True,
            max_size=5,
        )
    )
    form = draw(st.sampled_from(["url", "path", None]))
    comps = [(n, u + d.element("component", name=n)) for n in names_before]
    if form is not None:
        comps.append(("GOROOT", u + d.element("component", name="GOROOT", **{form: draw(values)})))
    comps.sort()
    body = [c for _, c in comps]
    text = (
        nl.join(
            ['<?xml version="1.0" encoding="UTF-8"?>', "<project " + d.attr("version", "4") + ">", *body, "</project>"]
        )
        + nl
    )
    return d, text.encode(), form


@given(workspaces(), st.sampled_from(["/home/dev/sdk/go1.27.3", "/home/dev/proj/tools/go 中文", "/usr/local/go"]))
@SETTINGS
def test_pin_sdk(ws, goroot):
    d, data, form = ws
    edits = XmlEditor("/p/.idea/workspace.xml", data).set_sdk(goroot, "/home/dev", "/home/dev/proj", False)
    out = apply_edits(data, [(e.range, e.new_text) for e in edits])
    doc = parse_xml(out)
    assert doc.error is None
    comp = doc.root.find("component", name="GOROOT")
    url = path_to_url(goroot, "/home/dev", "/home/dev/proj", False)
    if form == "path":
        assert comp.attrs["path"] == url[len("file://") :]
    else:
        assert comp.attrs["url"] == url
    names = [c.attrs["name"] for c in doc.root.findall("component")]
    assert names == sorted(names)  # where GoLand keeps it
    old = [(c.attrs) for c in parse_xml(data).root.findall("component") if c.attrs["name"] != "GOROOT"]
    assert [c.attrs for c in doc.root.findall("component") if c.attrs["name"] != "GOROOT"] == old
    if d.nl == "\r\n":
        assert b"\n" not in out.replace(b"\r\n", b"")
    index = LineIndex(data)
    for e in edits:
        replaced = data[index.offset(e.range.start) : index.offset(e.range.end)]
        if form is None:
            assert not replaced.strip()  # only blanks are replaced
