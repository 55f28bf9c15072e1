"""Writes to the unit tree: create, update, move. Every write checks scope, keeps paths
consistent and is audited, in one transaction."""

import re

from django.db import IntegrityError, transaction

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.text import fold
from thidua.organizations import tree
from thidua.organizations.enums import SUB_UNIT_KINDS, UnitKind
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import can, subtree_q

UNIT_CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]{0,31}$")
ABBREVIATION_MAX_LENGTH = 20
_AUDITED_FIELDS = (
    "code",
    "name",
    "abbreviation",
    "kind",
    "parent",
    "head",
    "is_active",
    "sort_order",
)


def check_unit_code(code: str) -> str:
    """Normalise a unit code (upper case, no spaces) or refuse it."""
    normalised = code.strip().upper()
    if not UNIT_CODE_PATTERN.match(normalised):
        raise DomainError(
            "Mã đơn vị chỉ gồm chữ in hoa không dấu, chữ số, dấu gạch ngang, gạch dưới hoặc "
            "dấu chấm, tối đa 32 ký tự (ví dụ: BV_XANHPON).",
            field="code",
        )
    return normalised


def check_unit_abbreviation(abbreviation: str) -> str:
    """Normalise the abbreviation printed in a document's symbol ("syt" → "SYT", the "SYT" of
    "15/QĐ-SYT") or refuse it: no spaces, no "/" (which separates the number from the symbol),
    at most 20 characters (Nghị định 30/2020/NĐ-CP, Phụ lục VI). Empty is allowed: a unit that
    issues no documents needs none."""
    normalised = abbreviation.strip().upper()
    if any(char.isspace() for char in normalised) or "/" in normalised:
        raise DomainError(
            "Chữ viết tắt không được chứa dấu cách hoặc dấu “/” (ví dụ: SYT, BVĐKĐĐ).",
            field="abbreviation",
        )
    if len(normalised) > ABBREVIATION_MAX_LENGTH:
        raise DomainError(
            f"Chữ viết tắt dài tối đa {ABBREVIATION_MAX_LENGTH} ký tự.", field="abbreviation"
        )
    return normalised


def _check_kind(kind: str, parent: Unit | None) -> None:
    if kind not in UnitKind.values:
        raise DomainError("Loại đơn vị không hợp lệ.", field="kind")
    if parent is None and kind != UnitKind.DEPARTMENT:
        raise DomainError("Đơn vị gốc của cây phải là Sở.", field="parent")
    if parent is not None and kind == UnitKind.DEPARTMENT:
        raise DomainError("Chỉ đơn vị gốc mới có loại “Sở”.", field="kind")
    if parent is not None and parent.kind in SUB_UNIT_KINDS and kind not in SUB_UNIT_KINDS:
        raise DomainError(
            "Dưới một khoa, phòng hoặc trạm chỉ có thể đặt khoa, phòng hoặc trạm.", field="kind"
        )


def _check_head(unit: Unit, head: Person | None) -> None:
    if head is not None and not tree.is_within(head.unit.path, unit.path):
        raise DomainError(
            "Thủ trưởng phải là người đang công tác tại đơn vị này hoặc đơn vị trực thuộc.",
            field="head",
        )


def _require(by: User, perm: Perm, unit: Unit, message: str) -> None:
    if not can(by, perm, unit.path):
        raise PermissionDeniedError(message)


@transaction.atomic
def create_unit(
    *,
    by: User | None,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    sort_order: int = 0,
    abbreviation: str = "",
) -> Unit:
    """Create a unit under `parent` (None only for the root, by a system command).

    Refuses: a caller without CHANGE_UNIT on the parent, a malformed or taken code, an empty
    name, a malformed abbreviation (`check_unit_abbreviation`), a kind that does not fit its
    place in the tree.
    """
    if parent is None:
        if Unit.objects.filter(parent__isnull=True).exists():
            raise DomainError("Cây đơn vị đã có đơn vị gốc.", field="parent")
    elif by is not None:
        _require(by, Perm.CHANGE_UNIT, parent, "Bạn không có quyền thêm đơn vị vào đơn vị này.")
    code = check_unit_code(code)
    name = name.strip()
    if not name:
        raise DomainError("Tên đơn vị không được để trống.", field="name")
    abbreviation = check_unit_abbreviation(abbreviation)
    _check_kind(kind, parent)
    if Unit.objects.filter(code=code).exists():
        raise DomainError(f"Mã đơn vị “{code}” đã được dùng.", field="code")
    # The path needs the primary key: insert with a unique placeholder, then set it.
    unit = Unit.objects.create(
        code=code,
        name=name,
        abbreviation=abbreviation,
        kind=kind,
        parent=parent,
        sort_order=sort_order,
        path=f"#{code}",
        name_folded=fold(name),
    )
    unit.path = tree.path_for(parent.path if parent else None, unit.pk)
    unit.depth = tree.depth_of(unit.path)
    unit.save(update_fields=["path", "depth"])
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=unit,
        unit_path=unit.path,
        changes=diff({}, snapshot(unit, _AUDITED_FIELDS)),
    )
    return unit


