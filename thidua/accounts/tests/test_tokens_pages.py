"""The "Mã truy cập API" pages: a user manages their own tokens; the plaintext shows once."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.models import ApiToken, User
from thidua.accounts.services.tokens import create_api_token, hash_token, revoke_api_token

LIST_URL = reverse("accounts:token_list")
CREATE_URL = reverse("accounts:token_create")


def make_user(username: str, **fields) -> User:
    """An account (accounts' tests build users directly: the factories live in organizations)."""
    return User.objects.create_user(username=username, password="mat-khau-thu-nghiem-1", **fields)


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def user(db):
    return make_user(username="lan")


@pytest.fixture
def client_of(user):
    client = Client()
    client.force_login(user)
    return client


def _shown_token(html: str) -> str:
    match = re.search(r'id="ma-truy-cap">(tds_[A-Za-z0-9_\-]+)<', html)
    assert match is not None
    return match.group(1)


@pytest.mark.parametrize("url", [LIST_URL, CREATE_URL])
def test_token_pages_anonymous_redirected_to_login(db, url):
    response = Client().get(url)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_token_list_shows_own_tokens_only(user, client_of):
    create_api_token(by=user, user=user, name="Đồng bộ nhân sự")
    other = make_user(username="khac")
    create_api_token(by=other, user=other, name="Mã của người khác")

    response = client_of.get(LIST_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Đồng bộ nhân sự" in html
    assert "Mã của người khác" not in html


def test_token_list_shows_prefix_dates_and_status(user, client_of):
    active, _ = create_api_token(
        by=user,
        user=user,
        name="Đang dùng",
        expires_at=dt.datetime(2099, 3, 31, 8, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")),
    )
    revoked, _ = create_api_token(by=user, user=user, name="Cũ")
    revoke_api_token(by=user, token=revoked)

    html = client_of.get(LIST_URL).content.decode()

    assert f"{active.prefix}…" in html
    assert "31/03/2099 08:00" in html
    assert "Chưa dùng" in html
    assert '<span class="badge text-bg-success">Đang dùng</span>' in html
    assert "Đã thu hồi" in html


def test_token_list_empty_says_so(client_of):
    response = client_of.get(LIST_URL)

    assert "Bạn chưa có mã truy cập nào." in response.content.decode()


def test_token_create_form_renders(client_of):
    response = client_of.get(CREATE_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="name"' in html
    assert '<option value="90" selected>90 ngày</option>' in html


def test_token_create_shows_the_plaintext_once_and_stores_its_hash(user, client_of):
    response = client_of.post(CREATE_URL, {"name": "Đồng bộ", "expires_in": "30"})

    html = response.content.decode()
    plaintext = _shown_token(html)
    token = ApiToken.objects.get(user=user)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"].split(", ")
    assert token.token_hash == hash_token(plaintext)
    assert 'data-copy-target="#ma-truy-cap"' in html
    assert "hệ thống không lưu mã và sẽ không hiển thị lại" in html
    assert plaintext not in client_of.get(LIST_URL).content.decode()


def test_token_create_sets_the_chosen_expiry(user, client_of):
    client_of.post(CREATE_URL, {"name": "Đồng bộ", "expires_in": "30"})

    token = ApiToken.objects.get(user=user)
    assert token.expires_at - token.created_at == pytest.approx(
        dt.timedelta(days=30), abs=dt.timedelta(seconds=5)
    )


def test_token_create_without_expiry(user, client_of):
    client_of.post(CREATE_URL, {"name": "Đồng bộ", "expires_in": "0"})

    assert ApiToken.objects.get(user=user).expires_at is None


def test_token_create_token_works_on_the_api(org, user, client_of):
    response = client_of.post(CREATE_URL, {"name": "Đồng bộ", "expires_in": "30"})
    plaintext = _shown_token(response.content.decode())

    api_response = Client().get("/api/v1/people", headers={"Authorization": f"Bearer {plaintext}"})

    # authenticated (a user without any grant or person record is refused with 403, not 401)
    assert api_response.status_code == 403


def test_token_create_empty_name_shows_the_error_at_the_field(user, client_of):
    response = client_of.post(CREATE_URL, {"name": "", "expires_in": "30"})

    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="form-control is-invalid"' in html
    assert '<div class="invalid-feedback">Hãy đặt tên gợi nhớ cho mã truy cập.</div>' in html
    assert ApiToken.objects.count() == 0


def test_token_create_unknown_expiry_shows_the_error_at_the_field(user, client_of):
    response = client_of.post(CREATE_URL, {"name": "Đồng bộ", "expires_in": "7"})

    assert (
        '<div class="invalid-feedback">Hãy chọn một thời hạn trong danh sách.</div>'
        in response.content.decode()
    )
    assert ApiToken.objects.count() == 0


def test_token_revoke_own_token(user, client_of):
    token, _ = create_api_token(by=user, user=user, name="Đồng bộ")

    response = client_of.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "Đã thu hồi mã truy cập “Đồng bộ”." in response.content.decode()


def test_token_revoke_someone_elses_token_is_404(user, client_of):
    other = make_user(username="khac")
    token, _ = create_api_token(by=other, user=other, name="Của người khác")

    response = client_of.post(reverse("accounts:token_revoke", args=[token.pk]))

    token.refresh_from_db()
    assert response.status_code == 404
    assert token.revoked_at is None


def test_token_revoke_twice_shows_an_error(user, client_of):
    token, _ = create_api_token(by=user, user=user, name="Đồng bộ")
    revoke_api_token(by=user, token=token)

    response = client_of.post(reverse("accounts:token_revoke", args=[token.pk]), follow=True)

    assert "Mã truy cập này đã bị thu hồi trước đó." in response.content.decode()


def test_token_revoke_by_get_not_allowed(user, client_of):
    token, _ = create_api_token(by=user, user=user, name="Đồng bộ")

    response = client_of.get(reverse("accounts:token_revoke", args=[token.pk]))

    assert response.status_code == 405


@pytest.mark.parametrize("count", [3, 15])
def test_token_list_query_count_constant(user, client_of, django_assert_num_queries, count):
    for n in range(count):
        create_api_token(by=user, user=user, name=f"Mã {n}")

    # session, user, tokens, then the layout: grants, own person
    with django_assert_num_queries(5):
        response = client_of.get(LIST_URL)

    assert response.status_code == 200
