"""Reads behind the movements app's documents: what a plan or a registration list prints, and
the documents already issued from a page's data (with who may issue more).

Pages show the issue button to users holding "documents.issue_document" at the issuing unit and
list what was issued from the same data (`source`), in the reader's register scope.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from thidua.accounts.roles import Perm
from thidua.core.prepared import prepared
from thidua.documents.models import IssuedDocument
from thidua.documents.selectors import documents_visible_to
from thidua.movements.documents.plan import PlanData
from thidua.movements.enums import ApprovalStatus
from thidua.movements.models import (
    Movement,
    PersonalRegistration,
    RegistrationRound,
    UnitRegistration,
    YearlyTarget,
)
from thidua.movements.selectors.plan import area_blocks, periods_of, phases_of
from thidua.movements.selectors.registrations import movement_years
from thidua.organizations.models import Unit
from thidua.organizations.scoping import AnyUser, can, subtree_q

# The registrations a list carries: sent, waiting for approval or approved.
LISTED_STATUSES = (ApprovalStatus.SUBMITTED, ApprovalStatus.APPROVED)


@dataclass(frozen=True)
class IssuePanel:
    """The issue button of a page and what was issued from its data."""

    can_issue: bool
    issued: list[IssuedDocument]


PANEL_SIZE = 10
# Documents of a source read at once; each judged on its row (`can`, what `documents_visible_to`
# says). A source has a handful (a Thông báo and its corrections): when all of these were read
# and too few were the reader's, the scoped query answers instead.
_PANEL_READ = 50


def issue_panel(user: AnyUser, *, source: str, unit_path: str) -> IssuePanel:
    """Whether `user` may issue at `unit_path`, and the documents issued from `source` they may
    read, newest first (one query: prepared, `core.prepared`; every score page shows one)."""
    rows = _issued_from.rows(source)
    issued = [row for row in rows if can(user, Perm.VIEW_DOCUMENT, row.unit_path)][:PANEL_SIZE]
    if len(rows) == _PANEL_READ and len(issued) < PANEL_SIZE:
        issued = list(
            documents_visible_to(user)
            .filter(source=source)
            .order_by("-issued_on", "-pk")[:PANEL_SIZE]
        )
    return IssuePanel(can_issue=can(user, Perm.ISSUE_DOCUMENT, unit_path), issued=issued)


@prepared(str)
def _issued_from(source: str) -> QuerySet[IssuedDocument]:
    return IssuedDocument.objects.filter(source=source).order_by("-issued_on", "-pk")[:_PANEL_READ]


def plan_source(movement: Movement, year: int) -> str:
    return f"movements.plan:{movement.pk}:{year}"


def round_source(round_: RegistrationRound) -> str:
    return f"movements.registrations:{round_.pk}"


def unit_round_source(round_: RegistrationRound, unit: Unit) -> str:
    return f"movements.registrations:{round_.pk}:{unit.pk}"


def plan_year_of(movement: Movement, year: int | None) -> int:
    """The year whose plan the overview page issues: the page's year when it is one of the
    movement's, else this year kept within the movement's years."""
    years = movement_years(movement)
    if year in years:
        return int(year)
    return min(max(timezone.localdate().year, years[0]), years[-1])


def plan_data(movement: Movement, year: int) -> PlanData:
    """The plan of a year: areas with criteria and indicators, the year's targets, phases and
    the year's periods (five queries)."""
    targets: dict[int, Decimal] = dict(
        YearlyTarget.objects.filter(indicator__movement=movement, year=year).values_list(
            "indicator_id", "value"
        )
    )
    return PlanData(
        movement=movement,
        year=year,
        areas=area_blocks(movement),
        targets=targets,
        phases=phases_of(movement),
        periods=list(periods_of(movement, year=year)),
    )


def listed_unit_registrations(round_: RegistrationRound) -> list[UnitRegistration]:
    """The round's sent registrations of units, in the unit tree's order."""
    return list(
        UnitRegistration.objects.filter(round=round_, status__in=LISTED_STATUSES)
        .select_related("unit")
        .order_by("unit__path")
    )


def listed_personal_registrations(
    round_: RegistrationRound, unit: Unit
) -> list[PersonalRegistration]:
    """The round's sent personal registrations of the unit's subtree, by khoa/phòng then name
    (the order of the personal registrations page)."""
    return list(
        PersonalRegistration.objects.filter(
            subtree_q("unit__path", unit.path), round=round_, status__in=LISTED_STATUSES
        )
        .select_related("person", "unit")
        .order_by("unit__path", "person__sort_name", "person__staff_code")
    )
