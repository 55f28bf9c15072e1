"""SCAFFOLD: replaced by the real views."""

from django.http import HttpResponse


def cluster_list(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold cluster_list")


def cluster_create(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold cluster_create")


def cluster_copy_year(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold cluster_copy_year")


def cluster_detail(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold cluster_detail")


def cluster_edit(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold cluster_edit")
