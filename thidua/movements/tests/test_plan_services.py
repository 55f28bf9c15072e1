"""services/plan.py: movements, their scope, phases and reviews, periods — every refusal."""

import datetime as dt
import re
from dataclasses import replace

import pytest

from thidua.accounts.roles import Role
from thidua.conftest import Cast, Org
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import MovementStatus, PeriodKind, ReviewKind
from thidua.movements.models import Movement, MovementScope, Period, Phase
from thidua.movements.services.plan import (
    MovementData,
    PhaseData,
    ScopeEntry,
    close_movement,
    create_movement,
    create_phase,
    delete_phase,
    generate_movement_periods,
    launch_movement,
    set_movement_scope,
    update_movement,
    update_period_dates,
    update_phase,
)
from thidua.movements.tests.factories import (
    make_movement,
    make_period,
    make_phase,
    make_quarter,
    make_scope,
)
from thidua.organizations.tests.factories import UserFactory, grant, make_unit

D = dt.date


def _audit(target_type: str) -> list[tuple[str, dict, str]]:
    return [
        (e.action, e.changes, e.reason)
        for e in AuditEntry.objects.filter(target_type=target_type).order_by("pk")
    ]


def _refused(error: type[Exception], message: str, field: str | None = None):
    """pytest.raises for a DomainError with exactly this message (and field)."""
    return pytest.raises(error, match=f"^{re.escape(message)}$")


def _data(org: Org, **changes) -> MovementData:
    return replace(
        MovementData(
            code="cds_2026",
            name="  Thi đua   chuyển đổi số 2026 ",
            kind="thematic",
            owner=org.root,
            start_date=D(2026, 1, 1),
            end_date=D(2026, 12, 31),
            description=" Mục tiêu ",
            legal_basis="KH 190/KH-UBND",
        ),
        **changes,
    )


# --- Movements ------------------------------------------------------------------------------------


def test_create_movement_normalises_and_audits(org: Org, cast: Cast) -> None:
    officer = cast[Role.DEPT_OFFICER]

    movement = create_movement(by=officer, data=_data(org), reason="Kế hoạch năm")

    assert (movement.code, movement.name, movement.status, movement.description) == (
        "CDS_2026",
        "Thi đua chuyển đổi số 2026",
        MovementStatus.DRAFT,
        "Mục tiêu",
    )
    entry = AuditEntry.objects.get(target_type="movements.movement")
    assert (entry.actor, entry.action, entry.unit_path, entry.reason) == (
        officer,
        AuditAction.CREATE,
        org.root.path,
        "Kế hoạch năm",
    )
    assert entry.changes["code"] == [None, "CDS_2026"]
    assert entry.changes["start_date"] == [None, "2026-01-01"]
    assert entry.changes["owner"] == [None, org.root.pk]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"code": "cds 2026"},
            "code",
            "Mã phong trào chỉ gồm chữ in hoa không dấu, chữ số, dấu gạch ngang, gạch dưới hoặc "
            "dấu chấm, tối đa 32 ký tự (ví dụ: CDS_2025_2030).",
        ),
        ({"name": "   "}, "name", "Tên phong trào không được để trống."),
        ({"kind": "weekly"}, "kind", "Hình thức tổ chức phong trào không hợp lệ."),
        ({"end_date": D(2026, 1, 1)}, "end_date", "Ngày kết thúc phải sau ngày bắt đầu."),
        ({"start_date": D(1999, 1, 1)}, "start_date", "Năm phải trong khoảng 2000–2100."),
        (
            {"for_collectives": False, "for_individuals": False},
            "for_collectives",
            "Phong trào phải dành cho tập thể, cá nhân hoặc cả hai.",
        ),
    ],
)
def test_create_movement_refusals_at_their_field(
    org: Org, cast: Cast, changes: dict, field: str, message: str
) -> None:
    with pytest.raises(DomainError) as error:
        create_movement(by=cast[Role.DEPT_OFFICER], data=_data(org, **changes))

    assert (error.value.field, error.value.message) == (field, message)
    assert Movement.objects.count() == 0


