"""Forms of the scoring table pages: table, version, lock, a rule with its parameters per
method (bands as rows), title bands as rows.

Numbers are typed as Vietnamese users write them ("12,5", "1.234,5") or with a decimal dot
("12.5"); a single dot is a decimal point. Users never see the JSON of a rule: each method has
its own fields, turned into the stored parameters by `RuleForm.params`.
"""

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thidua.movements.enums import Direction, ScoringMethod
from thidua.movements.models import Indicator, ScoringTable, ScoringVersion
from thidua.movements.services.scoring import METHODS_BY_VALUE_TYPE
from thidua.organizations.forms.widgets import BootstrapFormMixin, date_field

NUMBER_ERROR = "Hãy nhập một số, ví dụ 12,5."


def parse_number(text: str) -> Decimal | None:
    """A number typed by a user, or None for an empty field; ValueError when it is none.

    "1.234,5" and "12,5" use the Vietnamese decimal comma (dots group thousands), "12.5" a
    decimal dot; "1.234.567" (several dots) groups thousands.
    """
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        return None
    if "," in raw:
        if raw.count(",") > 1:
            raise ValueError(raw)
        raw = raw.replace(".", "").replace(",", ".")
    elif raw.count(".") > 1:
        raw = raw.replace(".", "")
    try:
        number = Decimal(raw)
    except InvalidOperation as error:
        raise ValueError(raw) from error
    if not number.is_finite() or "e" in raw.lower():
        raise ValueError(raw)
    return number


def show_number(value: Any) -> str:
    """A number as it is shown in a field: "12,5", "90" (no thousands grouping)."""
    if value is None or value == "":
        return ""
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    text = format(number, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


class NumberInput(forms.TextInput):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs={"inputmode": "decimal", "autocomplete": "off", **(attrs or {})})

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Decimal | int | float):
            return show_number(value)
        formatted: str | None = super().format_value(value)
        return formatted


class NumberField(forms.Field):
    """A decimal typed Vietnamese-style or with a dot (see `parse_number`)."""

    widget = NumberInput
    default_error_messages = {"invalid": NUMBER_ERROR}

    def to_python(self, value: Any) -> Decimal | None:
        if value is None or isinstance(value, Decimal):
            return value
        try:
            return parse_number(str(value))
        except ValueError as error:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from error


def _reason_field(label: str = "Lý do", *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Ghi vào nhật ký thao tác.",
        error_messages={"required": f"Hãy ghi {label.lower()}."},
    )


class TableForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="Tên bảng điểm",
        max_length=200,
        error_messages={"required": "Hãy nhập tên bảng điểm."},
        help_text="Ví dụ: Bảng chấm điểm chuyển đổi số 2026.",
    )
    total_points = NumberField(
        label="Tổng điểm",
        error_messages={"required": "Hãy nhập tổng điểm."},
        help_text="Thang điểm của bảng (thường là 100); điểm thưởng được cộng thêm ngoài thang.",
    )


