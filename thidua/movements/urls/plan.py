"""URLs of the plan pages: movements, phases, periods, areas, criteria, indicators."""

from django.urls import URLPattern, path

from thidua.movements.views import plan

urlpatterns: list[URLPattern] = [
    path("phong-trao/", plan.movement_list, name="movement_list"),
]
