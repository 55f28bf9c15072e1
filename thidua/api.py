"""API v1: one NinjaAPI, routers from the apps, bearer tokens or the session, Vietnamese errors.

Mounted at /api/v1/; OpenAPI at /api/v1/openapi.json, interactive docs at /api/v1/docs (both
readable without signing in; every operation needs a token or a session).

Every error is JSON with a Vietnamese `detail`:

| Cause | Status | Body |
|---|---|---|
| no or bad credentials | 401 | `{"detail": "Chưa xác thực…"}` |
| a schema refused the input | 422 | `{"detail": [{"loc": [...], "msg": "…", "type": "…"}]}` |
| a service refused the input (DomainError) | 400 | `{"detail": "…", "field": "…"}` |
| a permission is missing | 403 | `{"detail": "Bạn không có quyền…"}` |
| the object does not exist or is out of scope | 404 | `{"detail": "Không tìm thấy…"}` |
| anything else | 500 | `{"detail": "…", "request_id": "…"}` (logged) |
"""

import json
import logging
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.renderers import JSONRenderer

from thidua.accounts.api import ApiTokenAuth, VerifiedSessionAuth
from thidua.awards import (  # noqa: F401  (each adds its routes to the awards router)
    api_councils,
    api_dossier,
    api_inputs,
    api_round_steps,
    api_rounds,
)
from thidua.awards.api import router as awards_router
from thidua.core.audit import current_audit_context
from thidua.core.errors import DomainError, PermissionDeniedError, ValidationFailedError
from thidua.documents.api import router as documents_router
from thidua.initiatives.api import router as initiatives_router
from thidua.movements.api import router as movements_router
from thidua.organizations.api import router as organizations_router
from thidua.reporting.api import router as reporting_router

logger = logging.getLogger("thidua.api")

MSG_UNAUTHENTICATED = "Chưa xác thực hoặc mã truy cập không hợp lệ."
MSG_FORBIDDEN = "Bạn không có quyền xem hoặc thực hiện thao tác này."
MSG_NOT_FOUND = "Không tìm thấy đối tượng, hoặc đối tượng nằm ngoài phạm vi bạn được xem."
MSG_SERVER_ERROR = (
    "Hệ thống gặp sự cố ngoài ý muốn. Sự cố đã được ghi lại; xin vui lòng thử lại sau ít phút."
)
MSG_CSRF = (
    "Thiếu hoặc sai mã chống giả mạo yêu cầu (CSRF). Khi dùng phiên đăng nhập, hãy gửi tiêu đề "
    "X-CSRFToken; ứng dụng khác hãy dùng mã truy cập (Bearer)."
)
MSG_BAD_BODY = "Không đọc được nội dung yêu cầu: JSON không hợp lệ."
MSG_THROTTLED = "Quá nhiều yêu cầu trong thời gian ngắn. Xin vui lòng thử lại sau."
MSG_BAD_REQUEST = "Yêu cầu không hợp lệ."


class SwaggerDocs(DocsBase):
    """Swagger UI from ninja's vendored static files, started by our own static script.

    ninja's template carries the settings in an inline JSON <script> block; ours puts them in a
    data- attribute so the page holds no inline script at all, as the CSP asks.
    """

    template = "api/docs.html"
    settings: Mapping[str, Any] = {"layout": "BaseLayout", "deepLinking": True}

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        swagger_settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(
            request,
            self.template,
            {"api": api, "swagger_settings": json.dumps(swagger_settings)},
        )


class UnicodeJSONRenderer(JSONRenderer):
    """JSON in UTF-8 as is: "Khoa Nội", not "Khoa N\\u1ed9i" (the response says charset=utf-8)."""

    json_dumps_params: Mapping[str, Any] = {"ensure_ascii": False}


api = NinjaAPI(
    title="Thi Đua Số API",
    version="1",
    description=(
        "API phiên bản 1 của Thi Đua Số. Xác thực bằng mã truy cập (tiêu đề "
        "`Authorization: Bearer tds_…`) tạo trong trang “Mã truy cập API” hoặc bằng lệnh "
        "`manage.py create_api_token`; trình duyệt đã đăng nhập dùng được phiên đăng nhập. "
        "Mọi dữ liệu trả về đều giới hạn trong phạm vi vai trò của người dùng: đối tượng nằm "
        "ngoài phạm vi trả về 404, thiếu quyền trả về 403. Ngày theo định dạng ISO "
        "`YYYY-MM-DD`; danh sách phân trang bằng `limit` và `offset`."
    ),
    urls_namespace="api-v1",
    docs=SwaggerDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
    auth=[ApiTokenAuth(), VerifiedSessionAuth()],
    renderer=UnicodeJSONRenderer(),
)
api.add_router("/", organizations_router)
api.add_router("/", movements_router)
api.add_router("/", reporting_router)
api.add_router("/", initiatives_router)
api.add_router("/", documents_router)
api.add_router("/", awards_router)


# --- Errors: JSON with a Vietnamese message -----------------------------------------------------

