"""Browser journeys of registrations (system Chromium): a unit registers before the deadline, a
staff member registers a personal commitment, the head ticks "all" and approves; the targets
matrix and the progress page on a phone. The `page` fixture fails on any JS error or CSP
violation."""

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.browser_testing import login, screenshot
from thidua.movements.enums import ApprovalStatus, MovementStatus, TargetStatus, ValueType
from thidua.movements.models import PersonalRegistration, UnitRegistration, YearlyTarget
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
    make_personal_registration,
    make_target,
    open_round_today,
)
from thidua.organizations.tests.factories import PersonFactory

pytestmark = [pytest.mark.browser]
YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org):
    movement = make_movement(
        org.root,
        name="Cả nước thi đua đổi mới sáng tạo và chuyển đổi số",
        status=MovementStatus.LAUNCHED,
    )
    criterion = make_criterion(make_area(movement), "1", 100)
    dvc = make_indicator(
        criterion,
        "DVC_TT",
        value_type=ValueType.PERCENTAGE,
        name="Tỉ lệ thủ tục hành chính trực tuyến toàn trình",
        unit_label="%",
        order=1,
    )
    emr = make_indicator(
        criterion, "BA_DT", value_type=ValueType.PERCENTAGE, name="Bệnh án điện tử", order=2
    )
    trained = make_indicator(
        criterion, "BDHVS", value_type=ValueType.COUNT, name="Người học Bình dân học vụ số", order=3
    )
    for indicator, value in ((dvc, 80), (emr, 60), (trained, 500)):
        YearlyTarget.objects.create(indicator=indicator, year=YEAR, value=value)
    make_target(dvc, org.a, YEAR, 90)
    make_target(emr, org.b, YEAR, 75, status=TargetStatus.PROPOSED)
    open_round_today(movement)
    return movement


def test_unit_officer_registers_the_unit_before_the_deadline(page, cast, org, movement):
    page.on("dialog", lambda dialog: dialog.accept())
    login(page, cast[Role.UNIT_OFFICER].username)
    page.wait_for_url("**/")
    page.goto(f"/phong-trao/{movement.pk}/dang-ky/{YEAR}/")
    page.get_by_role("link", name="Mở").click()

    page.get_by_label("Danh hiệu tập thể đăng ký").select_option(label="Tập thể lao động xuất sắc")
    page.get_by_label("Nội dung đăng ký, cam kết").fill(
        "100% hồ sơ bệnh án điện tử; 90% thủ tục hành chính trực tuyến toàn trình."
    )
    page.get_by_label("Số người đăng ký “Lao động tiên tiến”").fill("250")
    page.get_by_role("button", name="Gửi đăng ký").click()

    page.get_by_text(f"Đã gửi đăng ký thi đua năm {YEAR} của Bệnh viện A; chờ Sở duyệt.").wait_for()
    registration = UnitRegistration.objects.get()
    assert (registration.status, registration.individual_counts) == (
        ApprovalStatus.SUBMITTED,
        {"lao_dong_tien_tien": 250},
    )
    screenshot(page, "registration-unit-submitted")


def test_staff_registers_and_head_approves_all_ticked(page, cast, org, movement):
    round_ = movement.rounds.get()
    make_personal_registration(round_, PersonFactory(unit=org.a2, full_name="Trần Văn Bảo"))
    login(page, cast[Role.STAFF].username)
    page.wait_for_url("**/")
    page.get_by_role("button", name=cast[Role.STAFF].display_name).click()
    page.get_by_role("link", name="Đăng ký thi đua của tôi").click()
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    page.get_by_label("Danh hiệu đăng ký").select_option(label="Chiến sĩ thi đua cơ sở")
    page.get_by_label("Nội dung cam kết").fill(
        "Một sáng kiến cấp cơ sở về đặt lịch khám trực tuyến."
    )
    page.get_by_role("button", name="Gửi đăng ký").click()
    page.get_by_text("Đã gửi đăng ký; chờ thủ trưởng đơn vị duyệt.").wait_for()
    screenshot(page, "registration-personal-submitted")
    page.context.clear_cookies()

    login(page, cast[Role.UNIT_HEAD].username)
    page.wait_for_url("**/")
    page.goto(f"/phong-trao/{movement.pk}/dang-ky/{YEAR}/ca-nhan/?trang_thai=submitted")
    page.get_by_label("Chọn tất cả đăng ký chờ duyệt trên trang").check()
    assert page.locator("input[name=ids]:checked").count() == 2
    screenshot(page, "registration-head-list")
    page.get_by_role("button", name="Duyệt các đăng ký đã chọn").click()

    page.get_by_text("Đã duyệt 2 đăng ký.").wait_for()
    assert set(PersonalRegistration.objects.values_list("status", flat=True)) == {"approved"}


def test_targets_matrix_and_progress_on_screens(page, cast, org, movement):
    login(page, cast[Role.DEPT_OFFICER].username)
    page.wait_for_url("**/")
    page.goto(f"/phong-trao/{movement.pk}/chi-tieu/?nam={YEAR}")
    page.get_by_text("1 chỉ tiêu đơn vị đề xuất đang chờ Sở duyệt.").wait_for()
    screenshot(page, "targets-matrix")
    page.get_by_role("link", name="Xem đề xuất (1)").click()
    page.get_by_role("button", name="Duyệt các chỉ tiêu đã chọn").click()
    page.get_by_text("Đã duyệt 1 chỉ tiêu đề xuất của Bệnh viện B.").wait_for()

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/phong-trao/{movement.pk}/dang-ky/{YEAR}/")
    page.get_by_role("heading", name=f"Đăng ký thi đua năm {YEAR}").wait_for()
    screenshot(page, "registration-progress-phone")
