"""Writes about signing in: the audit trail of sign-ins, password changes and resets.

Authentication itself (`authenticate`, `login`, `logout`) needs the request and stays in the
views; these services record what happened and change passwords. None of them takes `request`:
the client address reaches the audit trail through AuditContextMiddleware.
"""

from urllib.parse import urlsplit

from axes.utils import reset as reset_axes_attempts
from django.conf import settings
from django.contrib.auth import password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from thidua.accounts.models import User
from thidua.accounts.selectors import unit_path_of, user_by_username
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction

USER_TARGET = User._meta.label_lower
MAX_USERNAME_IN_AUDIT = 150

RESET_SUBJECT_TEMPLATE = "accounts/email/password_reset_subject.txt"
RESET_TEXT_TEMPLATE = "accounts/email/password_reset_email.txt"
RESET_HTML_TEMPLATE = "accounts/email/password_reset_email.html"


def record_login(*, user: User, reason: str = "") -> None:
    """Audit a completed sign-in (after the second factor, when the user has one)."""
    record_audit(
        actor=user,
        action=AuditAction.LOGIN,
        target=user,
        unit_path=unit_path_of(user),
        reason=reason,
    )


def record_login_failure(*, username: str, reason: str) -> None:
    """Audit a refused sign-in. The actor is unknown (None); the user name tried is kept.

    When the name belongs to an account, the entry points at it (and at its unit) so that the
    account holder and their unit officer see attempts on it; the page never says which.
    """
    tried = username[:MAX_USERNAME_IN_AUDIT]
    user = user_by_username(tried)
    record_audit(
        actor=None,
        action=AuditAction.LOGIN_FAILED,
        target_type=USER_TARGET,
        target_id=user.pk if user else "",
        target_repr=tried,
        unit_path=unit_path_of(user),
        reason=reason,
    )


def record_lockout(*, username: str, minutes: int) -> None:
    """Audit that repeated failures locked sign-in for this user name for `minutes`."""
    tried = username[:MAX_USERNAME_IN_AUDIT]
    user = user_by_username(tried)
    record_audit(
        actor=None,
        action=AuditAction.LOCKOUT,
        target_type=USER_TARGET,
        target_id=user.pk if user else "",
        target_repr=tried,
        unit_path=unit_path_of(user),
        reason=f"Đăng nhập sai nhiều lần; tạm khóa {minutes} phút.",
    )


def record_logout(*, user: User) -> None:
    record_audit(actor=user, action=AuditAction.LOGOUT, target=user, unit_path=unit_path_of(user))


# Django's validators by error code, in Vietnamese whatever language the browser asks for (and
# Django 6.1's "too short" message has no Vietnamese translation yet).
PASSWORD_MESSAGES = {
    "password_too_short": "Mật khẩu quá ngắn: cần ít nhất {min_length} ký tự.",
    "password_too_common": "Mật khẩu này quá phổ biến, dễ bị đoán.",
    "password_entirely_numeric": "Mật khẩu không được chỉ gồm chữ số.",
    "password_too_similar": "Mật khẩu quá giống với {verbose_name}.",
}


def _vietnamese_message(error: ValidationError) -> str:
    template = PASSWORD_MESSAGES.get(str(error.code))
    if template is None:
        return " ".join(error.messages)
    params = {key: str(value).lower() for key, value in (error.params or {}).items()}
    return template.format(**params)


def password_problems(*, user: User | None, password: str) -> list[str]:
    """Why the configured validators (AUTH_PASSWORD_VALIDATORS) reject `password`, in
    Vietnamese; an empty list when it is acceptable."""
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        return [_vietnamese_message(item) for item in error.error_list]
    return []


def check_new_password(*, user: User, password: str, field: str) -> None:
    """Refuse (DomainError on `field`) a password the configured validators reject."""
    problems = password_problems(user=user, password=password)
    if problems:
        raise DomainError(" ".join(problems), field=field)


def change_password(*, user: User, old_password: str, new_password: str) -> None:
    """The signed-in user changes their own password.

    Refuses a wrong current password (field `old_password`) and a new password the validators
    reject (field `new_password2`). The caller keeps the session alive
    (`update_session_auth_hash`).
    """
    if not user.check_password(old_password):
        raise DomainError("Mật khẩu hiện tại không đúng.", field="old_password")
    check_new_password(user=user, password=new_password, field="new_password2")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record_audit(
            actor=user,
            action=AuditAction.PASSWORD_CHANGE,
            target=user,
            unit_path=unit_path_of(user),
        )


def complete_password_reset(*, user: User, new_password: str) -> None:
    """Set the password chosen through an emailed reset link, and lift a sign-in lockout.

    The link's token is checked by the view before this is called; setting the password makes
    the token invalid (Django's tokens hash the password), so a link works once. Refuses a
    password the validators reject (field `new_password2`).
    """
    check_new_password(user=user, password=new_password, field="new_password2")
    with transaction.atomic():
        user.set_password(new_password)
        user.save(update_fields=["password"])
        record_audit(
            actor=user,
            action=AuditAction.PASSWORD_RESET,
            target=user,
            unit_path=unit_path_of(user),
            reason="Đặt lại mật khẩu qua liên kết gửi tới thư điện tử.",
        )
        # Proving ownership of the mailbox is proof enough to end a lockout on this name.
        reset_axes_attempts(username=user.get_username())


def password_reset_link(user: User) -> str:
    """The absolute one-time link to choose a new password (site address from the settings)."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{str(settings.THIDUA_SITE_URL).rstrip('/')}{path}"


def send_password_reset_email(*, user: User) -> None:
    """Email the user a Vietnamese message (text and HTML) with a one-time reset link.

    Refuses (DomainError on `email`) an account without an email address. The link is valid for
    `PASSWORD_RESET_TIMEOUT` seconds and until the password changes.
    """
    if not user.email:
        raise DomainError("Tài khoản chưa có địa chỉ thư điện tử.", field="email")
    site_url = str(settings.THIDUA_SITE_URL).rstrip("/")
    context = {
        "user": user,
        "reset_link": password_reset_link(user),
        "site_url": site_url,
        "site_host": urlsplit(site_url).netloc or site_url,
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
    }
    subject = "".join(render_to_string(RESET_SUBJECT_TEMPLATE, context).splitlines()).strip()
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(RESET_TEXT_TEMPLATE, context),
        to=[user.email],
    )
    message.attach_alternative(render_to_string(RESET_HTML_TEMPLATE, context), "text/html")
    message.send()
