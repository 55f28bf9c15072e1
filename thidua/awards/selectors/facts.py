"""The engine's facts, gathered in bulk: `person_facts_for(year, people)` and
`collective_facts_for(year, units)`.

A fixed number of queries whatever the number of subjects (one per kind of input, each over the
whole set through a subquery), then plain Python grouping: 40.000 people gather in a few seconds.
History reaches back `HISTORY_YEARS` before the year (chains of consecutive years need it).

A person's `months_worked` comes from their memberships (quá trình công tác) in each year, less
their maternity leave (the engine adds leave back: NĐ 152/2025/NĐ-CP Điều 4 khoản 5). A
collective's members in a year are the people with a membership overlapping that year in the
unit or any unit below it (a hospital's members include its khoa and phòng).
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from thidua.awards.domain.default_rulebook import CSTDCS, LDTT
from thidua.awards.domain.facts import (
    DISCIPLINE_FORMS,
    CollectiveFacts,
    DisciplineFact,
    HeldAward,
    HoldFact,
    InitiativeFact,
    LeaveFact,
    MemberStats,
    PersonFacts,
    Rating,
    ResearchFact,
)
from thidua.awards.models import (
    AwardRecord,
    DisciplineRecord,
    Hold,
    MaternityLeave,
    ResearchProject,
    YearlyRating,
)
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import Authorship
from thidua.organizations.enums import Gender
from thidua.organizations.models import Membership, Person, Unit

HISTORY_YEARS = 10
MEMBER_STATS_YEARS = 3
# The codes of "Lao động tiên tiến" and "Chiến sĩ thi đua cơ sở" in the default rulebook: the
# member statistics of a collective count them (Luật 06/2022/QH15 Điều 27, 28).
ADVANCED_WORKER = LDTT
EMULATION_FIGHTER = CSTDCS
_WARNING_RANK = DISCIPLINE_FORMS["warning"]


def person_ref(pk: int) -> str:
    return f"person:{pk}"


def unit_ref(pk: int) -> str:
    return f"unit:{pk}"


def _months(start: dt.date, end: dt.date | None, year: int) -> int:
    """Whole months of [start, end] inside `year`, a month counted from 15 days (as the engine
    counts leave)."""
    first = max(start, dt.date(year, 1, 1))
    last = min(end or dt.date(year, 12, 31), dt.date(year, 12, 31))
    if first > last:
        return 0
    return min(12, ((last - first).days + 1 + 15) // 30)


def _held(row: Mapping[str, object]) -> HeldAward:
    return HeldAward(
        code=str(row["award_code"]),
        year=int(row["year"]),  # type: ignore[call-overload]
        thematic=bool(row["thematic"]),
        revoked=bool(row["revoked"]),
        decision=str(row["decision_number"]),
    )


@dataclass
class _PersonBuild:
    female: bool
    ratings: dict[int, Rating] = field(default_factory=dict)
    awards: list[HeldAward] = field(default_factory=list)
    initiatives: list[InitiativeFact] = field(default_factory=list)
    research: list[ResearchFact] = field(default_factory=list)
    discipline: list[DisciplineFact] = field(default_factory=list)
    holds: list[HoldFact] = field(default_factory=list)
    leaves: list[LeaveFact] = field(default_factory=list)
    spans: list[tuple[dt.date, dt.date | None]] = field(default_factory=list)


def person_facts_for(year: int, people: QuerySet[Person]) -> dict[int, PersonFacts]:
    """Person pk → PersonFacts for evaluating `year` (history from `year - HISTORY_YEARS`):
    ratings, awards held (revoked ones included and marked), recognised initiatives they
    authored, accepted research, discipline, holds, maternity leave, months worked per year,
    gender. Nine queries, whatever the number of people."""
    first_year = year - HISTORY_YEARS
    first_day = dt.date(first_year, 1, 1)
    ids = people.values("pk")
    builds: dict[int, _PersonBuild] = {
        pk: _PersonBuild(female=gender == Gender.FEMALE)
        for pk, gender in people.order_by().values_list("pk", "gender")
    }
    for pk, rating_year, rating in YearlyRating.objects.filter(
        person__in=ids, year__gte=first_year, year__lte=year
    ).values_list("person_id", "year", "rating"):
        builds[pk].ratings[rating_year] = Rating(rating)
    for row in AwardRecord.objects.filter(
        person__in=ids, year__gte=first_year, year__lte=year
    ).values("person_id", "award_code", "year", "thematic", "revoked", "decision_number"):
        builds[int(row["person_id"])].awards.append(_held(row))
    for pk, init_year, level, used, code in (
        Authorship.objects.filter(
            person__in=ids,
            initiative__status=InitiativeStatus.RECOGNISED,
            initiative__year__lte=year,
        )
        .order_by("initiative__year", "initiative_id")
        .values_list(
            "person_id",
            "initiative__year",
            "initiative__level",
            "initiative__used_for_award",
            "initiative__code",
        )
    ):
        builds[pk].initiatives.append(
            InitiativeFact(
                year=init_year, level=level or "base", used_for_award=bool(used), ref=code
            )
        )
    for pk, research_year, level, research_id in ResearchProject.objects.filter(
        person__in=ids, year__lte=year
    ).values_list("person_id", "year", "level", "pk"):
        builds[pk].research.append(
            ResearchFact(year=research_year, level=level, ref=f"research:{research_id}")
        )
    for pk, form, start, end in DisciplineRecord.objects.filter(
        Q(end__isnull=True) | Q(end__gte=first_day), person__in=ids
    ).values_list("person_id", "form", "start", "end"):
        builds[pk].discipline.append(DisciplineFact(form=form, start=start, end=end))
    for pk, kind, start, end in Hold.objects.filter(
        Q(end__isnull=True) | Q(end__gte=first_day), person__in=ids
    ).values_list("person_id", "kind", "start", "end"):
        builds[pk].holds.append(HoldFact(kind=kind, start=start, end=end))
    for pk, start, end in MaternityLeave.objects.filter(
        person__in=ids, end__gte=first_day
    ).values_list("person_id", "start", "end"):
        builds[pk].leaves.append(LeaveFact(kind="maternity", start=start, end=end))
    for pk, start, end in Membership.objects.filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first_day), person__in=ids
    ).values_list("person_id", "start_date", "end_date"):
        builds[pk].spans.append((start, end))
    return {pk: _person_facts(pk, build, first_year, year) for pk, build in builds.items()}


def _person_facts(pk: int, build: _PersonBuild, first_year: int, year: int) -> PersonFacts:
    months: dict[int, int] = {}
    for each in range(first_year, year + 1):
        worked = min(12, sum(_months(start, end, each) for start, end in build.spans))
        leave = sum(leave.months_in_year(each) for leave in build.leaves)
        months[each] = max(0, worked - leave)
    return PersonFacts(
        ref=person_ref(pk),
        ratings=build.ratings,
        awards=tuple(sorted(build.awards, key=lambda a: (a.year, a.code))),
        initiatives=tuple(build.initiatives),
        research=tuple(sorted(build.research, key=lambda r: (r.year, r.ref))),
        discipline=tuple(sorted(build.discipline, key=lambda d: d.start)),
        holds=tuple(sorted(build.holds, key=lambda h: h.start)),
        leaves=tuple(sorted(build.leaves, key=lambda leave: leave.start)),
        months_worked=months,
        female=build.female,
    )


def _ancestors(path: str) -> Iterable[str]:
    """ "/1/7/42/" → "/1/", "/1/7/", "/1/7/42/"."""
    parts = path.strip("/").split("/")
    for end in range(1, len(parts) + 1):
        yield "/" + "/".join(parts[:end]) + "/"


@dataclass
class _Counts:
    total: int = 0
    completing_tasks: int = 0
    advanced_workers: int = 0
    emulation_fighters: int = 0
    disciplined: int = 0
    women: int = 0

    def stats(self) -> MemberStats:
        return MemberStats(
            total=self.total,
            completing_tasks=self.completing_tasks,
            advanced_workers=self.advanced_workers,
            emulation_fighters=self.emulation_fighters,
            disciplined=self.disciplined,
            women=self.women,
        )


def collective_facts_for(year: int, units: QuerySet[Unit]) -> dict[int, CollectiveFacts]:
    """Unit pk → CollectiveFacts for evaluating `year`: the collective's own ratings, awards and
    holds (history from `year - HISTORY_YEARS`), and its members' statistics for the year and
    the `MEMBER_STATS_YEARS - 1` before (members with HTNV or better, with Lao động tiên tiến,
    with Chiến sĩ thi đua cơ sở, disciplined from cảnh cáo up, women). Eight queries, whatever
    the number of units and members."""
    first_year = year - HISTORY_YEARS
    first_day = dt.date(first_year, 1, 1)
    stats_years = range(year - MEMBER_STATS_YEARS + 1, year + 1)
    unit_rows = list(units.order_by().values_list("pk", "path"))
    pk_of_path = {path: pk for pk, path in unit_rows}
    ids = units.values("pk")
    ratings: dict[int, dict[int, Rating]] = defaultdict(dict)
    for pk, rating_year, rating in YearlyRating.objects.filter(
        unit__in=ids, year__gte=first_year, year__lte=year
    ).values_list("unit_id", "year", "rating"):
        ratings[pk][rating_year] = Rating(rating)
    awards: dict[int, list[HeldAward]] = defaultdict(list)
    for row in (
        AwardRecord.objects.filter(unit__in=ids, year__gte=first_year, year__lte=year)
        .order_by("year", "award_code")
        .values("unit_id", "award_code", "year", "thematic", "revoked", "decision_number")
    ):
        awards[int(row["unit_id"])].append(_held(row))
    holds: dict[int, list[HoldFact]] = defaultdict(list)
    for pk, kind, start, end in (
        Hold.objects.filter(Q(end__isnull=True) | Q(end__gte=first_day), unit__in=ids)
        .order_by("start")
        .values_list("unit_id", "kind", "start", "end")
    ):
        holds[pk].append(HoldFact(kind=kind, start=start, end=end))

    counts = _member_counts(unit_rows, pk_of_path, stats_years)
    return {
        pk: CollectiveFacts(
            ref=unit_ref(pk),
            ratings=ratings.get(pk, {}),
            awards=tuple(awards.get(pk, ())),
            member_stats={
                each: counts[(pk, each)].stats() for each in stats_years if (pk, each) in counts
            },
            holds=tuple(holds.get(pk, ())),
        )
        for pk, _path in unit_rows
    }


def _member_counts(
    unit_rows: list[tuple[int, str]], pk_of_path: Mapping[str, int], years: range
) -> dict[tuple[int, int], _Counts]:
    """(unit pk, year) → counts over the members of the unit's subtree in that year: four
    queries (memberships, ratings, awards, discipline), each over the members of every unit."""
    first, last = dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    subtree = Q(pk__in=[])
    for _pk, path in _roots(unit_rows):
        subtree |= Q(unit__path__startswith=path)
    memberships = Membership.objects.filter(subtree, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    # person → year → the requested units (subtree roots included) they were a member of.
    member_of: dict[int, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
    female: dict[int, bool] = {}
    for person_id, path, start, end, gender in memberships.values_list(
        "person_id", "unit__path", "start_date", "end_date", "person__gender"
    ):
        female[person_id] = gender == Gender.FEMALE
        targets = {pk_of_path[p] for p in _ancestors(path) if p in pk_of_path}
        for each in years:
            if start <= dt.date(each, 12, 31) and (end is None or end >= dt.date(each, 1, 1)):
                member_of[person_id][each] |= targets
    members = memberships.values("person_id")
    completing: set[tuple[int, int]] = set(
        YearlyRating.objects.filter(
            person__in=members,
            year__in=list(years),
            rating__in=[r.value for r in Rating if r.at_least(Rating.HTNV)],
        ).values_list("person_id", "year")
    )
    held: dict[tuple[int, int], set[str]] = defaultdict(set)
    for person_id, award_year, code in AwardRecord.objects.filter(
        person__in=members,
        year__in=list(years),
        revoked=False,
        award_code__in=[ADVANCED_WORKER, EMULATION_FIGHTER],
    ).values_list("person_id", "year", "award_code"):
        held[(person_id, award_year)].add(code)
    disciplined: set[tuple[int, int]] = set()
    for person_id, form, start, end in DisciplineRecord.objects.filter(
        Q(end__isnull=True) | Q(end__gte=first), person__in=members, start__lte=last
    ).values_list("person_id", "form", "start", "end"):
        if DISCIPLINE_FORMS.get(form, 0) >= _WARNING_RANK:
            fact = DisciplineFact(form=form, start=start, end=end)
            disciplined |= {(person_id, each) for each in years if fact.overlaps_year(each)}

    counts: dict[tuple[int, int], _Counts] = defaultdict(_Counts)
    for person_id, per_year in member_of.items():
        for each, unit_pks in per_year.items():
            key = (person_id, each)
            codes = held.get(key, set())
            for unit_pk in unit_pks:
                count = counts[(unit_pk, each)]
                count.total += 1
                count.completing_tasks += key in completing
                count.advanced_workers += ADVANCED_WORKER in codes
                count.emulation_fighters += EMULATION_FIGHTER in codes
                count.disciplined += key in disciplined
                count.women += female[person_id]
    return counts


def _roots(unit_rows: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """The requested units not inside another requested unit: the subtrees to read."""
    roots: list[tuple[int, str]] = []
    for pk, path in sorted(unit_rows, key=lambda row: row[1]):
        if not roots or not path.startswith(roots[-1][1]):
            roots.append((pk, path))
    return roots
