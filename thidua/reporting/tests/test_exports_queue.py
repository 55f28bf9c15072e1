"""Approval queue export (/bao-cao/cho-duyet/xuat-excel/): the queue's reports with the page's
filters, every page, formula-safe, scoped, audited, constant query count."""

import datetime as dt
import io
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from openpyxl import load_workbook

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.models import Unit
from thidua.organizations.tests.factories import UserFactory, grant, make_unit
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report
from thidua.reporting.tests.factories import Plan, make_complete_report, make_plan

URL = "/bao-cao/cho-duyet/xuat-excel/"
SUBMITTED = dt.datetime(2026, 4, 6, 14, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
HEADERS = (
    "STT",
    "Mã đơn vị",
    "Tên đơn vị",
    "Mã phong trào",
    "Phong trào",
    "Kỳ báo cáo",
    "Trạng thái",
    "Chờ duyệt ở cấp",
    "Nộp muộn",
    "Đã sửa sau khi duyệt",
    "Nộp lúc",
    "Người nộp",
)


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org: Org) -> Plan:
    return make_plan(org)


def _submitted(plan: Plan, unit: Unit, by: Any, level: int = 1, **fields: Any) -> Report:
    return make_complete_report(
        plan,
        unit,
        status=ReportStatus.SUBMITTED,
        pending_level=plan.levels[level],
        submitted_by=by,
        submitted_at=SUBMITTED,
        first_submitted_at=SUBMITTED,
        **fields,
    )


def _rows(response: Any) -> list[tuple[object, ...]]:
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    return [tuple(row) for row in sheet.iter_rows(values_only=True)]


def test_queue_export_writes_the_reports_awaiting_the_users_level(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    sender = UserFactory(username="nop", full_name="+84 Nguyễn Văn Nộp")
    Unit.objects.filter(pk=org.a2.pk).update(name="=1+1")
    _submitted(plan, org.a, sender, is_late=True)
    _submitted(plan, org.a2, sender)
    _submitted(plan, org.a1, sender, level=0)  # waiting for the Sở, not for the unit head
    client.force_login(cast[Role.UNIT_HEAD])

    response = client.get(URL)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith(
        'attachment; filename="danh-sach-bao-cao-cho-duyet-'
    )
    movement, period = plan.movement, plan.current
    assert _rows(response) == [
        HEADERS,
        (1, "BV_A", "Bệnh viện A", movement.code, movement.name, period.name, "Chờ duyệt",
         "Đơn vị", "Có", None, "06/04/2026 14:30", "'+84 Nguyễn Văn Nộp"),
        # Text a spreadsheet would run (=, +) comes out as text.
        (2, "BV_A_K2", "'=1+1", movement.code, movement.name, period.name, "Chờ duyệt",
         "Đơn vị", None, None, "06/04/2026 14:30", "'+84 Nguyễn Văn Nộp"),
    ]  # fmt: skip


def test_queue_export_has_the_reports_of_the_page_for_the_same_filters(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    _submitted(plan, org.a, officer, level=1)
    later = _submitted(plan, org.b, officer, level=0)
    # Sent after BV_A: the order does not rest on how a database sorts the units' paths.
    Report.objects.filter(pk=later.pk).update(submitted_at=SUBMITTED + dt.timedelta(minutes=5))
    make_complete_report(plan, org.a1, status=ReportStatus.APPROVED)
    client.force_login(cast[Role.DEPT_OFFICER])

    for filters in ({}, {"q": "BV_B"}, {"trang_thai": "approved"}, {"trang_thai": "all"}):
        page = client.get("/bao-cao/cho-duyet/", filters)
        rows = _rows(client.get(URL, filters))

        listed = [row["report"].unit.code for row in page.context["rows"]]
        assert [row[1] for row in rows[1:]] == listed, filters
    # "all": the approved report (never submitted here) first, then by submission.
    assert [row[1] for row in rows[1:]] == ["BV_A_K1", "BV_A", "BV_B"]


def test_queue_export_of_a_unit_officer_has_none_of_another_units_reports(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    officer_b = UserFactory(username="officer_b")
    grant(officer_b, Role.UNIT_OFFICER, org.b)
    _submitted(plan, org.a, cast[Role.UNIT_OFFICER])
    _submitted(plan, org.b, officer_b)
    _submitted(plan, org.b1, officer_b)
    client.force_login(cast[Role.UNIT_OFFICER])

    rows = _rows(client.get(URL, {"trang_thai": "all"}))

    assert [row[1] for row in rows[1:]] == ["BV_A"]


def test_queue_export_is_403_without_reading_reports(client: Client, cast: Cast) -> None:
    client.force_login(cast[Role.COUNCIL_MEMBER])

    response = client.get(URL)

    assert response.status_code == 403
    assert not AuditEntry.objects.filter(action=AuditAction.EXPORT).exists()


def test_queue_export_is_audited_with_filters_and_row_count(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    _submitted(plan, org.a1, cast[Role.UNIT_OFFICER])
    _submitted(plan, org.a2, cast[Role.UNIT_OFFICER])
    client.force_login(cast[Role.UNIT_HEAD])

    client.get(URL, {"phong_trao": plan.movement.pk, "q": "khoa"})

    entry = AuditEntry.objects.get(action=AuditAction.EXPORT)
    assert entry.actor == cast[Role.UNIT_HEAD]
    assert entry.target_type == "reporting.report"
    assert entry.unit_path == org.a.path
    assert entry.changes == {
        "filters": [
            None,
            f"trạng thái: Chờ tôi duyệt, phong trào: {plan.movement.name}, tìm: khoa",
        ],
        "rows": [None, 2],
    }


def test_queue_export_button_carries_the_filters(
    client: Client, cast: Cast, org: Org, plan: Plan
) -> None:
    _submitted(plan, org.a, cast[Role.UNIT_OFFICER])
    client.force_login(cast[Role.DEPT_OFFICER])

    html = client.get("/bao-cao/cho-duyet/", {"trang_thai": "all", "page": "1"}).content.decode()

    assert f'href="{URL}?trang_thai=all" data-export-link' in html


@pytest.mark.parametrize("count", [2, 20])
def test_queue_export_query_count_does_not_grow_with_reports(
    client: Client,
    cast: Cast,
    org: Org,
    plan: Plan,
    count: int,
    django_assert_max_num_queries: Any,
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    for index in range(count):
        unit = make_unit(f"BV_A_K{index + 10}", f"Khoa {index}", parent=org.a)
        _submitted(plan, unit, officer, level=index % 2)
    client.force_login(cast[Role.DEPT_OFFICER])
    client.get("/")

    with django_assert_max_num_queries(9):
        response = client.get(URL, {"phong_trao": plan.movement.pk})

    assert len(_rows(response)) == 1 + count
