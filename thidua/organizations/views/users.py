"""SCAFFOLD: replaced by the real views."""

from django.http import HttpResponse


def user_list(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold user_list")


def user_create(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold user_create")


def user_detail(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold user_detail")


def user_edit(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold user_edit")


def role_grant(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold role_grant")


def role_revoke(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold role_revoke")


def user_send_password_reset(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold user_send_password_reset")
