"""The import graph of go_sidecar has no loop and no upward import (issue 12).

Layers, lowest first (LAYERS): base (records and settings every layer shares) < parse < edit < probe < rules <
fix < check (and purge_cli, the outputs the server reuses) < lsp < cli < testing (test support: nothing imports
it). A module may import its own layer and lower ones; within a layer, no module may reach itself again.

Every import counts, wherever it is written: at the top, inside a function (a lazy import is still a
dependency, only a later one), or as `importlib.import_module("go_sidecar...")`. Imports under
`if TYPE_CHECKING:` count for the layers (a lower layer that names an upper layer's type depends on it), not for
loops: they never run, and a type-only back-reference is how a module annotates with the type of the module that
drives it (lsp feature modules and SidecarServer).

`edit` (JSONC, XML and go.work text editors) sits under probe: it reads only parse and model, and the
configurations probe builds (probe/workspace.py LaunchConfig, probe/goland_configs.py) give rules their edits
through it. go_sidecar.fix.jsonc_edit / xml_edit / gowork_edit, their names before they moved to go_sidecar.edit,
count as `edit` too, so that the test holds on both sides of the move.
"""

from __future__ import annotations

import ast
import functools
import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import go_sidecar

ROOT = "go_sidecar"
PACKAGE_DIR = Path(go_sidecar.__file__).resolve().parent
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "base",
        (
            "go_sidecar",
            "go_sidecar._record",
            "go_sidecar.model",
            "go_sidecar.fsread",
            "go_sidecar.settings",
            "go_sidecar.data",
        ),
    ),
    ("parse", ("go_sidecar.parse",)),
    ("edit", ("go_sidecar.edit", "go_sidecar.fix.jsonc_edit", "go_sidecar.fix.xml_edit", "go_sidecar.fix.gowork_edit")),
    ("probe", ("go_sidecar.probe", "go_sidecar.delve_compat")),
    ("rules", ("go_sidecar.rules",)),
    ("fix", ("go_sidecar.fix",)),
    (
        "check",
        (
            "go_sidecar.check",
            "go_sidecar.purge_cli",
            "go_sidecar.sarif",
            "go_sidecar.tools_report",
            "go_sidecar.tools_values",
        ),
    ),
    ("lsp", ("go_sidecar.lsp",)),
    ("cli", ("go_sidecar.cli", "go_sidecar.cli_args", "go_sidecar.cli_check", "go_sidecar.__main__")),
    ("testing", ("go_sidecar.testing",)),
)
# Lower layers a module still may not import. The purge and install engines (fix/) and `sidecar purge-caches`
# act on probe's facts, never on what a rule concluded: what both need (which IDE a Go project opens with, how
# a size is written) is a fact of probe/cache_records.py.
APART: dict[str, tuple[str, ...]] = {"go_sidecar.fix": ("rules",), "go_sidecar.purge_cli": ("rules",)}


@dataclass(frozen=True)
class Import:
    source: str  # the importing module
    target: str  # the module imported (a package when a name of its __init__ is imported)
    path: Path
    line: int
    typing_only: bool  # under `if TYPE_CHECKING:`

    def where(self) -> str:
        return f"{self.path}:{self.line}"


# --- reading the imports --------------------------------------------------------------------------------
def find_modules(package_dir: Path, root: str) -> dict[str, Path]:
    """Every module of the package by dotted name (a package is its __init__.py)."""
    out = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = path.relative_to(package_dir).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join((root, *parts))] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


class _Collector(ast.NodeVisitor):
    def __init__(self, name: str, path: Path, root: str, known: dict[str, Path]):
        self.name, self.path, self.root, self.known = name, path, root, known
        self.package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        self.typing_only = False
        self.found: list[Import] = []

    def _resolve(self, dotted: str) -> str:
        """The module itself when it exists, else the nearest existing package (or the name as written)."""
        probe = dotted
        while probe and probe not in self.known:
            probe = probe.rpartition(".")[0]
        return probe or dotted

    def _add(self, target: str, node: ast.AST) -> None:
        if target == self.root or target.startswith(self.root + "."):
            self.found.append(Import(self.name, target, self.path, node.lineno, self.typing_only))

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            before, self.typing_only = self.typing_only, True
            for child in node.body:
                self.visit(child)
            self.typing_only = before
            for child in node.orelse:
                self.visit(child)
        else:
            self.generic_visit(node)

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(self._resolve(alias.name), node)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package.split(".")
            base = base[: len(base) - (node.level - 1)]
            module = ".".join(base + ([node.module] if node.module else []))
        else:
            module = node.module or ""
        for alias in node.names:
            sub = f"{module}.{alias.name}"
            self._add(sub if sub in self.known else self._resolve(module), node)

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        called = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        if called in ("import_module", "__import__") and node.args:
            arg = node.args[0]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                self._add(self._resolve(arg.value), node)
        self.generic_visit(node)


