"""Home page: greeting, role assignments, own person card, quick links, figures in scope."""

from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def test_home_redirects_anonymous_users_to_login(client: Client, db: None) -> None:
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dang-nhap/?next=/"


def test_home_greets_and_lists_role_assignments(client: Client, cast: Cast) -> None:
    officer = cast[Role.DEPT_OFFICER]
    client.force_login(officer)

    response = client.get("/")

    assert response.status_code == 200
    assert response.context["section"] == "home"
    assert [(a.role, a.unit.code) for a in response.context["assignments"]] == [
        ("dept_officer", "SYT")
    ]
    html = response.content.decode()
    assert f"Xin chào, {officer.display_name}" in html
    assert "Thường trực Hội đồng TĐKT / Phòng TCCB Sở" in html
    assert "(gồm đơn vị trực thuộc)" in html


def test_home_shows_figures_in_the_users_scope(client: Client, cast: Cast, org: Org) -> None:
    PersonFactory.create_batch(3, unit=org.b1)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get("/")

    figures = response.context["figures"]
    assert (figures.units, figures.sub_units, figures.people) == (1, 2, 1)


def test_home_shows_the_staff_members_own_card_and_no_figures(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.STAFF])

    response = client.get("/")

    assert response.context["person"] == cast.staff_person
    assert response.context["figures"] is None
    html = response.content.decode()
    assert "Khoa Nội A1" in html
    assert f'href="/can-bo/{cast.staff_person.pk}/"' in html
    assert 'href="/don-vi/"' not in html


def test_home_quick_links_follow_permissions(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/").content.decode()

    for href in ("/don-vi/", "/cum-khoi/", "/can-bo/", "/nhap-excel/", "/nhat-ky/"):
        assert f'class="td-quick-link" href="{href}"' in html
    assert 'class="td-quick-link" href="/tai-khoan-phan-quyen/"' not in html


def test_home_tells_a_user_without_roles(client: Client, cast: Cast) -> None:
    client.force_login(cast.nobody)

    response = client.get("/")

    assert "Tài khoản chưa được giao vai trò nào." in response.content.decode()
    assert response.context["figures"] is None


@pytest.mark.parametrize("people", [3, 30])
def test_home_query_count_does_not_grow_with_people(
    client: Client, cast: Cast, org: Org, people: int, django_assert_num_queries: Any
) -> None:
    PersonFactory.create_batch(people, unit=org.a2)
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, assignments, own person, unit figures, people figure, base.html's
    # "Hồ sơ của tôi" link
    with django_assert_num_queries(8):
        response = client.get("/")

    assert response.status_code == 200
