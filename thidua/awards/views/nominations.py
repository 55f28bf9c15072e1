"""A nomination's page (/khen-thuong/de-nghi/<pk>/): the subject, the evaluation stored when it
was sent beside the one made now with the rulebook in force (the rules whose answer changed),
the justification, the dossier, the history; the unit's actions (edit, attach, generate the
báo cáo thành tích, send again, withdraw) and the department's thẩm định (accept, return with
reasons, accept with a justification)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from thidua.awards.enums import NominationStatus, RoundStatus
from thidua.awards.forms.rounds import AttachmentForm
from thidua.awards.models import Nomination, NominationAttachment
from thidua.awards.selectors.rounds import (
    attachments_of,
    award_names_of,
    can_manage_round,
    nominating_units,
    nomination_for,
    recheck,
    rulebook_of,
    stored_check_evaluation,
    stored_evaluation,
)
from thidua.awards.services import nominations as services
from thidua.awards.services.nomination_documents import issue_achievement_report
from thidua.awards.views.rounds import refusals_shown
from thidua.organizations.views._common import acting_user

SECTION = "awards"


def nomination_or_404(request: HttpRequest, pk: int) -> Nomination:
    found = nomination_for(acting_user(request), pk)
    if found is None:
        raise Http404
    return found


@login_required
@require_GET
def nomination_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = nomination_or_404(request, pk)
    manages = can_manage_round(user, item.round)
    checkable = (
        manages
        and item.status == NominationStatus.SUBMITTED
        and item.round.status in (RoundStatus.OPEN, RoundStatus.CHECKING)
    )
    rulebook = rulebook_of(item.round)
    # The unit acts on its own list (the department officer checks, it does not edit a unit's).
    own = item.unit in nominating_units(user, item.round)
    editable = own and item.status in (
        NominationStatus.DRAFT,
        NominationStatus.RETURNED,
    )
    return render(
        request,
        "awards/nominations/detail.html",
        {
            "section": SECTION,
            "item": item,
            "round": item.round,
            "names": award_names_of(rulebook.spec if rulebook else None),
            "submitted": stored_evaluation(item),
            "checked": stored_check_evaluation(item),
            "recheck": recheck(item) if checkable else None,
            "attachments": attachments_of(item),
            "actions": list(item.actions.select_related("by").order_by("at", "id")),
            "checkable": checkable,
            "editable": editable,
            "can_withdraw": own
            and item.status
            in (NominationStatus.DRAFT, NominationStatus.RETURNED, NominationStatus.SUBMITTED),
            "attachment_form": AttachmentForm() if editable else None,
        },
    )


ACTIONS = ("sua", "gui", "rut", "chap-nhan", "tra-lai", "chap-nhan-giai-trinh", "bao-cao")


@login_required
@require_POST
def nomination_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    user = acting_user(request)
    item = nomination_or_404(request, pk)
    if action not in ACTIONS:
        raise Http404
    back = redirect("awards:nomination_detail", pk=item.pk)
    data = request.POST
    with refusals_shown(request, documents=True) as outcome:
        if action == "sua":
            services.update_nomination(
                by=user,
                nomination=item,
                achievement_summary=data.get("achievement_summary", ""),
                justification=data.get("justification", ""),
            )
            done = "Đã lưu đề nghị."
        elif action == "gui":
            services.submit_nomination(by=user, nomination=item)
            done = "Đã gửi đề nghị để thẩm định."
        elif action == "rut":
            services.withdraw_nomination(by=user, nomination=item, reason=data.get("reason", ""))
            done = "Đã rút đề nghị."
        elif action == "chap-nhan":
            services.accept_nomination(by=user, nomination=item, note=data.get("note", ""))
            done = "Đề nghị đạt thẩm định."
        elif action == "tra-lai":
            services.return_nomination(by=user, nomination=item, reason=data.get("reason", ""))
            done = "Đã trả lại đề nghị cho đơn vị."
        elif action == "chap-nhan-giai-trinh":
            services.accept_with_override(
                by=user, nomination=item, justification=data.get("justification", "")
            )
            done = "Đề nghị đạt thẩm định, kèm giải trình."
        else:
            issued = issue_achievement_report(by=user, nomination=item)
            done = (
                f"Đã phát hành báo cáo thành tích số {issued.number_text}; báo cáo được đính kèm "
                "hồ sơ."
            )
    if not outcome.ok:
        return back
    messages.success(request, done)
    return back


@login_required
@require_POST
def attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    item = nomination_or_404(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    back = redirect("awards:nomination_detail", pk=item.pk)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return back
    with refusals_shown(request) as outcome:
        services.add_attachment(
            by=user,
            nomination=item,
            kind=form.cleaned_data["kind"],
            upload=form.cleaned_data["file"],
            description=form.cleaned_data["description"],
            votes_for=form.cleaned_data["votes_for"],
            votes_total=form.cleaned_data["votes_total"],
        )
    if not outcome.ok:
        return back
    messages.success(request, "Đã đính kèm hồ sơ.")
    return back


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = NominationAttachment.objects.select_related("nomination").filter(pk=pk).first()
    if attachment is None or not attachment.file:
        raise Http404
    nomination_or_404(request, attachment.nomination_id)
    return FileResponse(
        attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name
    )
