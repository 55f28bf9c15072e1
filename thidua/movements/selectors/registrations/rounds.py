"""Registration rounds and unit registrations: deadlines, progress of a year."""

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, OuterRef, QuerySet, Subquery

from thidua.accounts.roles import Perm
from thidua.movements.enums import INDIVIDUAL_TITLES, ApprovalStatus
from thidua.movements.models import (
    Movement,
    PersonalRegistration,
    RegistrationRound,
    UnitRegistration,
)
from thidua.movements.selectors.registrations.participants import (
    participant_units,
    units_taking_part,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser, scope_q, subtree_q

# Personal registrations that count toward a unit's numbers (a draft is not a commitment yet).
COUNTED_STATUSES = (ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED)
# The "no registration yet" status of the progress page (not a stored status).
NOT_STARTED = "not_started"
PROGRESS_STATUSES: tuple[tuple[str, str], ...] = (
    (NOT_STARTED, "Chưa đăng ký"),
    *ApprovalStatus.choices,
)
_PROGRESS_LABELS: dict[str, str] = {key: str(label) for key, label in PROGRESS_STATUSES}


def round_of(movement: Movement, year: int) -> RegistrationRound | None:
    return RegistrationRound.objects.filter(movement=movement, year=year).first()


def rounds_of(movement: Movement) -> list[RegistrationRound]:
    return list(RegistrationRound.objects.filter(movement=movement).order_by("-year"))


def deadline_overrides(round_: RegistrationRound) -> dict[str, dt.date]:
    """Later deadlines the department granted in the round, by unit path (one query)."""
    rows = UnitRegistration.objects.filter(
        round=round_, deadline_override__isnull=False
    ).values_list("unit__path", "deadline_override")
    return {path: until for path, until in rows if until is not None}


def deadline_for(round_: RegistrationRound, path: str, overrides: dict[str, dt.date]) -> dt.date:
    """The round's deadline, or a later one granted to the unit at `path` or a unit above it."""
    granted = [until for granted_path, until in overrides.items() if path.startswith(granted_path)]
    return max([round_.deadline, *granted])


def effective_deadline(round_: RegistrationRound, unit: Unit) -> dt.date:
    """The deadline that applies to the unit and its people (one query)."""
    parts = unit.path.strip("/").split("/")
    ancestors = ["/" + "/".join(parts[: n + 1]) + "/" for n in range(len(parts))]
    rows = UnitRegistration.objects.filter(
        round=round_, unit__path__in=ancestors, deadline_override__isnull=False
    ).values_list("unit__path", "deadline_override")
    overrides = {path: until for path, until in rows if until is not None}
    return deadline_for(round_, unit.path, overrides)


def unit_registration_of(round_: RegistrationRound, unit: Unit) -> UnitRegistration | None:
    return (
        UnitRegistration.objects.filter(round=round_, unit=unit)
        .select_related("decided_by", "submitted_by")
        .first()
    )


def counts_from_people(round_: RegistrationRound, unit: Unit) -> dict[str, int]:
    """How many people of the unit's subtree registered (submitted or approved) for each
    individual title (one query); empty when nobody did."""
    rows = PersonalRegistration.objects.filter(
        subtree_q("unit__path", unit.path), round=round_, status__in=COUNTED_STATUSES
    ).values_list("title", flat=True)
    counts = Counter(rows)
    if not counts:
        return {}
    return {str(title): counts.get(title, 0) for title in INDIVIDUAL_TITLES}


@dataclass(frozen=True)
class ProgressRow:
    unit: Unit
    registration: UnitRegistration | None

    @property
    def status(self) -> str:
        return self.registration.status if self.registration is not None else NOT_STARTED

    @property
    def status_label(self) -> str:
        return _PROGRESS_LABELS[self.status]


@dataclass(frozen=True)
class Progress:
    rows: list[ProgressRow]
    counts: dict[str, int]  # by status (NOT_STARTED included), over every unit before the filter
    total: int


def registration_progress(
    user: AnyUser,
    movement: Movement,
    round_: RegistrationRound | None,
    *,
    include_sub_units: bool = False,
    status: str = "",
    query: str = "",
) -> Progress:
    """Every participating unit in scope with its registration for the round (or none), the
    counts by status, then the rows of `status` only (three queries whatever the rows)."""
    units = units_taking_part(user, movement, include_sub_units=include_sub_units, query=query)
    registrations: dict[int, UnitRegistration] = {}
    if round_ is not None and units:
        registrations = {
            r.unit_id: r
            for r in UnitRegistration.objects.filter(
                round=round_, unit__in=[u.pk for u in units]
            ).select_related("decided_by")
        }
    rows = [ProgressRow(unit=u, registration=registrations.get(u.pk)) for u in units]
    counts = Counter(row.status for row in rows)
    shown = [row for row in rows if row.status == status] if status else rows
    return Progress(
        rows=shown,
        counts={key: counts.get(key, 0) for key, _ in PROGRESS_STATUSES},
        total=len(rows),
    )


def registration_status_counts(
    user: AnyUser, movement: Movement, round_: RegistrationRound
) -> dict[str, int]:
    """How many participating units the user sees (units of the Sở, not their khoa/phòng) are
    at each status of the round, NOT_STARTED for those without a registration: the counts of
    the progress page without filters, in two queries (the scope rows, then one grouped count)
    whatever the number of units."""
    registration = UnitRegistration.objects.filter(round=round_, unit=OuterRef("pk")).values(
        "status"
    )[:1]
    rows = (
        participant_units(movement)
        .filter(scope_q(user, Perm.VIEW_MOVEMENT, "path"))
        .annotate(registration_status=Subquery(registration))
        .order_by()
        .values("registration_status")
        .annotate(units=Count("pk"))
        .values_list("registration_status", "units")
    )
    counts = dict.fromkeys((key for key, _ in PROGRESS_STATUSES), 0)
    for status, units in rows:
        counts[status or NOT_STARTED] += units
    return counts


def unit_registrations_visible_to(user: AnyUser) -> QuerySet[UnitRegistration]:
    from thidua.movements.selectors.movements import movements_visible_to

    return UnitRegistration.objects.filter(
        scope_q(user, Perm.VIEW_MOVEMENT, "unit__path"),
        round__movement__in=movements_visible_to(user).values("pk"),
    )
