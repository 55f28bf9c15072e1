"""API v1: targets, registrations, pledges."""

from ninja import Router

router = Router(tags=["Chỉ tiêu, đăng ký thi đua"])
