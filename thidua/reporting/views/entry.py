"""The data entry pages of a report: start a unit's report for a period, the entry form (every
change saved as one types, with htmx), one value, an explanation, the khoa/phòng aggregate.

Scope: a report the user may not see is a 404; VIEW_REPORT held nowhere is a 403. Writes go
through `services.entry`, which checks ENTER_REPORT, the report's status and the entry window.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.safestring import SafeString
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.reversing import url_of
from thidua.movements.models import Indicator, Period
from thidua.movements.selectors.movements import movements_visible_to
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can
from thidua.organizations.views._common import acting_user, is_htmx, require_perm
from thidua.reporting.forms.entry import EvidenceUploadForm
from thidua.reporting.models import Report
from thidua.reporting.selectors.entry import (
    EntrySheet,
    aggregate_of,
    entry_sheet,
    report_for,
    shown_value,
    stored_value,
    window_of,
)
from thidua.reporting.services.entry import StaleValueError, save_value, start_report
from thidua.reporting.validation import format_number

PAGE = "reporting/entry/report_entry.html"


def report_or_404(request: HttpRequest, pk: int) -> Report:
    """The report if the user may see it: 403 without VIEW_REPORT anywhere, 404 outside scope."""
    require_perm(request, Perm.VIEW_REPORT)
    report = report_for(request.user, pk)
    if report is None:
        raise Http404
    return report


def _indicator_of(report: Report, indicator_pk: int) -> Indicator:
    # One row: no ordering (the model's joins the criterion, its area and the movement).
    indicator = (
        Indicator.objects.filter(pk=indicator_pk, movement_id=report.movement_id).order_by().first()
    )
    if indicator is None:
        raise Http404
    return indicator


def _submit_url(report: Report) -> str | None:
    """Helper B's submission URL, when it exists."""
    try:
        return url_of("reporting:report_submit", report.pk)
    except NoReverseMatch:
        return None


def _detail_url(report: Report) -> str | None:
    try:
        return url_of("reporting:report_detail", report.pk)
    except NoReverseMatch:
        return None


# An indicator id no page has: reversed once per page, then replaced by each row's id.
_MARKER = 2_147_483_647


def _url_of_indicator(name: str, report: Report) -> Callable[[str], str]:
    """The URL `name` of the report and an indicator, by the indicator's id (text): reversed
    once, the id put in its place (reversing for every row, as `{% url %}` would, costs more
    than the rest of the row)."""
    prefix, _, suffix = url_of(name, report.pk, _MARKER).rpartition(str(_MARKER))
    return lambda key: f"{prefix}{key}{suffix}"


def _set_urls(sheet: EntrySheet) -> None:
    """The URLs of each row's value and each warning's explanation."""
    value_url = _url_of_indicator("reporting:entry_value", sheet.report)
    for row in sheet.rows.values():
        row.value_url = value_url(row.key)
    explanation_url = _url_of_indicator("reporting:entry_explanation", sheet.report)
    for line in sheet.issues:
        line.explanation_url = explanation_url(line.key)


def _context(
    request: HttpRequest, sheet: EntrySheet, *, page: bool = True, **extra: Any
) -> dict[str, Any]:
    """What the page's template reads; `page=False` for the answers to a saved value, which
    show no upload form (not built for them)."""
    _set_urls(sheet)
    upload_form = extra.pop("upload_form", None)
    blank = _blank_upload_fields(sheet) if upload_form is None and page else ""
    return {
        "section": "reports",
        "sheet": sheet,
        "report": sheet.report,
        "submit_url": _submit_url(sheet.report),
        "detail_url": _detail_url(sheet.report),
        "upload_form": upload_form,
        "blank_upload_fields": blank,
        "errors": {},
        **extra,
    }


UPLOAD_FIELDS = "reporting/entry/_upload_fields.html"


