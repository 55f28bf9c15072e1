"""Completeness and timeliness of a period: which units that must report have not started, are
entering, submitted (on time or late), wait at which approval level, were returned, or are
approved — with the counts, the entry exceptions and the period's three dates explained.

Units that must report are the movement's participant units (the đơn vị of the Sở); their
khoa/phòng may report their part and are listed on request. A unit with no report row has not
started. Every read is cut to the user's VIEW_REPORT scope: a hospital's officer sees their
hospital's subtree only, the department's officer every unit. A page costs the same queries
whatever the number of units (rows are built in Python from one read of each table).
"""

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Count, Min, Q
from django.utils import timezone

from thidua.accounts.roles import Perm
from thidua.core.text import search_tokens
from thidua.movements.enums import MovementStatus
from thidua.movements.models import Movement, Period
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.registrations import participant_units, tree_ordered
from thidua.organizations import tree
from thidua.organizations.models import Cluster, ClusterMember, Unit
from thidua.organizations.scoping import AnyUser, scope_q, subtree_q
from thidua.reporting.enums import NOT_STARTED, NOT_STARTED_LABEL, ReportStatus
from thidua.reporting.models import EntryException, Report, ReportingSetup
from thidua.reporting.workflow import EntryWindow, entry_window

DEFAULT_REPORTED_KINDS = ("quarter", "year")

# The states of a unit's report for a period, in the order of the page and its progress bar.
STATES: tuple[tuple[str, str], ...] = (
    (NOT_STARTED, NOT_STARTED_LABEL),
    (ReportStatus.DRAFT.value, "Đang nhập"),
    (ReportStatus.RETURNED.value, "Bị trả lại"),
    (ReportStatus.SUBMITTED.value, "Chờ duyệt"),
    (ReportStatus.APPROVED.value, "Đã duyệt"),
)
STATE_LABELS: Mapping[str, str] = dict(STATES)
# Bootstrap colours of the states (badges and the progress bar).
STATE_COLOURS: Mapping[str, str] = {
    NOT_STARTED: "secondary",
    ReportStatus.DRAFT.value: "info",
    ReportStatus.RETURNED.value: "danger",
    ReportStatus.SUBMITTED.value: "warning",
    ReportStatus.APPROVED.value: "success",
}

# Timeliness of the first submission.
ON_TIME, LATE, NOT_SUBMITTED = "on_time", "late", "not_submitted"
TIMELINESS: tuple[tuple[str, str], ...] = (
    (ON_TIME, "Nộp đúng hạn"),
    (LATE, "Nộp muộn"),
    (NOT_SUBMITTED, "Chưa nộp"),
)
TIMELINESS_LABELS: Mapping[str, str] = dict(TIMELINESS)


def today() -> dt.date:
    return timezone.localdate()


# -- Which periods -------------------------------------------------------------------------------


def reported_kinds(movement: Movement) -> list[str]:
    """The kinds of period the movement's units report (its setup, else quarter and year)."""
    setup = ReportingSetup.objects.filter(movement=movement).first()
    return list(setup.reported_kinds) if setup is not None else list(DEFAULT_REPORTED_KINDS)


def periods_for_monitoring(user: AnyUser) -> list[Period]:
    """Periods of the movements the user reads, of the kinds their units report, latest
    deadline first (the period picker; one query)."""
    periods = (
        Period.objects.filter(movement__in=movements_visible_to(user))
        .select_related("movement__reporting_setup")
        .order_by("-due_on", "movement__name", "kind", "pk")
    )
    return [period for period in periods if period.kind in _kinds_of(period.movement)]


def period_for(user: AnyUser, pk: int) -> Period | None:
    """The period if its movement is one the user reads (None: the page answers 404)."""
    return (
        Period.objects.filter(movement__in=movements_visible_to(user), pk=pk)
        .select_related("movement__owner")
        .first()
    )


