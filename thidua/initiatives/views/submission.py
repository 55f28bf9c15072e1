"""Pages of one initiative: write (new, edit) with its authors and attachments, its page, and
the steps taken from it (submit, withdraw, screen), attachments' download and removal, the
person search of the authors editor.

Scope: an initiative the user may not read is a 404 (by page, file URL or step), one they read
but may not act on a 403. What may be done is decided by `selectors.access` and enforced by the
services with the same functions.
"""

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.initiatives import similarity
from thidua.initiatives.enums import InitiativeStatus
from thidua.initiatives.forms.submission import (
    INTERNAL,
    AuthorRow,
    AuthorRows,
    InitiativeForm,
    ScreenForm,
    WithdrawForm,
)
from thidua.initiatives.models import Initiative
from thidua.initiatives.selectors.access import InitiativeAccess
from thidua.initiatives.selectors.decisions import decision_panels
from thidua.initiatives.selectors.initiatives import (
    areas_for_unit,
    attachment_for,
    attachments_of,
    authors_of,
    history_of,
    initiative_with_access,
    people_by_id,
    people_for_authors,
    people_for_main_author,
)
from thidua.initiatives.selectors.similarity import similar_initiatives
from thidua.initiatives.services.attachments import (
    ALLOWED_EXTENSIONS,
    check_attachment_file,
    max_bytes,
    remove_attachment,
    upload_attachment,
)
from thidua.initiatives.services.submission import (
    AuthorsInvalidError,
    admit_initiative,
    create_initiative,
    return_initiative,
    submit_initiative,
    update_initiative,
    withdraw_initiative,
)
from thidua.organizations.models import Person, Unit
from thidua.organizations.scoping import can
from thidua.organizations.selectors.people import own_person
from thidua.organizations.views._common import acting_user, is_htmx

FORM = "initiatives/submission/form.html"
DETAIL = "initiatives/submission/detail.html"
MAX_FILES_PER_SAVE = 10
ACCEPT = ",".join(sorted(ALLOWED_EXTENSIONS))
# The row the page's <template> holds: the browser numbers it when it adds a co-author.
BLANK_ROW = AuthorRow(index=-1, kind=INTERNAL)


def _detail_url(initiative: Initiative) -> str:
    return reverse("initiatives:initiative_detail", args=[initiative.pk])


def _initiative_or_404(request: HttpRequest, pk: int) -> tuple[Initiative, InitiativeAccess]:
    found = initiative_with_access(request.user, pk)
    if found is None:
        raise Http404
    return found


def _may_write_for_others(user: User) -> bool:
    return user.has_perm(Perm.SUBMIT_INITIATIVE_FOR_OTHERS.value)


def _main_unit(request: HttpRequest, rows: AuthorRows, fallback: Unit | None) -> Unit | None:
    """The unit whose movements' areas the form offers: the chosen main author's."""
    main = rows.rows[0].person_id if rows.rows else None
    if main is not None:
        person = Person.objects.select_related("unit").filter(pk=main).first()
        if person is not None:
            return person.unit
    return fallback


def _form_context(
    request: HttpRequest,
    *,
    form: InitiativeForm,
    rows: AuthorRows,
    initiative: Initiative | None,
    unit: Unit | None,
    file_errors: list[str] | None = None,
) -> dict[str, Any]:
    user = acting_user(request)
    area_movement = None
    if unit is not None:
        areas = areas_for_unit(unit)
        area_movement = areas[0].movement_id if areas else None
    return {
        "section": "initiatives",
        "form": form,
        "rows": rows,
        "blank_row": BLANK_ROW,
        "initiative": initiative,
        "attachments": attachments_of(initiative) if initiative is not None else [],
        "for_others": _may_write_for_others(user),
        "area_movement": area_movement,
        "file_errors": file_errors or [],
        "accept": ACCEPT,
        "max_mb": max_bytes() // (1024 * 1024),
    }


