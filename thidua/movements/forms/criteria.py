"""Forms of the plan-content pages: content areas, criteria, indicators, yearly targets.

They parse what was typed (numbers Vietnamese-style, "12,5" or "12.5"); the services decide
what is allowed and their refusals come back at the field through `add_domain_error`.
"""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thidua.movements import formulas
from thidua.movements.enums import Aggregation, AreaKind, Direction, ValueType
from thidua.movements.models import ContentArea, Criterion, Indicator, Movement
from thidua.movements.scoring import format_number
from thidua.movements.selectors.criteria import areas_of
from thidua.movements.services.criteria import AreaData, CriterionData, IndicatorData
from thidua.organizations.forms.widgets import BootstrapFormMixin

NUMBER_ERROR = "Hãy nhập một số, ví dụ 12,5 hoặc 12.5."
_GROUPED = re.compile(r"^-?[0-9]{1,3}(\.[0-9]{3})+$")
_PLAIN = re.compile(r"-?([0-9]+(\.[0-9]*)?|\.[0-9]+)")

AGGREGATION_HELP: dict[str, str] = {
    Aggregation.SUM: "Giá trị của đơn vị là tổng giá trị các khoa, phòng trực thuộc "
    "(số người được tập huấn, số sự cố…).",
    Aggregation.AVERAGE_BY_STAFF: "Trung bình của các khoa, phòng, mỗi nơi nặng nhẹ theo số "
    "người (tỉ lệ cán bộ hoàn thành khóa học…).",
    Aggregation.MIN: "Lấy giá trị thấp nhất trong các khoa, phòng (mức mà mọi nơi cùng đạt).",
    Aggregation.MAX: "Lấy giá trị cao nhất trong các khoa, phòng (có ít nhất một nơi đạt).",
    Aggregation.LATEST: "Lấy giá trị được báo cáo gần nhất (tình trạng hiện tại, không cộng dồn).",
}


