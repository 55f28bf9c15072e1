"""URLs of initiatives: submission (write, the initiative's page, submit, withdraw, screen,
attachments, the authors editor's person search)."""

from django.urls import URLPattern, path

from thidua.initiatives.views import submission

urlpatterns: list[URLPattern] = [
    path("sang-kien/moi/", submission.initiative_create, name="initiative_create"),
    path("sang-kien/tac-gia/tim/", submission.author_search, name="author_search"),
    path("sang-kien/<int:pk>/", submission.initiative_detail, name="initiative_detail"),
    path("sang-kien/<int:pk>/sua/", submission.initiative_edit, name="initiative_edit"),
    path("sang-kien/<int:pk>/nop/", submission.initiative_submit, name="initiative_submit"),
    path("sang-kien/<int:pk>/rut/", submission.initiative_withdraw, name="initiative_withdraw"),
    path("sang-kien/<int:pk>/sang-loc/", submission.initiative_screen, name="initiative_screen"),
    path(
        "sang-kien/<int:pk>/tep/<int:attachment>/",
        submission.attachment_download,
        name="attachment_download",
    ),
    path(
        "sang-kien/<int:pk>/tep/<int:attachment>/go/",
        submission.attachment_remove,
        name="attachment_remove",
    ),
]
