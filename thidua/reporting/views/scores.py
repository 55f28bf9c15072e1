"""Score pages: a unit's scorecard (with the department's appraisal inline), the ranking tables
(a cluster, overall), the heat map of areas × units, their Excel exports, and the recomputation
of a year with its progress page.

Scope (selectors/scores.py): VIEW_REPORT held nowhere → 403; a unit or cluster outside the
user's scope → 404; the overall ranking and the heat map need every unit in scope (403
otherwise); appraisal and recomputation need MANAGE_REPORTING.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.reversing import url_of
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.enums import MovementStatus
from thidua.movements.models import Criterion, Movement
from thidua.movements.selectors.documents import issue_panel
from thidua.organizations.models import Cluster
from thidua.organizations.views._common import acting_user, is_htmx, require_perm
from thidua.reporting.forms.scores import AppraisalForm, ClearAppraisalForm, RecomputeForm
from thidua.reporting.models import CriterionScore, RecomputeJob, Report
from thidua.reporting.selectors.scores import (
    CriterionLine,
    Scorecard,
    can_appraise,
    can_recompute,
    clusters_visible,
    default_year,
    heat_map_of,
    home_unit,
    latest_job,
    movement_years,
    ranking_of,
    recompute_jobs_visible_to,
    score_movement,
    score_movements,
    scorecard_of,
    scorecard_unit,
    sees_all_units,
    span_in,
    spans_of,
)
from thidua.reporting.services.documents import ranking_source, scorecard_source
from thidua.reporting.services.score_exports import (
    export_heat_map,
    export_ranking,
    export_scorecard,
)
from thidua.reporting.services.scores import SCORED_STATUSES, adjust_points, clear_adjustment
from thidua.reporting.services.standings import start_recompute

SECTION = "reports"
SCORECARD = "reporting/scores/scorecard.html"


def _movement(request: HttpRequest, pk: int) -> Movement:
    """The movement, with its reporting setup (the kinds of period its units report)."""
    require_perm(request, Perm.VIEW_REPORT)
    movement = score_movement(request.user, pk)
    if movement is None:
        raise Http404
    return movement


def _year(request: HttpRequest, movement: Movement) -> int:
    raw = request.GET.get("nam", "")
    years = movement_years(movement)
    if raw.isdigit() and int(raw) in years:
        return int(raw)
    return default_year(movement)


def _int(request: HttpRequest, name: str) -> int | None:
    raw = request.GET.get(name, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None


def _url_around(name: str, *args: int) -> tuple[str, str]:
    """(before, after) the last argument of a URL: rows of a table put each object's id in
    between, instead of reversing the URL once per row (150 rows of a ranking)."""
    url = url_of(name, *args, 0)
    before, _, after = url.rpartition("/0/")
    return before + "/", "/" + after


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_GET
def scores_home(request: HttpRequest) -> HttpResponse:
    """The menu entry: the overall ranking for who sees every unit, else the user's unit's
    scorecard, else their cluster's ranking."""
    require_perm(request, Perm.VIEW_REPORT)
    movements = score_movements(request.user)
    movement = (
        movements.filter(status=MovementStatus.LAUNCHED).order_by("-start_date").first()
        or movements.order_by("-start_date").first()
    )
    if movement is None:
        return render(request, "reporting/scores/no_movement.html", {"section": SECTION})
    if sees_all_units(request.user, movement):
        return redirect("reporting:ranking", movement=movement.pk)
    unit = home_unit(acting_user(request), movement)
    if unit is not None:
        return redirect("reporting:scorecard", movement=movement.pk, unit=unit.pk)
    return redirect("reporting:ranking", movement=movement.pk)


# --- A unit's scorecard ----------------------------------------------------------------------


def _scorecard(request: HttpRequest, movement_pk: int, unit_pk: int) -> Scorecard:
    movement = _movement(request, movement_pk)
    unit = scorecard_unit(request.user, movement, unit_pk)
    if unit is None:
        raise Http404
    return scorecard_of(
        movement, unit, _year(request, movement), selected_period=_int(request, "ky")
    )


