"""API v1 of reporting: monitoring."""

from ninja import Router

router = Router(tags=["Báo cáo định kỳ"])
