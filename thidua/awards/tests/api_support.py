"""What the awards API write tests share: PUT, DELETE and multipart uploads through the bearer
client, and the audit entries written about one object."""

import json
from typing import Any

from django.db.models import Model

from thidua.core.models import AuditEntry
from thidua.organizations.tests.api_client import API, ApiClient


def put(api: ApiClient, path: str, body: dict[str, Any]) -> Any:
    return api.client.put(
        API + path, json.dumps(body), content_type="application/json", headers=api.headers
    )


def delete(api: ApiClient, path: str) -> Any:
    return api.client.delete(API + path, headers=api.headers)


def upload(api: ApiClient, path: str, fields: dict[str, Any]) -> Any:
    """A multipart POST (the Django test client encodes a dict holding a file as multipart)."""
    return api.client.post(API + path, fields, headers=api.headers)


def audited(target: Model | type[Model], *, target_id: object = None) -> list[tuple[str, str]]:
    """(action, reason) of the audit entries about `target` (an instance, or a model with
    `target_id`), oldest first."""
    label = target._meta.label_lower
    pk = target_id if target_id is not None else getattr(target, "pk", None)
    return list(
        AuditEntry.objects.filter(target_type=label, target_id=str(pk))
        .order_by("at", "id")
        .values_list("action", "reason")
    )
