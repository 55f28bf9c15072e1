from django.urls import path

from thidua.documents import template_views, views

app_name = "documents"

urlpatterns = [
    path("van-ban/", views.register, name="register"),
    path("van-ban/xuat-excel/", views.register_export, name="register_export"),
    path("van-ban/<int:pk>/tai-ve/<str:kind>/", views.document_download, name="download"),
    path("van-ban/tao/<int:pk>/", views.job_detail, name="job"),
    path("van-ban/tao/<int:pk>/tien-do/", views.job_progress, name="job_progress"),
    path("van-ban/tao/<int:pk>/tai-ve/", views.job_download, name="job_download"),
    path("van-ban/mau/", template_views.template_list, name="template_list"),
    path("van-ban/mau/<str:key>/", template_views.template_edit, name="template_edit"),
    path(
        "van-ban/mau/<str:key>/xem-thu/", template_views.template_preview, name="template_preview"
    ),
    path("xac-thuc/<str:code>/", views.verify, name="verify"),
]
