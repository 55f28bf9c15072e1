"""Targets per unit: the department assigns, a unit proposes, the department approves or returns;
numbers read and checked alike from every channel."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import MovementStatus, TargetStatus, ValueType
from thidua.movements.models import Indicator, Movement, Target
from thidua.movements.services.registrations.targets import (
    EntryProblem,
    TargetEntriesError,
    TargetEntry,
    approve_targets,
    return_targets,
    save_targets,
)
from thidua.movements.services.registrations.values import NumberError, parse_number
from thidua.movements.tests.factories import (
    make_area,
    make_criterion,
    make_indicator,
    make_movement,
    make_scope,
    make_target,
)

YEAR = 2026


@dataclass
class Plan:
    movement: Movement
    dvc: Indicator  # percentage
    trained: Indicator  # count
    budget: Indicator  # number
    emr: Indicator  # yes/no: no numeric target


@pytest.fixture
def plan(org: Org) -> Plan:
    movement = make_movement(org.root, status=MovementStatus.LAUNCHED)
    criterion = make_criterion(make_area(movement), "1", 100)
    return Plan(
        movement=movement,
        dvc=make_indicator(criterion, "DVC", value_type=ValueType.PERCENTAGE, order=1),
        trained=make_indicator(criterion, "DAO_TAO", value_type=ValueType.COUNT, order=2),
        budget=make_indicator(criterion, "KINH_PHI", value_type=ValueType.NUMBER, order=3),
        emr=make_indicator(criterion, "BA_DT", value_type=ValueType.BOOLEAN, order=4),
    )


def _save(user, plan: Plan, *entries: TargetEntry, year: int = YEAR):
    return save_targets(by=user, movement=plan.movement, year=year, entries=list(entries))


def _problems(excinfo: pytest.ExceptionInfo[TargetEntriesError]) -> list[EntryProblem]:
    return excinfo.value.problems


# --- Assign and propose -------------------------------------------------------------------------


def test_save_targets_department_assigns_in_force(cast: Cast, org: Org, plan: Plan) -> None:
    officer = cast[Role.DEPT_OFFICER]

    saved = _save(
        officer,
        plan,
        TargetEntry(unit=org.a, indicator=plan.dvc, value="85,5"),
        TargetEntry(unit=org.b, indicator=plan.trained, value=120),
    )

    assert (saved.created, saved.updated, saved.proposed) == (2, 0, 0)
    rows = list(
        Target.objects.order_by("unit__code").values_list(
            "unit__code", "indicator__code", "year", "value", "status", "decided_by"
        )
    )
    assert rows == [
        ("BV_A", "DVC", YEAR, Decimal("85.5000"), TargetStatus.APPROVED, officer.pk),
        ("BV_B", "DAO_TAO", YEAR, Decimal("120.0000"), TargetStatus.APPROVED, officer.pk),
    ]
    entry = AuditEntry.objects.get(target_type="movements.target", unit_path=org.a.path)
    assert (entry.action, entry.actor_id) == (AuditAction.CREATE, officer.pk)
    assert entry.changes == {
        "value": [None, "85.5000"],
        "status": [None, "approved"],
        "note": [None, ""],
    }


def test_save_targets_unit_officer_proposes_for_own_unit(cast: Cast, org: Org, plan: Plan) -> None:
    officer = cast[Role.UNIT_OFFICER]

    saved = _save(
        officer, plan, TargetEntry(unit=org.a, indicator=plan.dvc, value="90", note="Căn cứ 2025")
    )

    assert (saved.created, saved.proposed) == (1, 1)
    target = Target.objects.get()
    assert (target.value, target.status, target.note, target.decided_by) == (
        Decimal("90"),
        TargetStatus.PROPOSED,
        "Căn cứ 2025",
        None,
    )


def test_save_targets_unit_officer_cannot_touch_another_unit_nothing_written(
    cast: Cast, org: Org, plan: Plan
) -> None:
    with pytest.raises(TargetEntriesError) as excinfo:
        _save(
            cast[Role.UNIT_OFFICER],
            plan,
            TargetEntry(unit=org.a, indicator=plan.dvc, value="90"),
            TargetEntry(unit=org.b, indicator=plan.dvc, value="90"),
        )

    assert _problems(excinfo) == [
        EntryProblem(
            1,
            "unit",
            "Đơn vị “Bệnh viện B” nằm ngoài phạm vi bạn được giao hoặc đề xuất chỉ tiêu.",
        )
    ]
    assert Target.objects.count() == 0
    assert AuditEntry.objects.filter(target_type="movements.target").count() == 0


def test_save_targets_staff_and_head_may_not_write(cast: Cast, org: Org, plan: Plan) -> None:
    for role in (Role.STAFF, Role.UNIT_HEAD, Role.DEPT_LEADER):
        with pytest.raises(TargetEntriesError) as excinfo:
            _save(cast[role], plan, TargetEntry(unit=org.a1, indicator=plan.dvc, value="1"))

        assert [p.field for p in _problems(excinfo)] == ["unit"]
    assert Target.objects.count() == 0


@pytest.mark.parametrize(
    ("indicator", "value", "message"),
    [
        ("dvc", "120", "Tỉ lệ phần trăm phải từ 0 đến 100 (đã nhập 120)."),
        ("dvc", "-1", "Tỉ lệ phần trăm phải từ 0 đến 100 (đã nhập -1)."),
        ("trained", "2,5", "Chỉ tiêu đếm số lượng phải là số nguyên không âm (đã nhập 2,5)."),
        ("trained", "-3", "Chỉ tiêu đếm số lượng phải là số nguyên không âm (đã nhập -3)."),
        ("budget", "mười", "“mười” không phải là một số (ví dụ đúng: 85 hoặc 85,5)."),
        ("budget", "12000000000", "Giá trị 12.000.000.000 quá lớn."),
        ("emr", "1", "Chỉ tiêu “BA_DT” (Có/Không) không giao chỉ tiêu bằng số."),
    ],
)
def test_save_targets_refuses_values_the_indicator_refuses(
    cast: Cast, org: Org, plan: Plan, indicator: str, value: str, message: str
) -> None:
    with pytest.raises(TargetEntriesError) as excinfo:
        _save(
            cast[Role.DEPT_OFFICER],
            plan,
            TargetEntry(unit=org.a, indicator=getattr(plan, indicator), value=value),
        )

    assert _problems(excinfo) == [EntryProblem(0, "value", message)]
    assert Target.objects.count() == 0


def test_save_targets_respects_the_indicators_bounds(cast: Cast, org: Org, plan: Plan) -> None:
    plan.budget.min_value, plan.budget.max_value = Decimal(10), Decimal(500)
    plan.budget.save()

    with pytest.raises(TargetEntriesError) as excinfo:
        _save(
            cast[Role.DEPT_OFFICER],
            plan,
            TargetEntry(unit=org.a, indicator=plan.budget, value="5"),
            TargetEntry(unit=org.b, indicator=plan.budget, value="501"),
        )

    assert [p.message for p in _problems(excinfo)] == [
        "Phải từ 10 trở lên (đã nhập 5).",
        "Không được vượt quá 500 (đã nhập 501).",
    ]


def test_save_targets_same_cell_twice_refused(cast: Cast, org: Org, plan: Plan) -> None:
    with pytest.raises(TargetEntriesError) as excinfo:
        _save(
            cast[Role.DEPT_OFFICER],
            plan,
            TargetEntry(unit=org.a, indicator=plan.dvc, value="80"),
            TargetEntry(unit=org.a, indicator=plan.dvc, value="90"),
        )

    assert _problems(excinfo) == [
        EntryProblem(1, "value", "Chỉ tiêu DVC của Bệnh viện A được nhập hai lần.")
    ]


def test_save_targets_refuses_units_not_taking_part(cast: Cast, org: Org, plan: Plan) -> None:
    make_scope(plan.movement, org.a)

    with pytest.raises(TargetEntriesError) as excinfo:
        _save(
            cast[Role.DEPT_OFFICER],
            plan,
            TargetEntry(unit=org.b, indicator=plan.dvc, value="80"),
            TargetEntry(unit=org.root, indicator=plan.dvc, value="80"),
        )

    assert [p.message for p in _problems(excinfo)] == [
        "Đơn vị “Bệnh viện B” không tham gia phong trào này.",
        "Đơn vị “Sở Y tế Hà Nội” không tham gia phong trào này.",
    ]


def test_save_targets_refuses_indicator_of_another_movement(
    cast: Cast, org: Org, plan: Plan
) -> None:
    other = make_movement(org.root)
    foreign = make_indicator(make_criterion(make_area(other), "1", 100), "KHAC")

    with pytest.raises(TargetEntriesError) as excinfo:
        _save(cast[Role.DEPT_OFFICER], plan, TargetEntry(unit=org.a, indicator=foreign, value=1))

    assert _problems(excinfo) == [
        EntryProblem(0, "indicator", "Chỉ tiêu “KHAC” không thuộc phong trào này.")
    ]


def test_save_targets_refuses_year_outside_movement_and_closed_movement(
    cast: Cast, org: Org, plan: Plan
) -> None:
    entry = TargetEntry(unit=org.a, indicator=plan.dvc, value="80")

    with pytest.raises(DomainError) as outside:
        _save(cast[Role.DEPT_OFFICER], plan, entry, year=2031)
    plan.movement.status = MovementStatus.CLOSED
    plan.movement.save()
    with pytest.raises(DomainError) as closed:
        _save(cast[Role.DEPT_OFFICER], plan, entry)

    assert (outside.value.message, outside.value.field) == (
        "Năm 2031 nằm ngoài thời gian của phong trào (2025–2030).",
        "year",
    )
    assert closed.value.message == (
        f"Phong trào “{plan.movement.name}” đã tổng kết; không thay đổi chỉ tiêu, đăng ký được nữa."
    )
    assert Target.objects.count() == 0


def test_save_targets_blank_and_equal_values_change_nothing(
    cast: Cast, org: Org, plan: Plan
) -> None:
    make_target(plan.dvc, org.a, YEAR, "80")

    saved = _save(
        cast[Role.DEPT_OFFICER],
        plan,
        TargetEntry(unit=org.a, indicator=plan.dvc, value="80,0"),
        TargetEntry(unit=org.a, indicator=plan.trained, value="  "),
    )

    assert (saved.created, saved.updated, saved.unchanged) == (0, 0, 1)
    assert AuditEntry.objects.filter(target_type="movements.target").count() == 0


def test_save_targets_unit_cannot_propose_over_an_assigned_target(
    cast: Cast, org: Org, plan: Plan
) -> None:
    make_target(plan.dvc, org.a, YEAR, "80")

    with pytest.raises(TargetEntriesError) as excinfo:
        _save(cast[Role.UNIT_OFFICER], plan, TargetEntry(unit=org.a, indicator=plan.dvc, value=70))
    same = _save(
        cast[Role.UNIT_OFFICER], plan, TargetEntry(unit=org.a, indicator=plan.dvc, value=80)
    )

    assert _problems(excinfo) == [
        EntryProblem(
            0,
            "value",
            "Chỉ tiêu DVC của đơn vị đã được Sở giao (80); không đề xuất lại được. Liên hệ "
            "Thường trực Hội đồng nếu cần điều chỉnh.",
        )
    ]
    assert (same.unchanged, Target.objects.get().status) == (1, TargetStatus.APPROVED)


def test_save_targets_department_changes_a_proposal_into_an_assignment(
    cast: Cast, org: Org, plan: Plan
) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "90", status=TargetStatus.PROPOSED)

    saved = _save(
        cast[Role.DEPT_OFFICER], plan, TargetEntry(unit=org.a, indicator=plan.dvc, value=85)
    )

    target.refresh_from_db()
    assert saved.updated == 1
    assert (target.value, target.status) == (Decimal("85"), TargetStatus.APPROVED)
    entry = AuditEntry.objects.get(target_type="movements.target")
    assert (entry.action, entry.changes) == (
        AuditAction.UPDATE,
        {"value": ["90.0000", "85.0000"], "status": ["proposed", "approved"]},
    )


# --- Approve and return -------------------------------------------------------------------------


def test_approve_targets_puts_proposals_in_force(cast: Cast, org: Org, plan: Plan) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "90", status=TargetStatus.PROPOSED)
    officer = cast[Role.DEPT_OFFICER]

    count = approve_targets(by=officer, targets=[target])

    target.refresh_from_db()
    assert count == 1
    assert (target.status, target.decided_by) == (TargetStatus.APPROVED, officer)
    entry = AuditEntry.objects.get(target_type="movements.target")
    assert (entry.changes, entry.reason) == (
        {"status": ["proposed", "approved"]},
        "Duyệt chỉ tiêu đơn vị đề xuất",
    )


def test_approve_targets_refused_to_a_unit_officer(cast: Cast, org: Org, plan: Plan) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "90", status=TargetStatus.PROPOSED)

    with pytest.raises(PermissionDeniedError):
        approve_targets(by=cast[Role.UNIT_OFFICER], targets=[target])

    target.refresh_from_db()
    assert target.status == TargetStatus.PROPOSED


def test_approve_targets_refuses_targets_not_waiting(cast: Cast, org: Org, plan: Plan) -> None:
    proposed = make_target(plan.dvc, org.a, YEAR, "90", status=TargetStatus.PROPOSED)
    assigned = make_target(plan.dvc, org.b, YEAR, "80")

    with pytest.raises(DomainError) as excinfo:
        approve_targets(by=cast[Role.DEPT_OFFICER], targets=[proposed, assigned])

    assert excinfo.value.message == (
        "Chỉ tiêu DVC của Bệnh viện B không ở trạng thái chờ duyệt (đã giao)."
    )
    proposed.refresh_from_db()
    assert proposed.status == TargetStatus.PROPOSED


@pytest.mark.parametrize("reason", ["", "   "])
def test_return_targets_needs_a_reason(cast: Cast, org: Org, plan: Plan, reason: str) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "90", status=TargetStatus.PROPOSED)

    with pytest.raises(DomainError) as excinfo:
        return_targets(by=cast[Role.DEPT_OFFICER], targets=[target], reason=reason)

    assert (excinfo.value.message, excinfo.value.field) == (
        "Hãy nêu lý do trả lại để đơn vị, cá nhân biết cần sửa gì.",
        "reason",
    )
    target.refresh_from_db()
    assert target.status == TargetStatus.PROPOSED


def test_return_targets_with_reason_then_unit_proposes_again(
    cast: Cast, org: Org, plan: Plan
) -> None:
    target = make_target(plan.dvc, org.a, YEAR, "40", status=TargetStatus.PROPOSED)

    return_targets(
        by=cast[Role.DEPT_OFFICER], targets=[target], reason="Thấp hơn kết quả năm 2025."
    )
    target.refresh_from_db()
    returned = (target.status, target.note)
    _save(cast[Role.UNIT_OFFICER], plan, TargetEntry(unit=org.a, indicator=plan.dvc, value="75"))
    target.refresh_from_db()

    assert returned == (TargetStatus.RETURNED, "Thấp hơn kết quả năm 2025.")
    assert (target.value, target.status, target.note) == (
        Decimal("75"),
        TargetStatus.PROPOSED,
        "",
    )
    entry = AuditEntry.objects.filter(target_type="movements.target").order_by("id").first()
    assert entry is not None
    assert entry.reason == "Thấp hơn kết quả năm 2025."


# --- Reading numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        (85, Decimal(85)),
        (85.5, Decimal("85.5")),
        (0.1 + 0.2, Decimal("0.30000000000000004")),
        ("85,5", Decimal("85.5")),
        ("85.5", Decimal("85.5")),
        ("85%", Decimal(85)),
        (" 1 234 ", Decimal(1234)),
        ("1.234.567", Decimal(1234567)),
        ("1.234,5", Decimal("1234.5")),
        ("1,234,567.25", Decimal("1234567.25")),
        ("-2", Decimal(-2)),
    ],
)
def test_parse_number_reads_what_people_type(raw: object, expected: Decimal | None) -> None:
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (True, "Phải là một số, không phải Có/Không."),
        ("12a", "“12a” không phải là một số (ví dụ đúng: 85 hoặc 85,5)."),
        ("1,2,3", "“1,2,3” không phải là một số (ví dụ đúng: 85 hoặc 85,5)."),
        (float("nan"), "Phải là một số."),
    ],
)
def test_parse_number_refuses_what_is_not_a_number(raw: object, message: str) -> None:
    with pytest.raises(NumberError) as excinfo:
        parse_number(raw)

    assert excinfo.value.message == message
