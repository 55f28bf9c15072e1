"""Reading reports for entry: the entry window of a unit, the facts the validation rules need
(`issues_of`), and the reports a user may see or enter (scoped by the unit tree)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from thidua.accounts.roles import Perm
from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator, Period
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, scope_q, subtree_q
from thidua.reporting.models import (
    EntryException,
    Evidence,
    Report,
    ReportingSetup,
    ReportValue,
)
from thidua.reporting.validation import IndicatorCheck, Issue, check_report, is_people_label
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
    """Whether the unit may enter and submit the period's data today, and why (Vietnamese)."""
    exception = exception_until(period, unit)
    return entry_window(
        timezone.localdate(),
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
    """The report if the user may see it (None otherwise: the page answers 404)."""
    return (
        reports_visible_to(user)
        .select_related("period", "unit", "movement", "movement__owner", "pending_level")
        .filter(pk=pk)
        .first()
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
    return (
        Period.objects.filter(
            movement_id=period.movement_id, kind=period.kind, end_date__lt=period.start_date
        )
        .order_by("-end_date")
        .first()
    )


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
