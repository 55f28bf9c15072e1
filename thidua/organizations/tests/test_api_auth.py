"""API v1 authentication (bearer tokens and the session), the docs page and the OpenAPI schema."""

import datetime as dt
import re

import pytest
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import ApiToken
from thidua.accounts.roles import Role
from thidua.accounts.services.tokens import create_api_token, revoke_api_token
from thidua.organizations.models import Unit
from thidua.organizations.tests.api_client import ApiClient

UNAUTHENTICATED = {"detail": "Chưa xác thực hoặc mã truy cập không hợp lệ."}


@pytest.fixture(autouse=True)
def _no_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_bearer_token_valid_authenticates_as_its_user(cast, org):
    user = cast[Role.UNIT_OFFICER]
    _, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")

    response = Client().get(f"/api/v1/units/{org.a.pk}", headers=_bearer(plaintext))

    assert response.status_code == 200
    assert response.json()["code"] == "BV_A"


def test_bearer_token_first_use_records_last_used(cast, org):
    user = cast[Role.UNIT_OFFICER]
    token, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")

    Client().get(f"/api/v1/units/{org.a.pk}", headers=_bearer(plaintext))

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_api_without_credentials_answers_401_in_vietnamese(org):
    response = Client().get("/api/v1/units")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'


def test_bearer_token_unknown_answers_401(org):
    response = Client().get("/api/v1/units", headers=_bearer("tds_" + "x" * 43))

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_bearer_token_revoked_answers_401(cast, org):
    user = cast[Role.UNIT_OFFICER]
    token, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")
    revoke_api_token(by=user, token=token)

    response = Client().get("/api/v1/units", headers=_bearer(plaintext))

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_bearer_token_expired_answers_401(cast, org):
    user = cast[Role.UNIT_OFFICER]
    token, plaintext = create_api_token(
        by=user, user=user, name="Đồng bộ", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))

    response = Client().get("/api/v1/units", headers=_bearer(plaintext))

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_bearer_token_of_inactive_user_answers_401(cast, org):
    user = cast[Role.UNIT_OFFICER]
    _, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")
    user.is_active = False
    user.save(update_fields=["is_active"])

    response = Client().get("/api/v1/units", headers=_bearer(plaintext))

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_session_authenticates_reads(cast, org):
    client = Client()
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(f"/api/v1/units/{org.a.pk}")

    assert response.status_code == 200
    assert response.json()["id"] == org.a.pk


def test_session_of_a_two_factor_role_not_yet_verified_answers_401(cast, org, settings):
    settings.THIDUA_2FA_REQUIRED = True
    client = Client()
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get(f"/api/v1/units/{org.a.pk}")

    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED


def test_session_of_a_two_factor_role_verified_by_a_device_authenticates(cast, org, settings):
    settings.THIDUA_2FA_REQUIRED = True
    user = cast[Role.DEPT_OFFICER]
    device = TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()

    response = client.get(f"/api/v1/units/{org.a.pk}")

    assert response.status_code == 200


def test_session_write_without_csrf_token_refused_in_vietnamese(cast, org):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.post(
        "/api/v1/units",
        {"parent_id": org.a.pk, "code": "BV_A_K9", "name": "Khoa mới", "kind": "office"},
        content_type="application/json",
    )

    assert response.status_code == 403
    assert response.json()["detail"].startswith("Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF).")
    assert not Unit.objects.filter(code="BV_A_K9").exists()


def test_bearer_write_needs_no_csrf_token(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])
    api.client = Client(enforce_csrf_checks=True)

    response = api.post(
        "/units", {"parent_id": org.a.pk, "code": "BV_A_K9", "name": "Khoa mới", "kind": "office"}
    )

    assert response.status_code == 201


def test_docs_page_open_without_auth_and_without_inline_script(db):
    response = Client().get("/api/v1/docs")

    html = response.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.S)
    assert response.status_code == 200
    assert [attrs for attrs, body in scripts if "src=" not in attrs or body.strip()] == []
    assert [re.search(r'src="([^"]+)"', attrs).group(1) for attrs, _ in scripts] == [
        "/static/ninja/swagger-ui-bundle.js",
        "/static/thidua/api-docs.js",
    ]
    assert re.search(r"\son[a-z]+=", html) is None
    assert 'style="' not in html
    assert 'data-swagger-settings="{&quot;layout&quot;: &quot;BaseLayout&quot;' in html


def test_docs_page_sends_the_content_security_policy(db):
    response = Client().get("/api/v1/docs")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_openapi_schema_lists_the_paths_and_both_auth_schemes(db):
    response = Client().get("/api/v1/openapi.json")

    schema = response.json()
    assert response.status_code == 200
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Thi Đua Số API"
    # The organisation's paths (other apps pin their own in their tests).
    organisation_paths = [
        path
        for path in sorted(schema["paths"])
        if path.split("/")[3] in {"clusters", "people", "units"}
    ]
    assert organisation_paths == [
        "/api/v1/clusters",
        "/api/v1/clusters/{cluster_id}",
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/units",
        "/api/v1/units/{unit_id}",
    ]
    assert schema["components"]["securitySchemes"] == {
        "ApiTokenAuth": {"type": "http", "scheme": "bearer"},
        "VerifiedSessionAuth": {"type": "apiKey", "in": "cookie", "name": "sessionid"},
    }


def test_openapi_schema_tags_operations_in_vietnamese(db):
    schema = Client().get("/api/v1/openapi.json").json()

    tags = {
        (method.upper(), path): operation["tags"]
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
    }
    assert tags[("GET", "/api/v1/units")] == ["Đơn vị"]
    assert tags[("PATCH", "/api/v1/people/{person_id}")] == ["Cán bộ"]
    assert tags[("GET", "/api/v1/clusters")] == ["Cụm, khối"]


def test_bearer_token_of_a_two_factor_role_is_not_sent_to_two_factor_setup(cast, org, settings):
    settings.THIDUA_2FA_REQUIRED = True
    api = ApiClient(cast[Role.DEPT_OFFICER])

    response = api.get(f"/units/{org.root.pk}")

    assert response.status_code == 200


def test_api_answers_utf8_json_with_vietnamese_letters_as_is(cast, org):
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get(f"/units/{org.a1.pk}")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert '"name": "Khoa Nội A1"' in response.content.decode("utf-8")
