"""URLs of initiatives: councils (Hội đồng sáng kiến) with their members, review rounds with
assignment and conflicts of interest, and the reviewers' scoring sheets."""

from django.urls import URLPattern, path

from thidua.initiatives.views import councils, reviews

urlpatterns: list[URLPattern] = [
    path("sang-kien/hoi-dong/", councils.council_list_page, name="council_list"),
    path("sang-kien/hoi-dong/xuat-excel/", councils.council_export, name="council_export"),
    path("sang-kien/hoi-dong/them/", councils.council_create, name="council_create"),
    path("sang-kien/hoi-dong/<int:pk>/", councils.council_detail, name="council_detail"),
    path("sang-kien/hoi-dong/<int:pk>/sua/", councils.council_edit, name="council_edit"),
    path(
        "sang-kien/hoi-dong/<int:pk>/thanh-vien/tim/",
        councils.member_candidates_page,
        name="member_candidates",
    ),
    path("sang-kien/hoi-dong/<int:pk>/thanh-vien/them/", councils.member_add, name="member_add"),
    path(
        "sang-kien/hoi-dong/<int:pk>/thanh-vien/<int:member_pk>/sua/",
        councils.member_change,
        name="member_change",
    ),
    path(
        "sang-kien/hoi-dong/<int:pk>/thanh-vien/<int:member_pk>/xoa/",
        councils.member_remove,
        name="member_remove",
    ),
    path("sang-kien/hoi-dong/<int:pk>/dot-cham/them/", councils.round_create, name="round_create"),
    path("sang-kien/dot-cham/<int:pk>/", councils.round_detail, name="round_detail"),
    path("sang-kien/dot-cham/<int:pk>/sua/", councils.round_edit, name="round_edit"),
    path(
        "sang-kien/dot-cham/<int:pk>/them-sang-kien/",
        councils.round_add_initiatives,
        name="round_add_initiatives",
    ),
    path(
        "sang-kien/dot-cham/<int:pk>/sang-kien/<int:initiative_pk>/dua-ra/",
        councils.round_remove_initiative,
        name="round_remove_initiative",
    ),
    path("sang-kien/dot-cham/<int:pk>/mo/", councils.round_open, name="round_open"),
    path("sang-kien/dot-cham/<int:pk>/dong/", councils.round_close, name="round_close"),
    path(
        "sang-kien/dot-cham/<int:pk>/phan-cong-tu-dong/",
        councils.round_auto_assign,
        name="round_auto_assign",
    ),
    path("sang-kien/dot-cham/<int:pk>/phan-cong/", councils.round_assign, name="round_assign"),
    path(
        "sang-kien/dot-cham/<int:pk>/phan-cong/<int:assignment_pk>/bo/",
        councils.assignment_remove,
        name="assignment_remove",
    ),
    path(
        "sang-kien/dot-cham/<int:pk>/xung-dot/",
        councils.round_conflict_add,
        name="round_conflict_add",
    ),
    path(
        "sang-kien/dot-cham/<int:pk>/xung-dot/<int:conflict_pk>/xoa/",
        councils.conflict_remove,
        name="conflict_remove",
    ),
    path(
        "sang-kien/dot-cham/<int:pk>/phieu-cham/<int:assignment_pk>/",
        reviews.manager_review_page,
        name="manager_review",
    ),
    path("sang-kien/phieu-cham/", reviews.my_reviews, name="my_reviews"),
    path("sang-kien/phieu-cham/<int:pk>/", reviews.review_page, name="review_sheet"),
    path(
        "sang-kien/phieu-cham/<int:pk>/xung-dot/",
        reviews.review_declare_conflict,
        name="review_declare_conflict",
    ),
    path(
        "sang-kien/phieu-cham/<int:pk>/tep/<int:attachment_pk>/",
        reviews.review_attachment,
        name="review_attachment",
    ),
]
