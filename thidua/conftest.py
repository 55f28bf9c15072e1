"""Shared fixtures: a small unit tree and a fixed cast of users, one per role.

The tree (codes in brackets):

    Sở Y tế [SYT]
    ├── Bệnh viện A [BV_A]            ← "own unit" of the unit-level cast
    │   ├── Khoa A1 [BV_A_K1]         ← "child unit"
    │   └── Khoa A2 [BV_A_K2]
    ├── Bệnh viện B [BV_B]            ← "sibling unit"
    │   └── Khoa B1 [BV_B_K1]         ← "other branch"
    └── Phòng TCCB [PS_TCCB]

Department-level roles (system_admin, dept_officer, dept_leader, inspector) are held on the
root with its subtree; unit-level roles on BV_A with its subtree; staff is a person in Khoa A1.
"""

from dataclasses import dataclass

import pytest

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant, make_unit


@dataclass
class Org:
    root: Unit
    a: Unit
    a1: Unit
    a2: Unit
    b: Unit
    b1: Unit
    office: Unit


@pytest.fixture
def org(db: None) -> Org:
    root = make_unit("SYT", "Sở Y tế Hà Nội", parent=None)
    a = make_unit("BV_A", "Bệnh viện A", parent=root)
    b = make_unit("BV_B", "Bệnh viện B", parent=root)
    return Org(
        root=root,
        a=a,
        a1=make_unit("BV_A_K1", "Khoa Nội A1", parent=a),
        a2=make_unit("BV_A_K2", "Khoa Ngoại A2", parent=a),
        b=b,
        b1=make_unit("BV_B_K1", "Khoa Nội B1", parent=b),
        office=make_unit(
            "PS_TCCB", "Phòng Tổ chức cán bộ", parent=root, kind=UnitKind.DEPARTMENT_OFFICE
        ),
    )


DEPT_ROLES = (Role.SYSTEM_ADMIN, Role.DEPT_OFFICER, Role.DEPT_LEADER, Role.INSPECTOR)
UNIT_ROLES = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.COUNCIL_MEMBER, Role.REVIEWER)


@dataclass
class Cast:
    users: dict[Role, User]
    staff_person: Person
    nobody: User

    def __getitem__(self, role: Role) -> User:
        return self.users[role]


@pytest.fixture
def cast(org: Org) -> Cast:
    users: dict[Role, User] = {}
    for role in DEPT_ROLES:
        users[role] = UserFactory(username=role.value)
        grant(users[role], role, org.root)
    for role in UNIT_ROLES:
        users[role] = UserFactory(username=role.value)
        grant(users[role], role, org.a)
    staff_user = UserFactory(username="staff")
    grant(staff_user, Role.STAFF, org.a1, subtree=False)
    users[Role.STAFF] = staff_user
    staff_person = PersonFactory(unit=org.a1, user=staff_user, full_name="Nguyễn Thị Hoa")
    return Cast(users=users, staff_person=staff_person, nobody=UserFactory(username="nobody"))
