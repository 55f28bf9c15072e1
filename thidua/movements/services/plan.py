"""Writes of the movement plan: movements, their scope, phases with their reviews, and reporting
periods.

Every write needs MANAGE_MOVEMENT on the movement's organising unit (`owner`), runs in one
transaction and is audited at the owner's path. Lifecycle: draft (đang soạn) → launched (đã
phát động) → closed (đã tổng kết). A launched movement's plan can still change, but every change
to what exists (its fields, its scope, a phase, a period's dates) needs a reason, kept in the
audit trail; adding phases or periods needs none. A closed movement is read-only.
"""

import datetime as dt
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, Min

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import diff, json_safe, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements import periods as period_rules
from thidua.movements.enums import MovementKind, MovementStatus, ReviewKind
from thidua.movements.models import Movement, MovementScope, Period, Phase
from thidua.organizations import tree
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can

MOVEMENT_CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]{0,31}$")
MIN_YEAR = 2000
MAX_YEAR = 2100
# A sơ kết / tổng kết conference is held during its phase or at most a year after it ends.
REVIEW_YEARS_AFTER_PHASE = 1
_MOVEMENT_FIELDS = (
    "code",
    "name",
    "kind",
    "owner",
    "start_date",
    "end_date",
    "for_collectives",
    "for_individuals",
    "description",
    "legal_basis",
)
_PHASE_FIELDS = (
    "number",
    "name",
    "start_date",
    "end_date",
    "review_kind",
    "review_name",
    "review_date",
)


