"""The nomination journey in the system Chromium: the unit officer builds the list from the
suggested candidates (one failing, with a justification), issues the tờ trình and the reports,
sends the list; the department returns one, the unit fixes and resends it; the department
accepts both (one with a justification), opens the disclosure; someone sends feedback on the
public page without signing in; the department answers it. Screenshots under
test-artifacts/screenshots/awards-*."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from thidua.accounts.roles import Role
from thidua.awards.enums import NominationStatus
from thidua.awards.models import DisclosureFeedback, Nomination
from thidua.awards.tests.rounds_support import make_people, make_round, prepare_issuing
from thidua.awards.tests.support import install_small_rulebook
from thidua.browser_testing import login_as, screenshot
from thidua.conftest import Cast, Org

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _setup(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.THIDUA_2FA_REQUIRED = False


def _flash(page: Page) -> Any:
    return page.locator(".td-messages")


def test_unit_nominates_department_returns_fixes_accepts_discloses_and_answers(
    page: Page, org: Org, cast: Cast
) -> None:
    install_small_rulebook()
    people = make_people(org)
    prepare_issuing(org)
    round_ = make_round(org, disclosure_public=True)
    officer, dept = cast[Role.UNIT_OFFICER], cast[Role.DEPT_OFFICER]

    # The unit officer builds the list from the suggested candidates.
    login_as(page, officer.username)
    page.goto(f"/khen-thuong/dot-xet/{round_.pk}/")
    page.get_by_role("link", name="Bệnh viện A").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Danh sách đề nghị khen thưởng của Bệnh viện A"
    )
    page.get_by_text("Trần Văn Bình", exact=True).click()
    page.get_by_role("button", name="Thêm Trần Văn Bình vào danh sách").click()
    expect(_flash(page)).to_contain_text("Đã đưa Trần Văn Bình vào danh sách đề nghị.")
    page.get_by_text("Lê Văn Cường", exact=True).click()
    page.get_by_role("button", name="Thêm Lê Văn Cường vào danh sách").click()
    expect(_flash(page)).to_contain_text("chỉ đề nghị được khi có giải trình bằng văn bản")
    page.get_by_text("Lê Văn Cường", exact=True).click()
    page.get_by_label("Giải trình đề nghị Lê Văn Cường khi chưa đủ điều kiện (bắt buộc)").fill(
        "Thành tích đột xuất trong cấp cứu hàng loạt tháng 9/2024."
    )
    page.get_by_role("button", name="Thêm Lê Văn Cường vào danh sách").click()
    expect(_flash(page)).to_contain_text("Đã đưa Lê Văn Cường vào danh sách đề nghị.")
    page.get_by_role("button", name="Lập tờ trình (Mẫu số 01)").click()
    expect(_flash(page)).to_contain_text("Đã phát hành tờ trình số 01/TTr-BVA")
    for name in ("Trần Văn Bình", "Lê Văn Cường"):
        page.get_by_role("link", name=name).first.click()
        page.get_by_role("button", name="Lập báo cáo thành tích từ dữ liệu").click()
        expect(_flash(page)).to_contain_text("Đã phát hành báo cáo thành tích số")
        page.get_by_role("link", name="Bệnh viện A").click()
    page.get_by_role("button", name="Gửi danh sách để thẩm định").click()
    expect(_flash(page)).to_contain_text("Đã gửi 2 đề nghị khen thưởng để thẩm định.")
    screenshot(page, "awards-unit-list-sent")

    fair = Nomination.objects.get(person=people.fair)
    weak = Nomination.objects.get(person=people.weak)

    # The department returns one and accepts the other with a justification.
    login_as(page, dept.username)
    page.goto(f"/khen-thuong/de-nghi/{fair.pk}/")
    page.get_by_label("Lý do trả lại (bắt buộc)").fill("Bổ sung tóm tắt thành tích năm 2024.")
    page.get_by_role("button", name="Trả lại đơn vị").click()
    expect(_flash(page)).to_contain_text("Đã trả lại đề nghị cho đơn vị.")
    page.goto(f"/khen-thuong/de-nghi/{weak.pk}/")
    expect(page.get_by_role("note")).to_contain_text("Thành tích đột xuất trong cấp cứu")
    screenshot(page, "awards-nomination-check")
    page.get_by_label("Giải trình chấp nhận khi chưa đủ điều kiện (bắt buộc)").fill(
        "Hội đồng cơ sở đã xác minh thành tích đột xuất."
    )
    page.get_by_role("button", name="Đạt thẩm định (có giải trình)").click()
    expect(_flash(page)).to_contain_text("Đề nghị đạt thẩm định, kèm giải trình.")

    # The unit fixes the returned one and sends it again.
    login_as(page, officer.username)
    page.goto(f"/khen-thuong/de-nghi/{fair.pk}/")
    expect(page.get_by_role("note")).to_contain_text("Bổ sung tóm tắt thành tích năm 2024.")
    page.get_by_label("Tóm tắt thành tích (mỗi dòng một đoạn)").fill(
        "Hoàn thành tốt nhiệm vụ năm 2024; tham gia 3 đợt khám sàng lọc tại cộng đồng."
    )
    page.get_by_role("button", name="Lưu").click()
    expect(_flash(page)).to_contain_text("Đã lưu đề nghị.")
    page.get_by_role("button", name="Gửi lại để thẩm định").click()
    expect(_flash(page)).to_contain_text("Đã gửi đề nghị để thẩm định.")

    # The department accepts it and opens the disclosure.
    login_as(page, dept.username)
    page.goto(f"/khen-thuong/de-nghi/{fair.pk}/")
    page.get_by_role("button", name="Đạt thẩm định", exact=True).click()
    expect(_flash(page)).to_contain_text("Đề nghị đạt thẩm định.")
    page.goto(f"/khen-thuong/dot-xet/{round_.pk}/")
    page.get_by_role("button", name="Công khai danh sách").click()
    expect(_flash(page)).to_contain_text("Đợt xét chuyển sang bước “Đang công khai”.")
    screenshot(page, "awards-round-disclosed")

    # Anyone sends feedback on the public page, without signing in.
    page.context.clear_cookies()
    page.goto(f"/cong-khai/khen-thuong/{round_.pk}/")
    expect(page.get_by_role("table")).to_contain_text("giải trình: Thành tích đột xuất")
    page.get_by_label("Nội dung ý kiến").fill(
        "Đề nghị làm rõ thành tích cấp cứu của ông Lê Văn Cường."
    )
    page.get_by_label("Họ và tên (không bắt buộc)").fill("Nguyễn Văn Dân")
    page.get_by_role("button", name="Gửi ý kiến").click()
    expect(_flash(page)).to_contain_text("Đã nhận ý kiến của bạn. Xin cảm ơn.")
    screenshot(page, "awards-public-disclosure")

    # The department answers it; the council must wait for the period to end.
    login_as(page, dept.username)
    page.goto(f"/khen-thuong/dot-xet/{round_.pk}/cong-khai/")
    page.get_by_label("Trả lời").fill("Đã xác minh với Bệnh viện A: thành tích đúng sự thật.")
    page.get_by_role("button", name="Gửi trả lời").click()
    expect(_flash(page)).to_contain_text("Đã trả lời ý kiến.")
    expect(page.locator("article")).to_contain_text("Đã xác minh với Bệnh viện A")
    screenshot(page, "awards-feedback-answered")
    page.goto(f"/khen-thuong/dot-xet/{round_.pk}/")
    page.get_by_role("button", name="Trình Hội đồng").click()
    expect(_flash(page)).to_contain_text("Thời gian công khai chưa kết thúc")

    assert sorted(Nomination.objects.values_list("status", flat=True)) == [
        NominationStatus.ACCEPTED,
        NominationStatus.ACCEPTED_WITH_OVERRIDE,
    ]
    assert DisclosureFeedback.objects.get().answer.startswith("Đã xác minh")
