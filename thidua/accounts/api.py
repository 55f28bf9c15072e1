"""API v1 pieces of accounts: bearer-token and session authentication."""

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from thidua.accounts.models import User
from thidua.accounts.selectors import is_two_factor_required
from thidua.accounts.services.tokens import authenticate_token


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer tds_…` with a token from the "Mã truy cập API" page.

    On success the token's user becomes `request.user`, so permission checks and scoping work
    exactly as for a signed-in page. An unknown, revoked or expired token, or an inactive user,
    is not authenticated (the API answers 401 unless the session authenticates the request).
    """

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        user = authenticate_token(token.strip())
        if user is not None:
            request.user = user
        return user


class VerifiedSessionAuth(SessionAuth):
    """The browser's signed-in session (CSRF-checked on writes), so the interactive docs work.

    The page middleware that demands two-factor sign-in lets /api/ through (tokens need no
    second factor); so here a session of a role that requires two-factor sign-in counts only
    once that session is verified by a device.
    """

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = request.user
        if not isinstance(user, User) or not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return user
        return None if is_two_factor_required(user) else user
