"""API v1 of initiatives: similarity."""

from ninja import Router

router = Router(tags=["Sáng kiến"])
