"""Importing people from Excel: the service, against the database."""

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations.enums import EmploymentKind, Gender, ImportKind, ImportStatus
from thidua.organizations.models import ImportJob, Membership, Person
from thidua.organizations.selectors.imports import import_errors
from thidua.organizations.services.imports import create_import_job, run_import
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant
from thidua.organizations.tests.import_files import (
    PEOPLE_HEADERS,
    person_row,
    upload,
    xlsx_bytes,
)


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def import_people(
    user: Any, rows: list[list[Any]], headers: list[str] = PEOPLE_HEADERS
) -> ImportJob:
    job = create_import_job(
        by=user, kind=ImportKind.PEOPLE, upload=upload(xlsx_bytes(headers, rows))
    )
    return run_import(job, by=user)


def errors_of(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


TWO_PEOPLE = [
    person_row(
        "CB100",
        "Nguyễn Văn An",
        "BV_A_K1",
        gender="Nam",
        birth="15/03/1985",
        position="Bác sĩ",
        email="an@bva.vn",
        phone="0912345678",
    ),
    person_row(
        "CB101",
        "Trần Thị Bình",
        "BV_A_K2",
        birth=dt.datetime(1990, 9, 2),  # noqa: DTZ001 - Excel cells are naive
        kind="Người lao động",
        start="",
    ),
]


def test_import_people_creates_people_memberships_and_audit(cast: Cast, org: Org) -> None:
    officer = cast[Role.UNIT_OFFICER]

    job = import_people(officer, TWO_PEOPLE)

    assert (job.status, job.created_count, job.updated_count, job.unchanged_count) == (
        ImportStatus.SUCCEEDED,
        2,
        0,
        0,
    )
    assert (job.total_rows, job.processed_rows, job.progress_percent) == (2, 2, 100)
    assert job.message == "Đã nhập 2 dòng: 2 tạo mới, 0 cập nhật, 0 không thay đổi."
    an = Person.objects.get(staff_code="CB100")
    assert (
        an.full_name,
        an.gender,
        an.date_of_birth,
        an.unit,
        an.position,
        an.employment_kind,
        an.email,
        an.phone,
    ) == (
        "Nguyễn Văn An",
        Gender.MALE,
        dt.date(1985, 3, 15),
        org.a1,
        "Bác sĩ",
        EmploymentKind.PUBLIC_EMPLOYEE,
        "an@bva.vn",
        "0912345678",
    )
    assert (an.search_text, an.sort_name) == (" nguyen van an cb100 bac si ", "an nguyen van")
    binh = Person.objects.get(staff_code="CB101")
    assert (binh.gender, binh.date_of_birth, binh.employment_kind, binh.position) == (
        Gender.FEMALE,
        dt.date(1990, 9, 2),
        EmploymentKind.WORKER,
        "Điều dưỡng",
    )
    memberships = list(
        Membership.objects.filter(person__staff_code__in=["CB100", "CB101"])
        .order_by("person__staff_code")
        .values_list("person__staff_code", "unit__code", "position", "start_date", "end_date")
    )
    assert memberships == [
        ("CB100", "BV_A_K1", "Bác sĩ", dt.date(2024, 2, 1), None),
        ("CB101", "BV_A_K2", "Điều dưỡng", timezone.localdate(), None),
    ]
    entries = list(
        AuditEntry.objects.filter(actor=officer)
        .order_by("id")
        .values_list("action", "target_type", "target_id", "unit_path")
    )
    assert entries == [
        (AuditAction.CREATE, "organizations.person", str(an.pk), org.a1.path),
        (AuditAction.CREATE, "organizations.person", str(binh.pk), org.a2.path),
        (AuditAction.IMPORT, "organizations.importjob", str(job.pk), org.a.path),
    ]
    created = AuditEntry.objects.get(target_type="organizations.person", target_id=str(an.pk))
    assert created.changes["staff_code"] == [None, "CB100"]
    assert created.changes["unit"] == [None, org.a1.pk]
    assert created.changes["date_of_birth"] == [None, "1985-03-15"]


def test_import_people_same_file_again_changes_nothing(cast: Cast) -> None:
    officer = cast[Role.UNIT_OFFICER]
    import_people(officer, TWO_PEOPLE)
    audit_before = AuditEntry.objects.count()

    job = import_people(officer, TWO_PEOPLE)

    assert (job.status, job.created_count, job.updated_count, job.unchanged_count) == (
        ImportStatus.SUCCEEDED,
        0,
        0,
        2,
    )
    assert Person.objects.filter(staff_code__in=["CB100", "CB101"]).count() == 2
    assert Membership.objects.filter(person__staff_code__in=["CB100", "CB101"]).count() == 2
    assert list(
        AuditEntry.objects.order_by("id").values_list("action", flat=True)[audit_before:]
    ) == [AuditAction.IMPORT]


def test_import_people_changed_unit_adds_a_membership_not_a_person(cast: Cast, org: Org) -> None:
    officer = cast[Role.UNIT_OFFICER]
    import_people(officer, TWO_PEOPLE)
    moved = [
        person_row(
            "CB100",
            "Nguyễn Văn An",
            "BV_A_K2",
            gender="Nam",
            birth="15/03/1985",
            position="Trưởng khoa",
            email="an@bva.vn",
            phone="0912345678",
            start="01/03/2025",
        ),
        TWO_PEOPLE[1],
    ]

    job = import_people(officer, moved)

    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 1, 1)
    an = Person.objects.get(staff_code="CB100")
    assert (an.unit, an.position, Person.objects.filter(staff_code="CB100").count()) == (
        org.a2,
        "Trưởng khoa",
        1,
    )
    assert list(
        an.memberships.order_by("start_date").values_list(
            "unit__code", "position", "start_date", "end_date"
        )
    ) == [
        ("BV_A_K1", "Bác sĩ", dt.date(2024, 2, 1), dt.date(2025, 2, 28)),
        ("BV_A_K2", "Trưởng khoa", dt.date(2025, 3, 1), None),
    ]
    entry = AuditEntry.objects.filter(
        target_type="organizations.person", target_id=str(an.pk)
    ).latest("id")
    assert (entry.action, entry.changes) == (
        AuditAction.MOVE,
        {"position": ["Bác sĩ", "Trưởng khoa"], "unit": [org.a1.pk, org.a2.pk]},
    )
    assert entry.unit_path == org.a2.path


