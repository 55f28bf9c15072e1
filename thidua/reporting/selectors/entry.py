"""Reading reports for entry: the entry window of a unit, the facts the validation rules need
(`issues_of`), and the reports a user may see or enter (scoped by the unit tree)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.db.models import F, Func, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from thidua.accounts.roles import Perm
from thidua.core.prepared import PreparedQuery, prepared
from thidua.movements.enums import Aggregation, TargetStatus, ValueType
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Period,
    ScoringVersion,
    Target,
    YearlyTarget,
)
from thidua.movements.selectors.structure import Structure, structure_of
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import (
    AnyUser,
    can,
    scope_q,
    subtree_between_q,
    subtree_end,
    subtree_q,
)
from thidua.reporting.aggregation import Part, aggregate
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import (
    EntryException,
    Evidence,
    Report,
    ReportingSetup,
    ReportValue,
)

# Scoring's bulk loader and its pure computation (no write) serve the live points of the page.
from thidua.reporting.services.scores import as_text, compute_score, load_scoring_data, to_decimal
from thidua.reporting.validation import (
    IndicatorCheck,
    Issue,
    check_report,
    format_number,
    is_people_label,
)
from thidua.reporting.workflow import EntryWindow, entry_window


def ancestor_ids(unit: Unit) -> list[int]:
    """The ids on the unit's path, the root first and the unit last."""
    return [int(part) for part in unit.path.strip("/").split("/") if part]


def exception_until(period: Period, unit: Unit) -> EntryException | None:
    """The department's exception letting the unit (or the đơn vị it belongs to) enter the
    period after its lock date: the one lasting longest."""
    return (
        EntryException.objects.filter(period=period, unit_id__in=ancestor_ids(unit))
        .order_by("-until")
        .first()
    )


def window_of(period: Period, unit: Unit) -> EntryWindow:
    """Whether the unit may enter and submit the period's data today, and why (Vietnamese).
    An exception counts only after the lock date: until then none is looked up."""
    today = timezone.localdate()
    exception = exception_until(period, unit) if today > period.locks_on else None
    return entry_window(
        today,
        opens_on=period.opens_on,
        due_on=period.due_on,
        locks_on=period.locks_on,
        exception_until=exception.until if exception else None,
    )


# -- Scope ---------------------------------------------------------------------------------------


def reports_visible_to(user: AnyUser) -> QuerySet[Report]:
    """Reports of the units where the user holds VIEW_REPORT (none without it)."""
    return Report.objects.filter(scope_q(user, Perm.VIEW_REPORT, "unit__path"))


def report_for(user: AnyUser, pk: int) -> Report | None:
    """The report if the user may see it (None otherwise: the page answers 404), with what its
    pages show (the movement's reporting setup too: the entry page's jump factor). Judged on the
    row by `can` (what `reports_visible_to`'s conditions say): the query is then the same for
    every user and compiled once (`core.prepared`)."""
    report = _report_with_context.first(pk)
    if report is None or not can(user, Perm.VIEW_REPORT, report.unit.path):
        return None
    return report


@prepared(int)
def _report_with_context(pk: int) -> QuerySet[Report]:
    return (
        Report.objects.select_related(
            "period",
            "unit",
            "movement",
            "movement__owner",
            "movement__reporting_setup",
            "movement__structure_stamp",  # the plan kept per process (`structure_of`)
            "pending_level",
        )
        .filter(pk=pk)
        .order_by()[:1]  # one row: not the model's ordering (joins through the period and unit)
    )


# -- The facts of the validation rules -------------------------------------------------------------


def indicator_check(indicator: Indicator) -> IndicatorCheck:
    return IndicatorCheck(
        code=indicator.code,
        name=indicator.name,
        value_type=indicator.value_type,
        unit_label=indicator.unit_label,
        min_value=indicator.min_value,
        max_value=indicator.max_value,
        evidence_required=indicator.evidence_required,
        is_computed=indicator.is_computed,
        is_people_count=indicator.value_type in {ValueType.COUNT, ValueType.NUMBER}
        and is_people_label(indicator.unit_label),
    )


