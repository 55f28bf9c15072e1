"""Pages of the Hội đồng Thi đua – Khen thưởng (/khen-thuong/hoi-dong/…, /khen-thuong/phien-hop/…):
the councils and their members, a session on a round (attendance with the quorum, the agenda
with each candidate's evaluation and any override justification), a member's own secret ballot,
the secretary's entry of absent members' written votes, closing with the tally, the session's
records and the blank ballot paper.

A council or session outside the reader's scope is a 404; an action without its right a 403;
what a service refuses is a message on the page. No page ever shows what anyone chose: the
ballot page says only "Đã bỏ phiếu".
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.awards.forms.councils import CouncilForm, MemberForm, SessionForm
from thidua.awards.models import AwardCouncil, AwardCouncilMember, AwardRound, CouncilSession
from thidua.awards.models.councils import CouncilRole
from thidua.awards.selectors.competence import upward_state
from thidua.awards.selectors.council_pages import (
    agenda_lines,
    council_for,
    council_rounds,
    decision_of,
    member_candidates,
    session_for,
    session_quorum,
    session_records,
)
from thidua.awards.selectors.councils import (
    can_manage,
    councils_visible_to,
    is_secretary,
    session_view,
)
from thidua.awards.selectors.my_sessions import my_sessions
from thidua.awards.services import council_documents, councils, upward
from thidua.awards.views.rounds import refusals_shown
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.organizations.models import Unit
from thidua.organizations.scoping import grants_for
from thidua.organizations.views._common import acting_user

SECTION = "awards"
AGREE = "dong-y"
DISAGREE = "khong-dong-y"


def _council_or_404(request: HttpRequest, pk: int) -> AwardCouncil:
    found = council_for(acting_user(request), pk)
    if found is None:
        raise Http404
    return found


def _session_or_404(request: HttpRequest, pk: int) -> CouncilSession:
    found = session_for(acting_user(request), pk)
    if found is None:
        raise Http404
    return found


def _manager_units(request: HttpRequest) -> list[Unit]:
    ids = [g.unit_id for g in grants_for(request.user) if g.allows(Perm.MANAGE_AWARD_COUNCILS)]
    return list(Unit.objects.filter(pk__in=ids).order_by("path"))


def _choices_from(request: HttpRequest) -> dict[int, bool]:
    """The ballot's radio groups "phieu-<item>" = dong-y | khong-dong-y (others ignored)."""
    choices: dict[int, bool] = {}
    for key, value in request.POST.items():
        ref = key.removeprefix("phieu-")
        if key.startswith("phieu-") and ref.isdigit() and value in (AGREE, DISAGREE):
            choices[int(ref)] = value == AGREE
    return choices


def _form_errors_as_messages(request: HttpRequest, form: Form) -> None:
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))


# -- Councils ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def council_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    units = _manager_units(request)
    form = None
    if units:
        form = CouncilForm(
            request.POST or None,
            units=Unit.objects.filter(pk__in=[u.pk for u in units]).order_by("path"),
            initial={"unit": units[0].pk},
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                council = councils.create_council(
                    unit=form.cleaned_data["unit"],
                    name=form.cleaned_data["name"],
                    decision_number=form.cleaned_data["decision_number"],
                    by=user,
                )
            except PermissionDeniedError as error:
                raise PermissionDenied(error.message) from error
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, f"Đã lập “{council.name}”.")
                return redirect("awards:council_detail", pk=council.pk)
    found = list(councils_visible_to(user).select_related("unit").order_by("unit__path", "name"))
    if not found and form is None:
        raise PermissionDenied
    return render(
        request,
        "awards/councils/list.html",
        {"section": SECTION, "councils": found, "form": form},
    )


