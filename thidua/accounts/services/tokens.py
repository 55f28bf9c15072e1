"""API tokens: create (the plaintext is returned once, only its hash is stored), revoke, and
authenticate a bearer token.

A token looks like ``tds_<43 url-safe characters>``. The lookup is by the SHA-256 of the whole
token on a unique index: comparing hashes of a 256-bit secret leaks nothing useful through timing,
so no separate constant-time comparison is needed.
"""

import datetime as dt
import hashlib
import secrets

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import ApiToken, User
from thidua.accounts.selectors import unit_path_of
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction

TOKEN_PREFIX = "tds_"  # noqa: S105 (a public marker, not a secret)
PREFIX_LENGTH = 12
NAME_MAX_LENGTH = 100
MAX_ACTIVE_TOKENS_PER_USER = 20
# Writing last_used_at on every request would turn every API read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)
# "tds_" + token_urlsafe(32) is 47 characters; anything far from that is not one of ours.
_MIN_LENGTH, _MAX_LENGTH = 40, 80


def hash_token(plaintext: str) -> str:
    """The stored form of a token: its SHA-256, in hex."""
    return hashlib.sha256(plaintext.encode()).hexdigest()


def _audit_changes(token: ApiToken) -> dict[str, list[object]]:
    return {
        "name": [None, token.name],
        "prefix": [None, token.prefix],
        "user": [None, token.user.get_username()],
        "expires_at": [None, token.expires_at.isoformat() if token.expires_at else None],
    }


@transaction.atomic
def create_api_token(
    *, by: User | None, user: User, name: str, expires_at: dt.datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for `user`; return it with its plaintext, which is never stored.

    `by` is None for the management command (the system acts). Refuses: a token for someone
    else, an inactive user, an empty or over-long name, an expiry not in the future, and more
    than MAX_ACTIVE_TOKENS_PER_USER tokens still in use.
    """
    if by is not None and by.pk != user.pk:
        raise PermissionDeniedError("Bạn chỉ có thể tạo mã truy cập cho chính tài khoản của mình.")
    if not user.is_active:
        raise DomainError("Tài khoản đã bị khóa, không thể tạo mã truy cập.", field="user")
    name = " ".join(name.split())
    if not name:
        raise DomainError("Tên gợi nhớ không được để trống.", field="name")
    if len(name) > NAME_MAX_LENGTH:
        raise DomainError(f"Tên gợi nhớ dài quá {NAME_MAX_LENGTH} ký tự.", field="name")
    now = timezone.now()
    if expires_at is not None and expires_at <= now:
        raise DomainError("Ngày hết hạn phải ở tương lai.", field="expires_at")
    active = ApiToken.objects.filter(user=user, revoked_at__isnull=True).exclude(
        expires_at__lte=now
    )
    if active.count() >= MAX_ACTIVE_TOKENS_PER_USER:
        raise DomainError(
            f"Mỗi tài khoản có tối đa {MAX_ACTIVE_TOKENS_PER_USER} mã truy cập đang dùng. "
            "Hãy thu hồi mã không còn cần trước khi tạo mã mới.",
            field="name",
        )
    plaintext = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=plaintext[:PREFIX_LENGTH],
        token_hash=hash_token(plaintext),
        created_at=now,
        expires_at=expires_at,
    )
    record_audit(
        actor=by,
        action=AuditAction.TOKEN_CREATE,
        target=token,
        unit_path=unit_path_of(user),
        changes=_audit_changes(token),
    )
    return token, plaintext


@transaction.atomic
def revoke_api_token(*, by: User | None, token: ApiToken, reason: str = "") -> ApiToken:
    """Revoke a token now; it stops working at once.

    Refuses: revoking another user's token (only the owner or the system may), and a token
    already revoked.
    """
    if by is not None and by.pk != token.user_id:
        raise PermissionDeniedError("Bạn chỉ có thể thu hồi mã truy cập của chính mình.")
    if token.revoked_at is not None:
        raise DomainError("Mã truy cập này đã bị thu hồi trước đó.")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    record_audit(
        actor=by,
        action=AuditAction.TOKEN_REVOKE,
        target=token,
        unit_path=unit_path_of(token.user),
        changes={"revoked_at": [None, token.revoked_at.isoformat()]},
        reason=reason,
    )
    return token


def authenticate_token(plaintext: str) -> User | None:
    """The active user a bearer token belongs to, or None.

    None for: a malformed token, an unknown one, a revoked or expired token, and a token whose
    user is inactive. Notes the time of use, at most once per LAST_USED_RESOLUTION.
    """
    if not plaintext.startswith(TOKEN_PREFIX) or not _MIN_LENGTH <= len(plaintext) <= _MAX_LENGTH:
        return None
    token = ApiToken.objects.select_related("user").filter(token_hash=hash_token(plaintext)).first()
    if token is None or not token.is_active or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token.user


def tokens_of(user: User) -> list[ApiToken]:
    """The user's tokens, newest first (for their token page)."""
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id"))