def ddmmyyyy(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --- Shared checks --------------------------------------------------------------------------------


def _require_manage(by: User, movement: Movement) -> None:
    if not can(by, Perm.MANAGE_MOVEMENT, movement.owner.path):
        raise PermissionDeniedError(
            f"Bạn không có quyền thay đổi kế hoạch của phong trào “{movement.name}”."
        )


def _require_open(movement: Movement) -> None:
    if movement.status == MovementStatus.CLOSED:
        raise DomainError(
            f"Phong trào “{movement.name}” đã tổng kết: kế hoạch không thay đổi được nữa."
        )


def _require_reason(movement: Movement, reason: str) -> None:
    if movement.status == MovementStatus.LAUNCHED and not reason.strip():
        raise DomainError(
            "Phong trào đã phát động: hãy ghi lý do thay đổi (lưu vào nhật ký thao tác).",
            field="reason",
        )


def _clean_text(value: str, *, field: str, label: str, max_length: int) -> str:
    cleaned = " ".join(value.split())
    if not cleaned:
        raise DomainError(f"{label} không được để trống.", field=field)
    if len(cleaned) > max_length:
        raise DomainError(f"{label} dài quá {max_length} ký tự.", field=field)
    return cleaned


def _values(data: object, fields: Sequence[str]) -> dict[str, object]:
    """What `snapshot` would hold once `data` is saved (to find the changes before writing)."""
    return {field: json_safe(getattr(data, field)) for field in fields}


def _check_year(day: dt.date, field: str) -> None:
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise DomainError(f"Năm phải trong khoảng {MIN_YEAR}–{MAX_YEAR}.", field=field)


# --- Movements ------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class MovementData:
    """What a form or an API call says about a movement."""

    code: str
    name: str
    kind: str
    owner: Unit
    start_date: dt.date
    end_date: dt.date
    for_collectives: bool = True
    for_individuals: bool = True
    description: str = ""
    legal_basis: str = ""


def check_movement_code(code: str) -> str:
    """Normalise a movement code (upper case, no spaces) or refuse it."""
    normalised = code.strip().upper()
    if not MOVEMENT_CODE_PATTERN.match(normalised):
        raise DomainError(
            "Mã phong trào chỉ gồm chữ in hoa không dấu, chữ số, dấu gạch ngang, gạch dưới hoặc "
            "dấu chấm, tối đa 32 ký tự (ví dụ: CDS_2025_2030).",
            field="code",
        )
    return normalised


def _check_movement_data(data: MovementData, *, movement: Movement | None) -> MovementData:
    code = check_movement_code(data.code)
    clash = Movement.objects.filter(code=code)
    if movement is not None:
        clash = clash.exclude(pk=movement.pk)
    if clash.exists():
        raise DomainError(f"Đã có phong trào mã “{code}”.", field="code")
    name = _clean_text(data.name, field="name", label="Tên phong trào", max_length=300)
    if data.kind not in MovementKind.values:
        raise DomainError("Hình thức tổ chức phong trào không hợp lệ.", field="kind")
    if not data.owner.is_active:
        raise DomainError(f"Đơn vị “{data.owner.name}” đã ngừng hoạt động.", field="owner")
    _check_year(data.start_date, "start_date")
    _check_year(data.end_date, "end_date")
    if data.end_date <= data.start_date:
        raise DomainError("Ngày kết thúc phải sau ngày bắt đầu.", field="end_date")
    if not (data.for_collectives or data.for_individuals):
        raise DomainError(
            "Phong trào phải dành cho tập thể, cá nhân hoặc cả hai.", field="for_collectives"
        )
    return MovementData(
        code=code,
        name=name,
        kind=data.kind,
        owner=data.owner,
        start_date=data.start_date,
        end_date=data.end_date,
        for_collectives=data.for_collectives,
        for_individuals=data.for_individuals,
        description=data.description.strip(),
        legal_basis=data.legal_basis.strip(),
    )


@transaction.atomic
def create_movement(*, by: User, data: MovementData, reason: str = "") -> Movement:
    """Create a draft movement organised by `data.owner`.

    Refuses: a caller without MANAGE_MOVEMENT on the owner, a malformed or taken code, an empty
    name, an unknown kind, an inactive owner, a year outside 2000–2100, an end not after the
    start, a movement for neither collectives nor individuals.
    """
    data = _check_movement_data(data, movement=None)
    if not can(by, Perm.MANAGE_MOVEMENT, data.owner.path):
        raise PermissionDeniedError(
            f"Bạn không có quyền tổ chức phong trào tại đơn vị “{data.owner.name}”."
        )
    movement = Movement.objects.create(
        code=data.code,
        name=data.name,
        kind=data.kind,
        owner=data.owner,
        start_date=data.start_date,
        end_date=data.end_date,
        for_collectives=data.for_collectives,
        for_individuals=data.for_individuals,
        description=data.description,
        legal_basis=data.legal_basis,
        status=MovementStatus.DRAFT,
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=movement,
        unit_path=movement.owner.path,
        changes=diff({}, snapshot(movement, _MOVEMENT_FIELDS)),
        reason=reason,
    )
    return movement


def _check_plan_fits(movement: Movement, data: MovementData) -> None:
    """Existing phases, periods and scope must still fit the changed dates and owner."""
    outside = (
        Phase.objects.filter(movement=movement)
        .exclude(start_date__gte=data.start_date, end_date__lte=data.end_date)
        .order_by("number")
        .first()
    )
    if outside is not None:
        raise DomainError(
            f"Giai đoạn {outside.number} ({ddmmyyyy(outside.start_date)} – "
            f"{ddmmyyyy(outside.end_date)}) sẽ nằm ngoài thời gian của phong trào; hãy sửa "
            "giai đoạn trước.",
            field="start_date" if outside.start_date < data.start_date else "end_date",
        )
    span = Period.objects.filter(movement=movement).aggregate(
        first=Min("start_date"), last=Max("end_date")
    )
    if span["first"] is not None and (
        span["first"] < data.start_date or span["last"] > data.end_date
    ):
        raise DomainError(
            f"Đã có kỳ báo cáo từ {ddmmyyyy(span['first'])} đến {ddmmyyyy(span['last'])}, "
            "nằm ngoài thời gian mới của phong trào.",
            field="start_date" if span["first"] < data.start_date else "end_date",
        )
    if data.owner.pk != movement.owner_id:
        stray = (
            MovementScope.objects.filter(movement=movement)
            .select_related("unit")
            .order_by("unit__path")
        )
        for entry in stray:
            if not tree.is_within(entry.unit.path, data.owner.path):
                raise DomainError(
                    f"“{entry.unit.name}” trong phạm vi phong trào không thuộc đơn vị "
                    f"“{data.owner.name}”; hãy sửa phạm vi trước.",
                    field="owner",
                )


@transaction.atomic
def update_movement(
    movement: Movement, *, by: User, data: MovementData, reason: str = ""
) -> Movement:
    """Change a movement's fields (not its status: see launch / close).

    Refuses what `create_movement` refuses, and: a caller without MANAGE_MOVEMENT on the current
    owner (and on the new one), a closed movement, a launched movement without a reason, dates
    that would leave a phase or a period outside the movement, a new owner whose subtree does
    not hold the units of the scope.
    """
    _require_manage(by, movement)
    _require_open(movement)
    data = _check_movement_data(data, movement=movement)
    if not can(by, Perm.MANAGE_MOVEMENT, data.owner.path):
        raise PermissionDeniedError(
            f"Bạn không có quyền tổ chức phong trào tại đơn vị “{data.owner.name}”."
        )
    _check_plan_fits(movement, data)
    changes = diff(snapshot(movement, _MOVEMENT_FIELDS), _values(data, _MOVEMENT_FIELDS))
    if not changes:
        return movement
    _require_reason(movement, reason)
    for field in _MOVEMENT_FIELDS:
        setattr(movement, field, getattr(data, field))
    movement.save()
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=movement,
        unit_path=movement.owner.path,
        changes=changes,
        reason=reason,
    )
    return movement


