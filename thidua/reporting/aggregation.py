"""A unit's value made from its khoa/phòng's values, by the indicator's rule. Pure: no Django.

The rules are the values of `movements.enums.Aggregation`: the sum; the average weighted by the
staff of each khoa/phòng (a plain average when no staff is known); the smallest; the largest;
the latest entered. Parts without a value are left out; no value at all gives None.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

SUM = "sum"
AVERAGE_BY_STAFF = "avg_staff"
MIN = "min"
MAX = "max"
LATEST = "latest"
RULES = (SUM, AVERAGE_BY_STAFF, MIN, MAX, LATEST)

_QUANTUM = Decimal("0.0001")  # stored values keep 4 decimals


@dataclass(frozen=True)
class Part:
    """The value a khoa/phòng reported, its staff and when the value was last changed."""

    value: Decimal | None
    staff: int = 0
    at: dt.datetime | None = None


def aggregate(rule: str, parts: Sequence[Part]) -> Decimal | None:
    """The aggregate of the parts' values by `rule` (see the module docstring).

    The weighted average is rounded half up to 4 decimals, so it always lies between the
    smallest and the largest value. "latest" takes the part changed last (a part without a time
    counts as oldest; among equals, the last one given). Raises ValueError for an unknown rule.
    """
    if rule not in RULES:
        raise ValueError(f"Cách tổng hợp không hợp lệ: “{rule}”.")
    known = [part for part in parts if part.value is not None]
    if not known:
        return None
    values = [part.value for part in known if part.value is not None]
    if rule == SUM:
        return sum(values, Decimal(0))
    if rule == MIN:
        return min(values)
    if rule == MAX:
        return max(values)
    if rule == LATEST:
        oldest = dt.datetime.min.replace(tzinfo=dt.UTC)
        latest = max(
            enumerate(known),
            key=lambda item: (_aware(item[1].at) if item[1].at else oldest, item[0]),
        )
        return latest[1].value
    weights = [max(part.staff, 0) for part in known]
    total_weight = sum(weights)
    if total_weight == 0:
        mean = sum(values, Decimal(0)) / len(values)
    else:
        weighted = sum((v * w for v, w in zip(values, weights, strict=True)), Decimal(0))
        mean = weighted / total_weight
    rounded = mean.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    # Values with more decimals than stored could round past an end: keep within them.
    return min(max(rounded, min(values)), max(values))


def _aware(moment: dt.datetime) -> dt.datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
