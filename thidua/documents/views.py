"""Pages of the documents app: the register (search, filters, Excel, downloads), the progress
and download of a background batch, and the public verification page.

Every file goes through a view that applies the register's scope: a document of another unit
is a 404, by page and by URL alike.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.documents.models import GenerationJob, IssuedDocument, JobStatus
from thidua.documents.selectors import (
    PAGE_SIZE,
    RegisterFilter,
    document_for,
    documents_visible_to,
    job_documents,
    jobs_visible_to,
    register_kinds,
    register_years,
    search_register,
    verified_document,
)
from thidua.documents.services.batches import download_name, zip_of
from thidua.documents.services.exports import export_register

REGISTER = "documents/register.html"
JOB = "documents/job.html"
SECTION = "documents"
_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


def _filters(request: HttpRequest) -> RegisterFilter:
    year = request.GET.get("nam", "").strip()
    return RegisterFilter(
        query=request.GET.get("q", "").strip()[:100],
        kind_code=request.GET.get("loai", "").strip()[:16],
        year=int(year) if year.isdigit() and len(year) == 4 else None,
    )


@login_required
@require_GET
def register(request: HttpRequest) -> HttpResponse:
    """The register of issued documents in the user's scope: search (any diacritics), filter by
    kind and year, 50 a page; an htmx request gets the results fragment only."""
    filters = _filters(request)
    page = Paginator(search_register(request.user, filters), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    fragment = request.headers.get("HX-Request") == "true"
    context = {
        "section": SECTION,
        "filters": filters,
        "page": page,
        "kinds": [] if fragment else register_kinds(request.user),
        "years": [] if fragment else register_years(request.user),
    }
    response = render(request, f"{REGISTER}#results" if fragment else REGISTER, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def register_export(request: HttpRequest) -> HttpResponse:
    """The filtered register as Excel (every row, not one page)."""
    content = export_register(
        by=request.user, rows=search_register(request.user, _filters(request))
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="so-van-ban-{stamp}.xlsx"'
    return response


def _file_response(item: IssuedDocument, kind: str) -> FileResponse:
    stored = item.pdf if kind == "pdf" else item.docx
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{download_name(item)}.{kind}",
        content_type=_CONTENT_TYPES[kind],
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def document_download(request: HttpRequest, pk: int, kind: str) -> FileResponse:
    """The Word or PDF file of a document of the register (404 outside the user's scope)."""
    item = document_for(request.user, pk)
    if item is None or kind not in _CONTENT_TYPES:
        raise Http404
    return _file_response(item, kind)


def _job(request: HttpRequest, pk: int) -> GenerationJob:
    return get_object_or_404(jobs_visible_to(request.user), pk=pk)


@login_required
@require_GET
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A background batch: its progress (polled), then its documents and the download."""
    job = _job(request, pk)
    return render(request, JOB, {"section": SECTION, "job": job, "documents": job_documents(job)})


@login_required
@require_GET
@never_cache
def job_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment the job page polls every second until the job finishes."""
    job = _job(request, pk)
    return render(
        request, f"{JOB}#status", {"section": SECTION, "job": job, "documents": job_documents(job)}
    )


@login_required
@require_GET
def job_download(request: HttpRequest, pk: int) -> HttpResponse | FileResponse:
    """The batch's files when it has finished: the PDF of a single document, else a ZIP of
    every document's Word and PDF files. Only the documents the user may read are included."""
    job = _job(request, pk)
    if job.status != JobStatus.SUCCEEDED:
        raise Http404
    documents = list(job_documents(job).filter(pk__in=_readable(request, job)))
    if not documents:
        raise Http404
    if len(documents) == 1:
        return _file_response(documents[0], "pdf")
    response = HttpResponse(zip_of(documents), content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="van-ban-{job.pk}.zip"'
    return response


def _readable(request: HttpRequest, job: GenerationJob) -> list[int]:
    """The job's documents the user may download: all for who started it, else those in scope."""
    rows = job.documents.all()
    if job.created_by_id != request.user.pk:
        rows = documents_visible_to(request.user).filter(job=job)
    return list(rows.values_list("pk", flat=True))


@require_GET
def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Public (no login): what the document with this code is and that the system issued it —
    number, date, issuer, kind, summary and the PDF's SHA-256; never its body or its files."""
    item = verified_document(code)
    if item is None:
        return render(request, "documents/verify_unknown.html", {"code": code[:32]}, status=404)
    return render(request, "documents/verify.html", {"item": item})