def default_period(periods: list[Period], *, on: dt.date | None = None) -> Period | None:
    """The period a user most likely wants to follow among `periods`: the open one due
    soonest, else the one whose deadline passed last, else the next to open."""
    day = on or today()
    open_now = [p for p in periods if p.opens_on <= day <= p.locks_on]
    if open_now:
        return min(open_now, key=lambda p: (p.due_on, p.pk))
    passed = [p for p in periods if p.due_on < day]
    if passed:
        return max(passed, key=lambda p: (p.due_on, -p.pk))
    coming = [p for p in periods if p.opens_on > day]
    return min(coming, key=lambda p: (p.opens_on, p.pk)) if coming else None


# -- The three dates -----------------------------------------------------------------------------


def _ddmmyyyy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


def _days(count: int) -> str:
    return f"{count} ngày"


@dataclass(frozen=True)
class PeriodDates:
    """A period's opening, due and lock dates with where `today` stands, in plain Vietnamese."""

    period: Period
    today: dt.date
    window: EntryWindow

    @property
    def opens(self) -> str:
        day = self.period.opens_on
        if self.today < day:
            return (
                f"Mở nhập liệu từ ngày {_ddmmyyyy(day)} (còn {_days((day - self.today).days)}): "
                "trước ngày này đơn vị chưa nhập được số liệu."
            )
        return f"Mở nhập liệu từ ngày {_ddmmyyyy(day)}: đơn vị nhập số liệu và minh chứng."

    @property
    def due(self) -> str:
        day = self.period.due_on
        if self.today < day:
            return (
                f"Hạn nộp ngày {_ddmmyyyy(day)} (còn {_days((day - self.today).days)}): báo cáo "
                "nộp đến hết ngày này là đúng hạn."
            )
        if self.today == day:
            return f"Hạn nộp là hôm nay, {_ddmmyyyy(day)}: nộp đến hết hôm nay là đúng hạn."
        return (
            f"Hạn nộp ngày {_ddmmyyyy(day)} (đã qua {_days((self.today - day).days)}): báo cáo "
            "nộp bây giờ vẫn được nhận nhưng tính là nộp muộn."
        )

    @property
    def locks(self) -> str:
        day = self.period.locks_on
        if self.today <= day:
            left = (day - self.today).days
            when = "hôm nay" if left == 0 else f"còn {_days(left)}"
            return (
                f"Khóa số liệu sau ngày {_ddmmyyyy(day)} ({when}): sau đó không nhập, sửa hay "
                "nộp được nữa, trừ đơn vị được Sở gia hạn."
            )
        return (
            f"Số liệu đã khóa sau ngày {_ddmmyyyy(day)}: chỉ đơn vị được Sở gia hạn mới còn "
            "nhập, nộp được."
        )

    @property
    def lines(self) -> list[tuple[str, str]]:
        return [("Mở nhập liệu", self.opens), ("Hạn nộp", self.due), ("Khóa số liệu", self.locks)]


def period_dates(period: Period, *, on: dt.date | None = None) -> PeriodDates:
    day = on or today()
    return PeriodDates(
        period=period,
        today=day,
        window=entry_window(
            day, opens_on=period.opens_on, due_on=period.due_on, locks_on=period.locks_on
        ),
    )


# -- Completeness --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CompletenessFilter:
    state: str = ""  # one of STATES, or "" for all
    timeliness: str = ""  # one of TIMELINESS, or "" for all
    cluster_id: int | None = None
    query: str = ""
    include_sub_units: bool = False

    @property
    def is_filtered(self) -> bool:
        return bool(self.state or self.timeliness or self.cluster_id or self.query)


