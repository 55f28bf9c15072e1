"""Personal registrations: "Đăng ký của tôi" (a person registers themselves), the list the unit
head approves from (one by one or all ticked at once), the officer's Excel template and import."""

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
from thidua.movements.enums import ApprovalStatus
from thidua.movements.forms.registrations import (
    ImportUploadForm,
    PersonalDecisionForm,
    PersonalRegistrationForm,
)
from thidua.movements.models import Movement, RegistrationRound
from thidua.movements.selectors.registrations import (
    can_list_personal_registrations,
    effective_deadline,
    movement_years,
    movements_of_person,
    my_rounds,
    personal_registration_of,
    personal_registrations_of_round,
    personal_status_counts,
    round_of,
    today,
)
from thidua.movements.services.registrations.personal import (
    EDITABLE,
    approve_personal_registrations,
    return_personal_registrations,
    save_personal_registration,
)
from thidua.movements.services.registrations.personal_sheets import (
    build_personal_template,
    import_personal_registrations,
)
from thidua.movements.views.registrations._common import forbidden, movement_for, year_in
from thidua.organizations.scoping import can
from thidua.organizations.selectors.people import own_person
from thidua.organizations.views._common import acting_user

PER_PAGE = 50
_STATUSES = {key for key, _ in ApprovalStatus.choices}


# -- My registration ----------------------------------------------------------------------------


