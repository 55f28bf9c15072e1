"""Arrangements of the council's side (votes, decisions, adoptions) for the decisions and
adoption tests, written straight to the database on top of the shared factories."""

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.initiatives.enums import (
    InitiativeStatus,
    MemberRole,
    RecognitionLevel,
    RoundStatus,
    VoteChoice,
)
from thidua.initiatives.models import (
    Adoption,
    AdoptionIndicator,
    CouncilMember,
    CouncilVote,
    Decision,
    Initiative,
    InitiativeCouncil,
    RecognitionRule,
    ReviewRound,
)
from thidua.initiatives.services.rulebook import install_default_rulebook
from thidua.initiatives.tests.council_factories import (
    make_assignment,
    make_council,
    make_review,
    make_round,
)
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.models import Unit
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

NAMES = [
    "Trần Văn Minh",
    "Lê Thị Hồng",
    "Phạm Quốc Bảo",
    "Đỗ Thu Trang",
    "Vũ Đức Anh",
    "Hoàng Mai Lan",
    "Bùi Thanh Sơn",
    "Ngô Thị Yến",
    "Đặng Văn Long",
]


@dataclass
class Council:
    council: InitiativeCouncil
    round: ReviewRound
    users: list[User]
    members: list[CouncilMember]
    initiatives: list[Initiative]

    @property
    def secretary(self) -> User:
        return self.users[-1]


def ensure_rulebook() -> None:
    """The default rule and rubric that migration 0002 seeds, again when a transactional test
    (a browser test) has flushed the tables since; does nothing when they are there."""
    install_default_rulebook()


def make_member_users(prefix: str, count: int) -> list[User]:
    return [
        UserFactory(username=f"{prefix}{i}", full_name=NAMES[i % len(NAMES)]) for i in range(count)
    ]


def make_authored(unit: Unit, title: str, *, with_account: bool = True) -> Initiative:
    """An initiative whose main author is a person of `unit` (with an account by default)."""
    user = UserFactory() if with_account else None
    if user is not None:
        grant(user, Role.STAFF, unit, subtree=False)
    author = PersonFactory(unit=unit, user=user, full_name="Nguyễn Thị Hoa")
    return make_initiative(unit, author, status=InitiativeStatus.IN_REVIEW, title=title)


def make_closed_round(
    unit: Unit,
    *,
    members: int = 7,
    titles: Sequence[str] = ("Đặt lịch khám trực tuyến", "Bệnh án điện tử khoa Nội"),
    status: str = RoundStatus.CLOSED,
    prefix: str = "uv",
) -> Council:
    """A council at `unit` with `members` members (the first the chair, the last the secretary),
    a round in `status` with one initiative per title, authored at `unit`."""
    ensure_rulebook()
    users = make_member_users(prefix, members)
    specs: list[User | tuple[User, str]] = [(users[0], MemberRole.CHAIR), *users[1:-1]]
    if members > 1:
        specs.append((users[-1], MemberRole.SECRETARY))
    council = make_council(unit, *specs)
    initiatives = [make_authored(unit, title) for title in titles]
    round_ = make_round(council, initiatives=initiatives, status=status)
    return Council(
        council=council,
        round=round_,
        users=users,
        members=list(council.members.order_by("order")),
        initiatives=initiatives,
    )


def cast_votes(setup: Council, initiative: Initiative, *, yes: int, no: int = 0) -> None:
    """The first `yes` members vote for, the next `no` against (straight to the database)."""
    for index, member in enumerate(setup.members[: yes + no]):
        CouncilVote.objects.create(
            round=setup.round,
            initiative=initiative,
            member=member,
            choice=VoteChoice.FOR if index < yes else VoteChoice.AGAINST,
            recorded_by=member.user,
        )


def score(setup: Council, initiative: Initiative, totals: Sequence[str]) -> None:
    """Submitted reviews with these totals by the first members, in order."""
    for user, total in zip(setup.users, totals, strict=False):
        assignment = make_assignment(setup.round, initiative, user)
        make_review(assignment, total=Decimal(total))


def default_rule() -> RecognitionRule:
    return RecognitionRule.objects.order_by("valid_from").first()  # type: ignore[return-value]


def make_recognised(unit: Unit, title: str = "Phần mềm nhắc lịch tái khám") -> Initiative:
    author = PersonFactory(unit=unit, full_name="Trịnh Văn Hải")
    return make_initiative(
        unit,
        author,
        status=InitiativeStatus.RECOGNISED,
        title=title,
        decision_date=dt.date(2024, 12, 20),
    )


def make_adoption(
    initiative: Initiative,
    unit: Unit,
    *,
    adopted_on: dt.date = dt.date(2025, 3, 1),
    indicators: Sequence[tuple[str, str, str, str]] = (("Thời gian chờ khám", "phút", "45", "15"),),
) -> Adoption:
    adoption = Adoption.objects.create(initiative=initiative, unit=unit, adopted_on=adopted_on)
    for name, measure, before, after in indicators:
        AdoptionIndicator.objects.create(
            adoption=adoption,
            name=name,
            measure_unit=measure,
            before=Decimal(before),
            after=Decimal(after),
        )
    return adoption


def make_decision(setup: Council, initiative: Initiative, *, recognised: bool) -> Decision:
    return Decision.objects.create(
        round=setup.round,
        initiative=initiative,
        recognised=recognised,
        level=RecognitionLevel.BASE if recognised else "",
        number="12/QĐ-HĐSK" if recognised else "",
        date=dt.date(2025, 12, 20),
        reasons="" if recognised else "Chưa chứng minh được hiệu quả.",
        votes_for=5 if recognised else 2,
        votes_against=2 if recognised else 5,
        members_total=7,
        rule=default_rule(),
    )


def officer_of(unit: Unit, username: str) -> User:
    user = UserFactory(username=username, full_name="Cán bộ " + unit.name)
    grant(user, Role.UNIT_OFFICER, unit)
    return user
