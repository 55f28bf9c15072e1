"""The permission matrix of movements: every role × where the movement or the registering unit
sits (own unit, child unit, sibling unit, other branch) × (page, API).

Expected tables are data, from accounts/roles.py: the plan is read by anyone whose grants touch
the organising unit's subtree (at, above or inside it); it is changed by MANAGE_MOVEMENT at the
organising unit; a unit registration is kept by REGISTER_UNIT and read by the department. A
refusal is exact: 403 for a role holding the permission nowhere, 404 for an object outside the
user's scope.

Locations (thidua/conftest.py): unit-level roles sit on BV_A with its subtree; own = BV_A,
child = Khoa A1, sibling = BV_B, other branch = Khoa B1. Department roles sit on the root.
"""

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.movements.tests.factories import make_movement, open_round_today
from thidua.organizations.models import Unit
from thidua.organizations.tests.api_client import ApiClient

LOCATIONS = ("own", "child", "sibling", "other_branch")
EVERYWHERE = frozenset(LOCATIONS)
BV_A_SUBTREE = frozenset({"own", "child"})
NOWHERE: frozenset[str] = frozenset()
DEPT = (Role.SYSTEM_ADMIN, Role.DEPT_OFFICER, Role.DEPT_LEADER, Role.INSPECTOR)
UNIT_LEVEL = (Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.COUNCIL_MEMBER, Role.REVIEWER)

# Where each role may READ a movement organised by the unit at that location. Unit-level roles
# on BV_A touch a movement of BV_A or of Khoa A1 (inside their subtree); staff (on Khoa A1
# only) touch one organised by BV_A (above them) or by Khoa A1 itself.
READ_MOVEMENT: dict[Role, frozenset[str]] = {
    **dict.fromkeys(DEPT, EVERYWHERE),
    **dict.fromkeys(UNIT_LEVEL, BV_A_SUBTREE),
    Role.STAFF: BV_A_SUBTREE,
}
# Where each role may CHANGE a movement organised there (manage_movement).
CHANGE_MOVEMENT: dict[Role, frozenset[str]] = {
    Role.SYSTEM_ADMIN: EVERYWHERE,
    Role.DEPT_OFFICER: EVERYWHERE,
    Role.DEPT_LEADER: NOWHERE,
    Role.INSPECTOR: NOWHERE,
    Role.UNIT_OFFICER: NOWHERE,
    Role.UNIT_HEAD: NOWHERE,
    Role.COUNCIL_MEMBER: NOWHERE,
    Role.REVIEWER: NOWHERE,
    Role.STAFF: NOWHERE,
}

ROLES = list(Role)
CASES = [(role, location) for role in ROLES for location in LOCATIONS]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def unit_at(org: Org, location: str) -> Unit:
    return {"own": org.a, "child": org.a1, "sibling": org.b, "other_branch": org.b1}[location]


def expected_read(role: Role, location: str) -> int:
    if location in READ_MOVEMENT[role]:
        return 200
    return 404 if READ_MOVEMENT[role] else 403


def expected_change(role: Role, location: str) -> int:
    if location in CHANGE_MOVEMENT[role]:
        return 200
    if not CHANGE_MOVEMENT[role] or location in READ_MOVEMENT[role]:
        return 403
    return 404


@pytest.mark.parametrize(("role", "location"), CASES)
def test_movement_overview_page_follows_the_matrix(client, cast: Cast, org: Org, role, location):
    movement = make_movement(unit_at(org, location))
    client.force_login(cast[role])

    response = client.get(reverse("movements:movement_detail", args=[movement.pk]))

    assert response.status_code == expected_read(role, location)


@pytest.mark.parametrize(("role", "location"), CASES)
def test_movement_api_follows_the_matrix(cast: Cast, org: Org, role, location):
    movement = make_movement(unit_at(org, location))

    response = ApiClient(cast[role]).get(f"/movements/{movement.pk}")

    assert response.status_code == expected_read(role, location)


@pytest.mark.parametrize(("role", "location"), CASES)
def test_movement_edit_page_follows_the_matrix(client, cast: Cast, org: Org, role, location):
    movement = make_movement(unit_at(org, location))
    client.force_login(cast[role])

    response = client.get(reverse("movements:movement_edit", args=[movement.pk]))

    assert response.status_code == expected_change(role, location)


@pytest.mark.parametrize(("role", "location"), CASES)
def test_movement_api_update_follows_the_matrix(cast: Cast, org: Org, role, location):
    movement = make_movement(unit_at(org, location), name="Tên cũ")

    response = ApiClient(cast[role]).patch(f"/movements/{movement.pk}", {"name": "Tên mới"})

    movement.refresh_from_db()
    expected = expected_change(role, location)
    assert (response.status_code, movement.name) == (
        expected,
        "Tên mới" if expected == 200 else "Tên cũ",
    )


def test_user_without_any_role_reads_no_movement(client, cast: Cast, org: Org):
    movement = make_movement(org.root)
    client.force_login(cast.nobody)

    statuses = [
        client.get(reverse("movements:movement_list")).status_code,
        client.get(reverse("movements:movement_detail", args=[movement.pk])).status_code,
        ApiClient(cast.nobody).get(f"/movements/{movement.pk}").status_code,
    ]

    assert statuses == [403, 403, 403]


# Unit registrations of a movement organised by the root, for a unit at each location.
REGISTER_FOR: dict[Role, frozenset[str]] = {
    Role.SYSTEM_ADMIN: EVERYWHERE,
    Role.UNIT_OFFICER: BV_A_SUBTREE,
}


@pytest.mark.parametrize("location", LOCATIONS)
def test_unit_officer_keeps_registrations_of_their_own_subtree_only(
    client, cast: Cast, org: Org, location
):
    movement = make_movement(org.root, status="launched")
    open_round_today(movement)
    client.force_login(cast[Role.UNIT_OFFICER])
    url = reverse(
        "movements:unit_registration",
        args=[movement.pk, timezone.localdate().year, unit_at(org, location).pk],
    )

    response = client.get(url)

    assert response.status_code == (200 if location in REGISTER_FOR[Role.UNIT_OFFICER] else 404)


@pytest.mark.parametrize("location", LOCATIONS)
def test_department_reads_every_unit_registration(client, cast: Cast, org: Org, location):
    movement = make_movement(org.root, status="launched")
    open_round_today(movement)
    client.force_login(cast[Role.DEPT_OFFICER])
    url = reverse(
        "movements:unit_registration",
        args=[movement.pk, timezone.localdate().year, unit_at(org, location).pk],
    )

    response = client.get(url)

    assert response.status_code == 200
