"""URLs of targets per unit, registrations (unit and personal) and pledges."""

from django.urls import URLPattern, path

from thidua.movements.views.registrations import personal, pledges, targets, units

_YEAR = "phong-trao/<int:pk>/dang-ky/<int:year>/"

urlpatterns: list[URLPattern] = [
    # Targets per unit and year (?nam=2026).
    path("phong-trao/<int:pk>/chi-tieu/", targets.target_matrix_page, name="targets"),
    path(
        "phong-trao/<int:pk>/chi-tieu/mau-excel/",
        targets.targets_template,
        name="targets_template",
    ),
    path("phong-trao/<int:pk>/chi-tieu/nhap-excel/", targets.targets_import, name="targets_import"),
    path(
        "phong-trao/<int:pk>/chi-tieu/don-vi/<int:unit_pk>/",
        targets.unit_targets,
        name="unit_targets",
    ),
    path(
        "phong-trao/<int:pk>/chi-tieu/don-vi/<int:unit_pk>/quyet-dinh/",
        targets.unit_targets_decide,
        name="unit_targets_decide",
    ),
    # Registration rounds and unit registrations.
    path("phong-trao/<int:pk>/dang-ky/", units.registrations_home, name="registrations"),
    path(_YEAR, units.registration_progress_page, name="registration_progress"),
    path(_YEAR + "dot/", units.round_save, name="round_save"),
    path(_YEAR + "xuat-excel/", units.registration_export, name="registration_export"),
    path(_YEAR + "don-vi/<int:unit_pk>/", units.unit_registration, name="unit_registration"),
    path(
        _YEAR + "don-vi/<int:unit_pk>/duyet/",
        units.unit_registration_approve,
        name="unit_registration_approve",
    ),
    path(
        _YEAR + "don-vi/<int:unit_pk>/tra-lai/",
        units.unit_registration_return,
        name="unit_registration_return",
    ),
    path(
        _YEAR + "don-vi/<int:unit_pk>/gia-han/",
        units.unit_registration_extend,
        name="unit_registration_extend",
    ),
    # Personal registrations.
    path("dang-ky-cua-toi/", personal.my_registrations, name="my_registrations"),
    path(_YEAR + "cua-toi/", personal.my_registration, name="my_registration"),
    path(_YEAR + "ca-nhan/", personal.personal_registrations, name="personal_registrations"),
    path(_YEAR + "ca-nhan/quyet-dinh/", personal.personal_decide, name="personal_decide"),
    path(_YEAR + "ca-nhan/mau-excel/", personal.personal_template, name="personal_template"),
    path(_YEAR + "ca-nhan/nhap-excel/", personal.personal_import, name="personal_import"),
    # Pledges of clusters.
    path("phong-trao/<int:pk>/giao-uoc/", pledges.pledge_list, name="pledge_list"),
    path("phong-trao/<int:pk>/giao-uoc/xuat-excel/", pledges.pledge_export, name="pledge_export"),
    path("phong-trao/<int:pk>/giao-uoc/them/", pledges.pledge_create, name="pledge_create"),
    path("giao-uoc/<int:pk>/", pledges.pledge_detail, name="pledge_detail"),
    path("giao-uoc/<int:pk>/sua/", pledges.pledge_edit, name="pledge_edit"),
]
