"""Targets per unit and year: the matrix, one unit's targets (assign, propose, decide), the
Excel template and import."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.enums import TargetStatus
from thidua.movements.forms.registrations import ImportUploadForm, ReturnForm, UnitTargetsForm
from thidua.movements.models import Movement, Target
from thidua.movements.selectors.registrations import (
    clusters_of_year,
    movement_years,
    participant_units,
    target_matrix,
    target_status_counts,
    unit_target_cells,
    units_taking_part,
)
from thidua.movements.services.registrations.target_sheets import (
    build_targets_template,
    import_targets,
)
from thidua.movements.services.registrations.targets import (
    TargetEntriesError,
    TargetEntry,
    approve_targets,
    return_targets,
    save_targets,
)
from thidua.movements.views.registrations._common import (
    flag,
    forbidden,
    int_param,
    movement_for,
    year_from_query,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import can, scope_q
from thidua.organizations.views._common import acting_user

UNITS_PER_PAGE = 50


def _may_assign(request: HttpRequest, unit: Unit) -> bool:
    return can(request.user, Perm.MANAGE_TARGETS, unit.path)


def _may_propose(request: HttpRequest, unit: Unit) -> bool:
    return can(request.user, Perm.REGISTER_UNIT, unit.path)


def _may_write_anywhere(request: HttpRequest) -> bool:
    return request.user.has_perm(Perm.MANAGE_TARGETS.value) or request.user.has_perm(
        Perm.REGISTER_UNIT.value
    )


def _unit_in_scope(request: HttpRequest, movement: Movement, unit_pk: int) -> Unit:
    """A participating unit the user sees (VIEW_MOVEMENT), sub-units included; 404 otherwise."""
    unit = (
        participant_units(movement, include_sub_units=True)
        .filter(scope_q(request.user, Perm.VIEW_MOVEMENT, "path"), pk=unit_pk)
        .first()
    )
    if unit is None:
        raise Http404
    return unit


@login_required
@require_GET
def target_matrix_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Units × numeric indicators of a year, UNITS_PER_PAGE units a page; filtered by a cluster
    of the year (`cum`), a unit and its subtree (`don_vi`), a search (`q`), with khoa/phòng
    (`khoa`)."""
    movement = movement_for(request, pk)
    year = year_from_query(request, movement)
    include_sub_units = flag(request, "khoa")
    unit_pk = int_param(request, "don_vi")
    unit = _unit_in_scope(request, movement, unit_pk) if unit_pk else None
    clusters = clusters_of_year(request.user, year)
    cluster_pk = int_param(request, "cum")
    # A cluster of another year (the year was just changed) is no filter.
    cluster = next((c for c in clusters if c.pk == cluster_pk), None)
    query = (request.GET.get("q") or "").strip()[:100]
    units = units_taking_part(
        request.user,
        movement,
        include_sub_units=include_sub_units or unit is not None,
        unit=unit,
        cluster=cluster,
        query=query,
    )
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    matrix = target_matrix(movement, year, list(page))
    editable = {
        row.unit.pk
        for row in matrix.rows
        if _may_assign(request, row.unit) or _may_propose(request, row.unit)
    }
    counts = target_status_counts(units, matrix.indicators, year)
    return render(
        request,
        "movements/registrations/targets.html",
        {
            "section": "movements",
            "tab": "targets",
            "movement": movement,
            "year": year,
            "years": movement_years(movement),
            "matrix": matrix,
            "page": page,
            "editable": editable,
            "include_sub_units": include_sub_units,
            "unit": unit,
            "clusters": clusters,
            "cluster": cluster,
            "query": query,
            "can_import": _may_write_anywhere(request),
            "proposed": counts.get(TargetStatus.PROPOSED, 0),
        },
    )


