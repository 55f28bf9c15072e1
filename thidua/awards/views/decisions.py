"""Pages of award decisions (/khen-thuong/quyet-dinh/…): drafted from a closed session (the
candidates who passed), reviewed by another person, issued with its number and downloads, the
certificates started as a batch (the documents' job page follows it), and a recipient's award
revoked with its legal ground and reason.

A decision outside the reader's scope is a 404; an action without its right a 403; what a
service refuses is a message on the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from thidua.accounts.roles import Perm
from thidua.awards.forms.councils import ReviewForm, RevokeForm
from thidua.awards.models import AwardDecision, DecisionRecipient
from thidua.awards.models.decisions import DecisionStatus
from thidua.awards.selectors.council_pages import decision_for, decision_page, session_for
from thidua.awards.services import decisions
from thidua.awards.views.rounds import refusals_shown
from thidua.organizations.views._common import acting_user

SECTION = "awards"


def _decision_or_404(request: HttpRequest, pk: int) -> AwardDecision:
    found = decision_for(acting_user(request), pk)
    if found is None:
        raise Http404
    return found


@login_required
@require_POST
def decision_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the decision of the closed session `pk`."""
    session = session_for(acting_user(request), pk)
    if session is None:
        raise Http404
    with refusals_shown(request) as outcome:
        decision = decisions.draft_decision(session, by=acting_user(request))
    if not outcome.ok:
        return redirect("awards:session", pk=session.pk)
    messages.success(request, "Đã lập dự thảo quyết định khen thưởng: chờ lãnh đạo rà soát.")
    return redirect("awards:decision", pk=decision.pk)


@login_required
@require_GET
def decision_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    decision = _decision_or_404(request, pk)
    unit = decision.unit
    can_prepare = user.has_perm(Perm.PREPARE_AWARD_DECISION.value, unit)
    return render(
        request,
        "awards/decisions/detail.html",
        {
            "section": SECTION,
            "page": decision_page(decision),
            "decision": decision,
            "can_review": decision.status == DecisionStatus.DRAFT
            and user.has_perm(Perm.REVIEW_AWARD_DECISION.value, unit),
            "can_issue": decision.status == DecisionStatus.REVIEWED
            and user.has_perm(Perm.ISSUE_DOCUMENT.value, unit),
            "can_certify": decision.is_issued and user.has_perm(Perm.ISSUE_DOCUMENT.value, unit),
            "can_revoke": decision.is_issued and can_prepare,
            "review_form": ReviewForm(),
            "revoke_form": RevokeForm(),
        },
    )


@login_required
@require_POST
def decision_review(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    form = ReviewForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    with refusals_shown(request):
        decisions.review_decision(decision, by=acting_user(request), note=note)
        messages.success(request, "Đã rà soát dự thảo: quyết định có thể phát hành.")
    return redirect("awards:decision", pk=decision.pk)


@login_required
@require_POST
def decision_issue(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    with refusals_shown(request, documents=True):
        issued = decisions.issue_award_decision(decision, by=acting_user(request))
        messages.success(
            request,
            f"Đã phát hành Quyết định số {issued.number_text} ngày {issued.issued_on:%d/%m/%Y}.",
        )
    return redirect("awards:decision", pk=decision.pk)


@login_required
@require_POST
def certificates_start(request: HttpRequest, pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    with refusals_shown(request) as outcome:
        job = decisions.start_award_certificates(decision, by=acting_user(request))
    if not outcome.ok:
        return redirect("awards:decision", pk=decision.pk)
    return redirect("documents:job", pk=job.pk)


@login_required
@require_POST
def recipient_revoke(request: HttpRequest, pk: int, recipient_pk: int) -> HttpResponse:
    decision = _decision_or_404(request, pk)
    recipient = (
        DecisionRecipient.objects.select_related("person__unit", "subject_unit", "record")
        .filter(decision=decision, pk=recipient_pk)
        .first()
    )
    if recipient is None:
        raise Http404
    recipient.decision = decision
    # The service checks the ground and the reason (and logs a refusal): no form validation.
    with refusals_shown(request):
        decisions.revoke_recipient(
            recipient,
            ground=request.POST.get("ground", ""),
            reason=request.POST.get("reason", "")[:2000],
            by=acting_user(request),
        )
        messages.success(request, f"Đã hủy bỏ khen thưởng của {recipient.subject_name}.")
    return redirect("awards:decision", pk=decision.pk)