def _blank_upload_fields(sheet: EntrySheet) -> SafeString:
    """The fields of a blank upload form (what it proves, the file, name, note), written once
    per plan and kept with it: its choices are the plan's criteria and indicators, nothing of
    the report or the user (building the form and writing its select of every indicator cost
    ~0,8 ms a page). Empty when the sheet takes no entry: the page shows no form then."""
    if not sheet.accepts_entry:
        return SafeString("")
    kept = sheet.structure.kept
    fields = kept.get(UPLOAD_FIELDS)
    if fields is None:
        form = EvidenceUploadForm(sheet=sheet, initial={})
        fields = kept[UPLOAD_FIELDS] = SafeString(render_to_string(UPLOAD_FIELDS, {"form": form}))
    return fields


# -- Start ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_start(request: HttpRequest, period: int, unit: int) -> HttpResponse:
    """Open the report of a unit for a period: the existing one, or (POST) a new draft."""
    require_perm(request, Perm.VIEW_REPORT)
    the_period = (
        Period.objects.filter(pk=period, movement__in=movements_visible_to(request.user))
        .select_related("movement")
        .first()
    )
    the_unit = Unit.objects.filter(pk=unit).first()
    if (
        the_period is None
        or the_unit is None
        or not can(request.user, Perm.VIEW_REPORT, the_unit.path)
    ):
        raise Http404
    existing = Report.objects.filter(period=the_period, unit=the_unit).first()
    if existing is not None:
        return redirect("reporting:report_entry", existing.pk)
    error = ""
    if request.method == "POST":
        try:
            report = start_report(period=the_period, unit=the_unit, by=acting_user(request))
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except DomainError as refused:
            error = refused.message
        else:
            messages.success(request, "Đã tạo báo cáo. Số liệu được lưu tự động khi bạn nhập.")
            return redirect("reporting:report_entry", report.pk)
    return render(
        request,
        "reporting/entry/report_start.html",
        {
            "section": "reports",
            "period": the_period,
            "unit": the_unit,
            "window": window_of(the_period, the_unit),
            "can_enter": can(request.user, Perm.ENTER_REPORT, the_unit.path),
            "error": error,
        },
        status=400 if error else 200,
    )


# -- The page --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def report_entry(request: HttpRequest, pk: int) -> HttpResponse:
    """The entry page. GET shows it; POST (the "Lưu" button, for browsers without JavaScript)
    saves every value that differs from the stored one and shows the problems."""
    report = report_or_404(request, pk)
    if request.method == "GET":
        return render(request, PAGE, _context(request, entry_sheet(report, request.user)))
    user = acting_user(request)
    if not can(user, Perm.ENTER_REPORT, report.unit.path):
        raise PermissionDenied
    sheet = entry_sheet(report, user, full=False)
    errors: dict[int, str] = {}
    saved = 0
    for indicator_pk, row in sheet.rows.items():
        name = f"v-{indicator_pk}"
        if row.indicator.is_computed or name not in request.POST:
            continue
        raw = request.POST.get(name, "")
        explanation = request.POST.get(f"e-{indicator_pk}")
        if raw.strip() == row.shown and (explanation is None or explanation == _expl(row)):
            continue
        try:
            outcome = save_value(
                report=report,
                indicator=row.indicator,
                raw=raw,
                revision=_int(request.POST.get(f"r-{indicator_pk}")),
                by=user,
                explanation=explanation,
            )
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except DomainError as refused:
            errors[indicator_pk] = refused.message
        else:
            saved += int(outcome.changed)
    if not errors:
        messages.success(request, f"Đã lưu {saved} số liệu." if saved else "Không có gì thay đổi.")
        return redirect("reporting:report_entry", report.pk)
    sheet = entry_sheet(report, user)
    for indicator_pk, message in errors.items():
        sheet.rows[indicator_pk].error = message
        sheet.rows[indicator_pk].shown = request.POST.get(f"v-{indicator_pk}", "")
    return render(request, PAGE, _context(request, sheet, errors=errors), status=400)


