"""URLs of the plan pages: movements, their scope, phases and reviews, reporting periods."""

from django.urls import URLPattern, path

from thidua.movements.views import plan

urlpatterns: list[URLPattern] = [
    path("phong-trao/", plan.movement_list, name="movement_list"),
    path("phong-trao/them/", plan.movement_create, name="movement_create"),
    path(
        "phong-trao/tao-mac-dinh/",
        plan.movement_install_default,
        name="movement_install_default",
    ),
    path("phong-trao/<int:pk>/", plan.movement_detail, name="movement_detail"),
    path("phong-trao/<int:pk>/sua/", plan.movement_edit, name="movement_edit"),
    path("phong-trao/<int:pk>/pham-vi/", plan.movement_scope, name="movement_scope"),
    path("phong-trao/<int:pk>/phat-dong/", plan.movement_launch, name="movement_launch"),
    path("phong-trao/<int:pk>/ket-thuc/", plan.movement_close, name="movement_close"),
    # Phases (giai đoạn) and their reviews (sơ kết, tổng kết)
    path("phong-trao/<int:pk>/giai-doan/", plan.phase_list, name="phase_list"),
    path("phong-trao/<int:pk>/giai-doan/them/", plan.phase_create, name="phase_create"),
    path("giai-doan/<int:pk>/sua/", plan.phase_edit, name="phase_edit"),
    path("giai-doan/<int:pk>/xoa/", plan.phase_delete, name="phase_delete"),
    # Reporting periods (kỳ báo cáo)
    path("phong-trao/<int:pk>/ky-bao-cao/", plan.period_list, name="period_list"),
    path("phong-trao/<int:pk>/ky-bao-cao/tao/", plan.period_generate, name="period_generate"),
    path("ky-bao-cao/<int:pk>/sua/", plan.period_edit, name="period_edit"),
]
