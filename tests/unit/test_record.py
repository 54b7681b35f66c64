"""`_record` against `dataclasses`: the same class definitions behave the same on every feature go-sidecar uses.

`_record` exists only because it is faster to import and to apply (a cold `sidecar check` of examples/demo:
about 45 ms with it, about 113 ms with `dataclasses`), so it must be a drop-in replacement: each test builds the
same classes with both, runs the same operations and compares what can be observed. The features are those of
server/go_sidecar: `@dataclass`, `@dataclass(frozen=True)`, `@dataclass(frozen=True, order=True)`,
`field(default=, default_factory=, compare=, repr=, hash=)`, `replace`, `fields`, and plain subclasses that add an
`__init__` (tests' FakeSystem machines). Modules use `from __future__ import annotations`, as this one does.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any, NamedTuple

from go_sidecar import _record


class Impl(NamedTuple):
    name: str
    dataclass: Callable
    field: Callable
    replace: Callable
    fields: Callable
    frozen_error: type


RECORD = Impl("_record", _record.dataclass, _record.field, _record.replace, _record.fields, _record.FrozenInstanceError)
STDLIB = Impl(
    "dataclasses",
    dataclasses.dataclass,
    dataclasses.field,
    dataclasses.replace,
    dataclasses.fields,
    dataclasses.FrozenInstanceError,
)


def outcome(fn: Callable[[], Any]) -> Any:
    """The value, or the exception's class name (FrozenInstanceError is a different class in each module)."""
    try:
        return ("ok", fn())
    except Exception as e:  # noqa: BLE001 - the kind of failure is what is compared
        return ("raised", type(e).__name__, isinstance(e, AttributeError))


def same(observe: Callable[[Impl], Any]) -> Any:
    """Run `observe` with both implementations; they must see the same; returns what dataclasses saw."""
    stdlib, record = observe(STDLIB), observe(RECORD)
    assert record == stdlib
    return stdlib


# --- the classes, as the code base writes them --------------------------------------------------------------


def position(impl: Impl):
    @impl.dataclass(frozen=True, order=True)  # model.Position
    class Position:
        line: int
        character: int

    return Position


def mutable(impl: Impl):
    @impl.dataclass  # facts.ConfigFacts, FakeSystem: defaults, factories, methods
    class Config:
        name: str
        env: dict[str, str]
        unknown: set[str] = impl.field(default_factory=set)
        program: Any = None
        package: tuple = (None, False, False)
        children: list = impl.field(default_factory=list, repr=False)

        def knows(self, *names: str) -> bool:
            return not any(n.upper() in self.unknown for n in names)

    return Config


def frozen(impl: Impl):
    @impl.dataclass(frozen=True)  # toolchains.RootInfo, jsonc.Node, delve: fields out of eq, hash and repr
    class Root:
        path: str
        version: str = ""
        go_env: dict[str, str] = impl.field(default_factory=dict, compare=False, hash=False)
        node: Any = impl.field(default=None, repr=False, compare=False)
        tags: tuple[str, ...] = impl.field(default=())

    return Root


# --- construction, defaults, factories ----------------------------------------------------------------------


def test_init_binds_positional_and_keyword_arguments_and_fills_defaults():
    def observe(impl):
        Config = mutable(impl)
        a = Config("dlv", {"GOROOT": "/go"})
        b = Config(name="dlv", env={}, program="./cmd", package=("main", True, False))
        return (
            a.name,
            a.env,
            a.unknown,
            a.program,
            a.package,
            a.children,
            b.program,
            b.package,
            a.knows("goroot"),
            Config("x", {}, {"GOROOT"}).knows("goroot"),
        )

    assert same(observe) == (
        "dlv",
        {"GOROOT": "/go"},
        set(),
        None,
        (None, False, False),
        [],
        "./cmd",
        ("main", True, False),
        True,
        False,
    )


def test_a_default_factory_gives_each_instance_its_own_value():
    def observe(impl):
        Config = mutable(impl)
        a, b = Config("a", {}), Config("b", {})
        a.unknown.add("GOROOT")
        a.children.append(1)
        return b.unknown, b.children, a.unknown is b.unknown

    assert same(observe) == (set(), [], False)


def test_class_attributes_hold_the_defaults_and_not_the_field_objects():
    def observe(impl):
        Config, Root = mutable(impl), frozen(impl)
        return (
            Config.program,
            Config.package,
            hasattr(Config, "unknown"),
            hasattr(Config, "children"),
            Root.version,
            Root.node,
            Root.tags,
            hasattr(Root, "go_env"),
            hasattr(Root, "path"),
        )

    assert same(observe) == (None, (None, False, False), False, False, "", None, (), False, False)


