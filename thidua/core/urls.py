from django.urls import path

from thidua.core import views

app_name = "core"

urlpatterns = [
    path("", views.audit_list, name="audit_list"),
    path("xuat-excel/", views.audit_export, name="audit_export"),
]
