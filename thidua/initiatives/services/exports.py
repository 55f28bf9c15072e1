"""Excel exports of the initiative lists: the rows the page lists (same scope, filters and
order), built by `core.spreadsheets.build_workbook` (formula-injection safe, streamed) and
audited as an EXPORT entry.

Three lists, three scopes: the user's scoped list, their own initiatives, and the recognised
list (every unit; no internal review data — no status other than recognised, no screening).
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from django.utils import timezone

from thidua.accounts.models import User
from thidua.core.audit import record_audit
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.initiatives.authorship import format_percent
from thidua.initiatives.models import Initiative
from thidua.initiatives.selectors.initiatives import (
    InitiativeFilter,
    search_initiatives,
    search_own_initiatives,
    search_recognised,
)


class ExportList(StrEnum):
    SCOPED = "scoped"
    OWN = "own"
    RECOGNISED = "recognised"


TITLES = {
    ExportList.SCOPED: "Danh sách sáng kiến",
    ExportList.OWN: "Sáng kiến của tôi",
    ExportList.RECOGNISED: "Sáng kiến được công nhận",
}

COLUMNS = [
    Column("STT", 6),
    Column("Mã sáng kiến", 16),
    Column("Tên sáng kiến", 50),
    Column("Tác giả, đồng tác giả (tỷ lệ đóng góp)", 45),
    Column("Đơn vị", 30),
    Column("Lĩnh vực", 28),
    Column("Loại giải pháp", 24),
    Column("Năm xét", 9),
    Column("Trạng thái", 22),
    Column("Ngày nộp", 12),
    Column("Áp dụng từ ngày", 14),
    Column("Giá trị làm lợi (đồng/năm)", 18),
    Column("Cấp công nhận", 16),
    Column("Số quyết định", 18),
    Column("Ngày quyết định", 14),
]


@dataclass(frozen=True)
class InitiativesExport:
    content: bytes
    row_count: int
    filename: str


def _date(value: dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y")


def _amount(value: Decimal | None) -> int | str:
    return "" if value is None else int(value)


def _authors(initiative: Initiative) -> str:
    parts = []
    for author in initiative.authors.all():
        name = author.display_name
        if author.is_external:
            name += f" (ngoài hệ thống, {author.external_workplace})"
        parts.append(f"{name}: {format_percent(author.share)}")
    return "; ".join(parts)


def _row(number: int, initiative: Initiative) -> list[object]:
    return [
        number,
        initiative.code,
        initiative.title,
        _authors(initiative),
        initiative.unit.name,
        initiative.area.name if initiative.area is not None else "",
        initiative.get_kind_display(),
        initiative.year,
        initiative.get_status_display(),
        _date(initiative.submitted_at),
        _date(initiative.applied_since),
        _amount(initiative.effect_amount),
        initiative.get_level_display() if initiative.level else "",
        initiative.decision_number,
        _date(initiative.decision_date),
    ]


def export_initiatives(
    *, by: User, filters: InitiativeFilter, which: ExportList, summary: str
) -> InitiativesExport:
    """The list `which` as .xlsx, with the page's filters and order (rows streamed from the
    database in chunks), audited with `summary` and the row count."""
    if which == ExportList.RECOGNISED:
        initiatives = search_recognised(filters)
    elif which == ExportList.OWN:
        initiatives = search_own_initiatives(by, filters)
    else:
        initiatives = search_initiatives(by, filters)
    count = 0

    def rows() -> Iterator[list[object]]:
        nonlocal count
        for initiative in initiatives.iterator(chunk_size=1000):
            count += 1
            yield _row(count, initiative)

    title = TITLES[which]
    content = build_workbook(title=title, columns=COLUMNS, rows=rows())
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type="initiatives.initiative",
        target_repr=title,
        unit_path=filters.unit.path if filters.unit is not None else "",
        changes={"filters": [None, summary], "rows": [None, count]},
    )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return InitiativesExport(
        content=content, row_count=count, filename=f"sang-kien-{which.value}-{stamp}.xlsx"
    )
