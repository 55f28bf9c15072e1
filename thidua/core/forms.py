from typing import Any

from django import forms

from thidua.core.models import AuditAction
from thidua.core.selectors import AuditFilter, audit_target_types

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATE_ERROR = "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2026."


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR},
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


class AuditFilterForm(forms.Form):
    """Filters of the audit trail page and its Excel export (same parameters)."""

    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    action = forms.ChoiceField(
        label="Thao tác", required=False, choices=[("", "Tất cả"), *AuditAction.choices]
    )
    target_type = forms.ChoiceField(label="Loại đối tượng", required=False)
    actor = forms.CharField(label="Người thực hiện", required=False, max_length=150)
    date_from = _date_field("Từ ngày")
    date_to = _date_field("Đến ngày")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target_type"].choices = [("", "Tất cả"), *audit_target_types()]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
        return data

    def to_filter(self) -> AuditFilter:
        """The filter of the valid fields (an invalid one is ignored and shown with its error)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return AuditFilter(
            query=(data.get("q") or "").strip(),
            action=data.get("action") or "",
            target_type=data.get("target_type") or "",
            actor=(data.get("actor") or "").strip(),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
