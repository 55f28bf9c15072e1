"""Completeness and timeliness of a period: the page (filters, paging 50, the period's three
dates, the entry exceptions) and its Excel export. Scoped by the selectors: a hospital's officer
sees their hospital's subtree only."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from thidua.accounts.roles import Perm
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.models import Period
from thidua.organizations.views._common import acting_user, require_perm
from thidua.reporting.selectors.monitoring import (
    STATE_LABELS,
    TIMELINESS,
    TIMELINESS_LABELS,
    CompletenessFilter,
    completeness,
    default_period,
    period_for,
    periods_for_monitoring,
)
from thidua.reporting.services.monitoring import export_completeness

PAGE_SIZE = 50


def _period_or_404(request: HttpRequest, pk: int) -> Period:
    """403 without VIEW_REPORT anywhere; 404 for a period of a movement the user cannot read."""
    require_perm(request, Perm.VIEW_REPORT)
    period = period_for(request.user, pk)
    if period is None:
        raise Http404
    return period


def _filters(request: HttpRequest) -> CompletenessFilter:
    state = request.GET.get("trang_thai") or ""
    timeliness = request.GET.get("han") or ""
    cluster = request.GET.get("cum") or ""
    return CompletenessFilter(
        state=state if state in STATE_LABELS else "",
        timeliness=timeliness if timeliness in TIMELINESS_LABELS else "",
        cluster_id=int(cluster) if cluster.isdigit() else None,
        query=(request.GET.get("q") or "").strip()[:100],
        include_sub_units=request.GET.get("khoa") == "1",
    )


@login_required
@require_GET
def completeness_home(request: HttpRequest) -> HttpResponse:
    """The period picker's target (`?ky=`), else the period most worth following now."""
    require_perm(request, Perm.VIEW_REPORT)
    periods = periods_for_monitoring(request.user)
    chosen = request.GET.get("ky") or ""
    period = next((p for p in periods if str(p.pk) == chosen), None) or default_period(periods)
    if period is None:
        return render(
            request,
            "reporting/monitoring/completeness.html",
            {"section": "reports", "result": None, "periods": periods},
        )
    return redirect("reporting:completeness", pk=period.pk)


@login_required
@require_GET
def completeness_page(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period_or_404(request, pk)
    filters = _filters(request)
    result = completeness(request.user, period, filters)
    page = Paginator(result.rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/monitoring/completeness.html",
        {
            "section": "reports",
            "period": period,
            "result": result,
            "page": page,
            "filters": filters,
            "timeliness_choices": TIMELINESS,
            "periods": periods_for_monitoring(request.user),
            "export_url": reverse("reporting:completeness_export", args=[period.pk]),
        },
    )


@login_required
@require_GET
def completeness_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The page's rows (same scope and filters, every page) as an .xlsx."""
    period = _period_or_404(request, pk)
    content = export_completeness(by=acting_user(request), period=period, filters=_filters(request))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="tien-do-bao-cao-{period.movement.code.lower()}-'
        f'{period.kind}-{period.year}-{period.number}.xlsx"'
    )
    return response
