"""SCAFFOLD: replaced by the real views."""

from django.http import HttpResponse


def person_list(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold person_list")


def person_export(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold person_export")


def person_create(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold person_create")


def person_detail(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold person_detail")


def person_edit(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold person_edit")
