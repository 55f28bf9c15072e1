from django import forms


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp Excel (.xlsx)",
        error_messages={
            "required": "Hãy chọn tệp Excel để tải lên.",
            "empty": "Tệp rỗng.",
            "invalid": "Không nhận được tệp; hãy chọn lại.",
        },
    )
