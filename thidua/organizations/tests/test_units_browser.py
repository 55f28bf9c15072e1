"""Browser journey of the unit tree (system Chromium): expand and collapse nodes with htmx,
search as you type. The `page` fixture fails the test on any JavaScript error or CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.organizations.tests.factories import PersonFactory, make_unit

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def test_officer_expands_the_tree_and_finds_a_unit_without_diacritics(page, cast, org):
    make_unit("BV_DG", "Bệnh viện Đa khoa Đức Giang", parent=org.root)
    PersonFactory.create_batch(2, unit=org.a2)
    login(page, cast[Role.DEPT_OFFICER].username)
    page.wait_for_url("**/")

    page.get_by_role("link", name="Đơn vị", exact=True).click()
    page.wait_for_url("**/don-vi/")
    page.get_by_role("link", name="Mở các đơn vị trực thuộc của Sở Y tế Hà Nội").click()
    hospital_a = page.locator(f"#con-{org.root.pk} > li").filter(has_text="Bệnh viện A").first
    hospital_a.wait_for()
    page.get_by_role("link", name="Mở các đơn vị trực thuộc của Bệnh viện A").click()
    page.locator(f"#con-{org.a.pk}").get_by_text("Khoa Ngoại A2").wait_for()
    assert "2 người" in page.locator(f"#con-{org.a.pk}").inner_text()
    screenshot(page, "units-tree")

    toggle = page.get_by_role("link", name="Mở các đơn vị trực thuộc của Bệnh viện A")
    toggle.click()
    assert page.locator(f"#con-{org.a.pk}").is_hidden()
    assert toggle.get_attribute("aria-expanded") == "false"
    toggle.click()
    expect(page.locator(f"#con-{org.a.pk}")).to_be_visible()

    page.get_by_label("Tìm đơn vị").fill("duc giang")
    page.get_by_text("1 đơn vị khớp “duc giang”").wait_for()
    expect(page.get_by_role("link", name="Bệnh viện Đa khoa Đức Giang")).to_be_visible()
    page.wait_for_url(re.compile(r".*/don-vi/\?q=duc(%20|\+)giang$"))
    screenshot(page, "units-search")

    page.get_by_role("link", name="Bệnh viện Đa khoa Đức Giang").click()
    page.wait_for_url("**/don-vi/*/")
    expect(page.get_by_role("heading", name="Bệnh viện Đa khoa Đức Giang")).to_be_visible()
    # No request may still run when the test ends (the live server's in-memory database).
    page.wait_for_load_state("networkidle")
