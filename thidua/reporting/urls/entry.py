"""URLs of reporting: data entry and evidence."""

from django.urls import URLPattern, path

from thidua.reporting.views import entry, evidence

urlpatterns: list[URLPattern] = [
    path(
        "bao-cao/ky/<int:period>/don-vi/<int:unit>/",
        entry.report_start,
        name="report_start",
    ),
    path("bao-cao/<int:pk>/nhap/", entry.report_entry, name="report_entry"),
    path(
        "bao-cao/<int:pk>/nhap/<int:indicator_pk>/",
        entry.entry_value,
        name="entry_value",
    ),
    path(
        "bao-cao/<int:pk>/giai-trinh/<int:indicator_pk>/",
        entry.entry_explanation,
        name="entry_explanation",
    ),
    path("bao-cao/<int:pk>/minh-chung/", evidence.evidence_list, name="evidence_list"),
    path(
        "bao-cao/<int:pk>/minh-chung/<int:evidence>/tai-ve/",
        evidence.evidence_download,
        name="evidence_download",
    ),
    path(
        "bao-cao/<int:pk>/minh-chung/<int:evidence>/go/",
        evidence.evidence_remove,
        name="evidence_remove",
    ),
]
