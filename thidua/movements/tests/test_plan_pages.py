"""The plan pages: movement list, overview, create/edit, scope, launch/close, phases, periods.

Permissions: the dept officer plans; dept leader, unit officer and staff read; a user whose
grants do not touch the organising unit's subtree gets 404; a missing permission is 403.
"""

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.models import AuditEntry
from thidua.movements.enums import ApprovalStatus, MovementStatus, PeriodKind, ReviewKind
from thidua.movements.models import (
    ContentArea,
    Criterion,
    Indicator,
    Movement,
    MovementScope,
    Period,
    Phase,
    UnitRegistration,
)
from thidua.movements.services.defaults import install_default_movement
from thidua.movements.tests.factories import (
    make_movement,
    make_phase,
    make_quarter,
    make_round,
    make_scope,
)
from thidua.organizations.tests.factories import UserFactory, grant, make_unit

D = dt.date


@pytest.fixture(autouse=True)
def _no_2fa(settings: Any) -> None:
    settings.THIDUA_2FA_REQUIRED = False


@pytest.fixture
def movement(org: Org) -> Movement:
    """The Sở's movement, draft, 18/07/2025–31/12/2030."""
    return make_movement(org.root, code="PT_SO", name="Phong trào của Sở")


@pytest.fixture
def movement_of_b(org: Org) -> Movement:
    """A movement organised by Bệnh viện B for its own khoa."""
    return make_movement(org.b, code="PT_BV_B", name="Phong trào của Bệnh viện B")


@pytest.fixture
def officer_of_a(org: Org) -> User:
    """A dept officer whose grant is on Bệnh viện A only."""
    user = UserFactory(username="thuong_truc_a")
    grant(user, Role.DEPT_OFFICER, org.a)
    return user


def _html(response: Any) -> str:
    return response.content.decode()


# --- The list -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "codes"),
    [
        (Role.DEPT_OFFICER, ["PT_BV_B", "PT_SO"]),
        (Role.DEPT_LEADER, ["PT_BV_B", "PT_SO"]),
        (Role.UNIT_OFFICER, ["PT_SO"]),
        (Role.STAFF, ["PT_SO"]),
    ],
)
def test_movement_list_shows_the_movements_each_role_may_read(
    client: Client,
    cast: Cast,
    movement: Movement,
    movement_of_b: Movement,
    role: Role,
    codes: list[str],
) -> None:
    movement_of_b.start_date = D(2026, 1, 1)
    movement_of_b.save()
    client.force_login(cast[role])

    response = client.get("/phong-trao/")

    assert response.status_code == 200
    assert [m.code for m in response.context["movements"]] == codes
    assert response.context["can_create"] is (role == Role.DEPT_OFFICER)


def test_movement_list_is_403_without_a_role_and_redirects_anonymous(
    client: Client, cast: Cast
) -> None:
    anonymous = client.get("/phong-trao/")
    client.force_login(cast.nobody)

    assert anonymous.status_code == 302
    assert client.get("/phong-trao/").status_code == 403


def test_movement_list_shows_status_badges(client: Client, cast: Cast, movement: Movement) -> None:
    Movement.objects.filter(pk=movement.pk).update(status=MovementStatus.LAUNCHED)
    client.force_login(cast[Role.DEPT_LEADER])

    html = _html(client.get("/phong-trao/"))

    assert '<span class="badge td-status td-status-launched">Đã phát động</span>' in html


@pytest.mark.parametrize("count", [3, 30])
def test_movement_list_query_count_does_not_grow(
    client: Client, cast: Cast, org: Org, count: int, django_assert_num_queries: Any
) -> None:
    for number in range(count):
        make_movement(org.root, code=f"PT_{number:02d}")
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, movements, base.html's link
    with django_assert_num_queries(5):
        response = client.get("/phong-trao/")

    assert len(response.context["movements"]) == count


