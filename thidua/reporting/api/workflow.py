"""API v1 of reporting: the approval workflow — submit, approve, return and revoke a report,
its history, the approval queue and bulk approval, the exceptions after a period's lock date.

Scoped like the pages: the permission of the step held nowhere → 403; the report (period,
exception) outside the user's scope → 404; a refusal of the service → 400 with its Vietnamese
message (a submission blocked by the validation rules lists the issues).
"""

import datetime as dt
from typing import Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.movements.models import Movement, Period
from thidua.organizations.api.common import (
    OrmOut,
    UnitRef,
    acting_user,
    api_field_names,
    get_in_scope,
    require_anywhere,
)
from thidua.organizations.models import Unit
from thidua.organizations.scoping import scope_q
from thidua.reporting.models import EntryException, Report, ReportAction
from thidua.reporting.selectors.entry import reports_visible_to
from thidua.reporting.selectors.workflow import (
    approval_queue,
    exceptions_of,
    history,
    periods_visible_to,
    queue_movements,
)
from thidua.reporting.services.workflow import (
    SubmissionBlocked,
    approve_report,
    bulk_approve,
    grant_exception,
    return_report,
    revoke_approval,
    revoke_exception,
    submit_report,
)

router = Router(tags=["Báo cáo định kỳ: nộp, phê duyệt"])

StatusName = Literal["draft", "submitted", "approved", "returned"]
QueueStatus = Literal["", "all", "draft", "submitted", "approved", "returned"]


class LevelRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của cấp duyệt")
    depth: int = Field(description="Cấp trong cây đơn vị (0 = Sở)")
    name: str = Field(description="Tên cấp duyệt")


class ReportStateOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của báo cáo")
    unit: UnitRef = Field(description="Đơn vị báo cáo")
    period_id: int = Field(description="Kỳ báo cáo")
    status: StatusName = Field(description="draft, submitted (chờ duyệt), approved, returned")
    pending_level: LevelRef | None = Field(description="Cấp đang chờ duyệt (khi chờ duyệt)")
    submitted_at: dt.datetime | None = Field(description="Nộp gần nhất lúc")
    first_submitted_at: dt.datetime | None = Field(description="Nộp lần đầu lúc")
    is_late: bool = Field(description="Nộp muộn (lần đầu nộp sau hạn)")
    approved_at: dt.datetime | None = Field(description="Duyệt xong lúc")
    changed_since_approval: bool = Field(description="Có số liệu đã sửa sau khi duyệt")
    revision: int = Field(description="Phiên bản; gửi kèm để không ghi đè thay đổi của người khác")


class IssueOut(Schema):
    code: str = Field(description="Mã chỉ tiêu")
    level: Literal["error", "warning"] = Field(description="error (lỗi) hoặc warning (cảnh báo)")
    message: str = Field(description="Nội dung")


class BlockedOut(Schema):
    detail: str = Field(description="Lý do chưa nộp được")
    issues: list[IssueOut] = Field(description="Các lỗi, cảnh báo chưa giải trình")


class ReasonIn(Schema):
    reason: str = Field(max_length=2000, description="Lý do (bắt buộc)")
    revision: int | None = Field(None, description="Phiên bản báo cáo bạn đã xem (nếu có)")


class ActionOut(Schema):
    kind: Literal["submit", "approve", "return", "revoke"] = Field(description="Thao tác")
    kind_label: str = Field(description="Tên thao tác")
    level: str | None = Field(description="Cấp duyệt")
    actor: str | None = Field(description="Người thực hiện")
    at: dt.datetime = Field(description="Lúc")
    reason: str = Field(description="Lý do")


class QueueFilters(Schema):
    movement_id: int | None = Field(None, description="Phong trào")
    period_id: int | None = Field(None, description="Kỳ báo cáo")
    status: QueueStatus = Field(
        "",
        description="Để trống: báo cáo chờ cấp bạn duyệt; all: mọi báo cáo trong phạm vi; "
        "hoặc một trạng thái",
    )
    q: str = Field("", max_length=100, description="Tìm theo mã, tên đơn vị")


class BulkIn(Schema):
    report_ids: list[int] = Field(min_length=1, max_length=500, description="Các báo cáo")


class SkippedOut(Schema):
    id: int = Field(description="Báo cáo bỏ qua")
    reason: str = Field(description="Lý do")


