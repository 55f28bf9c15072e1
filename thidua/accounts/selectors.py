"""Reads about accounts: two-factor status, recovery codes, sign-in history, reset recipients.

The user's role assignments and person live in organizations; they are reached through the
reverse relations (`user.role_assignments`, `user.person`) so that accounts never imports
organizations (import-linter enforces the direction of the layers).
"""

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Q
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.core.models import AuditAction, AuditEntry

RECOVERY_DEVICE_NAME = "recovery"
SIGN_IN_ACTIONS = (AuditAction.LOGIN, AuditAction.LOGIN_FAILED, AuditAction.LOCKOUT)


def confirmed_totp_device(user: User) -> TOTPDevice | None:
    """The user's confirmed authenticator-app device, if two-factor sign-in is on."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    )
    return device


def has_two_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def recovery_device(user: User) -> StaticDevice | None:
    device: StaticDevice | None = (
        StaticDevice.objects.filter(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
        .order_by("pk")
        .first()
    )
    return device


def unused_recovery_code_count(user: User) -> int:
    """Recovery codes not used yet (a used code is deleted by django-otp)."""
    count: int = StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_DEVICE_NAME, device__confirmed=True
    ).count()
    return count


def is_two_factor_required(user: User) -> bool:
    """Whether the user holds a role for which the settings require two-factor sign-in.

    `THIDUA_2FA_REQUIRED` switches the requirement off for the whole installation;
    `THIDUA_2FA_REQUIRED_ROLES` lists the role codes it applies to.
    """
    if not settings.THIDUA_2FA_REQUIRED or not user.is_authenticated:
        return False
    roles = list(settings.THIDUA_2FA_REQUIRED_ROLES)
    return bool(user.role_assignments.filter(role__in=roles).exists())


def unit_path_of(user: User | None) -> str:
    """Where the user's audit entries sit in the unit tree: the unit of their person, or ""."""
    if user is None:
        return ""
    try:
        person = user.person
    except ObjectDoesNotExist:
        return ""
    return str(person.unit.path)


def user_by_username(username: str) -> User | None:
    """The account with exactly this user name (as the authentication backend matches it)."""
    if not username:
        return None
    return User.objects.filter(username=username).first()


def sign_in_history(user: User, *, limit: int = 10) -> list[AuditEntry]:
    """The user's latest sign-ins, failed attempts on the account and lockouts, newest first."""
    condition = Q(actor=user, action=AuditAction.LOGIN) | Q(
        target_type=User._meta.label_lower,
        target_id=str(user.pk),
        action__in=[AuditAction.LOGIN_FAILED, AuditAction.LOCKOUT],
    )
    return list(AuditEntry.objects.filter(condition).order_by("-at", "-id")[:limit])


def users_for_password_reset(email: str) -> list[User]:
    """Active accounts with this email address (case-insensitive).

    Unlike Django's default, accounts without a usable password are included: new accounts get
    one only when their holder follows the first link, and an expired link must not strand them.
    """
    email = email.strip()
    if not email:
        return []
    return [
        user
        for user in User.objects.filter(email__iexact=email, is_active=True).order_by("pk")
        if user.email.casefold() == email.casefold()
    ]
