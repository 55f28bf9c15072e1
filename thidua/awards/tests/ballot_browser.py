"""Browser steps of a council session shared by the council journeys: a member's secret ballot
and the secretary's entry of an absent member's written vote, agreeing on every candidate."""

from playwright.sync_api import Locator, Page, expect


def agree_to_all(scope: Locator) -> None:
    """Click "Đồng ý" for every candidate in `scope` (`.all()` does not wait: the choices must
    be on screen before they are read)."""
    agree = scope.get_by_text("Đồng ý", exact=True)
    expect(agree.first).to_be_visible()
    for label in agree.all():
        label.click()


def open_ballot(page: Page, session_url: str) -> Locator:
    """From the session page to the member's own ballot; the ballot's list."""
    page.goto(session_url)
    page.get_by_role("link", name="Bỏ phiếu kín").click()
    page.wait_for_url("**/bo-phieu/")
    return page.locator("[data-ballot]")


def enter_written_agreement(page: Page, session_url: str, member: str) -> None:
    """The secretary enters `member`'s written vote ("Thành viên 05 (Ủy viên)"), agreeing."""
    page.goto(session_url)
    written = page.locator("#phieu-van-ban").locator("xpath=..")
    written.get_by_label("Thành viên vắng mặt").select_option(label=member)
    agree_to_all(written)
    written.get_by_role("button", name="Ghi phiếu bằng văn bản").click()