def test_create_movement_refuses_a_taken_code(org: Org, cast: Cast) -> None:
    make_movement(org.root, code="CDS_2026")

    with _refused(DomainError, "Đã có phong trào mã “CDS_2026”."):
        create_movement(by=cast[Role.DEPT_OFFICER], data=_data(org))


def test_create_movement_refuses_an_owner_outside_the_planning_scope(org: Org, cast: Cast) -> None:
    officer_of_a = UserFactory(username="so_a")
    grant(officer_of_a, Role.DEPT_OFFICER, org.a)

    with _refused(
        PermissionDeniedError, "Bạn không có quyền tổ chức phong trào tại đơn vị “Bệnh viện B”."
    ):
        create_movement(by=officer_of_a, data=_data(org, owner=org.b))
    with _refused(
        PermissionDeniedError, "Bạn không có quyền tổ chức phong trào tại đơn vị “Sở Y tế Hà Nội”."
    ):
        create_movement(by=cast[Role.UNIT_OFFICER], data=_data(org))

    assert create_movement(by=officer_of_a, data=_data(org, owner=org.a)).owner == org.a


def test_update_movement_audits_only_the_changes(org: Org, cast: Cast) -> None:
    movement = create_movement(by=cast[Role.DEPT_OFFICER], data=_data(org))

    update_movement(
        movement, by=cast[Role.DEPT_OFFICER], data=_data(org, name="Tên mới", kind="regular")
    )

    assert _audit("movements.movement")[-1] == (
        AuditAction.UPDATE,
        {"name": ["Thi đua chuyển đổi số 2026", "Tên mới"], "kind": ["thematic", "regular"]},
        "",
    )


def test_update_movement_without_change_writes_nothing(org: Org, cast: Cast) -> None:
    movement = create_movement(by=cast[Role.DEPT_OFFICER], data=_data(org))

    update_movement(movement, by=cast[Role.DEPT_OFFICER], data=_data(org))

    assert len(_audit("movements.movement")) == 1


def test_update_launched_movement_needs_a_reason(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root, status=MovementStatus.LAUNCHED, code="PT")
    data = MovementData(
        code="PT",
        name="Đổi tên",
        kind=movement.kind,
        owner=org.root,
        start_date=movement.start_date,
        end_date=movement.end_date,
    )

    with pytest.raises(DomainError) as error:
        update_movement(movement, by=cast[Role.DEPT_OFFICER], data=data)
    update_movement(movement, by=cast[Role.DEPT_OFFICER], data=data, reason="Theo chỉ đạo")

    assert (error.value.field, error.value.message) == (
        "reason",
        "Phong trào đã phát động: hãy ghi lý do thay đổi (lưu vào nhật ký thao tác).",
    )
    assert Movement.objects.get().name == "Đổi tên"
    assert _audit("movements.movement")[-1][2] == "Theo chỉ đạo"


def test_update_closed_movement_refused(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root, status=MovementStatus.CLOSED, name="PT cũ")

    with _refused(DomainError, "Phong trào “PT cũ” đã tổng kết: kế hoạch không thay đổi được nữa."):
        update_movement(movement, by=cast[Role.DEPT_OFFICER], data=_data(org), reason="x")


