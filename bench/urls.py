"""The bench URL conf: the application's URLs plus a trivial view to compare pages against.

Used only by bench/run.py (ROOT_URLCONF overridden); the trivial view goes through the same
middleware as every page and loads the signed-in user, so "page ÷ trivial" is the cost of the
page's own work.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    """Loads the session and the user, as every signed-in page does, and nothing else."""
    name = request.user.get_username() if request.user.is_authenticated else ""
    return HttpResponse(f"ok {name}", content_type="text/plain")


def layout(request: HttpRequest) -> HttpResponse:
    """The page layout alone (base.html: menu, user, footer) around one sentence: the fixed
    cost every page of the application pays before showing any data."""
    return render(
        request, "core/error.html", {"title": "Khung", "message": "Trang trống.", "status": 200}
    )


urlpatterns = [
    path("bench/trivial", trivial, name="bench_trivial"),
    path("bench/layout", layout, name="bench_layout"),
    path("", include("thidua.urls")),
]