def _change_status(movement: Movement, *, by: User, to: MovementStatus, reason: str) -> Movement:
    before = movement.status
    movement.status = to
    movement.save(update_fields=["status", "updated_at"])
    record_audit(
        actor=by,
        action=AuditAction.UPDATE,
        target=movement,
        unit_path=movement.owner.path,
        changes={"status": [before, str(to)]},
        reason=reason,
    )
    return movement


@transaction.atomic
def launch_movement(movement: Movement, *, by: User, reason: str = "") -> Movement:
    """Phát động: draft → launched. Refuses: a caller without MANAGE_MOVEMENT on the owner, a
    movement that is not a draft."""
    _require_manage(by, movement)
    if movement.status != MovementStatus.DRAFT:
        raise DomainError(f"Phong trào đang ở trạng thái “{movement.get_status_display()}”.")
    return _change_status(
        movement, by=by, to=MovementStatus.LAUNCHED, reason=reason or "Phát động phong trào"
    )


@transaction.atomic
def close_movement(movement: Movement, *, by: User, reason: str = "") -> Movement:
    """Tổng kết (close): launched → closed; the plan is read-only afterwards. Refuses: a caller
    without MANAGE_MOVEMENT on the owner, a movement that has not been launched or is closed."""
    _require_manage(by, movement)
    if movement.status != MovementStatus.LAUNCHED:
        raise DomainError("Chỉ kết thúc (tổng kết) được phong trào đã phát động.")
    return _change_status(
        movement, by=by, to=MovementStatus.CLOSED, reason=reason or "Tổng kết phong trào"
    )


# --- Scope ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScopeEntry:
    """A unit taking part, with its whole subtree or alone."""

    unit: Unit
    include_subtree: bool = True


def _scope_summary(rows: Sequence[tuple[int, bool]]) -> list[list[object]]:
    return [[unit_id, subtree] for unit_id, subtree in sorted(rows)]


@transaction.atomic
def set_movement_scope(
    movement: Movement, *, by: User, entries: Sequence[ScopeEntry], reason: str = ""
) -> list[MovementScope]:
    """Replace the list of units taking part. No entry: the owner's whole subtree takes part.

    Refuses: a caller without MANAGE_MOVEMENT on the owner, a closed movement, a launched one
    without a reason, a unit outside the owner's subtree or inactive, a unit already covered by
    another entry that includes its subtree. A unit listed twice counts once (first wins).
    """
    _require_manage(by, movement)
    _require_open(movement)
    owner = movement.owner
    unique: dict[int, ScopeEntry] = {}
    for entry in entries:
        unique.setdefault(entry.unit.pk, entry)
    for entry in unique.values():
        if not tree.is_within(entry.unit.path, owner.path):
            raise DomainError(
                f"“{entry.unit.name}” không thuộc đơn vị tổ chức phong trào “{owner.name}”.",
                field="units",
            )
        if not entry.unit.is_active:
            raise DomainError(f"“{entry.unit.name}” đã ngừng hoạt động.", field="units")
        for other in unique.values():
            if (
                other is not entry
                and other.include_subtree
                and tree.is_within(entry.unit.path, other.unit.path)
            ):
                raise DomainError(
                    f"“{entry.unit.name}” đã nằm trong phạm vi của “{other.unit.name}” (kèm "
                    "các đơn vị trực thuộc); bỏ chọn một trong hai.",
                    field="units",
                )
    current = list(
        MovementScope.objects.filter(movement=movement).values_list("unit_id", "include_subtree")
    )
    wanted = [(entry.unit.pk, entry.include_subtree) for entry in unique.values()]
    before, after = _scope_summary(current), _scope_summary(wanted)
    if before != after:
        _require_reason(movement, reason)
        MovementScope.objects.filter(movement=movement).delete()
        MovementScope.objects.bulk_create(
            MovementScope(movement=movement, unit=entry.unit, include_subtree=entry.include_subtree)
            for entry in unique.values()
        )
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=movement,
            unit_path=owner.path,
            changes={"scope": [before, after]},
            reason=reason,
        )
    return list(MovementScope.objects.filter(movement=movement).select_related("unit"))


