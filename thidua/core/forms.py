from django import forms

from thidua.core.models import AuditAction
from thidua.core.selectors import AuditFilter


class AuditFilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    action = forms.ChoiceField(
        label="Thao tác", required=False, choices=[("", "Tất cả"), *AuditAction.choices]
    )
    target_type = forms.CharField(label="Loại đối tượng", required=False, max_length=64)
    date_from = forms.DateField(label="Từ ngày", required=False)
    date_to = forms.DateField(label="Đến ngày", required=False)

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "“Đến ngày” phải sau hoặc bằng “Từ ngày”.")
        return data

    def to_filter(self) -> AuditFilter:
        data = self.cleaned_data if self.is_valid() else {}
        return AuditFilter(
            query=data.get("q", "") or "",
            action=data.get("action", "") or "",
            target_type=data.get("target_type", "") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
