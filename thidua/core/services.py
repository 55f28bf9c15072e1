import datetime as dt
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from thidua.core.audit import record_audit
from thidua.core.models import AuditAction, AuditEntry, SystemFlag, WorkerHeartbeat
from thidua.core.selectors import AuditFilter, audit_entries_visible_to, audit_rows
from thidua.core.spreadsheets import Column, build_workbook


def record_worker_heartbeat(*, name: str = "default") -> dt.datetime:
    """Note that the worker ran a task now."""
    now = timezone.now()
    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"last_seen": now})
    return now


def set_system_flag(*, key: str, value: str) -> None:
    SystemFlag.objects.update_or_create(
        key=key, defaults={"value": value, "set_at": timezone.now()}
    )


def refresh_query_planner_statistics() -> None:
    """Let the database planner see the current shape of the data after bulk changes.

    SQLite never gathers statistics on its own: without ANALYZE it guesses, and at 40.000
    people it may walk a whole index where a range on the unit path finds a hospital's staff
    at once. PostgreSQL's autovacuum analyses tables itself, so nothing is done there.
    """
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


AUDIT_EXPORT_LIMIT = 100_000
EXPORT_CHUNK = 2000

AUDIT_EXPORT_COLUMNS = [
    Column("Thời điểm", 20),
    Column("Người thực hiện", 24),
    Column("Thao tác", 20),
    Column("Loại đối tượng", 24),
    Column("Mã đối tượng", 12),
    Column("Đối tượng", 36),
    Column("Thay đổi", 70),
    Column("Lý do", 30),
    Column("Địa chỉ IP", 16),
]


def _export_rows(entries: QuerySet[AuditEntry]) -> Iterator[list[object]]:
    batch: list[AuditEntry] = []
    for entry in entries.iterator(chunk_size=EXPORT_CHUNK):
        batch.append(entry)
        if len(batch) == EXPORT_CHUNK:
            yield from _export_batch(batch)
            batch = []
    yield from _export_batch(batch)


def _export_batch(batch: list[AuditEntry]) -> Iterator[list[object]]:
    for row in audit_rows(batch):
        entry = row.entry
        yield [
            timezone.localtime(entry.at).strftime("%d/%m/%Y %H:%M:%S"),
            entry.actor_name,
            entry.get_action_display(),
            row.target_label,
            entry.target_id,
            entry.target_repr,
            row.changes_text,
            entry.reason,
            entry.ip_address or "",
        ]


def export_audit_trail(*, by: Any, filters: AuditFilter) -> bytes:
    """The audit entries the user may read (same scope and filters as the list) as an .xlsx,
    at most AUDIT_EXPORT_LIMIT rows; the export itself is audited with its filters and size."""
    entries = audit_entries_visible_to(by, filters)[:AUDIT_EXPORT_LIMIT]
    count = 0

    def counted(rows: Iterator[list[object]]) -> Iterator[list[object]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    content = build_workbook(
        title="Nhật ký thao tác", columns=AUDIT_EXPORT_COLUMNS, rows=counted(_export_rows(entries))
    )
    summary = ", ".join(
        f"{name}={value}" for name, value in vars(filters).items() if value not in ("", None)
    )
    record_audit(
        actor=by,
        action=AuditAction.EXPORT,
        target_type="core.auditentry",
        target_repr=f"Nhật ký thao tác: {count} dòng",
        changes={"filters": [None, summary or "(không lọc)"], "rows": [None, count]},
    )
    return content
