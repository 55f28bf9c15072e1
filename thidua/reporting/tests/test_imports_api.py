"""API v1 of the Excel bulk entry: template, multipart upload, job status; scoped like the pages."""

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.organizations.tests.api_client import API, ApiClient
from thidua.organizations.tests.factories import UserFactory, grant
from thidua.reporting.models import Report, ReportValue, ValuesImport
from thidua.reporting.services import imports as service
from thidua.reporting.tests.factories import Plan, make_plan
from thidua.reporting.tests.imports_support import sheet_rows, xlsx_bytes


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org)


def post_file(api: ApiClient, plan: Plan, content: bytes, name: str = "so-lieu.xlsx") -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return api.client.post(
        f"{API}/periods/{plan.current.pk}/values-imports", {"file": upload}, headers=api.headers
    )


def test_api_template_is_the_pages_template(cast: Cast, plan: Plan) -> None:
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = api.get(f"/periods/{plan.current.pk}/values-template", {"include_sub_units": True})

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="nhap-so-lieu-')
    assert [row[0] for row in sheet_rows(response.content)] == [
        "Mã đơn vị",
        "Diễn giải →",
        "BV_A",
        "BV_A_K2",
        "BV_A_K1",
    ]


def test_api_upload_of_a_small_file_answers_201_with_the_outcome(
    cast: Cast, org: Org, plan: Plan
) -> None:
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = post_file(api, plan, xlsx_bytes(["Mã đơn vị", "CB_DAO_TAO"], [["BV_A", "12"]]))

    job = ValuesImport.objects.get()
    body = response.json()
    assert response.status_code == 201
    assert {key: body[key] for key in ("id", "status", "total_rows", "written_values")} == {
        "id": job.pk,
        "status": "succeeded",
        "total_rows": 1,
        "written_values": 1,
    }
    assert (body["errors"], body["errors_total"], body["progress_percent"]) == ([], 0, 100)
    value = ReportValue.objects.get(
        report__unit=org.a, indicator=plan.indicators["CB_DAO_TAO"]
    ).value
    assert value == Decimal(12)


def test_api_upload_with_errors_lists_them_row_by_row(cast: Cast, plan: Plan) -> None:
    api = ApiClient(cast[Role.UNIT_OFFICER])
    content = xlsx_bytes(["Mã đơn vị", "CB_DAO_TAO"], [["BV_A", "abc"], ["BV_A_K1", "4"]] * 1)

    response = post_file(api, plan, content)

    body = response.json()
    assert (response.status_code, body["status"]) == (201, "failed")
    assert body["errors"] == [
        {
            "row": 2,
            "column": "CB_DAO_TAO",
            "message": "Giá trị phải là một số, ví dụ 12,5.",
            "text": "Dòng 2, cột CB_DAO_TAO: Giá trị phải là một số, ví dụ 12,5.",
        }
    ]
    assert Report.objects.count() == 0


def test_api_upload_of_a_large_file_answers_202_pending(
    cast: Cast, plan: Plan, monkeypatch: Any
) -> None:
    monkeypatch.setattr(service, "SYNC_MAX_ROWS", 1)
    api = ApiClient(cast[Role.DEPT_OFFICER])
    content = xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_A", 1], ["BV_B", 2]])

    response = post_file(api, plan, content)

    assert (response.status_code, response.json()["status"]) == (202, "pending")
    assert Report.objects.count() == 0


def test_api_upload_of_a_file_that_is_not_xlsx_is_400_on_file(cast: Cast, plan: Plan) -> None:
    api = ApiClient(cast[Role.UNIT_OFFICER])

    response = post_file(api, plan, b"not a workbook")

    assert response.status_code == 400
    assert response.json() == {
        "detail": "Nội dung tệp không phải là tệp .xlsx như phần mở rộng của nó.",
        "field": "file",
    }
    assert ValuesImport.objects.count() == 0


def test_api_job_status_is_scoped(cast: Cast, org: Org, plan: Plan) -> None:
    officer_b: User = UserFactory(username="officer_b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    post_file(ApiClient(officer_b), plan, xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_B", 1]]))
    job = ValuesImport.objects.get()

    statuses = {
        role: ApiClient(cast[role]).get(f"/values-imports/{job.pk}").status_code
        for role in (Role.UNIT_OFFICER, Role.DEPT_OFFICER, Role.UNIT_HEAD)
    }
    own = ApiClient(officer_b).get(f"/values-imports/{job.pk}")

    assert statuses == {Role.UNIT_OFFICER: 404, Role.DEPT_OFFICER: 200, Role.UNIT_HEAD: 403}
    assert (own.status_code, own.json()["status"]) == (200, "succeeded")


@pytest.mark.parametrize(("role", "expected"), [(Role.UNIT_HEAD, 403), (Role.INSPECTOR, 403)])
def test_api_template_and_upload_are_forbidden_to_roles_that_enter_no_report(
    cast: Cast, plan: Plan, role: Role, expected: int
) -> None:
    api = ApiClient(cast[role])

    template = api.get(f"/periods/{plan.current.pk}/values-template")
    upload = post_file(api, plan, xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_A", 1]]))

    assert (template.status_code, upload.status_code) == (expected, expected)


def test_api_unknown_period_is_404(cast: Cast, plan: Plan) -> None:
    response = ApiClient(cast[Role.UNIT_OFFICER]).get(
        f"/periods/{plan.current.pk + 999}/values-template"
    )

    assert response.status_code == 404