def _check_files(files: list[UploadedFile[bytes]]) -> list[str]:
    """Each refused file's name and why (checked before anything is written)."""
    if len(files) > MAX_FILES_PER_SAVE:
        return [f"Mỗi lần lưu đính kèm tối đa {MAX_FILES_PER_SAVE} tệp."]
    errors = []
    for upload in files:
        try:
            check_attachment_file(upload)
        except DomainError as refused:
            errors.append(f"{PurePath(upload.name or '').name}: {refused.message}")
    return errors


def _show_errors(form: InitiativeForm, rows: AuthorRows, error: DomainError) -> list[str]:
    """Put a service's refusal where it belongs: rows, fields, or above the form. Returns the
    refusals about files."""
    if isinstance(error, AuthorsInvalidError):
        rows.add_problems(error.problems)
        return []
    if isinstance(error, ValidationFailedError):
        for name, message in error.errors.items():
            form.add_error(name if name in form.fields else None, message)
        return []
    if error.field == "file":
        return [error.message]
    form.add_domain_error(error)
    return []


def _save(
    request: HttpRequest, initiative: Initiative | None, fallback_unit: Unit | None
) -> HttpResponse:
    """Write the posted text, authors and new files (one transaction), then submit when asked."""
    user = acting_user(request)
    rows = AuthorRows.from_post(request.POST)
    rows.label_people(people_by_id([r.person_id for r in rows.rows if r.person_id]))
    unit = _main_unit(request, rows, fallback_unit)
    areas = areas_for_unit(unit) if unit is not None else []
    with_year = initiative is not None and (
        can(user, Perm.SUBMIT_INITIATIVE_FOR_OTHERS, initiative.unit.path)
        or can(user, Perm.SCREEN_INITIATIVE, initiative.unit.path)
    )
    data = request.POST.copy()
    suggestion = data.get("area_suggestion", "")
    if not data.get("area") and isinstance(suggestion, str) and suggestion:
        # Without JavaScript a suggested area the author ticked stands for the select.
        data["area"] = suggestion
    form = InitiativeForm(data, areas=areas, with_year=with_year)
    files = request.FILES.getlist("files")
    file_errors = _check_files(files)
    reuse_notices: list[str] = []
    if form.is_valid() and not file_errors:
        try:
            with transaction.atomic():
                if initiative is None:
                    saved = create_initiative(by=user, data=form.to_text(), authors=rows.entries())
                else:
                    saved = update_initiative(
                        initiative, by=user, data=form.to_text(), authors=rows.entries()
                    )
                for upload in files:
                    uploaded = upload_attachment(initiative=saved, upload=upload, by=user)
                    if uploaded.notice:
                        reuse_notices.append(
                            f"{uploaded.attachment.original_name}: {uploaded.notice}"
                        )
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except DomainError as refused:
            file_errors = _show_errors(form, rows, refused)
        else:
            for notice in reuse_notices:
                messages.warning(request, notice)
            if request.POST.get("action") != "submit":
                messages.success(request, f"Đã lưu bản nháp {saved.code}.")
                return redirect(_detail_url(saved))
            try:
                submit_initiative(
                    saved,
                    by=user,
                    duplicate_explanation=form.cleaned_data.get("duplicate_explanation") or "",
                )
            except PermissionDeniedError as refused:
                raise PermissionDenied(refused.message) from refused
            except DomainError as refused:
                _show_errors(form, rows, refused)
                messages.warning(
                    request,
                    f"Đã lưu bản nháp {saved.code}, nhưng chưa nộp được: hãy xem các ô được đánh dấu.",
                )
                context = _form_context(
                    request, form=form, rows=rows, initiative=saved, unit=saved.unit
                )
                # The draft was written (200): only the submission waits for the author.
                return render(request, FORM, context)
            messages.success(
                request, f"Đã nộp sáng kiến {saved.code}: đơn vị sẽ sàng lọc và báo kết quả."
            )
            return redirect(_detail_url(saved))
    context = _form_context(
        request, form=form, rows=rows, initiative=initiative, unit=unit, file_errors=file_errors
    )
    return render(request, FORM, context, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_create(request: HttpRequest) -> HttpResponse:
    """A new initiative: for oneself (a staff member with a Person), or for a person of one's
    scope with SUBMIT_INITIATIVE_FOR_OTHERS."""
    user = acting_user(request)
    person = own_person(user)
    if person is None and not _may_write_for_others(user):
        raise PermissionDenied(
            "Tài khoản của bạn chưa gắn với hồ sơ cán bộ nên chưa nộp được sáng kiến."
        )
    unit = person.unit if person is not None else None
    if request.method == "POST":
        return _save(request, None, unit)
    rows = AuthorRows.for_person(person)
    areas = areas_for_unit(unit) if unit is not None else []
    form = InitiativeForm(areas=areas)
    return render(
        request, FORM, _form_context(request, form=form, rows=rows, initiative=None, unit=unit)
    )


def _initial(initiative: Initiative) -> dict[str, Any]:
    return {
        "title": initiative.title,
        "area": initiative.area_id,
        "suggested_area": initiative.suggested_area_id,
        "kind": initiative.kind,
        "year": initiative.year,
        "problem": initiative.problem,
        "solution": initiative.solution,
        "applied_where": initiative.applied_where,
        "applied_since": initiative.applied_since,
        "scope": initiative.scope,
        "effect_kind": initiative.effect_kind,
        "effect": initiative.effect,
        "effect_amount": (
            f"{int(initiative.effect_amount):,}".replace(",", ".")
            if initiative.effect_amount is not None
            else ""
        ),
        "duplicate_explanation": initiative.duplicate_explanation,
    }


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a draft or returned initiative (its authors, the unit's officer)."""
    initiative, access = _initiative_or_404(request, pk)
    if not access.read:
        raise Http404
    if not access.edit:
        raise PermissionDenied("Sáng kiến này không sửa được.")
    if request.method == "POST":
        return _save(request, initiative, initiative.unit)
    user = acting_user(request)
    with_year = can(user, Perm.SUBMIT_INITIATIVE_FOR_OTHERS, initiative.unit.path) or can(
        user, Perm.SCREEN_INITIATIVE, initiative.unit.path
    )
    form = InitiativeForm(
        initial=_initial(initiative), areas=areas_for_unit(initiative.unit), with_year=with_year
    )
    rows = AuthorRows.from_authorships(authors_of(initiative))
    return render(
        request,
        FORM,
        _form_context(request, form=form, rows=rows, initiative=initiative, unit=initiative.unit),
    )


_DECIDABLE = frozenset(
    {InitiativeStatus.IN_REVIEW, InitiativeStatus.RECOGNISED, InitiativeStatus.NOT_RECOGNISED}
)


def _detail_context(
    request: HttpRequest,
    initiative: Initiative,
    access: InitiativeAccess,
    *,
    screen_form: ScreenForm | None = None,
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "section": "initiatives",
        "initiative": initiative,
        "access": access,
        "authors": authors_of(initiative),
        # The council's decisions and where it spread: only once a council has had it.
        "panels": decision_panels(initiative) if initiative.status in _DECIDABLE else None,
        "similar_now": None,
        "threshold_percent": round(similarity.DUPLICATE_THRESHOLD * 100),
    }
    if not access.read:
        return context
    context.update(
        attachments=attachments_of(initiative),
        history=history_of(initiative),
        screen_form=screen_form or ScreenForm(initial={"year": initiative.year}),
        withdraw_form=WithdrawForm(),
    )
    if access.review_data and initiative.status != InitiativeStatus.DRAFT:
        context["similar_now"] = similar_initiatives(
            title=initiative.title,
            problem=initiative.problem,
            solution=initiative.solution,
            effect=initiative.effect,
            exclude_id=initiative.pk,
        )
    return context


@login_required
@require_GET
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Everything about the initiative for those who read it in full; its public part for a
    recognised initiative read from the recognised list."""
    initiative, access = _initiative_or_404(request, pk)
    return render(request, DETAIL, _detail_context(request, initiative, access))


def _full_reader(request: HttpRequest, pk: int) -> tuple[Initiative, InitiativeAccess]:
    initiative, access = _initiative_or_404(request, pk)
    if not access.read:
        raise Http404
    return initiative, access


@login_required
@require_POST
def initiative_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit from the initiative's page; a refusal sends the author to the form, where the
    missing field or the duplicate explanation is."""
    initiative, _access = _full_reader(request, pk)
    try:
        submit_initiative(
            initiative,
            by=acting_user(request),
            duplicate_explanation=request.POST.get("duplicate_explanation", ""),
        )
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except ValidationFailedError as refused:
        messages.error(request, "Chưa nộp được: " + " ".join(refused.errors.values()))
        return redirect("initiatives:initiative_edit", pk=pk)
    except DomainError as refused:
        messages.error(request, refused.message)
        if refused.field == "duplicate_explanation":
            return redirect(reverse("initiatives:initiative_edit", args=[pk]) + "#giai-trinh")
        return redirect(_detail_url(initiative))
    messages.success(
        request, f"Đã nộp sáng kiến {initiative.code}: đơn vị sẽ sàng lọc và báo kết quả."
    )
    return redirect(_detail_url(initiative))


@login_required
@require_POST
def initiative_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    initiative, _access = _full_reader(request, pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data.get("reason", "") if form.is_valid() else ""
    try:
        withdraw_initiative(initiative, by=acting_user(request), reason=reason)
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, f"Đã rút sáng kiến {initiative.code}.")
    return redirect(_detail_url(initiative))


@login_required
@require_POST
def initiative_screen(request: HttpRequest, pk: int) -> HttpResponse:
    """Admit ("Đủ điều kiện xét") or return with a reason."""
    initiative, access = _full_reader(request, pk)
    user = acting_user(request)
    form = ScreenForm(request.POST)
    if form.is_valid():
        reason = form.cleaned_data.get("reason") or ""
        try:
            if form.cleaned_data["decision"] == "admit":
                admit_initiative(
                    initiative, by=user, note=reason, year=form.cleaned_data.get("year")
                )
                text = f"Sáng kiến {initiative.code} đủ điều kiện xét."
            else:
                return_initiative(initiative, by=user, reason=reason)
                text = f"Đã trả lại sáng kiến {initiative.code} cho tác giả."
        except PermissionDeniedError as refused:
            raise PermissionDenied(refused.message) from refused
        except DomainError as refused:
            form.add_domain_error(refused)
        else:
            messages.success(request, text)
            return redirect(_detail_url(initiative))
    context = _detail_context(request, initiative, access, screen_form=form)
    return render(request, DETAIL, context, status=400)


@login_required
@require_GET
def attachment_download(request: HttpRequest, pk: int, attachment: int) -> FileResponse:
    """The file, to those who read the initiative in full (404 otherwise)."""
    item = attachment_for(request.user, pk, attachment)
    if item is None:
        raise Http404
    try:
        handle = item.blob.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=item.original_name, content_type=item.blob.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def attachment_remove(request: HttpRequest, pk: int, attachment: int) -> HttpResponse:
    """Remove a file from a draft or returned initiative (htmx: the row disappears)."""
    item = attachment_for(request.user, pk, attachment)
    if item is None:
        raise Http404
    try:
        remove_attachment(attachment=item, by=acting_user(request))
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except DomainError as refused:
        if is_htmx(request):
            return HttpResponse(refused.message, status=400)
        messages.error(request, refused.message)
    else:
        if is_htmx(request):
            return HttpResponse("")
        messages.success(request, f"Đã gỡ tệp “{item.original_name}”.")
    return redirect("initiatives:initiative_edit", pk=pk)


@login_required
@require_GET
def author_search(request: HttpRequest) -> HttpResponse:
    """The authors editor's person search (`tim`): anyone active as a co-author; with `chinh`,
    the people an officer may submit for."""
    query = request.GET.get("tim", "").strip()[:100]
    if request.GET.get("chinh"):
        people = people_for_main_author(request.user, query)
    else:
        people = people_for_authors(query)
    return render(request, "organizations/people/picker.html", {"people": people, "query": query})
