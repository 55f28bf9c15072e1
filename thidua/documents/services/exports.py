"""The register as Excel (formula-injection safe through thidua.core.spreadsheets)."""

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from thidua.core.audit import record_audit
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.documents.models import IssuedDocument

REGISTER_COLUMNS = (
    Column("Số, ký hiệu", 16),
    Column("Ngày ban hành", 14),
    Column("Loại văn bản", 16),
    Column("Trích yếu", 60),
    Column("Cơ quan ban hành", 28),
    Column("Người ký", 24),
    Column("Mã xác thực", 14),
)


def _rows(documents: Iterable[IssuedDocument]) -> Iterator[Sequence[Any]]:
    for item in documents:
        yield (
            item.number_text,
            item.issued_on.strftime("%d/%m/%Y"),
            item.kind_name,
            item.summary,
            item.issuer_name,
            item.signer_name,
            item.verification_code,
        )


def export_register(*, by: Any, rows: Iterable[IssuedDocument]) -> bytes:
    """An .xlsx of the given register rows (already scoped and filtered by the caller); the
    export is audited."""
    content = build_workbook(title="Sổ văn bản", columns=REGISTER_COLUMNS, rows=_rows(rows))
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type="documents.issueddocument",
        target_repr="Sổ văn bản đã phát hành",
    )
    return content
