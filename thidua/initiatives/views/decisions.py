"""The council's pages: a round's results (statistics, normalised scores, outliers, the vote
tally against the rulebook share, decisions) with its Excel export, a vote, a decision, and a
decision's page (for a non-recognition, the printable notice to the authors).

A round the user may not read (not a member of its council, not a manager at its unit) is a
404; an action they may not take is a 403. The services check again and decide; a refusal is
shown as a message, or at the field it names.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.initiatives.enums import VoteChoice
from thidua.initiatives.forms.decisions import DecisionForm, VoteForm
from thidua.initiatives.models import CouncilMember, Initiative, ReviewRound, RoundEntry
from thidua.initiatives.selectors.decisions import (
    InitiativeResult,
    RoundResults,
    authors_of,
    chair_name,
    decision_for_reader,
    is_council_manager,
    round_for_results,
    round_results,
)
from thidua.initiatives.selectors.official_documents import round_papers
from thidua.initiatives.services.decision_exports import export_round_results
from thidua.initiatives.services.decisions import cast_vote, decide_initiative
from thidua.organizations.views._common import acting_user, is_htmx

SECTION = "initiatives"


def _round_or_404(request: HttpRequest, pk: int) -> ReviewRound:
    round_ = round_for_results(request.user, pk)
    if round_ is None:
        raise Http404
    return round_


def _entry_or_404(round_: ReviewRound, initiative_pk: int) -> Initiative:
    entry = (
        RoundEntry.objects.filter(round=round_, initiative_id=initiative_pk)
        .select_related("initiative__unit")
        .first()
    )
    if entry is None:
        raise Http404
    return entry.initiative


def results_url(round_: ReviewRound, initiative_pk: int | None = None) -> str:
    url = reverse("initiatives:round_results", args=[round_.pk])
    return f"{url}#sk-{initiative_pk}" if initiative_pk else url


def _row_of(results: RoundResults, initiative_pk: int) -> InitiativeResult:
    return next(row for row in results.rows if row.initiative.pk == initiative_pk)


@login_required
@require_GET
def round_results_page(request: HttpRequest, round_pk: int) -> HttpResponse:
    """ "Kết quả đợt chấm": per initiative the reviews' statistics, each reviewer's raw and
    normalised score with outliers and their reasons, the vote tally against the share of the
    whole membership, the decision; members vote here, managers open the decision form."""
    round_ = _round_or_404(request, round_pk)
    results = round_results(round_, request.user)
    return render(
        request,
        "initiatives/decisions/results.html",
        {
            "section": SECTION,
            "results": results,
            "round": round_,
            "papers": round_papers(
                round_, request.user, [row.decision for row in results.rows if row.decision]
            ),
        },
    )


@login_required
@require_GET
def round_results_export(request: HttpRequest, round_pk: int) -> HttpResponse:
    round_ = _round_or_404(request, round_pk)
    results = round_results(round_, request.user)
    content = export_round_results(results, by=acting_user(request))
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"ket-qua-dot-cham-{round_.pk}-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def vote(request: HttpRequest, round_pk: int, initiative_pk: int) -> HttpResponse:
    """A member's vote, or a paper ballot recorded for a member (secretary, manager). With htmx
    the initiative's card comes back, with the message inside it."""
    round_ = _round_or_404(request, round_pk)
    initiative = _entry_or_404(round_, initiative_pk)
    user = acting_user(request)
    members = CouncilMember.objects.filter(council_id=round_.council_id).select_related("user")
    form = VoteForm(request.POST, members=members)
    error = ""
    done = ""
    if form.is_valid():
        member = form.cleaned_data.get("member")
        try:
            recorded = cast_vote(
                round_, initiative, choice=form.cleaned_data["choice"], by=user, member=member
            )
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except DomainError as refused:
            error = refused.message
        else:
            whose = (
                "Đã ghi nhận biểu quyết của bạn"
                if recorded.member.user_id == user.pk
                else f"Đã ghi phiếu biểu quyết của {recorded.member.user.display_name}"
            )
            done = f"{whose}: {VoteChoice(recorded.choice).label.lower()} ({initiative.code})."
    else:
        error = " ".join(str(e) for errors in form.errors.values() for e in errors)
    if is_htmx(request):
        results = round_results(round_, user)
        row = _row_of(results, initiative.pk)
        return render(
            request,
            "initiatives/decisions/results.html#initiative_card",
            {
                "results": results,
                "round": round_,
                "row": row,
                "card_error": error,
                "card_done": done,
            },
        )
    if error:
        messages.error(request, error)
    else:
        messages.success(request, done)
    return redirect(results_url(round_, initiative.pk))


@login_required
@require_http_methods(["GET", "POST"])
def decide(request: HttpRequest, round_pk: int, initiative_pk: int) -> HttpResponse:
    """The decision form: the count says recognised or not; the manager records the level and
    number, or the reasons. Managers of the council only (403 for a member)."""
    round_ = _round_or_404(request, round_pk)
    initiative = _entry_or_404(round_, initiative_pk)
    user = acting_user(request)
    if not is_council_manager(user, round_.council):
        raise PermissionDenied
    results = round_results(round_, user)
    row = _row_of(results, initiative.pk)
    if row.decision is not None:
        messages.info(request, f"Sáng kiến {initiative.code} đã có quyết định.")
        return redirect(results_url(round_, initiative.pk))
    passes = bool(row.tally and row.tally.passed)
    form = DecisionForm(
        request.POST if request.method == "POST" else None,
        passes=passes,
        levels=results.levels,
        initial={"date": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            decision = decide_initiative(
                round_,
                initiative,
                level=data.get("level") or "",
                number=data.get("number") or "",
                date=data["date"],
                reasons=data.get("reasons") or "",
                by=user,
            )
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except DomainError as refused:
            form.add_domain_error(refused)
        else:
            if decision.recognised:
                messages.success(
                    request,
                    f"Đã công nhận sáng kiến {initiative.code} "
                    f"{decision.get_level_display().lower()}, quyết định số {decision.number}.",
                )
            else:
                messages.success(
                    request,
                    f"Đã ghi nhận không công nhận sáng kiến {initiative.code}; thông báo đã gửi "
                    "tới tác giả.",
                )
            return redirect(results_url(round_, initiative.pk))
    return render(
        request,
        "initiatives/decisions/decide.html",
        {
            "section": SECTION,
            "round": round_,
            "results": results,
            "row": row,
            "initiative": initiative,
            "form": form,
            "passes": passes,
        },
    )


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A decision's page: for a recognition its summary; for a non-recognition the printable
    notice "Thông báo không công nhận sáng kiến" with the reasons. Read by the authors, the
    council and VIEW_INITIATIVE at the initiative's unit; anyone else gets a 404."""
    decision = decision_for_reader(request.user, pk)
    if decision is None:
        raise Http404
    return render(
        request,
        "initiatives/decisions/decision_detail.html",
        {
            "section": SECTION,
            "decision": decision,
            "initiative": decision.initiative,
            "council": decision.round.council,
            "authors": authors_of(decision.initiative),
            "chair_name": chair_name(decision.round.council),
            "results_link": round_for_results(request.user, decision.round_id) is not None,
        },
    )
