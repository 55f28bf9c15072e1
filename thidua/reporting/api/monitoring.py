"""API v1 of reporting: the completeness and timeliness of a period, and one's notifications.

The completeness is scoped like its page: VIEW_REPORT held nowhere → 403, a period of a movement
the user cannot read → 404, and the rows are the units of the user's scope only. Notifications
are always the caller's own: another user's notification id is a 404.
"""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from thidua.accounts.roles import Perm
from thidua.core.models import Notification
from thidua.core.notifications import mark_all_read, mark_read, notifications_of
from thidua.organizations.api.common import UnitRef, acting_user, require_anywhere
from thidua.reporting.selectors.monitoring import (
    CompletenessFilter,
    CompletenessRow,
    completeness,
    period_for,
)

router = Router(tags=["Báo cáo định kỳ: tiến độ, thông báo"])

StateName = Literal["not_started", "draft", "returned", "submitted", "approved"]
TimelinessName = Literal["on_time", "late", "not_submitted"]
MAX_ROWS = 1000


class CompletenessFilters(Schema):
    state: StateName | None = Field(None, description="Chỉ đơn vị ở trạng thái này")
    timeliness: TimelinessName | None = Field(
        None, description="on_time (nộp đúng hạn), late (nộp muộn), not_submitted (chưa nộp)"
    )
    cluster_id: int | None = Field(None, description="Chỉ đơn vị của cụm, khối này")
    q: str = Field("", max_length=100, description="Tìm theo mã hoặc tên đơn vị, không cần dấu")
    include_sub_units: bool = Field(False, description="Gồm cả khoa, phòng")
    limit: int = Field(MAX_ROWS, ge=1, le=MAX_ROWS, description="Số dòng tối đa")
    offset: int = Field(0, ge=0, description="Bỏ qua chừng này dòng đầu")


class CompletenessRowOut(Schema):
    unit: UnitRef = Field(description="Đơn vị")
    cluster: str | None = Field(description="Cụm, khối thi đua của năm")
    state: StateName = Field(
        description="not_started (chưa bắt đầu), draft (đang nhập), returned (bị trả lại), "
        "submitted (chờ duyệt), approved (đã duyệt)"
    )
    report_id: int | None = Field(description="Số hiệu báo cáo (null khi chưa bắt đầu)")
    pending_level: str | None = Field(description="Cấp đang chờ duyệt")
    first_submitted_at: dt.datetime | None = Field(description="Nộp lần đầu lúc")
    timeliness: TimelinessName = Field(description="Đúng hạn, muộn hay chưa nộp")
    overdue_days: int = Field(description="Số ngày quá hạn khi chưa nộp (0 nếu không)")
    approved_at: dt.datetime | None = Field(description="Duyệt xong lúc")
    exception_until: dt.date | None = Field(description="Được gia hạn nhập đến ngày")


class PeriodDatesOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của kỳ báo cáo")
    name: str = Field(description="Tên kỳ")
    opens_on: dt.date = Field(description="Mở nhập liệu")
    due_on: dt.date = Field(description="Hạn nộp (nộp sau là nộp muộn)")
    locks_on: dt.date = Field(description="Khóa số liệu (sau ngày này không nhập được nữa)")
    window: str = Field(description="not_open, open, late, locked: tình trạng hôm nay")
    explanation: list[str] = Field(description="Ba mốc ngày giải thích bằng tiếng Việt")


class CompletenessOut(Schema):
    period: PeriodDatesOut = Field(description="Kỳ báo cáo")
    total: int = Field(description="Số đơn vị phải báo cáo (sau bộ lọc cụm và tìm kiếm)")
    counts: dict[str, int] = Field(description="Số đơn vị theo trạng thái")
    timeliness: dict[str, int] = Field(description="Số đơn vị theo thời hạn nộp")
    count: int = Field(description="Số dòng khớp mọi bộ lọc")
    rows: list[CompletenessRowOut] = Field(description="Các dòng (theo limit, offset)")


