"""Pages of nhân rộng: the adoptions a user sees (their units' and those of their units'
initiatives) with the Excel export, and the form where an officer records that their unit
adopted a recognised initiative, with the indicators before and after."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.initiatives.forms.adoption import NUMBER_HELP, AdoptionForm, IndicatorFormSet
from thidua.initiatives.selectors.adoption import (
    adoption_line,
    adoption_units_for,
    adoptions_visible_to,
    recognised_initiatives,
)
from thidua.initiatives.services.adoption import IndicatorInput, record_adoption
from thidua.initiatives.services.decision_exports import export_adoptions
from thidua.organizations.views._common import acting_user

SECTION = "initiatives"
PER_PAGE = 50


def _require_adoption_reader(user: User) -> None:
    if not (user.has_perm(Perm.VIEW_INITIATIVE.value) or user.has_perm(Perm.RECORD_ADOPTION.value)):
        raise PermissionDenied


@login_required
@require_GET
def adoption_list(request: HttpRequest) -> HttpResponse:
    """ "Nhân rộng sáng kiến": adoptions at the viewer's units and adoptions of their units'
    initiatives elsewhere, newest first, with each indicator's change."""
    user = acting_user(request)
    _require_adoption_reader(user)
    page = Paginator(adoptions_visible_to(user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "initiatives/decisions/adoption_list.html",
        {
            "section": SECTION,
            "page": page,
            "lines": [adoption_line(adoption) for adoption in page.object_list],
        },
    )


@login_required
@require_GET
def adoption_export(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    _require_adoption_reader(user)
    content = export_adoptions(list(adoptions_visible_to(user)), by=user, unit_path="")
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"nhan-rong-sang-kien-{timezone.localdate():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def adoption_create(request: HttpRequest, initiative_pk: int) -> HttpResponse:
    """Record that one of the officer's units adopted a recognised initiative (RECORD_ADOPTION
    held somewhere, else 403; an initiative that is not recognised is a 404)."""
    user = acting_user(request)
    if not user.has_perm(Perm.RECORD_ADOPTION.value):
        raise PermissionDenied
    initiative = recognised_initiatives().filter(pk=initiative_pk).first()
    if initiative is None:
        raise Http404
    units = adoption_units_for(user, initiative)
    data = request.POST if request.method == "POST" else None
    form = AdoptionForm(data, units=units, initial={"adopted_on": timezone.localdate()})
    rows = IndicatorFormSet(data, prefix="chi-so")
    row_errors: dict[int, str] = {}
    indicator_error = ""
    if data is not None and form.is_valid() & rows.is_valid():
        # (position in the formset, row) of the rows filled in; blank rows are skipped.
        filled = [(i, row) for i, sub in enumerate(rows.forms) if (row := sub.row()) is not None]
        indicators: list[IndicatorInput] = [row for _, row in filled]
        try:
            adoption = record_adoption(
                initiative,
                unit=form.cleaned_data["unit"],
                adopted_on=form.cleaned_data["adopted_on"],
                description=form.cleaned_data.get("description") or "",
                indicators=indicators,
                by=user,
            )
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except ValidationFailedError as refused:
            for key, message in refused.errors.items():
                position = filled[int(key.rsplit("-", 1)[1]) - 1][0]
                # The row is marked where it is: the service's "Dòng n: " counts filled rows.
                row_errors[position] = message.split(": ", 1)[-1]
            indicator_error = "Chưa lưu được: hãy sửa các chỉ số được đánh dấu bên dưới."
        except DomainError as refused:
            if refused.field == "indicators":
                indicator_error = refused.message
            else:
                form.add_domain_error(refused)
        else:
            messages.success(
                request,
                f"Đã ghi nhận {adoption.unit.name} nhân rộng sáng kiến {initiative.code}.",
            )
            return redirect("initiatives:adoption_list")
    return render(
        request,
        "initiatives/decisions/adoption_form.html",
        {
            "section": SECTION,
            "initiative": initiative,
            "form": form,
            "rows": rows,
            "row_errors": row_errors,
            "indicator_error": indicator_error,
            "number_help": NUMBER_HELP,
            "has_units": units.exists(),
        },
    )
