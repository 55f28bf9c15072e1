"""Importing units from Excel: the service, against the database."""

from pathlib import Path
from typing import Any

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.organizations import tree
from thidua.organizations.enums import ImportKind, ImportStatus, UnitKind
from thidua.organizations.models import ImportJob, Unit
from thidua.organizations.services.imports import create_import_job, run_import
from thidua.organizations.tests.factories import make_unit
from thidua.organizations.tests.import_files import UNIT_HEADERS, upload, xlsx_bytes


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path


def import_units(user: Any, rows: list[list[Any]], headers: list[str] = UNIT_HEADERS) -> ImportJob:
    job = create_import_job(
        by=user, kind=ImportKind.UNITS, upload=upload(xlsx_bytes(headers, rows))
    )
    return run_import(job, by=user)


def errors_of(job: ImportJob) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["message"]) for e in job.errors]


def assert_paths_consistent() -> None:
    for unit in Unit.objects.select_related("parent"):
        expected = tree.path_for(unit.parent.path if unit.parent else None, unit.pk)
        assert (unit.code, unit.path, unit.depth) == (unit.code, expected, tree.depth_of(expected))


def test_import_units_creates_a_subtree_defined_in_any_order(cast: Cast, org: Org) -> None:
    officer = cast[Role.UNIT_OFFICER]
    rows = [
        ["BV_A_K1_DV1", "Đơn nguyên Hồi sức", "Khoa", "BV_A_K3", 2],
        ["BV_A_K3", "Khoa Hồi sức tích cực", "khoa", "bv_a", 3],
        ["BV_A_P1", "Phòng Tổ chức cán bộ", "Phòng", "BV_A", None],
    ]

    job = import_units(officer, rows)

    assert (job.status, job.created_count, job.updated_count, job.unchanged_count) == (
        ImportStatus.SUCCEEDED,
        3,
        0,
        0,
    )
    k3 = Unit.objects.get(code="BV_A_K3")
    dv1 = Unit.objects.get(code="BV_A_K1_DV1")
    assert (k3.parent, k3.kind, k3.sort_order, k3.path, k3.depth, k3.name_folded) == (
        org.a,
        UnitKind.CLINICAL_DEPARTMENT,
        3,
        f"{org.a.path}{k3.pk}/",
        2,
        "khoa hoi suc tich cuc",
    )
    assert (dv1.parent, dv1.path, dv1.depth) == (k3, f"{k3.path}{dv1.pk}/", 3)
    assert Unit.objects.get(code="BV_A_P1").sort_order == 0
    assert list(
        AuditEntry.objects.filter(actor=officer).order_by("id").values_list("action", "target_repr")
    ) == [
        (AuditAction.CREATE, "Khoa Hồi sức tích cực"),
        (AuditAction.CREATE, "Phòng Tổ chức cán bộ"),
        (AuditAction.CREATE, "Đơn nguyên Hồi sức"),
        (AuditAction.IMPORT, str(job)),
    ]
    assert AuditEntry.objects.get(action=AuditAction.IMPORT).unit_path == org.a.path
    assert_paths_consistent()


def test_import_units_moves_a_subtree_and_rebuilds_paths(cast: Cast, org: Org) -> None:
    sub = make_unit("BV_A_K2_DV", "Đơn nguyên", parent=org.a2)
    admin = cast[Role.DEPT_OFFICER]

    job = import_units(admin, [["BV_A_K2", "Khoa Ngoại A2", "", "BV_B", 1]])

    org.a2.refresh_from_db()
    sub.refresh_from_db()
    assert (job.status, job.updated_count) == (ImportStatus.SUCCEEDED, 1)
    assert (org.a2.parent, org.a2.path, sub.path, sub.depth) == (
        org.b,
        f"{org.b.path}{org.a2.pk}/",
        f"{org.b.path}{org.a2.pk}/{sub.pk}/",
        3,
    )
    entry = AuditEntry.objects.get(
        target_type="organizations.unit", target_id=str(org.a2.pk), actor=admin
    )
    assert (entry.action, entry.changes) == (
        AuditAction.MOVE,
        {
            "sort_order": [0, 1],
            "parent": [org.a.pk, org.b.pk],
            "path": [f"{org.a.path}{org.a2.pk}/", org.a2.path],
        },
    )
    assert_paths_consistent()


