"""Document templates: the registry of what domain apps issue, and the saved wording.

A domain app registers each kind of document it issues (`register_template(spec)`, in its
AppConfig.ready) and, when it builds one, asks `template_texts(key, unit_path=…)` for the
wording in force at that unit, fills the placeholders (`placeholders.fill`) and builds the
`OfficialDocument`. Department officers adjust the wording on the templates pages
(`save_template`); nothing is saved with an unknown or malformed placeholder.
"""

from collections.abc import Mapping

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction
from thidua.documents.models import DocumentTemplate
from thidua.documents.placeholders import TemplateSpec, check_texts
from thidua.documents.selectors import can_at

MANAGE_TEMPLATES = "documents.manage_templates"
_specs: dict[str, TemplateSpec] = {}


def register_template(spec: TemplateSpec) -> None:
    _specs[spec.key] = spec


def registered_templates() -> list[TemplateSpec]:
    return sorted(_specs.values(), key=lambda spec: spec.name)


def template_spec(key: str) -> TemplateSpec:
    try:
        return _specs[key]
    except KeyError:
        raise DomainError(f"Không có mẫu văn bản “{key}”.", field="key") from None


def line_of(unit_path: str) -> list[str]:
    """The paths from the root down to `unit_path`: "/1/7/" → ["/", "/1/", "/1/7/"]."""
    parts = [part for part in unit_path.strip("/").split("/") if part]
    return ["/"] + ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def saved_version(key: str, *, unit_path: str) -> DocumentTemplate | None:
    """The version in force at `unit_path`: the newest saved at the nearest unit of its line."""
    rows = DocumentTemplate.objects.filter(key=key, unit_path__in=line_of(unit_path))
    best: DocumentTemplate | None = None
    for row in rows:
        if best is None or (len(row.unit_path), row.version) > (len(best.unit_path), best.version):
            best = row
    return best


def template_texts(key: str, *, unit_path: str) -> dict[str, str]:
    """The wording in force at `unit_path`: the saved version's fields over the defaults."""
    spec = template_spec(key)
    texts = spec.defaults()
    saved = saved_version(key, unit_path=unit_path)
    if saved is not None:
        texts.update({name: str(value) for name, value in saved.texts.items() if name in texts})
    return texts


@transaction.atomic
def save_template(
    *,
    by: AbstractBaseUser,
    key: str,
    unit_path: str,
    texts: Mapping[str, str],
    note: str = "",
) -> DocumentTemplate:
    """Save a new version of a template's wording for `unit_path` and below.

    Refuses a user without "documents.manage_templates" there, and texts whose placeholders are
    unknown or malformed or whose required fields are empty (ValidationFailedError by field).
    """
    spec = template_spec(key)
    if not can_at(by, MANAGE_TEMPLATES, unit_path):
        raise PermissionDeniedError("Bạn không có quyền sửa mẫu văn bản của đơn vị này.")
    cleaned = {item.name: str(texts.get(item.name, "")).strip() for item in spec.fields}
    errors = check_texts(spec, cleaned)
    if errors:
        raise ValidationFailedError(errors)
    previous = saved_version(key, unit_path=unit_path)
    last = (
        DocumentTemplate.objects.select_for_update()
        .filter(key=key, unit_path=unit_path)
        .aggregate(last=Max("version"))["last"]
        or 0
    )
    row = DocumentTemplate.objects.create(
        key=key,
        unit_path=unit_path,
        version=last + 1,
        texts=cleaned,
        note=note.strip()[:255],
        created_by_id=by.pk,
    )
    before = previous.texts if previous is not None else spec.defaults()
    record_audit(
        actor=by,
        action=AuditAction.UPDATE if previous is not None else AuditAction.CREATE,
        target=row,
        unit_path=unit_path,
        changes={
            name: [before.get(name), value]
            for name, value in cleaned.items()
            if before.get(name) != value
        },
        reason=note.strip() or "Sửa mẫu văn bản",
    )
    return row
