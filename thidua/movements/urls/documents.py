"""URLs issuing the movements app's documents (POST only)."""

from django.urls import URLPattern, path

from thidua.movements.views import documents

urlpatterns: list[URLPattern] = [
    path("phong-trao/<int:pk>/van-ban/ke-hoach/", documents.plan_issue, name="plan_issue"),
    path(
        "phong-trao/<int:pk>/dang-ky/<int:year>/van-ban/",
        documents.round_registrations_issue,
        name="round_registrations_issue",
    ),
    path(
        "phong-trao/<int:pk>/dang-ky/<int:year>/don-vi/<int:unit_pk>/van-ban/",
        documents.unit_registrations_issue,
        name="unit_registrations_issue",
    ),
]
