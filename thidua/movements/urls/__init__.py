"""URLs of movements, one module per area (plan, criteria, scoring, registrations), one
namespace."""

from thidua.movements.urls import criteria, plan, registrations, scoring

app_name = "movements"

urlpatterns = [
    *plan.urlpatterns,
    *criteria.urlpatterns,
    *scoring.urlpatterns,
    *registrations.urlpatterns,
]