def test_import_people_updates_only_given_columns(cast: Cast, org: Org) -> None:
    officer = cast[Role.UNIT_OFFICER]
    person = PersonFactory(staff_code="CB200", unit=org.a1, email="cu@bva.vn", phone="0900000000")

    job = import_people(
        officer,
        [["cb200", "Phạm Văn Mới", "BV_A_K1", ""]],
        headers=["ma can bo", "HO VA TEN", "Mã đơn vị", "Email"],
    )

    person.refresh_from_db()
    assert (job.updated_count, person.full_name, person.email, person.phone, person.gender) == (
        1,
        "Phạm Văn Mới",
        "",
        "0900000000",
        Gender.FEMALE,
    )
    assert person.sort_name == "moi pham van"
    assert person.memberships.count() == 1


def test_import_people_duplicate_staff_codes_names_both_rows_and_writes_nothing(cast: Cast) -> None:
    officer = cast[Role.UNIT_OFFICER]
    rows = [
        person_row("CB300", "Lê Văn Một", "BV_A_K1"),
        person_row("CB301", "Lê Văn Hai", "BV_A_K1"),
        person_row("cb300", "Lê Văn Ba", "BV_A_K2"),
    ]
    people_before = Person.objects.count()

    job = import_people(officer, rows)

    assert job.status == ImportStatus.FAILED
    assert errors_of(job) == [
        (2, "Mã cán bộ", "Mã cán bộ “CB300” bị trùng: cũng có ở dòng 4."),
        (4, "Mã cán bộ", "Mã cán bộ “CB300” bị trùng: cũng có ở dòng 2."),
    ]
    assert job.message == (
        "Có 2 lỗi ở 2 trên 3 dòng; chưa ghi dữ liệu nào. Hãy sửa tệp theo danh sách lỗi rồi "
        "tải lên lại."
    )
    assert Person.objects.count() == people_before
    assert AuditEntry.objects.filter(action=AuditAction.IMPORT).count() == 0


