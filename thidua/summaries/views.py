"""Pages of the phase reports: the list (and creating a report), the editor of the narrative
sections with the placeholders at hand, the draft preview (PDF) and "Tạo bản Word/PDF", which
issues the report in the background and sends the officer to the documents job page.

Thin: the permission is checked first (no VIEW_PHASE_REPORT anywhere → 403), the report is
fetched in the user's scope (another's → 404), services do the writing, and every refusal is a
Vietnamese message on the page, never a 500.
"""

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import DomainError, ValidationFailedError
from thidua.documents.render import render_pdf
from thidua.movements.models import Phase
from thidua.summaries.models import PhaseReport
from thidua.summaries.selectors.reports import (
    can_edit,
    can_view_any,
    issued_documents_of,
    movements_to_report_on,
    report_for,
    report_rows,
    report_targets,
    sections_of,
)
from thidua.summaries.services.generation import report_document, start_report_generation
from thidua.summaries.services.reports import create_phase_report, save_section
from thidua.summaries.template import PLACEHOLDERS

SECTION = "summaries"


def _user(request: HttpRequest) -> AbstractBaseUser:
    """The signed-in user (every view here requires sign-in)."""
    return cast(AbstractBaseUser, request.user)


def _report(request: HttpRequest, pk: int) -> PhaseReport:
    if not can_view_any(request.user):
        raise PermissionDenied
    report = report_for(request.user, pk)
    if report is None:
        raise Http404
    return report


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The phase reports the user may read, and the form to start one."""
    if not can_view_any(request.user):
        raise PermissionDenied
    movements = movements_to_report_on(request.user)
    choices = [
        (movement, *targets)
        for movement in movements
        if (targets := report_targets(movement))[0] or targets[1]
    ]
    return render(
        request,
        "summaries/report_list.html",
        {"section": SECTION, "rows": report_rows(request.user), "choices": choices},
    )


@login_required
@require_POST
def report_create(request: HttpRequest) -> HttpResponse:
    """Create a report: "<movement id>" (tổng kết) or "<movement id>:<phase number>" (sơ kết)."""
    movement_pk, _, phase_number = request.POST.get("target", "").partition(":")
    movement = next(
        (m for m in movements_to_report_on(request.user) if str(m.pk) == movement_pk), None
    )
    if movement is None:
        raise PermissionDenied
    phase = None
    if phase_number:
        phase = Phase.objects.filter(movement=movement, number=phase_number).first()
        if phase is None:
            raise Http404
    try:
        report = create_phase_report(by=_user(request), movement=movement, phase=phase)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("summaries:report_list")
    messages.success(request, f"Đã tạo {report.title.lower()}.")
    return redirect("summaries:report_detail", report.pk)


def _editor(
    request: HttpRequest,
    report: PhaseReport,
    *,
    errors: dict[str, str] | None = None,
    typed: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    sections = [
        {
            "key": section.key,
            "label": f"{section.numeral}. {section.title}",
            "text": (typed or {}).get(section.key, row.text if row else ""),
            "revision": row.revision if row else 0,
            "updated_at": row.updated_at if row else None,
            "error": (errors or {}).get(section.key, ""),
        }
        for section, row in sections_of(report)
    ]
    return render(
        request,
        "summaries/report_detail.html",
        {
            "section": SECTION,
            "report": report,
            "sections": sections,
            "placeholders": sorted(PLACEHOLDERS.items()),
            "editable": can_edit(request.user, report),
            "issued": issued_documents_of(report),
        },
        status=status,
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The editor: one textarea per section, the placeholders, the preview and issue buttons."""
    return _editor(request, _report(request, pk))


@login_required
@require_POST
def section_save(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """Save one section; a refused text is shown again in its field with the reason."""
    report = _report(request, pk)
    text = request.POST.get("text", "")
    revision = request.POST.get("revision", "")
    try:
        save_section(
            by=_user(request),
            report=report,
            key=key,
            text=text,
            revision=int(revision) if revision.isdigit() else -1,
        )
    except ValidationFailedError as error:
        return _editor(request, report, errors=error.errors, typed={key: text}, status=400)
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        return _editor(request, report, errors={key: error.message}, typed={key: text}, status=400)
    messages.success(request, "Đã lưu.")
    return redirect(reverse("summaries:report_detail", args=[report.pk]) + f"#muc-{key}")


@login_required
@require_GET
def report_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The draft as PDF (unnumbered, figures read now), opened in the browser."""
    report = _report(request, pk)
    response = HttpResponse(render_pdf(report_document(report)), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="bao-cao-{report.pk}-du-thao.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def report_generate(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the report in the background; the documents job page shows it through."""
    report = _report(request, pk)
    try:
        job = start_report_generation(by=_user(request), report=report)
    except DomainError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        said = error.errors.values() if isinstance(error, ValidationFailedError) else None
        messages.error(request, " ".join(said) if said else error.message)
        return redirect("summaries:report_detail", report.pk)
    return redirect("documents:job", job.pk)
