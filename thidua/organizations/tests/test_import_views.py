"""The Excel import pages: templates, upload, detail, progress and the error report."""

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.enums import ImportKind, ImportStatus
from thidua.organizations.models import ImportJob, Person
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant
from thidua.organizations.tests.import_files import PEOPLE_HEADERS, person_row, xlsx_bytes


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def other_officer(org: Org) -> User:
    """A unit officer of the sibling hospital BV_B."""
    user = UserFactory(username="officer_b")
    grant(user, Role.UNIT_OFFICER, org.b)
    return user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def make_job(user: User, **fields: Any) -> ImportJob:
    values: dict[str, Any] = {
        "kind": ImportKind.PEOPLE,
        "original_name": "can-bo.xlsx",
        "file": "imports/x.xlsx",
        "created_by": user,
        "status": ImportStatus.FAILED,
        "total_rows": 3,
        "processed_rows": 3,
        "errors": [
            {"row": 2, "column": "Mã đơn vị", "message": "Không tìm thấy đơn vị có mã “X”."},
            {"row": 4, "column": "Giới tính", "message": "Giới tính “?” không hợp lệ."},
        ],
        "message": "Có 2 lỗi ở 2 trên 3 dòng; chưa ghi dữ liệu nào.",
        "finished_at": timezone.now(),
    }
    values.update(fields)
    return ImportJob.objects.create(**values)


def post_file(client: Client, kind: str, content: bytes, name: str = "can-bo.xlsx") -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("organizations:import_upload", args=[kind]), {"file": upload})


# -- Templates ----------------------------------------------------------------------------------


def test_import_template_people_has_headers_dropdowns_and_instructions(cast: Cast) -> None:
    response = client_for(cast[Role.UNIT_OFFICER]).get(
        reverse("organizations:import_template", args=["people"])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="mau-nhap-can-bo.xlsx"'
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["Cán bộ", "Hướng dẫn"]
    sheet = workbook["Cán bộ"]
    assert [cell.value for cell in sheet[1]] == PEOPLE_HEADERS
    assert [cell.value for cell in sheet[2]][:5] == [
        "CB000123",
        "Nguyễn Văn An",
        "Nam",
        "15/03/1985",
        "BV_DONGDA_KKB",
    ]
    assert sheet.max_row == 3
    validations = sorted((str(v.sqref), v.formula1) for v in sheet.data_validations.dataValidation)
    assert validations == [
        ("C2:C5001", '"Nam,Nữ"'),
        ("G2:G5001", '"Công chức,Viên chức,Người lao động"'),
    ]
    notes = [row[0] for row in workbook["Hướng dẫn"].iter_rows(values_only=True)]
    assert notes[0] == "Mẫu nhập cán bộ, viên chức, người lao động"
    assert "• Giới tính: Nam hoặc Nữ. Bắt buộc với người mới. Giá trị: Nam, Nữ." in notes


def test_import_template_units_offers_unit_kinds_without_the_root_kind(cast: Cast) -> None:
    response = client_for(cast[Role.UNIT_OFFICER]).get(
        reverse("organizations:import_template", args=["units"])
    )

    sheet = load_workbook(io.BytesIO(response.content))["Đơn vị"]
    assert [cell.value for cell in sheet[1]] == [
        "Mã đơn vị",
        "Tên đơn vị",
        "Loại",
        "Mã đơn vị cấp trên",
        "Thứ tự",
        "Chữ viết tắt",
    ]
    assert [(str(v.sqref), v.formula1) for v in sheet.data_validations.dataValidation] == [
        (
            "C2:C5001",
            '"Bệnh viện,Trung tâm,Trung tâm Y tế quận/huyện,Phòng chuyên môn thuộc Sở,'
            'Đơn vị khác,Khoa,Phòng,Trạm y tế"',
        )
    ]


def test_import_template_refuses_users_without_import_and_unknown_kinds(cast: Cast) -> None:
    denied = client_for(cast[Role.DEPT_LEADER]).get(
        reverse("organizations:import_template", args=["people"])
    )
    unknown = client_for(cast[Role.UNIT_OFFICER]).get(
        reverse("organizations:import_template", args=["khac"])
    )

    assert (denied.status_code, unknown.status_code) == (403, 404)


# -- Upload -------------------------------------------------------------------------------------


def test_import_upload_small_file_runs_now_and_shows_counts(cast: Cast) -> None:
    client = client_for(cast[Role.UNIT_OFFICER])
    content = xlsx_bytes(PEOPLE_HEADERS, [person_row("CB900", "Phan Văn Chín", "BV_A_K1")])

    response = post_file(client, "people", content)

    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("organizations:import_detail", args=[job.pk])
    assert (job.status, job.created_count, job.original_name) == (
        ImportStatus.SUCCEEDED,
        1,
        "can-bo.xlsx",
    )
    page = client.get(response["Location"]).content.decode()
    assert "Đã nhập 1 dòng: 1 tạo mới, 0 cập nhật, 0 không thay đổi." in page
    assert "hx-trigger" not in page
    assert Person.objects.filter(staff_code="CB900").exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "can-bo.xlsx",
            "Mã cán bộ\tHọ và tên\n".encode(),
            "Nội dung tệp không phải là tệp .xlsx như phần mở rộng của nó.",
        ),
        ("can-bo.csv", b"a,b\n", "Loại tệp “.csv” không được chấp nhận. Chỉ nhận: .xlsx."),
        ("can-bo.xlsx", b"", "Tệp rỗng."),
        (
            "can-bo.xlsx",
            b"PK\x03\x04not really a zip",
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.",
        ),
        (
            "can-bo.xlsx",
            xlsx_bytes(["Họ và tên"], [["An"]]),
            "Thiếu cột bắt buộc: “Mã cán bộ”, “Mã đơn vị”. Hãy dùng tệp mẫu.",
        ),
    ],
)
def test_import_upload_bad_file_shows_message_at_the_field(
    cast: Cast, name: str, content: bytes, message: str
) -> None:
    response = post_file(client_for(cast[Role.UNIT_OFFICER]), "people", content, name)

    page = response.content.decode()
    assert response.status_code == 400
    assert f'<div class="invalid-feedback" id="id_people_file_loi">{message}</div>' in page
    assert 'id="id_people_file" class="form-control form-control-sm is-invalid"' in page
    assert ImportJob.objects.count() == 0


