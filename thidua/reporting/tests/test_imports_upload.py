"""Uploading a filled template: the round trip (values stored, formulas recomputed, audited) and
every bad input, each refused in Vietnamese with nothing written."""

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.reporting.enums import JobStatus, ReportStatus
from thidua.reporting.models import EntryException, Report, ReportValue, ValuesImport
from thidua.reporting.services import imports as service
from thidua.reporting.tests.factories import Plan, make_plan, make_report
from thidua.reporting.tests.imports_support import (
    client_for,
    download,
    fill,
    post_file,
    sheet_rows,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org)


def values_of(report: Report) -> dict[str, Decimal | None]:
    return {
        row.indicator.code: row.value
        for row in ReportValue.objects.filter(report=report).select_related("indicator")
    }


def errors_of(job: ValuesImport) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def upload(cast: Cast, role: Role, plan: Plan, content: bytes, **kwargs: Any) -> ValuesImport:
    response = post_file(client_for(cast[role]), plan.current, content, **kwargs)
    job = ValuesImport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reporting:values_import_detail", args=[job.pk])
    return job


# -- The round trip -----------------------------------------------------------------------------


def test_round_trip_stores_values_recomputes_formulas_and_audits(
    cast: Cast, org: Org, plan: Plan
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    template = download(client_for(officer), plan.current)
    filled = fill(
        template,
        {
            ("BV_A", "DVC_TONG"): "200",
            ("BV_A", "DVC_TRUC_TUYEN"): 170,
            ("BV_A", "CB_DAO_TAO"): "12",
            ("BV_A", "DIEN_TAP"): "Có",
            ("BV_A", "SU_CO"): 0,
            ("BV_B", "DVC_TONG"): "1.234,5",
            ("BV_B", "DIEN_TAP"): "Không",
        },
    )

    job = upload(cast, Role.DEPT_OFFICER, plan, filled)

    job.refresh_from_db()
    a = Report.objects.get(period=plan.current, unit=org.a)
    b = Report.objects.get(period=plan.current, unit=org.b)
    assert (job.status, job.written_values, job.errors) == (JobStatus.SUCCEEDED, 7, [])
    assert job.message == (
        f"Đã nhập số liệu {plan.current.name} của 2 đơn vị: 7 giá trị được ghi, 2 báo cáo mới "
        "được tạo; 0 đơn vị không thay đổi."
    )
    assert (a.status, a.revision, b.status, b.revision) == (
        ReportStatus.DRAFT,
        1,
        ReportStatus.DRAFT,
        1,
    )
    assert values_of(a) == {
        "DVC_TONG": Decimal("200.0000"),
        "DVC_TRUC_TUYEN": Decimal("170.0000"),
        "TL_DVC": Decimal("85.0000"),
        "CB_DAO_TAO": Decimal("12.0000"),
        "DIEN_TAP": Decimal("1.0000"),
        "SU_CO": Decimal("0.0000"),
    }
    assert values_of(b) == {
        "DVC_TONG": Decimal("1234.5000"),
        "DVC_TRUC_TUYEN": None,
        "TL_DVC": None,  # an input of the formula is missing
        "CB_DAO_TAO": None,
        "DIEN_TAP": Decimal("0.0000"),
        "SU_CO": None,
    }
    row = ReportValue.objects.get(report=a, indicator=plan.indicators["CB_DAO_TAO"])
    assert (row.revision, row.updated_by) == (1, officer)
    entries = AuditEntry.objects.filter(target_type__startswith="reporting.").order_by("pk")
    assert [(e.action, e.target_type, e.target_id) for e in entries] == [
        (AuditAction.CREATE, "reporting.report", str(a.pk)),
        (AuditAction.CREATE, "reporting.report", str(b.pk)),
        (AuditAction.UPDATE, "reporting.report", str(a.pk)),
        (AuditAction.UPDATE, "reporting.report", str(b.pk)),
        (AuditAction.IMPORT, "reporting.valuesimport", str(job.pk)),
    ]
    assert entries[2].changes == {
        "DVC_TONG": ["", "200"],
        "DVC_TRUC_TUYEN": ["", "170"],
        "CB_DAO_TAO": ["", "12"],
        "DIEN_TAP": ["", "1"],
        "SU_CO": ["", "0"],
        "TL_DVC": ["", "85"],
    }
    assert entries[4].changes == {
        "rows": [0, 2],
        "units_changed": [0, 2],
        "units_unchanged": [0, 0],
        "reports_created": [0, 2],
        "values_written": [0, 7],
    }
    assert entries[4].unit_path == org.root.path


def test_round_trip_of_a_unit_officer_updates_their_report(
    cast: Cast, org: Org, plan: Plan
) -> None:
    report = make_report(plan, org.a, values={"DVC_TONG": "100", "DVC_TRUC_TUYEN": "40"})
    client = client_for(cast[Role.UNIT_OFFICER])
    filled = fill(download(client, plan.current), {("BV_A", "DVC_TRUC_TUYEN"): "90"})

    job = upload(cast, Role.UNIT_OFFICER, plan, filled)

    job.refresh_from_db()
    report.refresh_from_db()
    page = client.get(reverse("reporting:values_import_detail", args=[job.pk])).content.decode()
    assert (job.status, job.written_values, report.revision) == (JobStatus.SUCCEEDED, 1, 1)
    assert values_of(report)["DVC_TRUC_TUYEN"] == Decimal("90.0000")
    assert values_of(report)["TL_DVC"] == Decimal("90.0000")
    assert (
        f"Đã nhập số liệu {plan.current.name} của 1 đơn vị: 1 giá trị được ghi, 0 báo cáo mới "
        "được tạo; 0 đơn vị không thay đổi." in page
    )


def test_the_same_template_uploaded_unchanged_writes_nothing(
    cast: Cast, org: Org, plan: Plan
) -> None:
    make_report(plan, org.a, values={"DVC_TONG": "5"}, revision=3)
    template = download(client_for(cast[Role.DEPT_OFFICER]), plan.current)

    job = upload(cast, Role.DEPT_OFFICER, plan, template)

    job.refresh_from_db()
    assert (job.status, job.written_values) == (JobStatus.SUCCEEDED, 0)
    assert job.message == "Tệp không thay đổi số liệu nào: 2 đơn vị giữ nguyên."
    assert Report.objects.count() == 1  # no empty draft started for BV_B
    assert Report.objects.get().revision == 3


def test_a_blank_cell_clears_and_a_missing_column_keeps(cast: Cast, org: Org, plan: Plan) -> None:
    report = make_report(plan, org.a, values={"DVC_TONG": "10", "SU_CO": "2"})
    content = xlsx_bytes(["Mã đơn vị", "DVC_TONG"], [["BV_A", None]])

    job = upload(cast, Role.UNIT_OFFICER, plan, content)

    job.refresh_from_db()
    assert (job.status, job.written_values) == (JobStatus.SUCCEEDED, 1)
    assert (values_of(report)["DVC_TONG"], values_of(report)["SU_CO"]) == (None, Decimal(2))


def test_a_hand_made_file_with_codes_in_any_case_and_order_is_read(
    cast: Cast, org: Org, plan: Plan
) -> None:
    content = xlsx_bytes(["cb_dao_tao", "ma don vi"], [[" 7 ", "bv_a"]])

    job = upload(cast, Role.UNIT_OFFICER, plan, content)

    job.refresh_from_db()
    report = Report.objects.get(unit=org.a)
    assert (job.status, values_of(report)["CB_DAO_TAO"]) == (JobStatus.SUCCEEDED, Decimal(7))


# -- Bad cells -----------------------------------------------------------------------------------


def test_text_in_a_number_field_is_an_error_and_nothing_is_written(cast: Cast, plan: Plan) -> None:
    template = download(client_for(cast[Role.DEPT_OFFICER]), plan.current)
    filled = fill(template, {("BV_A", "DVC_TONG"): "12", ("BV_B", "CB_DAO_TAO"): "mười hai"})

    job = upload(cast, Role.DEPT_OFFICER, plan, filled)

    job.refresh_from_db()
    assert job.status == JobStatus.FAILED
    assert errors_of(job) == [(4, "CB_DAO_TAO", "Giá trị phải là một số, ví dụ 12,5.")]
    assert job.message == (
        "Có 1 lỗi ở 1 dòng (trên 2 dòng số liệu); chưa ghi số liệu nào. Hãy sửa tệp theo danh "
        "sách lỗi rồi tải lên lại."
    )
    assert (Report.objects.count(), ReportValue.objects.count()) == (0, 0)
    assert AuditEntry.objects.filter(target_type__startswith="reporting.").count() == 0


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("SU_CO", -1, "Số lượng không được âm."),
        ("SU_CO", "-2", "Số lượng không được âm."),
        ("CB_DAO_TAO", 2.5, "Số lượng phải là số nguyên."),
        ("DVC_TONG", -3, "Giá trị không được nhỏ hơn 0."),
        ("DIEN_TAP", "Chưa rõ", "Chọn “Có” hoặc “Không” (có thể gõ 1 hoặc 0)."),
        ("DIEN_TAP", 2, "Chọn “Có” hoặc “Không” (có thể gõ 1 hoặc 0)."),
        ("DVC_TONG", dt.date(2026, 1, 2), "Giá trị phải là một số, ví dụ 12,5."),
        ("DVC_TONG", True, "Giá trị phải là một số, ví dụ 12,5."),
        ("DVC_TONG", "1e99", "Giá trị phải là một số, ví dụ 12,5."),
        ("DVC_TONG", 10**12, "Giá trị quá lớn."),
    ],
)
def test_a_value_the_indicator_refuses_is_an_error_per_row_and_column(
    cast: Cast, plan: Plan, column: str, value: Any, message: str
) -> None:
    content = xlsx_bytes(["Mã đơn vị", column], [["BV_A", value]])

    job = upload(cast, Role.UNIT_OFFICER, plan, content)

    job.refresh_from_db()
    assert (job.status, errors_of(job)) == (JobStatus.FAILED, [(2, column, message)])
    assert Report.objects.count() == 0


