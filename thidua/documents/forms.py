"""The form of a document template's page: one field per TemplateField of the spec, the unit
the wording applies to and a note on the change. It only carries the input: what is allowed
(placeholders, braces, required fields) is `save_template`'s to decide, shown at each field."""

from typing import Any

from django import forms

from thidua.documents.placeholders import TemplateField, TemplateSpec
from thidua.documents.selectors import TemplateUnit

UNIT_FIELD = "don_vi"
NOTE_FIELD = "ghi_chu"
# A field longer than this by default is edited in a text area even when it is one paragraph.
_LONG_TEXT = 90


def _widget(item: TemplateField) -> forms.Widget:
    attrs = {"class": "form-control", "data-template-field": "", "spellcheck": "true"}
    if item.lines:
        rows = min(max(len(item.default.splitlines()) + 1, 3), 10)
        return forms.Textarea(attrs={**attrs, "rows": str(rows)})
    if len(item.default) > _LONG_TEXT:
        return forms.Textarea(attrs={**attrs, "rows": "3"})
    return forms.TextInput(attrs=attrs)


class TemplateForm(forms.Form):
    def __init__(
        self, *args: Any, spec: TemplateSpec, units: list[TemplateUnit], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.fields[UNIT_FIELD] = forms.ChoiceField(
            label="Áp dụng cho đơn vị",
            choices=[(unit.path, unit.name) for unit in units],
            help_text="Mẫu áp dụng cho đơn vị này và các đơn vị trực thuộc chưa có mẫu riêng.",
            error_messages={
                "required": "Hãy chọn đơn vị áp dụng mẫu.",
                "invalid_choice": "Bạn không được sửa mẫu văn bản của đơn vị này.",
            },
            widget=forms.Select(attrs={"class": "form-select", "data-autosubmit-unit": ""}),
        )
        for item in spec.fields:
            help_text = item.help
            if item.lines:
                help_text = f"{help_text} Mỗi dòng là một mục.".strip()
            self.fields[item.name] = forms.CharField(
                label=item.label,
                required=False,  # the service says which are required, in its own words
                strip=False,
                help_text=help_text,
                widget=_widget(item),
            )
        self.fields[NOTE_FIELD] = forms.CharField(
            label="Ghi chú thay đổi",
            required=False,
            max_length=255,
            help_text="Vì sao sửa, ghi vào lịch sử các phiên bản và nhật ký thao tác.",
            error_messages={"max_length": "Ghi chú dài tối đa 255 ký tự."},
            widget=forms.TextInput(attrs={"class": "form-control"}),
        )

    def texts(self) -> dict[str, str]:
        """The fields' texts as typed (the service trims and checks them)."""
        data = getattr(self, "cleaned_data", {})
        return {item.name: str(data.get(item.name) or "") for item in self.spec.fields}

    def template_fields(self) -> list[tuple[forms.BoundField, TemplateField]]:
        """Each bound field with its TemplateField (the page marks the required ones)."""
        return [(self[item.name], item) for item in self.spec.fields]

    def show_errors(self, errors: dict[str, str]) -> None:
        """A service's errors at their fields (above the form for a field it does not have)."""
        for name, message in errors.items():
            field = UNIT_FIELD if name == "unit_path" else name
            self.add_error(field if field in self.fields else None, message)
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
                widget.attrs["aria-invalid"] = "true"
