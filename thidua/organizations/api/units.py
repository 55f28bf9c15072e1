"""API v1 /units: the unit tree, scoped like the unit pages."""

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet, Subquery
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError
from thidua.core.text import search_tokens
from thidua.organizations.api.common import (
    UNSET,
    PersonRef,
    acting_user,
    api_field_names,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.enums import UnitKind
from thidua.organizations.models import Person, Unit
from thidua.organizations.selectors.people import people_visible_to
from thidua.organizations.selectors.units import units_visible_to
from thidua.organizations.services.units import create_unit, move_unit, update_unit

router = Router(tags=["Đơn vị"])


class UnitOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của đơn vị")
    code: str = Field(description="Mã đơn vị, duy nhất (ví dụ BV_XANHPON)")
    name: str = Field(description="Tên đơn vị")
    abbreviation: str = Field(
        description="Chữ viết tắt trên văn bản (ký hiệu “15/QĐ-SYT”); rỗng khi chưa cập nhật"
    )
    kind: UnitKind = Field(description="Loại đơn vị")
    kind_label: str = Field(description="Tên loại đơn vị bằng tiếng Việt")
    parent_id: int | None = Field(description="Đơn vị cấp trên (null với đơn vị gốc)")
    path: str = Field(description="Đường dẫn trong cây, ví dụ /1/7/42/")
    depth: int = Field(description="Độ sâu trong cây: 0 là đơn vị gốc")
    head: PersonRef | None = Field(description="Thủ trưởng / trưởng khoa, phòng")
    is_active: bool = Field(description="Đang hoạt động")
    sort_order: int = Field(description="Thứ tự hiển thị giữa các đơn vị cùng cấp")
    created_at: dt.datetime = Field(description="Tạo lúc")
    updated_at: dt.datetime = Field(description="Cập nhật lúc")

    @staticmethod
    def resolve_kind_label(obj: Unit) -> str:
        return str(obj.get_kind_display())


class UnitFilters(Schema):
    parent: int | None = Field(None, description="Chỉ các đơn vị con trực tiếp của đơn vị này")
    under: int | None = Field(None, description="Đơn vị này và mọi đơn vị trực thuộc (cả cây con)")
    kind: UnitKind | None = Field(None, description="Loại đơn vị")
    q: str = Field(
        "",
        max_length=100,
        description="Tìm theo tên (không phân biệt dấu, hoa thường) hoặc mã đơn vị",
    )
    active: bool | None = Field(None, description="true: đang hoạt động; false: đã ngừng")


class UnitCreateIn(Schema):
    parent_id: int = Field(description="Đơn vị cấp trên (cần quyền sửa đơn vị đó)")
    code: str = Field(
        min_length=1, max_length=32, description="Mã đơn vị: chữ in hoa không dấu, số, - _ ."
    )
    name: str = Field(min_length=1, max_length=255, description="Tên đơn vị")
    abbreviation: str = Field(
        "", max_length=20, description="Chữ viết tắt trên văn bản: không dấu cách, không “/”"
    )
    kind: UnitKind = Field(description="Loại đơn vị")
    sort_order: int = Field(0, ge=0, le=1_000_000, description="Thứ tự hiển thị")


class UnitPatchIn(Schema):
    """Only the fields sent are changed. `parent_id` moves the unit with its whole subtree."""

    code: str = Field(UNSET, min_length=1, max_length=32, description="Mã đơn vị")
    name: str = Field(UNSET, min_length=1, max_length=255, description="Tên đơn vị")
    abbreviation: str = Field(
        UNSET, max_length=20, description="Chữ viết tắt trên văn bản; rỗng để xóa"
    )
    kind: UnitKind = Field(UNSET, description="Loại đơn vị")
    sort_order: int = Field(UNSET, ge=0, le=1_000_000, description="Thứ tự hiển thị")
    head_id: int | None = Field(
        None, description="Thủ trưởng: một cán bộ của đơn vị hoặc đơn vị trực thuộc; null để bỏ"
    )
    is_active: bool = Field(UNSET, description="Đang hoạt động")
    parent_id: int = Field(
        UNSET, description="Chuyển đơn vị (cùng cây con) sang đơn vị cấp trên này"
    )
    reason: str = Field("", max_length=500, description="Lý do thay đổi (ghi vào nhật ký)")


_UNIT_FIELDS = {"head": "head_id", "parent": "parent_id"}


@router.get(
    "/units",
    response=list[UnitOut],
    summary="Danh sách đơn vị trong phạm vi",
)
@paginate(LimitOffsetPagination)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> QuerySet[Unit]:
    """Units the user may see, in tree order, filtered."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_UNIT)
    units = units_visible_to(user).select_related("head")
    if filters.parent is not None:
        units = units.filter(parent_id=filters.parent)
    if filters.under is not None:
        # Matching the anchor's path in a subquery keeps the result within scope whatever the id.
        anchor = Unit.objects.filter(pk=filters.under).values("path")[:1]
        units = units.filter(path__startswith=Subquery(anchor))
    if filters.kind is not None:
        units = units.filter(kind=filters.kind)
    if filters.active is not None:
        units = units.filter(is_active=filters.active)
    for token in search_tokens(filters.q)[:8]:
        units = units.filter(Q(name_folded__contains=token) | Q(code__icontains=token))
    return units.order_by("path")


@router.get("/units/{unit_id}", response=UnitOut, summary="Một đơn vị")
def get_unit(request: HttpRequest, unit_id: int) -> Unit:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_UNIT)
    return get_in_scope(units_visible_to(user).select_related("head"), unit_id)


@router.post("/units", response={201: UnitOut}, summary="Thêm đơn vị vào một đơn vị")
def create_unit_endpoint(request: HttpRequest, payload: UnitCreateIn) -> Status[Unit]:
    user = acting_user(request)
    require_anywhere(user, Perm.CHANGE_UNIT)
    parent = get_in_scope(units_visible_to(user), payload.parent_id)
    with api_field_names(_UNIT_FIELDS):
        unit = create_unit(
            by=user,
            code=payload.code,
            name=payload.name,
            kind=payload.kind,
            parent=parent,
            sort_order=payload.sort_order,
            abbreviation=payload.abbreviation,
        )
    return Status(201, unit)


@router.patch(
    "/units/{unit_id}",
    response=UnitOut,
    summary="Sửa hoặc chuyển một đơn vị",
)
def patch_unit(request: HttpRequest, unit_id: int, payload: UnitPatchIn) -> Unit:
    """Changes the fields sent; a new `parent_id` moves the unit. All or nothing."""
    user = acting_user(request)
    require_anywhere(user, Perm.CHANGE_UNIT)
    unit = get_in_scope(units_visible_to(user).select_related("head", "parent"), unit_id)
    if not user.has_perm(Perm.CHANGE_UNIT.value, unit):
        raise PermissionDenied
    sent = payload.model_fields_set
    with transaction.atomic(), api_field_names(_UNIT_FIELDS):
        if sent & {"code", "name", "abbreviation", "kind", "sort_order", "head_id", "is_active"}:
            head = unit.head
            if "head_id" in sent:
                head = _head_for(user, payload.head_id)
            update_unit(
                unit,
                by=user,
                code=payload.code if "code" in sent else unit.code,
                name=payload.name if "name" in sent else unit.name,
                kind=payload.kind if "kind" in sent else unit.kind,
                sort_order=payload.sort_order if "sort_order" in sent else unit.sort_order,
                head=head,
                is_active=payload.is_active if "is_active" in sent else unit.is_active,
                reason=payload.reason,
                abbreviation=payload.abbreviation if "abbreviation" in sent else None,
            )
        if "parent_id" in sent and payload.parent_id != unit.parent_id:
            new_parent = get_in_scope(units_visible_to(user), payload.parent_id)
            move_unit(unit, by=user, new_parent=new_parent, reason=payload.reason)
    return get_in_scope(Unit.objects.select_related("head"), unit.pk)


def _head_for(user: User, person_id: int | None) -> Person | None:
    if person_id is None:
        return None
    person = people_visible_to(user).select_related("unit").filter(pk=person_id).first()
    if person is None:
        raise DomainError("Không tìm thấy cán bộ này trong phạm vi của bạn.", field="head_id")
    return person
