"""Standings: a unit's total over a year or a phase, and competition ranks. Pure: no Django.

- A year total is the score of the unit's yearly report when it has one, else the mean of its
  reported periods of the year (`year_total`); a phase total is the mean of its year totals
  (`mean`). Only approved reports count; the caller passes only those.
- Ranks are competition ranks ("1, 1, 3"): a unit's rank is 1 + the number of units strictly
  ahead of it. Equal totals are ordered by the movement's tie-breaks, in the order it lists
  them (`TieBreak` values); units still equal after every tie-break share the rank.
"""

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

# The values of `reporting.enums.TieBreak` (this module may not import Django).
FEWER_PENALTIES = "fewer_penalties"
TOP_CRITERIA = "top_criteria"
SELF_TOTAL = "self_total"
SUBMITTED_FIRST = "submitted_first"
TIE_BREAKS = (FEWER_PENALTIES, TOP_CRITERIA, SELF_TOTAL, SUBMITTED_FIRST)

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Entry:
    """What ranks a unit over a span: its total and what the tie-breaks compare."""

    key: Hashable
    total: Decimal
    penalty: Decimal = ZERO
    top_criteria: tuple[Decimal, ...] = ()
    self_total: Decimal = ZERO
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class Totals:
    """A unit's figures over a span (a period, a year, a phase)."""

    total: Decimal
    self_total: Decimal
    penalty: Decimal
    area_points: Mapping[str, Decimal] = field(default_factory=dict)
    submitted_at: datetime | None = None


def _sort_key(entry: Entry, tie_breaks: Sequence[str]) -> tuple[object, ...]:
    parts: list[object] = [-entry.total]
    for tie_break in tie_breaks:
        if tie_break == FEWER_PENALTIES:
            parts.append(entry.penalty)
        elif tie_break == TOP_CRITERIA:
            parts.append(tuple(-points for points in entry.top_criteria))
        elif tie_break == SELF_TOTAL:
            parts.append(-entry.self_total)
        elif tie_break == SUBMITTED_FIRST:
            # Not submitted sorts last; datetimes compare through their timestamp so that
            # aware and naive values never meet in one comparison.
            at = entry.submitted_at
            parts.append((1, 0.0) if at is None else (0, at.timestamp()))
    return tuple(parts)


def rank(entries: Iterable[Entry], tie_breaks: Sequence[str] = ()) -> dict[Hashable, int]:
    """Competition ranks by total (higher first), then by the tie-breaks in order.

    Unknown tie-break names are ignored (the setup lists only `TIE_BREAKS`). Entries whose
    total and every tie-break compare equal share a rank, and the next rank skips as many
    places ("1, 1, 3"). Keys must be unique.
    """
    listed = list(entries)
    known = [name for name in tie_breaks if name in TIE_BREAKS]
    keyed = sorted(((_sort_key(entry, known), entry.key) for entry in listed), key=lambda x: x[0])
    ranks: dict[Hashable, int] = {}
    previous: tuple[object, ...] | None = None
    current = 0
    for position, (sort_key, key) in enumerate(keyed, start=1):
        if sort_key != previous:
            current = position
            previous = sort_key
        ranks[key] = current
    return ranks


def mean(values: Sequence[Decimal]) -> Decimal:
    """The mean rounded half up to 0,01 (0 for no value)."""
    if not values:
        return ZERO
    return (sum(values, Decimal(0)) / len(values)).quantize(CENT, rounding=ROUND_HALF_UP)


def mean_totals(items: Sequence[Totals]) -> Totals:
    """The mean of several spans' figures: totals, penalties and each area's points; the
    latest submission time (a unit that finished reporting earlier ranks first)."""
    codes: list[str] = []
    for item in items:
        codes.extend(code for code in item.area_points if code not in codes)
    submitted = [item.submitted_at for item in items if item.submitted_at is not None]
    return Totals(
        total=mean([item.total for item in items]),
        self_total=mean([item.self_total for item in items]),
        penalty=mean([item.penalty for item in items]),
        area_points={
            code: mean([item.area_points.get(code, ZERO) for item in items]) for code in codes
        },
        submitted_at=max(submitted, key=lambda at: at.timestamp()) if submitted else None,
    )


def year_total(yearly: Totals | None, periods: Sequence[Totals]) -> Totals | None:
    """A unit's figures for a year: its yearly report's when it has one, else the mean of its
    reported periods of the year; None when it has neither."""
    if yearly is not None:
        return yearly
    if not periods:
        return None
    return mean_totals(periods)
