"""A movement's plan — content areas, criteria, indicators, scoring tables' versions — kept per
process while it does not change.

Why: the data entry page reads the whole plan on every request (18 criteria with their areas and
22 indicators in the demo, more in a real movement), the same rows for every unit and period
until someone edits the plan: building those model instances again was a tenth of the page.

How a change is seen: the database gives the movement a new random token on any insert, update
or delete of those tables (`StructureStamp`, written by triggers, so bulk updates and raw SQL
count too); a page reads the token with its report (one more join, no more query) and gets the
plan kept for that token, or reads it again. Several processes each keep their own copy; each
sees the new token on its next request.

The instances are shared by every request of the process: read them, never change them (a page
that needs more on an indicator keeps it beside, as the entry page's rows do).
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from threading import Lock
from typing import Any

from django.db.models import QuerySet

from thidua.core.prepared import prepared
from thidua.movements.models import (
    Criterion,
    Indicator,
    Movement,
    ScoringVersion,
    StructureStamp,
)

# Movements kept per process (a Sở runs a handful at a time; each plan is a few hundred objects).
KEPT = 32


@dataclass(frozen=True)
class Structure:
    """The plan of a movement as it stood at `token`."""

    token: int | None
    criteria: tuple[Criterion, ...]  # each with its content area (`criterion.area`), unordered
    indicators: tuple[Indicator, ...]  # in the entry page's order: `order`, then `code`
    # The scoring tables' versions, each with its table, the latest number first.
    versions: tuple[ScoringVersion, ...]
    # What a page works out from the plan alone (e.g. the entry page's blank upload form), kept
    # with it under a name of the page's choosing: gone with the plan when the token moves.
    kept: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)


_kept: OrderedDict[tuple[str, int, int | None], Structure] = OrderedDict()
_lock = Lock()


def stamp_of(movement: Movement) -> int | None:
    """The movement's structure token: from `select_related("…structure_stamp")` when the
    movement was read with it (no query), else read. None: the plan was never written (no
    area, criterion, indicator, scoring table or version has ever existed for it: nothing to
    keep stale)."""
    try:
        return movement.structure_stamp.token
    except StructureStamp.DoesNotExist:
        return None


def structure_of(movement: Movement, *, using: str = "default") -> Structure:
    """The plan of the movement, kept for its current token (read when not kept)."""
    token = stamp_of(movement)
    key = (using, movement.pk, token)
    with _lock:
        kept = _kept.get(key)
        if kept is not None:
            _kept.move_to_end(key)
            return kept
    structure = Structure(
        token=token,
        criteria=tuple(_criteria_with_area.rows(movement.pk, using=using)),
        indicators=tuple(_indicators_of.rows(movement.pk, using=using)),
        versions=tuple(_versions_of.rows(movement.pk, using=using)),
    )
    with _lock:
        _kept[key] = structure
        while len(_kept) > KEPT:
            _kept.popitem(last=False)
    return structure


def in_area_order(criteria: Iterable[Criterion]) -> list[Criterion]:
    """Criteria by area (kind, order, code), then their own order and code: the scorecard's
    order, as the database would sort them on those columns."""
    return sorted(criteria, key=lambda c: (c.area.kind, c.area.order, c.area.code, c.order, c.code))


@prepared(int)
def _criteria_with_area(movement: int) -> QuerySet[Criterion]:
    # Put in tree order by the pages (`_criteria_in_order`): no ordering by the database.
    return Criterion.objects.filter(movement_id=movement).select_related("area").order_by()


@prepared(int)
def _indicators_of(movement: int) -> QuerySet[Indicator]:
    return Indicator.objects.filter(movement_id=movement).order_by("order", "code")


@prepared(int)
def _versions_of(movement: int) -> QuerySet[ScoringVersion]:
    # Latest number first: how scoring breaks a tie between two versions of a table.
    return (
        ScoringVersion.objects.filter(table__movement_id=movement)
        .select_related("table")
        .order_by("-number", "pk")
    )
