"""Writing the audit trail. Services call `record_audit`; nothing else writes AuditEntry.

The request's IP address and id reach here through a context variable that
AuditContextMiddleware sets, so services never take `request`.
"""

import contextvars
import datetime as dt
import decimal
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import models

from thidua.core.models import AuditAction, AuditEntry


@dataclass(frozen=True)
class AuditContext:
    ip_address: str | None = None
    request_id: str = ""


current_audit_context: contextvars.ContextVar[AuditContext] = contextvars.ContextVar(
    "thidua_audit_context",
    default=AuditContext(),  # noqa: B039 (immutable dataclass)
)

Changes = dict[str, list[Any]]


def json_safe(value: Any) -> Any:
    """A JSON-storable form of a field value (dates as ISO text, model instances as pk)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """Field values of `instance` ready to be compared and stored (FKs as their id)."""
    result: dict[str, Any] = {}
    for name in fields:
        field = instance._meta.get_field(name)
        attname = getattr(field, "attname", name)
        result[name] = json_safe(getattr(instance, attname))
    return result


def diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Changes:
    """{field: [before, after]} for every field whose value changed (or appeared)."""
    keys = list(dict.fromkeys([*before.keys(), *after.keys()]))
    return {
        key: [before.get(key), after.get(key)] for key in keys if before.get(key) != after.get(key)
    }


def _actor_fields(actor: AbstractBaseUser | AnonymousUser | None) -> tuple[Any, str]:
    if actor is None or not actor.is_authenticated:
        return None, "Hệ thống" if actor is None else "Khách"
    name = getattr(actor, "display_name", "") or actor.get_username()
    return actor, str(name)


def build_audit_entry(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction | str,
    target_type: str,
    target_id: object = "",
    target_repr: str = "",
    unit_path: str = "",
    changes: Changes | None = None,
    reason: str = "",
) -> AuditEntry:
    """An unsaved entry (for bulk writers such as imports)."""
    actor_obj, actor_name = _actor_fields(actor)
    context = current_audit_context.get()
    return AuditEntry(
        actor=actor_obj,
        actor_name=actor_name[:150],
        action=str(action),
        target_type=target_type,
        target_id=str(target_id)[:64],
        target_repr=target_repr[:255],
        unit_path=unit_path,
        changes=changes or {},
        reason=reason,
        ip_address=context.ip_address,
        request_id=context.request_id,
    )


def record_audit(
    *,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: AuditAction | str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: object = "",
    target_repr: str = "",
    unit_path: str = "",
    changes: Changes | None = None,
    reason: str = "",
) -> AuditEntry:
    """Write one audit entry. Call it inside the service's transaction, after the write."""
    if target is not None:
        target_type = target_type or target._meta.label_lower
        target_id = target_id or target.pk
        target_repr = target_repr or str(target)
    entry = build_audit_entry(
        actor=actor,
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_repr=target_repr,
        unit_path=unit_path,
        changes=changes,
        reason=reason,
    )
    entry.save()
    return entry
