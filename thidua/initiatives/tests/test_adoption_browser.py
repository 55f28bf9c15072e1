"""Browser journey of nhân rộng (system Chromium): an officer of another unit records that their
hospital adopted a recognised initiative, typing numbers the Vietnamese way; a wrong number is
marked at its cell first; the list shows the change with its arrow and percentage."""

from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.initiatives.models import AdoptionIndicator
from thidua.initiatives.tests.decision_factories import make_recognised

pytestmark = [pytest.mark.browser]


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


def test_officer_records_an_adoption_and_sees_it_listed(page, org, cast):
    initiative = make_recognised(org.b, "Phần mềm nhắc lịch tái khám qua tin nhắn")
    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")

    page.goto(f"/sang-kien/{initiative.pk}/nhan-rong/them/")
    page.get_by_label("Đơn vị áp dụng").select_option(label="Bệnh viện A")
    page.get_by_label("Áp dụng từ ngày").fill(timezone.localdate().strftime("%d/%m/%Y"))
    page.get_by_label("Cách áp dụng, kết quả").fill("Triển khai tại khoa Khám bệnh từ đầu quý.")
    page.get_by_label("Chỉ số (dòng 1)").fill("Chi phí in phiếu hẹn")
    page.get_by_label("Đơn vị tính (dòng 1)").fill("nghìn đồng/tháng")
    page.get_by_label("Trước khi áp dụng (dòng 1)").fill("một nghìn")
    page.get_by_label("Sau khi áp dụng (dòng 1)").fill("300")
    page.get_by_role("button", name="Ghi nhận nhân rộng").click()
    page.get_by_text("“một nghìn” không phải là một số").wait_for()
    page.get_by_label("Trước khi áp dụng (dòng 1)").fill("1.234,5")
    screenshot(page, "initiative-adoption-form")
    page.get_by_role("button", name="Ghi nhận nhân rộng").click()

    page.get_by_text(f"Đã ghi nhận Bệnh viện A nhân rộng sáng kiến {initiative.code}.").wait_for()
    page.get_by_text("1.234,5 → 300").wait_for()
    page.get_by_text("↓ -75,7 %").wait_for()
    screenshot(page, "initiative-adoption-list")
    assert list(AdoptionIndicator.objects.values_list("before", "after")) == [
        (Decimal("1234.50"), Decimal("300.00"))
    ]