def test_update_movement_refuses_dates_leaving_a_phase_or_a_period_outside(
    org: Org, cast: Cast
) -> None:
    movement = create_movement(by=cast[Role.DEPT_OFFICER], data=_data(org))
    make_phase(movement, 1, D(2026, 1, 1), D(2026, 6, 30))
    make_quarter(movement, 2026, 4)

    with pytest.raises(DomainError) as phase_error:
        update_movement(
            movement, by=cast[Role.DEPT_OFFICER], data=_data(org, start_date=D(2026, 2, 1))
        )
    with pytest.raises(DomainError) as period_error:
        update_movement(
            movement, by=cast[Role.DEPT_OFFICER], data=_data(org, end_date=D(2026, 11, 30))
        )

    assert (phase_error.value.field, phase_error.value.message) == (
        "start_date",
        "Giai đoạn 1 (01/01/2026 – 30/06/2026) sẽ nằm ngoài thời gian của phong trào; hãy sửa "
        "giai đoạn trước.",
    )
    assert (period_error.value.field, period_error.value.message) == (
        "end_date",
        "Đã có kỳ báo cáo từ 01/10/2026 đến 31/12/2026, nằm ngoài thời gian mới của phong trào.",
    )


def test_update_movement_refuses_an_owner_that_does_not_hold_the_scope(
    org: Org, cast: Cast
) -> None:
    movement = create_movement(by=cast[Role.DEPT_OFFICER], data=_data(org))
    make_scope(movement, org.b)

    with pytest.raises(DomainError) as error:
        update_movement(movement, by=cast[Role.DEPT_OFFICER], data=_data(org, owner=org.a))

    assert (error.value.field, error.value.message) == (
        "owner",
        "“Bệnh viện B” trong phạm vi phong trào không thuộc đơn vị “Bệnh viện A”; hãy sửa phạm "
        "vi trước.",
    )


def test_update_movement_refuses_a_caller_without_rights_at_the_owner(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root, name="PT Sở")
    officer_of_a = UserFactory(username="so_a")
    grant(officer_of_a, Role.DEPT_OFFICER, org.a)

    with _refused(
        PermissionDeniedError, "Bạn không có quyền thay đổi kế hoạch của phong trào “PT Sở”."
    ):
        update_movement(movement, by=officer_of_a, data=_data(org))


