from django.urls import path

from thidua.accounts.views import auth as views
from thidua.accounts.views import tokens, two_factor

app_name = "accounts"

urlpatterns = [
    path("dang-nhap/", views.login_view, name="login"),
    path("dang-nhap/xac-thuc/", views.login_otp, name="login_otp"),
    path("dang-xuat/", views.logout_view, name="logout"),
    path("doi-mat-khau/", views.password_change, name="password_change"),
    path("quen-mat-khau/", views.password_reset, name="password_reset"),
    path("quen-mat-khau/da-gui/", views.password_reset_done, name="password_reset_done"),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("dat-lai-mat-khau/xong/", views.password_reset_complete, name="password_reset_complete"),
    path("bao-mat/", two_factor.security, name="security"),
    path("bao-mat/hai-lop/thiet-lap/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("bao-mat/hai-lop/tat/", two_factor.two_factor_disable, name="two_factor_disable"),
    path("bao-mat/ma-du-phong/", two_factor.recovery_codes, name="recovery_codes"),
    path("ma-api/", tokens.token_list, name="token_list"),
    path("ma-api/tao/", tokens.token_create, name="token_create"),
    path("ma-api/<int:pk>/thu-hoi/", tokens.token_revoke, name="token_revoke"),
]
