"""URLs issuing the reporting app's documents (POST only)."""

from django.urls import URLPattern, path

from thidua.reporting.views import documents

urlpatterns: list[URLPattern] = [
    path(
        "bao-cao/<int:pk>/van-ban/", documents.periodic_report_issue, name="periodic_report_issue"
    ),
    path(
        "bao-cao/diem/<int:movement>/bao-cao/<int:report>/van-ban/",
        documents.scorecard_issue,
        name="scorecard_issue",
    ),
    path(
        "bao-cao/diem/<int:movement>/xep-hang/van-ban/",
        documents.ranking_issue,
        name="ranking_issue",
    ),
]
