"""go_sidecar._record's `__init__` templates (server/go_sidecar/_record/templates.py, written by
scripts/gen_record_templates.py): the file is current, every record of go_sidecar gets its `__init__` from one,
and a copy behaves as the `__init__` compiled from source does (tests/unit/test_record.py compares both with
`dataclasses`).
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import go_sidecar
from go_sidecar import _record
from go_sidecar._record import dataclass, field

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "scripts" / "gen_record_templates.py"


def test_the_templates_module_is_what_the_script_writes():
    proc = subprocess.run([sys.executable, str(SCRIPT), "--check"], capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr


def _records() -> list[type]:
    for info in pkgutil.walk_packages(go_sidecar.__path__, "go_sidecar."):
        if info.name != "go_sidecar.__main__":
            importlib.import_module(info.name)
    out = []
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith("go_sidecar."):
            for value in vars(module).values():
                if (
                    isinstance(value, type)
                    and "__record_fields__" in vars(value)
                    and value.__module__ == module.__name__
                ):
                    out.append(value)
    return out


def _frozen(cls: type) -> bool:
    return cls.__setattr__ is _record._frozen_setattr  # type: ignore[comparison-overlap]


def test_every_record_of_the_package_has_a_template():
    records = _records()
    assert len(records) > 50, "the walk found too few records"
    missing = [
        f"{cls.__module__}.{cls.__qualname__} ({len(_record.fields(cls))} fields, frozen={_frozen(cls)})"
        for cls in records
        if not hasattr(cls, "__post_init__") and _record._from_template(cls, _record.fields(cls), _frozen(cls)) is None
    ]
    assert missing == [], "raise MAX_FIELDS in scripts/gen_record_templates.py and run it: " + ", ".join(missing)


# --- a template's copy against the __init__ compiled from source ------------------------------------------------


def shapes() -> list[type]:
    @dataclass
    class Plain:
        a: int
        b: str = "b"

    @dataclass(frozen=True)
    class Value:
        x: int
        y: int = 0
        z: tuple[int, ...] = ()

    @dataclass
    class Holder:
        name: str
        items: list[int] = field(default_factory=list)
        extra: dict[str, int] = field(default_factory=dict, compare=False)
        note: str = ""

    @dataclass(frozen=True)
    class FrozenHolder:
        name: str
        tags: set[str] = field(default_factory=set)

    @dataclass
    class Clash:  # field names that are the template's placeholders and globals
        f1: int
        _M: int = 1
        _F: int = 2
        _set: int = 3
        f0: int = 4
        self_: list[int] = field(default_factory=list)

    @dataclass
    class Empty:
        pass

    @dataclass(frozen=True)
    class Many:
        a0: int = 0
        a1: int = 1
        a2: int = 2
        a3: int = 3
        a4: int = 4
        a5: int = 5
        a6: int = 6
        a7: int = 7
        a8: int = 8
        a9: int = 9

    return [Plain, Value, Holder, FrozenHolder, Clash, Empty, Many]


CALLS: list[tuple[tuple[Any, ...], dict[str, Any]]] = [
    ((), {}),
    ((1,), {}),
    ((1, 2), {}),
    ((1, 2, 3), {}),
    ((1, 2, 3, 4, 5, 6), {}),
    ((), {"a": 1}),
    ((), {"name": "n"}),
    ((1,), {"a": 2}),
    (("n",), {"items": [7]}),
    (("n",), {"nope": 1}),
    ((1,), {"_M": 5, "_F": 6, "_set": 7, "f0": 8}),
    ((), {"a9": 99}),
]


def observe(cls: type, init: Callable[..., None], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    obj = object.__new__(cls)
    try:
        init(obj, *args, **kwargs)
    except TypeError:
        return "TypeError"
    return {f.name: getattr(obj, f.name) for f in _record.fields(cls)}


@pytest.mark.parametrize("cls", shapes(), ids=lambda c: c.__name__)
def test_a_template_copy_binds_defaults_and_factories_as_the_compiled_init(cls: type):
    frozen = _frozen(cls)
    flds = _record.fields(cls)
    from_template = _record._from_template(cls, flds, frozen)
    assert from_template is not None
    compiled = _record._compile_init(cls, flds, frozen)
    for args, kwargs in CALLS:
        assert observe(cls, from_template, args, kwargs) == observe(cls, compiled, args, kwargs), (args, kwargs)
    assert from_template.__qualname__ == compiled.__qualname__ == f"{cls.__qualname__}.__init__"
    assert from_template.__code__.co_varnames[: len(flds) + 1] == ("self", *(f.name for f in flds))


def test_each_instance_gets_its_own_factory_value_and_frozen_records_stay_frozen():
    _, _, Holder, FrozenHolder, *_ = shapes()
    a, b = Holder("a"), Holder("b")
    a.items.append(1)
    assert b.items == [] and a.items is not b.items and a.extra is not b.extra
    f = FrozenHolder("f")
    assert f.tags == set() and f.tags is not FrozenHolder("g").tags
    with pytest.raises(_record.FrozenInstanceError):
        f.name = "x"  # type: ignore[misc]


def test_the_init_is_made_on_first_instantiation_and_an_earlier_reference_keeps_working():
    @dataclass
    class Late:
        a: int
        b: list[int] = field(default_factory=list)

    stand_in = Late.__init__
    assert stand_in.__code__.co_varnames[:1] == ("self",) and "a" not in stand_in.__code__.co_varnames
    first = Late(1)
    made = Late.__init__
    assert made is not stand_in and made.__code__.co_varnames == ("self", "a", "b")
    second = Late.__new__(Late)
    stand_in(second, 2, b=[3])  # the stand-in, called again, runs what it made
    assert (first.a, first.b, second.a, second.b) == (1, [], 2, [3])
    assert Late.__init__ is made


def test_a_field_without_default_after_one_with_a_default_is_refused_when_the_class_is_made():
    with pytest.raises(TypeError, match="non-default argument 'b' follows default argument 'a'"):

        @dataclass
        class Wrong:
            a: int = 0
            b: int  # type: ignore[misc]


def test_a_record_with_a_post_init_is_compiled_from_source_and_calls_it():
    @dataclass
    class Checked:
        a: int
        seen: list[int] = field(default_factory=list)

        def __post_init__(self) -> None:
            self.seen.append(self.a)

    assert _record._from_template(Checked, _record.fields(Checked), False) is None
    assert Checked(3).seen == [3]


def test_the_script_loads_as_a_module():
    spec = importlib.util.spec_from_file_location("gen_record_templates", SCRIPT)
    assert spec is not None and spec.loader is not None
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    text = gen.source()
    compile(text, "templates.py", "exec")  # valid Python, every family
    for (frozen, factory), most in gen.MAX_FIELDS.items():
        name = f"{'frozen' if frozen else 'mutable'}{'_factory' if factory else ''}_{most}"
        assert f"def {name}(" in text
