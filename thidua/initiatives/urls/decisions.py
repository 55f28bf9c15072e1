"""URLs of initiatives: the council's results, votes and decisions, the notice of a
non-recognition, the round's official documents, and nhân rộng (adoptions)."""

from django.urls import URLPattern, path

from thidua.initiatives.views import adoption, decisions, official_documents

urlpatterns: list[URLPattern] = [
    path(
        "sang-kien/dot-cham/<int:round_pk>/ket-qua/",
        decisions.round_results_page,
        name="round_results",
    ),
    path(
        "sang-kien/dot-cham/<int:round_pk>/ket-qua/xuat-excel/",
        decisions.round_results_export,
        name="round_results_export",
    ),
    path(
        "sang-kien/dot-cham/<int:round_pk>/sang-kien/<int:initiative_pk>/bieu-quyet/",
        decisions.vote,
        name="vote",
    ),
    path(
        "sang-kien/dot-cham/<int:round_pk>/sang-kien/<int:initiative_pk>/quyet-dinh/",
        decisions.decide,
        name="decide",
    ),
    path(
        "sang-kien/dot-cham/<int:round_pk>/van-ban/quyet-dinh/",
        official_documents.issue_decision,
        name="round_issue_decision",
    ),
    path(
        "sang-kien/dot-cham/<int:round_pk>/van-ban/giay-chung-nhan/",
        official_documents.make_certificates,
        name="round_certificates",
    ),
    path(
        "sang-kien/dot-cham/<int:round_pk>/van-ban/thong-bao/",
        official_documents.issue_notices,
        name="round_issue_notices",
    ),
    path("sang-kien/quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision_detail"),
    path("sang-kien/nhan-rong/", adoption.adoption_list, name="adoption_list"),
    path("sang-kien/nhan-rong/xuat-excel/", adoption.adoption_export, name="adoption_export"),
    path(
        "sang-kien/<int:initiative_pk>/nhan-rong/them/",
        adoption.adoption_create,
        name="adoption_create",
    ),
]
