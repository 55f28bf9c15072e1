"""django-axes locks sign-in by user name after repeated failures: a Vietnamese page, never a 500."""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from thidua.accounts.models import User
from thidua.accounts.services.auth import complete_password_reset
from thidua.core.models import AuditAction, AuditEntry

PASSWORD = "mat-khau-thu-nghiem-1"
LOGIN_URL = reverse("accounts:login")


def make_user(username, *, password=PASSWORD, email=None, **fields):
    """An account without role or person (organizations' factories stay out of accounts)."""
    return User.objects.create_user(
        username=username, password=password, email=email or f"{username}@example.vn", **fields
    )


@pytest.fixture(autouse=True)
def _no_required_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def sign_in(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password})


def fail(client, username, times):
    return [sign_in(client, username, "sai-mat-khau").status_code for _ in range(times)]


def account_actions():
    return list(
        AuditEntry.objects.filter(target_type="accounts.user")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_lockout_four_failures_still_show_the_login_form(client, db):
    make_user(username="hoa")

    statuses = fail(client, "hoa", 4)

    assert statuses == [200, 200, 200, 200]
    assert sign_in(client, "hoa", PASSWORD).status_code == 302


def test_lockout_fifth_failure_shows_the_vietnamese_page_with_429(client, db):
    make_user(username="hoa")
    fail(client, "hoa", 4)

    response = sign_in(client, "hoa", "sai-mat-khau")

    body = response.content.decode()
    assert response.status_code == 429
    assert "Tài khoản tạm khóa do đăng nhập sai nhiều lần (5 lần)." in body
    assert "Vui lòng thử lại sau 15 phút." in body
    assert '<html lang="vi">' in body


def test_lockout_refuses_the_correct_password_while_locked(client, db):
    make_user(username="hoa")
    fail(client, "hoa", 5)

    response = sign_in(client, "hoa", PASSWORD)

    assert response.status_code == 429
    assert "Tài khoản tạm khóa" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_by_user_name_not_by_address(client, db):
    make_user(username="hoa")
    make_user(username="lan")
    fail(client, "hoa", 5)

    response = sign_in(client, "lan", PASSWORD)

    assert response.status_code == 302


def test_lockout_of_an_unknown_user_name_is_a_page_not_an_error(client, db):
    statuses = fail(client, "khong-co-ai", 6)

    assert statuses == [200, 200, 200, 200, 429, 429]


def test_lockout_is_audited_once_when_it_starts(client, db):
    make_user(username="hoa")

    fail(client, "hoa", 6)

    assert account_actions() == [
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOGIN_FAILED,
        AuditAction.LOCKOUT,
        AuditAction.LOGIN_FAILED,
    ]
    lockout = AuditEntry.objects.get(action=AuditAction.LOCKOUT)
    assert (lockout.actor, lockout.target_repr, lockout.reason) == (
        None,
        "hoa",
        "Đăng nhập sai nhiều lần; tạm khóa 15 phút.",
    )
    assert AuditEntry.objects.filter(action=AuditAction.LOGIN_FAILED).order_by(
        "id"
    ).last().reason == ("Tài khoản đang tạm khóa do đăng nhập sai nhiều lần.")


def test_lockout_is_lifted_by_a_password_reset(client, db):
    user = make_user(username="hoa")
    fail(client, "hoa", 5)

    complete_password_reset(user=user, new_password="Mat-khau-moi-2026")

    assert AccessAttempt.objects.filter(username="hoa").count() == 0
    assert sign_in(client, "hoa", "Mat-khau-moi-2026").status_code == 302


def test_lockout_page_for_htmx_or_ajax_is_json_not_an_error(client, db):
    make_user(username="hoa")
    fail(client, "hoa", 5)

    response = client.post(
        LOGIN_URL,
        {"username": "hoa", "password": PASSWORD},
        headers={"x-requested-with": "XMLHttpRequest"},
    )

    assert response.status_code == 429
    assert response.json()["failure_limit"] == 5
