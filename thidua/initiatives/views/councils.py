"""Pages of councils and review rounds: the councils list, a council (members, rounds), a round
(rubric, initiatives × reviewers matrix, progress per reviewer, automatic and manual assignment,
conflicts), adding initiatives to a round.

Scope: a council opens for its managers (MANAGE_INITIATIVE_COUNCILS at its unit) and members;
a round's page for the council's managers only. Anything else is a 404 (a council or round of
another unit is not revealed); a change by a member who does not manage is a 403. The services
check again and decide; their refusals are shown as messages or at the field.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.initiatives.forms.councils import (
    AddInitiativesForm,
    AssignForm,
    ConflictForm,
    CouncilEditForm,
    CouncilForm,
    MemberChangeForm,
    MemberForm,
    ReasonForm,
    RoundForm,
)
from thidua.initiatives.models import (
    Assignment,
    ConflictDeclaration,
    CouncilMember,
    Initiative,
    InitiativeCouncil,
    ReviewRound,
)
from thidua.initiatives.selectors.councils import (
    admissible_initiatives,
    can_manage,
    candidate_users,
    conflict_declarations,
    council_for_page,
    council_list,
    member_candidates,
    members_of,
    round_for_manager,
    round_page,
    rounds_of,
    rubrics,
)
from thidua.initiatives.selectors.reviews import rubric_criteria
from thidua.initiatives.services.council_exports import export_councils
from thidua.initiatives.services.councils import (
    add_council_member,
    change_council_member,
    create_council,
    remove_council_member,
    update_council,
)
from thidua.initiatives.services.rounds import (
    add_initiatives,
    assign_reviewer,
    auto_assign,
    close_round,
    create_round,
    declare_conflict,
    open_round,
    remove_conflict,
    remove_initiative,
    unassign_reviewer,
    update_round,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import scope_q
from thidua.organizations.views._common import acting_user

SECTION = "initiatives"


def _forbid(error: PermissionDeniedError) -> PermissionDenied:
    return PermissionDenied(error.message)


# -- Councils ------------------------------------------------------------------------------------


def _manageable_units(request: HttpRequest) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(
            scope_q(request.user, Perm.MANAGE_INITIATIVE_COUNCILS, "path"),
            depth__lte=1,
            is_active=True,
        )
        .order_by("depth", "name_folded", "code")
        .only("pk", "name", "code", "depth")
    )


@login_required
@require_GET
def council_list_page(request: HttpRequest) -> HttpResponse:
    """The councils the user manages or sits in."""
    year_text = request.GET.get("nam", "")
    year = int(year_text) if year_text.isdigit() else None
    return render(
        request,
        "initiatives/councils/list.html",
        {
            "section": SECTION,
            "councils": list(council_list(request.user, year=year)),
            "year": year,
            "can_create": request.user.has_perm(Perm.MANAGE_INITIATIVE_COUNCILS.value),
        },
    )


@login_required
@require_GET
def council_export(request: HttpRequest) -> HttpResponse:
    """The list's councils (of `?nam=` when given), one row per member, as .xlsx, audited."""
    year_text = request.GET.get("nam", "")
    year = int(year_text) if year_text.isdigit() else None
    try:
        content, _ = export_councils(by=acting_user(request), year=year)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="danh-sach-hoi-dong-sang-kien-{stamp}.xlsx"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def council_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm(Perm.MANAGE_INITIATIVE_COUNCILS.value):
        raise PermissionDenied
    form = CouncilForm(request.POST or None, units=_manageable_units(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            council = create_council(
                unit=data["unit"],
                name=data["name"],
                level=data["level"],
                year=data["year"],
                decision_number=data["decision_number"],
                by=acting_user(request),
            )
        except PermissionDeniedError as error:
            raise _forbid(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã tạo “{council.name}”. Hãy thêm thành viên hội đồng.")
            return redirect("initiatives:council_detail", pk=council.pk)
    return render(
        request,
        "initiatives/councils/council_form.html",
        {"section": SECTION, "form": form, "council": None},
        status=400 if form.is_bound else 200,
    )


def _council_or_404(request: HttpRequest, pk: int) -> InitiativeCouncil:
    council = council_for_page(request.user, pk)
    if council is None:
        raise Http404
    return council


def _managed_council_or_404(request: HttpRequest, pk: int) -> InitiativeCouncil:
    council = _council_or_404(request, pk)
    if not can_manage(request.user, council):
        raise PermissionDenied
    return council


def _member_form(council: InitiativeCouncil, data: Any = None) -> MemberForm:
    return MemberForm(
        data,
        candidates=candidate_users(council),
        search_url=reverse("initiatives:member_candidates", args=[council.pk]),
        prefix="thanh-vien",
    )


def _render_council(
    request: HttpRequest,
    council: InitiativeCouncil,
    *,
    member_form: MemberForm | None = None,
    status: int = 200,
) -> HttpResponse:
    manages = can_manage(request.user, council)
    return render(
        request,
        "initiatives/councils/council_detail.html",
        {
            "section": SECTION,
            "council": council,
            "members": members_of(council),
            "rounds": rounds_of(council),
            "manages": manages,
            "member_form": member_form or (_member_form(council) if manages else None),
            "role_choices": MemberChangeForm.base_fields["role"].choices,  # type: ignore[attr-defined]
        },
        status=status,
    )


@login_required
@require_GET
def council_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A council: its members with their roles, its rounds; managers change them."""
    return _render_council(request, _council_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def council_edit(request: HttpRequest, pk: int) -> HttpResponse:
    council = _managed_council_or_404(request, pk)
    form = CouncilEditForm.for_council(council, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_council(
                council,
                name=data["name"],
                year=data["year"],
                decision_number=data["decision_number"],
                is_active=data["is_active"],
                by=acting_user(request),
            )
        except PermissionDeniedError as error:
            raise _forbid(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã lưu thông tin hội đồng.")
            return redirect("initiatives:council_detail", pk=council.pk)
    return render(
        request,
        "initiatives/councils/council_form.html",
        {"section": SECTION, "form": form, "council": council},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_GET
def member_candidates_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The picker's options: people with an account of the council's unit (htmx)."""
    council = _managed_council_or_404(request, pk)
    query = request.GET.get("tim", "").strip()[:100]
    return render(
        request,
        "initiatives/councils/_candidates.html",
        {"users": member_candidates(council, query), "query": query},
    )


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    council = _managed_council_or_404(request, pk)
    form = _member_form(council, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            member = add_council_member(
                council,
                user=data["user"],
                role=data["role"],
                reviews=data["reviews"],
                by=acting_user(request),
            )
        except PermissionDeniedError as error:
            raise _forbid(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Đã thêm {member.user.display_name} ({member.get_role_display()}) vào hội đồng.",
            )
            return redirect("initiatives:council_detail", pk=council.pk)
    return _render_council(request, council, member_form=form, status=400)


def _member_or_404(council: InitiativeCouncil, member_pk: int) -> CouncilMember:
    member = (
        CouncilMember.objects.filter(council=council, pk=member_pk)
        .select_related("user", "council__unit")
        .first()
    )
    if member is None:
        raise Http404
    return member


@login_required
@require_POST
def member_change(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    council = _managed_council_or_404(request, pk)
    member = _member_or_404(council, member_pk)
    form = MemberChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Vai trò không hợp lệ.")
        return redirect("initiatives:council_detail", pk=council.pk)
    try:
        change_council_member(
            member,
            role=form.cleaned_data["role"],
            reviews=form.cleaned_data["reviews"],
            by=acting_user(request),
        )
    except PermissionDeniedError as error:
        raise _forbid(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã cập nhật {member.user.display_name}.")
    return redirect("initiatives:council_detail", pk=council.pk)


@login_required
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    council = _managed_council_or_404(request, pk)
    member = _member_or_404(council, member_pk)
    try:
        remove_council_member(member, by=acting_user(request))
    except PermissionDeniedError as error:
        raise _forbid(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã đưa {member.user.display_name} ra khỏi hội đồng.")
    return redirect("initiatives:council_detail", pk=council.pk)


# -- Rounds --------------------------------------------------------------------------------------


def _round_form(
    data: Any = None, *, round_: ReviewRound | None, council: InitiativeCouncil
) -> RoundForm:
    return RoundForm(data, rubrics=rubrics(), initial=RoundForm.initial_for(round_, council))


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request: HttpRequest, pk: int) -> HttpResponse:
    council = _managed_council_or_404(request, pk)
    form = _round_form(request.POST or None, round_=None, council=council)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = create_round(council=council, by=acting_user(request), **data)
        except PermissionDeniedError as error:
            raise _forbid(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, f"Đã tạo đợt chấm “{round_.name}”. Hãy đưa sáng kiến vào đợt chấm."
            )
            return redirect("initiatives:round_detail", pk=round_.pk)
    return render(
        request,
        "initiatives/councils/round_form.html",
        {"section": SECTION, "form": form, "council": council, "round": None},
        status=400 if form.is_bound else 200,
    )


def _round_or_404(request: HttpRequest, pk: int) -> ReviewRound:
    round_ = round_for_manager(request.user, pk)
    if round_ is None:
        raise Http404
    return round_


def _round_url(round_: ReviewRound, anchor: str = "") -> str:
    url = reverse("initiatives:round_detail", args=[round_.pk])
    return f"{url}#{anchor}" if anchor else url


def _assign_form(
    round_: ReviewRound, data: Any = None, *, cls: type[AssignForm] = AssignForm
) -> AssignForm:
    return cls(
        data,
        initiatives=Initiative.objects.filter(round_entries__round=round_).order_by("code"),
        reviewers=User.objects.filter(initiative_councils__council_id=round_.council_id).order_by(
            "initiative_councils__order", "pk"
        ),
        prefix="phan-cong" if cls is AssignForm else "xung-dot",
    )


def _render_round(
    request: HttpRequest,
    round_: ReviewRound,
    *,
    assign_form: AssignForm | None = None,
    conflict_form: AssignForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "initiatives/councils/round_detail.html",
        {
            "section": SECTION,
            "round": round_,
            "council": round_.council,
            "page": round_page(round_),
            "criteria": rubric_criteria(round_.rubric_id),
            "declarations": conflict_declarations(round_),
            "assign_form": assign_form or _assign_form(round_),
            "conflict_form": conflict_form or _assign_form(round_, cls=ConflictForm),
            "active": round_.status in ("draft", "open"),
        },
        status=status,
    )


@login_required
@require_GET
def round_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A round: its settings and rubric, the initiatives × reviewers matrix with conflicts,
    the progress per reviewer (late after the deadline) and the officer's actions."""
    return _render_round(request, _round_or_404(request, pk))


@login_required
@require_http_methods(["GET", "POST"])
def round_edit(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round_or_404(request, pk)
    form = _round_form(request.POST or None, round_=round_, council=round_.council)
    if request.method == "POST" and form.is_valid():
        try:
            update_round(round_, by=acting_user(request), **form.cleaned_data)
        except PermissionDeniedError as error:
            raise _forbid(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Đã lưu thông tin đợt chấm.")
            return redirect(_round_url(round_))
    return render(
        request,
        "initiatives/councils/round_form.html",
        {"section": SECTION, "form": form, "council": round_.council, "round": round_},
        status=400 if form.is_bound else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_add_initiatives(request: HttpRequest, pk: int) -> HttpResponse:
    """The admitted initiatives of the council's unit not yet before a round, to tick."""
    round_ = _round_or_404(request, pk)
    admissible = admissible_initiatives(round_)
    form = AddInitiativesForm(request.POST or None, admissible=admissible)
    if request.method == "POST" and form.is_valid():
        chosen = list(form.cleaned_data["initiatives"])
        try:
            add_initiatives(round_, initiatives=chosen, by=acting_user(request))
        except PermissionDeniedError as error:
            raise _forbid(error) from error
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"Đã đưa {len(chosen)} sáng kiến vào đợt chấm.")
            return redirect(_round_url(round_, "ma-tran"))
    return render(
        request,
        "initiatives/councils/round_add.html",
        {
            "section": SECTION,
            "round": round_,
            "council": round_.council,
            "form": form,
            "initiatives": list(admissible.prefetch_related("authors__person")),
        },
        status=400 if form.is_bound else 200,
    )


def _round_step(request: HttpRequest, pk: int, step: Any, done: str) -> HttpResponse:
    round_ = _round_or_404(request, pk)
    try:
        step(round_, by=acting_user(request))
    except PermissionDeniedError as error:
        raise _forbid(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)
    return redirect(_round_url(round_))


@login_required
@require_POST
def round_open(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_step(request, pk, open_round, "Đã mở đợt chấm: người chấm bắt đầu chấm được.")


@login_required
@require_POST
def round_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _round_step(request, pk, close_round, "Đã đóng đợt chấm: không nhận thêm phiếu chấm.")


@login_required
@require_POST
def round_remove_initiative(request: HttpRequest, pk: int, initiative_pk: int) -> HttpResponse:
    round_ = _round_or_404(request, pk)
    initiative = Initiative.objects.filter(round_entries__round=round_, pk=initiative_pk).first()
    if initiative is None:
        raise Http404
    try:
        remove_initiative(round_, initiative=initiative, by=acting_user(request))
    except PermissionDeniedError as error:
        raise _forbid(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã đưa {initiative.code} ra khỏi đợt chấm.")
    return redirect(_round_url(round_, "ma-tran"))


@login_required
@require_POST
def round_auto_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Complete the assignments automatically; each initiative left short is named."""
    round_ = _round_or_404(request, pk)
    try:
        result = auto_assign(round_, by=acting_user(request))
    except PermissionDeniedError as error:
        raise _forbid(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, result.message)
        for shortfall in result.shortfalls:
            messages.warning(request, shortfall)
    return redirect(_round_url(round_, "ma-tran"))


@login_required
@require_POST
def round_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """A manual assignment (refused on a conflict, with the reason)."""
    round_ = _round_or_404(request, pk)
    form = _assign_form(round_, request.POST)
    if form.is_valid():
        initiative, reviewer = form.cleaned_data["initiative"], form.cleaned_data["reviewer"]
        try:
            assign_reviewer(
                round_, initiative=initiative, reviewer=reviewer, by=acting_user(request)
            )
        except PermissionDeniedError as error:
            raise _forbid(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, f"Đã phân công {reviewer.display_name} chấm {initiative.code}."
            )
            return redirect(_round_url(round_, "ma-tran"))
    return _render_round(request, round_, assign_form=form, status=400)


@login_required
@require_POST
def assignment_remove(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    round_ = _round_or_404(request, pk)
    assignment = (
        Assignment.objects.filter(round=round_, pk=assignment_pk)
        .select_related("initiative", "reviewer")
        .first()
    )
    if assignment is None:
        raise Http404
    form = ReasonForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        unassign_reviewer(assignment, by=acting_user(request), reason=reason)
    except PermissionDeniedError as error:
        raise _forbid(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"Đã bỏ phân công {assignment.reviewer.display_name} chấm "
            f"{assignment.initiative.code}.",
        )
    return redirect(_round_url(round_, "ma-tran"))


@login_required
@require_POST
def round_conflict_add(request: HttpRequest, pk: int) -> HttpResponse:
    """An officer records a member's conflict of interest on an initiative of the round."""
    round_ = _round_or_404(request, pk)
    form = _assign_form(round_, request.POST, cls=ConflictForm)
    if form.is_valid():
        data = form.cleaned_data
        try:
            declared = declare_conflict(
                round_,
                initiative=data["initiative"],
                user=data["reviewer"],
                reason=data["reason"],
                by=acting_user(request),
            )
        except PermissionDeniedError as error:
            raise _forbid(error) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            text = (
                f"Đã ghi nhận xung đột lợi ích của {data['reviewer'].display_name} với "
                f"{data['initiative'].code}."
            )
            if declared.removed_assignment:
                text += " Phân công chấm của người này đã được bỏ."
            messages.success(request, text)
            return redirect(_round_url(round_, "xung-dot"))
    return _render_round(request, round_, conflict_form=form, status=400)


@login_required
@require_POST
def conflict_remove(request: HttpRequest, pk: int, conflict_pk: int) -> HttpResponse:
    round_ = _round_or_404(request, pk)
    declaration = (
        ConflictDeclaration.objects.filter(round=round_, pk=conflict_pk)
        .select_related("initiative", "user", "round__council__unit")
        .first()
    )
    if declaration is None:
        raise Http404
    try:
        remove_conflict(declaration, by=acting_user(request))
    except PermissionDeniedError as error:
        raise _forbid(error) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Đã bỏ khai báo xung đột lợi ích.")
    return redirect(_round_url(round_, "xung-dot"))