def test_import_units_same_file_again_is_unchanged(cast: Cast) -> None:
    officer = cast[Role.UNIT_OFFICER]
    rows = [["BV_A_K3", "Khoa Hồi sức", "Khoa", "BV_A", 3]]
    import_units(officer, rows)

    job = import_units(officer, rows)

    assert (job.created_count, job.updated_count, job.unchanged_count) == (0, 0, 1)


def test_import_units_cycle_names_the_rows_and_writes_nothing(cast: Cast) -> None:
    rows = [
        ["BV_A_X", "Khoa X", "Khoa", "BV_A_Y", None],
        ["BV_A_Z", "Khoa Z", "Khoa", "BV_A", None],
        ["BV_A_Y", "Khoa Y", "Khoa", "BV_A_X", None],
    ]
    count = Unit.objects.count()

    job = import_units(cast[Role.UNIT_OFFICER], rows)

    message = "Đơn vị cấp trên tạo thành vòng lặp: BV_A_X → BV_A_Y → BV_A_X (dòng 2 và 4)."
    assert (job.status, errors_of(job)) == (
        ImportStatus.FAILED,
        [(2, "Mã đơn vị cấp trên", message), (4, "Mã đơn vị cấp trên", message)],
    )
    assert Unit.objects.count() == count


def test_import_units_refuses_moving_the_root_and_a_unit_under_its_child(cast: Cast) -> None:
    rows = [
        ["SYT", "Sở Y tế Hà Nội", "", "BV_A", None],
        ["BV_A", "Bệnh viện A", "", "BV_A_K1", None],
    ]

    job = import_units(cast[Role.DEPT_OFFICER], rows)

    assert errors_of(job) == [
        (
            2,
            "Mã đơn vị cấp trên",
            "“SYT” là đơn vị gốc: không thể chuyển hay nhập đơn vị gốc từ tệp.",
        ),
        (
            3,
            "Mã đơn vị cấp trên",
            "Đơn vị cấp trên tạo thành vòng lặp: BV_A → BV_A_K1 → BV_A (dòng 3).",
        ),
    ]


def test_import_units_outside_scope_for_a_unit_officer(cast: Cast, org: Org) -> None:
    rows = [
        ["BV_B_K2", "Khoa B2", "Khoa", "BV_B", None],
        ["BV_B_K1", "Khoa Nội B1 mới", "", "BV_B", None],
    ]

    job = import_units(cast[Role.UNIT_OFFICER], rows)

    assert errors_of(job) == [
        (2, "Mã đơn vị cấp trên", "Bạn không có quyền đặt đơn vị vào đơn vị cấp trên “BV_B”."),
        (3, "Mã đơn vị", "Đơn vị “BV_B_K1” nằm ngoài phạm vi bạn được cập nhật."),
    ]
    org.b1.refresh_from_db()
    assert (org.b1.name, Unit.objects.filter(code="BV_B_K2").exists()) == ("Khoa Nội B1", False)


def test_import_units_duplicate_codes_and_unknown_parent(cast: Cast) -> None:
    rows = [
        ["BV_A_K5", "Khoa 5", "Khoa", "BV_A", None],
        ["BV_A_K6", "Khoa 6", "Khoa", "KHONG_CO", None],
        ["bv_a_k5", "Khoa 5 bis", "Khoa", "BV_A", None],
    ]

    job = import_units(cast[Role.UNIT_OFFICER], rows)

    assert errors_of(job) == [
        (2, "Mã đơn vị", "Mã đơn vị “BV_A_K5” bị trùng: cũng có ở dòng 4."),
        (
            3,
            "Mã đơn vị cấp trên",
            "Không tìm thấy đơn vị cấp trên có mã “KHONG_CO” (không có trong hệ thống, cũng "
            "không khai trong tệp).",
        ),
        (4, "Mã đơn vị", "Mã đơn vị “BV_A_K5” bị trùng: cũng có ở dòng 2."),
    ]


