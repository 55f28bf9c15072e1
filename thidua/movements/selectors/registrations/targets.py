"""Targets per unit and year: the matrix of units × numeric indicators."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet

from thidua.accounts.roles import Perm
from thidua.movements.enums import TargetStatus, ValueType
from thidua.movements.models import Indicator, Movement, Target, YearlyTarget
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser, scope_q

# Indicators that can carry a numeric target (yes/no and text indicators cannot).
NUMERIC_VALUE_TYPES = (ValueType.NUMBER, ValueType.PERCENTAGE, ValueType.COUNT)


def numeric_indicators(movement: Movement) -> list[Indicator]:
    """Indicators that take a numeric target, in the order of the plan (one query)."""
    return list(
        Indicator.objects.filter(movement=movement, value_type__in=NUMERIC_VALUE_TYPES)
        .select_related("criterion__area")
        .order_by(
            "criterion__area__kind",
            "criterion__area__order",
            "criterion__order",
            "criterion__code",
            "order",
            "code",
        )
    )


def yearly_defaults(indicators: Sequence[Indicator], year: int) -> dict[int, Decimal]:
    """The default target of each indicator for the year, by indicator id (one query)."""
    rows = YearlyTarget.objects.filter(indicator__in=[i.pk for i in indicators], year=year)
    return {row.indicator_id: row.value for row in rows}


@dataclass(frozen=True)
class TargetCell:
    indicator: Indicator
    default: Decimal | None
    target: Target | None

    @property
    def effective(self) -> Decimal | None:
        """What the unit aims at: its assigned target, else the year's default (a proposal or
        a returned proposal is not in force)."""
        if self.target is not None and self.target.status == TargetStatus.APPROVED:
            return self.target.value
        return self.default

    @property
    def status(self) -> str:
        return self.target.status if self.target is not None else ""


@dataclass(frozen=True)
class TargetRow:
    unit: Unit
    cells: list[TargetCell]

    @property
    def proposed(self) -> int:
        return sum(1 for cell in self.cells if cell.status == TargetStatus.PROPOSED)


@dataclass(frozen=True)
class TargetMatrix:
    year: int
    indicators: list[Indicator]
    defaults: dict[int, Decimal]
    rows: list[TargetRow]

    @property
    def default_values(self) -> list[Decimal | None]:
        return [self.defaults.get(indicator.pk) for indicator in self.indicators]


def targets_of(
    units: Sequence[Unit], indicators: Sequence[Indicator], year: int
) -> QuerySet[Target]:
    return Target.objects.filter(
        unit__in=[u.pk for u in units], indicator__in=[i.pk for i in indicators], year=year
    )


def target_matrix(movement: Movement, year: int, units: Sequence[Unit]) -> TargetMatrix:
    """`units` (a page of the list, see `units_taking_part`) × the movement's numeric
    indicators, with each unit's own target and the year's default (three queries whatever the
    number of units and indicators)."""
    indicators = numeric_indicators(movement)
    defaults = yearly_defaults(indicators, year)
    stored = (
        {(t.unit_id, t.indicator_id): t for t in targets_of(units, indicators, year)}
        if units and indicators
        else {}
    )
    rows = [
        TargetRow(
            unit=u,
            cells=[
                TargetCell(
                    indicator=indicator,
                    default=defaults.get(indicator.pk),
                    target=stored.get((u.pk, indicator.pk)),
                )
                for indicator in indicators
            ],
        )
        for u in units
    ]
    return TargetMatrix(year=year, indicators=indicators, defaults=defaults, rows=rows)


def target_status_counts(
    units: Sequence[Unit], indicators: Sequence[Indicator], year: int
) -> dict[str, int]:
    """How many of the units' own targets of the year are at each status (one query, none
    without units or indicators): the proposals awaiting the department over every page."""
    if not units or not indicators:
        return {}
    rows = (
        targets_of(units, indicators, year)
        .order_by()
        .values("status")
        .annotate(targets=Count("pk"))
        .values_list("status", "targets")
    )
    return dict(rows)


def unit_target_cells(movement: Movement, unit: Unit, year: int) -> list[TargetCell]:
    """The unit's row of the matrix: each numeric indicator with its default and the unit's
    own target (three queries)."""
    indicators = numeric_indicators(movement)
    defaults = yearly_defaults(indicators, year)
    stored = {
        t.indicator_id: t
        for t in Target.objects.filter(
            unit=unit, year=year, indicator__in=[i.pk for i in indicators]
        ).select_related("decided_by")
    }
    return [
        TargetCell(indicator=i, default=defaults.get(i.pk), target=stored.get(i.pk))
        for i in indicators
    ]


def targets_visible_to(user: AnyUser) -> QuerySet[Target]:
    """Targets of units in the user's VIEW_MOVEMENT scope, of movements they may see."""
    from thidua.movements.selectors.movements import movements_visible_to

    return Target.objects.filter(
        scope_q(user, Perm.VIEW_MOVEMENT, "unit__path"),
        indicator__movement__in=movements_visible_to(user).values("pk"),
    )
