"""What the issuing, register and verification tests share: a small decision, a stand-in
renderer (the tests check numbering and storage, not the layout), and a PDF-text reader."""

import json
from dataclasses import replace
from datetime import date
from typing import Any

from django.db.models.fields.files import FieldFile

from thidua.documents.content import (
    Authority,
    Issuer,
    OfficialDocument,
    Paragraph,
    Signer,
)
from thidua.documents.models import IssuedDocument
from thidua.documents.services.issuing import RenderedFiles, issue_document

BODY_SECRET = "Điều 1. Công nhận sáng kiến “Bí mật nội dung” của bà Trần Thị Mai."

DEPARTMENT = Issuer(
    name="Sở Y tế",
    superior="Ủy ban nhân dân thành phố Hà Nội",
    abbreviation="SYT",
    place="Hà Nội",
)


def decision(
    summary: str = "Về việc công nhận sáng kiến năm 2026", **changes: object
) -> OfficialDocument:
    document = OfficialDocument(
        issuer=DEPARTMENT,
        kind_name="Quyết định",
        kind_code="QĐ",
        summary=summary,
        body=(Paragraph(BODY_SECRET),),
        signer=Signer(
            authority=Authority.DEPUTY,
            titles=("Giám đốc", "Phó Giám đốc"),
            name="Nguyễn Văn An",
        ),
        recipients=("Như Điều 3;",),
    )
    return replace(document, **changes)  # type: ignore[arg-type]


def fake_render(document: OfficialDocument) -> RenderedFiles:
    """Files that say what the renderer was given (JSON), so tests can read it back."""
    seen = {
        "number_line": document.number_line,
        "issued_on": document.issued_on.isoformat() if document.issued_on else "",
        "verification": document.verification,
        "verification_url": document.verification_url,
        "summary": document.summary,
    }
    payload = json.dumps(seen, ensure_ascii=False).encode()
    return RenderedFiles(docx=b"DOCX" + payload, pdf=b"%PDF-1.7\n" + payload)


def rendered(data: bytes) -> dict[str, str]:
    start = data.index(b"{")
    result: dict[str, str] = json.loads(data[start:].decode())
    return result


def failing_render(document: OfficialDocument) -> RenderedFiles:
    raise RuntimeError("renderer broke")


ON = date(2026, 3, 5)


def read(stored: FieldFile) -> bytes:
    with stored.open("rb") as handle:
        data: bytes = handle.read()
    return data


def issue(by: Any, unit_path: str, **changes: Any) -> IssuedDocument:
    """Issue a decision (with the stand-in renderer) for the unit at `unit_path`."""
    issued_on = changes.pop("issued_on", ON)
    return issue_document(
        by=by,
        document=decision(**changes),
        unit_path=unit_path,
        source="tests:1",
        render=fake_render,
        issued_on=issued_on,
    )