def test_import_units_kind_must_fit_under_a_khoa(cast: Cast) -> None:
    job = import_units(
        cast[Role.UNIT_OFFICER], [["BV_A_K1_X", "Bệnh viện con", "Bệnh viện", "BV_A_K1", None]]
    )

    assert errors_of(job) == [
        (2, "Loại", "Dưới một khoa, phòng hoặc trạm chỉ có thể đặt khoa, phòng hoặc trạm.")
    ]


ABBREVIATED = [*UNIT_HEADERS, "Chữ viết tắt"]


def test_import_units_sets_changes_and_clears_abbreviations(cast: Cast, org: Org) -> None:
    Unit.objects.filter(pk=org.b.pk).update(abbreviation="BVB")
    admin = cast[Role.DEPT_OFFICER]
    rows = [
        ["BV_C", "Bệnh viện C", "Bệnh viện", "SYT", 5, "bvc"],
        ["BV_A", "Bệnh viện A", "", "SYT", 0, " bva "],
        ["BV_B", "Bệnh viện B", "", "SYT", 0, None],
    ]

    job = import_units(admin, rows, headers=ABBREVIATED)

    assert (job.status, job.created_count, job.updated_count) == (ImportStatus.SUCCEEDED, 1, 2)
    assert dict(
        Unit.objects.filter(code__startswith="BV_").values_list("code", "abbreviation")
    ) == {
        "BV_A": "BVA",
        "BV_A_K1": "",
        "BV_A_K2": "",
        "BV_B": "",
        "BV_B_K1": "",
        "BV_C": "BVC",
    }
    changes = {
        entry.target_repr: entry.changes
        for entry in AuditEntry.objects.filter(target_type="organizations.unit", actor=admin)
    }
    assert changes["Bệnh viện A"] == {"abbreviation": ["", "BVA"]}
    assert changes["Bệnh viện B"] == {"abbreviation": ["BVB", ""]}
    assert changes["Bệnh viện C"]["abbreviation"] == [None, "BVC"]


def test_import_units_without_the_column_keeps_abbreviations(cast: Cast, org: Org) -> None:
    Unit.objects.filter(pk=org.a.pk).update(abbreviation="BVA")

    job = import_units(cast[Role.DEPT_OFFICER], [["BV_A", "Bệnh viện A mới", "", "SYT", 0]])

    assert job.updated_count == 1
    assert Unit.objects.values_list("name", "abbreviation").get(pk=org.a.pk) == (
        "Bệnh viện A mới",
        "BVA",
    )


def test_import_units_bad_abbreviation_is_a_row_error_and_writes_nothing(cast: Cast) -> None:
    rows = [
        ["BV_A_K5", "Khoa 5", "Khoa", "BV_A", None, "K5"],
        ["BV_A_K6", "Khoa 6", "Khoa", "BV_A", None, "K 6"],
        ["BV_A_K7", "Khoa 7", "Khoa", "BV_A", None, "K/7"],
    ]

    job = import_units(cast[Role.UNIT_OFFICER], rows, headers=ABBREVIATED)

    message = "Chữ viết tắt không được chứa dấu cách hoặc dấu “/” (ví dụ: SYT, BVĐKĐĐ)."
    assert job.status == ImportStatus.FAILED
    assert errors_of(job) == [(3, "Chữ viết tắt", message), (4, "Chữ viết tắt", message)]
    assert not Unit.objects.filter(code__in=["BV_A_K5", "BV_A_K6", "BV_A_K7"]).exists()