@transaction.atomic
def update_unit(
    unit: Unit,
    *,
    by: User,
    name: str,
    code: str,
    kind: str,
    sort_order: int,
    head: Person | None,
    is_active: bool,
    reason: str = "",
    abbreviation: str | None = None,
) -> Unit:
    """Change a unit's own fields (not its place in the tree: see `move_unit`).

    `abbreviation` None keeps the stored one; a malformed one is refused at its field.
    """
    _require(by, Perm.CHANGE_UNIT, unit, "Bạn không có quyền sửa đơn vị này.")
    before = snapshot(unit, _AUDITED_FIELDS)
    code = check_unit_code(code)
    if code != unit.code and Unit.objects.filter(code=code).exclude(pk=unit.pk).exists():
        raise DomainError(f"Mã đơn vị “{code}” đã được dùng.", field="code")
    name = name.strip()
    if not name:
        raise DomainError("Tên đơn vị không được để trống.", field="name")
    if abbreviation is not None:
        abbreviation = check_unit_abbreviation(abbreviation)
    _check_kind(kind, unit.parent)
    _check_head(unit, head)
    if (
        not is_active
        and unit.is_active
        and Person.objects.filter(subtree_q("unit__path", unit.path), is_active=True).exists()
    ):
        raise DomainError(
            "Không thể ngừng hoạt động đơn vị còn người đang công tác. Hãy chuyển họ sang "
            "đơn vị khác trước.",
            field="is_active",
        )
    unit.code, unit.name, unit.kind = code, name, kind
    if abbreviation is not None:
        unit.abbreviation = abbreviation
    unit.sort_order, unit.head, unit.is_active = sort_order, head, is_active
    unit.name_folded = fold(name)
    unit.save()
    changes = diff(before, snapshot(unit, _AUDITED_FIELDS))
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=unit,
            unit_path=unit.path,
            changes=changes,
            reason=reason,
        )
    return unit


@transaction.atomic
def move_unit(unit: Unit, *, by: User, new_parent: Unit, reason: str = "") -> Unit:
    """Move a unit (with its whole subtree) under another parent.

    Refuses: moving the root, a move that would create a cycle (under itself or a descendant),
    and a caller without CHANGE_UNIT on both the unit and the new parent.
    """
    if unit.parent_id is None:
        raise DomainError("Không thể chuyển đơn vị gốc.", field="parent")
    _require(by, Perm.CHANGE_UNIT, unit, "Bạn không có quyền chuyển đơn vị này.")
    _require(by, Perm.CHANGE_UNIT, new_parent, "Bạn không có quyền chuyển đơn vị tới đơn vị đích.")
    if tree.would_create_cycle(unit.path, new_parent.path):
        raise DomainError(
            "Không thể chuyển đơn vị vào chính nó hoặc một đơn vị trực thuộc của nó (tạo vòng lặp).",
            field="parent",
        )
    if new_parent.pk == unit.parent_id:
        return unit
    _check_kind(unit.kind, new_parent)
    old_parent_id = unit.parent_id
    old_prefix = unit.path
    new_prefix = tree.path_for(new_parent.path, unit.pk)
    subtree = list(Unit.objects.filter(subtree_q("path", old_prefix)).order_by("-depth"))
    # Two passes: first to temporary paths so the unique index never sees a collision.
    for node in subtree:
        node.path = "#" + tree.rebase(node.path, old_prefix, new_prefix)
    Unit.objects.bulk_update(subtree, ["path"], batch_size=500)
    for node in subtree:
        node.path = node.path[1:]
        node.depth = tree.depth_of(node.path)
        if node.pk == unit.pk:
            node.parent = new_parent
    try:
        Unit.objects.bulk_update(subtree, ["path", "depth", "parent"], batch_size=500)
    except IntegrityError as exc:  # pragma: no cover - guarded by the checks above
        raise DomainError("Không thể chuyển đơn vị.", field="parent") from exc
    unit.refresh_from_db()
    record_audit(
        actor=by,
        action=AuditAction.MOVE,
        target=unit,
        unit_path=unit.path,
        changes={"parent": [old_parent_id, new_parent.pk], "path": [old_prefix, unit.path]},
        reason=reason,
    )
    return unit
