"""Excel imports: templates, upload, progress and the row-by-row error report."""

from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from thidua.core.errors import DomainError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE, Column, build_workbook
from thidua.organizations.enums import ImportKind
from thidua.organizations.forms.imports import ImportUploadForm
from thidua.organizations.importing.templates import build_import_template
from thidua.organizations.models import ImportJob
from thidua.organizations.selectors.imports import import_errors, import_jobs_visible_to
from thidua.organizations.services.imports import create_import_job, run_import
from thidua.organizations.tasks import task_run_import

JOBS_PER_PAGE = 20
ERRORS_SHOWN = 200


def _require_import(request: HttpRequest) -> None:
    if not request.user.has_perm("organizations.import_data"):
        raise PermissionDenied


def _kind_or_404(kind: str) -> ImportKind:
    if kind not in ImportKind.values:
        raise Http404
    return ImportKind(kind)


def _visible_job(request: HttpRequest, pk: int) -> ImportJob:
    _require_import(request)
    return get_object_or_404(import_jobs_visible_to(request.user), pk=pk)


def _upload_forms(**bound: ImportUploadForm) -> dict[str, ImportUploadForm]:
    forms = {kind: ImportUploadForm(auto_id=f"id_{kind}_%s") for kind in ImportKind.values}
    forms.update(bound)
    return forms


def _render_list(
    request: HttpRequest, forms: dict[str, ImportUploadForm], status: int = 200
) -> HttpResponse:
    jobs = import_jobs_visible_to(request.user).defer("errors")  # up to 1.000 rows each
    page = Paginator(jobs, JOBS_PER_PAGE).get_page(request.GET.get("page"))
    cards = [{"kind": kind, "label": kind.label, "form": forms[kind.value]} for kind in ImportKind]
    return render(
        request,
        "organizations/imports/list.html",
        {"page": page, "cards": cards, "section": "imports"},
        status=status,
    )


@login_required
@require_GET
def import_list(request: HttpRequest) -> HttpResponse:
    _require_import(request)
    return _render_list(request, _upload_forms())


@login_required
@require_GET
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    _require_import(request)
    filename, content = build_import_template(_kind_or_404(kind))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def import_upload(request: HttpRequest, kind: str) -> HttpResponse:
    _require_import(request)
    import_kind = _kind_or_404(kind)
    form = ImportUploadForm(request.POST, request.FILES, auto_id=f"id_{kind}_%s")
    if form.is_valid():
        try:
            job = create_import_job(
                by=request.user,  # type: ignore[arg-type]
                kind=import_kind,
                upload=form.cleaned_data["file"],
            )
        except DomainError as exc:
            form.add_error("file", exc.message)
        else:
            if job.total_rows <= settings.THIDUA_IMPORT_SYNC_MAX_ROWS:
                # The detail page shows the outcome: no flash message repeating it.
                run_import(job, by=request.user)  # type: ignore[arg-type]
            else:
                # Enqueued once the job row is committed, so the worker always finds it.
                transaction.on_commit(partial(task_run_import.enqueue, job.pk))
            return redirect("organizations:import_detail", pk=job.pk)
    return _render_list(request, _upload_forms(**{kind: form}), status=400)


def _detail_context(job: ImportJob) -> dict[str, Any]:
    return {
        "job": job,
        "errors": import_errors(job, limit=ERRORS_SHOWN),
        "section": "imports",
    }


@login_required
@require_GET
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    return render(request, "organizations/imports/detail.html", _detail_context(job))


@login_required
@require_GET
@never_cache
def import_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment the detail page polls every second until the job finishes."""
    job = _visible_job(request, pk)
    return render(request, "organizations/imports/detail.html#status", _detail_context(job))


@login_required
@require_GET
def import_error_report(request: HttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    rows = (
        [error.get("row") or "", error.get("column") or "", error.get("message", "")]
        for error in job.errors or []
    )
    content = build_workbook(
        title="Lỗi nhập dữ liệu",
        columns=[Column("Dòng", 8), Column("Cột", 28), Column("Lỗi", 100)],
        rows=rows,
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="loi-nhap-excel-{job.pk}.xlsx"'
    return response