def test_import_upload_without_file_or_permission(cast: Cast) -> None:
    missing = client_for(cast[Role.UNIT_OFFICER]).post(
        reverse("organizations:import_upload", args=["units"])
    )
    denied = post_file(
        client_for(cast[Role.DEPT_LEADER]),
        "people",
        xlsx_bytes(PEOPLE_HEADERS, [person_row("CB1", "A", "BV_A_K1")]),
    )

    assert missing.status_code == 400
    assert "Hãy chọn tệp Excel để tải lên." in missing.content.decode()
    assert denied.status_code == 403
    assert ImportJob.objects.count() == 0


def test_import_upload_large_file_is_left_for_the_worker(
    cast: Cast, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    settings.THIDUA_IMPORT_SYNC_MAX_ROWS = 5
    rows = [person_row(f"CB{i:03d}", f"Người Thứ {i}", "BV_A_K1") for i in range(6)]

    with django_capture_on_commit_callbacks() as callbacks:
        response = post_file(
            client_for(cast[Role.UNIT_OFFICER]), "people", xlsx_bytes(PEOPLE_HEADERS, rows)
        )

    job = ImportJob.objects.get()
    assert (response.status_code, job.status, job.total_rows, len(callbacks)) == (
        302,
        ImportStatus.PENDING,
        6,
        1,
    )


# -- Detail, progress, error report: scope ------------------------------------------------------


def test_import_detail_shows_errors_with_total(cast: Cast) -> None:
    job = make_job(cast[Role.UNIT_OFFICER])

    response = client_for(cast[Role.UNIT_OFFICER]).get(
        reverse("organizations:import_detail", args=[job.pk])
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Tổng số 2 lỗi." in page
    assert (
        '<tr><td class="num">2</td><td class="text-nowrap">Mã đơn vị</td>'
        "<td>Không tìm thấy đơn vị có mã “X”.</td></tr>"
    ) in page
    assert reverse("organizations:import_error_report", args=[job.pk]) in page


def test_import_progress_returns_the_percentage_and_polls_until_finished(cast: Cast) -> None:
    officer = cast[Role.UNIT_OFFICER]
    job = make_job(
        officer,
        status=ImportStatus.RUNNING,
        total_rows=200,
        processed_rows=50,
        errors=[],
        message="",
    )
    client = client_for(officer)
    url = reverse("organizations:import_progress", args=[job.pk])

    running = client.get(url).content.decode()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.SUCCEEDED,
        processed_rows=200,
        created_count=200,
        message="Đã nhập 200 dòng.",
    )
    finished = client.get(url).content.decode()

    assert 'aria-valuenow="25"' in running
    assert 'data-progress="25">25%</div>' in running
    assert "50 / 200 dòng" in running
    assert f'hx-get="{url}" hx-trigger="every 1s" hx-swap="outerHTML"' in running
    assert "<html" not in running
    assert "hx-trigger" not in finished
    assert "Đã nhập 200 dòng." in finished


def test_import_error_report_lists_row_column_and_problem(cast: Cast) -> None:
    job = make_job(cast[Role.UNIT_OFFICER])

    response = client_for(cast[Role.UNIT_OFFICER]).get(
        reverse("organizations:import_error_report", args=[job.pk])
    )

    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows == [
        ("Dòng", "Cột", "Lỗi"),
        (2, "Mã đơn vị", "Không tìm thấy đơn vị có mã “X”."),
        (4, "Giới tính", "Giới tính “?” không hợp lệ."),
    ]


@pytest.mark.parametrize("name", ["import_detail", "import_progress", "import_error_report"])
def test_import_job_of_another_unit_is_not_found(
    cast: Cast, other_officer: User, name: str
) -> None:
    job = make_job(cast[Role.UNIT_OFFICER])

    response = client_for(other_officer).get(reverse(f"organizations:{name}", args=[job.pk]))

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["import_detail", "import_progress", "import_error_report"])
def test_import_job_seen_by_the_department_officer_not_by_nobody(cast: Cast, name: str) -> None:
    job = make_job(cast[Role.UNIT_OFFICER])
    url = reverse(f"organizations:{name}", args=[job.pk])

    seen = client_for(cast[Role.DEPT_OFFICER]).get(url)
    denied = client_for(cast.nobody).get(url)

    assert (seen.status_code, denied.status_code) == (200, 403)


