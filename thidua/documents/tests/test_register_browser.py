"""The register and the verification page in a browser: an officer searches the register
without diacritics (htmx updates the results), opens the public page of a document's code."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.accounts.roles import Role
from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.documents.tests.issuing_support import issue

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.THIDUA_2FA_REQUIRED = False


def test_officer_searches_the_register_and_verifies_a_code(page: Page, cast: Any, org: Any) -> None:
    officer = cast[Role.DEPT_OFFICER]
    issue(officer, org.a.path, summary="Về việc công nhận sáng kiến cấp cơ sở năm 2026")
    wanted = issue(officer, org.b.path, summary="Về việc khen thưởng Bệnh viện Đống Đa")
    login(page, officer.username)

    page.goto("/van-ban/")
    expect(page.get_by_text("2 văn bản")).to_be_visible()
    page.get_by_label("Tìm").fill("khen thuong dong da")
    htmx_idle(page)

    expect(page.get_by_text("1 văn bản khớp")).to_be_visible()
    rows = page.locator("#register-results tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("02/QĐ-SYT")
    screenshot(page, "documents-register")

    page.get_by_role("link", name=wanted.verification_code).click()
    expect(page.get_by_role("heading", name="Xác thực văn bản")).to_be_visible()
    expect(page.get_by_text("Văn bản do hệ thống Thi Đua Số phát hành")).to_be_visible()
    expect(page.locator("dl")).to_contain_text("Về việc khen thưởng Bệnh viện Đống Đa")
    screenshot(page, "documents-verify")
