"""API v1: scoring tables (bảng chấm điểm), their versions, rules and title bands.

Scoped like the pages: reading needs VIEW_MOVEMENT and the movement in scope (404 otherwise);
writing needs MANAGE_MOVEMENT at the movement's organising unit (403). A write to a frozen
version answers 409 with the Vietnamese reason; problems of a rule's parameters or of the title
bands answer 400 with every problem listed in `problems`. Numbers are decimal strings in answers
("12.50") and numbers or strings in requests; dates are ISO (YYYY-MM-DD).
"""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.movements.enums import ScoringMethod
from thidua.movements.models import ScoringRule, ScoringTable, ScoringVersion, TitleBand
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.scoring import (
    indicators_of_movement,
    scoring_tables_visible_to,
    scoring_versions_visible_to,
)
from thidua.movements.services.scoring import (
    BandData,
    FrozenVersionError,
    RuleProblemsError,
    create_table,
    create_version,
    lock_version,
    remove_rule,
    set_rule,
    set_title_bands,
)
from thidua.organizations.api.common import (
    acting_user,
    api_field_names,
    get_in_scope,
    require_anywhere,
)

router = Router(tags=["Bảng chấm điểm"])


# --- Schemas ---------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str = Field(description="Lý do, bằng tiếng Việt")


class ProblemsOut(Schema):
    detail: str = Field(description="Các vấn đề, nối thành một câu")
    field: str | None = Field(description="Trường có vấn đề (params, bands…)")
    problems: list[str] = Field(description="Từng vấn đề, bằng tiếng Việt")


class VersionSummaryOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của phiên bản")
    number: int = Field(description="Số phiên bản trong bảng điểm")
    effective_from: dt.date = Field(description="Áp dụng từ ngày")
    frozen_at: dt.datetime | None = Field(description="Khóa lúc (null: còn sửa được)")
    note: str = Field(description="Ghi chú thay đổi")


class TableOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của bảng điểm")
    movement_id: int = Field(description="Phong trào")
    name: str = Field(description="Tên bảng điểm")
    total_points: Decimal = Field(description="Tổng điểm (không kể điểm thưởng, điểm trừ)")
    versions: list[VersionSummaryOut] = Field(description="Các phiên bản, mới nhất trước")

    @staticmethod
    def resolve_versions(obj: ScoringTable) -> list[ScoringVersion]:
        return list(obj.versions.all())


class TableRef(Schema):
    id: int
    name: str
    total_points: Decimal


class IndicatorRef(Schema):
    id: int = Field(description="Số hiệu nội bộ của chỉ tiêu")
    code: str = Field(description="Mã chỉ tiêu")
    name: str = Field(description="Tên chỉ tiêu")


class RuleOut(Schema):
    indicator: IndicatorRef
    method: ScoringMethod = Field(description="bands, linear, yes_no, bonus, penalty")
    max_points: Decimal = Field(description="Điểm tối đa")
    params: dict[str, Any] = Field(description="Tham số của cách tính điểm")


class BandOut(Schema):
    min_total: Decimal = Field(description="Từ tổng điểm này trở lên")
    label: str = Field(description="Xếp loại")


class VersionOut(VersionSummaryOut):
    table: TableRef
    rules: list[RuleOut] = Field(description="Quy tắc chấm điểm, theo mã chỉ tiêu")
    bands: list[BandOut] = Field(description="Mức xếp loại, ngưỡng cao nhất trước")

    @staticmethod
    def resolve_rules(obj: ScoringVersion) -> list[ScoringRule]:
        return list(obj.rules.all())

    @staticmethod
    def resolve_bands(obj: ScoringVersion) -> list[TitleBand]:
        return list(obj.bands.all())


class TableIn(Schema):
    name: str = Field(min_length=1, max_length=200, description="Tên bảng điểm")
    total_points: Decimal = Field(Decimal(100), description="Tổng điểm (mặc định 100)")
    effective_from: dt.date | None = Field(
        None, description="Phiên bản 1 áp dụng từ ngày (mặc định: ngày bắt đầu phong trào)"
    )
    note: str = Field("", max_length=2000, description="Ghi chú của phiên bản 1")


