"""Forms of the approval pages: the reason of a return or a revocation, the queue's filters, an
exception after the lock date. They read what was typed; the services decide what is allowed
(their DomainErrors are shown at the field they name)."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from thidua.movements.models import Movement, Period
from thidua.organizations.forms.widgets import BootstrapFormMixin, date_field
from thidua.organizations.models import Unit
from thidua.reporting.selectors.workflow import QUEUE_STATUSES

MAX_REASON = 2000


class ReasonForm(BootstrapFormMixin, forms.Form):
    """Return or revoke: a reason is required. `revision` is the report's revision the page
    showed, so a step taken meanwhile by someone else is told, not overridden."""

    reason = forms.CharField(
        label="Lý do",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Hãy nêu lý do để đơn vị biết cần sửa gì.",
            "max_length": f"Lý do dài quá {MAX_REASON} ký tự.",
        },
    )
    revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, label: str = "Lý do", prefix: str = "", **kwargs: Any) -> None:
        super().__init__(*args, prefix=prefix or None, **kwargs)
        self.fields["reason"].label = label


def seen_revision(data: Any) -> int | None:
    """The revision a plain action form (submit, approve) carried, when it is a number."""
    value = str(data.get("revision") or "")
    return int(value) if value.isdigit() else None


class QueueFilterForm(BootstrapFormMixin, forms.Form):
    """Filters of the approval queue (GET): movement, period, status, unit search."""

    phong_trao = forms.ModelChoiceField(
        label="Phong trào", queryset=Movement.objects.none(), required=False, empty_label="Tất cả"
    )
    ky = forms.ModelChoiceField(
        label="Kỳ báo cáo", queryset=Period.objects.none(), required=False, empty_label="Tất cả"
    )
    trang_thai = forms.ChoiceField(label="Trạng thái", choices=QUEUE_STATUSES, required=False)
    q = forms.CharField(
        label="Tìm đơn vị",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "Mã hoặc tên đơn vị"}),
    )

    def __init__(
        self, *args: Any, movements: QuerySet[Movement], periods: QuerySet[Period], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        movement_field = self.fields["phong_trao"]
        period_field = self.fields["ky"]
        assert isinstance(movement_field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        assert isinstance(period_field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        movement_field.queryset = movements
        period_field.queryset = periods
        for name in ("phong_trao", "ky", "trang_thai"):
            self.fields[name].widget.attrs["data-autosubmit"] = ""

    def cleaned(self) -> dict[str, Any]:
        """The valid filters (an invalid one is ignored)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "movement": data.get("phong_trao"),
            "period": data.get("ky"),
            "status": data.get("trang_thai") or "",
            "query": (data.get("q") or "").strip(),
        }


class ExceptionForm(BootstrapFormMixin, forms.Form):
    """The department lets a unit enter a period after its lock date, until a day."""

    unit = forms.ModelChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.none(),
        empty_label="— Chọn đơn vị —",
        error_messages={
            "required": "Hãy chọn đơn vị.",
            "invalid_choice": "Hãy chọn một đơn vị trong danh sách.",
        },
    )
    until = date_field("Cho phép nhập, nộp đến ngày", required=True)
    reason = forms.CharField(
        label="Lý do gia hạn",
        max_length=MAX_REASON,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Hãy nêu lý do gia hạn."},
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        field.queryset = units