# --- Phases ---------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PhaseData:
    number: int
    name: str
    start_date: dt.date
    end_date: dt.date
    review_kind: str = ReviewKind.NONE
    review_name: str = ""
    review_date: dt.date | None = None


def _years_after(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28/02 for a 29/02 that has none)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _check_review(movement: Movement, data: PhaseData, others: Sequence[Phase]) -> None:
    if data.review_kind not in ReviewKind.values:
        raise DomainError("Hình thức đánh giá không hợp lệ.", field="review_kind")
    if data.review_kind == ReviewKind.NONE:
        if data.review_name.strip() or data.review_date is not None:
            raise DomainError(
                "Hãy chọn hình thức đánh giá (sơ kết hoặc tổng kết) cho hội nghị này.",
                field="review_kind",
            )
        return
    if data.review_date is not None:
        latest = _years_after(data.end_date, REVIEW_YEARS_AFTER_PHASE)
        if not data.start_date <= data.review_date <= latest:
            raise DomainError(
                "Ngày sơ kết, tổng kết phải trong giai đoạn hoặc sau khi giai đoạn kết thúc, "
                f"chậm nhất một năm (từ {ddmmyyyy(data.start_date)} đến {ddmmyyyy(latest)}).",
                field="review_date",
            )
    if data.review_kind == ReviewKind.FINAL:
        final = next((p for p in others if p.review_kind == ReviewKind.FINAL), None)
        if final is not None:
            raise DomainError(
                f"Phong trào chỉ tổng kết một lần (đã đặt ở giai đoạn {final.number}).",
                field="review_kind",
            )
        later = next((p for p in others if p.start_date > data.start_date), None)
        if later is not None:
            raise DomainError(
                f"Tổng kết phải ở giai đoạn cuối cùng, nhưng giai đoạn {later.number} bắt đầu "
                "sau giai đoạn này.",
                field="review_kind",
            )


def _check_phase(movement: Movement, data: PhaseData, *, phase: Phase | None) -> PhaseData:
    """Refusals of a phase, each at its field; the phase's review is checked last."""
    if not 1 <= data.number <= 99:
        raise DomainError("Số thứ tự giai đoạn phải từ 1 đến 99.", field="number")
    name = _clean_text(data.name, field="name", label="Tên giai đoạn", max_length=200)
    review_name = " ".join(data.review_name.split())
    if len(review_name) > 200:
        raise DomainError("Tên hội nghị dài quá 200 ký tự.", field="review_name")
    if data.end_date <= data.start_date:
        raise DomainError("Ngày kết thúc giai đoạn phải sau ngày bắt đầu.", field="end_date")
    span = f"{ddmmyyyy(movement.start_date)} – {ddmmyyyy(movement.end_date)}"
    if data.start_date < movement.start_date:
        raise DomainError(
            f"Giai đoạn phải nằm trong thời gian của phong trào ({span}).", field="start_date"
        )
    if data.end_date > movement.end_date:
        raise DomainError(
            f"Giai đoạn phải nằm trong thời gian của phong trào ({span}).", field="end_date"
        )
    others = list(Phase.objects.filter(movement=movement).order_by("start_date"))
    if phase is not None:
        others = [p for p in others if p.pk != phase.pk]
    for other in others:
        if other.number == data.number:
            raise DomainError(f"Phong trào đã có giai đoạn {data.number}.", field="number")
    for other in others:
        if other.start_date <= data.end_date and other.end_date >= data.start_date:
            raise DomainError(
                f"Trùng thời gian với giai đoạn {other.number} “{other.name}” "
                f"({ddmmyyyy(other.start_date)} – {ddmmyyyy(other.end_date)}); các giai đoạn "
                "không được chồng lên nhau.",
                field="start_date",
            )
    for other in others:
        if (other.number < data.number) != (other.start_date < data.start_date):
            raise DomainError(
                "Số thứ tự giai đoạn phải theo thời gian: giai đoạn "
                f"{other.number} bắt đầu ngày {ddmmyyyy(other.start_date)}.",
                field="number",
            )
    final = next((p for p in others if p.review_kind == ReviewKind.FINAL), None)
    if final is not None and data.start_date > final.start_date:
        raise DomainError(
            f"Giai đoạn {final.number} đã là giai đoạn tổng kết phong trào; không thêm giai đoạn "
            "sau đó.",
            field="start_date",
        )
    cleaned = PhaseData(
        number=data.number,
        name=name,
        start_date=data.start_date,
        end_date=data.end_date,
        review_kind=data.review_kind,
        review_name=review_name,
        review_date=data.review_date,
    )
    _check_review(movement, cleaned, others)
    return cleaned


