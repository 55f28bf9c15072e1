"""A council scene over the conftest tree for the councils, rounds and reviews tests.

    Bệnh viện A [BV_A]  ← council "Hội đồng sáng kiến Bệnh viện A", managed by the unit officer
    ├── Khoa A1          ← sk_a1 by Nguyễn Thị Hoa (cast.staff_person); reviewer r_a1 works here
    └── Khoa A2          ← sk_a2 by author_a2; reviewers r_a2, r_a2b work here
    BV_A itself          ← reviewer r_hospital (conflicted with every initiative of BV_A)
    Bệnh viện B          ← sk_b1 (admitted, outside the council's unit)

Members: chair (r_hospital, scores), r_a1, r_a2, r_a2b (score), secretary (does not score).
Conflicts from the organisation: r_a1 × sk_a1, r_a2 × sk_a2, r_a2b × sk_a2, r_hospital × both.
"""

from dataclasses import dataclass

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.initiatives.enums import InitiativeStatus, MemberRole
from thidua.initiatives.models import Initiative, InitiativeCouncil
from thidua.initiatives.tests.council_factories import default_rubric, make_council
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory, UserFactory


def person_with_account(unit: Unit, username: str, full_name: str) -> Person:
    user = UserFactory(username=username, full_name=full_name)
    return PersonFactory(unit=unit, user=user, full_name=full_name)


@dataclass
class Scene:
    council: InitiativeCouncil
    manager: User
    r_hospital: User
    r_a1: User
    r_a2: User
    r_a2b: User
    secretary: User
    author_a2: Person
    sk_a1: Initiative
    sk_a2: Initiative
    sk_b1: Initiative


def build_scene(org, cast) -> Scene:  # type: ignore[no-untyped-def]
    default_rubric()
    hospital = person_with_account(org.a, "giam_doc_a", "Phạm Văn Giám")
    in_a1 = person_with_account(org.a1, "bs_a1", "Đỗ Minh Khoa")
    in_a2 = person_with_account(org.a2, "bs_a2", "Vũ Thị Lan")
    in_a2b = person_with_account(org.a2, "bs_a2b", "Hoàng Văn Sơn")
    secretary = person_with_account(org.a, "thu_ky_a", "Bùi Thị Thư")
    author_a2 = PersonFactory(unit=org.a2, full_name="Lê Văn Tác")
    author_b1 = PersonFactory(unit=org.b1, full_name="Trịnh Văn Bê")
    council = make_council(
        org.a,
        (hospital.user, MemberRole.CHAIR),
        in_a1.user,
        in_a2.user,
        in_a2b.user,
        (secretary.user, MemberRole.SECRETARY, False),
        year=2026,
    )
    return Scene(
        council=council,
        manager=cast[Role.UNIT_OFFICER],
        r_hospital=hospital.user,
        r_a1=in_a1.user,
        r_a2=in_a2.user,
        r_a2b=in_a2b.user,
        secretary=secretary.user,
        author_a2=author_a2,
        sk_a1=make_initiative(
            org.a1,
            cast.staff_person,
            status=InitiativeStatus.ADMITTED,
            title="Đặt lịch khám trực tuyến tại Khoa Nội A1",
        ),
        sk_a2=make_initiative(
            org.a2,
            author_a2,
            status=InitiativeStatus.ADMITTED,
            title="Quy trình bàn giao người bệnh sau phẫu thuật",
        ),
        sk_b1=make_initiative(org.b1, author_b1, status=InitiativeStatus.ADMITTED),
    )
