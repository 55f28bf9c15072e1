"""People export: the same filters and scope as the list, as an .xlsx, audited."""

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.enums import EmploymentKind, Gender
from thidua.organizations.tests.factories import PersonFactory

HEADERS = (
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Chức vụ",
    "Loại cán bộ",
    "Đơn vị",
    "Email",
    "Điện thoại",
)


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _rows(response: Any) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_person_export_writes_the_filtered_list(client: Client, cast: Cast, org: Org) -> None:
    PersonFactory(
        full_name="Nguyễn Đức Giang",
        staff_code="BVA002",
        unit=org.a2,
        gender=Gender.MALE,
        position="Trưởng khoa",
        employment_kind=EmploymentKind.CIVIL_SERVANT,
        date_of_birth=dt.date(1975, 7, 9),
        email="giang@bva.vn",
        phone="=1+2",
    )
    PersonFactory(full_name="Nguyễn Văn Bình", staff_code="BVB001", unit=org.b1)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/can-bo/xuat-excel/", {"q": "nguyen", "don_vi": org.a.pk})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith('attachment; filename="danh-sach-can-bo-')
    assert _rows(response) == [
        HEADERS,
        (
            1,
            "BVA002",
            "Nguyễn Đức Giang",
            "Nam",
            "09/07/1975",
            "Trưởng khoa",
            "Công chức",
            "Khoa Ngoại A2",
            "giang@bva.vn",
            "'=1+2",  # a formula typed into a field never runs in Excel
        ),
        (
            2,
            cast.staff_person.staff_code,
            "Nguyễn Thị Hoa",
            "Nữ",
            "17/05/1990",
            "Điều dưỡng",
            "Viên chức",
            "Khoa Nội A1",
            None,
            None,
        ),
    ]


def test_person_export_follows_the_sort_order(client: Client, cast: Cast, org: Org) -> None:
    PersonFactory(full_name="Trần An", staff_code="X1", unit=org.a1)
    PersonFactory(full_name="Lê Bình", staff_code="X2", unit=org.a1)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.get("/can-bo/xuat-excel/", {"q": "x", "sap_xep": "-ma"})

    assert [row[1] for row in _rows(response)[1:]] == ["X2", "X1"]


def test_person_export_of_a_unit_officer_stays_in_their_subtree(
    client: Client, cast: Cast, org: Org
) -> None:
    PersonFactory(full_name="Lê Thị Lan", staff_code="BVB001", unit=org.b1)
    client.force_login(cast[Role.UNIT_OFFICER])

    everything = client.get("/can-bo/xuat-excel/")
    other_unit = client.get("/can-bo/xuat-excel/", {"don_vi": org.b1.pk})

    assert [row[2] for row in _rows(everything)[1:]] == ["Nguyễn Thị Hoa"]
    assert [row[2] for row in _rows(other_unit)[1:]] == ["Nguyễn Thị Hoa"]


def test_person_export_is_audited_with_filters_and_row_count(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    client.get(
        "/can-bo/xuat-excel/",
        {"q": "hoa", "loc": "1", "don_vi": org.a.pk, "gioi_tinh": Gender.FEMALE},
    )

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == cast[Role.UNIT_OFFICER]
    assert entry.unit_path == org.a.path
    assert entry.changes == {
        "filters": [
            None,
            "tìm “hoa”; đơn vị Bệnh viện A (chỉ đơn vị này); giới tính Nữ; đang công tác",
        ],
        "rows": [None, 0],
    }


def test_person_export_is_403_without_the_permission(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.COUNCIL_MEMBER])

    response = client.get("/can-bo/xuat-excel/")

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_person_export_redirects_anonymous_users(client: Client, db: None) -> None:
    assert client.get("/can-bo/xuat-excel/").status_code == 302


def test_person_export_link_carries_the_current_filters(
    client: Client, cast: Cast, org: Org
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/can-bo/", {"q": "hoa", "page": "1"}).content.decode()

    assert 'href="/can-bo/xuat-excel/?q=hoa" data-export-link' in html