def test_import_list_shows_own_jobs_and_overseers_see_their_scope(
    cast: Cast, other_officer: User, org: Org
) -> None:
    mine = make_job(cast[Role.UNIT_OFFICER], original_name="cua-toi.xlsx")
    other = make_job(other_officer, original_name="cua-bv-b.xlsx")
    worker = UserFactory(username="nhan_vien_b")
    PersonFactory(unit=org.b1, user=worker)
    grant(worker, Role.UNIT_OFFICER, org.b1)
    by_worker = make_job(worker, original_name="cua-nhan-vien.xlsx")

    own_page = client_for(cast[Role.UNIT_OFFICER]).get(reverse("organizations:import_list"))
    overseer_page = client_for(cast[Role.DEPT_OFFICER]).get(reverse("organizations:import_list"))

    assert [job.pk for job in own_page.context["page"]] == [mine.pk]
    assert [job.pk for job in overseer_page.context["page"]] == [by_worker.pk, other.pk, mine.pk]


def test_import_list_query_count_does_not_grow_with_jobs(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    client = client_for(officer)
    url = reverse("organizations:import_list")
    for _ in range(3):
        make_job(officer)
    client.get(url)  # warm the session and content types

    # session, user, grants, count, base.html's user.person, the page of jobs
    with django_assert_num_queries(6) as few:
        assert client.get(url).status_code == 200
    for _ in range(27):
        make_job(officer)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(url)


def test_import_detail_query_count_does_not_grow_with_errors(
    cast: Cast, django_assert_num_queries: Any
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    client = client_for(officer)
    errors = [{"row": n, "column": "Mã cán bộ", "message": "Lỗi"} for n in range(2, 300)]
    small, big = make_job(officer), make_job(officer, errors=errors)
    client.get(reverse("organizations:import_detail", args=[small.pk]))

    # session, user, grants, job, base.html's user.person
    with django_assert_num_queries(5) as few:
        client.get(reverse("organizations:import_detail", args=[small.pk]))
    with django_assert_num_queries(len(few.captured_queries)):
        page = client.get(reverse("organizations:import_detail", args=[big.pk])).content.decode()

    assert "Hiển thị 200 lỗi đầu tiên trong tổng số 298 lỗi." in page
