"""Browser journey of a submission (system Chromium), the author on a phone (390 px): a staff
member writes a draft, adds a colleague as co-author (person search, shares adding to 100 %),
sees the similar-initiative panel flag an initiative of another unit while typing, is asked to
explain the difference, explains and submits; the unit officer admits it. The `page` fixture
fails on any JavaScript error or CSP violation."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.models import Initiative
from thidua.initiatives.services.similarity import refresh_fingerprint
from thidua.initiatives.tests.factories import make_initiative
from thidua.organizations.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser]

TITLE = "Số hóa hồ sơ bệnh án giấy tại khoa Nội"
PROBLEM = (
    "Hồ sơ bệnh án giấy của khoa được lưu trong tủ, tìm lại mất nhiều thời gian và hay thất "
    "lạc khi người bệnh tái khám."
)
SOLUTION = (
    "Số hóa hồ sơ bệnh án bằng máy quét tại khoa, đặt tên tệp theo mã người bệnh và lưu trên "
    "máy chủ của bệnh viện, tra cứu bằng phần mềm quản lý."
)
EFFECT = "Thời gian tìm hồ sơ giảm từ 20 phút xuống 2 phút; không còn hồ sơ thất lạc."


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture(autouse=True)
def _fresh_similarity_index():
    from thidua.initiatives.selectors.similarity import forget_index

    forget_index()
    yield
    forget_index()


def _as(page, user):
    page.context.clear_cookies()
    login(page, user.username)
    page.wait_for_url("**/")


def test_staff_writes_adds_a_co_author_sees_the_panel_submits_and_the_officer_admits(
    page, org, cast
):
    year = timezone.localdate().year
    earlier = make_initiative(
        org.b1,
        PersonFactory(unit=org.b1, full_name="Phạm Thu Trang"),
        title=TITLE,
        problem=PROBLEM,
        solution=SOLUTION,
        effect=EFFECT,
        year=year - 1,
        status=InitiativeStatus.RECOGNISED,
    )
    refresh_fingerprint(earlier)
    PersonFactory(unit=org.a2, full_name="Trần Văn Bình")
    since = min(dt.date(year, 1, 2), timezone.localdate()).strftime("%d/%m/%Y")

    # The author, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    _as(page, cast[Role.STAFF])
    page.goto("/sang-kien/moi/")
    page.get_by_label("Tên sáng kiến").fill(TITLE)
    page.get_by_label("Thực trạng, vấn đề cần giải quyết").fill(PROBLEM)
    page.get_by_label("Nội dung giải pháp").fill(SOLUTION)
    page.get_by_label("Nơi áp dụng, áp dụng thử").fill("Khoa Nội A1")
    page.get_by_label("Áp dụng từ ngày").fill(since)
    page.get_by_label("Hiệu quả đo được").fill(EFFECT)
    # The panel checks what is typed (keyup) and flags the initiative of Bệnh viện B.
    page.get_by_label("Hiệu quả đo được").press("End")
    panel = page.locator("#khung-trung-lap")
    expect(panel.get_by_text(f"{earlier.code} · Khoa Nội B1")).to_be_visible(timeout=15_000)
    expect(panel.get_by_text("Có thể trùng lặp", exact=True)).to_be_visible()

    # A co-author from the organisation, shares 70 + 30.
    page.get_by_label("Tỷ lệ (%)").first.fill("70")
    page.get_by_role("button", name="Thêm đồng tác giả").click()
    row = page.locator("[data-author-row]").nth(1)
    row.get_by_placeholder("Gõ họ tên hoặc mã cán bộ…").fill("tran van binh")
    row.get_by_role("option", name="Trần Văn Bình").click()
    row.get_by_label("Tỷ lệ (%)").fill("30")
    expect(page.locator("[data-share-total]")).to_have_text("100 %")
    screenshot(page, "initiative-form-phone")

    # Submitting without an explanation is refused at the explanation field.
    page.get_by_role("button", name="Nộp sáng kiến").click()
    page.get_by_text("Hãy giải trình điểm khác biệt trước khi nộp.").wait_for()
    draft = Initiative.objects.get(status=InitiativeStatus.DRAFT)
    assert [a.display_name for a in draft.authors.all()] == ["Nguyễn Thị Hoa", "Trần Văn Bình"]
    page.get_by_label("Giải trình điểm khác biệt so với sáng kiến tương tự").fill(
        "Áp dụng cho khoa Nội với quy trình quét riêng cho hồ sơ tái khám."
    )
    htmx_idle(page)
    page.get_by_role("button", name="Nộp sáng kiến").click()
    page.get_by_text(f"Đã nộp sáng kiến {draft.code}").wait_for()
    expect(page.locator("[data-status]")).to_have_text("Đã nộp, chờ sàng lọc")

    # The unit officer admits it.
    page.set_viewport_size({"width": 1280, "height": 860})
    _as(page, cast[Role.UNIT_OFFICER])
    page.goto("/sang-kien/")
    page.get_by_role("link", name=TITLE).first.click()
    screenshot(page, "initiative-detail-screening")
    page.get_by_role("button", name="Đủ điều kiện xét").click()
    page.get_by_text(f"Sáng kiến {draft.code} đủ điều kiện xét.").wait_for()
    expect(page.locator("[data-status]")).to_have_text("Đủ điều kiện xét")
    draft.refresh_from_db()
    assert draft.status == InitiativeStatus.ADMITTED
    assert draft.duplicate_explanation.startswith("Áp dụng cho khoa Nội")
