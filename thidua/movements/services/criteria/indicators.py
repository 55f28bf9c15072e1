"""Writes to the plan's indicators (chỉ tiêu), entered or computed by a formula, and their
yearly targets."""

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal

from django.db import transaction

from thidua.accounts.models import User
from thidua.core.audit import diff, record_audit, snapshot
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction
from thidua.movements import formulas
from thidua.movements.enums import Aggregation, Direction, ValueType
from thidua.movements.models import Criterion, Indicator, Movement, YearlyTarget
from thidua.movements.scoring import format_number
from thidua.movements.selectors.criteria import (
    formula_error_message,
    formula_sources,
    formulas_using,
    parsed_formulas,
    target_years,
)
from thidua.movements.services.criteria.common import (
    PERCENT_MAX,
    PERCENT_MIN,
    audit_create,
    audit_update,
    check_decimal,
    check_order,
    clean_text,
    lock_plan,
    refuse_if_used,
    require_manage,
)

INDICATOR_CODE_PATTERN = re.compile(r"^[A-Z][A-Z0-9_]{0,31}$")
INDICATOR_FIELDS = (
    "code",
    "name",
    "criterion",
    "value_type",
    "unit_label",
    "direction",
    "aggregation",
    "formula",
    "evidence_required",
    "evidence_note",
    "min_value",
    "max_value",
    "order",
)


@dataclass(frozen=True, kw_only=True)
class IndicatorData:
    criterion: Criterion
    code: str
    name: str
    value_type: str
    unit_label: str = ""
    direction: str = Direction.HIGHER_IS_BETTER
    aggregation: str = Aggregation.SUM
    formula: str = ""
    evidence_required: bool = False
    evidence_note: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    order: int = 0


def check_indicator_code(code: str) -> str:
    """Normalise an indicator code (upper case) or refuse it: formulas refer to it."""
    normalised = code.strip().upper()
    if not INDICATOR_CODE_PATTERN.match(normalised):
        raise DomainError(
            "Mã chỉ tiêu bắt đầu bằng một chữ cái, chỉ gồm chữ in hoa không dấu, chữ số và dấu "
            "gạch dưới, tối đa 32 ký tự (ví dụ: TY_LE_DVC_TT). Công thức dùng mã này để tham chiếu.",
            field="code",
        )
    return normalised


def check_formula(
    movement: Movement, *, code: str, source: str, exclude_pk: int | None = None
) -> str:
    """Check an indicator's formula against the movement and return it (stripped).

    Refuses, at the field `formula`: a syntax error (with where it is), a reference to a code
    that is not an indicator of the movement, a reference to a text indicator, and a cycle with
    the movement's other formulas (naming the codes in order).
    """
    source = source.strip()
    try:
        parsed = formulas.parse(source)
    except formulas.FormulaError as error:
        raise DomainError(formula_error_message(error), field="formula") from error
    rows = Indicator.objects.filter(movement=movement)
    if exclude_pk is not None:
        rows = rows.exclude(pk=exclude_pk)
    others = dict(rows.values_list("code", "value_type"))
    problems = formulas.check_references({code: parsed}, [*others, code])
    if problems:
        raise DomainError(formula_error_message(problems[0]), field="formula")
    texts = sorted(ref for ref in parsed.references if others.get(ref) == ValueType.TEXT)
    if texts:
        raise DomainError(
            f"Chỉ tiêu {', '.join(texts)} có kiểu văn bản, không dùng được trong công thức.",
            field="formula",
        )
    everything = parsed_formulas(formula_sources(movement, exclude_pk=exclude_pk))
    everything[code] = parsed
    try:
        formulas.evaluation_order(everything)
    except formulas.FormulaCycleError as error:
        raise DomainError(
            f"{error.message} Một chỉ tiêu không thể được tính, trực tiếp hay gián tiếp, từ "
            "chính nó.",
            field="formula",
        ) from error
    return source


