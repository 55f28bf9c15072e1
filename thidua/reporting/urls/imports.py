"""URLs of reporting: the Excel bulk entry of a period."""

from django.urls import URLPattern, path

from thidua.reporting.views import imports

urlpatterns: list[URLPattern] = [
    path("bao-cao/ky/<int:period>/mau-excel/", imports.values_template, name="values_template"),
    path("bao-cao/ky/<int:period>/nhap-excel/", imports.values_upload, name="values_upload"),
    path("bao-cao/nhap-excel/<int:pk>/", imports.values_import_detail, name="values_import_detail"),
    path(
        "bao-cao/nhap-excel/<int:pk>/tien-do/",
        imports.values_import_progress,
        name="values_import_progress",
    ),
    path(
        "bao-cao/nhap-excel/<int:pk>/loi.xlsx",
        imports.values_import_errors,
        name="values_import_errors",
    ),
]
