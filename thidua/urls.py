from django.urls import include, path

from thidua.api import api
from thidua.core import views as core_views
from thidua.organizations.views import home as home_views

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("tai-khoan/", include("thidua.accounts.urls")),
    path("", include("thidua.organizations.urls")),
    path("", include("thidua.movements.urls")),
    path("", include("thidua.reporting.urls")),
    path("", include("thidua.initiatives.urls")),
    path("", include("thidua.documents.urls")),
    path("", include("thidua.summaries.urls")),
    path("", include("thidua.awards.urls")),
    path("", include("thidua.core.urls")),
    path("api/v1/", api.urls),
]

handler400 = "thidua.core.views.bad_request"
handler403 = "thidua.core.views.permission_denied"
handler404 = "thidua.core.views.page_not_found"
handler500 = "thidua.core.views.server_error"