_PYDANTIC_MESSAGES: Mapping[str, str] = {
    "missing": "Thiếu trường bắt buộc.",
    "string_type": "Phải là chuỗi ký tự.",
    "string_too_short": "Phải có ít nhất {min_length} ký tự.",
    "string_too_long": "Không được dài quá {max_length} ký tự.",
    "string_pattern_mismatch": "Không đúng định dạng.",
    "int_type": "Phải là số nguyên.",
    "int_parsing": "Phải là số nguyên.",
    "int_from_float": "Phải là số nguyên.",
    "float_type": "Phải là số.",
    "float_parsing": "Phải là số.",
    "decimal_parsing": "Phải là số.",
    "bool_type": "Phải là true hoặc false.",
    "bool_parsing": "Phải là true hoặc false.",
    "greater_than": "Phải lớn hơn {gt}.",
    "greater_than_equal": "Phải lớn hơn hoặc bằng {ge}.",
    "less_than": "Phải nhỏ hơn {lt}.",
    "less_than_equal": "Phải nhỏ hơn hoặc bằng {le}.",
    "date_type": "Ngày không hợp lệ; hãy dùng định dạng YYYY-MM-DD (ví dụ 2026-03-31).",
    "date_parsing": "Ngày không hợp lệ; hãy dùng định dạng YYYY-MM-DD (ví dụ 2026-03-31).",
    "date_from_datetime_parsing": (
        "Ngày không hợp lệ; hãy dùng định dạng YYYY-MM-DD (ví dụ 2026-03-31)."
    ),
    "date_from_datetime_inexact": "Chỉ nhập ngày (YYYY-MM-DD), không kèm giờ.",
    "datetime_type": "Thời điểm không hợp lệ; hãy dùng định dạng ISO 8601.",
    "datetime_parsing": "Thời điểm không hợp lệ; hãy dùng định dạng ISO 8601.",
    "datetime_from_date_parsing": "Thời điểm không hợp lệ; hãy dùng định dạng ISO 8601.",
    "enum": "Giá trị không hợp lệ; chỉ nhận: {expected}.",
    "literal_error": "Giá trị không hợp lệ; chỉ nhận: {expected}.",
    "list_type": "Phải là một danh sách.",
    "too_short": "Phải có ít nhất {min_length} phần tử.",
    "too_long": "Không được quá {max_length} phần tử.",
    "dict_type": "Phải là một đối tượng JSON.",
    "model_type": "Phải là một đối tượng JSON.",
    "model_attributes_type": "Phải là một đối tượng JSON.",
    "json_invalid": "Nội dung JSON không hợp lệ.",
    "json_type": "Nội dung JSON không hợp lệ.",
    "extra_forbidden": "Trường này không được hỗ trợ.",
    "uuid_parsing": "Phải là một UUID hợp lệ.",
    "none_required": "Phải để trống (null).",
}
_FALLBACK_MESSAGE = "Giá trị không hợp lệ."


def vietnamese_message(error: Mapping[str, Any]) -> str:
    """The Vietnamese text of one pydantic error (its `type` and `ctx`).

    A `value_error` raised by our own validators carries a Vietnamese message already.
    """
    error_type = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    if error_type in {"value_error", "assertion_error"} and ctx.get("error"):
        return str(ctx["error"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    template = _PYDANTIC_MESSAGES.get(error_type)
    if template is None:
        return _FALLBACK_MESSAGE
    if "expected" in ctx:
        ctx["expected"] = str(ctx["expected"]).replace(" or ", " hoặc ")
    try:
        return template.format(**ctx)
    except (KeyError, IndexError, ValueError):  # a context pydantic did not give
        return _FALLBACK_MESSAGE


def _json(request: HttpRequest, body: Any, status: int) -> HttpResponse:
    return api.create_response(request, body, status=status)


@api.exception_handler(ValidationError)
def on_validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    detail = [
        {"loc": list(error.get("loc", ())), "msg": vietnamese_message(error), "type": error["type"]}
        for error in exc.errors
    ]
    return _json(request, {"detail": detail}, 422)


@api.exception_handler(DomainError)
def on_domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return _json(request, {"detail": exc.message, "field": exc.field}, 400)


@api.exception_handler(ValidationFailedError)
def on_validation_failed(request: HttpRequest, exc: ValidationFailedError) -> HttpResponse:
    return _json(request, {"detail": exc.message, "field": exc.field, "errors": exc.errors}, 400)


@api.exception_handler(PermissionDeniedError)
def on_permission_denied_error(request: HttpRequest, exc: PermissionDeniedError) -> HttpResponse:
    return _json(request, {"detail": exc.message}, 403)


@api.exception_handler(PermissionDenied)
def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return _json(request, {"detail": MSG_FORBIDDEN}, 403)


@api.exception_handler(Http404)
def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return _json(request, {"detail": MSG_NOT_FOUND}, 404)


@api.exception_handler(AuthenticationError)
def on_unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    response = _json(request, {"detail": MSG_UNAUTHENTICATED}, 401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(HttpError)
def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals (CSRF, unreadable body, throttling), in Vietnamese."""
    if exc.status_code == 403:
        message = MSG_CSRF if "CSRF" in exc.message else MSG_FORBIDDEN
    elif exc.status_code == 429:
        message = MSG_THROTTLED
    elif exc.status_code == 400:
        message = MSG_BAD_BODY
    else:
        message = MSG_BAD_REQUEST
    return _json(request, {"detail": message}, exc.status_code)


@api.exception_handler(Exception)
def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    request_id = current_audit_context.get().request_id
    logger.error(
        "API %s %s failed (request %s)", request.method, request.path, request_id, exc_info=exc
    )
    return _json(request, {"detail": MSG_SERVER_ERROR, "request_id": request_id}, 500)
