"""Pages of award rounds (/khen-thuong/dot-xet/…): the list, create and edit (the department
officer), a round's page with its steps and its nominations (scoped), a unit's list for the
round with the candidates the platform suggests, and the POSTs that move a round along.

A round outside the reader's lines is a 404; an action without its permission a 403; what a
service refuses is a message on the page.
"""

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import DateField
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.awards import clock
from thidua.awards.enums import NominationStatus, RoundStatus
from thidua.awards.forms.inputs import DATE_FORMATS
from thidua.awards.forms.rounds import RoundForm
from thidua.awards.models import AwardRound, Nomination
from thidua.awards.selectors.councils import councils_of_round, sessions_of_round
from thidua.awards.selectors.eligibility import rulebook_for_year
from thidua.awards.selectors.rounds import (
    award_names_of,
    can_manage_round,
    candidates_for,
    disclosure_period,
    nominating_units,
    nominations_visible_to,
    round_for,
    rounds_visible_to,
    rulebook_of,
    status_counts,
    unanswered_count,
)
from thidua.awards.services import nominations as nomination_services
from thidua.awards.services import rounds as round_services
from thidua.awards.services.nomination_documents import issue_proposal
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import grants_for, scope_q
from thidua.organizations.views._common import acting_user

SECTION = "awards"
PER_PAGE = 50


def refusal_text(error: DomainError) -> str:
    if isinstance(error, ValidationFailedError):
        return "Chưa phát hành được văn bản: " + " ".join(error.errors.values())
    return error.message


@dataclass
class Outcome:
    ok: bool = True


@contextmanager
def refusals_shown(request: HttpRequest, *, documents: bool = False) -> Iterator[Outcome]:
    """Around a POST view's service call: a refused permission is the 403 page; any other
    refusal (DomainError) becomes a message on the next page and leaves the block, the outcome
    saying so (`documents`: the refusal of a document to issue, every missing part named)."""
    outcome = Outcome()
    try:
        yield outcome
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, refusal_text(error) if documents else error.message)
        outcome.ok = False


def round_or_404(request: HttpRequest, pk: int) -> AwardRound:
    found = round_for(acting_user(request), pk)
    if found is None:
        raise Http404
    return found


def _award_choices(year: int) -> list[tuple[str, str]]:
    found = rulebook_for_year(year)
    if found is None:
        return []
    return [(award.code, award.name) for award in found[1].awards]


def _manager_units(request: HttpRequest) -> list[Unit]:
    ids = [g.unit_id for g in grants_for(request.user) if g.allows(Perm.MANAGE_AWARD_ROUNDS)]
    return list(Unit.objects.filter(pk__in=ids).order_by("path"))


