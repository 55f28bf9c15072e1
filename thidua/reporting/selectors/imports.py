"""Reads for the Excel bulk entry of a period: the period, the units a user may enter for, the
indicators a file carries, the import jobs a user may see and a job's errors."""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet

from thidua.accounts.roles import Perm, Role, has_anywhere
from thidua.movements.models import Indicator, Movement, Period
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.registrations import participant_units, tree_ordered
from thidua.organizations.models import RoleAssignment, Unit
from thidua.organizations.scoping import AnyUser, can, grants_for, scope_q, subtree_q
from thidua.reporting.models import (
    DEFAULT_REPORTED_KINDS,
    Report,
    ReportingSetup,
    ReportValue,
    ValuesImport,
)

# Entering is ENTER_REPORT (a unit officer, in their subtree); the department officer enters
# for everyone through MANAGE_REPORTING (bulk entry of figures sent on paper).
ENTRY_PERMS = (Perm.ENTER_REPORT, Perm.MANAGE_REPORTING)
# Besides their own jobs, holders of these roles see the jobs of users working in their scope.
OVERSEER_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.DEPT_OFFICER})


def may_import_anywhere(user: AnyUser) -> bool:
    """Whether the user may enter reports for some unit (so may use the Excel bulk entry)."""
    grants = grants_for(user)
    return any(has_anywhere(grants, perm) for perm in ENTRY_PERMS)


def may_enter_for(user: AnyUser, unit: Unit) -> bool:
    """Whether the user may enter the report of `unit`: ENTER_REPORT or MANAGE_REPORTING there."""
    return any(can(user, perm, unit.path) for perm in ENTRY_PERMS)


def reported_kinds(movement: Movement) -> list[str]:
    """The kinds of period the movement's units report (the setup's, or the defaults)."""
    setup = ReportingSetup.objects.filter(movement=movement).first()
    return list(setup.reported_kinds) if setup is not None else list(DEFAULT_REPORTED_KINDS)


def period_for_import(user: AnyUser, pk: int) -> Period | None:
    """A reported period of a movement the user may read, or None (the pages answer 404)."""
    period = (
        Period.objects.filter(pk=pk, movement__in=movements_visible_to(user))
        .select_related("movement__owner")
        .first()
    )
    if period is None or period.kind not in reported_kinds(period.movement):
        return None
    return period


def _entry_scope(user: AnyUser) -> Q:
    condition = Q(pk__in=[])
    for perm in ENTRY_PERMS:
        condition |= scope_q(user, perm, "path")
    return condition


def units_for_entry(
    user: AnyUser, movement: Movement, *, include_sub_units: bool = False
) -> list[Unit]:
    """The units taking part in the movement whose reports the user may enter, in tree order:
    the đơn vị, and their khoa/phòng when asked."""
    units = participant_units(movement, include_sub_units=include_sub_units).filter(
        _entry_scope(user)
    )
    return tree_ordered(
        units.only("id", "code", "name", "kind", "path", "depth", "sort_order", "name_folded")
    )


def units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    """Units (active or not) by code, for the codes a file names."""
    return {
        unit.code: unit
        for unit in Unit.objects.filter(code__in=set(codes)).only(
            "id", "code", "name", "kind", "path", "depth", "is_active"
        )
    }


def participant_ids(movement: Movement) -> set[int]:
    """Ids of every unit taking part in the movement, khoa/phòng included."""
    return set(participant_units(movement, include_sub_units=True).values_list("pk", flat=True))


def movement_indicators(movement: Movement) -> list[Indicator]:
    """Every indicator of the movement in the order of the plan (area, criterion, indicator)."""
    return list(
        Indicator.objects.filter(movement=movement).order_by(
            "criterion__area__kind",
            "criterion__area__order",
            "criterion__order",
            "criterion__code",
            "order",
            "code",
        )
    )


def entered_indicators(movement: Movement) -> list[Indicator]:
    """The indicators units enter (not computed by a formula), in the order of the plan."""
    return [indicator for indicator in movement_indicators(movement) if not indicator.is_computed]


def reports_of(period: Period, units: Sequence[Unit]) -> dict[int, Report]:
    """The period's reports of these units by unit id (a unit that has not started has none)."""
    return {
        report.unit_id: report
        for report in Report.objects.filter(period=period, unit__in=[unit.pk for unit in units])
    }


def stored_values(reports: Iterable[Report]) -> dict[tuple[int, int], ReportValue]:
    """The values of these reports by (report id, indicator id)."""
    return {
        (value.report_id, value.indicator_id): value
        for value in ReportValue.objects.filter(report__in=[report.pk for report in reports])
    }


def values_imports_visible_to(user: AnyUser) -> QuerySet[ValuesImport]:
    """Jobs the user created; for a system administrator or department officer, also the jobs of
    users who hold a role on a unit of their scope. Newest first."""
    if not user.is_authenticated:
        return ValuesImport.objects.none()
    condition = Q(created_by_id=user.pk)
    units = Q(pk__in=[])
    overseer = False
    for grant in grants_for(user):
        if grant.role not in OVERSEER_ROLES:
            continue
        overseer = True
        if grant.include_subtree:
            units |= subtree_q("unit__path", grant.unit_path)
        else:
            units |= Q(unit__path=grant.unit_path)
    if overseer:
        condition |= Q(created_by_id__in=RoleAssignment.objects.filter(units).values("user_id"))
    return (
        ValuesImport.objects.filter(condition)
        .select_related("created_by", "period__movement")
        .order_by("-created_at", "-id")
    )


@dataclass(frozen=True)
class ImportErrors:
    """The first errors of a job, and how many it has in all."""

    rows: list[dict[str, Any]]
    total: int


def import_errors(job: ValuesImport, *, limit: int = 200) -> ImportErrors:
    """Errors stored on the job (the stored list may end with a note counting those not kept;
    errors of the file's header carry row 1)."""
    stored: list[dict[str, Any]] = list(job.errors or [])
    listed = [error for error in stored if error.get("row") is not None]
    omitted = sum(int(error.get("omitted", 0)) for error in stored if error.get("row") is None)
    return ImportErrors(rows=listed[:limit], total=len(listed) + omitted)
