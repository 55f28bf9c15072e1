"""API v1: movements, their scope, phases with their reviews, reporting periods.

Scoped like the pages: reading needs VIEW_MOVEMENT anywhere (else 403) and the movement within
`movements_visible_to` (else 404); a change needs MANAGE_MOVEMENT anywhere (else 403), the
movement in scope (else 404) and MANAGE_MOVEMENT at its organising unit (else 403). Units named
in a body (owner, scope) are looked up within the user's scope (else 404). The services refuse
bad input with 400 `{"detail": "…", "field": "…"}`; once a movement is launched, a change to
what exists needs a `reason`.
"""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.movements.models import Movement, MovementScope, Period, Phase
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.plan import periods_of, phases_of
from thidua.movements.services.plan import (
    MovementData,
    PhaseData,
    ScopeEntry,
    close_movement,
    create_movement,
    create_phase,
    generate_movement_periods,
    launch_movement,
    set_movement_scope,
    update_movement,
    update_period_dates,
    update_phase,
)
from thidua.organizations.api.common import (
    UNSET,
    OrmOut,
    UnitRef,
    acting_user,
    api_field_names,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.models import Unit
from thidua.organizations.selectors.units import units_visible_to

router = Router(tags=["Phong trào"])

# The values of MovementKind, MovementStatus, ReviewKind and PeriodKind.
KindName = Literal["regular", "thematic"]
StatusName = Literal["draft", "launched", "closed"]
ReviewName = Literal["", "preliminary", "final"]
PeriodKindName = Literal["month", "quarter", "half_year", "year"]

_MOVEMENT_FIELDS = {"owner": "owner_id", "units": "scope"}


# --- Schemas --------------------------------------------------------------------------------------


class ScopeOut(OrmOut):
    unit: UnitRef = Field(description="Đơn vị tham gia")
    include_subtree: bool = Field(description="Kèm các đơn vị trực thuộc")


class MovementOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của phong trào")
    code: str = Field(description="Mã phong trào")
    name: str = Field(description="Tên phong trào")
    kind: KindName = Field(description="Hình thức: regular (thường xuyên), thematic (chuyên đề)")
    status: StatusName = Field(
        description="Trạng thái: draft (đang soạn), launched (đã phát động), closed (đã tổng kết)"
    )
    owner: UnitRef = Field(description="Đơn vị tổ chức")
    start_date: dt.date = Field(description="Ngày bắt đầu")
    end_date: dt.date = Field(description="Ngày kết thúc")
    for_collectives: bool = Field(description="Dành cho tập thể")
    for_individuals: bool = Field(description="Dành cho cá nhân")
    description: str = Field(description="Mục tiêu, yêu cầu")
    legal_basis: str = Field(description="Căn cứ")
    scope: list[ScopeOut] = Field(
        description="Đơn vị tham gia; rỗng: toàn bộ đơn vị thuộc đơn vị tổ chức"
    )

    @staticmethod
    def resolve_scope(obj: Movement) -> list[MovementScope]:
        return list(obj.scope.all())


class MovementFilters(Schema):
    status: StatusName | None = Field(None, description="Lọc theo trạng thái")


class ScopeIn(Schema):
    unit_id: int = Field(description="Đơn vị tham gia")
    include_subtree: bool = Field(True, description="Kèm các đơn vị trực thuộc")


class MovementCreateIn(Schema):
    code: str = Field(min_length=1, max_length=32, description="Mã phong trào")
    name: str = Field(min_length=1, max_length=300, description="Tên phong trào")
    kind: KindName = Field(description="regular hoặc thematic")
    owner_id: int = Field(description="Đơn vị tổ chức")
    start_date: dt.date = Field(description="Ngày bắt đầu")
    end_date: dt.date = Field(description="Ngày kết thúc")
    for_collectives: bool = Field(True, description="Dành cho tập thể")
    for_individuals: bool = Field(True, description="Dành cho cá nhân")
    description: str = Field("", max_length=10_000, description="Mục tiêu, yêu cầu")
    legal_basis: str = Field("", max_length=10_000, description="Căn cứ")
    reason: str = Field("", max_length=500, description="Ghi chú (ghi vào nhật ký)")


class MovementPatchIn(Schema):
    """Only the fields sent are changed. `scope` replaces the whole list ([]: every unit of the
    organising unit takes part). `status` launches (draft → launched) or closes (launched →
    closed)."""

    code: str = Field(UNSET, min_length=1, max_length=32, description="Mã phong trào")
    name: str = Field(UNSET, min_length=1, max_length=300, description="Tên phong trào")
    kind: KindName = Field(UNSET, description="regular hoặc thematic")
    owner_id: int = Field(UNSET, description="Đơn vị tổ chức")
    start_date: dt.date = Field(UNSET, description="Ngày bắt đầu")
    end_date: dt.date = Field(UNSET, description="Ngày kết thúc")
    for_collectives: bool = Field(UNSET, description="Dành cho tập thể")
    for_individuals: bool = Field(UNSET, description="Dành cho cá nhân")
    description: str = Field(UNSET, max_length=10_000, description="Mục tiêu, yêu cầu")
    legal_basis: str = Field(UNSET, max_length=10_000, description="Căn cứ")
    scope: list[ScopeIn] = Field(UNSET, max_length=2000, description="Đơn vị tham gia")
    status: Literal["launched", "closed"] = Field(
        UNSET, description="launched: phát động; closed: kết thúc (tổng kết)"
    )
    reason: str = Field(
        "", max_length=500, description="Lý do (bắt buộc khi phong trào đã phát động)"
    )


class PhaseOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của giai đoạn")
    number: int = Field(description="Giai đoạn số")
    name: str = Field(description="Tên giai đoạn")
    start_date: dt.date = Field(description="Ngày bắt đầu")
    end_date: dt.date = Field(description="Ngày kết thúc")
    review_kind: ReviewName = Field(description="preliminary (sơ kết), final (tổng kết) hoặc ''")
    review_name: str = Field(description="Tên hội nghị sơ kết, tổng kết")
    review_date: dt.date | None = Field(description="Ngày sơ kết, tổng kết")


class PhaseIn(Schema):
    number: int = Field(ge=1, le=99, description="Giai đoạn số")
    name: str = Field(min_length=1, max_length=200, description="Tên giai đoạn")
    start_date: dt.date = Field(description="Ngày bắt đầu")
    end_date: dt.date = Field(description="Ngày kết thúc")
    review_kind: ReviewName = Field("", description="preliminary, final hoặc ''")
    review_name: str = Field("", max_length=200, description="Tên hội nghị")
    review_date: dt.date | None = Field(None, description="Ngày sơ kết, tổng kết")
    reason: str = Field("", max_length=500, description="Ghi chú (ghi vào nhật ký)")


class PhasePatchIn(Schema):
    number: int = Field(UNSET, ge=1, le=99, description="Giai đoạn số")
    name: str = Field(UNSET, min_length=1, max_length=200, description="Tên giai đoạn")
    start_date: dt.date = Field(UNSET, description="Ngày bắt đầu")
    end_date: dt.date = Field(UNSET, description="Ngày kết thúc")
    review_kind: ReviewName = Field(UNSET, description="preliminary, final hoặc ''")
    review_name: str = Field(UNSET, max_length=200, description="Tên hội nghị")
    review_date: dt.date | None = Field(None, description="Ngày sơ kết, tổng kết; null để bỏ")
    reason: str = Field("", max_length=500, description="Lý do (bắt buộc khi đã phát động)")


class PeriodOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của kỳ báo cáo")
    kind: PeriodKindName = Field(description="month, quarter, half_year hoặc year")
    year: int = Field(description="Năm")
    number: int = Field(description="Số thứ tự trong năm")
    name: str = Field(description="Tên kỳ, ví dụ “Quý I/2026”")
    start_date: dt.date = Field(description="Từ ngày")
    end_date: dt.date = Field(description="Đến ngày")
    opens_on: dt.date = Field(description="Mở nhập liệu: từ ngày này đơn vị nhập số liệu")
    due_on: dt.date = Field(description="Hạn nộp: nộp sau là nộp muộn")
    locks_on: dt.date = Field(description="Khóa số liệu: sau ngày này không sửa được nữa")


class PeriodFilters(Schema):
    kind: PeriodKindName | None = Field(None, description="Lọc theo loại kỳ")
    year: int | None = Field(None, ge=2000, le=2100, description="Lọc theo năm")


class PeriodGenerateIn(Schema):
    kinds: list[PeriodKindName] = Field(min_length=1, max_length=4, description="Loại kỳ")
    due_after_days: int = Field(ge=0, le=366, description="Hạn nộp: số ngày sau cuối kỳ")
    lock_after_days: int = Field(ge=0, le=366, description="Khóa số liệu: số ngày sau cuối kỳ")
    opens_before_end_days: int = Field(
        0, ge=0, le=366, description="Mở nhập liệu: số ngày trước cuối kỳ"
    )
    start: dt.date | None = Field(None, description="Từ ngày (mặc định: đầu phong trào)")
    end: dt.date | None = Field(None, description="Đến ngày (mặc định: cuối phong trào)")


class PeriodGenerateOut(Schema):
    created: list[PeriodOut] = Field(description="Các kỳ vừa tạo")
    kept: int = Field(description="Số kỳ đã có, giữ nguyên")


class PeriodPatchIn(Schema):
    opens_on: dt.date = Field(UNSET, description="Mở nhập liệu")
    due_on: dt.date = Field(UNSET, description="Hạn nộp")
    locks_on: dt.date = Field(UNSET, description="Khóa số liệu")
    reason: str = Field("", max_length=500, description="Lý do (bắt buộc khi đã phát động)")


# --- Access ---------------------------------------------------------------------------------------


def _movements(user: User) -> QuerySet[Movement]:
    scope = MovementScope.objects.select_related("unit").order_by("unit__path")
    return movements_visible_to(user).prefetch_related(Prefetch("scope", queryset=scope))


def _readable(request: HttpRequest, movement_id: int) -> tuple[User, Movement]:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    return user, get_in_scope(movements_visible_to(user), movement_id)


def _writable(request: HttpRequest, movement_id: int) -> tuple[User, Movement]:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    movement = get_in_scope(movements_visible_to(user), movement_id)
    if not user.has_perm(Perm.MANAGE_MOVEMENT.value, movement):
        raise PermissionDenied
    return user, movement


def _unit_in_scope(user: User, unit_id: int) -> Unit:
    return get_in_scope(units_visible_to(user), unit_id)


def _scope_entries(user: User, items: list[ScopeIn]) -> list[ScopeEntry]:
    wanted = list(dict.fromkeys(item.unit_id for item in items))
    units = units_visible_to(user).in_bulk(wanted)
    if len(units) != len(wanted):
        raise Http404  # a unit outside the user's scope
    return [ScopeEntry(units[item.unit_id], item.include_subtree) for item in items]


# --- Movements ------------------------------------------------------------------------------------


@router.get("/movements", response=list[MovementOut], summary="Danh sách phong trào trong phạm vi")
@paginate(LimitOffsetPagination)
def list_movements(request: HttpRequest, filters: Query[MovementFilters]) -> QuerySet[Movement]:
    """Movements the user may read, newest first."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    movements = _movements(user)
    if filters.status is not None:
        movements = movements.filter(status=filters.status)
    return movements.order_by("-start_date", "code", "pk")


@router.post("/movements", response={201: MovementOut}, summary="Tạo phong trào (đang soạn)")
def create_movement_endpoint(request: HttpRequest, payload: MovementCreateIn) -> Status[Movement]:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    data = MovementData(
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        owner=_unit_in_scope(user, payload.owner_id),
        start_date=payload.start_date,
        end_date=payload.end_date,
        for_collectives=payload.for_collectives,
        for_individuals=payload.for_individuals,
        description=payload.description,
        legal_basis=payload.legal_basis,
    )
    with api_field_names(_MOVEMENT_FIELDS):
        movement = create_movement(by=user, data=data, reason=payload.reason)
    return Status(201, get_in_scope(_movements(user), movement.pk))


@router.get("/movements/{movement_id}", response=MovementOut, summary="Một phong trào")
def get_movement(request: HttpRequest, movement_id: int) -> Movement:
    user, _movement = _readable(request, movement_id)
    return get_in_scope(_movements(user), movement_id)


@router.patch("/movements/{movement_id}", response=MovementOut, summary="Sửa một phong trào")
def patch_movement(request: HttpRequest, movement_id: int, payload: MovementPatchIn) -> Movement:
    """Fields, then scope, then status, each through its service, all or nothing."""
    user, movement = _writable(request, movement_id)
    sent = payload.model_fields_set
    fields = sent - {"scope", "status", "reason"}
    with api_field_names(_MOVEMENT_FIELDS):
        _patch_movement(user, movement, payload, fields)
    return get_in_scope(_movements(user), movement.pk)


def _patch_movement(
    user: User, movement: Movement, payload: MovementPatchIn, fields: set[str]
) -> None:
    with transaction.atomic():
        if fields:
            update_movement(
                movement,
                by=user,
                data=MovementData(
                    code=payload.code if "code" in fields else movement.code,
                    name=payload.name if "name" in fields else movement.name,
                    kind=payload.kind if "kind" in fields else movement.kind,
                    owner=(
                        _unit_in_scope(user, payload.owner_id)
                        if "owner_id" in fields
                        else movement.owner
                    ),
                    start_date=payload.start_date
                    if "start_date" in fields
                    else movement.start_date,
                    end_date=payload.end_date if "end_date" in fields else movement.end_date,
                    for_collectives=(
                        payload.for_collectives
                        if "for_collectives" in fields
                        else movement.for_collectives
                    ),
                    for_individuals=(
                        payload.for_individuals
                        if "for_individuals" in fields
                        else movement.for_individuals
                    ),
                    description=(
                        payload.description if "description" in fields else movement.description
                    ),
                    legal_basis=(
                        payload.legal_basis if "legal_basis" in fields else movement.legal_basis
                    ),
                ),
                reason=payload.reason,
            )
        sent = payload.model_fields_set
        if "scope" in sent:
            set_movement_scope(
                movement,
                by=user,
                entries=_scope_entries(user, payload.scope),
                reason=payload.reason,
            )
        if "status" in sent:
            if payload.status == "launched":
                launch_movement(movement, by=user, reason=payload.reason)
            else:
                close_movement(movement, by=user, reason=payload.reason)


# --- Phases ---------------------------------------------------------------------------------------


@router.get(
    "/movements/{movement_id}/phases",
    response=list[PhaseOut],
    summary="Các giai đoạn của một phong trào",
)
def list_phases(request: HttpRequest, movement_id: int) -> list[Phase]:
    _user, movement = _readable(request, movement_id)
    return phases_of(movement)


@router.post("/movements/{movement_id}/phases", response={201: PhaseOut}, summary="Thêm giai đoạn")
def create_phase_endpoint(
    request: HttpRequest, movement_id: int, payload: PhaseIn
) -> Status[Phase]:
    user, movement = _writable(request, movement_id)
    phase = create_phase(
        movement,
        by=user,
        data=PhaseData(
            number=payload.number,
            name=payload.name,
            start_date=payload.start_date,
            end_date=payload.end_date,
            review_kind=payload.review_kind,
            review_name=payload.review_name,
            review_date=payload.review_date,
        ),
        reason=payload.reason,
    )
    return Status(201, phase)


@router.patch("/phases/{phase_id}", response=PhaseOut, summary="Sửa một giai đoạn")
def patch_phase(request: HttpRequest, phase_id: int, payload: PhasePatchIn) -> Phase:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    phase = get_in_scope(
        Phase.objects.select_related("movement__owner").filter(
            movement__in=movements_visible_to(user)
        ),
        phase_id,
    )
    if not user.has_perm(Perm.MANAGE_MOVEMENT.value, phase.movement):
        raise PermissionDenied
    sent = payload.model_fields_set
    return update_phase(
        phase,
        by=user,
        data=PhaseData(
            number=payload.number if "number" in sent else phase.number,
            name=payload.name if "name" in sent else phase.name,
            start_date=payload.start_date if "start_date" in sent else phase.start_date,
            end_date=payload.end_date if "end_date" in sent else phase.end_date,
            review_kind=payload.review_kind if "review_kind" in sent else phase.review_kind,
            review_name=payload.review_name if "review_name" in sent else phase.review_name,
            review_date=payload.review_date if "review_date" in sent else phase.review_date,
        ),
        reason=payload.reason,
    )


# --- Periods --------------------------------------------------------------------------------------


@router.get(
    "/movements/{movement_id}/periods",
    response=list[PeriodOut],
    summary="Các kỳ báo cáo của một phong trào",
)
def list_periods(
    request: HttpRequest, movement_id: int, filters: Query[PeriodFilters]
) -> QuerySet[Period]:
    """By start date, shortest kind first; filtered by kind and year."""
    _user, movement = _readable(request, movement_id)
    return periods_of(movement, kind=filters.kind, year=filters.year)


@router.post(
    "/movements/{movement_id}/periods/generate",
    response={201: PeriodGenerateOut},
    summary="Tạo các kỳ báo cáo (giữ nguyên các kỳ đã có)",
)
def generate_periods_endpoint(
    request: HttpRequest, movement_id: int, payload: PeriodGenerateIn
) -> Status[dict[str, object]]:
    user, movement = _writable(request, movement_id)
    result = generate_movement_periods(
        movement,
        by=user,
        kinds=payload.kinds,
        due_after_days=payload.due_after_days,
        lock_after_days=payload.lock_after_days,
        opens_before_end_days=payload.opens_before_end_days,
        start=payload.start,
        end=payload.end,
    )
    return Status(201, {"created": result.created, "kept": result.kept})


@router.patch("/periods/{period_id}", response=PeriodOut, summary="Sửa các mốc ngày của một kỳ")
def patch_period(request: HttpRequest, period_id: int, payload: PeriodPatchIn) -> Period:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    period = get_in_scope(
        Period.objects.select_related("movement__owner").filter(
            movement__in=movements_visible_to(user)
        ),
        period_id,
    )
    if not user.has_perm(Perm.MANAGE_MOVEMENT.value, period.movement):
        raise PermissionDenied
    sent = payload.model_fields_set
    return update_period_dates(
        period,
        by=user,
        opens_on=payload.opens_on if "opens_on" in sent else period.opens_on,
        due_on=payload.due_on if "due_on" in sent else period.due_on,
        locks_on=payload.locks_on if "locks_on" in sent else period.locks_on,
        reason=payload.reason,
    )
