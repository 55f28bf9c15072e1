"""URLs of the plan-content pages: content areas, the criteria tree, indicators, yearly targets."""

from django.urls import URLPattern, path

from thidua.movements.views import criteria

urlpatterns: list[URLPattern] = [
    path("phong-trao/<int:pk>/tieu-chi/", criteria.criteria_tree, name="criteria_tree"),
    path("phong-trao/<int:pk>/tieu-chi/them/", criteria.criterion_create, name="criterion_create"),
    path(
        "phong-trao/<int:pk>/tieu-chi/cap-tren/",
        criteria.criterion_parent_options,
        name="criterion_parent_options",
    ),
    path(
        "phong-trao/<int:pk>/tieu-chi/<int:criterion_pk>/sua/",
        criteria.criterion_edit,
        name="criterion_edit",
    ),
    path(
        "phong-trao/<int:pk>/tieu-chi/<int:criterion_pk>/xoa/",
        criteria.criterion_delete,
        name="criterion_delete",
    ),
    path("phong-trao/<int:pk>/noi-dung/them/", criteria.area_create, name="area_create"),
    path("phong-trao/<int:pk>/noi-dung/<int:area_pk>/sua/", criteria.area_edit, name="area_edit"),
    path(
        "phong-trao/<int:pk>/noi-dung/<int:area_pk>/xoa/",
        criteria.area_delete,
        name="area_delete",
    ),
    path("phong-trao/<int:pk>/chi-tieu/them/", criteria.indicator_create, name="indicator_create"),
    path("phong-trao/<int:pk>/chi-tieu/thu-cong-thuc/", criteria.formula_try, name="formula_try"),
    path(
        "phong-trao/<int:pk>/chi-tieu/<int:indicator_pk>/",
        criteria.indicator_detail,
        name="indicator_detail",
    ),
    path(
        "phong-trao/<int:pk>/chi-tieu/<int:indicator_pk>/sua/",
        criteria.indicator_edit,
        name="indicator_edit",
    ),
    path(
        "phong-trao/<int:pk>/chi-tieu/<int:indicator_pk>/xoa/",
        criteria.indicator_delete,
        name="indicator_delete",
    ),
    path(
        "phong-trao/<int:pk>/chi-tieu/<int:indicator_pk>/chi-tieu-nam/",
        criteria.indicator_targets,
        name="indicator_targets",
    ),
]