def _scorecard_context(request: HttpRequest, card: Scorecard, **extra: Any) -> dict[str, Any]:
    selected_report = card.selected.report if card.selected is not None else None
    appraisable = (
        selected_report is not None
        and selected_report.status in SCORED_STATUSES
        and card.selected is not None
        and card.selected.score is not None
        and can_appraise(request.user, card.unit)
    )
    appraisal_url = (
        _url_around("reporting:appraisal", card.movement.pk, selected_report.pk)
        if appraisable and selected_report is not None
        else ("", "")
    )
    return {
        "section": SECTION,
        "card": card,
        "appraisal_url": appraisal_url,
        "movement": card.movement,
        "unit": card.unit,
        "report": selected_report,
        "appraisable": appraisable,
        "sees_all": sees_all_units(request.user, card.movement),
        "clusters": [card.cluster] if card.cluster else [],
        **extra,
    }


@login_required
@require_GET
def scorecard(request: HttpRequest, movement: int, unit: int) -> HttpResponse:
    card = _scorecard(request, movement, unit)
    context = _scorecard_context(request, card)
    selected = card.selected
    if selected is not None and selected.report is not None and selected.score is not None:
        context["documents"] = issue_panel(
            request.user, source=scorecard_source(selected.report), unit_path=card.unit.path
        )
        context["documents_url"] = url_of(
            "reporting:scorecard_issue", card.movement.pk, selected.report.pk
        )
    return render(request, SCORECARD, context)


@login_required
@require_GET
def scorecard_export(request: HttpRequest, movement: int, unit: int) -> HttpResponse:
    card = _scorecard(request, movement, unit)
    content = export_scorecard(card, by=acting_user(request))
    return _xlsx(content, f"diem-thi-dua-{card.unit.code}-{card.year}.xlsx")


# --- Appraisal (inline on the scorecard) ------------------------------------------------------


def _appraisal_target(
    request: HttpRequest, movement_pk: int, report_pk: int, criterion_pk: int
) -> tuple[Report, Criterion]:
    require_perm(request, Perm.MANAGE_REPORTING)
    movement = _movement(request, movement_pk)
    report = get_object_or_404(
        Report.objects.filter(movement=movement).select_related("unit", "period", "movement"),
        pk=report_pk,
    )
    if scorecard_unit(request.user, movement, report.unit_id) is None:
        raise Http404
    if not can_appraise(request.user, report.unit):
        raise PermissionDenied
    criterion = get_object_or_404(Criterion.objects.filter(movement=movement), pk=criterion_pk)
    return report, criterion


def _card_for(request: HttpRequest, report: Report) -> Scorecard:
    return scorecard_of(
        report.movement, report.unit, report.period.year, selected_period=report.period_id
    )


def _line(card: Scorecard, criterion: Criterion) -> CriterionLine:
    for block in card.areas:
        for line in block.lines:
            if line.criterion.pk == criterion.pk:
                return line
    raise Http404


def _table(request: HttpRequest, report: Report, **extra: Any) -> HttpResponse:
    """The scorecard's criteria table, re-rendered after a change (htmx swaps it whole: the
    parents, the areas and the totals move with the criterion)."""
    card = _card_for(request, report)
    context = _scorecard_context(request, card, **extra)
    if is_htmx(request):
        # The criteria table (swapped in place) and the period totals (out of band).
        response = render(request, f"{SCORECARD}#changed", context)
        response["HX-Retarget"] = "#bang-diem"
        response["HX-Reswap"] = "outerHTML"
        return response
    return redirect(
        reverse("reporting:scorecard", args=[report.movement_id, report.unit_id])
        + f"?nam={report.period.year}&ky={report.period_id}#bang-diem"
    )


def _edit_row(
    request: HttpRequest,
    report: Report,
    criterion: Criterion,
    form: AppraisalForm,
    clear_form: ClearAppraisalForm | None = None,
    status: int = 200,
) -> HttpResponse:
    card = _card_for(request, report)
    context = _scorecard_context(
        request, card, line=_line(card, criterion), form=form, clear_form=clear_form
    )
    template = f"{SCORECARD}#edit_row" if is_htmx(request) else "reporting/scores/appraisal.html"
    return render(request, template, context, status=status if not is_htmx(request) else 200)