class VersionIn(Schema):
    effective_from: dt.date = Field(description="Áp dụng từ ngày, sau mọi phiên bản đã có")
    copy_from_id: int | None = Field(
        None, description="Sao chép quy tắc, mức xếp loại từ phiên bản này (mặc định: mới nhất)"
    )
    note: str = Field("", max_length=2000, description="Ghi chú thay đổi")


class RuleIn(Schema):
    method: ScoringMethod = Field(description="bands, linear, yes_no, bonus, penalty")
    max_points: Decimal = Field(description="Điểm tối đa")
    params: dict[str, Any] = Field(
        default_factory=dict,
        description=(
            'bands: {"bands": [{"from": "0", "to": "50", "points": "0"}, …]}; '
            'linear: {"cap_ratio": "1"}; yes_no: {}; bonus, penalty: {"per_unit": "2"}'
        ),
    )
    reason: str = Field("", max_length=500, description="Lý do (ghi vào nhật ký)")


class BandIn(Schema):
    min_total: Decimal = Field(description="Từ tổng điểm này trở lên")
    label: str = Field(max_length=100, description="Xếp loại")


class BandsIn(Schema):
    bands: list[BandIn] = Field(max_length=20, description="Các mức xếp loại (thay cả danh sách)")
    reason: str = Field("", max_length=500, description="Lý do (ghi vào nhật ký)")


class FreezeIn(Schema):
    reason: str = Field(min_length=1, max_length=500, description="Lý do khóa (ghi vào nhật ký)")


# --- Lookups ---------------------------------------------------------------------------------


def _tables(user: User) -> QuerySet[ScoringTable]:
    versions = ScoringVersion.objects.order_by("-effective_from", "-number")
    return scoring_tables_visible_to(user).prefetch_related(Prefetch("versions", queryset=versions))


def _versions(user: User) -> QuerySet[ScoringVersion]:
    rules = ScoringRule.objects.select_related("indicator").order_by("indicator__code")
    bands = TitleBand.objects.order_by("-min_total")
    return scoring_versions_visible_to(user).prefetch_related(
        Prefetch("rules", queryset=rules), Prefetch("bands", queryset=bands)
    )


def _conflict(error: FrozenVersionError) -> Status[dict[str, str]]:
    return Status(409, {"detail": error.message})


def _problems(error: RuleProblemsError) -> Status[dict[str, Any]]:
    return Status(400, {"detail": error.message, "field": error.field, "problems": error.problems})


# --- Reads -----------------------------------------------------------------------------------