def previous_period(period: Period) -> Period | None:
    """The movement's period of the same kind just before `period`."""
    return _period_before.first(period.movement_id, period.kind, period.start_date)


@prepared(int, str, dt.date)
def _period_before(movement: int, kind: str, start: dt.date) -> QuerySet[Period]:
    return Period.objects.filter(movement_id=movement, kind=kind, end_date__lt=start).order_by(
        "-end_date", "-pk"
    )[:1]


def previous_values(period: Period, unit: Unit) -> dict[str, ReportValue]:
    """The unit's values of the previous period of the same kind, by indicator code."""
    before = previous_period(period)
    if before is None:
        return {}
    return {
        row.indicator.code: row
        for row in ReportValue.objects.filter(report__period=before, report__unit=unit)
        .select_related("indicator")
        .only("value", "text", "indicator__code", "report_id")
    }


def staff_count(unit: Unit) -> int:
    """Active people working in the unit or below it."""
    return Person.objects.filter(
        is_active=True, unit__in=Unit.objects.filter(subtree_q("path", unit.path)).values("pk")
    ).count()


def evidence_codes(report: Report) -> set[str]:
    """Codes of the indicators with evidence: attached to the indicator, or to its criterion
    (a criterion's minh chứng serves each of its indicators)."""
    rows = Evidence.objects.filter(report=report).values_list("indicator__code", "criterion_id")
    codes = {code for code, _ in rows if code}
    criteria = {criterion for _, criterion in rows if criterion}
    if criteria:
        codes |= set(
            Indicator.objects.filter(
                movement_id=report.movement_id, criterion_id__in=criteria
            ).values_list("code", flat=True)
        )
    return codes


def setup_of(report: Report) -> ReportingSetup | None:
    return ReportingSetup.objects.filter(movement_id=report.movement_id).first()


def issues_of(report: Report) -> list[Issue]:
    """The errors and warnings of the report as it is stored (see `validation.check_report`):
    staff = the active people of the unit's subtree; previous values = the same unit's report
    of the previous period of the same kind; evidence per indicator (or its criterion); the
    jump factor of the movement's setup (3 when none). A unit with no one recorded has an
    unknown staff: the people-count rule is then skipped."""
    indicators = list(
        Indicator.objects.filter(movement_id=report.movement_id).select_related("criterion")
    )
    indicators.sort(key=lambda i: (i.criterion.order, i.criterion.code, i.order, i.code))
    rows = {
        row.indicator.code: row
        for row in ReportValue.objects.filter(report=report)
        .select_related("indicator")
        .only("value", "text", "explanation", "indicator__code")
    }
    setup = setup_of(report)
    staff = staff_count(report.unit)
    return check_report(
        [indicator_check(indicator) for indicator in indicators],
        {code: row.value for code, row in rows.items()},
        {code: row.text for code, row in rows.items()},
        {code: row.value for code, row in previous_values(report.period, report.unit).items()},
        staff or None,  # no one recorded in the unit: the staff is unknown, not zero
        evidence_codes(report),
        {code: row.explanation for code, row in rows.items()},
        setup.jump_factor if setup else Decimal(3),
    )


# -- The entry page ------------------------------------------------------------------------------


@dataclass
class IssueLine:
    """An issue shown on the entry page; a warning carries its explanation (if any)."""

    issue: Issue
    indicator_pk: int
    row: ReportValue | None
    explanation: str = ""
    detail: str = ""  # the message without the indicator's name (shown on its own row)
    # The URL of the explanation's form (`reporting:entry_explanation`), set by the view.
    explanation_url: str = ""
    key: str = field(init=False)  # the indicator id, as the ids of the page's elements use it
    is_error: bool = field(init=False)
    is_explained: bool = field(init=False)

    def __post_init__(self) -> None:
        self.key = str(self.indicator_pk)
        self.is_error = self.issue.is_error
        self.is_explained = not self.issue.is_error and bool(self.explanation.strip())


