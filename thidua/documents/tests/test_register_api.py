"""The register through API v1: scoped list, detail and files like the page."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.documents.tests.issuing_support import issue, rendered

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def documents(cast: Any, org: Any) -> dict[str, Any]:
    officer = cast[Role.DEPT_OFFICER]
    return {
        "a": issue(officer, org.a.path, summary="Khen thưởng Bệnh viện A"),
        "b": issue(officer, org.b.path, summary="Khen thưởng Bệnh viện Đống Đa"),
    }


def test_list_needs_authentication(client: Client) -> None:
    response = client.get("/api/v1/documents")

    assert response.status_code == 401


def test_list_is_scoped(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.UNIT_OFFICER]).get("/api/v1/documents")

    body = response.json()
    assert response.status_code == 200
    assert body["count"] == 1
    assert [row["number_text"] for row in body["items"]] == ["01/QĐ-SYT"]
    assert body["items"][0]["verification_code"] == documents["a"].verification_code


def test_list_searches_without_diacritics(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.DEPT_OFFICER]).get("/api/v1/documents", {"q": "dong da"})

    assert [row["number_text"] for row in response.json()["items"]] == ["02/QĐ-SYT"]


def test_detail_in_and_out_of_scope(cast: Any, documents: dict[str, Any]) -> None:
    client = _client(cast[Role.UNIT_OFFICER])

    mine = client.get(f"/api/v1/documents/{documents['a'].pk}")
    other = client.get(f"/api/v1/documents/{documents['b'].pk}")

    assert mine.status_code == 200
    assert mine.json()["summary"] == "Khen thưởng Bệnh viện A"
    assert other.status_code == 404


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_files_in_and_out_of_scope(cast: Any, documents: dict[str, Any], kind: str) -> None:
    client = _client(cast[Role.UNIT_OFFICER])

    mine = client.get(f"/api/v1/documents/{documents['a'].pk}/{kind}")
    other = client.get(f"/api/v1/documents/{documents['b'].pk}/{kind}")

    assert mine.status_code == 200
    assert rendered(b"".join(mine.streaming_content))["number_line"] == "Số: 01/QĐ-SYT"
    assert other.status_code == 404
