"""SCAFFOLD: replaced by the real views."""

from django.http import HttpResponse


def unit_tree(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold unit_tree")


def unit_create(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold unit_create")


def unit_detail(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold unit_detail")


def unit_children(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold unit_children")


def unit_edit(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold unit_edit")


def unit_move(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold unit_move")
