"""Browser journey of the plan content (system Chromium): the department builds an area and a
criterion inline on the tree, adds a formula indicator after trying the formula, and sets its
yearly targets. The `page` fixture fails the test on any JavaScript error or CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator, YearlyTarget
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
)

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_2fa(settings):
    settings.THIDUA_2FA_REQUIRED = False


def test_department_builds_criteria_and_a_formula_indicator(page, cast, org):
    movement = make_movement(org.root, name="Thi đua chuyển đổi số ngành Y tế")
    existing = make_criterion(make_area(movement, "ND1", name="Chuyển đổi số cơ quan"), "1", 60)
    make_indicator(existing, "TTHC_TONG", value_type=ValueType.COUNT, name="Tổng số thủ tục")
    make_indicator(existing, "TTHC_TT", value_type=ValueType.COUNT, name="Thủ tục trực tuyến")
    login(page, cast["dept_officer"].username)
    page.wait_for_url("**/")
    page.goto(f"/phong-trao/{movement.pk}/tieu-chi/")
    expect(
        page.get_by_text("Tổng điểm tối đa các tiêu chí cấp 1 là 60, phải bằng 100.")
    ).to_be_visible()

    # An area, inline: the form opens in place, a cancel closes it, a save re-renders the tree.
    page.get_by_role("link", name="Thêm nhóm giải pháp").click()
    slot = page.locator("#slot-moi")
    expect(slot.get_by_label("Loại")).to_be_focused()
    slot.get_by_role("link", name="Hủy").click()
    expect(slot).to_be_hidden()
    page.get_by_role("link", name="Thêm nội dung thi đua").click()
    htmx_idle(page)
    slot.get_by_label("Mã").fill("nd2")
    slot.get_by_label("Tên nội dung").fill("Xã hội số, Bình dân học vụ số")
    slot.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm “Xã hội số, Bình dân học vụ số”.")).to_be_visible()

    # A criterion in the new area, inline, with points typed Vietnamese-style.
    section = page.locator("section", has_text="Xã hội số, Bình dân học vụ số")
    section.get_by_role("link", name="Tiêu chí").click()
    htmx_idle(page)
    section.get_by_label("Mã tiêu chí").fill("2")
    section.get_by_label("Tên tiêu chí").fill("Kỹ năng số của cán bộ")
    section.get_by_label("Điểm tối đa").fill("40,0")
    section.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã thêm tiêu chí 2.")).to_be_visible()
    expect(page.get_by_text("Điểm các tiêu chí đã khớp")).to_be_visible()
    screenshot(page, "criteria-tree")

    # Choosing another area on a criterion form offers that area's criteria as parents.
    page.get_by_role("link", name="Sửa tiêu chí 2").click()
    form = page.locator("form", has=page.get_by_label("Tiêu chí cấp trên"))
    expect(form.get_by_label("Tiêu chí cấp trên").locator("option")).to_have_count(1)
    htmx_idle(page)
    form.get_by_label("Thuộc nội dung").select_option(label="ND1. Chuyển đổi số cơ quan")
    expect(form.get_by_label("Tiêu chí cấp trên").locator("option")).to_have_text(
        ["— Không có (tiêu chí cấp 1) —", "1. Tiêu chí 1"]
    )
    form.get_by_role("link", name="Hủy").click()
    expect(form).to_have_count(0)

    # Deleting asks first; a refusal would come back the same way, above the tree.
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("link", name="Xóa tiêu chí 2").click()
    expect(page.get_by_text("Đã xóa tiêu chí 2.")).to_be_visible()
    expect(
        page.get_by_text("Tổng điểm tối đa các tiêu chí cấp 1 là 60, phải bằng 100.")
    ).to_be_visible()

    # A formula indicator: try the formula first (htmx), then save.
    page.locator("#tc-" + str(existing.pk)).get_by_role("link", name="Thêm chỉ tiêu vào 1").click()
    page.get_by_label("Mã chỉ tiêu").fill("TY_LE_TT")
    page.get_by_label("Tên chỉ tiêu").fill("Tỉ lệ thủ tục trực tuyến toàn trình")
    page.get_by_label("Kiểu giá trị").select_option("percentage")
    page.get_by_label("Đơn vị tính").fill("%")
    page.get_by_label("Trung bình theo số người").check()
    page.get_by_label("Công thức").fill("TTHC_TT / TTHC_TONG * 100")
    page.get_by_role("button", name="Thử công thức").click()
    page.locator("#mau-TTHC_TONG").fill("8")
    page.locator("#mau-TTHC_TT").fill("0")
    page.get_by_role("button", name="Thử công thức").click()
    expect(page.locator(".td-trial-value")).to_have_text("0")
    page.locator("#mau-TTHC_TONG").fill("0")
    page.get_by_role("button", name="Thử công thức").click()
    expect(page.get_by_text("Chia cho 0 khi tính công thức.")).to_be_visible()
    page.locator("#mau-TTHC_TONG").fill("8")
    page.locator("#mau-TTHC_TT").fill("2,5")
    page.get_by_role("button", name="Thử công thức").click()
    expect(page.locator(".td-trial-value")).to_have_text("31,25")
    screenshot(page, "criteria-indicator-form")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(r"/chi-tieu/\d+/$"))

    # Its yearly targets, 2025–2030 on one form.
    page.get_by_role("link", name="Chỉ tiêu theo năm").click()
    page.get_by_label("Năm 2026 (%)").fill("62,5")
    page.get_by_label("Năm 2030 (%)").fill("100")
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu chỉ tiêu theo năm của TY_LE_TT.")).to_be_visible()
    screenshot(page, "criteria-indicator-detail")

    indicator = Indicator.objects.get(code="TY_LE_TT")
    assert (indicator.formula, indicator.aggregation) == ("TTHC_TT / TTHC_TONG * 100", "avg_staff")
    assert sorted(YearlyTarget.objects.values_list("year", flat=True)) == [2026, 2030]