def test_import_people_unknown_unit_code_is_a_row_error(cast: Cast) -> None:
    job = import_people(cast[Role.UNIT_OFFICER], [person_row("CB400", "Hà Văn Bốn", "KHOA_MA")])

    assert errors_of(job) == [(2, "Mã đơn vị", "Không tìm thấy đơn vị có mã “KHOA_MA”.")]
    assert Person.objects.filter(staff_code="CB400").exists() is False


def test_import_people_unit_outside_scope_writes_nothing(cast: Cast) -> None:
    rows = [
        person_row("CB500", "Đỗ Văn Năm", "BV_A_K1"),
        person_row("CB501", "Đỗ Văn Sáu", "BV_B_K1"),
    ]

    job = import_people(cast[Role.UNIT_OFFICER], rows)

    assert (job.status, errors_of(job)) == (
        ImportStatus.FAILED,
        [(3, "Mã đơn vị", "Đơn vị “BV_B_K1” nằm ngoài phạm vi bạn được cập nhật cán bộ.")],
    )
    assert Person.objects.filter(staff_code__in=["CB500", "CB501"]).count() == 0


def test_import_people_cannot_take_over_a_person_of_another_unit(cast: Cast, org: Org) -> None:
    PersonFactory(staff_code="CB600", unit=org.b1)

    job = import_people(cast[Role.UNIT_OFFICER], [person_row("CB600", "Người Khác", "BV_A_K1")])

    assert errors_of(job) == [
        (
            2,
            "Mã cán bộ",
            "Mã cán bộ “CB600” là của một người thuộc đơn vị ngoài phạm vi của bạn; không thể cập nhật.",
        )
    ]
    assert Person.objects.get(staff_code="CB600").unit == org.b1


def test_import_people_dept_officer_may_move_people_between_hospitals(cast: Cast, org: Org) -> None:
    person = PersonFactory(staff_code="CB700", unit=org.b1, full_name="Vũ Thị Bảy")

    job = import_people(
        cast[Role.DEPT_OFFICER], [person_row("CB700", "Vũ Thị Bảy", "BV_A_K1", start="01/01/2025")]
    )

    person.refresh_from_db()
    assert (job.status, job.updated_count, person.unit) == (ImportStatus.SUCCEEDED, 1, org.a1)
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).unit_path == org.root.path


def test_import_people_folds_enumeration_values(cast: Cast) -> None:
    job = import_people(
        cast[Role.UNIT_OFFICER],
        [person_row("CB800", "Mai Thị Tám", "bv_a_k1", gender="nu", kind="vien chuc")],
    )

    person = Person.objects.get(staff_code="CB800")
    assert (job.status, person.gender, person.employment_kind) == (
        ImportStatus.SUCCEEDED,
        Gender.FEMALE,
        EmploymentKind.PUBLIC_EMPLOYEE,
    )


def test_import_people_keeps_at_most_a_thousand_errors_with_the_count_of_the_rest(
    cast: Cast,
) -> None:
    rows = [person_row(f"X{i}", "Tên", "KHONG_CO") for i in range(1_003)]

    job = import_people(cast[Role.UNIT_OFFICER], rows)

    assert len(job.errors) == 1_001
    assert job.errors[-1] == {
        "row": None,
        "column": "",
        "message": "Còn 3 lỗi khác chưa liệt kê; hãy sửa các lỗi trên rồi tải lên lại để xem tiếp.",
        "omitted": 3,
    }
    summary = import_errors(job, limit=200)
    assert (len(summary.rows), summary.total, summary.rows[0]["row"]) == (200, 1_003, 2)