# --- The overview ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "role", [Role.DEPT_OFFICER, Role.DEPT_LEADER, Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.STAFF]
)
def test_overview_is_readable_by_every_role_in_scope(
    client: Client, cast: Cast, movement: Movement, role: Role
) -> None:
    client.force_login(cast[role])

    response = client.get(f"/phong-trao/{movement.pk}/")

    assert response.status_code == 200
    assert response.context["can_manage"] is (role == Role.DEPT_OFFICER)


def test_overview_of_another_units_movement_is_404(
    client: Client, cast: Cast, movement_of_b: Movement
) -> None:
    client.force_login(cast[Role.UNIT_OFFICER])

    assert client.get(f"/phong-trao/{movement_of_b.pk}/").status_code == 404


def test_overview_of_the_default_movement_shows_the_whole_plan(
    client: Client, cast: Cast, org: Org
) -> None:
    movement = install_default_movement(owner=org.root).movement
    client.force_login(cast[Role.STAFF])

    response = client.get(f"/phong-trao/{movement.pk}/", {"nam": "2026"})

    overview = response.context["overview"]
    html = _html(response)
    assert [p.number for p in overview.phases] == [1, 2]
    assert [b.area.code for b in overview.areas] == [
        "ND1",
        "ND2",
        "ND3",
        "ND4",
        "ND5",
        "GP1",
        "GP2",
        "GP3",
        "GP4",
    ]
    assert overview.total_points == 100
    assert [(c.label, c.count) for c in overview.period_counts] == [
        ("Quý", 22),
        ("6 tháng", 11),
        ("Năm", 6),
    ]
    assert overview.registrations.round.year == 2026
    assert 'class="td-print-sheet"' in html
    assert "data-print" in html
    assert (
        "Hội nghị tổng kết phong trào thi đua đổi mới sáng tạo và chuyển đổi số 2025–2030" in html
    )
    assert "Tổng điểm tối đa: 100" in html
    assert "Mở đăng ký 01/01/2026, hạn đăng ký 31/03/2026." in html


def _summary(response: Any) -> list[tuple[str, int, int]]:
    return [
        (item.status, item.units, item.percent)
        for item in response.context["overview"].registrations.statuses
    ]


def test_overview_counts_units_by_registration_status_without_a_row_per_unit(
    client: Client, cast: Cast, org: Org, movement: Movement
) -> None:
    round_ = make_round(movement, 2026)
    for unit, status in [
        (org.a, ApprovalStatus.APPROVED),
        (org.b, ApprovalStatus.RETURNED),
        (org.a1, ApprovalStatus.SUBMITTED),  # a khoa: not a unit of the Sở, not counted
    ]:
        UnitRegistration.objects.create(round=round_, unit=unit, status=status)
    client.force_login(cast[Role.DEPT_LEADER])

    response = client.get(f"/phong-trao/{movement.pk}/", {"nam": "2026"})

    summary = response.context["overview"].registrations
    assert _summary(response) == [
        ("not_started", 1, 33),
        ("draft", 0, 0),
        ("submitted", 0, 0),
        ("approved", 1, 33),
        ("returned", 1, 33),
    ]
    assert (summary.total, summary.registered, summary.percent_registered) == (3, 2, 66)
    assert [item.status for item in summary.bars] == ["approved", "returned"]
    html = _html(response)
    assert "<strong>2/3</strong> đơn vị đã đăng ký (66%)" in html
    assert f'href="/phong-trao/{movement.pk}/dang-ky/2026/?trang_thai=not_started">1</a>' in html
    assert '<td class="num">0</td>' in html  # no link to an empty list
    assert f'href="/phong-trao/{movement.pk}/dang-ky/2026/">Xem tiến độ đăng ký' in html
    assert "Phòng Tổ chức cán bộ" not in html  # no row per unit