def _expl(row: Any) -> str:
    return row.row.explanation if row.row is not None else ""


def _int(raw: str | None) -> int:
    try:
        return int(raw or "")
    except ValueError:
        return -1


# -- One value (htmx) ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def entry_value(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Save one value as it is typed (htmx posts the row: `v-<id>`, `r-<id>`), or with
    `dung_tong_hop=1` the aggregate of the khoa/phòng. The response holds the row's state and,
    out of band, the new revision, the computed values, the points, the issues and "Đã lưu lúc
    hh:mm" (and the input itself when it must show the aggregate). GET gives the stored value
    and revision (to reload them after a conflict)."""
    report = report_or_404(request, pk)
    indicator = _indicator_of(report, indicator_pk)
    if request.method == "GET":
        sheet = entry_sheet(report, request.user, full=False)
        return render(
            request,
            "reporting/entry/_value_saved.html",
            {
                **_context(request, sheet, page=False),
                "r": sheet.rows[indicator.pk],
                "refresh_control": True,
            },
        )
    user = acting_user(request)
    if not can(user, Perm.ENTER_REPORT, report.unit.path):
        raise PermissionDenied
    use_aggregate = request.POST.get("dung_tong_hop") == "1"
    raw = request.POST.get(f"v-{indicator.pk}", "")
    error, stale, changed = "", False, False
    if use_aggregate:
        aggregate = aggregate_of(report, indicator)
        raw = format_number(aggregate) if aggregate is not None else ""
        if aggregate is None:
            error = "Các khoa/phòng chưa có số liệu của chỉ tiêu này để tổng hợp."
    if not error:
        try:
            changed = save_value(
                report=report,
                indicator=indicator,
                raw=raw,
                revision=_int(request.POST.get(f"r-{indicator.pk}")),
                by=user,
            ).changed
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except StaleValueError as refused:
            error, stale = refused.message, True
        except DomainError as refused:
            error = refused.message
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        return redirect("reporting:report_entry", report.pk)
    sheet = entry_sheet(report, user, full=False)
    row = sheet.rows[indicator.pk]
    row.error, row.stale = error, stale
    return render(
        request,
        "reporting/entry/_value_saved.html",
        {
            **_context(request, sheet, page=False),
            "r": row,
            "saved_at": timezone.localtime() if changed else None,
            # Nothing saved: nothing else on the page changed (and what the officer is typing
            # elsewhere, an explanation say, is not swapped away).
            "changed": changed,
            # The aggregate replaces what the input shows.
            "refresh_control": use_aggregate and changed,
        },
    )


@login_required
@require_POST
def entry_explanation(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """Save the explanation (giải trình) of a warning; the value itself is kept as stored."""
    report = report_or_404(request, pk)
    indicator = _indicator_of(report, indicator_pk)
    user = acting_user(request)
    if not can(user, Perm.ENTER_REPORT, report.unit.path):
        raise PermissionDenied
    stored = stored_value(report, indicator)
    error = ""
    try:
        save_value(
            report=report,
            indicator=indicator,
            raw=shown_value(indicator, stored),
            # A form without the row's revision (no JavaScript) explains the value it shows.
            revision=_int(
                request.POST.get(f"r-{indicator.pk}", str(stored.revision if stored else 0))
            ),
            by=user,
            explanation=request.POST.get(f"e-{indicator.pk}", ""),
        )
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as refused:
        error = refused.message
    if not is_htmx(request):
        if error:
            messages.error(request, error)
        else:
            messages.success(request, "Đã lưu giải trình.")
        return redirect("reporting:report_entry", report.pk)
    sheet = entry_sheet(report, user, full=False)
    return render(
        request,
        "reporting/entry/_value_saved.html",
        {
            **_context(request, sheet, page=False),
            "r": sheet.rows[indicator.pk],
            "explanation_error": error,
            "explanation_only": True,
            "saved_at": None if error else timezone.localtime(),
        },
    )
