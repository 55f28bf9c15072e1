"""The account list: who may open it, which accounts each manager sees, search, filters, queries."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.organizations.selectors.users import (
    UserFilter,
    can_manage_account,
    search_users,
    users_visible_to,
)
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

LIST_URL = reverse("organizations:user_list")


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def staff_account(unit, username, full_name="Trần Văn Bình"):
    user = UserFactory(username=username, full_name=full_name)
    PersonFactory(unit=unit, user=user, full_name=full_name)
    grant(user, Role.STAFF, unit, subtree=False)
    return user


def usernames(users):
    return sorted(u.username for u in users)


@pytest.mark.parametrize(
    ("role", "status"),
    [
        (Role.SYSTEM_ADMIN, 200),
        (Role.UNIT_OFFICER, 200),
        (Role.DEPT_OFFICER, 403),
        (Role.DEPT_LEADER, 403),
        (Role.INSPECTOR, 403),
        (Role.UNIT_HEAD, 403),
        (Role.COUNCIL_MEMBER, 403),
        (Role.REVIEWER, 403),
        (Role.STAFF, 403),
    ],
)
def test_user_list_opens_only_for_user_managers(client, cast, role, status):
    client.force_login(cast[role])

    response = client.get(LIST_URL)

    assert response.status_code == status


def test_user_list_refuses_a_user_without_roles(client, cast):
    client.force_login(cast.nobody)

    response = client.get(LIST_URL)

    assert response.status_code == 403


def test_user_list_sends_anonymous_visitors_to_login(client, cast):
    response = client.get(LIST_URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_system_admin_on_root_sees_every_account_including_orphans(cast):
    visible = users_visible_to(cast[Role.SYSTEM_ADMIN])

    assert usernames(visible) == sorted([*(role.value for role in Role), "nobody"])


def test_unit_officer_sees_only_staff_accounts_of_their_subtree(cast, org):
    staff_account(org.a2, "binh.tv")
    staff_account(org.b1, "an.nv")

    visible = users_visible_to(cast[Role.UNIT_OFFICER])

    assert usernames(visible) == ["binh.tv", "staff"]


def test_unit_officer_does_not_see_staff_account_with_a_role_elsewhere(cast, org):
    user = staff_account(org.a1, "lan.pt")
    grant(user, Role.STAFF, org.b1, subtree=False)

    visible = users_visible_to(cast[Role.UNIT_OFFICER])

    assert usernames(visible) == ["staff"]


def test_unit_officer_does_not_see_account_whose_person_is_elsewhere(cast, org):
    user = UserFactory(username="minh.lv")
    PersonFactory(unit=org.b1, user=user)
    grant(user, Role.STAFF, org.a1, subtree=False)

    visible = users_visible_to(cast[Role.UNIT_OFFICER])

    assert usernames(visible) == ["staff"]


def test_unit_officer_sees_account_of_person_in_subtree_without_roles(cast, org):
    user = UserFactory(username="hung.dq")
    PersonFactory(unit=org.a2, user=user)

    visible = users_visible_to(cast[Role.UNIT_OFFICER])

    assert usernames(visible) == ["hung.dq", "staff"]


def test_system_admin_of_a_branch_sees_accounts_touching_the_branch_but_no_orphans(cast, org):
    admin_b = UserFactory(username="admin.b")
    grant(admin_b, Role.SYSTEM_ADMIN, org.b)
    staff_account(org.b1, "an.nv")
    mixed = UserFactory(username="mixed")
    PersonFactory(unit=org.b1, user=mixed)
    grant(mixed, Role.DEPT_OFFICER, org.root)

    visible = users_visible_to(admin_b)

    assert usernames(visible) == ["admin.b", "an.nv", "mixed"]
    assert [can_manage_account(admin_b, u) for u in visible.order_by("username")] == [
        True,
        True,
        False,
    ]


@pytest.mark.parametrize("role", list(Role))
def test_can_manage_account_agrees_with_the_visible_list_for_unit_officer(cast, org, role):
    officer = cast[Role.UNIT_OFFICER]
    target = cast[role]

    visible = users_visible_to(officer).filter(pk=target.pk).exists()

    assert can_manage_account(officer, target) == visible


def test_user_list_search_ignores_diacritics_and_case(client, cast, org):
    staff_account(org.a2, "binh.tv", full_name="Trần Văn Bình")
    staff_account(org.a2, "duc.ng", full_name="Nguyễn Gia Đức")
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(LIST_URL, {"q": "duc"})

    assert [u.username for u in response.context["page"]] == ["duc.ng"]


def test_user_search_matches_free_accounts_by_folded_name(cast):
    cast[Role.DEPT_LEADER].full_name = "Lê Thị Thủy"
    cast[Role.DEPT_LEADER].save()

    found = search_users(cast[Role.SYSTEM_ADMIN], UserFilter(query="le thi thuy"))

    assert usernames(found) == ["dept_leader"]


def test_user_search_matches_username_fragment(cast):
    found = search_users(cast[Role.SYSTEM_ADMIN], UserFilter(query="officer"))

    assert usernames(found) == ["dept_officer", "unit_officer"]


def test_user_list_filters_by_role(client, cast):
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.get(LIST_URL, {"role": Role.INSPECTOR.value})

    assert [u.username for u in response.context["page"]] == ["inspector"]


def test_user_list_filters_by_unit_subtree(client, cast, org):
    staff_account(org.b1, "an.nv")
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.get(LIST_URL, {"unit": org.b.pk})

    assert [u.username for u in response.context["page"]] == ["an.nv"]


def test_user_list_filters_by_role_on_a_unit(client, cast, org):
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.get(LIST_URL, {"unit": org.a.pk, "role": Role.UNIT_HEAD.value})

    assert [u.username for u in response.context["page"]] == ["unit_head"]


def test_user_list_filters_locked_accounts(client, cast):
    cast[Role.REVIEWER].is_active = False
    cast[Role.REVIEWER].save()
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.get(LIST_URL, {"active": "0"})

    assert [u.username for u in response.context["page"]] == ["reviewer"]


def test_user_list_unit_filter_refuses_a_unit_outside_scope(client, cast, org):
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(LIST_URL, {"unit": org.b.pk})

    assert response.context["form"].errors["unit"] == [
        "Đơn vị này không có hoặc nằm ngoài phạm vi bạn quản lý."
    ]
    assert [u.username for u in response.context["page"]] == ["staff"]


def test_user_list_shows_person_roles_two_factor_and_last_login(client, cast, org):
    TOTPDevice.objects.create(user=cast[Role.STAFF], name="Điện thoại", confirmed=True)
    User.objects.filter(pk=cast[Role.STAFF].pk).update(last_login="2026-03-05T08:30:00+07:00")
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(LIST_URL)

    html = response.content.decode()
    assert cast.staff_person.staff_code in html
    assert 'Cán bộ, viên chức, người lao động <span class="fw-normal">@ Khoa Nội A1</span>' in html
    assert "05/03/2026 08:30" in html
    assert '<span class="badge text-bg-success">Bật</span>' in html


def test_user_list_htmx_search_returns_only_the_results_fragment(client, cast):
    client.force_login(cast[Role.SYSTEM_ADMIN])

    response = client.get(
        LIST_URL, {"q": "staff"}, headers={"HX-Request": "true", "HX-Target": "user-results"}
    )

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="user-results">')
    assert "<nav" not in html


def test_user_list_pages_by_fifty(client, cast, org):
    for number in range(55):
        staff_account(org.a2, f"nv{number:02d}", full_name=f"Nhân Viên {number}")
    client.force_login(cast[Role.UNIT_OFFICER])

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert len(first.context["page"]) == 50
    assert len(second.context["page"]) == 6


@pytest.mark.parametrize("extra", [3, 30])
def test_user_list_query_count_does_not_grow_with_rows(
    client, cast, org, django_assert_num_queries, extra
):
    for number in range(extra):
        user = staff_account(org.a2, f"nv{number:02d}", full_name=f"Nhân Viên {number}")
        TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    admin = cast[Role.SYSTEM_ADMIN]
    client.force_login(admin)

    # session, user, grants, unit filter options (probe past the limit, then the units), root
    # path (orphans), count, base.html's user.person, rows (persons and units joined),
    # assignments+units, TOTP devices.
    with django_assert_num_queries(11):
        response = client.get(LIST_URL)

    assert response.status_code == 200
