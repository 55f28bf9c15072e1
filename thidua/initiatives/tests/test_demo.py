"""The demo initiatives (`initiatives/demo.py`, `manage.py seed_initiatives_demo`), run by the
whole demo seed at the `small` scale: every status shown, two councils each with a decided round
and a round under way, the demo accounts with work to do, adoptions, written once, never in
production."""

import datetime as dt
import io
from collections import Counter

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from thidua.initiatives.enums import CouncilLevel, InitiativeStatus, RoundStatus
from thidua.initiatives.models import (
    Adoption,
    Assignment,
    Decision,
    Initiative,
    InitiativeCouncil,
    InitiativeFingerprint,
)


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--scale", "small", stdout=io.StringIO())


def test_demo_initiatives_cover_every_step(seeded):
    statuses = Counter(Initiative.objects.values_list("status", flat=True))

    assert set(statuses) == {
        InitiativeStatus.DRAFT,
        InitiativeStatus.SUBMITTED,
        InitiativeStatus.RETURNED,
        InitiativeStatus.ADMITTED,
        InitiativeStatus.IN_REVIEW,
        InitiativeStatus.RECOGNISED,
        InitiativeStatus.NOT_RECOGNISED,
    }
    assert sum(statuses.values()) == 43
    # Every text is in the duplicate detector's index (drafts are never offered as matches).
    assert InitiativeFingerprint.objects.count() == 43


def test_demo_councils_have_a_decided_round_and_one_under_way(seeded):
    councils = InitiativeCouncil.objects.order_by("level")

    assert [c.level for c in councils] == [CouncilLevel.DEPARTMENT, CouncilLevel.UNIT]
    for council in councils:
        assert sorted(council.rounds.values_list("status", flat=True)) == [
            RoundStatus.DECIDED,
            RoundStatus.OPEN,
        ]
    recognised = Initiative.objects.filter(status=InitiativeStatus.RECOGNISED)
    assert Decision.objects.filter(recognised=True).count() == recognised.count() > 0
    assert all(i.decision_number for i in recognised)
    assert Adoption.objects.filter(initiative__in=recognised).count() > 0


def test_demo_decided_rounds_have_their_documents_in_the_register(seeded):
    from thidua.documents.models import IssuedDocument

    decided = InitiativeCouncil.objects.filter(rounds__status=RoundStatus.DECIDED).distinct()
    decisions = IssuedDocument.objects.filter(source__startswith="initiatives.decision:")
    notices = IssuedDocument.objects.filter(source__startswith="initiatives.non_recognition:")

    assert sorted(d.number_text for d in decisions) == ["01/QĐ-BVXP", "01/QĐ-SYT"]
    assert decided.count() == 2
    assert notices.count() == Decision.objects.filter(recognised=False).count() > 0
    assert {n.symbol for n in notices} <= {"TB-BVXP", "TB-SYT"}
    assert not Decision.objects.filter(number="").exists()


def test_demo_accounts_have_work_to_do(seeded):
    own = set(
        Initiative.objects.filter(authors__person__user__username="nhanvien").values_list(
            "status", flat=True
        )
    )

    assert {InitiativeStatus.DRAFT, InitiativeStatus.RETURNED} <= own
    for reviewer in ("chamsk", "hoidong"):
        assert Assignment.objects.filter(
            reviewer__username=reviewer, round__status=RoundStatus.OPEN
        ).exists()


def test_seed_initiatives_demo_twice_changes_nothing(seeded):
    before = Initiative.objects.count()

    call_command("seed_initiatives_demo", stdout=io.StringIO())

    assert Initiative.objects.count() == before


def test_seed_initiatives_demo_refused_in_production(db, settings):
    settings.THIDUA_IS_PRODUCTION = True

    with pytest.raises(CommandError, match="môi trường sản xuất"):
        call_command("seed_initiatives_demo", stdout=io.StringIO())


def test_demo_initiatives_were_submitted_before_the_rounds_that_judged_them(seeded):
    judged = Initiative.objects.filter(round_entries__isnull=False).distinct()

    for initiative in judged:
        opened = initiative.round_entries.order_by("round__opens_on").first().round.opens_on
        assert timezone.localtime(initiative.submitted_at).date() < opened
    recognised = Initiative.objects.filter(status=InitiativeStatus.RECOGNISED)
    # Issued three days after the council met (ten days ago).
    assert {i.decision_date for i in recognised} == {timezone.localdate() - dt.timedelta(days=7)}
