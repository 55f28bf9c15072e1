"""Forms of the inputs: one per kind, each turning its cleaned data into the service's data."""

import datetime as dt
from typing import Any

from django import forms

from thidua.awards.enums import DisciplineForm, HoldKind, Rating, ResearchLevel
from thidua.awards.services.inputs import (
    AwardData,
    DisciplineData,
    HoldData,
    InputData,
    MaternityData,
    RatingData,
    ResearchData,
)

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATE_ERROR = "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/03/2026."


def date_field(label: str, *, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        error_messages={"invalid": DATE_ERROR, "required": "Hãy nhập ngày."},
        widget=forms.DateInput(
            format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "class": "form-control"}
        ),
    )


def year_field() -> forms.IntegerField:
    return forms.IntegerField(
        label="Năm",
        min_value=1990,
        max_value=2100,
        error_messages={"required": "Hãy nhập năm.", "invalid": "Năm phải là số."},
        widget=forms.NumberInput(attrs={"class": "form-control"}),
    )


def _select(choices: Any, label: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label, choices=choices, widget=forms.Select(attrs={"class": "form-select"})
    )


def _text(label: str, max_length: int, *, required: bool = False) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        required=required,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )


class InputForm(forms.Form):
    title = ""

    def to_data(self) -> InputData:
        raise NotImplementedError


class RatingForm(InputForm):
    title = "Xếp loại mức độ hoàn thành nhiệm vụ"
    year = year_field()
    rating = _select(Rating.choices, "Mức xếp loại")
    note = _text("Ghi chú", 255)

    def to_data(self) -> InputData:
        d = self.cleaned_data
        return RatingData(year=d["year"], rating=d["rating"], note=d["note"])


class AwardForm(InputForm):
    title = "Danh hiệu, hình thức khen thưởng đã đạt"
    award_code = _select([], "Danh hiệu, hình thức")
    year = year_field()
    decision_number = _text("Số quyết định", 64)
    decision_date = date_field("Ngày quyết định", required=False)
    issuer = _text("Cấp quyết định", 255)
    thematic = forms.BooleanField(
        label="Khen thưởng theo chuyên đề (không tính vào chuỗi năm liên tục)",
        required=False,
        widget=forms.CheckboxInput(attrs={"class": "form-check-input"}),
    )

    def __init__(self, *args: Any, award_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_code"].choices = award_choices  # type: ignore[attr-defined]

    def to_data(self) -> InputData:
        d = self.cleaned_data
        return AwardData(
            award_code=d["award_code"],
            year=d["year"],
            decision_number=d["decision_number"],
            decision_date=d["decision_date"],
            issuer=d["issuer"],
            thematic=d["thematic"],
        )


class ResearchForm(InputForm):
    title = "Đề tài, đề án khoa học đã nghiệm thu"
    title_text = _text("Tên đề tài, đề án", 300, required=True)
    level = _select(ResearchLevel.choices, "Cấp")
    year = year_field()
    decision_number = _text("Số quyết định nghiệm thu", 64)

    def to_data(self) -> InputData:
        d = self.cleaned_data
        return ResearchData(
            title=d["title_text"],
            level=d["level"],
            year=d["year"],
            decision_number=d["decision_number"],
        )


class DisciplineRecordForm(InputForm):
    title = "Kỷ luật"
    form = _select(DisciplineForm.choices, "Hình thức kỷ luật")
    start = date_field("Từ ngày")
    end = date_field("Đến ngày", required=False)
    decision_number = _text("Số quyết định", 64)

    def to_data(self) -> InputData:
        d = self.cleaned_data
        return DisciplineData(
            form=d["form"], start=d["start"], end=d["end"], decision_number=d["decision_number"]
        )


class HoldForm(InputForm):
    title = "Đang thanh tra, điều tra, giải quyết khiếu nại"
    kind = _select(HoldKind.choices, "Loại")
    start = date_field("Từ ngày")
    end = date_field("Đến ngày (để trống nếu chưa kết thúc)", required=False)
    note = _text("Ghi chú", 255)

    def to_data(self) -> InputData:
        d = self.cleaned_data
        return HoldData(kind=d["kind"], start=d["start"], end=d["end"], note=d["note"])


class MaternityForm(InputForm):
    title = "Nghỉ thai sản"
    start = date_field("Từ ngày")
    end = date_field("Đến ngày")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date) and end < start:
            self.add_error("end", "Ngày kết thúc phải từ ngày bắt đầu trở đi.")
        return data

    def to_data(self) -> InputData:
        d = self.cleaned_data
        return MaternityData(start=d["start"], end=d["end"])


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label="Lý do hủy bỏ",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": "Hãy ghi lý do hủy bỏ."},
    )


def initial_of(row: Any, form_class: type[InputForm]) -> dict[str, Any]:
    """A stored row's values as the form's initial data."""
    names = list(form_class.base_fields)
    initial = {name: getattr(row, name) for name in names if hasattr(row, name)}
    if form_class is ResearchForm:
        initial["title_text"] = row.title
    return initial
