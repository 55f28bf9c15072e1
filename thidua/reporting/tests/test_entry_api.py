"""API v1 of reports: list, one report with values, write one value (409 when stale), evidence
metadata and download."""

import hashlib
import json
from decimal import Decimal
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.accounts.roles import Role
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report, ReportValue
from thidua.reporting.services.entry import start_report
from thidua.reporting.services.evidence import upload_evidence
from thidua.reporting.tests.factories import make_plan, make_report

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def plan(org):
    return make_plan(org)


@pytest.fixture
def officer(cast):
    return cast[Role.UNIT_OFFICER]


@pytest.fixture
def report(org, plan, officer):
    return start_report(period=plan.current, unit=org.a, by=officer)


def put(api: ApiClient, path: str, body: dict[str, Any]) -> Any:
    return api.client.put(
        API + path, json.dumps(body), content_type="application/json", headers=api.headers
    )


def _revision(report, code):
    return ReportValue.objects.get(report=report, indicator__code=code).revision


def test_list_reports_is_scoped_and_filtered(org, plan, officer, report, cast):
    make_report(plan, org.b)
    make_report(plan, org.a1, status=ReportStatus.SUBMITTED)

    mine = ApiClient(officer).get("/reports").json()
    submitted = ApiClient(officer).get("/reports", {"status": "submitted"}).json()
    everything = ApiClient(cast[Role.DEPT_OFFICER]).get("/reports", {"period_id": plan.current.pk})

    assert sorted(item["unit"]["code"] for item in mine["items"]) == ["BV_A", "BV_A_K1"]
    assert [item["unit"]["code"] for item in submitted["items"]] == ["BV_A_K1"]
    assert everything.json()["count"] == 3


def test_get_report_lists_its_values_with_revisions(plan, officer, report):
    response = ApiClient(officer).get(f"/reports/{report.pk}")

    body = response.json()
    assert response.status_code == 200
    assert [value["indicator_code"] for value in body["values"]] == sorted(plan.indicators)
    assert {value["revision"] for value in body["values"]} == {0}
    assert body["period"]["name"] == plan.current.name


def test_put_value_reads_vietnamese_numbers_and_recomputes(plan, officer, report):
    api = ApiClient(officer)
    put(api, f"/reports/{report.pk}/values/DVC_TONG", {"raw": "1.000", "revision": 0})

    response = put(
        api, f"/reports/{report.pk}/values/dvc_truc_tuyen", {"raw": "875", "revision": 0}
    )

    body = response.json()
    assert response.status_code == 200
    assert Decimal(body["value"]["value"]) == Decimal(875)
    assert [(c["indicator_code"], Decimal(c["value"])) for c in body["computed"]] == [
        ("TL_DVC", Decimal("87.5"))
    ]
    assert body["report_revision"] == 2


def test_put_value_refuses_text_in_a_number_field(officer, report):
    response = put(
        ApiClient(officer), f"/reports/{report.pk}/values/DVC_TONG", {"raw": "abc", "revision": 0}
    )

    assert response.status_code == 400
    assert response.json() == {
        "detail": "DVC_TONG — Tổng số thủ tục hành chính: Giá trị phải là một số, ví dụ 12,5.",
        "field": "DVC_TONG",
    }


def test_put_value_with_a_stale_revision_is_a_conflict(officer, report, cast):
    put(ApiClient(officer), f"/reports/{report.pk}/values/DVC_TONG", {"raw": "40", "revision": 0})

    response = put(
        ApiClient(officer), f"/reports/{report.pk}/values/DVC_TONG", {"raw": "50", "revision": 0}
    )

    body = response.json()
    assert response.status_code == 409
    assert "giá trị hiện tại là “40”" in body["detail"]
    assert Decimal(body["current"]["value"]) == Decimal(40)
    assert body["current"]["revision"] == 1
    assert ReportValue.objects.get(report=report, indicator__code="DVC_TONG").value == Decimal(40)


def test_put_value_on_a_submitted_report_is_refused(officer, report):
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)

    response = put(
        ApiClient(officer), f"/reports/{report.pk}/values/DVC_TONG", {"raw": "1", "revision": 0}
    )

    assert response.status_code == 400
    assert "Chờ duyệt" in response.json()["detail"]


def test_put_value_needs_enter_report(cast, report):
    response = put(
        ApiClient(cast[Role.UNIT_HEAD]), f"/reports/{report.pk}/values/DVC_TONG",
        {"raw": "1", "revision": 0},
    )  # fmt: skip

    assert response.status_code == 403


def test_unknown_indicator_is_not_found(officer, report):
    response = put(
        ApiClient(officer), f"/reports/{report.pk}/values/KHONG_CO", {"raw": "1", "revision": 0}
    )

    assert response.status_code == 404


def test_evidence_metadata_and_download(plan, officer, report):
    uploaded = upload_evidence(
        report=report, upload=SimpleUploadedFile("ke-hoach.pdf", PDF), by=officer,
        indicator=plan.indicators["DIEN_TAP"], name="Kế hoạch diễn tập",
    )  # fmt: skip
    api = ApiClient(officer)

    listed = api.get(f"/reports/{report.pk}/evidence").json()
    download = api.get(f"/evidence/{uploaded.evidence.pk}/download")

    assert listed == [
        {
            "id": uploaded.evidence.pk,
            "report_id": report.pk,
            "name": "Kế hoạch diễn tập",
            "note": "",
            "indicator_code": "DIEN_TAP",
            "criterion_code": None,
            "original_name": "ke-hoach.pdf",
            "content_type": "application/pdf",
            "size": len(PDF),
            "sha256": hashlib.sha256(PDF).hexdigest(),
            "uploaded_at": listed[0]["uploaded_at"],
            "download_url": f"/api/v1/evidence/{uploaded.evidence.pk}/download",
        }
    ]
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF
    assert download["Content-Disposition"].startswith("attachment;")
    assert "K%E1%BA%BF%20ho%E1%BA%A1ch" in download["Content-Disposition"]
    download.close()


def test_api_query_counts_do_not_grow_with_reports(
    org, plan, officer, report, django_assert_num_queries: Any
):
    api = ApiClient(officer)
    api.get("/reports")  # warm the token
    for unit in (org.a1, org.a2):
        make_report(plan, unit, values={"DVC_TONG": "1"})

    with django_assert_num_queries(4):
        api.get("/reports")
