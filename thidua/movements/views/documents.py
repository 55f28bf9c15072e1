"""Issuing the movements app's documents from their pages: the Kế hoạch of a year (movement
overview), the units' registrations of a round (registration progress), a unit's personal
registrations (the unit's registration page). Each is one POST: check, issue, back to the page
with the number (the page lists the documents issued from its data, with their downloads).

A movement, round or unit outside the reader's scope is a 404; issuing where the user holds no
"documents.issue_document" a 403; what issuing refuses is a message on the page.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.documents.models import IssuedDocument
from thidua.movements.models import Movement, RegistrationRound
from thidua.movements.selectors.registrations import movement_years, participant_units, round_of
from thidua.movements.services.documents import (
    issue_movement_plan,
    issue_round_registrations,
    issue_unit_registrations,
)
from thidua.movements.views.registrations._common import movement_for, year_in
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can, scope_q
from thidua.organizations.views._common import acting_user


def refusal_text(error: DomainError) -> str:
    """Every problem of a refusal, in one message."""
    if isinstance(error, ValidationFailedError):
        return "Chưa phát hành được văn bản: " + " ".join(error.errors.values())
    return error.message


def issued_message(request: HttpRequest, item: IssuedDocument) -> None:
    messages.success(
        request,
        f"Đã phát hành {item.kind_name.lower()} số {item.number_text} ngày "
        f"{item.issued_on:%d/%m/%Y}; tải bản Word hoặc PDF ở mục văn bản bên dưới.",
    )


def _round_or_404(movement: Movement, year: int) -> RegistrationRound:
    round_ = round_of(movement, year)
    if round_ is None:
        raise Http404
    return round_


def _unit_in_scope(request: HttpRequest, movement: Movement, unit_pk: int) -> Unit:
    """A participating unit (or khoa, phòng) the user reads, else 404."""
    unit = (
        participant_units(movement, include_sub_units=True)
        .filter(scope_q(request.user, Perm.VIEW_MOVEMENT, "path"), pk=unit_pk)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def _require_issue(request: HttpRequest, unit_path: str) -> None:
    if not can(request.user, Perm.ISSUE_DOCUMENT, unit_path):
        raise PermissionDenied("Bạn không có quyền phát hành văn bản của đơn vị này.")


@login_required
@require_POST
def plan_issue(request: HttpRequest, pk: int) -> HttpResponse:
    movement = movement_for(request, pk)
    _require_issue(request, movement.owner.path)
    raw = request.POST.get("nam") or ""
    years = movement_years(movement)
    year = int(raw) if raw.isdigit() and int(raw) in years else years[0]
    back = redirect("movements:movement_detail", pk=movement.pk)
    try:
        item = issue_movement_plan(by=acting_user(request), movement=movement, year=year)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return back
    issued_message(request, item)
    return back


@login_required
@require_POST
def round_registrations_issue(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    movement = movement_for(request, pk)
    round_ = _round_or_404(movement, year_in(movement, year))
    _require_issue(request, movement.owner.path)
    back = redirect("movements:registration_progress", pk=movement.pk, year=round_.year)
    try:
        item = issue_round_registrations(by=acting_user(request), round_=round_)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return back
    issued_message(request, item)
    return back


@login_required
@require_POST
def unit_registrations_issue(
    request: HttpRequest, pk: int, year: int, unit_pk: int
) -> HttpResponse:
    movement = movement_for(request, pk)
    round_ = _round_or_404(movement, year_in(movement, year))
    unit = _unit_in_scope(request, movement, unit_pk)
    _require_issue(request, unit.path)
    back = redirect(
        "movements:unit_registration", pk=movement.pk, year=round_.year, unit_pk=unit.pk
    )
    try:
        item = issue_unit_registrations(by=acting_user(request), round_=round_, unit=unit)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, refusal_text(error))
        return back
    issued_message(request, item)
    return back
