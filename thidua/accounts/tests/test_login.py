"""Sign-in with a password, sign-out, the `next` redirect, and their audit trail."""

import pytest
from django.urls import reverse

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.accounts.services.auth import record_login_failure
from thidua.core.models import AuditAction, AuditEntry

PASSWORD = "mat-khau-thu-nghiem-1"
LOGIN_URL = reverse("accounts:login")
INVALID = "Tên đăng nhập hoặc mật khẩu không đúng."


def make_user(username, *, password=PASSWORD, email=None, **fields):
    """An account without role or person (organizations' factories stay out of accounts)."""
    return User.objects.create_user(
        username=username, password=password, email=email or f"{username}@example.vn", **fields
    )


@pytest.fixture(autouse=True)
def _no_required_two_factor(settings):
    # Two-factor sign-in is covered in test_two_factor*.py and test_middleware*.py.
    settings.THIDUA_2FA_REQUIRED = False


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra})


def account_entries():
    """Audit entries about accounts (the org fixture also audits the units it creates)."""
    return AuditEntry.objects.filter(target_type="accounts.user").order_by("id")


def actions():
    return list(account_entries().values_list("action", flat=True))


def test_login_page_is_vietnamese(client):
    response = client.get(LOGIN_URL)

    body = response.content.decode()
    assert response.status_code == 200
    assert "Thi Đua Số" in body
    assert "Cả nước thi đua đổi mới sáng tạo và chuyển đổi số" in body
    assert "Tên đăng nhập" in body
    assert "Mật khẩu" in body
    assert "Quên mật khẩu?" in body
    assert reverse("accounts:password_reset") in body


def test_login_correct_password_signs_in_and_goes_home(client, db):
    user = make_user(username="hoa")

    response = sign_in(client, "hoa")

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(user.pk)


def test_login_wrong_password_is_refused_with_generic_message(client, db):
    make_user(username="hoa")

    response = sign_in(client, "hoa", "sai-mat-khau")

    assert response.status_code == 200
    assert INVALID in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_unknown_user_gets_the_same_message(client, db):
    response = sign_in(client, "khong-ton-tai", "sai-mat-khau")

    assert response.status_code == 200
    assert INVALID in response.content.decode()


def test_login_inactive_account_is_refused_with_the_same_message(client, db):
    make_user(username="hoa", is_active=False)

    response = sign_in(client, "hoa")

    assert response.status_code == 200
    assert INVALID in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_empty_fields_show_errors_at_the_fields(client, db):
    response = client.post(LOGIN_URL, {"username": "", "password": ""})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Vui lòng nhập tên đăng nhập." in body
    assert "Vui lòng nhập mật khẩu." in body
    assert body.count("is-invalid") == 2
    assert AuditEntry.objects.count() == 0


def test_login_next_on_this_site_is_followed(client, db):
    make_user(username="hoa")

    response = sign_in(client, "hoa", next="/tai-khoan/bao-mat/?tab=1")

    assert response["Location"] == "/tai-khoan/bao-mat/?tab=1"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example.com/", "//evil.example.com/x", "javascript:alert(1)", "http:///evil"],
)
def test_login_next_to_another_site_is_refused(client, db, target):
    make_user(username="hoa")

    response = sign_in(client, "hoa", next=target)

    assert response["Location"] == reverse("home")


def test_login_page_keeps_a_safe_next_and_drops_an_external_one(client, db):
    safe = client.get(LOGIN_URL, {"next": "/tai-khoan/bao-mat/"}).content.decode()
    external = client.get(LOGIN_URL, {"next": "https://evil.example.com/"}).content.decode()

    assert 'name="next" value="/tai-khoan/bao-mat/"' in safe
    assert 'name="next"' not in external


def test_login_page_when_signed_in_redirects_home(client, db):
    client.force_login(make_user(username="hoa"))

    response = client.get(LOGIN_URL)

    assert response["Location"] == reverse("home")


