"""API v1: scoring tables and their versions."""

from ninja import Router

router = Router(tags=["Bảng chấm điểm"])