def read_imports(known: dict[str, Path], root: str) -> list[Import]:
    out: list[Import] = []
    for name, path in known.items():
        collector = _Collector(name, path, root, known)
        collector.visit(ast.parse(path.read_bytes(), str(path)))
        out += collector.found
    return out


# --- judging them ---------------------------------------------------------------------------------------
def layer_of(name: str, layers=LAYERS) -> int | None:
    """The index of the layer whose longest prefix names the module; the root package matches only itself."""
    best, best_len = None, -1
    for index, (_, prefixes) in enumerate(layers):
        for prefix in prefixes:
            exact_only = "." not in prefix
            if (name == prefix or (not exact_only and name.startswith(prefix + "."))) and len(prefix) > best_len:
                best, best_len = index, len(prefix)
    return best


def unplaced(known: dict[str, Path], layers=LAYERS) -> list[str]:
    return [name for name in known if layer_of(name, layers) is None]


def _apart(name: str, apart: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    keys = [k for k in apart if name == k or name.startswith(k + ".")]
    return apart[max(keys, key=len)] if keys else ()


def upward_imports(imports: list[Import], layers=LAYERS, apart=APART) -> list[str]:
    """Each import of an upper layer (or of a lower one the module is kept apart from), as `file:line: ...`."""
    out = []
    for imp in imports:
        low, high = layer_of(imp.source, layers), layer_of(imp.target, layers)
        if low is None or high is None:
            continue
        kind = " (under TYPE_CHECKING)" if imp.typing_only else ""
        what = f"{imp.where()}: {imp.source} ({layers[low][0]}) imports {imp.target} ({layers[high][0]}){kind}"
        if high > low:
            out.append(what)
        elif layers[high][0] in _apart(imp.source, apart):
            out.append(what + f", a layer {imp.source} is kept apart from")
    return out


def import_cycles(imports: list[Import], known: dict[str, Path]) -> list[str]:
    """One loop per strongly connected group of modules, each step with its file:line (TYPE_CHECKING imports
    left out: they never run)."""
    edges: dict[str, dict[str, Import]] = {name: {} for name in known}
    for imp in imports:
        if not imp.typing_only and imp.target in edges:
            edges[imp.source].setdefault(imp.target, imp)
    out = []
    for group in _strongly_connected(edges):
        start = min(group)
        if len(group) == 1 and start not in edges[start]:
            continue
        path = _shortest_loop(edges, start, group)
        steps = [f"{imp.source} -> {imp.target} ({imp.where()})" for imp in path]
        out.append(f"loop among {sorted(group)}:\n    " + "\n    ".join(steps))
    return out


def _strongly_connected(edges: dict[str, dict[str, Import]]) -> list[set[str]]:
    """Tarjan's algorithm, iterative (no recursion limit on a long chain)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    counter = 0
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                groups.append(group)
    return groups


def _shortest_loop(edges: dict[str, dict[str, Import]], start: str, group: set[str]) -> list[Import]:
    came: dict[str, Import] = {}
    frontier = [start]
    while frontier:
        nxt = []
        for node in frontier:
            for child, imp in sorted(edges[node].items()):
                if child == start:
                    path = [imp]
                    while path[0].source != start:
                        path.insert(0, came[path[0].source])
                    return path
                if child in group and child not in came:
                    came[child] = imp
                    nxt.append(child)
        frontier = nxt
    return []


# --- the package ----------------------------------------------------------------------------------------
@functools.cache
def _graph() -> tuple[dict[str, Path], list[Import]]:
    known = find_modules(PACKAGE_DIR, ROOT)
    return known, read_imports(known, ROOT)


def test_every_module_has_a_layer():
    known, _ = _graph()
    assert len(known) > 50  # the package was found, not an empty folder
    missing = unplaced(known)
    assert not missing, f"place these modules in a layer of tests/unit/test_layers.py LAYERS: {missing}"


def test_no_module_imports_an_upper_layer():
    _, imports = _graph()
    imported = {LAYERS[layer_of(i.target)][0] for i in imports if layer_of(i.target) is not None}
    assert {"base", "parse", "edit", "probe", "rules", "fix", "check", "lsp"} <= imported  # the graph was read
    found = upward_imports(imports)
    assert not found, "upward imports (a lower layer must not know an upper one):\n" + "\n".join(found)


def test_no_import_loop():
    known, imports = _graph()
    found = import_cycles(imports, known)
    assert not found, "import loops:\n" + "\n".join(found)


def test_importing_each_layer_loads_no_upper_layer():
    """What Python really loads: each layer's modules imported in a fresh interpreter load no module of an upper
    layer (packages aside: importing go_sidecar.fix.jsonc_edit runs go_sidecar/fix/__init__.py first). Catches
    what no `import` statement says (a name computed at run time)."""
    known, _ = _graph()
    script = (
        "import importlib, json, sys\n"
        "for m in sys.argv[1:]: importlib.import_module(m)\n"
        "print(json.dumps(sorted(n for n, m in sys.modules.items()\n"
        "                        if n.startswith('go_sidecar') and not hasattr(m, '__path__'))))\n"
    )
    runs = []
    for index, (name, _) in enumerate(LAYERS):
        members = [m for m in known if layer_of(m) == index and m != "go_sidecar.__main__"]
        if members:
            runs.append(
                (
                    index,
                    name,
                    subprocess.Popen(
                        [sys.executable, "-c", script, *members],
                        text=True,
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"},
                    ),
                )
            )
    problems = []
    for index, name, proc in runs:
        out, err = proc.communicate(timeout=120)
        if proc.returncode != 0:
            problems.append(f"importing layer {name} failed:\n{err[-2000:]}")
            continue
        loaded = json.loads(out)
        assert any(layer_of(m) == index for m in loaded) or name == "base"
        problems += [
            f"importing layer {name} loads {m} ({LAYERS[layer_of(m)][0]})" for m in loaded if (layer_of(m) or 0) > index
        ]
    assert not problems, "\n".join(problems)


# --- the checker itself, on a package written here ------------------------------------------------------
def _write(root: Path, files: dict[str, str]) -> None:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


TOY_LAYERS = (("low", ("toy.low",)), ("mid", ("toy.mid",)), ("high", ("toy.high",)))
TOY_APART = {"toy.high.g": ("mid",)}


def test_checker_finds_lazy_upward_imports_and_loops(tmp_path):
    _write(
        tmp_path / "toy",
        {
            "__init__.py": "",
            "low/__init__.py": "",
            "low/a.py": "from toy.low import b\n",
            "low/b.py": "def later():\n    from . import a\n",  # a loop through a lazy, relative import
            "low/c.py": "import importlib\n\ndef f():\n    return importlib.import_module('toy.high.h')\n",
            "low/d.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from toy.high.h import H\n",
            "high/__init__.py": "",
            "high/h.py": (
                "from typing import TYPE_CHECKING\nfrom toy.low import d\n"
                "if TYPE_CHECKING:\n    from toy.high import g\n"
            ),
            "high/g.py": "from toy.high import h\nfrom toy.mid import m\n",  # h -> g only for types: no loop
            "mid/m.py": "from toy.low import d\n",
        },
    )
    known = find_modules(tmp_path / "toy", "toy")
    imports = read_imports(known, "toy")
    assert unplaced(known, TOY_LAYERS) == ["toy"]
    up = upward_imports(imports, TOY_LAYERS, TOY_APART)
    assert len(up) == 3
    assert up[0] == (
        f"{tmp_path / 'toy' / 'high' / 'g.py'}:2: toy.high.g (high) imports toy.mid.m (mid), a layer "
        "toy.high.g is kept apart from"
    )
    up = up[1:]
    assert up[0].startswith(f"{tmp_path / 'toy' / 'low' / 'c.py'}:4: toy.low.c (low) imports toy.high.h (high)")
    assert up[1] == (
        f"{tmp_path / 'toy' / 'low' / 'd.py'}:3: toy.low.d (low) imports toy.high.h (high) (under TYPE_CHECKING)"
    )
    loops = import_cycles(imports, known)
    assert len(loops) == 1
    assert loops[0].startswith("loop among ['toy.low.a', 'toy.low.b']:")
    assert f"toy.low.a -> toy.low.b ({tmp_path / 'toy' / 'low' / 'a.py'}:1)" in loops[0]
    assert f"toy.low.b -> toy.low.a ({tmp_path / 'toy' / 'low' / 'b.py'}:2)" in loops[0]
