"""The eligibility page's reads: the subjects in the viewer's scope for an award and year, a
page of them at a time, their facts gathered in bulk and judged by the engine rule by rule."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet

from thidua.accounts.roles import Perm
from thidua.awards.domain.eligibility import evaluate_many
from thidua.awards.domain.rules import AwardSpec, Evaluation, RulebookSpec
from thidua.awards.models import RulebookVersion
from thidua.awards.selectors.access import people_visible_to, units_visible_to
from thidua.awards.selectors.facts import collective_facts_for, person_facts_for
from thidua.awards.selectors.rulebook import spec_in_force
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, subtree_q

PER_PAGE = 50


def evaluation_date(year: int) -> dt.date:
    """The rulebook that judges a year is the one in force on its last day."""
    return dt.date(year, 12, 31)


@dataclass(frozen=True)
class SubjectResult:
    label: str
    detail: str
    page_url_args: tuple[str, int]  # ("person" | "unit", pk)
    evaluation: Evaluation


@dataclass(frozen=True)
class EligibilityPage:
    version: RulebookVersion
    spec: RulebookSpec
    award: AwardSpec
    page: Page[Person] | Page[Unit]
    results: list[SubjectResult]


def rulebook_for_year(year: int) -> tuple[RulebookVersion, RulebookSpec] | None:
    return spec_in_force(evaluation_date(year))


def subjects_for(
    user: AnyUser, award: AwardSpec, unit: Unit | None
) -> QuerySet[Person] | QuerySet[Unit]:
    """The people (an individual award) or units (a collective one) the viewer may judge,
    within `unit`'s subtree when given."""
    if award.subject == "individual":
        people = people_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(is_active=True)
        if unit is not None:
            people = people.filter(unit__in=Unit.objects.filter(subtree_q("path", unit.path)))
        return people.select_related("unit").order_by("sort_name", "staff_code")
    units = units_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(is_active=True)
    if unit is not None:
        units = units.filter(subtree_q("path", unit.path))
    return units.order_by("path")


def eligibility_page(
    user: AnyUser,
    *,
    year: int,
    version: RulebookVersion,
    spec: RulebookSpec,
    award: AwardSpec,
    unit: Unit | None,
    page_number: str | None,
) -> EligibilityPage:
    """One page of subjects with their evaluations: a fixed number of queries per page."""
    subjects = subjects_for(user, award, unit)
    page = Paginator(subjects, PER_PAGE).get_page(page_number)
    results = judge_subjects(
        list(page.object_list),  # type: ignore[arg-type]
        year=year,
        spec=spec,
        award=award,
    )
    return EligibilityPage(version, spec, award, page, results)  # type: ignore[arg-type]


def judge_subjects(
    rows: Sequence[Person | Unit], *, year: int, spec: RulebookSpec, award: AwardSpec
) -> list[SubjectResult]:
    """The evaluations of `rows` (people for an individual award, units for a collective one)
    for `award` and `year`, in their order: their facts gathered in bulk, a fixed number of
    queries whatever their number (the page and API v1 both judge a slice this way)."""
    pks = [row.pk for row in rows]
    results: list[SubjectResult] = []
    if award.subject == "individual":
        facts = person_facts_for(year, Person.objects.filter(pk__in=pks))
        evaluations = evaluate_many(spec, award.code, [facts[pk] for pk in pks], year)
        for person, evaluation in zip(rows, evaluations, strict=True):
            assert isinstance(person, Person)  # noqa: S101
            results.append(
                SubjectResult(
                    label=person.full_name,
                    detail=f"{person.staff_code} — {person.unit.name}",
                    page_url_args=("person", person.pk),
                    evaluation=evaluation,
                )
            )
    else:
        unit_facts = collective_facts_for(year, Unit.objects.filter(pk__in=pks))
        evaluations = evaluate_many(spec, award.code, [unit_facts[pk] for pk in pks], year)
        for each, evaluation in zip(rows, evaluations, strict=True):
            assert isinstance(each, Unit)  # noqa: S101
            results.append(
                SubjectResult(
                    label=each.name,
                    detail=each.code,
                    page_url_args=("unit", each.pk),
                    evaluation=evaluation,
                )
            )
    return results
