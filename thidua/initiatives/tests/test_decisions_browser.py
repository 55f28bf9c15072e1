"""Browser journey of the council's decision (system Chromium): members vote on a round closed
for scoring (htmx, on the results page), the secretary records an absent member's paper ballot,
the manager recognises one initiative with its decision number and refuses the other with
reasons (refused empty first), and the author reads the printable notice. The `page` fixture
fails on any JS error or CSP violation."""

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.initiatives.models import Decision
from thidua.initiatives.tests.decision_factories import make_closed_round, score

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def _as(page, user):
    page.context.clear_cookies()
    login(page, user.username)
    page.wait_for_url("**/")


def _vote(page, initiative, button: str) -> None:
    card = page.locator(f"#sk-{initiative.pk}")
    card.get_by_role("button", name=button).click()
    htmx_idle(page)
    page.locator(f"#sk-{initiative.pk}").get_by_text("Đã ghi nhận biểu quyết của bạn").wait_for()


def test_members_vote_the_manager_decides_and_the_author_reads_the_notice(page, org, cast):
    setup = make_closed_round(
        org.a,
        members=3,
        titles=("Đặt lịch khám trực tuyến qua cổng bệnh viện", "Sổ tay điện tử cho điều dưỡng"),
    )
    chair, member, secretary = setup.users
    good, weak = setup.initiatives
    score(setup, good, ["82", "78", "85"])
    score(setup, weak, ["55", "40", "75"])
    manager = cast[Role.UNIT_OFFICER]
    manager.full_name = "Lê Thu Hà"
    manager.save()
    url = f"/sang-kien/dot-cham/{setup.round.pk}/ket-qua/"
    today = timezone.localdate().strftime("%d/%m/%Y")

    # The chair and a member vote on the page.
    _as(page, chair)
    page.goto(url)
    page.get_by_text("cần 2 trong 3 phiếu đồng ý").first.wait_for()
    _vote(page, good, "Đồng ý công nhận")
    _vote(page, weak, "Không đồng ý")
    screenshot(page, "initiative-round-results-member")
    _as(page, member)
    page.goto(url)
    _vote(page, good, "Đồng ý công nhận")
    page.locator(f"#sk-{good.pk}").get_by_text("đã đạt").wait_for()

    # The secretary records the member's paper ballot on the weak one, then votes.
    _as(page, secretary)
    page.goto(url)
    card = page.locator(f"#sk-{weak.pk}")
    card.get_by_label("Ghi phiếu giấy của").select_option(label=member.display_name)
    card.get_by_label("Lựa chọn trên phiếu").select_option(label="Không đồng ý")
    card.get_by_role("button", name="Ghi phiếu").click()
    htmx_idle(page)
    card.get_by_text(f"Đã ghi phiếu biểu quyết của {member.display_name}").wait_for()
    _vote(page, weak, "Không đồng ý")

    # The manager recognises the first one with its decision number.
    _as(page, manager)
    page.goto(url)
    page.locator(f"#sk-{good.pk}").get_by_role("link", name="Ra quyết định…").click()
    page.get_by_text("Đạt tỷ lệ thông qua").wait_for()
    page.get_by_label("Số quyết định").fill("15/QĐ-BVA")
    page.get_by_label("Ngày quyết định").fill(today)
    screenshot(page, "initiative-decision-form")
    page.get_by_role("button", name="Ghi quyết định công nhận").click()
    page.get_by_text(
        f"Đã công nhận sáng kiến {good.code} cấp cơ sở, quyết định số 15/QĐ-BVA."
    ).wait_for()
    page.locator(f"#sk-{good.pk}").get_by_text("Quyết định số 15/QĐ-BVA").wait_for()

    # The second is refused: the reasons are required first.
    page.locator(f"#sk-{weak.pk}").get_by_role("link", name="Ra quyết định…").click()
    page.get_by_role("button", name="Ghi quyết định không công nhận").click()
    page.get_by_text("Hãy nêu lý do không công nhận để thông báo cho tác giả.").wait_for()
    page.get_by_label("Lý do không công nhận").fill(
        "Giải pháp chưa được áp dụng thử tại đơn vị; chưa có số liệu hiệu quả."
    )
    page.get_by_role("button", name="Ghi quyết định không công nhận").click()
    page.get_by_text(f"Đã ghi nhận không công nhận sáng kiến {weak.code}").wait_for()
    page.get_by_text("Đã ra quyết định").first.wait_for()
    screenshot(page, "initiative-round-results-decided")
    good.refresh_from_db()
    assert (good.status, good.decision_number, good.level) == ("recognised", "15/QĐ-BVA", "base")

    # The author reads the notice from their notification.
    author = weak.authors.get().person.user
    _as(page, author)
    notice = Decision.objects.get(initiative=weak)
    page.goto(f"/sang-kien/quyet-dinh/{notice.pk}/")
    page.get_by_role("heading", name="Thông báo").wait_for()
    page.get_by_text(
        "Giải pháp chưa được áp dụng thử tại đơn vị; chưa có số liệu hiệu quả."
    ).wait_for()
    page.get_by_role("button", name="In", exact=True).wait_for()
    screenshot(page, "initiative-not-recognised-notice")
