"""The reporting setup's services: how units report and which levels approve, changed by the
department at the organising unit only, checked, audited."""

from decimal import Decimal

import pytest
from django.utils import timezone

from thidua.accounts.roles import Role
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.reporting.enums import ActionKind, ReportStatus
from thidua.reporting.models import ApprovalLevel, ReportAction, ReportingSetup
from thidua.reporting.services.setup import LevelInput, save_levels, update_setup
from thidua.reporting.tests.factories import make_plan, make_report


@pytest.fixture
def plan(org):
    return make_plan(org)


def _update(plan, by, **changes):
    values = {
        "reported_kinds": ["quarter", "year"],
        "jump_factor": Decimal(3),
        "reminder_days": [7, 1],
        "overdue_every_days": 3,
        "tie_breaks": ["fewer_penalties", "top_criteria", "submitted_first"],
    }
    values.update(changes)
    return update_setup(movement=plan.movement, by=by, **values)


def _levels(plan) -> list[tuple[int, str]]:
    return list(
        ApprovalLevel.objects.filter(movement=plan.movement)
        .order_by("-depth")
        .values_list("depth", "name")
    )


# --- The settings --------------------------------------------------------------------------------


def test_update_setup_saves_and_audits_what_changed(cast, plan):
    setup = _update(
        plan,
        cast[Role.DEPT_OFFICER],
        reported_kinds=["year", "month", "year"],
        jump_factor=Decimal("2.5"),
        reminder_days=[1, 10, 1],
        tie_breaks=["self_total", "fewer_penalties"],
    )

    setup.refresh_from_db()
    assert (
        setup.reported_kinds,
        setup.jump_factor,
        setup.reminder_days,
        setup.overdue_every_days,
        setup.tie_breaks,
    ) == (["month", "year"], Decimal("2.50"), [10, 1], 3, ["self_total", "fewer_penalties"])
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.unit_path == plan.movement.owner.path
    assert entry.changes == {
        "reported_kinds": [["quarter", "year"], ["month", "year"]],
        "jump_factor": ["3.00", "2.50"],
        "reminder_days": [[7, 1], [10, 1]],
        "tie_breaks": [
            ["fewer_penalties", "top_criteria", "submitted_first"],
            ["self_total", "fewer_penalties"],
        ],
    }


def test_nothing_changed_writes_no_audit_entry(cast, plan):
    _update(plan, cast[Role.DEPT_OFFICER])

    assert AuditEntry.objects.filter(action=AuditAction.UPDATE).count() == 0


def test_the_first_change_creates_the_setup(cast, plan):
    ReportingSetup.objects.filter(movement=plan.movement).delete()

    setup = _update(plan, cast[Role.DEPT_OFFICER], overdue_every_days=5)

    assert (setup.pk is not None, setup.overdue_every_days) == (True, 5)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reported_kinds": []}, "reported_kinds", "Hãy chọn ít nhất một loại kỳ báo cáo."),
        ({"reported_kinds": ["week"]}, "reported_kinds", "Loại kỳ không hợp lệ: week."),
        ({"jump_factor": Decimal(1)}, "jump_factor", "Hệ số cảnh báo phải lớn hơn 1"),
        ({"reminder_days": [7, 90]}, "reminder_days", "Số ngày nhắc trước hạn phải từ 0 đến 60"),
        ({"overdue_every_days": 61}, "overdue_every_days", "Chu kỳ nhắc quá hạn phải từ 1 đến 60"),
        (
            {"tie_breaks": ["self_total", "self_total"]},
            "tie_breaks",
            "Mỗi tiêu chí phân định khi bằng điểm chỉ được chọn một lần.",
        ),
        ({"tie_breaks": ["coin"]}, "tie_breaks", "Tiêu chí phân định không hợp lệ: coin."),
    ],
)
def test_update_setup_refuses_bad_values(cast, plan, changes, field, message):
    with pytest.raises(DomainError) as refused:
        _update(plan, cast[Role.DEPT_OFFICER], **changes)

    assert refused.value.field == field
    assert refused.value.message.startswith(message)


