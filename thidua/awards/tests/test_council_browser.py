"""The council's vote to the staff member's award, as the people involved live it (system
Chromium): the officer opens a session on a round handed to the council and records who is
present (quorum 4/5); four members log in one after another and vote by secret ballot (the page
then says "Đã bỏ phiếu", never what they chose); the secretary enters the absent member's written
vote; the officer closes the session (the tally against the whole membership), issues the
records and drafts the decision; the head reviews it; the officer issues it and generates the
certificates; Nguyễn Thị Hoa logs in and sees her award on /khen-thuong/lich-su/.

The nominations arrive accepted (`council_support`, as the thẩm định leaves them); the whole
journey from the unit's list through the disclosure, with the awards clock moved past its
period, is `test_award_journey_browser`."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from thidua.awards.tests.ballot_browser import agree_to_all, enter_written_agreement, open_ballot
from thidua.awards.tests.council_support import council_setup, nominate
from thidua.browser_testing import login_as, screenshot
from thidua.documents.models import GenerationJob
from thidua.documents.services.batches import run_generation_job

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _settings(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


def _alert(page: Page, text: str) -> None:
    expect(page.get_by_role("alert").filter(has_text=text)).to_be_visible()


def test_a_council_vote_becomes_an_award_the_staff_member_sees(
    page: Page, cast: Any, org: Any
) -> None:
    setup = council_setup(org, cast, members=5)
    nominate(setup.round, person=cast.staff_person, award_code="ldtt")
    today = timezone.localdate().strftime("%d/%m/%Y")

    # The officer opens the session and records attendance.
    login_as(page, setup.officer.username)
    page.goto("/khen-thuong/hoi-dong/")
    page.get_by_role("link", name="Hội đồng Thi đua - Khen thưởng Bệnh viện A").click()
    page.get_by_label("Đợt xét (đã trình Hội đồng)").select_option(
        label="Đợt xét khen thưởng năm 2026"
    )
    page.get_by_label("Ngày họp").fill(today)
    page.get_by_label("Địa điểm").fill("Phòng họp tầng 3")
    page.get_by_role("button", name="Mở phiên họp").click()
    page.wait_for_url(re.compile(r"/khen-thuong/phien-hop/\d+/$"))
    session_url = page.url
    expect(page.locator("[data-quorum]")).to_contain_text("Có mặt 0/5 · cần ít nhất 4")
    for number in range(1, 5):
        page.get_by_label(f"Thành viên {number:02d}").check()
    page.get_by_role("button", name="Lưu danh sách dự họp").click()
    _alert(page, "Đã ghi danh sách dự họp: 4/5 thành viên có mặt.")
    expect(page.locator("[data-quorum]")).to_contain_text("Đủ điều kiện họp")
    expect(page.locator("[data-override]")).to_contain_text("Nghỉ điều trị bệnh nghề nghiệp")
    screenshot(page, "awards-council-session-open")

    # Four present members vote, each on their own ballot.
    for number in range(1, 5):
        login_as(page, f"hd{number}")
        ballot = open_ballot(page, session_url)
        agree_to_all(ballot)
        if number == 3:
            expect(ballot.locator("input:checked")).to_have_count(4)
            page.emulate_media(reduced_motion="reduce")  # no button transition mid-shot
            page.set_viewport_size({"width": 390, "height": 844})
            screenshot(page, "awards-council-ballot-phone")
            page.set_viewport_size({"width": 1280, "height": 860})
        page.get_by_role("button", name="Gửi phiếu bầu").click()
        _alert(page, "Đã ghi nhận phiếu bầu kín của bạn (4 người, tập thể).")
        expect(ballot.locator("[data-voted]")).to_have_count(4)
        expect(ballot.locator('input[type="radio"]')).to_have_count(0)
    screenshot(page, "awards-council-ballot-voted")

    # The secretary enters the absent member's written vote.
    login_as(page, "hd2")
    enter_written_agreement(page, session_url, "Thành viên 05 (Ủy viên)")
    _alert(page, "Đã nhập phiếu bằng văn bản của Thành viên 05 (4 người, tập thể).")

    # The officer closes the session: the tally, the records, the draft decision.
    login_as(page, setup.officer.username)
    page.goto(session_url)
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    _alert(page, "Đã kết thúc phiên họp và kiểm phiếu.")
    expect(page.locator("[data-session-status]")).to_have_text("Đã kết thúc, đã kiểm phiếu")
    agenda = page.locator("[data-agenda]")
    expect(agenda.get_by_text("Đạt", exact=True)).to_have_count(4)
    expect(agenda).to_contain_text("trong đó 1 bằng văn bản")
    screenshot(page, "awards-council-tally")
    page.get_by_role("button", name=re.compile("Phát hành biên bản kiểm phiếu")).click()
    _alert(page, "Đã phát hành biên bản kiểm phiếu và biên bản họp")
    expect(page.locator("[data-records] li")).to_have_count(2)
    page.get_by_role("button", name="Dự thảo quyết định khen thưởng (4 người, tập thể đạt)").click()
    page.wait_for_url(re.compile(r"/khen-thuong/quyet-dinh/\d+/$"))
    decision_url = page.url
    expect(page.locator("[data-total]")).to_have_text("5.640.000")
    screenshot(page, "awards-decision-draft")

    # The head reviews; the officer issues and starts the certificates.
    login_as(page, setup.head.username)
    page.goto(decision_url)
    page.get_by_role("button", name="Đã rà soát, đồng ý phát hành").click()
    _alert(page, "Đã rà soát dự thảo")
    login_as(page, setup.officer.username)
    page.goto(decision_url)
    page.get_by_role("button", name="Phát hành quyết định (Word, PDF)").click()
    _alert(page, f"Đã phát hành Quyết định số 01/QĐ-BVA ngày {today}.")
    expect(page.locator("[data-issued]")).to_contain_text("Số 01/QĐ-BVA")
    screenshot(page, "awards-decision-issued")
    page.get_by_role("button", name="Tạo giấy khen, bằng").click()
    page.wait_for_url(re.compile(r"/van-ban/tao/\d+/$"))
    run_generation_job(GenerationJob.objects.get())  # what the worker does
    expect(page.get_by_role("status")).to_have_text("Đã phát hành 4 văn bản.")
    screenshot(page, "awards-certificates-done")

    # The staff member sees her award.
    login_as(page, "staff")
    page.goto("/khen-thuong/lich-su/")
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nguyễn Thị Hoa")
    expect(row).to_contain_text("Lao động tiên tiến")
    expect(row).to_contain_text(f"01/QĐ-BVA ngày {today}")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "awards-history-own-phone")
