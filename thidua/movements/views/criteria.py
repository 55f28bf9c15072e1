"""Plan-content pages of a movement: the tree of areas, criteria and indicators (with the point
sums checked), their forms, the indicator page with its yearly targets, the formula trial.

Reading needs VIEW_MOVEMENT and the movement in scope (else 404); changing needs
MANAGE_MOVEMENT on the organising unit (else 403). An object of another movement named in the
URL is a 404. Areas and criteria are added and edited inline on the tree with htmx (the form
replaces a slot, a success re-renders the tree); without JavaScript the same links open full
pages.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.movements.forms.criteria import (
    AGGREGATION_HELP,
    AreaForm,
    CriterionForm,
    DeleteForm,
    IndicatorForm,
    YearlyTargetsForm,
    sample_values,
)
from thidua.movements.models import ContentArea, Criterion, Indicator, Movement
from thidua.movements.scoring import format_number
from thidua.movements.selectors.criteria import (
    FormulaTrial,
    indicator_uses,
    plan_tree,
    target_years,
    try_formula,
    yearly_targets_of,
)
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.services.criteria import (
    create_area,
    create_criterion,
    create_indicator,
    delete_area,
    delete_criterion,
    delete_indicator,
    set_yearly_targets,
    update_area,
    update_criterion,
    update_indicator,
)
from thidua.organizations.views._common import acting_user, is_htmx, require_perm

TREE = "movements/criteria/tree.html"
SECTION = "movements"


# --- Access -------------------------------------------------------------------------------------


def _movement(request: HttpRequest, pk: int) -> Movement:
    """The movement if the user may read it: 403 without VIEW_MOVEMENT anywhere, 404 when out
    of scope."""
    require_perm(request, Perm.VIEW_MOVEMENT)
    return get_object_or_404(movements_visible_to(request.user), pk=pk)


def _managed_movement(request: HttpRequest, pk: int) -> Movement:
    """The movement if the user may change its plan (404 out of scope, 403 read-only)."""
    movement = _movement(request, pk)
    if not request.user.has_perm(Perm.MANAGE_MOVEMENT.value, movement):
        raise PermissionDenied
    return movement


def _can_manage(request: HttpRequest, movement: Movement) -> bool:
    return bool(request.user.has_perm(Perm.MANAGE_MOVEMENT.value, movement))


def _tree_url(movement: Movement, anchor: str = "") -> str:
    url = reverse("movements:criteria_tree", args=[movement.pk])
    return f"{url}#{anchor}" if anchor else url


def _base(movement: Movement, **extra: Any) -> dict[str, Any]:
    return {"section": SECTION, "movement": movement, **extra}


def _done(
    request: HttpRequest, movement: Movement, message: str, *, anchor: str = "", error: bool = False
) -> HttpResponse:
    """After a change: htmx gets the re-rendered tree (swapped in place of the old one) with
    the message on top; a plain request is redirected to the tree with the message."""
    if is_htmx(request):
        response = render(
            request,
            f"{TREE}#tree_body",
            _base(
                movement,
                tree=plan_tree(movement),
                can_manage=True,
                flash=message,
                flash_error=error,
            ),
        )
        response["HX-Retarget"] = "#plan-tree"
        response["HX-Reswap"] = "outerHTML"
        return response
    (messages.error if error else messages.success)(request, message)
    return redirect(_tree_url(movement, anchor))


def _form_page(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    """A form as a full page, or (htmx) only its card, to be swapped into the tree."""
    if is_htmx(request):
        response = render(request, f"{template}#form_card", {**context, "inline": True})
    else:
        response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- The tree -----------------------------------------------------------------------------------


@login_required
@require_GET
def criteria_tree(request: HttpRequest, pk: int) -> HttpResponse:
    """Areas → criteria (nested) → indicators, with weights and points and the warnings of
    the points check."""
    movement = _movement(request, pk)
    context = _base(movement, tree=plan_tree(movement), can_manage=_can_manage(request, movement))
    template = f"{TREE}#tree_body" if is_htmx(request) else TREE
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Areas --------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def area_create(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    form = AreaForm(request.POST or None, initial={"kind": request.GET.get("kind") or "content"})
    if request.method == "POST" and form.is_valid():
        try:
            area = create_area(by=acting_user(request), movement=movement, data=form.to_data())
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _done(request, movement, f"Đã thêm “{area.name}”.", anchor=f"nd-{area.pk}")
    title = "Thêm nội dung thi đua hoặc nhóm giải pháp"
    context = _base(movement, form=form, title=title, action=request.get_full_path())
    return _form_page(request, "movements/criteria/area_form.html", context)


def _area(movement: Movement, area_pk: int) -> ContentArea:
    return get_object_or_404(
        ContentArea.objects.filter(movement=movement).select_related("movement__owner"),
        pk=area_pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def area_edit(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    area = _area(movement, area_pk)
    form = AreaForm(request.POST or None, area=area)
    if request.method == "POST" and form.is_valid():
        try:
            update_area(area, by=acting_user(request), data=form.to_data())
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            area.refresh_from_db()
            form.add_domain_error(error)
        else:
            return _done(request, movement, f"Đã lưu “{area.name}”.", anchor=f"nd-{area.pk}")
    context = _base(
        movement, form=form, area=area, title=f"Sửa: {area.name}", action=request.get_full_path()
    )
    return _form_page(request, "movements/criteria/area_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def area_delete(request: HttpRequest, pk: int, area_pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    area = _area(movement, area_pk)
    return _delete(
        request,
        movement,
        target=area,
        what=f"nội dung “{area.name}”",
        warning="Mọi tiêu chí và chỉ tiêu thuộc nội dung này cũng bị xóa.",
        run=lambda by, reason: delete_area(area, by=by, reason=reason),
        done=f"Đã xóa “{area.name}”.",
    )


def _delete(
    request: HttpRequest,
    movement: Movement,
    *,
    target: object,
    what: str,
    warning: str,
    run: Callable[[User, str], None],
    done: str,
) -> HttpResponse:
    """GET: a confirmation page (without JavaScript); POST: delete, or say why not."""
    form = DeleteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            run(acting_user(request), form.cleaned_data.get("reason") or "")
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            if is_htmx(request):
                return _done(request, movement, error.message, error=True)
            form.add_error(None, error.message)
        else:
            return _done(request, movement, done)
    return render(
        request,
        "movements/criteria/confirm_delete.html",
        _base(movement, form=form, target=target, what=what, warning=warning),
    )


# --- Criteria -----------------------------------------------------------------------------------


def _criterion(movement: Movement, criterion_pk: int) -> Criterion:
    return get_object_or_404(
        Criterion.objects.filter(movement=movement).select_related(
            "movement__owner", "area", "parent"
        ),
        pk=criterion_pk,
    )


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def _parent_options_url(movement: Movement, criterion: Criterion | None = None) -> str:
    url = reverse("movements:criterion_parent_options", args=[movement.pk])
    return f"{url}?exclude={criterion.pk}" if criterion is not None else url


@login_required
@require_GET
def criterion_parent_options(request: HttpRequest, pk: int) -> HttpResponse:
    """The parent select for the area chosen on a criterion form (htmx): that area's criteria,
    without the criterion being edited and its subtree."""
    movement = _managed_movement(request, pk)
    exclude_pk = _int_param(request, "exclude")
    criterion = (
        Criterion.objects.filter(movement=movement, pk=exclude_pk).first() if exclude_pk else None
    )
    form = CriterionForm(
        movement=movement, criterion=criterion, initial={"area": _int_param(request, "area")}
    )
    return render(request, "movements/criteria/criterion_form.html#parent_select", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def criterion_create(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    initial: dict[str, Any] = {"area": _int_param(request, "area")}
    parent_pk = _int_param(request, "parent")
    parent = (
        Criterion.objects.filter(movement=movement, pk=parent_pk).first() if parent_pk else None
    )
    if parent is not None:
        initial.update(area=parent.area_id, parent=parent.pk)
    form = CriterionForm(
        request.POST or None,
        movement=movement,
        initial=initial,
        parent_options_url=_parent_options_url(movement),
    )
    if request.method == "POST" and form.is_valid():
        try:
            criterion = create_criterion(
                by=acting_user(request), movement=movement, data=form.to_data()
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _done(
                request,
                movement,
                f"Đã thêm tiêu chí {criterion.code}.",
                anchor=f"tc-{criterion.pk}",
            )
    title = f"Thêm tiêu chí con của {parent.code}" if parent else "Thêm tiêu chí"
    context = _base(movement, form=form, title=title, action=request.get_full_path())
    return _form_page(request, "movements/criteria/criterion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_edit(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    criterion = _criterion(movement, criterion_pk)
    form = CriterionForm(
        request.POST or None,
        movement=movement,
        criterion=criterion,
        parent_options_url=_parent_options_url(movement, criterion),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_criterion(criterion, by=acting_user(request), data=form.to_data())
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            criterion.refresh_from_db()
            form.add_domain_error(error)
        else:
            return _done(
                request,
                movement,
                f"Đã lưu tiêu chí {criterion.code}.",
                anchor=f"tc-{criterion.pk}",
            )
    context = _base(
        movement,
        form=form,
        criterion=criterion,
        title=f"Sửa tiêu chí {criterion.code}",
        action=request.get_full_path(),
    )
    return _form_page(request, "movements/criteria/criterion_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def criterion_delete(request: HttpRequest, pk: int, criterion_pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    criterion = _criterion(movement, criterion_pk)
    return _delete(
        request,
        movement,
        target=criterion,
        what=f"tiêu chí {criterion.code}. {criterion.name}",
        warning="Các tiêu chí con và chỉ tiêu thuộc tiêu chí này cũng bị xóa.",
        run=lambda by, reason: delete_criterion(criterion, by=by, reason=reason),
        done=f"Đã xóa tiêu chí {criterion.code}.",
    )


# --- Indicators ---------------------------------------------------------------------------------


def _indicator(movement: Movement, indicator_pk: int) -> Indicator:
    return get_object_or_404(
        Indicator.objects.filter(movement=movement).select_related(
            "movement__owner", "criterion__area"
        ),
        pk=indicator_pk,
    )


def _trial_from_post(request: HttpRequest, movement: Movement) -> dict[str, Any]:
    """The formula trial of the posted form: the trial itself and, for each reference, the
    sample value typed for it (shown back in its box)."""
    source = str(request.POST.get("formula", ""))[:2000]
    trial = try_formula(movement, source, {})
    codes = [code for code, _name in trial.references]
    if codes and not trial.error:
        samples, errors = sample_values(request.POST, codes)
        if errors:
            code = next(iter(errors))
            trial = FormulaTrial(
                source=trial.source,
                references=trial.references,
                error=f"Giá trị mẫu của {code}: {errors[code]}",
            )
        else:
            trial = try_formula(movement, source, samples)
    rows = [
        (code, name, str(request.POST.get(f"mau_{code}", ""))[:40])
        for code, name in trial.references
    ]
    return {"trial": trial, "trial_rows": rows}


def _posted_as_initial(request: HttpRequest) -> dict[str, Any]:
    """The posted fields as a form's initial values (a trial redisplays the form unvalidated)."""
    return {key: request.POST.get(key) for key in request.POST if key != "csrfmiddlewaretoken"}


