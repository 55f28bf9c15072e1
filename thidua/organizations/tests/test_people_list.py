"""The people list page: search as you type, filters, sorting, paging, scope, query count."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.enums import EmploymentKind, Gender
from thidua.organizations.models import Person
from thidua.organizations.tests.factories import PersonFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def people(org: Org) -> dict[str, Person]:
    return {
        "an": PersonFactory(
            full_name="Nguyễn Văn An",
            staff_code="BVA001",
            unit=org.a1,
            gender=Gender.MALE,
            position="Bác sĩ",
            date_of_birth=dt.date(1980, 3, 1),
        ),
        "giang": PersonFactory(
            full_name="Nguyễn Đức Giang",
            staff_code="BVA002",
            unit=org.a2,
            gender=Gender.MALE,
            position="Trưởng khoa",
            employment_kind=EmploymentKind.CIVIL_SERVANT,
            date_of_birth=dt.date(1975, 7, 9),
        ),
        "lan": PersonFactory(full_name="Lê Thị Lan", staff_code="BVB001", unit=org.b1),
    }


def _listed(response: Any) -> list[str]:
    return [p.full_name for p in response.context["page"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("nguyen van an", ["Nguyễn Văn An"]),
        ("NGUYỄN văn", ["Nguyễn Văn An"]),
        ("duc giang", ["Nguyễn Đức Giang"]),
        ("bva002", ["Nguyễn Đức Giang"]),
        ("truong khoa", ["Nguyễn Đức Giang"]),
        ("an", ["Nguyễn Văn An"]),
    ],
)
def test_person_list_search_ignores_diacritics_and_case(
    client: Client, cast: Cast, people: dict[str, Person], query: str, expected: list[str]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/can-bo/", {"q": query})

    assert response.status_code == 200
    assert _listed(response) == expected


def test_person_list_default_is_everyone_in_scope_by_given_name(
    client: Client, cast: Cast, people: dict[str, Person]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/can-bo/")

    assert _listed(response) == ["Nguyễn Văn An", "Nguyễn Đức Giang", "Nguyễn Thị Hoa"]
    assert "<strong>3 người</strong>" in response.content.decode()
    assert response.context["section"] == "people"


def test_person_list_filters_combine(
    client: Client, cast: Cast, people: dict[str, Person], org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(
        "/can-bo/",
        {
            "loc": "1",
            "don_vi": org.a.pk,
            "truc_thuoc": "1",
            "gioi_tinh": Gender.MALE,
            "loai": EmploymentKind.CIVIL_SERVANT,
        },
    )

    assert _listed(response) == ["Nguyễn Đức Giang"]


def test_person_list_unit_filter_without_sub_units(
    client: Client, cast: Cast, people: dict[str, Person], org: Org
) -> None:
    PersonFactory(full_name="Phạm Văn Đông", unit=org.a)
    client.force_login(cast[Role.DEPT_OFFICER])

    only_unit = client.get("/can-bo/", {"loc": "1", "don_vi": org.a.pk})
    from_link = client.get("/can-bo/", {"don_vi": org.a.pk})

    assert _listed(only_unit) == ["Phạm Văn Đông"]
    assert _listed(from_link) == [
        "Nguyễn Văn An",
        "Phạm Văn Đông",
        "Nguyễn Đức Giang",
        "Nguyễn Thị Hoa",
    ]


def test_person_list_position_filter_offers_positions_in_scope(
    client: Client, cast: Cast, people: dict[str, Person]
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/can-bo/", {"chuc_vu": "Bác sĩ"})

    choices = [value for value, _ in response.context["form"].fields["chuc_vu"].choices]
    assert choices == ["", "Bác sĩ", "Trưởng khoa", "Điều dưỡng"]
    assert _listed(response) == ["Nguyễn Văn An"]


def test_person_list_status_filter(client: Client, cast: Cast, people: dict[str, Person]) -> None:
    Person.objects.filter(pk=people["an"].pk).update(is_active=False)
    client.force_login(cast[Role.UNIT_OFFICER])

    left = client.get("/can-bo/", {"trang_thai": "nghi"})
    everyone = client.get("/can-bo/", {"trang_thai": "tat-ca", "q": "nguyen"})

    assert _listed(left) == ["Nguyễn Văn An"]
    assert "Đã nghỉ" in left.content.decode()
    assert _listed(everyone) == ["Nguyễn Văn An", "Nguyễn Đức Giang", "Nguyễn Thị Hoa"]


def test_person_list_unit_outside_scope_is_ignored(
    client: Client, cast: Cast, people: dict[str, Person], org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/can-bo/", {"don_vi": org.b1.pk})

    assert response.context["filters"].unit is None
    assert "Lê Thị Lan" not in _listed(response)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("ten", ["an", "giang", "lan"]),
        ("-ten", ["lan", "giang", "an"]),
        ("ma", ["an", "giang", "lan"]),
        ("-ma", ["lan", "giang", "an"]),
        ("ngay-sinh", ["giang", "an", "lan"]),
        ("-ngay-sinh", ["lan", "an", "giang"]),
        ("don-vi", ["giang", "an", "lan"]),
        ("-don-vi", ["lan", "an", "giang"]),
    ],
)
def test_person_list_sorts_by_column(
    client: Client, cast: Cast, people: dict[str, Person], sort: str, expected: list[str]
) -> None:
    Person.objects.filter(pk=people["lan"].pk).update(date_of_birth=dt.date(1992, 1, 20))
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/can-bo/", {"q": "bv", "sap_xep": sort})

    assert [p.pk for p in response.context["page"]] == [people[key].pk for key in expected]


def test_person_list_sort_links_toggle_and_show_arrows(
    client: Client, cast: Cast, people: dict[str, Person]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/can-bo/", {"q": "bv", "sap_xep": "ma"}).content.decode()

    assert '<th aria-sort="ascending"><a class="td-sort" href="?q=bv&amp;sap_xep=-ma"' in html
    assert 'Mã cán bộ <i class="bi bi-arrow-up" aria-hidden="true"></i>' in html
    assert '<th><a class="td-sort" href="?q=bv&amp;sap_xep=ten"' in html


def test_person_list_pages_by_fifty(client: Client, cast: Cast, org: Org) -> None:
    PersonFactory.create_batch(60, unit=org.b1)
    client.force_login(cast[Role.DEPT_OFFICER])

    first = client.get("/can-bo/")
    second = client.get("/can-bo/", {"page": "2"})

    assert (len(first.context["page"]), len(second.context["page"])) == (50, 11)
    assert "<strong>61 người</strong>" in first.content.decode()
    assert "Trang 2 / 2" in second.content.decode()


def test_person_list_shows_totals_with_vietnamese_grouping(
    client: Client, cast: Cast, org: Org
) -> None:
    Person.objects.bulk_create(
        Person(
            staff_code=f"BULK{n:05d}",
            full_name=f"Người {n}",
            gender=Gender.FEMALE,
            employment_kind=EmploymentKind.WORKER,
            unit=org.b1,
        )
        for n in range(1233)
    )
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/can-bo/").content.decode()

    assert "<strong>1.234 người</strong>" in html


def test_person_list_with_htmx_returns_only_the_results(
    client: Client, cast: Cast, people: dict[str, Person]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/can-bo/", {"q": "nguyen van"}, headers=HTMX)

    html = response.content.decode()
    assert "<html" not in html
    assert '<form method="get"' not in html
    assert _listed(response) == ["Nguyễn Văn An"]
    assert response["Vary"].split(", ")[0] == "HX-Request"


def test_person_list_search_box_updates_results_and_url(
    client: Client, cast: Cast, people: dict[str, Person]
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/can-bo/").content.decode()

    assert (
        'hx-get="/can-bo/" hx-trigger="input changed delay:300ms, search" '
        'hx-include="closest form" hx-target="#people-results" hx-push-url="true"'
    ) in html


def test_person_list_uses_a_unit_search_field_for_big_trees(
    client: Client, cast: Cast, org: Org, settings: Any
) -> None:
    settings.THIDUA_PICKER_SELECT_MAX = 3
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/can-bo/", {"don_vi": org.a.pk}).content.decode()

    assert (
        f'<input type="hidden" name="don_vi" value="{org.a.pk}" data-picker-value data-autosubmit>'
    ) in html
    assert 'value="Bệnh viện A"' in html
    assert 'hx-get="/don-vi/?chon=1&amp;quyen=organizations.view_person&amp;ca_ngung=1"' in html


def test_person_picker_answers_with_people_of_the_unit(
    client: Client, cast: Cast, people: dict[str, Person], org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/can-bo/", {"chon": "1", "tim": "nguyen", "don_vi": org.a2.pk})

    assert [p.full_name for p in response.context["people"]] == ["Nguyễn Đức Giang"]
    assert (
        f'data-pick-value="{people["giang"].pk}" data-pick-label="Nguyễn Đức Giang (BVA002)"'
    ) in response.content.decode()


def test_person_list_is_403_without_view_person(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.COUNCIL_MEMBER])

    assert client.get("/can-bo/").status_code == 403


def test_person_list_is_403_for_staff_who_only_see_themselves(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.STAFF])

    assert client.get("/can-bo/").status_code == 403


def test_person_list_redirects_anonymous_users(client: Client, db: None) -> None:
    response = client.get("/can-bo/")

    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dang-nhap/?next=/can-bo/"


@pytest.mark.parametrize("count", [3, 30])
def test_person_list_query_count_does_not_grow_with_people(
    client: Client, cast: Cast, org: Org, count: int, django_assert_num_queries: Any
) -> None:
    PersonFactory.create_batch(count, unit=org.a2)
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, positions, unit choices (probe past the limit, then the units),
    # count, page, base.html's link
    with django_assert_num_queries(9):
        client.get("/can-bo/")
    # the htmx fragment skips the positions and the unit choices (both queries)
    with django_assert_num_queries(5):
        response = client.get("/can-bo/", {"q": "dieu duong"}, headers=HTMX)

    assert response.context["page"].paginator.count == count + 1


def test_person_picker_stays_in_the_users_scope(
    client: Client, cast: Cast, people: dict[str, Person], org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    other_branch = client.get("/can-bo/", {"chon": "1", "tim": "lan", "don_vi": org.b1.pk})
    own = client.get("/can-bo/", {"chon": "1", "tim": "nguyen"})

    assert other_branch.context["people"] == []
    assert [p.full_name for p in own.context["people"]] == [
        "Nguyễn Văn An",
        "Nguyễn Đức Giang",
        "Nguyễn Thị Hoa",
    ]
