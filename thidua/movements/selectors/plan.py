"""Reads of the movement plan: the list, the overview page, scope, phases and periods.

Every read starts from a movement the caller already found in `movements_visible_to(user)`;
the functions here fetch its parts with a fixed number of queries, whatever their size.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Prefetch, QuerySet
from django.utils import timezone

from thidua.accounts.roles import Perm
from thidua.movements import periods as period_rules
from thidua.movements.enums import ApprovalStatus, AreaKind
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    MovementScope,
    Period,
    Phase,
    RegistrationRound,
)
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.registrations import (
    NOT_STARTED,
    PROGRESS_STATUSES,
    registration_status_counts,
)
from thidua.organizations.enums import SUB_UNIT_KINDS
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser, subtree_q
from thidua.organizations.selectors.units import scope_roots, units_visible_to


def movement_rows(user: AnyUser) -> list[Movement]:
    """The movements the user may read, newest first, with their organising unit (one query)."""
    return list(movements_visible_to(user).order_by("-start_date", "code"))


def owner_choices(user: AnyUser) -> QuerySet[Unit]:
    """Units where the user may organise a movement: active units (not khoa/phòng/trạm) within
    their MANAGE_MOVEMENT scope, from the top of the tree down."""
    return (
        units_visible_to(user, Perm.MANAGE_MOVEMENT)
        .filter(is_active=True)
        .exclude(kind__in=SUB_UNIT_KINDS)
        .order_by("depth", "sort_order", "name_folded", "pk")
    )


def default_owner(user: AnyUser) -> Unit | None:
    """The topmost unit where the user may organise movements (the Sở for its officers)."""
    roots = scope_roots(user, Perm.MANAGE_MOVEMENT)
    return roots[0] if roots else None


# --- Scope ----------------------------------------------------------------------------------------


def scope_entries(movement: Movement) -> list[MovementScope]:
    """The units listed as taking part, top of the tree first (one query)."""
    return list(
        MovementScope.objects.filter(movement=movement)
        .select_related("unit")
        .order_by("unit__depth", "unit__sort_order", "unit__name_folded")
    )


def scope_candidates(movement: Movement) -> list[Unit]:
    """Units that may be listed in the scope: the owner and the active units of its subtree
    that are not khoa/phòng/trạm, plus whatever is listed already (one query)."""
    listed = MovementScope.objects.filter(movement=movement).values("unit_id")
    in_subtree = Unit.objects.filter(subtree_q("path", movement.owner.path))
    return list(
        (
            in_subtree.filter(is_active=True).exclude(kind__in=SUB_UNIT_KINDS)
            | in_subtree.filter(pk__in=listed)
        )
        .distinct()
        .order_by("depth", "sort_order", "name_folded", "pk")
    )


# --- Phases and periods ---------------------------------------------------------------------------


def phases_of(movement: Movement) -> list[Phase]:
    return list(Phase.objects.filter(movement=movement).order_by("start_date", "number"))


def next_phase_number(movement: Movement) -> int:
    last = Phase.objects.filter(movement=movement).order_by("-number").first()
    return 1 if last is None else last.number + 1


def periods_of(
    movement: Movement, *, kind: str | None = None, year: int | None = None
) -> QuerySet[Period]:
    """The movement's periods in the order their reports fall due: by end date, the shortest
    first among those ending together (Quý IV, then 6 tháng cuối năm, then Năm); optionally of
    one kind and one year."""
    periods = Period.objects.filter(movement=movement)
    if kind:
        periods = periods.filter(kind=kind)
    if year is not None:
        periods = periods.filter(year=year)
    return periods.order_by("end_date", "-start_date", "pk")


def period_years(movement: Movement) -> list[int]:
    return list(
        Period.objects.filter(movement=movement)
        .order_by("year")
        .values_list("year", flat=True)
        .distinct()
    )


@dataclass(frozen=True)
class PeriodCount:
    kind: str
    label: str
    count: int


def period_counts(movement: Movement) -> list[PeriodCount]:
    """How many periods of each kind the movement has, shortest kind first (one query)."""
    counts = dict(
        Period.objects.filter(movement=movement)
        .values("kind")
        .annotate(n=Count("pk"))
        .values_list("kind", "n")
    )
    return [
        PeriodCount(kind=kind, label=period_rules.KIND_LABELS[kind], count=counts[kind])
        for kind in period_rules.KINDS
        if counts.get(kind)
    ]


# --- The overview page ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionRow:
    criterion: Criterion
    depth: int  # 0 for a criterion directly under its area
    indicators: list[Indicator]


@dataclass(frozen=True)
class AreaBlock:
    area: ContentArea
    rows: list[CriterionRow]
    max_points: Decimal  # the sum of its top-level criteria


def area_blocks(movement: Movement) -> list[AreaBlock]:
    """Content areas, then solution groups, each with its criteria tree flattened in display
    order (parents before children) and the indicators of each criterion (two queries)."""
    indicators = Indicator.objects.order_by("order", "code")
    criteria = list(
        Criterion.objects.filter(movement=movement)
        .order_by("order", "code")
        .prefetch_related(Prefetch("indicators", queryset=indicators))
    )
    areas = list(ContentArea.objects.filter(movement=movement).order_by("kind", "order", "code"))
    children: dict[int | None, list[Criterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)

    def walk(criterion: Criterion, depth: int, rows: list[CriterionRow]) -> None:
        rows.append(CriterionRow(criterion, depth, list(criterion.indicators.all())))
        for child in children.get(criterion.pk, []):
            walk(child, depth + 1, rows)

    kind_order: dict[str, int] = {AreaKind.CONTENT.value: 0, AreaKind.SOLUTION.value: 1}
    blocks = []
    for area in sorted(areas, key=lambda a: (kind_order.get(a.kind, 2), a.order, a.code)):
        rows: list[CriterionRow] = []
        tops = [c for c in children.get(None, []) if c.area_id == area.pk]
        for top in tops:
            walk(top, 0, rows)
        blocks.append(
            AreaBlock(
                area=area,
                rows=rows,
                max_points=sum((c.max_points for c in tops), Decimal(0)),
            )
        )
    return blocks


_BAR_ORDER = (
    ApprovalStatus.APPROVED,
    ApprovalStatus.SUBMITTED,
    ApprovalStatus.RETURNED,
    ApprovalStatus.DRAFT,
)


@dataclass(frozen=True)
class StatusCount:
    status: str  # a key of PROGRESS_STATUSES
    label: str
    units: int
    percent: int  # of the units taking part, rounded down (the width of its bar)


@dataclass(frozen=True)
class RegistrationSummary:
    """Unit registrations of one year's round, counted by status: what the overview shows
    instead of a row per unit (the progress page has the rows)."""

    year: int
    round: RegistrationRound | None
    statuses: list[StatusCount]  # PROGRESS_STATUSES order, "not started" first; [] without a round
    total: int  # participating units the reader sees

    @property
    def registered(self) -> int:
        """Units with a registration, whatever its status."""
        return sum(item.units for item in self.statuses if item.status != NOT_STARTED)

    @property
    def percent_registered(self) -> int:
        return self.registered * 100 // self.total if self.total else 0

    @property
    def bars(self) -> list[StatusCount]:
        """The segments of the progress bar, the furthest along first; the units not started
        are the bar's empty rest."""
        by_status = {item.status: item for item in self.statuses}
        return [by_status[status] for status in _BAR_ORDER if by_status[status].units]


