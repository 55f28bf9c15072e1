"""Forms of the council pages: a council, a member, a session, a decision's review and a
recipient's revocation. The ballot itself is read from the POST by the view (one radio group
per agenda item), never bound to a stored choice."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from thidua.accounts.models import User
from thidua.awards.forms.inputs import date_field
from thidua.awards.models import AwardRound
from thidua.awards.models.councils import CouncilRole
from thidua.awards.models.decisions import RevocationGround
from thidua.organizations.models import Unit

TEXT = {"class": "form-control"}
SELECT = {"class": "form-select"}


class CouncilForm(forms.Form):
    unit = forms.ModelChoiceField(
        label="Đơn vị", queryset=Unit.objects.none(), widget=forms.Select(SELECT)
    )
    name = forms.CharField(label="Tên Hội đồng", max_length=255, widget=forms.TextInput(TEXT))
    decision_number = forms.CharField(
        label="Quyết định thành lập số",
        max_length=64,
        required=False,
        widget=forms.TextInput(TEXT | {"placeholder": "ví dụ 15/QĐ-BVA"}),
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = units


class _UserChoice(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.username})"


class MemberForm(forms.Form):
    user = _UserChoice(label="Người", queryset=User.objects.none(), widget=forms.Select(SELECT))
    role = forms.ChoiceField(
        label="Chức danh trong Hội đồng",
        choices=CouncilRole.choices,
        initial=CouncilRole.MEMBER,
        widget=forms.Select(SELECT),
    )

    def __init__(self, *args: Any, users: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = users


class SessionForm(forms.Form):
    round = forms.ModelChoiceField(
        label="Đợt xét (đã trình Hội đồng)",
        queryset=AwardRound.objects.none(),
        widget=forms.Select(SELECT),
        error_messages={"required": "Hãy chọn đợt xét."},
    )
    meeting_date = date_field("Ngày họp")
    place = forms.CharField(
        label="Địa điểm", max_length=255, required=False, widget=forms.TextInput(TEXT)
    )

    def __init__(self, *args: Any, rounds: QuerySet[AwardRound], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["round"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = rounds


class ReviewForm(forms.Form):
    note = forms.CharField(
        label="Ý kiến rà soát",
        required=False,
        max_length=2000,
        widget=forms.Textarea(TEXT | {"rows": 2}),
    )


class RevokeForm(forms.Form):
    ground = forms.ChoiceField(
        label="Căn cứ hủy bỏ (Luật Thi đua, khen thưởng 2022, Chương VII)",
        choices=[("", "— Chọn căn cứ —"), *RevocationGround.choices],
        widget=forms.Select(SELECT),
        error_messages={"required": "Hãy chọn căn cứ hủy bỏ."},
    )
    reason = forms.CharField(
        label="Lý do hủy bỏ",
        max_length=2000,
        widget=forms.Textarea(TEXT | {"rows": 2}),
        error_messages={"required": "Hãy ghi rõ lý do hủy bỏ."},
    )