def test_missing_unknown_and_duplicate_arguments_are_type_errors():
    def observe(impl):
        Config, Position = mutable(impl), position(impl)
        return (
            outcome(lambda: Config()),
            outcome(lambda: Config("a")),
            outcome(lambda: Config("a", {}, nope=1)),
            outcome(lambda: Position(1, 2, 3)),
            outcome(lambda: Position(1, line=1)),
        )

    assert all(o[:2] == ("raised", "TypeError") for o in same(observe))


# --- equality, hashing, repr ------------------------------------------------------------------------------


def test_equality_compares_the_compared_fields_of_the_same_class_only():
    def observe(impl):
        Root, Config, Position = frozen(impl), mutable(impl), position(impl)
        base = Root("/go", "go1.22", {"GOTOOLCHAIN": "local"}, node=object())
        return (
            base == Root("/go", "go1.22"),  # go_env and node are compare=False
            base == Root("/go", "go1.23"),
            base == Root("/go", "go1.22", tags=("exp",)),
            Config("a", {}) == Config("a", {}),
            Config("a", {}) == Config("a", {"X": "1"}),
            Config("a", {}) != Config("a", {}, children=[1]),  # repr=False, still compared
            Position(1, 2) == (1, 2),
            Position(1, 2).__eq__((1, 2)),
            Position(1, 2) == position(impl)(1, 2),
        )

    assert same(observe) == (True, False, False, True, False, True, False, NotImplemented, False)


def test_frozen_records_hash_like_dataclasses_and_mutable_ones_are_unhashable():
    def observe(impl):
        Root, Position, Config = frozen(impl), position(impl), mutable(impl)
        return (
            hash(Position(3, 4)),
            hash(Root("/go", "go1.22", {"A": "1"})),
            hash(Root("/go", "go1.22")),
            len({Root("/go", "x", {"A": "1"}), Root("/go", "x", {"B": "2"})}),
            Config.__hash__ is None,
            outcome(lambda: hash(Config("a", {}))),
        )

    seen = same(observe)  # the hash values themselves are equal: hash of the tuple of hashed fields
    assert seen[1] == seen[2] and seen[3] == 1 and seen[4] is True and seen[5][:2] == ("raised", "TypeError")


def test_repr_shows_the_shown_fields_in_order_under_the_qualified_name():
    def observe(impl):
        Root, Config, Position = frozen(impl), mutable(impl), position(impl)
        return (
            repr(Position(1, 2)),
            repr(Root("C:\\Go", "go1.22", {"A": "1"}, node="n")),
            repr(Config("dlv", {"K": "v"}, children=[1])),
        )

    p, r, c = same(observe)
    assert p.endswith("Position(line=1, character=2)") and "<locals>" in p
    assert r.endswith("Root(path='C:\\\\Go', version='go1.22', go_env={'A': '1'}, tags=())")
    assert c.endswith("Config(name='dlv', env={'K': 'v'}, unknown=set(), program=None, package=(None, False, False))")


# --- order ---------------------------------------------------------------------------------------------------


def test_order_compares_field_tuples_and_refuses_other_classes():
    def observe(impl):
        Position, Root = position(impl), frozen(impl)
        ps = [Position(2, 0), Position(1, 9), Position(1, 3)]
        a, b = Position(1, 2), Position(1, 3)
        return (
            [(p.line, p.character) for p in sorted(ps)],
            a < b,
            a <= b,
            a > b,
            a >= b,
            b <= b,  # noqa: PLR0124 - reflexive order is what is tested
            (max(ps).line, max(ps).character),
            outcome(lambda: a < (1, 3)),
            outcome(lambda: Root("a") < Root("b")),
        )

    seen = same(observe)
    assert seen[0] == [(1, 3), (1, 9), (2, 0)] and seen[6] == (2, 0)
    assert seen[1:6] == (True, True, False, False, True)
    assert seen[7][:2] == seen[8][:2] == ("raised", "TypeError")


# --- frozen ------------------------------------------------------------------------------------------------


def test_assigning_or_deleting_on_a_frozen_record_raises_frozen_instance_error():
    def observe(impl):
        Root = frozen(impl)
        r = Root("/go")

        def assign():
            r.path = "/other"

        def assign_new():
            r.extra = 1

        def delete():
            del r.version

        def assign_mutable():  # a mutable record takes assignments
            c = mutable(impl)("a", {})
            c.program = "./cmd"
            return c.program

        raised = [outcome(f) for f in (assign, assign_new, delete)]
        return (
            raised,
            [isinstance(_catch(f), impl.frozen_error) for f in (assign, assign_new, delete)],
            r.path,
            outcome(assign_mutable),
        )

    raised, right_class, path, mutable_ok = same(observe)
    assert raised == [("raised", "FrozenInstanceError", True)] * 3 and right_class == [True] * 3
    assert path == "/go" and mutable_ok == ("ok", "./cmd")
    assert issubclass(_record.FrozenInstanceError, AttributeError)


