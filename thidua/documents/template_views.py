"""Pages of the document templates: the list of what domain apps issue with the version in
force at the user's unit, the edit form with its placeholders, history and restore, and the
PDF preview. For users with "documents.manage_templates", at the units where they hold it.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods

from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.documents.forms import NOTE_FIELD, UNIT_FIELD, TemplateForm
from thidua.documents.models import DocumentTemplate
from thidua.documents.placeholders import TemplateSpec
from thidua.documents.previews import FieldChange, changed_fields
from thidua.documents.selectors import (
    MANAGE_TEMPLATES,
    TemplateUnit,
    template_units,
    template_versions,
    versions_in_force,
)
from thidua.documents.services.templates import (
    preview_builder,
    registered_templates,
    render_preview,
    restore_template_defaults,
    save_template,
    template_spec,
    template_texts,
    wording,
)

LIST = "documents/templates/list.html"
EDIT = "documents/templates/edit.html"
SECTION = "documents"


def _units(request: HttpRequest) -> list[TemplateUnit]:
    """The units the user may manage templates at: 403 when none."""
    if not request.user.has_perm(MANAGE_TEMPLATES):
        raise PermissionDenied
    units = template_units(request.user)
    if not units:
        raise PermissionDenied
    return units


def _chosen(units: list[TemplateUnit], path: str | None) -> TemplateUnit:
    """The unit asked for (?don_vi=…), the first one when none; 404 for one not the user's."""
    if not path:
        return units[0]
    for unit in units:
        if unit.path == path:
            return unit
    raise Http404


def _spec(key: str) -> TemplateSpec:
    try:
        return template_spec(key)
    except DomainError as unknown:
        raise Http404 from unknown


@dataclass(frozen=True)
class TemplateRow:
    spec: TemplateSpec
    in_force: DocumentTemplate | None


@login_required
@require_GET
def template_list(request: HttpRequest) -> HttpResponse:
    """The registered templates with the version in force at the chosen unit."""
    units = _units(request)
    unit = _chosen(units, request.GET.get(UNIT_FIELD))
    specs = registered_templates()
    in_force = versions_in_force([spec.key for spec in specs], unit_path=unit.path)
    rows = [TemplateRow(spec, in_force.get(spec.key)) for spec in specs]
    return render(request, LIST, {"section": SECTION, "rows": rows, "units": units, "unit": unit})


@dataclass(frozen=True)
class HistoryEntry:
    row: DocumentTemplate
    changes: list[FieldChange]


def _history(spec: TemplateSpec, unit_path: str) -> list[HistoryEntry]:
    """The versions saved at the unit, newest first, each with what changed from the one
    before it (the first: from the defaults)."""
    versions = template_versions(spec.key, unit_path=unit_path)
    entries: list[HistoryEntry] = []
    for i, row in enumerate(versions):
        before = versions[i + 1].texts if i + 1 < len(versions) else spec.defaults()
        entries.append(HistoryEntry(row, changed_fields(spec, before, row.texts)))
    return entries


def _edit_url(key: str, unit: TemplateUnit) -> str:
    return reverse("documents:template_edit", args=[key]) + "?" + urlencode({UNIT_FIELD: unit.path})


def _pdf(content: bytes, key: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="xem-thu-{key}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _acting(request: HttpRequest) -> AbstractBaseUser:
    user = request.user
    if not isinstance(user, AbstractBaseUser):  # login_required lets no anonymous user here
        raise PermissionDenied
    return user


@login_required
@require_http_methods(["GET", "POST"])
def template_edit(request: HttpRequest, key: str) -> HttpResponse:
    """Edit a template's wording for one of the user's units. POST "luu" saves a new version,
    "khoi_phuc" saves one equal to the defaults, "xem_thu" returns the PDF of the form's text
    filled with the sample values (unsaved); errors are shown at their fields."""
    spec = _spec(key)
    units = _units(request)
    form: TemplateForm | None = None
    if request.method == "POST":
        form = TemplateForm(request.POST, spec=spec, units=units)
        unit = units[0]  # shown beside the form while the chosen unit is not valid
        if form.is_valid():
            unit = _chosen(units, form.cleaned_data[UNIT_FIELD])
            outcome = _act(request, form, spec, unit)
            if outcome is not None:
                return outcome
        form.show_errors({})
    else:
        unit = _chosen(units, request.GET.get(UNIT_FIELD))
    in_force = versions_in_force([key], unit_path=unit.path).get(key)
    if form is None:
        initial = {UNIT_FIELD: unit.path, **wording(spec, in_force)}
        form = TemplateForm(spec=spec, units=units, initial=initial)
    context = {
        "section": SECTION,
        "spec": spec,
        "form": form,
        "unit": unit,
        "units": units,
        "in_force": in_force,
        "inherited": in_force is not None and in_force.unit_path != unit.path,
        "history": _history(spec, unit.path),
        "placeholders": [
            (f"{{{{{name}}}}}", description, spec.sample.get(name, ""))
            for name, description in spec.placeholders.items()
        ],
        "has_own_preview": preview_builder(key) is not None,
    }
    return render(request, EDIT, context)


def _act(
    request: HttpRequest, form: TemplateForm, spec: TemplateSpec, unit: TemplateUnit
) -> HttpResponse | None:
    """Run the button pressed on a valid form: the response, or None with the service's
    errors put on the form."""
    by = _acting(request)
    note = form.cleaned_data[NOTE_FIELD]
    action = request.POST.get("action", "luu")
    try:
        if action == "xem_thu":
            return _pdf(render_preview(spec.key, form.texts(), issuer_name=unit.name), spec.key)
        if action == "khoi_phuc":
            saved = restore_template_defaults(by=by, key=spec.key, unit_path=unit.path, note=note)
        else:
            saved = save_template(
                by=by, key=spec.key, unit_path=unit.path, texts=form.texts(), note=note
            )
    except PermissionDeniedError as refused:
        raise PermissionDenied(refused.message) from refused
    except ValidationFailedError as invalid:
        form.show_errors(invalid.errors)
        return None
    except DomainError as refused:
        form.show_errors({refused.field or "": refused.message})
        return None
    messages.success(
        request, f"Đã lưu mẫu “{spec.name}” phiên bản {saved.version} cho {unit.name}."
    )
    return redirect(_edit_url(spec.key, unit))


@login_required
@require_GET
def template_preview(request: HttpRequest, key: str) -> HttpResponse:
    """The PDF of the wording in force at the chosen unit, filled with the sample values."""
    spec = _spec(key)
    unit = _chosen(_units(request), request.GET.get(UNIT_FIELD))
    try:
        content = render_preview(
            spec.key, template_texts(spec.key, unit_path=unit.path), issuer_name=unit.name
        )
    except DomainError as refused:
        messages.error(request, refused.message)
        return redirect(_edit_url(spec.key, unit))
    return _pdf(content, spec.key)
