"""API v1 of reporting: workflow."""

from ninja import Router

router = Router(tags=["Báo cáo định kỳ"])