@router.get(
    "/movements/{movement_id}/scoring-tables",
    response=list[TableOut],
    summary="Các bảng chấm điểm của một phong trào",
)
def list_scoring_tables(request: HttpRequest, movement_id: int) -> list[ScoringTable]:
    """The movement's tables by name, each with its versions (a movement has a handful)."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    movement = get_in_scope(movements_visible_to(user), movement_id)
    return list(_tables(user).filter(movement=movement).order_by("name", "pk"))


@router.get("/scoring-tables/{table_id}", response=TableOut, summary="Một bảng chấm điểm")
def get_scoring_table(request: HttpRequest, table_id: int) -> ScoringTable:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    return get_in_scope(_tables(user), table_id)


@router.get(
    "/scoring-versions/{version_id}",
    response=VersionOut,
    summary="Một phiên bản bảng điểm, với quy tắc và mức xếp loại",
)
def get_scoring_version(request: HttpRequest, version_id: int) -> ScoringVersion:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    return get_in_scope(_versions(user), version_id)


# --- Writes ----------------------------------------------------------------------------------


@router.post(
    "/movements/{movement_id}/scoring-tables",
    response={201: TableOut},
    summary="Thêm bảng chấm điểm (kèm phiên bản 1)",
)
def create_scoring_table(
    request: HttpRequest, movement_id: int, payload: TableIn
) -> Status[ScoringTable]:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    movement = get_in_scope(movements_visible_to(user), movement_id)
    table = create_table(
        by=user,
        movement=movement,
        name=payload.name,
        total_points=payload.total_points,
        effective_from=payload.effective_from,
        note=payload.note,
    )
    return Status(201, get_in_scope(_tables(user), table.pk))


@router.post(
    "/scoring-tables/{table_id}/versions",
    response={201: VersionOut},
    summary="Tạo phiên bản mới (chép quy tắc, mức xếp loại của phiên bản mới nhất)",
)
def create_scoring_version(
    request: HttpRequest, table_id: int, payload: VersionIn
) -> Status[ScoringVersion]:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    table = get_in_scope(scoring_tables_visible_to(user), table_id)
    copy_from = None
    if payload.copy_from_id is not None:
        copy_from = get_in_scope(scoring_versions_visible_to(user), payload.copy_from_id)
    with api_field_names({"copy_from": "copy_from_id"}):
        version = create_version(
            table,
            by=user,
            effective_from=payload.effective_from,
            copy_from=copy_from,
            note=payload.note,
        )
    return Status(201, get_in_scope(_versions(user), version.pk))


@router.put(
    "/scoring-versions/{version_id}/rules/{indicator_id}",
    response={200: RuleOut, 400: ProblemsOut, 409: ErrorOut},
    summary="Đặt quy tắc chấm điểm của một chỉ tiêu",
)
def put_scoring_rule(
    request: HttpRequest, version_id: int, indicator_id: int, payload: RuleIn
) -> Any:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    version = get_in_scope(scoring_versions_visible_to(user), version_id)
    indicator = get_in_scope(indicators_of_movement(version.table.movement), indicator_id)
    try:
        rule = set_rule(
            version,
            by=user,
            indicator=indicator,
            method=payload.method,
            max_points=payload.max_points,
            params=payload.params,
            reason=payload.reason,
        )
    except FrozenVersionError as error:
        return _conflict(error)
    except RuleProblemsError as error:
        return _problems(error)
    return ScoringRule.objects.select_related("indicator").get(pk=rule.pk)


@router.delete(
    "/scoring-versions/{version_id}/rules/{indicator_id}",
    response={204: None, 409: ErrorOut},
    summary="Bỏ quy tắc chấm điểm của một chỉ tiêu",
)
def delete_scoring_rule(request: HttpRequest, version_id: int, indicator_id: int) -> Any:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    version = get_in_scope(scoring_versions_visible_to(user), version_id)
    indicator = get_in_scope(indicators_of_movement(version.table.movement), indicator_id)
    try:
        remove_rule(version, by=user, indicator=indicator)
    except FrozenVersionError as error:
        return _conflict(error)
    return Status(204, None)


@router.put(
    "/scoring-versions/{version_id}/bands",
    response={200: list[BandOut], 400: ProblemsOut, 409: ErrorOut},
    summary="Đặt các mức xếp loại theo tổng điểm (thay cả danh sách)",
)
def put_title_bands(request: HttpRequest, version_id: int, payload: BandsIn) -> Any:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    version = get_in_scope(scoring_versions_visible_to(user), version_id)
    try:
        return set_title_bands(
            version,
            by=user,
            bands=[BandData(min_total=b.min_total, label=b.label) for b in payload.bands],
            reason=payload.reason,
        )
    except FrozenVersionError as error:
        return _conflict(error)
    except RuleProblemsError as error:
        return _problems(error)


@router.post(
    "/scoring-versions/{version_id}/freeze",
    response={200: VersionOut, 409: ErrorOut},
    summary="Khóa phiên bản (không sửa được nữa)",
)
def freeze_scoring_version(request: HttpRequest, version_id: int, payload: FreezeIn) -> Any:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_MOVEMENT)
    version = get_in_scope(scoring_versions_visible_to(user), version_id)
    try:
        lock_version(version, by=user, reason=payload.reason)
    except FrozenVersionError as error:
        return _conflict(error)
    return get_in_scope(_versions(user), version.pk)
