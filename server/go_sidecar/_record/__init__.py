"""Plain-data classes without the cost of `dataclasses`.

`sidecar check` runs as a cold process and is held to a few times the start-up of `go env`; importing
`dataclasses` (which pulls in `inspect`, `ast` and `tokenize`) and generating each method with its own `exec`
cost more than all of go-sidecar's work. This is the subset we use, same spelling: `@dataclass(frozen=...,
order=...)`, `field(default=, default_factory=, compare=, repr=, hash=)`, `replace`, `fields`.

Only `__init__` is made for each class (the other methods are shared, over a C-level attrgetter), on the class's
first instantiation, and without compiling anything: it is a copy of a template of templates.py (compiled once,
cached in __pycache__ like any module) under the class's own field names. scripts/gen_record_templates.py writes
the templates and says what that saves.
"""

from __future__ import annotations

import operator as _op
from collections.abc import Callable
from operator import attrgetter
from types import CodeType, FunctionType
from typing import Any, TypeVar, dataclass_transform, overload

__all__ = ["FrozenInstanceError", "dataclass", "field", "fields", "replace"]

_MISSING: Any = object()
_T = TypeVar("_T")


class FrozenInstanceError(AttributeError):
    pass


class Field:
    __slots__ = ("compare", "default", "default_factory", "hash", "name", "repr")

    def __init__(
        self,
        default: Any = _MISSING,
        default_factory: Any = _MISSING,
        compare: bool = True,
        repr: bool = True,
        hash: bool | None = None,
    ) -> None:
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr
        self.hash = compare if hash is None else hash


# Any, as dataclasses.field is typed: the checker reads the default or the factory through dataclass_transform.
def field(
    *,
    default: Any = _MISSING,
    default_factory: Any = _MISSING,
    compare: bool = True,
    repr: bool = True,
    hash: bool | None = None,
) -> Any:
    return Field(default, default_factory, compare, repr, hash)


def fields(obj: Any) -> tuple[Field, ...]:
    result: tuple[Field, ...] = obj.__record_fields__
    return result


def replace(obj: _T, /, **changes: Any) -> _T:
    values = {f.name: getattr(obj, f.name) for f in fields(obj)}
    values.update(changes)
    return obj.__class__(**values)


# dataclass_transform tells a type checker that these classes get dataclasses' __init__, __eq__ and order.
@overload
@dataclass_transform(field_specifiers=(field, Field))
def dataclass(cls: type[_T], /) -> type[_T]: ...
@overload
def dataclass(*, frozen: bool = False, order: bool = False) -> Callable[[type[_T]], type[_T]]: ...
def dataclass(
    cls: type[_T] | None = None, /, *, frozen: bool = False, order: bool = False
) -> type[_T] | Callable[[type[_T]], type[_T]]:
    def wrap(c: type[_T]) -> type[_T]:
        made: type[_T] = _process(c, frozen, order)
        return made

    return wrap if cls is None else wrap(cls)


def _process(cls: Any, frozen: bool, order: bool) -> Any:
    own: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in getattr(base, "__record_fields__", ()):
            own[f.name] = f
    # The class's own annotations (not its bases'): from Python 3.14 they are not in cls.__dict__ until asked for.
    for name, annotation in cls.__annotations__.items():
        if isinstance(annotation, str) and (  # ClassVar[...] or typing.ClassVar[...]: no copy of the others
            annotation.startswith("ClassVar")
            or ("typing." in annotation and annotation.replace("typing.", "").startswith("ClassVar"))
        ):
            continue
        value = cls.__dict__.get(name, _MISSING)
        f = value if isinstance(value, Field) else Field(default=value)
        f.name = name
        own[name] = f  # a redefined field keeps its place, as in dataclasses
        if isinstance(value, Field):
            if f.default is _MISSING:
                delattr(cls, name)
            else:
                setattr(cls, name, f.default)
    flds = tuple(own.values())
    defaulted = ""
    for f in flds:  # as dataclasses refuses it (the __init__ could not be written)
        if f.default is not _MISSING or f.default_factory is not _MISSING:
            defaulted = f.name
        elif defaulted:
            raise TypeError(f"non-default argument {f.name!r} follows default argument {defaulted!r}")

    # Only __init__ is generated (argument binding at C speed matters: parsers build many records), and only when
    # the class is first instantiated: a cold check of the demo never instantiates a third of the record classes
    # it imports. The other methods share generic code over a C-level attrgetter.
    cls.__init__ = _lazy_init(cls, flds, frozen)

    key = _getter([f.name for f in flds if f.compare])
    cls.__record_key__ = staticmethod(key)  # a lambda (fewer than two fields) must not bind as a method
    cls.__repr__ = _repr([f.name for f in flds if f.repr])
    cls.__eq__ = _eq
    if frozen:
        cls.__record_hash_key__ = staticmethod(_getter([f.name for f in flds if f.hash]))
        cls.__hash__ = _hash
        cls.__setattr__ = _frozen_setattr
        cls.__delattr__ = _frozen_delattr
    else:
        cls.__hash__ = None  # mutable and compared by value: unhashable, as dataclasses does
    if order:
        cls.__lt__, cls.__le__, cls.__gt__, cls.__ge__ = _lt, _le, _gt, _ge
    cls.__record_fields__ = flds
    # mypy refuses any assignment to __match_args__; here it is the class's own, built as dataclasses builds it.
    cls.__match_args__ = tuple([f.name for f in flds])  # type: ignore[misc]
    return cls


