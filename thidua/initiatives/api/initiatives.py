"""API v1 of initiatives: initiatives."""

from ninja import Router

router = Router(tags=["Sáng kiến"])
