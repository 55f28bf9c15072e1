"""Writes about two-factor sign-in: authenticator-app (TOTP) devices and recovery codes.

Devices are django-otp's: a `TOTPDevice` per user (confirmed once the user typed a code from
their app) and a `StaticDevice` named "recovery" holding single-use recovery codes. A used
recovery code is deleted by django-otp; codes are stored as typed (lower case, no dash) because
django-otp compares them verbatim, so the database must be protected like the secret keys.
"""

import secrets
import time
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.accounts.models import User
from thidua.accounts.selectors import (
    RECOVERY_DEVICE_NAME,
    confirmed_totp_device,
    is_two_factor_required,
    recovery_device,
    unit_path_of,
)
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction

TOTP_DEVICE_NAME = "Ứng dụng xác thực"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: recovery codes are read off paper.
RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
RECOVERY_CODE_LENGTH = 10
TOTP_SECRET_BYTES = 20

WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn."
WRONG_RECOVERY_CODE = "Mã xác thực hoặc mã dự phòng không đúng."


@dataclass(frozen=True)
class SecondFactor:
    """The device that accepted a code at sign-in, and whether it was a recovery code."""

    device: Any
    used_recovery_code: bool


def normalize_code(text: str) -> str:
    """What the user typed, without spaces or dashes, in lower case ("123 456" → "123456")."""
    return "".join(ch for ch in text.lower() if not ch.isspace() and ch != "-")


def format_recovery_code(code: str) -> str:
    """ "abcdefghjk" → "abcde-fghjk" (easier to copy by hand)."""
    half = len(code) // 2
    return f"{code[:half]}-{code[half:]}"


def _new_recovery_code() -> str:
    return "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_CODE_LENGTH))


def _replace_recovery_codes(user: User) -> list[str]:
    """Delete the user's recovery codes and issue RECOVERY_CODE_COUNT new ones (formatted)."""
    device = recovery_device(user)
    if device is None:
        device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    else:
        device.token_set.all().delete()
        device.throttle_reset(commit=True)
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [format_recovery_code(code) for code in codes]


def _retry_after_seconds(device: Any) -> int | None:
    """Seconds until django-otp lets this device verify again after wrong codes, else None."""
    allowed, info = device.verify_is_allowed()
    if allowed:
        return None
    locked_until = (info or {}).get("locked_until")
    if locked_until is None:
        return 1
    return max(1, int((locked_until - timezone.now()).total_seconds()) + 1)


def _throttled_message(seconds: int) -> str:
    return f"Bạn đã nhập sai mã nhiều lần. Vui lòng thử lại sau {seconds} giây."


def _verify_totp(device: Any, code: str, *, field: str) -> None:
    """Refuse (DomainError on `field`) a code the device does not accept right now."""
    code = normalize_code(code)
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        wait = _retry_after_seconds(locked)
        accepted = wait is None and code.isdigit() and bool(locked.verify_token(code))
    if wait is not None:
        raise DomainError(_throttled_message(wait), field=field)
    if not accepted:
        raise DomainError(WRONG_CODE, field=field)


def new_totp_secret() -> str:
    """A fresh random TOTP key (hex) for the setup page; nothing is stored until confirmed."""
    return secrets.token_hex(TOTP_SECRET_BYTES)


def _check_secret_hex(secret_hex: str) -> str:
    try:
        key_bytes = bytes.fromhex(secret_hex)
    except ValueError:
        key_bytes = b""
    if not 16 <= len(key_bytes) <= 40:
        raise DomainError("Khóa bí mật phải là chuỗi hexa dài 32–80 ký tự.", field="secret_hex")
    return key_bytes.hex()