def test_a_percentage_out_of_range_is_refused(cast: Cast, plan: Plan) -> None:
    plan.indicators["DVC_TONG"].value_type = "percentage"
    plan.indicators["DVC_TONG"].save()
    content = xlsx_bytes(["Mã đơn vị", "DVC_TONG"], [["BV_A", "101"]])

    job = upload(cast, Role.UNIT_OFFICER, plan, content)

    job.refresh_from_db()
    assert errors_of(job) == [(2, "DVC_TONG", "Tỉ lệ không được vượt quá 100%.")]


# -- Bad files (refused at the upload, no job) ----------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"hello, not a workbook", "so-lieu.xlsx", "Nội dung tệp không phải là tệp .xlsx như phần "
         "mở rộng của nó."),
        (b"PK\x03\x04 broken zip", "so-lieu.xlsx", "Không đọc được tệp Excel: tệp bị hỏng hoặc "
         "không đúng định dạng .xlsx."),
        (b"a;b\n1;2\n", "so-lieu.csv", "Loại tệp “.csv” không được chấp nhận. Chỉ nhận: .xlsx."),
        (xlsx_bytes(["Tên"], [["x"]]), "so-lieu.xlsx", "Thiếu cột bắt buộc “Mã đơn vị”. Hãy "
         "dùng tệp mẫu tải từ trang nhập Excel."),
        (xlsx_bytes(["Mã đơn vị", "KHAC"], [["BV_A", 1]]), "so-lieu.xlsx", "Tệp không có cột "
         "chỉ tiêu nào của phong trào: tiêu đề mỗi cột chỉ tiêu là mã chỉ tiêu. Hãy dùng tệp mẫu."),
        (xlsx_bytes(["Mã đơn vị", "SU_CO"], []), "so-lieu.xlsx", "Tệp không có dòng dữ liệu nào "
         "dưới dòng tiêu đề."),
    ],
)  # fmt: skip
def test_a_file_that_is_not_a_template_is_refused_without_a_job(
    cast: Cast, plan: Plan, content: bytes, name: str, message: str
) -> None:
    response = post_file(client_for(cast[Role.UNIT_OFFICER]), plan.current, content, name=name)

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": [message]}
    assert ValuesImport.objects.count() == 0


