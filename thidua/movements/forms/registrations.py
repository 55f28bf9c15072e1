"""Forms of the targets, registration and pledge pages. They read what was typed; the services
decide what is allowed (their DomainErrors are shown at the field they name)."""

from collections.abc import Sequence
from typing import Any

from django import forms

from thidua.movements.enums import COLLECTIVE_TITLES, INDIVIDUAL_TITLES, EmulationTitle
from thidua.movements.models import Indicator
from thidua.movements.selectors.registrations import TargetCell
from thidua.organizations.forms.imports import ImportUploadForm
from thidua.organizations.forms.widgets import BootstrapFormMixin, date_field
from thidua.organizations.models import Unit

_LABELS = dict(EmulationTitle.choices)
COLLECTIVE_CHOICES = [("", "— Chưa chọn —"), *[(t.value, _LABELS[t]) for t in COLLECTIVE_TITLES]]
INDIVIDUAL_CHOICES = [
    ("", "— Chọn danh hiệu —"),
    *[(t.value, _LABELS[t]) for t in INDIVIDUAL_TITLES],
]

__all__ = ["ImportUploadForm"]


def _reason_field(*, required: bool, label: str = "Lý do", help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=help_text,
        error_messages={"required": "Hãy nêu lý do trả lại để đơn vị, cá nhân biết cần sửa gì."},
    )


class UnitTargetsForm(BootstrapFormMixin, forms.Form):
    """One text field per numeric indicator (`value_<id>`), read by the service as a number."""

    note = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=500,
        help_text="Ghi chú kèm các chỉ tiêu thay đổi lần này (ví dụ căn cứ đề xuất).",
    )

    def __init__(self, *args: Any, cells: Sequence[TargetCell], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.cells = list(cells)
        for cell in self.cells:
            current = cell.target.value if cell.target is not None else None
            field = forms.CharField(
                label=f"{cell.indicator.code}. {cell.indicator.name}",
                required=False,
                max_length=40,
                initial=_plain(current),
                widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
            )
            field.widget.attrs["class"] = "form-control form-control-sm td-target-input"
            self.fields[self.field_name(cell.indicator)] = field

    @staticmethod
    def field_name(indicator: Indicator) -> str:
        return f"value_{indicator.pk}"

    def rows(self) -> list[tuple[TargetCell, forms.BoundField]]:
        return [(cell, self[self.field_name(cell.indicator)]) for cell in self.cells]


def _plain(value: Any) -> str:
    """A stored Decimal as the user would type it: "85,5", "120" (no trailing zeros)."""
    if value is None:
        return ""
    text = f"{value.normalize():f}" if value != value.to_integral() else str(int(value))
    return text.replace(".", ",")


class ReturnForm(BootstrapFormMixin, forms.Form):
    reason = _reason_field(required=True, label="Lý do trả lại")


class RoundForm(BootstrapFormMixin, forms.Form):
    opens_on = date_field("Mở đăng ký từ ngày", required=True)
    deadline = date_field(
        "Hạn đăng ký",
        required=True,
        help_text="Sau ngày này đơn vị, cá nhân không gửi được đăng ký mới (trừ khi được gia hạn).",
    )
    reason = _reason_field(required=False, label="Ghi chú thay đổi")


class ExtensionForm(BootstrapFormMixin, forms.Form):
    until = date_field("Gia hạn đến ngày", required=True)
    reason = _reason_field(required=False, label="Lý do gia hạn")


class UnitRegistrationForm(BootstrapFormMixin, forms.Form):
    collective_title = forms.ChoiceField(
        label="Danh hiệu tập thể đăng ký",
        choices=COLLECTIVE_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Hãy chọn một danh hiệu tập thể trong danh sách."},
    )
    commitments = forms.CharField(
        label="Nội dung đăng ký, cam kết",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Các mục tiêu, chỉ tiêu, giải pháp đơn vị cam kết thực hiện trong năm.",
    )

    def __init__(self, *args: Any, counts_computed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.counts_computed = counts_computed
        for title in INDIVIDUAL_TITLES:
            field = forms.IntegerField(
                label=f"Số người đăng ký “{_LABELS[title]}”",
                required=False,
                min_value=0,
                max_value=100_000,
                disabled=counts_computed,
                error_messages={
                    "invalid": "Hãy nhập một số nguyên.",
                    "min_value": "Không được là số âm.",
                    "max_value": "Tối đa 100.000.",
                },
            )
            field.widget.attrs["class"] = "form-control"
            self.fields[f"count_{title.value}"] = field

    def count_fields(self) -> list[forms.BoundField]:
        return [self[f"count_{title.value}"] for title in INDIVIDUAL_TITLES]

    def counts(self) -> dict[str, int]:
        return {
            title.value: self.cleaned_data.get(f"count_{title.value}") or 0
            for title in INDIVIDUAL_TITLES
        }


class PersonalRegistrationForm(BootstrapFormMixin, forms.Form):
    title = forms.ChoiceField(
        label="Danh hiệu đăng ký",
        choices=INDIVIDUAL_CHOICES,
        required=False,
        error_messages={"invalid_choice": "Hãy chọn một danh hiệu cá nhân trong danh sách."},
    )
    commitments = forms.CharField(
        label="Nội dung cam kết",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Những việc bạn cam kết thực hiện trong năm để đạt danh hiệu đã chọn.",
    )


class PersonalDecisionForm(forms.Form):
    """The head's decision on the registrations ticked in the list."""

    action = forms.ChoiceField(choices=[("approve", "Duyệt"), ("return", "Trả lại")])
    reason = forms.CharField(required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Any id may be sent; the view looks them up within the user's scope (404 otherwise).
        sent = self.data.getlist("ids") if hasattr(self.data, "getlist") else []
        self.ids = {int(value) for value in sent if str(value).isdigit()}


class PledgeForm(BootstrapFormMixin, forms.Form):
    """The pledge with one signer name and position per member unit of the cluster."""

    title = forms.CharField(
        label="Tiêu đề giao ước",
        max_length=300,
        error_messages={"required": "Hãy nhập tiêu đề giao ước."},
    )
    signed_on = date_field("Ngày ký", required=True)
    place = forms.CharField(label="Địa điểm ký", max_length=200, required=False)
    content = forms.CharField(
        label="Nội dung giao ước",
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        error_messages={"required": "Hãy nhập nội dung giao ước."},
    )
    reason = _reason_field(required=False, label="Ghi chú thay đổi")

    def __init__(self, *args: Any, members: Sequence[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for unit in self.members:
            for name, label in (("signer_name", "Người ký"), ("signer_position", "Chức vụ")):
                signer = forms.CharField(
                    label=f"{label} — {unit.name}", max_length=150, required=False
                )
                signer.widget.attrs["class"] = "form-control form-control-sm"
                self.fields[f"{name}_{unit.pk}"] = signer

    def signatory_rows(self) -> list[tuple[Unit, forms.BoundField, forms.BoundField]]:
        return [
            (unit, self[f"signer_name_{unit.pk}"], self[f"signer_position_{unit.pk}"])
            for unit in self.members
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for unit in self.members:
            name = (data.get(f"signer_name_{unit.pk}") or "").strip()
            position = (data.get(f"signer_position_{unit.pk}") or "").strip()
            if name and not position:
                self.add_error(f"signer_position_{unit.pk}", "Hãy ghi chức vụ người ký.")
            if position and not name:
                self.add_error(f"signer_name_{unit.pk}", "Hãy ghi tên người ký.")
        return data
