"""People pages: the searchable list (htmx), the Excel export, a person's page, create, edit."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.forms.people import (
    SORT_LABELS,
    PeopleFilterForm,
    PersonCreateForm,
    PersonEditForm,
    describe_filter,
)
from thidua.organizations.models import Person
from thidua.organizations.selectors.people import (
    count_people,
    membership_history,
    people_for_picker,
    people_visible_to,
    positions_in_scope,
    search_people,
)
from thidua.organizations.selectors.units import ancestors_of, units_visible_to
from thidua.organizations.services.people import create_person, export_people, update_person
from thidua.organizations.views._common import acting_user, crumbs, is_htmx, require_perm

PAGE_SIZE = 50
# What the rows show (templatetags/people_table.py): loading only these skips converting the
# other columns (time stamps, search text) of 50 people and their units on every page.
LIST_COLUMNS = (
    "full_name",
    "staff_code",
    "is_active",
    "gender",
    "date_of_birth",
    "position",
    "employment_kind",
    "unit__name",
)
LIST_TEMPLATE = "organizations/people/list.html"


class _Counted(Paginator[Person]):
    """Pages of a list whose count is known (`count_people`: cheaper than the paginator's)."""

    def __init__(self, people: QuerySet[Person], count: int) -> None:
        super().__init__(people, PAGE_SIZE)
        self.known_count = count

    @cached_property
    def count(self) -> int:
        return self.known_count


def _sort_columns(current: str) -> dict[str, dict[str, Any]]:
    """Header links by column ("ngay-sinh" as `ngay_sinh` for templates): a column sorts
    ascending, a second click descending; the arrow shows the current order."""
    columns = {}
    for key, label in SORT_LABELS.items():
        ascending, descending = current == key, current == f"-{key}"
        columns[key.replace("-", "_")] = {
            "label": label,
            "next": f"-{key}" if ascending else key,
            "arrow": "up" if ascending else ("down" if descending else ""),
        }
    return columns


@login_required
@require_GET
def person_list(request: HttpRequest) -> HttpResponse:
    """The people in scope: search as you type (htmx swaps only the results), filters, sortable
    columns, 50 per page. With `chon=1` it answers a person picker's search (`tim`)."""
    require_perm(request, Perm.VIEW_PERSON)
    if request.GET.get("chon"):
        return _person_picker(request)
    fragment = is_htmx(request)
    form = PeopleFilterForm(
        request.GET,
        user=request.user,
        positions=None if fragment else positions_in_scope(request.user),
        with_unit_widget=not fragment,
    )
    filters = form.to_filter()
    people = search_people(request.user, filters).only(*LIST_COLUMNS)
    page = _Counted(people, count_people(request.user, filters, people)).get_page(
        request.GET.get("page")
    )
    context = {
        "section": "people",
        "form": form,
        "filters": filters,
        "page": page,
        "columns": _sort_columns(filters.sort),
        "can_export": request.user.has_perm(Perm.EXPORT_PEOPLE.value),
        "can_create": request.user.has_perm(Perm.CHANGE_PERSON.value),
    }
    template = f"{LIST_TEMPLATE}#results" if fragment else LIST_TEMPLATE
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _person_picker(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("tim", "").strip()[:100]
    unit = None
    if request.GET.get("don_vi", "").isdigit():
        unit = units_visible_to(request.user).filter(pk=request.GET["don_vi"]).first()
    people = people_for_picker(request.user, query, unit=unit)
    return render(request, "organizations/people/picker.html", {"people": people, "query": query})


@login_required
@require_GET
def person_export(request: HttpRequest) -> HttpResponse:
    """The filtered list as .xlsx (same filters and order as the page), audited."""
    require_perm(request, Perm.EXPORT_PEOPLE)
    form = PeopleFilterForm(
        request.GET, user=request.user, perm=Perm.EXPORT_PEOPLE, with_unit_widget=False
    )
    filters = form.to_filter()
    try:
        export = export_people(
            by=acting_user(request), filters=filters, summary=describe_filter(filters)
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(export.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="danh-sach-can-bo-{stamp}.xlsx"'
    return response


@login_required
@require_GET
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's record and membership history: for those whose scope reaches the person's
    unit, and for the person themself."""
    person = people_visible_to(request.user).select_related("unit", "user").filter(pk=pk).first()
    if person is None:
        require_perm(request, Perm.VIEW_PERSON)
        raise Http404
    return render(
        request,
        "organizations/people/detail.html",
        {
            "section": "people",
            "person": person,
            "crumbs": crumbs(request.user, [*ancestors_of(person.unit), person.unit]),
            "memberships": membership_history(person),
            "can_edit": request.user.has_perm(Perm.CHANGE_PERSON.value, person),
            "is_self": person.user_id == request.user.pk,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_create(request: HttpRequest) -> HttpResponse:
    require_perm(request, Perm.CHANGE_PERSON)
    initial = {"unit": request.GET.get("don_vi") or None}
    form = PersonCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            person = create_person(
                by=acting_user(request),
                data=form.person_data(),
                start_date=form.cleaned_data.get("start_date"),
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã thêm {person.full_name} ({person.staff_code}).")
            return redirect("organizations:person_detail", pk=person.pk)
    return render(
        request,
        "organizations/people/form.html",
        {"section": "people", "form": form, "person": None, "title": "Thêm cán bộ"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Edit a person; a new unit moves them (from `moved_on`, with a reason, history kept).
    403 without CHANGE_PERSON, 404 outside what the user sees."""
    require_perm(request, Perm.CHANGE_PERSON)
    person = get_object_or_404(people_visible_to(request.user).select_related("unit"), pk=pk)
    if not request.user.has_perm(Perm.CHANGE_PERSON.value, person):
        raise PermissionDenied
    form = PersonEditForm(request.POST or None, user=request.user, person=person)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_person(
                person,
                by=acting_user(request),
                data=form.person_data(),
                is_active=bool(data.get("is_active")),
                moved_on=data.get("moved_on"),
                reason=data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            person.refresh_from_db()
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu thay đổi của {person.full_name}.")
            return redirect("organizations:person_detail", pk=person.pk)
    return render(
        request,
        "organizations/people/form.html",
        {
            "section": "people",
            "form": form,
            "person": person,
            "title": f"Sửa thông tin: {person.full_name}",
        },
    )