def test_an_oversized_file_is_refused(cast: Cast, plan: Plan) -> None:
    content = b"PK\x03\x04" + b"\0" * service.MAX_BYTES

    response = post_file(client_for(cast[Role.UNIT_OFFICER]), plan.current, content)

    assert response.status_code == 400
    assert response.context["form"].errors == {"file": ["Tệp quá lớn (5,0 MB); giới hạn là 5 MB."]}
    assert ValuesImport.objects.count() == 0


def test_a_file_with_too_many_rows_is_refused(cast: Cast, plan: Plan, monkeypatch: Any) -> None:
    monkeypatch.setattr(service, "MAX_ROWS", 2)
    content = xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_A", 1], ["BV_B", 1], ["X", 1]])

    response = post_file(client_for(cast[Role.UNIT_OFFICER]), plan.current, content)

    assert response.context["form"].errors == {
        "file": ["Tệp có hơn 2 dòng, vượt quá giới hạn mỗi lần nhập."]
    }


# -- Bad rows and columns -----------------------------------------------------------------------


def test_unknown_and_computed_columns_are_errors_on_row_1(cast: Cast, plan: Plan) -> None:
    content = xlsx_bytes(
        ["Mã đơn vị", "SU_CO", "TL_DVC", "CHI_TIEU_LA", "SU_CO"], [["BV_A", 1, 50, 1, 1]]
    )

    job = upload(cast, Role.UNIT_OFFICER, plan, content)

    job.refresh_from_db()
    assert errors_of(job) == [
        (1, "TL_DVC", "Chỉ tiêu TL_DVC tính theo công thức, không nhập: hãy xóa cột này (hệ thống "
         "tự tính sau khi nhập)."),
        (1, "CHI_TIEU_LA", "Không có chỉ tiêu mã “CHI_TIEU_LA” trong phong trào: tiêu đề mỗi cột "
         "chỉ tiêu là mã chỉ tiêu. Hãy dùng tệp mẫu hoặc xóa cột này."),
        (1, "SU_CO", "Cột “SU_CO” có hai lần (cột E)."),
    ]  # fmt: skip
    assert Report.objects.count() == 0


