from django.urls import path

from thidua.organizations.views import clusters, imports, people, units, users

app_name = "organizations"

urlpatterns = [
    # Unit tree
    path("don-vi/", units.unit_tree, name="unit_tree"),
    path("don-vi/xuat-excel/", units.unit_export, name="unit_export"),
    path("don-vi/them/", units.unit_create, name="unit_create"),
    path("don-vi/<int:pk>/", units.unit_detail, name="unit_detail"),
    path("don-vi/<int:pk>/con/", units.unit_children, name="unit_children"),
    path("don-vi/<int:pk>/sua/", units.unit_edit, name="unit_edit"),
    path("don-vi/<int:pk>/chuyen/", units.unit_move, name="unit_move"),
    # Clusters (cụm, khối thi đua) per year
    path("cum-khoi/", clusters.cluster_list, name="cluster_list"),
    path("cum-khoi/xuat-excel/", clusters.cluster_export, name="cluster_export"),
    path("cum-khoi/them/", clusters.cluster_create, name="cluster_create"),
    path("cum-khoi/sao-chep-nam/", clusters.cluster_copy_year, name="cluster_copy_year"),
    path("cum-khoi/<int:pk>/", clusters.cluster_detail, name="cluster_detail"),
    path("cum-khoi/<int:pk>/sua/", clusters.cluster_edit, name="cluster_edit"),
    # People
    path("can-bo/", people.person_list, name="person_list"),
    path("can-bo/xuat-excel/", people.person_export, name="person_export"),
    path("can-bo/them/", people.person_create, name="person_create"),
    path("can-bo/<int:pk>/", people.person_detail, name="person_detail"),
    path("can-bo/<int:pk>/sua/", people.person_edit, name="person_edit"),
    # Excel imports
    path("nhap-excel/", imports.import_list, name="import_list"),
    path("nhap-excel/mau/<str:kind>.xlsx", imports.import_template, name="import_template"),
    path("nhap-excel/tai-len/<str:kind>/", imports.import_upload, name="import_upload"),
    path("nhap-excel/<int:pk>/", imports.import_detail, name="import_detail"),
    path("nhap-excel/<int:pk>/tien-do/", imports.import_progress, name="import_progress"),
    path(
        "nhap-excel/<int:pk>/bao-cao-loi.xlsx",
        imports.import_error_report,
        name="import_error_report",
    ),
    # Users and role assignments
    path("tai-khoan-phan-quyen/", users.user_list, name="user_list"),
    path("tai-khoan-phan-quyen/xuat-excel/", users.user_export, name="user_export"),
    path("tai-khoan-phan-quyen/them/", users.user_create, name="user_create"),
    path("tai-khoan-phan-quyen/<int:pk>/", users.user_detail, name="user_detail"),
    path("tai-khoan-phan-quyen/<int:pk>/sua/", users.user_edit, name="user_edit"),
    path("tai-khoan-phan-quyen/<int:pk>/giao-vai-tro/", users.role_grant, name="role_grant"),
    path(
        "tai-khoan-phan-quyen/<int:pk>/vai-tro/<int:assignment_pk>/thu-hoi/",
        users.role_revoke,
        name="role_revoke",
    ),
    path(
        "tai-khoan-phan-quyen/<int:pk>/gui-dat-lai-mat-khau/",
        users.user_send_password_reset,
        name="user_send_password_reset",
    ),
]
