"""Reads of scores and rankings: a unit's scorecard, ranking tables (a cluster, overall), the
department's heat map, recomputation jobs — scoped, in a fixed number of queries.

Who sees what:
- a unit's scorecard: VIEW_REPORT at that unit (a unit user: their own unit and its khoa);
- a cluster's ranking: anyone who sees every unit (below), or VIEW_REPORT at a member unit —
  they see the other members' totals, ranks and titles, not their scorecards;
- the overall ranking and the heat map: a whole-tree VIEW_REPORT grant, or VIEW_REPORT at the
  movement's organising unit (`sees_all_units`);
- recomputation: MANAGE_REPORTING at the organising unit.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.prepared import prepared
from thidua.movements.enums import PeriodKind
from thidua.movements.models import ContentArea, Criterion, Movement, Period, Phase
from thidua.movements.rules import touches
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.registrations import participant_units, takes_part
from thidua.movements.selectors.structure import in_area_order, structure_of
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.scoping import (
    AnyUser,
    can,
    grants_for,
    scope_q,
    sees_whole_tree,
    subtree_between_q,
    subtree_end,
    subtree_q,
)
from thidua.reporting import charts, scorecard
from thidua.reporting.enums import ReportStatus, SpanKind
from thidua.reporting.models import (
    DEFAULT_REPORTED_KINDS,
    CriterionScore,
    RecomputeJob,
    Report,
    ReportingSetup,
    ReportScore,
    Standing,
)

ZERO = Decimal("0.00")
# The finest kind of period a unit reports is the trend chart's step.
KIND_FINENESS = (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF_YEAR)


# --- Who sees what -----------------------------------------------------------------------------


def score_movements(user: AnyUser) -> QuerySet[Movement]:
    """Movements whose scores the user may read (visible movements, with a VIEW_REPORT grant)."""
    if not has_anywhere(grants_for(user), Perm.VIEW_REPORT):
        return Movement.objects.none()
    return movements_visible_to(user)


def score_movement(user: AnyUser, pk: int) -> Movement | None:
    """The movement `pk` of `score_movements(user)`, with its organising unit and reporting
    setup (one query), else None. Judged on the row by the VIEW_MOVEMENT rule
    (`movements.rules.touches`, what `movements_visible_to`'s path conditions say): building
    those conditions cost every score page more than its query."""
    if not has_anywhere(grants_for(user), Perm.VIEW_REPORT):
        return None
    movement = _movement_with_setup.first(pk)
    if movement is None or not touches(user, Perm.VIEW_MOVEMENT, movement.owner.path):
        return None
    return movement


@prepared(int)
def _movement_with_setup(pk: int) -> QuerySet[Movement]:
    # With its structure stamp: the criteria of the pages come from `structure_of`.
    return (
        Movement.objects.select_related("owner", "reporting_setup", "structure_stamp")
        .filter(pk=pk)
        .order_by()[:1]
    )


def sees_all_units(user: AnyUser, movement: Movement) -> bool:
    """Whether the user reads every unit's scores: the overall ranking and the heat map."""
    return sees_whole_tree(user, Perm.VIEW_REPORT) or can(
        user, Perm.VIEW_REPORT, movement.owner.path
    )


def can_recompute(user: AnyUser, movement: Movement) -> bool:
    return can(user, Perm.MANAGE_REPORTING, movement.owner.path)


def can_appraise(user: AnyUser, unit: Unit) -> bool:
    return can(user, Perm.MANAGE_REPORTING, unit.path)


def scorecard_unit(user: AnyUser, movement: Movement, pk: int) -> Unit | None:
    """A participating unit (or khoa, phòng) whose scorecard the user may read, else None.
    Judged on the unit's row (`takes_part`, `can`: what `participant_units` and `scope_q`
    say), the unit read by a prepared query."""
    unit = _unit_by_id.first(pk)
    if unit is None or not can(user, Perm.VIEW_REPORT, unit.path):
        return None
    return unit if takes_part(movement, unit) else None


@prepared(int)
def _unit_by_id(pk: int) -> QuerySet[Unit]:
    return Unit.objects.filter(pk=pk).order_by()[:1]


def movement_years(movement: Movement) -> list[int]:
    return list(range(movement.start_date.year, movement.end_date.year + 1))


def default_year(movement: Movement) -> int:
    """The latest year with standings, else the current year within the movement."""
    latest = (
        Standing.objects.filter(movement=movement, span_kind=SpanKind.YEAR)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if latest is not None:
        return latest
    years = movement_years(movement)
    return min(max(timezone.localdate().year, years[0]), years[-1])


# --- Spans (a period, a year, a phase) ---------------------------------------------------------


@dataclass(frozen=True)
class Span:
    kind: str
    key: str
    label: str
    year: int  # the year whose clusters the span ranks within
    end: dt.date
    period: Period | None = None
    phase: Phase | None = None


def _reported_kinds(movement: Movement) -> set[str]:
    """The kinds of period the movement's units report (the setup's, else the defaults): read
    with the movement when it was fetched with its `reporting_setup`, else one query."""
    if Movement.reporting_setup.is_cached(movement):
        setup: ReportingSetup | None = getattr(movement, "reporting_setup", None)
        kinds = setup.reported_kinds if setup is not None else None
    else:
        kinds = (
            ReportingSetup.objects.filter(movement=movement)
            .values_list("reported_kinds", flat=True)
            .first()
        )
    return set(kinds if kinds is not None else DEFAULT_REPORTED_KINDS)


def _in_calendar_order(periods: Iterable[Period]) -> list[Period]:
    """By end date, the shorter period first when two end together (Quý II before 6 tháng)."""
    return sorted(periods, key=lambda p: (p.end_date, p.end_date - p.start_date, p.pk))


def spans_of(movement: Movement, year: int) -> list[Span]:
    """The spans a ranking can show for a year: its reported periods, the year, the phases
    touching it (two queries, three when the movement came without its reporting setup)."""
    reported = _reported_kinds(movement)
    periods = _in_calendar_order(_periods_of_year.rows(movement.pk, year))
    spans = [
        Span(SpanKind.PERIOD, f"p:{p.pk}", p.name, year, p.end_date, period=p)
        for p in periods
        if p.kind in reported and p.kind != PeriodKind.YEAR
    ]
    spans.append(Span(SpanKind.YEAR, f"y:{year}", f"Cả năm {year}", year, dt.date(year, 12, 31)))
    for phase in _phases.rows(movement.pk):
        if phase.start_date.year <= year <= phase.end_date.year:
            spans.append(
                Span(
                    SpanKind.PHASE,
                    f"ph:{phase.number}",
                    phase.name,
                    year,
                    phase.end_date,
                    phase=phase,
                )
            )
    return spans


@prepared(int, int)
def _periods_of_year(movement: int, year: int) -> QuerySet[Period]:
    # Sorted by the caller: no ORDER BY (the model's default ordering joins the movement).
    return Period.objects.filter(movement_id=movement, year=year).order_by()


@prepared(int)
def _phases(movement: int) -> QuerySet[Phase]:
    return Phase.objects.filter(movement_id=movement).order_by("number")


def span_in(spans: Sequence[Span], key: str | None) -> Span:
    """The span named `key` among `spans`, else the year."""
    by_key = {span.key: span for span in spans}
    if key and key in by_key:
        return by_key[key]
    return next(span for span in spans if span.kind == SpanKind.YEAR)


def span_by_key(movement: Movement, key: str) -> Span | None:
    """A span of the movement named "p:<period id>", "y:<year>" (or just the year) or
    "ph:<phase number>"; None when the movement has no such span (one query at most)."""
    kind, _, rest = key.strip().partition(":")
    if not rest:
        kind, rest = "y", kind
    if not rest.isdigit() or len(rest) > 9:
        return None
    number = int(rest)
    if kind == "y":
        if number not in movement_years(movement):
            return None
        return Span(
            SpanKind.YEAR, f"y:{number}", f"Cả năm {number}", number, dt.date(number, 12, 31)
        )
    if kind == "p":
        period = Period.objects.filter(movement=movement, pk=number).first()
        if period is None:
            return None
        if period.kind == PeriodKind.YEAR:
            return span_by_key(movement, f"y:{period.year}")
        return Span(
            SpanKind.PERIOD,
            f"p:{period.pk}",
            period.name,
            period.year,
            period.end_date,
            period=period,
        )
    if kind == "ph":
        phase = Phase.objects.filter(movement=movement, number=number).first()
        if phase is None:
            return None
        year = min(max(default_year(movement), phase.start_date.year), phase.end_date.year)
        return Span(
            SpanKind.PHASE, f"ph:{phase.number}", phase.name, year, phase.end_date, phase=phase
        )
    return None


# --- Clusters ----------------------------------------------------------------------------------


def clusters_visible(user: AnyUser, movement: Movement, year: int) -> list[Cluster]:
    """Clusters of the year with a member under the movement's organising unit, that the user
    may rank: all of them for who sees every unit, else those with a member in the user's
    VIEW_REPORT scope (one query)."""
    if sees_all_units(user, movement):
        if movement.owner.depth == 0:
            return _clusters_of_year.rows(year)
        path = movement.owner.path
        return _clusters_of_year_under.rows(year, path, subtree_end(path))
    members = ClusterMember.objects.filter(year=year)
    if movement.owner.depth > 0:
        members = members.filter(subtree_q("unit__path", movement.owner.path))
    members = members.filter(scope_q(user, Perm.VIEW_REPORT, "unit__path"))
    return list(
        Cluster.objects.filter(pk__in=members.values("cluster_id")).order_by("code", "name")
    )


# Who sees every unit sees the same clusters: compiled once (`core.prepared`).
@prepared(int)
def _clusters_of_year(year: int) -> QuerySet[Cluster]:
    members = ClusterMember.objects.filter(year=year)
    return Cluster.objects.filter(pk__in=members.values("cluster_id")).order_by("code", "name")


@prepared(int, str, str)
def _clusters_of_year_under(year: int, path: str, end: str) -> QuerySet[Cluster]:
    members = ClusterMember.objects.filter(subtree_between_q("unit__path", path, end), year=year)
    return Cluster.objects.filter(pk__in=members.values("cluster_id")).order_by("code", "name")


# --- Ranking tables ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RankingRow:
    standing: Standing
    rank: int
    opens: bool  # the user may open the unit's scorecard
    areas: tuple[Decimal, ...] = ()


@dataclass
class Ranking:
    span: Span
    cluster: Cluster | None
    rows: list[RankingRow]
    area_heads: list[tuple[str, str, Decimal]] = field(default_factory=list)  # code, name, max
    computed_at: dt.datetime | None = None


TOP_CRITERIA_ORDER = ("area__kind", "area__order", "area__code", "order", "code")


def top_criteria(movement: Movement) -> list[Criterion]:
    """The top-level criteria in the scorecard's order, with their area (one query)."""
    return list(
        Criterion.objects.filter(movement=movement, parent__isnull=True)
        .select_related("area")
        .order_by(*TOP_CRITERIA_ORDER)
    )


def _area_heads(movement: Movement) -> list[tuple[str, str, Decimal]]:
    """(code, name, maximum points) of the top-level criteria, in `top_criteria`'s order (the
    movement's plan kept per process: no query when it is)."""
    tops = [c for c in structure_of(movement).criteria if c.parent_id is None]
    return [(c.code, c.name, c.max_points) for c in in_area_order(tops)]


_RANKING_FIELDS = (
    "unit__id",
    "unit__name",
    "unit__code",
    "unit__path",
    "cluster_id",
    "total",
    "self_total",
    "penalty",
    "area_points",
    "rank_overall",
    "rank_in_cluster",
    "title",
    "computed_at",
)
_CLUSTER_FIELDS = ("cluster__id", "cluster__name")


# Only the columns the table, its export and its Thông báo show (the unit's other columns and the
# span's keys were a tenth of this read, ~0,15 ms of a cluster's 8 rows).
@prepared(int, str)
def _overall_standings(movement: int, span_key: str) -> QuerySet[Standing]:
    return (
        Standing.objects.filter(movement_id=movement, span_key=span_key)
        .select_related("unit", "cluster")
        .order_by("rank_overall", "unit__path")
        .only(*_RANKING_FIELDS, *_CLUSTER_FIELDS)
    )


@prepared(int, str, int)
def _cluster_standings(movement: int, span_key: str, cluster: int) -> QuerySet[Standing]:
    return (
        Standing.objects.filter(movement_id=movement, span_key=span_key, cluster_id=cluster)
        .select_related("unit")
        .order_by("rank_in_cluster", "unit__path")
        .only(*_RANKING_FIELDS)
    )


def ranking_of(user: AnyUser, movement: Movement, span: Span, cluster: Cluster | None) -> Ranking:
    """The standings of a span, overall or within a cluster, best first (two queries)."""
    standings = (
        _overall_standings.rows(movement.pk, span.key)
        if cluster is None
        else _cluster_standings.rows(movement.pk, span.key, cluster.pk)
    )
    heads = _area_heads(movement)
    rows = []
    for standing in standings:
        if cluster is not None:
            standing.cluster = cluster  # every row's, read once
        rank = standing.rank_in_cluster if cluster is not None else standing.rank_overall
        rows.append(
            RankingRow(
                standing=standing,
                rank=rank or standing.rank_overall,
                opens=can(user, Perm.VIEW_REPORT, standing.unit.path),
                areas=tuple(
                    Decimal(str(standing.area_points.get(code, "0"))) for code, _, _ in heads
                ),
            )
        )
    return Ranking(
        span=span,
        cluster=cluster,
        rows=rows,
        area_heads=heads,
        computed_at=max((row.standing.computed_at for row in rows), default=None),
    )


# --- Heat map ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    points: Decimal
    maximum: Decimal
    share: int
    level: int


@dataclass(frozen=True)
class HeatRow:
    standing: Standing
    cells: tuple[HeatCell, ...]
    opens: bool


@dataclass
class HeatMap:
    span: Span
    areas: list[tuple[ContentArea, Decimal]]  # each with its maximum points
    rows: list[HeatRow]
    levels: list[tuple[int, int, int]]  # level, from %, to %


def heat_map_of(user: AnyUser, movement: Movement, span: Span) -> HeatMap:
    """Areas × units: each unit's points per content area over the span, as a share of the
    area's maximum, on a fixed colour scale (two queries)."""
    tops = top_criteria(movement)
    areas: dict[int, tuple[ContentArea, Decimal]] = {}
    codes_by_area: dict[int, list[str]] = defaultdict(list)
    for criterion in tops:
        area, maximum = areas.get(criterion.area_id, (criterion.area, ZERO))
        areas[criterion.area_id] = (area, maximum + criterion.max_points)
        codes_by_area[criterion.area_id].append(criterion.code)
    rows = []
    for standing in (
        Standing.objects.filter(movement=movement, span_key=span.key)
        .select_related("unit")
        .order_by("unit__sort_order", "unit__name", "unit__path")
    ):
        cells = []
        for area_id, (_, maximum) in areas.items():
            points = sum(
                (
                    Decimal(str(standing.area_points.get(code, "0")))
                    for code in codes_by_area[area_id]
                ),
                ZERO,
            )
            share = charts.share_of(points, maximum)
            cells.append(HeatCell(points, maximum, share, charts.heat_level(share)))
        rows.append(
            HeatRow(standing, tuple(cells), can(user, Perm.VIEW_REPORT, standing.unit.path))
        )
    return HeatMap(
        span=span,
        areas=list(areas.values()),
        rows=rows,
        levels=[(level, low, high) for level, (low, high) in enumerate(charts.HEAT_LEVELS)],
    )


# --- A unit's scorecard --------------------------------------------------------------------------


@dataclass(frozen=True)
class CriterionLine:
    criterion: Criterion
    depth: int
    self_points: Decimal | None
    appraised_points: Decimal | None
    row: CriterionScore | None

    @property
    def adjusted(self) -> bool:
        return self.row is not None and self.row.appraised_points is not None

    @property
    def differs(self) -> bool:
        return self.self_points != self.appraised_points


@dataclass
class AreaBlock:
    area: ContentArea
    lines: list[CriterionLine]
    maximum: Decimal
    self_points: Decimal | None
    appraised_points: Decimal | None


@dataclass(frozen=True)
class PeriodLine:
    period: Period
    report: Report | None
    score: ReportScore | None
    standing: Standing | None
    cluster_average: Decimal | None

    @property
    def counts(self) -> bool:
        """Approved reports make standings; others show their points as provisional."""
        return self.report is not None and self.report.status == ReportStatus.APPROVED


@dataclass
class Scorecard:
    movement: Movement
    unit: Unit
    year: int
    years: list[int]
    periods: list[PeriodLine]
    selected: PeriodLine | None
    areas: list[AreaBlock]
    year_standing: Standing | None
    year_cluster_average: Decimal | None
    phases: list[tuple[Phase, Standing | None, Decimal | None]]
    cluster: Cluster | None
    cluster_size: int
    chart: charts.LineChart
    maximum: Decimal


def _finest_kind(periods: Sequence[Period], reported: set[int]) -> str:
    """The trend's step: the finest kind of period (month, quarter, half-year) the unit
    reported, else the finest kind the movement has."""
    for candidates in ([p for p in periods if p.pk in reported], list(periods)):
        kinds = {period.kind for period in candidates}
        finest = next((kind for kind in KIND_FINENESS if kind in kinds), None)
        if finest is not None:
            return finest
    return PeriodKind.QUARTER


# The scorecard's reads, compiled once per process (`core.prepared`).


@prepared(int, int, int)
def _unit_reports(movement: int, unit: int, year: int) -> QuerySet[Report]:
    return (
        Report.objects.filter(movement_id=movement, unit_id=unit, period__year__lte=year)
        .select_related("score")
        .order_by()
    )


@prepared(int, int)
def _periods_until(movement: int, year: int) -> QuerySet[Period]:
    return Period.objects.filter(movement_id=movement, year__lte=year).order_by()


@prepared(int, int)
def _membership(unit: int, year: int) -> QuerySet[Any]:
    return (
        ClusterMember.objects.filter(unit_id=unit, year=year)
        .select_related("cluster")
        .annotate(size=Count("cluster__members"))
        .order_by("pk")[:1]
    )


@prepared(int, int, int, int)
def _unit_standings(movement: int, unit: int, first_year: int, last_year: int) -> QuerySet[Any]:
    """The unit's standings of the periods and years from `first_year` to `last_year` and of
    every phase (a phase has no year; the caller keeps the spans it shows), each with the
    average total of its cluster over the same span; without the points per area, which the
    scorecard does not show. The average is worked out per row read: the other years' rows
    (two thirds of them for a movement of six years) are left out by the database."""
    same_cluster = (
        Standing.objects.filter(
            movement_id=OuterRef("movement_id"),
            span_key=OuterRef("span_key"),
            cluster_id=OuterRef("cluster_id"),
        )
        .order_by()
        .values("cluster_id")
        .annotate(average=Avg("total"))
        .values("average")
    )
    # No ORDER BY: the model's default ordering joins the movement.
    return (
        Standing.objects.filter(movement_id=movement, unit_id=unit)
        .filter(Q(year__gte=first_year, year__lte=last_year) | Q(year__isnull=True))
        .annotate(cluster_average=Subquery(same_cluster))
        .defer("area_points")
        .order_by()
    )


@prepared(int)
def _criterion_scores(report: int) -> QuerySet[CriterionScore]:
    return CriterionScore.objects.filter(report_id=report).select_related("adjusted_by")


def scorecard_of(
    movement: Movement, unit: Unit, year: int, *, selected_period: int | None = None
) -> Scorecard:
    """A unit's scores for a year: each period's totals (self, appraised, rank, its cluster's
    average), the chosen period's criteria by area (self beside appraised, with the reason),
    the year's and the phases' standings, and a trend over the finest reported periods of the
    year and the year before. A fixed number of queries whatever the periods and units."""
    reported_kinds = _reported_kinds(movement)
    reports = {
        report.period_id: report for report in _unit_reports.rows(movement.pk, unit.pk, year)
    }
    # Periods of a kind the units do not report are left out, unless a unit reported one anyway.
    all_periods = _in_calendar_order(
        period
        for period in _periods_until.rows(movement.pk, year)
        if period.kind in reported_kinds or period.pk in reports
    )
    finest = _finest_kind(all_periods, set(reports))
    year_periods = [period for period in all_periods if period.year == year]
    # The trend: the finest reported periods of the year and the year before.
    trend_periods = [p for p in all_periods if p.kind == finest and p.year >= year - 1]
    phases = [
        phase
        for phase in _phases.rows(movement.pk)
        if phase.start_date.year <= year <= phase.end_date.year
    ]
    # Only the spans the card shows: its periods, the trend's, the year, the phases.
    standings, averages = _standings_of(
        movement,
        unit,
        {f"p:{p.pk}" for p in (*year_periods, *trend_periods)}
        | {f"y:{year}"}
        | {f"ph:{phase.number}" for phase in phases},
        (year - 1, year),  # the trend's year before, and the year
    )
    membership = _membership.first(unit.pk, year)
    cluster_size = membership.size if membership is not None else 0

    def line(period: Period) -> PeriodLine:
        report = reports.get(period.pk)
        key = f"p:{period.pk}"
        return PeriodLine(
            period=period,
            report=report,
            score=getattr(report, "score", None) if report is not None else None,
            standing=standings.get(key),
            cluster_average=averages.get(key),
        )

    lines = [line(period) for period in year_periods]
    scored = [item for item in lines if item.score is not None]
    selected = next((item for item in lines if item.period.pk == selected_period), None)
    if selected is None:
        selected = scored[-1] if scored else (lines[-1] if lines else None)
    areas, maximum = _area_blocks(movement, selected)
    year_standing = standings.get(f"y:{year}")
    trend = [line(period) for period in trend_periods]
    chart = charts.line_chart(
        [item.period.name for item in trend],
        [
            (
                unit.name,
                "td-series-unit",
                [item.score.appraised_total if item.score is not None else None for item in trend],
            ),
            ("Trung bình cụm, khối", "td-series-cluster", [item.cluster_average for item in trend]),
        ],
        maximum=maximum if maximum > 0 else None,
    )
    return Scorecard(
        movement=movement,
        unit=unit,
        year=year,
        years=movement_years(movement),
        periods=lines,
        selected=selected,
        areas=areas,
        year_standing=year_standing,
        year_cluster_average=averages.get(f"y:{year}"),
        phases=[
            (phase, standings.get(f"ph:{phase.number}"), averages.get(f"ph:{phase.number}"))
            for phase in phases
        ],
        cluster=membership.cluster if membership else None,
        cluster_size=cluster_size,
        chart=chart,
        maximum=maximum,
    )


def _standings_of(
    movement: Movement, unit: Unit, span_keys: set[str], years: tuple[int, int]
) -> tuple[dict[str, Standing], dict[str, Decimal]]:
    """The unit's standings over `span_keys` (spans of the `years`, first to last, and phases),
    and the average total of the cluster each one sits in, by span key (one query)."""
    standings = {
        standing.span_key: standing
        for standing in _unit_standings.rows(movement.pk, unit.pk, *years)
        if standing.span_key in span_keys
    }
    return standings, {
        key: Decimal(str(standing.cluster_average)).quantize(Decimal("0.01"))
        for key, standing in standings.items()
        if standing.cluster_id is not None and standing.cluster_average is not None
    }


def _area_blocks(
    movement: Movement, selected: PeriodLine | None
) -> tuple[list[AreaBlock], Decimal]:
    """The criteria tree by area with the selected report's points (one query; the criteria
    from the movement's plan, kept per process: `structure_of`)."""
    criteria = in_area_order(structure_of(movement).criteria)
    by_id = {c.pk: c for c in criteria}
    rows: dict[int, CriterionScore] = {}
    if selected is not None and selected.report is not None:
        rows = {row.criterion_id: row for row in _criterion_scores.rows(selected.report.pk)}
    nodes = [
        scorecard.CriterionNode(
            c.code, by_id[c.parent_id].code if c.parent_id in by_id else None, c.max_points
        )
        for c in criteria
    ]
    tree = scorecard.CriteriaTree(nodes)
    self_points = {by_id[cid].code: row.self_points for cid, row in rows.items() if cid in by_id}
    adjustments = {
        by_id[cid].code: row.appraised_points
        for cid, row in rows.items()
        if cid in by_id and row.appraised_points is not None
    }
    appraised = scorecard.appraised_points(tree, self_points, adjustments) if rows else {}
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    for c in criteria:
        children[c.parent_id if c.parent_id in by_id else None].append(c)
    blocks: dict[int, AreaBlock] = {}

    def walk(criterion: Criterion, depth: int, block: AreaBlock) -> None:
        row = rows.get(criterion.pk)
        block.lines.append(
            CriterionLine(
                criterion=criterion,
                depth=depth,
                self_points=row.self_points if row is not None else None,
                appraised_points=appraised.get(criterion.code) if row is not None else None,
                row=row,
            )
        )
        for kid in children[criterion.pk]:
            walk(kid, depth + 1, block)

    maximum = ZERO
    for top in children[None]:
        block = blocks.get(top.area_id)
        if block is None:
            block = AreaBlock(top.area, [], ZERO, None, None)
            blocks[top.area_id] = block
        block.maximum += top.max_points
        maximum += top.max_points
        if rows:
            block.self_points = (block.self_points or ZERO) + self_points.get(top.code, ZERO)
            block.appraised_points = (block.appraised_points or ZERO) + appraised.get(
                top.code, ZERO
            )
        walk(top, 0, block)
    return list(blocks.values()), maximum


# --- Recomputation jobs ------------------------------------------------------------------------


def recompute_jobs_visible_to(user: AnyUser) -> QuerySet[RecomputeJob]:
    """Jobs of the movements where the user holds MANAGE_REPORTING at the organising unit."""
    visible = [
        movement.pk
        for movement in movements_visible_to(user)
        if can(user, Perm.MANAGE_REPORTING, movement.owner.path)
    ]
    return RecomputeJob.objects.filter(movement_id__in=visible).select_related(
        "movement", "created_by"
    )


def latest_job(movement: Movement, year: int) -> RecomputeJob | None:
    return _latest_job.first(movement.pk, year)


@prepared(int, int)
def _latest_job(movement: int, year: int) -> QuerySet[RecomputeJob]:
    return (
        RecomputeJob.objects.filter(movement_id=movement, year=year)
        .select_related("created_by")
        .order_by("-created_at", "-pk")[:1]
    )


def home_unit(user: User, movement: Movement) -> Unit | None:
    """The participating unit a unit-level user reports for (their grant's unit or its
    participant ancestor), for the scores menu."""
    units = participant_units(movement).filter(scope_q(user, Perm.VIEW_REPORT, "path"))
    return units.order_by("path").first()
