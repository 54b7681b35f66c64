"""The smallest text edits to GoLand's XML files, keeping every byte outside the edit.

A value is replaced between its quotes (escaped for the quote in use); an element is added on a line of its
own with the indentation of its siblings and the file's line ending (CRLF stays CRLF), or inline when its
siblings share one line; an element alone on its line is removed with that line. Paths are written as GoLand
writes them: "/" separators and the IDE's macros (`file://$USER_HOME$/sdk/go1.27.3`, `$PROJECT_DIR$/...`).

Edits are offered only for a well-formed document: positions after a syntax error mean nothing.
"""

from __future__ import annotations

import re

from go_sidecar.model import TextEdit
from go_sidecar.parse.text import LineIndex
from go_sidecar.parse.xmldoc import Element, XmlDoc, parse_xml

_ENV_BEFORE = ("module", "working_directory", "go_parameters", "parameters")  # GoLand writes <envs> after these
# Characters XML 1.0 cannot hold at all, escaped or not.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_ESCAPES = {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}


def escape_attr(value: str, quote: str = '"') -> str:
    """An attribute value for a `quote`-quoted attribute. Newlines and tabs become character references (a
    parser would turn them into spaces). A character XML cannot hold (NUL, ...) raises ValueError."""
    bad = _NOT_XML.search(value)
    if bad:
        raise ValueError(f"U+{ord(bad.group()):04X} cannot be written in an XML file")
    table = {**_ESCAPES, quote: "&quot;" if quote == '"' else "&apos;"}
    return "".join(table.get(ch, ch) for ch in value)


def _inside(path: str, base: str, windows: bool) -> str | None:
    """The rest of `path` below `base` ("" for base itself, "/x/y" below it), or None when outside."""
    if not base:
        return None
    sep = "\\/" if windows else "/"
    p, b = path.rstrip(sep) or path, base.rstrip(sep) or base
    if windows:
        p, b = p.replace("\\", "/"), b.replace("\\", "/")
        match = p.lower().startswith(b.lower())
    else:
        match = p.startswith(b)
    if not match:
        return None
    rest = p[len(b) :]
    if rest and not (rest.startswith("/") or b.endswith("/")):
        return None  # /home/dev2 is not inside /home/dev
    return rest if rest.startswith("/") or not rest else "/" + rest


def path_to_macro(path: str, home: str, project_dir: str, windows: bool) -> str:
    """A path as GoLand writes it: "/" separators and the most specific macro ($PROJECT_DIR$ before
    $USER_HOME$): "~/sdk/go1.27.3" -> "$USER_HOME$/sdk/go1.27.3"; elsewhere the plain path."""
    for macro, base in (("$PROJECT_DIR$", project_dir), ("$USER_HOME$", home)):
        rest = _inside(path, base, windows)
        if rest is not None:
            return macro + rest
    return path.replace("\\", "/") if windows else path


def path_to_url(path: str, home: str, project_dir: str, windows: bool) -> str:
    """The VFS URL of a path: `file://$USER_HOME$/sdk/go1.27.3`, `file:///usr/local/go`, `file://C:/Go`."""
    return "file://" + path_to_macro(path, home, project_dir, windows)


def new_workspace(url: str, newline: str = "\n") -> str:
    """A workspace.xml that only pins the project SDK, for a project that has none yet."""
    return newline.join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            '<project version="4">',
            f'  <component name="GOROOT" url="{escape_attr(url)}" />',
            "</project>",
            "",
        ]
    )


def element_at(doc: XmlDoc, offset: int) -> Element | None:
    """The element whose start tag begins at `offset` (RunConfig.offset)."""
    for el in doc.iter():
        if el.start == offset:
            return el
    return None


