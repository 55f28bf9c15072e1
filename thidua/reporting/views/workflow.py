"""Pages of the approval workflow: a report's detail (header, values, evidence, validation
issues, history) with its action panel (submit, approve, return, revoke), the approval queue
with bulk approval, and the exceptions granted after a period's lock date.

Every page is scoped: a report, period or exception outside the user's scope is a 404, a
permission held nowhere a 403. The services check again and decide; a refusal is shown as a
message (or at the reason field) with the services' Vietnamese text.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.models import Period
from thidua.movements.selectors.documents import issue_panel
from thidua.movements.selectors.registrations import participant_units
from thidua.organizations.scoping import scope_q
from thidua.organizations.views._common import acting_user, is_htmx, require_perm
from thidua.reporting.forms.workflow import (
    ExceptionForm,
    QueueFilterForm,
    ReasonForm,
    seen_revision,
)
from thidua.reporting.models import EntryException, Report
from thidua.reporting.selectors.entry import reports_visible_to
from thidua.reporting.selectors.workflow import (
    approval_queue,
    approve_refusal,
    exceptions_of,
    periods_visible_to,
    queue_movements,
    queue_periods,
    report_for_page,
    report_page,
)
from thidua.reporting.services.documents import ISSUABLE_REPORTS, report_source
from thidua.reporting.services.queue_exports import QueueFilters, export_approval_queue
from thidua.reporting.services.workflow import (
    SubmissionBlocked,
    approve_report,
    bulk_approve,
    grant_exception,
    return_report,
    revoke_approval,
    revoke_exception,
    submit_report,
)

PER_PAGE = 50


def _report_or_404(request: HttpRequest, pk: int) -> Report:
    require_perm(request, Perm.VIEW_REPORT)
    report = report_for_page(request.user, pk)
    if report is None:
        raise Http404
    return report


def _detail_url(report: Report) -> str:
    return reverse("reporting:report_detail", args=[report.pk])


def _render_detail(
    request: HttpRequest,
    report: Report,
    *,
    return_form: ReasonForm | None = None,
    revoke_form: ReasonForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "reporting/workflow/report_detail.html",
        {
            "section": "reports",
            "detail": report_page(report, request.user),
            "report": report,
            "return_form": return_form or _return_form(report),
            "revoke_form": revoke_form or _revoke_form(report),
            "documents": issue_panel(
                request.user, source=report_source(report), unit_path=report.unit.path
            )
            if report.status in ISSUABLE_REPORTS
            else None,
        },
        status=status,
    )


def _return_form(report: Report, data: Any = None) -> ReasonForm:
    return ReasonForm(
        data,
        prefix="tra-lai",
        label="Lý do trả lại",
        initial={"revision": report.revision},
    )


def _revoke_form(report: Report, data: Any = None) -> ReasonForm:
    return ReasonForm(
        data,
        prefix="huy-duyet",
        label="Lý do hủy duyệt",
        initial={"revision": report.revision},
    )


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The report read-only, its issues and history, and what the user may do with it."""
    return _render_detail(request, _report_or_404(request, pk))


def _done(request: HttpRequest, report: Report, message: str) -> HttpResponse:
    messages.success(request, message)
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _detail_url(report)
        return response
    return redirect(_detail_url(report))


def _refused(request: HttpRequest, report: Report, error: DomainError) -> HttpResponse:
    if isinstance(error, PermissionDeniedError):
        raise PermissionDenied(error.message) from error
    messages.error(request, error.message)
    return redirect(_detail_url(report))


@login_required
@require_POST
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    try:
        submit_report(report=report, by=acting_user(request), revision=seen_revision(request.POST))
    except SubmissionBlocked as blocked:
        messages.error(request, blocked.message)
        return redirect(_detail_url(report))
    except DomainError as error:
        return _refused(request, report, error)
    if report.status == "approved":
        return _done(request, report, "Đã nộp báo cáo; báo cáo không cần cấp nào duyệt.")
    level = report.pending_level.name if report.pending_level else ""
    return _done(request, report, f"Đã nộp báo cáo; chờ cấp “{level}” duyệt.")


@login_required
@require_POST
def report_approve(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request, pk)
    level = report.pending_level.name if report.pending_level else ""
    try:
        approve_report(report=report, by=acting_user(request), revision=seen_revision(request.POST))
    except DomainError as error:
        return _refused(request, report, error)
    if report.status == "approved":
        return _done(request, report, f"Đã duyệt báo cáo ở cấp “{level}”: báo cáo đã duyệt xong.")
    following = report.pending_level.name if report.pending_level else ""
    return _done(
        request, report, f"Đã duyệt báo cáo ở cấp “{level}”; chuyển cấp “{following}” duyệt."
    )


