from django import forms


class RulebookUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp bộ quy tắc (.json)",
        error_messages={"required": "Hãy chọn tệp JSON của bộ quy tắc."},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".json"}),
    )
    note = forms.CharField(
        label="Ghi chú",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        error_messages={"required": "Hãy chọn tệp Excel đã điền theo mẫu."},
        widget=forms.ClearableFileInput(attrs={"class": "form-control", "accept": ".xlsx"}),
    )
