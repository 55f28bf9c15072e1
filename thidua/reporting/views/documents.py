"""Issuing the reporting app's documents from their pages: a report's Báo cáo định kỳ (the
report page), a unit's Báo cáo kết quả chấm điểm (the scorecard, for its chosen period) and the
Thông báo of a ranking (the ranking page, for its span and cluster). One POST each: check,
issue, back to the page, which lists what was issued from its data with the downloads.

A report, unit or cluster outside the reader's scope is a 404 (as on the page); issuing where
the user holds no "documents.issue_document" a 403; what issuing refuses is a message.
"""

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.documents.models import IssuedDocument
from thidua.movements.views.documents import issued_message, refusal_text
from thidua.organizations.scoping import can
from thidua.organizations.views._common import acting_user, require_perm
from thidua.reporting.models import Report
from thidua.reporting.selectors.scores import scorecard_unit
from thidua.reporting.selectors.workflow import report_for_page
from thidua.reporting.services.documents import (
    issue_periodic_report,
    issue_ranking,
    issue_scorecard,
)
from thidua.reporting.views.scores import _movement, _ranking_inputs


def _require_issue(request: HttpRequest, unit_path: str) -> None:
    if not can(request.user, Perm.ISSUE_DOCUMENT, unit_path):
        raise PermissionDenied("Bạn không có quyền phát hành văn bản của đơn vị này.")


def _answer(request: HttpRequest, back: str, issue: Callable[[], IssuedDocument]) -> HttpResponse:
    """Run the issuing call `issue` and go back to the page with its outcome."""
    try:
        item = issue()
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return redirect(back)
    issued_message(request, item)
    return redirect(back)


@login_required
@require_POST
def periodic_report_issue(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.VIEW_REPORT)
    report = report_for_page(request.user, pk)
    if report is None:
        raise Http404
    _require_issue(request, report.unit.path)
    back = reverse("reporting:report_detail", args=[report.pk])
    by = acting_user(request)
    return _answer(request, back, lambda: issue_periodic_report(by=by, report=report))


@login_required
@require_POST
def scorecard_issue(request: HttpRequest, movement: int, report: int) -> HttpResponse:
    chosen = _movement(request, movement)
    target = get_object_or_404(
        Report.objects.filter(movement=chosen).select_related("unit", "period", "movement"),
        pk=report,
    )
    if scorecard_unit(request.user, chosen, target.unit_id) is None:
        raise Http404
    _require_issue(request, target.unit.path)
    back = (
        reverse("reporting:scorecard", args=[chosen.pk, target.unit_id])
        + f"?nam={target.period.year}&ky={target.period_id}"
    )
    by = acting_user(request)
    return _answer(request, back, lambda: issue_scorecard(by=by, report=target))


@login_required
@require_POST
def ranking_issue(request: HttpRequest, movement: int) -> HttpResponse:
    """The span and cluster come in the query string, as on the ranking page."""
    chosen, year, _, span, _, cluster = _ranking_inputs(request, movement)
    _require_issue(request, chosen.owner.path)
    query = f"?nam={year}&ky={span.key}" + (f"&cum={cluster.pk}" if cluster else "")
    back = reverse("reporting:ranking", args=[chosen.pk]) + query
    by = acting_user(request)
    return _answer(
        request, back, lambda: issue_ranking(by=by, movement=chosen, span=span, cluster=cluster)
    )