def test_launch_then_close_a_movement(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    officer = cast[Role.DEPT_OFFICER]

    launch_movement(movement, by=officer)
    close_movement(movement, by=officer, reason="Hội nghị tổng kết")

    assert Movement.objects.get().status == MovementStatus.CLOSED
    assert _audit("movements.movement") == [
        (AuditAction.UPDATE, {"status": ["draft", "launched"]}, "Phát động phong trào"),
        (AuditAction.UPDATE, {"status": ["launched", "closed"]}, "Hội nghị tổng kết"),
    ]


def test_launch_and_close_refuse_the_wrong_status(org: Org, cast: Cast) -> None:
    launched = make_movement(org.root, status=MovementStatus.LAUNCHED)
    draft = make_movement(org.root)

    with _refused(DomainError, "Phong trào đang ở trạng thái “Đã phát động”."):
        launch_movement(launched, by=cast[Role.DEPT_OFFICER])
    with _refused(DomainError, "Chỉ kết thúc (tổng kết) được phong trào đã phát động."):
        close_movement(draft, by=cast[Role.DEPT_OFFICER])


def test_launch_refuses_a_reader(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)

    with pytest.raises(PermissionDeniedError):
        launch_movement(movement, by=cast[Role.DEPT_LEADER])

    assert Movement.objects.get().status == MovementStatus.DRAFT


# --- Scope ----------------------------------------------------------------------------------------


def test_set_scope_replaces_the_list_and_audits_it(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    make_scope(movement, org.office)

    set_movement_scope(
        movement,
        by=cast[Role.DEPT_OFFICER],
        entries=[ScopeEntry(org.a), ScopeEntry(org.b, include_subtree=False), ScopeEntry(org.a)],
    )

    rows = sorted(MovementScope.objects.values_list("unit__code", "include_subtree"))
    assert rows == [("BV_A", True), ("BV_B", False)]
    assert _audit("movements.movement") == [
        (
            AuditAction.UPDATE,
            {"scope": [[[org.office.pk, True]], [[org.a.pk, True], [org.b.pk, False]]]},
            "",
        )
    ]


def test_set_scope_to_nothing_means_the_whole_subtree(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    make_scope(movement, org.a)

    set_movement_scope(movement, by=cast[Role.DEPT_OFFICER], entries=[])

    assert MovementScope.objects.count() == 0


def test_set_scope_refusals(org: Org, cast: Cast) -> None:
    movement = make_movement(org.a, name="PT BV A")
    inactive = make_unit("BV_A_K3", "Khoa cũ A3", parent=org.a)
    inactive.is_active = False
    inactive.save()
    officer = cast[Role.DEPT_OFFICER]

    with pytest.raises(DomainError) as outside:
        set_movement_scope(movement, by=officer, entries=[ScopeEntry(org.b)])
    with pytest.raises(DomainError) as covered:
        set_movement_scope(movement, by=officer, entries=[ScopeEntry(org.a), ScopeEntry(org.a1)])
    with pytest.raises(DomainError) as closed_unit:
        set_movement_scope(movement, by=officer, entries=[ScopeEntry(inactive)])

    assert (outside.value.field, outside.value.message) == (
        "units",
        "“Bệnh viện B” không thuộc đơn vị tổ chức phong trào “Bệnh viện A”.",
    )
    assert covered.value.message == (
        "“Khoa Nội A1” đã nằm trong phạm vi của “Bệnh viện A” (kèm các đơn vị trực thuộc); bỏ "
        "chọn một trong hai."
    )
    assert closed_unit.value.message == "“Khoa cũ A3” đã ngừng hoạt động."
    assert MovementScope.objects.count() == 0


def test_set_scope_accepts_a_child_of_a_unit_listed_alone(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)

    set_movement_scope(
        movement,
        by=cast[Role.DEPT_OFFICER],
        entries=[ScopeEntry(org.a, include_subtree=False), ScopeEntry(org.a1)],
    )

    assert MovementScope.objects.count() == 2


def test_set_scope_of_a_launched_movement_needs_a_reason(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root, status=MovementStatus.LAUNCHED)

    with pytest.raises(DomainError) as error:
        set_movement_scope(movement, by=cast[Role.DEPT_OFFICER], entries=[ScopeEntry(org.a)])

    assert error.value.field == "reason"
    assert MovementScope.objects.count() == 0


# --- Phases ---------------------------------------------------------------------------------------


def _phase(number: int = 1, **changes) -> PhaseData:
    return replace(
        PhaseData(
            number=number,
            name=f" Giai đoạn {number} ",
            start_date=D(2025, 7, 18),
            end_date=D(2027, 6, 30),
        ),
        **changes,
    )


def test_create_phase_with_its_review_and_audit(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)

    phase = create_phase(
        movement,
        by=cast[Role.DEPT_OFFICER],
        data=_phase(
            review_kind=ReviewKind.PRELIMINARY,
            review_name="Sơ kết giai đoạn 1",
            review_date=D(2027, 7, 15),
        ),
    )

    assert (phase.name, phase.review_kind, phase.review_date) == (
        "Giai đoạn 1",
        "preliminary",
        D(2027, 7, 15),
    )
    [(action, changes, _reason)] = _audit("movements.phase")
    assert (action, changes["review_date"]) == (AuditAction.CREATE, [None, "2027-07-15"])


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"number": 0}, "number", "Số thứ tự giai đoạn phải từ 1 đến 99."),
        ({"name": " "}, "name", "Tên giai đoạn không được để trống."),
        (
            {"end_date": D(2025, 7, 18)},
            "end_date",
            "Ngày kết thúc giai đoạn phải sau ngày bắt đầu.",
        ),
        (
            {"start_date": D(2025, 7, 17)},
            "start_date",
            "Giai đoạn phải nằm trong thời gian của phong trào (18/07/2025 – 31/12/2030).",
        ),
        (
            {"end_date": D(2031, 1, 1)},
            "end_date",
            "Giai đoạn phải nằm trong thời gian của phong trào (18/07/2025 – 31/12/2030).",
        ),
        (
            {"review_name": "Sơ kết"},
            "review_kind",
            "Hãy chọn hình thức đánh giá (sơ kết hoặc tổng kết) cho hội nghị này.",
        ),
        ({"review_kind": "annual"}, "review_kind", "Hình thức đánh giá không hợp lệ."),
        (
            {"review_kind": ReviewKind.PRELIMINARY, "review_date": D(2025, 7, 17)},
            "review_date",
            "Ngày sơ kết, tổng kết phải trong giai đoạn hoặc sau khi giai đoạn kết thúc, chậm "
            "nhất một năm (từ 18/07/2025 đến 30/06/2028).",
        ),
        (
            {"review_kind": ReviewKind.PRELIMINARY, "review_date": D(2028, 7, 1)},
            "review_date",
            "Ngày sơ kết, tổng kết phải trong giai đoạn hoặc sau khi giai đoạn kết thúc, chậm "
            "nhất một năm (từ 18/07/2025 đến 30/06/2028).",
        ),
    ],
)
def test_create_phase_refusals_at_their_field(
    org: Org, cast: Cast, changes: dict, field: str, message: str
) -> None:
    movement = make_movement(org.root)

    with pytest.raises(DomainError) as error:
        create_phase(movement, by=cast[Role.DEPT_OFFICER], data=_phase(**changes))

    assert (error.value.field, error.value.message) == (field, message)
    assert Phase.objects.count() == 0


