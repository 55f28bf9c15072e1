"""Registrations of units: the progress of a year's round (with the round's form and the Excel
export), one unit's registration (fill, send, approve, return, extend its deadline)."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.enums import INDIVIDUAL_TITLES, ApprovalStatus, EmulationTitle, TargetStatus
from thidua.movements.forms.registrations import (
    ExtensionForm,
    ReturnForm,
    RoundForm,
    UnitRegistrationForm,
)
from thidua.movements.models import Movement, RegistrationRound, UnitRegistration
from thidua.movements.selectors.documents import issue_panel, round_source, unit_round_source
from thidua.movements.selectors.registrations import (
    PROGRESS_STATUSES,
    counts_from_people,
    default_year,
    effective_deadline,
    movement_years,
    participant_units,
    registration_progress,
    round_of,
    today,
    unit_target_cells,
)
from thidua.movements.services.registrations.exports import export_registration_progress
from thidua.movements.services.registrations.rounds import (
    extend_registration_deadline,
    open_round,
    update_round,
)
from thidua.movements.services.registrations.unit_registrations import (
    EDITABLE,
    UnitRegistrationData,
    approve_unit_registration,
    return_unit_registration,
    save_unit_registration,
)
from thidua.movements.views.registrations._common import flag, forbidden, movement_for, year_in
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can, scope_q
from thidua.organizations.views._common import acting_user

_STATUS_KEYS = {key for key, _ in PROGRESS_STATUSES}
_TITLE_LABELS = dict(EmulationTitle.choices)


@login_required
@require_GET
def registrations_home(request: HttpRequest, pk: int) -> HttpResponse:
    movement = movement_for(request, pk)
    return redirect("movements:registration_progress", pk=movement.pk, year=default_year(movement))


def _filters(request: HttpRequest) -> dict[str, Any]:
    status = request.GET.get("trang_thai") or ""
    return {
        "include_sub_units": flag(request, "khoa"),
        "status": status if status in _STATUS_KEYS else "",
        "query": (request.GET.get("q") or "").strip()[:100],
    }


def _progress_page(
    request: HttpRequest,
    movement: Movement,
    year: int,
    *,
    round_form: RoundForm | None = None,
) -> HttpResponse:
    round_ = round_of(movement, year)
    filters = _filters(request)
    progress = registration_progress(request.user, movement, round_, **filters)
    can_manage = request.user.has_perm(Perm.MANAGE_MOVEMENT.value, movement)
    if round_form is None and can_manage:
        initial = (
            {"opens_on": round_.opens_on, "deadline": round_.deadline} if round_ is not None else {}
        )
        round_form = RoundForm(initial=initial)
    return render(
        request,
        "movements/registrations/progress.html",
        {
            "section": "movements",
            "tab": "units",
            "movement": movement,
            "year": year,
            "years": movement_years(movement),
            "round": round_,
            "progress": progress,
            "statuses": [
                (key, label, progress.counts.get(key, 0)) for key, label in PROGRESS_STATUSES
            ],
            "filters": filters,
            "can_manage": can_manage,
            "round_form": round_form,
            "today": today(),
            "documents": issue_panel(
                request.user, source=round_source(round_), unit_path=movement.owner.path
            )
            if round_ is not None
            else None,
        },
    )


@login_required
@require_GET
def registration_progress_page(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    movement = movement_for(request, pk)
    return _progress_page(request, movement, year_in(movement, year))


@login_required
@require_POST
def round_save(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Open the round of the year, or change its dates (the department)."""
    movement = movement_for(request, pk)
    year = year_in(movement, year)
    if not request.user.has_perm(Perm.MANAGE_MOVEMENT.value, movement):
        raise PermissionDenied
    form = RoundForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        round_ = round_of(movement, year)
        try:
            if round_ is None:
                open_round(
                    by=acting_user(request),
                    movement=movement,
                    year=year,
                    opens_on=data["opens_on"],
                    deadline=data["deadline"],
                )
                messages.success(request, f"Đã mở đợt đăng ký thi đua năm {year}.")
            else:
                update_round(
                    round_,
                    by=acting_user(request),
                    opens_on=data["opens_on"],
                    deadline=data["deadline"],
                    reason=data.get("reason") or "",
                )
                messages.success(request, f"Đã lưu thời gian đăng ký thi đua năm {year}.")
        except PermissionDeniedError as error:
            raise forbidden(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("movements:registration_progress", pk=movement.pk, year=year)
    return _progress_page(request, movement, year, round_form=form)


@login_required
@require_GET
def registration_export(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    movement = movement_for(request, pk)
    year = year_in(movement, year)
    round_ = round_of(movement, year)
    if round_ is None:
        raise Http404
    content = export_registration_progress(
        by=acting_user(request), movement=movement, round_=round_, **_filters(request)
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="dang-ky-thi-dua-{movement.code.lower()}-{year}.xlsx"'
    )
    return response


# -- One unit's registration ----------------------------------------------------------------


def _unit_in_scope(request: HttpRequest, movement: Movement, unit_pk: int) -> Unit:
    unit = (
        participant_units(movement, include_sub_units=True)
        .filter(scope_q(request.user, Perm.VIEW_MOVEMENT, "path"), pk=unit_pk)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


def _round_or_404(movement: Movement, year: int) -> RegistrationRound:
    round_ = round_of(movement, year)
    if round_ is None:
        raise Http404
    return round_


def _registration_of(round_: RegistrationRound, unit: Unit) -> UnitRegistration | None:
    return (
        UnitRegistration.objects.filter(round=round_, unit=unit)
        .select_related("submitted_by", "decided_by", "round__movement", "unit")
        .first()
    )


def _unit_page(
    request: HttpRequest,
    movement: Movement,
    year: int,
    unit: Unit,
    *,
    form: UnitRegistrationForm | None = None,
    return_form: ReturnForm | None = None,
    extension_form: ExtensionForm | None = None,
) -> HttpResponse:
    round_ = round_of(movement, year)
    registration = _registration_of(round_, unit) if round_ is not None else None
    people_counts = counts_from_people(round_, unit) if round_ is not None else {}
    may_register = can(request.user, Perm.REGISTER_UNIT, unit.path)
    may_decide = can(request.user, Perm.APPROVE_UNIT_REGISTRATION, unit.path)
    can_edit = (
        round_ is not None
        and may_register
        and (registration is None or registration.status in EDITABLE)
    )
    if form is None and can_edit:
        form = UnitRegistrationForm(
            counts_computed=bool(people_counts),
            initial={
                "collective_title": registration.collective_title if registration else "",
                "commitments": registration.commitments if registration else "",
                **{
                    f"count_{title}": (
                        people_counts or (registration.individual_counts if registration else {})
                    ).get(title, 0)
                    for title in INDIVIDUAL_TITLES
                },
            },
        )
    counts = people_counts or (registration.individual_counts if registration else {})
    cells = unit_target_cells(movement, unit, year)
    return render(
        request,
        "movements/registrations/unit_registration.html",
        {
            "section": "movements",
            "tab": "units",
            "movement": movement,
            "year": year,
            "years": movement_years(movement),
            "round": round_,
            "unit": unit,
            "registration": registration,
            "deadline": effective_deadline(round_, unit) if round_ is not None else None,
            "today": today(),
            "form": form,
            "can_edit": can_edit,
            "counts_computed": bool(people_counts),
            "count_rows": [(_TITLE_LABELS[t], counts.get(t, 0)) for t in INDIVIDUAL_TITLES],
            "can_decide": may_decide
            and registration is not None
            and registration.status == ApprovalStatus.SUBMITTED,
            "own_submission": registration is not None
            and registration.submitted_by_id == request.user.pk,
            "can_extend": may_decide
            and round_ is not None
            and (registration is None or registration.status == ApprovalStatus.DRAFT),
            "return_form": return_form or ReturnForm(),
            "extension_form": extension_form or ExtensionForm(),
            "targets_total": len(cells),
            "targets_own": sum(1 for c in cells if c.status == TargetStatus.APPROVED),
            "targets_proposed": sum(1 for c in cells if c.status == TargetStatus.PROPOSED),
            "targets_returned": sum(1 for c in cells if c.status == TargetStatus.RETURNED),
            "documents": issue_panel(
                request.user, source=unit_round_source(round_, unit), unit_path=unit.path
            )
            if round_ is not None
            else None,
        },
    )


def _unit_url(movement: Movement, year: int, unit: Unit) -> str:
    return reverse("movements:unit_registration", args=[movement.pk, year, unit.pk])


@login_required
@require_http_methods(["GET", "POST"])
def unit_registration(request: HttpRequest, pk: int, year: int, unit_pk: int) -> HttpResponse:
    """The unit's registration: the unit officer fills it in and sends it."""
    movement = movement_for(request, pk)
    year = year_in(movement, year)
    unit = _unit_in_scope(request, movement, unit_pk)
    if request.method == "GET":
        return _unit_page(request, movement, year, unit)
    if not can(request.user, Perm.REGISTER_UNIT, unit.path):
        raise PermissionDenied
    round_ = _round_or_404(movement, year)
    form = UnitRegistrationForm(
        request.POST, counts_computed=bool(counts_from_people(round_, unit))
    )
    submit = request.POST.get("action") == "submit"
    if form.is_valid():
        data = form.cleaned_data
        try:
            save_unit_registration(
                by=acting_user(request),
                round_=round_,
                unit=unit,
                data=UnitRegistrationData(
                    collective_title=data.get("collective_title") or "",
                    commitments=data.get("commitments") or "",
                    individual_counts=form.counts(),
                ),
                submit=submit,
            )
        except PermissionDeniedError as error:
            raise forbidden(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Đã gửi đăng ký thi đua năm {year} của {unit.name}; chờ Sở duyệt."
                if submit
                else "Đã lưu bản nháp đăng ký.",
            )
            return redirect(_unit_url(movement, year, unit))
    return _unit_page(request, movement, year, unit, form=form)


def _decision_target(
    request: HttpRequest, pk: int, year: int, unit_pk: int
) -> tuple[Movement, int, Unit, UnitRegistration]:
    movement = movement_for(request, pk)
    year = year_in(movement, year)
    unit = _unit_in_scope(request, movement, unit_pk)
    if not can(request.user, Perm.APPROVE_UNIT_REGISTRATION, unit.path):
        raise PermissionDenied
    registration = _registration_of(_round_or_404(movement, year), unit)
    if registration is None:
        raise Http404
    return movement, year, unit, registration


@login_required
@require_POST
def unit_registration_approve(
    request: HttpRequest, pk: int, year: int, unit_pk: int
) -> HttpResponse:
    movement, year, unit, registration = _decision_target(request, pk, year, unit_pk)
    try:
        approve_unit_registration(
            registration, by=acting_user(request), note=request.POST.get("note") or ""
        )
    except PermissionDeniedError as error:
        raise forbidden(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã duyệt đăng ký thi đua năm {year} của {unit.name}.")
    return redirect(_unit_url(movement, year, unit))


@login_required
@require_POST
def unit_registration_return(
    request: HttpRequest, pk: int, year: int, unit_pk: int
) -> HttpResponse:
    movement, year, unit, registration = _decision_target(request, pk, year, unit_pk)
    form = ReturnForm(request.POST)
    if form.is_valid():
        try:
            return_unit_registration(
                registration, by=acting_user(request), reason=form.cleaned_data["reason"]
            )
        except PermissionDeniedError as error:
            raise forbidden(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã trả lại đăng ký của {unit.name} kèm lý do.")
            return redirect(_unit_url(movement, year, unit))
    return _unit_page(request, movement, year, unit, return_form=form)


@login_required
@require_POST
def unit_registration_extend(
    request: HttpRequest, pk: int, year: int, unit_pk: int
) -> HttpResponse:
    """Grant the unit a later deadline (the department)."""
    movement = movement_for(request, pk)
    year = year_in(movement, year)
    unit = _unit_in_scope(request, movement, unit_pk)
    if not can(request.user, Perm.APPROVE_UNIT_REGISTRATION, unit.path):
        raise PermissionDenied
    round_ = _round_or_404(movement, year)
    form = ExtensionForm(request.POST)
    if form.is_valid():
        try:
            extend_registration_deadline(
                by=acting_user(request),
                round_=round_,
                unit=unit,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise forbidden(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Đã gia hạn đăng ký cho {unit.name} đến {form.cleaned_data['until']:%d/%m/%Y}.",
            )
            return redirect(_unit_url(movement, year, unit))
    return _unit_page(request, movement, year, unit, extension_form=form)
