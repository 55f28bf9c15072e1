"""The one-time link to set a password, the email carrying it, and the reset of two-factor
devices. Nobody ever types a password for someone else."""

import logging
import smtplib
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.organizations.selectors.users import is_system_administrator
from thidua.organizations.services.users.checks import (
    audit_account,
    check_reason,
    require_account_management,
)

logger = logging.getLogger(__name__)

EMAIL_TEMPLATES = "organizations/users/email/"


def password_set_link(user: User) -> str:
    """The one-time link (Django's token generator) to `accounts:password_reset_confirm`."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return f"{settings.THIDUA_SITE_URL.rstrip('/')}{path}"


def _deliver_password_set_email(user: User) -> None:
    context: dict[str, Any] = {
        "user": user,
        "link": password_set_link(user),
        "is_new_account": not user.has_usable_password(),
        "valid_hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "site_url": settings.THIDUA_SITE_URL,
    }
    subject = "".join(
        render_to_string(f"{EMAIL_TEMPLATES}password_set_subject.txt", context).splitlines()
    )
    message = EmailMultiAlternatives(
        subject,
        render_to_string(f"{EMAIL_TEMPLATES}password_set_body.txt", context),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
    )
    message.attach_alternative(
        render_to_string(f"{EMAIL_TEMPLATES}password_set_body.html", context), "text/html"
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError) as exc:
        logger.warning("Password-set email to user %s failed: %s", user.pk, exc)
        raise DomainError(
            "Không gửi được thư đặt mật khẩu (máy chủ thư không phản hồi). Hãy thử lại sau.",
            field="email",
        ) from exc


def send_after_commit(user: User) -> None:
    """Mail the link of a new account; a failure is logged, the account page offers a resend."""
    try:
        _deliver_password_set_email(user)
    except DomainError:
        logger.warning("New account %s was created but its password email was not sent.", user.pk)


def send_password_set_email(*, by: User, user: User) -> None:
    """Mail the account a one-time link to set (or reset) its password.

    Refuses: an actor who does not fully manage the account, an inactive account, an account
    without an email address; a mail server failure is reported as a DomainError.
    """
    require_account_management(by, user)
    if not user.is_active:
        raise DomainError("Tài khoản đang bị khóa: hãy mở khóa trước khi gửi thư.", field="email")
    if not user.email:
        raise DomainError("Tài khoản chưa có thư điện tử.", field="email")
    _deliver_password_set_email(user)
    with transaction.atomic():
        audit_account(
            by=by,
            action=AuditAction.PASSWORD_RESET,
            user=user,
            changes={"password_email": [None, user.email]},
            reason="Gửi thư chứa đường dẫn đặt mật khẩu.",
        )


@transaction.atomic
def reset_two_factor(*, by: User, user: User, reason: str) -> int:
    """Delete the account's two-factor devices (authenticator app and recovery codes) so that it
    enrols again at the next sign-in when its role requires two-factor authentication.
    Returns the number of devices removed.

    Refuses: an actor who is not a system administrator fully managing the account, no reason,
    an account without any device.
    """
    if not is_system_administrator(by):
        raise PermissionDeniedError("Chỉ quản trị hệ thống mới đặt lại được xác thực hai lớp.")
    require_account_management(by, user)
    reason = check_reason(reason)
    totp = TOTPDevice.objects.filter(user=user)
    static = StaticDevice.objects.filter(user=user)
    had_totp = totp.filter(confirmed=True).exists()
    count = int(totp.count()) + int(static.count())
    if count == 0:
        raise DomainError("Tài khoản chưa thiết lập xác thực hai lớp.")
    totp.delete()
    static.delete()
    audit_account(
        by=by,
        action=AuditAction.TWO_FACTOR_DISABLE,
        user=user,
        changes={"two_factor": [had_totp, False], "devices_removed": [count, 0]},
        reason=reason,
    )
    return count