@pytest.mark.parametrize("role", [Role.UNIT_OFFICER, Role.UNIT_HEAD, Role.DEPT_LEADER])
def test_only_the_organisers_department_changes_the_setup(cast, plan, role):
    with pytest.raises(PermissionDeniedError):
        _update(plan, cast[role], overdue_every_days=5)

    assert ReportingSetup.objects.get(movement=plan.movement).overdue_every_days == 3


# --- The approval levels -------------------------------------------------------------------------


def test_add_a_khoa_level_and_rename_the_top(cast, plan):
    kept = plan.levels[1]

    levels = save_levels(
        movement=plan.movement,
        by=cast[Role.DEPT_OFFICER],
        levels=[
            LevelInput(0, "Sở Y tế"),
            LevelInput(2, "  Khoa,   phòng "),
            LevelInput(1, "Đơn vị"),
        ],
    )

    assert [(level.depth, level.name) for level in levels] == [
        (2, "Khoa, phòng"),
        (1, "Đơn vị"),
        (0, "Sở Y tế"),
    ]
    assert _levels(plan) == [(2, "Khoa, phòng"), (1, "Đơn vị"), (0, "Sở Y tế")]
    assert levels[1].pk == kept.pk
    entry = AuditEntry.objects.get(target_type="reporting.approvallevel")
    assert entry.changes == {
        "levels": [
            "Đơn vị (cấp 1) → Sở (cấp 0)",
            "Khoa, phòng (cấp 2) → Đơn vị (cấp 1) → Sở Y tế (cấp 0)",
        ]
    }


def test_drop_a_level_nothing_waits_at(cast, plan):
    save_levels(movement=plan.movement, by=cast[Role.DEPT_OFFICER], levels=[LevelInput(0, "Sở")])

    assert _levels(plan) == [(0, "Sở")]


@pytest.mark.parametrize(
    ("levels", "message"),
    [
        ([], "Cần ít nhất một cấp duyệt báo cáo."),
        ([LevelInput(1, "Đơn vị"), LevelInput(1, "Bệnh viện")], "Cấp 1 được khai báo hai lần"),
        ([LevelInput(3, "Tổ")], "Cấp 3 nằm ngoài cây đơn vị của phong trào (từ cấp 0"),
        ([LevelInput(1, "   ")], "Hãy đặt tên cho cấp duyệt ở cấp 1."),
    ],
)
def test_save_levels_refuses_bad_levels(cast, plan, levels, message):
    with pytest.raises(DomainError) as refused:
        save_levels(movement=plan.movement, by=cast[Role.DEPT_OFFICER], levels=levels)

    assert refused.value.message.startswith(message)
    assert _levels(plan) == [(1, "Đơn vị"), (0, "Sở")]


def test_a_level_with_reports_waiting_is_kept(cast, plan, org):
    make_report(plan, org.a, status=ReportStatus.SUBMITTED, pending_level=plan.levels[1])

    with pytest.raises(DomainError, match="đang có 1 báo cáo chờ duyệt ở cấp này"):
        save_levels(
            movement=plan.movement, by=cast[Role.DEPT_OFFICER], levels=[LevelInput(0, "Sở")]
        )

    assert _levels(plan) == [(1, "Đơn vị"), (0, "Sở")]


def test_a_level_named_in_history_is_kept(cast, plan, org):
    report = make_report(plan, org.a, status=ReportStatus.APPROVED)
    ReportAction.objects.create(
        report=report, kind=ActionKind.APPROVE, level=plan.levels[0], at=timezone.now()
    )

    with pytest.raises(DomainError, match="đã có lịch sử phê duyệt"):
        save_levels(
            movement=plan.movement, by=cast[Role.DEPT_OFFICER], levels=[LevelInput(1, "Đơn vị")]
        )


def test_only_the_organisers_department_changes_the_levels(cast, plan):
    with pytest.raises(PermissionDeniedError):
        save_levels(movement=plan.movement, by=cast[Role.UNIT_HEAD], levels=[LevelInput(0, "Sở")])
