"""API v1 of reporting: scores."""

from ninja import Router

router = Router(tags=["Báo cáo định kỳ"])
