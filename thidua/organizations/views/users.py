"""Pages to manage user accounts and their role assignments.

Every page needs `organizations.manage_users` somewhere (else 403); an account the actor may not
see is a 404 (`users_visible_to`). Writes go through `services.users`, which check again.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, Role, roles_assignable_by
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.selectors import audit_rows
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.organizations.forms.users import (
    AccountCreateForm,
    AccountEditForm,
    ReasonForm,
    RoleGrantForm,
    SetActiveForm,
    UserFilterForm,
)
from thidua.organizations.models import Person, RoleAssignment
from thidua.organizations.scoping import grants_for
from thidua.organizations.selectors.users import (
    account_history,
    assignments_of,
    can_manage_account,
    can_reset_two_factor,
    can_revoke,
    is_system_administrator,
    linked_person,
    people_for_account,
    people_without_account,
    search_users,
    suggested_username,
    users_visible_to,
    with_account_details,
)
from thidua.organizations.services.exports import export_accounts
from thidua.organizations.services.users import (
    create_user_account,
    grant_role,
    reset_two_factor,
    revoke_role,
    send_password_set_email,
    set_user_active,
    update_user_account,
)

USERS_PAGE_SIZE = 50
TEMPLATES = "organizations/users/"


def _actor(request: HttpRequest) -> User:
    """The signed-in user, refused (403) without `manage_users` anywhere."""
    user = request.user
    if not isinstance(user, User) or not user.has_perm(Perm.MANAGE_USERS.value):
        raise PermissionDenied
    return user


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _visible_user(actor: User, pk: int) -> User:
    return get_object_or_404(with_account_details(users_visible_to(actor)), pk=pk)


@login_required
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    form = UserFilterForm(request.GET or None, actor=actor)
    users = search_users(actor, form.to_filter())
    page = Paginator(users, USERS_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "section": "users",
    }
    fragment = _is_htmx(request) and request.headers.get("HX-Target") == "user-results"
    response = render(
        request, f"{TEMPLATES}list.html#results" if fragment else f"{TEMPLATES}list.html", context
    )
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_GET
def user_export(request: HttpRequest) -> HttpResponse:
    """The filtered accounts, one row per role assignment, as .xlsx, audited."""
    actor = _actor(request)
    filters = UserFilterForm(request.GET or None, actor=actor).to_filter()
    try:
        export = export_accounts(by=actor, filters=filters)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(export.content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="danh-sach-tai-khoan-phan-quyen-{stamp}.xlsx"'
    )
    return response


def _person_from(actor: User, raw: str | None) -> Person | None:
    """The person named by a request parameter, within the actor's reach (else 404)."""
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError as exc:
        raise Http404 from exc
    return get_object_or_404(people_for_account(actor), pk=pk)


def _initial_for(actor: User, person: Person) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "person": person.pk,
        "full_name": person.full_name,
        "email": person.email,
        "username": suggested_username(person.full_name),
    }
    if Role.STAFF in roles_assignable_by(grants_for(actor), person.unit.path):
        initial.update(role=Role.STAFF.value, unit=person.unit.pk, include_subtree=False)
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    actor = _actor(request)
    query = request.GET.get("tim", "").strip()
    if request.method == "GET" and _is_htmx(request) and "tim" in request.GET:
        response = render(
            request,
            f"{TEMPLATES}create.html#person_results",
            {"query": query, "matches": people_without_account(actor, query)},
        )
        patch_vary_headers(response, ["HX-Request"])
        return response
    free_allowed = is_system_administrator(actor)
    if request.method == "POST":
        person = _person_from(actor, request.POST.get("person"))
        form = AccountCreateForm(request.POST, actor=actor)
        if form.is_valid():
            if person is None and not free_allowed:
                form.add_error(None, "Hãy chọn cán bộ cần mở tài khoản.")
            else:
                try:
                    user = create_user_account(
                        by=actor,
                        username=form.cleaned_data["username"],
                        email=form.cleaned_data["email"],
                        full_name=form.cleaned_data["full_name"],
                        person=person,
                        role=form.cleaned_data["role"] or None,
                        unit=form.cleaned_data["unit"],
                        include_subtree=form.cleaned_data["include_subtree"],
                    )
                except PermissionDeniedError as exc:
                    raise PermissionDenied(exc.message) from exc
                except DomainError as exc:
                    if exc.field == "person":  # a hidden field: show the message above the form
                        form.add_error(None, exc.message)
                    else:
                        form.add_domain_error(exc)
                else:
                    messages.success(
                        request,
                        f"Đã tạo tài khoản “{user.username}”. Thư hướng dẫn đặt mật khẩu đã được "
                        f"gửi tới {user.email}.",
                    )
                    return redirect("organizations:user_detail", pk=user.pk)
    else:
        person = _person_from(actor, request.GET.get("person"))
        form = AccountCreateForm(
            initial=_initial_for(actor, person) if person else None, actor=actor
        )
    context = {
        "form": form,
        "person": person,
        "person_has_account": person is not None and person.user_id is not None,
        "query": query,
        "matches": people_without_account(actor, query) if query else [],
        "free_allowed": free_allowed,
        "section": "users",
    }
    return render(request, f"{TEMPLATES}create.html", context)