def _catch(fn):
    try:
        fn()
    except Exception as e:  # noqa: BLE001
        return e
    return None


# --- replace, fields, match ------------------------------------------------------------------------------


def test_replace_builds_a_new_record_with_the_changes():
    def observe(impl):
        Root, Config, Position = frozen(impl), mutable(impl), position(impl)
        r = Root("/go", "go1.22", {"A": "1"}, node="n", tags=("t",))
        r2 = impl.replace(r, version="go1.23")
        c = Config("a", {}, {"X"})
        c2 = impl.replace(c, name="b")
        return (
            r2.path,
            r2.version,
            r2.go_env is r.go_env,
            r2.node,
            r2.tags,
            r.version,
            c2.name,
            c2.unknown is c.unknown,
            impl.replace(Position(1, 2)) == Position(1, 2),
            outcome(lambda: impl.replace(r, nope=1))[:2],
        )

    assert same(observe) == ("/go", "go1.23", True, "n", ("t",), "go1.22", "b", True, True, ("raised", "TypeError"))


def test_fields_lists_names_in_order_with_their_options():
    def observe(impl):
        out = []
        for make in (position, mutable, frozen):
            out.append([(f.name, f.compare, f.repr) for f in impl.fields(make(impl))])
        r = frozen(impl)("/go")
        out.append([f.name for f in impl.fields(r)])  # of an instance too
        return out

    seen = same(observe)
    assert seen[0] == [("line", True, True), ("character", True, True)]
    assert seen[2] == [
        ("path", True, True),
        ("version", True, True),
        ("go_env", False, True),
        ("node", False, False),
        ("tags", True, True),
    ]


def test_match_args_follow_the_fields():
    def observe(impl):
        Position = position(impl)
        match Position(1, 2):
            case Position(line, character):
                return Position.__match_args__, line, character
        return None

    assert same(observe) == (("line", "character"), 1, 2)


# --- inheritance, as the tests' machines use it ---------------------------------------------------------------


def test_a_plain_subclass_that_adds_an_init_keeps_fields_equality_and_repr():
    def observe(impl):
        Config = mutable(impl)

        class Machine(Config):  # tests' Machine(FakeSystem): extra state after super().__init__
            def __init__(self, *args, locked=(), **kwargs):
                super().__init__(*args, **kwargs)
                self.locked = set(locked)

        m = Machine("win", {"A": "1"}, locked=["x"])
        return (
            m.name,
            m.env,
            m.unknown,
            m.locked,
            m == Machine("win", {"A": "1"}),
            m == Config("win", {"A": "1"}),
            repr(m).split(".")[-1],
            [f.name for f in impl.fields(m)],
            m.knows("x"),
        )

    assert same(observe) == (
        "win",
        {"A": "1"},
        set(),
        {"x"},
        True,
        False,
        "Machine(name='win', env={'A': '1'}, unknown=set(), program=None, package=(None, False, False))",
        ["name", "env", "unknown", "program", "package", "children"],
        True,
    )


def test_a_decorated_subclass_appends_its_fields_after_the_base_ones():
    def observe(impl):
        Root = frozen(impl)

        @impl.dataclass(frozen=True)
        class Sdk(Root):
            vendor: str = ""

        s = Sdk("/go", vendor="jb")
        return (
            [f.name for f in impl.fields(Sdk)],
            repr(s).split(".")[-1],
            s == Root("/go"),
            s == Sdk("/go", "", vendor="jb"),
            hash(s) == hash(Sdk("/go", vendor="jb")),
        )

    assert same(observe) == (
        ["path", "version", "go_env", "node", "tags", "vendor"],
        "Sdk(path='/go', version='', go_env={}, tags=(), vendor='jb')",
        False,
        True,
        True,
    )


# --- differences the comparison found, fixed in _record._process -----------------------------------------------


def test_a_record_with_one_compared_field():
    def observe(impl):
        @impl.dataclass(frozen=True, order=True)
        class Code:
            slug: str
            title: str = impl.field(default="", compare=False)

        return Code("a", "x") == Code("a", "y"), Code("a") < Code("b"), hash(Code("a")) == hash(Code("a", "z"))

    assert same(observe) == (True, True, True)


def test_a_field_redefined_in_a_subclass_keeps_its_place():
    def observe(impl):
        Root = frozen(impl)

        @impl.dataclass(frozen=True)
        class Sdk(Root):
            version: str = "go1.0"

        return [f.name for f in impl.fields(Sdk)], Sdk("/go", "go1.22").version

    assert same(observe) == (["path", "version", "go_env", "node", "tags"], "go1.22")
