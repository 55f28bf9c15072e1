"""Excel bulk entry of a period: the template, the upload, the job's progress and its error
report. Every URL is scoped: a period outside the user's movements and another user's job are a
404; a user who may enter reports nowhere gets a 403."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE, Column, build_workbook
from thidua.movements.models import Period
from thidua.organizations.views._common import acting_user
from thidua.reporting.forms.imports import TemplateOptionsForm, ValuesUploadForm
from thidua.reporting.import_tasks import start_values_import
from thidua.reporting.models import ValuesImport
from thidua.reporting.selectors.imports import (
    entered_indicators,
    import_errors,
    may_import_anywhere,
    period_for_import,
    units_for_entry,
    values_imports_visible_to,
)
from thidua.reporting.services.imports import (
    MAX_BYTES,
    SYNC_MAX_ROWS,
    build_values_template,
    create_values_import,
)

ERRORS_SHOWN = 200
RECENT_JOBS = 10


def _require_entry(request: HttpRequest) -> None:
    if not may_import_anywhere(request.user):
        raise PermissionDenied


def _period(request: HttpRequest, pk: int) -> Period:
    _require_entry(request)
    period = period_for_import(request.user, pk)
    if period is None:
        raise Http404
    return period


def _visible_job(request: HttpRequest, pk: int) -> ValuesImport:
    _require_entry(request)
    return get_object_or_404(values_imports_visible_to(request.user), pk=pk)


def _xlsx(filename: str, content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def values_template(request: HttpRequest, period: int) -> HttpResponse:
    """The .xlsx to fill in: the user's units × the entered indicators, with stored values."""
    found = _period(request, period)
    options = TemplateOptionsForm(request.GET)
    include_sub_units = options.is_valid() and options.cleaned_data["khoa"]
    try:
        filename, content = build_values_template(
            by=acting_user(request), period=found, include_sub_units=include_sub_units
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    return _xlsx(filename, content)


def _page(
    request: HttpRequest, period: Period, form: ValuesUploadForm, status: int = 200
) -> HttpResponse:
    jobs = values_imports_visible_to(request.user).filter(period=period).defer("errors")
    return render(
        request,
        "reporting/imports/period.html",
        {
            "section": "reports",
            "period": period,
            "movement": period.movement,
            "form": form,
            "options": TemplateOptionsForm(),
            "unit_count": len(units_for_entry(request.user, period.movement)),
            "indicator_count": len(entered_indicators(period.movement)),
            "jobs": jobs[:RECENT_JOBS],
            "max_mb": MAX_BYTES // (1024 * 1024),
            "sync_max_rows": SYNC_MAX_ROWS,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def values_upload(request: HttpRequest, period: int) -> HttpResponse:
    """The page of a period's bulk entry (GET) and the upload (POST): a small file is imported
    during the request, a larger one by the task queue; both end on the job's page."""
    found = _period(request, period)
    if request.method == "GET":
        return _page(request, found, ValuesUploadForm())
    form = ValuesUploadForm(request.POST, request.FILES)
    if form.is_valid():
        by = acting_user(request)
        try:
            job = create_values_import(by=by, period=found, upload=form.cleaned_data["file"])
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            # The job's page shows the outcome: no flash message repeating it.
            start_values_import(job, by=by)
            return redirect("reporting:values_import_detail", pk=job.pk)
    return _page(request, found, form, status=400)


def _detail_context(job: ValuesImport) -> dict[str, Any]:
    return {
        "job": job,
        "period": job.period,
        "errors": import_errors(job, limit=ERRORS_SHOWN),
        "crumb": f"Lượt nhập #{job.pk}",
        "section": "reports",
    }


@login_required
@require_GET
def values_import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    return render(request, "reporting/imports/detail.html", _detail_context(job))


@login_required
@require_GET
@never_cache
def values_import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment the job's page polls every second until the job finishes."""
    job = _visible_job(request, pk)
    return render(request, "reporting/imports/detail.html#status", _detail_context(job))


@login_required
@require_GET
def values_import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's errors as an .xlsx (row, column, message)."""
    job = _visible_job(request, pk)
    rows = (
        [error.get("row") or "", error.get("column") or "", error.get("message", "")]
        for error in job.errors or []
    )
    content = build_workbook(
        title="Lỗi nhập số liệu",
        columns=[Column("Dòng", 8), Column("Cột", 24), Column("Lỗi", 110)],
        rows=rows,
    )
    return _xlsx(f"loi-nhap-so-lieu-{job.pk}.xlsx", content)