@login_required
@require_http_methods(["GET", "POST"])
def indicator_create(request: HttpRequest, pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    initial = {"criterion": _int_param(request, "criterion")}
    form = IndicatorForm(request.POST or None, movement=movement, initial=initial)
    trial: dict[str, Any] = {}
    if request.method == "POST" and "thu_cong_thuc" in request.POST:
        trial = _trial_from_post(request, movement)
        form = IndicatorForm(movement=movement, initial=_posted_as_initial(request))
    elif request.method == "POST" and form.is_valid():
        try:
            indicator = create_indicator(
                by=acting_user(request), movement=movement, data=form.to_data()
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã thêm chỉ tiêu {indicator.code}.")
            return redirect("movements:indicator_detail", pk=movement.pk, indicator_pk=indicator.pk)
    context = _base(movement, form=form, indicator=None, title="Thêm chỉ tiêu", **trial)
    return render(request, "movements/criteria/indicator_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    indicator = _indicator(movement, indicator_pk)
    form = IndicatorForm(request.POST or None, movement=movement, indicator=indicator)
    trial: dict[str, Any] = {}
    if request.method == "POST" and "thu_cong_thuc" in request.POST:
        trial = _trial_from_post(request, movement)
        form = IndicatorForm(
            movement=movement, indicator=indicator, initial=_posted_as_initial(request)
        )
    elif request.method == "POST" and form.is_valid():
        try:
            update_indicator(indicator, by=acting_user(request), data=form.to_data())
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            indicator.refresh_from_db()
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu chỉ tiêu {indicator.code}.")
            return redirect("movements:indicator_detail", pk=movement.pk, indicator_pk=indicator.pk)
    context = _base(
        movement,
        form=form,
        indicator=indicator,
        title=f"Sửa chỉ tiêu {indicator.code}",
        **trial,
    )
    return render(request, "movements/criteria/indicator_form.html", context)


@login_required
@require_POST
def formula_try(request: HttpRequest, pk: int) -> HttpResponse:
    """The "Thử công thức" answer (htmx): the formula's references with a sample value box
    each, and the result or the Vietnamese error. Nothing is saved."""
    movement = _managed_movement(request, pk)
    context = _base(movement, **_trial_from_post(request, movement))
    return render(request, "movements/criteria/indicator_form.html#trial", context)


@login_required
@require_GET
def indicator_detail(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    movement = _movement(request, pk)
    indicator = _indicator(movement, indicator_pk)
    can_manage = _can_manage(request, movement)
    targets = yearly_targets_of(indicator)
    context = _base(
        movement,
        indicator=indicator,
        years=[(year, format_number(targets.get(year))) for year in target_years(movement)],
        bounds=_bounds_text(indicator),
        aggregation_help=AGGREGATION_HELP.get(indicator.aggregation, ""),
        can_manage=can_manage,
        uses=indicator_uses([indicator]) if can_manage else [],
    )
    return render(request, "movements/criteria/indicator_detail.html", context)


def _bounds_text(indicator: Indicator) -> str:
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None:
        return f"Từ {format_number(low)} đến {format_number(high)}"
    if low is not None:
        return f"Từ {format_number(low)} trở lên"
    if high is not None:
        return f"Tối đa {format_number(high)}"
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def indicator_delete(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    movement = _managed_movement(request, pk)
    indicator = _indicator(movement, indicator_pk)
    return _delete(
        request,
        movement,
        target=indicator,
        what=f"chỉ tiêu {indicator.code}. {indicator.name}",
        warning="Chỉ tiêu chung theo năm của chỉ tiêu này cũng bị xóa.",
        run=lambda by, reason: delete_indicator(indicator, by=by, reason=reason),
        done=f"Đã xóa chỉ tiêu {indicator.code}.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_targets(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    """The indicator's target for each year of the movement, edited in one form."""
    movement = _managed_movement(request, pk)
    indicator = _indicator(movement, indicator_pk)
    form = YearlyTargetsForm(
        request.POST or None,
        indicator=indicator,
        years=target_years(movement),
        current=yearly_targets_of(indicator),
    )
    if request.method == "POST" and form.is_valid():
        try:
            set_yearly_targets(indicator, by=acting_user(request), values=form.values())
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu chỉ tiêu theo năm của {indicator.code}.")
            return redirect("movements:indicator_detail", pk=movement.pk, indicator_pk=indicator.pk)
    context = _base(movement, form=form, indicator=indicator)
    return render(request, "movements/criteria/targets_form.html", context)
