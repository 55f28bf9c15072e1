"""The initiative lists: the scoped list (a unit's officers see their units' initiatives, a
staff member their own), the user's own, and the recognised list every signed-in user reads;
search (any diacritics), filters, sort by date, 50 a page, Excel export of the filtered list."""

from functools import partial
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from thidua.accounts.roles import Perm
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.forms.listing import InitiativeFilterForm, describe_filter
from thidua.initiatives.models import Initiative
from thidua.initiatives.selectors.access import initiatives_visible_to, own_initiatives
from thidua.initiatives.selectors.councils import sits_on_a_council
from thidua.initiatives.selectors.initiatives import (
    PAGE_SIZE,
    InitiativeFilter,
    recognised_years,
    search_initiatives,
    search_own_initiatives,
    search_recognised,
    years_of,
)
from thidua.initiatives.services.exports import ExportList, export_initiatives
from thidua.organizations.models import Unit
from thidua.organizations.views._common import acting_user, is_htmx

LIST = "initiatives/listing/list.html"

TITLES = {
    ExportList.SCOPED: "Sáng kiến",
    ExportList.OWN: "Sáng kiến của tôi",
    ExportList.RECOGNISED: "Sáng kiến được công nhận",
}


def _recognised_units() -> QuerySet[Unit]:
    return (
        Unit.objects.filter(initiatives__status=InitiativeStatus.RECOGNISED)
        .distinct()
        .order_by("path")
    )


def _form(request: HttpRequest, which: ExportList, *, full: bool) -> InitiativeFilterForm:
    user = request.user
    if which == ExportList.RECOGNISED:
        return InitiativeFilterForm(
            request.GET,
            user=user,
            years=recognised_years() if full else [],
            units=_recognised_units(),
            with_status=False,
        )
    if which == ExportList.OWN:
        return InitiativeFilterForm(
            request.GET,
            user=user,
            years=years_of(own_initiatives(user)) if full else [],
            units=Unit.objects.none(),
        )
    return InitiativeFilterForm(
        request.GET,
        user=user,
        years=years_of(initiatives_visible_to(user)) if full else [],
        with_unit_widget=full,
    )


def _lenient_years(form: InitiativeFilterForm) -> None:
    """Without the years list (the results fragment, the export) any typed year is accepted."""
    field: Any = form.fields["nam"]
    wanted = str(form.data.get("nam", ""))
    field.choices = [("", "Tất cả"), *([(wanted, wanted)] if wanted.isdigit() else [])]


def _rows(
    request: HttpRequest, which: ExportList, filters: InitiativeFilter
) -> QuerySet[Initiative]:
    if which == ExportList.RECOGNISED:
        return search_recognised(filters)
    if which == ExportList.OWN:
        return search_own_initiatives(request.user, filters)
    return search_initiatives(request.user, filters)


def _list(request: HttpRequest, which: ExportList) -> HttpResponse:
    fragment = is_htmx(request)
    form = _form(request, which, full=not fragment)
    if fragment:
        _lenient_years(form)
    filters = form.to_filter()
    page = Paginator(_rows(request, which, filters), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "section": "initiatives",
        "which": which.value,
        "title": TITLES[which],
        "form": form,
        "filters": filters,
        "page": page,
        "shows_units": which == ExportList.RECOGNISED
        or (which == ExportList.SCOPED and request.user.has_perm(Perm.VIEW_INITIATIVE.value)),
        "internal": which != ExportList.RECOGNISED,
        "sort_next": "ngay" if filters.sort == "-ngay" else "-ngay",
        "officer": request.user.has_perm(Perm.VIEW_INITIATIVE.value),
        # Asked only when the full page draws its tab bar (a callable: the template calls it).
        "sits_on_council": partial(sits_on_a_council, request.user),
        "manages_councils": request.user.has_perm(Perm.MANAGE_INITIATIVE_COUNCILS.value),
    }
    template = f"{LIST}#results" if fragment else LIST
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


@login_required
@require_GET
def initiative_list(request: HttpRequest) -> HttpResponse:
    """The initiatives the user reads: their own, and the submitted ones of the units where
    they hold VIEW_INITIATIVE."""
    return _list(request, ExportList.SCOPED)


@login_required
@require_GET
def my_initiatives(request: HttpRequest) -> HttpResponse:
    """The user's own initiatives (created or authored), drafts included."""
    return _list(request, ExportList.OWN)


@login_required
@require_GET
def recognised_list(request: HttpRequest) -> HttpResponse:
    """Recognised initiatives of every unit and year, for every signed-in user (staff
    included), without internal review data."""
    return _list(request, ExportList.RECOGNISED)


@login_required
@require_GET
def initiative_export(request: HttpRequest) -> HttpResponse:
    """The list named by `ds` (scoped, own, recognised) with the page's filters, as .xlsx."""
    try:
        which = ExportList(request.GET.get("ds", ExportList.SCOPED.value))
    except ValueError:
        which = ExportList.SCOPED
    form = _form(request, which, full=False)
    _lenient_years(form)
    filters = form.to_filter()
    export = export_initiatives(
        by=acting_user(request), filters=filters, which=which, summary=describe_filter(filters)
    )
    response = HttpResponse(export.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
    return response
