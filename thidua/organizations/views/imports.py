"""SCAFFOLD: replaced by the real views."""

from django.http import HttpResponse


def import_list(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold import_list")


def import_template(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold import_template")


def import_upload(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold import_upload")


def import_detail(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold import_detail")


def import_progress(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold import_progress")


def import_error_report(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold import_error_report")
