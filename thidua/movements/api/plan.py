"""API v1: movements, phases, periods, content areas, criteria, indicators."""

from ninja import Router

router = Router(tags=["Phong trào"])
