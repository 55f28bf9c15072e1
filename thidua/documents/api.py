"""API v1 of the documents app: the register (scoped like the page), a document, its files,
and the public verification of a code (no authentication)."""

import datetime as dt

from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from thidua.documents.models import IssuedDocument
from thidua.documents.selectors import (
    RegisterFilter,
    document_for,
    search_register,
    verified_document,
)
from thidua.documents.services.batches import download_name

router = Router(tags=["Văn bản"])

_CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class DocumentOut(Schema):
    id: int
    number: int
    symbol: str
    number_text: str = Field(description="Số, ký hiệu: “05/QĐ-SYT”")
    kind_code: str
    kind_name: str
    issuer_code: str
    issuer_name: str
    summary: str
    signer_name: str
    issued_on: dt.date
    unit_path: str
    source: str
    pdf_sha256: str
    verification_code: str


class VerificationOut(Schema):
    """What the public verification page shows: never the body or the files."""

    number_text: str
    kind_name: str
    issuer_name: str
    summary: str
    issued_on: dt.date
    pdf_sha256: str
    verification_code: str
    authentic: bool = True


class RegisterQuery(Schema):
    q: str = Field("", max_length=100, description="Số, ký hiệu, trích yếu… (không cần dấu)")
    kind: str = Field("", max_length=16, description="Mã loại văn bản, ví dụ “QĐ”")
    year: int | None = Field(None, ge=1900, le=2999)


@router.get("/documents", response=list[DocumentOut], summary="Sổ văn bản đã phát hành")
@paginate(LimitOffsetPagination)
def list_documents(request: HttpRequest, filters: Query[RegisterQuery]) -> list[IssuedDocument]:
    """The issued documents of the units where the caller holds documents.view_document,
    newest first; search and filters as on the page."""
    rows = search_register(
        request.user,
        RegisterFilter(query=filters.q, kind_code=filters.kind, year=filters.year),
    )
    return rows  # type: ignore[return-value]


def _document(request: HttpRequest, document_id: int) -> IssuedDocument:
    item = document_for(request.user, document_id)
    if item is None:
        raise Http404
    return item


@router.get("/documents/verify/{code}", response=VerificationOut, auth=None, summary="Xác thực")
def verify_document(request: HttpRequest, code: str) -> IssuedDocument:
    """Public, without authentication: the document a verification code belongs to (404 when
    no document has it)."""
    item = verified_document(code)
    if item is None:
        raise Http404
    return item


@router.get("/documents/{document_id}", response=DocumentOut, summary="Một văn bản")
def get_document(request: HttpRequest, document_id: int) -> IssuedDocument:
    return _document(request, document_id)


@router.get("/documents/{document_id}/{kind}", summary="Tệp Word hoặc PDF của văn bản")
def download_document(request: HttpRequest, document_id: int, kind: str) -> FileResponse:
    """`kind` is `pdf` or `docx`; 404 outside the caller's scope."""
    item = _document(request, document_id)
    if kind not in _CONTENT_TYPES:
        raise Http404
    stored = item.pdf if kind == "pdf" else item.docx
    try:
        handle = stored.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    return FileResponse(
        handle,
        as_attachment=True,
        filename=f"{download_name(item)}.{kind}",
        content_type=_CONTENT_TYPES[kind],
    )
