"""The reporting setup page: the department officer reads and changes how units report and
which levels approve; everyone else is refused."""

from decimal import Decimal

import pytest
from django.test import Client

from thidua.accounts.roles import Role
from thidua.movements.enums import MovementStatus
from thidua.movements.tests.factories import make_movement
from thidua.organizations.tests.factories import grant
from thidua.reporting.models import ApprovalLevel, ReportingSetup
from thidua.reporting.tests.factories import make_plan


@pytest.fixture(autouse=True)
def _no_forced_two_factor(settings):
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def plan(org):
    return make_plan(org)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(movement) -> str:
    return f"/bao-cao/thiet-lap/{movement.pk}/"


SETTINGS = {
    "muc": "thiet-lap",
    "reported_kinds": ["quarter", "half_year", "year"],
    "jump_factor": "2,5",
    "reminder_days": "10, 3, 1",
    "overdue_every_days": "2",
    "tie_break_1": "self_total",
    "tie_break_2": "fewer_penalties",
    "tie_break_3": "",
    "tie_break_4": "",
}


def test_page_shows_the_current_setup(cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).get(_url(plan.movement))

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="jump_factor" value="3"' in html
    assert 'name="reminder_days" value="7, 1"' in html
    assert 'value="quarter" class="form-check-input" id="id_reported_kinds_1" checked' in html
    assert [depth.label for depth, _, _ in response.context["levels_form"].rows()] == [
        "Cấp 0 — đơn vị tổ chức phong trào (Sở Y tế Hà Nội)",
        "Cấp 1 — đơn vị trực thuộc (3 đơn vị, ví dụ Bệnh viện A)",
        "Cấp 2 — khoa, phòng, trạm (3 đơn vị, ví dụ Khoa Ngoại A2)",
    ]
    assert 'name="level_1_name" id="id_level_1_name" value="Đơn vị"' in html


def test_a_movement_without_setup_shows_the_defaults_without_writing(org, cast):
    movement = make_movement(org.root, status=MovementStatus.LAUNCHED)

    response = _client(cast[Role.DEPT_OFFICER]).get(_url(movement))

    assert "đang dùng thiết lập mặc định" in response.content.decode()
    assert response.context["levels"] == {1: "Đơn vị", 0: "Sở"}
    assert (ReportingSetup.objects.count(), ApprovalLevel.objects.count()) == (0, 0)


def test_save_the_settings(cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).post(_url(plan.movement), SETTINGS, follow=True)

    setup = ReportingSetup.objects.get(movement=plan.movement)
    assert (
        setup.reported_kinds,
        setup.jump_factor,
        setup.reminder_days,
        setup.overdue_every_days,
        setup.tie_breaks,
    ) == (
        ["quarter", "half_year", "year"],
        Decimal("2.50"),
        [10, 3, 1],
        2,
        ["self_total", "fewer_penalties"],
    )
    assert "Đã lưu thiết lập báo cáo." in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"jump_factor": "1"}, "Hệ số cảnh báo phải lớn hơn 1"),
        ({"jump_factor": "ba"}, "Hãy nhập một số, ví dụ 12,5 hoặc 12.5."),
        ({"reminder_days": "7 ngày"}, "Hãy nhập các số ngày, cách nhau bởi dấu phẩy, ví dụ: 7, 1."),
        ({"reported_kinds": []}, "Hãy chọn ít nhất một loại kỳ báo cáo."),
        (
            {"tie_break_3": "self_total"},
            "Mỗi tiêu chí phân định khi bằng điểm chỉ được chọn một lần.",
        ),
    ],
)
def test_bad_settings_are_shown_and_nothing_is_saved(cast, plan, changes, message):
    response = _client(cast[Role.DEPT_OFFICER]).post(_url(plan.movement), {**SETTINGS, **changes})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert ReportingSetup.objects.get(movement=plan.movement).reminder_days == [7, 1]


def test_save_the_levels(cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).post(
        _url(plan.movement),
        {
            "muc": "cap-duyet",
            "level_2_on": "on",
            "level_2_name": "Khoa, phòng",
            "level_1_on": "on",
            "level_1_name": "Bệnh viện",
            "level_0_name": "Sở",  # not ticked: no level at the Sở
        },
        follow=True,
    )

    assert list(
        ApprovalLevel.objects.filter(movement=plan.movement)
        .order_by("-depth")
        .values_list("depth", "name")
    ) == [(2, "Khoa, phòng"), (1, "Bệnh viện")]
    assert "Đã lưu các cấp duyệt báo cáo." in response.content.decode()


def test_no_level_is_refused(cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).post(_url(plan.movement), {"muc": "cap-duyet"})

    assert "Cần ít nhất một cấp duyệt báo cáo." in response.content.decode()
    assert ApprovalLevel.objects.filter(movement=plan.movement).count() == 2


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.DEPT_LEADER])
def test_others_are_refused(cast, plan, role):
    client = _client(cast[role])

    assert client.get(_url(plan.movement)).status_code == 403
    assert client.post(_url(plan.movement), SETTINGS).status_code == 403
    assert ReportingSetup.objects.get(movement=plan.movement).reminder_days == [7, 1]


def test_a_movement_the_officer_cannot_read_is_not_found(org, cast):
    movement = make_movement(org.b, status=MovementStatus.LAUNCHED)
    officer = cast[Role.UNIT_OFFICER]
    grant(officer, Role.DEPT_OFFICER, org.a)  # manages reporting at BV_A, not at BV_B

    assert _client(officer).get(_url(movement)).status_code == 404


def test_the_entry_opens_the_only_movement_one_organises(cast, plan):
    response = _client(cast[Role.DEPT_OFFICER]).get("/bao-cao/thiet-lap/")

    assert (response.status_code, response["Location"]) == (302, _url(plan.movement))


def test_the_entry_lists_the_movements_when_several(org, cast, plan):
    other = make_movement(org.root, status=MovementStatus.LAUNCHED, name="Phong trào thứ hai")

    response = _client(cast[Role.DEPT_OFFICER]).get("/bao-cao/thiet-lap/")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{_url(other)}">Phong trào thứ hai' in html
    assert f'href="{_url(plan.movement)}"' in html
