"""URLs of reporting: monitoring (completeness and timeliness of a period, the reporting
setup of a movement)."""

from django.urls import URLPattern, path

from thidua.reporting.views import monitoring
from thidua.reporting.views.setup import setup_home, setup_page

urlpatterns: list[URLPattern] = [
    path("bao-cao/tien-do/", monitoring.completeness_home, name="completeness_home"),
    path("bao-cao/tien-do/<int:pk>/", monitoring.completeness_page, name="completeness"),
    path(
        "bao-cao/tien-do/<int:pk>/xuat-excel/",
        monitoring.completeness_export,
        name="completeness_export",
    ),
    path("bao-cao/thiet-lap/", setup_home, name="setup_home"),
    path("bao-cao/thiet-lap/<int:pk>/", setup_page, name="setup"),
]
