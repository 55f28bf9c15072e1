"""Forms of the entry pages. The values themselves are read by the view from `v-<indicator id>`
fields (one per indicator, posted one at a time by htmx or all together without JavaScript);
the services decide what is allowed."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms

from thidua.organizations.forms.widgets import BootstrapFormMixin
from thidua.reporting.services.evidence import ALLOWED_EXTENSIONS, MAX_NAME, MAX_NOTE

if TYPE_CHECKING:
    from thidua.movements.models import Criterion, Indicator
    from thidua.reporting.selectors.entry import EntrySheet

WHOLE_REPORT = ""
ACCEPT = ",".join(sorted(ALLOWED_EXTENSIONS))


class EvidenceUploadForm(BootstrapFormMixin, forms.Form):
    """A minh chứng: the file, what it proves (an indicator, a criterion, the whole report),
    its name and a note."""

    target = forms.ChoiceField(label="Minh chứng cho", required=False)
    file = forms.FileField(
        label="Tệp minh chứng",
        help_text="PDF, Word, Excel, ảnh JPG hoặc PNG; tối đa 20 MB. Nội dung tệp được kiểm tra.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Hãy chọn tệp minh chứng."},
    )
    name = forms.CharField(
        label="Tên minh chứng",
        required=False,
        max_length=MAX_NAME,
        help_text="Để trống: dùng tên tệp.",
    )
    note = forms.CharField(label="Ghi chú", required=False, max_length=MAX_NOTE)

    def __init__(self, *args: Any, sheet: EntrySheet, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices: list[tuple[str, Any]] = [(WHOLE_REPORT, "Cả báo cáo")]
        for block in sheet.criteria:
            options = [
                (f"c-{block.criterion.pk}", f"Tiêu chí {block.criterion.code} (cả tiêu chí)")
            ]
            for row in block.rows:
                required = " (bắt buộc)" if row.indicator.evidence_required else ""
                label = f"{row.indicator.code} — {row.indicator.name}{required}"
                options.append((f"i-{row.indicator.pk}", label))
            choices.append((f"{block.criterion.code}. {block.criterion.name}", options))
        self.fields["target"].choices = choices  # type: ignore[attr-defined]
        self._indicators: dict[str, Indicator] = {
            f"i-{row.indicator.pk}": row.indicator for row in sheet.rows.values()
        }
        self._criteria: dict[str, Criterion] = {
            f"c-{block.criterion.pk}": block.criterion for block in sheet.criteria
        }

    def chosen(self) -> tuple[Indicator | None, Criterion | None]:
        """The indicator or criterion the evidence is for (neither: the whole report)."""
        value = self.cleaned_data.get("target") or WHOLE_REPORT
        return self._indicators.get(value), self._criteria.get(value)
