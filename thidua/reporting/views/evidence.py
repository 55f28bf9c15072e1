"""Evidence (minh chứng) of a report: list, upload, download, remove. Same scope as the report:
another unit's evidence is a 404, VIEW_REPORT held nowhere a 403."""

from __future__ import annotations

from pathlib import PurePath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.organizations.scoping import can
from thidua.organizations.views._common import acting_user, require_perm
from thidua.reporting.forms.entry import EvidenceUploadForm
from thidua.reporting.selectors.entry import entry_sheet
from thidua.reporting.selectors.evidence import (
    earlier_upload_notice,
    evidence_for,
    evidence_of_report,
)
from thidua.reporting.services.evidence import remove_evidence, upload_evidence
from thidua.reporting.views.entry import PAGE, _context, report_or_404


def _entry_url(report_pk: int) -> str:
    return reverse("reporting:report_entry", args=[report_pk]) + "#minh-chung"


@login_required
@require_http_methods(["GET", "POST"])
def evidence_list(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the report's evidence. POST: upload one (the form of the entry page)."""
    report = report_or_404(request, pk)
    if request.method == "GET":
        return render(
            request,
            "reporting/entry/evidence_list.html",
            {
                "section": "reports",
                "report": report,
                "evidence": evidence_of_report(report.pk),
            },
        )
    user = acting_user(request)
    if not can(user, Perm.ENTER_REPORT, report.unit.path):
        raise PermissionDenied
    sheet = entry_sheet(report, user)
    form = EvidenceUploadForm(request.POST, request.FILES, sheet=sheet)
    if form.is_valid():
        indicator, criterion = form.chosen()
        try:
            uploaded = upload_evidence(
                report=report,
                upload=form.cleaned_data["file"],
                by=user,
                indicator=indicator,
                criterion=criterion,
                name=form.cleaned_data.get("name") or "",
                note=form.cleaned_data.get("note") or "",
            )
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except DomainError as refused:
            form.add_domain_error(refused)
        else:
            text = f"Đã đính kèm minh chứng “{uploaded.evidence.name}”."
            if uploaded.reused:
                text += " " + earlier_upload_notice(uploaded.evidence.blob, uploaded.evidence, user)
            messages.success(request, text)
            return redirect(_entry_url(report.pk))
    return render(request, PAGE, _context(request, sheet, upload_form=form), status=400)


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int, evidence: int) -> FileResponse:
    """The file, as an attachment named after the evidence (404 outside the report's scope)."""
    require_perm(request, Perm.VIEW_REPORT)
    item = evidence_for(request.user, evidence, report_pk=pk)
    if item is None:
        raise Http404
    blob = item.blob
    extension = PurePath(blob.file.name or "").suffix
    filename = item.name if item.name.lower().endswith(extension) else f"{item.name}{extension}"
    try:
        handle = blob.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=blob.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int, evidence: int) -> HttpResponse:
    """Remove an evidence while the report is editable."""
    require_perm(request, Perm.VIEW_REPORT)
    item = evidence_for(request.user, evidence, report_pk=pk)
    if item is None:
        raise Http404
    user = acting_user(request)
    try:
        remove_evidence(evidence=item, by=user)
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Đã gỡ minh chứng “{item.name}”.")
    return redirect(_entry_url(pk))
