"""Two-factor sign-in: the code step at login, recovery codes, setup, the security page."""

import base64
import time

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django_otp.oath import hotp
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.accounts.services.two_factor import (
    enroll_totp,
    verify_second_factor,
)
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction, AuditEntry

PASSWORD = "mat-khau-thu-nghiem-1"
LOGIN_URL = reverse("accounts:login")
OTP_URL = reverse("accounts:login_otp")
SETUP_URL = reverse("accounts:two_factor_setup")
CODES_URL = reverse("accounts:recovery_codes")
SECURITY_URL = reverse("accounts:security")
DISABLE_URL = reverse("accounts:two_factor_disable")
DEMO_SECRET = "3132333435363738393031323334353637383930"


def make_user(username, *, password=PASSWORD, email=None, **fields):
    """An account without role or person (organizations' factories stay out of accounts)."""
    return User.objects.create_user(
        username=username, password=password, email=email or f"{username}@example.vn", **fields
    )


@pytest.fixture(autouse=True)
def _no_throttling(settings):
    # django-otp makes a device wait 1, 2, 4… seconds after each wrong code; tests that type a
    # wrong code then the right one would otherwise have to sleep. One test turns it back on.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


def step_now(device):
    return int(time.time() - device.t0) // device.step + device.drift


def code_for(device):
    """A code the device will accept now: the current step, or the next if that one was used."""
    device.refresh_from_db()
    step = max(step_now(device), device.last_t + 1)
    return f"{hotp(device.bin_key, step, device.digits):0{device.digits}d}"


def wrong_code_for(device):
    right = code_for(device)
    return "000000" if right != "000000" else "111111"


def code_from_secret(secret_hex):
    return f"{hotp(bytes.fromhex(secret_hex), int(time.time()) // 30):06d}"


def sign_in(client, username, password=PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password, **extra})


