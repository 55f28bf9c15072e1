"""Forms of the council's pages: a vote (one's own, or a member's paper ballot recorded by the
secretary or a manager) and a decision. They read what was typed; the services decide what is
allowed and their DomainErrors are shown at the field they name."""

from typing import Any

from django import forms

from thidua.initiatives.enums import VoteChoice
from thidua.initiatives.models import CouncilMember
from thidua.initiatives.services.decisions import MAX_REASONS
from thidua.organizations.forms.widgets import BootstrapFormMixin, date_field


def _member_label(member: CouncilMember) -> str:
    return member.user.display_name


class VoteForm(BootstrapFormMixin, forms.Form):
    """A vote. `member` is offered only to who records paper ballots (members not yet voted)."""

    choice = forms.ChoiceField(
        label="Biểu quyết",
        choices=VoteChoice.choices,
        error_messages={
            "required": "Hãy chọn đồng ý hoặc không đồng ý.",
            "invalid_choice": "Hãy chọn đồng ý hoặc không đồng ý.",
        },
    )
    member = forms.ModelChoiceField(
        label="Thành viên",
        queryset=CouncilMember.objects.none(),
        required=False,
        empty_label="— Phiếu của tôi —",
        error_messages={"invalid_choice": "Thành viên này không còn phiếu để ghi."},
    )

    def __init__(self, *args: Any, members: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["member"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101 (narrowing)
        if members is not None:
            field.queryset = members
            field.label_from_instance = _member_label  # type: ignore[method-assign,assignment]


class DecisionForm(BootstrapFormMixin, forms.Form):
    """The decision on an initiative. The outcome is the count's, not the form's: when the
    share is reached the form asks for the level (and a decision's number when it was issued
    outside the platform), otherwise for the reasons (the notice's number is optional)."""

    level = forms.ChoiceField(label="Cấp công nhận", required=False)
    number = forms.CharField(label="Số quyết định", max_length=64, required=False)
    date = date_field("Ngày quyết định", required=True)
    reasons = forms.CharField(
        label="Lý do không công nhận",
        required=False,
        max_length=MAX_REASONS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Lý do dài quá {MAX_REASONS} ký tự."},
    )

    def __init__(
        self, *args: Any, passes: bool, levels: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        level = self.fields["level"]
        assert isinstance(level, forms.ChoiceField)  # noqa: S101 (narrowing)
        level.choices = levels
        self.passes = passes
        if passes:
            del self.fields["reasons"]
            self.fields["number"].label = "Số quyết định (nếu đã ban hành ngoài hệ thống)"
            self.fields["number"].help_text = (
                "Để trống: quyết định công nhận của cả đợt được phát hành trên hệ thống khi hội "
                "đồng quyết định xong, số được cấp lúc phát hành."
            )
            if len(levels) == 1:
                level.initial = levels[0][0]
        else:
            del self.fields["level"]
            self.fields["number"].label = "Số thông báo (nếu có)"
            self.fields["date"].label = "Ngày thông báo"
            self.fields["reasons"].required = True
            self.fields["reasons"].error_messages["required"] = (
                "Hãy nêu lý do không công nhận để thông báo cho tác giả."
            )