@transaction.atomic
def create_phase(movement: Movement, *, by: User, data: PhaseData, reason: str = "") -> Phase:
    """Add a phase (giai đoạn) with its optional review (sơ kết / tổng kết).

    Rules: the phase lies inside the movement; phases do not overlap and are numbered in the
    order of time; a review date lies within the phase or at most one year after it ends (a
    conference is often held just after the phase); only the last phase may carry the final
    review (tổng kết), and only once; no phase comes after it.
    Refuses each breach at its field, a caller without MANAGE_MOVEMENT on the owner and a closed
    movement.
    """
    _require_manage(by, movement)
    _require_open(movement)
    data = _check_phase(movement, data, phase=None)
    phase = Phase.objects.create(
        movement=movement,
        number=data.number,
        name=data.name,
        start_date=data.start_date,
        end_date=data.end_date,
        review_kind=data.review_kind,
        review_name=data.review_name,
        review_date=data.review_date,
    )
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=phase,
        unit_path=movement.owner.path,
        changes=diff({}, snapshot(phase, _PHASE_FIELDS)),
        reason=reason,
    )
    return phase


@transaction.atomic
def update_phase(phase: Phase, *, by: User, data: PhaseData, reason: str = "") -> Phase:
    """Change a phase. Refuses what `create_phase` refuses, and a launched movement's change
    without a reason."""
    movement = phase.movement
    _require_manage(by, movement)
    _require_open(movement)
    data = _check_phase(movement, data, phase=phase)
    changes = diff(snapshot(phase, _PHASE_FIELDS), _values(data, _PHASE_FIELDS))
    if changes:
        _require_reason(movement, reason)
        for field in _PHASE_FIELDS:
            setattr(phase, field, getattr(data, field))
        phase.save()
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=phase,
            unit_path=movement.owner.path,
            changes=changes,
            reason=reason,
        )
    return phase


@transaction.atomic
def delete_phase(phase: Phase, *, by: User, reason: str = "") -> None:
    """Remove a phase. Refuses: a caller without MANAGE_MOVEMENT on the owner, a closed
    movement, a launched one without a reason."""
    movement = phase.movement
    _require_manage(by, movement)
    _require_open(movement)
    _require_reason(movement, reason)
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target=phase,
        unit_path=movement.owner.path,
        changes=diff(snapshot(phase, _PHASE_FIELDS), {}),
        reason=reason,
    )
    phase.delete()


# --- Periods --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodGeneration:
    created: list[Period]
    kept: int  # periods that existed already and were left as they were


def _check_days(value: int, field: str, label: str) -> None:
    if not 0 <= value <= period_rules.MAX_DAYS_AFTER_END:
        raise DomainError(
            f"{label} phải từ 0 đến {period_rules.MAX_DAYS_AFTER_END} ngày.", field=field
        )


