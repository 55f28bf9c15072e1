"""A council member who holds no officer role finds the session they must vote in (system
Chromium): the bell tells them the session is open and leads to their ballot; the menu's
"Phiên họp Hội đồng của tôi" shows it with the "Bỏ phiếu kín" button, on a phone too; the home
page says a ballot is waiting."""

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.awards.services.councils import open_session, record_attendance
from thidua.awards.tests.council_support import MEETING, council_setup
from thidua.browser_testing import login, screenshot

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


def test_a_member_reaches_the_ballot_from_the_bell_and_from_the_menu(
    page: Page, cast: Any, org: Any
) -> None:
    setup = council_setup(org, cast, members=5)
    session = open_session(
        setup.council, round_=setup.round, meeting_date=MEETING, by=setup.officer, place="Phòng A"
    )
    record_attendance(session, present={m.pk for m in setup.members[:4]}, by=setup.officer)
    ballot_url = re.compile(rf"/khen-thuong/phien-hop/{session.pk}/bo-phieu/$")

    # Thành viên 03, Ủy viên: no officer role, no council page in the menu.
    login(page, "hd3")
    page.wait_for_url("**/")
    expect(page.locator("[data-council-ballot-card]")).to_contain_text(
        "Bạn có phiên họp Hội đồng đang mở: Bỏ phiếu kín"
    )
    bell = page.locator(".td-bell [data-unread-count]")
    expect(bell).to_contain_text("1")
    page.locator(".td-bell").click()
    note = page.locator(".td-notification").filter(
        has_text="Phiên họp Hội đồng thi đua – khen thưởng ngày 10/12/2026"
    )
    expect(note).to_contain_text("Hội đồng Thi đua - Khen thưởng Bệnh viện A")
    note.get_by_role("button", name="Mở").click()
    page.wait_for_url(ballot_url)
    expect(page.get_by_role("heading", name="Phiếu bầu kín")).to_be_visible()
    expect(page.locator("[data-ballot] input[type='radio']").first).to_be_enabled()

    # The same session from the menu, on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    page.get_by_role("button", name="Mở menu").click()
    page.get_by_role("button", name="Khen thưởng").click()
    page.get_by_role("link", name="Phiên họp Hội đồng của tôi", exact=True).click()
    page.wait_for_url("**/khen-thuong/phien-hop-cua-toi/")
    card = page.locator(f'[data-session="{session.pk}"]')
    expect(card.locator("[data-attendance]")).to_have_text("Có mặt")
    expect(card.locator("[data-voted]")).to_have_text("Chưa bỏ phiếu")
    page.emulate_media(reduced_motion="reduce")
    screenshot(page, "awards-my-council-sessions-phone")
    card.get_by_role("link", name="Bỏ phiếu kín").click()
    page.wait_for_url(ballot_url)
    expect(page.get_by_role("button", name="Gửi phiếu bầu")).to_be_visible()
