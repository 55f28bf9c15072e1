"""The awards demo seed: ratings for the last three years, past titles, the special cases, and
the round of this year with the showcase hospital's nominations at each step."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.awards.models import (
    AwardRecord,
    AwardRound,
    DisciplineRecord,
    Hold,
    Nomination,
    NominationAttachment,
    YearlyRating,
)
from thidua.awards.tests.rounds_support import prepare_issuing
from thidua.conftest import Org
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant


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


def test_demo_round_shows_each_step_of_the_nomination_workflow(
    org: Org, settings: Any, tmp_path: Path
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    department = UserFactory(username="thuongtruc")
    grant(department, Role.DEPT_OFFICER, org.root)
    grant(UserFactory(username="tdkt.xanhpon"), Role.UNIT_OFFICER, org.a)
    prepare_issuing(org)
    year = timezone.localdate().year
    for n in range(6):
        person = PersonFactory(unit=org.a1, full_name=f"Người thứ {n}")
        YearlyRating.objects.create(person=person, year=year, rating="HTXSNV" if n else "HTNV")

    call_command("seed_awards_demo", verbosity=0)
    call_command("seed_awards_demo", verbosity=0)

    round_ = AwardRound.objects.get()
    assert (round_.status, round_.organiser, round_.year) == ("open", org.root, year)
    assert round_.nomination_deadline > timezone.localdate()
    statuses = sorted(Nomination.objects.values_list("status", flat=True))
    assert statuses == ["accepted", "draft", "returned", "submitted", "submitted", "submitted"]
    assert Nomination.objects.filter(eligible=False, status="submitted").get().has_override
    assert Nomination.objects.get(status="returned").return_reason.startswith("Báo cáo thành tích")
    assert set(NominationAttachment.objects.values_list("kind", flat=True)) == {
        "proposal",
        "achievement_report",
    }
    assert NominationAttachment.objects.filter(document__isnull=True).count() == 0
    assert NominationAttachment.objects.filter(nomination__status="draft").count() == 1
