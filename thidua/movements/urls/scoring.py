"""URLs of the scoring table pages: tables of a movement, versions, rules, title bands."""

from django.urls import URLPattern, path

from thidua.movements.views import scoring

urlpatterns: list[URLPattern] = [
    path("phong-trao/<int:pk>/bang-diem/", scoring.scoring_table_list, name="scoring_table_list"),
    path(
        "phong-trao/<int:pk>/bang-diem/them/",
        scoring.scoring_table_create,
        name="scoring_table_create",
    ),
    path("bang-diem/<int:pk>/", scoring.scoring_table_detail, name="scoring_table_detail"),
    path("bang-diem/<int:pk>/sua/", scoring.scoring_table_edit, name="scoring_table_edit"),
    path(
        "bang-diem/<int:pk>/phien-ban/them/",
        scoring.scoring_version_create,
        name="scoring_version_create",
    ),
    path(
        "bang-diem/phien-ban/<int:pk>/",
        scoring.scoring_version_detail,
        name="scoring_version_detail",
    ),
    path(
        "bang-diem/phien-ban/<int:pk>/sua/",
        scoring.scoring_version_edit,
        name="scoring_version_edit",
    ),
    path(
        "bang-diem/phien-ban/<int:pk>/khoa/",
        scoring.scoring_version_lock,
        name="scoring_version_lock",
    ),
    path(
        "bang-diem/phien-ban/<int:pk>/xep-loai/",
        scoring.scoring_bands_edit,
        name="scoring_bands_edit",
    ),
    path(
        "bang-diem/phien-ban/<int:pk>/chi-tieu/<int:indicator_pk>/",
        scoring.scoring_rule_edit,
        name="scoring_rule_edit",
    ),
    path(
        "bang-diem/phien-ban/<int:pk>/chi-tieu/<int:indicator_pk>/bo/",
        scoring.scoring_rule_remove,
        name="scoring_rule_remove",
    ),
]
