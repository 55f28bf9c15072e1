from django.urls import path

from thidua.core import views

app_name = "core"

urlpatterns = [
    path("nhat-ky/", views.audit_list, name="audit_list"),
    path("nhat-ky/xuat-excel/", views.audit_export, name="audit_export"),
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/da-doc-tat-ca/", views.notification_read_all, name="notification_read_all"),
    path("thong-bao/<int:pk>/da-doc/", views.notification_read, name="notification_read"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification_open"),
]
