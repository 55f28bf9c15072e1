"""Targets from Excel: the template of a year, and the all-or-nothing import with its row report."""

import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import MovementStatus, TargetStatus, ValueType
from thidua.movements.models import Indicator, Movement, Target, YearlyTarget
from thidua.movements.services.registrations.target_sheets import (
    build_targets_template,
    import_targets,
)
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
    make_target,
)
from thidua.organizations.importing.rows import RowError
from thidua.organizations.tests.import_files import upload, xlsx_bytes

YEAR = 2026
HEADERS = ["Mã đơn vị", "Tên đơn vị", "DVC", "DAO_TAO"]


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@dataclass
class Plan:
    movement: Movement
    dvc: Indicator
    trained: Indicator


@pytest.fixture
def plan(org: Org) -> Plan:
    movement = make_movement(org.root, code="CDS", status=MovementStatus.LAUNCHED)
    criterion = make_criterion(make_area(movement), "1", 100)
    dvc = make_indicator(
        criterion,
        "DVC",
        value_type=ValueType.PERCENTAGE,
        name="Dịch vụ công toàn trình",
        unit_label="%",
        order=1,
    )
    trained = make_indicator(
        criterion, "DAO_TAO", value_type=ValueType.COUNT, name="Người được đào tạo", order=2
    )
    make_indicator(criterion, "BA_DT", value_type=ValueType.BOOLEAN, order=3)
    YearlyTarget.objects.create(indicator=dvc, year=YEAR, value=80)
    return Plan(movement=movement, dvc=dvc, trained=trained)


def _import(user, plan: Plan, rows, headers=HEADERS):
    return import_targets(
        by=user, movement=plan.movement, year=YEAR, upload=upload(xlsx_bytes(headers, rows))
    )


# --- Template -----------------------------------------------------------------------------------


