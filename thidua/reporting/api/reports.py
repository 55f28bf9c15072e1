"""API v1 of reporting: reports."""

from ninja import Router

router = Router(tags=["Báo cáo định kỳ"])
