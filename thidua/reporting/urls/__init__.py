"""URLs of reporting, one module per area, one namespace:
entry (data entry, evidence), workflow (submission, approval, exceptions), scores (scorecards,
rankings, heat map), monitoring (completeness and timeliness, reminders, setup), imports (Excel
bulk entry), documents (issuing the official documents)."""

from django.urls import path

from thidua.reporting.urls import documents, entry, imports, monitoring, scores, workflow
from thidua.reporting.views.home import reporting_home

app_name = "reporting"

urlpatterns = [
    path("bao-cao/", reporting_home, name="home"),
    *entry.urlpatterns,
    *workflow.urlpatterns,
    *scores.urlpatterns,
    *monitoring.urlpatterns,
    *imports.urlpatterns,
    *documents.urlpatterns,
]
