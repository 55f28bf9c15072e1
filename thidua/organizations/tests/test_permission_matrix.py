"""The permission matrix: every role × (own unit, child unit, sibling unit, other branch) ×
(page, API, export), for reading and changing people and units.

The expected table is written out below as data, from DESIGN.md §2 and accounts/roles.py, so a
change to who may see what shows up here as a diff of the table. A refusal is exact: 403 when
the role holds the permission nowhere, 404 when it holds it but not on that unit (the object is
outside the user's scope, so it does not exist for them). Lists and exports must contain exactly
the people in scope: an unscoped list fails these tests.

Locations (see thidua/conftest.py): unit-level roles sit on BV_A with its subtree;
own = BV_A, child = Khoa A1, sibling = BV_B, other branch = Khoa B1 (under BV_B).
Department-level roles sit on the root and reach every location.
"""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.models import Person, Unit
from thidua.organizations.tests.api_client import ApiClient
from thidua.organizations.tests.factories import PersonFactory

LOCATIONS = ("own", "child", "sibling", "other_branch")
EVERYWHERE = frozenset(LOCATIONS)
BV_A_SUBTREE = frozenset({"own", "child"})
NOWHERE: frozenset[str] = frozenset()

# Where each role may READ people (view_person) — pages, API and export alike.
READ_PEOPLE: dict[Role, frozenset[str]] = {
    Role.SYSTEM_ADMIN: EVERYWHERE,
    Role.DEPT_OFFICER: EVERYWHERE,
    Role.DEPT_LEADER: EVERYWHERE,
    Role.INSPECTOR: EVERYWHERE,
    Role.UNIT_OFFICER: BV_A_SUBTREE,
    Role.UNIT_HEAD: BV_A_SUBTREE,
    Role.COUNCIL_MEMBER: NOWHERE,
    Role.REVIEWER: NOWHERE,
    Role.STAFF: NOWHERE,  # only their own record, tested separately
}
# Where each role may CHANGE people (change_person).
CHANGE_PEOPLE: dict[Role, frozenset[str]] = {
    Role.SYSTEM_ADMIN: EVERYWHERE,
    Role.DEPT_OFFICER: EVERYWHERE,
    Role.DEPT_LEADER: NOWHERE,
    Role.INSPECTOR: NOWHERE,
    Role.UNIT_OFFICER: BV_A_SUBTREE,
    Role.UNIT_HEAD: NOWHERE,
    Role.COUNCIL_MEMBER: NOWHERE,
    Role.REVIEWER: NOWHERE,
    Role.STAFF: NOWHERE,
}
# Where each role may READ units (view_unit).
READ_UNITS: dict[Role, frozenset[str]] = {
    Role.SYSTEM_ADMIN: EVERYWHERE,
    Role.DEPT_OFFICER: EVERYWHERE,
    Role.DEPT_LEADER: EVERYWHERE,
    Role.INSPECTOR: EVERYWHERE,
    Role.UNIT_OFFICER: BV_A_SUBTREE,
    Role.UNIT_HEAD: BV_A_SUBTREE,
    Role.COUNCIL_MEMBER: BV_A_SUBTREE,
    Role.REVIEWER: BV_A_SUBTREE,
    Role.STAFF: NOWHERE,
}
# Where each role may CHANGE units (change_unit).
CHANGE_UNITS: dict[Role, frozenset[str]] = {
    Role.SYSTEM_ADMIN: EVERYWHERE,
    Role.DEPT_OFFICER: EVERYWHERE,
    Role.DEPT_LEADER: NOWHERE,
    Role.INSPECTOR: NOWHERE,
    Role.UNIT_OFFICER: BV_A_SUBTREE,
    Role.UNIT_HEAD: NOWHERE,
    Role.COUNCIL_MEMBER: NOWHERE,
    Role.REVIEWER: NOWHERE,
    Role.STAFF: NOWHERE,
}
# Who may export the people list at all (export_people); the file holds READ_PEOPLE's people.
EXPORTERS = frozenset(
    {
        Role.SYSTEM_ADMIN,
        Role.DEPT_OFFICER,
        Role.DEPT_LEADER,
        Role.INSPECTOR,
        Role.UNIT_OFFICER,
        Role.UNIT_HEAD,
    }
)

ROLES = list(Role)
CASES = [(role, location) for role in ROLES for location in LOCATIONS]


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    # The matrix is about scope; two-factor sign-in has its own tests.
    settings.THIDUA_2FA_REQUIRED = False


def unit_at(org: Org, location: str) -> Unit:
    return {"own": org.a, "child": org.a1, "sibling": org.b, "other_branch": org.b1}[location]


@pytest.fixture
def people(org: Org) -> dict[str, Person]:
    """One person at each location (besides the cast's staff member)."""
    return {
        location: PersonFactory(unit=unit_at(org, location), staff_code=f"MX-{location.upper()}")
        for location in LOCATIONS
    }


def expected_status(allowed: dict[Role, frozenset[str]], role: Role, location: str) -> int:
    if location in allowed[role]:
        return 200
    return 404 if allowed[role] else 403


def expected_change_status(
    read: dict[Role, frozenset[str]],
    change: dict[Role, frozenset[str]],
    role: Role,
    location: str,
) -> int:
    """Allowed: 200. A role that may change no such object anywhere: 403. Visible but not
    changeable there: 403. Out of sight: 404."""
    if location in change[role]:
        return 200
    if not change[role] or location in read[role]:
        return 403
    return 404


