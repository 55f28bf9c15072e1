"""Issuing a round's official documents from its results page: the decision recognising its
initiatives, the authors' certificates (a background batch, followed on the documents' job
page) and the notices of non-recognition.

A round the user may not read is a 404 (as on the results page); the services check the
permission to issue at the council's unit (403) and refuse what cannot be issued (a round not
decided, a document issued already) with a Vietnamese message shown on the results page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.initiatives.models import ReviewRound
from thidua.initiatives.selectors.decisions import round_for_results
from thidua.initiatives.services.official_documents import (
    issue_non_recognition_notices,
    issue_recognition_decision,
    start_certificates,
)
from thidua.organizations.views._common import acting_user


def _round_or_404(request: HttpRequest, pk: int) -> ReviewRound:
    round_ = round_for_results(request.user, pk)
    if round_ is None:
        raise Http404
    return round_


def _papers_url(round_: ReviewRound) -> str:
    return reverse("initiatives:round_results", args=[round_.pk]) + "#van-ban-dot"


def _refusal(error: DomainError) -> str:
    if isinstance(error, ValidationFailedError):
        return "Chưa phát hành được: " + " ".join(error.errors.values())
    return error.message


@login_required
@require_POST
def issue_decision(request: HttpRequest, round_pk: int) -> HttpResponse:
    """ "Phát hành quyết định công nhận": the round's decision, in Word and PDF."""
    round_ = _round_or_404(request, round_pk)
    try:
        issued = issue_recognition_decision(round_, by=acting_user(request))
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as refused:
        messages.error(request, _refusal(refused))
    else:
        messages.success(
            request,
            f"Đã phát hành Quyết định số {issued.number_text} ngày "
            f"{issued.issued_on:%d/%m/%Y} công nhận sáng kiến của đợt.",
        )
    return redirect(_papers_url(round_))


@login_required
@require_POST
def make_certificates(request: HttpRequest, round_pk: int) -> HttpResponse:
    """ "Tạo giấy chứng nhận": queues the batch and opens its progress page."""
    round_ = _round_or_404(request, round_pk)
    try:
        job = start_certificates(round_, by=acting_user(request))
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as refused:
        messages.error(request, _refusal(refused))
        return redirect(_papers_url(round_))
    return redirect("documents:job", job.pk)


@login_required
@require_POST
def issue_notices(request: HttpRequest, round_pk: int) -> HttpResponse:
    """ "Phát hành thông báo không công nhận": one notice per refused initiative."""
    round_ = _round_or_404(request, round_pk)
    try:
        issued = issue_non_recognition_notices(round_, by=acting_user(request))
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as refused:
        messages.error(request, _refusal(refused))
    else:
        numbers = ", ".join(document.number_text for document in issued)
        messages.success(
            request, f"Đã phát hành {len(issued)} thông báo không công nhận sáng kiến: {numbers}."
        )
    return redirect(_papers_url(round_))
