"""The approval queue ("Báo cáo chờ duyệt") as Excel: the page's reports with the same filters,
scope and order, every page, audited as an export."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from thidua.accounts.models import User
from thidua.accounts.roles import Perm, has_anywhere
from thidua.core.audit import record_audit
from thidua.core.errors import PermissionDeniedError
from thidua.core.models import AuditAction
from thidua.core.spreadsheets import Column, build_workbook
from thidua.movements.models import Movement, Period
from thidua.organizations.scoping import grants_for
from thidua.organizations.services.clusters import common_ancestor_path
from thidua.reporting.enums import ReportStatus
from thidua.reporting.selectors.workflow import QUEUE_STATUSES, approval_queue

QUEUE_COLUMNS = (
    Column("STT", 6),
    Column("Mã đơn vị", 16),
    Column("Tên đơn vị", 40),
    Column("Mã phong trào", 14),
    Column("Phong trào", 36),
    Column("Kỳ báo cáo", 20),
    Column("Trạng thái", 16),
    Column("Chờ duyệt ở cấp", 16),
    Column("Nộp muộn", 10),
    Column("Đã sửa sau khi duyệt", 12),
    Column("Nộp lúc", 17),
    Column("Người nộp", 26),
)
_STATUS_LABELS = dict(ReportStatus.choices)
_QUEUE_LABELS = dict(QUEUE_STATUSES)


@dataclass(frozen=True)
class QueueFilters:
    """The queue page's filters (see `approval_queue`)."""

    movement: Movement | None = None
    period: Period | None = None
    status: str = ""
    query: str = ""


def describe_queue_filters(filters: QueueFilters) -> str:
    """The audit summary of a queue export: the page's filters in words."""
    parts = [f"trạng thái: {_QUEUE_LABELS.get(filters.status, _QUEUE_LABELS[''])}"]
    if filters.movement is not None:
        parts.append(f"phong trào: {filters.movement.name}")
    if filters.period is not None:
        parts.append(f"kỳ: {filters.period.name}")
    if filters.query:
        parts.append(f"tìm: {filters.query}")
    return ", ".join(parts)


def _moment(value: dt.datetime | None) -> str:
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M") if value is not None else ""


@transaction.atomic
def export_approval_queue(*, by: User, filters: QueueFilters) -> tuple[bytes, int]:
    """The queue's reports (by default those awaiting a level the caller approves; with a
    status, that status in their VIEW_REPORT scope), every page, as an .xlsx; returns the
    content and the row count. Audited as an EXPORT entry at the units' common ancestor.

    Streamed (`iterator`): the query count does not grow with the number of reports. Refuses a
    caller without VIEW_REPORT anywhere.
    """
    if not has_anywhere(grants_for(by), Perm.VIEW_REPORT):
        raise PermissionDeniedError("Bạn không có quyền xem báo cáo.")
    reports = approval_queue(
        by,
        filters.movement,
        filters.period,
        status=filters.status,
        query=filters.query,
    )
    count = 0
    common_path: str | None = None

    def rows() -> Iterator[list[object]]:
        nonlocal count, common_path
        for report in reports.iterator(chunk_size=2000):
            count += 1
            path = report.unit.path
            common_path = path if common_path is None else common_ancestor_path([common_path, path])
            pending = report.pending_level
            submitted_by = report.submitted_by
            yield [
                count,
                report.unit.code,
                report.unit.name,
                report.movement.code,
                report.movement.name,
                report.period.name,
                _STATUS_LABELS.get(report.status, report.status),
                pending.name
                if pending is not None and report.status == ReportStatus.SUBMITTED
                else "",
                "Có" if report.is_late else "",
                "Có" if report.changed_since_approval else "",
                _moment(report.submitted_at),
                submitted_by.display_name if submitted_by is not None else "",
            ]

    content = build_workbook(title="Báo cáo chờ duyệt", columns=QUEUE_COLUMNS, rows=rows())
    fallback = filters.movement.owner.path if filters.movement is not None else ""
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type="reporting.report",
        target_repr="Danh sách báo cáo chờ duyệt",
        unit_path=common_path or fallback,
        changes={"filters": [None, describe_queue_filters(filters)], "rows": [None, count]},
    )
    return content, count