def test_create_phase_refuses_an_overlap_and_a_taken_number(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30), name="Giai đoạn 1")
    officer = cast[Role.DEPT_OFFICER]

    with pytest.raises(DomainError) as overlap:
        create_phase(
            movement,
            by=officer,
            data=_phase(2, start_date=D(2027, 6, 30), end_date=D(2030, 12, 31)),
        )
    with pytest.raises(DomainError) as taken:
        create_phase(
            movement,
            by=officer,
            data=_phase(1, start_date=D(2027, 7, 1), end_date=D(2030, 12, 31)),
        )

    assert (overlap.value.field, overlap.value.message) == (
        "start_date",
        "Trùng thời gian với giai đoạn 1 “Giai đoạn 1” (18/07/2025 – 30/06/2027); các giai đoạn "
        "không được chồng lên nhau.",
    )
    assert (taken.value.field, taken.value.message) == ("number", "Phong trào đã có giai đoạn 1.")


def test_create_phase_refuses_numbers_out_of_time_order(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    make_phase(movement, 2, D(2025, 7, 18), D(2027, 6, 30))

    with pytest.raises(DomainError) as error:
        create_phase(
            movement,
            by=cast[Role.DEPT_OFFICER],
            data=_phase(1, start_date=D(2027, 7, 1), end_date=D(2030, 12, 31)),
        )

    assert (error.value.field, error.value.message) == (
        "number",
        "Số thứ tự giai đoạn phải theo thời gian: giai đoạn 2 bắt đầu ngày 18/07/2025.",
    )


def test_final_review_only_once_and_only_on_the_last_phase(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    officer = cast[Role.DEPT_OFFICER]
    make_phase(movement, 2, D(2027, 7, 1), D(2030, 12, 31), review_kind=ReviewKind.FINAL)

    with pytest.raises(DomainError) as twice:
        create_phase(movement, by=officer, data=_phase(1, review_kind=ReviewKind.FINAL))
    Phase.objects.update(review_kind=ReviewKind.NONE)
    with pytest.raises(DomainError) as not_last:
        create_phase(movement, by=officer, data=_phase(1, review_kind=ReviewKind.FINAL))

    assert (twice.value.field, twice.value.message) == (
        "review_kind",
        "Phong trào chỉ tổng kết một lần (đã đặt ở giai đoạn 2).",
    )
    assert (not_last.value.field, not_last.value.message) == (
        "review_kind",
        "Tổng kết phải ở giai đoạn cuối cùng, nhưng giai đoạn 2 bắt đầu sau giai đoạn này.",
    )


def test_no_phase_after_the_final_review(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30), review_kind=ReviewKind.FINAL)

    with pytest.raises(DomainError) as error:
        create_phase(
            movement,
            by=cast[Role.DEPT_OFFICER],
            data=_phase(2, start_date=D(2027, 7, 1), end_date=D(2030, 12, 31)),
        )

    assert (error.value.field, error.value.message) == (
        "start_date",
        "Giai đoạn 1 đã là giai đoạn tổng kết phong trào; không thêm giai đoạn sau đó.",
    )


def test_update_phase_checks_against_the_others_and_audits(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    first = make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30))
    make_phase(movement, 2, D(2027, 7, 1), D(2030, 12, 31))
    officer = cast[Role.DEPT_OFFICER]

    with pytest.raises(DomainError):
        update_phase(first, by=officer, data=_phase(1, end_date=D(2027, 7, 1)))
    update_phase(first, by=officer, data=_phase(1, name="Giai đoạn đầu"))

    assert Phase.objects.get(pk=first.pk).name == "Giai đoạn đầu"
    assert Phase.objects.get(pk=first.pk).end_date == D(2027, 6, 30)
    assert _audit("movements.phase") == [
        (AuditAction.UPDATE, {"name": ["Giai đoạn 1", "Giai đoạn đầu"]}, "")
    ]


