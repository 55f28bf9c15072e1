import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import DatabaseError, connection
from django.db.models import Field, Model, Q, QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from thidua.core.models import DEMO_DATA_FLAG, AuditEntry, SystemFlag, WorkerHeartbeat
from thidua.core.scope import reaches_root, scoped

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
    # A username (exact, any case) or part of the actor's recorded name.
    actor: str = ""
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
    entries = AuditEntry.objects.filter(condition)
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.target_type:
        entries = entries.filter(target_type=filters.target_type)
    if filters.actor_id:
        entries = entries.filter(actor_id=filters.actor_id)
    if filters.actor:
        entries = entries.filter(
            Q(actor__username__iexact=filters.actor) | Q(actor_name__icontains=filters.actor)
        )
    if filters.query:
        entries = entries.filter(
            Q(target_repr__icontains=filters.query)
            | Q(actor_name__icontains=filters.query)
            | Q(reason__icontains=filters.query)
            | Q(target_id=filters.query)
        )
    tz = timezone.get_current_timezone()
    if filters.date_from:
        start = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=tz)
        entries = entries.filter(at__gte=start)
    if filters.date_to:
        end = dt.datetime.combine(filters.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
        entries = entries.filter(at__lt=end)
    return entries.order_by("-at", "-id")


# --- Showing an entry readably --------------------------------------------------------------------

# Labels of change keys that are not fields of the target model (role grants, 2FA resets…).
CHANGE_LABELS: dict[str, str] = {
    "role": "Vai trò",
    "unit": "Đơn vị",
    "include_subtree": "Gồm đơn vị trực thuộc",
    "person": "Cán bộ",
    "is_active": "Đang hoạt động",
    "password_email": "Thư đặt mật khẩu gửi tới",
    "two_factor": "Xác thực hai lớp",
    "devices_removed": "Số thiết bị xác thực",
    "path": "Đường dẫn trong cây đơn vị",
    "parent": "Đơn vị cấp trên",
}
EMPTY = "—"
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


@dataclass(frozen=True)
class ChangeLine:
    label: str
    before: str
    after: str


@dataclass(frozen=True)
class AuditRow:
    entry: AuditEntry
    target_label: str
    changes: list[ChangeLine]

    @property
    def changes_text(self) -> str:
        """One line for a spreadsheet cell: "Họ và tên: A → B; Đơn vị: X → Y"."""
        return "; ".join(f"{c.label}: {c.before} → {c.after}" for c in self.changes)


def _model_for(target_type: str) -> type[Model] | None:
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _concrete_field(model: type[Model] | None, name: str) -> Field[Any, Any] | None:
    if model is None:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, Field) else None


def _label_of(field: Field[Any, Any] | None, key: str) -> str:
    if field is None:
        return CHANGE_LABELS.get(key, key)
    label = str(field.verbose_name)
    return label[:1].upper() + label[1:]


def _text_of(value: Any, field: Field[Any, Any] | None, names: dict[tuple[str, Any], str]) -> str:
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if field is not None and field.is_relation and field.related_model is not None:
        return names.get((field.related_model._meta.label_lower, value), f"#{value}")
    if field is not None and field.choices:
        for choice, label in field.flatchoices:
            if choice == value:
                return str(label)
    if isinstance(value, str):
        if _ISO_DATETIME.match(value):
            try:
                moment = dt.datetime.fromisoformat(value)
            except ValueError:
                return value
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return moment.strftime("%d/%m/%Y %H:%M")
        if _ISO_DATE.match(value):
            try:
                return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
            except ValueError:
                return value
        return value
    if isinstance(value, list):
        return ", ".join(_text_of(item, None, names) for item in value) or EMPTY
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """Entries with readable changes: field labels of the target model, choice labels, dates as
    dd/mm/yyyy, yes/no, and foreign keys as the related object's name.

    Related names are fetched in one query per related model, whatever the number of entries.
    """
    entries = list(entries)
    wanted: dict[type[Model], set[Any]] = defaultdict(set)
    for entry in entries:
        model = _model_for(entry.target_type)
        for key, values in (entry.changes or {}).items():
            field = _concrete_field(model, key)
            if field is not None and field.is_relation and field.related_model is not None:
                related = field.related_model
                if isinstance(related, type) and isinstance(values, list):
                    wanted[related].update(v for v in values if isinstance(v, int))
    names: dict[tuple[str, Any], str] = {}
    for related, ids in wanted.items():
        for pk, obj in related._default_manager.in_bulk(list(ids)).items():
            names[(related._meta.label_lower, pk)] = str(obj)
    rows: list[AuditRow] = []
    for entry in entries:
        model = _model_for(entry.target_type)
        lines: list[ChangeLine] = []
        for key, values in (entry.changes or {}).items():
            field = _concrete_field(model, key)
            before, after = (
                [*values, None, None][:2] if isinstance(values, list) else (None, values)
            )
            lines.append(
                ChangeLine(
                    label=_label_of(field, key),
                    before=_text_of(before, field, names),
                    after=_text_of(after, field, names),
                )
            )
        target_label = str(model._meta.verbose_name) if model is not None else entry.target_type
        rows.append(AuditRow(entry=entry, target_label=target_label, changes=lines))
    return rows


def audit_target_types() -> list[tuple[str, str]]:
    """(target type, readable name) of the project's models, for the audit filter."""
    choices = [
        (model._meta.label_lower, str(model._meta.verbose_name))
        for model in apps.get_models()
        if model.__module__.startswith("thidua.")
    ]
    return sorted(choices, key=lambda choice: choice[1])
