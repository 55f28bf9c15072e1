"""Changing one's password, and resetting a forgotten one through an emailed link."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.models import User
from thidua.core.models import AuditAction, AuditEntry

PASSWORD = "mat-khau-thu-nghiem-1"
NEW_PASSWORD = "Hoa-sen-Ho-Tay-2026"
CHANGE_URL = reverse("accounts:password_change")
RESET_URL = reverse("accounts:password_reset")
SITE = "https://thidua.soyte.hanoi.gov.vn"
LINK = re.compile(re.escape(SITE) + r"(/tai-khoan/dat-lai-mat-khau/[^/\s]+/[^/\s]+/)")


def make_user(username, *, password=PASSWORD, email=None, **fields):
    """An account without role or person (organizations' factories stay out of accounts)."""
    return User.objects.create_user(
        username=username, password=password, email=email or f"{username}@example.vn", **fields
    )


@pytest.fixture(autouse=True)
def _site(settings):
    settings.THIDUA_2FA_REQUIRED = False
    settings.THIDUA_SITE_URL = SITE + "/"


def account_actions():
    return list(
        AuditEntry.objects.filter(target_type="accounts.user")
        .order_by("id")
        .values_list("action", flat=True)
    )


def change(client, old=PASSWORD, new1=NEW_PASSWORD, new2=None):
    return client.post(
        CHANGE_URL,
        {"old_password": old, "new_password1": new1, "new_password2": new2 or new1},
    )


# --- Change ------------------------------------------------------------------------------------


def test_password_change_requires_sign_in(client, db):
    response = client.get(CHANGE_URL)

    assert response["Location"] == f"{reverse('accounts:login')}?next={CHANGE_URL}"


def test_password_messages_stay_vietnamese_for_an_english_browser(client, db):
    client.force_login(make_user(username="hoa"))

    response = client.post(
        CHANGE_URL,
        {"old_password": PASSWORD, "new_password1": "123", "new_password2": "123"},
        headers={"accept-language": "en-US,en;q=0.9"},
    )

    body = response.content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in body
    assert "Mật khẩu không được chỉ gồm chữ số." in body
    assert "<li>Ít nhất 10 ký tự.</li>" in body


def test_password_change_page_is_vietnamese(client, db):
    client.force_login(make_user(username="hoa"))

    body = client.get(CHANGE_URL).content.decode()

    assert "Mật khẩu hiện tại" in body
    assert "Mật khẩu mới" in body
    assert "Nhập lại mật khẩu mới" in body
    assert "<li>Ít nhất 10 ký tự.</li>" in body


def test_password_change_keeps_the_session_and_is_audited(client, db):
    user = make_user(username="hoa")
    client.force_login(user)

    response = change(client)
    page = client.get(response["Location"])

    user.refresh_from_db()
    assert response["Location"] == reverse("accounts:security")
    assert "Đã đổi mật khẩu." in page.content.decode()
    assert page.status_code == 200
    assert user.check_password(NEW_PASSWORD) is True
    assert account_actions() == [AuditAction.PASSWORD_CHANGE]
    assert AuditEntry.objects.get().actor == user


def test_password_change_signs_out_other_sessions(client, db):
    user = make_user(username="hoa")
    other_browser = Client()
    other_browser.force_login(user)
    client.force_login(user)

    change(client)

    assert other_browser.get(reverse("accounts:security")).status_code == 302
    assert client.get(reverse("accounts:security")).status_code == 200


def test_password_change_wrong_current_password_is_refused_at_the_field(client, db):
    user = make_user(username="hoa")
    client.force_login(user)

    response = change(client, old="khong-dung")

    body = response.content.decode()
    user.refresh_from_db()
    assert response.status_code == 200
    assert "Mật khẩu hiện tại không đúng." in body
    assert 'id="id_old_password"' in body
    assert user.check_password(PASSWORD) is True
    assert account_actions() == []


@pytest.mark.parametrize(
    ("new1", "new2", "message"),
    [
        ("ngan-qua", None, "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ("password123", None, "Mật khẩu này quá phổ biến, dễ bị đoán."),
        ("2837465019283", None, "Mật khẩu không được chỉ gồm chữ số."),
        ("hoa.benhvien", None, "Mật khẩu quá giống với tên đăng nhập."),
        (NEW_PASSWORD, "Hoa-sen-Ho-Tay-2025", "Hai lần nhập mật khẩu mới không khớp nhau."),
        ("", None, "Vui lòng nhập mật khẩu mới."),
    ],
)
def test_password_change_weak_or_mismatched_password_is_refused_in_vietnamese(
    client, db, new1, new2, message
):
    user = make_user(username="hoa.benhvien")
    client.force_login(user)

    response = change(client, new1=new1, new2=new2 if new2 is not None else new1)

    user.refresh_from_db()
    assert message in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert user.check_password(PASSWORD) is True


# --- Reset by email --------------------------------------------------------------------------


def request_reset(client, email):
    return client.post(RESET_URL, {"email": email}, follow=True)


def main_content(response):
    body = response.content.decode()
    return body[body.index("<main") : body.index("</main>")]


def reset_path(message):
    match = LINK.search(message.body)
    assert match is not None, message.body
    return match.group(1)


def test_password_reset_page_is_vietnamese(client, db):
    body = client.get(RESET_URL).content.decode()

    assert "Quên mật khẩu" in body
    assert "Địa chỉ thư điện tử" in body


def test_password_reset_sends_a_vietnamese_email_with_the_link(client, db, mailoutbox):
    make_user(username="hoa", email="hoa@benhvien.vn", full_name="Nguyễn Thị Hoa")

    response = request_reset(client, "Hoa@BenhVien.vn")

    assert response.redirect_chain == [(reverse("accounts:password_reset_done"), 302)]
    assert "Nếu địa chỉ <strong>Hoa@BenhVien.vn</strong> có tài khoản" in (
        response.content.decode()
    )
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["hoa@benhvien.vn"]
    assert message.subject == "[Thi Đua Số] Đặt lại mật khẩu tài khoản hoa"
    assert message.body.startswith("Kính gửi Nguyễn Thị Hoa,")
    assert "chỉ dùng được một lần" in message.body
    assert reset_path(message).startswith("/tai-khoan/dat-lai-mat-khau/")
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert f'href="{SITE}{reset_path(message)}"' in html


def test_password_reset_unknown_address_gets_the_same_page_and_no_email(client, db, mailoutbox):
    make_user(username="hoa", email="hoa@benhvien.vn")

    known = main_content(request_reset(client, "hoa@benhvien.vn"))
    unknown = main_content(request_reset(client, "ai@benhvien.vn"))

    assert unknown.replace("ai@benhvien.vn", "X") == known.replace("hoa@benhvien.vn", "X")
    assert len(mailoutbox) == 1


def test_password_reset_inactive_account_gets_no_email(client, db, mailoutbox):
    make_user(username="hoa", email="hoa@benhvien.vn", is_active=False)

    request_reset(client, "hoa@benhvien.vn")

    assert mailoutbox == []


def test_password_reset_reaches_an_account_that_never_set_a_password(client, db, mailoutbox):
    make_user(username="moi", email="moi@benhvien.vn", password=None)

    request_reset(client, "moi@benhvien.vn")

    assert [m.to for m in mailoutbox] == [["moi@benhvien.vn"]]


def test_password_reset_invalid_address_is_refused_at_the_field(client, db, mailoutbox):
    response = client.post(RESET_URL, {"email": "khong-phai-email"})

    assert "Địa chỉ thư điện tử không hợp lệ." in response.content.decode()
    assert mailoutbox == []


def test_password_reset_link_sets_a_new_password_once(client, db, mailoutbox):
    user = make_user(username="hoa", email="hoa@benhvien.vn")
    request_reset(client, "hoa@benhvien.vn")
    path = reset_path(mailoutbox[0])

    form_page = client.get(path, follow=True)
    form_url = form_page.redirect_chain[-1][0]
    done = client.post(
        form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}, follow=True
    )
    reused = Client().get(path, follow=True)

    user.refresh_from_db()
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    assert done.redirect_chain == [(reverse("accounts:password_reset_complete"), 302)]
    assert "Đã đặt mật khẩu mới" in done.content.decode()
    assert user.check_password(NEW_PASSWORD) is True
    assert "Liên kết không còn hiệu lực" in reused.content.decode()
    assert account_actions() == [AuditAction.PASSWORD_RESET]
    entry = AuditEntry.objects.get()
    assert (entry.actor, entry.target_id) == (user, str(user.pk))


def test_password_reset_weak_password_is_refused_in_vietnamese(client, db, mailoutbox):
    user = make_user(username="hoa", email="hoa@benhvien.vn")
    request_reset(client, "hoa@benhvien.vn")
    form_url = client.get(reset_path(mailoutbox[0]), follow=True).redirect_chain[-1][0]

    response = client.post(form_url, {"new_password1": "12345", "new_password2": "12345"})

    user.refresh_from_db()
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in response.content.decode()
    assert user.check_password(PASSWORD) is True
    assert account_actions() == []


def test_password_reset_tampered_link_is_refused(client, db, mailoutbox):
    make_user(username="hoa", email="hoa@benhvien.vn")
    request_reset(client, "hoa@benhvien.vn")
    path = reset_path(mailoutbox[0])

    response = client.get(path[:-3] + "xx/", follow=True)

    assert "Liên kết không còn hiệu lực" in response.content.decode()


def test_password_reset_of_a_locked_account_lets_it_sign_in_again(client, db, mailoutbox):
    make_user(username="hoa", email="hoa@benhvien.vn")
    login_url = reverse("accounts:login")
    for _ in range(5):
        client.post(login_url, {"username": "hoa", "password": "sai"})
    request_reset(client, "hoa@benhvien.vn")
    form_url = client.get(reset_path(mailoutbox[0]), follow=True).redirect_chain[-1][0]
    client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    response = client.post(login_url, {"username": "hoa", "password": NEW_PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == reverse("home")
