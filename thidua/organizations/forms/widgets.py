"""Form helpers of the organisation pages: Bootstrap classes, dd/mm/yyyy dates, search pickers.

`BootstrapFormMixin` gives every widget its Bootstrap class and marks fields with errors
`is-invalid` (including errors a service raised after validation), so templates render fields
with one include (`organizations/includes/field.html`).
"""

from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from thidua.core.errors import DomainError

DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATE_ERROR = "Ngày không hợp lệ: hãy nhập theo dạng dd/mm/yyyy, ví dụ 05/09/1990."
# Above this many options a select becomes a search field (a hospital has 1.000+ people).
DEFAULT_SELECT_MAX = 300


def select_max() -> int:
    return int(getattr(settings, "THIDUA_PICKER_SELECT_MAX", DEFAULT_SELECT_MAX))


class DateInput(forms.DateInput):
    input_type = "text"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", **(attrs or {})},
            format="%d/%m/%Y",
        )


def date_field(label: str, *, required: bool = False, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=DateInput(),
        help_text=help_text,
        error_messages={"invalid": DATE_ERROR, "required": f"Hãy nhập {label.lower()}."},
    )


class PickerWidget(forms.Widget):
    """A search field for a ModelChoiceField with too many choices for a select.

    The chosen primary key travels in a hidden input; the visible field asks `search_url`
    (htmx, parameter `tim`) for matching options, and app.js copies the clicked option into
    the hidden input. With `autosubmit`, choosing submits the form (filters).
    """

    template_name = "organizations/includes/picker.html"

    def __init__(
        self,
        *,
        search_url: str = "",
        placeholder: str = "Gõ để tìm…",
        autosubmit: bool = False,
        attrs: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.search_url = search_url
        self.placeholder = placeholder
        self.autosubmit = autosubmit
        self.choices: Any = None

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        label = ""
        if value not in (None, "") and self.choices is not None:
            try:
                chosen = self.choices.queryset.filter(pk=value).first()
            except (ValueError, TypeError, ValidationError):
                chosen = None
            label = str(chosen) if chosen is not None else ""
        context["widget"].update(
            search_url=self.search_url,
            placeholder=self.placeholder,
            autosubmit=self.autosubmit,
            label=label,
        )
        return context


_CLASS_BY_WIDGET = {
    "checkbox": "form-check-input",
    "select": "form-select",
    "fastselect": "form-select",
    "selectmultiple": "form-select",
    "checkboxselectmultiple": "form-check-input",
    "radioselect": "form-check-input",
}


class FastSelect(forms.Select):
    """A <select> whose options are built in Python.

    Django renders every <option> through its own template include, which made the filter bar
    of the people list (a few dozen options) cost more than its 50 rows of data. Same markup,
    same escaping (format_html), same selection as forms.Select; its per-option context
    (a dictionary of attributes for each option) is not built either.
    """

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        # What Select.get_context's optgroups work out (the first option whose value matches is
        # selected, None is ""), without its dictionary of attributes per option.
        values = self.format_value(value)
        has_selected = False
        groups = []
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            if isinstance(option_label, list | tuple):
                group_name, choices = option_value, option_label
            else:
                group_name, choices = None, [(option_value, option_label)]
            options = []
            for subvalue, sublabel in choices:
                selected = not has_selected and str(subvalue) in values
                has_selected |= selected
                options.append((subvalue, _SELECTED if selected else "", sublabel))
            rendered = format_html_join("", '<option value="{}"{}>{}</option>', options)
            groups.append(
                format_html('<optgroup label="{}">{}</optgroup>', group_name, rendered)
                if group_name
                else rendered
            )
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            flatatt(self.build_attrs(self.attrs, attrs)),
            SafeString("".join(groups)),
        )


_SELECTED = SafeString(" selected")


def fast_select(widget: forms.Widget) -> forms.Widget:
    """The same select as a FastSelect (other widgets unchanged)."""
    if type(widget) is not forms.Select:
        return widget
    fast = FastSelect(attrs=widget.attrs)
    fast.choices = widget.choices
    fast.is_required = widget.is_required
    return fast


class BootstrapFormMixin:
    """Bootstrap classes on every widget; `is-invalid` on fields with errors."""

    fields: dict[str, forms.Field]
    _errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget = widget = fast_select(field.widget)
            kind = type(widget).__name__.lower().removesuffix("input")
            css = _CLASS_BY_WIDGET.get(kind, "form-control")
            existing = widget.attrs.get("class", "")
            widget.attrs["class"] = f"{existing} {css}".strip()

    def add_error(self, field: str | None, error: Any) -> None:
        super().add_error(field, error)  # type: ignore[misc]
        for name in self._errors or {}:
            if name in self.fields:
                widget = self.fields[name].widget
                classes = widget.attrs.get("class", "")
                if "is-invalid" not in classes.split():
                    widget.attrs["class"] = f"{classes} is-invalid".strip()

    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal at its field (or above the form when it names none)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
