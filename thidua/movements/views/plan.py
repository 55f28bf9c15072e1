"""The plan pages: movements (list, overview, create, edit, scope, launch, close), phases and
their reviews, reporting periods.

Every page: login → the named permission anywhere (else 403) → the movement within
`movements_visible_to` (else 404) → for changes, MANAGE_MOVEMENT at its organising unit (else
403) → form → service → redirect with a message, or the form again with the refusal at its field.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.movements import periods as period_rules
from thidua.movements.enums import MovementStatus
from thidua.movements.forms.plan import (
    MovementForm,
    PeriodDatesForm,
    PeriodGenerateForm,
    PhaseForm,
    ReasonForm,
    ScopeForm,
)
from thidua.movements.models import Movement, Period, Phase
from thidua.movements.selectors.documents import issue_panel, plan_source, plan_year_of
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.plan import (
    default_owner,
    movement_overview,
    movement_rows,
    next_phase_number,
    period_counts,
    period_years,
    periods_of,
    phases_of,
    scope_candidates,
    scope_entries,
)
from thidua.movements.services.defaults import install_default_movement
from thidua.movements.services.plan import (
    ScopeEntry,
    close_movement,
    create_movement,
    create_phase,
    delete_phase,
    generate_movement_periods,
    launch_movement,
    set_movement_scope,
    update_movement,
    update_period_dates,
    update_phase,
)
from thidua.organizations.views._common import acting_user, require_perm

SECTION = "movements"


def _visible_movement(request: HttpRequest, pk: int) -> Movement:
    require_perm(request, Perm.VIEW_MOVEMENT)
    return get_object_or_404(movements_visible_to(request.user), pk=pk)


def _managed_movement(request: HttpRequest, pk: int) -> Movement:
    """The movement, for a change: 403 without MANAGE_MOVEMENT anywhere, 404 outside the user's
    scope, 403 when the user may read it but not plan it."""
    require_perm(request, Perm.MANAGE_MOVEMENT)
    movement = get_object_or_404(movements_visible_to(request.user), pk=pk)
    if not request.user.has_perm(Perm.MANAGE_MOVEMENT.value, movement):
        raise PermissionDenied
    return movement


def _can_manage(request: HttpRequest, movement: Movement) -> bool:
    return bool(request.user.has_perm(Perm.MANAGE_MOVEMENT.value, movement))


def _year(value: str | None, default: int) -> int:
    try:
        year = int(value or "")
    except ValueError:
        return default
    return year if 2000 <= year <= 2100 else default


# --- Movements ------------------------------------------------------------------------------------


@login_required
@require_GET
def movement_list(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.VIEW_MOVEMENT)
    rows = movement_rows(request.user)
    can_create = request.user.has_perm(Perm.MANAGE_MOVEMENT.value)
    return render(
        request,
        "movements/plan/movement_list.html",
        {
            "section": SECTION,
            "movements": rows,
            "can_create": can_create,
            "offer_default": can_create and not rows,
        },
    )


@login_required
@require_POST
def movement_install_default(request: HttpRequest) -> HttpResponse:
    """Create the default movement (KH 190/KH-UBND) at the user's topmost planning unit."""
    require_perm(request, Perm.MANAGE_MOVEMENT)
    owner = default_owner(request.user)
    if owner is None:
        raise PermissionDenied
    try:
        result = install_default_movement(owner=owner, by=acting_user(request))
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("movements:movement_list")
    if result.created:
        messages.success(
            request,
            f"Đã tạo phong trào “{result.movement.name}” với kế hoạch mặc định theo Kế hoạch số "
            "190/KH-UBND; hãy rà soát các mức điểm, chỉ tiêu trước khi áp dụng.",
        )
    else:
        messages.info(request, f"Phong trào “{result.movement.name}” đã có sẵn.")
    return redirect("movements:movement_detail", pk=result.movement.pk)


