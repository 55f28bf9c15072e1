"""The whole award journey in the system Chromium, each actor logging in with their own account:
Bệnh viện A's officer nominates Nguyễn Thị Hoa (Lao động tiên tiến) and Lê Văn Cường (failing
the rating rule, with a justification) and sends the list; the Sở's officer returns Hoa's, the
unit fixes and resends it; the Sở accepts both (Cường's with a written justification) and
discloses the list; someone sends feedback on the public page, the Sở answers it; "Trình Hội
đồng" is refused while the period runs — then the awards clock (`thidua.awards.clock`) moves past
its last working day and the round goes to the council. From the round page the Sở's officer
reaches the council, opens the session, records attendance (4/5); four members vote by secret
ballot, the secretary enters the absent member's written vote; the officer closes and tallies,
drafts the decision; the Lãnh đạo Sở reviews it; the officer issues it (01/QĐ-SYT) and generates
the certificates (the batch run in the test, as the worker would); Hoa sees her award on her
history page. Screenshots under test-artifacts/screenshots/awards-journey-*."""

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from thidua.accounts.roles import Role
from thidua.awards import clock
from thidua.awards.models import AwardRound, YearlyRating
from thidua.awards.models.councils import CouncilRole
from thidua.awards.selectors.rounds import disclosure_period
from thidua.awards.services.councils import add_member, create_council
from thidua.awards.tests.ballot_browser import agree_to_all, enter_written_agreement, open_ballot
from thidua.awards.tests.rounds_support import YEAR, make_round, prepare_issuing
from thidua.awards.tests.support import install_small_rulebook
from thidua.browser_testing import login_as, screenshot
from thidua.conftest import Cast, Org
from thidua.documents.models import GenerationJob
from thidua.documents.services.batches import run_generation_job
from thidua.organizations.tests.factories import PersonFactory, UserFactory, grant

pytestmark = [pytest.mark.browser]

WEAK_JUSTIFICATION = "Thành tích đột xuất trong cấp cứu hàng loạt tháng 9/2024."
CHECK_JUSTIFICATION = "Hội đồng cơ sở đã xác minh thành tích đột xuất."


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


def _flash(page: Page) -> Locator:
    return page.locator(".td-messages")


def _sở_council(org: Org, cast: Cast) -> None:
    """The Sở's Hội đồng Thi đua – Khen thưởng: five members, hd1 the chair, hd2 the secretary."""
    officer = cast[Role.DEPT_OFFICER]
    council = create_council(
        unit=org.root, name="Hội đồng Thi đua - Khen thưởng Sở Y tế", by=officer
    )
    roles = [CouncilRole.CHAIR, CouncilRole.SECRETARY] + [CouncilRole.MEMBER] * 3
    for number, role in enumerate(roles, start=1):
        user = UserFactory(username=f"hd{number}", full_name=f"Thành viên {number:02d}")
        grant(user, Role.COUNCIL_MEMBER, org.root)
        add_member(council, user=user, role=role, by=officer)