_AGGREGATION_LABELS = {str(value): str(label).lower() for value, label in Aggregation.choices}


@dataclass
class EntryRow:
    """One indicator of the entry page. What the template reads several times per row is a
    plain attribute, worked out once (`key`, the flags, `revision`): a page shows every
    indicator, and its htmx answers every computed one."""

    indicator: Indicator
    row: ReportValue | None
    shown: str  # what the input shows (Vietnamese number, "1"/"0" for yes/no, or the text)
    target: str
    previous: str
    points: str | None  # None: the indicator has no scoring rule in the version in force
    method: str | None
    aggregate: Decimal | None = None
    aggregate_shown: str = ""
    evidence: list[Evidence] = field(default_factory=list)
    issues: list[IssueLine] = field(default_factory=list)
    # Set by the page after a refused save: the message, and whether another editor won.
    error: str = ""
    stale: bool = False
    # The URL of the row's value (`reporting:entry_value`), set by the view.
    value_url: str = ""
    key: str = field(init=False)  # the indicator id, as the ids of the page's elements use it
    revision: int = field(init=False)
    is_computed: bool = field(init=False)
    is_text: bool = field(init=False)
    is_boolean: bool = field(init=False)
    changed_since_approval: bool = field(init=False)
    # "cộng", "trung bình"… (lower case): how the khoa/phòng values make the aggregate.
    aggregation_label: str = field(init=False)

    def __post_init__(self) -> None:
        indicator, row = self.indicator, self.row
        self.key = str(indicator.pk)
        self.revision = row.revision if row is not None else 0
        self.is_computed = indicator.is_computed
        self.is_text = indicator.value_type == ValueType.TEXT
        self.is_boolean = indicator.value_type == ValueType.BOOLEAN
        self.changed_since_approval = row is not None and row.changed_since_approval
        # The label by the enum, not `get_aggregation_display` (which rebuilds the field's
        # choices on every call: a third of a row's cost).
        self.aggregation_label = (
            _AGGREGATION_LABELS.get(indicator.aggregation, indicator.aggregation)
            if self.aggregate is not None
            else ""
        )

    @property
    def has_error(self) -> bool:
        return any(line.is_error for line in self.issues)

    @property
    def has_warning(self) -> bool:
        return any(not line.is_error and not line.is_explained for line in self.issues)


@dataclass
class CriterionBlock:
    criterion: Criterion
    depth: int
    points: str
    rows: list[EntryRow] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)


@dataclass
class AreaBlock:
    area: ContentArea
    criteria: list[CriterionBlock] = field(default_factory=list)


@dataclass
class EntrySheet:
    """Everything the entry page of a report shows, loaded in a fixed number of queries. What
    it works out from them is worked out once (cached properties): the page reads it often."""

    report: Report
    window: EntryWindow
    can_enter: bool
    areas: list[AreaBlock]
    rows: dict[int, EntryRow]  # by indicator id
    criteria: list[CriterionBlock]
    issues: list[IssueLine]
    evidence: list[Evidence]
    version: ScoringVersion | None
    total: str
    criteria_total: str
    bonus: str
    penalty: str
    title: str
    khoa_reports: int
    staff: int
    previous_period: Period | None
    structure: Structure  # the movement's plan the sheet was built from

    @cached_property
    def is_editable(self) -> bool:
        return self.report.status in EDITABLE_STATUSES

    @cached_property
    def accepts_entry(self) -> bool:
        return self.can_enter and self.is_editable and self.window.accepts_entry

    @cached_property
    def errors(self) -> list[IssueLine]:
        return [line for line in self.issues if line.is_error]

    @cached_property
    def warnings(self) -> list[IssueLine]:
        return [line for line in self.issues if not line.is_error]

    @cached_property
    def unexplained(self) -> list[IssueLine]:
        return [line for line in self.warnings if not line.is_explained]

    @cached_property
    def last_saved(self) -> dt.datetime | None:
        moments = [row.row.updated_at for row in self.rows.values() if row.row and row.row.revision]
        return max(moments) if moments else None


