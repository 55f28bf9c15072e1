"""Browser journeys of the people list (system Chromium): search as you type without a reload,
filters that apply themselves, the unit search field of large trees, a phone screen.
The `page` fixture fails the test on any JavaScript error or CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.organizations.enums import Gender
from thidua.organizations.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def people(org):
    PersonFactory(full_name="Nguyễn Văn An", unit=org.a1, gender=Gender.MALE, position="Bác sĩ")
    PersonFactory(full_name="Nguyễn Đức Giang", unit=org.a2, gender=Gender.MALE)
    PersonFactory(full_name="Lê Thị Lan", unit=org.b1)


def _names(page):
    return page.locator("#people-results tbody td:nth-child(2) a").all_inner_texts()


def test_officer_searches_people_as_they_type(page, cast, people):
    login(page, cast[Role.DEPT_OFFICER].username)
    page.wait_for_url("**/")
    page.goto("/can-bo/")
    page.evaluate("window.__sameDocument = true")

    page.get_by_label("Tìm kiếm").fill("nguyen van an")
    page.get_by_text("1 người khớp “nguyen van an”").wait_for()
    assert _names(page) == ["Nguyễn Văn An"]
    page.wait_for_url(
        re.compile(
            r".*/can-bo/\?loc=1&sap_xep=ten&q=nguyen(%20|\+)van(%20|\+)an&truc_thuoc=1&trang_thai=dang$"
        )
    )
    # The results were swapped in place: the page was not reloaded.
    assert page.evaluate("window.__sameDocument") is True
    screenshot(page, "people-search")

    page.get_by_label("Tìm kiếm").fill("")
    page.get_by_label("Giới tính").select_option(Gender.MALE)
    page.get_by_text("2 người", exact=True).wait_for()
    assert _names(page) == ["Nguyễn Văn An", "Nguyễn Đức Giang"]

    page.get_by_role("link", name="Họ và tên").click()
    page.wait_for_url(re.compile(r".*sap_xep=-ten"))
    assert _names(page) == ["Nguyễn Đức Giang", "Nguyễn Văn An"]
    # No request may still run when the test ends (the live server's in-memory database).
    page.wait_for_load_state("networkidle")


def test_officer_picks_a_unit_in_a_large_tree_by_typing(page, cast, people, org, settings):
    settings.THIDUA_PICKER_SELECT_MAX = 3
    login(page, cast[Role.DEPT_OFFICER].username)
    page.wait_for_url("**/")
    page.goto("/can-bo/")

    page.get_by_label("Đơn vị", exact=True).fill("khoa ngoai")
    page.get_by_role("option", name=re.compile("Khoa Ngoại A2")).click()
    page.wait_for_url(re.compile(rf".*don_vi={org.a2.pk}"))
    page.get_by_text("1 người tại Khoa Ngoại A2").wait_for()
    assert _names(page) == ["Nguyễn Đức Giang"]
    screenshot(page, "people-unit-picker")
    page.wait_for_load_state("networkidle")


def test_people_list_reads_on_a_phone(page, cast, people):
    page.set_viewport_size({"width": 390, "height": 844})
    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto("/can-bo/")

    expect(page.get_by_role("heading", name="Cán bộ, viên chức, người lao động")).to_be_visible()
    expect(page.get_by_text("3 người", exact=True)).to_be_visible()
    screenshot(page, "people-phone")
    page.wait_for_load_state("networkidle")
