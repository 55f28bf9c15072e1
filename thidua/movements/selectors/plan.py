"""Reads of the movement plan: the list, the overview page, scope, phases and periods.

Every read starts from a movement the caller already found in `movements_visible_to(user)`;
the functions here fetch its parts with a fixed number of queries, whatever their size.
"""

from collections import Counter
from dataclasses import dataclass, field
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
    UnitRegistration,
)
from thidua.movements.selectors.movements import movements_visible_to
from thidua.organizations import tree
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


@dataclass(frozen=True)
class Participation:
    """The units taking part as (unit, with its subtree). `listed` is False when the scope
    lists no unit: the owner's whole subtree takes part, shown as the owner's direct children
    with their subtrees."""

    listed: bool
    units: list[tuple[Unit, bool]]


def participating_units(movement: Movement) -> Participation:
    """Who takes part (one query)."""
    entries = scope_entries(movement)
    if entries:
        return Participation(True, [(entry.unit, entry.include_subtree) for entry in entries])
    children = Unit.objects.filter(parent=movement.owner, is_active=True).order_by(
        "sort_order", "name_folded", "pk"
    )
    return Participation(False, [(unit, True) for unit in children])


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


@dataclass(frozen=True)
class UnitProgress:
    unit: Unit
    include_subtree: bool
    counts: dict[str, int]  # registrations by ApprovalStatus value, in the unit's reach

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """The counts in the order of ApprovalStatus (the table's columns)."""
        return [self.counts.get(value, 0) for value in ApprovalStatus.values]


@dataclass(frozen=True)
class RegistrationProgress:
    year: int
    round: RegistrationRound | None
    scope_listed: bool  # False: the owner's whole subtree takes part
    rows: list[UnitProgress]
    totals: dict[str, int] = field(default_factory=dict)
    statuses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def total_cells(self) -> list[int]:
        return [self.totals.get(value, 0) for value, _label in self.statuses]

    @property
    def grand_total(self) -> int:
        return sum(self.totals.values())


def registration_progress(movement: Movement, year: int) -> RegistrationProgress:
    """Unit registrations of the `year` round, counted by status for each participating unit
    (the unit alone, or with its subtree). Four queries at most, whatever the number of units
    and registrations."""
    statuses = list(ApprovalStatus.choices)
    round_ = RegistrationRound.objects.filter(movement=movement, year=year).first()
    participation = participating_units(movement)
    units = participation.units
    reach: dict[str, int] = {}
    for index, (unit, _subtree) in enumerate(units):
        reach[unit.path] = index
    counters: list[Counter[str]] = [Counter() for _ in units]
    totals: Counter[str] = Counter()
    if round_ is not None:
        rows = UnitRegistration.objects.filter(round=round_).values_list("unit__path", "status")
        for path, status in rows:
            totals[status] += 1
            exact = reach.get(path)
            if exact is not None:
                counters[exact][status] += 1
                continue
            # The nearest listed ancestor that takes part with its subtree.
            for ancestor in reversed(_ancestor_paths(path)[:-1]):
                nearest = reach.get(ancestor)
                if nearest is not None:
                    if units[nearest][1]:
                        counters[nearest][status] += 1
                    break
    return RegistrationProgress(
        year=year,
        round=round_,
        scope_listed=participation.listed,
        rows=[
            UnitProgress(unit=unit, include_subtree=subtree, counts=dict(counters[index]))
            for index, (unit, subtree) in enumerate(units)
        ],
        totals=dict(totals),
        statuses=[(str(value), str(label)) for value, label in statuses],
    )


def _ancestor_paths(path: str) -> list[str]:
    """ "/1/7/42/" → ["/1/", "/1/7/", "/1/7/42/"]."""
    ids = tree.ancestor_ids(path)
    return ["/" + "/".join(str(i) for i in ids[: n + 1]) + "/" for n in range(len(ids))]


def round_years(movement: Movement) -> list[int]:
    return list(
        RegistrationRound.objects.filter(movement=movement)
        .order_by("-year")
        .values_list("year", flat=True)
    )


@dataclass(frozen=True)
class MovementOverview:
    movement: Movement
    phases: list[Phase]
    areas: list[AreaBlock]
    period_counts: list[PeriodCount]
    progress: RegistrationProgress
    round_years: list[int]
    total_points: Decimal


def current_year() -> int:
    return timezone.localdate().year


def movement_overview(movement: Movement, *, year: int | None = None) -> MovementOverview:
    """Everything the overview page shows, in a fixed number of queries (nine at most)."""
    areas = area_blocks(movement)
    return MovementOverview(
        movement=movement,
        phases=phases_of(movement),
        areas=areas,
        period_counts=period_counts(movement),
        progress=registration_progress(movement, year or current_year()),
        round_years=round_years(movement),
        total_points=sum((block.max_points for block in areas), Decimal(0)),
    )