class BulkOut(Schema):
    approved: list[int] = Field(description="Các báo cáo đã duyệt (ở cấp đang chờ của mỗi báo cáo)")
    skipped: list[SkippedOut] = Field(description="Các báo cáo bỏ qua, kèm lý do")
    message: str = Field(description="Tóm tắt")


class ExceptionOut(Schema):
    id: int = Field(description="Số hiệu nội bộ")
    unit: UnitRef = Field(description="Đơn vị được gia hạn")
    period_id: int = Field(description="Kỳ báo cáo")
    until: dt.date = Field(description="Được nhập, nộp đến hết ngày")
    reason: str = Field(description="Lý do")
    granted_by: str | None = Field(description="Người cho phép")
    granted_at: dt.datetime = Field(description="Lúc")


class ExceptionIn(Schema):
    unit_id: int = Field(description="Đơn vị")
    until: dt.date = Field(description="Được nhập, nộp đến hết ngày (sau ngày khóa số liệu)")
    reason: str = Field(max_length=2000, description="Lý do gia hạn")


def _report(user: User, report_id: int, perm: Perm) -> Report:
    """403 unless `perm` is held somewhere, 404 outside the user's VIEW_REPORT scope."""
    require_anywhere(user, perm)
    return get_in_scope(
        reports_visible_to(user).select_related(
            "movement__owner", "period", "unit", "pending_level"
        ),
        report_id,
    )


def _state(report: Report) -> ReportStateOut:
    return ReportStateOut.model_validate(report)


@router.post(
    "/reports/{report_id}/submit",
    response={200: ReportStateOut, 400: BlockedOut},
    summary="Nộp báo cáo",
)
def submit(
    request: HttpRequest, report_id: int, revision: int | None = None
) -> ReportStateOut | Status[BlockedOut]:
    """Submit a draft or returned report (ENTER_REPORT on its unit). Refused while the entry
    window is closed, or with validation errors or unexplained warnings (listed in `issues`)."""
    user = acting_user(request)
    report = _report(user, report_id, Perm.ENTER_REPORT)
    try:
        submit_report(report=report, by=user, revision=revision)
    except SubmissionBlocked as blocked:
        issues = [IssueOut(code=i.code, level=i.level, message=i.message) for i in blocked.issues]
        return Status(400, BlockedOut(detail=blocked.message, issues=issues))
    return _state(report)


@router.post("/reports/{report_id}/approve", response=ReportStateOut, summary="Duyệt báo cáo")
def approve(request: HttpRequest, report_id: int, revision: int | None = None) -> ReportStateOut:
    """Approve at the pending level (APPROVE_REPORT on the unit of that level; never one's own
    submission). The report moves to the next level, or is approved."""
    user = acting_user(request)
    report = _report(user, report_id, Perm.APPROVE_REPORT)
    approve_report(report=report, by=user, revision=revision)
    return _state(report)


@router.post(
    "/reports/{report_id}/return", response=ReportStateOut, summary="Trả lại báo cáo kèm lý do"
)
def send_back(request: HttpRequest, report_id: int, payload: ReasonIn) -> ReportStateOut:
    user = acting_user(request)
    report = _report(user, report_id, Perm.APPROVE_REPORT)
    return_report(report=report, by=user, reason=payload.reason, revision=payload.revision)
    return _state(report)


@router.post(
    "/reports/{report_id}/revoke", response=ReportStateOut, summary="Hủy duyệt báo cáo kèm lý do"
)
def revoke(request: HttpRequest, report_id: int, payload: ReasonIn) -> ReportStateOut:
    """Revoke the approvals (an approver of a passed level, or MANAGE_REPORTING): the report
    is returned, editable, and climbs from its first level again."""
    user = acting_user(request)
    report = _report(user, report_id, Perm.APPROVE_REPORT)
    revoke_approval(report=report, by=user, reason=payload.reason, revision=payload.revision)
    return _state(report)


def _action_out(action: ReportAction) -> ActionOut:
    return ActionOut(
        kind=action.kind,  # type: ignore[arg-type]
        kind_label=action.get_kind_display(),
        level=action.level.name if action.level else None,
        actor=action.actor.display_name if action.actor else None,
        at=action.at,
        reason=action.reason,
    )