@transaction.atomic
def generate_movement_periods(
    movement: Movement,
    *,
    by: User,
    kinds: Collection[str],
    due_after_days: int,
    lock_after_days: int,
    opens_before_end_days: int = 0,
    start: dt.date | None = None,
    end: dt.date | None = None,
    reason: str = "",
) -> PeriodGeneration:
    """Create the reporting periods of `kinds` between `start` and `end` (default: the whole
    movement), as `periods.generate_periods` computes them. Periods that exist already (same
    kind, year and number) are kept as they are, so generating again adds only what is missing.

    Refuses: a caller without MANAGE_MOVEMENT on the owner, a closed movement, no kind or an
    unknown one, day counts outside 0–366, a lock before the due date, a range outside the
    movement or ending before it starts.
    """
    _require_manage(by, movement)
    _require_open(movement)
    wanted = list(dict.fromkeys(kinds))
    if not wanted:
        raise DomainError("Hãy chọn ít nhất một loại kỳ báo cáo.", field="kinds")
    if any(kind not in period_rules.KINDS for kind in wanted):
        raise DomainError("Loại kỳ báo cáo không hợp lệ.", field="kinds")
    _check_days(due_after_days, "due_after_days", "Hạn nộp sau cuối kỳ")
    _check_days(lock_after_days, "lock_after_days", "Khóa số liệu sau cuối kỳ")
    _check_days(opens_before_end_days, "opens_before_end_days", "Mở nhập liệu trước cuối kỳ")
    if lock_after_days < due_after_days:
        raise DomainError(
            "Ngày khóa số liệu phải sau hoặc trùng hạn nộp: số ngày khóa phải lớn hơn hoặc bằng "
            "số ngày hạn nộp.",
            field="lock_after_days",
        )
    start = start or movement.start_date
    end = end or movement.end_date
    span = f"{ddmmyyyy(movement.start_date)} – {ddmmyyyy(movement.end_date)}"
    if start < movement.start_date:
        raise DomainError(
            f"Khoảng thời gian tạo kỳ phải nằm trong thời gian của phong trào ({span}).",
            field="start",
        )
    if end > movement.end_date:
        raise DomainError(
            f"Khoảng thời gian tạo kỳ phải nằm trong thời gian của phong trào ({span}).",
            field="end",
        )
    if end < start:
        raise DomainError("Ngày kết thúc phải sau hoặc trùng ngày bắt đầu.", field="end")
    specs = period_rules.generate_periods(
        start,
        end,
        wanted,
        due_after_days=due_after_days,
        lock_after_days=lock_after_days,
        opens_before_end_days=opens_before_end_days,
    )
    existing = set(Period.objects.filter(movement=movement).values_list("kind", "year", "number"))
    new = [
        Period(
            movement=movement,
            kind=spec.kind,
            year=spec.year,
            number=spec.number,
            name=spec.name,
            start_date=spec.start,
            end_date=spec.end,
            opens_on=spec.opens_on,
            due_on=spec.due_on,
            locks_on=spec.locks_on,
        )
        for spec in specs
        if (spec.kind, spec.year, spec.number) not in existing
    ]
    created = Period.objects.bulk_create(new)
    if created:
        record_audit(
            actor=by,
            action=AuditAction.CREATE,
            target=movement,
            target_type="movements.period",
            unit_path=movement.owner.path,
            changes={
                "periods": [None, [period.name for period in created]],
                "due_after_days": [None, due_after_days],
                "lock_after_days": [None, lock_after_days],
                "opens_before_end_days": [None, opens_before_end_days],
            },
            reason=reason or "Tạo kỳ báo cáo",
        )
    return PeriodGeneration(created=created, kept=len(specs) - len(created))


@transaction.atomic
def update_period_dates(
    period: Period,
    *,
    by: User,
    opens_on: dt.date,
    due_on: dt.date,
    locks_on: dt.date,
    reason: str = "",
) -> Period:
    """Change when a period opens for entry, when its report is due and when it locks.

    Refuses (at the field): entry opening before the period starts, opening after the due date,
    a due date after the lock; and a caller without MANAGE_MOVEMENT on the owner, a closed
    movement, a launched one without a reason.
    """
    movement = period.movement
    _require_manage(by, movement)
    _require_open(movement)
    for day, field in ((opens_on, "opens_on"), (due_on, "due_on"), (locks_on, "locks_on")):
        _check_year(day, field)
    problems = period_rules.period_date_problems(
        opens_on, due_on, locks_on, period.start_date, period.end_date
    )
    if problems:
        field, message = problems[0]
        raise DomainError(message, field=field)
    fields = ("opens_on", "due_on", "locks_on")
    after = {
        "opens_on": opens_on.isoformat(),
        "due_on": due_on.isoformat(),
        "locks_on": locks_on.isoformat(),
    }
    changes = diff(snapshot(period, fields), after)
    if changes:
        _require_reason(movement, reason)
        period.opens_on, period.due_on, period.locks_on = opens_on, due_on, locks_on
        period.save(update_fields=list(fields))
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=period,
            unit_path=movement.owner.path,
            changes=changes,
            reason=reason,
        )
    return period
