"""A person's page: fields, unit path, account, membership history; own profile for staff."""

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.models import Membership
from thidua.organizations.tests.factories import PersonFactory


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def test_person_detail_shows_fields_unit_path_and_history(
    client: Client, cast: Cast, org: Org
) -> None:
    person = PersonFactory(
        full_name="Nguyễn Văn An", staff_code="BVA001", unit=org.a1, position="Bác sĩ"
    )
    Membership.objects.filter(person=person).update(end_date=dt.date(2023, 12, 31))
    Membership.objects.create(
        person=person, unit=org.a1, position="Bác sĩ", start_date=dt.date(2024, 1, 1)
    )
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.get(f"/can-bo/{person.pk}/")

    assert response.status_code == 200
    assert [(u.code, linked) for u, linked in response.context["crumbs"]] == [
        ("SYT", False),
        ("BV_A", True),
        ("BV_A_K1", True),
    ]
    assert [(m.start_date, m.end_date) for m in response.context["memberships"]] == [
        (dt.date(2024, 1, 1), None),
        (dt.date(2020, 1, 1), dt.date(2023, 12, 31)),
    ]
    html = response.content.decode()
    assert (
        '<td class="text-nowrap">01/01/2024</td>\n          <td class="text-nowrap">nay</td>'
        in (html)
    )
    assert '<td class="text-nowrap">31/12/2023</td>' in html
    assert "17/05/1990" in html
    assert "Chưa có tài khoản đăng nhập." in html
    assert response.context["can_edit"] is False


def test_person_detail_shows_the_linked_account_and_edit_link(client: Client, cast: Cast) -> None:
    person = cast.staff_person
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/can-bo/{person.pk}/")

    html = response.content.decode()
    assert "<code>staff</code>" in html
    assert f'href="/can-bo/{person.pk}/sua/"' in html


def test_person_detail_is_visible_to_the_person_themself(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.STAFF])

    response = client.get(f"/can-bo/{cast.staff_person.pk}/")

    assert response.status_code == 200
    assert response.context["is_self"] is True
    assert '<span class="badge text-bg-info align-middle fs-6">Hồ sơ của tôi</span>' in (
        response.content.decode()
    )
    # Staff see no unit pages: the path is text, not links.
    assert [linked for _, linked in response.context["crumbs"]] == [False, False, False]


def test_person_detail_of_someone_else_is_403_for_staff(
    client: Client, cast: Cast, org: Org
) -> None:
    colleague = PersonFactory(unit=org.a1)
    client.force_login(cast[Role.STAFF])

    assert client.get(f"/can-bo/{colleague.pk}/").status_code == 403


def test_person_detail_outside_scope_is_404(client: Client, cast: Cast, org: Org) -> None:
    outsider = PersonFactory(unit=org.b1)
    client.force_login(cast[Role.UNIT_OFFICER])

    assert client.get(f"/can-bo/{outsider.pk}/").status_code == 404
    assert client.get("/can-bo/999999/").status_code == 404


def test_person_detail_redirects_anonymous_users(client: Client, cast: Cast) -> None:
    assert client.get(f"/can-bo/{cast.staff_person.pk}/").status_code == 302


@pytest.mark.parametrize("moves", [3, 30])
def test_person_detail_query_count_does_not_grow_with_history(
    client: Client, cast: Cast, org: Org, moves: int, django_assert_num_queries: Any
) -> None:
    person = PersonFactory(unit=org.a1)
    Membership.objects.filter(person=person).update(end_date=dt.date(2020, 1, 1))
    Membership.objects.bulk_create(
        Membership(
            person=person,
            unit=org.a2,
            start_date=dt.date(2000, 1, 1) + dt.timedelta(days=2 * n),
            end_date=dt.date(2000, 1, 1) + dt.timedelta(days=2 * n + 1),
        )
        for n in range(moves)
    )
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, person, ancestors, memberships, base.html's link
    with django_assert_num_queries(7):
        response = client.get(f"/can-bo/{person.pk}/")

    assert len(response.context["memberships"]) == moves + 1