def test_update_phase_of_a_launched_movement_needs_a_reason(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root, status=MovementStatus.LAUNCHED)
    phase = make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30))

    with pytest.raises(DomainError) as error:
        update_phase(phase, by=cast[Role.DEPT_OFFICER], data=_phase(1, name="Khác"))

    assert error.value.field == "reason"
    assert phase.name == "Giai đoạn 1"  # the object is left as it was too
    assert Phase.objects.get().name == "Giai đoạn 1"


def test_delete_phase_audits_what_it_removes(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    phase = make_phase(movement, 1, D(2025, 7, 18), D(2027, 6, 30))

    delete_phase(phase, by=cast[Role.DEPT_OFFICER], reason="Nhập nhầm")

    assert Phase.objects.count() == 0
    [(action, changes, reason)] = _audit("movements.phase")
    assert (action, changes["number"], reason) == (AuditAction.DELETE, [1, None], "Nhập nhầm")


def test_phase_writes_refuse_readers_and_closed_movements(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    closed = make_movement(org.root, status=MovementStatus.CLOSED)

    with pytest.raises(PermissionDeniedError):
        create_phase(movement, by=cast[Role.DEPT_LEADER], data=_phase())
    with pytest.raises(DomainError, match="đã tổng kết"):
        create_phase(closed, by=cast[Role.DEPT_OFFICER], data=_phase())

    assert Phase.objects.count() == 0


# --- Periods --------------------------------------------------------------------------------------


def test_generate_periods_for_the_whole_movement(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root, start_date=D(2025, 7, 18), end_date=D(2026, 12, 31))

    result = generate_movement_periods(
        movement,
        by=cast[Role.DEPT_OFFICER],
        kinds=[PeriodKind.QUARTER, PeriodKind.YEAR],
        due_after_days=10,
        lock_after_days=30,
        opens_before_end_days=5,
    )

    assert [p.name for p in result.created] == [
        "Quý III/2025",
        "Năm 2025",
        "Quý IV/2025",
        "Quý I/2026",
        "Năm 2026",
        "Quý II/2026",
        "Quý III/2026",
        "Quý IV/2026",
    ]
    assert result.kept == 0
    first = Period.objects.get(kind=PeriodKind.QUARTER, year=2025, number=3)
    assert (first.start_date, first.end_date, first.opens_on, first.due_on, first.locks_on) == (
        D(2025, 7, 18),
        D(2025, 9, 30),
        D(2025, 9, 25),
        D(2025, 10, 10),
        D(2025, 10, 30),
    )
    [(action, changes, reason)] = _audit("movements.period")
    assert (action, changes["periods"][1][:2], reason) == (
        AuditAction.CREATE,
        ["Quý III/2025", "Năm 2025"],
        "Tạo kỳ báo cáo",
    )


def test_generate_again_keeps_existing_periods_and_adds_only_the_missing(
    org: Org, cast: Cast
) -> None:
    movement = make_movement(org.root, start_date=D(2026, 1, 1), end_date=D(2026, 12, 31))
    edited = make_quarter(movement, 2026, 1)
    Period.objects.filter(pk=edited.pk).update(due_on=D(2026, 4, 20), locks_on=D(2026, 5, 20))
    officer = cast[Role.DEPT_OFFICER]

    result = generate_movement_periods(
        movement, by=officer, kinds=["quarter"], due_after_days=10, lock_after_days=30
    )
    again = generate_movement_periods(
        movement, by=officer, kinds=["quarter"], due_after_days=10, lock_after_days=30
    )

    assert ([p.name for p in result.created], result.kept) == (
        ["Quý II/2026", "Quý III/2026", "Quý IV/2026"],
        1,
    )
    assert (again.created, again.kept) == ([], 4)
    assert Period.objects.count() == 4
    assert Period.objects.get(pk=edited.pk).due_on == D(2026, 4, 20)
    assert len(_audit("movements.period")) == 1


def test_generate_within_a_range_of_the_movement(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)

    result = generate_movement_periods(
        movement,
        by=cast[Role.DEPT_OFFICER],
        kinds=["month"],
        due_after_days=5,
        lock_after_days=15,
        start=D(2026, 1, 1),
        end=D(2026, 3, 31),
    )

    assert [p.name for p in result.created] == ["Tháng 01/2026", "Tháng 02/2026", "Tháng 03/2026"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kinds": []}, "kinds", "Hãy chọn ít nhất một loại kỳ báo cáo."),
        ({"kinds": ["week"]}, "kinds", "Loại kỳ báo cáo không hợp lệ."),
        ({"due_after_days": -1}, "due_after_days", "Hạn nộp sau cuối kỳ phải từ 0 đến 366 ngày."),
        (
            {"lock_after_days": 367},
            "lock_after_days",
            "Khóa số liệu sau cuối kỳ phải từ 0 đến 366 ngày.",
        ),
        (
            {"opens_before_end_days": 400},
            "opens_before_end_days",
            "Mở nhập liệu trước cuối kỳ phải từ 0 đến 366 ngày.",
        ),
        (
            {"due_after_days": 30, "lock_after_days": 10},
            "lock_after_days",
            "Ngày khóa số liệu phải sau hoặc trùng hạn nộp: số ngày khóa phải lớn hơn hoặc bằng "
            "số ngày hạn nộp.",
        ),
        (
            {"start": D(2025, 1, 1)},
            "start",
            "Khoảng thời gian tạo kỳ phải nằm trong thời gian của phong trào "
            "(18/07/2025 – 31/12/2030).",
        ),
        (
            {"end": D(2031, 1, 1)},
            "end",
            "Khoảng thời gian tạo kỳ phải nằm trong thời gian của phong trào "
            "(18/07/2025 – 31/12/2030).",
        ),
        (
            {"start": D(2026, 6, 1), "end": D(2026, 5, 1)},
            "end",
            "Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.",
        ),
    ],
)
def test_generate_refusals_at_their_field(
    org: Org, cast: Cast, changes: dict, field: str, message: str
) -> None:
    movement = make_movement(org.root)
    arguments = {"kinds": ["quarter"], "due_after_days": 10, "lock_after_days": 30} | changes

    with pytest.raises(DomainError) as error:
        generate_movement_periods(movement, by=cast[Role.DEPT_OFFICER], **arguments)

    assert (error.value.field, error.value.message) == (field, message)
    assert Period.objects.count() == 0


def test_generate_refuses_readers(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)

    with pytest.raises(PermissionDeniedError):
        generate_movement_periods(
            movement,
            by=cast[Role.UNIT_OFFICER],
            kinds=["year"],
            due_after_days=0,
            lock_after_days=0,
        )


def test_update_period_dates_and_audit(org: Org, cast: Cast) -> None:
    movement = make_movement(org.root)
    period = make_quarter(movement, 2026, 1)

    update_period_dates(
        period,
        by=cast[Role.DEPT_OFFICER],
        opens_on=D(2026, 3, 15),
        due_on=D(2026, 4, 15),
        locks_on=D(2026, 4, 30),
    )

    assert _audit("movements.period") == [
        (
            AuditAction.UPDATE,
            {
                "opens_on": ["2026-03-31", "2026-03-15"],
                "due_on": ["2026-04-10", "2026-04-15"],
            },
            "",
        )
    ]


@pytest.mark.parametrize(
    ("dates", "field", "message"),
    [
        (
            (D(2026, 4, 20), D(2026, 4, 10), D(2026, 4, 30)),
            "opens_on",
            "Ngày mở nhập liệu phải trước hoặc trùng hạn nộp.",
        ),
        (
            (D(2026, 3, 31), D(2026, 5, 10), D(2026, 4, 30)),
            "due_on",
            "Hạn nộp phải trước hoặc trùng ngày khóa số liệu.",
        ),
        (
            (D(2025, 12, 31), D(2026, 4, 10), D(2026, 4, 30)),
            "opens_on",
            "Ngày mở nhập liệu không được trước ngày đầu kỳ (01/01/2026): chưa bắt đầu kỳ thì "
            "chưa có số liệu để nhập.",
        ),
    ],
)
def test_update_period_dates_refusals(
    org: Org, cast: Cast, dates: tuple, field: str, message: str
) -> None:
    period = make_quarter(make_movement(org.root), 2026, 1)
    opens_on, due_on, locks_on = dates

    with pytest.raises(DomainError) as error:
        update_period_dates(
            period,
            by=cast[Role.DEPT_OFFICER],
            opens_on=opens_on,
            due_on=due_on,
            locks_on=locks_on,
        )

    assert (error.value.field, error.value.message) == (field, message)
    assert Period.objects.get().due_on == D(2026, 4, 10)


def test_update_period_dates_of_a_launched_movement_needs_a_reason(org: Org, cast: Cast) -> None:
    period = make_quarter(make_movement(org.root, status=MovementStatus.LAUNCHED), 2026, 1)

    with pytest.raises(DomainError) as error:
        update_period_dates(
            period,
            by=cast[Role.DEPT_OFFICER],
            opens_on=period.opens_on,
            due_on=D(2026, 4, 15),
            locks_on=period.locks_on,
        )
    update_period_dates(
        period,
        by=cast[Role.DEPT_OFFICER],
        opens_on=period.opens_on,
        due_on=D(2026, 4, 15),
        locks_on=period.locks_on,
        reason="Gia hạn chung",
    )

    assert error.value.field == "reason"
    assert Period.objects.get().due_on == D(2026, 4, 15)


def test_period_of_a_unit_movement_refuses_the_other_units_officer(org: Org) -> None:
    movement_of_b = make_movement(org.b)
    period = make_period(movement_of_b, PeriodKind.YEAR, 2026, 1, D(2026, 1, 1), D(2026, 12, 31))
    officer_of_a = UserFactory(username="so_a")
    grant(officer_of_a, Role.DEPT_OFFICER, org.a)

    with pytest.raises(PermissionDeniedError):
        update_period_dates(
            period,
            by=officer_of_a,
            opens_on=period.opens_on,
            due_on=period.due_on,
            locks_on=period.locks_on,
        )
