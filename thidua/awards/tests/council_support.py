"""What the council and decision tests share: Bệnh viện A ("BVA", head Phạm Minh Đức) with its
Hội đồng Thi đua – Khen thưởng of `members` members (the first the chair, the second the
secretary), a round of BV A handed to the council, and accepted nominations — arranged directly,
as the nominations app would leave them."""

import datetime as dt
from dataclasses import dataclass, field

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.awards.enums import NominationStatus, RoundKind, RoundStatus
from thidua.awards.models import AwardCouncil, AwardCouncilMember, AwardRound, Nomination
from thidua.awards.models.councils import CouncilRole
from thidua.awards.services.councils import add_member, create_council
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

MEETING = dt.date(2026, 12, 10)


@dataclass
class Setup:
    unit: Unit
    officer: User  # unit officer of BV A (manages the council, prepares decisions)
    head: User  # unit head of BV A (reviews)
    council: AwardCouncil
    members: list[AwardCouncilMember]
    round: AwardRound
    nominations: list[Nomination] = field(default_factory=list)

    @property
    def chair(self) -> AwardCouncilMember:
        return self.members[0]

    @property
    def secretary(self) -> AwardCouncilMember:
        return self.members[1]


def abbreviate(unit: Unit, abbreviation: str) -> Unit:
    Unit.objects.filter(pk=unit.pk).update(abbreviation=abbreviation)
    unit.refresh_from_db()
    return unit


def nominate(
    round_: AwardRound,
    *,
    person: Person | None = None,
    unit: Unit | None = None,
    award_code: str,
    override: str = "",
    evaluation: dict[str, object] | None = None,
) -> Nomination:
    return Nomination.objects.create(
        round=round_,
        unit=round_.organiser,
        person=person,
        subject_unit=unit,
        award_code=award_code,
        status=NominationStatus.ACCEPTED_WITH_OVERRIDE if override else NominationStatus.ACCEPTED,
        override_justification=override,
        eligible=not override,
        evaluation=evaluation or {},
    )


def council_setup(org, cast, *, members: int = 10, kind: str = RoundKind.ANNUAL) -> Setup:  # type: ignore[no-untyped-def]
    """BV A's council of `members` members and a round of BV A in the council's hands, with
    three accepted nominations: Lê Thị Thu Hà (Chiến sĩ thi đua cơ sở), Đỗ Quang Vinh (Lao động
    tiên tiến, accepted with an override) and Khoa Nội A1 (Tập thể lao động tiên tiến)."""
    abbreviate(org.root, "SYT")
    unit = abbreviate(org.a, "BVA")
    Unit.objects.filter(pk=unit.pk).update(head=PersonFactory(unit=unit, full_name="Phạm Minh Đức"))
    unit.refresh_from_db()
    officer = cast[Role.UNIT_OFFICER]
    council = create_council(
        unit=unit, name="Hội đồng Thi đua - Khen thưởng Bệnh viện A", by=officer
    )
    roles = [CouncilRole.CHAIR, CouncilRole.SECRETARY] + [CouncilRole.MEMBER] * (members - 2)
    people = []
    for index, role in enumerate(roles, start=1):
        user = UserFactory(username=f"hd{index}", full_name=f"Thành viên {index:02d}")
        grant(user, Role.COUNCIL_MEMBER, unit)
        people.append(add_member(council, user=user, role=role, by=officer))
    round_ = AwardRound.objects.create(
        name="Đợt xét khen thưởng năm 2026",
        kind=kind,
        year=2026,
        organiser=unit,
        award_codes=["cstdcs", "ldtt", "ttldtt", "cstd_tp"],
        nomination_deadline=dt.date(2026, 11, 30),
        status=RoundStatus.COUNCIL,
    )
    setup = Setup(unit, officer, cast[Role.UNIT_HEAD], council, people, round_)
    ha = PersonFactory(unit=org.a1, full_name="Lê Thị Thu Hà", position="Điều dưỡng trưởng")
    vinh = PersonFactory(unit=org.a2, full_name="Đỗ Quang Vinh", position="Bác sĩ")
    setup.nominations = [
        nominate(round_, person=ha, award_code="cstdcs"),
        nominate(
            round_,
            person=vinh,
            award_code="ldtt",
            override="Nghỉ điều trị bệnh nghề nghiệp 3 tháng, thành tích vẫn nổi bật.",
        ),
        nominate(round_, unit=org.a1, award_code="ttldtt"),
    ]
    return setup


def user_of(member: AwardCouncilMember) -> User:
    return member.user