def account_actions():
    return list(
        AuditEntry.objects.filter(target_type="accounts.user")
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def enrolled(db):
    user = make_user(username="hoa")
    device, codes = enroll_totp(user)
    AuditEntry.objects.all().delete()
    return user, device, codes


# --- Sign-in with a second factor -----------------------------------------------------------


def test_login_with_device_goes_through_the_code_step(client, enrolled):
    user, device, _ = enrolled

    first = sign_in(client, "hoa", next="/tai-khoan/bao-mat/")

    assert first["Location"] == OTP_URL
    assert "_auth_user_id" not in client.session
    page = client.get(OTP_URL)
    assert "Xác thực hai lớp" in page.content.decode()
    second = client.post(OTP_URL, {"code": code_for(device)})
    assert second["Location"] == "/tai-khoan/bao-mat/"
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session["otp_device_id"] == device.persistent_id
    assert account_actions() == [AuditAction.LOGIN]
    assert AuditEntry.objects.get().reason == "Xác thực hai lớp bằng ứng dụng xác thực."


def test_login_code_with_spaces_is_accepted(client, enrolled):
    _, device, _ = enrolled
    sign_in(client, "hoa")
    code = code_for(device)

    response = client.post(OTP_URL, {"code": f" {code[:3]} {code[3:]} "})

    assert response["Location"] == reverse("home")


def test_login_wrong_code_is_counted_and_audited(client, enrolled):
    _, device, _ = enrolled
    sign_in(client, "hoa")

    wrong = client.post(OTP_URL, {"code": wrong_code_for(device)})
    right = client.post(OTP_URL, {"code": code_for(device)})

    assert wrong.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn. Còn 4 lần thử." in wrong.content.decode()
    assert 'class="form-control is-invalid"' in wrong.content.decode()
    assert right.status_code == 302
    assert account_actions() == [AuditAction.LOGIN_FAILED, AuditAction.LOGIN]
    assert AuditEntry.objects.get(action=AuditAction.LOGIN_FAILED).reason == (
        "Sai mã xác thực hai lớp."
    )


def test_login_five_wrong_codes_send_back_to_the_login_page(client, enrolled):
    _, device, _ = enrolled
    sign_in(client, "hoa")

    statuses = [client.post(OTP_URL, {"code": wrong_code_for(device)}) for _ in range(5)]

    assert [r.status_code for r in statuses] == [200, 200, 200, 200, 302]
    assert statuses[-1]["Location"] == LOGIN_URL
    after = client.get(LOGIN_URL)
    assert "Bạn đã nhập sai mã quá 5 lần. Vui lòng đăng nhập lại từ đầu." in (
        after.content.decode()
    )
    assert client.post(OTP_URL, {"code": code_for(device)})["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session


def test_login_pending_code_step_expires_after_five_minutes(client, enrolled):
    _, device, _ = enrolled
    sign_in(client, "hoa")
    session = client.session
    session["thidua_pending_login"] = {
        **session["thidua_pending_login"],
        "started": time.time() - 301,
    }
    session.save()

    response = client.post(OTP_URL, {"code": code_for(device)}, follow=True)

    assert response.redirect_chain == [(LOGIN_URL, 302)]
    assert "Phiên xác thực đã quá 5 phút. Vui lòng đăng nhập lại." in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_login_code_page_without_a_pending_sign_in_goes_to_login(client, db):
    response = client.get(OTP_URL)

    assert response["Location"] == LOGIN_URL


def test_login_code_step_refuses_an_account_deactivated_meanwhile(client, enrolled):
    user, device, _ = enrolled
    sign_in(client, "hoa")
    user.is_active = False
    user.save()

    response = client.post(OTP_URL, {"code": code_for(device)})

    assert response["Location"] == LOGIN_URL
    assert "_auth_user_id" not in client.session


def test_login_recovery_code_works_once(client, enrolled):
    _, _, codes = enrolled
    sign_in(client, "hoa", next=SECURITY_URL)

    first = client.post(OTP_URL, {"code": codes[0]}, follow=True)
    client.post(reverse("accounts:logout"))
    sign_in(client, "hoa")
    second = client.post(OTP_URL, {"code": codes[0]})

    assert "Bạn vừa dùng một mã dự phòng; còn 9 mã chưa dùng." in first.content.decode()
    assert second.status_code == 200
    assert "Mã xác thực hoặc mã dự phòng không đúng. Còn 4 lần thử." in second.content.decode()
    assert StaticToken.objects.filter(device__user__username="hoa").count() == 9


def test_login_recovery_code_is_accepted_without_dash_and_in_capitals(client, enrolled):
    _, _, codes = enrolled
    sign_in(client, "hoa")

    response = client.post(OTP_URL, {"code": codes[3].replace("-", "").upper()})

    assert response.status_code == 302
    assert AuditEntry.objects.get(action=AuditAction.LOGIN).reason == (
        "Xác thực hai lớp bằng mã dự phòng."
    )


def test_login_recovery_code_of_another_user_is_refused(enrolled):
    _, _, codes = enrolled
    other = make_user(username="lan")
    enroll_totp(other)

    with pytest.raises(DomainError) as refused:
        verify_second_factor(user=other, code=codes[0])

    assert refused.value.message == "Mã xác thực hoặc mã dự phòng không đúng."
    assert StaticToken.objects.filter(device__user__username="hoa").count() == 10


def test_login_wrong_codes_make_the_device_wait(client, enrolled, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    _, device, _ = enrolled
    sign_in(client, "hoa")
    client.post(OTP_URL, {"code": wrong_code_for(device)})

    response = client.post(OTP_URL, {"code": code_for(device)})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Bạn đã nhập sai mã nhiều lần. Vui lòng thử lại sau" in body
    assert "_auth_user_id" not in client.session


def test_login_used_code_cannot_be_replayed(client, enrolled):
    _, device, _ = enrolled
    code = code_for(device)
    sign_in(client, "hoa")
    client.post(OTP_URL, {"code": code})
    client.post(reverse("accounts:logout"))
    sign_in(client, "hoa")

    response = client.post(OTP_URL, {"code": code})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


# --- Setup -----------------------------------------------------------------------------------


def test_setup_shows_a_qr_code_and_the_secret_and_writes_nothing(client, db):
    user = make_user(username="hoa")
    client.force_login(user)

    first = client.get(SETUP_URL)
    second = client.get(SETUP_URL)

    secret = client.session["thidua_totp_setup_secret"]
    body = first.content.decode()
    assert first.status_code == 200
    assert '<img src="data:image/svg+xml;base64,' in body
    assert first.context["secret_groups"] == second.context["secret_groups"]
    assert first.context["secret_groups"].replace(" ", "") == (
        base64.b32encode(bytes.fromhex(secret)).decode()
    )
    assert "Bật xác thực hai lớp" in body
    assert TOTPDevice.objects.count() == 0


def test_setup_wrong_code_is_refused_at_the_field(client, db):
    client.force_login(make_user(username="hoa"))
    client.get(SETUP_URL)

    response = client.post(SETUP_URL, {"code": "12345"})
    wrong = client.post(SETUP_URL, {"code": "000000"})

    assert "Mã gồm đúng 6 chữ số." in response.content.decode()
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn." in wrong.content.decode()
    assert TOTPDevice.objects.count() == 0


def test_setup_correct_code_turns_two_factor_on_and_shows_codes_once(client, db):
    user = make_user(username="hoa")
    client.force_login(user)
    client.get(SETUP_URL)
    secret = client.session["thidua_totp_setup_secret"]

    response = client.post(SETUP_URL, {"code": code_from_secret(secret)})
    codes_page = client.get(CODES_URL)
    again = client.get(CODES_URL)

    device = TOTPDevice.objects.get(user=user)
    assert response["Location"] == CODES_URL
    assert (device.confirmed, device.key) == (True, secret)
    assert client.session["otp_device_id"] == device.persistent_id
    assert "thidua_totp_setup_secret" not in client.session
    assert len(codes_page.context["codes"]) == 10
    assert codes_page.context["codes"][0] in codes_page.content.decode()
    assert 'data-copy-target="#ma-du-phong"' in codes_page.content.decode()
    assert codes_page["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert again.context["codes"] == []
    assert "chỉ hiển thị một lần" in again.content.decode()
    assert account_actions() == [AuditAction.TWO_FACTOR_ENABLE]


def test_setup_code_cannot_be_replayed_to_sign_in(client, db):
    user = make_user(username="hoa")
    client.force_login(user)
    client.get(SETUP_URL)
    code = code_from_secret(client.session["thidua_totp_setup_secret"])
    client.post(SETUP_URL, {"code": code})
    client.post(reverse("accounts:logout"))
    sign_in(client, "hoa")

    response = client.post(OTP_URL, {"code": code})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_setup_when_already_on_goes_to_the_security_page(client, enrolled):
    user, device, _ = enrolled
    sign_in(client, "hoa")
    client.post(OTP_URL, {"code": code_for(device)})

    response = client.get(SETUP_URL)

    assert response["Location"] == SECURITY_URL
    assert TOTPDevice.objects.filter(user=user).count() == 1


# --- Security page: recovery codes, turning two-factor off --------------------------------------


def signed_in_with_device(client, enrolled):
    _, device, _ = enrolled
    sign_in(client, "hoa")
    client.post(OTP_URL, {"code": code_for(device)})
    AuditEntry.objects.all().delete()
    return device


def test_security_page_shows_status_and_unused_codes(client, enrolled):
    signed_in_with_device(client, enrolled)

    body = client.get(SECURITY_URL).content.decode()

    assert "Đang bật" in body
    assert "Còn <strong>10</strong> mã dự phòng chưa dùng." in body
    assert "Tạo lại mã dự phòng" in body
    assert "Tắt xác thực hai lớp" in body


def test_security_page_without_two_factor_offers_setup(client, db):
    client.force_login(make_user(username="hoa"))

    body = client.get(SECURITY_URL).content.decode()

    assert "Chưa bật" in body
    assert SETUP_URL in body


def test_regenerate_recovery_codes_replaces_the_old_ones(client, enrolled):
    _, _, old_codes = enrolled
    device = signed_in_with_device(client, enrolled)

    response = client.post(CODES_URL, {"code": code_for(device)}, follow=True)

    new_codes = response.context["codes"]
    assert len(new_codes) == 10
    assert set(new_codes).isdisjoint(old_codes)
    assert "Đã tạo bộ mã dự phòng mới; các mã cũ không còn dùng được." in (
        response.content.decode()
    )
    with pytest.raises(DomainError):
        verify_second_factor(user=enrolled[0], code=old_codes[1])
    assert account_actions() == [AuditAction.UPDATE]


def test_regenerate_recovery_codes_with_a_wrong_code_is_refused_at_the_field(client, enrolled):
    device = signed_in_with_device(client, enrolled)

    response = client.post(CODES_URL, {"code": wrong_code_for(device)})

    assert response.status_code == 200
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
    assert StaticToken.objects.filter(device__user=enrolled[0]).count() == 10
    assert account_actions() == []


def test_disable_two_factor_with_password_and_code(client, enrolled):
    user, _, _ = enrolled
    device = signed_in_with_device(client, enrolled)

    response = client.post(DISABLE_URL, {"password": PASSWORD, "code": code_for(device)})

    assert response["Location"] == SECURITY_URL
    assert TOTPDevice.objects.filter(user=user).count() == 0
    assert StaticToken.objects.filter(device__user=user).count() == 0
    assert account_actions() == [AuditAction.TWO_FACTOR_DISABLE]


def test_disable_two_factor_wrong_password_is_refused_at_the_field(client, enrolled):
    user, _, _ = enrolled
    device = signed_in_with_device(client, enrolled)

    response = client.post(DISABLE_URL, {"password": "sai", "code": code_for(device)})

    body = response.content.decode()
    assert response.status_code == 200
    assert "Mật khẩu không đúng." in body
    assert 'id="off_password"' in body
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_disable_two_factor_is_refused_when_the_role_requires_it(client, cast):
    user = cast[Role.DEPT_OFFICER]
    device, _ = enroll_totp(user)
    sign_in(client, user.username)
    client.post(OTP_URL, {"code": code_for(device)})

    page = client.get(SECURITY_URL).content.decode()
    response = client.post(
        DISABLE_URL, {"password": PASSWORD, "code": code_for(device)}, follow=True
    )

    assert "Không thể tắt vì vai trò của bạn bắt buộc dùng xác thực hai lớp." in page
    assert "Vai trò của bạn bắt buộc dùng xác thực hai lớp nên không thể tắt." in (
        response.content.decode()
    )
    assert TOTPDevice.objects.filter(user=user).count() == 1


def test_disable_two_factor_get_is_not_allowed(client, enrolled):
    signed_in_with_device(client, enrolled)

    assert client.get(DISABLE_URL).status_code == 405


# --- enroll_totp and the demo command -------------------------------------------------------


def test_enroll_totp_with_a_fixed_secret_uses_it(db):
    user = make_user(username="quantri")

    device, codes = enroll_totp(user, secret_hex=DEMO_SECRET)

    assert (device.key, device.confirmed, len(codes)) == (DEMO_SECRET, True, 10)
    entry = AuditEntry.objects.get(action=AuditAction.TWO_FACTOR_ENABLE)
    assert (entry.actor, entry.target_id) == (None, str(user.pk))
    assert DEMO_SECRET not in str(entry.changes) + entry.reason


def test_enroll_totp_replaces_an_earlier_device(db):
    user = make_user(username="quantri")
    enroll_totp(user)

    device, _ = enroll_totp(user, secret_hex=DEMO_SECRET)

    assert list(TOTPDevice.objects.filter(user=user)) == [device]


def test_enroll_totp_refuses_a_fixed_secret_in_production(db, settings):
    settings.THIDUA_IS_PRODUCTION = True

    with pytest.raises(DomainError) as refused:
        enroll_totp(make_user(username="quantri"), secret_hex=DEMO_SECRET)

    assert refused.value.field == "secret_hex"
    assert TOTPDevice.objects.count() == 0


@pytest.mark.parametrize("secret", ["xyz", "abcd", "00" * 41])
def test_enroll_totp_refuses_a_malformed_secret(db, secret):
    with pytest.raises(DomainError) as refused:
        enroll_totp(make_user(username="quantri"), secret_hex=secret)

    assert refused.value.message == "Khóa bí mật phải là chuỗi hexa dài 32–80 ký tự."


def test_demo_totp_prints_the_current_code(db, capsys):
    user = make_user(username="quantri")
    device, _ = enroll_totp(user, secret_hex=DEMO_SECRET)

    call_command("demo_totp", "quantri")

    assert capsys.readouterr().out.strip() == code_for(device)


def test_demo_totp_refuses_in_production(db, settings):
    settings.THIDUA_IS_PRODUCTION = True
    enroll_totp(make_user(username="quantri"))

    with pytest.raises(CommandError, match="không được phép chạy trong môi trường sản xuất"):
        call_command("demo_totp", "quantri")


def test_demo_totp_refuses_an_unknown_user_or_one_without_device(db):
    make_user(username="hoa")

    with pytest.raises(CommandError, match=r"Không có tài khoản “ai”\."):
        call_command("demo_totp", "ai")
    with pytest.raises(CommandError, match="chưa bật xác thực hai lớp"):
        call_command("demo_totp", "hoa")
