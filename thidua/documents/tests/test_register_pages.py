"""The register page: scoped by the unit whose data a document carries, searched without
diacritics, filtered, exported to Excel; files downloaded only within the same scope."""

import io
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

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
        "a": issue(officer, org.a.path, summary="Về việc công nhận sáng kiến Bệnh viện A"),
        "a1": issue(officer, org.a1.path, summary="Về việc khen thưởng Khoa Nội A1"),
        "b": issue(officer, org.b.path, summary="Về việc công nhận sáng kiến Bệnh viện Đống Đa"),
        "report": issue(
            officer,
            org.root.path,
            kind_name="Báo cáo",
            kind_code="BC",
            summary="Sơ kết phong trào thi đua",
            issued_on=date(2027, 1, 15),
        ),
    }


def _numbers(response: Any) -> list[str]:
    return [item.number_text for item in response.context["page"].object_list]


def test_register_needs_login(client: Client) -> None:
    response = client.get(reverse("documents:register"))

    assert response.status_code == 302


def test_department_officer_sees_every_document(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.DEPT_OFFICER]).get(reverse("documents:register"))

    assert response.status_code == 200
    assert _numbers(response) == ["01/BC-SYT", "03/QĐ-SYT", "02/QĐ-SYT", "01/QĐ-SYT"]


def test_unit_officer_sees_their_units_documents_only(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.UNIT_OFFICER]).get(reverse("documents:register"))

    assert _numbers(response) == ["02/QĐ-SYT", "01/QĐ-SYT"]
    assert "Đống Đa" not in response.content.decode()


def test_user_without_a_role_sees_nothing(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast.nobody).get(reverse("documents:register"))

    assert _numbers(response) == []


def test_search_without_diacritics_finds_the_summary(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.DEPT_OFFICER]).get(
        reverse("documents:register"), {"q": "cong nhan SANG KIEN dong da"}
    )

    assert _numbers(response) == ["03/QĐ-SYT"]


def test_search_by_number_and_symbol(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.DEPT_OFFICER]).get(
        reverse("documents:register"), {"q": "02/qd-syt"}
    )

    assert _numbers(response) == ["02/QĐ-SYT"]


def test_filter_by_kind_and_year(cast: Any, documents: dict[str, Any]) -> None:
    client = _client(cast[Role.DEPT_OFFICER])

    by_kind = client.get(reverse("documents:register"), {"loai": "BC"})
    by_year = client.get(reverse("documents:register"), {"nam": "2026"})

    assert _numbers(by_kind) == ["01/BC-SYT"]
    assert _numbers(by_year) == ["03/QĐ-SYT", "02/QĐ-SYT", "01/QĐ-SYT"]
    assert by_kind.context["kinds"] == [("BC", "Báo cáo"), ("QĐ", "Quyết định")]
    assert by_kind.context["years"] == [2027, 2026]


def test_htmx_search_returns_the_results_fragment(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.DEPT_OFFICER]).get(
        reverse("documents:register"), {"q": "so ket"}, headers={"HX-Request": "true"}
    )

    body = response.content.decode()
    assert _numbers(response) == ["01/BC-SYT"]
    assert "<html" not in body
    assert "Sơ kết phong trào thi đua" in body


def test_excel_export_holds_the_filtered_scoped_rows(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.UNIT_OFFICER]).get(
        reverse("documents:register_export"), {"q": "khoa noi"}
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    item = documents["a1"]
    assert rows == [
        [
            "Số, ký hiệu",
            "Ngày ban hành",
            "Loại văn bản",
            "Trích yếu",
            "Cơ quan ban hành",
            "Người ký",
            "Mã xác thực",
        ],
        [
            "02/QĐ-SYT",
            "05/03/2026",
            "Quyết định",
            "Về việc khen thưởng Khoa Nội A1",
            "Sở Y tế",
            "Nguyễn Văn An",
            item.verification_code,
        ],
    ]


def test_excel_export_neutralises_formulas(cast: Any, org: Any) -> None:
    issue(cast[Role.DEPT_OFFICER], org.a.path, summary='=HYPERLINK("http://x","y")')

    response = _client(cast[Role.DEPT_OFFICER]).get(reverse("documents:register_export"))

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    assert sheet["D2"].value == '\'=HYPERLINK("http://x","y")'
    assert sheet["D2"].data_type == "s"


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_download_in_scope(cast: Any, documents: dict[str, Any], kind: str) -> None:
    item = documents["a1"]

    response = _client(cast[Role.UNIT_OFFICER]).get(
        reverse("documents:download", args=[item.pk, kind])
    )

    content = b"".join(response.streaming_content)
    assert response.status_code == 200
    assert rendered(content)["number_line"] == "Số: 02/QĐ-SYT"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "02-Q%C4%90-SYT." + kind in response["Content-Disposition"]


@pytest.mark.parametrize("kind", ["pdf", "docx"])
def test_download_of_another_units_document_by_url_is_404(
    cast: Any, documents: dict[str, Any], kind: str
) -> None:
    response = _client(cast[Role.UNIT_OFFICER]).get(
        reverse("documents:download", args=[documents["b"].pk, kind])
    )

    assert response.status_code == 404


def test_download_of_an_unknown_kind_is_404(cast: Any, documents: dict[str, Any]) -> None:
    response = _client(cast[Role.DEPT_OFFICER]).get(
        reverse("documents:download", args=[documents["a"].pk, "exe"])
    )

    assert response.status_code == 404
