"""Two-factor sign-in is required for some roles: send their holders to set it up or to verify."""

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from thidua.accounts.selectors import has_two_factor, is_two_factor_required

# Pages a user without verified two-factor sign-in may still open (by URL name).
EXEMPT_URL_NAMES = frozenset(
    {
        "accounts:login",
        "accounts:login_otp",
        "accounts:logout",
        "accounts:two_factor_setup",
        "accounts:recovery_codes",
        "accounts:password_change",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "healthz",
    }
)
# The API authenticates with bearer tokens, not sessions; static files need no sign-in.
EXEMPT_PATH_PREFIXES = ("/api/", "/healthz")

_REQUIRED_ATTR = "_thidua_two_factor_required"


def two_factor_required(request: HttpRequest) -> bool:
    """Whether the signed-in user's role requires two-factor sign-in (one query per request)."""
    cached: bool | None = getattr(request, _REQUIRED_ATTR, None)
    if cached is None:
        cached = is_two_factor_required(request.user)  # type: ignore[arg-type]
        setattr(request, _REQUIRED_ATTR, cached)
    return cached


class TwoFactorRequiredMiddleware:
    """For a signed-in user whose role requires two-factor sign-in (THIDUA_2FA_REQUIRED_ROLES,
    when THIDUA_2FA_REQUIRED) and whose session is not verified by a device: redirect every page
    to the setup page (no device yet) or to the code page (device, but e.g. a session opened
    before the device existed). Verified users cost no query. Placed after OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: Any,
        view_kwargs: Any,
    ) -> HttpResponse | None:
        if not settings.THIDUA_2FA_REQUIRED or not request.user.is_authenticated:
            return None
        is_verified = getattr(request.user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in EXEMPT_URL_NAMES:
            return None
        if request.path.startswith(EXEMPT_PATH_PREFIXES) or request.path.startswith(
            str(settings.STATIC_URL)
        ):
            return None
        if not two_factor_required(request):
            return None
        target = (
            "accounts:login_otp" if has_two_factor(request.user) else "accounts:two_factor_setup"
        )
        url = reverse(target)
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = url
            return response
        return HttpResponseRedirect(url)
