"""What the reporting home page shows each user.

- A unit officer or head: the reports of their units for the periods open now (or open for
  them by an exception), each with its state and the next step — enter it, submit it, approve
  it, or look at it.
- An approver: how many reports wait for a level they approve.
- The department (a grant over the whole tree, or MANAGE_REPORTING): the periods open now with
  their completeness counts, and the setup of the movements they organise.

Queries do not grow with units or reports: each list is one read.
"""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from thidua.accounts.roles import Perm, grants_allowing, has_anywhere
from thidua.movements.enums import MovementStatus
from thidua.movements.models import Movement, Period
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.registrations import participant_units, tree_ordered
from thidua.organizations import tree
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser, can, grants_for, sees_whole_tree, subtree_q
from thidua.reporting.enums import NOT_STARTED, ReportStatus
from thidua.reporting.models import EntryException, Report
from thidua.reporting.selectors.monitoring import (
    STATE_COLOURS,
    STATE_LABELS,
    PeriodDates,
    PeriodProgress,
    open_periods,
    period_dates,
    progress_of_periods,
    today,
)
from thidua.reporting.workflow import ancestor_path, entry_window

MY_ROWS_LIMIT = 60
EDITABLE = {NOT_STARTED, ReportStatus.DRAFT.value, ReportStatus.RETURNED.value}

# The next step of a row.
ENTER, APPROVE, VIEW, NONE = "enter", "approve", "view", ""


@dataclass(frozen=True)
class MyReport:
    """One of the user's units for one open period."""

    unit: Unit
    period: Period
    dates: PeriodDates
    report: Report | None
    exception_until: dt.date | None
    may_enter: bool  # ENTER_REPORT on the unit
    may_approve: bool  # the report waits for a level the user approves

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
    def window_accepts_entry(self) -> bool:
        period = self.period
        return entry_window(
            self.dates.today,
            opens_on=period.opens_on,
            due_on=period.due_on,
            locks_on=period.locks_on,
            exception_until=self.exception_until,
        ).accepts_entry

    @property
    def next_step(self) -> str:
        if self.may_approve:
            return APPROVE
        if self.may_enter and self.state in EDITABLE and self.window_accepts_entry:
            return ENTER
        return VIEW if self.report is not None else NONE

    @property
    def days_to_due(self) -> int:
        return (self.period.due_on - self.dates.today).days


@dataclass
class ReportingHome:
    my_reports: list[MyReport]
    my_reports_more: int  # rows left out beyond MY_ROWS_LIMIT
    awaiting_me: int | None  # None: the user approves nowhere
    periods: list[PeriodProgress]  # the department's view; empty for unit users
    managed_movements: list[Movement]  # movements whose setup the user changes
    has_own_units: bool


def _own_units_q(user: AnyUser) -> Q | None:
    """Units where the user enters or approves reports through a grant below the whole tree
    (a department grant over every unit is not "their units": they get the overview)."""
    condition = Q(pk__in=[])
    found = False
    for perm in (Perm.ENTER_REPORT, Perm.APPROVE_REPORT):
        if sees_whole_tree(user, perm):
            continue
        for grant in grants_allowing(grants_for(user), perm):
            found = True
            if grant.include_subtree:
                condition |= subtree_q("path", grant.unit_path)
            else:
                condition |= Q(path=grant.unit_path)
    return condition if found else None


def _approves(user: AnyUser, report: Report) -> bool:
    level = report.pending_level
    if report.status != ReportStatus.SUBMITTED or level is None:
        return False
    if report.submitted_by_id is not None and report.submitted_by_id == user.pk:
        return False
    try:
        path = ancestor_path(report.unit.path, level.depth)
    except ValueError:
        return False
    return can(user, Perm.APPROVE_REPORT, path)