@login_required
@require_GET
def my_registrations(request: HttpRequest) -> HttpResponse:
    """Every round open to the signed-in person, with their registration of each."""
    person = own_person(request.user)
    return render(
        request,
        "movements/registrations/my_registrations.html",
        {
            "section": "movements",
            "person": person,
            "rounds": my_rounds(person) if person is not None else [],
            "today": today(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def my_registration(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """The signed-in person's own registration for a movement's year (by identity: no role is
    needed, only an account linked to a Person whose unit takes part)."""
    person = own_person(request.user)
    if person is None:
        return render(
            request,
            "movements/registrations/my_registrations.html",
            {"section": "movements", "person": None, "rounds": []},
            status=403,
        )
    movement = movements_of_person(person).filter(pk=pk).first()
    if movement is None:
        raise Http404
    year = year_in(movement, year)
    round_ = round_of(movement, year)
    if round_ is None:
        raise Http404
    registration = personal_registration_of(round_, person)
    can_edit = registration is None or registration.status in EDITABLE
    form = PersonalRegistrationForm(
        request.POST or None,
        initial={
            "title": registration.title if registration else "",
            "commitments": registration.commitments if registration else "",
        },
    )
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        if form.is_valid():
            try:
                save_personal_registration(
                    by=acting_user(request),
                    round_=round_,
                    person=person,
                    title=form.cleaned_data.get("title") or "",
                    commitments=form.cleaned_data.get("commitments") or "",
                    submit=submit,
                )
            except PermissionDeniedError as error:
                raise forbidden(error) from error
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(
                    request,
                    "Đã gửi đăng ký; chờ thủ trưởng đơn vị duyệt."
                    if submit
                    else "Đã lưu bản nháp đăng ký.",
                )
                return redirect("movements:my_registration", pk=movement.pk, year=year)
    return render(
        request,
        "movements/registrations/my_registration.html",
        {
            "section": "movements",
            "tab": "mine",
            "movement": movement,
            "year": year,
            "round": round_,
            "person": person,
            "registration": registration,
            "deadline": effective_deadline(round_, person.unit),
            "today": today(),
            "form": form,
            "can_edit": can_edit,
            "shows_tabs": request.user.has_perm(Perm.VIEW_MOVEMENT.value, movement),
        },
    )


# -- The head's list ----------------------------------------------------------------------------


def _round_for_list(
    request: HttpRequest, pk: int, year: int
) -> tuple[Movement, int, RegistrationRound]:
    movement = movement_for(request, pk)
    year = year_in(movement, year)
    if not can_list_personal_registrations(request.user):
        raise PermissionDenied
    round_ = round_of(movement, year)
    if round_ is None:
        raise Http404
    return movement, year, round_


@login_required
@require_GET
def personal_registrations(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    movement, year, round_ = _round_for_list(request, pk, year)
    status = request.GET.get("trang_thai") or ""
    status = status if status in _STATUSES else ""
    query = (request.GET.get("q") or "").strip()[:100]
    registrations = personal_registrations_of_round(
        request.user, round_, status=status, query=query
    )
    page = Paginator(registrations, PER_PAGE).get_page(request.GET.get("page"))
    rows = [
        (
            registration,
            registration.status == ApprovalStatus.SUBMITTED
            and can(request.user, Perm.APPROVE_PERSONAL_REGISTRATION, registration.unit.path)
            and registration.person.user_id != request.user.pk
            and registration.registered_by_id != request.user.pk,
        )
        for registration in page
    ]
    counts = personal_status_counts(request.user, round_)
    return render(
        request,
        "movements/registrations/personal_list.html",
        {
            "section": "movements",
            "tab": "people",
            "movement": movement,
            "year": year,
            "years": movement_years(movement),
            "round": round_,
            "page": page,
            "rows": rows,
            "can_decide_any": any(decidable for _, decidable in rows),
            "statuses": [(key, label, counts[key]) for key, label in ApprovalStatus.choices],
            "total": sum(counts.values()),
            "status": status,
            "query": query,
            "can_import": request.user.has_perm(Perm.REGISTER_UNIT.value),
        },
    )


@login_required
@require_POST
def personal_decide(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """Approve or return (with a reason) the ticked registrations, all or none."""
    movement, year, round_ = _round_for_list(request, pk, year)
    if not request.user.has_perm(Perm.APPROVE_PERSONAL_REGISTRATION.value):
        raise PermissionDenied
    form = PersonalDecisionForm(request.POST)
    back = reverse("movements:personal_registrations", args=[movement.pk, year])
    back += "?" + (request.POST.get("back") or "").lstrip("?")
    if not form.is_valid():
        messages.error(request, "Yêu cầu không hợp lệ.")
        return redirect(back)
    ids = form.ids
    registrations = list(
        personal_registrations_of_round(request.user, round_)
        .filter(pk__in=ids)
        .select_related("round__movement")
    )
    if len(registrations) != len(ids):
        raise Http404
    try:
        if form.cleaned_data["action"] == "approve":
            count = approve_personal_registrations(
                by=acting_user(request), registrations=registrations
            )
            messages.success(request, f"Đã duyệt {count} đăng ký.")
        else:
            count = return_personal_registrations(
                by=acting_user(request),
                registrations=registrations,
                reason=form.cleaned_data.get("reason") or "",
            )
            messages.success(request, f"Đã trả lại {count} đăng ký kèm lý do.")
    except PermissionDeniedError as error:
        raise forbidden(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    return redirect(back)


@login_required
@require_GET
def personal_template(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    movement = movement_for(request, pk)
    year = year_in(movement, year)
    if not request.user.has_perm(Perm.REGISTER_UNIT.value):
        raise PermissionDenied
    round_ = round_of(movement, year)
    if round_ is None:
        raise Http404
    filename, content = build_personal_template(by=acting_user(request), round_=round_)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def personal_import(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    movement = movement_for(request, pk)
    year = year_in(movement, year)
    if not request.user.has_perm(Perm.REGISTER_UNIT.value):
        raise PermissionDenied
    round_ = round_of(movement, year)
    if round_ is None:
        raise Http404
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        try:
            result = import_personal_registrations(
                by=acting_user(request), round_=round_, upload=form.cleaned_data["file"]
            )
        except PermissionDeniedError as error:
            raise forbidden(error) from error
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            if result.ok:
                messages.success(
                    request,
                    f"Đã nhập {result.row_count} đăng ký ({result.created} mới, "
                    f"{result.updated} cập nhật), chờ thủ trưởng đơn vị duyệt.",
                )
                return redirect("movements:personal_registrations", pk=movement.pk, year=year)
    return render(
        request,
        "movements/registrations/personal_import.html",
        {
            "section": "movements",
            "tab": "people",
            "movement": movement,
            "year": year,
            "round": round_,
            "form": form,
            "result": result,
        },
    )
