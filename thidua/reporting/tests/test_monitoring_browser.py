"""Browser journeys of monitoring (system Chromium): the department officer follows a period's
completeness from the home page, filters it and changes the setup; a reminder reaches the unit
officer's bell, the notification opens the report. The `page` fixture fails on any JS error or
CSP violation."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.movements.tests.factories import make_scope
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Cluster, ClusterMember
from thidua.organizations.tests.factories import make_unit
from thidua.reporting.enums import ReportStatus
from thidua.reporting.models import EntryException, ReportingSetup
from thidua.reporting.services.reminders import send_reminders
from thidua.reporting.tests.factories import make_plan, make_report

pytestmark = [pytest.mark.browser]

TODAY = timezone.localdate()


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def _as(page, user):
    page.context.clear_cookies()
    login(page, user.username)
    page.wait_for_url("**/")


def _a_period_in_progress(org, cast):
    plan = make_plan(org)
    year = plan.current.year
    cluster = Cluster.objects.create(year=year, code="K1", name="Cụm bệnh viện đa khoa")
    names = [
        "Bệnh viện Đa khoa Đức Giang",
        "Bệnh viện Thanh Nhàn",
        "Bệnh viện Xanh Pôn",
        "Bệnh viện Đống Đa",
    ]
    units = []
    for number, name in enumerate(names):
        unit = make_unit(f"BV_{number}", name, parent=org.root, kind=UnitKind.HOSPITAL)
        make_scope(plan.movement, unit)
        ClusterMember.objects.create(cluster=cluster, unit=unit, year=year)
        units.append(unit)
    now = timezone.now()
    make_report(
        plan,
        org.a,
        status=ReportStatus.SUBMITTED,
        pending_level=plan.levels[1],
        submitted_at=now,
        first_submitted_at=now,
    )
    make_report(plan, units[0], status=ReportStatus.DRAFT)
    make_report(
        plan,
        units[1],
        status=ReportStatus.APPROVED,
        first_submitted_at=now,
        approved_at=now,
    )
    make_report(
        plan,
        units[2],
        status=ReportStatus.RETURNED,
        first_submitted_at=now,
        is_late=True,
    )
    EntryException.objects.create(
        period=plan.current, unit=units[3], until=TODAY + dt.timedelta(days=30),
        reason="Đơn vị sáp nhập, đổi cán bộ phụ trách", granted_by=cast[Role.DEPT_OFFICER],
    )  # fmt: skip
    return plan


def test_department_officer_follows_a_period_and_changes_the_setup(page, org, cast):
    plan = _a_period_in_progress(org, cast)

    _as(page, cast[Role.DEPT_OFFICER])
    page.goto("/bao-cao/")
    expect(page.get_by_text("2/6 đơn vị đã nộp (33%)")).to_be_visible()
    screenshot(page, "reporting-home-department")

    page.get_by_role("link", name="Xem tiến độ từng đơn vị").click()
    page.wait_for_url(f"**/bao-cao/tien-do/{plan.current.pk}/")
    expect(page.get_by_text("2/6 đơn vị đã nộp báo cáo (33%)")).to_be_visible()
    screenshot(page, "reporting-completeness")

    # Search without diacritics, then filter by state.
    page.get_by_label("Tìm đơn vị").fill("duc giang")
    page.get_by_role("button", name="Lọc").click()
    expect(page.locator("#bang-tien-do tbody tr")).to_have_count(1)
    expect(page.locator("#bang-tien-do tbody")).to_contain_text("Bệnh viện Đa khoa Đức Giang")
    page.get_by_label("Tìm đơn vị").fill("")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_role("link", name="Bị trả lại 1").click()
    expect(page.locator("#bang-tien-do tbody tr")).to_have_count(1)
    expect(page.locator("#bang-tien-do tbody")).to_contain_text("Bệnh viện Xanh Pôn")

    # The cluster filter submits itself.
    page.get_by_role("link", name="Tất cả 6").click()
    page.get_by_label("Cụm, khối thi đua").select_option(label="Cụm bệnh viện đa khoa")
    page.wait_for_url("**cum=*")
    expect(page.locator("#bang-tien-do tbody tr")).to_have_count(4)

    # The setup: reminders 5 and 2 days before, overdue every 2 days.
    page.goto("/bao-cao/")
    page.get_by_role("link", name="Thiết lập báo cáo").click()
    page.get_by_label("Nhắc trước hạn nộp (số ngày)").fill("5, 2")
    page.get_by_label("Khi quá hạn, nhắc lại mỗi (ngày)").fill("2")
    page.get_by_role("button", name="Lưu thiết lập").click()
    expect(page.get_by_text("Đã lưu thiết lập báo cáo.")).to_be_visible()
    screenshot(page, "reporting-setup")
    setup = ReportingSetup.objects.get(movement=plan.movement)
    assert (setup.reminder_days, setup.overdue_every_days) == ([5, 2], 2)


def test_a_reminder_reaches_the_officers_bell_and_opens_the_report(page, org, cast):
    plan = make_plan(org)
    ReportingSetup.objects.filter(movement=plan.movement).update(reminder_days=[5])
    send_reminders(today=TODAY)

    _as(page, cast[Role.UNIT_OFFICER])
    bell = page.get_by_role("link", name="Thông báo 1 chưa đọc")
    expect(bell).to_be_visible()
    bell.click()
    expect(
        page.get_by_text(f"Sắp đến hạn nộp báo cáo {plan.current.name} — Bệnh viện A")
    ).to_be_visible()
    screenshot(page, "notifications")

    page.get_by_role("button", name="Đánh dấu đã đọc").click()
    htmx_idle(page)
    expect(page.get_by_role("button", name="Đánh dấu đã đọc")).to_have_count(0)
    page.get_by_role("button", name="Mở").click()
    page.wait_for_url(f"**/bao-cao/ky/{plan.current.pk}/don-vi/{org.a.pk}/")
    expect(page.get_by_role("link", name="Thông báo", exact=True)).to_be_visible()

    page.goto("/bao-cao/")
    expect(page.get_by_role("link", name="Nhập báo cáo")).to_be_visible()
    screenshot(page, "reporting-home-unit-officer")