def _check_indicator(
    movement: Movement, data: IndicatorData, *, current: Indicator | None
) -> IndicatorData:
    code = check_indicator_code(data.code)
    taken = Indicator.objects.filter(movement=movement, code=code)
    if current is not None:
        taken = taken.exclude(pk=current.pk)
    if taken.exists():
        raise DomainError(f"Mã chỉ tiêu “{code}” đã được dùng trong phong trào này.", field="code")
    if data.criterion.movement_id != movement.pk:
        raise DomainError("Tiêu chí được chọn không thuộc phong trào này.", field="criterion")
    if data.value_type not in ValueType.values:
        raise DomainError("Kiểu giá trị không hợp lệ.", field="value_type")
    if data.direction not in Direction.values:
        raise DomainError("Chiều đánh giá không hợp lệ.", field="direction")
    if data.aggregation not in Aggregation.values:
        raise DomainError("Cách tổng hợp không hợp lệ.", field="aggregation")
    formula = data.formula.strip()
    if formula and data.value_type == ValueType.TEXT:
        raise DomainError(
            "Chỉ tiêu kiểu văn bản không tính được bằng công thức: hãy bỏ công thức hoặc chọn "
            "kiểu giá trị khác.",
            field="formula",
        )
    if current is not None:
        _check_still_referable(movement, current, code=code, value_type=data.value_type)
    if formula:
        formula = check_formula(
            movement, code=code, source=formula, exclude_pk=current.pk if current else None
        )
    low, high = _bounds(data)
    return replace(
        data,
        code=code,
        name=clean_text(data.name, field="name", label="Tên chỉ tiêu", max_length=300),
        unit_label=clean_text(
            data.unit_label, field="unit_label", label="Đơn vị tính", max_length=40, required=False
        ),
        formula=formula,
        # A text value is its evidence: it always asks for it.
        evidence_required=data.evidence_required or data.value_type == ValueType.TEXT,
        evidence_note=clean_text(
            data.evidence_note,
            field="evidence_note",
            label="Minh chứng cần nộp",
            max_length=300,
            required=False,
        ),
        min_value=low,
        max_value=high,
        order=check_order(data.order),
    )


def _check_still_referable(
    movement: Movement, current: Indicator, *, code: str, value_type: str
) -> None:
    """A code other formulas use cannot change, nor can such an indicator become text."""
    if code == current.code and value_type != ValueType.TEXT:
        return
    users = [u for u in formulas_using(movement, [current.code])[current.code] if u != current.code]
    if not users:
        return
    if code != current.code:
        raise DomainError(
            f"Không đổi được mã {current.code}: công thức của {', '.join(users)} đang dùng mã "
            "này. Hãy sửa các công thức đó trước.",
            field="code",
        )
    raise DomainError(
        f"Không chuyển được sang kiểu văn bản: công thức của {', '.join(users)} đang dùng chỉ "
        "tiêu này.",
        field="value_type",
    )


def _bounds(data: IndicatorData) -> tuple[Decimal | None, Decimal | None]:
    """The indicator's allowed range: a percentage is 0–100 unless told otherwise; yes/no and
    text values have no range."""
    low, high = data.min_value, data.max_value
    if data.value_type in (ValueType.BOOLEAN, ValueType.TEXT):
        if low is not None or high is not None:
            raise DomainError(
                "Chỉ tiêu kiểu Có/Không hoặc văn bản không có giá trị nhỏ nhất, lớn nhất.",
                field="min_value" if low is not None else "max_value",
            )
        return None, None
    if data.value_type == ValueType.PERCENTAGE:
        low = PERCENT_MIN if low is None else low
        high = PERCENT_MAX if high is None else high
    if low is not None:
        low = check_decimal(low, field="min_value", label="Giá trị nhỏ nhất", digits=14, places=4)
    if high is not None:
        high = check_decimal(high, field="max_value", label="Giá trị lớn nhất", digits=14, places=4)
    if data.value_type == ValueType.COUNT and low is not None and low < 0:
        raise DomainError("Số lượng không thể nhỏ hơn 0.", field="min_value")
    if low is not None and high is not None and low > high:
        raise DomainError(
            "Giá trị lớn nhất phải lớn hơn hoặc bằng giá trị nhỏ nhất.", field="max_value"
        )
    return low, high


@transaction.atomic
def create_indicator(*, by: User, movement: Movement, data: IndicatorData) -> Indicator:
    """Add an indicator (chỉ tiêu) under a criterion: entered by units, or computed when it
    has a formula.

    Refuses: a caller without MANAGE_MOVEMENT, a code not matching ^[A-Z][A-Z0-9_]{0,31}$ or
    already used in the movement, a criterion of another movement, a formula on a text
    indicator, a formula that does not parse, refers to an unknown or text indicator or makes
    a cycle, bounds out of order or on a yes/no or text indicator.
    """
    require_manage(by, movement)
    movement = lock_plan(movement)
    data = _check_indicator(movement, data, current=None)
    indicator = Indicator.objects.create(
        movement=movement,
        criterion=data.criterion,
        code=data.code,
        name=data.name,
        value_type=data.value_type,
        unit_label=data.unit_label,
        direction=data.direction,
        aggregation=data.aggregation,
        formula=data.formula,
        evidence_required=data.evidence_required,
        evidence_note=data.evidence_note,
        min_value=data.min_value,
        max_value=data.max_value,
        order=data.order,
    )
    audit_create(by, movement, indicator, INDICATOR_FIELDS)
    return indicator