@login_required
@require_GET
def round_list(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    if not (
        user.has_perm(Perm.VIEW_NOMINATIONS.value) or user.has_perm(Perm.MANAGE_AWARD_ROUNDS.value)
    ):
        raise PermissionDenied
    rounds = list(rounds_visible_to(user)[:200])
    return render(
        request,
        "awards/rounds/list.html",
        {
            "section": SECTION,
            "rounds": rounds,
            "can_create": bool(_manager_units(request)),
        },
    )


def _round_form_page(
    request: HttpRequest, *, round_: AwardRound | None, organiser: Unit | None
) -> HttpResponse:
    user = acting_user(request)
    year_text = request.POST.get("year") or request.GET.get("nam") or ""
    year = (
        int(year_text)
        if year_text.isdigit()
        else (round_.year if round_ else clock.today().year - 1)
    )
    choices = _award_choices(year) or _award_choices(clock.today().year)
    initial = {}
    if round_ is not None:
        initial = {
            "name": round_.name,
            "kind": round_.kind,
            "phase": round_.phase_id,
            "year": round_.year,
            "award_codes": round_.award_codes,
            "upward_codes": round_.upward_codes,
            "nomination_deadline": round_.nomination_deadline,
            "disclosure_working_days": round_.disclosure_working_days,
            "disclosure_public": round_.disclosure_public,
            "note": round_.note,
        }
    else:
        initial = {"year": year, "disclosure_working_days": 5}
    form = RoundForm(request.POST or None, initial=initial, award_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            if round_ is None:
                assert organiser is not None  # noqa: S101
                saved = round_services.create_round(
                    by=user, organiser=organiser, data=form.data_object()
                )
            else:
                saved = round_services.update_round(by=user, round_=round_, data=form.data_object())
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"Đã lưu đợt xét “{saved.name}”.")
            return redirect("awards:round_detail", pk=saved.pk)
    return render(
        request,
        "awards/rounds/form.html",
        {"section": SECTION, "form": form, "round": round_, "organiser": organiser},
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest) -> HttpResponse:
    units = _manager_units(request)
    if not units:
        raise PermissionDenied
    return _round_form_page(request, round_=None, organiser=units[0])


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = round_or_404(request, pk)
    if not can_manage_round(request.user, round_):
        raise PermissionDenied
    return _round_form_page(request, round_=round_, organiser=round_.organiser)


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = acting_user(request)
    round_ = round_or_404(request, pk)
    rows = nominations_visible_to(user, round_)
    status = request.GET.get("trang_thai", "")
    if status in NominationStatus.values:
        rows = rows.filter(status=status)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    rulebook = rulebook_of(round_)
    # Once handed to the council, the round leads to the council that meets on it.
    at_council = round_.status in (RoundStatus.COUNCIL, RoundStatus.DECIDED, RoundStatus.CLOSED)
    return render(
        request,
        "awards/rounds/detail.html",
        {
            "section": SECTION,
            "round": round_,
            "page": page,
            "names": award_names_of(rulebook.spec if rulebook else None),
            "counts": status_counts(nominations_visible_to(user, round_)),
            "statuses": NominationStatus.choices,
            "status": status,
            "manages": can_manage_round(user, round_),
            "my_units": nominating_units(user, round_),
            "period": disclosure_period(round_),
            "unanswered": unanswered_count(round_),
            "today": clock.today(),
            "councils": councils_of_round(user, round_) if at_council else [],
            "sessions": sessions_of_round(user, round_) if at_council else [],
        },
    )


STEPS = {
    "mo": "open",
    "tham-dinh": "checking",
    "cong-khai": "disclosure",
    "trinh-hoi-dong": "council",
    "ket-thuc": "closed",
}


@login_required
@require_POST
def round_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    user = acting_user(request)
    round_ = round_or_404(request, pk)
    if step not in STEPS:
        raise Http404
    if not can_manage_round(user, round_):
        raise PermissionDenied
    back = redirect("awards:round_detail", pk=round_.pk)
    with refusals_shown(request) as outcome:
        if step == "mo":
            round_services.open_round(by=user, round_=round_)
        elif step == "tham-dinh":
            round_services.start_checking(by=user, round_=round_)
        elif step == "cong-khai":
            start = _date(request.POST.get("start", ""))
            if start is None:
                messages.error(request, "Ngày bắt đầu công khai không hợp lệ (dd/mm/yyyy).")
                return back
            round_services.open_disclosure(by=user, round_=round_, start=start)
        elif step == "trinh-hoi-dong":
            round_services.send_to_council(by=user, round_=round_)
        else:
            round_services.close_round(
                by=user, round_=round_, reason=request.POST.get("reason", "")
            )
    if not outcome.ok:
        return back
    messages.success(request, f"Đợt xét chuyển sang bước “{round_.get_status_display()}”.")
    return back


def _date(text: str) -> dt.date | None:
    field = DateField(input_formats=DATE_FORMATS)
    try:
        value: dt.date = field.clean(text.strip())
        return value
    except ValidationError:
        return None


def _unit_of_round(request: HttpRequest, round_: AwardRound, unit_pk: int) -> Unit:
    """A unit the user reads nominations of, inside the round's organiser, else 404."""
    unit = (
        Unit.objects.filter(scope_q(request.user, Perm.VIEW_NOMINATIONS, "path"), pk=unit_pk)
        .filter(path__startswith=round_.organiser.path)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


@login_required
@require_GET
def unit_list(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """A unit's list for the round: its nominations, and for one award at a time the people or
    collectives of the unit judged by the engine, eligible first, each with its rule results."""
    user = acting_user(request)
    round_ = round_or_404(request, pk)
    unit = _unit_of_round(request, round_, unit_pk)
    rulebook = rulebook_of(round_)
    awards = rulebook.awards_of(round_) if rulebook else []
    code = request.GET.get("danh_hieu") or (awards[0].code if awards else "")
    award = next((a for a in awards if a.code == code), None)
    if awards and award is None:
        raise Http404
    can_nominate = unit in nominating_units(user, round_)
    candidates_page = None
    if (
        award is not None
        and rulebook is not None
        and round_.status == RoundStatus.OPEN
        and can_nominate
    ):
        candidates = candidates_for(round_, unit, award, rulebook.spec)
        candidates_page = Paginator(candidates, PER_PAGE).get_page(request.GET.get("page"))
    mine = list(
        Nomination.objects.filter(round=round_, unit=unit)
        .exclude(status=NominationStatus.WITHDRAWN)
        .select_related("person", "person__unit", "subject_unit")
        .order_by("award_code", "person__sort_name", "subject_unit__path", "id")
    )
    return render(
        request,
        "awards/rounds/unit_list.html",
        {
            "section": SECTION,
            "round": round_,
            "unit": unit,
            "awards": awards,
            "award": award,
            "candidates": candidates_page,
            "mine": mine,
            "names": award_names_of(rulebook.spec if rulebook else None),
            "can_nominate": can_nominate and round_.status == RoundStatus.OPEN,
            "has_drafts": any(n.status == NominationStatus.DRAFT for n in mine),
        },
    )


@login_required
@require_POST
def nomination_add(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    user = acting_user(request)
    round_ = round_or_404(request, pk)
    unit = _unit_of_round(request, round_, unit_pk)
    code = request.POST.get("award_code", "")
    back_url = reverse("awards:unit_list", args=[round_.pk, unit.pk]) + f"?danh_hieu={code}"
    kind, _, raw = request.POST.get("subject", "").partition(":")
    person = subject_unit = None
    if kind == "person" and raw.isdigit():
        person = Person.objects.select_related("unit").filter(pk=int(raw)).first()
    elif kind == "unit" and raw.isdigit():
        subject_unit = Unit.objects.filter(pk=int(raw)).first()
    if person is None and subject_unit is None:
        raise Http404
    with refusals_shown(request) as outcome:
        item = nomination_services.create_nomination(
            by=user,
            round_=round_,
            unit=unit,
            award_code=code,
            person=person,
            subject_unit=subject_unit,
            justification=request.POST.get("justification", ""),
        )
    if not outcome.ok:
        return redirect(back_url)
    messages.success(request, f"Đã đưa {item.subject_name} vào danh sách đề nghị.")
    return redirect(back_url)


@login_required
@require_POST
def proposal_issue(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    user = acting_user(request)
    round_ = round_or_404(request, pk)
    unit = _unit_of_round(request, round_, unit_pk)
    back = redirect("awards:unit_list", pk=round_.pk, unit_pk=unit.pk)
    with refusals_shown(request, documents=True) as outcome:
        item = issue_proposal(by=user, round_=round_, unit=unit)
    if not outcome.ok:
        return back
    messages.success(
        request,
        f"Đã phát hành tờ trình số {item.number_text} ngày {item.issued_on:%d/%m/%Y}; tờ trình "
        "được đính kèm hồ sơ của từng đề nghị.",
    )
    return back


@login_required
@require_POST
def unit_submit(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    user = acting_user(request)
    round_ = round_or_404(request, pk)
    unit = _unit_of_round(request, round_, unit_pk)
    back = redirect("awards:unit_list", pk=round_.pk, unit_pk=unit.pk)
    with refusals_shown(request) as outcome:
        sent = nomination_services.submit_unit_list(by=user, round_=round_, unit=unit)
    if not outcome.ok:
        return back
    messages.success(request, f"Đã gửi {len(sent)} đề nghị khen thưởng để thẩm định.")
    return back
