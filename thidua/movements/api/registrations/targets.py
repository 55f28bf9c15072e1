"""API v1: targets per unit and year (list, bulk PUT, approve, return)."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError
from thidua.movements.api.registrations.common import (
    TAGS,
    NoteIn,
    ReasonIn,
    TargetStatusName,
    movement_in_scope,
    unit_in_scope,
)
from thidua.movements.models import Target
from thidua.movements.selectors.registrations import (
    numeric_indicators,
    participant_units,
    targets_visible_to,
)
from thidua.movements.services.registrations.targets import (
    TargetEntry,
    approve_targets,
    return_targets,
    save_targets,
)
from thidua.organizations.api.common import (
    OrmOut,
    UnitRef,
    acting_user,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.scoping import scope_q

router = Router(tags=TAGS)


class IndicatorRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của chỉ tiêu")
    code: str = Field(description="Mã chỉ tiêu")
    name: str = Field(description="Tên chỉ tiêu")


class TargetOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ")
    indicator: IndicatorRef = Field(description="Chỉ tiêu")
    unit: UnitRef = Field(description="Đơn vị")
    year: int = Field(description="Năm")
    value: Decimal = Field(description="Giá trị chỉ tiêu")
    status: TargetStatusName = Field(
        description="proposed (đơn vị đề xuất), approved (đã giao), returned (trả lại)"
    )
    note: str = Field(description="Ghi chú; lý do khi bị trả lại")
    decided_at: dt.datetime | None = Field(description="Thời điểm Sở giao, duyệt hoặc trả lại")


class TargetFilters(Schema):
    year: int | None = Field(None, ge=2000, le=2100, description="Năm")
    unit_id: int | None = Field(None, description="Chỉ đơn vị này")
    status: TargetStatusName | None = Field(None, description="Trạng thái")


class TargetItemIn(Schema):
    unit_id: int = Field(description="Đơn vị")
    indicator_code: str = Field(min_length=1, max_length=32, description="Mã chỉ tiêu")
    value: Decimal | str = Field(description="Giá trị (số, hoặc chuỗi như “85,5”)")
    note: str = Field("", max_length=500, description="Ghi chú")


class TargetsIn(Schema):
    year: int = Field(ge=2000, le=2100, description="Năm")
    items: list[TargetItemIn] = Field(min_length=1, max_length=5000, description="Các ô chỉ tiêu")
    reason: str = Field("", max_length=500, description="Ghi chú vào nhật ký")


class TargetsSavedOut(Schema):
    created: int = Field(description="Số chỉ tiêu tạo mới")
    updated: int = Field(description="Số chỉ tiêu cập nhật")
    unchanged: int = Field(description="Số ô không đổi")
    proposed: int = Field(description="Trong số trên, số chỉ tiêu chờ Sở duyệt")


def _targets(user: User) -> QuerySet[Target]:
    return targets_visible_to(user).select_related("indicator__movement__owner", "unit")


@router.get(
    "/movements/{movement_id}/targets",
    response=list[TargetOut],
    summary="Chỉ tiêu của các đơn vị trong phạm vi",
)
@paginate(LimitOffsetPagination)
def list_targets(
    request: HttpRequest, movement_id: int, filters: Query[TargetFilters]
) -> QuerySet[Target]:
    """Each unit's own targets (assigned, proposed or returned); a unit without its own target
    follows the indicator's yearly default (see /indicators)."""
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    targets = _targets(user).filter(indicator__movement=movement)
    if filters.year is not None:
        targets = targets.filter(year=filters.year)
    if filters.unit_id is not None:
        targets = targets.filter(unit=unit_in_scope(user, movement, filters.unit_id))
    if filters.status is not None:
        targets = targets.filter(status=filters.status)
    return targets.order_by("year", "unit__path", "indicator__code", "pk")


@router.put(
    "/movements/{movement_id}/targets",
    response=TargetsSavedOut,
    summary="Giao hoặc đề xuất chỉ tiêu hàng loạt",
)
def put_targets(request: HttpRequest, movement_id: int, payload: TargetsIn) -> TargetsSavedOut:
    """Same rules as the page and the Excel import, all or nothing: where the caller holds
    MANAGE_TARGETS the target is assigned, where REGISTER_UNIT only it is proposed."""
    user = acting_user(request)
    movement = movement_in_scope(user, movement_id)
    if not (user.has_perm(Perm.MANAGE_TARGETS.value) or user.has_perm(Perm.REGISTER_UNIT.value)):
        raise PermissionDenied
    by_code = {indicator.code: indicator for indicator in numeric_indicators(movement)}
    units = participant_units(movement, include_sub_units=True).filter(
        scope_q(user, Perm.VIEW_MOVEMENT, "path")
    )
    found = units.in_bulk({item.unit_id for item in payload.items})
    entries = []
    for index, item in enumerate(payload.items):
        unit = found.get(item.unit_id)
        if unit is None:
            raise Http404
        indicator = by_code.get(item.indicator_code.strip().upper())
        if indicator is None:
            raise DomainError(
                f"Phong trào không có chỉ tiêu dạng số mã “{item.indicator_code}”.",
                field=f"items[{index}].indicator_code",
            )
        entries.append(
            TargetEntry(unit=unit, indicator=indicator, value=item.value, note=item.note)
        )
    saved = save_targets(
        by=user, movement=movement, year=payload.year, entries=entries, reason=payload.reason
    )
    return TargetsSavedOut(
        created=saved.created,
        updated=saved.updated,
        unchanged=saved.unchanged,
        proposed=saved.proposed,
    )


@router.post("/targets/{target_id}/approve", response=TargetOut, summary="Duyệt chỉ tiêu đề xuất")
def approve_target(request: HttpRequest, target_id: int, payload: NoteIn) -> Target:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_TARGETS)
    target = get_in_scope(_targets(user), target_id)
    approve_targets(by=user, targets=[target], note=payload.note)
    return get_in_scope(_targets(user), target_id)


@router.post("/targets/{target_id}/return", response=TargetOut, summary="Trả lại chỉ tiêu đề xuất")
def return_target(request: HttpRequest, target_id: int, payload: ReasonIn) -> Target:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_TARGETS)
    target = get_in_scope(_targets(user), target_id)
    return_targets(by=user, targets=[target], reason=payload.reason)
    return get_in_scope(_targets(user), target_id)
