"""Accounts export (/tai-khoan-phan-quyen/xuat-excel/): the accounts the list shows a user
manager, one row per role assignment, formula-safe, scoped, audited, constant query count."""

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django_otp.plugins.otp_totp.models import TOTPDevice
from openpyxl import load_workbook

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.models import RoleAssignment, Unit
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

HEADERS = (
    "STT",
    "Tên đăng nhập",
    "Họ và tên",
    "Email",
    "Mã cán bộ",
    "Đơn vị công tác",
    "Trạng thái",
    "Xác thực 2 lớp",
    "Đăng nhập lần cuối",
    "Vai trò",
    "Đơn vị được giao",
    "Phạm vi",
    "Giao từ ngày",
)
URL = "/tai-khoan-phan-quyen/xuat-excel/"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
STAFF_ROLE = "Cán bộ, viên chức, người lao động"


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def _staff_account(unit: Unit, username: str, full_name: str) -> User:
    user = UserFactory(username=username, full_name=full_name)
    PersonFactory(unit=unit, user=user, full_name=full_name, staff_code=username.upper())
    grant(user, Role.STAFF, unit, subtree=False)
    RoleAssignment.objects.filter(user=user).update(
        granted_at=dt.datetime(2031, 1, 2, 8, 0, tzinfo=HANOI)
    )
    return user


def _rows(response: Any) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_account_export_writes_one_row_per_assignment(client: Client, cast: Cast, org: Org) -> None:
    binh = _staff_account(org.a2, "binh.tv", "=cmd|' /C calc'!A0")
    User.objects.filter(pk=binh.pk).update(last_login=dt.datetime(2031, 3, 5, 9, 15, tzinfo=HANOI))
    TOTPDevice.objects.create(user=binh, name="Điện thoại", confirmed=True)
    grant(binh, Role.STAFF, org.a1, subtree=True)
    RoleAssignment.objects.filter(user=binh, unit=org.a1).update(
        granted_at=dt.datetime(2031, 2, 1, 8, 0, tzinfo=HANOI)
    )
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(URL, {"q": "binh"})

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith(
        'attachment; filename="danh-sach-tai-khoan-phan-quyen-'
    )
    common = (
        "binh.tv",
        "'=cmd|' /C calc'!A0",  # a name typed as a formula is text in Excel, never run
        "binh.tv@example.vn",
        "BINH.TV",
        "Khoa Ngoại A2",
        "Hoạt động",
        "Bật",
        "05/03/2031 09:15",
    )
    assert _rows(response) == [
        HEADERS,
        (1, *common, STAFF_ROLE, "Khoa Nội A1", "Gồm đơn vị trực thuộc", "01/02/2031"),
        (2, *common, STAFF_ROLE, "Khoa Ngoại A2", "Chỉ đơn vị này", "02/01/2031"),
    ]


def test_account_export_has_the_accounts_of_the_list_page(
    client: Client, cast: Cast, org: Org
) -> None:
    _staff_account(org.a2, "binh.tv", "Trần Văn Bình")
    _staff_account(org.a1, "an.nv", "Nguyễn Văn An")
    admin = cast[Role.SYSTEM_ADMIN]
    client.force_login(admin)
    filters = {"unit": org.a.pk, "active": "1"}

    page = client.get("/tai-khoan-phan-quyen/", filters)
    rows = _rows(client.get(URL, filters))

    listed = [account.username for account in page.context["page"]]
    exported = list(dict.fromkeys(row[1] for row in rows[1:]))
    assert exported == listed
    # The unit-level cast holds their roles on BV_A: every account there, each assignment.
    assert len(rows) - 1 == sum(
        max(1, RoleAssignment.objects.filter(user__username=name).count()) for name in listed
    )


def test_account_export_writes_an_account_without_roles_once(
    client: Client, cast: Cast, org: Org
) -> None:
    user = UserFactory(username="moi.tao", full_name="Lê Mới Tạo")
    PersonFactory(unit=org.a1, user=user, full_name="Lê Mới Tạo", staff_code="MOI")
    client.force_login(cast[Role.UNIT_OFFICER])

    rows = _rows(client.get(URL, {"q": "moi.tao"}))

    assert rows[1:] == [
        (1, "moi.tao", "Lê Mới Tạo", "moi.tao@example.vn", "MOI", "Khoa Nội A1", "Hoạt động",
         "Tắt", "Chưa đăng nhập", None, None, None, None),
    ]  # fmt: skip


def test_account_export_of_a_unit_officer_has_none_of_another_units_accounts(
    client: Client, cast: Cast, org: Org
) -> None:
    _staff_account(org.a2, "binh.tv", "Trần Văn Bình")
    _staff_account(org.b1, "lan.lt", "Lê Thị Lan")
    client.force_login(cast[Role.UNIT_OFFICER])

    everything = _rows(client.get(URL))
    other_unit = _rows(client.get(URL, {"unit": org.b1.pk}))

    assert [row[1] for row in everything[1:]] == ["binh.tv", "staff"]
    assert {row[10] for row in everything[1:]} == {"Khoa Ngoại A2", "Khoa Nội A1"}
    assert "lan.lt" not in [row[1] for row in other_unit[1:]]


@pytest.mark.parametrize("role", [Role.DEPT_OFFICER, Role.UNIT_HEAD, Role.STAFF, None])
def test_account_export_is_403_for_who_may_not_manage_users(
    client: Client, cast: Cast, role: Role | None
) -> None:
    client.force_login(cast[role] if role else cast.nobody)

    response = client.get(URL)

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_account_export_is_audited_with_filters_and_row_count(
    client: Client, cast: Cast, org: Org
) -> None:
    _staff_account(org.a2, "binh.tv", "Trần Văn Bình")
    client.force_login(cast[Role.UNIT_OFFICER])

    client.get(URL, {"q": "binh", "role": Role.STAFF.value, "active": "1"})

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == cast[Role.UNIT_OFFICER]
    assert entry.target_type == "accounts.user"
    assert entry.unit_path == org.a.path
    assert entry.changes == {
        "filters": [None, f"tìm “binh”; vai trò {STAFF_ROLE}; đang hoạt động"],
        "rows": [None, 1],
    }


def test_account_export_button_carries_the_filters(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    html = client.get("/tai-khoan-phan-quyen/", {"q": "hoa", "page": "1"}).content.decode()

    assert 'href="/tai-khoan-phan-quyen/xuat-excel/?q=hoa" data-export-link' in html


@pytest.mark.parametrize("size", [2, 20])
def test_account_export_query_count_does_not_grow_with_accounts(
    client: Client, cast: Cast, org: Org, size: int, django_assert_max_num_queries: Any
) -> None:
    for number in range(size):
        user = _staff_account(org.a2, f"user{number:02d}", f"Người dùng {number}")
        TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)
        grant(user, Role.STAFF, org.a1)
    client.force_login(cast[Role.SYSTEM_ADMIN])
    client.get("/")

    with django_assert_max_num_queries(12):
        response = client.get(URL)

    assert len(_rows(response)) > 2 * size
