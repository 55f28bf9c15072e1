"""API token service: create, revoke, authenticate."""

import datetime as dt
import hashlib
import re

import pytest
from django.utils import timezone

from thidua.accounts.models import ApiToken, User
from thidua.accounts.roles import Role
from thidua.accounts.services.tokens import (
    LAST_USED_RESOLUTION,
    MAX_ACTIVE_TOKENS_PER_USER,
    authenticate_token,
    create_api_token,
    revoke_api_token,
)
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry


def make_user(username: str, **fields) -> User:
    """An account (accounts' tests build users directly: the factories live in organizations)."""
    return User.objects.create_user(username=username, password="mat-khau-thu-nghiem-1", **fields)


@pytest.fixture
def user(db):
    return make_user(username="dongbo")


def test_create_api_token_stores_only_the_hash(user):
    token, plaintext = create_api_token(by=user, user=user, name="  Đồng   bộ nhân sự ")

    token.refresh_from_db()
    assert re.fullmatch(r"tds_[A-Za-z0-9_\-]{43}", plaintext)
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.prefix == plaintext[:12]
    assert token.name == "Đồng bộ nhân sự"
    stored = [str(value) for value in ApiToken.objects.values().get(pk=token.pk).values()]
    assert [value for value in stored if plaintext in value] == []


def test_create_api_token_twice_gives_different_tokens(user):
    _, first = create_api_token(by=user, user=user, name="Một")
    _, second = create_api_token(by=user, user=user, name="Hai")

    assert first != second


def test_create_api_token_audited_without_the_secret(user):
    token, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")

    entry = AuditEntry.objects.get(action=AuditAction.TOKEN_CREATE)
    assert (entry.actor, entry.target_id, entry.target_repr) == (
        user,
        str(token.pk),
        f"Đồng bộ ({token.prefix}…)",
    )
    assert plaintext not in str(entry.changes)


def test_create_api_token_audit_sits_at_the_person_unit(cast, org):
    staff = cast[Role.STAFF]

    create_api_token(by=staff, user=staff, name="Đồng bộ")

    assert AuditEntry.objects.get(action=AuditAction.TOKEN_CREATE).unit_path == org.a1.path


def test_create_api_token_for_someone_else_refused(user):
    other = make_user(username="khac")

    with pytest.raises(PermissionDeniedError):
        create_api_token(by=other, user=user, name="Đồng bộ")

    assert ApiToken.objects.count() == 0


def test_create_api_token_by_the_system_allowed(user):
    token, _ = create_api_token(by=None, user=user, name="Dòng lệnh")

    assert token.user == user
    assert AuditEntry.objects.get(action=AuditAction.TOKEN_CREATE).actor_name == "Hệ thống"


def test_create_api_token_empty_name_refused(user):
    with pytest.raises(DomainError) as caught:
        create_api_token(by=user, user=user, name="   ")

    assert (caught.value.message, caught.value.field) == (
        "Tên gợi nhớ không được để trống.",
        "name",
    )


def test_create_api_token_expiry_in_the_past_refused(user):
    with pytest.raises(DomainError) as caught:
        create_api_token(
            by=user, user=user, name="Cũ", expires_at=timezone.now() - dt.timedelta(minutes=1)
        )

    assert (caught.value.message, caught.value.field) == (
        "Ngày hết hạn phải ở tương lai.",
        "expires_at",
    )


def test_create_api_token_inactive_user_refused(user):
    user.is_active = False
    user.save(update_fields=["is_active"])

    with pytest.raises(DomainError) as caught:
        create_api_token(by=None, user=user, name="Dòng lệnh")

    assert caught.value.message == "Tài khoản đã bị khóa, không thể tạo mã truy cập."


def test_create_api_token_over_the_active_limit_refused(user):
    for n in range(MAX_ACTIVE_TOKENS_PER_USER):
        create_api_token(by=user, user=user, name=f"Mã {n}")

    with pytest.raises(DomainError) as caught:
        create_api_token(by=user, user=user, name="Thừa")

    assert caught.value.message.startswith("Mỗi tài khoản có tối đa 20 mã truy cập đang dùng.")


def test_create_api_token_revoked_ones_do_not_count_toward_the_limit(user):
    tokens = [
        create_api_token(by=user, user=user, name=f"Mã {n}")[0]
        for n in range(MAX_ACTIVE_TOKENS_PER_USER)
    ]
    revoke_api_token(by=user, token=tokens[0])

    token, _ = create_api_token(by=user, user=user, name="Thay thế")

    assert token.name == "Thay thế"


def test_authenticate_token_valid_returns_the_user(user):
    _, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")

    assert authenticate_token(plaintext) == user


@pytest.mark.parametrize(
    "plaintext", ["", "tds_", "abc", "Bearer tds_x", "tds_" + "a" * 43, "tds_" + "a" * 200]
)
def test_authenticate_token_malformed_or_unknown_returns_none(user, plaintext):
    create_api_token(by=user, user=user, name="Đồng bộ")

    assert authenticate_token(plaintext) is None


def test_authenticate_token_revoked_returns_none(user):
    token, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")
    revoke_api_token(by=user, token=token)

    assert authenticate_token(plaintext) is None


def test_authenticate_token_expired_returns_none(user):
    token, plaintext = create_api_token(
        by=user, user=user, name="Đồng bộ", expires_at=timezone.now() + dt.timedelta(hours=1)
    )
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())

    assert authenticate_token(plaintext) is None


def test_authenticate_token_inactive_user_returns_none(user):
    _, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")
    user.is_active = False
    user.save(update_fields=["is_active"])

    assert authenticate_token(plaintext) is None


def test_authenticate_token_notes_last_use_once_per_resolution(user, django_assert_num_queries):
    token, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")

    with django_assert_num_queries(2):  # lookup, last_used_at
        authenticate_token(plaintext)
    with django_assert_num_queries(1):  # lookup only
        authenticate_token(plaintext)

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_authenticate_token_notes_last_use_again_after_the_resolution(user):
    token, plaintext = create_api_token(by=user, user=user, name="Đồng bộ")
    earlier = timezone.now() - LAST_USED_RESOLUTION - dt.timedelta(seconds=1)
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=earlier)

    authenticate_token(plaintext)

    token.refresh_from_db()
    assert token.last_used_at > earlier


def test_revoke_api_token_sets_the_time_and_audits(user):
    token, _ = create_api_token(by=user, user=user, name="Đồng bộ")

    revoke_api_token(by=user, token=token, reason="Lộ mã")

    token.refresh_from_db()
    entry = AuditEntry.objects.get(action=AuditAction.TOKEN_REVOKE)
    assert token.revoked_at is not None
    assert (entry.target_id, entry.reason) == (str(token.pk), "Lộ mã")


def test_revoke_api_token_of_someone_else_refused(user):
    token, _ = create_api_token(by=user, user=user, name="Đồng bộ")
    other = make_user(username="khac")

    with pytest.raises(PermissionDeniedError):
        revoke_api_token(by=other, token=token)

    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoke_api_token_twice_refused(user):
    token, _ = create_api_token(by=user, user=user, name="Đồng bộ")
    revoke_api_token(by=user, token=token)

    with pytest.raises(DomainError) as caught:
        revoke_api_token(by=user, token=token)

    assert caught.value.message == "Mã truy cập này đã bị thu hồi trước đó."