@login_required
@require_GET
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    council = _council_or_404(request, pk)
    manages = can_manage(user, council)
    return render(
        request,
        "awards/councils/detail.html",
        {
            "section": SECTION,
            "council": council,
            "members": list(council.members.select_related("user").order_by("order", "id")),
            "sessions": list(council.sessions.select_related("round").order_by("-meeting_date")),
            "manages": manages,
            "member_form": MemberForm(users=member_candidates(council)) if manages else None,
            "session_form": SessionForm(rounds=council_rounds(council)) if manages else None,
        },
    )


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    council = _council_or_404(request, pk)
    if not can_manage(user, council):
        raise PermissionDenied
    form = MemberForm(request.POST, users=member_candidates(council))
    if not form.is_valid():
        _form_errors_as_messages(request, form)
        return redirect("awards:council_detail", pk=council.pk)
    with refusals_shown(request):
        member = councils.add_member(
            council, user=form.cleaned_data["user"], role=form.cleaned_data["role"], by=user
        )
        messages.success(
            request, f"Đã thêm {member.user.display_name} ({member.get_role_display()})."
        )
    return redirect("awards:council_detail", pk=council.pk)


@login_required
@require_POST
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    council = _council_or_404(request, pk)
    if not can_manage(user, council):
        raise PermissionDenied
    # Any round of the unit: the service refuses (and logs) one not handed to the council.
    form = SessionForm(request.POST, rounds=AwardRound.objects.filter(organiser=council.unit))
    if not form.is_valid():
        _form_errors_as_messages(request, form)
        return redirect("awards:council_detail", pk=council.pk)
    with refusals_shown(request) as outcome:
        session = councils.open_session(
            council,
            round_=form.cleaned_data["round"],
            meeting_date=form.cleaned_data["meeting_date"],
            place=form.cleaned_data["place"],
            by=user,
        )
    if not outcome.ok:
        return redirect("awards:council_detail", pk=council.pk)
    messages.success(request, "Đã mở phiên họp. Hãy ghi danh sách thành viên dự họp.")
    return redirect("awards:session", pk=session.pk)


@login_required
@require_GET
def my_council_sessions(request: HttpRequest) -> HttpResponse:
    """ "Phiên họp Hội đồng của tôi": the sessions of the councils I sit on (mine only, whatever
    my roles), open ones first with my attendance, whether I voted, and the way to my ballot."""
    return render(
        request,
        "awards/councils/my_sessions.html",
        {"section": SECTION, "sessions": my_sessions(acting_user(request))},
    )


# -- A session -----------------------------------------------------------------------------------


@login_required
@require_GET
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    session = _session_or_404(request, pk)
    view = session_view(session, user)
    agenda = agenda_lines(session, [(row.item, row.marks, row.voted_by_me) for row in view.agenda])
    me = view.me
    chair = me is not None and me.role == CouncilRole.CHAIR
    secretary = is_secretary(me)
    ballots_cast = any(line.marks for line in agenda)
    passed = sum(1 for line in agenda if line.item.passed)
    upward_now = None if session.is_open else upward_state(session, [line.item for line in agenda])
    return render(
        request,
        "awards/councils/session.html",
        {
            "section": SECTION,
            "session": session,
            "view": view,
            "agenda": agenda,
            "quorum": session_quorum(session, view.present),
            "can_attend": session.is_open and not ballots_cast and (view.manager or secretary),
            "can_close": session.is_open and (view.manager or chair),
            "secretary": secretary and session.is_open,
            "written_members": [row.member for row in view.written_pending],
            "records": session_records(session) if not session.is_open else [],
            "can_issue": user.has_perm(Perm.ISSUE_DOCUMENT.value, session.council.unit),
            "can_draft": user.has_perm(Perm.PREPARE_AWARD_DECISION.value, session.council.unit),
            "decision": decision_of(session) if not session.is_open else None,
            "passed": passed,
            "own_passed": passed - (upward_now.count if upward_now else 0),
            "upward": upward_now,
        },
    )


