"""Forms of the sign-in and security pages. They validate input; services do the writes."""

from typing import Any

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import SetPasswordForm
from django.utils.html import format_html, format_html_join

from thidua.accounts.services.auth import password_problems
from thidua.core.errors import DomainError

INVALID_LOGIN = "Tên đăng nhập hoặc mật khẩu không đúng."
PASSWORD_MISMATCH = "Hai lần nhập mật khẩu mới không khớp nhau."  # noqa: S105 (a message)


class BootstrapForm(forms.Form):
    """Bootstrap classes on every widget, and `is-invalid` on those whose field has errors."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self._mark_invalid(name)

    def _mark_invalid(self, name: str) -> None:
        widget = self.fields[name].widget
        if "is-invalid" not in widget.attrs.get("class", ""):
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()
        widget.attrs["aria-invalid"] = "true"

    def add_domain_error(self, error: DomainError) -> None:
        """Show a service's refusal at its field (or above the form when it names none)."""
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)
        if field is not None:
            self._mark_invalid(field)


class LoginForm(BootstrapForm):
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "autofocus": True, "autocapitalize": "none"}
        ),
        error_messages={"required": "Vui lòng nhập tên đăng nhập."},
    )
    password = forms.CharField(
        label="Mật khẩu",
        strip=False,
        max_length=4096,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Vui lòng nhập mật khẩu."},
    )


class OtpForm(BootstrapForm):
    code = forms.CharField(
        label="Mã xác thực",
        max_length=32,
        help_text="6 chữ số trên ứng dụng xác thực, hoặc một mã dự phòng (dạng abcde-fghjk).",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autofocus": True,
                "inputmode": "text",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Vui lòng nhập mã xác thực."},
    )


class TotpCodeForm(BootstrapForm):
    """A current 6-digit code from the authenticator app."""

    code = forms.CharField(
        label="Mã 6 chữ số trên ứng dụng",
        max_length=12,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": r"[0-9 ]*",
            }
        ),
        error_messages={"required": "Vui lòng nhập mã 6 chữ số."},
    )

    def clean_code(self) -> str:
        code = "".join(self.cleaned_data["code"].split())
        if not code.isdigit() or len(code) != 6:
            raise forms.ValidationError("Mã gồm đúng 6 chữ số.")
        return code


class DisableTwoFactorForm(TotpCodeForm):
    password = forms.CharField(
        label="Mật khẩu hiện tại",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Vui lòng nhập mật khẩu."},
    )
    field_order = ["password", "code"]


# What the configured validators ask for, by validator class (Vietnamese whatever the browser).
PASSWORD_RULES = {
    "UserAttributeSimilarityValidator": "Không quá giống tên đăng nhập, họ tên hoặc thư điện tử.",
    "MinimumLengthValidator": "Ít nhất {min_length} ký tự.",
    "CommonPasswordValidator": "Không phải mật khẩu phổ biến, dễ đoán.",
    "NumericPasswordValidator": "Không chỉ gồm chữ số.",
}


def password_rules_help() -> str:
    """The password rules as an HTML list, from AUTH_PASSWORD_VALIDATORS."""
    rules = []
    for validator in password_validation.get_default_password_validators():
        text = PASSWORD_RULES.get(type(validator).__name__)
        if text is None:
            rules.append(str(validator.get_help_text()))
        else:
            rules.append(text.format(min_length=getattr(validator, "min_length", "")))
    items = format_html_join("", "<li>{}</li>", ((rule,) for rule in rules))
    return format_html('<ul class="mb-0 ps-3">{}</ul>', items)


class NewPasswordForm(BootstrapForm, SetPasswordForm):  # type: ignore[type-arg]
    """New password twice, checked by the configured validators with Vietnamese messages."""

    error_messages = {"password_mismatch": PASSWORD_MISMATCH}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, second = self.fields["new_password1"], self.fields["new_password2"]
        first.label = "Mật khẩu mới"
        first.help_text = password_rules_help()
        first.error_messages["required"] = "Vui lòng nhập mật khẩu mới."
        second.label = "Nhập lại mật khẩu mới"
        second.help_text = ""
        second.error_messages["required"] = "Vui lòng nhập lại mật khẩu mới."

    def validate_password_for_user(
        self,
        user: Any,
        password_field_name: str = "password2",  # noqa: S107 (a field name)
    ) -> None:
        password = self.cleaned_data.get(password_field_name)
        if password:
            for problem in password_problems(user=user, password=password):
                self.add_error(password_field_name, problem)


class PasswordChangeForm(NewPasswordForm):
    """Current password + new password twice. The current password is checked by the service."""

    old_password = forms.CharField(
        label="Mật khẩu hiện tại",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": "Vui lòng nhập mật khẩu hiện tại."},
    )
    field_order = ["old_password", "new_password1", "new_password2"]


class PasswordResetRequestForm(BootstrapForm):
    email = forms.EmailField(
        label="Địa chỉ thư điện tử",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Vui lòng nhập địa chỉ thư điện tử.",
            "invalid": "Địa chỉ thư điện tử không hợp lệ.",
        },
    )
