import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from thidua.core.models import AuditEntry, SystemFlag, WorkerHeartbeat
from thidua.core.scope import reaches_root, scoped
from thidua.core.services import DEMO_DATA_FLAG

# The named permission as a string: core does not import the roles vocabulary of accounts.
VIEW_AUDIT = "core.view_audit"


@dataclass(frozen=True)
class Health:
    database_ok: bool
    database_vendor: str
    worker_ok: bool
    worker_last_seen: dt.datetime | None
    tasks_queued: int
    oldest_queued_seconds: int | None

    @property
    def status(self) -> str:
        if not self.database_ok:
            return "error"
        return "ok" if self.worker_ok else "degraded"


def system_health() -> Health:
    """Database reachable? Worker ran a heartbeat recently? How long has the queue waited?"""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return Health(False, connection.vendor, False, None, 0, None)
    now = timezone.now()
    beat = WorkerHeartbeat.objects.filter(name="default").first()
    last_seen = beat.last_seen if beat else None
    worker_ok = last_seen is not None and now - last_seen <= settings.THIDUA_WORKER_STALE_AFTER
    queued = DBTaskResult.objects.filter(status="READY")
    oldest = queued.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return Health(
        database_ok=True,
        database_vendor=connection.vendor,
        worker_ok=worker_ok,
        worker_last_seen=last_seen,
        tasks_queued=queued.count(),
        oldest_queued_seconds=int((now - oldest).total_seconds()) if oldest else None,
    )


def holds_demo_data() -> bool:
    return SystemFlag.objects.filter(key=DEMO_DATA_FLAG).exists()


@dataclass(frozen=True)
class AuditFilter:
    query: str = ""
    action: str = ""
    target_type: str = ""
    actor_id: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_entries_visible_to(user: Any, filters: AuditFilter | None = None) -> QuerySet[AuditEntry]:
    """Audit entries in the user's scope (VIEW_AUDIT), newest first, filtered.

    Entries placed at no unit (e.g. about a system account) are shown only to users whose audit
    scope reaches the root of the tree.
    """
    filters = filters or AuditFilter()
    condition = scoped(user, VIEW_AUDIT, "unit_path")
    if reaches_root(user, VIEW_AUDIT):
        condition |= Q(unit_path="")
    entries = AuditEntry.objects.filter(condition).select_related("actor")
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
    if filters.actor_id:
        entries = entries.filter(actor_id=filters.actor_id)
    if filters.query:
        entries = entries.filter(
            Q(target_repr__icontains=filters.query)
            | Q(actor_name__icontains=filters.query)
            | Q(reason__icontains=filters.query)
        )
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
        entries = entries.filter(at__gte=start)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        entries = entries.filter(at__lt=end)
    return entries.order_by("-at", "-id")
