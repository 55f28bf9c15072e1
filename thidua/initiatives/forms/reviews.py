"""Forms of the review pages: the scoring sheet (one radio group of labelled levels per criterion
of the round's rubric, two comments) and a reviewer's conflict declaration.

The sheet only reads what was ticked: whether a level belongs to its criterion, and whether
every criterion is scored on submission, is the review service's decision (its errors come back
at the criterion's field)."""

from collections.abc import Sequence
from typing import Any

from django import forms

from thidua.core.errors import DomainError, ValidationFailedError
from thidua.initiatives.models import RubricCriterion
from thidua.initiatives.selectors.reviews import criterion_field
from thidua.organizations.forms.widgets import BootstrapFormMixin

MAX_COMMENT = 5000


class ReviewForm(BootstrapFormMixin, forms.Form):
    comment_to_council = forms.CharField(
        label="Nhận xét gửi hội đồng",
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": f"Nhận xét dài quá {MAX_COMMENT} ký tự."},
    )
    comment_to_author = forms.CharField(
        label="Nhận xét gửi tác giả",
        required=False,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Tác giả đọc được nhận xét này (không kèm tên người chấm).",
        error_messages={"max_length": f"Nhận xét dài quá {MAX_COMMENT} ký tự."},
    )

    def __init__(self, *args: Any, criteria: Sequence[RubricCriterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            name = criterion_field(criterion.pk)
            self.fields[name] = forms.TypedChoiceField(
                label=criterion.name,
                required=False,
                coerce=int,
                choices=[("", "—")]
                + [
                    (level.pk, f"{level.score} — {level.label}") for level in criterion.levels.all()
                ],
                error_messages={
                    "invalid_choice": f"Mức điểm đã chọn không thuộc tiêu chí “{criterion.name}”."
                },
            )

    def chosen_levels(self) -> dict[int, int]:
        """{criterion id: level id} of the criteria ticked."""
        chosen: dict[int, int] = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(criterion_field(criterion.pk))
            if value not in (None, ""):
                chosen[criterion.pk] = int(value)
        return chosen

    def add_service_error(self, error: DomainError) -> None:
        """A refusal of the review service at its fields (several for a sheet missing
        criteria), or above the form."""
        if isinstance(error, ValidationFailedError):
            for name, message in error.errors.items():
                self.add_error(name if name in self.fields else None, message)
            return
        self.add_domain_error(error)


class ConflictDeclarationForm(BootstrapFormMixin, forms.Form):
    reason = forms.CharField(
        label="Lý do xung đột lợi ích",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "required": "Hãy nêu lý do xung đột lợi ích.",
            "max_length": "Lý do dài quá 500 ký tự.",
        },
    )
