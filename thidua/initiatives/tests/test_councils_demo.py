"""The councils' demo data: a council with members, a round scored and closed (which the
decisions demo then decides), a round under way with submitted, draft and untouched sheets —
through the services, deterministic, refused in production."""

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError
from thidua.initiatives.demo_councils import install_demo_council
from thidua.initiatives.demo_decisions import install_demo_decisions
from thidua.initiatives.enums import InitiativeStatus, MemberRole, ReviewStatus, RoundStatus
from thidua.initiatives.models import Assignment, Decision, Review
from thidua.initiatives.tests.council_support import person_with_account
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.tests.factories import PersonFactory

TODAY = timezone.localdate()


def _install(org, cast, **overrides):  # type: ignore[no-untyped-def]
    members = [
        (person_with_account(org.a1, "khoa_a1", "Đỗ Minh Khoa").user, MemberRole.CHAIR),
        (person_with_account(org.a2, "lan_a2", "Vũ Thị Lan").user, MemberRole.MEMBER),
        (person_with_account(org.a2, "son_a2", "Hoàng Văn Sơn").user, MemberRole.MEMBER),
        (person_with_account(org.a1, "mai_a1", "Ngô Thị Mai").user, MemberRole.MEMBER),
        (person_with_account(org.a, "thu_ky", "Bùi Thị Thư").user, MemberRole.SECRETARY),
    ]
    authors = [cast.staff_person, PersonFactory(unit=org.a2)]
    initiatives = [
        make_initiative(None, authors[index % 2], status=InitiativeStatus.ADMITTED)
        for index in range(6)
    ]
    return install_demo_council(
        unit=org.a,
        manager=cast[Role.UNIT_OFFICER],
        members=members,
        initiatives=initiatives,
        today=TODAY,
        **overrides,
    )


def test_demo_council_closed_round_scored_and_open_round_under_way(org, cast):
    demo = _install(org, cast)

    assert demo.council.members.count() == 5
    assert demo.closed_round.status == RoundStatus.CLOSED
    assert demo.open_round.status == RoundStatus.OPEN
    closed_assignments = Assignment.objects.filter(round=demo.closed_round)
    assert closed_assignments.count() > 0
    assert set(
        Review.objects.filter(assignment__round=demo.closed_round).values_list("status", flat=True)
    ) == {ReviewStatus.SUBMITTED}
    assert Review.objects.filter(assignment__round=demo.closed_round).count() == (
        closed_assignments.count()
    )
    open_reviews = Review.objects.filter(assignment__round=demo.open_round)
    assert demo.drafts == open_reviews.filter(status=ReviewStatus.DRAFT).count() > 0
    assert open_reviews.count() < Assignment.objects.filter(round=demo.open_round).count()
    # The secretary scores nothing.
    assert not Assignment.objects.filter(reviewer__username="thu_ky").exists()


def test_demo_council_then_decisions(org, cast):
    demo = _install(org, cast)

    install_demo_decisions(demo.closed_round, manager=cast[Role.UNIT_OFFICER], today=TODAY)

    assert Decision.objects.filter(round=demo.closed_round).count() == 3


def test_demo_council_refused_in_production(org, cast, settings):
    settings.THIDUA_IS_PRODUCTION = True

    with pytest.raises(DomainError):
        _install(org, cast)
