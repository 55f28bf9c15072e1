import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from thidua.core.audit import AuditContext, current_audit_context


class AuditContextMiddleware:
    """Makes the client address and a request id available to audit writes for this request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex[:16]
        token = current_audit_context.set(
            AuditContext(ip_address=request.META.get("REMOTE_ADDR") or None, request_id=request_id)
        )
        try:
            response = self.get_response(request)
        finally:
            current_audit_context.reset(token)
        response["X-Request-ID"] = request_id
        return response
