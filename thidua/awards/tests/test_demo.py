"""The awards demo seed: ratings for the last three years, past titles, the special cases."""

import pytest
from django.core.management import call_command

from thidua.awards.models import AwardRecord, DisciplineRecord, Hold, YearlyRating
from thidua.conftest import Org
from thidua.organizations.tests.factories import PersonFactory


def test_seed_awards_demo_writes_ratings_titles_and_special_cases(org: Org) -> None:
    for _ in range(12):
        PersonFactory(unit=org.a1)

    call_command("seed_awards_demo", verbosity=0)
    counts = (YearlyRating.objects.count(), AwardRecord.objects.count())
    call_command("seed_awards_demo", verbosity=0)

    assert YearlyRating.objects.filter(person__isnull=False).count() == 36
    assert YearlyRating.objects.filter(unit__isnull=False).count() == 18  # 6 units × 3 years
    assert AwardRecord.objects.filter(thematic=True).count() == 1
    assert AwardRecord.objects.filter(revoked=True).count() == 1
    assert (DisciplineRecord.objects.count(), Hold.objects.count()) == (1, 1)
    assert (YearlyRating.objects.count(), AwardRecord.objects.count()) == counts


@pytest.mark.django_db
def test_seed_awards_demo_with_no_people_writes_no_special_case() -> None:
    call_command("seed_awards_demo", verbosity=0)

    assert (AwardRecord.objects.count(), DisciplineRecord.objects.count()) == (0, 0)
