"""URLs of movements, one module per area (plan, scoring, registrations), one namespace."""

from thidua.movements.urls import plan, registrations, scoring

app_name = "movements"

urlpatterns = [*plan.urlpatterns, *scoring.urlpatterns, *registrations.urlpatterns]
