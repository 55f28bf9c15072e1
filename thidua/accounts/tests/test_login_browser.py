"""Browser journeys of sign-in (system Chromium): a department officer enrols two-factor sign-in
on first login and later signs in with a recovery code; a wrong password on a phone.
The `page` fixture fails the test on any JavaScript error or CSP violation."""

import base64
import time

import pytest
from django_otp.oath import hotp
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot

pytestmark = [pytest.mark.browser]
# Each test asks for `transactional_db` before `page`: the test database must exist before the
# session-wide live server starts, or its threads open their own SQLite connections (which
# then leak, and wait on the test's locks) instead of sharing the in-memory test database.


def code_from_base32(secret_text):
    text = secret_text.replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8))
    return f"{hotp(key, int(time.time()) // 30):06d}"


def test_login_journey_officer_enrols_two_factor_then_uses_a_recovery_code(
    transactional_db, page, cast
):
    officer = cast[Role.DEPT_OFFICER]

    login(page, officer.username)
    page.wait_for_url("**/bao-mat/hai-lop/thiet-lap/**")
    screenshot(page, "accounts-2fa-setup")
    secret = page.locator("#khoa-bi-mat").inner_text()
    page.get_by_label("Mã 6 chữ số trên ứng dụng").fill(code_from_base32(secret))
    page.get_by_role("button", name="Bật xác thực hai lớp").click()
    page.wait_for_url("**/bao-mat/ma-du-phong/**")
    codes = page.locator("#ma-du-phong li").all_inner_texts()
    screenshot(page, "accounts-recovery-codes")
    page.get_by_role("link", name="Tôi đã lưu mã, tiếp tục").click()
    page.goto("/tai-khoan/dang-xuat/")
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/dang-nhap/")
    login(page, officer.username)
    page.wait_for_url("**/dang-nhap/xac-thuc/")
    screenshot(page, "accounts-login-otp")
    page.get_by_label("Mã xác thực").fill(codes[0])
    page.get_by_role("button", name="Xác nhận").click()
    page.goto("/tai-khoan/bao-mat/")

    assert len(codes) == 10
    expect(page.get_by_text("Còn 9 mã dự phòng chưa dùng.")).to_be_visible()
    screenshot(page, "accounts-security")


def test_login_journey_wrong_password_on_a_phone(transactional_db, page, cast):
    # The lockout page itself answers 429, which the `page` fixture counts as a browser error;
    # it is covered by test_lockout.py.
    page.set_viewport_size({"width": 390, "height": 844})

    login(page, cast[Role.STAFF].username, "sai-mat-khau")

    expect(page.get_by_text("Tên đăng nhập hoặc mật khẩu không đúng.")).to_be_visible()
    expect(page.get_by_role("link", name="Quên mật khẩu?")).to_be_visible()
    screenshot(page, "accounts-login-phone")


def test_login_journey_staff_member_without_two_factor_reaches_home(transactional_db, page, cast):
    # Staff are not among THIDUA_2FA_REQUIRED_ROLES: the password alone signs them in.
    staff = cast[Role.STAFF]

    login(page, staff.username)
    page.wait_for_url(lambda url: url.endswith("/"))

    assert page.get_by_role("heading", level=1).inner_text() == f"Xin chào, {staff.display_name}"
    screenshot(page, "accounts-home-after-login")
