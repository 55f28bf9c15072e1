"""URLs of initiatives: listing (the scoped list, the user's own, the recognised list, the
Excel export of any of them)."""

from django.urls import URLPattern, path

from thidua.initiatives.views import listing

urlpatterns: list[URLPattern] = [
    path("sang-kien/", listing.initiative_list, name="initiative_list"),
    path("sang-kien/cua-toi/", listing.my_initiatives, name="my_initiatives"),
    path("sang-kien/da-cong-nhan/", listing.recognised_list, name="recognised_list"),
    path("sang-kien/xuat-excel/", listing.initiative_export, name="initiative_export"),
]