@transaction.atomic
def update_indicator(indicator: Indicator, *, by: User, data: IndicatorData) -> Indicator:
    """Change an indicator. Refuses what `create_indicator` refuses, and a new code or the text
    type while other formulas refer to it."""
    movement = indicator.movement
    require_manage(by, movement)
    movement = lock_plan(movement)
    data = _check_indicator(movement, data, current=indicator)
    before = snapshot(indicator, INDICATOR_FIELDS)
    for name in INDICATOR_FIELDS:
        setattr(indicator, name, getattr(data, name))
    indicator.save()
    audit_update(by, movement, indicator, before, INDICATOR_FIELDS)
    return indicator


@transaction.atomic
def delete_indicator(indicator: Indicator, *, by: User, reason: str = "") -> None:
    """Delete an indicator and its yearly targets.

    Refuses: a caller without MANAGE_MOVEMENT, and an indicator that something uses: another
    indicator's formula, a scoring rule, a target assigned to a unit, report values.
    """
    movement = indicator.movement
    require_manage(by, movement)
    movement = lock_plan(movement)
    refuse_if_used([indicator], what=f"chỉ tiêu {indicator.code}")
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target=indicator,
        unit_path=movement.owner.path,
        changes=diff(snapshot(indicator, INDICATOR_FIELDS), {}),
        reason=reason,
    )
    indicator.delete()


# --- Yearly targets -----------------------------------------------------------------------------


def check_indicator_value(indicator: Indicator, value: Decimal, *, field: str) -> Decimal:
    """A value (a target, a report value) fits the indicator's type and range, or is refused."""
    label = "Giá trị"
    if indicator.value_type == ValueType.TEXT:
        raise DomainError("Chỉ tiêu kiểu văn bản không có giá trị số.", field=field)
    number = check_decimal(value, field=field, label=label, digits=14, places=4)
    if indicator.value_type == ValueType.BOOLEAN and number not in (0, 1):
        raise DomainError("Chỉ tiêu Có/Không chỉ nhận 1 (có) hoặc 0 (không).", field=field)
    if indicator.value_type == ValueType.COUNT and number != number.to_integral_value():
        raise DomainError("Số lượng phải là số nguyên.", field=field)
    low, high = indicator.min_value, indicator.max_value
    if indicator.value_type == ValueType.PERCENTAGE:
        low = PERCENT_MIN if low is None else low
        high = PERCENT_MAX if high is None else high
    if low is not None and number < low:
        raise DomainError(f"{label} không được nhỏ hơn {format_number(low)}.", field=field)
    if high is not None and number > high:
        raise DomainError(f"{label} không được lớn hơn {format_number(high)}.", field=field)
    return number


@transaction.atomic
def set_yearly_targets(
    indicator: Indicator, *, by: User, values: Mapping[int, Decimal | None], reason: str = ""
) -> dict[int, Decimal]:
    """Set the indicator's target for each year given (None clears a year); years not given
    keep their target. Returns every year's target after the change.

    Refuses, naming the year (`nam_<year>`): a year outside the movement, a value that does not
    fit the indicator (text indicators have no targets; percentages are 0–100; yes/no is 0 or
    1; counts are whole numbers; the indicator's own bounds). All or nothing.
    """
    movement = indicator.movement
    require_manage(by, movement)
    movement = lock_plan(movement)
    years = target_years(movement)
    checked: dict[int, Decimal | None] = {}
    for year, value in sorted(values.items()):
        field = f"nam_{year}"
        if year not in years:
            raise DomainError(
                f"Năm {year} nằm ngoài thời gian của phong trào ({years[0]}–{years[-1]}).",
                field=field,
            )
        checked[year] = (
            None if value is None else check_indicator_value(indicator, value, field=field)
        )
    existing = {row.year: row for row in YearlyTarget.objects.filter(indicator=indicator)}
    changes: dict[str, list[object]] = {}
    for year, value in checked.items():
        row = existing.get(year)
        if value is None:
            if row is not None:
                changes[f"target_{year}"] = [str(row.value), None]
                row.delete()
                del existing[year]
        elif row is None:
            existing[year] = YearlyTarget.objects.create(
                indicator=indicator, year=year, value=value
            )
            changes[f"target_{year}"] = [None, str(value)]
        elif row.value != value:
            changes[f"target_{year}"] = [str(row.value), str(value)]
            row.value = value
            row.save(update_fields=["value"])
    if changes:
        record_audit(
            actor=by,
            action=AuditAction.UPDATE,
            target=indicator,
            unit_path=movement.owner.path,
            changes=changes,
            reason=reason,
        )
    return {year: row.value for year, row in sorted(existing.items())}
