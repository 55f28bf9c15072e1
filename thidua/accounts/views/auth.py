"""Sign-in (password, then the second factor when the account has one), sign-out, passwords.

Views stay thin: they authenticate (which needs the request), keep the half-finished sign-in in
the session, and call services for every write and every audit entry.
"""

import logging
import time
from typing import Any, cast

import django_otp
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN, PasswordResetConfirmView
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from thidua.accounts.forms import (
    INVALID_LOGIN,
    LoginForm,
    NewPasswordForm,
    OtpForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
)
from thidua.accounts.models import User
from thidua.accounts.selectors import (
    has_two_factor,
    unused_recovery_code_count,
    users_for_password_reset,
)
from thidua.accounts.services.auth import (
    change_password,
    complete_password_reset,
    record_lockout,
    record_login,
    record_login_failure,
    record_logout,
    send_password_reset_email,
)
from thidua.accounts.services.two_factor import (
    verify_second_factor,
)
from thidua.core.errors import DomainError

logger = logging.getLogger(__name__)

# A sign-in whose password was right and whose second factor is awaited.
PENDING_KEY = "thidua_pending_login"
PENDING_MAX_AGE_SECONDS = 5 * 60
OTP_MAX_ATTEMPTS = 5
# Wrong codes typed by a signed-in but not yet verified session (see login_otp).
SESSION_OTP_ATTEMPTS_KEY = "thidua_otp_attempts"
RESET_EMAIL_KEY = "thidua_reset_email"
LOW_RECOVERY_CODES = 3

WRONG_PASSWORD_REASON = "Sai tên đăng nhập hoặc mật khẩu."  # noqa: S105 (a message)
LOCKED_REASON = "Tài khoản đang tạm khóa do đăng nhập sai nhiều lần."
WRONG_CODE_REASON = "Sai mã xác thực hai lớp."


def current_user(request: HttpRequest) -> User:
    """The signed-in user (views using it are behind login_required)."""
    return cast(User, request.user)


def is_verified(user: Any) -> bool:
    """Whether django-otp verified this session with a device (OTPMiddleware sets the check)."""
    check = getattr(user, "is_verified", None)
    return bool(check is not None and check())


def _safe_next(request: HttpRequest, candidate: str | None) -> str:
    """`candidate` when it points into this site, else the home page (no open redirect)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def next_param(request: HttpRequest) -> str:
    """The `next` of the request, kept only when safe (to carry it through forms and links)."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    return candidate if candidate and _safe_next(request, candidate) == candidate else ""


def _lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def _audit_refused_sign_in(request: HttpRequest, username: str) -> None:
    """Audit a refused password step; django-axes has flagged the request if it locked."""
    if not getattr(request, "axes_locked_out", False):
        record_login_failure(username=username, reason=WRONG_PASSWORD_REASON)
        return
    failures = getattr(request, "axes_failures_since_start", None)
    if failures is not None and failures <= settings.AXES_FAILURE_LIMIT:
        # This very attempt reached the limit: the lockout starts now.
        record_login_failure(username=username, reason=WRONG_PASSWORD_REASON)
        record_lockout(username=username, minutes=_lockout_minutes())
    else:
        record_login_failure(username=username, reason=LOCKED_REASON)


def _finish_sign_in(
    request: HttpRequest, user: User, *, backend: str, device: Any = None, reason: str = ""
) -> None:
    login(request, user, backend=backend)
    if device is not None:
        django_otp.login(request, device)
    record_login(user=user, reason=reason)


@sensitive_post_parameters("password")
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = next_param(request)
    if request.method != "POST" and request.user.is_authenticated:
        return redirect(_safe_next(request, next_url))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if user is None:
            _audit_refused_sign_in(request, username)
            form.add_error(None, INVALID_LOGIN)
        else:
            backend = str(getattr(user, "backend", settings.AUTHENTICATION_BACKENDS[-1]))
            if not has_two_factor(user):
                _finish_sign_in(request, user, backend=backend)
                return redirect(_safe_next(request, next_url))
            request.session.pop(SESSION_OTP_ATTEMPTS_KEY, None)
            request.session[PENDING_KEY] = {
                "user_id": user.pk,
                "backend": backend,
                "started": time.time(),
                "attempts": 0,
                "next": next_url,
            }
            return redirect("accounts:login_otp")
    return render(
        request, "accounts/login.html", {"form": form, "next": next_url, "section": "login"}
    )


def _pending_user(request: HttpRequest) -> tuple[User | None, str]:
    """The user of a pending sign-in and a message if it is gone (expired or account off)."""
    pending = request.session.get(PENDING_KEY)
    if not isinstance(pending, dict):
        return None, ""
    if time.time() - float(pending.get("started", 0)) > PENDING_MAX_AGE_SECONDS:
        del request.session[PENDING_KEY]
        return None, "Phiên xác thực đã quá 5 phút. Vui lòng đăng nhập lại."
    user_id = pending.get("user_id")
    user = (
        User.objects.filter(pk=user_id, is_active=True).first()
        if isinstance(user_id, int)
        else None
    )
    if user is None:
        del request.session[PENDING_KEY]
        return None, "Vui lòng đăng nhập lại."
    return user, ""