@dataclass(frozen=True)
class CompletenessRow:
    unit: Unit
    report: Report | None
    cluster: Cluster | None
    exception: EntryException | None  # the unit's own or its đơn vị's, lasting longest
    due_on: dt.date
    today: dt.date

    @property
    def state(self) -> str:
        return self.report.status if self.report is not None else NOT_STARTED

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)

    @property
    def state_colour(self) -> str:
        return STATE_COLOURS.get(self.state, "secondary")

    @property
    def pending_level_name(self) -> str:
        if self.report is None or self.report.status != ReportStatus.SUBMITTED:
            return ""
        level = self.report.pending_level
        return level.name if level is not None else ""

    @property
    def first_submitted_at(self) -> dt.datetime | None:
        return self.report.first_submitted_at if self.report is not None else None

    @property
    def timeliness(self) -> str:
        if self.report is None or self.report.first_submitted_at is None:
            return NOT_SUBMITTED
        return LATE if self.report.is_late else ON_TIME

    @property
    def timeliness_label(self) -> str:
        return TIMELINESS_LABELS[self.timeliness]

    @property
    def is_overdue(self) -> bool:
        """Never submitted, and the due date has passed."""
        return self.timeliness == NOT_SUBMITTED and self.today > self.due_on

    @property
    def overdue_days(self) -> int:
        return (self.today - self.due_on).days if self.is_overdue else 0


@dataclass(frozen=True)
class StateCount:
    key: str
    label: str
    count: int
    percent: int
    colour: str


class _StateCounts:
    """Counts of units by state over `total` units: what the completeness page and the home
    page's period cards both show (a bar and a legend)."""

    total: int
    counts: dict[str, int]

    @property
    def submitted(self) -> int:
        """Reports that reached the approvers (waiting or approved)."""
        return self.counts[ReportStatus.SUBMITTED.value] + self.counts[ReportStatus.APPROVED.value]

    @property
    def percent_submitted(self) -> int:
        return _percent(self.submitted, self.total)

    @property
    def states(self) -> list[StateCount]:
        return [
            StateCount(
                key,
                label,
                self.counts[key],
                _percent(self.counts[key], self.total),
                STATE_COLOURS[key],
            )
            for key, label in STATES
        ]

    @property
    def bars(self) -> list[StateCount]:
        """The states that have units, for a stacked progress bar (approved first)."""
        return _bars(self.states)


@dataclass
class Completeness(_StateCounts):
    period: Period
    dates: PeriodDates
    rows: list[CompletenessRow]  # after every filter
    total: int  # units matching the cluster and search filters (before state, timeliness)
    counts: dict[str, int]  # by state over those units
    timeliness: dict[str, int]  # by timeliness over those units
    exceptions: list[EntryException]
    clusters: list[Cluster]  # clusters of the units in scope (the cluster filter)
    filters: CompletenessFilter = field(default_factory=CompletenessFilter)

    @property
    def timeliness_counts(self) -> list[tuple[str, str, int]]:
        return [(key, label, self.timeliness[key]) for key, label in TIMELINESS]


def _percent(part: int, whole: int) -> int:
    return (100 * part) // whole if whole else 0


def _bars(states: list[StateCount]) -> list[StateCount]:
    """The states with units, approved first, widths adding up to 100 (the rounding left over
    goes to the largest), so that the stacked bar is full."""
    shown = [state for state in reversed(states) if state.count]
    if not shown:
        return []
    missing = 100 - sum(state.percent for state in shown)
    largest = max(range(len(shown)), key=lambda index: shown[index].count)
    widest = shown[largest]
    shown[largest] = StateCount(
        widest.key, widest.label, widest.count, widest.percent + missing, widest.colour
    )
    return shown


def units_to_report(
    user: AnyUser, movement: Movement, *, include_sub_units: bool = False, query: str = ""
) -> list[Unit]:
    """Participant units in the user's VIEW_REPORT scope, in tree order; with `query`, each
    folded word starts a word of the name or is in the code (diacritics and case aside)."""
    units = participant_units(movement, include_sub_units=include_sub_units).filter(
        scope_q(user, Perm.VIEW_REPORT, "path")
    )
    for token in search_tokens(query)[:6]:
        units = units.filter(
            Q(name_folded__startswith=token)
            | Q(name_folded__contains=" " + token)
            | Q(code__icontains=token)
        )
    return tree_ordered(
        units.only("id", "code", "name", "kind", "path", "depth", "sort_order", "name_folded")
    )


