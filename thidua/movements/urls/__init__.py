"""URLs of movements, one module per area (plan, criteria, scoring, registrations,
documents), one
namespace."""

from thidua.movements.urls import criteria, documents, plan, registrations, scoring

app_name = "movements"

urlpatterns = [
    *plan.urlpatterns,
    *criteria.urlpatterns,
    *scoring.urlpatterns,
    *registrations.urlpatterns,
    *documents.urlpatterns,
]