def _unit_targets_page(
    request: HttpRequest,
    movement: Movement,
    unit: Unit,
    year: int,
    *,
    form: UnitTargetsForm | None = None,
    return_form: ReturnForm | None = None,
) -> HttpResponse:
    cells = unit_target_cells(movement, unit, year)
    may_assign, may_propose = _may_assign(request, unit), _may_propose(request, unit)
    if form is None:
        form = UnitTargetsForm(cells=cells)
    proposals = [cell for cell in cells if cell.status == TargetStatus.PROPOSED]
    return render(
        request,
        "movements/registrations/unit_targets.html",
        {
            "section": "movements",
            "tab": "targets",
            "movement": movement,
            "unit": unit,
            "year": year,
            "years": movement_years(movement),
            "form": form,
            "may_assign": may_assign,
            "may_write": may_assign or may_propose,
            "proposals": proposals if may_assign else [],
            "return_form": return_form or ReturnForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_targets(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """One unit's targets of a year: assigned by the department, proposed by the unit."""
    movement = movement_for(request, pk)
    year = year_from_query(request, movement)
    unit = _unit_in_scope(request, movement, unit_pk)
    if request.method == "GET":
        return _unit_targets_page(request, movement, unit, year)
    if not (_may_assign(request, unit) or _may_propose(request, unit)):
        raise PermissionDenied
    cells = unit_target_cells(movement, unit, year)
    form = UnitTargetsForm(request.POST, cells=cells)
    if form.is_valid():
        note = form.cleaned_data.get("note") or ""
        entries = []
        for cell in cells:
            value = form.cleaned_data.get(form.field_name(cell.indicator)) or ""
            if value.strip():
                entries.append(
                    TargetEntry(unit=unit, indicator=cell.indicator, value=value, note=note)
                )
        try:
            saved = save_targets(
                by=acting_user(request), movement=movement, year=year, entries=entries
            )
        except TargetEntriesError as error:
            for problem in error.problems:
                indicator = entries[problem.index].indicator
                name = "note" if problem.field == "note" else form.field_name(indicator)
                form.add_error(name, problem.message)
        except PermissionDeniedError as error:
            raise forbidden(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if not saved.changed:
                messages.info(request, "Không có chỉ tiêu nào thay đổi.")
            elif saved.proposed:
                messages.success(
                    request,
                    f"Đã gửi đề xuất {saved.proposed} chỉ tiêu của {unit.name}, chờ Sở duyệt.",
                )
            else:
                messages.success(request, f"Đã giao {saved.changed} chỉ tiêu cho {unit.name}.")
            return redirect(_unit_url(movement, unit, year))
    return _unit_targets_page(request, movement, unit, year, form=form)


def _unit_url(movement: Movement, unit: Unit, year: int) -> str:
    return reverse("movements:unit_targets", args=[movement.pk, unit.pk]) + f"?nam={year}"


@login_required
@require_POST
def unit_targets_decide(request: HttpRequest, pk: int, unit_pk: int) -> HttpResponse:
    """The department approves or returns (with a reason) the unit's ticked proposals."""
    movement = movement_for(request, pk)
    year = year_from_query(request, movement)
    unit = _unit_in_scope(request, movement, unit_pk)
    if not _may_assign(request, unit):
        raise PermissionDenied
    ids = [int(v) for v in request.POST.getlist("ids") if v.isdigit()]
    targets = list(
        Target.objects.filter(
            unit=unit, year=year, indicator__movement=movement, pk__in=ids
        ).select_related("unit", "indicator__movement")
    )
    if len(targets) != len(set(ids)):
        raise Http404
    action = request.POST.get("action")
    if action not in ("approve", "return"):
        raise Http404
    return_form = ReturnForm(request.POST if action == "return" else None)
    try:
        if not targets:
            raise DomainError("Hãy chọn ít nhất một chỉ tiêu đề xuất.")
        if action == "approve":
            count = approve_targets(by=acting_user(request), targets=targets)
            messages.success(request, f"Đã duyệt {count} chỉ tiêu đề xuất của {unit.name}.")
        elif return_form.is_valid():
            count = return_targets(
                by=acting_user(request), targets=targets, reason=return_form.cleaned_data["reason"]
            )
            messages.success(request, f"Đã trả lại {count} chỉ tiêu đề xuất của {unit.name}.")
        else:
            return _unit_targets_page(request, movement, unit, year, return_form=return_form)
    except PermissionDeniedError as error:
        raise forbidden(error) from error
    except DomainError as error:
        return_form = ReturnForm(request.POST if action == "return" else None)
        return_form.is_valid()
        return_form.add_domain_error(error)
        return _unit_targets_page(request, movement, unit, year, return_form=return_form)
    return redirect(_unit_url(movement, unit, year))


@login_required
@require_GET
def targets_template(request: HttpRequest, pk: int) -> HttpResponse:
    movement = movement_for(request, pk)
    if not _may_write_anywhere(request):
        raise PermissionDenied
    year = year_from_query(request, movement)
    filename, content = build_targets_template(
        by=acting_user(request),
        movement=movement,
        year=year,
        include_sub_units=flag(request, "khoa"),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def targets_import(request: HttpRequest, pk: int) -> HttpResponse:
    """Upload a filled template: all rows or none, with the errors by row."""
    movement = movement_for(request, pk)
    if not _may_write_anywhere(request):
        raise PermissionDenied
    year = year_from_query(request, movement)
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {
        "section": "movements",
        "tab": "targets",
        "movement": movement,
        "year": year,
        "years": movement_years(movement),
        "form": form,
        "result": None,
        "may_assign": request.user.has_perm(Perm.MANAGE_TARGETS.value),
    }
    if request.method == "POST" and form.is_valid():
        try:
            result = import_targets(
                by=acting_user(request),
                movement=movement,
                year=year,
                upload=form.cleaned_data["file"],
            )
        except PermissionDeniedError as error:
            raise forbidden(error) from error
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            if result.ok:
                messages.success(
                    request,
                    f"Đã nhập {result.row_count} dòng: {result.created} chỉ tiêu mới, "
                    f"{result.updated} chỉ tiêu cập nhật, {result.unchanged} không đổi"
                    + (f"; {result.proposed} chỉ tiêu chờ Sở duyệt." if result.proposed else "."),
                )
                return redirect(reverse("movements:targets", args=[movement.pk]) + f"?nam={year}")
            context["result"] = result
    return render(request, "movements/registrations/targets_import.html", context)