EDITABLE_STATUSES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def shown_value(indicator: Indicator, row: ReportValue | None) -> str:
    """What an input shows for a stored value."""
    if row is None:
        return ""
    if indicator.value_type == ValueType.TEXT:
        return row.text
    if row.value is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return "1" if row.value else "0"
    return format_number(row.value)


def _shown_previous_of(indicator: Indicator, stored: tuple[Decimal | None, str] | None) -> str:
    """What the page shows of the previous period's (value, text)."""
    if stored is None:
        return ""
    value, text = stored
    if indicator.value_type == ValueType.TEXT:
        return text
    if value is None:
        return ""
    if indicator.value_type == ValueType.BOOLEAN:
        return "Có" if value else "Không"
    return format_number(value)


def _criteria_in_order(criteria: list[Criterion]) -> list[tuple[Criterion, int]]:
    """The criteria in tree order (children after their parent) with their depth."""
    children: dict[int | None, list[Criterion]] = defaultdict(list)
    ids = {criterion.pk for criterion in criteria}
    for criterion in criteria:
        children[criterion.parent_id if criterion.parent_id in ids else None].append(criterion)
    ordered: list[tuple[Criterion, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for criterion in sorted(children[parent], key=lambda c: (c.order, c.code)):
            if any(criterion is seen for seen, _ in ordered):
                continue
            ordered.append((criterion, depth))
            walk(criterion.pk, depth + 1)

    walk(None, 0)
    return ordered


@dataclass
class _Khoa:
    reports: int = 0
    parts: dict[int, list[Part]] = field(default_factory=lambda: defaultdict(list))


def _khoa_parts(
    report: Report,
    staff_by_unit: dict[str, int],
    latest: set[int],
    indicator_id: int | None = None,
) -> _Khoa:
    """The values of the reports of the khoa/phòng below the report's unit, same period, by
    indicator id (only `indicator_id`'s when given), each with the staff of its khoa (for the
    weighted average) and, for the indicators in `latest` (aggregated by the latest value), the
    time it was entered. Values and times are read as text: a time is parsed only where it is
    needed."""
    khoa = _Khoa()
    path = report.unit.path
    rows = (
        _khoa_values.rows(report.period_id, path, subtree_end(path), report.unit_id)
        if indicator_id is None
        else _khoa_values_of.rows(
            report.period_id, path, subtree_end(path), report.unit_id, indicator_id
        )
    )
    seen: set[int] = set()
    staff_of: dict[str, int] = {}  # the staff of each khoa's subtree, summed once
    for report_id, path, of_indicator, value, updated_at in rows:
        seen.add(report_id)
        staff = staff_of.get(path)
        if staff is None:
            staff = staff_of[path] = sum(
                count for unit_path, count in staff_by_unit.items() if unit_path.startswith(path)
            )
        khoa.parts[of_indicator].append(
            Part(
                value=to_decimal(value),
                staff=staff,
                at=_moment(updated_at) if of_indicator in latest else None,
            )
        )
    khoa.reports = len(seen)
    return khoa


def _khoa_values_query(period: int, path: str, end: str, unit: int) -> QuerySet[Any]:
    """(report, khoa path, indicator, value as text, time as text) of the khoa/phòng reports
    below the unit `path` (not its own) for the period, by khoa."""
    return (
        ReportValue.objects.filter(
            report__period_id=period,
            report__unit__in=Unit.objects.filter(subtree_between_q("path", path, end))
            .exclude(pk=unit)
            .values("pk"),
        )
        .values_list(
            "report_id",
            "report__unit__path",
            "indicator_id",
            as_text("value"),
            as_text("updated_at"),
        )
        .order_by("report__unit__path")
    )


_khoa_values = PreparedQuery(_khoa_values_query, int, str, str, int)
_khoa_values_of = PreparedQuery(
    lambda period, path, end, unit, indicator: _khoa_values_query(period, path, end, unit).filter(
        indicator_id=indicator
    ),
    int,
    str,
    str,
    int,
    int,
)


def _aggregate(indicator: Indicator, parts: list[Part]) -> Decimal | None:
    """What the page offers as the khoa/phòng aggregate of an indicator (none for a computed or
    a text one): by the indicator's rule, a count made whole, yes/no "có" when any says so."""
    if not parts or indicator.is_computed or indicator.value_type == ValueType.TEXT:
        return None
    value = aggregate(indicator.aggregation, parts)
    if value is not None and indicator.value_type == ValueType.COUNT:
        value = value.to_integral_value()
    if value is not None and indicator.value_type == ValueType.BOOLEAN:
        value = Decimal(1 if value > 0 else 0)
    return value


def aggregate_of(report: Report, indicator: Indicator) -> Decimal | None:
    """The khoa/phòng aggregate of one indicator, as the entry page offers it (two queries)."""
    latest = {indicator.pk} if indicator.aggregation == Aggregation.LATEST else set()
    khoa = _khoa_parts(report, _staff_by_unit(report.unit), latest, indicator_id=indicator.pk)
    return _aggregate(indicator, khoa.parts.get(indicator.pk, []))


def stored_value(report: Report, indicator: Indicator) -> ReportValue | None:
    """The report's stored value row of an indicator (None before the report has one)."""
    return ReportValue.objects.filter(report=report, indicator=indicator).order_by().first()


def _moment(text: str | None) -> dt.datetime | None:
    """A time read as text, as the database backend would have read it (aware, UTC)."""
    moment = parse_datetime(text) if text else None
    if moment is not None and timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return moment


def _staff_by_unit(unit: Unit) -> dict[str, int]:
    """Active people per unit path in the unit's subtree, units without anyone left out (one
    query)."""
    return {
        path: staff
        for path, staff in _staff_per_unit.rows(unit.path, subtree_end(unit.path))
        if staff
    }


@prepared(str, str)
def _staff_per_unit(path: str, end: str) -> QuerySet[Any]:
    # Unit by unit, each counted through the people's unit index: a join of the people to
    # their units and a GROUP BY on the path read every person's unit row and sorted them
    # (0,47 → 0,27 ms for a hospital of 42 units and 661 people, fresh connection).
    staff = (
        Person.objects.filter(unit=OuterRef("pk"), is_active=True)
        .order_by()
        .annotate(count=Func(F("pk"), function="COUNT"))
        .values("count")
    )
    return (
        Unit.objects.filter(subtree_between_q("path", path, end))
        .annotate(staff=Subquery(staff))
        .order_by()
        .values_list("path", "staff")
    )


def _setup_of(report: Report) -> ReportingSetup | None:
    """The movement's reporting setup: selected with the report by `report_for` (no query),
    else loaded."""
    try:
        return report.movement.reporting_setup
    except ReportingSetup.DoesNotExist:
        return None


# The entry page's reads, compiled once per process (`core.prepared`).


@prepared(int, int, int, int)
def _unit_figures(movement: int, unit: int, year: int, before: int) -> QuerySet[Any]:
    """(indicator id, the unit's approved target of the year, the yearly default — what scoring
    reads as targets —, the unit's value and text of the period `before`) of each indicator of
    the movement: one query for the three."""
    with_indicator = {"indicator": OuterRef("pk")}
    earlier = ReportValue.objects.filter(
        **with_indicator, report__period_id=before, report__unit_id=unit
    ).order_by()
    return (
        Indicator.objects.filter(movement_id=movement)
        .annotate(
            own_target=Subquery(
                Target.objects.filter(
                    **with_indicator, unit_id=unit, year=year, status=TargetStatus.APPROVED
                )
                .order_by()
                .values("value")[:1]
            ),
            default_target=Subquery(
                YearlyTarget.objects.filter(**with_indicator, year=year)
                .order_by()
                .values("value")[:1]
            ),
            previous_value=Subquery(earlier.values("value")[:1]),
            previous_text=Subquery(earlier.values("text")[:1]),
        )
        .order_by()
        .values_list("pk", "own_target", "default_target", "previous_value", "previous_text")
    )


@prepared(int)
def _values_of_report(report: int) -> QuerySet[ReportValue]:
    return ReportValue.objects.filter(report_id=report)


@prepared(int)
def _evidence_of_report(report: int) -> QuerySet[Evidence]:
    return (
        Evidence.objects.filter(report_id=report)
        .select_related("blob", "uploaded_by")
        .order_by("uploaded_at", "pk")
    )


def entry_sheet(report: Report, user: AnyUser, *, full: bool = True) -> EntrySheet:
    """The entry page of a report: areas → criteria (tree order) → indicators, each with its
    target, the previous period's value, the stored value, its points under the scoring version
    in force at the period's end, its evidence and issues; for a unit with khoa/phòng reports,
    the aggregate of theirs by the indicator's rule. The number of queries does not depend on
    the number of indicators, criteria or khoa reports.

    `full=False`: what the answer to a saved value shows (points, computed values, issues),
    one query fewer: no khoa/phòng aggregates, and no evidence list (what the evidence covers
    still counts for the rules)."""
    period, unit = report.period, report.unit
    window = window_of(period, unit)
    before = previous_period(period)
    structure = structure_of(report.movement)
    indicators, criteria = list(structure.indicators), list(structure.criteria)
    figures = _unit_figures.rows(
        report.movement_id,
        unit.pk,
        period.year,
        before.pk if before is not None else 0,  # no period has id 0: no previous value
    )
    # A previous row with neither a value nor a text shows and counts as none.
    previous = {
        pk: (value, text or "") for pk, _, _, value, text in figures if value is not None or text
    }
    rows = {row.indicator_id: row for row in _values_of_report.rows(report.pk)}
    indicator_by_id = {indicator.pk: indicator for indicator in indicators}
    evidence: list[Evidence] = []
    if full:
        evidence = _evidence_of_report.rows(report.pk)
        # What each minh chứng is for, from the indicators and criteria loaded above (no join).
        criterion_by_id = {criterion.pk: criterion for criterion in criteria}
        for item in evidence:
            if item.indicator_id in indicator_by_id:
                item.indicator = indicator_by_id[item.indicator_id]
            if item.criterion_id in criterion_by_id:
                item.criterion = criterion_by_id[item.criterion_id]
        evidence_codes = {item.indicator.code for item in evidence if item.indicator}
        criteria_with_evidence = {item.criterion_id for item in evidence if item.criterion_id}
        staff_by_unit = _staff_by_unit(unit)
        staff = sum(staff_by_unit.values())
        latest = {i.pk for i in indicators if i.aggregation == Aggregation.LATEST}
        khoa = _khoa_parts(report, staff_by_unit, latest)
    else:
        covered = Evidence.objects.filter(report=report).values_list("indicator_id", "criterion_id")
        evidence_codes = {indicator_by_id[of].code for of, _ in covered if of in indicator_by_id}
        criteria_with_evidence = {criterion for _, criterion in covered if criterion}
        staff = staff_count(unit)
        khoa = _Khoa()
    setup = _setup_of(report)

    # Only the version in force at the period's end is loaded: the one that scores it; the
    # targets came with the unit's figures (no year to load them for).
    data = load_scoring_data(
        report.movement, unit_ids=[unit.pk], years=(), structure=structure, on=period.end_date
    )
    data.targets = {
        (pk, unit.pk, period.year): own for pk, own, _, _, _ in figures if own is not None
    }
    data.yearly = {
        (pk, period.year): default for pk, _, default, _, _ in figures if default is not None
    }
    values = {pk: (row.value, row.text) for pk, row in rows.items()}
    computed = compute_score(
        data, report_id=report.pk, unit_id=unit.pk, period=period, values=values, adjustments={}
    )
    version = computed.version if computed else None
    methods = data.rules[version.pk].methods if version else {}

    by_code = {indicator.code: indicator for indicator in indicators}
    checks = [indicator_check(indicator) for indicator in indicators]
    evidence_codes |= {i.code for i in indicators if i.criterion_id in criteria_with_evidence}
    missing = (None, "")
    found = check_report(
        checks,
        {i.code: rows[i.pk].value if i.pk in rows else None for i in indicators},
        {i.code: rows[i.pk].text if i.pk in rows else "" for i in indicators},
        {i.code: previous.get(i.pk, missing)[0] for i in indicators},
        staff or None,
        evidence_codes,
        {},
        setup.jump_factor if setup else Decimal(3),
    )
    issues = []
    issues_of_indicator: dict[int, list[IssueLine]] = defaultdict(list)
    for issue in found:
        indicator = by_code[issue.code]
        row = rows.get(indicator.pk)
        line = IssueLine(
            issue=issue,
            indicator_pk=indicator.pk,
            row=row,
            explanation=row.explanation if row is not None else "",
            detail=issue.message.removeprefix(f"{indicator.code} — {indicator.name}: "),
        )
        issues.append(line)
        issues_of_indicator[indicator.pk].append(line)
    evidence_of_indicator: dict[int, list[Evidence]] = defaultdict(list)
    evidence_of_criterion: dict[int, list[Evidence]] = defaultdict(list)
    for item in evidence:
        if item.indicator_id is not None:
            evidence_of_indicator[item.indicator_id].append(item)
        if item.criterion_id is not None:
            evidence_of_criterion[item.criterion_id].append(item)

    entry_rows: dict[int, EntryRow] = {}
    points_of = computed.indicator_points if computed else {}
    for indicator in indicators:
        row = rows.get(indicator.pk)
        target = data.target(indicator.pk, unit.pk, period.year)
        aggregate_value = _aggregate(indicator, khoa.parts.get(indicator.pk, []))
        points = points_of.get(indicator.pk)
        entry_rows[indicator.pk] = EntryRow(
            indicator=indicator,
            row=row,
            shown=shown_value(indicator, row),
            target=format_number(target),
            previous=_shown_previous_of(indicator, previous.get(indicator.pk)),
            points=format_number(points) if points is not None else None,
            method=methods.get(indicator.pk),
            aggregate=aggregate_value,
            aggregate_shown=format_number(aggregate_value),
            evidence=evidence_of_indicator.get(indicator.pk, []),
            issues=issues_of_indicator.get(indicator.pk, []),
        )

    card = computed.self_card if computed else None
    blocks: list[CriterionBlock] = []
    areas: dict[int, AreaBlock] = {}
    rows_by_criterion: dict[int, list[EntryRow]] = defaultdict(list)
    for indicator in indicators:
        rows_by_criterion[indicator.criterion_id].append(entry_rows[indicator.pk])
    for criterion, depth in _criteria_in_order(criteria):
        block = CriterionBlock(
            criterion=criterion,
            depth=depth,
            points=format_number(card.criteria.get(criterion.code, Decimal(0)) if card else None),
            rows=rows_by_criterion.get(criterion.pk, []),
            evidence=evidence_of_criterion.get(criterion.pk, []),
        )
        blocks.append(block)
        area_block = areas.setdefault(criterion.area_id, AreaBlock(area=criterion.area))
        area_block.criteria.append(block)
    ordered_areas = sorted(
        areas.values(), key=lambda block: (block.area.kind, block.area.order, block.area.code)
    )
    return EntrySheet(
        report=report,
        window=window,
        can_enter=can(user, Perm.ENTER_REPORT, unit.path),
        areas=ordered_areas,
        rows=entry_rows,
        criteria=blocks,
        issues=issues,
        evidence=evidence,
        version=version,
        total=format_number(card.total if card else None),
        criteria_total=format_number(card.criteria_total if card else None),
        bonus=format_number(card.bonus if card else None),
        penalty=format_number(card.penalty if card else None),
        title=computed.title if computed else "",
        khoa_reports=khoa.reports,
        staff=staff,
        previous_period=before,
        structure=structure,
    )
