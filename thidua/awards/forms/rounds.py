"""Forms of rounds, nominations, the dossier and disclosure feedback."""

from typing import Any

from django import forms

from thidua.awards.enums import AttachmentKind, RoundKind
from thidua.awards.forms.inputs import date_field
from thidua.awards.services.rounds import FEEDBACK_MAX, RoundData
from thidua.movements.models import Phase

TEXT = {"class": "form-control"}


class RoundForm(forms.Form):
    name = forms.CharField(label="Tên đợt xét", max_length=300, widget=forms.TextInput(TEXT))
    kind = forms.ChoiceField(
        label="Loại đợt", choices=RoundKind.choices, widget=forms.Select({"class": "form-select"})
    )
    phase = forms.ModelChoiceField(
        label="Giai đoạn phong trào (đợt theo chuyên đề)",
        queryset=Phase.objects.select_related("movement").order_by("review_date", "id"),
        required=False,
        widget=forms.Select({"class": "form-select"}),
    )
    year = forms.IntegerField(
        label="Năm xét", min_value=2000, max_value=2100, widget=forms.NumberInput(TEXT)
    )
    award_codes = forms.MultipleChoiceField(
        label="Danh hiệu, hình thức xét",
        choices=(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Chọn ít nhất một danh hiệu, hình thức khen thưởng."},
    )
    upward_codes = forms.MultipleChoiceField(
        label="Đề nghị cấp trên (danh hiệu, hình thức do cấp trên quyết định)",
        choices=(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Đánh dấu các danh hiệu, hình thức đơn vị tổ chức không có thẩm quyền quyết định "
            "(ví dụ “Chiến sĩ thi đua Thành phố”, Bằng khen của Chủ tịch UBND Thành phố): người "
            "đạt phiếu bầu được đưa vào tờ trình đề nghị cấp trên, không vào quyết định của đơn vị."
        ),
    )
    nomination_deadline = date_field("Hạn gửi đề nghị")
    disclosure_working_days = forms.IntegerField(
        label="Số ngày làm việc công khai",
        min_value=1,
        max_value=30,
        initial=5,
        widget=forms.NumberInput(TEXT),
    )
    disclosure_public = forms.BooleanField(
        label="Công khai danh sách trên trang công cộng (không cần đăng nhập)", required=False
    )
    note = forms.CharField(
        label="Ghi chú, căn cứ", required=False, widget=forms.Textarea({**TEXT, "rows": 3})
    )

    def __init__(self, *args: Any, award_choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["award_codes"].choices = award_choices  # type: ignore[attr-defined]
        self.fields["upward_codes"].choices = award_choices  # type: ignore[attr-defined]

    def data_object(self) -> RoundData:
        data = self.cleaned_data
        return RoundData(
            name=data["name"],
            kind=data["kind"],
            year=data["year"],
            award_codes=tuple(data["award_codes"]),
            upward_codes=tuple(data["upward_codes"]),
            nomination_deadline=data["nomination_deadline"],
            disclosure_working_days=data["disclosure_working_days"],
            disclosure_public=data["disclosure_public"],
            phase=data["phase"],
            note=data["note"],
        )


class AttachmentForm(forms.Form):
    kind = forms.ChoiceField(
        label="Loại hồ sơ",
        choices=AttachmentKind.choices,
        widget=forms.Select({"class": "form-select"}),
    )
    file = forms.FileField(label="Tệp (PDF, Word, Excel, ảnh)")
    description = forms.CharField(
        label="Mô tả", max_length=255, required=False, widget=forms.TextInput(TEXT)
    )
    votes_for = forms.IntegerField(
        label="Số phiếu đồng ý (biên bản bình xét)",
        min_value=0,
        required=False,
        widget=forms.NumberInput(TEXT),
    )
    votes_total = forms.IntegerField(
        label="Tổng số thành viên", min_value=1, required=False, widget=forms.NumberInput(TEXT)
    )


class FeedbackForm(forms.Form):
    text = forms.CharField(
        label="Nội dung ý kiến",
        max_length=FEEDBACK_MAX,
        widget=forms.Textarea({**TEXT, "rows": 4, "maxlength": str(FEEDBACK_MAX)}),
        error_messages={"required": "Nhập nội dung ý kiến."},
    )
    nomination = forms.TypedChoiceField(
        label="Về đề nghị", coerce=int, required=False, empty_value=None, choices=()
    )
    sender_name = forms.CharField(
        label="Họ và tên (không bắt buộc)",
        max_length=150,
        required=False,
        widget=forms.TextInput(TEXT),
    )
    sender_contact = forms.CharField(
        label="Điện thoại hoặc thư điện tử (không bắt buộc)",
        max_length=150,
        required=False,
        widget=forms.TextInput(TEXT),
    )

    def __init__(self, *args: Any, nominations: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["nomination"]
        field.choices = [("", "Cả danh sách"), *nominations]  # type: ignore[attr-defined]
        field.widget.attrs["class"] = "form-select"