@router.get("/reports/{report_id}/history", response=list[ActionOut], summary="Lịch sử phê duyệt")
def report_history(request: HttpRequest, report_id: int) -> list[ActionOut]:
    user = acting_user(request)
    report = _report(user, report_id, Perm.VIEW_REPORT)
    return [_action_out(action) for action in history(report)]


@router.get(
    "/approvals/queue", response=list[ReportStateOut], summary="Báo cáo chờ duyệt (phân trang)"
)
@paginate(LimitOffsetPagination)
def queue(request: HttpRequest, filters: Query[QueueFilters]) -> QuerySet[Report]:
    """By default the reports awaiting a level the user approves; with `status`, the reports of
    that status in the user's scope."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_REPORT)
    movement: Movement | None = None
    period: Period | None = None
    if filters.movement_id is not None:
        movement = get_in_scope(queue_movements(user), filters.movement_id)
    if filters.period_id is not None:
        period = get_in_scope(periods_visible_to(user), filters.period_id)
    return approval_queue(user, movement, period, status=filters.status, query=filters.q)


@router.post("/approvals/bulk", response=BulkOut, summary="Duyệt hàng loạt (Sở)")
def bulk(request: HttpRequest, payload: BulkIn) -> BulkOut:
    """Approve each report at its pending level (MANAGE_REPORTING); the others are skipped with
    their reason (a report outside the user's scope is skipped, not revealed)."""
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_REPORTING)
    wanted = list(dict.fromkeys(payload.report_ids))
    found = (
        reports_visible_to(user)
        .select_related("movement__owner", "period", "unit", "pending_level")
        .in_bulk(wanted)
    )
    result = bulk_approve(reports=[found[pk] for pk in wanted if pk in found], by=user)
    missing = [
        SkippedOut(id=pk, reason="Không tìm thấy báo cáo trong phạm vi của bạn.")
        for pk in wanted
        if pk not in found
    ]
    return BulkOut(
        approved=[r.pk for r in result.approved],
        skipped=[SkippedOut(id=r.pk, reason=why) for r, why in result.skipped] + missing,
        message=result.message,
    )


def _exception_out(exception: EntryException) -> ExceptionOut:
    return ExceptionOut(
        id=exception.pk,
        unit=UnitRef.model_validate(exception.unit),
        period_id=exception.period_id,
        until=exception.until,
        reason=exception.reason,
        granted_by=exception.granted_by.display_name if exception.granted_by else None,
        granted_at=exception.granted_at,
    )


def _period(user: User, period_id: int) -> Period:
    require_anywhere(user, Perm.MANAGE_REPORTING)
    return get_in_scope(periods_visible_to(user), period_id)


@router.get(
    "/periods/{period_id}/exceptions",
    response=list[ExceptionOut],
    summary="Các đơn vị được gia hạn nhập liệu sau ngày khóa",
)
def list_exceptions(request: HttpRequest, period_id: int) -> list[ExceptionOut]:
    user = acting_user(request)
    return [_exception_out(e) for e in exceptions_of(user, _period(user, period_id))]


@router.post(
    "/periods/{period_id}/exceptions",
    response={201: ExceptionOut},
    summary="Gia hạn nhập liệu cho một đơn vị",
)
def create_exception(
    request: HttpRequest, period_id: int, payload: ExceptionIn
) -> Status[ExceptionOut]:
    user = acting_user(request)
    period = _period(user, period_id)
    unit = get_in_scope(
        Unit.objects.filter(scope_q(user, Perm.MANAGE_REPORTING, "path")), payload.unit_id
    )
    with api_field_names({"unit": "unit_id"}):
        exception = grant_exception(
            period=period, unit=unit, until=payload.until, reason=payload.reason, by=user
        )
    return Status(201, _exception_out(exception))


@router.delete(
    "/exceptions/{exception_id}", response={204: None}, summary="Thu hồi gia hạn nhập liệu"
)
def delete_exception(request: HttpRequest, exception_id: int) -> Status[None]:
    user = acting_user(request)
    require_anywhere(user, Perm.MANAGE_REPORTING)
    exception = get_in_scope(
        EntryException.objects.filter(
            scope_q(user, Perm.MANAGE_REPORTING, "unit__path")
        ).select_related("period", "unit"),
        exception_id,
    )
    revoke_exception(exception=exception, by=user)
    return Status(204, None)
