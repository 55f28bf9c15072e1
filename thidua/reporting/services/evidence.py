"""Evidence (minh chứng) of a report: upload a file for an indicator, a criterion or the whole
report, and remove it while the report can still be edited.

Files are checked by their content, not only their name (`core.uploads.check_upload`, then a
look inside Office files), and stored content-addressed: one `EvidenceFile` per SHA-256, so the
same bytes uploaded again anywhere reuse the stored copy and the page can say where they were
uploaded first. Every upload and removal is audited.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from thidua.accounts.models import User
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError
from thidua.core.models import AuditAction
from thidua.core.uploads import (
    check_office_package,
    check_upload,
    not_what_it_says,
    sha256_of,
)
from thidua.movements.models import Criterion, Indicator
from thidua.reporting.models import Evidence, EvidenceFile, Report
from thidua.reporting.services.entry import check_editable, locked_report, require_enter

# Extension → the content type the file is served with.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".doc": "application/msword",
    ".xls": "application/vnd.ms-excel",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
ALLOWED_EXTENSIONS = frozenset(CONTENT_TYPES)
# Word 97–2003 and Excel 97–2003 files are OLE2 compound documents.
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# What an Office Open XML package of each kind must hold.
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_NAME = 255
MAX_NOTE = 500


def max_bytes() -> int:
    """The size limit of one evidence file: THIDUA_EVIDENCE_MAX_BYTES, else 20 MB (never above
    the product's upload limit)."""
    limit = int(getattr(settings, "THIDUA_EVIDENCE_MAX_BYTES", DEFAULT_MAX_BYTES))
    return min(limit, int(settings.THIDUA_UPLOAD_MAX_BYTES))


def check_evidence_file(upload: UploadedFile[bytes]) -> str:
    """Refuse (DomainError on `file`) a file of a type not accepted, too large, empty, or whose
    content is not what its extension says; the lower-case extension otherwise.

    Beyond the signature `check_upload` reads: a .doc/.xls must be an OLE2 compound document;
    a .docx/.xlsx must be a ZIP package holding "[Content_Types].xml" and its Word or Excel
    part (a ZIP renamed .docx is refused)."""
    check_upload(upload, allowed_extensions=ALLOWED_EXTENSIONS, max_bytes=max_bytes())
    extension = PurePath(upload.name or "").suffix.lower()
    upload.seek(0)
    if extension in {".doc", ".xls"}:
        head = upload.read(8)
        upload.seek(0)
        if head != _OLE2:
            raise not_what_it_says(extension)
    else:
        check_office_package(upload, extension)
    return extension


@dataclass(frozen=True)
class UploadedEvidence:
    """The evidence attached; `reused` when its bytes were already stored (by anyone)."""

    evidence: Evidence
    reused: bool


def _target_of(
    report: Report, indicator: Indicator | None, criterion: Criterion | None
) -> tuple[Indicator | None, Criterion | None]:
    if indicator is not None and criterion is not None:
        raise DomainError("Chọn một chỉ tiêu hoặc một tiêu chí, không chọn cả hai.", field="target")
    for item in (indicator, criterion):
        if item is not None and item.movement_id != report.movement_id:
            raise DomainError(
                "Chỉ tiêu, tiêu chí không thuộc phong trào của báo cáo.", field="target"
            )
    return indicator, criterion


def _describe(report: Report) -> str:
    return f"Báo cáo {report.period.name} của {report.unit.name}"


def _stored_blob(
    upload: UploadedFile[bytes], sha256: str, extension: str, by: User
) -> tuple[EvidenceFile, bool]:
    """The blob of these bytes: the stored one, or a new one (its file named by its hash).

    The file is written before the row commits: a rolled-back upload leaves a file no row points
    at, never served (downloads go through the rows) and harmless."""
    existing = EvidenceFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing, True
    blob = EvidenceFile(
        sha256=sha256,
        size=upload.size or 0,
        content_type=CONTENT_TYPES[extension],
        original_name=PurePath(upload.name or "").name[:MAX_NAME],
        uploaded_by=by,
    )
    blob.file.save(f"{sha256}{extension}", upload, save=False)
    try:
        with transaction.atomic():
            blob.save()
    except IntegrityError:  # the same bytes stored at the same moment by someone else
        blob.file.delete(save=False)
        return EvidenceFile.objects.get(sha256=sha256), True
    return blob, False


@transaction.atomic
def upload_evidence(
    *,
    report: Report,
    upload: UploadedFile[bytes],
    by: User,
    indicator: Indicator | None = None,
    criterion: Criterion | None = None,
    name: str = "",
    note: str = "",
) -> UploadedEvidence:
    """Attach a file to the report, for an indicator, a criterion or (neither) the whole report.

    Refuses: no ENTER_REPORT at the report's unit; a submitted or approved report, or the entry
    window closed; a target of another movement; a file refused by `check_evidence_file`; the
    same file already attached to the same target of this report.
    """
    report = locked_report(report)
    require_enter(by, report.unit)
    check_editable(report)
    indicator, criterion = _target_of(report, indicator, criterion)
    extension = check_evidence_file(upload)
    digest = sha256_of(upload)
    title = (name.strip() or PurePath(upload.name or "").stem)[:MAX_NAME]
    note = note.strip()
    if len(note) > MAX_NOTE:
        raise DomainError(f"Ghi chú dài quá {MAX_NOTE} ký tự.", field="note")
    if Evidence.objects.filter(
        report=report, blob__sha256=digest, indicator=indicator, criterion=criterion
    ).exists():
        raise DomainError(
            "Tệp này đã được đính kèm làm minh chứng cho mục này của báo cáo.", field="file"
        )
    blob, reused = _stored_blob(upload, digest, extension, by)
    evidence = Evidence.objects.create(
        report=report,
        indicator=indicator,
        criterion=criterion,
        blob=blob,
        name=title,
        note=note,
        uploaded_by=by,
    )
    target = indicator.code if indicator else (criterion.code if criterion else "báo cáo")
    record_audit(
        actor=by,
        action=AuditAction.UPLOAD,
        target=report,
        target_repr=_describe(report),
        unit_path=report.unit.path,
        changes={
            "minh_chung": [None, title],
            "muc": [None, target],
            "tep": [None, PurePath(upload.name or "").name],
            "sha256": [None, digest],
            "da_co_truoc": [None, reused],
        },
    )
    return UploadedEvidence(evidence=evidence, reused=reused)


@transaction.atomic
def remove_evidence(*, evidence: Evidence, by: User) -> None:
    """Detach an evidence from its report while the report can be edited. The stored file is
    deleted (after the commit) when no other evidence uses it.

    Refuses: no ENTER_REPORT at the report's unit; a submitted or approved report; the entry
    window closed."""
    report = locked_report(evidence.report)
    require_enter(by, report.unit)
    check_editable(report)
    evidence = Evidence.objects.select_related("blob", "indicator", "criterion").get(
        pk=evidence.pk, report=report
    )
    blob = evidence.blob
    target = (
        evidence.indicator.code
        if evidence.indicator
        else (evidence.criterion.code if evidence.criterion else "báo cáo")
    )
    evidence.delete()
    if not Evidence.objects.filter(blob=blob).exists():
        stored_name = blob.file.name or ""
        storage = blob.file.storage
        blob.delete()
        transaction.on_commit(lambda: storage.delete(stored_name))
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target=report,
        target_repr=_describe(report),
        unit_path=report.unit.path,
        changes={
            "minh_chung": [evidence.name, None],
            "muc": [target, None],
            "sha256": [blob.sha256, None],
        },
    )
