"""URLs of initiatives: the duplicate panel and the area suggestion (htmx fragments)."""

from django.urls import URLPattern, path

from thidua.initiatives.views import similarity

urlpatterns: list[URLPattern] = [
    path("sang-kien/trung-lap/", similarity.similar_panel, name="similar_panel"),
    path("sang-kien/goi-y-linh-vuc/", similarity.area_suggestion, name="suggest_area"),
]
