"""The disclosed list of a round (công khai): the intranet page (signed in, anyone who reads the
round) and, when the round says so, the public page (no login). Anyone may send feedback
during the period (CSRF-protected, length-checked, rate-limited per address); the department
officer answers each item on the intranet page, and every answer is shown."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from thidua.awards.enums import FeedbackChannel
from thidua.awards.forms.rounds import FeedbackForm
from thidua.awards.models import AwardRound, DisclosureFeedback
from thidua.awards.selectors.rounds import (
    award_names_of,
    can_manage_round,
    disclosed_list,
    disclosure_period,
    feedback_of,
    is_feedback_open,
    public_rounds,
    rulebook_of,
)
from thidua.awards.services.rounds import FeedbackData, answer_feedback, send_feedback
from thidua.awards.views.rounds import refusals_shown, round_or_404
from thidua.core.errors import DomainError
from thidua.organizations.views._common import acting_user

SECTION = "awards"


def _client(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR") or "unknown")


def _page(request: HttpRequest, round_: AwardRound, *, channel: str, template: str) -> HttpResponse:
    items = disclosed_list(round_)
    form = FeedbackForm(
        request.POST or None,
        nominations=[(item.pk, item.subject_name) for item in items],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            send_feedback(
                round_=round_,
                data=FeedbackData(
                    text=data["text"],
                    sender_name=data["sender_name"],
                    sender_contact=data["sender_contact"],
                    nomination_id=data["nomination"],
                    channel=channel,
                ),
                client=_client(request),
                by=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Đã nhận ý kiến của bạn. Xin cảm ơn.")
            return redirect(request.path)
    rulebook = rulebook_of(round_)
    return render(
        request,
        template,
        {
            "section": SECTION,
            "round": round_,
            "items": items,
            "names": award_names_of(rulebook.spec if rulebook else None),
            "period": disclosure_period(round_),
            "open": is_feedback_open(round_),
            "form": form,
            "feedback": feedback_of(round_),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def intranet(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_or_404(request, pk)
    if disclosure_period(round_) is None:
        raise Http404
    response = _page(
        request,
        round_,
        channel=FeedbackChannel.INTRANET,
        template="awards/disclosure/intranet.html",
    )
    return response


@require_http_methods(["GET", "POST"])
def public(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = public_rounds().filter(pk=pk).first()
    if round_ is None:
        raise Http404
    return _page(
        request, round_, channel=FeedbackChannel.PUBLIC, template="awards/disclosure/public.html"
    )


@login_required
@require_POST
def feedback_answer(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = (
        DisclosureFeedback.objects.select_related("round", "round__organiser").filter(pk=pk).first()
    )
    if item is None:
        raise Http404
    round_ = round_or_404(request, item.round_id)
    if not can_manage_round(user, round_):
        raise PermissionDenied
    back = redirect("awards:disclosure", pk=round_.pk)
    with refusals_shown(request) as outcome:
        answer_feedback(by=user, feedback=item, answer=request.POST.get("answer", ""))
    if not outcome.ok:
        return back
    messages.success(request, "Đã trả lời ý kiến.")
    return back