@pytest.mark.parametrize(("role", "location"), CASES)
def test_person_page_follows_the_matrix(client, cast: Cast, people, role, location):
    client.force_login(cast[role])

    response = client.get(reverse("organizations:person_detail", args=[people[location].pk]))

    assert response.status_code == expected_status(READ_PEOPLE, role, location)


@pytest.mark.parametrize(("role", "location"), CASES)
def test_person_api_follows_the_matrix(cast: Cast, people, role, location):
    api = ApiClient(cast[role])

    response = api.get(f"/people/{people[location].pk}")

    assert response.status_code == expected_status(READ_PEOPLE, role, location)


@pytest.mark.parametrize(("role", "location"), CASES)
def test_person_edit_page_follows_the_matrix(client, cast: Cast, people, role, location):
    client.force_login(cast[role])

    response = client.get(reverse("organizations:person_edit", args=[people[location].pk]))

    assert response.status_code == expected_change_status(
        READ_PEOPLE, CHANGE_PEOPLE, role, location
    )


@pytest.mark.parametrize(("role", "location"), CASES)
def test_person_api_update_follows_the_matrix(cast: Cast, people, role, location):
    person = people[location]
    api = ApiClient(cast[role])

    response = api.patch(f"/people/{person.pk}", {"position": "Bác sĩ"})

    person.refresh_from_db()
    expected = expected_change_status(READ_PEOPLE, CHANGE_PEOPLE, role, location)
    written = "Bác sĩ" if expected == 200 else "Điều dưỡng"
    assert (response.status_code, person.position) == (expected, written)


@pytest.mark.parametrize(("role", "location"), CASES)
def test_unit_page_follows_the_matrix(client, cast: Cast, org: Org, role, location):
    client.force_login(cast[role])

    response = client.get(reverse("organizations:unit_detail", args=[unit_at(org, location).pk]))

    assert response.status_code == expected_status(READ_UNITS, role, location)


@pytest.mark.parametrize(("role", "location"), CASES)
def test_unit_api_follows_the_matrix(cast: Cast, org: Org, role, location):
    api = ApiClient(cast[role])

    response = api.get(f"/units/{unit_at(org, location).pk}")

    assert response.status_code == expected_status(READ_UNITS, role, location)


@pytest.mark.parametrize(("role", "location"), CASES)
def test_unit_edit_page_follows_the_matrix(client, cast: Cast, org: Org, role, location):
    client.force_login(cast[role])

    response = client.get(reverse("organizations:unit_edit", args=[unit_at(org, location).pk]))

    assert response.status_code == expected_change_status(READ_UNITS, CHANGE_UNITS, role, location)


def staff_codes_in(content: bytes) -> set[str]:
    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    code_column = rows[0].index("Mã cán bộ")
    return {row[code_column] for row in rows[1:]}


def codes_at(people: dict[str, Person], locations: frozenset[str]) -> set[str]:
    return {people[location].staff_code for location in locations}


@pytest.mark.parametrize("role", ROLES)
def test_people_export_holds_exactly_the_people_in_scope(client, cast: Cast, people, role):
    client.force_login(cast[role])

    response = client.get(reverse("organizations:person_export"))

    if role not in EXPORTERS:
        assert response.status_code == 403
        return
    expected = codes_at(people, READ_PEOPLE[role])
    if "child" in READ_PEOPLE[role]:
        expected.add(cast.staff_person.staff_code)  # the cast's staff member works in Khoa A1
    assert (response.status_code, staff_codes_in(response.content)) == (200, expected)


@pytest.mark.parametrize("role", ROLES)
def test_people_api_list_holds_exactly_the_people_in_scope(cast: Cast, people, role):
    api = ApiClient(cast[role])

    response = api.get("/people", {"limit": 500})

    if not READ_PEOPLE[role]:
        assert response.status_code == 403
        return
    expected = codes_at(people, READ_PEOPLE[role])
    if "child" in READ_PEOPLE[role]:
        expected.add(cast.staff_person.staff_code)
    listed = {item["staff_code"] for item in response.json()["items"]}
    assert (response.status_code, listed) == (200, expected)


@pytest.mark.parametrize("role", ROLES)
def test_people_page_lists_exactly_the_people_in_scope(client, cast: Cast, people, role):
    client.force_login(cast[role])

    response = client.get(reverse("organizations:person_list"))

    if not READ_PEOPLE[role]:
        assert response.status_code == 403
        return
    page = response.content.decode()
    shown = {code for code in codes_at(people, EVERYWHERE) if code in page}
    assert (response.status_code, shown) == (200, codes_at(people, READ_PEOPLE[role]))


def test_staff_member_sees_their_own_record_by_page_and_api(client, cast: Cast):
    staff = cast[Role.STAFF]
    client.force_login(staff)

    page = client.get(reverse("organizations:person_detail", args=[cast.staff_person.pk]))
    api = ApiClient(staff).get(f"/people/{cast.staff_person.pk}")

    assert (page.status_code, api.status_code) == (200, 200)


def test_user_without_any_role_is_refused_everywhere(client, cast: Cast, people, org: Org):
    client.force_login(cast.nobody)
    api = ApiClient(cast.nobody)

    statuses = [
        client.get(reverse("organizations:person_list")).status_code,
        client.get(reverse("organizations:person_detail", args=[people["own"].pk])).status_code,
        client.get(reverse("organizations:unit_detail", args=[org.a.pk])).status_code,
        client.get(reverse("organizations:person_export")).status_code,
        api.get("/people").status_code,
        api.get(f"/units/{org.a.pk}").status_code,
    ]

    assert statuses == [403, 403, 403, 403, 403, 403]
