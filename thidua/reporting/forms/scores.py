"""Forms of the score pages: the appraisal of a criterion (points and reason), withdrawing it,
and the year of a recomputation. They read what was typed; the services decide what is allowed
(their DomainErrors are shown at the field they name)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from thidua.movements.forms.scoring import NUMBER_ERROR, parse_number
from thidua.organizations.forms.widgets import BootstrapFormMixin
from thidua.reporting.services.scores import MAX_REASON


class PointsField(forms.CharField):
    """Points typed the Vietnamese way ("12,5") or with a dot ("12.5")."""

    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        text = super().to_python(value)
        try:
            return parse_number(text or "")
        except ValueError as error:
            raise ValidationError(NUMBER_ERROR, code="invalid") from error


class AppraisalForm(BootstrapFormMixin, forms.Form):
    points = PointsField(
        label="Điểm thẩm định",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"required": "Hãy nhập điểm thẩm định."},
    )
    reason = forms.CharField(
        label="Lý do điều chỉnh",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Hãy ghi lý do điều chỉnh điểm.",
            "max_length": f"Lý do dài quá {MAX_REASON} ký tự.",
        },
    )


class ClearAppraisalForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do bỏ điều chỉnh",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy ghi lý do bỏ điều chỉnh điểm."},
    )


class RecomputeForm(BootstrapFormMixin, forms.Form):
    year = forms.TypedChoiceField(label="Năm", coerce=int, choices=())

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]
