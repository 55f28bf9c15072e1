"""SCAFFOLD: replaced by the real views."""

from django.http import HttpResponse


def home(request, *args, **kwargs):  # type: ignore[no-untyped-def]
    return HttpResponse("scaffold home")
