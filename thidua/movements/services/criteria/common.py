"""What the plan-content services share: the permission check, the movement lock, field
checks that fit the columns, and the audit helpers."""

import re
from decimal import Decimal, InvalidOperation

from django.db.models import Model

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.movements.models import Indicator, Movement
from thidua.movements.scoring import format_number
from thidua.movements.selectors.criteria import indicator_uses
from thidua.organizations.scoping import can

PLAN_CODE_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9_.\-]{0,31}$")
PERCENT_MIN, PERCENT_MAX = Decimal(0), Decimal(100)


def require_manage(by: User, movement: Movement) -> None:
    if not can(by, Perm.MANAGE_MOVEMENT, movement.owner.path):
        raise PermissionDeniedError("Bạn không có quyền sửa kế hoạch của phong trào này.")


def lock_plan(movement: Movement) -> Movement:
    """Serialise the plan edits of one movement (two formulas saved at once cannot together
    make a cycle that neither makes alone)."""
    return Movement.objects.select_for_update().select_related("owner").get(pk=movement.pk)


def clean_text(
    value: str, *, field: str, label: str, max_length: int, required: bool = True
) -> str:
    cleaned = " ".join(value.split())
    if required and not cleaned:
        raise DomainError(f"{label} không được để trống.", field=field)
    if len(cleaned) > max_length:
        raise DomainError(f"{label} không được dài quá {max_length} ký tự.", field=field)
    return cleaned


def plan_code(code: str, *, field: str = "code") -> str:
    normalised = code.strip().upper()
    if not PLAN_CODE_PATTERN.match(normalised):
        raise DomainError(
            "Mã chỉ gồm chữ in hoa không dấu, chữ số và các dấu - _ . (không có khoảng trắng), "
            "tối đa 32 ký tự, ví dụ ND1 hoặc 1.2.",
            field=field,
        )
    return normalised


def check_order(value: int) -> int:
    if not 0 <= value <= 32_767:
        raise DomainError("Thứ tự phải là số nguyên từ 0 đến 32.767.", field="order")
    return value


def check_decimal(
    value: Decimal,
    *,
    field: str,
    label: str,
    digits: int,
    places: int,
    minimum: Decimal | None = None,
    positive: bool = False,
) -> Decimal:
    """A decimal that fits its column (`digits` in all, `places` after the comma), at the
    column's scale."""
    try:
        number = Decimal(value)
    except (InvalidOperation, TypeError, ValueError) as error:
        raise DomainError(f"{label} phải là một số.", field=field) from error
    if not number.is_finite():
        raise DomainError(f"{label} phải là một số.", field=field)
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and -exponent > places:
        raise DomainError(f"{label} có tối đa {places} chữ số sau dấu phẩy.", field=field)
    limit = Decimal(10) ** (digits - places)
    if abs(number) >= limit:
        raise DomainError(f"{label} phải nhỏ hơn {format_number(limit)}.", field=field)
    if positive and number <= 0:
        raise DomainError(f"{label} phải lớn hơn 0.", field=field)
    if minimum is not None and number < minimum:
        raise DomainError(f"{label} không được nhỏ hơn {format_number(minimum)}.", field=field)
    # As the column stores it, so that comparing with a stored value finds no false change.
    return number.quantize(Decimal(1).scaleb(-places))


def audit_create(by: User, movement: Movement, obj: Model, fields: tuple[str, ...]) -> None:
    record_audit(
        actor=by,
        action=AuditAction.CREATE,
        target=obj,
        unit_path=movement.owner.path,
        changes=diff({}, snapshot(obj, fields)),
    )


def audit_update(
    by: User, movement: Movement, obj: Model, before: dict[str, object], fields: tuple[str, ...]
) -> None:
    changes = diff(before, snapshot(obj, fields))
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=obj,
            unit_path=movement.owner.path,
            changes=changes,
        )


def refuse_if_used(indicators: list[Indicator], *, what: str) -> None:
    uses = indicator_uses(indicators, ignore_formulas_of=[i.code for i in indicators])
    if uses:
        raise DomainError(f"Không thể xóa {what}: " + " ".join(uses))
