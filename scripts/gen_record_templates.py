"""Write server/go_sidecar/_record/templates.py: the `__init__` templates of go_sidecar._record.

`.venv/bin/python scripts/gen_record_templates.py` (re)writes it; `--check` writes nothing and exits 1 when the file
is not what this script writes (tests/unit/test_record_templates.py runs it).

A record's `__init__` takes its fields as parameters and stores each on the instance. _record used to compile that
source for every class (one `exec` each: about 0.1 ms of CPU a class, 4 ms of a cold `sidecar check` of the demo,
which instantiates 43 record classes). The templates are the same functions with the fields named f0, f1, ...: they
are compiled once, with the module (Python caches them in __pycache__), and _record gives a class a copy of one
under its own field names (`CodeType.replace`), which costs a few microseconds. Families:

- `mutable_N`: `self.fI = fI`, as the generated source does for `@dataclass`;
- `frozen_N`: `_set(self, "fI", fI)` (`_set` is `object.__setattr__`), as for `@dataclass(frozen=True)`;
- `mutable_factory_N`, `frozen_factory_N`: a field whose default is a factory is passed as `_M` (the missing
  marker) when not given, and becomes `_F[I]()` (each class's factories); `is _M` is never true of another field.

Each family goes up to the number of fields MAX_FIELDS gives it: what the records of go_sidecar need, with room to
grow (the module is read on every cold check: 120 KB of bytecode with 24 fields in every family, 77 KB so). A
class with more fields, or with a `__post_init__`, is still compiled from source; tests/unit/
test_record_templates.py fails when a record of go_sidecar has no template.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET = REPO / "server" / "go_sidecar" / "_record" / "templates.py"
# (frozen, with a default factory) -> most fields. The largest records are mutable ones with factories (probe/facts.py
# Facts: 24 fields); frozen ones are values (10 fields at most), mutable ones without a factory have 8 at most.
MAX_FIELDS = {(False, False): 12, (False, True): 28, (True, False): 14, (True, True): 10}
LINE_LENGTH = 120  # [tool.ruff] line-length: the file is written as `ruff format` leaves it

HEADER = '''"""Templates of the records' `__init__`: written by scripts/gen_record_templates.py, do not edit.

go_sidecar._record copies one under a class's own field names instead of compiling source for each class (see
the script's docstring). The names below are placeholders: each copy runs with its class's own globals.
"""

from __future__ import annotations

from typing import Any

_M: Any = None  # the missing-value marker
_F: Any = ()  # the class's default factories, by field position
_set: Any = None  # object.__setattr__
'''


def template(n: int, frozen: bool, factory: bool) -> str:
    name = f"{'frozen' if frozen else 'mutable'}{'_factory' if factory else ''}_{n}"
    params = ["self: Any"] + [f"f{i}: Any" for i in range(n)]
    head = f"def {name}({', '.join(params)}) -> None:"
    if len(head) > LINE_LENGTH:
        head = f"def {name}(\n" + "".join(f"    {p},\n" for p in params) + ") -> None:"
    body = []
    for i in range(n):
        value = f"_F[{i}]() if f{i} is _M else f{i}" if factory else f"f{i}"
        body.append(f'    _set(self, "f{i}", {value})' if frozen else f"    self.f{i} = {value}")
    return "\n".join([head, *(body or ["    pass"])]) + "\n"


def source() -> str:
    parts = [HEADER]
    for frozen in (False, True):
        for factory in (False, True):
            for n in range(1 if factory else 0, MAX_FIELDS[frozen, factory] + 1):
                parts.append(template(n, frozen, factory))
    return "\n\n".join(parts)


def main(argv: list[str]) -> int:
    text = source()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else ""
        if current != text:
            print(f"{TARGET.relative_to(REPO)} is stale: run scripts/gen_record_templates.py", file=sys.stderr)
            return 1
        return 0
    TARGET.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
