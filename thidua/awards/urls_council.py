"""URLs of the award councils, their sessions and secret ballot, and award decisions (included
by `awards.urls`)."""

from django.urls import URLPattern, URLResolver, path

from thidua.awards.views import councils, decisions

urlpatterns: list[URLPattern | URLResolver] = [
    path("khen-thuong/hoi-dong/", councils.council_list, name="councils"),
    path("khen-thuong/hoi-dong/<int:pk>/", councils.council_detail, name="council_detail"),
    path("khen-thuong/hoi-dong/<int:pk>/thanh-vien/", councils.member_add, name="member_add"),
    path("khen-thuong/hoi-dong/<int:pk>/phien-hop/", councils.session_open, name="session_open"),
    path(
        "khen-thuong/phien-hop-cua-toi/", councils.my_council_sessions, name="my_council_sessions"
    ),
    path("khen-thuong/phien-hop/<int:pk>/", councils.session_detail, name="session"),
    path("khen-thuong/phien-hop/<int:pk>/du-hop/", councils.attendance, name="attendance"),
    path("khen-thuong/phien-hop/<int:pk>/bo-phieu/", councils.ballot, name="ballot"),
    path(
        "khen-thuong/phien-hop/<int:pk>/phieu-van-ban/",
        councils.written_ballot,
        name="written_ballot",
    ),
    path("khen-thuong/phien-hop/<int:pk>/ket-thuc/", councils.session_close, name="session_close"),
    path("khen-thuong/phien-hop/<int:pk>/bien-ban/", councils.records_issue, name="records_issue"),
    path(
        "khen-thuong/phien-hop/<int:pk>/to-trinh-cap-tren/",
        councils.upward_issue,
        name="upward_issue",
    ),
    path("khen-thuong/phien-hop/<int:pk>/phieu-bau/", councils.ballot_paper, name="ballot_paper"),
    path(
        "khen-thuong/phien-hop/<int:pk>/du-thao-quyet-dinh/",
        decisions.decision_draft,
        name="decision_draft",
    ),
    path("khen-thuong/quyet-dinh/<int:pk>/", decisions.decision_detail, name="decision"),
    path(
        "khen-thuong/quyet-dinh/<int:pk>/ra-soat/",
        decisions.decision_review,
        name="decision_review",
    ),
    path(
        "khen-thuong/quyet-dinh/<int:pk>/phat-hanh/",
        decisions.decision_issue,
        name="decision_issue",
    ),
    path(
        "khen-thuong/quyet-dinh/<int:pk>/giay-khen/",
        decisions.certificates_start,
        name="certificates_start",
    ),
    path(
        "khen-thuong/quyet-dinh/<int:pk>/huy-bo/<int:recipient_pk>/",
        decisions.recipient_revoke,
        name="recipient_revoke",
    ),
]