def registration_summary(
    user: AnyUser, movement: Movement, rounds: list[RegistrationRound], year: int
) -> RegistrationSummary:
    """The year's round among `rounds` with its participating units (those the user sees, as on
    the progress page) counted by status; two queries with a round, none without."""
    round_ = next((r for r in rounds if r.year == year), None)
    if round_ is None:
        return RegistrationSummary(year=year, round=None, statuses=[], total=0)
    counts = registration_status_counts(user, movement, round_)
    total = sum(counts.values())
    return RegistrationSummary(
        year=year,
        round=round_,
        statuses=[
            StatusCount(
                status=key,
                label=str(label),
                units=counts[key],
                percent=counts[key] * 100 // total if total else 0,
            )
            for key, label in PROGRESS_STATUSES
        ],
        total=total,
    )


def current_round_year(rounds: list[RegistrationRound], today: dt.date) -> int:
    """The year of the latest round open for registration by `today` (the 2027 round from the
    day it opens in late 2026), else this year."""
    opened = [r.year for r in rounds if r.opens_on <= today]
    return max(opened) if opened else today.year


@dataclass(frozen=True)
class MovementOverview:
    movement: Movement
    scope: list[MovementScope]  # [] when the owner's whole subtree takes part
    phases: list[Phase]
    areas: list[AreaBlock]
    period_counts: list[PeriodCount]
    registrations: RegistrationSummary
    round_years: list[int]  # newest first
    total_points: Decimal


def movement_overview(
    movement: Movement, user: AnyUser, *, year: int | None = None
) -> MovementOverview:
    """Everything the overview page shows, in a fixed number of queries (ten at most): the
    registrations of `year`, by default of the current round (see `current_round_year`)."""
    areas = area_blocks(movement)
    rounds = list(RegistrationRound.objects.filter(movement=movement).order_by("-year"))
    year = year or current_round_year(rounds, timezone.localdate())
    return MovementOverview(
        movement=movement,
        scope=scope_entries(movement),
        phases=phases_of(movement),
        areas=areas,
        period_counts=period_counts(movement),
        registrations=registration_summary(user, movement, rounds, year),
        round_years=[r.year for r in rounds],
        total_points=sum((block.max_points for block in areas), Decimal(0)),
    )
