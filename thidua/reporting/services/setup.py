"""The reporting setup of a movement: which periods units report, warnings, reminders,
tie-breaks, and the approval levels (khoa/phòng → đơn vị → Sở).

Changed by the department (MANAGE_REPORTING at the movement's organising unit), audited.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements.enums import PeriodKind
from thidua.movements.models import Movement
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can, subtree_q
from thidua.reporting.enums import TieBreak
from thidua.reporting.models import ApprovalLevel, Report, ReportAction, ReportingSetup

# The default levels, by depth below the organising unit (0 = the organising unit itself, the
# Sở; 1 = its units). A khoa/phòng level (2) is added by the department when khoa heads approve.
DEFAULT_LEVELS = ((1, "Đơn vị"), (0, "Sở"))

MAX_REMINDER_DAYS = 60
MAX_OVERDUE_EVERY = 60
MAX_JUMP_FACTOR = Decimal(1000)
MAX_LEVEL_NAME = ApprovalLevel._meta.get_field("name").max_length or 100

_SETUP_FIELDS = (
    "reported_kinds",
    "jump_factor",
    "reminder_days",
    "overdue_every_days",
    "tie_breaks",
)
_KIND_ORDER = [kind.value for kind in PeriodKind]


@transaction.atomic
def ensure_setup(movement: Movement) -> ReportingSetup:
    """The movement's setup, created with the defaults (quarterly and yearly reports, a warning
    at a threefold jump, reminders 7 and 1 days before the due date, then every 3 days, and the
    two levels đơn vị → Sở) the first time anyone needs it. Idempotent, so no audit entry: the
    defaults are not a decision of anyone's; changes to them are audited by their service."""
    setup, created = ReportingSetup.objects.get_or_create(movement=movement)
    if created and not ApprovalLevel.objects.filter(movement=movement).exists():
        owner_depth = movement.owner.depth
        ApprovalLevel.objects.bulk_create(
            ApprovalLevel(movement=movement, depth=owner_depth + below, name=name)
            for below, name in DEFAULT_LEVELS
        )
    return setup


def check_can_manage_setup(by: User, movement: Movement) -> None:
    """Only MANAGE_REPORTING at the movement's organising unit changes its reporting setup."""
    if not can(by, Perm.MANAGE_REPORTING, movement.owner.path):
        raise PermissionDeniedError(
            "Chỉ cán bộ thường trực thi đua của đơn vị tổ chức phong trào được thay đổi thiết "
            "lập báo cáo."
        )


def _checked_kinds(kinds: Sequence[str]) -> list[str]:
    allowed = set(_KIND_ORDER)
    unknown = [kind for kind in kinds if kind not in allowed]
    if unknown:
        raise DomainError(f"Loại kỳ không hợp lệ: {', '.join(unknown)}.", field="reported_kinds")
    chosen = set(kinds)
    if not chosen:
        raise DomainError("Hãy chọn ít nhất một loại kỳ báo cáo.", field="reported_kinds")
    return [kind for kind in _KIND_ORDER if kind in chosen]


def _checked_reminder_days(days: Sequence[int]) -> list[int]:
    for day in days:
        if day < 0 or day > MAX_REMINDER_DAYS:
            raise DomainError(
                f"Số ngày nhắc trước hạn phải từ 0 đến {MAX_REMINDER_DAYS} (0 là nhắc đúng ngày "
                "hạn nộp).",
                field="reminder_days",
            )
    return sorted(set(days), reverse=True)


def _checked_tie_breaks(tie_breaks: Sequence[str]) -> list[str]:
    allowed = {choice.value for choice in TieBreak}
    unknown = [item for item in tie_breaks if item not in allowed]
    if unknown:
        raise DomainError(
            f"Tiêu chí phân định không hợp lệ: {', '.join(unknown)}.", field="tie_breaks"
        )
    if len(set(tie_breaks)) != len(tie_breaks):
        raise DomainError(
            "Mỗi tiêu chí phân định khi bằng điểm chỉ được chọn một lần.", field="tie_breaks"
        )
    return list(tie_breaks)


@transaction.atomic
def update_setup(
    *,
    movement: Movement,
    by: User,
    reported_kinds: Sequence[str],
    jump_factor: Decimal,
    reminder_days: Sequence[int],
    overdue_every_days: int,
    tie_breaks: Sequence[str],
) -> ReportingSetup:
    """Change how the movement's units report: the kinds of period reported (at least one), the
    factor of a jump from the previous period that needs an explanation (more than 1), the days
    before the due date a reminder goes out (0–60, none allowed), how often an overdue unit is
    reminded (every 1–60 days, 0 = never), and the order of the tie-breaks (each once).
    Audited as an update with the changed fields; nothing changed writes nothing."""
    check_can_manage_setup(by, movement)
    kinds = _checked_kinds(reported_kinds)
    if jump_factor <= 1 or jump_factor >= MAX_JUMP_FACTOR:
        raise DomainError(
            "Hệ số cảnh báo phải lớn hơn 1 (ví dụ 3: số liệu gấp 3 lần hoặc chỉ bằng 1/3 kỳ "
            "trước thì cần giải trình).",
            field="jump_factor",
        )
    days = _checked_reminder_days(reminder_days)
    if overdue_every_days < 0 or overdue_every_days > MAX_OVERDUE_EVERY:
        raise DomainError(
            f"Chu kỳ nhắc quá hạn phải từ 1 đến {MAX_OVERDUE_EVERY} ngày (0 là không nhắc).",
            field="overdue_every_days",
        )
    breaks = _checked_tie_breaks(tie_breaks)

    setup = ReportingSetup.objects.select_for_update().get(pk=ensure_setup(movement).pk)
    before = snapshot(setup, _SETUP_FIELDS)
    setup.reported_kinds = kinds
    setup.jump_factor = jump_factor.quantize(Decimal("0.01"))
    setup.reminder_days = days
    setup.overdue_every_days = overdue_every_days
    setup.tie_breaks = breaks
    changes = diff(before, snapshot(setup, _SETUP_FIELDS))
    if changes:
        setup.save()
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=setup,
            target_repr=f"Thiết lập báo cáo — {movement.name}",
            unit_path=movement.owner.path,
            changes=changes,
        )
    return setup


