"""Browser journey of a review round (system Chromium): the unit officer creates a blind round
for the hospital's council, adds the admitted initiatives, opens it and assigns reviewers
automatically (a shortfall is named); a reviewer opens "Phiếu chấm của tôi", reads the
anonymised initiative, scores three criteria and saves a draft (the total follows the levels
ticked), scores the last one and submits; the officer sees the progress. (Submitting with a
criterion missing is refused at the field: tested on the page, test_reviews_pages.py.)
The `page` fixture fails on any JS error or CSP violation."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.browser_testing import login, screenshot
from thidua.initiatives.enums import ReviewStatus
from thidua.initiatives.models import Review, ReviewRound
from thidua.initiatives.tests.council_support import build_scene

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def _as(page, user):
    page.context.clear_cookies()
    login(page, user.username)
    page.wait_for_url("**/")


def test_officer_creates_round_assigns_and_reviewer_scores_blind(page, org, cast):
    page.on("dialog", lambda dialog: dialog.accept())
    scene = build_scene(org, cast)
    today = timezone.localdate().strftime("%d/%m/%Y")

    # The officer creates a blind round with two reviewers per initiative.
    _as(page, scene.manager)
    page.goto("/sang-kien/hoi-dong/")
    page.get_by_role("link", name="Hội đồng sáng kiến Bệnh viện A năm 2026").click()
    page.get_by_role("link", name="Tạo đợt chấm").click()
    page.get_by_label("Tên đợt chấm").fill("Đợt chấm sáng kiến năm 2026")
    page.get_by_label("Bắt đầu chấm").fill(today)
    page.get_by_label("Hạn chấm").fill(today)
    page.get_by_label("Số người chấm mỗi sáng kiến").fill("2")
    page.get_by_role("button", name="Tạo đợt chấm").click()
    page.get_by_text("Đã tạo đợt chấm “Đợt chấm sáng kiến năm 2026”.").wait_for()

    # Adds the admitted initiatives of the hospital (not Bệnh viện B's).
    page.get_by_role("link", name="Đưa sáng kiến vào").click()
    expect(page.locator('input[name="initiatives"]')).to_have_count(2)
    page.get_by_label("Chọn tất cả").check()
    screenshot(page, "round-add-initiatives")
    page.get_by_role("button", name="Đưa vào đợt chấm").click()
    page.get_by_text("Đã đưa 2 sáng kiến vào đợt chấm.").wait_for()

    # Opens the round and assigns automatically.
    page.get_by_role("button", name="Mở đợt chấm").click()
    page.get_by_text("Đã mở đợt chấm").wait_for()
    page.get_by_role("button", name="Phân công tự động").click()
    page.get_by_text("Đã phân công tự động 3 lượt chấm cho 2 sáng kiến, 3 người chấm.").wait_for()
    page.get_by_text(f"Không đủ người chấm không xung đột cho {scene.sk_a2.code}").wait_for()
    screenshot(page, "round-detail-assigned")
    round_ = ReviewRound.objects.get()
    assert round_.assignments.filter(initiative=scene.sk_a1).count() == 2

    # A reviewer scores sk_a1 blind: no author, no khoa, no code.
    _as(page, scene.r_a2)
    page.goto("/sang-kien/phieu-cham/")
    page.get_by_role("link", name="Chấm").click()
    page.get_by_role("heading", name="Phiếu chấm — Sáng kiến số 1").wait_for()
    body = page.locator("main").inner_text()
    assert "Nguyễn Thị Hoa" not in body
    assert "Khoa Nội A1" not in body
    assert scene.sk_a1.code not in body

    page.get_by_label("4 — Mới trong ngành y tế Hà Nội trở lên").check()
    page.get_by_label("2 — Đã áp dụng tại khoa, phòng").check()
    page.get_by_label("3 — Hiệu quả cao về kinh tế hoặc xã hội").check()
    expect(page.locator("[data-review-total]")).to_have_text("65,00")
    page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_text("Đã lưu bản nháp phiếu chấm.").wait_for()
    expect(page.locator("[data-review-total]")).to_have_text("65,00")

    page.get_by_label("2 — Trong đơn vị").check()
    expect(page.locator("[data-review-total]")).to_have_text("72,50")
    page.get_by_label("Nhận xét gửi tác giả").fill("Nên đo thêm thời gian chờ sau 6 tháng.")
    screenshot(page, "review-sheet-blind")
    page.get_by_role("button", name="Nộp phiếu chấm").click()
    page.get_by_text("Đã nộp phiếu chấm. Cảm ơn bạn.").wait_for()
    review = Review.objects.get()
    assert (review.status, str(review.total)) == (ReviewStatus.SUBMITTED, "72.50")

    # The officer sees the progress.
    _as(page, scene.manager)
    page.goto(f"/sang-kien/dot-cham/{round_.pk}/")
    page.get_by_text("Tiến độ chấm: 1/3 phiếu đã nộp").wait_for()