def confirm_totp_setup(*, user: User, secret_hex: str, code: str) -> tuple[Any, list[str]]:
    """Turn two-factor sign-in on with the secret the setup page showed and the code the user's
    app computes from it. Returns the new device and recovery codes (to show once).

    The accepted time step is recorded on the device, so the same code cannot be replayed to
    sign in. Refuses a user whose two-factor sign-in is already on, a malformed secret and a
    wrong code (field `code`).
    """
    if confirmed_totp_device(user) is not None:
        raise DomainError("Xác thực hai lớp đã được bật cho tài khoản này.")
    key = _check_secret_hex(secret_hex)
    typed = normalize_code(code)
    device = TOTPDevice(user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not (typed.isdigit() and totp.verify(int(typed), device.tolerance)):
        raise DomainError(WRONG_CODE, field="code")
    device.last_t = totp.t()
    device.drift = totp.drift
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device.save()
        codes = _replace_recovery_codes(user)
        record_audit(
            actor=user,
            action=AuditAction.TWO_FACTOR_ENABLE,
            target=user,
            unit_path=unit_path_of(user),
            reason="Người dùng tự thiết lập ứng dụng xác thực.",
        )
    return device, codes


def enroll_totp(
    user: User, *, secret_hex: str | None = None, by: User | None = None
) -> tuple[Any, list[str]]:
    """Give `user` a confirmed TOTP device and fresh recovery codes without the setup page.

    For the demo seeder (pre-enrolled demo administrators) and for tests. `secret_hex` is the
    device key as hexadecimal (20 bytes = 40 hex digits is what authenticator apps expect;
    RFC 4226 recommends 160 bits). Without it a random key is drawn from `secrets`. A fixed secret
    is public knowledge (the demo README prints it in base32), so anyone can compute the codes of
    such an account: it is refused when `settings.THIDUA_IS_PRODUCTION`. The key is stored as
    django-otp stores it, in clear in the database; it is never logged or written to the audit
    trail. Existing TOTP devices and recovery codes of the user are replaced.

    Refuses a malformed `secret_hex` (field `secret_hex`).
    """
    if secret_hex is not None:
        if settings.THIDUA_IS_PRODUCTION:
            raise DomainError(
                "Không được dùng khóa bí mật cố định trong môi trường sản xuất.",
                field="secret_hex",
            )
        key = _check_secret_hex(secret_hex)
    else:
        key = new_totp_secret()
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(
            user=user, name=TOTP_DEVICE_NAME, key=key, confirmed=True
        )
        codes = _replace_recovery_codes(user)
        record_audit(
            actor=by,
            action=AuditAction.TWO_FACTOR_ENABLE,
            target=user,
            unit_path=unit_path_of(user),
            reason="Đăng ký sẵn ứng dụng xác thực.",
        )
    return device, codes


def regenerate_recovery_codes(*, user: User, code: str) -> list[str]:
    """Replace the user's recovery codes (the old ones stop working) after a current code from
    the authenticator app. Refuses a user without two-factor sign-in and a wrong code (`code`)."""
    device = confirmed_totp_device(user)
    if device is None:
        raise DomainError("Tài khoản chưa bật xác thực hai lớp.")
    _verify_totp(device, code, field="code")
    with transaction.atomic():
        codes = _replace_recovery_codes(user)
        record_audit(
            actor=user,
            action=AuditAction.UPDATE,
            target=user,
            unit_path=unit_path_of(user),
            reason="Tạo lại mã dự phòng xác thực hai lớp.",
        )
    return codes


def disable_two_factor(*, user: User, password: str, code: str) -> None:
    """Turn two-factor sign-in off: delete the app device and the recovery codes.

    Refuses when the user's role requires two-factor sign-in (settings
    THIDUA_2FA_REQUIRED_ROLES), a wrong password (field `password`) and a wrong current code from
    the app (field `code`).
    """
    if is_two_factor_required(user):
        raise DomainError(
            "Vai trò của bạn bắt buộc dùng xác thực hai lớp nên không thể tắt. "
            "Nếu mất điện thoại, hãy liên hệ quản trị hệ thống."
        )
    device = confirmed_totp_device(user)
    if device is None:
        raise DomainError("Tài khoản chưa bật xác thực hai lớp.")
    if not user.check_password(password):
        raise DomainError("Mật khẩu không đúng.", field="password")
    _verify_totp(device, code, field="code")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        record_audit(
            actor=user,
            action=AuditAction.TWO_FACTOR_DISABLE,
            target=user,
            unit_path=unit_path_of(user),
        )


def verify_second_factor(*, user: User, code: str) -> SecondFactor:
    """Check the second step of sign-in: a 6-digit code from the app or a recovery code.

    A recovery code is consumed. Refuses (field `code`) a wrong code, and any code while
    django-otp's throttling makes the device wait after wrong codes (with the seconds to wait).
    """
    typed = normalize_code(code)
    if typed.isdigit() and len(typed) <= 8:
        device = confirmed_totp_device(user)
        if device is None:
            raise DomainError(WRONG_RECOVERY_CODE, field="code")
        _verify_totp(device, typed, field="code")
        return SecondFactor(device=device, used_recovery_code=False)
    static = recovery_device(user)
    if static is None or not typed:
        raise DomainError(WRONG_RECOVERY_CODE, field="code")
    with transaction.atomic():
        locked = StaticDevice.objects.select_for_update().get(pk=static.pk)
        wait = _retry_after_seconds(locked)
        accepted = wait is None and bool(locked.verify_token(typed))
    if wait is not None:
        raise DomainError(_throttled_message(wait), field="code")
    if not accepted:
        raise DomainError(WRONG_RECOVERY_CODE, field="code")
    return SecondFactor(device=locked, used_recovery_code=True)
