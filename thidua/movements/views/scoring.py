"""Scoring table pages: the tables of a movement, a table with its versions, a version with
every indicator's rule and the title bands, and the forms that change them.

Reading needs VIEW_MOVEMENT and the movement in scope (404 otherwise); changing needs
MANAGE_MOVEMENT at the movement's organising unit (403 otherwise). A frozen version shows no
edit action, and a change posted to it anyway is refused with the service's message.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.movements.enums import ScoringMethod
from thidua.movements.forms.scoring import (
    BandRowFormSet,
    LockForm,
    RuleForm,
    TableCreateForm,
    TableEditForm,
    TitleBandFormSet,
    TitleBandsForm,
    VersionCreateForm,
    VersionEditForm,
    band_rows,
    show_number,
)
from thidua.movements.models import Movement, ScoringVersion
from thidua.movements.selectors.movements import movements_visible_to
from thidua.movements.selectors.scoring import (
    bands_of,
    in_force_among,
    indicators_of_movement,
    rule_of,
    scoring_tables_visible_to,
    scoring_versions_visible_to,
    tables_of_movement,
    version_sheet,
    versions_of_table,
)
from thidua.movements.services.scoring import (
    BandData,
    FrozenVersionError,
    RuleProblemsError,
    create_table,
    create_version,
    lock_version,
    remove_rule,
    set_rule,
    set_title_bands,
    update_table,
    update_version,
)
from thidua.organizations.views._common import acting_user, is_htmx, require_perm

MAX_BANDS: int = BandRowFormSet.max_num
MAX_TITLE_BANDS: int = TitleBandFormSet.max_num


def _can_manage(request: HttpRequest, movement: Movement) -> bool:
    return request.user.has_perm(Perm.MANAGE_MOVEMENT.value, movement)


def _require_manage(request: HttpRequest, movement: Movement) -> None:
    if not _can_manage(request, movement):
        raise PermissionDenied


def _version_to_edit(request: HttpRequest, pk: int) -> ScoringVersion:
    """A version in scope the user may change (403/404 otherwise)."""
    require_perm(request, Perm.MANAGE_MOVEMENT)
    version = get_object_or_404(scoring_versions_visible_to(request.user), pk=pk)
    _require_manage(request, version.table.movement)
    return version


def _frozen_redirect(request: HttpRequest, version: ScoringVersion) -> HttpResponse:
    """Back to the version page with the reason (a whole-page visit for an htmx request, whose
    fragment would otherwise be replaced by the page)."""
    messages.error(request, FrozenVersionError().message)
    url = reverse("movements:scoring_version_detail", args=[version.pk])
    if is_htmx(request):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return redirect(url)


def _context(**values: Any) -> dict[str, Any]:
    return {"section": "movements", **values}


# --- Tables ----------------------------------------------------------------------------------


@login_required
@require_GET
def scoring_table_list(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.VIEW_MOVEMENT)
    movement = get_object_or_404(movements_visible_to(request.user), pk=pk)
    return render(
        request,
        "movements/scoring/table_list.html",
        _context(
            movement=movement,
            rows=tables_of_movement(movement, on=timezone.localdate()),
            can_manage=_can_manage(request, movement),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def scoring_table_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.MANAGE_MOVEMENT)
    movement = get_object_or_404(movements_visible_to(request.user), pk=pk)
    _require_manage(request, movement)
    form = TableCreateForm(
        request.POST or None,
        initial={"total_points": 100, "effective_from": movement.start_date},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            table = create_table(
                by=acting_user(request),
                movement=movement,
                name=data["name"],
                total_points=data["total_points"],
                effective_from=data.get("effective_from"),
                note=data.get("note") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã tạo bảng điểm “{table.name}” với phiên bản 1.")
            return redirect("movements:scoring_table_detail", pk=table.pk)
    return render(
        request,
        "movements/scoring/table_form.html",
        _context(movement=movement, table=None, form=form, title="Thêm bảng chấm điểm"),
    )


@login_required
@require_GET
def scoring_table_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.VIEW_MOVEMENT)
    table = get_object_or_404(scoring_tables_visible_to(request.user), pk=pk)
    today = timezone.localdate()
    versions = versions_of_table(table)
    in_force = in_force_among(versions, today)
    return render(
        request,
        "movements/scoring/table_detail.html",
        _context(
            movement=table.movement,
            table=table,
            versions=versions,
            in_force_pk=in_force.pk if in_force else None,
            today=today,
            can_manage=_can_manage(request, table.movement),
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def scoring_table_edit(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.MANAGE_MOVEMENT)
    table = get_object_or_404(scoring_tables_visible_to(request.user), pk=pk)
    _require_manage(request, table.movement)
    form = TableEditForm(
        request.POST or None, initial={"name": table.name, "total_points": table.total_points}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_table(
                table,
                by=acting_user(request),
                name=data["name"],
                total_points=data["total_points"],
                reason=data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            table.refresh_from_db()
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu bảng điểm “{table.name}”.")
            return redirect("movements:scoring_table_detail", pk=table.pk)
    return render(
        request,
        "movements/scoring/table_form.html",
        _context(movement=table.movement, table=table, form=form, title=f"Sửa: {table.name}"),
    )


# --- Versions --------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def scoring_version_create(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.MANAGE_MOVEMENT)
    table = get_object_or_404(scoring_tables_visible_to(request.user), pk=pk)
    _require_manage(request, table.movement)
    form = VersionCreateForm(request.POST or None, table=table)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = create_version(
                table,
                by=acting_user(request),
                effective_from=data["effective_from"],
                copy_from=data.get("copy_from"),
                note=data.get("note") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Đã tạo phiên bản {version.number}, áp dụng từ {version.effective_from:%d/%m/%Y}.",
            )
            return redirect("movements:scoring_version_detail", pk=version.pk)
    return render(
        request,
        "movements/scoring/version_form.html",
        _context(
            movement=table.movement,
            table=table,
            version=None,
            form=form,
            title=f"Phiên bản mới của “{table.name}”",
        ),
    )


@login_required
@require_GET
def scoring_version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_perm(request, Perm.VIEW_MOVEMENT)
    version = get_object_or_404(scoring_versions_visible_to(request.user), pk=pk)
    can_manage = _can_manage(request, version.table.movement)
    return render(
        request,
        "movements/scoring/version_detail.html",
        _context(
            movement=version.table.movement,
            table=version.table,
            version=version,
            sheet=version_sheet(version),
            can_manage=can_manage,
            can_edit=can_manage and not version.is_frozen,
            lock_form=LockForm() if can_manage and not version.is_frozen else None,
        ),
    )


@login_required
@require_http_methods(["GET", "POST"])
def scoring_version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_to_edit(request, pk)
    if version.is_frozen:
        return _frozen_redirect(request, version)
    form = VersionEditForm(
        request.POST or None,
        initial={"effective_from": version.effective_from, "note": version.note},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            update_version(
                version,
                by=acting_user(request),
                effective_from=data["effective_from"],
                note=data.get("note") or "",
                reason=data.get("reason") or "",
            )
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except FrozenVersionError:
            return _frozen_redirect(request, version)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Đã lưu phiên bản {version.number}.")
            return redirect("movements:scoring_version_detail", pk=version.pk)
    return render(
        request,
        "movements/scoring/version_form.html",
        _context(
            movement=version.table.movement,
            table=version.table,
            version=version,
            form=form,
            title=f"Sửa phiên bản {version.number} của “{version.table.name}”",
        ),
    )


@login_required
@require_POST
def scoring_version_lock(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_to_edit(request, pk)
    form = LockForm(request.POST)
    if form.is_valid():
        try:
            lock_version(version, by=acting_user(request), reason=form.cleaned_data["reason"])
        except PermissionDeniedError as error:
            raise PermissionDenied(error.message) from error
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"Đã khóa phiên bản {version.number}: từ nay không sửa được; thay đổi sau này "
                "là một phiên bản mới.",
            )
    else:
        messages.error(request, "Hãy ghi lý do khóa phiên bản.")
    return redirect("movements:scoring_version_detail", pk=version.pk)


# --- Rules -----------------------------------------------------------------------------------


def _posted_rows(data: QueryDict, prefix: str, names: tuple[str, ...]) -> list[dict[str, str]]:
    """The rows of a formset as typed (for re-showing them with one row more or less)."""
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", "0"))
    except ValueError:
        total = 0
    return [
        {name: data.get(f"{prefix}-{index}-{name}", "") for name in names}
        for index in range(min(max(total, 0), MAX_BANDS))
    ]


def _row_action(
    data: QueryDict, rows: list[dict[str, str]], blank: dict[str, str], *, limit: int
) -> bool:
    """Apply an "add a row" / "remove row i" button to `rows`; False for any other action."""
    action = data.get("action", "save")
    if action == "add_row":
        if len(rows) < limit:
            rows.append(dict(blank))
        return True
    if action.startswith("remove_row:"):
        try:
            index = int(action.removeprefix("remove_row:"))
        except ValueError:
            return True
        if 0 <= index < len(rows):
            del rows[index]
        return True
    return action == "switch"


def _new_band_row(rows: list[dict[str, str]]) -> dict[str, str]:
    """A new band starts where the last one ends."""
    return {"low": rows[-1].get("high", "") if rows else "", "high": "", "points": ""}


@login_required
@require_http_methods(["GET", "POST"])
def scoring_rule_edit(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    version = _version_to_edit(request, pk)
    movement = version.table.movement
    indicator = get_object_or_404(indicators_of_movement(movement), pk=indicator_pk)
    if version.is_frozen:
        return _frozen_redirect(request, version)
    rule = rule_of(version, indicator)
    problems: list[str] = []
    fields = ("method", "max_points", "cap_ratio", "per_unit", "reason")
    if request.method == "POST" and request.POST.get("action", "save") != "save":
        rows = _posted_rows(request.POST, "band", ("low", "high", "points"))
        _row_action(request.POST, rows, _new_band_row(rows), limit=MAX_BANDS)
        if request.POST.get("method") == ScoringMethod.BANDS and not rows:
            rows.append(_new_band_row(rows))
        form = RuleForm(initial={f: request.POST.get(f, "") for f in fields}, indicator=indicator)
        bands = BandRowFormSet(initial=rows, prefix="band")
    elif request.method == "POST":
        form = RuleForm(request.POST, indicator=indicator)
        bands = BandRowFormSet(request.POST, prefix="band")
        bands_valid = request.POST.get("method") != ScoringMethod.BANDS or bands.is_valid()
        if form.is_valid() and bands_valid:
            try:
                set_rule(
                    version,
                    by=acting_user(request),
                    indicator=indicator,
                    method=form.cleaned_data["method"],
                    max_points=form.cleaned_data["max_points"],
                    params=form.params(bands),
                    reason=form.cleaned_data.get("reason") or "",
                )
            except PermissionDeniedError as error:
                raise PermissionDenied(error.message) from error
            except FrozenVersionError:
                return _frozen_redirect(request, version)
            except RuleProblemsError as error:
                problems = _place_problems(form, error)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"Đã lưu quy tắc chấm điểm của {indicator.code}.")
                url = reverse("movements:scoring_version_detail", args=[version.pk])
                return redirect(f"{url}#chi-tieu-{indicator.pk}")
    else:
        initial: dict[str, Any] = {"method": None, "max_points": None, "cap_ratio": "1"}
        if rule is not None:
            initial = {
                "method": rule.method,
                "max_points": rule.max_points,
                "cap_ratio": show_number(rule.params.get("cap_ratio")) or "1",
                "per_unit": show_number(rule.params.get("per_unit")),
            }
        rows = band_rows(rule.params if rule is not None else None) or [_new_band_row([])]
        form = RuleForm(initial=initial, indicator=indicator)
        bands = BandRowFormSet(initial=rows, prefix="band")
    context = _context(
        movement=movement,
        table=version.table,
        version=version,
        indicator=indicator,
        rule=rule,
        form=form,
        bands=bands,
        method=form.chosen_method,
        problems=problems,
    )
    if is_htmx(request):
        return render(request, "movements/scoring/rule_form.html#rule_form", context)
    return render(request, "movements/scoring/rule_form.html", context)


def _place_problems(form: RuleForm, error: RuleProblemsError) -> list[str]:
    """Problems of a method's single parameter go to its field; band problems are listed
    above the band rows (returned)."""
    method = form.cleaned_data.get("method")
    if method == ScoringMethod.LINEAR:
        for problem in error.problems:
            form.add_error("cap_ratio", problem)
        return []
    if method in (ScoringMethod.BONUS, ScoringMethod.PENALTY):
        for problem in error.problems:
            form.add_error("per_unit", problem)
        return []
    return error.problems


@login_required
@require_POST
def scoring_rule_remove(request: HttpRequest, pk: int, indicator_pk: int) -> HttpResponse:
    version = _version_to_edit(request, pk)
    indicator = get_object_or_404(indicators_of_movement(version.table.movement), pk=indicator_pk)
    try:
        remove_rule(version, by=acting_user(request), indicator=indicator)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Đã bỏ quy tắc chấm điểm của {indicator.code}.")
    url = reverse("movements:scoring_version_detail", args=[version.pk])
    return redirect(f"{url}#chi-tieu-{indicator.pk}")


# --- Title bands -----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def scoring_bands_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version_to_edit(request, pk)
    if version.is_frozen:
        return _frozen_redirect(request, version)
    problems: list[str] = []
    if request.method == "POST" and request.POST.get("action", "save") != "save":
        rows = _posted_rows(request.POST, "band", ("min_total", "label"))
        _row_action(request.POST, rows, {"min_total": "", "label": ""}, limit=MAX_TITLE_BANDS)
        form = TitleBandsForm(initial={"reason": request.POST.get("reason", "")})
        bands = TitleBandFormSet(initial=rows, prefix="band")
    elif request.method == "POST":
        form = TitleBandsForm(request.POST)
        bands = TitleBandFormSet(request.POST, prefix="band")
        if form.is_valid() and bands.is_valid():
            data = [
                BandData(min_total=row.cleaned_data["min_total"], label=row.cleaned_data["label"])
                for row in bands.forms
                if not row.is_blank()
            ]
            try:
                set_title_bands(
                    version,
                    by=acting_user(request),
                    bands=data,
                    reason=form.cleaned_data.get("reason") or "",
                )
            except PermissionDeniedError as error:
                raise PermissionDenied(error.message) from error
            except FrozenVersionError:
                return _frozen_redirect(request, version)
            except RuleProblemsError as error:
                problems = error.problems
            else:
                messages.success(
                    request, f"Đã lưu các mức xếp loại của phiên bản {version.number}."
                )
                url = reverse("movements:scoring_version_detail", args=[version.pk])
                return redirect(f"{url}#xep-loai")
    else:
        rows = [
            {"min_total": show_number(band.min_total), "label": band.label}
            for band in bands_of(version)
        ] or [{"min_total": "", "label": ""}]
        form = TitleBandsForm()
        bands = TitleBandFormSet(initial=rows, prefix="band")
    context = _context(
        movement=version.table.movement,
        table=version.table,
        version=version,
        form=form,
        bands=bands,
        problems=problems,
    )
    if is_htmx(request):
        return render(request, "movements/scoring/bands_form.html#bands_form", context)
    return render(request, "movements/scoring/bands_form.html", context)
