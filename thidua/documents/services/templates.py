"""Document templates: the registry of what domain apps issue, and the saved wording.

A domain app registers each kind of document it issues (`register_template(spec)`, in its
AppConfig.ready) and, when it builds one, asks `template_texts(key, unit_path=…)` for the
wording in force at that unit, fills the placeholders (`placeholders.fill`) and builds the
`OfficialDocument`. Department officers adjust the wording on the templates pages
(`save_template`); nothing is saved with an unknown or malformed placeholder.

The pages' "Xem thử PDF" renders a draft of the template with its sample values. A domain app
may give the builder of that draft: `register_template(spec, preview=build)`, where
`build(texts)` takes the wording (placeholders not filled, as `template_texts` returns it) and
returns the draft `OfficialDocument` made with the app's sample data. Without one, the preview
is a generic document made of the fields' texts (`previews.generic_preview`).
"""

from collections.abc import Callable, Mapping
from dataclasses import replace

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Max

from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction
from thidua.documents.content import Issuer, OfficialDocument
from thidua.documents.models import DocumentTemplate
from thidua.documents.placeholders import TemplateSpec, check_texts
from thidua.documents.previews import generic_preview
from thidua.documents.selectors import MANAGE_TEMPLATES, can_at, line_of, versions_in_force

__all__ = [
    "MANAGE_TEMPLATES",
    "RESTORE_NOTE",
    "PreviewBuilder",
    "line_of",
    "preview_builder",
    "register_template",
    "registered_templates",
    "render_preview",
    "restore_template_defaults",
    "save_template",
    "saved_version",
    "template_spec",
    "template_texts",
    "unregister_template",
    "wording",
]
RESTORE_NOTE = "Khôi phục mặc định"

# The draft a template's preview shows: the wording in, the document out (see the docstring).
PreviewBuilder = Callable[[Mapping[str, str]], OfficialDocument]

_specs: dict[str, TemplateSpec] = {}
_previews: dict[str, PreviewBuilder] = {}


def register_template(spec: TemplateSpec, *, preview: PreviewBuilder | None = None) -> None:
    """Declare a kind of document (again: the latest declaration wins), with the builder of its
    preview when the app has one."""
    _specs[spec.key] = spec
    if preview is not None:
        _previews[spec.key] = preview
    else:
        _previews.pop(spec.key, None)


def unregister_template(key: str) -> None:
    """Forget a declaration (tests register their own specs and remove them afterwards)."""
    _specs.pop(key, None)
    _previews.pop(key, None)


def preview_builder(key: str) -> PreviewBuilder | None:
    return _previews.get(key)


def registered_templates() -> list[TemplateSpec]:
    return sorted(_specs.values(), key=lambda spec: spec.name)


def template_spec(key: str) -> TemplateSpec:
    try:
        return _specs[key]
    except KeyError:
        raise DomainError(f"Không có mẫu văn bản “{key}”.", field="key") from None


def saved_version(key: str, *, unit_path: str) -> DocumentTemplate | None:
    """The version in force at `unit_path`: the newest saved at the nearest unit of its line."""
    return versions_in_force([key], unit_path=unit_path).get(key)


def wording(spec: TemplateSpec, saved: DocumentTemplate | None) -> dict[str, str]:
    """A saved version's fields over the spec's defaults (a field it lacks, or a spec's field
    added since, takes its default; a field the spec dropped is ignored)."""
    texts = spec.defaults()
    if saved is not None:
        texts.update({name: str(value) for name, value in saved.texts.items() if name in texts})
    return texts


def template_texts(key: str, *, unit_path: str) -> dict[str, str]:
    """The wording in force at `unit_path`: the saved version's fields over the defaults."""
    return wording(template_spec(key), saved_version(key, unit_path=unit_path))


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
    if not unit_path.startswith("/") or not unit_path.endswith("/"):
        raise DomainError("Hãy chọn đơn vị áp dụng mẫu.", field="unit_path")
    if not can_at(by, MANAGE_TEMPLATES, unit_path):
        raise PermissionDeniedError("Bạn không có quyền sửa mẫu văn bản của đơn vị này.")
    cleaned = {
        item.name: str(texts.get(item.name, "")).replace("\r\n", "\n").strip()
        for item in spec.fields
    }
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


def restore_template_defaults(
    *, by: AbstractBaseUser, key: str, unit_path: str, note: str = ""
) -> DocumentTemplate:
    """Save, for `unit_path`, a new version equal to the domain app's defaults (the history
    keeps every earlier version). Refuses like `save_template`."""
    spec = template_spec(key)
    return save_template(
        by=by, key=key, unit_path=unit_path, texts=spec.defaults(), note=note or RESTORE_NOTE
    )


def render_preview(key: str, texts: Mapping[str, str], *, issuer_name: str) -> bytes:
    """The PDF of a draft made from `texts` (checked first) and the template's sample values:
    the domain app's preview builder when it gave one, else a generic document of the fields'
    texts issued by `issuer_name`. A draft: no number, no date, no verification code.

    Refuses texts `save_template` would refuse (ValidationFailedError by field).
    """
    from thidua.documents.render import render_pdf

    spec = template_spec(key)
    cleaned = {
        item.name: str(texts.get(item.name, "")).replace("\r\n", "\n").strip()
        for item in spec.fields
    }
    errors = check_texts(spec, cleaned)
    if errors:
        raise ValidationFailedError(errors)
    build = preview_builder(key)
    try:
        document = (
            build(cleaned)
            if build is not None
            else generic_preview(spec, cleaned, issuer=Issuer(name=issuer_name))
        )
    except KeyError as missing:
        raise DomainError(
            f"Bản xem thử thiếu giá trị mẫu của trường trộn {missing}.", field="key"
        ) from None
    draft = replace(document, number="", issued_on=None, verification="", verification_url="")
    return render_pdf(draft)
