import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from thidua.core.forms import AuditFilterForm
from thidua.core.selectors import audit_entries_visible_to, system_health
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE, Column, build_workbook

AUDIT_PAGE_SIZE = 50
AUDIT_EXPORT_LIMIT = 100_000


@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    """Database reachable and worker alive (a heartbeat task ran recently). 503 if the database
    is down; "degraded" (200) if only the worker is late."""
    health = system_health()
    body = {
        "status": health.status,
        "database": {"ok": health.database_ok, "vendor": health.database_vendor},
        "worker": {
            "ok": health.worker_ok,
            "last_seen": health.worker_last_seen.isoformat() if health.worker_last_seen else None,
            "tasks_queued": health.tasks_queued,
            "oldest_queued_seconds": health.oldest_queued_seconds,
        },
    }
    return JsonResponse(body, status=200 if health.database_ok else 503)


def _require_audit(request: HttpRequest) -> None:
    if not request.user.has_perm("core.view_audit"):
        raise PermissionDenied


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    _require_audit(request)
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_visible_to(request.user, form.to_filter())
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "core/audit_list.html",
        {"form": form, "page": page, "section": "audit"},
    )


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    _require_audit(request)
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_visible_to(request.user, form.to_filter())[:AUDIT_EXPORT_LIMIT]
    columns = [
        Column("Thời điểm", 18),
        Column("Người thực hiện", 24),
        Column("Thao tác", 18),
        Column("Loại đối tượng", 22),
        Column("Mã đối tượng", 12),
        Column("Đối tượng", 36),
        Column("Thay đổi", 60),
        Column("Lý do", 30),
        Column("Địa chỉ IP", 16),
    ]
    rows = (
        [
            timezone.localtime(e.at).strftime("%d/%m/%Y %H:%M:%S"),
            e.actor_name,
            e.get_action_display(),
            e.target_type,
            e.target_id,
            e.target_repr,
            json.dumps(e.changes, ensure_ascii=False),
            e.reason,
            e.ip_address or "",
        ]
        for e in entries.iterator(chunk_size=2000)
    )
    content = build_workbook(title="Nhật ký", columns=columns, rows=rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.xlsx"'
    return response


def _error_page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(
        request,
        "core/error.html",
        {"title": title, "message": message, "status": status},
        status=status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, 400, "Yêu cầu không hợp lệ", "Yêu cầu gửi lên không hợp lệ.")


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        403,
        "Không có quyền truy cập",
        "Bạn không có quyền xem hoặc thực hiện thao tác này. Nếu cần, hãy liên hệ cán bộ phụ "
        "trách thi đua, khen thưởng của đơn vị.",
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(
        request,
        404,
        "Không tìm thấy trang",
        "Trang bạn tìm không tồn tại hoặc nằm ngoài phạm vi bạn được xem.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(
        request,
        500,
        "Hệ thống gặp sự cố",
        "Đã có lỗi ngoài ý muốn. Sự cố đã được ghi lại; xin vui lòng thử lại sau ít phút.",
    )