def _row(row: CompletenessRow) -> CompletenessRowOut:
    report = row.report
    return CompletenessRowOut(
        unit=UnitRef.model_validate(row.unit),
        cluster=row.cluster.name if row.cluster else None,
        state=row.state,  # type: ignore[arg-type]
        report_id=report.pk if report else None,
        pending_level=row.pending_level_name or None,
        first_submitted_at=row.first_submitted_at,
        timeliness=row.timeliness,  # type: ignore[arg-type]
        overdue_days=row.overdue_days,
        approved_at=report.approved_at if report else None,
        exception_until=row.exception.until if row.exception else None,
    )


@router.get(
    "/periods/{period_id}/completeness",
    response=CompletenessOut,
    summary="Tiến độ nộp báo cáo của một kỳ",
)
def period_completeness(
    request: HttpRequest, period_id: int, filters: Query[CompletenessFilters]
) -> CompletenessOut:
    """Mỗi đơn vị phải báo cáo kỳ này (trong phạm vi của người gọi) với trạng thái, thời hạn
    nộp, cấp đang chờ duyệt, gia hạn; kèm số đơn vị theo trạng thái."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_REPORT)
    period = period_for(user, period_id)
    if period is None:
        raise Http404
    result = completeness(
        user,
        period,
        CompletenessFilter(
            state=filters.state or "",
            timeliness=filters.timeliness or "",
            cluster_id=filters.cluster_id,
            query=filters.q.strip(),
            include_sub_units=filters.include_sub_units,
        ),
    )
    dates = result.dates
    shown = result.rows[filters.offset : filters.offset + filters.limit]
    return CompletenessOut(
        period=PeriodDatesOut(
            id=period.pk,
            name=period.name,
            opens_on=period.opens_on,
            due_on=period.due_on,
            locks_on=period.locks_on,
            window=str(dates.window.state),
            explanation=[f"{label}: {line}" for label, line in dates.lines],
        ),
        total=result.total,
        counts=result.counts,
        timeliness=result.timeliness,
        count=len(result.rows),
        rows=[_row(row) for row in shown],
    )


# -- Notifications -------------------------------------------------------------------------------


class NotificationOut(Schema):
    id: int = Field(description="Số hiệu nội bộ")
    title: str = Field(description="Tiêu đề")
    body: str = Field(description="Nội dung")
    url: str = Field(description="Đường dẫn trong hệ thống (tương đối)")
    created_at: dt.datetime = Field(description="Lúc gửi")
    read_at: dt.datetime | None = Field(description="Đã đọc lúc (null: chưa đọc)")


class NotificationFilters(Schema):
    unread: bool = Field(False, description="Chỉ thông báo chưa đọc")


class MarkedOut(Schema):
    marked: int = Field(description="Số thông báo vừa được đánh dấu đã đọc")


@router.get(
    "/notifications", response=list[NotificationOut], summary="Thông báo của tôi (mới nhất trước)"
)
@paginate(LimitOffsetPagination)
def list_notifications(
    request: HttpRequest, filters: Query[NotificationFilters]
) -> QuerySet[Notification]:
    return notifications_of(acting_user(request), unread_only=filters.unread)


@router.post(
    "/notifications/{notification_id}/read",
    response=NotificationOut,
    summary="Đánh dấu một thông báo đã đọc",
)
def read_notification(request: HttpRequest, notification_id: int) -> Notification:
    user = acting_user(request)
    notification = notifications_of(user).filter(pk=notification_id).first()
    if notification is None:
        raise Http404
    return mark_read(notification, by=user)


@router.post("/notifications/read-all", response=MarkedOut, summary="Đánh dấu mọi thông báo đã đọc")
def read_all_notifications(request: HttpRequest) -> MarkedOut:
    return MarkedOut(marked=mark_all_read(by=acting_user(request)))
