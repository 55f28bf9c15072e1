"""`{% form_field %}` (the entry page's upload form) shows a field as the shared
organizations/includes/field.html does: label, required mark, widget, help text, errors."""

from django import forms
from django.template import Context, Template
from django.template.loader import render_to_string

from thidua.reporting.forms.entry import FileInput, TextInput


class _Sample(forms.Form):
    target = forms.ChoiceField(label="Minh chứng cho", choices=[("", "Cả báo cáo"), ("a", "A & B")])
    file = forms.FileField(label="Tệp", help_text="PDF <tối đa> 20 MB", widget=FileInput)
    name = forms.CharField(label="Tên", required=False, max_length=5, widget=TextInput)
    agree = forms.BooleanField(label="Đồng ý", required=False)
    token = forms.CharField(widget=forms.HiddenInput, required=False)


def _flat(html: str) -> str:
    return " ".join(html.split())


def _both(form: forms.Form, name: str) -> tuple[str, str]:
    field = form[name]
    fast = Template("{% load entry_table %}{% form_field field %}").render(
        Context({"field": field})
    )
    shared = render_to_string("organizations/includes/field.html", {"field": field})
    return _flat(fast), _flat(shared)


def test_each_kind_of_field_shows_as_the_shared_include_shows_it() -> None:
    for form in (_Sample(), _Sample(data={"target": "x", "name": "quá dài"})):
        for name in ("target", "file", "name", "agree", "token"):
            fast, shared = _both(form, name)
            assert fast == shared, name
    bound = _Sample(data={"target": "x", "name": "quá dài"})
    fast, _ = _both(bound, "name")
    assert "invalid-feedback" in fast  # the error is shown
    assert "&lt;tối đa&gt;" in _both(bound, "file")[0]  # help text escaped
    assert 'aria-hidden="true">*</span>' in _both(bound, "file")[0]  # required mark