def _clusters_by_unit(year: int, units: Iterable[Unit]) -> dict[int, Cluster]:
    """Each unit's cluster of the year; a khoa/phòng takes its đơn vị's (one query)."""
    units = list(units)
    ids = {pk for unit in units for pk in tree.ancestor_ids(unit.path)}
    direct = {
        member.unit_id: member.cluster
        for member in ClusterMember.objects.filter(year=year, unit_id__in=ids).select_related(
            "cluster"
        )
    }
    result: dict[int, Cluster] = {}
    for unit in units:
        for pk in reversed(tree.ancestor_ids(unit.path)):
            if pk in direct:
                result[unit.pk] = direct[pk]
                break
    return result


def exceptions_in_scope(user: AnyUser, period: Period) -> list[EntryException]:
    """The period's entry exceptions over units the user reads, by unit."""
    return list(
        EntryException.objects.filter(period=period)
        .filter(scope_q(user, Perm.VIEW_REPORT, "unit__path"))
        .select_related("unit", "granted_by")
        .order_by("unit__path")
    )


def _exception_of(unit: Unit, by_unit: Mapping[int, EntryException]) -> EntryException | None:
    found = [by_unit[pk] for pk in tree.ancestor_ids(unit.path) if pk in by_unit]
    return max(found, key=lambda exception: exception.until) if found else None


def completeness(
    user: AnyUser,
    period: Period,
    filters: CompletenessFilter | None = None,
    *,
    on: dt.date | None = None,
) -> Completeness:
    """Every unit that must report the period, in the user's scope, with its report's state,
    timeliness, pending level and exception; the counts by state and timeliness (after the
    cluster and search filters, before the state and timeliness ones); the exceptions and the
    clusters. Five queries whatever the number of units (scope rows, units, reports, cluster
    memberships, exceptions), plus the user's grants once per request."""
    filters = filters or CompletenessFilter()
    day = on or today()
    units = units_to_report(
        user,
        period.movement,
        include_sub_units=filters.include_sub_units,
        query=filters.query,
    )
    reports = {
        report.unit_id: report
        for report in Report.objects.filter(period=period)
        .filter(scope_q(user, Perm.VIEW_REPORT, "unit__path"))
        .select_related("pending_level")
        .only(
            "id",
            "unit_id",
            "status",
            "pending_level__name",
            "pending_level__depth",
            "submitted_at",
            "first_submitted_at",
            "is_late",
            "approved_at",
            "changed_since_approval",
        )
    }
    clusters = _clusters_by_unit(period.year, units)
    exceptions = exceptions_in_scope(user, period)
    by_unit = {exception.unit_id: exception for exception in exceptions}
    rows = [
        CompletenessRow(
            unit=unit,
            report=reports.get(unit.pk),
            cluster=clusters.get(unit.pk),
            exception=_exception_of(unit, by_unit),
            due_on=period.due_on,
            today=day,
        )
        for unit in units
    ]
    cluster_list = sorted(
        {cluster.pk: cluster for cluster in clusters.values()}.values(),
        key=lambda cluster: (cluster.code, cluster.pk),
    )
    if filters.cluster_id:
        rows = [row for row in rows if row.cluster and row.cluster.pk == filters.cluster_id]
    states = Counter(row.state for row in rows)
    timeliness = Counter(row.timeliness for row in rows)
    total = len(rows)
    if filters.state:
        rows = [row for row in rows if row.state == filters.state]
    if filters.timeliness:
        rows = [row for row in rows if row.timeliness == filters.timeliness]
    return Completeness(
        period=period,
        dates=period_dates(period, on=day),
        rows=rows,
        total=total,
        counts={key: states.get(key, 0) for key, _ in STATES},
        timeliness={key: timeliness.get(key, 0) for key, _ in TIMELINESS},
        exceptions=exceptions,
        clusters=cluster_list,
        filters=filters,
    )


# -- Counts of several periods (the home page) ---------------------------------------------------


@dataclass(frozen=True)
class PeriodProgress(_StateCounts):
    period: Period
    dates: PeriodDates
    total: int
    counts: dict[str, int]


