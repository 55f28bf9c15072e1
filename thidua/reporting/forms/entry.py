"""Forms of the entry pages. The values themselves are read by the view from `v-<indicator id>`
fields (one per indicator, posted one at a time by htmx or all together without JavaScript);
the services decide what is allowed."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData, SafeString

from thidua.organizations.forms.widgets import BootstrapFormMixin, FastSelect
from thidua.reporting.services.evidence import ALLOWED_EXTENSIONS, MAX_NAME, MAX_NOTE

if TYPE_CHECKING:
    from thidua.movements.models import Criterion, Indicator
    from thidua.reporting.selectors.entry import EntrySheet

WHOLE_REPORT = ""
ACCEPT = ",".join(sorted(ALLOWED_EXTENSIONS))


# -- Widgets written in Python ---------------------------------------------------------------------
# The upload form sits on every entry page; through Django's widget templates its four fields
# cost more than the page's indicator rows. Same markup as those templates (input.html,
# attrs.html; FastSelect for the select), same escaping.


def _attrs(attrs: dict[str, Any]) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them: in order, a True value as
    the name alone, a False one left out."""
    return "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{_text(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _text(value: Any) -> str:
    return str(value) if isinstance(value, SafeData) else escape(str(value))


class _InputMarkup:
    """An <input> widget rendered as input.html renders it."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]  # type: ignore[attr-defined]
        shown = "" if widget["value"] is None else f' value="{_text(widget["value"])}"'
        return SafeString(
            f'<input type="{escape(widget["type"])}" name="{escape(widget["name"])}"'
            f"{shown}{_attrs(widget['attrs'])}>"
        )


class TextInput(_InputMarkup, forms.TextInput):
    pass


class FileInput(_InputMarkup, forms.ClearableFileInput):
    """A file input for a new upload (never an initial file to clear)."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        if self.is_initial(value):  # pragma: no cover - an upload form has no initial file
            return forms.ClearableFileInput.render(self, name, value, attrs, renderer)
        return super().render(name, value, attrs, renderer)


class ChoicesSelect(FastSelect):
    """A FastSelect (same markup) whose options are written straight from its choices, without
    the dictionary Django builds for each option: the target lists every criterion and
    indicator of the movement."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        widget = forms.Widget.get_context(self, name, value, attrs)["widget"]
        chosen = widget["value"]  # ChoiceWidget.format_value: a list of texts
        has_selected = False
        groups = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, (list, tuple)):
                group, options = group_value, group_label
            else:
                group, options = None, [(group_value, group_label)]
            rendered = []
            for option_value, option_label in options:
                option_value = "" if option_value is None else option_value
                selected = not has_selected and str(option_value) in chosen
                has_selected |= selected
                rendered.append(
                    f'<option value="{_text(option_value)}"'
                    f"{' selected' if selected else ''}>{_text(option_label)}</option>"
                )
            html = "".join(rendered)
            groups.append(f'<optgroup label="{_text(group)}">{html}</optgroup>' if group else html)
        return SafeString(
            f'<select name="{conditional_escape(widget["name"])}"{flatatt(widget["attrs"])}>'
            f"{''.join(groups)}</select>"
        )


class EvidenceUploadForm(BootstrapFormMixin, forms.Form):
    """A minh chứng: the file, what it proves (an indicator, a criterion, the whole report),
    its name and a note."""

    target = forms.ChoiceField(label="Minh chứng cho", required=False)
    file = forms.FileField(
        label="Tệp minh chứng",
        help_text="PDF, Word, Excel, ảnh JPG hoặc PNG; tối đa 20 MB. Nội dung tệp được kiểm tra.",
        widget=FileInput(attrs={"accept": ACCEPT}),
        error_messages={"required": "Hãy chọn tệp minh chứng."},
    )
    name = forms.CharField(
        label="Tên minh chứng",
        required=False,
        max_length=MAX_NAME,
        help_text="Để trống: dùng tên tệp.",
        widget=TextInput,
    )
    note = forms.CharField(label="Ghi chú", required=False, max_length=MAX_NOTE, widget=TextInput)

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
        target = self.fields["target"]
        target.choices = choices  # type: ignore[attr-defined]
        select = ChoicesSelect(attrs=target.widget.attrs)  # with the mixin's classes
        select.choices = target.widget.choices
        select.is_required = target.widget.is_required
        target.widget = select
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
