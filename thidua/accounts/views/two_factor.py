"""Two-factor setup, recovery codes and the account security page."""

import base64
from base64 import b32encode
from urllib.parse import urlencode

import django_otp
import qrcode
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice
from qrcode.image.svg import SvgPathImage

from thidua.accounts.forms import DisableTwoFactorForm, TotpCodeForm
from thidua.accounts.middleware import two_factor_required
from thidua.accounts.selectors import has_two_factor, sign_in_history, unused_recovery_code_count
from thidua.accounts.services.two_factor import (
    confirm_totp_setup,
    disable_two_factor,
    new_totp_secret,
    regenerate_recovery_codes,
)
from thidua.accounts.views.auth import current_user, is_verified, next_param
from thidua.core.errors import DomainError

# The secret shown by the setup page, kept until the user confirms it with a code.
SETUP_SECRET_KEY = "thidua_totp_setup_secret"  # noqa: S105 (a session key, not a secret)
# Recovery codes just issued, shown once by the recovery codes page.
NEW_CODES_KEY = "thidua_new_recovery_codes"


def _qr_data_uri(text: str) -> str:
    """An SVG QR code as a data: URI (the CSP allows data: images, not inline SVG scripts)."""
    image = qrcode.make(text, image_factory=SvgPathImage, box_size=10, border=2)
    svg: bytes = image.to_string(encoding="utf-8")
    return f"data:image/svg+xml;base64,{base64.b64encode(svg).decode('ascii')}"


def _secret_groups(secret_hex: str) -> str:
    """The key in base32, in groups of four, for typing into an app by hand."""
    text = b32encode(bytes.fromhex(secret_hex)).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@login_required
@never_cache
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Show a QR code for a new secret (kept in the session until confirmed, so nothing is
    written on GET and a reload keeps the code the user scanned); a correct code turns
    two-factor sign-in on and leads to the recovery codes, shown once."""
    user = current_user(request)
    next_url = next_param(request)
    if has_two_factor(user):
        if not is_verified(user):
            return redirect("accounts:login_otp")
        messages.info(request, "Xác thực hai lớp đã được bật cho tài khoản này.")
        return redirect("accounts:security")
    secret = request.session.get(SETUP_SECRET_KEY)
    if not isinstance(secret, str):
        secret = new_totp_secret()
        request.session[SETUP_SECRET_KEY] = secret
    form = TotpCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = confirm_totp_setup(
                user=user, secret_hex=secret, code=form.cleaned_data["code"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            del request.session[SETUP_SECRET_KEY]
            django_otp.login(request, device)
            request.session[NEW_CODES_KEY] = codes
            messages.success(request, "Đã bật xác thực hai lớp cho tài khoản của bạn.")
            target = reverse("accounts:recovery_codes")
            return redirect(f"{target}?{urlencode({'next': next_url})}" if next_url else target)
    config_url = TOTPDevice(user=user, key=secret).config_url
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_data_uri": _qr_data_uri(config_url),
            "secret_groups": _secret_groups(secret),
            "required": two_factor_required(request),
            "section": "account",
        },
    )


def _render_security(
    request: HttpRequest,
    *,
    regenerate_form: TotpCodeForm | None = None,
    disable_form: DisableTwoFactorForm | None = None,
) -> HttpResponse:
    user = current_user(request)
    enabled = has_two_factor(user)
    return render(
        request,
        "accounts/security.html",
        {
            "two_factor_enabled": enabled,
            "two_factor_required": two_factor_required(request),
            "recovery_left": unused_recovery_code_count(user) if enabled else 0,
            "regenerate_form": regenerate_form or TotpCodeForm(auto_id="regen_%s"),
            "disable_form": disable_form or DisableTwoFactorForm(auto_id="off_%s"),
            "history": sign_in_history(user),
            "section": "account",
        },
    )


@login_required
@never_cache
def security(request: HttpRequest) -> HttpResponse:
    return _render_security(request)


@sensitive_post_parameters("password", "code")
@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = DisableTwoFactorForm(request.POST, auto_id="off_%s")
    if form.is_valid():
        try:
            disable_two_factor(
                user=user, password=form.cleaned_data["password"], code=form.cleaned_data["code"]
            )
        except DomainError as error:
            if error.field is None:
                messages.error(request, error.message)
                return redirect("accounts:security")
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã tắt xác thực hai lớp.")
            return redirect("accounts:security")
    return _render_security(request, disable_form=form)


@login_required
@never_cache
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """GET shows the recovery codes just issued — once: they are taken out of the session.
    POST (with a current app code) replaces them and shows the new ones."""
    user = current_user(request)
    if request.method == "POST":
        form = TotpCodeForm(request.POST, auto_id="regen_%s")
        if form.is_valid():
            try:
                codes = regenerate_recovery_codes(user=user, code=form.cleaned_data["code"])
            except DomainError as error:
                if error.field is None:
                    messages.error(request, error.message)
                    return redirect("accounts:security")
                form.add_domain_error(error)
            else:
                request.session[NEW_CODES_KEY] = codes
                messages.success(
                    request, "Đã tạo bộ mã dự phòng mới; các mã cũ không còn dùng được."
                )
                return redirect("accounts:recovery_codes")
        return _render_security(request, regenerate_form=form)
    codes = request.session.pop(NEW_CODES_KEY, None)
    return render(
        request,
        "accounts/recovery_codes.html",
        {
            "codes": codes or [],
            "next": next_param(request),
            "two_factor_enabled": has_two_factor(user),
            "section": "account",
        },
    )
