"""People selectors: diacritic-free word-start search, filters, sort orders, scope."""

import datetime as dt

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.enums import EmploymentKind, Gender
from thidua.organizations.models import Person
from thidua.organizations.selectors.people import (
    PeopleFilter,
    count_people,
    own_person,
    people_for_picker,
    search_people,
)
from thidua.organizations.tests.factories import PersonFactory


def _names(people: object) -> list[str]:
    return [p.full_name for p in people]  # type: ignore[attr-defined]


@pytest.fixture
def people(org: Org) -> dict[str, Person]:
    return {
        "an": PersonFactory(
            full_name="Nguyễn Văn An",
            unit=org.a1,
            staff_code="BVA001",
            gender=Gender.MALE,
            position="Bác sĩ",
            date_of_birth=dt.date(1980, 3, 1),
        ),
        "giang": PersonFactory(
            full_name="Nguyễn Đức Giang",
            unit=org.a2,
            staff_code="BVA002",
            gender=Gender.MALE,
            position="Trưởng khoa",
            date_of_birth=dt.date(1975, 7, 9),
            employment_kind=EmploymentKind.CIVIL_SERVANT,
        ),
        "binh": PersonFactory(
            full_name="Trần Thị Bình",
            unit=org.a1,
            staff_code="BVA003",
            position="Điều dưỡng",
            date_of_birth=None,
        ),
        "lan": PersonFactory(
            full_name="Lê Thị Lan",
            unit=org.b1,
            staff_code="BVB001",
            position="Điều dưỡng",
            date_of_birth=dt.date(1992, 1, 20),
        ),
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van an", ["Nguyễn Văn An"]),
        ("NGUYỄN văn", ["Nguyễn Văn An"]),
        ("duc giang", ["Nguyễn Đức Giang"]),
        ("nguyen", ["Nguyễn Văn An", "Nguyễn Đức Giang", "Nguyễn Thị Hoa"]),
        ("an", ["Nguyễn Văn An"]),  # a word start: not "Lan", not "Giang"
        ("bva00", ["Nguyễn Văn An", "Nguyễn Đức Giang", "Trần Thị Bình"]),
        ("dieu duong", ["Trần Thị Bình", "Lê Thị Lan", "Nguyễn Thị Hoa"]),  # the cast's staff
        ("truong khoa giang", ["Nguyễn Đức Giang"]),
        ("xyz", []),
    ],
)
def test_search_people_matches_folded_word_starts(
    people: dict[str, Person], cast: Cast, query: str, expected: list[str]
) -> None:
    found = search_people(cast[Role.DEPT_OFFICER], PeopleFilter(query=query, sort="ma"))

    assert sorted(_names(found)) == sorted(expected)


def test_search_people_stays_in_scope(people: dict[str, Person], cast: Cast) -> None:
    found = search_people(cast[Role.UNIT_OFFICER], PeopleFilter(query="thi", sort="ma"))

    assert _names(found) == ["Trần Thị Bình", "Nguyễn Thị Hoa"]


def test_search_people_combines_filters(people: dict[str, Person], cast: Cast, org: Org) -> None:
    filters = PeopleFilter(unit=org.a, include_subunits=True, gender=Gender.MALE, position="Bác sĩ")

    assert _names(search_people(cast[Role.DEPT_OFFICER], filters)) == ["Nguyễn Văn An"]


def test_search_people_unit_filter_with_or_without_sub_units(
    people: dict[str, Person], cast: Cast, org: Org
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    PersonFactory(full_name="Phạm Văn Đông", unit=org.a)

    direct = search_people(officer, PeopleFilter(unit=org.a, include_subunits=False))
    subtree = search_people(officer, PeopleFilter(unit=org.a, include_subunits=True))

    assert _names(direct) == ["Phạm Văn Đông"]
    assert _names(subtree) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Phạm Văn Đông",
        "Nguyễn Đức Giang",
        "Nguyễn Thị Hoa",
    ]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("ten", ["an", "binh", "giang", "lan"]),
        ("-ten", ["lan", "giang", "binh", "an"]),
        ("ma", ["an", "giang", "binh", "lan"]),
        ("-ma", ["lan", "binh", "giang", "an"]),
        ("ngay-sinh", ["giang", "an", "lan", "binh"]),  # no date of birth: last
        ("-ngay-sinh", ["lan", "an", "giang", "binh"]),
        ("don-vi", ["giang", "an", "binh", "lan"]),  # Khoa Ngoại A2, Khoa Nội A1, Khoa Nội B1
        ("-don-vi", ["lan", "an", "binh", "giang"]),
        ("khong-co", ["an", "binh", "giang", "lan"]),  # unknown: by name
    ],
)
def test_search_people_sort_orders(
    people: dict[str, Person], cast: Cast, sort: str, expected: list[str]
) -> None:
    found = search_people(cast[Role.DEPT_OFFICER], PeopleFilter(query="bv", sort=sort))

    assert [p.pk for p in found] == [people[key].pk for key in expected]


def test_search_people_status_filter(people: dict[str, Person], cast: Cast) -> None:
    Person.objects.filter(pk=people["lan"].pk).update(is_active=False)
    officer = cast[Role.DEPT_OFFICER]

    left = search_people(officer, PeopleFilter(active=False))
    everyone = search_people(officer, PeopleFilter(active=None, query="thi"))

    assert _names(left) == ["Lê Thị Lan"]
    assert _names(everyone) == ["Trần Thị Bình", "Nguyễn Thị Hoa", "Lê Thị Lan"]


def test_people_for_picker_limits_to_a_unit_subtree(
    people: dict[str, Person], cast: Cast, org: Org
) -> None:
    officer = cast[Role.DEPT_OFFICER]

    assert _names(people_for_picker(officer, "thi", unit=org.a)) == [
        "Trần Thị Bình",
        "Nguyễn Thị Hoa",
    ]
    assert people_for_picker(officer, "", unit=org.a) == []


def test_own_person_is_the_record_linked_to_the_account(cast: Cast) -> None:
    assert own_person(cast[Role.STAFF]) == cast.staff_person
    assert own_person(cast.nobody) is None


@pytest.mark.parametrize(
    "filters",
    [
        PeopleFilter(),  # the list as it opens: counted as everyone minus those who left
        PeopleFilter(sort="-ma"),
        PeopleFilter(query="nguyen"),
        PeopleFilter(gender=Gender.MALE),
        PeopleFilter(active=None),
        PeopleFilter(active=False),
    ],
)
@pytest.mark.parametrize("role", [Role.DEPT_OFFICER, Role.UNIT_OFFICER])
def test_count_people_is_the_count_of_the_list(
    cast: Cast, people: dict[str, Person], filters: PeopleFilter, role: Role
) -> None:
    Person.objects.filter(pk=people["binh"].pk).update(is_active=False)
    user = cast[role]
    listed = search_people(user, filters)

    assert count_people(user, filters, listed) == listed.count() == len(list(listed))
