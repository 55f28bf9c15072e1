"""Browser journey of an Excel import (system Chromium): upload a file with errors, read them,
upload the corrected file; watch a background job's progress bar move and finish. The `page`
fixture fails the test on any JavaScript error or CSP violation."""

from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.organizations.enums import ImportKind, ImportStatus
from thidua.organizations.models import ImportJob, Person
from thidua.organizations.tests.import_files import PEOPLE_HEADERS, person_row, xlsx_bytes

pytestmark = [pytest.mark.browser]
# Each test asks for `transactional_db` before `page`, so that the live server shares the test
# database instead of opening SQLite connections of its own (see accounts' browser tests).


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path / "media"


def test_officer_fixes_a_file_from_the_error_report_and_imports_it(
    transactional_db: None, page: Any, cast: Any, tmp_path: Path
) -> None:
    wrong = tmp_path / "can-bo-loi.xlsx"
    wrong.write_bytes(
        xlsx_bytes(
            PEOPLE_HEADERS,
            [
                person_row("CB1", "Nguyễn Văn An", "BV_A_K1"),
                person_row("CB2", "Lê Thị Bình", "BV_B_K1"),
            ],
        )
    )
    right = tmp_path / "can-bo.xlsx"
    right.write_bytes(
        xlsx_bytes(
            PEOPLE_HEADERS,
            [
                person_row("CB1", "Nguyễn Văn An", "BV_A_K1"),
                person_row("CB2", "Lê Thị Bình", "BV_A_K2"),
            ],
        )
    )
    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")

    page.get_by_role("link", name="Nhập Excel", exact=True).click()
    page.wait_for_url("**/nhap-excel/")
    card = page.locator("section").filter(has_text="Cán bộ, viên chức, người lao động")
    card.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(wrong))
    card.get_by_role("button", name="Tải lên và nhập").click()
    page.wait_for_url("**/nhap-excel/*/")
    page.get_by_text("Đơn vị “BV_B_K1” nằm ngoài phạm vi bạn được cập nhật cán bộ.").wait_for()
    expect(page.get_by_role("link", name="Tải danh sách lỗi (Excel)")).to_be_visible()
    assert Person.objects.filter(staff_code__in=["CB1", "CB2"]).count() == 0
    screenshot(page, "import-errors")

    page.get_by_role("link", name="Tải lên tệp đã sửa").click()
    page.wait_for_url("**/nhap-excel/")
    card.get_by_label("Tệp Excel (.xlsx)").set_input_files(str(right))
    card.get_by_role("button", name="Tải lên và nhập").click()
    page.wait_for_url("**/nhap-excel/*/")
    page.locator("#trang-thai-nhap").get_by_text(
        "Đã nhập 2 dòng: 2 tạo mới, 0 cập nhật, 0 không thay đổi."
    ).wait_for()
    assert Person.objects.filter(staff_code__in=["CB1", "CB2"]).count() == 2
    screenshot(page, "import-done")

    page.get_by_role("link", name="Nhập tệp khác").click()
    page.wait_for_url("**/nhap-excel/")
    assert page.locator("tbody tr").count() == 2
    screenshot(page, "import-list")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "import-list-phone")


def test_progress_bar_polls_until_the_background_job_finishes(
    transactional_db: None, page: Any, cast: Any
) -> None:
    officer = cast[Role.UNIT_OFFICER]
    job = ImportJob.objects.create(
        kind=ImportKind.PEOPLE,
        original_name="nhieu-can-bo.xlsx",
        file="imports/x.xlsx",
        created_by=officer,
        status=ImportStatus.RUNNING,
        total_rows=2_000,
        processed_rows=500,
        started_at=timezone.now(),
    )
    login(page, officer.username)
    page.wait_for_url("**/")

    page.goto(f"/nhap-excel/{job.pk}/")
    bar = page.locator("#trang-thai-nhap .progress-bar")
    assert bar.inner_text() == "25%"
    # The width comes from data-progress through app.js (a style attribute in the HTML would
    # break the CSP); waiting uses Playwright's own polling, not an eval the CSP forbids.
    expect(bar).to_have_attribute("style", "width: 25%;")
    screenshot(page, "import-progress")
    ImportJob.objects.filter(pk=job.pk).update(processed_rows=1_500)
    expect(bar).to_have_attribute("style", "width: 75%;")
    assert bar.inner_text() == "75%"
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportStatus.SUCCEEDED,
        processed_rows=2_000,
        created_count=2_000,
        message="Đã nhập 2.000 dòng: 2.000 tạo mới, 0 cập nhật, 0 không thay đổi.",
        finished_at=timezone.now(),
    )

    page.get_by_text("Đã nhập 2.000 dòng: 2.000 tạo mới, 0 cập nhật, 0 không thay đổi.").wait_for()
    assert page.locator("[hx-trigger]").count() == 0
