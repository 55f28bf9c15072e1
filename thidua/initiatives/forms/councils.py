"""Forms of the councils and rounds pages. They read what was typed; the services decide what is
allowed (their DomainErrors are shown at the field they name)."""

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from thidua.accounts.models import User
from thidua.initiatives.enums import CouncilLevel, MemberRole
from thidua.initiatives.models import Initiative, InitiativeCouncil, ReviewRound, Rubric
from thidua.organizations.forms.widgets import BootstrapFormMixin, PickerWidget, date_field
from thidua.organizations.models import Unit

REQUIRED = "Trường này bắt buộc."


class CouncilForm(BootstrapFormMixin, forms.Form):
    """A new council: its unit (where the user manages councils), level, name, year and the
    number of the decision that set it up."""

    unit = forms.ModelChoiceField(
        label="Đơn vị",
        queryset=Unit.objects.none(),
        empty_label="— Chọn đơn vị —",
        error_messages={"required": "Hãy chọn đơn vị.", "invalid_choice": "Đơn vị không hợp lệ."},
    )
    level = forms.ChoiceField(
        label="Cấp hội đồng",
        choices=CouncilLevel.choices,
        help_text="Cấp Sở đặt tại Sở Y tế; cấp cơ sở đặt tại bệnh viện, trung tâm.",
    )
    name = forms.CharField(
        label="Tên hội đồng",
        max_length=255,
        error_messages={"required": "Hãy nhập tên hội đồng."},
    )
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Hãy nhập năm.",
            "invalid": "Năm phải là số.",
            "min_value": "Năm không hợp lệ (từ 2000 đến 2100).",
            "max_value": "Năm không hợp lệ (từ 2000 đến 2100).",
        },
    )
    decision_number = forms.CharField(
        label="Quyết định thành lập số", max_length=64, required=False
    )

    def __init__(self, *args: Any, units: QuerySet[Unit], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("year", timezone.localdate().year)
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        field.queryset = units


class CouncilEditForm(BootstrapFormMixin, forms.Form):
    name = forms.CharField(
        label="Tên hội đồng", max_length=255, error_messages={"required": "Hãy nhập tên hội đồng."}
    )
    year = forms.IntegerField(
        label="Năm",
        min_value=2000,
        max_value=2100,
        error_messages={
            "required": "Hãy nhập năm.",
            "invalid": "Năm phải là số.",
            "min_value": "Năm không hợp lệ (từ 2000 đến 2100).",
            "max_value": "Năm không hợp lệ (từ 2000 đến 2100).",
        },
    )
    decision_number = forms.CharField(
        label="Quyết định thành lập số", max_length=64, required=False
    )
    is_active = forms.BooleanField(label="Đang hoạt động", required=False)

    @classmethod
    def for_council(cls, council: InitiativeCouncil, data: Any = None) -> "CouncilEditForm":
        return cls(
            data,
            initial={
                "name": council.name,
                "year": council.year,
                "decision_number": council.decision_number,
                "is_active": council.is_active,
            },
        )


class MemberForm(BootstrapFormMixin, forms.Form):
    """Add a member: a person with an account of the council's unit (searched by name)."""

    user = forms.ModelChoiceField(
        label="Cán bộ",
        queryset=User.objects.none(),
        error_messages={
            "required": "Hãy chọn cán bộ.",
            "invalid_choice": "Cán bộ này không chọn được (không thuộc đơn vị, hoặc đã là "
            "thành viên).",
        },
    )
    role = forms.ChoiceField(label="Vai trò", choices=MemberRole.choices, initial=MemberRole.MEMBER)
    reviews = forms.BooleanField(label="Tham gia chấm sáng kiến", required=False, initial=True)

    def __init__(
        self, *args: Any, candidates: QuerySet[User], search_url: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        field.queryset = candidates
        widget = PickerWidget(search_url=search_url, placeholder="Gõ họ tên hoặc mã cán bộ…")
        widget.choices = field.choices
        widget.attrs["class"] = "form-control"
        field.widget = widget


class MemberChangeForm(BootstrapFormMixin, forms.Form):
    role = forms.ChoiceField(label="Vai trò", choices=MemberRole.choices)
    reviews = forms.BooleanField(label="Tham gia chấm", required=False)


class RoundForm(BootstrapFormMixin, forms.Form):
    """A round's settings (create, or change while prepared or under way)."""

    name = forms.CharField(
        label="Tên đợt chấm", max_length=255, error_messages={"required": "Hãy nhập tên đợt chấm."}
    )
    rubric = forms.ModelChoiceField(
        label="Phiếu chấm",
        queryset=Rubric.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": "Phiếu chấm không hợp lệ."},
    )
    opens_on = date_field("Bắt đầu chấm", required=True)
    closes_on = date_field("Hạn chấm", required=True)
    blind = forms.BooleanField(
        label="Chấm ẩn danh",
        required=False,
        help_text="Người chấm không thấy tác giả, đơn vị; tệp đính kèm được gỡ tên tác giả "
        "trong thuộc tính tệp khi có thể.",
    )
    reviewers_per_initiative = forms.IntegerField(
        label="Số người chấm mỗi sáng kiến",
        min_value=1,
        max_value=20,
        error_messages={
            "required": REQUIRED,
            "invalid": "Phải là số nguyên.",
            "min_value": "Phải từ 1 đến 20.",
            "max_value": "Phải từ 1 đến 20.",
        },
    )
    max_per_reviewer = forms.IntegerField(
        label="Tối đa sáng kiến mỗi người chấm",
        min_value=1,
        max_value=500,
        error_messages={
            "required": REQUIRED,
            "invalid": "Phải là số nguyên.",
            "min_value": "Phải từ 1 đến 500.",
            "max_value": "Phải từ 1 đến 500.",
        },
    )

    def __init__(self, *args: Any, rubrics: QuerySet[Rubric], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["rubric"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        field.queryset = rubrics

    @staticmethod
    def initial_for(round_: ReviewRound | None, council: InitiativeCouncil) -> dict[str, Any]:
        if round_ is None:
            today = timezone.localdate()
            return {
                "name": f"Đợt chấm sáng kiến năm {council.year}",
                "opens_on": today,
                "closes_on": today + dt.timedelta(days=14),
                "blind": True,
                "reviewers_per_initiative": 3,
                "max_per_reviewer": 10,
            }
        return {
            "name": round_.name,
            "rubric": round_.rubric_id,
            "opens_on": round_.opens_on,
            "closes_on": round_.closes_on,
            "blind": round_.blind,
            "reviewers_per_initiative": round_.reviewers_per_initiative,
            "max_per_reviewer": round_.max_per_reviewer,
        }


class AddInitiativesForm(forms.Form):
    """The admitted initiatives ticked to be put before the round."""

    initiatives = forms.ModelMultipleChoiceField(
        label="Sáng kiến",
        queryset=Initiative.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Hãy chọn ít nhất một sáng kiến để đưa vào đợt chấm.",
            "invalid_choice": "Sáng kiến đã chọn không còn đưa vào đợt chấm được; hãy tải lại "
            "trang.",
            "invalid_pk_value": "Sáng kiến không hợp lệ.",
        },
    )

    def __init__(self, *args: Any, admissible: QuerySet[Initiative], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["initiatives"]
        assert isinstance(field, forms.ModelMultipleChoiceField)  # noqa: S101 (narrowing)
        field.queryset = admissible


class InitiativeChoiceField(forms.ModelChoiceField[Initiative]):
    def label_from_instance(self, obj: Initiative) -> str:
        return f"{obj.code} — {obj.title}"


class UserChoiceField(forms.ModelChoiceField[User]):
    def label_from_instance(self, obj: User) -> str:
        return str(obj.display_name)


class AssignForm(BootstrapFormMixin, forms.Form):
    """A manual assignment: an initiative of the round, a scoring member."""

    initiative = InitiativeChoiceField(
        label="Sáng kiến",
        queryset=Initiative.objects.none(),
        empty_label="— Chọn sáng kiến —",
        error_messages={
            "required": "Hãy chọn sáng kiến.",
            "invalid_choice": "Sáng kiến không có trong đợt chấm.",
        },
    )
    reviewer = UserChoiceField(
        label="Người chấm",
        queryset=User.objects.none(),
        empty_label="— Chọn người chấm —",
        error_messages={
            "required": "Hãy chọn người chấm.",
            "invalid_choice": "Người này không phải thành viên hội đồng.",
        },
    )

    def __init__(
        self,
        *args: Any,
        initiatives: QuerySet[Initiative],
        reviewers: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        initiative_field = self.fields["initiative"]
        reviewer_field = self.fields["reviewer"]
        assert isinstance(initiative_field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        assert isinstance(reviewer_field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        initiative_field.queryset = initiatives
        reviewer_field.queryset = reviewers


class ConflictForm(AssignForm):
    """A conflict an officer records for a member on an initiative of the round."""

    reason = forms.CharField(
        label="Lý do",
        max_length=500,
        error_messages={"required": "Hãy nêu lý do xung đột lợi ích."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].label = "Thành viên"


class ReasonForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do",
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": "Không bắt buộc"}),
    )
