"""The council factories other areas build on: members in order, a round with its entries in
review, a review whose total is the weighted score out of 100."""

from decimal import Decimal

from thidua.initiatives.enums import CouncilLevel, InitiativeStatus, MemberRole, ReviewStatus
from thidua.initiatives.models import Initiative
from thidua.initiatives.tests.council_factories import (
    make_assignment,
    make_council,
    make_review,
    make_round,
)
from thidua.organizations.tests.factories import UserFactory


def _initiative(unit, code):  # type: ignore[no-untyped-def]
    return Initiative.objects.create(
        code=code, title=f"Sáng kiến {code}", unit=unit, year=2026, status=InitiativeStatus.ADMITTED
    )


def test_make_council_members_in_order_with_roles(org):
    chair, secretary, member = UserFactory(), UserFactory(), UserFactory()

    council = make_council(
        org.a, (chair, MemberRole.CHAIR), (secretary, MemberRole.SECRETARY, False), member
    )

    rows = list(council.members.values_list("user_id", "role", "reviews", "order"))
    assert rows == [
        (chair.pk, MemberRole.CHAIR, True, 0),
        (secretary.pk, MemberRole.SECRETARY, False, 1),
        (member.pk, MemberRole.MEMBER, True, 2),
    ]
    assert council.level == CouncilLevel.UNIT
    assert make_council(org.root).level == CouncilLevel.DEPARTMENT


def test_make_round_enters_initiatives_in_review(org):
    council = make_council(org.a)
    first, second = _initiative(org.a1, "SK-T-1"), _initiative(org.a2, "SK-T-2")

    round_ = make_round(council, initiatives=[first, second])

    assert list(round_.entries.values_list("initiative__code", flat=True)) == ["SK-T-1", "SK-T-2"]
    first.refresh_from_db()
    assert first.status == InitiativeStatus.IN_REVIEW


def test_make_review_total_is_weighted_out_of_100(org):
    reviewer = UserFactory()
    council = make_council(org.a, reviewer)
    initiative = _initiative(org.a1, "SK-T-3")
    round_ = make_round(council, initiatives=[initiative])
    assignment = make_assignment(round_, initiative, reviewer)

    review = make_review(
        assignment, levels={"novelty": 4, "applicability": 2, "effectiveness": 3, "scope": 0}
    )

    # 30·4/4 + 25·2/4 + 30·3/4 + 15·0/4 = 30 + 12,5 + 22,5 + 0
    assert review.total == Decimal("65.00")
    assert review.status == ReviewStatus.SUBMITTED
    assert review.scores.count() == 4
