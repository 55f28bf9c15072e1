"""Attachments of an initiative (minh chứng hiệu quả, hình ảnh, bảng tính): upload and remove
while the initiative can be edited.

Files are checked by their content, not only their name (`core.uploads.check_upload`, then a
look inside Office files), and stored content-addressed: one `AttachmentFile` per SHA-256, so
the same bytes uploaded again reuse the stored copy — and a file already attached to *another*
initiative is recognised and flagged ("Tệp này đã được dùng trong sáng kiến SK-…"), for the
author on upload and for screeners, reviewers and the council on the initiative's page.
"""

from dataclasses import dataclass, field
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from thidua.accounts.models import User
from thidua.core.audit import record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.uploads import check_office_package, check_upload, sha256_of
from thidua.initiatives.models import Attachment, AttachmentFile, Initiative
from thidua.initiatives.selectors.access import MSG_NOT_YOURS, edit_refusal

# Extension → the content type the file is served with.
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
ALLOWED_EXTENSIONS = frozenset(CONTENT_TYPES)
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_ATTACHMENTS = 30
MAX_NAME = 255
MAX_DESCRIPTION = 255


def max_bytes() -> int:
    """The size limit of one attachment: THIDUA_INITIATIVE_ATTACHMENT_MAX_BYTES, else 20 MB
    (never above the product's upload limit)."""
    limit = int(getattr(settings, "THIDUA_INITIATIVE_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES))
    return min(limit, int(settings.THIDUA_UPLOAD_MAX_BYTES))


def check_attachment_file(upload: UploadedFile[bytes]) -> str:
    """Refuse (DomainError on `file`) a file that is not a PDF, DOCX, XLSX, PNG or JPG, too
    large, empty, or whose content is not what its extension says (a ZIP renamed .docx is
    refused); the lower-case extension otherwise."""
    check_upload(upload, allowed_extensions=ALLOWED_EXTENSIONS, max_bytes=max_bytes())
    extension = PurePath(upload.name or "").suffix.lower()
    check_office_package(upload, extension)
    return extension


def reuse_notice(codes: list[str]) -> str:
    """What the author, screeners and council read about a file already used elsewhere."""
    return "Tệp này đã được dùng trong sáng kiến " + ", ".join(codes) + "."


@dataclass(frozen=True)
class UploadedAttachment:
    """The attachment written; `also_in` the codes of other initiatives carrying the same file."""

    attachment: Attachment
    also_in: list[str] = field(default_factory=list)

    @property
    def notice(self) -> str:
        return reuse_notice(self.also_in) if self.also_in else ""


def _stored_blob(upload: UploadedFile[bytes], sha256: str, extension: str) -> AttachmentFile:
    """The blob of these bytes: the stored one, or a new one (its file named by its hash).

    The file is written before the row commits: a rolled-back upload leaves a file no row
    points at, never served (downloads go through the rows) and harmless."""
    existing = AttachmentFile.objects.filter(sha256=sha256).first()
    if existing is not None:
        return existing
    blob = AttachmentFile(
        sha256=sha256, size=upload.size or 0, content_type=CONTENT_TYPES[extension]
    )
    blob.file.save(f"{sha256}{extension}", upload, save=False)
    try:
        with transaction.atomic():
            blob.save()
    except IntegrityError:  # the same bytes stored at the same moment by someone else
        blob.file.delete(save=False)
        return AttachmentFile.objects.get(sha256=sha256)
    return blob


def _refuse(by: User, initiative: Initiative) -> None:
    refusal = edit_refusal(by, initiative)
    if refusal == MSG_NOT_YOURS:
        raise PermissionDeniedError(refusal)
    if refusal is not None:
        raise DomainError(refusal)


@transaction.atomic
def upload_attachment(
    *, initiative: Initiative, upload: UploadedFile[bytes], by: User, description: str = ""
) -> UploadedAttachment:
    """Attach a file to a draft or returned initiative.

    Refuses: someone who may not edit it, or a status other than draft/returned; a file
    refused by `check_attachment_file`; the same file twice on this initiative; more than
    MAX_ATTACHMENTS files; a description over 255 characters."""
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=initiative.pk)
    )
    _refuse(by, initiative)
    description = description.strip()
    if len(description) > MAX_DESCRIPTION:
        raise DomainError(f"Mô tả không được dài quá {MAX_DESCRIPTION} ký tự.", field="description")
    extension = check_attachment_file(upload)
    digest = sha256_of(upload)
    if Attachment.objects.filter(initiative=initiative).count() >= MAX_ATTACHMENTS:
        raise DomainError(f"Mỗi sáng kiến có tối đa {MAX_ATTACHMENTS} tệp đính kèm.", field="file")
    if Attachment.objects.filter(initiative=initiative, blob__sha256=digest).exists():
        raise DomainError("Tệp này đã được đính kèm vào sáng kiến.", field="file")
    blob = _stored_blob(upload, digest, extension)
    name = PurePath(upload.name or "").name[:MAX_NAME]
    attachment = Attachment.objects.create(
        initiative=initiative,
        blob=blob,
        original_name=name,
        description=description,
        uploaded_by=by,
    )
    also_in = list(
        Attachment.objects.filter(blob=blob)
        .exclude(initiative=initiative)
        .order_by("initiative__code")
        .values_list("initiative__code", flat=True)
        .distinct()
    )
    record_audit(
        actor=by,
        action=AuditAction.UPLOAD,
        target=initiative,
        unit_path=initiative.unit.path,
        changes={
            "tep": [None, name],
            "sha256": [None, digest],
            "da_dung_o": [None, also_in],
        },
    )
    return UploadedAttachment(attachment=attachment, also_in=also_in)


@transaction.atomic
def remove_attachment(*, attachment: Attachment, by: User) -> None:
    """Detach a file from a draft or returned initiative. The stored file is deleted (after
    the commit) when no other initiative uses it. Same refusals as `upload_attachment`."""
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("unit")
        .get(pk=attachment.initiative_id)
    )
    _refuse(by, initiative)
    attachment = Attachment.objects.select_related("blob").get(
        pk=attachment.pk, initiative=initiative
    )
    blob = attachment.blob
    attachment.delete()
    if not Attachment.objects.filter(blob=blob).exists():
        stored_name = blob.file.name or ""
        storage = blob.file.storage
        blob.delete()
        transaction.on_commit(lambda: storage.delete(stored_name))
    record_audit(
        actor=by,
        action=AuditAction.DELETE,
        target=initiative,
        unit_path=initiative.unit.path,
        changes={"tep": [attachment.original_name, None], "sha256": [blob.sha256, None]},
    )
