"""Browser journey of the Excel bulk entry (system Chromium): a unit officer downloads the
template of the period, fills it, uploads it and reads the success message; a wrong file shows
its errors row by row. The `page` fixture fails on any JS error or CSP violation."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.conftest import Cast, Org
from thidua.reporting.enums import JobStatus
from thidua.reporting.models import ReportValue, ValuesImport
from thidua.reporting.tests.factories import make_plan
from thidua.reporting.tests.imports_support import fill, xlsx_bytes

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


def test_download_fill_upload_and_see_the_success_message(
    page: Page, cast: Cast, org: Org, tmp_path: Path
) -> None:
    plan = make_plan(org)
    login(page, cast[Role.UNIT_OFFICER].username)
    page.goto(f"/bao-cao/ky/{plan.current.pk}/nhap-excel/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Nhập số liệu {plan.current.name} từ Excel"
    )
    screenshot(page, "reporting-imports-period")

    with page.expect_download() as download_info:
        page.get_by_role("button", name=f"Tải tệp mẫu {plan.current.name}").click()
    template = Path(download_info.value.path()).read_bytes()
    filled = tmp_path / "so-lieu-da-dien.xlsx"
    filled.write_bytes(
        fill(
            template,
            {
                ("BV_A", "DVC_TONG"): "200",
                ("BV_A", "DVC_TRUC_TUYEN"): "150",
                ("BV_A", "CB_DAO_TAO"): "1.234",
                ("BV_A", "DIEN_TAP"): "Có",
            },
        )
    )
    page.get_by_label("Tệp Excel đã điền (.xlsx)").set_input_files(str(filled))
    page.get_by_role("button", name="Tải lên và nhập").click()

    expect(page.get_by_role("status")).to_contain_text(
        f"Đã nhập số liệu {plan.current.name} của 1 đơn vị: 4 giá trị được ghi, 1 báo cáo mới "
        "được tạo"
    )
    screenshot(page, "reporting-imports-succeeded")
    computed = ReportValue.objects.get(report__unit=org.a, indicator=plan.indicators["TL_DVC"])
    trained = ReportValue.objects.get(report__unit=org.a, indicator=plan.indicators["CB_DAO_TAO"])
    assert (computed.value, trained.value) == (Decimal("75.0000"), Decimal("1234.0000"))


def test_a_wrong_file_shows_its_errors_row_by_row(
    page: Page, cast: Cast, org: Org, tmp_path: Path
) -> None:
    plan = make_plan(org)
    wrong = tmp_path / "sai.xlsx"
    wrong.write_bytes(
        xlsx_bytes(
            ["Mã đơn vị", "Tên đơn vị", "CB_DAO_TAO", "SU_CO"],
            [["BV_A", "Bệnh viện A", "mười", -1], ["BV_B", "Bệnh viện B", 3, 0]],
        )
    )
    login(page, cast[Role.UNIT_OFFICER].username)
    page.goto(f"/bao-cao/ky/{plan.current.pk}/nhap-excel/")

    page.get_by_label("Tệp Excel đã điền (.xlsx)").set_input_files(str(wrong))
    page.get_by_role("button", name="Tải lên và nhập").click()

    expect(page.get_by_role("alert")).to_contain_text("Có 3 lỗi ở 2 dòng")
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(3)
    expect(rows.nth(0)).to_contain_text("Giá trị phải là một số, ví dụ 12,5.")
    expect(rows.nth(2)).to_contain_text("nằm ngoài phạm vi được giao")
    screenshot(page, "reporting-imports-failed")


def test_the_job_page_polls_its_progress_until_the_job_finishes(
    page: Page, cast: Cast, org: Org
) -> None:
    plan = make_plan(org)
    officer = cast[Role.UNIT_OFFICER]
    job = ValuesImport.objects.create(
        period=plan.current,
        original_name="so-lieu-lon.xlsx",
        file="report-imports/x.xlsx",
        created_by=officer,
        status=JobStatus.RUNNING,
        total_rows=150,
        processed_rows=60,
    )
    login(page, officer.username)
    page.goto(f"/bao-cao/nhap-excel/{job.pk}/")
    expect(page.get_by_role("progressbar")).to_have_attribute("aria-valuenow", "40")
    screenshot(page, "reporting-imports-running")

    ValuesImport.objects.filter(pk=job.pk).update(
        status=JobStatus.SUCCEEDED,
        processed_rows=150,
        written_values=4500,
        message="Đã nhập số liệu của 150 đơn vị.",
    )

    expect(page.get_by_role("status")).to_have_text("Đã nhập số liệu của 150 đơn vị.")
    expect(page.get_by_role("progressbar")).to_have_count(0)