def parse_number(text: str) -> Decimal | None:
    """A number typed by a Vietnamese user: "12,5", "12.5", "1.234.567", "1.234,5" or
    "-3". Blank is None; anything else raises ValueError.

    With a comma, the comma is the decimal mark and dots group thousands ("1.234,5"); without
    one, a single dot is the decimal mark ("12.5") and several dots group thousands
    ("1.234.567").
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if "," in cleaned:
        if cleaned.count(",") > 1:
            raise ValueError(text)
        whole, fraction = cleaned.split(",")
        if "." in whole and not _GROUPED.match(whole):
            raise ValueError(text)
        cleaned = whole.replace(".", "") + "." + fraction
    elif cleaned.count(".") > 1:
        if not _GROUPED.match(cleaned):
            raise ValueError(text)
        cleaned = cleaned.replace(".", "")
    if not _PLAIN.fullmatch(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation as error:  # pragma: no cover - the pattern above rules it out
        raise ValueError(text) from error


class NumberField(forms.Field):
    """A decimal typed Vietnamese-style; shown back as "12,5"."""

    widget = forms.TextInput

    def __init__(self, *args: Any, max_digits: int = 14, decimal_places: int = 4, **kwargs: Any):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "decimal", "autocomplete": "off"}

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, Decimal) or value is None:
            return value
        try:
            number = parse_number(str(value))
        except ValueError as error:
            raise ValidationError(NUMBER_ERROR, code="invalid") from error
        if number is None:
            return None
        exponent = number.normalize().as_tuple().exponent
        if isinstance(exponent, int) and -exponent > self.decimal_places:
            raise ValidationError(
                f"Tối đa {self.decimal_places} chữ số sau dấu phẩy.", code="places"
            )
        if abs(number) >= Decimal(10) ** (self.max_digits - self.decimal_places):
            raise ValidationError("Số quá lớn.", code="too_large")
        return number

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            return format_number(value)
        return value


def _grouped_criterion_choices(
    movement: Movement, *, exclude: Criterion | None = None, area_pk: int | None = None
) -> list[tuple[Any, Any]]:
    """Criteria of the movement in tree order, indented by level: one <optgroup> per area, or
    the options of one area only (`area_pk`). `exclude` leaves out a criterion and its subtree
    (it cannot be its own parent)."""
    areas = [area for area in areas_of(movement) if area_pk is None or area.pk == area_pk]
    criteria = list(Criterion.objects.filter(movement=movement).order_by("order", "code", "pk"))
    children: dict[int | None, list[Criterion]] = {}
    for criterion in criteria:
        children.setdefault(criterion.parent_id, []).append(criterion)
    groups: list[tuple[Any, Any]] = []
    for area in areas:
        options: list[tuple[int, str]] = []
        pending = [(c, 0) for c in reversed(children.get(None, [])) if c.area_id == area.pk]
        while pending:
            criterion, depth = pending.pop()
            if exclude is not None and criterion.pk == exclude.pk:
                continue
            options.append((criterion.pk, "\u2003" * depth + f"{criterion.code}. {criterion.name}"))
            pending.extend((kid, depth + 1) for kid in reversed(children.get(criterion.pk, [])))
        if area_pk is not None:
            return list(options)
        if options:
            groups.append((f"{area.code}. {area.name}", options))
    return groups


def _as_pk(value: Any) -> int | None:
    text = str(value or "")
    return int(text) if text.isdigit() and len(text) < 10 else None


class AreaForm(BootstrapFormMixin, forms.Form):
    kind = forms.ChoiceField(label="Loại", choices=AreaKind.choices, initial=AreaKind.CONTENT)
    code = forms.CharField(
        label="Mã", max_length=32, help_text="Ví dụ ND1 cho nội dung 1, GP2 cho nhóm giải pháp 2."
    )
    name = forms.CharField(label="Tên nội dung", max_length=300)
    order = forms.IntegerField(
        label="Thứ tự", min_value=0, max_value=32_767, initial=0, required=False
    )
    description = forms.CharField(
        label="Mô tả", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    keywords = forms.CharField(
        label="Từ khóa gợi ý",
        required=False,
        max_length=1000,
        help_text="Các từ giúp gợi ý nội dung này cho sáng kiến, cách nhau bằng dấu cách hoặc "
        "dấu phẩy (ví dụ: dịch vụ công, hồ sơ trực tuyến).",
    )

    def __init__(self, *args: Any, area: ContentArea | None = None, **kwargs: Any) -> None:
        if area is not None:
            kwargs.setdefault(
                "initial",
                {
                    "kind": area.kind,
                    "code": area.code,
                    "name": area.name,
                    "order": area.order,
                    "description": area.description,
                    "keywords": area.keywords,
                },
            )
        super().__init__(*args, **kwargs)

    def to_data(self) -> AreaData:
        data = self.cleaned_data
        return AreaData(
            code=data["code"],
            name=data["name"],
            kind=data["kind"],
            order=data.get("order") or 0,
            description=data.get("description") or "",
            keywords=data.get("keywords") or "",
        )


class CriterionForm(BootstrapFormMixin, forms.Form):
    area = forms.ModelChoiceField(
        label="Thuộc nội dung",
        queryset=ContentArea.objects.none(),
        empty_label="— Chọn nội dung —",
        error_messages={
            "required": "Hãy chọn nội dung.",
            "invalid_choice": "Nội dung không thuộc phong trào này.",
        },
    )
    parent = forms.ModelChoiceField(
        label="Tiêu chí cấp trên",
        queryset=Criterion.objects.none(),
        required=False,
        help_text="Để trống nếu là tiêu chí cấp 1 của nội dung. Tiêu chí cấp trên phải thuộc "
        "cùng nội dung.",
        error_messages={
            "invalid_choice": "Tiêu chí cấp trên phải thuộc cùng nội dung với tiêu chí này."
        },
    )
    code = forms.CharField(label="Mã tiêu chí", max_length=32, help_text="Ví dụ 1, 1.2 hoặc TC1_2.")
    name = forms.CharField(label="Tên tiêu chí", max_length=300)
    max_points = NumberField(
        label="Điểm tối đa",
        required=True,
        max_digits=8,
        decimal_places=2,
        error_messages={"required": "Hãy nhập điểm tối đa."},
    )
    weight = NumberField(
        label="Trọng số",
        max_digits=7,
        decimal_places=4,
        initial=Decimal(1),
        help_text="Hệ số nhân điểm của tiêu chí; để 1 nếu không dùng.",
    )
    order = forms.IntegerField(
        label="Thứ tự", min_value=0, max_value=32_767, initial=0, required=False
    )
    description = forms.CharField(
        label="Hướng dẫn chấm", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(
        self,
        *args: Any,
        movement: Movement,
        criterion: Criterion | None = None,
        parent_options_url: str = "",
        **kwargs: Any,
    ) -> None:
        if criterion is not None:
            kwargs.setdefault(
                "initial",
                {
                    "area": criterion.area_id,
                    "parent": criterion.parent_id,
                    "code": criterion.code,
                    "name": criterion.name,
                    "max_points": criterion.max_points,
                    "weight": criterion.weight,
                    "order": criterion.order,
                    "description": criterion.description,
                },
            )
        super().__init__(*args, **kwargs)
        area_field: Any = self.fields["area"]
        area_field.queryset = areas_of(movement)
        area_field.label_from_instance = lambda area: f"{area.code}. {area.name}"
        # Once the area is known, the parent is chosen among that area's criteria only; the
        # area select asks for the matching parent select when it changes (htmx).
        area_pk = _as_pk(self.data.get("area") if self.is_bound else self.initial.get("area"))
        parents = Criterion.objects.filter(movement=movement)
        if area_pk is not None and area_field.queryset.filter(pk=area_pk).exists():
            parents = parents.filter(area_id=area_pk)
        else:
            area_pk = None
        parent_field: Any = self.fields["parent"]
        parent_field.queryset = parents
        parent_field.widget.choices = [
            ("", "— Không có (tiêu chí cấp 1) —"),
            *_grouped_criterion_choices(movement, exclude=criterion, area_pk=area_pk),
        ]
        if parent_options_url:
            area_field.widget.attrs.update(
                {
                    "hx-get": parent_options_url,
                    "hx-trigger": "change",
                    "hx-target": "next select",
                    "hx-swap": "outerHTML",
                }
            )

    def to_data(self) -> CriterionData:
        data = self.cleaned_data
        return CriterionData(
            area=data["area"],
            parent=data.get("parent"),
            code=data["code"],
            name=data["name"],
            max_points=data["max_points"],
            weight=data["weight"] if data.get("weight") is not None else Decimal(1),
            order=data.get("order") or 0,
            description=data.get("description") or "",
        )


class IndicatorForm(BootstrapFormMixin, forms.Form):
    criterion = forms.ModelChoiceField(
        label="Thuộc tiêu chí",
        queryset=Criterion.objects.none(),
        error_messages={
            "required": "Hãy chọn tiêu chí.",
            "invalid_choice": "Tiêu chí không thuộc phong trào này.",
        },
    )
    code = forms.CharField(
        label="Mã chỉ tiêu",
        max_length=32,
        help_text="Chữ in hoa không dấu, chữ số, dấu gạch dưới; bắt đầu bằng chữ cái (ví dụ "
        "TY_LE_DVC_TT). Công thức tham chiếu chỉ tiêu bằng mã này.",
    )
    name = forms.CharField(label="Tên chỉ tiêu", max_length=300)
    value_type = forms.ChoiceField(label="Kiểu giá trị", choices=ValueType.choices)
    unit_label = forms.CharField(
        label="Đơn vị tính", max_length=40, required=False, help_text="Ví dụ: %, người, lượt, vụ."
    )
    direction = forms.ChoiceField(
        label="Chiều đánh giá", choices=Direction.choices, initial=Direction.HIGHER_IS_BETTER
    )
    aggregation = forms.ChoiceField(
        label="Cách tổng hợp lên đơn vị cấp trên",
        choices=Aggregation.choices,
        initial=Aggregation.SUM,
        widget=forms.RadioSelect,
    )
    min_value = NumberField(label="Giá trị nhỏ nhất", help_text="Tỉ lệ % để trống được hiểu là 0.")
    max_value = NumberField(
        label="Giá trị lớn nhất", help_text="Tỉ lệ % để trống được hiểu là 100."
    )
    evidence_required = forms.BooleanField(label="Bắt buộc nộp minh chứng", required=False)
    evidence_note = forms.CharField(
        label="Minh chứng cần nộp",
        max_length=300,
        required=False,
        help_text="Ví dụ: quyết định, báo cáo, ảnh chụp màn hình hệ thống.",
    )
    formula = forms.CharField(
        label="Công thức",
        required=False,
        max_length=formulas.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "class": "font-monospace", "spellcheck": "false"}),
        help_text="Để trống nếu đơn vị nhập số liệu. Nếu chỉ tiêu được tính: dùng mã các chỉ "
        "tiêu khác, + − × ÷ (hoặc * /), ngoặc, min(…), max(…), abs(…), round(x; n), "
        "if(điều kiện; a; b). Ví dụ: DVC_TOAN_TRINH / TONG_TTHC * 100.",
    )
    order = forms.IntegerField(
        label="Thứ tự", min_value=0, max_value=32_767, initial=0, required=False
    )

    def __init__(
        self,
        *args: Any,
        movement: Movement,
        indicator: Indicator | None = None,
        **kwargs: Any,
    ) -> None:
        if indicator is not None:
            kwargs.setdefault(
                "initial",
                {
                    "criterion": indicator.criterion_id,
                    "code": indicator.code,
                    "name": indicator.name,
                    "value_type": indicator.value_type,
                    "unit_label": indicator.unit_label,
                    "direction": indicator.direction,
                    "aggregation": indicator.aggregation,
                    "min_value": indicator.min_value,
                    "max_value": indicator.max_value,
                    "evidence_required": indicator.evidence_required,
                    "evidence_note": indicator.evidence_note,
                    "formula": indicator.formula,
                    "order": indicator.order,
                },
            )
        super().__init__(*args, **kwargs)
        criterion_field: Any = self.fields["criterion"]
        criterion_field.queryset = Criterion.objects.filter(movement=movement)
        criterion_field.widget.choices = [
            ("", "— Chọn tiêu chí —"),
            *_grouped_criterion_choices(movement),
        ]

    def aggregation_options(self) -> list[tuple[str, str, str, bool]]:
        """(value, label, explanation, checked) of each aggregation, for the radio list."""
        current = str(self["aggregation"].value() or Aggregation.SUM)
        return [
            (value, str(label), AGGREGATION_HELP[value], value == current)
            for value, label in Aggregation.choices
        ]

    def to_data(self) -> IndicatorData:
        data = self.cleaned_data
        return IndicatorData(
            criterion=data["criterion"],
            code=data["code"],
            name=data["name"],
            value_type=data["value_type"],
            unit_label=data.get("unit_label") or "",
            direction=data["direction"],
            aggregation=data["aggregation"],
            formula=data.get("formula") or "",
            evidence_required=bool(data.get("evidence_required")),
            evidence_note=data.get("evidence_note") or "",
            min_value=data.get("min_value"),
            max_value=data.get("max_value"),
            order=data.get("order") or 0,
        )


def year_field_name(year: int) -> str:
    return f"nam_{year}"


class YearlyTargetsForm(BootstrapFormMixin, forms.Form):
    """One field per year of the movement (blank clears that year's target)."""

    def __init__(
        self,
        *args: Any,
        indicator: Indicator,
        years: list[int],
        current: dict[int, Decimal],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {year_field_name(y): v for y, v in current.items()})
        super().__init__(*args, **kwargs)
        self.years = years
        suffix = f" ({indicator.unit_label})" if indicator.unit_label else ""
        for year in years:
            field = NumberField(label=f"Năm {year}{suffix}")
            field.widget.attrs["class"] = "form-control text-end"
            self.fields[year_field_name(year)] = field

    def year_fields(self) -> list[tuple[int, forms.BoundField]]:
        return [(year, self[year_field_name(year)]) for year in self.years]

    def values(self) -> dict[int, Decimal | None]:
        return {year: self.cleaned_data.get(year_field_name(year)) for year in self.years}


class DeleteForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do xóa",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ghi vào nhật ký thao tác.",
    )


def sample_values(data: Any, codes: list[str]) -> tuple[dict[str, Decimal | None], dict[str, str]]:
    """The sample values typed for a formula trial (fields `mau_<CODE>`), and the codes whose
    value could not be read, with the message to show."""
    values: dict[str, Decimal | None] = {}
    errors: dict[str, str] = {}
    for code in codes:
        raw = str(data.get(f"mau_{code}", "") or "")
        try:
            values[code] = parse_number(raw[:40])
        except ValueError:
            values[code] = None
            errors[code] = NUMBER_ERROR
    return values, errors
