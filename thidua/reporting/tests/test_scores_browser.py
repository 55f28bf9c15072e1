"""Browser journey of scores (system Chromium): the department officer appraises a criterion with
a reason and sees the appraised total beside the self-assessed one, recomputes the year and reads
the ranking; a unit officer reads their scorecard and their cluster's ranking. Screenshots of
every score page. The `page` fixture fails on any JS error or CSP violation."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.reporting.models import RecomputeJob, ReportScore
from thidua.reporting.services.standings import run_recompute_job
from thidua.reporting.tests.scores_support import scored_year

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def test_officer_appraises_a_criterion_then_recomputes_and_reads_the_ranking(page, cast, org):
    world = scored_year(org)
    movement = world.plan.movement
    login(page, cast[Role.DEPT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto(f"/bao-cao/diem/{movement.pk}/don-vi/{org.a.pk}/?nam=2026")
    expect(page.get_by_role("heading", name="Điểm thi đua — Bệnh viện A")).to_be_visible()
    screenshot(page, "scores-scorecard-officer")
    page.get_by_role("link", name="Điều chỉnh điểm tiêu chí TC2").click()
    htmx_idle(page)
    page.get_by_role("textbox", name="Điểm thẩm định").fill("25,5")
    page.get_by_label("Lý do điều chỉnh").fill("Biên bản diễn tập chưa có chữ ký của lãnh đạo")
    screenshot(page, "scores-appraisal-form")
    page.get_by_role("button", name="Lưu điểm thẩm định").click()
    htmx_idle(page)

    expect(page.get_by_text("Đã lưu điểm thẩm định tiêu chí TC2.")).to_be_visible()
    expect(page.locator("[data-self-total]")).to_have_text("80")
    expect(page.locator("[data-appraised-total]")).to_have_text("65,50")
    expect(page.locator("#bang-diem")).to_contain_text(
        "Biên bản diễn tập chưa có chữ ký của lãnh đạo"
    )
    expect(page.locator("#bang-diem")).to_contain_text("đã điều chỉnh")
    expect(page.locator("#diem-theo-ky tbody tr").nth(1)).to_contain_text("65,50")
    screenshot(page, "scores-appraised")
    score = ReportScore.objects.get(report=world.reports[("BV_A", "q3")])
    assert (score.self_total, score.appraised_total) == (Decimal("80.00"), Decimal("65.50"))

    page.goto(f"/bao-cao/diem/{movement.pk}/xep-hang/?nam=2026")
    page.get_by_role("button", name="Tính lại điểm, xếp hạng").click()
    page.wait_for_url(re.compile(r"/bao-cao/diem/tinh-lai/\d+/$"))
    expect(page.get_by_text("Đang chờ tiến trình nền nhận việc…")).to_be_visible()
    screenshot(page, "scores-recompute-pending")
    run_recompute_job(RecomputeJob.objects.get())  # what the worker does
    expect(page.get_by_role("status")).to_contain_text("Đã tính lại điểm 6 báo cáo")
    page.get_by_role("link", name="Xem xếp hạng năm 2026").click()

    rows = page.locator("table tbody tr")
    expect(rows.nth(0)).to_contain_text("Bệnh viện A")
    expect(rows.nth(0)).to_contain_text("75,25")
    expect(rows.nth(1)).to_contain_text("Bệnh viện C")
    screenshot(page, "scores-ranking-overall")

    page.get_by_role("link", name="Bản đồ nhiệt").click()
    expect(
        page.get_by_role("heading", name="Bản đồ nhiệt: nội dung thi đua × đơn vị")
    ).to_be_visible()
    screenshot(page, "scores-heat-map")


def test_unit_officer_reads_the_scorecard_and_the_cluster_ranking(page, cast, org):
    world = scored_year(org)
    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto("/bao-cao/diem/")
    expect(page.get_by_role("heading", name="Điểm thi đua — Bệnh viện A")).to_be_visible()
    expect(page.locator("svg.td-trend")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("^Điều chỉnh"))).to_have_count(0)
    screenshot(page, "scores-scorecard-unit")
    page.get_by_role("link", name=f"Xếp hạng {world.k1.name}").click()

    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Bệnh viện A")
    expect(rows.nth(1)).to_contain_text("Bệnh viện B")
    expect(page.get_by_role("link", name="Xếp hạng chung")).to_have_count(0)
    screenshot(page, "scores-ranking-cluster")


def test_the_scorecard_shows_every_points_column_beside_a_long_area_name(page, cast, org):
    """A content area's name as long as the plan's (ND1 of the KH 190 plan runs to 140 letters)
    wraps in its cell: kept on one line it set the first column's width and pushed the maximum,
    self-assessed and appraised points out of sight on a 1366 px screen."""
    world = scored_year(org)
    world.plan.movement.areas.filter(code="ND1").update(
        name="Chuyển đổi số trong cơ quan nhà nước, cải cách hành chính, dịch vụ công trực "
        "tuyến toàn trình, ứng dụng trí tuệ nhân tạo, cơ sở dữ liệu"
    )
    page.set_viewport_size({"width": 1366, "height": 900})
    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto("/bao-cao/diem/")
    table = page.locator("table.td-score-table")
    expect(table).to_contain_text("cơ sở dữ liệu")
    frame = table.locator("xpath=..").bounding_box()
    assert frame is not None
    for header in ("Tối đa", "Tự chấm", "Thẩm định"):
        cell = table.locator("thead th", has_text=header).bounding_box()
        assert cell is not None
        assert cell["x"] + cell["width"] <= frame["x"] + frame["width"], header
    screenshot(page, "scores-scorecard-long-area")
