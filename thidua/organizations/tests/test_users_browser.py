"""Browser journeys of account management (system Chromium): a unit officer opens an account for
a nurse of their hospital, grants and revokes a role; an administrator reads the list on a phone.
The `page` fixture fails the test on any JavaScript error or CSP violation."""

import pytest
from django.core import mail
from playwright.sync_api import expect

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.organizations.models import RoleAssignment
from thidua.organizations.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def test_unit_officer_opens_an_account_grants_and_revokes_a_role(page, cast, org):
    nurse = PersonFactory(unit=org.a1, full_name="Phạm Thị Lan", email="lan.pt@benhvien-a.vn")
    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")

    page.get_by_role("link", name="Tài khoản, phân quyền", exact=True).click()
    page.get_by_role("link", name="Tạo tài khoản").click()
    page.get_by_label("Tìm theo họ tên hoặc mã cán bộ").fill("pham lan")
    page.get_by_role("link", name="Phạm Thị Lan").click()
    assert page.get_by_label("Tên đăng nhập").input_value() == "lan.pt"
    screenshot(page, "users-create")
    page.get_by_role("button", name="Tạo tài khoản và gửi thư").click()
    page.wait_for_url("**/tai-khoan-phan-quyen/*/")
    expect(page.get_by_text("Đã tạo tài khoản “lan.pt”")).to_be_visible()

    page.locator("#id_role").select_option(Role.STAFF.value)
    page.locator("#id_unit").select_option(str(org.a2.pk))
    page.get_by_role("button", name="Giao vai trò").click()
    page.get_by_text(f"Đã giao vai trò “{Role.STAFF.label}” tại {org.a2.name}.").wait_for()
    # Revoke the role at Khoa A1 (given with the account), by its own row: the order of the rows
    # is not what the test is about.
    wrong = RoleAssignment.objects.get(user__username="lan.pt", unit=org.a1)
    page.locator(f'[data-bs-target="#thu-hoi-{wrong.pk}"]').click()
    page.locator(f"#ly-do-{wrong.pk}").fill("Giao nhầm khoa")
    screenshot(page, "users-detail")
    page.locator(f"#thu-hoi-{wrong.pk}").get_by_role("button", name="Xác nhận thu hồi").click()
    page.get_by_text("Đã thu hồi vai trò").wait_for()
    page.get_by_role("link", name="Sửa, khóa tài khoản").click()
    lock_form = page.locator("form", has=page.get_by_role("button", name="Khóa tài khoản"))
    lock_form.get_by_label("Lý do").fill("Nghỉ thai sản")
    screenshot(page, "users-edit")
    lock_form.get_by_role("button", name="Khóa tài khoản").click()
    page.get_by_text("Đã khóa tài khoản.").wait_for()

    account = User.objects.get(username="lan.pt")
    nurse.refresh_from_db()
    assert account.is_active is False
    assert nurse.user_id == account.pk
    assert sorted(
        RoleAssignment.objects.filter(user=account).values_list("unit__code", flat=True)
    ) == ["BV_A_K2"]
    assert [m.to for m in mail.outbox] == [["lan.pt@benhvien-a.vn"]]


def test_user_list_reads_on_a_phone(page, cast):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, cast[Role.SYSTEM_ADMIN].username)
    page.wait_for_url("**/")

    page.goto("/tai-khoan-phan-quyen/")
    page.get_by_label("Tìm kiếm").fill("officer")
    page.locator("#user-results tbody tr").nth(2).wait_for(state="detached")

    screenshot(page, "users-list-phone")
    assert page.locator("#user-results tbody tr td:first-child").all_inner_texts() == [
        "dept_officer",
        "unit_officer",
    ]
