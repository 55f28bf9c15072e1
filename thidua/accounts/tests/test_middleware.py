"""TwoFactorRequiredMiddleware: holders of the roles in THIDUA_2FA_REQUIRED_ROLES must set up and
use two-factor sign-in before any other page; everyone else is left alone."""

import time
from urllib.parse import quote

import pytest
from django.urls import reverse
from django_otp.oath import hotp

from thidua.accounts.roles import Role
from thidua.accounts.services.two_factor import enroll_totp

SETUP_URL = reverse("accounts:two_factor_setup")
OTP_URL = reverse("accounts:login_otp")
PAGES = [
    reverse("home"),
    reverse("accounts:security"),
    reverse("core:audit_list"),
    reverse("organizations:unit_tree"),
    reverse("accounts:token_list"),
]


def code_from_secret(secret_hex):
    return f"{hotp(bytes.fromhex(secret_hex), int(time.time()) // 30):06d}"


def setup_redirect(path):
    return f"{SETUP_URL}?next={quote(path, safe='')}"


@pytest.mark.parametrize("path", PAGES)
def test_middleware_sends_a_dept_officer_without_device_to_setup(client, cast, path):
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == setup_redirect(path)


@pytest.mark.parametrize("role", [Role.SYSTEM_ADMIN, Role.DEPT_LEADER])
def test_middleware_covers_every_role_in_the_setting(client, cast, role):
    client.force_login(cast[role])

    response = client.get(reverse("accounts:security"))

    assert response["Location"] == setup_redirect(reverse("accounts:security"))


def test_middleware_post_is_redirected_without_next(client, cast):
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(reverse("accounts:token_create"), {})

    assert response["Location"] == SETUP_URL


def test_middleware_htmx_request_gets_a_client_redirect(client, cast):
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(reverse("accounts:security"), headers={"HX-Request": "true"})

    assert response.status_code == 204
    assert response["HX-Redirect"] == setup_redirect(reverse("accounts:security"))


def test_middleware_lets_the_setup_logout_and_password_pages_through(client, cast):
    client.force_login(cast[Role.DEPT_OFFICER])

    statuses = [
        client.get(SETUP_URL).status_code,
        client.get(reverse("accounts:password_change")).status_code,
        client.get(reverse("accounts:logout")).status_code,
        client.get(reverse("healthz")).status_code,
    ]

    assert statuses == [200, 200, 200, 200]


def test_middleware_leaves_the_api_to_its_token_authentication(client, cast):
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/api/v1/khong-co-duong-dan-nay/")

    assert response.status_code != 302


def test_middleware_after_setup_the_officer_can_browse(client, cast):
    client.force_login(cast[Role.DEPT_OFFICER])
    client.get(f"{SETUP_URL}?next=/tai-khoan/bao-mat/")
    secret = client.session["thidua_totp_setup_secret"]

    confirmed = client.post(
        SETUP_URL, {"code": code_from_secret(secret), "next": "/tai-khoan/bao-mat/"}
    )
    codes_page = client.get(confirmed["Location"])

    assert (
        confirmed["Location"]
        == f"{reverse('accounts:recovery_codes')}?next=%2Ftai-khoan%2Fbao-mat%2F"
    )
    assert 'href="/tai-khoan/bao-mat/"' in codes_page.content.decode()
    assert [client.get(path).status_code for path in PAGES[:3]] == [200, 200, 200]


def test_middleware_sends_an_unverified_session_with_device_to_the_code_page(client, cast):
    officer = cast[Role.DEPT_OFFICER]
    device, _ = enroll_totp(officer)
    client.force_login(officer)

    redirected = client.get(reverse("accounts:security"))
    verified = client.post(
        OTP_URL,
        {"code": f"{hotp(device.bin_key, int(time.time()) // 30):06d}", "next": "/nhat-ky/"},
    )

    assert redirected["Location"] == f"{OTP_URL}?next=%2Ftai-khoan%2Fbao-mat%2F"
    assert verified["Location"] == "/nhat-ky/"
    assert client.get(reverse("accounts:security")).status_code == 200


def test_middleware_password_sign_in_of_an_officer_leads_to_setup(client, cast):
    officer = cast[Role.DEPT_OFFICER]

    response = client.post(
        reverse("accounts:login"),
        {"username": officer.username, "password": "mat-khau-thu-nghiem-1"},
        follow=True,
    )

    assert response.redirect_chain == [
        (reverse("home"), 302),
        (setup_redirect(reverse("home")), 302),
    ]
    assert "Vai trò của bạn bắt buộc dùng xác thực hai lớp." in response.content.decode()


@pytest.mark.parametrize(
    "role", [Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.INSPECTOR, Role.REVIEWER, Role.STAFF]
)
def test_middleware_does_not_force_roles_outside_the_list(client, cast, role):
    client.force_login(cast[role])

    response = client.get(reverse("accounts:security"))

    assert response.status_code == 200


def test_middleware_does_not_force_an_account_without_role(client, cast):
    client.force_login(cast.nobody)

    assert client.get(reverse("accounts:security")).status_code == 200


def test_middleware_does_not_force_anyone_when_the_setting_is_off(client, cast, settings):
    settings.THIDUA_2FA_REQUIRED = False
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(reverse("accounts:security"))

    assert response.status_code == 200


def test_middleware_follows_the_roles_setting(client, cast, settings):
    settings.THIDUA_2FA_REQUIRED_ROLES = ["unit_officer"]
    client.force_login(cast[Role.DEPT_OFFICER])
    dept = client.get(reverse("accounts:security")).status_code
    client.force_login(cast[Role.UNIT_OFFICER])
    unit = client.get(reverse("accounts:security")).status_code

    assert (dept, unit) == (200, 302)


def test_middleware_costs_one_query_for_an_unverified_user_outside_the_list(
    client, cast, settings, django_assert_num_queries
):
    client.force_login(cast[Role.STAFF])
    settings.THIDUA_2FA_REQUIRED = False
    # session, user, confirmed TOTP device, recent sign-in events, grants (menu), base.html's
    # user.person
    with django_assert_num_queries(6):
        client.get(reverse("accounts:security"))
    settings.THIDUA_2FA_REQUIRED = True

    # the same plus the middleware's one query
    with django_assert_num_queries(7):
        response = client.get(reverse("accounts:security"))

    assert response.status_code == 200


def test_middleware_leaves_anonymous_visitors_to_login_required(client, db):
    response = client.get(reverse("accounts:security"))

    assert response["Location"] == f"{reverse('accounts:login')}?next=/tai-khoan/bao-mat/"
