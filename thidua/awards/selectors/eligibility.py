"""The eligibility page's reads: the subjects in the viewer's scope for an award and year, a
page of them at a time, their facts gathered in bulk and judged by the engine rule by rule."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import Q, QuerySet

from thidua.accounts.roles import Perm
from thidua.awards.domain.eligibility import evaluate_many
from thidua.awards.domain.rules import AwardSpec, Evaluation, RulebookSpec
from thidua.awards.models import RulebookVersion
from thidua.awards.selectors.access import people_visible_to, units_visible_to
from thidua.awards.selectors.facts import collective_facts_for, person_facts_for
from thidua.awards.selectors.rulebook import spec_in_force
from thidua.core.spreadsheets import Column, build_workbook
from thidua.core.templatetags.thidua import so
from thidua.core.text import search_tokens
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import AnyUser, subtree_q

PER_PAGE = 50
# Filtering by the answer, counting it and the Excel list judge every subject in scope at once:
# a hospital's people (hundreds to a few thousand) answer in about a second, the department's
# 40.000 would not. Beyond this the page asks for a unit first.
JUDGE_ALL_LIMIT = 3000
# Facts are gathered this many subjects at a time (SQLite's bound parameters, memory).
JUDGE_CHUNK = 1000
ELIGIBLE = "dat"
NOT_ELIGIBLE = "chua-dat"


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
    user: AnyUser, award: AwardSpec, unit: Unit | None, query: str = ""
) -> QuerySet[Person] | QuerySet[Unit]:
    """The people (an individual award) or units (a collective one) the viewer may judge,
    within `unit`'s subtree when given; `query` keeps those whose name (or staff code, unit
    code) has words starting with every typed word, ignoring case and diacritics."""
    tokens = search_tokens(query)[:8]
    if award.subject == "individual":
        people = people_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(is_active=True)
        if unit is not None:
            people = people.filter(unit__in=Unit.objects.filter(subtree_q("path", unit.path)))
        for token in tokens:
            people = people.filter(search_text__contains=" " + token)
        return people.select_related("unit").order_by("sort_name", "staff_code")
    units = units_visible_to(user, Perm.VIEW_ELIGIBILITY).filter(is_active=True)
    if unit is not None:
        units = units.filter(subtree_q("path", unit.path))
    for token in tokens:
        units = units.filter(
            Q(name_folded__startswith=token)
            | Q(name_folded__contains=" " + token)
            | Q(code__istartswith=token)
        )
    return units.order_by("path")


def judge_all(
    subjects: QuerySet[Person] | QuerySet[Unit],
    *,
    year: int,
    spec: RulebookSpec,
    award: AwardSpec,
) -> list[SubjectResult]:
    """Every subject of `subjects` judged, in order, a chunk at a time (a fixed number of
    queries per chunk). The callers keep `subjects` within `JUDGE_ALL_LIMIT`."""
    rows: list[Person | Unit] = list(subjects)
    results: list[SubjectResult] = []
    for start in range(0, len(rows), JUDGE_CHUNK):
        chunk = rows[start : start + JUDGE_CHUNK]
        results.extend(judge_subjects(chunk, year=year, spec=spec, award=award))
    return results


def keep_answer(results: Sequence[SubjectResult], answer: str) -> list[SubjectResult]:
    """The results with the answer asked for ("dat" eligible, "chua-dat" not; else all)."""
    if answer == ELIGIBLE:
        return [r for r in results if r.evaluation.eligible]
    if answer == NOT_ELIGIBLE:
        return [r for r in results if not r.evaluation.eligible]
    return list(results)


ELIGIBILITY_COLUMNS = (
    Column("STT", 6),
    Column("Cá nhân / Tập thể", 30),
    Column("Mã, đơn vị", 40),
    Column("Kết quả", 18),
    Column("Tiêu chí chưa đạt", 70),
    Column("Tiêu chí Hội đồng xem xét", 40),
)


def eligibility_workbook(
    results: Sequence[SubjectResult], *, award: AwardSpec, year: int, version: RulebookVersion
) -> bytes:
    """The judged subjects as .xlsx (formula-safe, core.spreadsheets): per subject the answer,
    each failed criterion with its explanation and citation, the criteria left to the council;
    the title names the award, the year and the rulebook version."""
    rows = []
    for number, result in enumerate(results, start=1):
        evaluation = result.evaluation
        failed = [r for r in evaluation.failures if not r.needs_council]
        rows.append(
            [
                number,
                result.label,
                result.detail,
                "Đủ điều kiện" if evaluation.eligible else "Chưa đủ điều kiện",
                "\n".join(f"{r.explanation_vi} ({r.citation})" for r in failed),
                "\n".join(r.description or r.code for r in evaluation.needs_council),
            ]
        )
    return build_workbook(
        title="Xét điều kiện khen thưởng",
        columns=ELIGIBILITY_COLUMNS,
        rows=rows,
        instructions=(
            f"{award.name} năm {year}",
            f"Bộ quy tắc {version.label}, áp dụng từ {version.effective_from:%d/%m/%Y}",
            f"Căn cứ: {award.citation}",
            f"Số đối tượng: {so(len(rows))}",
        ),
    )


def eligibility_page(
    *,
    year: int,
    version: RulebookVersion,
    spec: RulebookSpec,
    award: AwardSpec,
    subjects: QuerySet[Person] | QuerySet[Unit],
    page_number: str | None,
) -> EligibilityPage:
    """One page of `subjects` (`subjects_for`) with their evaluations: a fixed number of
    queries per page."""
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
