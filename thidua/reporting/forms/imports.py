"""Forms of the Excel bulk entry: the template's options and the upload."""

from django import forms


class TemplateOptionsForm(forms.Form):
    khoa = forms.BooleanField(
        label="Thêm các khoa, phòng của đơn vị (nếu khoa, phòng báo cáo phần của mình)",
        required=False,
    )


class ValuesUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel đã điền (.xlsx)",
        error_messages={
            "required": "Hãy chọn tệp Excel để tải lên.",
            "empty": "Tệp rỗng.",
            "invalid": "Không nhận được tệp; hãy chọn lại.",
        },
    )
