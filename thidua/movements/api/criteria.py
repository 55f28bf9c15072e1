"""API v1: a movement's content areas, criteria tree, indicators and yearly targets.

Scoped like the pages: reading needs VIEW_MOVEMENT and the movement in scope (else 404),
writing needs MANAGE_MOVEMENT at the organising unit (else 403). Numbers are decimals written
with a dot; in answers they are strings ("12.5000") so that no precision is lost. The services
refuse bad input with 400 `{"detail": "…", "field": "…"}` (e.g. `field: "formula"` for a formula
that does not parse, refers to an unknown indicator or makes a cycle).

Lists are not paginated: a plan holds at most a few hundred criteria and indicators.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError
from thidua.movements.enums import Aggregation, AreaKind, Direction, ValueType
from thidua.movements.models import ContentArea, Criterion, Indicator, Movement, YearlyTarget
from thidua.movements.selectors.criteria import (
    areas_of,
    areas_visible_to,
    criteria_visible_to,
    indicators_visible_to,
    plan_tree,
    target_years,
)
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.services.criteria import (
    AreaData,
    CriterionData,
    IndicatorData,
    create_area,
    create_criterion,
    create_indicator,
    set_yearly_targets,
    update_area,
    update_criterion,
    update_indicator,
)
from thidua.organizations.api.common import (
    UNSET,
    acting_user,
    api_field_names,
    get_in_scope,
    require_anywhere,
)

router = Router(tags=["Nội dung, tiêu chí, chỉ tiêu"])

_FIELDS = {"area": "area_id", "parent": "parent_id", "criterion": "criterion_id"}


# --- Access -------------------------------------------------------------------------------------


def _readable(request: HttpRequest, movement_id: int) -> tuple[User, Movement]:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    return user, get_in_scope(movements_visible_to(user), movement_id)


def _require_manage(user: User, movement: Movement) -> None:
    if not user.has_perm(Perm.MANAGE_MOVEMENT.value, movement):
        raise PermissionDenied


def _writable(request: HttpRequest, movement_id: int) -> tuple[User, Movement]:
    user, movement = _readable(request, movement_id)
    _require_manage(user, movement)
    return user, movement


# --- Content areas ------------------------------------------------------------------------------


class AreaOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của nội dung")
    movement_id: int = Field(description="Phong trào")
    code: str = Field(description="Mã, duy nhất trong phong trào (ví dụ ND1, GP2)")
    name: str = Field(description="Tên nội dung thi đua hoặc nhóm giải pháp")
    kind: AreaKind = Field(description="content: nội dung thi đua; solution: nhóm giải pháp")
    order: int = Field(description="Thứ tự hiển thị")
    description: str = Field(description="Mô tả")
    keywords: str = Field(description="Từ khóa gợi ý (không dấu, cách nhau bằng dấu cách)")


class AreaIn(Schema):
    code: str = Field(min_length=1, max_length=32, description="Mã (chữ in hoa, số, - _ .)")
    name: str = Field(min_length=1, max_length=300, description="Tên")
    kind: AreaKind = Field(description="content hoặc solution")
    order: int = Field(0, ge=0, le=32_767, description="Thứ tự hiển thị")
    description: str = Field("", max_length=5000, description="Mô tả")
    keywords: str = Field("", max_length=1000, description="Từ khóa gợi ý")


class AreaPatchIn(Schema):
    """Only the fields sent are changed."""

    code: str = Field(UNSET, min_length=1, max_length=32, description="Mã")
    name: str = Field(UNSET, min_length=1, max_length=300, description="Tên")
    kind: AreaKind = Field(UNSET, description="content hoặc solution")
    order: int = Field(UNSET, ge=0, le=32_767, description="Thứ tự hiển thị")
    description: str = Field(UNSET, max_length=5000, description="Mô tả")
    keywords: str = Field(UNSET, max_length=1000, description="Từ khóa gợi ý")


@router.get(
    "/movements/{movement_id}/areas",
    response=list[AreaOut],
    summary="Nội dung thi đua và nhóm giải pháp của một phong trào",
)
def list_areas(request: HttpRequest, movement_id: int) -> QuerySet[ContentArea]:
    """Content areas first, then solution groups, each by order."""
    _user, movement = _readable(request, movement_id)
    return areas_of(movement)


@router.post(
    "/movements/{movement_id}/areas",
    response={201: AreaOut},
    summary="Thêm nội dung thi đua hoặc nhóm giải pháp",
)
def create_area_endpoint(
    request: HttpRequest, movement_id: int, payload: AreaIn
) -> Status[ContentArea]:
    user, movement = _writable(request, movement_id)
    area = create_area(by=user, movement=movement, data=AreaData(**payload.model_dump()))
    return Status(201, area)


@router.patch("/areas/{area_id}", response=AreaOut, summary="Sửa một nội dung")
def patch_area(request: HttpRequest, area_id: int, payload: AreaPatchIn) -> ContentArea:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    area = get_in_scope(areas_visible_to(user), area_id)
    _require_manage(user, area.movement)
    sent = payload.model_dump(include=payload.model_fields_set)
    current = {name: getattr(area, name) for name in AreaData.__dataclass_fields__}
    return update_area(area, by=user, data=AreaData(**{**current, **sent}))


# --- Criteria -----------------------------------------------------------------------------------


class CriterionOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của tiêu chí")
    movement_id: int = Field(description="Phong trào")
    area_id: int = Field(description="Nội dung chứa tiêu chí")
    parent_id: int | None = Field(description="Tiêu chí cấp trên (null: tiêu chí cấp 1)")
    depth: int = Field(description="Cấp trong cây: 0 là tiêu chí cấp 1")
    code: str = Field(description="Mã tiêu chí, duy nhất trong phong trào")
    name: str = Field(description="Tên tiêu chí")
    weight: Decimal = Field(description="Trọng số")
    max_points: Decimal = Field(description="Điểm tối đa")
    order: int = Field(description="Thứ tự giữa các tiêu chí cùng cấp")
    description: str = Field(description="Hướng dẫn chấm")


class CriteriaOut(Schema):
    total_points: Decimal = Field(description="Tổng điểm các tiêu chí cấp 1 phải đạt")
    warnings: list[str] = Field(description="Điểm chưa khớp (tiếng Việt); rỗng khi đã khớp")
    items: list[CriterionOut] = Field(
        description="Các tiêu chí theo thứ tự cây: theo nội dung, mỗi tiêu chí đứng trước các "
        "tiêu chí con của nó (kèm parent_id và depth)"
    )


class CriterionIn(Schema):
    area_id: int = Field(description="Nội dung (của cùng phong trào)")
    parent_id: int | None = Field(None, description="Tiêu chí cấp trên, cùng nội dung")
    code: str = Field(min_length=1, max_length=32, description="Mã tiêu chí")
    name: str = Field(min_length=1, max_length=300, description="Tên tiêu chí")
    max_points: Decimal = Field(ge=0, description="Điểm tối đa")
    weight: Decimal = Field(Decimal(1), gt=0, description="Trọng số (mặc định 1)")
    order: int = Field(0, ge=0, le=32_767, description="Thứ tự")
    description: str = Field("", max_length=5000, description="Hướng dẫn chấm")


class CriterionPatchIn(Schema):
    """Only the fields sent are changed. A new `area_id` moves the criterion with its subtree;
    `parent_id: null` makes it a top-level criterion."""

    area_id: int = Field(UNSET, description="Nội dung")
    parent_id: int | None = Field(None, description="Tiêu chí cấp trên; null: tiêu chí cấp 1")
    code: str = Field(UNSET, min_length=1, max_length=32, description="Mã tiêu chí")
    name: str = Field(UNSET, min_length=1, max_length=300, description="Tên tiêu chí")
    max_points: Decimal = Field(UNSET, ge=0, description="Điểm tối đa")
    weight: Decimal = Field(UNSET, gt=0, description="Trọng số")
    order: int = Field(UNSET, ge=0, le=32_767, description="Thứ tự")
    description: str = Field(UNSET, max_length=5000, description="Hướng dẫn chấm")


def _criterion_out(criterion: Criterion, depth: int) -> CriterionOut:
    return CriterionOut(
        id=criterion.pk,
        movement_id=criterion.movement_id,
        area_id=criterion.area_id,
        parent_id=criterion.parent_id,
        depth=depth,
        code=criterion.code,
        name=criterion.name,
        weight=criterion.weight,
        max_points=criterion.max_points,
        order=criterion.order,
        description=criterion.description,
    )


def _depth_of(criterion: Criterion) -> int:
    depth, seen, parent = 0, {criterion.pk}, criterion.parent
    while parent is not None and parent.pk not in seen:
        seen.add(parent.pk)
        depth += 1
        parent = parent.parent
    return depth


@router.get(
    "/movements/{movement_id}/criteria",
    response=CriteriaOut,
    summary="Cây tiêu chí của một phong trào (danh sách phẳng theo thứ tự cây)",
)
def list_criteria(request: HttpRequest, movement_id: int) -> CriteriaOut:
    """A flat list in tree order with `parent_id` and `depth`, and the warnings of the points
    check (top-level criteria must add up to the total, children to their parent)."""
    _user, movement = _readable(request, movement_id)
    tree = plan_tree(movement)
    return CriteriaOut(
        total_points=tree.total_points,
        warnings=tree.warnings,
        items=[
            _criterion_out(row.criterion, row.depth) for block in tree.blocks for row in block.rows
        ],
    )


def _area_for(user: User, area_id: int) -> ContentArea:
    return get_in_scope(areas_visible_to(user), area_id)


def _parent_for(user: User, parent_id: int | None) -> Criterion | None:
    return None if parent_id is None else get_in_scope(criteria_visible_to(user), parent_id)


@router.post(
    "/movements/{movement_id}/criteria",
    response={201: CriterionOut},
    summary="Thêm tiêu chí",
)
def create_criterion_endpoint(
    request: HttpRequest, movement_id: int, payload: CriterionIn
) -> Status[CriterionOut]:
    user, movement = _writable(request, movement_id)
    with api_field_names(_FIELDS):
        criterion = create_criterion(
            by=user,
            movement=movement,
            data=CriterionData(
                area=_area_for(user, payload.area_id),
                parent=_parent_for(user, payload.parent_id),
                code=payload.code,
                name=payload.name,
                max_points=payload.max_points,
                weight=payload.weight,
                order=payload.order,
                description=payload.description,
            ),
        )
    return Status(201, _criterion_out(criterion, _depth_of(criterion)))


@router.patch("/criteria/{criterion_id}", response=CriterionOut, summary="Sửa một tiêu chí")
def patch_criterion(
    request: HttpRequest, criterion_id: int, payload: CriterionPatchIn
) -> CriterionOut:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    criterion = get_in_scope(criteria_visible_to(user), criterion_id)
    _require_manage(user, criterion.movement)
    sent = payload.model_fields_set
    with api_field_names(_FIELDS):
        data = CriterionData(
            area=_area_for(user, payload.area_id) if "area_id" in sent else criterion.area,
            parent=_parent_for(user, payload.parent_id)
            if "parent_id" in sent
            else criterion.parent,
            code=payload.code if "code" in sent else criterion.code,
            name=payload.name if "name" in sent else criterion.name,
            max_points=payload.max_points if "max_points" in sent else criterion.max_points,
            weight=payload.weight if "weight" in sent else criterion.weight,
            order=payload.order if "order" in sent else criterion.order,
            description=payload.description if "description" in sent else criterion.description,
        )
        criterion = update_criterion(criterion, by=user, data=data)
    return _criterion_out(criterion, _depth_of(criterion))


# --- Indicators ---------------------------------------------------------------------------------


class YearlyTargetOut(Schema):
    year: int = Field(description="Năm")
    value: Decimal = Field(description="Chỉ tiêu chung của năm")


class IndicatorOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của chỉ tiêu")
    movement_id: int = Field(description="Phong trào")
    criterion_id: int = Field(description="Tiêu chí chứa chỉ tiêu")
    code: str = Field(description="Mã chỉ tiêu (công thức tham chiếu bằng mã này)")
    name: str = Field(description="Tên chỉ tiêu")
    value_type: ValueType = Field(description="Kiểu giá trị")
    unit_label: str = Field(description="Đơn vị tính")
    direction: Direction = Field(description="higher: càng cao càng tốt; lower: càng thấp càng tốt")
    aggregation: Aggregation = Field(description="Cách tổng hợp lên đơn vị cấp trên")
    formula: str = Field(description="Công thức (rỗng: đơn vị nhập số liệu)")
    is_computed: bool = Field(description="Tính bằng công thức")
    evidence_required: bool = Field(description="Bắt buộc nộp minh chứng")
    evidence_note: str = Field(description="Minh chứng cần nộp")
    min_value: Decimal | None = Field(description="Giá trị nhỏ nhất")
    max_value: Decimal | None = Field(description="Giá trị lớn nhất")
    order: int = Field(description="Thứ tự trong tiêu chí")
    yearly_targets: list[YearlyTargetOut] = Field(description="Chỉ tiêu chung theo năm")

    @staticmethod
    def resolve_yearly_targets(obj: Indicator) -> list[YearlyTarget]:
        return sorted(obj.yearly.all(), key=lambda target: target.year)


class IndicatorIn(Schema):
    criterion_id: int = Field(description="Tiêu chí (của cùng phong trào)")
    code: str = Field(
        min_length=1, max_length=32, description="Mã: ^[A-Z][A-Z0-9_]{0,31}$, duy nhất"
    )
    name: str = Field(min_length=1, max_length=300, description="Tên chỉ tiêu")
    value_type: ValueType = Field(description="Kiểu giá trị")
    unit_label: str = Field("", max_length=40, description="Đơn vị tính")
    direction: Direction = Field(Direction.HIGHER_IS_BETTER, description="Chiều đánh giá")
    aggregation: Aggregation = Field(Aggregation.SUM, description="Cách tổng hợp")
    formula: str = Field("", max_length=1000, description="Công thức; rỗng: đơn vị nhập")
    evidence_required: bool = Field(False, description="Bắt buộc minh chứng")
    evidence_note: str = Field("", max_length=300, description="Minh chứng cần nộp")
    min_value: Decimal | None = Field(None, description="Giá trị nhỏ nhất (tỉ lệ %: mặc định 0)")
    max_value: Decimal | None = Field(None, description="Giá trị lớn nhất (tỉ lệ %: mặc định 100)")
    order: int = Field(0, ge=0, le=32_767, description="Thứ tự")


class IndicatorPatchIn(Schema):
    """Only the fields sent are changed; a formula is checked as on the page."""

    criterion_id: int = Field(UNSET, description="Tiêu chí")
    code: str = Field(UNSET, min_length=1, max_length=32, description="Mã chỉ tiêu")
    name: str = Field(UNSET, min_length=1, max_length=300, description="Tên chỉ tiêu")
    value_type: ValueType = Field(UNSET, description="Kiểu giá trị")
    unit_label: str = Field(UNSET, max_length=40, description="Đơn vị tính")
    direction: Direction = Field(UNSET, description="Chiều đánh giá")
    aggregation: Aggregation = Field(UNSET, description="Cách tổng hợp")
    formula: str = Field(UNSET, max_length=1000, description="Công thức; rỗng: đơn vị nhập")
    evidence_required: bool = Field(UNSET, description="Bắt buộc minh chứng")
    evidence_note: str = Field(UNSET, max_length=300, description="Minh chứng cần nộp")
    min_value: Decimal | None = Field(None, description="Giá trị nhỏ nhất; null để bỏ")
    max_value: Decimal | None = Field(None, description="Giá trị lớn nhất; null để bỏ")
    order: int = Field(UNSET, ge=0, le=32_767, description="Thứ tự")


class YearlyTargetIn(Schema):
    year: int = Field(ge=2000, le=2100, description="Năm (trong thời gian của phong trào)")
    value: Decimal | None = Field(description="Chỉ tiêu; null: bỏ chỉ tiêu của năm này")


class YearlyTargetsIn(Schema):
    """The whole set: a year of the movement left out (or given null) has no target after."""

    targets: list[YearlyTargetIn] = Field(max_length=50, description="Chỉ tiêu từng năm")


def _with_targets(queryset: QuerySet[Indicator]) -> QuerySet[Indicator]:
    return queryset.prefetch_related(Prefetch("yearly", queryset=YearlyTarget.objects.all()))


@router.get(
    "/movements/{movement_id}/indicators",
    response=list[IndicatorOut],
    summary="Chỉ tiêu của một phong trào",
)
def list_indicators(request: HttpRequest, movement_id: int) -> QuerySet[Indicator]:
    """Every indicator with its yearly targets, by criterion then order."""
    _user, movement = _readable(request, movement_id)
    return _with_targets(
        Indicator.objects.filter(movement=movement).order_by(
            "criterion__area__kind", "criterion__area__order", "criterion__order", "order", "code"
        )
    )


def _criterion_for(user: User, criterion_id: int) -> Criterion:
    return get_in_scope(criteria_visible_to(user), criterion_id)


def _indicator_out(indicator: Indicator) -> Indicator:
    return _with_targets(Indicator.objects.filter(pk=indicator.pk)).get()


@router.post(
    "/movements/{movement_id}/indicators",
    response={201: IndicatorOut},
    summary="Thêm chỉ tiêu (nhập liệu hoặc tính bằng công thức)",
)
def create_indicator_endpoint(
    request: HttpRequest, movement_id: int, payload: IndicatorIn
) -> Status[Indicator]:
    user, movement = _writable(request, movement_id)
    fields = payload.model_dump(exclude={"criterion_id"})
    with api_field_names(_FIELDS):
        indicator = create_indicator(
            by=user,
            movement=movement,
            data=IndicatorData(criterion=_criterion_for(user, payload.criterion_id), **fields),
        )
    return Status(201, _indicator_out(indicator))


@router.get("/indicators/{indicator_id}", response=IndicatorOut, summary="Một chỉ tiêu")
def get_indicator(request: HttpRequest, indicator_id: int) -> Indicator:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    return get_in_scope(_with_targets(indicators_visible_to(user)), indicator_id)


def _manageable_indicator(request: HttpRequest, indicator_id: int) -> tuple[User, Indicator]:
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_MOVEMENT)
    indicator = get_in_scope(indicators_visible_to(user), indicator_id)
    _require_manage(user, indicator.movement)
    return user, indicator


@router.patch("/indicators/{indicator_id}", response=IndicatorOut, summary="Sửa một chỉ tiêu")
def patch_indicator(
    request: HttpRequest, indicator_id: int, payload: IndicatorPatchIn
) -> Indicator:
    user, indicator = _manageable_indicator(request, indicator_id)
    sent = payload.model_fields_set
    current = {
        name: getattr(indicator, name)
        for name in IndicatorData.__dataclass_fields__
        if name != "criterion"
    }
    changes = payload.model_dump(include=sent - {"criterion_id"})
    with api_field_names(_FIELDS):
        criterion = (
            _criterion_for(user, payload.criterion_id)
            if "criterion_id" in sent
            else indicator.criterion
        )
        update_indicator(
            indicator,
            by=user,
            data=IndicatorData(criterion=criterion, **{**current, **changes}),
        )
    return _indicator_out(indicator)


@router.put(
    "/indicators/{indicator_id}/yearly-targets",
    response=IndicatorOut,
    summary="Đặt chỉ tiêu chung theo năm của một chỉ tiêu (thay cả bộ)",
)
def put_yearly_targets(
    request: HttpRequest, indicator_id: int, payload: YearlyTargetsIn
) -> Indicator:
    """Years of the movement not listed lose their target; a year outside the movement, a
    value out of the indicator's range (percentages 0–100) or of the wrong kind is refused with
    `field: "targets.<year>"`, and nothing is saved."""
    user, indicator = _manageable_indicator(request, indicator_id)
    values: dict[int, Decimal | None] = dict.fromkeys(target_years(indicator.movement))
    for item in payload.targets:
        values[item.year] = item.value
    try:
        set_yearly_targets(indicator, by=user, values=values)
    except DomainError as error:
        if error.field and error.field.startswith("nam_"):
            error.field = "targets." + error.field.removeprefix("nam_")
        raise
    return _indicator_out(indicator)
