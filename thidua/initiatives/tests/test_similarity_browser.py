"""Browser journey of the duplicate warning (system Chromium), on a phone (390 px): an author
types, without diacritics and in other words, an idea another unit submitted last year; the
panel of the submission form flags it with its score and the plain-words reason, shows the
shared passages side by side (stacked on the phone) with the shared words marked, and the page
does not scroll sideways. The `page` fixture fails on any JavaScript error or CSP violation."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.initiatives.demo_texts import DEMO_INITIATIVES
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.selectors.similarity import forget_index
from thidua.initiatives.services.similarity import refresh_fingerprint
from thidua.initiatives.tests.factories import make_initiative

pytestmark = [pytest.mark.browser]

ORIGINAL = next(item for item in DEMO_INITIATIVES if item.key == "O08")
OTHER_EMR = next(item for item in DEMO_INITIATIVES if item.key == "O01")


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    settings.THIDUA_2FA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path
    forget_index()
    yield
    forget_index()


def test_author_on_a_phone_sees_a_paraphrase_flagged_with_marked_passages(page, org, cast):
    year = timezone.localdate().year
    earlier = make_initiative(
        org.b,
        None,
        title=ORIGINAL.title,
        problem=ORIGINAL.problem,
        solution=ORIGINAL.solution,
        effect=ORIGINAL.effect,
        year=year - 1,
        status=InitiativeStatus.RECOGNISED,
    )
    refresh_fingerprint(earlier)
    unrelated = make_initiative(
        org.b1,
        None,
        title=OTHER_EMR.title,
        problem=OTHER_EMR.problem,
        solution=OTHER_EMR.solution,
        effect=OTHER_EMR.effect,
        year=year - 1,
    )
    refresh_fingerprint(unrelated)

    page.set_viewport_size({"width": 390, "height": 844})
    login(page, cast[Role.STAFF].username)
    page.wait_for_url("**/")
    page.goto("/sang-kien/moi/")
    htmx_idle(page)  # the panel's first (empty) check is done: typing triggers the next one
    page.get_by_label("Tên sáng kiến").fill("Dang ky kham online tren trang web benh vien")
    page.get_by_label("Nội dung giải pháp").fill(
        "Tren website co trang dang ky kham: benh nhan chon chuyen khoa, chon bac si, chon gio "
        "kham theo khung 30 phut va de lai so dien thoai. He thong tu nhan tin SMS nhac hen "
        "truoc 1 ngay va truoc 2 tieng. Nguoi da dang ky lam thu tuc o quay rieng."
    )
    page.get_by_label("Nội dung giải pháp").press("End")

    panel = page.locator("#khung-trung-lap")
    card = panel.locator("article").first
    expect(card).to_contain_text(earlier.code, timeout=15_000)
    expect(card).to_contain_text("Bệnh viện B")
    expect(card.get_by_text("Có thể trùng lặp", exact=True)).to_be_visible()
    expect(card).to_contain_text("Trùng ")
    # Only the same idea is flagged (an unrelated initiative sharing words may be listed).
    expect(panel.get_by_text("Có thể trùng lặp", exact=True)).to_have_count(1)
    mark = card.locator("mark").first
    expect(mark).to_be_visible()
    assert card.locator("mark").count() >= 4
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "initiative-similarity-phone")
