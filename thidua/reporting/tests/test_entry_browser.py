"""Browser journey of data entry (system Chromium): a unit officer opens the entry page, types
values, sees the computed percentage and the points update without a reload, uploads a PDF as
evidence, reloads and finds everything saved. The `page` fixture fails on any JS error or CSP
violation."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import SCREENSHOT_DIR, htmx_idle, login, screenshot
from thidua.organizations.tests.factories import PersonFactory
from thidua.reporting.models import Evidence, ReportValue
from thidua.reporting.services.entry import start_report
from thidua.reporting.tests.factories import make_plan, make_report

pytestmark = [pytest.mark.browser]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


def test_unit_officer_enters_values_sees_points_and_attaches_evidence(page, cast, org, tmp_path):
    plan = make_plan(org)
    for _ in range(40):
        PersonFactory(unit=org.a1)
    make_report(plan, org.a, period=plan.previous, values={"CB_DAO_TAO": "10", "SU_CO": "1"})
    officer = cast[Role.UNIT_OFFICER]
    report = start_report(period=plan.current, unit=org.a, by=officer)
    ids = {code: indicator.pk for code, indicator in plan.indicators.items()}
    login(page, officer.username)
    page.wait_for_url("**/")

    page.goto(f"/bao-cao/{report.pk}/nhap/")
    page.get_by_label("Tổng số thủ tục hành chính").press_sequentially("200")
    htmx_idle(page)
    page.get_by_label("Số thủ tục trực tuyến toàn trình").press_sequentially("170")
    expect(page.locator(f"#val-{ids['TL_DVC']}")).to_have_text("85\u00a0%")
    expect(page.locator(f"#pts-{ids['TL_DVC']}")).to_have_text("40")
    page.get_by_label("Số cán bộ được đào tạo kỹ năng số").press_sequentially("25")
    expect(page.locator(f"#pts-{ids['CB_DAO_TAO']}")).to_have_text("10")
    expect(page.locator("#points-total-value")).to_have_text("50")
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    page.get_by_label("Tổ chức diễn tập an toàn thông tin").select_option(label="Có")
    expect(page.locator("#points-total-value")).to_have_text("90")
    page.get_by_label("Số sự cố mất an toàn thông tin").press_sequentially("0")
    expect(page.locator("#issues")).to_contain_text("0 so với 1 kỳ trước")
    page.get_by_label("Giải trình cho SU_CO").fill("Không còn sự cố nhờ nâng cấp tường lửa")
    page.get_by_role("button", name="Lưu giải trình").click()
    expect(page.locator("#issues")).to_contain_text("Đã giải trình")
    expect(page.locator("#issues")).to_contain_text("Chưa đính kèm minh chứng bắt buộc")

    pdf = tmp_path / "ke-hoach-dien-tap.pdf"
    pdf.write_bytes(PDF)
    page.get_by_label("Minh chứng cho").select_option(
        label="DIEN_TAP — Tổ chức diễn tập an toàn thông tin (bắt buộc)"
    )
    page.get_by_label("Tệp minh chứng").set_input_files(str(pdf))
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_text("Đã đính kèm minh chứng “ke-hoach-dien-tap”.").wait_for()
    screenshot(page, "reporting-entry")

    page.reload()
    expect(page.get_by_label("Tổng số thủ tục hành chính")).to_have_value("200")
    expect(page.get_by_label("Số thủ tục trực tuyến toàn trình")).to_have_value("170")
    expect(page.get_by_label("Số cán bộ được đào tạo kỹ năng số")).to_have_value("25")
    expect(page.locator(f"#val-{ids['TL_DVC']}")).to_have_text("85\u00a0%")
    expect(page.locator("#issues")).not_to_contain_text("Chưa đính kèm minh chứng bắt buộc")
    expect(page.locator("#submit-help")).to_have_text("Số liệu đã đủ để nộp.")
    expect(page.get_by_role("link", name="ke-hoach-dien-tap")).to_be_visible()
    values = {
        row.indicator.code: row.value
        for row in ReportValue.objects.filter(report=report).select_related("indicator")
    }
    assert (values["DVC_TONG"], values["TL_DVC"], values["DIEN_TAP"]) == (
        Decimal(200),
        Decimal(85),
        Decimal(1),
    )
    assert Evidence.objects.get(report=report).indicator_id == ids["DIEN_TAP"]


def test_unit_uses_the_aggregate_of_its_khoa_and_a_second_editor_is_told(page, cast, org):
    plan = make_plan(org)
    for unit in (org.a1, org.a2):
        for _ in range(10):
            PersonFactory(unit=unit)
    make_report(plan, org.a1, values={"CB_DAO_TAO": "7", "DVC_TONG": "30"})
    make_report(plan, org.a2, values={"CB_DAO_TAO": "5", "DVC_TONG": "12"})
    officer = cast[Role.UNIT_OFFICER]
    report = start_report(period=plan.current, unit=org.a, by=officer)
    ids = {code: indicator.pk for code, indicator in plan.indicators.items()}
    login(page, officer.username)
    page.wait_for_url("**/")
    page.goto(f"/bao-cao/{report.pk}/nhap/")

    page.locator(f"#row-{ids['CB_DAO_TAO']}").get_by_role("button", name="Dùng số tổng hợp").click()
    expect(page.get_by_label("Số cán bộ được đào tạo kỹ năng số")).to_have_value("12")
    expect(page.locator(f"#pts-{ids['CB_DAO_TAO']}")).to_have_text("4,8")
    htmx_idle(page)
    # Someone else changes DVC_TONG after this page was loaded.
    ReportValue.objects.filter(report=report, indicator_id=ids["DVC_TONG"]).update(
        value=Decimal(99), revision=5, updated_by=cast[Role.SYSTEM_ADMIN]
    )
    page.get_by_label("Tổng số thủ tục hành chính").press_sequentially("42")
    expect(page.locator(f"#st-{ids['DVC_TONG']}")).to_contain_text("giá trị hiện tại là “99”")
    # caret="initial": hiding the caret of the focused input injects a style the CSP refuses.
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(
        path=str(SCREENSHOT_DIR / "reporting-entry-khoa-conflict.png"),
        full_page=True,
        caret="initial",
    )
    page.get_by_role("button", name="Tải lại giá trị hiện tại").click()
    expect(page.get_by_label("Tổng số thủ tục hành chính")).to_have_value("99")
    assert ReportValue.objects.get(report=report, indicator_id=ids["DVC_TONG"]).value == 99


def test_entry_page_on_a_phone_keeps_every_input_on_screen(page, cast, org, tmp_path):
    plan = make_plan(org)
    officer = cast[Role.UNIT_OFFICER]
    report = start_report(period=plan.current, unit=org.a, by=officer)
    pdf = tmp_path / "minh-chung.pdf"
    pdf.write_bytes(PDF)
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, officer.username)
    page.wait_for_url("**/")

    page.goto(f"/bao-cao/{report.pk}/nhap/")
    page.get_by_label("Tệp minh chứng").set_input_files(str(pdf))
    page.get_by_role("button", name="Tải lên").click()
    page.get_by_text("Đã đính kèm minh chứng").wait_for()
    total = page.get_by_label("Tổng số thủ tục hành chính")
    total.press_sequentially("200")
    htmx_idle(page)

    box = total.bounding_box()
    assert box is not None
    assert box["x"] >= 0
    assert box["x"] + box["width"] <= 390
    # Nothing widens the page (the evidence table scrolls inside its own box).
    assert page.evaluate("document.documentElement.scrollWidth") == 390
    expect(page.locator("#save-status")).to_contain_text("Đã lưu lúc")
    screenshot(page, "reporting-entry-phone")
