"""Issuing a document: check it, take its number, render it, store it, audit it.

The domain apps build an `OfficialDocument` from their data and call `issue_document`; nothing
is numbered until then, and nothing is numbered when the document lacks what it needs.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from thidua.core.audit import record_audit
from thidua.core.errors import PermissionDeniedError, ValidationFailedError
from thidua.core.models import AuditAction
from thidua.core.text import search_document
from thidua.documents.content import OfficialDocument
from thidua.documents.models import IssuedDocument, NumberSeries
from thidua.documents.numbering import (
    SERIES_PER_KIND,
    SeriesKey,
    format_number,
    is_valid_code,
    make_symbol,
    new_verification_code,
    next_number,
    normalise_kind_code,
    number_and_symbol,
    series_key,
)
from thidua.documents.selectors import ISSUE_DOCUMENT, can_at


@dataclass(frozen=True, slots=True)
class RenderedFiles:
    docx: bytes
    pdf: bytes


Renderer = Callable[[OfficialDocument], RenderedFiles]


def render_files(document: OfficialDocument) -> RenderedFiles:
    """The Word and PDF files of a document, by the Decree 30/2020 renderers."""
    from thidua.documents.render import render_docx, render_pdf

    return RenderedFiles(docx=render_docx(document), pdf=render_pdf(document))


def verification_url(code: str, request: object | None = None) -> str:
    """The public page a document's QR code opens: absolute with THIDUA_SITE_URL (the address
    the public reaches the site at), else absolute from the request, else a relative path."""
    path = reverse("documents:verify", args=[code])
    site = str(getattr(settings, "THIDUA_SITE_URL", "") or "").rstrip("/")
    if site:
        return f"{site}{path}"
    build = getattr(request, "build_absolute_uri", None)
    return str(build(path)) if callable(build) else path


def check_issuable(document: OfficialDocument, *, unit_path: str) -> dict[str, str]:
    """What the document lacks to be issued, {field: Vietnamese message}; empty when nothing.

    Checked before anything is numbered: a document refused here takes no number.
    """
    errors: dict[str, str] = {}
    issuer = document.issuer
    if not issuer.name.strip():
        errors["issuer.name"] = "Thiếu tên cơ quan ban hành văn bản."
    if not issuer.abbreviation.strip():
        errors["issuer.abbreviation"] = (
            "Thiếu tên viết tắt của cơ quan ban hành (phần cuối của ký hiệu, ví dụ “SYT” "
            "trong “15/QĐ-SYT”)."
        )
    elif not is_valid_code(issuer.abbreviation):
        errors["issuer.abbreviation"] = (
            "Tên viết tắt của cơ quan ban hành không được chứa dấu cách hoặc dấu “/”."
        )
    if not issuer.place.strip():
        errors["issuer.place"] = "Thiếu địa danh ghi trước ngày tháng (ví dụ “Hà Nội”)."
    if not document.kind_name.strip():
        errors["kind_name"] = "Thiếu tên loại văn bản (ví dụ “Quyết định”)."
    if not document.kind_code.strip():
        errors["kind_code"] = "Thiếu chữ viết tắt của loại văn bản (ví dụ “QĐ”)."
    elif not is_valid_code(document.kind_code):
        errors["kind_code"] = "Chữ viết tắt của loại văn bản không được chứa dấu cách hoặc “/”."
    if not document.summary.strip():
        errors["summary"] = "Thiếu trích yếu nội dung văn bản."
    certificate = document.certificate
    if certificate is None and not document.body:
        errors["body"] = "Văn bản chưa có nội dung."
    if certificate is not None:
        if not certificate.recipient.strip():
            errors["certificate.recipient"] = "Thiếu người (tập thể) được tặng, chứng nhận."
        if not certificate.title.strip():
            errors["certificate.title"] = "Thiếu tên hình thức, danh hiệu trên giấy chứng nhận."
        if not certificate.presenter.strip():
            errors["certificate.presenter"] = (
                "Thiếu chức vụ của người tặng (dòng chữ đỏ trên cùng)."
            )
    if not document.signer.name.strip():
        errors["signer.name"] = "Thiếu họ và tên người ký."
    if not any(title.strip() for title in document.signer.titles):
        errors["signer.titles"] = "Thiếu chức vụ của người ký."
    if document.number:
        errors["number"] = (
            f"Văn bản đã mang số {document.number}: mỗi văn bản chỉ được đánh số một lần."
        )
    if not unit_path.startswith("/"):
        errors["unit_path"] = "Thiếu đơn vị mà văn bản thuộc về."
    return errors


def _take_number(key: SeriesKey) -> int:
    """The next number of the series, its row locked until the transaction ends.

    `get_or_create` inserts the series row in a savepoint and, if another transaction inserted
    it first (IntegrityError), reads it again with the lock: two first documents of a year
    never both get number 1.
    """
    series, _ = NumberSeries.objects.select_for_update().get_or_create(
        issuer_code=key.issuer_code, kind_code=key.kind_code, year=key.year
    )
    number = next_number(series.last_number)
    NumberSeries.objects.filter(pk=series.pk).update(last_number=number)
    return number


def _unused_verification_code() -> str:
    while True:
        code = new_verification_code()
        if not IssuedDocument.objects.filter(verification_code=code).exists():
            return code


def issue_document(
    *,
    by: AbstractBaseUser,
    document: OfficialDocument,
    unit_path: str,
    source: str,
    render: Renderer | None = None,
    issued_on: date | None = None,
    job_id: int | None = None,
) -> IssuedDocument:
    """Issue a document: number it in its series (issuer, kind, year), date it, give it a
    verification code, render it as Word and PDF, store both with the PDF's SHA-256, register
    and audit it.

    `unit_path` is the unit whose data the document carries (who may read it in the register);
    `source` names what it was made from ("initiatives.decision:12"). The date is `issued_on`,
    else the document's own, else today.

    Refuses, before anything is numbered: a user without "documents.issue_document" at
    `unit_path`; a document lacking what it needs (ValidationFailedError naming every missing
    part in Vietnamese). Numbering, rendering and storing run in one transaction: when the
    rendering fails, the number is not used (no gaps) and no file is left behind.
    """
    errors = check_issuable(document, unit_path=unit_path)
    if errors:
        raise ValidationFailedError(errors)
    if not can_at(by, ISSUE_DOCUMENT, unit_path):
        raise PermissionDeniedError("Bạn không có quyền phát hành văn bản của đơn vị này.")
    render = render or render_files
    day = issued_on or document.issued_on or timezone.localdate()
    key = series_key(
        issuer_code=document.issuer.abbreviation,
        kind_code=document.kind_code,
        issued_on=day,
        mode=str(getattr(settings, "THIDUA_DOCUMENT_SERIES", SERIES_PER_KIND)),
    )
    kind_code = normalise_kind_code(document.kind_code)
    saved: list[IssuedDocument] = []
    try:
        with transaction.atomic():
            number = _take_number(key)
            code = _unused_verification_code()
            final = replace(
                document,
                number=format_number(number),
                issued_on=day,
                verification=code,
                verification_url=verification_url(code),
            )
            files = render(final)
            symbol = make_symbol(kind_code, key.issuer_code)
            item = IssuedDocument(
                issuer_code=key.issuer_code,
                issuer_name=document.issuer.name.strip(),
                kind_code=kind_code,
                kind_name=document.kind_name.strip(),
                year=key.year,
                number=number,
                symbol=symbol,
                summary=document.summary.strip(),
                signer_name=document.signer.name.strip(),
                issued_on=day,
                unit_path=unit_path,
                source=source,
                search=search_document(
                    number_and_symbol(number, symbol),
                    str(number),
                    document.kind_name,
                    document.summary,
                    document.issuer.name,
                    document.signer.name,
                ),
                pdf_sha256=hashlib.sha256(files.pdf).hexdigest(),
                verification_code=code,
                issued_by_id=by.pk,
                job_id=job_id,
            )
            saved.append(item)
            item.docx.save("van-ban.docx", ContentFile(files.docx), save=False)
            item.pdf.save("van-ban.pdf", ContentFile(files.pdf), save=False)
            item.save()
            record_audit(
                actor=by,
                action=AuditAction.CREATE,
                target=item,
                unit_path=unit_path,
                changes={
                    "number": [None, item.number_text],
                    "issued_on": [None, day.isoformat()],
                    "summary": [None, item.summary],
                    "pdf_sha256": [None, item.pdf_sha256],
                },
                reason="Phát hành văn bản",
            )
    except BaseException:
        for unsaved in saved:
            for stored in (unsaved.docx, unsaved.pdf):
                if stored.name:
                    stored.storage.delete(stored.name)
        raise
    return item
