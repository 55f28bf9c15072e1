"""The Excel template of a period's bulk entry, opened with openpyxl: rows, columns, the second
header row, stored values, the hidden revision, the instructions, formula-injection safety and
who may download it."""

import io
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.reporting.enums import ReportStatus
from thidua.reporting.tests.factories import Plan, make_plan, make_report
from thidua.reporting.tests.imports_support import client_for, sheet_rows

CODES = ["DVC_TONG", "DVC_TRUC_TUYEN", "CB_DAO_TAO", "DIEN_TAP", "SU_CO"]


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org)


def template_url(plan: Plan, **params: str) -> str:
    url = reverse("reporting:values_template", args=[plan.current.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_template_has_a_row_per_unit_and_a_column_per_entered_indicator(
    cast: Cast, plan: Plan
) -> None:
    response = client_for(cast[Role.DEPT_OFFICER]).get(template_url(plan))

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    roman = ["i", "ii", "iii", "iv"][plan.current.number - 1]
    assert response["Content-Disposition"] == (
        f'attachment; filename="nhap-so-lieu-{plan.movement.code.lower()}-quy-{roman}-'
        f'{plan.current.year}.xlsx"'
    )
    rows = sheet_rows(response.content)
    assert rows[0] == ["Mã đơn vị", "Tên đơn vị", *CODES, "Phiên bản báo cáo"]
    assert rows[1] == [
        "Diễn giải →",
        "Tên đơn vị chỉ để đối chiếu, không được nhập.",
        "Tổng số thủ tục hành chính (thủ tục; số; không nhỏ hơn 0)",
        "Số thủ tục trực tuyến toàn trình (thủ tục; số; không nhỏ hơn 0)",
        "Số cán bộ được đào tạo kỹ năng số (người; số nguyên, không âm; không nhỏ hơn 0)",
        "Tổ chức diễn tập an toàn thông tin (Có hoặc Không)",
        "Số sự cố mất an toàn thông tin (sự cố; số nguyên, không âm; không nhỏ hơn 0)",
        "Không sửa cột này.",
    ]
    assert rows[2:] == [
        ["BV_A", "Bệnh viện A", None, None, None, None, None, 0],
        ["BV_B", "Bệnh viện B", None, None, None, None, None, 0],
    ]


def test_template_is_filled_with_the_values_already_entered(
    cast: Cast, org: Org, plan: Plan
) -> None:
    make_report(
        plan,
        org.a,
        values={"DVC_TONG": "120", "DVC_TRUC_TUYEN": "90.5", "DIEN_TAP": "1", "SU_CO": "0"},
        revision=4,
    )
    make_report(plan, org.b, values={"DIEN_TAP": "0", "CB_DAO_TAO": None})

    rows = sheet_rows(client_for(cast[Role.DEPT_OFFICER]).get(template_url(plan)).content)

    assert rows[2:] == [
        ["BV_A", "Bệnh viện A", 120, 90.5, None, "Có", 0, 4],
        ["BV_B", "Bệnh viện B", None, None, None, "Không", None, 0],
    ]


def test_template_with_khoa_adds_the_sub_units_in_tree_order(cast: Cast, plan: Plan) -> None:
    rows = sheet_rows(
        client_for(cast[Role.DEPT_OFFICER]).get(template_url(plan, khoa="on")).content
    )

    # Siblings by name: "Khoa Ngoại A2" before "Khoa Nội A1".
    assert [row[0] for row in rows[2:]] == ["BV_A", "BV_A_K2", "BV_A_K1", "BV_B", "BV_B_K1"]


def test_template_of_a_unit_officer_lists_only_their_units(cast: Cast, plan: Plan) -> None:
    client = client_for(cast[Role.UNIT_OFFICER])

    plain = sheet_rows(client.get(template_url(plan)).content)
    with_khoa = sheet_rows(client.get(template_url(plan, khoa="on")).content)

    assert [row[0] for row in plain[2:]] == ["BV_A"]
    assert [row[0] for row in with_khoa[2:]] == ["BV_A", "BV_A_K2", "BV_A_K1"]


def test_template_explains_formats_in_comments_and_a_guide_sheet(cast: Cast, plan: Plan) -> None:
    response = client_for(cast[Role.DEPT_OFFICER]).get(template_url(plan))

    workbook = load_workbook(io.BytesIO(response.content))
    sheet, guide = workbook.worksheets
    lines = [row[0] or "" for row in guide.iter_rows(values_only=True)]
    assert [ws.title for ws in workbook.worksheets] == ["Số liệu", "Hướng dẫn"]
    assert sheet.freeze_panes == "C3"
    assert sheet.column_dimensions["H"].hidden is True
    assert sheet["E1"].comment is not None
    assert sheet["E1"].comment.text.startswith(
        "CB_DAO_TAO: Số cán bộ được đào tạo kỹ năng số (người; số nguyên, không âm;"
    )
    assert "1.234,5" in sheet["E1"].comment.text
    assert [str(v.sqref) for v in sheet.data_validations.dataValidation] == ["F3:F204"]
    assert sheet.data_validations.dataValidation[0].formula1 == '"Có,Không"'
    assert lines[0] == f"Nhập số liệu {plan.current.name} — {plan.movement.name}"
    assert any("1.234,5" in line for line in lines)
    assert any("“Có” hoặc “Không”" in line for line in lines)
    assert "• TL_DVC" not in " ".join(lines)  # a computed indicator is not entered
    assert any("(TL_DVC)" in line for line in lines)  # but said to be recomputed


def test_template_neutralises_text_that_a_spreadsheet_would_run(
    cast: Cast, org: Org, plan: Plan
) -> None:
    org.b.name = '=HYPERLINK("http://x";"y")'
    org.b.save()
    plan.indicators["SU_CO"].value_type = "text"
    plan.indicators["SU_CO"].save()
    report = make_report(plan, org.a)
    report.values.create(indicator=plan.indicators["SU_CO"], text="+cmd|' /C calc'!A0")

    rows = sheet_rows(client_for(cast[Role.DEPT_OFFICER]).get(template_url(plan)).content)

    assert rows[2][6] == "'+cmd|' /C calc'!A0"
    assert rows[3][1] == '\'=HYPERLINK("http://x";"y")'


@pytest.mark.parametrize("role", [Role.UNIT_HEAD, Role.INSPECTOR, Role.DEPT_LEADER, Role.STAFF])
def test_template_is_forbidden_to_roles_that_enter_no_report(
    cast: Cast, plan: Plan, role: Role
) -> None:
    response = client_for(cast[role]).get(template_url(plan))

    assert response.status_code == 403


def test_template_of_a_period_outside_the_users_movements_is_404(cast: Cast, plan: Plan) -> None:
    url = reverse("reporting:values_template", args=[plan.current.pk + 1000])

    response = client_for(cast[Role.UNIT_OFFICER]).get(url)

    assert response.status_code == 404


def test_template_keeps_submitted_reports_values_and_revision(
    cast: Cast, org: Org, plan: Plan
) -> None:
    make_report(plan, org.a, values={"DVC_TONG": "7"}, status=ReportStatus.SUBMITTED, revision=2)

    rows = sheet_rows(client_for(cast[Role.UNIT_OFFICER]).get(template_url(plan)).content)

    assert rows[2][2] == 7
    assert rows[2][-1] == 2
    assert Decimal(rows[2][2]) == Decimal(7)
