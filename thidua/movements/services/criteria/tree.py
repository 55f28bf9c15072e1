"""Writes to the plan's content areas (nội dung thi đua, nhóm giải pháp) and its criteria tree."""

from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction

from thidua.accounts.models import User
from thidua.core.audit import record_audit, snapshot
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction
from thidua.core.text import fold
from thidua.movements.enums import AreaKind
from thidua.movements.models import ContentArea, Criterion, Indicator, Movement
from thidua.movements.services.criteria.common import (
    audit_create,
    audit_update,
    check_decimal,
    check_order,
    clean_text,
    lock_plan,
    plan_code,
    refuse_if_used,
    require_manage,
)

AREA_FIELDS = ("code", "name", "kind", "order", "description", "keywords")
CRITERION_FIELDS = (
    "code",
    "name",
    "area",
    "parent",
    "weight",
    "max_points",
    "order",
    "description",
)


@dataclass(frozen=True, kw_only=True)
class AreaData:
    """What a form or an API call says about a content area or a solution group."""

    code: str
    name: str
    kind: str
    order: int = 0
    description: str = ""
    keywords: str = ""


@dataclass(frozen=True, kw_only=True)
class CriterionData:
    area: ContentArea
    parent: Criterion | None
    code: str
    name: str
    max_points: Decimal
    weight: Decimal = Decimal(1)
    order: int = 0
    description: str = ""


# --- Content areas ------------------------------------------------------------------------------


def _check_area(movement: Movement, data: AreaData, *, exclude_pk: int | None) -> AreaData:
    code = plan_code(data.code)
    taken = ContentArea.objects.filter(movement=movement, code=code)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise DomainError(f"Mã nội dung “{code}” đã được dùng trong phong trào này.", field="code")
    if data.kind not in AreaKind.values:
        raise DomainError("Loại phải là “Nội dung thi đua” hoặc “Nhóm giải pháp”.", field="kind")
    return AreaData(
        code=code,
        name=clean_text(data.name, field="name", label="Tên nội dung", max_length=300),
        kind=data.kind,
        order=check_order(data.order),
        description=data.description.strip(),
        keywords=" ".join(dict.fromkeys(fold(data.keywords.replace(",", " ")).split())),
    )


@transaction.atomic
def create_area(*, by: User, movement: Movement, data: AreaData) -> ContentArea:
    """Add a content area (nội dung thi đua) or a solution group (nhóm giải pháp).

    Refuses: a caller without MANAGE_MOVEMENT on the organising unit, a malformed code or one
    already used in the movement, an empty name, an unknown kind.
    """
    require_manage(by, movement)
    movement = lock_plan(movement)
    data = _check_area(movement, data, exclude_pk=None)
    area = ContentArea.objects.create(
        movement=movement,
        code=data.code,
        name=data.name,
        kind=data.kind,
        order=data.order,
        description=data.description,
        keywords=data.keywords,
    )
    audit_create(by, movement, area, AREA_FIELDS)
    return area


@transaction.atomic
def update_area(area: ContentArea, *, by: User, data: AreaData) -> ContentArea:
    """Change a content area's fields. Refuses what `create_area` refuses."""
    movement = area.movement
    require_manage(by, movement)
    movement = lock_plan(movement)
    data = _check_area(movement, data, exclude_pk=area.pk)
    before = snapshot(area, AREA_FIELDS)
    area.code, area.name, area.kind = data.code, data.name, data.kind
    area.order, area.description, area.keywords = data.order, data.description, data.keywords
    area.save()
    audit_update(by, movement, area, before, AREA_FIELDS)
    return area


@transaction.atomic
def delete_area(area: ContentArea, *, by: User, reason: str = "") -> None:
    """Delete a content area with its criteria and their indicators.

    Refuses: a caller without MANAGE_MOVEMENT, and any indicator under it that something else
    uses (a formula outside the area, a scoring rule, a unit target, report values).
    """
    movement = area.movement
    require_manage(by, movement)
    movement = lock_plan(movement)
    criteria = list(Criterion.objects.filter(area=area))
    indicators = list(
        Indicator.objects.filter(criterion__area=area).select_related("movement__owner")
    )
    refuse_if_used(indicators, what=f"nội dung “{area.name}”")
    changes: dict[str, list[object]] = {
        "code": [area.code, None],
        "name": [area.name, None],
        "criteria": [sorted(c.code for c in criteria), None],
        "indicators": [sorted(i.code for i in indicators), None],
    }
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target=area,
        unit_path=movement.owner.path,
        changes=changes,
        reason=reason,
    )
    area.delete()


# --- Criteria -----------------------------------------------------------------------------------


def _descendant_pks(criterion: Criterion) -> set[int]:
    """The primary keys of every criterion below `criterion` (not itself)."""
    rows = list(
        Criterion.objects.filter(movement_id=criterion.movement_id).values_list("pk", "parent_id")
    )
    children: dict[int, list[int]] = {}
    for pk, parent_id in rows:
        if parent_id is not None:
            children.setdefault(parent_id, []).append(pk)
    found: set[int] = set()
    pending = list(children.get(criterion.pk, []))
    while pending:
        pk = pending.pop()
        if pk not in found:
            found.add(pk)
            pending.extend(children.get(pk, []))
    return found