def test_unknown_missing_duplicate_and_non_participant_units_are_errors(
    cast: Cast, plan: Plan
) -> None:
    content = xlsx_bytes(
        ["Mã đơn vị", "SU_CO"],
        [["BV_A", 1], ["KHONG_CO", 1], [None, 1], ["PS_TCCB", 1], ["bv_a", 2], ["SYT", 0]],
    )

    job = upload(cast, Role.DEPT_OFFICER, plan, content)

    job.refresh_from_db()
    assert errors_of(job) == [
        (2, "Mã đơn vị", "Mã đơn vị “BV_A” bị trùng: cũng có ở dòng 6."),
        (3, "Mã đơn vị", "Không tìm thấy đơn vị có mã “KHONG_CO”."),
        (4, "Mã đơn vị", "Thiếu mã đơn vị."),
        (5, "Mã đơn vị", "Đơn vị Phòng Tổ chức cán bộ (PS_TCCB) không tham gia phong trào "
         f"“{plan.movement.name}”, không báo cáo kỳ này."),
        (6, "Mã đơn vị", "Mã đơn vị “BV_A” bị trùng: cũng có ở dòng 2."),
        (7, "Mã đơn vị", f"Đơn vị Sở Y tế Hà Nội (SYT) không tham gia phong trào "
         f"“{plan.movement.name}”, không báo cáo kỳ này."),
    ]  # fmt: skip
    assert Report.objects.count() == 0


def test_a_unit_outside_the_officers_scope_fails_the_whole_file(cast: Cast, plan: Plan) -> None:
    content = xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_A", 1], ["BV_A_K1", 2], ["BV_B", 3]])

    job = upload(cast, Role.UNIT_OFFICER, plan, content)

    job.refresh_from_db()
    assert errors_of(job) == [
        (
            4,
            "Mã đơn vị",
            "Bạn không được nhập báo cáo của đơn vị mã “BV_B”: đơn vị nằm ngoài phạm vi được giao.",
        )
    ]
    assert Report.objects.count() == 0


