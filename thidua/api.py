"""API v1: one NinjaAPI, routers from the apps, bearer tokens or the session, Vietnamese errors.

Mounted at /api/v1/; OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs.
"""

from ninja import NinjaAPI

api = NinjaAPI(
    title="Thi Đua Số API",
    version="1",
    description=(
        "API phiên bản 1 của Thi Đua Số. Xác thực bằng mã truy cập (Bearer token) tạo trong "
        "trang “Mã truy cập API” hoặc bằng lệnh `manage.py create_api_token`. Mọi dữ liệu trả về "
        "đều giới hạn trong phạm vi vai trò của người dùng."
    ),
    urls_namespace="api-v1",
    docs_url="/docs",
    openapi_url="/openapi.json",
)