def _reason_step(request: HttpRequest, pk: int, *, revoke: bool) -> HttpResponse:
    report = _report_or_404(request, pk)
    form = (_revoke_form if revoke else _return_form)(report, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            service = revoke_approval if revoke else return_report
            service(
                report=report,
                by=acting_user(request),
                reason=data["reason"],
                revision=data.get("revision"),
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _done(
                request,
                report,
                "Đã hủy duyệt báo cáo; báo cáo trở lại cho đơn vị sửa, kèm lý do."
                if revoke
                else "Đã trả lại báo cáo cho đơn vị, kèm lý do.",
            )
    if is_htmx(request):
        return render(
            request,
            "reporting/workflow/_reason_form.html",
            {"report": report, "form": form, "revoke": revoke},
        )
    kind = {"revoke_form": form} if revoke else {"return_form": form}
    return _render_detail(request, report, **kind)  # type: ignore[arg-type]


@login_required
@require_POST
def report_return(request: HttpRequest, pk: int) -> HttpResponse:
    """Return with a reason (htmx: the form comes back with its error until valid)."""
    return _reason_step(request, pk, revoke=False)


@login_required
@require_POST
def report_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke the approval with a reason (htmx as for a return)."""
    return _reason_step(request, pk, revoke=True)


# -- The approval queue ------------------------------------------------------------------------


def _queue_form(request: HttpRequest) -> QueueFilterForm:
    user = request.user
    movement_id = request.GET.get("phong_trao") or ""
    return QueueFilterForm(
        request.GET or None,
        movements=queue_movements(user),
        periods=queue_periods(user, int(movement_id) if movement_id.isdigit() else None),
    )


@login_required
@require_GET
def approval_queue_page(request: HttpRequest) -> HttpResponse:
    """ "Báo cáo chờ duyệt": by default the reports awaiting a level the user approves, with
    filters; the department officer ticks reports and approves them at once."""
    require_perm(request, Perm.VIEW_REPORT)
    form = _queue_form(request)
    filters = form.cleaned()
    reports = approval_queue(request.user, **filters)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    can_bulk = request.user.has_perm(Perm.MANAGE_REPORTING.value)
    return render(
        request,
        "reporting/workflow/queue.html",
        {
            "section": "reports",
            "form": form,
            "filters": filters,
            "page": page,
            "rows": _queue_rows(request, list(page.object_list)),
            "can_bulk": can_bulk,
        },
    )


@login_required
@require_GET
def approval_queue_export(request: HttpRequest) -> HttpResponse:
    """The queue with the page's filters, every page, as .xlsx, audited."""
    require_perm(request, Perm.VIEW_REPORT)
    filters = QueueFilters(**_queue_form(request).cleaned())
    try:
        content, _ = export_approval_queue(by=acting_user(request), filters=filters)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="danh-sach-bao-cao-cho-duyet-{stamp}.xlsx"'
    )
    return response


def _queue_rows(request: HttpRequest, reports: list[Report]) -> list[dict[str, Any]]:
    """Each report with whether the user approves it now (and why not), from the cached grants:
    no query per row."""
    rows = []
    for report in reports:
        refusal = approve_refusal(report, request.user)
        rows.append({"report": report, "why_not": refusal.message if refusal else ""})
    return rows


@login_required
@require_POST
def bulk_approve_page(request: HttpRequest) -> HttpResponse:
    """Approve the ticked reports (department officer): each one it may, the others skipped
    with their reason."""
    require_perm(request, Perm.MANAGE_REPORTING)
    ids = [int(value) for value in request.POST.getlist("report") if value.isdigit()]
    back = reverse("reporting:approval_queue") + "?" + request.POST.get("next_query", "")
    if not ids:
        messages.error(request, "Hãy chọn ít nhất một báo cáo để duyệt.")
        return redirect(back)
    reports = list(
        reports_visible_to(request.user)
        .filter(pk__in=ids)
        .select_related("movement__owner", "period", "unit", "pending_level")
        .order_by("unit__path", "period__start_date")
    )
    try:
        result = bulk_approve(reports=reports, by=acting_user(request))
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    if result.approved:
        messages.success(request, result.message)
    else:
        messages.error(request, result.message)
    for report, why in result.skipped:
        messages.warning(request, f"{report.unit.name} — {report.period.name}: {why}")
    return redirect(back)


# -- Exceptions after the lock date ------------------------------------------------------------


def _period_or_404(request: HttpRequest, pk: int) -> Period:
    require_perm(request, Perm.MANAGE_REPORTING)
    period = periods_visible_to(request.user).filter(pk=pk).first()
    if period is None:
        raise Http404
    return period


def _exception_units(request: HttpRequest, period: Period) -> Any:
    return (
        participant_units(period.movement)
        .filter(scope_q(request.user, Perm.MANAGE_REPORTING, "path"))
        .order_by("name_folded", "code")
        .only("pk", "code", "name")
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_exceptions(request: HttpRequest, pk: int) -> HttpResponse:
    """The exceptions of a period (department officer): list, and grant one to a unit."""
    period = _period_or_404(request, pk)
    units = _exception_units(request, period)
    form = ExceptionForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            grant_exception(
                period=period,
                unit=data["unit"],
                until=data["until"],
                reason=data["reason"],
                by=acting_user(request),
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Đã cho phép {data['unit'].name} nhập, nộp báo cáo {period.name} đến hết ngày "
                f"{data['until']:%d/%m/%Y}.",
            )
            return redirect("reporting:period_exceptions", pk=period.pk)
    return render(
        request,
        "reporting/workflow/exceptions.html",
        {
            "section": "reports",
            "period": period,
            "exceptions": exceptions_of(request.user, period),
            "form": form,
        },
    )


@login_required
@require_POST
def exception_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.MANAGE_REPORTING)
    exception = (
        EntryException.objects.filter(scope_q(request.user, Perm.MANAGE_REPORTING, "unit__path"))
        .select_related("period", "unit")
        .filter(pk=pk)
        .first()
    )
    if exception is None:
        raise Http404
    period = exception.period
    try:
        revoke_exception(
            exception=exception,
            by=acting_user(request),
            reason=(request.POST.get("reason") or "").strip(),
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    messages.success(request, f"Đã thu hồi gia hạn của {exception.unit.name}.")
    return redirect("reporting:period_exceptions", pk=period.pk)
