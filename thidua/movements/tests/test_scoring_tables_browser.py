"""Browser journey of a scoring rule (system Chromium): the department switches an indicator's
method with htmx, adds and removes band rows, is shown the band problems, fixes them and saves;
then sets the title bands. The `page` fixture fails on any JavaScript error or CSP violation."""

import pytest

from thidua.accounts.roles import Role
from thidua.browser_testing import htmx_idle, login, screenshot
from thidua.movements.models import ScoringRule, TitleBand
from thidua.movements.tests.factories import (
    make_indicators,
    make_movement,
    make_rule,
    make_scoring_table,
)

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def test_officer_writes_a_band_rule_and_the_title_bands(page, cast, org):
    movement = make_movement(org.root, name="Thi đua đổi mới sáng tạo và chuyển đổi số")
    _table, version = make_scoring_table(movement, name="Bảng chấm điểm 2026")
    first, second = make_indicators(movement, 2)
    make_rule(version, first, method="linear", max_points="60", params={"cap_ratio": "1"})
    login(page, cast[Role.DEPT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto(f"/bang-diem/phien-ban/{version.pk}/")
    page.get_by_role("link", name=f"Thêm quy tắc cho {second.code}").click()
    page.wait_for_url(f"**/chi-tieu/{second.pk}/")
    page.get_by_label("Cách tính điểm").select_option("linear")
    htmx_idle(page)
    page.get_by_label("Hệ số trần").wait_for()
    page.get_by_label("Cách tính điểm").select_option("bands")
    htmx_idle(page)
    page.get_by_label("Từ, khoảng 1").wait_for()
    page.get_by_label("Điểm tối đa").fill("40")
    page.get_by_label("Từ, khoảng 1").fill("0")
    page.get_by_label("Đến, khoảng 1").fill("60")
    page.get_by_label("Điểm, khoảng 1").fill("0")
    page.get_by_role("button", name="Thêm khoảng").click()
    htmx_idle(page)
    page.get_by_label("Từ, khoảng 2").wait_for()
    assert page.get_by_label("Từ, khoảng 2").input_value() == "60"
    page.get_by_label("Từ, khoảng 2").fill("50")
    page.get_by_label("Điểm, khoảng 2").fill("40")
    page.get_by_role("button", name="Thêm khoảng").click()
    htmx_idle(page)
    page.get_by_label("Từ, khoảng 3").wait_for()
    page.get_by_role("button", name="Bỏ khoảng 3").click()
    htmx_idle(page)
    page.get_by_label("Từ, khoảng 3").wait_for(state="detached")
    page.get_by_role("button", name="Lưu quy tắc").click()

    page.get_by_text("Khoảng 2 (từ 50 trở lên) chồng lên khoảng 1 (0 – 60).").wait_for()
    screenshot(page, "scoring-rule-bands-problem")
    page.get_by_label("Từ, khoảng 2").fill("60")
    page.get_by_label("Từ, khoảng 2").press("Enter")
    page.wait_for_url(f"**/bang-diem/phien-ban/{version.pk}/#chi-tieu-{second.pk}")
    assert ScoringRule.objects.get(version=version, indicator=second).params == {
        "bands": [
            {"from": "0", "to": "60", "points": "0"},
            {"from": "60", "to": None, "points": "40"},
        ]
    }
    page.get_by_text("Đã lưu quy tắc chấm điểm của CT_02.").wait_for()

    page.get_by_role("link", name="Mức xếp loại").click()
    page.get_by_label("Từ điểm, mức 1").fill("90")
    page.get_by_label("Xếp loại, mức 1").fill("Xuất sắc")
    page.get_by_role("button", name="Thêm mức").click()
    htmx_idle(page)
    page.get_by_label("Từ điểm, mức 2").fill("72,5")
    page.get_by_label("Xếp loại, mức 2").fill("Tốt")
    page.get_by_role("button", name="Lưu mức xếp loại").click()
    page.wait_for_url(f"**/bang-diem/phien-ban/{version.pk}/#xep-loai")
    assert [(str(b.min_total), b.label) for b in TitleBand.objects.filter(version=version)] == [
        ("90.00", "Xuất sắc"),
        ("72.50", "Tốt"),
    ]
    screenshot(page, "scoring-version-sheet")
    page.wait_for_load_state("networkidle")