def test_targets_template_lists_units_the_user_may_write_with_current_targets(
    cast: Cast, org: Org, plan: Plan
) -> None:
    make_target(plan.dvc, org.a, YEAR, "85.5")

    name, content = build_targets_template(
        by=cast[Role.DEPT_OFFICER], movement=plan.movement, year=YEAR
    )
    _, officer_content = build_targets_template(
        by=cast[Role.UNIT_OFFICER], movement=plan.movement, year=YEAR
    )

    assert name == "chi-tieu-cds-2026.xlsx"
    workbook = load_workbook(io.BytesIO(content))
    data = [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
    assert data == [
        HEADERS,
        ["BV_A", "Bệnh viện A", 85.5, None],
        ["BV_B", "Bệnh viện B", None, None],
        ["PS_TCCB", "Phòng Tổ chức cán bộ", None, None],
    ]
    notes = [row[0] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert notes[0] == f"Chỉ tiêu năm 2026 — {plan.movement.name}"
    assert notes[-2:] == [
        "• DVC: Dịch vụ công toàn trình (tỉ lệ %, nhập số từ 0 đến 100 (85 là 85%), đơn vị "
        "tính: %; chỉ tiêu chung của năm: 80).",
        "• DAO_TAO: Người được đào tạo (số nguyên không âm).",
    ]
    officer_rows = list(load_workbook(io.BytesIO(officer_content)).worksheets[0].values)
    assert [row[0] for row in officer_rows] == ["Mã đơn vị", "BV_A"]


def test_targets_template_page_refuses_readers(client: Client, cast: Cast, plan: Plan) -> None:
    client.force_login(cast[Role.DEPT_LEADER])
    refused = client.get(f"/phong-trao/{plan.movement.pk}/chi-tieu/mau-excel/?nam={YEAR}")
    client.force_login(cast[Role.UNIT_OFFICER])
    allowed = client.get(f"/phong-trao/{plan.movement.pk}/chi-tieu/mau-excel/?nam={YEAR}")

    assert refused.status_code == 403
    assert allowed.status_code == 200
    assert allowed["Content-Disposition"] == 'attachment; filename="chi-tieu-cds-2026.xlsx"'


# --- Import -------------------------------------------------------------------------------------


def test_import_targets_department_assigns_every_row(cast: Cast, org: Org, plan: Plan) -> None:
    officer = cast[Role.DEPT_OFFICER]

    result = _import(
        officer,
        plan,
        [
            ["BV_A", "Bệnh viện A", 90, 1200],
            ["bv_b", "", "85,5", None],
            ["PS_TCCB", "Phòng Tổ chức cán bộ", None, None],
        ],
    )

    assert (result.ok, result.row_count, result.created, result.proposed) == (True, 3, 3, 0)
    assert list(
        Target.objects.order_by("unit__code", "indicator__code").values_list(
            "unit__code", "indicator__code", "value", "status"
        )
    ) == [
        ("BV_A", "DAO_TAO", Decimal("1200"), TargetStatus.APPROVED),
        ("BV_A", "DVC", Decimal("90"), TargetStatus.APPROVED),
        ("BV_B", "DVC", Decimal("85.5"), TargetStatus.APPROVED),
    ]
    summary = AuditEntry.objects.get(action=AuditAction.IMPORT)
    assert summary.changes == {
        "file": [None, "nhap.xlsx"],
        "rows": [None, 3],
        "created": [None, 3],
        "updated": [None, 0],
    }
    assert AuditEntry.objects.filter(target_type="movements.target").count() == 3
    assert set(
        AuditEntry.objects.filter(target_type="movements.target").values_list("reason", flat=True)
    ) == {"Nhập từ Excel (nhap.xlsx)"}


def test_import_targets_unit_officer_proposes_for_own_units(
    cast: Cast, org: Org, plan: Plan
) -> None:
    result = _import(cast[Role.UNIT_OFFICER], plan, [["BV_A", "", 95, ""], ["BV_A_K1", "", 90, ""]])

    assert (result.created, result.proposed) == (2, 2)
    assert set(Target.objects.values_list("status", flat=True)) == {TargetStatus.PROPOSED}


def test_import_targets_all_or_nothing_with_exact_row_errors(
    cast: Cast, org: Org, plan: Plan
) -> None:
    result = _import(
        cast[Role.UNIT_OFFICER],
        plan,
        [
            ["BV_A", "Bệnh viện A", 85, 10],
            ["BV_B", "Bệnh viện B", 70, 5],
            ["BV_Z", "Không có", 70, None],
            ["BV_A_K1", "Khoa Nội A1", 120, "mười"],
            ["", "Thiếu mã", 50, None],
        ],
    )

    assert result.ok is False
    assert result.errors == [
        RowError(
            3,
            "Mã đơn vị",
            "Đơn vị “Bệnh viện B” nằm ngoài phạm vi bạn được giao hoặc đề xuất chỉ tiêu.",
        ),
        RowError(4, "Mã đơn vị", "Không tìm thấy đơn vị có mã “BV_Z”."),
        RowError(5, "DVC", "Tỉ lệ phần trăm phải từ 0 đến 100 (đã nhập 120)."),
        RowError(5, "DAO_TAO", "“mười” không phải là một số (ví dụ đúng: 85 hoặc 85,5)."),
        RowError(6, "Mã đơn vị", "Thiếu mã đơn vị."),
    ]
    assert Target.objects.count() == 0
    assert AuditEntry.objects.filter(target_type__startswith="movements.").count() == 0


def test_import_targets_reports_repeated_units(cast: Cast, org: Org, plan: Plan) -> None:
    result = _import(
        cast[Role.DEPT_OFFICER], plan, [["BV_A", "", 85, None], ["BV_A", "", 90, None]]
    )

    assert result.errors == [
        RowError(2, "Mã đơn vị", "Mã đơn vị “BV_A” bị trùng: cũng có ở dòng 3."),
        RowError(3, "Mã đơn vị", "Mã đơn vị “BV_A” bị trùng: cũng có ở dòng 2."),
    ]


def test_import_targets_refuses_unreadable_files(cast: Cast, plan: Plan) -> None:
    officer = cast[Role.DEPT_OFFICER]

    with pytest.raises(DomainError) as no_unit_column:
        _import(officer, plan, [[85]], headers=["DVC"])
    with pytest.raises(DomainError) as no_indicator:
        _import(officer, plan, [["BV_A", "x"]], headers=["Mã đơn vị", "Khác"])
    with pytest.raises(DomainError) as not_excel:
        import_targets(
            by=officer, movement=plan.movement, year=YEAR, upload=upload(b"a;b", name="a.xlsx")
        )

    assert no_unit_column.value.message == "Thiếu cột bắt buộc: “Mã đơn vị”. Hãy dùng tệp mẫu."
    assert no_indicator.value.message == (
        "Tệp không có cột chỉ tiêu nào của phong trào: tiêu đề mỗi cột chỉ tiêu là mã chỉ tiêu "
        "(ví dụ DVC). Hãy dùng tệp mẫu."
    )
    assert (
        not_excel.value.message == "Nội dung tệp không phải là tệp .xlsx như phần mở rộng của nó."
    )


def test_import_targets_refused_to_readers(cast: Cast, plan: Plan) -> None:
    with pytest.raises(PermissionDeniedError):
        _import(cast[Role.UNIT_HEAD], plan, [["BV_A", "", 85, None]])


def test_targets_import_page_shows_the_row_report(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])
    url = f"/phong-trao/{plan.movement.pk}/chi-tieu/nhap-excel/?nam={YEAR}"

    failed = client.post(url, {"file": upload(xlsx_bytes(HEADERS, [["BV_A", "", 120, None]]))})
    done = client.post(url, {"file": upload(xlsx_bytes(HEADERS, [["BV_A", "", 90, None]]))})

    assert failed.status_code == 200
    html = failed.content.decode()
    assert "Chưa nhập: tệp có 1 lỗi trong 1 dòng" in html
    assert "Tỉ lệ phần trăm phải từ 0 đến 100 (đã nhập 120)." in html
    assert done.status_code == 302
    assert done["Location"] == f"/phong-trao/{plan.movement.pk}/chi-tieu/?nam={YEAR}"
    assert Target.objects.get().value == Decimal(90)