def _count_wrong_code(request: HttpRequest, *, pending: bool) -> int:
    """Add one wrong code to this sign-in's count; returns the attempts left."""
    if pending:
        state = dict(request.session[PENDING_KEY])
        state["attempts"] = int(state.get("attempts", 0)) + 1
        request.session[PENDING_KEY] = state
        used = int(state["attempts"])
    else:
        used = int(request.session.get(SESSION_OTP_ATTEMPTS_KEY, 0)) + 1
        request.session[SESSION_OTP_ATTEMPTS_KEY] = used
    return max(0, OTP_MAX_ATTEMPTS - used)


@sensitive_post_parameters("code")
@never_cache
def login_otp(request: HttpRequest) -> HttpResponse:
    """Second step of sign-in: a code from the authenticator app or a recovery code.

    Serves a pending sign-in (password accepted in the last 5 minutes) or a session that is
    signed in but not verified while the account has a device (sent here by the middleware).
    """
    user, gone = _pending_user(request)
    pending = user is not None
    if user is None:
        current = request.user
        if current.is_authenticated and not is_verified(current) and has_two_factor(current):
            user = current
        else:
            if gone:
                messages.warning(request, gone)
            return redirect("accounts:login")
    next_url = str(request.session[PENDING_KEY].get("next", "")) if pending else next_param(request)
    form = OtpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            factor = verify_second_factor(user=user, code=form.cleaned_data["code"])
        except DomainError as error:
            record_login_failure(username=user.get_username(), reason=WRONG_CODE_REASON)
            left = _count_wrong_code(request, pending=pending)
            if left == 0:
                if pending:
                    del request.session[PENDING_KEY]
                else:
                    logout(request)
                messages.error(
                    request, "Bạn đã nhập sai mã quá 5 lần. Vui lòng đăng nhập lại từ đầu."
                )
                return redirect("accounts:login")
            form.add_domain_error(DomainError(f"{error.message} Còn {left} lần thử.", field="code"))
        else:
            method = "mã dự phòng" if factor.used_recovery_code else "ứng dụng xác thực"
            reason = f"Xác thực hai lớp bằng {method}."
            if pending:
                backend = str(request.session[PENDING_KEY]["backend"])
                del request.session[PENDING_KEY]
                _finish_sign_in(request, user, backend=backend, device=factor.device, reason=reason)
            else:
                request.session.pop(SESSION_OTP_ATTEMPTS_KEY, None)
                django_otp.login(request, factor.device)
                record_login(user=user, reason=reason)
            if factor.used_recovery_code:
                left_codes = unused_recovery_code_count(user)
                messages.warning(
                    request,
                    f"Bạn vừa dùng một mã dự phòng; còn {left_codes} mã chưa dùng. "
                    "Mỗi mã chỉ dùng được một lần"
                    + (
                        " — nên tạo lại bộ mã mới ở trang Bảo mật tài khoản."
                        if left_codes <= LOW_RECOVERY_CODES
                        else "."
                    ),
                )
            return redirect(_safe_next(request, next_url))
    return render(
        request,
        "accounts/login_otp.html",
        {"form": form, "next": next_url, "pending": pending, "section": "login"},
    )


@never_cache
def logout_view(request: HttpRequest) -> HttpResponse:
    """POST signs out (audited); GET asks for confirmation (a link must not sign anyone out)."""
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    if request.method == "POST":
        record_logout(user=current_user(request))
        logout(request)
        messages.info(request, "Bạn đã đăng xuất.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    return render(request, "accounts/logout_confirm.html", {"section": "account"})


@sensitive_post_parameters()
@login_required
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            change_password(
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "Đã đổi mật khẩu.")
            return redirect("accounts:security")
    return render(request, "accounts/password_change.html", {"form": form, "section": "account"})


@never_cache
def password_reset(request: HttpRequest) -> HttpResponse:
    """Ask for a reset link. The answer is the same whether the address has an account or not
    (no account enumeration); a failing mail server is logged, not shown."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        for user in users_for_password_reset(email):
            try:
                send_password_reset_email(user=user)
            except (DomainError, OSError):
                logger.exception("Could not send the password reset email to user %s", user.pk)
        request.session[RESET_EMAIL_KEY] = email
        return redirect("accounts:password_reset_done")
    return render(request, "accounts/password_reset.html", {"form": form, "section": "login"})


@never_cache
def password_reset_done(request: HttpRequest) -> HttpResponse:
    email = request.session.pop(RESET_EMAIL_KEY, "")
    return render(
        request,
        "accounts/password_reset_done.html",
        {
            "email": email,
            "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
            "section": "login",
        },
    )


class _PasswordResetConfirm(PasswordResetConfirmView):
    """Django's token checks (the token moves from the URL into the session), our form,
    template and service: the new password is set by `complete_password_reset` (audited)."""

    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    extra_context = {"section": "login"}

    def form_valid(self, form: Any) -> HttpResponse:
        try:
            complete_password_reset(user=form.user, new_password=form.cleaned_data["new_password1"])
        except DomainError as error:
            form.add_domain_error(error)
            return self.form_invalid(form)
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(str(self.success_url))


password_reset_confirm = _PasswordResetConfirm.as_view()


def password_reset_complete(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/password_reset_complete.html", {"section": "login"})
