"""API v1 of reporting: imports."""

from ninja import Router

router = Router(tags=["Báo cáo định kỳ"])
