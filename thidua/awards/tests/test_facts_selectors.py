"""Facts gathered in bulk: equal to the data, a fixed number of queries whatever the size."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from thidua.awards.domain.facts import HeldAward, MemberStats, Rating
from thidua.awards.models import AwardRecord, DisciplineRecord, Hold, MaternityLeave, YearlyRating
from thidua.awards.selectors.facts import collective_facts_for, person_facts_for
from thidua.conftest import Org
from thidua.organizations.enums import Gender
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory


def _people(org: Org, count: int) -> list[Person]:
    people = [PersonFactory(unit=org.a1 if i % 2 else org.a2) for i in range(count)]
    for person in people:
        YearlyRating.objects.create(person=person, year=2025, rating="HTTNV")
        AwardRecord.objects.create(person=person, award_code="ldtt", year=2025)
    return people


def _queries(function: object, *args: object) -> int:
    with CaptureQueriesContext(connection) as captured:
        function(*args)  # type: ignore[operator]
    return len(captured)


def test_person_facts_query_count_does_not_grow_with_people(org: Org) -> None:
    _people(org, 3)
    small = _queries(person_facts_for, 2025, Person.objects.all())
    _people(org, 30)

    large = _queries(person_facts_for, 2025, Person.objects.all())

    assert (small, large) == (9, 9)


def test_collective_facts_query_count_does_not_grow_with_units(org: Org) -> None:
    _people(org, 3)
    small = _queries(collective_facts_for, 2025, Unit.objects.filter(pk=org.a.pk))
    _people(org, 30)

    large = _queries(collective_facts_for, 2025, Unit.objects.all())

    assert (small, large) == (8, 8)


def test_person_facts_equal_the_data(org: Org) -> None:
    person = PersonFactory(unit=org.a1, gender=Gender.FEMALE)
    YearlyRating.objects.create(person=person, year=2024, rating="HTXSNV")
    YearlyRating.objects.create(person=person, year=2025, rating="HTTNV")
    AwardRecord.objects.create(person=person, award_code="ldtt", year=2024, decision_number="5/QĐ")
    AwardRecord.objects.create(
        person=person, award_code="cstdcs", year=2023, thematic=True, revoked=True
    )
    DisciplineRecord.objects.create(person=person, form="warning", start=dt.date(2025, 2, 1))
    Hold.objects.create(person=person, kind="inspection", start=dt.date(2025, 5, 1))
    MaternityLeave.objects.create(
        person=person, start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30)
    )

    facts = person_facts_for(2025, Person.objects.filter(pk=person.pk))[person.pk]

    assert facts.ratings == {2024: Rating.HTXSNV, 2025: Rating.HTTNV}
    assert facts.awards == (
        HeldAward(code="cstdcs", year=2023, thematic=True, revoked=True, decision=""),
        HeldAward(code="ldtt", year=2024, thematic=False, revoked=False, decision="5/QĐ"),
    )
    assert [(d.form, d.start, d.end) for d in facts.discipline] == [
        ("warning", dt.date(2025, 2, 1), None)
    ]
    assert [(h.kind, h.pending) for h in facts.holds] == [("inspection", True)]
    assert facts.female is True
    assert facts.months_worked is not None
    assert (facts.months_worked[2024], facts.months_worked[2025]) == (12, 6)


def test_collective_member_stats_count_the_subtree(org: Org) -> None:
    a1_people = [PersonFactory(unit=org.a1, gender=Gender.FEMALE) for _ in range(3)]
    a2_person = PersonFactory(unit=org.a2, gender=Gender.MALE)
    PersonFactory(unit=org.b1)  # another branch: never counted
    for person in [*a1_people, a2_person]:
        YearlyRating.objects.create(person=person, year=2025, rating="HTTNV")
    YearlyRating.objects.filter(person=a2_person).update(rating="KHTNV")
    AwardRecord.objects.create(person=a1_people[0], award_code="ldtt", year=2025)
    AwardRecord.objects.create(person=a1_people[1], award_code="ldtt", year=2025, revoked=True)
    AwardRecord.objects.create(person=a1_people[2], award_code="cstdcs", year=2025)
    DisciplineRecord.objects.create(person=a2_person, form="warning", start=dt.date(2025, 3, 1))
    YearlyRating.objects.create(unit=org.a, year=2025, rating="HTXSNV")

    facts = collective_facts_for(2025, Unit.objects.filter(pk__in=[org.a.pk, org.a1.pk]))

    assert facts[org.a.pk].member_stats[2025] == MemberStats(
        total=4,
        completing_tasks=3,
        advanced_workers=1,
        emulation_fighters=1,
        disciplined=1,
        women=3,
    )
    assert facts[org.a1.pk].member_stats[2025] == MemberStats(
        total=3,
        completing_tasks=3,
        advanced_workers=1,
        emulation_fighters=1,
        disciplined=0,
        women=3,
    )
    assert facts[org.a.pk].ratings == {2025: Rating.HTXSNV}
