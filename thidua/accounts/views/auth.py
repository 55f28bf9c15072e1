"""SCAFFOLD: replaced by the real views."""

from django.http import HttpResponse


def login_view(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold login_view")


def login_otp(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold login_otp")


def logout_view(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold logout_view")


def password_change(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold password_change")


def password_reset(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold password_reset")


def password_reset_done(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold password_reset_done")


def password_reset_confirm(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold password_reset_confirm")


def password_reset_complete(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold password_reset_complete")


def security(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold security")


def two_factor_setup(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold two_factor_setup")


def two_factor_disable(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold two_factor_disable")


def recovery_codes(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold recovery_codes")

