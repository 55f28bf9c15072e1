"""Reading a subject's inputs for its page and the API: one query per kind."""

from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from thidua.awards.models import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    MaternityLeave,
    ResearchProject,
    YearlyRating,
)
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import Initiative
from thidua.organizations.models import Person, Unit


@dataclass
class SubjectInputs:
    ratings: list[YearlyRating]
    awards: list[AwardRecord]
    holds: list[Hold]
    research: list[ResearchProject] = field(default_factory=list)
    discipline: list[DisciplineRecord] = field(default_factory=list)
    leaves: list[MaternityLeave] = field(default_factory=list)
    initiatives: list[Initiative] = field(default_factory=list)


def person_inputs(person: Person) -> SubjectInputs:
    """Everything recorded about a person, newest first, with their recognised initiatives."""
    return SubjectInputs(
        ratings=list(YearlyRating.objects.filter(person=person)),
        awards=list(AwardRecord.objects.filter(person=person)),
        holds=list(Hold.objects.filter(person=person)),
        research=list(ResearchProject.objects.filter(person=person)),
        discipline=list(DisciplineRecord.objects.filter(person=person)),
        leaves=list(MaternityLeave.objects.filter(person=person)),
        initiatives=list(
            Initiative.objects.filter(
                authors__person=person, status=InitiativeStatus.RECOGNISED
            ).order_by("-year", "code")
        ),
    )


def unit_inputs(unit: Unit) -> SubjectInputs:
    return SubjectInputs(
        ratings=list(YearlyRating.objects.filter(unit=unit)),
        awards=list(AwardRecord.objects.filter(unit=unit)),
        holds=list(Hold.objects.filter(unit=unit)),
    )


INPUT_MODELS: dict[str, Any] = {
    "xep-loai": YearlyRating,
    "khen-thuong": AwardRecord,
    "de-tai": ResearchProject,
    "ky-luat": DisciplineRecord,
    "xem-xet": Hold,
    "thai-san": MaternityLeave,
}


def input_rows(kind: str) -> QuerySet[Any]:
    rows: QuerySet[Any] = INPUT_MODELS[kind].objects.select_related(
        "person__unit", *(("unit",) if kind in ("xep-loai", "khen-thuong", "xem-xet") else ())
    )
    return rows
