from django.urls import path

from thidua.summaries import views

app_name = "summaries"

urlpatterns = [
    path("so-ket-tong-ket/", views.report_list, name="report_list"),
    path("so-ket-tong-ket/tao/", views.report_create, name="report_create"),
    path("so-ket-tong-ket/<int:pk>/", views.report_detail, name="report_detail"),
    path("so-ket-tong-ket/<int:pk>/muc/<str:key>/", views.section_save, name="section_save"),
    path("so-ket-tong-ket/<int:pk>/xem-truoc.pdf", views.report_preview, name="report_preview"),
    path("so-ket-tong-ket/<int:pk>/phat-hanh/", views.report_generate, name="report_generate"),
]
