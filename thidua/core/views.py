from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from thidua.core.forms import AuditFilterForm
from thidua.core.models import Notification
from thidua.core.notifications import (
    lazy_unread_count,
    mark_all_read,
    mark_read,
    notifications_of,
)
from thidua.core.selectors import (
    VIEW_AUDIT,
    audit_entries_visible_to,
    audit_rows,
    system_health,
)
from thidua.core.services import AUDIT_EXPORT_LIMIT, export_audit_trail
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE

AUDIT_PAGE_SIZE = 50


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
    if not request.user.has_perm(VIEW_AUDIT):
        raise PermissionDenied


@login_required
@require_GET
def audit_list(request: HttpRequest) -> HttpResponse:
    """The audit trail in the user's scope, filtered, 50 a page, changes shown readably."""
    _require_audit(request)
    form = AuditFilterForm(request.GET or None)
    entries = audit_entries_visible_to(request.user, form.to_filter())
    page = Paginator(entries, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "rows": audit_rows(page.object_list),
        "export_limit": AUDIT_EXPORT_LIMIT,
        "section": "audit",
    }
    return render(request, "core/audit_list.html", context)


@login_required
@require_GET
def audit_export(request: HttpRequest) -> HttpResponse:
    """The same rows as the list (same scope, same filters) as an .xlsx file.

    A filter with an error sends the user back to the list to correct it rather than exporting
    more than they asked for.
    """
    _require_audit(request)
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and not form.is_valid():
        messages.error(request, "Bộ lọc chưa hợp lệ: hãy sửa lỗi trước khi xuất Excel.")
        return redirect(f"{reverse('core:audit_list')}?{request.GET.urlencode()}")
    content = export_audit_trail(by=request.user, filters=form.to_filter())
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-{stamp}.xlsx"'
    return response


# --- Notifications: one's own, nobody else's ------------------------------------------------

NOTIFICATION_PAGE_SIZE = 30


@login_required
@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's notifications, newest first, 30 a page; `?chua_doc=1` shows the unread only."""
    unread_only = request.GET.get("chua_doc") == "1"
    notifications = notifications_of(request.user, unread_only=unread_only)
    page = Paginator(notifications, NOTIFICATION_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "unread_only": unread_only,
        "unread": lazy_unread_count(request.user)(),
        "section": "notifications",
    }
    return render(request, "core/notification_list.html", context)


def _own_notification(request: HttpRequest, pk: int) -> Notification:
    """The signed-in user's notification, or 404 (another user's id is not found)."""
    notification = notifications_of(request.user).filter(pk=pk).first()
    if notification is None:
        raise Http404
    return notification


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read: htmx gets the row back, a plain form the list again."""
    notification = mark_read(_own_notification(request, pk), by=request.user)
    if request.headers.get("HX-Request") == "true":
        return render(
            request, "core/notification_list.html#notification", {"notification": notification}
        )
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one notification read and go where it points (a path of this site only)."""
    notification = mark_read(_own_notification(request, pk), by=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(target)
    return redirect("core:notification_list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = mark_all_read(by=request.user)
    if count:
        messages.success(request, f"Đã đánh dấu {count} thông báo là đã đọc.")
    return redirect("core:notification_list")


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