def test_a_nomination_travels_from_the_unit_to_the_staff_members_award_history(
    page: Page, org: Org, cast: Cast, monkeypatch: pytest.MonkeyPatch
) -> None:
    install_small_rulebook()
    prepare_issuing(org)
    hoa = cast.staff_person
    weak = PersonFactory(unit=org.a2, full_name="Lê Văn Cường")
    YearlyRating.objects.create(person=hoa, year=YEAR, rating="HTTNV")
    YearlyRating.objects.create(person=weak, year=YEAR, rating="HTNV")
    round_ = make_round(org, disclosure_public=True)
    _sở_council(org, cast)
    officer, dept, leader = (
        cast[Role.UNIT_OFFICER],
        cast[Role.DEPT_OFFICER],
        cast[Role.DEPT_LEADER],
    )
    round_url = f"/khen-thuong/dot-xet/{round_.pk}/"

    # 1. Bệnh viện A's officer builds the list from the suggested candidates and sends it.
    login_as(page, officer.username)
    page.goto(round_url)
    page.get_by_role("link", name="Bệnh viện A").click()
    page.get_by_text("Nguyễn Thị Hoa", exact=True).click()
    page.get_by_role("button", name="Thêm Nguyễn Thị Hoa vào danh sách").click()
    expect(_flash(page)).to_contain_text("Đã đưa Nguyễn Thị Hoa vào danh sách đề nghị.")
    page.get_by_text("Lê Văn Cường", exact=True).click()
    page.get_by_label("Giải trình đề nghị Lê Văn Cường khi chưa đủ điều kiện (bắt buộc)").fill(
        WEAK_JUSTIFICATION
    )
    page.get_by_role("button", name="Thêm Lê Văn Cường vào danh sách").click()
    expect(_flash(page)).to_contain_text("Đã đưa Lê Văn Cường vào danh sách đề nghị.")
    page.get_by_role("button", name="Lập tờ trình (Mẫu số 01)").click()
    expect(_flash(page)).to_contain_text("Đã phát hành tờ trình số 01/TTr-BVA")
    for name in ("Nguyễn Thị Hoa", "Lê Văn Cường"):
        page.get_by_role("link", name=name).first.click()
        page.get_by_role("button", name="Lập báo cáo thành tích từ dữ liệu").click()
        expect(_flash(page)).to_contain_text("Đã phát hành báo cáo thành tích số")
        page.get_by_role("link", name="Bệnh viện A").click()
    page.get_by_role("button", name="Gửi danh sách để thẩm định").click()
    expect(_flash(page)).to_contain_text("Đã gửi 2 đề nghị khen thưởng để thẩm định.")
    screenshot(page, "awards-journey-01-unit-list-sent")

    # 2. The Sở returns Hoa's nomination and accepts Cường's with a written justification.
    login_as(page, dept.username)
    page.goto(round_url)
    page.get_by_role("link", name="Nguyễn Thị Hoa").click()
    page.get_by_label("Lý do trả lại (bắt buộc)").fill("Bổ sung tóm tắt thành tích năm 2024.")
    page.get_by_role("button", name="Trả lại đơn vị").click()
    expect(_flash(page)).to_contain_text("Đã trả lại đề nghị cho đơn vị.")
    page.goto(round_url)
    page.get_by_role("link", name="Lê Văn Cường").click()
    expect(page.get_by_role("note")).to_contain_text(WEAK_JUSTIFICATION)
    page.get_by_label("Giải trình chấp nhận khi chưa đủ điều kiện (bắt buộc)").fill(
        CHECK_JUSTIFICATION
    )
    page.get_by_role("button", name="Đạt thẩm định (có giải trình)").click()
    expect(_flash(page)).to_contain_text("Đề nghị đạt thẩm định, kèm giải trình.")

    # 3. The unit reads the reason, fixes the nomination and sends it again.
    login_as(page, officer.username)
    page.goto(round_url)
    page.get_by_role("link", name="Nguyễn Thị Hoa").click()
    expect(page.get_by_role("note")).to_contain_text("Bổ sung tóm tắt thành tích năm 2024.")
    screenshot(page, "awards-journey-02-returned-to-unit")
    page.get_by_label("Tóm tắt thành tích (mỗi dòng một đoạn)").fill(
        "Hoàn thành tốt nhiệm vụ năm 2024; tham gia 3 đợt khám sàng lọc tại cộng đồng."
    )
    page.get_by_role("button", name="Lưu").click()
    expect(_flash(page)).to_contain_text("Đã lưu đề nghị.")
    page.get_by_role("button", name="Gửi lại để thẩm định").click()
    expect(_flash(page)).to_contain_text("Đã gửi đề nghị để thẩm định.")

    # 4. The Sở accepts it and discloses the list.
    login_as(page, dept.username)
    page.goto(round_url)
    page.get_by_role("link", name="Nguyễn Thị Hoa").click()
    page.get_by_role("button", name="Đạt thẩm định", exact=True).click()
    expect(_flash(page)).to_contain_text("Đề nghị đạt thẩm định.")
    page.goto(round_url)
    page.get_by_role("button", name="Công khai danh sách").click()
    expect(_flash(page)).to_contain_text("Đợt xét chuyển sang bước “Đang công khai”.")
    period = disclosure_period(AwardRound.objects.get(pk=round_.pk))
    assert period is not None
    expect(page.locator("dd").filter(has_text="ngày làm việc")).to_contain_text(
        f"từ {period.start:%d/%m/%Y} đến hết {period.end:%d/%m/%Y}"
    )

    # 5. Someone sends feedback on the public page, without signing in; the Sở answers it.
    page.context.clear_cookies()
    page.goto(f"/cong-khai/khen-thuong/{round_.pk}/")
    expect(page.get_by_role("table")).to_contain_text("Nguyễn Thị Hoa")
    expect(page.get_by_role("table")).to_contain_text(f"giải trình: {WEAK_JUSTIFICATION}")
    page.get_by_label("Nội dung ý kiến").fill(
        "Đề nghị làm rõ thành tích cấp cứu của ông Lê Văn Cường."
    )
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(_flash(page)).to_contain_text("Đã nhận ý kiến của bạn. Xin cảm ơn.")
    screenshot(page, "awards-journey-03-public-disclosure")
    login_as(page, dept.username)
    page.goto(f"{round_url}cong-khai/")
    page.get_by_label("Trả lời").fill("Đã xác minh với Bệnh viện A: thành tích đúng sự thật.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(_flash(page)).to_contain_text("Đã trả lời ý kiến.")

    # 6. The council waits for the period; once the clock passes it, the round goes to it.
    page.goto(round_url)
    page.get_by_role("button", name="Trình Hội đồng").click()
    expect(_flash(page)).to_contain_text(
        f"Thời gian công khai chưa kết thúc (đến hết ngày {period.end:%d/%m/%Y})"
    )
    meeting = period.end + dt.timedelta(days=1)
    monkeypatch.setattr(clock, "today", lambda: meeting)
    page.get_by_role("button", name="Trình Hội đồng").click()
    expect(_flash(page)).to_contain_text("Đợt xét chuyển sang bước “Trình Hội đồng”.")
    screenshot(page, "awards-journey-04-round-at-council")

    # 7. From the round, the Sở's officer opens the council's session and records attendance.
    page.locator("[data-round-council]").get_by_role(
        "link", name="Hội đồng Thi đua - Khen thưởng Sở Y tế"
    ).click()
    page.get_by_label("Đợt xét (đã trình Hội đồng)").select_option(
        label="Đợt xét khen thưởng năm 2024"
    )
    page.get_by_label("Ngày họp").fill(f"{meeting:%d/%m/%Y}")
    page.get_by_label("Địa điểm").fill("Phòng họp Sở Y tế")
    page.get_by_role("button", name="Mở phiên họp").click()
    page.wait_for_url(re.compile(r"/khen-thuong/phien-hop/\d+/$"))
    session_url = page.url
    for number in range(1, 5):
        page.get_by_label(f"Thành viên {number:02d}").check()
    page.get_by_role("button", name="Lưu danh sách dự họp").click()
    expect(_flash(page)).to_contain_text("Đã ghi danh sách dự họp: 4/5 thành viên có mặt.")
    expect(page.locator("[data-quorum]")).to_contain_text("Đủ điều kiện họp")
    expect(page.locator("[data-override]")).to_contain_text(CHECK_JUSTIFICATION)
    screenshot(page, "awards-journey-05-session-agenda")

    # 8. Four present members vote by secret ballot; the secretary enters the written vote.
    for number in range(1, 5):
        login_as(page, f"hd{number}")
        ballot = open_ballot(page, session_url)
        agree_to_all(ballot)
        page.get_by_role("button", name="Gửi phiếu bầu").click()
        expect(_flash(page)).to_contain_text(
            "Đã ghi nhận phiếu bầu kín của bạn (2 người, tập thể)."
        )
        expect(ballot.locator("[data-voted]")).to_have_count(2)
    login_as(page, "hd2")
    enter_written_agreement(page, session_url, "Thành viên 05 (Ủy viên)")
    expect(_flash(page)).to_contain_text(
        "Đã nhập phiếu bằng văn bản của Thành viên 05 (2 người, tập thể)."
    )

    # 9. The officer closes the session, tallies and drafts the decision.
    login_as(page, dept.username)
    page.goto(session_url)
    page.get_by_role("button", name="Kết thúc và kiểm phiếu").click()
    expect(_flash(page)).to_contain_text("Đã kết thúc phiên họp và kiểm phiếu.")
    agenda = page.locator("[data-agenda]")
    rows = agenda.locator(":scope > tbody > tr")
    expect(rows.locator("> td:nth-child(3)")).to_have_text(["5trong đó 1 bằng văn bản"] * 2)
    expect(rows.locator("> td:last-child")).to_have_text(["Đạt", "Đạt"])
    expect(page.get_by_text("Đạt: 2/2")).to_be_visible()
    expect(page.locator("[data-override]")).to_contain_text(CHECK_JUSTIFICATION)
    screenshot(page, "awards-journey-06-tally")
    page.get_by_role("button", name="Dự thảo quyết định khen thưởng (2 người, tập thể đạt)").click()
    page.wait_for_url(re.compile(r"/khen-thuong/quyet-dinh/\d+/$"))
    decision_url = page.url
    # The rulebook in force on the meeting day (the engine's default): 0,3 × 2.340.000 đồng,
    # rounded up to the ten thousand — 710.000 đồng each.
    expect(page.locator("[data-total]")).to_have_text("1.420.000")
    screenshot(page, "awards-journey-07-decision-draft")

    # 10. The Lãnh đạo Sở reviews; the officer issues and generates the certificates.
    login_as(page, leader.username)
    page.goto(decision_url)
    page.get_by_role("button", name="Đã rà soát, đồng ý phát hành").click()
    expect(_flash(page)).to_contain_text("Đã rà soát dự thảo")
    login_as(page, dept.username)
    page.goto(decision_url)
    page.get_by_role("button", name="Phát hành quyết định (Word, PDF)").click()
    expect(_flash(page)).to_contain_text(
        f"Đã phát hành Quyết định số 01/QĐ-SYT ngày {meeting:%d/%m/%Y}."
    )
    screenshot(page, "awards-journey-08-decision-issued")
    page.get_by_role("button", name="Tạo giấy khen, bằng").click()
    page.wait_for_url(re.compile(r"/van-ban/tao/\d+/$"))
    run_generation_job(GenerationJob.objects.get())  # what the worker does
    expect(page.get_by_role("status")).to_have_text("Đã phát hành 2 văn bản.")
    screenshot(page, "awards-journey-09-certificates")

    # 11. Nguyễn Thị Hoa sees her award on her own page.
    login_as(page, "staff")
    page.goto("/")
    page.get_by_role("button", name="Khen thưởng").click()
    page.get_by_role("link", name="Lịch sử khen thưởng").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lịch sử khen thưởng")
    row = page.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Nguyễn Thị Hoa")
    expect(row).to_contain_text("Lao động tiên tiến")
    expect(row).to_contain_text(str(YEAR))
    expect(row).to_contain_text(f"01/QĐ-SYT ngày {meeting:%d/%m/%Y}")
    screenshot(page, "awards-journey-10-staff-history")