class TableCreateForm(TableForm):
    effective_from = date_field(
        "Phiên bản 1 áp dụng từ ngày",
        required=True,
        help_text="Để trống là ngày bắt đầu của phong trào.",
    )
    note = forms.CharField(
        label="Ghi chú", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["effective_from"].required = False


class TableEditForm(TableForm):
    reason = _reason_field()


class VersionCreateForm(BootstrapFormMixin, forms.Form):
    effective_from = date_field(
        "Áp dụng từ ngày",
        required=True,
        help_text="Phải sau ngày áp dụng của mọi phiên bản đã có. Báo cáo đã chấm giữ nguyên điểm.",
    )
    copy_from = forms.ModelChoiceField(
        label="Sao chép quy tắc và mức xếp loại từ",
        queryset=ScoringVersion.objects.none(),
        required=False,
        empty_label="Phiên bản mới nhất",
        error_messages={"invalid_choice": "Phiên bản không thuộc bảng điểm này."},
    )
    note = forms.CharField(
        label="Ghi chú thay đổi",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Vì sao cần phiên bản mới; ghi vào nhật ký thao tác.",
    )

    def __init__(self, *args: Any, table: ScoringTable, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["copy_from"]
        field.queryset = ScoringVersion.objects.filter(table=table).order_by("-effective_from")
        field.label_from_instance = lambda v: (
            f"Phiên bản {v.number} (từ {v.effective_from:%d/%m/%Y})"
        )


class VersionEditForm(BootstrapFormMixin, forms.Form):
    effective_from = date_field("Áp dụng từ ngày", required=True)
    note = forms.CharField(
        label="Ghi chú thay đổi",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reason = _reason_field()


class LockForm(BootstrapFormMixin, forms.Form):
    reason = _reason_field("Lý do khóa", required=True)


# --- A rule: method, maximum and the parameters of its method ------------------------------


class BandRowForm(BootstrapFormMixin, forms.Form):
    """One band "từ – đến → điểm"; a row left entirely empty is ignored."""

    low = NumberField(label="Từ", required=False, widget=NumberInput({"class": "form-control-sm"}))
    high = NumberField(
        label="Đến (không gồm)", required=False, widget=NumberInput({"class": "form-control-sm"})
    )
    points = NumberField(
        label="Điểm", required=False, widget=NumberInput({"class": "form-control-sm"})
    )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return all(data.get(name) is None for name in ("low", "high", "points"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors and not self.is_blank() and data.get("points") is None:
            self.add_error("points", "Hãy nhập điểm của khoảng.")
        return data


BandRowFormSet = forms.formset_factory(
    BandRowForm, extra=0, max_num=50, absolute_max=50, validate_max=True
)


def band_rows(params: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The initial rows of the band formset from stored parameters."""
    bands = (params or {}).get("bands") or []
    return [
        {
            "low": show_number(b.get("from")),
            "high": show_number(b.get("to")),
            "points": show_number(b.get("points")),
        }
        for b in bands
        if isinstance(b, dict)
    ]


class RuleForm(BootstrapFormMixin, forms.Form):
    method = forms.ChoiceField(
        label="Cách tính điểm", choices=(), error_messages={"required": "Hãy chọn cách tính điểm."}
    )
    max_points = NumberField(
        label="Điểm tối đa", error_messages={"required": "Hãy nhập điểm tối đa."}
    )
    cap_ratio = NumberField(
        label="Hệ số trần",
        required=False,
        help_text=(
            "Đạt bao nhiêu lần chỉ tiêu thì được đủ điểm tối đa: 1 là đạt 100% chỉ tiêu được "
            "đủ điểm; 1,2 là phải đạt 120%."
        ),
    )
    per_unit = NumberField(
        label="Số điểm cho mỗi đơn vị",
        required=False,
        help_text="Ví dụ: mỗi Bằng khen cộng 2 điểm, mỗi sự cố trừ 5 điểm; không vượt điểm tối đa.",
    )
    reason = _reason_field()

    def __init__(self, *args: Any, indicator: Indicator, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        allowed = METHODS_BY_VALUE_TYPE.get(indicator.value_type, frozenset())
        field: Any = self.fields["method"]
        field.choices = [(v, label) for v, label in ScoringMethod.choices if v in allowed]
        field.widget.choices = field.choices

    @property
    def chosen_method(self) -> str:
        """The method the form shows: the submitted one, else the initial, else the first."""
        value = self.data.get(self.add_prefix("method")) if self.is_bound else None
        value = value or self.initial.get("method") or self.fields["method"].initial
        allowed = [v for v, _label in self.fields["method"].choices]  # type: ignore[attr-defined]
        return value if value in allowed else (allowed[0] if allowed else "")

    def params(self, bands: Any) -> dict[str, Any]:
        """The parameters of the chosen method from the valid fields (and band rows)."""
        method = self.cleaned_data["method"]
        if method == ScoringMethod.BANDS:
            rows = [row for row in bands.forms if not row.is_blank()]
            return {
                "bands": [
                    {
                        "from": _plain(row.cleaned_data["low"]),
                        "to": _plain(row.cleaned_data["high"]),
                        "points": _plain(row.cleaned_data["points"]),
                    }
                    for row in rows
                ]
            }
        if method == ScoringMethod.LINEAR:
            cap = self.cleaned_data.get("cap_ratio")
            return {"cap_ratio": _plain(cap if cap is not None else Decimal(1))}
        if method in (ScoringMethod.BONUS, ScoringMethod.PENALTY):
            return {"per_unit": _plain(self.cleaned_data.get("per_unit"))}
        return {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("method")
        needs_per_unit = method in (ScoringMethod.BONUS, ScoringMethod.PENALTY)
        if needs_per_unit and data.get("per_unit") is None and "per_unit" not in self.errors:
            self.add_error("per_unit", "Hãy nhập số điểm cho mỗi đơn vị.")
        return data

    @property
    def direction_hint(self) -> str:
        if self.indicator.direction == Direction.LOWER_IS_BETTER:
            return "Chỉ tiêu càng thấp càng tốt: điểm các khoảng phải giảm dần theo giá trị."
        return "Chỉ tiêu càng cao càng tốt: điểm các khoảng phải tăng dần theo giá trị."


def _plain(value: Decimal | None) -> str | None:
    """A number as the pure scoring module reads it ("12.5"), None for an empty field."""
    if value is None:
        return None
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


# --- Title bands -----------------------------------------------------------------------------


class TitleBandRowForm(BootstrapFormMixin, forms.Form):
    min_total = NumberField(label="Từ điểm", required=False)
    label = forms.CharField(label="Xếp loại", required=False, max_length=100)

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return data.get("min_total") is None and not (data.get("label") or "").strip()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors or self.is_blank():
            return data
        if data.get("min_total") is None:
            self.add_error("min_total", "Hãy nhập ngưỡng điểm.")
        if not (data.get("label") or "").strip():
            self.add_error("label", "Hãy nhập tên mức xếp loại.")
        return data


TitleBandFormSet = forms.formset_factory(
    TitleBandRowForm, extra=0, max_num=20, absolute_max=20, validate_max=True
)


class TitleBandsForm(BootstrapFormMixin, forms.Form):
    reason = _reason_field()
