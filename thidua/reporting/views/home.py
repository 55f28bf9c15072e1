"""The entry page of reporting (menu "Báo cáo, chấm điểm")."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from thidua.accounts.roles import Perm


@login_required
def reporting_home(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(Perm.VIEW_REPORT.value):
        raise PermissionDenied
    return render(request, "reporting/home.html", {"section": "reports"})