def test_import_people_unexpected_failure_ends_the_job_failed(cast: Cast) -> None:
    officer = cast[Role.UNIT_OFFICER]
    job = create_import_job(
        by=officer, kind=ImportKind.PEOPLE, upload=upload(xlsx_bytes(PEOPLE_HEADERS, TWO_PEOPLE))
    )
    Path(job.file.path).unlink()

    job = run_import(job, by=officer)

    assert (job.status, job.message) == (
        ImportStatus.FAILED,
        "Hệ thống gặp lỗi ngoài ý muốn khi nhập tệp này; chưa có dữ liệu nào được ghi. Sự cố đã "
        "được ghi lại. Hãy thử lại sau ít phút hoặc báo quản trị hệ thống.",
    )
    assert job.finished_at is not None


def test_run_import_does_not_run_a_finished_job_twice(cast: Cast) -> None:
    officer = cast[Role.UNIT_OFFICER]
    job = import_people(officer, TWO_PEOPLE)

    again = run_import(job, by=officer)

    assert (
        again.status,
        again.created_count,
        Person.objects.filter(staff_code="CB100").count(),
    ) == (
        ImportStatus.SUCCEEDED,
        2,
        1,
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "nhap.xlsx",
            "Mã cán bộ;Họ và tên\nCB1;An\n".encode(),
            "Nội dung tệp không phải là tệp .xlsx như phần mở rộng của nó.",
        ),
        (
            "nhap.xlsx",
            b"PK\x03\x04" + b"\x00" * 200,
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.",
        ),
        ("nhap.csv", b"Ma can bo\nCB1\n", "Loại tệp “.csv” không được chấp nhận. Chỉ nhận: .xlsx."),
        (
            "nhap.xlsx",
            xlsx_bytes(PEOPLE_HEADERS, []),
            "Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.",
        ),
        (
            "nhap.xlsx",
            xlsx_bytes(["Mã cán bộ", "Mã đơn vị"], [["CB1", "BV_A_K1"]]),
            "Thiếu cột bắt buộc: “Họ và tên”. Hãy dùng tệp mẫu.",
        ),
    ],
)
def test_create_import_job_refuses_unreadable_files_without_a_job(
    cast: Cast, name: str, content: bytes, message: str
) -> None:
    with pytest.raises(DomainError) as caught:
        create_import_job(
            by=cast[Role.UNIT_OFFICER], kind=ImportKind.PEOPLE, upload=upload(content, name)
        )

    assert (caught.value.message, caught.value.field) == (message, "file")
    assert ImportJob.objects.count() == 0


def test_create_import_job_refuses_a_user_who_may_not_import(cast: Cast) -> None:
    leader = cast[Role.DEPT_LEADER]

    with pytest.raises(DomainError) as caught:
        create_import_job(
            by=leader, kind=ImportKind.PEOPLE, upload=upload(xlsx_bytes(PEOPLE_HEADERS, TWO_PEOPLE))
        )

    assert caught.value.message == "Bạn không có quyền nhập dữ liệu từ Excel."
    assert ImportJob.objects.count() == 0


def test_run_import_refuses_an_importer_who_lost_the_permission(cast: Cast, org: Org) -> None:
    user = UserFactory(username="tam_thoi")
    assignment = grant(user, Role.UNIT_OFFICER, org.a)
    job = create_import_job(
        by=user, kind=ImportKind.PEOPLE, upload=upload(xlsx_bytes(PEOPLE_HEADERS, TWO_PEOPLE))
    )
    assignment.delete()
    user = type(user).objects.get(pk=user.pk)

    job = run_import(job, by=user)

    assert (job.status, job.message) == (
        ImportStatus.FAILED,
        "Người tải tệp lên không còn quyền nhập dữ liệu.",
    )
    assert Person.objects.filter(staff_code="CB100").exists() is False
