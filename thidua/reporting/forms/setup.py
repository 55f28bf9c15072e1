"""Forms of the reporting setup page: how units report (kinds of period, jump warning,
reminders, tie-breaks) and which levels of the unit tree approve. They read what was typed; the
services decide what is allowed (their DomainErrors are shown at the field they name)."""

import re
from typing import Any

from django import forms

from thidua.movements.enums import PeriodKind
from thidua.movements.forms.criteria import NumberField
from thidua.organizations.forms.widgets import BootstrapFormMixin
from thidua.reporting.enums import TieBreak
from thidua.reporting.models import ReportingSetup
from thidua.reporting.selectors.monitoring import TreeDepth
from thidua.reporting.services.setup import LevelInput

TIE_BREAK_SLOTS = len(TieBreak.choices)
_NUMBERS = re.compile(r"[\s,;]+")


def parse_days(text: str) -> list[int]:
    """ "7, 1", "7 1" or "7;1" → [7, 1]; blank → []. Raises ValueError for anything else."""
    parts = [part for part in _NUMBERS.split(text.strip()) if part]
    if not all(part.isdigit() for part in parts):
        raise ValueError(text)
    return [int(part) for part in parts]


class DaysField(forms.CharField):
    """A list of whole numbers of days, typed "7, 1"; shown back the same way."""

    def to_python(self, value: Any) -> list[int]:  # type: ignore[override]
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        try:
            return parse_days(text)
        except ValueError as error:
            raise forms.ValidationError(
                "Hãy nhập các số ngày, cách nhau bởi dấu phẩy, ví dụ: 7, 1.", code="invalid"
            ) from error

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return ", ".join(str(day) for day in value)
        return value


class SetupForm(BootstrapFormMixin, forms.Form):
    """How units report: the settings of `ReportingSetup`."""

    reported_kinds = forms.MultipleChoiceField(
        label="Loại kỳ đơn vị phải báo cáo",
        choices=PeriodKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    jump_factor = NumberField(
        label="Cảnh báo khi số liệu thay đổi quá (lần) so với kỳ trước",
        required=True,
        max_digits=6,
        decimal_places=2,
        help_text="Ví dụ 3: số liệu gấp 3 lần hoặc chỉ bằng 1/3 kỳ trước thì đơn vị phải giải "
        "trình trước khi nộp.",
    )
    reminder_days = DaysField(
        label="Nhắc trước hạn nộp (số ngày)",
        required=False,
        max_length=100,
        help_text="Các số ngày trước hạn nộp gửi nhắc nhở, cách nhau bởi dấu phẩy (ví dụ 7, 1; "
        "0 là nhắc đúng ngày hạn nộp; để trống là không nhắc trước hạn).",
    )
    overdue_every_days = forms.IntegerField(
        label="Khi quá hạn, nhắc lại mỗi (ngày)",
        min_value=0,
        max_value=60,
        help_text="Đơn vị chưa nộp sau hạn được nhắc từ ngày đầu quá hạn, rồi cứ sau số ngày "
        "này, cho đến ngày khóa số liệu (0 là không nhắc quá hạn).",
        error_messages={
            "required": "Hãy nhập số ngày.",
            "invalid": "Hãy nhập một số nguyên.",
            "min_value": "Không được âm.",
            "max_value": "Tối đa 60 ngày.",
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "— Không dùng —"), *TieBreak.choices]
        for slot in range(1, TIE_BREAK_SLOTS + 1):
            self.fields[f"tie_break_{slot}"] = forms.ChoiceField(
                label=f"Thứ {slot}", choices=choices, required=False
            )
            self.fields[f"tie_break_{slot}"].widget.attrs["class"] = "form-select"

    @classmethod
    def initial_of(cls, setup: ReportingSetup) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "reported_kinds": list(setup.reported_kinds),
            "jump_factor": setup.jump_factor,
            "reminder_days": list(setup.reminder_days),
            "overdue_every_days": setup.overdue_every_days,
        }
        for slot, value in enumerate(setup.tie_breaks, start=1):
            initial[f"tie_break_{slot}"] = value
        return initial

    def tie_break_fields(self) -> list[forms.BoundField]:
        return [self[f"tie_break_{slot}"] for slot in range(1, TIE_BREAK_SLOTS + 1)]

    @property
    def tie_breaks(self) -> list[str]:
        """The chosen tie-breaks in order, blanks skipped (duplicates are the service's call)."""
        return [
            value
            for slot in range(1, TIE_BREAK_SLOTS + 1)
            if (value := self.cleaned_data.get(f"tie_break_{slot}"))
        ]


class LevelsForm(BootstrapFormMixin, forms.Form):
    """Which depths of the unit tree approve, one row per depth of the movement's tree (so a
    depth cannot be given twice), each with its name."""

    def __init__(self, *args: Any, depths: list[TreeDepth], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.depths = depths
        for depth in depths:
            self.fields[f"level_{depth.depth}_on"] = forms.BooleanField(
                label=f"Có cấp duyệt ở cấp {depth.depth}", required=False
            )
            self.fields[f"level_{depth.depth}_name"] = forms.CharField(
                label=f"Tên cấp duyệt ở cấp {depth.depth}", required=False, max_length=100
            )

    @classmethod
    def initial_of(cls, levels: dict[int, str]) -> dict[str, Any]:
        initial: dict[str, Any] = {}
        for depth, name in levels.items():
            initial[f"level_{depth}_on"] = True
            initial[f"level_{depth}_name"] = name
        return initial

    def rows(self) -> list[tuple[TreeDepth, forms.BoundField, forms.BoundField]]:
        return [
            (depth, self[f"level_{depth.depth}_on"], self[f"level_{depth.depth}_name"])
            for depth in self.depths
        ]

    def levels(self) -> list[LevelInput]:
        """The ticked depths with their names (a name typed without the tick is ignored)."""
        return [
            LevelInput(
                depth=depth.depth,
                name=self.cleaned_data.get(f"level_{depth.depth}_name") or depth.default_name,
            )
            for depth in self.depths
            if self.cleaned_data.get(f"level_{depth.depth}_on")
        ]
