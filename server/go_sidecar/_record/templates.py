"""Templates of the records' `__init__`: written by scripts/gen_record_templates.py, do not edit.

go_sidecar._record copies one under a class's own field names instead of compiling source for each class (see
the script's docstring). The names below are placeholders: each copy runs with its class's own globals.
"""

from __future__ import annotations

from typing import Any

_M: Any = None  # the missing-value marker
_F: Any = ()  # the class's default factories, by field position
_set: Any = None  # object.__setattr__


def mutable_0(self: Any) -> None:
    pass


def mutable_1(self: Any, f0: Any) -> None:
    self.f0 = f0


def mutable_2(self: Any, f0: Any, f1: Any) -> None:
    self.f0 = f0
    self.f1 = f1


def mutable_3(self: Any, f0: Any, f1: Any, f2: Any) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2


def mutable_4(self: Any, f0: Any, f1: Any, f2: Any, f3: Any) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3


def mutable_5(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3
    self.f4 = f4


def mutable_6(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3
    self.f4 = f4
    self.f5 = f5


def mutable_7(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3
    self.f4 = f4
    self.f5 = f5
    self.f6 = f6


def mutable_8(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any, f7: Any) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3
    self.f4 = f4
    self.f5 = f5
    self.f6 = f6
    self.f7 = f7


def mutable_9(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any, f7: Any, f8: Any) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3
    self.f4 = f4
    self.f5 = f5
    self.f6 = f6
    self.f7 = f7
    self.f8 = f8


def mutable_10(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3
    self.f4 = f4
    self.f5 = f5
    self.f6 = f6
    self.f7 = f7
    self.f8 = f8
    self.f9 = f9


def mutable_11(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3
    self.f4 = f4
    self.f5 = f5
    self.f6 = f6
    self.f7 = f7
    self.f8 = f8
    self.f9 = f9
    self.f10 = f10


def mutable_12(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
) -> None:
    self.f0 = f0
    self.f1 = f1
    self.f2 = f2
    self.f3 = f3
    self.f4 = f4
    self.f5 = f5
    self.f6 = f6
    self.f7 = f7
    self.f8 = f8
    self.f9 = f9
    self.f10 = f10
    self.f11 = f11


def mutable_factory_1(self: Any, f0: Any) -> None:
    self.f0 = _F[0]() if f0 is _M else f0


def mutable_factory_2(self: Any, f0: Any, f1: Any) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1


def mutable_factory_3(self: Any, f0: Any, f1: Any, f2: Any) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2


def mutable_factory_4(self: Any, f0: Any, f1: Any, f2: Any, f3: Any) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3


def mutable_factory_5(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4


def mutable_factory_6(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5


def mutable_factory_7(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6


def mutable_factory_8(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any, f7: Any) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7


def mutable_factory_9(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8


def mutable_factory_10(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9


def mutable_factory_11(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10


def mutable_factory_12(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11


def mutable_factory_13(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12


def mutable_factory_14(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13


def mutable_factory_15(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14


def mutable_factory_16(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15


def mutable_factory_17(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16


def mutable_factory_18(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17


def mutable_factory_19(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18


def mutable_factory_20(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19


def mutable_factory_21(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
    f20: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19
    self.f20 = _F[20]() if f20 is _M else f20


def mutable_factory_22(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
    f20: Any,
    f21: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19
    self.f20 = _F[20]() if f20 is _M else f20
    self.f21 = _F[21]() if f21 is _M else f21


def mutable_factory_23(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
    f20: Any,
    f21: Any,
    f22: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19
    self.f20 = _F[20]() if f20 is _M else f20
    self.f21 = _F[21]() if f21 is _M else f21
    self.f22 = _F[22]() if f22 is _M else f22


def mutable_factory_24(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
    f20: Any,
    f21: Any,
    f22: Any,
    f23: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19
    self.f20 = _F[20]() if f20 is _M else f20
    self.f21 = _F[21]() if f21 is _M else f21
    self.f22 = _F[22]() if f22 is _M else f22
    self.f23 = _F[23]() if f23 is _M else f23


def mutable_factory_25(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
    f20: Any,
    f21: Any,
    f22: Any,
    f23: Any,
    f24: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19
    self.f20 = _F[20]() if f20 is _M else f20
    self.f21 = _F[21]() if f21 is _M else f21
    self.f22 = _F[22]() if f22 is _M else f22
    self.f23 = _F[23]() if f23 is _M else f23
    self.f24 = _F[24]() if f24 is _M else f24


def mutable_factory_26(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
    f20: Any,
    f21: Any,
    f22: Any,
    f23: Any,
    f24: Any,
    f25: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19
    self.f20 = _F[20]() if f20 is _M else f20
    self.f21 = _F[21]() if f21 is _M else f21
    self.f22 = _F[22]() if f22 is _M else f22
    self.f23 = _F[23]() if f23 is _M else f23
    self.f24 = _F[24]() if f24 is _M else f24
    self.f25 = _F[25]() if f25 is _M else f25


def mutable_factory_27(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
    f20: Any,
    f21: Any,
    f22: Any,
    f23: Any,
    f24: Any,
    f25: Any,
    f26: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19
    self.f20 = _F[20]() if f20 is _M else f20
    self.f21 = _F[21]() if f21 is _M else f21
    self.f22 = _F[22]() if f22 is _M else f22
    self.f23 = _F[23]() if f23 is _M else f23
    self.f24 = _F[24]() if f24 is _M else f24
    self.f25 = _F[25]() if f25 is _M else f25
    self.f26 = _F[26]() if f26 is _M else f26


def mutable_factory_28(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
    f14: Any,
    f15: Any,
    f16: Any,
    f17: Any,
    f18: Any,
    f19: Any,
    f20: Any,
    f21: Any,
    f22: Any,
    f23: Any,
    f24: Any,
    f25: Any,
    f26: Any,
    f27: Any,
) -> None:
    self.f0 = _F[0]() if f0 is _M else f0
    self.f1 = _F[1]() if f1 is _M else f1
    self.f2 = _F[2]() if f2 is _M else f2
    self.f3 = _F[3]() if f3 is _M else f3
    self.f4 = _F[4]() if f4 is _M else f4
    self.f5 = _F[5]() if f5 is _M else f5
    self.f6 = _F[6]() if f6 is _M else f6
    self.f7 = _F[7]() if f7 is _M else f7
    self.f8 = _F[8]() if f8 is _M else f8
    self.f9 = _F[9]() if f9 is _M else f9
    self.f10 = _F[10]() if f10 is _M else f10
    self.f11 = _F[11]() if f11 is _M else f11
    self.f12 = _F[12]() if f12 is _M else f12
    self.f13 = _F[13]() if f13 is _M else f13
    self.f14 = _F[14]() if f14 is _M else f14
    self.f15 = _F[15]() if f15 is _M else f15
    self.f16 = _F[16]() if f16 is _M else f16
    self.f17 = _F[17]() if f17 is _M else f17
    self.f18 = _F[18]() if f18 is _M else f18
    self.f19 = _F[19]() if f19 is _M else f19
    self.f20 = _F[20]() if f20 is _M else f20
    self.f21 = _F[21]() if f21 is _M else f21
    self.f22 = _F[22]() if f22 is _M else f22
    self.f23 = _F[23]() if f23 is _M else f23
    self.f24 = _F[24]() if f24 is _M else f24
    self.f25 = _F[25]() if f25 is _M else f25
    self.f26 = _F[26]() if f26 is _M else f26
    self.f27 = _F[27]() if f27 is _M else f27


def frozen_0(self: Any) -> None:
    pass


def frozen_1(self: Any, f0: Any) -> None:
    _set(self, "f0", f0)


def frozen_2(self: Any, f0: Any, f1: Any) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)


def frozen_3(self: Any, f0: Any, f1: Any, f2: Any) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)


def frozen_4(self: Any, f0: Any, f1: Any, f2: Any, f3: Any) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)


def frozen_5(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)


def frozen_6(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)


def frozen_7(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)
    _set(self, "f6", f6)


def frozen_8(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any, f7: Any) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)
    _set(self, "f6", f6)
    _set(self, "f7", f7)


def frozen_9(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any, f7: Any, f8: Any) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)
    _set(self, "f6", f6)
    _set(self, "f7", f7)
    _set(self, "f8", f8)


def frozen_10(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)
    _set(self, "f6", f6)
    _set(self, "f7", f7)
    _set(self, "f8", f8)
    _set(self, "f9", f9)


def frozen_11(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)
    _set(self, "f6", f6)
    _set(self, "f7", f7)
    _set(self, "f8", f8)
    _set(self, "f9", f9)
    _set(self, "f10", f10)


def frozen_12(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)
    _set(self, "f6", f6)
    _set(self, "f7", f7)
    _set(self, "f8", f8)
    _set(self, "f9", f9)
    _set(self, "f10", f10)
    _set(self, "f11", f11)


def frozen_13(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)
    _set(self, "f6", f6)
    _set(self, "f7", f7)
    _set(self, "f8", f8)
    _set(self, "f9", f9)
    _set(self, "f10", f10)
    _set(self, "f11", f11)
    _set(self, "f12", f12)


def frozen_14(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
    f10: Any,
    f11: Any,
    f12: Any,
    f13: Any,
) -> None:
    _set(self, "f0", f0)
    _set(self, "f1", f1)
    _set(self, "f2", f2)
    _set(self, "f3", f3)
    _set(self, "f4", f4)
    _set(self, "f5", f5)
    _set(self, "f6", f6)
    _set(self, "f7", f7)
    _set(self, "f8", f8)
    _set(self, "f9", f9)
    _set(self, "f10", f10)
    _set(self, "f11", f11)
    _set(self, "f12", f12)
    _set(self, "f13", f13)


def frozen_factory_1(self: Any, f0: Any) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)


def frozen_factory_2(self: Any, f0: Any, f1: Any) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)


def frozen_factory_3(self: Any, f0: Any, f1: Any, f2: Any) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)
    _set(self, "f2", _F[2]() if f2 is _M else f2)


def frozen_factory_4(self: Any, f0: Any, f1: Any, f2: Any, f3: Any) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)
    _set(self, "f2", _F[2]() if f2 is _M else f2)
    _set(self, "f3", _F[3]() if f3 is _M else f3)


def frozen_factory_5(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)
    _set(self, "f2", _F[2]() if f2 is _M else f2)
    _set(self, "f3", _F[3]() if f3 is _M else f3)
    _set(self, "f4", _F[4]() if f4 is _M else f4)


def frozen_factory_6(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)
    _set(self, "f2", _F[2]() if f2 is _M else f2)
    _set(self, "f3", _F[3]() if f3 is _M else f3)
    _set(self, "f4", _F[4]() if f4 is _M else f4)
    _set(self, "f5", _F[5]() if f5 is _M else f5)


def frozen_factory_7(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)
    _set(self, "f2", _F[2]() if f2 is _M else f2)
    _set(self, "f3", _F[3]() if f3 is _M else f3)
    _set(self, "f4", _F[4]() if f4 is _M else f4)
    _set(self, "f5", _F[5]() if f5 is _M else f5)
    _set(self, "f6", _F[6]() if f6 is _M else f6)


def frozen_factory_8(self: Any, f0: Any, f1: Any, f2: Any, f3: Any, f4: Any, f5: Any, f6: Any, f7: Any) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)
    _set(self, "f2", _F[2]() if f2 is _M else f2)
    _set(self, "f3", _F[3]() if f3 is _M else f3)
    _set(self, "f4", _F[4]() if f4 is _M else f4)
    _set(self, "f5", _F[5]() if f5 is _M else f5)
    _set(self, "f6", _F[6]() if f6 is _M else f6)
    _set(self, "f7", _F[7]() if f7 is _M else f7)


def frozen_factory_9(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)
    _set(self, "f2", _F[2]() if f2 is _M else f2)
    _set(self, "f3", _F[3]() if f3 is _M else f3)
    _set(self, "f4", _F[4]() if f4 is _M else f4)
    _set(self, "f5", _F[5]() if f5 is _M else f5)
    _set(self, "f6", _F[6]() if f6 is _M else f6)
    _set(self, "f7", _F[7]() if f7 is _M else f7)
    _set(self, "f8", _F[8]() if f8 is _M else f8)


def frozen_factory_10(
    self: Any,
    f0: Any,
    f1: Any,
    f2: Any,
    f3: Any,
    f4: Any,
    f5: Any,
    f6: Any,
    f7: Any,
    f8: Any,
    f9: Any,
) -> None:
    _set(self, "f0", _F[0]() if f0 is _M else f0)
    _set(self, "f1", _F[1]() if f1 is _M else f1)
    _set(self, "f2", _F[2]() if f2 is _M else f2)
    _set(self, "f3", _F[3]() if f3 is _M else f3)
    _set(self, "f4", _F[4]() if f4 is _M else f4)
    _set(self, "f5", _F[5]() if f5 is _M else f5)
    _set(self, "f6", _F[6]() if f6 is _M else f6)
    _set(self, "f7", _F[7]() if f7 is _M else f7)
    _set(self, "f8", _F[8]() if f8 is _M else f8)
    _set(self, "f9", _F[9]() if f9 is _M else f9)
