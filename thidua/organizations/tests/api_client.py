"""A test client for API v1 that authenticates with a bearer token, as real clients do."""

import json
from typing import Any

from django.test import Client
from django.utils import timezone

from thidua.accounts.models import ApiToken, User
from thidua.accounts.services.tokens import create_api_token

API = "/api/v1"


class ApiClient:
    """Sends JSON to /api/v1 as `user`, with a fresh token.

    The token is marked as just used so that the first request does not write `last_used_at`
    (the query counts of the tests then count only what the endpoint does).
    """

    def __init__(self, user: User) -> None:
        token, self.token = create_api_token(by=user, user=user, name="Kiểm thử")
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        self.user = user
        self.client = Client()
        self.headers = {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str, params: dict[str, Any] | None = None) -> Any:
        return self.client.get(API + path, params or {}, headers=self.headers)

    def post(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.post(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
        )

    def patch(self, path: str, body: dict[str, Any]) -> Any:
        return self.client.patch(
            API + path, json.dumps(body), content_type="application/json", headers=self.headers
        )