def test_login_success_is_audited_at_the_unit_of_the_person(client, org, cast):
    user = cast[Role.STAFF]  # a person in Khoa A1

    sign_in(client, user.username)

    entry = account_entries().get()
    assert (entry.action, entry.actor, entry.target_id, entry.unit_path) == (
        AuditAction.LOGIN,
        user,
        str(user.pk),
        org.a1.path,
    )
    assert entry.ip_address == "127.0.0.1"


def test_login_of_an_account_without_person_is_audited_without_unit(client, db):
    user = make_user(username="hoa")

    sign_in(client, "hoa")

    entry = account_entries().get()
    assert (entry.action, entry.actor, entry.unit_path) == (AuditAction.LOGIN, user, "")


def test_login_failure_is_audited_with_the_username_tried_and_no_actor(client, org, cast):
    user = cast[Role.STAFF]

    sign_in(client, user.username, "sai-mat-khau")

    entry = account_entries().get()
    assert (
        entry.action,
        entry.actor,
        entry.actor_name,
        entry.target_repr,
        entry.target_id,
        entry.unit_path,
    ) == (AuditAction.LOGIN_FAILED, None, "Hệ thống", "staff", str(user.pk), org.a1.path)


def test_login_failure_for_an_unknown_name_is_audited_without_target(client, db):
    sign_in(client, "ai-do", "sai-mat-khau")

    entry = account_entries().get()
    assert (entry.action, entry.target_repr, entry.target_id, entry.unit_path) == (
        AuditAction.LOGIN_FAILED,
        "ai-do",
        "",
        "",
    )


def test_logout_get_asks_for_confirmation_and_keeps_the_session(client, db):
    user = make_user(username="hoa")
    client.force_login(user)

    response = client.get(reverse("accounts:logout"))

    assert response.status_code == 200
    assert "Bạn muốn đăng xuất khỏi Thi Đua Số" in response.content.decode()
    assert client.session["_auth_user_id"] == str(user.pk)


def test_logout_post_signs_out_and_is_audited(client, db):
    user = make_user(username="hoa")
    client.force_login(user)

    response = client.post(reverse("accounts:logout"), follow=True)

    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert "Bạn đã đăng xuất." in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert actions() == [AuditAction.LOGOUT]
    assert account_entries().get().actor == user


def test_logout_when_signed_out_goes_to_login(client, db):
    response = client.post(reverse("accounts:logout"))

    assert response["Location"] == LOGIN_URL
    assert AuditEntry.objects.count() == 0


def test_security_page_requires_sign_in(client, db):
    response = client.get(reverse("accounts:security"))

    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN_URL}?next=/tai-khoan/bao-mat/"


def test_security_page_lists_own_sign_ins_not_those_of_others(client, cast):
    staff, officer = cast[Role.STAFF], cast[Role.UNIT_OFFICER]
    sign_in(client, officer.username, "sai-mat-khau")
    sign_in(client, staff.username, "sai-mat-khau")
    sign_in(client, staff.username)

    body = client.get(reverse("accounts:security")).content.decode()

    assert body.count('<span class="text-success">Đăng nhập</span>') == 1
    assert body.count('<span class="text-danger">Đăng nhập thất bại</span>') == 1


def test_security_page_query_count_does_not_grow_with_history(
    client, db, django_assert_num_queries
):
    client.force_login(make_user(username="hoa"))
    for _ in range(3):
        record_login_failure(username="hoa", reason="Sai tên đăng nhập hoặc mật khẩu.")
    # session, user, confirmed TOTP device, recent sign-in events, grants (menu), base.html's
    # user.person
    with django_assert_num_queries(6):
        few = client.get(reverse("accounts:security"))
    for _ in range(27):
        record_login_failure(username="hoa", reason="Sai tên đăng nhập hoặc mật khẩu.")
    with django_assert_num_queries(6):
        many = client.get(reverse("accounts:security"))

    assert few.content.decode().count("Đăng nhập thất bại") == 3
    assert many.content.decode().count("Đăng nhập thất bại") == 10


def test_staff_role_holder_signs_in_without_two_factor(client, cast, settings):
    settings.THIDUA_2FA_REQUIRED = True

    response = sign_in(client, cast[Role.STAFF].username)

    assert response["Location"] == reverse("home")
