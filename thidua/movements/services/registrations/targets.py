"""Targets per unit and year: the department assigns them, a unit proposes its own and the
department approves or returns the proposal (with a reason).

Who does what is decided at each entry's unit: MANAGE_TARGETS there assigns (the target is in
force at once), otherwise REGISTER_UNIT there proposes (the target waits for the department).
The page form, the Excel import and the API all go through `save_targets`, so they accept and
refuse exactly the same entries, all of them or none.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import build_audit_entry, record_audit
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.movements.enums import TargetStatus
from thidua.movements.models import Indicator, Movement, Target
from thidua.movements.selectors.registrations import participant_units
from thidua.movements.services.registrations.common import (
    check_reason,
    check_year,
    format_number,
    require_open_movement,
)
from thidua.movements.services.registrations.values import (
    NumberError,
    check_target_value,
    parse_number,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can

MAX_NOTE = 500
_AUDITED = ("value", "status", "note")


@dataclass(frozen=True)
class TargetEntry:
    """One cell: this unit aims at `value` for this indicator. `value` is a Decimal or text
    typed by the user (parsed by the service so every channel reads numbers alike)."""

    unit: Unit
    indicator: Indicator
    value: object
    note: str = ""


@dataclass(frozen=True)
class EntryProblem:
    index: int  # position of the entry in the list given
    field: str  # "value", "unit", "indicator" or "note"
    message: str


class TargetEntriesError(ValidationFailedError):
    """Some entries cannot be saved; nothing was. `problems` say which and why."""

    def __init__(self, problems: Sequence[EntryProblem]) -> None:
        super().__init__({f"items[{p.index}].{p.field}": p.message for p in problems})
        self.problems = list(problems)


@dataclass(frozen=True)
class TargetsSaved:
    created: int
    updated: int
    unchanged: int
    proposed: int  # of the created and updated, how many wait for the department

    @property
    def changed(self) -> int:
        return self.created + self.updated


def _label(unit: Unit, indicator: Indicator) -> str:
    return f"{indicator.code} của {unit.name}"


def _may_assign(by: User, unit: Unit) -> bool:
    return can(by, Perm.MANAGE_TARGETS, unit.path)


def _may_propose(by: User, unit: Unit) -> bool:
    return can(by, Perm.REGISTER_UNIT, unit.path)


def check_target_entries(
    *, by: User, movement: Movement, year: int, entries: Sequence[TargetEntry]
) -> tuple[list[EntryProblem], list[tuple[TargetEntry, Decimal | None]]]:
    """Every problem of the entries (empty: they can all be saved) and the entries with their
    checked value (a Decimal, or None for "no change")."""
    participants = set(
        participant_units(movement, include_sub_units=True).values_list("pk", flat=True)
    )
    stored = {
        (t.unit_id, t.indicator_id): t
        for t in Target.objects.filter(
            unit__in={e.unit.pk for e in entries},
            indicator__in={e.indicator.pk for e in entries},
            year=year,
        )
    }
    problems: list[EntryProblem] = []
    checked: list[tuple[TargetEntry, Decimal | None]] = []
    seen: dict[tuple[int, int], int] = {}
    for index, entry in enumerate(entries):
        unit, indicator = entry.unit, entry.indicator
        if indicator.movement_id != movement.pk:
            problems.append(
                EntryProblem(
                    index, "indicator", f"Chỉ tiêu “{indicator.code}” không thuộc phong trào này."
                )
            )
            continue
        if unit.pk not in participants:
            problems.append(
                EntryProblem(index, "unit", f"Đơn vị “{unit.name}” không tham gia phong trào này.")
            )
            continue
        if not (_may_assign(by, unit) or _may_propose(by, unit)):
            problems.append(
                EntryProblem(
                    index,
                    "unit",
                    f"Đơn vị “{unit.name}” nằm ngoài phạm vi bạn được giao hoặc đề xuất chỉ tiêu.",
                )
            )
            continue
        key = (unit.pk, indicator.pk)
        if key in seen:
            problems.append(
                EntryProblem(
                    index, "value", f"Chỉ tiêu {_label(unit, indicator)} được nhập hai lần."
                )
            )
            continue
        seen[key] = index
        note = entry.note.strip()
        if len(note) > MAX_NOTE:
            problems.append(EntryProblem(index, "note", f"Ghi chú dài quá {MAX_NOTE} ký tự."))
            continue
        try:
            value = parse_number(entry.value)
            if value is None:
                checked.append((entry, None))
                continue
            value = check_target_value(indicator, value)
        except NumberError as error:
            problems.append(EntryProblem(index, "value", error.message))
            continue
        current = stored.get(key)
        if (
            not _may_assign(by, unit)
            and current is not None
            and current.status == TargetStatus.APPROVED
            and current.value != value
        ):
            problems.append(
                EntryProblem(
                    index,
                    "value",
                    f"Chỉ tiêu {indicator.code} của đơn vị đã được Sở giao "
                    f"({format_number(current.value)}); không đề xuất lại được. Liên hệ Thường "
                    "trực Hội đồng nếu cần điều chỉnh.",
                )
            )
            continue
        checked.append((entry, value))
    return problems, checked


@transaction.atomic
def save_targets(
    *,
    by: User,
    movement: Movement,
    year: int,
    entries: Sequence[TargetEntry],
    reason: str = "",
    source: str = "",
) -> TargetsSaved:
    """Assign or propose each entry's target for `year`; a blank value leaves the cell as it is.

    At a unit where `by` holds MANAGE_TARGETS the target is assigned (status approved, in force
    at once); where `by` only holds REGISTER_UNIT it is proposed (waits for the department). An
    entry equal to what is stored changes nothing. Refuses, all or nothing
    (TargetEntriesError, entry by entry): an indicator of another movement, a unit not taking
    part or outside the caller's scope, the same unit and indicator twice, a value that is not a
    number or that the indicator refuses (percentage 0–100, whole count, its own bounds), a note
    over 500 characters, and a unit proposing a different value for a target the department has
    already assigned. Also refuses a closed movement and a year outside the movement.
    """
    require_open_movement(movement)
    check_year(movement, year)
    problems, checked = check_target_entries(by=by, movement=movement, year=year, entries=entries)
    if problems:
        raise TargetEntriesError(problems)
    wanted = [(entry, value) for entry, value in checked if value is not None]
    stored = {
        (t.unit_id, t.indicator_id): t
        for t in Target.objects.select_for_update()
        .select_related("unit", "indicator")
        .filter(
            unit__in={e.unit.pk for e, _ in wanted},
            indicator__in={e.indicator.pk for e, _ in wanted},
            year=year,
        )
    }
    now = timezone.now()
    created: list[Target] = []
    updated: list[tuple[Target, dict[str, str]]] = []
    unchanged = proposed = 0
    for entry, value in wanted:
        assign = _may_assign(by, entry.unit)
        status = TargetStatus.APPROVED if assign else TargetStatus.PROPOSED
        note = entry.note.strip()
        current = stored.get((entry.unit.pk, entry.indicator.pk))
        if current is not None:
            # A return's reason is cleared when the unit proposes again.
            kept_note = current.note if current.status != TargetStatus.RETURNED else ""
            new_note = note or kept_note
            if (not assign and current.status == TargetStatus.APPROVED) or (
                current.value == value
                and current.note == new_note
                and current.status in (status, TargetStatus.APPROVED)
            ):
                # A unit cannot reopen a target in force (a different value was refused).
                unchanged += 1
                continue
            before = {name: str(getattr(current, name)) for name in _AUDITED}
            current.value = value
            current.status = status
            current.note = new_note
            current.decided_by = by if assign else None
            current.decided_at = now if assign else None
            current.updated_at = now
            updated.append((current, before))
        else:
            created.append(
                Target(
                    indicator=entry.indicator,
                    unit=entry.unit,
                    year=year,
                    value=value,
                    status=status,
                    note=note,
                    decided_by=by if assign else None,
                    decided_at=now if assign else None,
                )
            )
        if not assign:
            proposed += 1
    Target.objects.bulk_create(created)
    Target.objects.bulk_update(
        [target for target, _ in updated],
        ["value", "status", "note", "decided_by", "decided_at", "updated_at"],
    )
    why = reason.strip() or source
    entries_audit = [
        build_audit_entry(
            actor=by,
            action=AuditAction.CREATE,
            target_type="movements.target",
            target_id=target.pk,
            target_repr=_repr(target, year),
            unit_path=target.unit.path,
            changes={name: [None, str(getattr(target, name))] for name in _AUDITED},
            reason=why,
        )
        for target in created
    ]
    entries_audit += [
        build_audit_entry(
            actor=by,
            action=AuditAction.UPDATE,
            target_type="movements.target",
            target_id=target.pk,
            target_repr=_repr(target, year),
            unit_path=target.unit.path,
            changes={
                name: [before[name], str(getattr(target, name))]
                for name in _AUDITED
                if before[name] != str(getattr(target, name))
            },
            reason=why,
        )
        for target, before in updated
    ]
    AuditEntry.objects.bulk_create(entries_audit)
    return TargetsSaved(
        created=len(created), updated=len(updated), unchanged=unchanged, proposed=proposed
    )


def _repr(target: Target, year: int) -> str:
    return f"Chỉ tiêu {target.indicator.code} năm {year} — {target.unit.name}"


def _require_decide(by: User, target: Target) -> None:
    if not _may_assign(by, target.unit):
        raise PermissionDeniedError(
            f"Bạn không có quyền duyệt chỉ tiêu của đơn vị “{target.unit.name}”."
        )
    if target.status != TargetStatus.PROPOSED:
        raise DomainError(
            f"Chỉ tiêu {_label(target.unit, target.indicator)} không ở trạng thái chờ duyệt "
            f"({target.get_status_display().lower()})."
        )


@transaction.atomic
def approve_targets(*, by: User, targets: Sequence[Target], note: str = "") -> int:
    """Approve proposed targets: they come into force as proposed. All or nothing.

    Refuses a caller without MANAGE_TARGETS at a target's unit, a target that is not
    proposed (already in force, or returned), and a closed movement.
    """
    now = timezone.now()
    for target in targets:
        require_open_movement(target.indicator.movement)
        _require_decide(by, target)
    for target in targets:
        target.status = TargetStatus.APPROVED
        target.decided_by = by
        target.decided_at = now
        target.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=target,
            target_repr=_repr(target, target.year),
            unit_path=target.unit.path,
            changes={"status": [TargetStatus.PROPOSED.value, TargetStatus.APPROVED.value]},
            reason=note.strip() or "Duyệt chỉ tiêu đơn vị đề xuất",
        )
    return len(targets)


@transaction.atomic
def return_targets(*, by: User, targets: Sequence[Target], reason: str) -> int:
    """Return proposed targets to the unit with a reason (kept in the target's note); the
    unit may propose again. All or nothing.

    Refuses an empty reason, a caller without MANAGE_TARGETS at a target's unit, a target
    that is not proposed, and a closed movement.
    """
    why = check_reason(reason)
    now = timezone.now()
    for target in targets:
        require_open_movement(target.indicator.movement)
        _require_decide(by, target)
    for target in targets:
        target.status = TargetStatus.RETURNED
        target.note = why[:MAX_NOTE]
        target.decided_by = by
        target.decided_at = now
        target.save(update_fields=["status", "note", "decided_by", "decided_at", "updated_at"])
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=target,
            target_repr=_repr(target, target.year),
            unit_path=target.unit.path,
            changes={"status": [TargetStatus.PROPOSED.value, TargetStatus.RETURNED.value]},
            reason=why,
        )
    return len(targets)
