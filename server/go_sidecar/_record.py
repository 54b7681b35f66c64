"""Plain-data classes without the cost of `dataclasses`.

`sidecar check` runs as a cold process and is held to a few times the start-up of `go env`; importing
`dataclasses` (which pulls in `inspect`, `ast` and `tokenize`) and generating each method with its own `exec`
cost more than all of go-sidecar's work. This is the subset we use, same spelling: `@dataclass(frozen=...,
order=...)`, `field(default=, default_factory=, compare=, repr=, hash=)`, `replace`, `fields`. One `exec` per
class builds all its methods.
"""

from __future__ import annotations

import operator as _op
from operator import attrgetter

__all__ = ["dataclass", "field", "replace", "fields", "FrozenInstanceError"]

_MISSING = object()


class FrozenInstanceError(AttributeError):
    pass


class Field:
    __slots__ = ("name", "default", "default_factory", "compare", "repr", "hash")

    def __init__(self, default=_MISSING, default_factory=_MISSING, compare=True, repr=True, hash=None):
        self.name = ""
        self.default = default
        self.default_factory = default_factory
        self.compare = compare
        self.repr = repr
        self.hash = compare if hash is None else hash


def field(*, default=_MISSING, default_factory=_MISSING, compare=True, repr=True, hash=None):  # noqa: A002
    return Field(default, default_factory, compare, repr, hash)


def fields(obj) -> tuple[Field, ...]:
    return obj.__record_fields__


def replace(obj, **changes):
    values = {f.name: getattr(obj, f.name) for f in obj.__record_fields__}
    values.update(changes)
    return obj.__class__(**values)


def dataclass(cls=None, /, *, frozen: bool = False, order: bool = False):
    def wrap(c):
        return _process(c, frozen, order)

    return wrap if cls is None else wrap(cls)


def _process(cls, frozen: bool, order: bool):
    own: dict[str, Field] = {}
    for base in reversed(cls.__mro__[1:]):
        for f in getattr(base, "__record_fields__", ()):
            own[f.name] = f
    for name, annotation in cls.__dict__.get("__annotations__", {}).items():
        if isinstance(annotation, str) and annotation.replace("typing.", "").startswith("ClassVar"):
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

    env: dict = {"_MISSING": _MISSING, "_set": object.__setattr__}
    params, body = [], []
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
    # Only __init__ is generated (argument binding at C speed matters: parsers build many records);
    # the other methods share generic code over a C-level attrgetter.
    exec("\n".join(src), env)  # noqa: S102 - generated from the class's own field names
    init = env["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    cls.__init__ = init

    key = _getter([f.name for f in flds if f.compare])
    shown = [f.name for f in flds if f.repr]
    cls.__record_key__ = staticmethod(key)  # a lambda (fewer than two fields) must not bind as a method
    cls.__repr__ = _repr(shown)
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
    cls.__match_args__ = tuple(f.name for f in flds)
    return cls


def _getter(names: list[str]):
    if not names:
        return lambda obj: ()
    if len(names) == 1:
        one = attrgetter(names[0])
        return lambda obj: (one(obj),)
    return attrgetter(*names)


def _repr(names: list[str]):
    def __repr__(self) -> str:
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in names)
        return f"{self.__class__.__qualname__}({inner})"

    return __repr__


def _eq(self, other):
    if other.__class__ is self.__class__:
        return self.__record_key__(self) == self.__record_key__(other)
    return NotImplemented


def _hash(self):
    return hash(self.__record_hash_key__(self))


def _frozen_setattr(self, name, value):
    raise FrozenInstanceError(f"cannot assign to field {name!r}")


def _frozen_delattr(self, name):
    raise FrozenInstanceError(f"cannot delete field {name!r}")


def _compare(op):
    def method(self, other):
        if other.__class__ is self.__class__:
            return op(self.__record_key__(self), self.__record_key__(other))
        return NotImplemented

    return method


_lt, _le, _gt, _ge = (_compare(o) for o in (_op.lt, _op.le, _op.gt, _op.ge))