@login_required
@require_http_methods(["GET", "POST"])
def appraisal(request: HttpRequest, movement: int, report: int, criterion: int) -> HttpResponse:
    """GET: the inline form of a criterion's appraised points (htmx), or the criterion's row
    again with `?huy=1`; POST: save the appraisal and re-render the table."""
    target, chosen = _appraisal_target(request, movement, report, criterion)
    row = CriterionScore.objects.filter(report=target, criterion=chosen).first()
    if request.method == "GET":
        if request.GET.get("huy") and is_htmx(request):
            card = _card_for(request, target)
            return render(
                request,
                f"{SCORECARD}#criterion_row",
                _scorecard_context(request, card, line=_line(card, chosen)),
            )
        initial = {}
        if row is not None:
            initial = {
                "points": _shown(row.points),
                "reason": row.adjustment_reason,
            }
        form = AppraisalForm(initial=initial)
        clear = (
            ClearAppraisalForm(prefix="bo") if row and row.appraised_points is not None else None
        )
        return _edit_row(request, target, chosen, form, clear)
    form = AppraisalForm(request.POST)
    if form.is_valid():
        try:
            adjust_points(
                report=target,
                criterion=chosen,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                by=acting_user(request),
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _table(request, target, flash=f"Đã lưu điểm thẩm định tiêu chí {chosen.code}.")
    return _edit_row(request, target, chosen, form, status=400)


@login_required
@require_POST
def appraisal_clear(
    request: HttpRequest, movement: int, report: int, criterion: int
) -> HttpResponse:
    target, chosen = _appraisal_target(request, movement, report, criterion)
    clear = ClearAppraisalForm(request.POST, prefix="bo")
    if clear.is_valid():
        try:
            clear_adjustment(
                report=target,
                criterion=chosen,
                reason=clear.cleaned_data["reason"],
                by=acting_user(request),
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            clear.add_domain_error(error)
        else:
            return _table(request, target, flash=f"Đã bỏ điều chỉnh điểm tiêu chí {chosen.code}.")
    row = CriterionScore.objects.filter(report=target, criterion=chosen).first()
    form = AppraisalForm(
        initial={"points": _shown(row.points), "reason": row.adjustment_reason} if row else {}
    )
    return _edit_row(request, target, chosen, form, clear, status=400)


def _shown(points: Any) -> str:
    text = f"{points:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", ",")


# --- Rankings and the heat map -----------------------------------------------------------------


def _ranking_inputs(
    request: HttpRequest, movement_pk: int
) -> tuple[Movement, int, list[Any], Any, list[Cluster], Cluster | None]:
    movement = _movement(request, movement_pk)
    year = _year(request, movement)
    spans = spans_of(movement, year)
    span = span_in(spans, request.GET.get("ky"))
    clusters = clusters_visible(request.user, movement, year)
    cluster_pk = _int(request, "cum")
    cluster = None
    if cluster_pk is not None:
        cluster = next((c for c in clusters if c.pk == cluster_pk), None)
        if cluster is None:
            raise Http404
    elif not sees_all_units(request.user, movement):
        if not clusters:
            raise PermissionDenied
        cluster = clusters[0]
    return movement, year, spans, span, clusters, cluster


@login_required
@require_GET
def ranking(request: HttpRequest, movement: int) -> HttpResponse:
    """A cluster's ranking (`?cum=`), or the overall ranking for who sees every unit."""
    chosen, year, spans, span, clusters, cluster = _ranking_inputs(request, movement)
    table = ranking_of(request.user, chosen, span, cluster)
    recompute = can_recompute(request.user, chosen)
    return render(
        request,
        "reporting/scores/ranking.html",
        {
            "section": SECTION,
            "movement": chosen,
            "year": year,
            "years": movement_years(chosen),
            "spans": spans,
            "span": span,
            "clusters": clusters,
            "cluster": cluster,
            "ranking": table,
            "scorecard_url": _url_around("reporting:scorecard", chosen.pk),
            "sees_all": sees_all_units(request.user, chosen),
            "home": None
            if sees_all_units(request.user, chosen)
            else home_unit(acting_user(request), chosen),
            "can_recompute": recompute,
            "job": latest_job(chosen, year) if recompute else None,
            "documents": issue_panel(
                request.user,
                source=ranking_source(chosen, span, cluster),
                unit_path=chosen.owner.path,
            )
            if table.rows
            else None,
            "documents_url": url_of("reporting:ranking_issue", chosen.pk)
            + f"?nam={year}&ky={span.key}"
            + (f"&cum={cluster.pk}" if cluster else ""),
        },
    )


@login_required
@require_GET
def ranking_export(request: HttpRequest, movement: int) -> HttpResponse:
    chosen, _, _, span, _, cluster = _ranking_inputs(request, movement)
    table = ranking_of(request.user, chosen, span, cluster)
    content = export_ranking(table, by=acting_user(request), unit_path=chosen.owner.path)
    where = f"cum-{cluster.code}" if cluster else "chung"
    return _xlsx(content, f"xep-hang-{where}-{span.key.replace(':', '-')}.xlsx")


def _heat_inputs(request: HttpRequest, movement_pk: int) -> tuple[Movement, int, list[Any], Any]:
    movement = _movement(request, movement_pk)
    if not sees_all_units(request.user, movement):
        raise PermissionDenied
    year = _year(request, movement)
    spans = spans_of(movement, year)
    return movement, year, spans, span_in(spans, request.GET.get("ky"))


@login_required
@require_GET
def heat_map(request: HttpRequest, movement: int) -> HttpResponse:
    chosen, year, spans, span = _heat_inputs(request, movement)
    return render(
        request,
        "reporting/scores/heat_map.html",
        {
            "section": SECTION,
            "movement": chosen,
            "year": year,
            "years": movement_years(chosen),
            "spans": spans,
            "span": span,
            "heat": heat_map_of(request.user, chosen, span),
            "scorecard_url": _url_around("reporting:scorecard", chosen.pk),
            "sees_all": True,
        },
    )


@login_required
@require_GET
def heat_map_export(request: HttpRequest, movement: int) -> HttpResponse:
    chosen, _, _, span = _heat_inputs(request, movement)
    content = export_heat_map(
        heat_map_of(request.user, chosen, span),
        by=acting_user(request),
        unit_path=chosen.owner.path,
    )
    return _xlsx(content, f"ban-do-nhiet-{span.key.replace(':', '-')}.xlsx")


# --- Recomputation --------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def recompute(request: HttpRequest, movement: int) -> HttpResponse:
    """POST: queue the recomputation of a year; GET (a link from the reporting home): the
    ranking page, at its recomputation form."""
    require_perm(request, Perm.MANAGE_REPORTING)
    chosen = _movement(request, movement)
    if not can_recompute(request.user, chosen):
        raise PermissionDenied
    if request.method == "GET":
        return redirect(reverse("reporting:ranking", args=[chosen.pk]) + "#tinh-lai")
    form = RecomputeForm(request.POST, years=movement_years(chosen))
    if not form.is_valid():
        return redirect("reporting:ranking", movement=chosen.pk)
    try:
        job = start_recompute(
            movement=chosen, year=form.cleaned_data["year"], by=acting_user(request)
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    return redirect("reporting:recompute_job", pk=job.pk)


def _job(request: HttpRequest, pk: int) -> RecomputeJob:
    require_perm(request, Perm.MANAGE_REPORTING)
    return get_object_or_404(recompute_jobs_visible_to(request.user), pk=pk)


@login_required
@require_GET
def recompute_job(request: HttpRequest, pk: int) -> HttpResponse:
    job = _job(request, pk)
    return render(request, "reporting/scores/recompute_job.html", {"section": SECTION, "job": job})


@login_required
@require_GET
@never_cache
def recompute_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """The status fragment the job page polls every second until the job finishes."""
    job = _job(request, pk)
    return render(
        request, "reporting/scores/recompute_job.html#status", {"section": SECTION, "job": job}
    )