def _check_criterion(
    movement: Movement, data: CriterionData, *, current: Criterion | None
) -> CriterionData:
    code = plan_code(data.code)
    taken = Criterion.objects.filter(movement=movement, code=code)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if taken.exists():
        raise DomainError(f"Mã tiêu chí “{code}” đã được dùng trong phong trào này.", field="code")
    if data.area.movement_id != movement.pk:
        raise DomainError("Nội dung được chọn không thuộc phong trào này.", field="area")
    parent = data.parent
    if parent is not None:
        if parent.movement_id != movement.pk:
            raise DomainError("Tiêu chí cấp trên không thuộc phong trào này.", field="parent")
        if parent.area_id != data.area.pk:
            raise DomainError(
                "Tiêu chí cấp trên phải thuộc cùng nội dung với tiêu chí này.", field="parent"
            )
        if current is not None and (
            parent.pk == current.pk or parent.pk in _descendant_pks(current)
        ):
            raise DomainError(
                "Không thể đặt tiêu chí dưới chính nó hoặc một tiêu chí con của nó (tạo vòng lặp).",
                field="parent",
            )
    return replace(
        data,
        code=code,
        name=clean_text(data.name, field="name", label="Tên tiêu chí", max_length=300),
        max_points=check_decimal(
            data.max_points,
            field="max_points",
            label="Điểm tối đa",
            digits=8,
            places=2,
            minimum=Decimal(0),
        ),
        weight=check_decimal(
            data.weight, field="weight", label="Trọng số", digits=7, places=4, positive=True
        ),
        order=check_order(data.order),
        description=data.description.strip(),
    )


@transaction.atomic
def create_criterion(*, by: User, movement: Movement, data: CriterionData) -> Criterion:
    """Add a criterion (tiêu chí) to an area, at the top or under another criterion.

    Refuses: a caller without MANAGE_MOVEMENT, a malformed or taken code, an area or a parent of
    another movement, a parent in another area, negative points, a weight that is not positive.
    Points that do not add up are not refused here: the tree page warns about them.
    """
    require_manage(by, movement)
    movement = lock_plan(movement)
    data = _check_criterion(movement, data, current=None)
    criterion = Criterion.objects.create(
        movement=movement,
        area=data.area,
        parent=data.parent,
        code=data.code,
        name=data.name,
        weight=data.weight,
        max_points=data.max_points,
        order=data.order,
        description=data.description,
    )
    audit_create(by, movement, criterion, CRITERION_FIELDS)
    return criterion


@transaction.atomic
def update_criterion(criterion: Criterion, *, by: User, data: CriterionData) -> Criterion:
    """Change a criterion; moving it to another area takes its whole subtree along.

    Refuses what `create_criterion` refuses, and a parent that is the criterion itself or one
    of its descendants (a cycle).
    """
    movement = criterion.movement
    require_manage(by, movement)
    movement = lock_plan(movement)
    data = _check_criterion(movement, data, current=criterion)
    before = snapshot(criterion, CRITERION_FIELDS)
    moved_area = data.area.pk != criterion.area_id
    criterion.area, criterion.parent, criterion.code = data.area, data.parent, data.code
    criterion.name, criterion.weight, criterion.max_points = data.name, data.weight, data.max_points
    criterion.order, criterion.description = data.order, data.description
    criterion.save()
    if moved_area:
        Criterion.objects.filter(pk__in=_descendant_pks(criterion)).update(area=data.area)
    audit_update(by, movement, criterion, before, CRITERION_FIELDS)
    return criterion


@transaction.atomic
def delete_criterion(criterion: Criterion, *, by: User, reason: str = "") -> None:
    """Delete a criterion with its sub-criteria and their indicators.

    Refuses: a caller without MANAGE_MOVEMENT, and any indicator in the subtree that something
    outside it uses (a formula, a scoring rule, a unit target, report values).
    """
    movement = criterion.movement
    require_manage(by, movement)
    movement = lock_plan(movement)
    pks = {criterion.pk, *_descendant_pks(criterion)}
    sub_codes = sorted(
        Criterion.objects.filter(pk__in=pks - {criterion.pk}).values_list("code", flat=True)
    )
    indicators = list(
        Indicator.objects.filter(criterion_id__in=pks).select_related("movement__owner")
    )
    refuse_if_used(indicators, what=f"tiêu chí “{criterion.code}”")
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target=criterion,
        unit_path=movement.owner.path,
        changes={
            "code": [criterion.code, None],
            "name": [criterion.name, None],
            "children": [sub_codes, None],
            "indicators": [sorted(i.code for i in indicators), None],
        },
        reason=reason,
    )
    criterion.delete()