@pytest.mark.parametrize("role", [Role.DEPT_LEADER, Role.UNIT_OFFICER])
def test_overview_counts_are_those_of_the_progress_page(
    client: Client, cast: Cast, org: Org, movement: Movement, role: Role
) -> None:
    round_ = make_round(movement, 2026)
    make_scope(movement, org.a)
    make_scope(movement, org.b, subtree=False)
    UnitRegistration.objects.create(round=round_, unit=org.a, status=ApprovalStatus.DRAFT)
    client.force_login(cast[role])

    overview = client.get(f"/phong-trao/{movement.pk}/", {"nam": "2026"})
    progress = client.get(f"/phong-trao/{movement.pk}/dang-ky/2026/")

    counts = {status: units for status, units, _percent in _summary(overview)}
    assert counts == progress.context["progress"].counts
    assert sum(counts.values()) == progress.context["progress"].total
    assert sum(counts.values()) == (2 if role == Role.DEPT_LEADER else 1)


def test_overview_shows_the_latest_round_opened_by_default(
    client: Client, cast: Cast, movement: Movement
) -> None:
    today = timezone.localdate()
    make_round(movement, today.year, opens_on=D(today.year, 1, 1))
    make_round(movement, today.year + 1, opens_on=today)
    make_round(movement, today.year + 2, opens_on=today + dt.timedelta(days=1))
    client.force_login(cast[Role.DEPT_LEADER])

    response = client.get(f"/phong-trao/{movement.pk}/")

    summary = response.context["overview"].registrations
    assert (summary.year, summary.round.year) == (today.year + 1, today.year + 1)
    assert response.context["overview"].round_years == [
        today.year + 2,
        today.year + 1,
        today.year,
    ]


def test_overview_lists_the_scope(client: Client, cast: Cast, org: Org, movement: Movement) -> None:
    make_scope(movement, org.a)
    make_scope(movement, org.b, subtree=False)
    client.force_login(cast[Role.DEPT_LEADER])

    html = _html(client.get(f"/phong-trao/{movement.pk}/"))

    assert "Bệnh viện A; Bệnh viện B (chỉ đơn vị này)</dd>" in html


def test_overview_without_a_round_says_so(client: Client, cast: Cast, movement: Movement) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    response = client.get(f"/phong-trao/{movement.pk}/", {"nam": "2027"})

    assert response.context["overview"].registrations.round is None
    assert "Năm 2027 chưa có đợt đăng ký thi đua." in _html(response)


def _grow_plan(movement: Movement, org: Org, count: int) -> None:
    """`count` units taking part, registrations, phases, periods, areas, criteria, indicators."""
    round_ = make_round(movement, 2026)
    area = ContentArea.objects.create(
        movement=movement, code="ND1", name="Nội dung", kind="content"
    )
    for number in range(count):
        unit = make_unit(f"BV_X{number}", f"Bệnh viện {number}", parent=org.root)
        UnitRegistration.objects.create(round=round_, unit=unit, status=ApprovalStatus.SUBMITTED)
        criterion = Criterion.objects.create(
            movement=movement, area=area, code=f"TC{number}", name="Tiêu chí", max_points=1
        )
        Indicator.objects.create(
            movement=movement,
            criterion=criterion,
            code=f"CT{number}",
            name="Chỉ tiêu",
            value_type="count",
        )
        Period.objects.create(
            movement=movement,
            kind=PeriodKind.MONTH,
            year=2000 + number,
            number=1,
            name=f"Tháng 01/{2000 + number}",
            start_date=D(2000 + number, 1, 1),
            end_date=D(2000 + number, 1, 31),
            opens_on=D(2000 + number, 1, 31),
            due_on=D(2000 + number, 2, 10),
            locks_on=D(2000 + number, 3, 1),
        )
    for number in range(1, min(count, 5) + 1):
        make_phase(movement, number, D(2025 + number, 1, 1), D(2025 + number, 12, 31))


