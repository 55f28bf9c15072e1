"""URLs of awards, under /khen-thuong/ (Vietnamese slugs)."""

from django.urls import URLPattern, URLResolver, path

from thidua.awards.urls_council import urlpatterns as council_urlpatterns
from thidua.awards.urls_rounds import urlpatterns as rounds_urlpatterns
from thidua.awards.views import eligibility, history, imports, inputs, rulebook

app_name = "awards"

urlpatterns: list[URLPattern | URLResolver] = [
    path("khen-thuong/xet-dieu-kien/", eligibility.eligibility, name="eligibility"),
    path(
        "khen-thuong/xet-dieu-kien/excel/",
        eligibility.eligibility_export,
        name="eligibility_export",
    ),
    path("khen-thuong/quy-tac/", rulebook.rulebook_list, name="rulebook_list"),
    path("khen-thuong/quy-tac/tai-len/", rulebook.rulebook_upload, name="rulebook_upload"),
    path("khen-thuong/quy-tac/<int:pk>/", rulebook.rulebook_detail, name="rulebook_detail"),
    path("khen-thuong/quy-tac/<int:pk>/json/", rulebook.rulebook_json, name="rulebook_json"),
    path(
        "khen-thuong/quy-tac/<int:pk>/ban-hanh/", rulebook.rulebook_publish, name="rulebook_publish"
    ),
    path("khen-thuong/ca-nhan/<int:pk>/", inputs.person_page, name="person"),
    path("khen-thuong/ca-nhan/<int:pk>/them/<slug:kind>/", inputs.person_add, name="person_add"),
    path("khen-thuong/tap-the/<int:pk>/", inputs.unit_page, name="unit"),
    path("khen-thuong/tap-the/<int:pk>/them/<slug:kind>/", inputs.unit_add, name="unit_add"),
    path("khen-thuong/muc/<slug:kind>/<int:pk>/sua/", inputs.input_edit, name="input_edit"),
    path("khen-thuong/muc/<slug:kind>/<int:pk>/xoa/", inputs.input_delete, name="input_delete"),
    path("khen-thuong/khen-thuong/<int:pk>/huy-bo/", inputs.award_revoke, name="award_revoke"),
    path("khen-thuong/lich-su/", history.history_page, name="history"),
    path("khen-thuong/lich-su/excel/", history.history_export, name="history_export"),
    path("khen-thuong/lich-su/thong-ke/", history.statistics_export, name="statistics_export"),
    path("khen-thuong/nhap-excel/<slug:slug>/", imports.import_page, name="import"),
    path(
        "khen-thuong/nhap-excel/<slug:slug>/mau/", imports.template_download, name="import_template"
    ),
]

# Rounds, nominations and their disclosure.
urlpatterns += rounds_urlpatterns

# Councils, sessions, the secret ballot and decisions.
urlpatterns += council_urlpatterns