@dataclass(frozen=True)
class LevelInput:
    depth: int
    name: str


def deepest_depth(movement: Movement) -> int:
    """The depth of the deepest active unit under the movement's organising unit (one query)."""
    deepest = (
        Unit.objects.filter(subtree_q("path", movement.owner.path), is_active=True)
        .aggregate(deepest=Max("depth"))
        .get("deepest")
    )
    return int(deepest) if deepest is not None else movement.owner.depth


def _checked_levels(movement: Movement, levels: Sequence[LevelInput]) -> list[LevelInput]:
    if not levels:
        raise DomainError("Cần ít nhất một cấp duyệt báo cáo.", field="levels")
    top, bottom = movement.owner.depth, deepest_depth(movement)
    seen: set[int] = set()
    checked = []
    for level in levels:
        name = " ".join(level.name.split())
        if not name:
            raise DomainError(f"Hãy đặt tên cho cấp duyệt ở cấp {level.depth}.", field="levels")
        if len(name) > MAX_LEVEL_NAME:
            raise DomainError(
                f"Tên cấp duyệt dài quá {MAX_LEVEL_NAME} ký tự: “{name[:40]}…”.", field="levels"
            )
        if not top <= level.depth <= bottom:
            raise DomainError(
                f"Cấp {level.depth} nằm ngoài cây đơn vị của phong trào (từ cấp {top} là đơn vị "
                f"tổ chức đến cấp {bottom}).",
                field="levels",
            )
        if level.depth in seen:
            raise DomainError(
                f"Cấp {level.depth} được khai báo hai lần: mỗi cấp trong cây chỉ có một cấp duyệt.",
                field="levels",
            )
        seen.add(level.depth)
        checked.append(LevelInput(depth=level.depth, name=name))
    return sorted(checked, key=lambda level: level.depth, reverse=True)


def _check_removable(level: ApprovalLevel) -> None:
    waiting = Report.objects.filter(pending_level=level).count()
    if waiting:
        raise DomainError(
            f"Không bỏ được cấp duyệt “{level.name}”: đang có {waiting} báo cáo chờ duyệt ở "
            "cấp này. Hãy duyệt hoặc trả lại các báo cáo đó trước.",
            field="levels",
        )
    if ReportAction.objects.filter(level=level).exists():
        raise DomainError(
            f"Không bỏ được cấp duyệt “{level.name}”: cấp này đã có lịch sử phê duyệt. Có thể "
            "đổi tên cấp nhưng không xóa.",
            field="levels",
        )


def _describe_levels(levels: Sequence[tuple[int, str]]) -> str:
    return " → ".join(f"{name} (cấp {depth})" for depth, name in levels)


@transaction.atomic
def save_levels(
    *, movement: Movement, by: User, levels: Sequence[LevelInput]
) -> list[ApprovalLevel]:
    """Replace the movement's approval levels: at least one, each a depth of the tree between
    the organising unit and its deepest unit, no depth twice, each named. A level kept at the
    same depth keeps its row (renamed if needed); a level dropped is deleted unless reports
    wait at it or its history names it (then refused, nothing changed). Audited as one update
    listing the levels before and after. Returns the levels, deepest first."""
    check_can_manage_setup(by, movement)
    wanted = _checked_levels(movement, levels)
    ensure_setup(movement)
    current = {
        level.depth: level
        for level in ApprovalLevel.objects.select_for_update().filter(movement=movement)
    }
    before = [(level.depth, level.name) for level in sorted(current.values(), key=_deepest)]
    wanted_depths = {level.depth for level in wanted}
    removed = [stored for depth, stored in current.items() if depth not in wanted_depths]
    for stored in removed:
        _check_removable(stored)
    if removed:
        ApprovalLevel.objects.filter(pk__in=[stored.pk for stored in removed]).delete()
    result = []
    for wanted_level in wanted:
        existing = current.get(wanted_level.depth)
        if existing is None:
            existing = ApprovalLevel.objects.create(
                movement=movement, depth=wanted_level.depth, name=wanted_level.name
            )
        elif existing.name != wanted_level.name:
            existing.name = wanted_level.name
            existing.save(update_fields=["name"])
        result.append(existing)
    after = [(level.depth, level.name) for level in result]
    if after != before:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target_type="reporting.approvallevel",
            target_id=movement.pk,
            target_repr=f"Cấp duyệt báo cáo — {movement.name}",
            unit_path=movement.owner.path,
            changes={"levels": [_describe_levels(before), _describe_levels(after)]},
        )
    return result


def _deepest(level: ApprovalLevel) -> int:
    return -level.depth