def _lazy_init(cls: Any, flds: tuple[Field, ...], frozen: bool) -> Callable[..., None]:
    """A stand-in __init__ that, on its first call, makes the class's own, puts it on the class and runs it. A
    reference to the stand-in taken before then keeps working, making it once."""
    made: list[Callable[..., None]] = []

    def __init__(self: Any, *args: Any, **kwargs: Any) -> None:
        if not made:
            made.append(_from_template(cls, flds, frozen) or _compile_init(cls, flds, frozen))
            cls.__init__ = made[0]
        made[0](self, *args, **kwargs)

    __init__.__qualname__ = f"{cls.__qualname__}.__init__"
    return __init__


def _from_template(cls: Any, flds: tuple[Field, ...], frozen: bool) -> Callable[..., None] | None:
    """The class's __init__ as a copy of templates.py's for its number of fields, the placeholders f0, f1, ...
    renamed to its fields (parameters, and attribute names or the constants `_set` is given); the defaults are the
    function's own (`__defaults__`), a factory's default the missing marker. None when no template fits (more
    fields than the templates have, or a __post_init__ to call)."""
    from go_sidecar._record import templates

    names: dict[str, str] = {}
    factories: list[Any] = []
    defaults: list[Any] = []
    for i, f in enumerate(flds):
        names[f"f{i}"] = f.name
        factory = f.default_factory if f.default_factory is not _MISSING else None
        factories.append(factory)
        if factory is not None:
            defaults.append(_MISSING)
        elif f.default is not _MISSING:
            defaults.append(f.default)
    has_factory = any(factory is not None for factory in factories)
    template = getattr(
        templates, f"{'frozen' if frozen else 'mutable'}{'_factory' if has_factory else ''}_{len(flds)}", None
    )
    if template is None or hasattr(cls, "__post_init__"):
        return None
    code: CodeType = template.__code__
    code = code.replace(
        co_varnames=tuple([names.get(n, n) for n in code.co_varnames]),
        co_names=tuple([names.get(n, n) for n in code.co_names]),
        co_consts=tuple([names.get(c, c) if c.__class__ is str else c for c in code.co_consts]),
    )
    env = {"_M": _MISSING, "_F": tuple(factories), "_set": object.__setattr__}
    init = FunctionType(code, env, "__init__", tuple(defaults) or None)
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _compile_init(cls: Any, flds: tuple[Field, ...], frozen: bool) -> Callable[..., None]:
    """The class's __init__ compiled from source (what no template fits)."""
    env: dict[str, Any] = {"_MISSING": _MISSING, "_set": object.__setattr__}
    params: list[str] = []
    body: list[str] = []
    for f in flds:
        if f.default_factory is not _MISSING:
            env[f"_factory_{f.name}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            value = f"_factory_{f.name}() if {f.name} is _MISSING else {f.name}"
        elif f.default is not _MISSING:
            env[f"_default_{f.name}"] = f.default
            params.append(f"{f.name}=_default_{f.name}")
            value = f.name
        else:
            params.append(f.name)
            value = f.name
        body.append(f"    _set(self, {f.name!r}, {value})" if frozen else f"    self.{f.name} = {value}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    src = [f"def __init__(self, {', '.join(params)}):" if params else "def __init__(self):"]
    src += body or ["    pass"]
    exec("\n".join(src), env)  # noqa: S102 - generated from the class's own field names
    init: Callable[..., None] = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


def _getter(names: list[str]) -> Callable[[Any], tuple[Any, ...]]:
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _repr(names: list[str]) -> Callable[[Any], str]:
    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _eq(self: Any, other: Any) -> Any:
    if other.__class__ is self.__class__:
        return self.__record_key__(self) == self.__record_key__(other)
    return NotImplemented


def _hash(self: Any) -> int:
    return hash(self.__record_hash_key__(self))


def _frozen_setattr(self: Any, name: str, value: Any) -> None:
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self: Any, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _compare(op: Callable[[Any, Any], bool]) -> Callable[[Any, Any], Any]:
    def method(self: Any, other: Any) -> Any:
        if other.__class__ is self.__class__:
            return op(self.__record_key__(self), self.__record_key__(other))
        return NotImplemented

    return method


_lt, _le, _gt, _ge = (_compare(o) for o in (_op.lt, _op.le, _op.gt, _op.ge))