@login_required
@require_POST
def attendance(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    present = {int(v) for v in request.POST.getlist("co_mat") if v.isdigit()}
    with refusals_shown(request):
        rows = councils.record_attendance(session, present=present, by=acting_user(request))
        count = sum(1 for row in rows if row.present)
        messages.success(
            request, f"Đã ghi danh sách dự họp: {count}/{len(rows)} thành viên có mặt."
        )
    return redirect("awards:session", pk=session.pk)


@login_required
@require_http_methods(["GET", "POST"])
def ballot(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's own ballot: agree or not per candidate, once. Afterwards the page says
    "Đã bỏ phiếu" for each candidate, and never what was chosen."""
    user = acting_user(request)
    session = _session_or_404(request, pk)
    if request.method == "POST":
        with refusals_shown(request):
            count = councils.cast_ballot(session, choices=_choices_from(request), by=user)
            messages.success(
                request, f"Đã ghi nhận phiếu bầu kín của bạn ({count} người, tập thể)."
            )
        return redirect("awards:ballot", pk=session.pk)
    view = session_view(session, user)
    if view.me is None:
        raise PermissionDenied
    present = any(row.member_id == view.me.pk and row.present for row in view.members)
    return render(
        request,
        "awards/councils/ballot.html",
        {
            "section": SECTION,
            "session": session,
            "view": view,
            "agenda": agenda_lines(
                session, [(row.item, 0, row.voted_by_me) for row in view.agenda]
            ),
            "present": present,
            "quorum": session_quorum(session, view.present),
            "agree": AGREE,
            "disagree": DISAGREE,
        },
    )


@login_required
@require_POST
def written_ballot(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary enters an absent member's written vote (marked in the minutes)."""
    user = acting_user(request)
    session = _session_or_404(request, pk)
    member_ref = request.POST.get("thanh_vien", "")
    member = (
        AwardCouncilMember.objects.select_related("user")
        .filter(pk=int(member_ref), council=session.council)
        .first()
        if member_ref.isdigit()
        else None
    )
    if member is None:
        messages.error(request, "Hãy chọn thành viên vắng mặt có phiếu bằng văn bản.")
        return redirect("awards:session", pk=session.pk)
    with refusals_shown(request):
        count = councils.enter_written_ballot(
            session, member=member, choices=_choices_from(request), by=user
        )
        messages.success(
            request,
            f"Đã nhập phiếu bằng văn bản của {member.user.display_name} ({count} người, tập thể).",
        )
    return redirect("awards:session", pk=session.pk)


@login_required
@require_POST
def session_close(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    with refusals_shown(request):
        councils.close_session(session, by=acting_user(request))
        messages.success(request, "Đã kết thúc phiên họp và kiểm phiếu.")
    return redirect("awards:session", pk=session.pk)


@login_required
@require_POST
def records_issue(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(request, pk)
    with refusals_shown(request, documents=True):
        issued = council_documents.issue_session_records(session, by=acting_user(request))
        numbers = ", ".join(doc.number_text for doc in issued)
        messages.success(
            request, f"Đã phát hành biên bản kiểm phiếu và biên bản họp: số {numbers}."
        )
    return redirect("awards:session", pk=session.pk)


@login_required
@require_POST
def upward_issue(request: HttpRequest, pk: int) -> HttpResponse:
    """Issue the Tờ trình đề nghị khen thưởng cấp trên of a closed session."""
    session = _session_or_404(request, pk)
    with refusals_shown(request, documents=True):
        issued = upward.issue_upward_proposal(session, by=acting_user(request))
        messages.success(
            request, f"Đã phát hành tờ trình đề nghị cấp trên khen thưởng: số {issued.number_text}."
        )
    return redirect("awards:session", pk=session.pk)


@login_required
@require_GET
def ballot_paper(request: HttpRequest, pk: int) -> HttpResponse:
    """The blank ballot paper (a draft PDF, unnumbered, the same for every member)."""
    session = _session_or_404(request, pk)
    response = HttpResponse(council_documents.ballot_pdf(session), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="phieu-bau-phien-{session.pk}.pdf"'
    return response
