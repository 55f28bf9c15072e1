"""Editing a document template in a browser: the department officer opens the template from
the menu, types an unknown placeholder and sees the error at the field, inserts a known one by
clicking it, saves, and finds the new version in the history."""

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.documents.models import DocumentTemplate
from thidua.documents.tests.conftest import TEST_KEY

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _settings(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


def test_officer_fixes_an_unknown_placeholder_and_saves_the_template(
    page: Page, cast: Any, org: Any, test_template: Any
) -> None:
    officer = cast[Role.DEPT_OFFICER]
    login(page, officer.username)
    page.get_by_role("button", name="Văn bản").click()
    page.get_by_role("link", name="Mẫu văn bản").click()
    page.get_by_role("link", name="Quyết định công nhận sáng kiến (thử nghiệm)").click()
    article = page.get_by_label("Điều 1")

    article.fill("Công nhận {{khong_co}} sáng kiến năm ")
    page.get_by_role("button", name="Lưu phiên bản mới").click()

    error = page.locator('[data-field-error="article_1"]')
    expect(error).to_have_text(
        "Không có trường trộn {{khong_co}}. Các trường dùng được: {{so_luong}}, {{nam}}."
    )
    expect(page.get_by_label("Điều 1")).to_have_value("Công nhận {{khong_co}} sáng kiến năm ")
    screenshot(page, "documents-template-error")
    assert DocumentTemplate.objects.count() == 0

    article = page.get_by_label("Điều 1")
    article.fill("Công nhận {{so_luong}} sáng kiến năm ")
    article.press("End")
    page.locator('[data-insert="{{nam}}"]').click()
    expect(article).to_have_value("Công nhận {{so_luong}} sáng kiến năm {{nam}}")
    page.get_by_label("Ghi chú thay đổi").fill("Bỏ trường trộn sai")
    page.get_by_role("button", name="Lưu phiên bản mới").click()

    expect(page.get_by_role("alert").filter(has_text="phiên bản 1")).to_be_visible()
    history = page.locator("[data-history]")
    expect(history).to_contain_text("Phiên bản 1")
    expect(history).to_contain_text("Bỏ trường trộn sai")
    expect(history.locator("ins")).to_contain_text(["Công nhận {{so_luong}} sáng kiến năm {{nam}}"])
    expect(page.locator('[data-field-error="article_1"]')).to_have_count(0)
    screenshot(page, "documents-template-saved")
    saved = DocumentTemplate.objects.get(key=TEST_KEY)
    assert saved.texts["article_1"] == "Công nhận {{so_luong}} sáng kiến năm {{nam}}"