def _detail_context(actor: User, user: User, **forms: Any) -> dict[str, Any]:
    assignments = assignments_of(user)
    manageable = can_manage_account(actor, user)
    return {
        "account": user,
        "person": linked_person(user),
        "rows": [(a, can_revoke(actor, a)) for a in assignments],
        "two_factor_on": bool(user.confirmed_totp_devices),  # type: ignore[attr-defined]
        "can_manage": manageable,
        "can_reset_two_factor": can_reset_two_factor(actor, user),
        "grant_form": forms.get("grant_form") or RoleGrantForm(actor=actor),
        "revoke_form": forms.get("revoke_form"),
        "revoke_pk": forms.get("revoke_pk"),
        "history": audit_rows(account_history(user)),
        "section": "users",
    }


@login_required
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    user = _visible_user(actor, pk)
    return render(request, f"{TEMPLATES}detail.html", _detail_context(actor, user))


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Profile (name, email), lock/unlock, and two-factor reset: `action` says which form."""
    actor = _actor(request)
    user = _visible_user(actor, pk)
    if not can_manage_account(actor, user):
        raise PermissionDenied
    profile_form = AccountEditForm(initial={"full_name": user.full_name, "email": user.email})
    active_form = SetActiveForm(initial={"active": "0" if user.is_active else "1"}, prefix="lock")
    two_factor_form = ReasonForm(prefix="two_factor")
    if request.method == "POST":
        action = request.POST.get("action", "profile")
        try:
            if action == "profile":
                profile_form = AccountEditForm(request.POST)
                if profile_form.is_valid():
                    update_user_account(by=actor, user=user, **profile_form.cleaned_data)
                    messages.success(request, "Đã lưu thông tin tài khoản.")
                    return redirect("organizations:user_detail", pk=user.pk)
            elif action == "set_active":
                active_form = SetActiveForm(request.POST, prefix="lock")
                if active_form.is_valid():
                    set_user_active(by=actor, user=user, **active_form.cleaned_data)
                    messages.success(
                        request,
                        "Đã mở khóa tài khoản." if user.is_active else "Đã khóa tài khoản.",
                    )
                    return redirect("organizations:user_detail", pk=user.pk)
            elif action == "reset_two_factor":
                if not can_reset_two_factor(actor, user):
                    raise PermissionDenied
                two_factor_form = ReasonForm(request.POST, prefix="two_factor")
                if two_factor_form.is_valid():
                    reset_two_factor(by=actor, user=user, **two_factor_form.cleaned_data)
                    messages.success(
                        request,
                        "Đã đặt lại xác thực hai lớp: người dùng sẽ thiết lập lại ở lần đăng "
                        "nhập tới.",
                    )
                    return redirect("organizations:user_detail", pk=user.pk)
            else:
                raise Http404
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            forms_by_action: dict[str, Any] = {
                "profile": profile_form,
                "set_active": active_form,
                "reset_two_factor": two_factor_form,
            }
            forms_by_action[action].add_domain_error(exc)
    context = {
        "account": user,
        "person": linked_person(user),
        "two_factor_on": bool(user.confirmed_totp_devices),  # type: ignore[attr-defined]
        "profile_form": profile_form,
        "active_form": active_form,
        "two_factor_form": two_factor_form,
        "can_reset_two_factor": can_reset_two_factor(actor, user),
        "section": "users",
    }
    return render(request, f"{TEMPLATES}edit.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def role_grant(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    user = _visible_user(actor, pk)
    if request.method == "GET":
        return redirect("organizations:user_detail", pk=user.pk)
    form = RoleGrantForm(request.POST, actor=actor)
    if form.is_valid():
        try:
            assignment = grant_role(by=actor, user=user, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                f"Đã giao vai trò “{Role(assignment.role).label}” tại {assignment.unit.name}.",
            )
            return redirect("organizations:user_detail", pk=user.pk)
    return render(request, f"{TEMPLATES}detail.html", _detail_context(actor, user, grant_form=form))


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int, assignment_pk: int) -> HttpResponse:
    actor = _actor(request)
    user = _visible_user(actor, pk)
    assignment: RoleAssignment = get_object_or_404(
        RoleAssignment.objects.select_related("unit"), pk=assignment_pk, user=user
    )
    form = ReasonForm(request.POST)
    if form.is_valid():
        try:
            revoke_role(by=actor, assignment=assignment, reason=form.cleaned_data["reason"])
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except DomainError as exc:
            form.add_domain_error(exc)
        else:
            messages.success(
                request,
                f"Đã thu hồi vai trò “{Role(assignment.role).label}” tại {assignment.unit.name}.",
            )
            return redirect("organizations:user_detail", pk=user.pk)
    return render(
        request,
        f"{TEMPLATES}detail.html",
        _detail_context(actor, user, revoke_form=form, revoke_pk=assignment.pk),
    )


@login_required
@require_POST
def user_send_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _actor(request)
    user = _visible_user(actor, pk)
    try:
        send_password_set_email(by=actor, user=user)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from exc
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"Đã gửi thư đặt mật khẩu tới {user.email}.")
    return redirect("organizations:user_detail", pk=user.pk)
