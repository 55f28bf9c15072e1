"""Unit pages: the tree (with htmx expansion and search), a unit's page, create, edit, move."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.forms.units import UnitCreateForm, UnitEditForm, UnitMoveForm
from thidua.organizations.models import Unit
from thidua.organizations.selectors.clusters import cluster_of_unit, current_year
from thidua.organizations.selectors.units import (
    ancestors_of,
    child_nodes,
    people_counts_of,
    root_nodes,
    search_units,
    units_visible_to,
)
from thidua.organizations.services.exports import export_units
from thidua.organizations.services.units import create_unit, move_unit, update_unit
from thidua.organizations.views._common import (
    acting_user,
    crumbs,
    is_htmx,
    perm_from_param,
    require_perm,
)

TREE_TEMPLATE = "organizations/units/tree.html"
PICKER_LIMIT = 20


@login_required
@require_GET
def unit_tree(request: HttpRequest) -> HttpResponse:
    """The tree from the user's scope roots, or the units matching `q` with their paths.

    With `chon=1` it answers a unit picker's search (`tim`) with a list of options.
    """
    require_perm(request, Perm.VIEW_UNIT)
    if request.GET.get("chon"):
        return _unit_picker(request)
    query = request.GET.get("q", "").strip()[:100]
    context: dict[str, object] = {"section": "units", "query": query}
    if query:
        context["matches"] = [
            (match.unit, crumbs(request.user, match.ancestors))
            for match in search_units(request.user, query)
        ]
    else:
        context["nodes"] = root_nodes(request.user)
    template = f"{TREE_TEMPLATE}#tree_body" if is_htmx(request) else TREE_TEMPLATE
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def unit_export(request: HttpRequest) -> HttpResponse:
    """The tree's units (or the search's, with `q`) as .xlsx, audited."""
    require_perm(request, Perm.VIEW_UNIT)
    query = request.GET.get("q", "").strip()[:100]
    try:
        export = export_units(by=acting_user(request), query=query)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(export.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-don-vi-{stamp}.xlsx"'
    return response


def _unit_picker(request: HttpRequest) -> HttpResponse:
    perm = perm_from_param(request.GET.get("quyen"), Perm.VIEW_UNIT)
    query = request.GET.get("tim", "").strip()[:100]
    matches = (
        search_units(
            request.user,
            query,
            perm=perm,
            limit=PICKER_LIMIT,
            active_only=not request.GET.get("ca_ngung"),
        )
        if query
        else []
    )
    return render(request, "organizations/units/picker.html", {"matches": matches, "query": query})


@login_required
@require_GET
def unit_children(request: HttpRequest, pk: int) -> HttpResponse:
    """The children of a unit as tree nodes (an htmx fragment); without htmx, the unit's page."""
    require_perm(request, Perm.VIEW_UNIT)
    unit = get_object_or_404(units_visible_to(request.user), pk=pk)
    if not is_htmx(request):
        return redirect("organizations:unit_detail", pk=unit.pk)
    response = render(
        request, f"{TREE_TEMPLATE}#children", {"nodes": child_nodes(request.user, unit)}
    )
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.VIEW_UNIT)
    unit = get_object_or_404(
        units_visible_to(request.user).select_related("head__unit", "parent"), pk=pk
    )
    user = request.user
    context = {
        "section": "units",
        "unit": unit,
        "crumbs": crumbs(user, ancestors_of(unit)),
        "counts": people_counts_of(unit),
        "membership": cluster_of_unit(unit, current_year()),
        "year": current_year(),
        "children": child_nodes(user, unit),
        "can_change": user.has_perm(Perm.CHANGE_UNIT.value, unit),
        "can_view_people": user.has_perm(Perm.VIEW_PERSON.value, unit),
        "can_add_person": user.has_perm(Perm.CHANGE_PERSON.value, unit),
        "can_view_head": unit.head is not None and user.has_perm(Perm.VIEW_PERSON.value, unit.head),
    }
    return render(request, "organizations/units/detail.html", context)


def _changeable_unit(request: HttpRequest, pk: int) -> Unit:
    """The unit if the user may change it: 403 without the permission anywhere, 404 when the
    unit is outside what they see, 403 when they see it but may not change it."""
    require_perm(request, Perm.CHANGE_UNIT)
    unit = get_object_or_404(units_visible_to(request.user).select_related("parent"), pk=pk)
    if not request.user.has_perm(Perm.CHANGE_UNIT.value, unit):
        raise PermissionDenied
    return unit


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.CHANGE_UNIT)
    initial = {"parent": request.GET.get("parent") or None}
    form = UnitCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            unit = create_unit(
                by=acting_user(request),
                code=data["code"],
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                sort_order=data.get("sort_order") or 0,
                abbreviation=data.get("abbreviation") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã thêm đơn vị “{unit.name}”.")
            return redirect("organizations:unit_detail", pk=unit.pk)
    return render(
        request,
        "organizations/units/form.html",
        {"section": "units", "form": form, "unit": None, "title": "Thêm đơn vị"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _changeable_unit(request, pk)
    form = UnitEditForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_unit(
                unit,
                by=acting_user(request),
                name=data["name"],
                code=data["code"],
                kind=data["kind"],
                sort_order=data.get("sort_order") or 0,
                head=data.get("head"),
                is_active=bool(data.get("is_active")),
                reason=data.get("reason") or "",
                abbreviation=data.get("abbreviation") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            unit.refresh_from_db()
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu thay đổi của “{unit.name}”.")
            return redirect("organizations:unit_detail", pk=unit.pk)
    return render(
        request,
        "organizations/units/form.html",
        {
            "section": "units",
            "form": form,
            "unit": unit,
            "crumbs": crumbs(request.user, ancestors_of(unit)),
            "title": f"Sửa đơn vị: {unit.name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_move(request: HttpRequest, pk: int) -> HttpResponse:
    unit = _changeable_unit(request, pk)
    form = UnitMoveForm(
        request.POST or None, user=request.user, unit=unit, initial={"parent": unit.parent_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            move_unit(
                unit,
                by=acting_user(request),
                new_parent=form.cleaned_data["parent"],
                reason=form.cleaned_data["reason"],
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, f"Đã chuyển “{unit.name}” về “{form.cleaned_data['parent'].name}”."
            )
            return redirect(reverse("organizations:unit_detail", args=[unit.pk]))
    return render(
        request,
        "organizations/units/move.html",
        {
            "section": "units",
            "form": form,
            "unit": unit,
            "crumbs": crumbs(request.user, ancestors_of(unit)),
        },
    )