def open_periods(user: AnyUser, *, on: dt.date | None = None) -> list[Period]:
    """Periods open for entry on `on` (opened, not locked) of the launched movements the user
    reads, of the kinds their units report, soonest deadline first."""
    day = on or today()
    periods = list(
        Period.objects.filter(
            movement__in=movements_visible_to(user),
            movement__status=MovementStatus.LAUNCHED,
            opens_on__lte=day,
            locks_on__gte=day,
        )
        .select_related("movement__owner", "movement__reporting_setup")
        .order_by("due_on", "movement__name", "kind", "pk")
    )
    return [period for period in periods if period.kind in _kinds_of(period.movement)]


def _kinds_of(movement: Movement) -> list[str]:
    setup = getattr(movement, "reporting_setup", None)
    return list(setup.reported_kinds) if setup is not None else list(DEFAULT_REPORTED_KINDS)


def progress_of_periods(
    user: AnyUser, periods: list[Period], *, on: dt.date | None = None
) -> list[PeriodProgress]:
    """The counts by state of each period's units that must report (đơn vị, in the user's
    scope): two queries per movement (its scope rows and its unit ids), one for the reports of
    every period together, whatever the number of units."""
    day = on or today()
    units_by_movement: dict[int, set[int]] = {}
    for period in periods:
        if period.movement_id not in units_by_movement:
            units_by_movement[period.movement_id] = set(
                participant_units(period.movement)
                .filter(scope_q(user, Perm.VIEW_REPORT, "path"))
                .values_list("pk", flat=True)
            )
    statuses: dict[int, Counter[str]] = {period.pk: Counter() for period in periods}
    if periods:
        rows = (
            Report.objects.filter(period__in=[period.pk for period in periods])
            .filter(scope_q(user, Perm.VIEW_REPORT, "unit__path"))
            .values_list("period_id", "unit_id", "status")
        )
        movement_of = {period.pk: period.movement_id for period in periods}
        for period_id, unit_id, status in rows:
            if unit_id in units_by_movement[movement_of[period_id]]:
                statuses[period_id][status] += 1
    result = []
    for period in periods:
        total = len(units_by_movement[period.movement_id])
        counts = {key: statuses[period.pk].get(key, 0) for key, _ in STATES}
        counts[NOT_STARTED] = total - sum(counts.values())
        result.append(
            PeriodProgress(
                period=period, dates=period_dates(period, on=day), total=total, counts=counts
            )
        )
    return result


# -- The setup page -------------------------------------------------------------------------------


@dataclass(frozen=True)
class TreeDepth:
    """A depth of the movement's unit tree, described for the approval levels' form."""

    depth: int
    units: int
    example: str  # the name of one unit at this depth
    relative: int  # 0 = the organising unit, 1 = its units, 2 = their khoa/phòng…

    @property
    def label(self) -> str:
        if self.relative == 0:
            return f"Cấp {self.depth} — đơn vị tổ chức phong trào ({self.example})"
        if self.relative == 1:
            return (
                f"Cấp {self.depth} — đơn vị trực thuộc ({self.units} đơn vị, ví dụ {self.example})"
            )
        if self.relative == 2:
            return (
                f"Cấp {self.depth} — khoa, phòng, trạm ({self.units} đơn vị, ví dụ {self.example})"
            )
        return f"Cấp {self.depth} — {self.units} đơn vị, ví dụ {self.example}"

    @property
    def default_name(self) -> str:
        return {0: "Sở", 1: "Đơn vị", 2: "Khoa, phòng"}.get(self.relative, f"Cấp {self.depth}")


def tree_depths(movement: Movement) -> list[TreeDepth]:
    """The depths of the active units under the movement's organising unit, top first, with
    how many units each has and one example (one query)."""
    rows = (
        Unit.objects.filter(subtree_q("path", movement.owner.path), is_active=True)
        .order_by()
        .values("depth")
        .annotate(units=Count("pk"), example=Min("name"))
        .order_by("depth")
    )
    top = movement.owner.depth
    return [
        TreeDepth(
            depth=row["depth"],
            units=row["units"],
            example=row["example"],
            relative=row["depth"] - top,
        )
        for row in rows
    ]
