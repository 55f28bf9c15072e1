"""API v1 of initiatives: councils."""

from ninja import Router

router = Router(tags=["Sáng kiến"])
