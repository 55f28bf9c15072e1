"""The public verification page and API: no login; number, date, issuer, kind, summary and the
PDF's SHA-256 of a known code; a Vietnamese 404 for an unknown one; never the body or files."""

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from thidua.accounts.roles import Role
from thidua.documents.services.issuing import verification_url
from thidua.documents.tests.issuing_support import BODY_SECRET, issue

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def item(cast: Any, org: Any) -> Any:
    return issue(cast[Role.DEPT_OFFICER], org.a.path)


def test_verification_page_shows_the_document_without_login(client: Client, item: Any) -> None:
    response = client.get(reverse("documents:verify", args=[item.verification_code]))

    body = response.content.decode()
    assert response.status_code == 200
    assert "01/QĐ-SYT" in body
    assert "05/03/2026" in body
    assert "Sở Y tế" in body
    assert "Quyết định" in body
    assert "Về việc công nhận sáng kiến năm 2026" in body
    assert (
        "Văn bản do hệ thống Thi Đua Số phát hành; nội dung khớp bản lưu (SHA-256 "
        f'<span class="font-monospace text-break">{item.pdf_sha256}</span>).'
    ) in body


def test_verification_page_never_shows_the_body_or_the_files(client: Client, item: Any) -> None:
    response = client.get(reverse("documents:verify", args=[item.verification_code]))

    body = response.content.decode()
    assert "Bí mật nội dung" not in body
    assert BODY_SECRET not in body
    assert "/tai-ve/" not in body
    assert "/media/" not in body


def test_code_typed_in_lower_case_with_a_space_is_found(client: Client, item: Any) -> None:
    code = item.verification_code
    typed = f"{code[:5].lower()} {code[5:]}"

    response = client.get(reverse("documents:verify", args=[typed]))

    assert response.status_code == 200


@pytest.mark.parametrize("code", ["ABCDEFGHJK", "X", "%3Cscript%3E"])
def test_unknown_code_is_a_vietnamese_404(client: Client, item: Any, code: str) -> None:
    response = client.get(f"/xac-thuc/{code}/")

    body = response.content.decode()
    assert response.status_code == 404
    assert "Không tìm thấy văn bản" in body
    assert "<script>" not in body


def test_verification_url_is_absolute_with_the_site_address(settings: Any) -> None:
    settings.THIDUA_SITE_URL = "https://thidua.soyte.hanoi.gov.vn/"

    assert verification_url("ABCDEFGHJK") == (
        "https://thidua.soyte.hanoi.gov.vn/xac-thuc/ABCDEFGHJK/"
    )


def test_verification_url_without_a_site_address_is_relative(settings: Any) -> None:
    settings.THIDUA_SITE_URL = ""

    assert verification_url("ABCDEFGHJK") == "/xac-thuc/ABCDEFGHJK/"


def test_verify_api_needs_no_authentication(client: Client, item: Any) -> None:
    response = client.get(f"/api/v1/documents/verify/{item.verification_code}")

    assert response.status_code == 200
    assert response.json() == {
        "number_text": "01/QĐ-SYT",
        "kind_name": "Quyết định",
        "issuer_name": "Sở Y tế",
        "summary": "Về việc công nhận sáng kiến năm 2026",
        "issued_on": "2026-03-05",
        "pdf_sha256": item.pdf_sha256,
        "verification_code": item.verification_code,
        "authentic": True,
    }


def test_verify_api_unknown_code_is_404(client: Client, item: Any) -> None:
    response = client.get("/api/v1/documents/verify/ABCDEFGHJK")

    assert response.status_code == 404
