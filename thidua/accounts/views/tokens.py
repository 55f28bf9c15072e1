"""API token pages: a user lists, creates and revokes their own tokens.

A new token's plaintext is shown once, in the response to the creation request, and never
stored: the page is not cached, and nothing keeps it in the session.
"""

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.models import ApiToken, User
from thidua.accounts.services.tokens import (
    NAME_MAX_LENGTH,
    create_api_token,
    revoke_api_token,
    tokens_of,
)
from thidua.core.errors import DomainError

EXPIRY_CHOICES = [
    ("30", "30 ngày"),
    ("90", "90 ngày"),
    ("180", "180 ngày"),
    ("365", "1 năm"),
    ("0", "Không hết hạn"),
]


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        label="Tên gợi nhớ",
        max_length=NAME_MAX_LENGTH,
        help_text="Để nhận ra mã này sau này, ví dụ “Đồng bộ phần mềm nhân sự”.",
        error_messages={"required": "Hãy đặt tên gợi nhớ cho mã truy cập."},
    )
    expires_in = forms.ChoiceField(
        label="Thời hạn",
        choices=EXPIRY_CHOICES,
        initial="90",
        error_messages={"invalid_choice": "Hãy chọn một thời hạn trong danh sách."},
    )

    def expires_at(self) -> dt.datetime | None:
        days = int(self.cleaned_data["expires_in"])
        return timezone.now() + dt.timedelta(days=days) if days else None


def _user(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # pragma: no cover - login_required guarantees it
        raise TypeError("an authenticated user is required")
    return user


@login_required
@require_GET
def token_list(request: HttpRequest) -> HttpResponse:
    tokens = tokens_of(_user(request))
    return render(
        request,
        "accounts/tokens/list.html",
        {"tokens": tokens, "now": timezone.now(), "section": "tokens"},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def token_create(request: HttpRequest) -> HttpResponse:
    form = TokenCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, plaintext = create_api_token(
                by=_user(request),
                user=_user(request),
                name=form.cleaned_data["name"],
                expires_at=form.expires_at(),
            )
        except DomainError as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            # never_cache marks the response no-store: the plaintext stays in no cache.
            return render(
                request,
                "accounts/tokens/created.html",
                {"token": token, "plaintext": plaintext, "section": "tokens"},
            )
    return render(request, "accounts/tokens/create.html", {"form": form, "section": "tokens"})


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.filter(user=_user(request)), pk=pk)
    try:
        revoke_api_token(by=_user(request), token=token)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Đã thu hồi mã truy cập “{token.name}”. Mã này không còn dùng được."
        )
    return redirect("accounts:token_list")
