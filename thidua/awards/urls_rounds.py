"""URLs of award rounds, nominations and their disclosure (included by `awards.urls`)."""

from django.urls import URLPattern, URLResolver, path

from thidua.awards.views import disclosure, nominations, rounds

urlpatterns: list[URLPattern | URLResolver] = [
    path("khen-thuong/dot-xet/", rounds.round_list, name="rounds"),
    path("khen-thuong/dot-xet/tao/", rounds.round_create, name="round_create"),
    path("khen-thuong/dot-xet/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("khen-thuong/dot-xet/<int:pk>/sua/", rounds.round_edit, name="round_edit"),
    path("khen-thuong/dot-xet/<int:pk>/buoc/<slug:step>/", rounds.round_step, name="round_step"),
    path("khen-thuong/dot-xet/<int:pk>/don-vi/<int:unit_pk>/", rounds.unit_list, name="unit_list"),
    path(
        "khen-thuong/dot-xet/<int:pk>/don-vi/<int:unit_pk>/de-nghi/",
        rounds.nomination_add,
        name="nomination_add",
    ),
    path(
        "khen-thuong/dot-xet/<int:pk>/don-vi/<int:unit_pk>/to-trinh/",
        rounds.proposal_issue,
        name="proposal_issue",
    ),
    path(
        "khen-thuong/dot-xet/<int:pk>/don-vi/<int:unit_pk>/gui/",
        rounds.unit_submit,
        name="unit_submit",
    ),
    path("khen-thuong/dot-xet/<int:pk>/cong-khai/", disclosure.intranet, name="disclosure"),
    path(
        "khen-thuong/y-kien/<int:pk>/tra-loi/", disclosure.feedback_answer, name="feedback_answer"
    ),
    path("khen-thuong/de-nghi/<int:pk>/", nominations.nomination_detail, name="nomination_detail"),
    path("khen-thuong/de-nghi/<int:pk>/ho-so/", nominations.attachment_add, name="attachment_add"),
    path(
        "khen-thuong/ho-so/<int:pk>/tai/",
        nominations.attachment_download,
        name="attachment_download",
    ),
    path(
        "khen-thuong/de-nghi/<int:pk>/<slug:action>/",
        nominations.nomination_action,
        name="nomination_action",
    ),
    # Public (no login), only for rounds disclosed publicly.
    path("cong-khai/khen-thuong/<int:pk>/", disclosure.public, name="disclosure_public"),
]