def my_reports(
    user: AnyUser, *, periods: list[Period] | None = None, on: dt.date | None = None
) -> tuple[list[MyReport], int, bool]:
    """The user's units (đơn vị where they enter or approve) × the periods open for them now:
    open periods of launched movements the units take part in, and periods past their lock
    date where the department granted the unit an exception still running. Returns the rows
    (at most MY_ROWS_LIMIT), how many more there are, and whether the user has units at all.
    Four queries whatever the rows (exceptions, then per movement its scope rows and units,
    then the reports), plus the open periods when not given."""
    condition = _own_units_q(user)
    if condition is None:
        return [], 0, False
    day = on or today()
    periods = open_periods(user, on=day) if periods is None else periods
    exceptions = list(
        EntryException.objects.filter(until__gte=day, period__locks_on__lt=day)
        .filter(unit__in=Unit.objects.filter(condition).values("pk"))
        .filter(period__movement__status=MovementStatus.LAUNCHED)
        .select_related("period__movement__owner")
    )
    extra = {
        e.period_id: e.period for e in exceptions if e.period.pk not in {p.pk for p in periods}
    }
    all_periods = periods + sorted(extra.values(), key=lambda p: (p.due_on, p.pk))
    if not all_periods:
        return [], 0, True
    exception_by = {(e.period_id, e.unit_id): e.until for e in exceptions}
    movements = {p.movement_id: p.movement for p in all_periods}
    units_by_movement: dict[int, list[Unit]] = {}
    for movement in movements.values():
        units_by_movement[movement.pk] = tree_ordered(
            participant_units(movement)
            .filter(condition)
            .only("id", "code", "name", "kind", "path", "depth", "sort_order", "name_folded")
        )
    reports = {
        (report.period_id, report.unit_id): report
        for report in Report.objects.filter(period__in=[p.pk for p in all_periods])
        .filter(unit__in=Unit.objects.filter(condition).values("pk"))
        .select_related("pending_level", "unit")
        .only(
            "id",
            "period_id",
            "unit__path",
            "status",
            "pending_level__name",
            "pending_level__depth",
            "submitted_by_id",
            "first_submitted_at",
            "is_late",
        )
    }
    rows: list[MyReport] = []
    for period in all_periods:
        dates = period_dates(period, on=day)
        for unit in units_by_movement[period.movement_id]:
            until = _exception_until(exception_by, period.pk, unit)
            if period.pk in extra and until is None:
                continue
            report = reports.get((period.pk, unit.pk))
            rows.append(
                MyReport(
                    unit=unit,
                    period=period,
                    dates=dates,
                    report=report,
                    exception_until=until,
                    may_enter=can(user, Perm.ENTER_REPORT, unit.path),
                    may_approve=report is not None and _approves(user, report),
                )
            )
    return rows[:MY_ROWS_LIMIT], max(0, len(rows) - MY_ROWS_LIMIT), True


def _exception_until(
    exceptions: dict[tuple[int, int], dt.date], period_id: int, unit: Unit
) -> dt.date | None:
    found = [
        exceptions[(period_id, pk)]
        for pk in tree.ancestor_ids(unit.path)
        if (period_id, pk) in exceptions
    ]
    return max(found) if found else None


def awaiting_count(user: AnyUser) -> int | None:
    """How many reports wait for a level the user approves (None without APPROVE_REPORT)."""
    if not has_anywhere(grants_for(user), Perm.APPROVE_REPORT):
        return None
    from thidua.reporting.selectors.workflow import approval_queue

    return approval_queue(user).count()


def sees_overview(user: AnyUser) -> bool:
    """The department's view: a VIEW_REPORT grant over the whole tree, or MANAGE_REPORTING."""
    return sees_whole_tree(user, Perm.VIEW_REPORT) or has_anywhere(
        grants_for(user), Perm.MANAGE_REPORTING
    )


def managed_movements(user: AnyUser) -> list[Movement]:
    """Launched or draft movements the user reads and organises (MANAGE_REPORTING at the
    organising unit): the setup links."""
    if not has_anywhere(grants_for(user), Perm.MANAGE_REPORTING):
        return []
    return [
        movement
        for movement in movements_visible_to(user).exclude(status=MovementStatus.CLOSED)
        if can(user, Perm.MANAGE_REPORTING, movement.owner.path)
    ]


def home_for(user: AnyUser, *, on: dt.date | None = None) -> ReportingHome:
    """Everything the home page shows the user (see the module's docstring)."""
    day = on or today()
    periods = open_periods(user, on=day)
    rows, more, has_units = my_reports(user, periods=periods, on=day)
    progress = progress_of_periods(user, periods, on=day) if sees_overview(user) else []
    return ReportingHome(
        my_reports=rows,
        my_reports_more=more,
        awaiting_me=awaiting_count(user),
        periods=progress,
        managed_movements=managed_movements(user),
        has_own_units=has_units,
    )
