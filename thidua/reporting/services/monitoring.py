"""The completeness and timeliness of a period as Excel: the page's rows (same scope, same
filters, same order), audited as an export."""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.audit import record_audit
from thidua.core.errors import PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.movements.models import Period
from thidua.organizations.scoping import grants_for
from thidua.organizations.services.clusters import common_ancestor_path
from thidua.reporting.selectors.monitoring import (
    STATE_LABELS,
    TIMELINESS_LABELS,
    CompletenessFilter,
    completeness,
)

COLUMNS = [
    Column("STT", 6),
    Column("Mã đơn vị", 16),
    Column("Tên đơn vị", 40),
    Column("Cụm, khối thi đua", 28),
    Column("Trạng thái", 16),
    Column("Chờ duyệt ở cấp", 16),
    Column("Nộp lần đầu lúc", 17),
    Column("Đúng hạn / muộn", 16),
    Column("Số ngày quá hạn", 10),
    Column("Duyệt xong lúc", 17),
    Column("Được gia hạn đến", 14),
]


# Characters Excel refuses in a sheet's name ("Quý 1/2026" → "Quý 1-2026").
_SHEET_UNSAFE = re.compile(r"[\\/?*\[\]:]")


def _when(value: dt.date | dt.datetime | None) -> str:
    """dd/mm/yyyy (with hh:mm in local time for a moment), as the pages show it."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")
    return value.strftime("%d/%m/%Y")


def _filters_text(filters: CompletenessFilter) -> str:
    parts = [
        f"trạng thái: {STATE_LABELS[filters.state]}" if filters.state in STATE_LABELS else "",
        f"thời hạn: {TIMELINESS_LABELS[filters.timeliness]}"
        if filters.timeliness in TIMELINESS_LABELS
        else "",
        f"cụm, khối: {filters.cluster_id}" if filters.cluster_id else "",
        "gồm khoa, phòng" if filters.include_sub_units else "",
        f"tìm: {filters.query}" if filters.query else "",
    ]
    return ", ".join(part for part in parts if part) or "không lọc"


@transaction.atomic
def export_completeness(*, by: User, period: Period, filters: CompletenessFilter) -> bytes:
    """The completeness page's rows as an .xlsx, audited as an EXPORT entry naming the filters
    and the number of rows. Refuses a caller without VIEW_REPORT."""
    if not has_anywhere(grants_for(by), Perm.VIEW_REPORT):
        raise PermissionDeniedError("Bạn không có quyền xem tiến độ báo cáo.")
    result = completeness(by, period, filters)
    rows = []
    for number, row in enumerate(result.rows, start=1):
        report = row.report
        rows.append(
            [
                number,
                row.unit.code,
                row.unit.name,
                row.cluster.name if row.cluster else "",
                row.state_label,
                row.pending_level_name,
                _when(row.first_submitted_at),
                row.timeliness_label,
                row.overdue_days or "",
                _when(report.approved_at if report else None),
                _when(row.exception.until if row.exception else None),
            ]
        )
    content = build_workbook(
        title=_SHEET_UNSAFE.sub("-", f"Tiến độ {period.name}"),
        columns=COLUMNS,
        rows=rows,
        instructions=[
            f"Tiến độ báo cáo {period.name} — {period.movement.name}",
            *[f"{label}: {line}" for label, line in result.dates.lines],
            f"Xuất lúc {_when(timezone.now())}; bộ lọc: {_filters_text(filters)}.",
        ],
    )
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target=period,
        target_repr=f"Tiến độ báo cáo {period.name} — {period.movement.name}",
        unit_path=common_ancestor_path(row.unit.path for row in result.rows)
        or period.movement.owner.path,
        changes={"filters": [None, _filters_text(filters)], "rows": [None, len(rows)]},
    )
    return content