@pytest.mark.parametrize("count", [3, 60])
def test_overview_query_count_does_not_grow(
    client: Client,
    cast: Cast,
    org: Org,
    movement: Movement,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    _grow_plan(movement, org, count)
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, movement, areas, criteria, indicators, rounds, scope entries,
    # phases, period counts, scope rows of the participants, units by registration status,
    # base.html's link
    with django_assert_num_queries(15):  # 14, and the plan documents issued
        response = client.get(f"/phong-trao/{movement.pk}/", {"nam": "2026"})

    summary = response.context["overview"].registrations
    assert (summary.registered, summary.total) == (count, count + 3)


# --- Create and edit ------------------------------------------------------------------------------


def _form(org: Org, **changes: str) -> dict[str, Any]:
    return {
        "code": "cds_2026",
        "name": "Thi đua chuyển đổi số 2026",
        "kind": "thematic",
        "owner": str(org.root.pk),
        "for_collectives": "on",
        "for_individuals": "on",
        "start_date": "01/01/2026",
        "end_date": "31/12/2026",
        "description": "",
        "legal_basis": "",
        "reason": "",
    } | changes


def test_create_page_explains_thematic_movements_and_offers_only_planning_units(
    client: Client, cast: Cast, org: Org, officer_of_a: User
) -> None:
    client.force_login(officer_of_a)

    response = client.get("/phong-trao/them/")

    assert response.status_code == 200
    assert list(response.context["form"].fields["owner"].queryset) == [org.a]
    assert "Nghị định 152/2025/NĐ-CP, Điều 4 khoản 3" in _html(response)


def test_create_saves_a_draft_and_opens_its_overview(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post("/phong-trao/them/", _form(org))

    movement = Movement.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/phong-trao/{movement.pk}/"
    assert (movement.code, movement.status, movement.start_date) == (
        "CDS_2026",
        MovementStatus.DRAFT,
        D(2026, 1, 1),
    )


def test_create_shows_refusals_at_their_field(client: Client, cast: Cast, org: Org) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    dates = client.post("/phong-trao/them/", _form(org, end_date="01/01/2026"))
    typed = client.post("/phong-trao/them/", _form(org, start_date="2026-13-01"))

    assert dates.status_code == 200
    assert dates.context["form"].errors == {"end_date": ["Ngày kết thúc phải sau ngày bắt đầu."]}
    assert "is-invalid" in _html(dates)
    assert typed.context["form"].errors == {
        "start_date": ["Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/09/1990."]
    }
    assert Movement.objects.count() == 0


def test_create_refuses_an_owner_outside_the_users_planning_scope(
    client: Client, org: Org, officer_of_a: User
) -> None:
    client.force_login(officer_of_a)

    response = client.post("/phong-trao/them/", _form(org, owner=str(org.b.pk)))

    assert response.context["form"].errors == {
        "owner": ["Bạn không được tổ chức phong trào tại đơn vị này."]
    }


@pytest.mark.parametrize("role", [Role.DEPT_LEADER, Role.UNIT_OFFICER, Role.STAFF])
def test_create_is_403_for_readers(client: Client, cast: Cast, org: Org, role: Role) -> None:
    client.force_login(cast[role])

    assert client.get("/phong-trao/them/").status_code == 403
    assert client.post("/phong-trao/them/", _form(org)).status_code == 403
    assert Movement.objects.count() == 0


def test_edit_a_launched_movement_asks_for_a_reason(
    client: Client, cast: Cast, org: Org, movement: Movement
) -> None:
    Movement.objects.filter(pk=movement.pk).update(status=MovementStatus.LAUNCHED)
    client.force_login(cast[Role.DEPT_OFFICER])
    data = _form(org, code="PT_SO", name="Tên mới", start_date="18/07/2025", end_date="31/12/2030")

    refused = client.post(f"/phong-trao/{movement.pk}/sua/", data)
    saved = client.post(f"/phong-trao/{movement.pk}/sua/", data | {"reason": "Theo KH mới"})

    assert refused.context["form"].errors == {
        "reason": ["Phong trào đã phát động: hãy ghi lý do thay đổi (lưu vào nhật ký thao tác)."]
    }
    assert saved.status_code == 302
    assert Movement.objects.get().name == "Tên mới"
    assert AuditEntry.objects.get(target_type="movements.movement").reason == "Theo KH mới"


def test_edit_is_403_for_a_reader_in_scope_and_404_outside(
    client: Client,
    cast: Cast,
    movement: Movement,
    movement_of_b: Movement,
    officer_of_a: User,
) -> None:
    client.force_login(officer_of_a)
    visible_not_planned = client.get(f"/phong-trao/{movement.pk}/sua/")
    outside = client.get(f"/phong-trao/{movement_of_b.pk}/sua/")
    client.force_login(cast[Role.UNIT_OFFICER])
    no_permission = client.get(f"/phong-trao/{movement.pk}/sua/")

    assert (visible_not_planned.status_code, outside.status_code, no_permission.status_code) == (
        403,
        404,
        403,
    )


# --- Scope, launch, close -------------------------------------------------------------------------


def test_scope_page_lists_units_and_saves_the_choice(
    client: Client, cast: Cast, org: Org, movement: Movement
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    page = client.get(f"/phong-trao/{movement.pk}/pham-vi/")
    response = client.post(
        f"/phong-trao/{movement.pk}/pham-vi/",
        {"units": [org.a.pk, org.b.pk], "alone": [org.b.pk], "reason": ""},
    )

    assert [unit.code for unit in page.context["candidates"]] == ["SYT", "BV_A", "BV_B", "PS_TCCB"]
    assert response.status_code == 302
    assert sorted(MovementScope.objects.values_list("unit__code", "include_subtree")) == [
        ("BV_A", True),
        ("BV_B", False),
    ]


def test_scope_page_shows_a_refusal(
    client: Client, cast: Cast, org: Org, movement: Movement
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/pham-vi/", {"units": [org.root.pk, org.a.pk], "reason": ""}
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "units": [
            "“Bệnh viện A” đã nằm trong phạm vi của “Sở Y tế Hà Nội” (kèm các đơn vị trực "
            "thuộc); bỏ chọn một trong hai."
        ]
    }


def test_launch_then_close_through_the_pages(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    confirm = client.get(f"/phong-trao/{movement.pk}/phat-dong/")
    launched = client.post(f"/phong-trao/{movement.pk}/phat-dong/", {"reason": ""})
    again = client.post(f"/phong-trao/{movement.pk}/phat-dong/", {"reason": ""})
    closed = client.post(f"/phong-trao/{movement.pk}/ket-thuc/", {"reason": "Tổng kết 2030"})

    assert confirm.status_code == 200
    assert (launched.status_code, closed.status_code) == (302, 302)
    assert again.context["form"].non_field_errors() == [
        "Phong trào đang ở trạng thái “Đã phát động”."
    ]
    assert Movement.objects.get().status == MovementStatus.CLOSED


def test_launch_is_403_for_the_dept_leader(client: Client, cast: Cast, movement: Movement) -> None:
    client.force_login(cast[Role.DEPT_LEADER])

    assert client.post(f"/phong-trao/{movement.pk}/phat-dong/", {}).status_code == 403
    assert Movement.objects.get().status == MovementStatus.DRAFT


# --- Phases ---------------------------------------------------------------------------------------


def _phase_form(**changes: str) -> dict[str, str]:
    return {
        "number": "1",
        "name": "Giai đoạn 1",
        "start_date": "18/07/2025",
        "end_date": "30/06/2027",
        "review_kind": "preliminary",
        "review_name": "Sơ kết",
        "review_date": "15/07/2027",
        "reason": "",
    } | changes


def test_phase_create_edit_delete(client: Client, cast: Cast, movement: Movement) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    created = client.post(f"/phong-trao/{movement.pk}/giai-doan/them/", _phase_form())
    phase = Phase.objects.get()
    edited = client.post(f"/giai-doan/{phase.pk}/sua/", _phase_form(name="Giai đoạn đầu"))
    deleted = client.post(f"/giai-doan/{phase.pk}/xoa/", {"reason": "Nhập nhầm"})

    assert [r.status_code for r in (created, edited, deleted)] == [302, 302, 302]
    assert created["Location"] == f"/phong-trao/{movement.pk}/giai-doan/"
    assert Phase.objects.count() == 0
    assert list(
        AuditEntry.objects.filter(target_type="movements.phase")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["create", "update", "delete"]


def test_phase_create_shows_refusals_at_their_field(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/giai-doan/them/", _phase_form(start_date="01/01/2025")
    )

    assert response.context["form"].errors == {
        "start_date": [
            "Giai đoạn phải nằm trong thời gian của phong trào (18/07/2025 – 31/12/2030)."
        ]
    }
    assert "is-invalid" in _html(response)


def test_phase_list_readable_by_staff_without_actions(
    client: Client, cast: Cast, movement: Movement
) -> None:
    make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30), review_kind=ReviewKind.PRELIMINARY)
    client.force_login(cast[Role.STAFF])

    response = client.get(f"/phong-trao/{movement.pk}/giai-doan/")

    assert response.status_code == 200
    assert response.context["can_manage"] is False
    assert "Thêm giai đoạn" not in _html(response)
    assert '<span class="badge td-review-preliminary">Sơ kết</span>' in _html(response)


def test_phase_pages_of_another_units_movement_are_404(
    client: Client, movement_of_b: Movement, officer_of_a: User
) -> None:
    phase = make_phase(movement_of_b, 1, D(2026, 1, 1), D(2026, 12, 31))
    client.force_login(officer_of_a)

    assert client.get(f"/giai-doan/{phase.pk}/sua/").status_code == 404
    assert client.post(f"/giai-doan/{phase.pk}/xoa/", {}).status_code == 404
    assert client.get(f"/phong-trao/{movement_of_b.pk}/giai-doan/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_phase_list_query_count_does_not_grow(
    client: Client,
    cast: Cast,
    movement: Movement,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    start = D(2025, 8, 1)
    for number in range(1, count + 1):
        begin = start + dt.timedelta(days=40 * number)
        make_phase(movement, number, begin, begin + dt.timedelta(days=30))
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, movement, phases, base.html's link
    with django_assert_num_queries(6):
        response = client.get(f"/phong-trao/{movement.pk}/giai-doan/")

    assert len(response.context["phases"]) == count


# --- Periods --------------------------------------------------------------------------------------


def test_period_list_explains_the_three_dates_and_filters(
    client: Client, cast: Cast, movement: Movement
) -> None:
    for quarter in (1, 2, 3, 4):
        make_quarter(movement, 2026, quarter)
    make_quarter(movement, 2027, 1)
    client.force_login(cast[Role.UNIT_OFFICER])

    response = client.get(
        f"/phong-trao/{movement.pk}/ky-bao-cao/", {"loai": "quarter", "nam": "2027"}
    )

    html = _html(response)
    assert [p.name for p in response.context["periods"]] == ["Quý I/2027"]
    assert response.context["years"] == [2026, 2027]
    assert "Mở nhập liệu:</strong> từ ngày này đơn vị bắt đầu nhập số liệu." in html
    assert "Hạn nộp:</strong> ngày phải gửi báo cáo; nộp sau là nộp muộn." in html
    assert (
        "Khóa số liệu:</strong> sau ngày này không sửa được nữa, trừ khi Sở cho phép riêng." in html
    )
    assert response.context["can_manage"] is False


def test_period_generate_page_creates_and_reports_what_it_kept(
    client: Client, cast: Cast, org: Org
) -> None:
    movement = make_movement(org.root, start_date=D(2026, 1, 1), end_date=D(2026, 12, 31))
    make_quarter(movement, 2026, 1)
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/ky-bao-cao/tao/",
        {
            "kinds": ["quarter", "year"],
            "opens_before_end_days": "0",
            "due_after_days": "10",
            "lock_after_days": "30",
            "start": "",
            "end": "",
        },
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Đã tạo 4 kỳ báo cáo; giữ nguyên 1 kỳ đã có."
    ]
    assert Period.objects.count() == 5


def test_period_generate_shows_refusals_at_their_field(
    client: Client, cast: Cast, movement: Movement
) -> None:
    client.force_login(cast[Role.DEPT_OFFICER])

    response = client.post(
        f"/phong-trao/{movement.pk}/ky-bao-cao/tao/",
        {
            "kinds": ["quarter"],
            "opens_before_end_days": "0",
            "due_after_days": "30",
            "lock_after_days": "10",
        },
    )
    empty = client.post(f"/phong-trao/{movement.pk}/ky-bao-cao/tao/", {"due_after_days": "10"})

    assert response.context["form"].errors == {
        "lock_after_days": [
            "Ngày khóa số liệu phải sau hoặc trùng hạn nộp: số ngày khóa phải lớn hơn hoặc bằng "
            "số ngày hạn nộp."
        ]
    }
    assert empty.context["form"].errors["kinds"] == ["Hãy chọn ít nhất một loại kỳ báo cáo."]
    assert Period.objects.count() == 0


def test_period_edit_page_saves_and_refuses_due_after_lock(
    client: Client, cast: Cast, movement: Movement
) -> None:
    period = make_quarter(movement, 2026, 1)
    client.force_login(cast[Role.DEPT_OFFICER])

    refused = client.post(
        f"/ky-bao-cao/{period.pk}/sua/",
        {"opens_on": "31/03/2026", "due_on": "15/05/2026", "locks_on": "30/04/2026"},
    )
    saved = client.post(
        f"/ky-bao-cao/{period.pk}/sua/",
        {"opens_on": "25/03/2026", "due_on": "15/04/2026", "locks_on": "30/04/2026"},
    )

    assert refused.context["form"].errors == {
        "due_on": ["Hạn nộp phải trước hoặc trùng ngày khóa số liệu."]
    }
    assert saved["Location"] == f"/phong-trao/{movement.pk}/ky-bao-cao/?loai=quarter&nam=2026"
    assert Period.objects.get().due_on == D(2026, 4, 15)


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.DEPT_LEADER, Role.STAFF])
def test_period_changes_are_403_for_readers(
    client: Client, cast: Cast, movement: Movement, role: Role
) -> None:
    period = make_quarter(movement, 2026, 1)
    client.force_login(cast[role])

    assert client.get(f"/phong-trao/{movement.pk}/ky-bao-cao/tao/").status_code == 403
    assert client.post(f"/ky-bao-cao/{period.pk}/sua/", {}).status_code == 403


def test_period_edit_of_another_units_movement_is_404(
    client: Client, movement_of_b: Movement, officer_of_a: User
) -> None:
    period = make_quarter(movement_of_b, 2026, 1)
    client.force_login(officer_of_a)

    assert client.get(f"/ky-bao-cao/{period.pk}/sua/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_period_list_query_count_does_not_grow(
    client: Client,
    cast: Cast,
    movement: Movement,
    count: int,
    django_assert_num_queries: Any,
) -> None:
    for number in range(count):
        make_quarter(movement, 2000 + number, 1)
    client.force_login(cast[Role.DEPT_OFFICER])

    # session, user, grants, movement, years, periods, counts, base.html's link
    with django_assert_num_queries(8):
        response = client.get(f"/phong-trao/{movement.pk}/ky-bao-cao/")

    assert len(response.context["periods"]) == count
