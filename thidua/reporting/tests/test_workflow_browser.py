"""Browser journey of the approval workflow (system Chromium): the unit officer submits, the
unit head approves from the queue, the department officer returns the report with a reason
(htmx form, refused empty first), the officer sees the reason and submits again; approved to
the end, then the approval is revoked with a reason. The `page` fixture fails on any JS error
or CSP violation."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import Report
from thidua.reporting.services.workflow import grant_exception
from thidua.reporting.tests.factories import make_complete_report, make_plan

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def people(cast):
    names = {
        Role.UNIT_OFFICER: "Nguyễn Thị Lan",
        Role.UNIT_HEAD: "Trần Văn Minh",
        Role.DEPT_OFFICER: "Lê Thu Hà",
    }
    for role, name in names.items():
        cast[role].full_name = name
        cast[role].save()
    return cast


def _as(page, user):
    page.context.clear_cookies()
    login(page, user.username)
    page.wait_for_url("**/")


def test_submit_approve_return_resubmit_approve_and_revoke(page, people, org):
    page.on("dialog", lambda dialog: dialog.accept())
    plan = make_plan(org)
    report = make_complete_report(plan, org.a)
    url = f"/bao-cao/{report.pk}/"

    # The unit officer submits.
    _as(page, people[Role.UNIT_OFFICER])
    page.goto(url)
    screenshot(page, "report-detail-draft")
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_text("Đã nộp báo cáo; chờ cấp “Đơn vị” duyệt.").wait_for()

    # The unit head approves from the queue.
    _as(page, people[Role.UNIT_HEAD])
    page.goto("/bao-cao/cho-duyet/")
    screenshot(page, "approval-queue-unit-head")
    page.get_by_role("link", name="Xem").click()
    page.get_by_role("button", name="Duyệt (cấp Đơn vị)").click()
    page.get_by_text("Đã duyệt báo cáo ở cấp “Đơn vị”; chuyển cấp “Sở” duyệt.").wait_for()

    # The department officer returns it: the empty reason is refused in place, then sent.
    _as(page, people[Role.DEPT_OFFICER])
    page.goto(url)
    page.get_by_role("button", name="Trả lại…").click()
    # The panel has finished opening (Bootstrap adds "show" after its transition): a click
    # during the transition may land on a moving button.
    expect(page.locator("#khung-tra-lai")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_role("button", name="Xác nhận trả lại").click()
    htmx_idle(page)
    page.get_by_text("Hãy nêu lý do để đơn vị biết cần sửa gì.").wait_for()
    page.get_by_label("Lý do trả lại").fill("Số thủ tục trực tuyến chưa khớp Cổng dịch vụ công.")
    screenshot(page, "report-detail-return-form")
    page.get_by_role("button", name="Xác nhận trả lại").click()
    page.get_by_text("Đã trả lại báo cáo cho đơn vị, kèm lý do.").wait_for()

    # The officer sees the reason and submits again.
    _as(page, people[Role.UNIT_OFFICER])
    page.goto(url)
    reason = page.locator("#ly-do")
    reason.get_by_text("Số thủ tục trực tuyến chưa khớp Cổng dịch vụ công.").wait_for()
    assert "Lê Thu Hà" in reason.inner_text()
    screenshot(page, "report-detail-returned")
    page.get_by_role("button", name="Nộp báo cáo").click()
    page.get_by_text("Đã nộp báo cáo; chờ cấp “Đơn vị” duyệt.").wait_for()

    # Approved to the end.
    _as(page, people[Role.UNIT_HEAD])
    page.goto(url)
    page.get_by_role("button", name="Duyệt (cấp Đơn vị)").click()
    page.get_by_text("chuyển cấp “Sở” duyệt").wait_for()
    _as(page, people[Role.DEPT_OFFICER])
    page.goto("/bao-cao/cho-duyet/")
    page.get_by_label("Chọn báo cáo của Bệnh viện A").check()
    screenshot(page, "approval-queue-department")
    page.get_by_role("button", name="Duyệt các báo cáo đã chọn").click()
    page.get_by_text("Đã duyệt 1 báo cáo.").wait_for()
    assert Report.objects.get().status == ReportStatus.APPROVED

    # Revoked with a reason.
    page.goto(url)
    page.get_by_role("button", name="Hủy duyệt…").click()
    expect(page.locator("#khung-huy-duyet")).to_have_class(re.compile(r"\bshow\b"))
    page.get_by_label("Lý do hủy duyệt").fill("Thanh tra phát hiện sai số liệu diễn tập.")
    page.get_by_role("button", name="Xác nhận hủy duyệt").click()
    page.get_by_text("Đã hủy duyệt báo cáo; báo cáo trở lại cho đơn vị sửa, kèm lý do.").wait_for()
    screenshot(page, "report-detail-revoked")
    assert Report.objects.get().status == ReportStatus.RETURNED
    history = page.locator("#lich-su").locator("xpath=..").inner_text()
    assert "Thanh tra phát hiện sai số liệu diễn tập." in history


def test_department_grants_an_exception_after_the_lock_date(page, people, org):
    plan = make_plan(org)
    until = timezone.localdate() + dt.timedelta(days=5)
    grant_exception(
        period=plan.previous,
        unit=org.b,
        until=until,
        reason="Bệnh viện chuyển đổi phần mềm quản lý.",
        by=people[Role.DEPT_OFFICER],
    )
    _as(page, people[Role.DEPT_OFFICER])
    page.goto(f"/bao-cao/ky/{plan.previous.pk}/gia-han/")

    page.get_by_role("combobox", name="Đơn vị").select_option(label="Bệnh viện A")
    page.get_by_label("Cho phép nhập, nộp đến ngày").fill(f"{until:%d/%m/%Y}")
    page.get_by_label("Lý do gia hạn").fill("Mất điện kéo dài tại trung tâm dữ liệu.")
    page.get_by_role("button", name="Gia hạn", exact=True).click()

    page.get_by_text(f"Đã cho phép Bệnh viện A nhập, nộp báo cáo {plan.previous.name}").wait_for()
    screenshot(page, "entry-exceptions")
