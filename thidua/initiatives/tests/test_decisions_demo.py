"""The council's demo data: votes and decisions through the services, adoptions by other units."""

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError
from thidua.initiatives.demo_decisions import install_demo_adoptions, install_demo_decisions
from thidua.initiatives.enums import RoundStatus
from thidua.initiatives.models import Adoption, CouncilVote, Decision
from thidua.initiatives.tests.decision_factories import make_closed_round, score

TODAY = timezone.localdate()


def test_demo_decisions_vote_and_decide_every_initiative(org, cast):
    setup = make_closed_round(org.a, titles=["Tốt", "Khá", "Yếu"])
    good, fair, weak = setup.initiatives
    score(setup, good, ["90", "85", "88"])
    score(setup, fair, ["70", "68", "75"])
    score(setup, weak, ["30", "40", "35"])

    summary = install_demo_decisions(setup.round, manager=cast[Role.UNIT_OFFICER], today=TODAY)

    setup.round.refresh_from_db()
    assert summary.votes == CouncilVote.objects.count()
    assert summary.recognised + summary.refused == 3 == Decision.objects.count()
    assert setup.round.status == RoundStatus.DECIDED
    assert all(d.reasons if not d.recognised else d.number == "" for d in Decision.objects.all())


def test_demo_decisions_can_leave_the_last_ones_undecided(org, cast):
    setup = make_closed_round(org.a)

    install_demo_decisions(
        setup.round, manager=cast[Role.UNIT_OFFICER], today=TODAY, leave_undecided=1
    )

    setup.round.refresh_from_db()
    assert (Decision.objects.count(), setup.round.status) == (1, RoundStatus.CLOSED)


def test_demo_decisions_refuse_an_open_round(org, cast):
    setup = make_closed_round(org.a, status=RoundStatus.OPEN)

    with pytest.raises(DomainError):
        install_demo_decisions(setup.round, manager=cast[Role.UNIT_OFFICER], today=TODAY)


def test_demo_adoptions_only_by_other_units(org, cast):
    setup = make_closed_round(org.a, titles=["Tốt"])
    score(setup, setup.initiatives[0], ["90", "92", "95"])
    install_demo_decisions(setup.round, manager=cast[Role.UNIT_OFFICER], today=TODAY, seed=1)
    initiative = setup.initiatives[0]
    initiative.refresh_from_db()
    assert initiative.is_recognised

    written = install_demo_adoptions(
        [initiative],
        [org.a1, org.b, org.office],
        by=cast[Role.DEPT_OFFICER],
        today=TODAY,
    )

    units = sorted(Adoption.objects.values_list("unit__code", flat=True))
    assert written == 2
    assert units == ["BV_B", "PS_TCCB"]