class XmlEditor:
    def __init__(self, path: str, data: bytes, doc: XmlDoc | None = None):
        self.path = path
        self.data = data
        self.doc = doc if doc is not None else parse_xml(data)
        self.index = LineIndex(data)
        self.newline = "\r\n" if b"\r\n" in data else "\n"
        self.unit = _indent_unit(data)

    @property
    def ok(self) -> bool:
        return self.doc.error is None and self.doc.root is not None

    # --- primitives -------------------------------------------------------------------------------------
    def _edit(self, start: int, end: int, text: str) -> TextEdit:
        return TextEdit(self.path, self.index.range(start, end), text)

    def _line_start(self, offset: int) -> int:
        return self.data.rfind(b"\n", 0, offset) + 1

    def _indent(self, offset: int) -> str:
        start = end = self._line_start(offset)
        while end < len(self.data) and self.data[end : end + 1] in (b" ", b"\t"):
            end += 1
        return self.data[start:end].decode("ascii")

    def _starts_line(self, offset: int) -> bool:
        return not self.data[self._line_start(offset) : offset].strip()

    def _quote(self, el: Element, name: str) -> str:
        s, _ = el.spans[name]
        return self.data[s - 1 : s].decode("ascii")

    # --- attributes -------------------------------------------------------------------------------------
    def set_attribute(self, el: Element, name: str, value: str) -> TextEdit:
        """Replace the value between the quotes, or add ` name="value"` after the last attribute."""
        if name in el.spans:
            s, e = el.spans[name]
            return self._edit(s, e, escape_attr(value, self._quote(el, name)))
        at = max((e + 1 for _, e in el.spans.values()), default=el.start + 1 + len(el.tag.encode("utf-8")))
        return self._edit(at, at, f' {name}="{escape_attr(value)}"')

    def set_sdk(self, goroot: str, home: str, project_dir: str, windows: bool) -> list[TextEdit]:
        """Pin the project SDK of workspace.xml to `goroot`: the url (or the older path) value is replaced,
        or a `<component name="GOROOT" url=".." />` is added where GoLand sorts it (by component name)."""
        project = self.doc.root
        if not self.ok or project is None:  # ok implies a root; the test tells mypy
            return []
        url = path_to_url(goroot, home, project_dir, windows)
        comp = project.find("component", name="GOROOT")
        if comp is not None:
            if "url" in comp.attrs or "path" not in comp.attrs:
                return [self.set_attribute(comp, "url", url)]
            return [self.set_attribute(comp, "path", path_to_macro(goroot, home, project_dir, windows))]
        new = f'<component name="GOROOT" url="{escape_attr(url)}" />'
        components = project.findall("component")
        after = [c for c in components if c.attrs.get("name", "") > "GOROOT"]
        if after:
            return [self._insert_before(after[0], new)]
        if project.children:
            return [self._insert_after(project.children[-1], new)]
        return [self._insert_into_empty(project, new)]

    # --- elements ---------------------------------------------------------------------------------------
    def _insert_after(self, sibling: Element, text: str) -> TextEdit:
        if not self._starts_line(sibling.start):  # siblings share a line: stay on it
            return self._edit(sibling.end, sibling.end, _inline(text))
        lines = text.split("\n")
        ind = self._indent(sibling.start)
        body = self.newline.join(ind + line for line in lines)
        return self._edit(sibling.end, sibling.end, self.newline + body)

    def _insert_before(self, sibling: Element, text: str) -> TextEdit:
        if not self._starts_line(sibling.start):
            return self._edit(sibling.start, sibling.start, _inline(text))
        ind = self._indent(sibling.start)
        lines = text.split("\n")
        body = lines[0] + "".join(self.newline + ind + line for line in lines[1:])
        return self._edit(sibling.start, sibling.start, body + self.newline + ind)

    def _insert_into_empty(self, parent: Element, text: str) -> TextEdit:
        """`text` as the only child of a childless parent (`<p></p>`, `<p>\\n</p>` or `<p/>`)."""
        ind = self._indent(parent.start) if self._starts_line(parent.start) else ""
        child = ind + self.unit
        body = "".join(self.newline + child + line for line in text.split("\n"))
        if parent.empty:
            close = self.data.rfind(b"/>", parent.start, parent.start_end)
            s = close
            while s > parent.start and self.data[s - 1 : s] in (b" ", b"\t"):
                s -= 1
            return self._edit(s, parent.start_end, ">" + body + self.newline + ind + f"</{parent.tag}>")
        end_tag = self.data.rfind(b"</", parent.start_end, parent.end)
        between = self.data[parent.start_end : end_tag]
        if between.strip():  # text content: keep it, add after it
            return self._edit(end_tag, end_tag, body)
        return self._edit(parent.start_end, end_tag, body + self.newline + ind)

    def _remove(self, el: Element) -> TextEdit:
        start, end = el.start, el.end
        line_start = self._line_start(start)
        nl = self.data.find(b"\n", end)
        line_end = len(self.data) if nl == -1 else nl + 1
        if not self.data[line_start:start].strip() and not self.data[end:line_end].strip():
            return self._edit(line_start, line_end, "")
        return self._edit(start, end, "")

    # --- run configuration environment -------------------------------------------------------------------
    def add_env(self, config: Element, name: str, value: str) -> list[TextEdit]:
        """Add `<env name=".." value=".." />` to a configuration, creating `<envs>` when it has none."""
        if not self.ok:
            return []
        env = f'<env name="{escape_attr(name)}" value="{escape_attr(value)}" />'
        envs = config.find("envs")
        if envs is not None:
            existing = envs.findall("env")
            if existing:
                return [self._insert_after(existing[-1], env)]
            return [self._insert_into_empty(envs, env)]
        block = "\n".join(["<envs>", self.unit + env, "</envs>"])
        before = [c for c in config.children if c.tag in _ENV_BEFORE]
        if before:
            return [self._insert_after(before[-1], block)]
        if config.children:
            return [self._insert_before(config.children[0], block)]
        return [self._insert_into_empty(config, block)]

    def set_env(self, config: Element, name: str, value: str) -> list[TextEdit]:
        """Set an env's value (every `<env>` of that name: IntelliJ keeps the last), or add it."""
        if not self.ok:
            return []
        envs = config.find("envs")
        found = [e for e in envs.findall("env") if e.attrs.get("name") == name] if envs is not None else []
        if not found:
            return self.add_env(config, name, value)
        return [self.set_attribute(e, "value", value) for e in found if e.attrs.get("value") != value]

    def remove_env(self, config: Element, name: str) -> list[TextEdit]:
        """Remove every `<env>` of that name, each with its line when it stands alone on it."""
        if not self.ok:
            return []
        envs = config.find("envs")
        if envs is None:
            return []
        return [self._remove(e) for e in envs.findall("env") if e.attrs.get("name") == name]


def _inline(text: str) -> str:
    return "".join(line.strip() for line in text.split("\n"))


def _indent_unit(data: bytes) -> str:
    """The file's indentation step: the leading blanks of its first indented line ("  " by default)."""
    for m in re.finditer(rb"\n([ \t]+)<", data[: 64 * 1024]):
        return m.group(1).decode("ascii")
    return "  "
