"""The reporting setup of a movement (department officer, MANAGE_REPORTING at the organising
unit): kinds of period reported, jump warning, reminders, tie-breaks, approval levels."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.movements.models import Movement
from thidua.movements.selectors.movements import movements_visible_to
from thidua.organizations.scoping import can
from thidua.organizations.views._common import acting_user, require_perm
from thidua.reporting.forms.setup import LevelsForm, SetupForm
from thidua.reporting.models import ApprovalLevel, ReportingSetup
from thidua.reporting.selectors.monitoring import tree_depths
from thidua.reporting.services.setup import DEFAULT_LEVELS, save_levels, update_setup

SETTINGS, LEVELS = "thiet-lap", "cap-duyet"


def _managed_movements(request: HttpRequest) -> list[Movement]:
    return [
        movement
        for movement in movements_visible_to(request.user)
        if can(request.user, Perm.MANAGE_REPORTING, movement.owner.path)
    ]


@login_required
@require_GET
def setup_home(request: HttpRequest) -> HttpResponse:
    """The setup of the one movement the user manages, or the list to pick one."""
    require_perm(request, Perm.MANAGE_REPORTING)
    movements = _managed_movements(request)
    if len(movements) == 1:
        return redirect("reporting:setup", pk=movements[0].pk)
    return render(
        request,
        "reporting/monitoring/setup_home.html",
        {"section": "reports", "movements": movements},
    )


def _movement_or_404(request: HttpRequest, pk: int) -> Movement:
    """403 without MANAGE_REPORTING anywhere, 404 for a movement the user cannot read, 403 for
    one they read but do not organise."""
    require_perm(request, Perm.MANAGE_REPORTING)
    movement = movements_visible_to(request.user).filter(pk=pk).first()
    if movement is None:
        raise Http404
    if not can(request.user, Perm.MANAGE_REPORTING, movement.owner.path):
        raise PermissionDenied
    return movement


def _current(movement: Movement) -> tuple[ReportingSetup, dict[int, str]]:
    """The stored setup and levels, or the defaults a first use would create (no write)."""
    setup = ReportingSetup.objects.filter(movement=movement).first() or ReportingSetup(
        movement=movement
    )
    levels = {
        level.depth: level.name
        for level in ApprovalLevel.objects.filter(movement=movement).order_by("-depth")
    }
    if not levels and setup.pk is None:
        top = movement.owner.depth
        levels = {top + below: name for below, name in DEFAULT_LEVELS}
    return setup, levels


@login_required
@require_http_methods(["GET", "POST"])
def setup_page(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _movement_or_404(request, pk)
    setup, levels = _current(movement)
    depths = tree_depths(movement)
    setup_form = SetupForm(initial=SetupForm.initial_of(setup))
    levels_form = LevelsForm(initial=LevelsForm.initial_of(levels), depths=depths)
    part = request.POST.get("muc") if request.method == "POST" else None
    try:
        if part == SETTINGS:
            setup_form = SetupForm(request.POST)
            if setup_form.is_valid():
                data = setup_form.cleaned_data
                try:
                    update_setup(
                        movement=movement,
                        by=acting_user(request),
                        reported_kinds=data["reported_kinds"],
                        jump_factor=data["jump_factor"],
                        reminder_days=data["reminder_days"],
                        overdue_every_days=data["overdue_every_days"],
                        tie_breaks=setup_form.tie_breaks,
                    )
                except DomainError as error:
                    if isinstance(error, PermissionDeniedError):
                        raise
                    setup_form.add_domain_error(error)
                else:
                    messages.success(request, "Đã lưu thiết lập báo cáo.")
                    return redirect("reporting:setup", pk=movement.pk)
        elif part == LEVELS:
            levels_form = LevelsForm(request.POST, depths=depths)
            if levels_form.is_valid():
                try:
                    save_levels(
                        movement=movement, by=acting_user(request), levels=levels_form.levels()
                    )
                except DomainError as error:
                    if isinstance(error, PermissionDeniedError):
                        raise
                    levels_form.add_domain_error(error)
                else:
                    messages.success(request, "Đã lưu các cấp duyệt báo cáo.")
                    return redirect("reporting:setup", pk=movement.pk)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    context: dict[str, Any] = {
        "section": "reports",
        "movement": movement,
        "setup_form": setup_form,
        "levels_form": levels_form,
        "levels": levels,
        "is_default": setup.pk is None,
        "SETTINGS": SETTINGS,
        "LEVELS": LEVELS,
    }
    return render(request, "reporting/monitoring/setup.html", context, status=200)
