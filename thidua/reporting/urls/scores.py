"""URLs of reporting: scores (scorecards with appraisal, rankings, heat map, recomputation)."""

from django.urls import URLPattern, path

from thidua.reporting.views import scores

urlpatterns: list[URLPattern] = [
    path("bao-cao/diem/", scores.scores_home, name="scores_home"),
    path(
        "bao-cao/diem/<int:movement>/don-vi/<int:unit>/",
        scores.scorecard,
        name="scorecard",
    ),
    path(
        "bao-cao/diem/<int:movement>/don-vi/<int:unit>/excel/",
        scores.scorecard_export,
        name="scorecard_export",
    ),
    path(
        "bao-cao/diem/<int:movement>/bao-cao/<int:report>/tieu-chi/<int:criterion>/tham-dinh/",
        scores.appraisal,
        name="appraisal",
    ),
    path(
        "bao-cao/diem/<int:movement>/bao-cao/<int:report>/tieu-chi/<int:criterion>/bo-tham-dinh/",
        scores.appraisal_clear,
        name="appraisal_clear",
    ),
    path("bao-cao/diem/<int:movement>/xep-hang/", scores.ranking, name="ranking"),
    path(
        "bao-cao/diem/<int:movement>/xep-hang/excel/", scores.ranking_export, name="ranking_export"
    ),
    path("bao-cao/diem/<int:movement>/ban-do-nhiet/", scores.heat_map, name="heat_map"),
    path(
        "bao-cao/diem/<int:movement>/ban-do-nhiet/excel/",
        scores.heat_map_export,
        name="heat_map_export",
    ),
    path("bao-cao/diem/<int:movement>/tinh-lai/", scores.recompute, name="recompute"),
    path("bao-cao/diem/tinh-lai/<int:pk>/", scores.recompute_job, name="recompute_job"),
    path(
        "bao-cao/diem/tinh-lai/<int:pk>/tien-do/",
        scores.recompute_progress,
        name="recompute_progress",
    ),
]
