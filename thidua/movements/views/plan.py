"""SCAFFOLD: the plan pages (replaced by the real views)."""

from django.http import HttpRequest, HttpResponse


def movement_list(request: HttpRequest) -> HttpResponse:
    return HttpResponse("scaffold movement_list")