def test_a_submitted_or_approved_report_refuses_a_change_but_not_an_unchanged_row(
    cast: Cast, org: Org, plan: Plan
) -> None:
    make_report(plan, org.a, values={"SU_CO": "1"}, status=ReportStatus.SUBMITTED)
    make_report(plan, org.b, values={"SU_CO": "1"}, status=ReportStatus.APPROVED)
    content = xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_A", 1], ["BV_B", 2]])

    job = upload(cast, Role.DEPT_OFFICER, plan, content)

    job.refresh_from_db()
    assert errors_of(job) == [
        (
            3,
            "Mã đơn vị",
            f"Báo cáo {plan.current.name} của Bệnh viện B đã được duyệt: không sửa được số liệu "
            "(chỉ sửa được khi cấp duyệt hủy duyệt). Hãy để nguyên hoặc xóa dòng này.",
        )
    ]


def test_a_closed_entry_window_refuses_unless_the_unit_has_an_exception(
    cast: Cast, org: Org, plan: Plan
) -> None:
    content = xlsx_bytes(["Mã đơn vị", "SU_CO"], [["BV_A", 1], ["BV_B", 2]])
    EntryException.objects.create(
        period=plan.previous,
        unit=org.b,
        until=timezone.localdate() + dt.timedelta(days=2),
        reason="Mất điện",
    )

    response = post_file(client_for(cast[Role.DEPT_OFFICER]), plan.previous, content)

    job = ValuesImport.objects.get()
    locks = plan.previous.locks_on.strftime("%d/%m/%Y")
    assert response.status_code == 302
    assert errors_of(job) == [
        (
            2,
            "Mã đơn vị",
            f"Bệnh viện A: Số liệu đã khóa từ sau ngày {locks}: không thể nhập hoặc nộp. Đề nghị "
            "Sở gia hạn nếu cần.",
        )
    ]


def test_a_report_changed_since_the_download_is_refused_naming_who(
    cast: Cast, org: Org, plan: Plan
) -> None:
    client = client_for(cast[Role.UNIT_OFFICER])
    template = download(client, plan.current)
    report = make_report(plan, org.a, values={"SU_CO": "4"}, revision=1)
    ReportValue.objects.filter(report=report).update(updated_by=cast[Role.DEPT_OFFICER])
    changed_at = timezone.localtime(ReportValue.objects.get(report=report).updated_at)

    job = upload(cast, Role.UNIT_OFFICER, plan, fill(template, {("BV_A", "SU_CO"): 1}))

    job.refresh_from_db()
    name = cast[Role.DEPT_OFFICER].display_name
    assert errors_of(job) == [
        (
            3,
            "Mã đơn vị",
            f"{name} đã sửa báo cáo của Bệnh viện A lúc {changed_at:%H:%M ngày %d/%m/%Y}, sau khi "
            "tệp mẫu được tải về: để không ghi đè số liệu mới, dòng này không được nhập. Hãy tải "
            "mẫu mới rồi nhập lại.",
        )
    ]
    assert values_of(report)["SU_CO"] == Decimal(4)


def test_the_error_report_downloads_as_excel(cast: Cast, plan: Plan) -> None:
    content = xlsx_bytes(["Mã đơn vị", "CB_DAO_TAO"], [["BV_A", "abc"], ["X", 1]])
    client = client_for(cast[Role.UNIT_OFFICER])
    post_file(client, plan.current, content)
    job = ValuesImport.objects.get()

    response = client.get(reverse("reporting:values_import_errors", args=[job.pk]))

    assert response["Content-Disposition"] == (
        f'attachment; filename="loi-nhap-so-lieu-{job.pk}.xlsx"'
    )
    assert sheet_rows(response.content) == [
        ["Dòng", "Cột", "Lỗi"],
        [2, "CB_DAO_TAO", "Giá trị phải là một số, ví dụ 12,5."],
        [3, "Mã đơn vị", "Không tìm thấy đơn vị có mã “X”."],
    ]


def test_the_failed_job_page_lists_the_errors(cast: Cast, plan: Plan) -> None:
    content = xlsx_bytes(["Mã đơn vị", "CB_DAO_TAO"], [["BV_A", "abc"]])
    client = client_for(cast[Role.UNIT_OFFICER])

    response = post_file(client, plan.current, content)
    page = client.get(response["Location"]).content.decode()

    assert "Giá trị phải là một số, ví dụ 12,5." in page
    assert "Tải danh sách lỗi (Excel)" in page
    assert "hx-trigger" not in page
