"""Helpers for the browser tests of every app (Playwright on the system Chromium).

A top-level module, importing no app, so that tests of core and accounts can use it without
depending on organizations (import-linter's layers); the fixtures are in thidua/conftest.py.
"""

from pathlib import Path

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page

SCREENSHOT_DIR = Path(__file__).resolve().parent.parent / "test-artifacts" / "screenshots"
TEST_PASSWORD = "mat-khau-thu-nghiem-1"  # noqa: S105 - the factories' password, tests only


def screenshot(page: Page, name: str) -> Path:
    """Save a full-page PNG under test-artifacts/screenshots for a human to look at.

    Chromium now and then refuses a capture taken while the page it has just loaded is still
    being laid out ("Unable to capture screenshot", once in the CI run of 28/11/2026): the
    capture is tried again once the page has loaded."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    target = SCREENSHOT_DIR / f"{name}.png"
    try:
        page.screenshot(path=str(target), full_page=True)
    except PlaywrightError:
        page.wait_for_load_state("load")
        page.screenshot(path=str(target), full_page=True)
    return target


def login(page: Page, username: str, password: str = TEST_PASSWORD) -> None:
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()


def htmx_idle(page: Page) -> None:
    """Wait until htmx has no request in flight and has settled what it swapped in (a robot
    acts faster than htmx wires new content; a person does not)."""
    from playwright.sync_api import expect

    expect(page.locator(".htmx-request, .htmx-settling, .htmx-swapping")).to_have_count(0)


def login_as(page: Page, username: str, password: str = TEST_PASSWORD) -> None:
    """Sign out whoever is signed in, sign `username` in and wait for the home page (a journey
    where several people act in turn)."""
    page.context.clear_cookies()
    login(page, username, password)
    page.wait_for_url("**/")
