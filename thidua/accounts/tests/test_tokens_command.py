"""`manage.py create_api_token`: prints only the token; Vietnamese errors on stderr."""

import datetime as dt
import io

import pytest
from django.core.management import call_command

from thidua.accounts.models import ApiToken, User
from thidua.accounts.services.tokens import authenticate_token


def make_user(username: str, **fields) -> User:
    """An account (accounts' tests build users directly: the factories live in organizations)."""
    return User.objects.create_user(username=username, password="mat-khau-thu-nghiem-1", **fields)


def _run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("create_api_token", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_create_api_token_command_prints_only_the_token(db):
    user = make_user(username="dongbo")

    out, err = _run("dongbo", "--name", "Đồng bộ HRM")

    token = ApiToken.objects.get(user=user)
    assert out == out.strip() + "\n"
    assert authenticate_token(out.strip()) == user
    assert err == ""
    assert (token.name, token.expires_at) == ("Đồng bộ HRM", None)


def test_create_api_token_command_days_sets_the_expiry(db):
    make_user(username="dongbo")

    _run("dongbo", "--days", "7")

    token = ApiToken.objects.get()
    assert token.expires_at - token.created_at == pytest.approx(
        dt.timedelta(days=7), abs=dt.timedelta(seconds=5)
    )
    assert token.name.startswith("Dòng lệnh ")


def _failure(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(SystemExit) as exited:
        call_command("create_api_token", *args, stdout=out, stderr=err)
    return exited.value.code, out.getvalue(), err.getvalue()


def test_create_api_token_command_unknown_user_fails_in_vietnamese(db):
    code, out, err = _failure("khong-co")

    assert (code, out) == (1, "")
    assert err == "Không có tài khoản “khong-co”.\n"
    assert ApiToken.objects.count() == 0


def test_create_api_token_command_inactive_user_fails_in_vietnamese(db):
    make_user(username="nghi", is_active=False)

    code, out, err = _failure("nghi")

    assert (code, out) == (1, "")
    assert err == "Tài khoản “nghi” đã bị khóa, không thể tạo mã truy cập.\n"
    assert ApiToken.objects.count() == 0


def test_create_api_token_command_non_positive_days_fails(db):
    make_user(username="dongbo")

    code, _, err = _failure("dongbo", "--days", "0")

    assert code == 1
    assert err == "Số ngày hiệu lực (--days) phải là số nguyên dương.\n"
