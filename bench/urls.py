"""The bench URL conf: the application's URLs plus a trivial view to compare pages against.

Used only by bench/run.py (ROOT_URLCONF overridden); the trivial view goes through the same
middleware as every page and loads the signed-in user, so "page ÷ trivial" is the cost of the
page's own work.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def trivial(request: HttpRequest) -> HttpResponse:
    """Loads the session and the user, as every signed-in page does, and nothing else."""
    name = request.user.get_username() if request.user.is_authenticated else ""
    return HttpResponse(f"ok {name}", content_type="text/plain")


urlpatterns = [
    path("bench/trivial", trivial, name="bench_trivial"),
    path("", include("thidua.urls")),
]