@login_required
@require_http_methods(["GET", "POST"])
def movement_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.MANAGE_MOVEMENT)
    owner = default_owner(request.user)
    form = MovementForm(
        request.POST or None,
        user=request.user,
        initial={"owner": owner.pk if owner else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            movement = create_movement(
                by=acting_user(request),
                data=form.movement_data(),
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã tạo phong trào “{movement.name}” (đang soạn).")
            return redirect("movements:movement_detail", pk=movement.pk)
    return render(
        request,
        "movements/plan/movement_form.html",
        {"section": SECTION, "form": form, "movement": None, "title": "Tạo phong trào thi đua"},
    )


@login_required
@require_GET
def movement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The overview anyone who may read the movement can print: timeline, areas and criteria,
    periods, the units' registrations of a year's round counted by status (`nam`, by default
    the current round)."""
    movement = _visible_movement(request, pk)
    year = _year(request.GET.get("nam"), 0) or None
    overview = movement_overview(movement, request.user, year=year)
    plan_year = plan_year_of(movement, year)
    return render(
        request,
        "movements/plan/movement_detail.html",
        {
            "section": SECTION,
            "movement": movement,
            "overview": overview,
            "can_manage": _can_manage(request, movement),
            "plan_year": plan_year,
            "documents": issue_panel(
                request.user,
                source=plan_source(movement, plan_year),
                unit_path=movement.owner.path,
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    form = MovementForm(request.POST or None, user=request.user, movement=movement)
    if request.method == "POST" and form.is_valid():
        try:
            update_movement(
                movement,
                by=acting_user(request),
                data=form.movement_data(),
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu thay đổi của phong trào “{movement.name}”.")
            return redirect("movements:movement_detail", pk=movement.pk)
    return render(
        request,
        "movements/plan/movement_form.html",
        {
            "section": SECTION,
            "form": form,
            "movement": movement,
            "title": f"Sửa phong trào: {movement.name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_scope(request: HttpRequest, pk: int) -> HttpResponse:
    """Which units take part: none ticked = the organising unit's whole subtree."""
    movement = _managed_movement(request, pk)
    candidates = scope_candidates(movement)
    entries = scope_entries(movement)
    form = ScopeForm(
        request.POST or None,
        candidates=candidates,
        initial={
            "units": [entry.unit_id for entry in entries],
            "alone": [entry.unit_id for entry in entries if not entry.include_subtree],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_movement_scope(
                movement,
                by=acting_user(request),
                entries=[ScopeEntry(unit, subtree) for unit, subtree in form.entries()],
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã lưu phạm vi phong trào.")
            return redirect("movements:movement_detail", pk=movement.pk)
    return render(
        request,
        "movements/plan/movement_scope.html",
        {"section": SECTION, "movement": movement, "form": form, "candidates": candidates},
    )


def _status_change(request: HttpRequest, pk: int, *, launch: bool) -> HttpResponse:
    movement = _managed_movement(request, pk)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        change = launch_movement if launch else close_movement
        try:
            change(movement, by=acting_user(request), reason=form.cleaned_data["reason"] or "")
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            done = "Đã phát động" if launch else "Đã kết thúc (tổng kết)"
            messages.success(request, f"{done} phong trào “{movement.name}”.")
            return redirect("movements:movement_detail", pk=movement.pk)
    return render(
        request,
        "movements/plan/movement_status.html",
        {"section": SECTION, "movement": movement, "form": form, "launch": launch},
    )


@login_required
@require_http_methods(["GET", "POST"])
def movement_launch(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, launch=True)


@login_required
@require_http_methods(["GET", "POST"])
def movement_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _status_change(request, pk, launch=False)


# --- Phases ---------------------------------------------------------------------------------------


@login_required
@require_GET
def phase_list(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _visible_movement(request, pk)
    return render(
        request,
        "movements/plan/phase_list.html",
        {
            "section": SECTION,
            "movement": movement,
            "phases": phases_of(movement),
            "can_manage": _can_manage(request, movement)
            and movement.status != MovementStatus.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_create(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    form = PhaseForm(request.POST or None, initial={"number": next_phase_number(movement)})
    if request.method == "POST" and form.is_valid():
        try:
            phase = create_phase(
                movement,
                by=acting_user(request),
                data=form.phase_data(),
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã thêm “{phase.name}”.")
            return redirect("movements:phase_list", pk=movement.pk)
    return render(
        request,
        "movements/plan/phase_form.html",
        {"section": SECTION, "movement": movement, "form": form, "phase": None},
    )


def _managed_phase(request: HttpRequest, pk: int) -> Phase:
    require_perm(request, Perm.MANAGE_MOVEMENT)
    phase = get_object_or_404(
        Phase.objects.select_related("movement__owner").filter(
            movement__in=movements_visible_to(request.user)
        ),
        pk=pk,
    )
    if not request.user.has_perm(Perm.MANAGE_MOVEMENT.value, phase.movement):
        raise PermissionDenied
    return phase


@login_required
@require_http_methods(["GET", "POST"])
def phase_edit(request: HttpRequest, pk: int) -> HttpResponse:
    phase = _managed_phase(request, pk)
    movement = phase.movement
    form = PhaseForm(request.POST or None, phase=phase)
    if request.method == "POST" and form.is_valid():
        try:
            update_phase(
                phase,
                by=acting_user(request),
                data=form.phase_data(),
                reason=form.cleaned_data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu “{phase.name}”.")
            return redirect("movements:phase_list", pk=movement.pk)
    return render(
        request,
        "movements/plan/phase_form.html",
        {"section": SECTION, "movement": movement, "form": form, "phase": phase},
    )


@login_required
@require_http_methods(["GET", "POST"])
def phase_delete(request: HttpRequest, pk: int) -> HttpResponse:
    phase = _managed_phase(request, pk)
    movement = phase.movement
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            delete_phase(phase, by=acting_user(request), reason=form.cleaned_data["reason"] or "")
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã xóa “{phase.name}”.")
            return redirect("movements:phase_list", pk=movement.pk)
    return render(
        request,
        "movements/plan/phase_delete.html",
        {"section": SECTION, "movement": movement, "phase": phase, "form": form},
    )


# --- Periods --------------------------------------------------------------------------------------


@login_required
@require_GET
def period_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The periods, filtered by kind (`loai`) and year (`nam`), with their three dates."""
    movement = _visible_movement(request, pk)
    kind = request.GET.get("loai", "")
    kind = kind if kind in period_rules.KINDS else ""
    years = period_years(movement)
    year = _year(request.GET.get("nam"), 0) or None
    return render(
        request,
        "movements/plan/period_list.html",
        {
            "section": SECTION,
            "movement": movement,
            "periods": list(periods_of(movement, kind=kind or None, year=year)),
            "counts": period_counts(movement),
            "kinds": [(k, period_rules.KIND_LABELS[k]) for k in period_rules.KINDS],
            "kind": kind,
            "years": years,
            "year": year,
            "can_manage": _can_manage(request, movement)
            and movement.status != MovementStatus.CLOSED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_generate(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    form = PeriodGenerateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = generate_movement_periods(
                movement,
                by=acting_user(request),
                kinds=data["kinds"],
                due_after_days=data["due_after_days"],
                lock_after_days=data["lock_after_days"],
                opens_before_end_days=data["opens_before_end_days"],
                start=data.get("start"),
                end=data.get("end"),
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            text = f"Đã tạo {len(result.created)} kỳ báo cáo"
            if result.kept:
                text += f"; giữ nguyên {result.kept} kỳ đã có"
            messages.success(request, text + ".")
            return redirect("movements:period_list", pk=movement.pk)
    return render(
        request,
        "movements/plan/period_generate.html",
        {"section": SECTION, "movement": movement, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def period_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.MANAGE_MOVEMENT)
    period: Period = get_object_or_404(
        Period.objects.select_related("movement__owner").filter(
            movement__in=movements_visible_to(request.user)
        ),
        pk=pk,
    )
    movement = period.movement
    if not _can_manage(request, movement):
        raise PermissionDenied
    form = PeriodDatesForm(request.POST or None, period=period)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_period_dates(
                period,
                by=acting_user(request),
                opens_on=data["opens_on"],
                due_on=data["due_on"],
                locks_on=data["locks_on"],
                reason=data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu các mốc ngày của kỳ “{period.name}”.")
            return redirect(
                reverse("movements:period_list", args=[movement.pk])
                + f"?loai={period.kind}&nam={period.year}"
            )
    return render(
        request,
        "movements/plan/period_form.html",
        {"section": SECTION, "movement": movement, "period": period, "form": form},
    )
