"""API v1 of initiatives: decisions."""

from ninja import Router

router = Router(tags=["Sáng kiến"])
