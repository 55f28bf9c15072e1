"""Browser journey of the audit trail (system Chromium): an inspector filters by date and opens
the Excel export. The `page` fixture fails the test on any JavaScript error or CSP violation."""

import datetime as dt
import io
import zoneinfo
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from thidua.browser_testing import login, screenshot
from thidua.core.models import AuditAction, AuditEntry

pytestmark = [pytest.mark.browser]

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")


def test_inspector_filters_the_trail_by_date_and_exports_it(page, cast, org):
    AuditEntry.objects.all().delete()
    for day, name in [(4, "Khoa Nội A1 cũ"), (5, "Khoa Nội A1")]:
        AuditEntry.objects.create(
            at=dt.datetime(2026, 3, day, 10, 30, tzinfo=HANOI),
            actor_name="Trần Văn Quản",
            action=AuditAction.UPDATE,
            target_type="organizations.unit",
            target_id=str(org.a1.pk),
            target_repr=name,
            unit_path=org.a1.path,
            changes={"name": ["Khoa Nội A1 cũ", name], "parent": [org.b.pk, org.a.pk]},
            reason="Sắp xếp lại khoa",
        )
    login(page, cast["inspector"].username)
    page.wait_for_url("**/")

    page.get_by_role("link", name="Nhật ký", exact=True).click()
    page.get_by_label("Từ ngày").fill("05/03/2026")
    page.get_by_label("Đến ngày").fill("05/03/2026")
    page.get_by_role("button", name="Lọc").click()
    page.wait_for_url("**date_from=05%2F03%2F2026**")
    screenshot(page, "audit-list")
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất Excel").click()

    assert page.locator("tbody tr").count() == 1
    expect(page.get_by_text("Đơn vị cấp trên").first).to_be_visible()
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).worksheets[0]
    assert [row[5] for row in sheet.iter_rows(min_row=2, values_only=True)] == ["Khoa Nội A1"]
