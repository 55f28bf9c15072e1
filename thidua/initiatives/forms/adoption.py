"""Forms of nhân rộng: the adopting unit, the date, what was done, and the indicators before and
after, with numbers typed Vietnamese-style ("1.234,5")."""

import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.db.models import QuerySet

from thidua.initiatives.services.adoption import MAX_DESCRIPTION, IndicatorInput
from thidua.organizations.forms.widgets import BootstrapFormMixin, date_field
from thidua.organizations.models import Unit

_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+$")
_PLAIN = re.compile(r"^[+-]?\d+(\.\d+)?$")
NUMBER_HELP = "Viết số theo kiểu Việt Nam: 1.234,5 (dấu chấm ngăn hàng nghìn, dấu phẩy thập phân)."


def parse_vn_number(text: str) -> Decimal | None:
    """A number typed the Vietnamese way; None for a blank, ValueError for anything else.

    "1.234,5" → 1234.5; "12,5" → 12.5; "1.234.567" and "1.234" → thousands grouped (1234567,
    1234); "12.5" (a point not followed by groups of three) → 12.5.
    """
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if not cleaned:
        return None
    if "," in cleaned:
        whole, _, fraction = cleaned.partition(",")
        if "," in fraction or ("." in whole and not _GROUPED.match(whole)):
            raise ValueError(text)
        cleaned = whole.replace(".", "") + "." + fraction
    elif _GROUPED.match(cleaned):
        cleaned = cleaned.replace(".", "")
    if not _PLAIN.match(cleaned):
        raise ValueError(text)
    try:
        return Decimal(cleaned)
    except InvalidOperation:  # pragma: no cover - the patterns above only let numbers through
        raise ValueError(text) from None


class VietnameseNumberField(forms.CharField):
    """A decimal typed Vietnamese-style (see parse_vn_number)."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value) or ""
        try:
            return parse_vn_number(text)
        except ValueError:
            raise forms.ValidationError(
                f"“{text}” không phải là một số (ví dụ đúng: 45 hoặc 1.234,5).", code="invalid"
            ) from None


class AdoptionForm(BootstrapFormMixin, forms.Form):
    unit = forms.ModelChoiceField(
        label="Đơn vị áp dụng",
        queryset=Unit.objects.none(),
        error_messages={
            "required": "Hãy chọn đơn vị áp dụng.",
            "invalid_choice": "Bạn không ghi nhận nhân rộng được cho đơn vị này.",
        },
    )
    adopted_on = date_field("Áp dụng từ ngày", required=True)
    description = forms.CharField(
        label="Cách áp dụng, kết quả",
        required=False,
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        field.queryset = units
        if units.count() == 1:
            field.initial = units.first()


class IndicatorForm(BootstrapFormMixin, forms.Form):
    """One row: an indicator the adoption moved. A row left wholly blank is skipped."""

    name = forms.CharField(label="Chỉ số", max_length=255, required=False)
    measure_unit = forms.CharField(label="Đơn vị tính", max_length=50, required=False)
    before = VietnameseNumberField(label="Trước khi áp dụng", required=False)
    after = VietnameseNumberField(label="Sau khi áp dụng", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        filled = [
            data.get(k) not in (None, "") for k in ("name", "measure_unit", "before", "after")
        ]
        if any(filled) and not self.errors:
            if not data.get("name"):
                self.add_error("name", "Hãy nhập tên chỉ số.")
            for key, label in (("before", "trước"), ("after", "sau")):
                if data.get(key) is None:
                    self.add_error(key, f"Hãy nhập giá trị {label} khi áp dụng.")
        return data

    def row(self) -> IndicatorInput | None:
        data = self.cleaned_data
        if not data.get("name") and data.get("before") is None and data.get("after") is None:
            return None
        return IndicatorInput(
            name=data["name"],
            measure_unit=data.get("measure_unit") or "",
            before=data["before"],
            after=data["after"],
        )


IndicatorFormSet = forms.formset_factory(IndicatorForm, extra=4, max_num=30, absolute_max=30)
