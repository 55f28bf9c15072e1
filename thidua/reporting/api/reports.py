"""API v1 of reporting: reports with their values, one value written, evidence metadata and
download.

Scoped like the pages: VIEW_REPORT (ENTER_REPORT to write) held nowhere → 403; a report or an
evidence outside the user's scope → 404. A value is written by the same service as the entry
page (`services.entry.save_value`): the caller sends the revision of the value it read, and a
stale revision is refused with 409 and the current value, naming who changed it and when.
"""

import datetime as dt
from decimal import Decimal
from pathlib import PurePath
from typing import Literal

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.accounts.roles import Perm
from thidua.movements.models import Indicator
from thidua.organizations.api.common import OrmOut, UnitRef, acting_user, require_anywhere
from thidua.reporting.models import Evidence, Report, ReportValue
from thidua.reporting.selectors.entry import report_for, reports_visible_to
from thidua.reporting.selectors.evidence import evidence_for, evidence_of_report
from thidua.reporting.services.entry import StaleValueError, save_value

router = Router(tags=["Báo cáo định kỳ: số liệu, minh chứng"])

StatusName = Literal["draft", "submitted", "approved", "returned"]


class PeriodRef(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của kỳ báo cáo")
    kind: str = Field(description="month, quarter, half_year, year")
    year: int = Field(description="Năm")
    number: int = Field(description="Số thứ tự trong năm")
    name: str = Field(description="Tên kỳ, ví dụ “Quý I/2026”")


class ReportOut(OrmOut):
    id: int = Field(description="Số hiệu nội bộ của báo cáo")
    movement_id: int = Field(description="Phong trào")
    period: PeriodRef = Field(description="Kỳ báo cáo")
    unit: UnitRef = Field(description="Đơn vị báo cáo")
    status: StatusName = Field(description="draft, submitted (chờ duyệt), approved, returned")
    submitted_at: dt.datetime | None = Field(description="Nộp gần nhất lúc")
    is_late: bool = Field(description="Nộp muộn")
    approved_at: dt.datetime | None = Field(description="Duyệt xong lúc")
    changed_since_approval: bool = Field(description="Có số liệu đã sửa sau khi duyệt")
    revision: int = Field(description="Phiên bản của báo cáo (tăng sau mỗi lần ghi)")


class ValueOut(Schema):
    indicator_id: int = Field(description="Số hiệu nội bộ của chỉ tiêu")
    indicator_code: str = Field(description="Mã chỉ tiêu")
    indicator_name: str = Field(description="Tên chỉ tiêu")
    value_type: str = Field(description="number, percentage, boolean (1/0), count, text")
    value: Decimal | None = Field(description="Giá trị số (có/không là 1/0); null khi chưa nhập")
    text: str = Field(description="Nội dung (chỉ tiêu dạng văn bản)")
    explanation: str = Field(description="Giải trình (khi có cảnh báo)")
    is_computed: bool = Field(description="Tính bằng công thức (không nhập)")
    revision: int = Field(description="Phiên bản của giá trị; gửi kèm khi ghi")
    updated_at: dt.datetime = Field(description="Sửa lần cuối lúc")


class ReportDetailOut(ReportOut):
    values: list[ValueOut] = Field(description="Số liệu theo chỉ tiêu")


class ReportFilters(Schema):
    movement_id: int | None = Field(None, description="Chỉ phong trào này")
    period_id: int | None = Field(None, description="Chỉ kỳ này")
    unit_id: int | None = Field(None, description="Chỉ đơn vị này")
    status: StatusName | None = Field(None, description="Chỉ trạng thái này")


class ValueIn(Schema):
    raw: str = Field(
        max_length=5000,
        description="Giá trị như người dùng gõ: “1.234,5”, “12,5”, “có”/“không”, hoặc nội dung "
        "văn bản; chuỗi rỗng để xóa",
    )
    revision: int = Field(ge=0, description="Phiên bản của giá trị đã đọc (xem GET /reports/{id})")
    explanation: str | None = Field(
        None, max_length=2000, description="Giải trình; bỏ trống để giữ nguyên"
    )


class SavedOut(Schema):
    value: ValueOut = Field(description="Giá trị đã lưu")
    computed: list[ValueOut] = Field(description="Các chỉ tiêu công thức sau khi tính lại")
    changed: bool = Field(description="Có thay đổi (false: giá trị đã như vậy)")
    report_revision: int = Field(description="Phiên bản mới của báo cáo")


class StaleOut(Schema):
    detail: str = Field(description="Thông báo: ai đã sửa, lúc nào, giá trị hiện tại")
    current: ValueOut = Field(description="Giá trị hiện tại (không bị ghi đè)")


class EvidenceOut(Schema):
    id: int = Field(description="Số hiệu nội bộ của minh chứng")
    report_id: int = Field(description="Báo cáo")
    name: str = Field(description="Tên minh chứng")
    note: str = Field(description="Ghi chú")
    indicator_code: str | None = Field(description="Minh chứng cho chỉ tiêu này")
    criterion_code: str | None = Field(description="Minh chứng cho tiêu chí này")
    original_name: str = Field(description="Tên tệp khi tải lên lần đầu")
    content_type: str = Field(description="Kiểu nội dung")
    size: int = Field(description="Dung lượng (byte)")
    sha256: str = Field(description="Mã băm SHA-256 của nội dung")
    uploaded_at: dt.datetime = Field(description="Tải lên lúc")
    download_url: str = Field(description="Đường dẫn tải tệp (API)")


def _value_out(row: ReportValue, indicator: Indicator) -> ValueOut:
    return ValueOut(
        indicator_id=indicator.pk,
        indicator_code=indicator.code,
        indicator_name=indicator.name,
        value_type=indicator.value_type,
        value=row.value,
        text=row.text,
        explanation=row.explanation,
        is_computed=row.is_computed,
        revision=row.revision,
        updated_at=row.updated_at,
    )


def _report(user: User, report_id: int) -> Report:
    require_anywhere(user, Perm.VIEW_REPORT)
    report = report_for(user, report_id)
    if report is None:
        raise Http404
    return report


@router.get("/reports", response=list[ReportOut], summary="Báo cáo định kỳ trong phạm vi")
@paginate(LimitOffsetPagination)
def list_reports(request: HttpRequest, filters: Query[ReportFilters]) -> QuerySet[Report]:
    """The reports of the units where the caller holds VIEW_REPORT (units that have not started
    have no report), newest period first."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_REPORT)
    reports = reports_visible_to(user).select_related("period", "unit")
    if filters.movement_id is not None:
        reports = reports.filter(movement_id=filters.movement_id)
    if filters.period_id is not None:
        reports = reports.filter(period_id=filters.period_id)
    if filters.unit_id is not None:
        reports = reports.filter(unit_id=filters.unit_id)
    if filters.status is not None:
        reports = reports.filter(status=filters.status)
    return reports.order_by("-period__end_date", "unit__path", "pk")


@router.get("/reports/{report_id}", response=ReportDetailOut, summary="Một báo cáo và số liệu")
def get_report(request: HttpRequest, report_id: int) -> ReportDetailOut:
    user = acting_user(request)
    report = _report(user, report_id)
    rows = ReportValue.objects.filter(report=report).select_related("indicator")
    values = sorted(
        (_value_out(row, row.indicator) for row in rows),
        key=lambda value: value.indicator_code,
    )
    return ReportDetailOut(**ReportOut.model_validate(report).model_dump(), values=values)


@router.put(
    "/reports/{report_id}/values/{indicator_code}",
    response={200: SavedOut, 409: StaleOut},
    summary="Ghi một giá trị",
)
def put_value(
    request: HttpRequest, report_id: int, indicator_code: str, payload: ValueIn
) -> SavedOut | Status[StaleOut]:
    """Same rules as the entry page: ENTER_REPORT on the report's unit, a draft or returned
    report, the entry window open, a value of the indicator's kind. A stale `revision` → 409
    with the current value (nothing written)."""
    user = acting_user(request)
    require_anywhere(user, Perm.ENTER_REPORT)
    report = _report(user, report_id)
    indicator = Indicator.objects.filter(
        movement_id=report.movement_id, code=indicator_code.strip().upper()
    ).first()
    if indicator is None:
        raise Http404
    try:
        saved = save_value(
            report=report,
            indicator=indicator,
            raw=payload.raw,
            revision=payload.revision,
            by=user,
            explanation=payload.explanation,
        )
    except StaleValueError as stale:
        current = ReportValue.objects.get(report=report, indicator=indicator)
        return Status(409, StaleOut(detail=stale.message, current=_value_out(current, indicator)))
    return SavedOut(
        value=_value_out(saved.row, indicator),
        computed=[_value_out(row, row.indicator) for row in saved.computed],
        changed=saved.changed,
        report_revision=saved.report_revision,
    )


def _evidence_out(item: Evidence) -> EvidenceOut:
    return EvidenceOut(
        id=item.pk,
        report_id=item.report_id,
        name=item.name,
        note=item.note,
        indicator_code=item.indicator.code if item.indicator else None,
        criterion_code=item.criterion.code if item.criterion else None,
        original_name=item.blob.original_name,
        content_type=item.blob.content_type,
        size=item.blob.size,
        sha256=item.blob.sha256,
        uploaded_at=item.uploaded_at,
        download_url=f"/api/v1/evidence/{item.pk}/download",
    )


@router.get(
    "/reports/{report_id}/evidence", response=list[EvidenceOut], summary="Minh chứng của báo cáo"
)
def list_evidence(request: HttpRequest, report_id: int) -> list[EvidenceOut]:
    user = acting_user(request)
    report = _report(user, report_id)
    return [_evidence_out(item) for item in evidence_of_report(report.pk)]


@router.get(
    "/evidence/{evidence_id}/download",
    response={200: None},
    summary="Tải tệp minh chứng",
)
def download_evidence(request: HttpRequest, evidence_id: int) -> FileResponse:
    """The file as an attachment (same scope as its report)."""
    user = acting_user(request)
    require_anywhere(user, Perm.VIEW_REPORT)
    item = evidence_for(user, evidence_id)
    if item is None:
        raise Http404
    extension = PurePath(item.blob.file.name or "").suffix
    filename = item.name if item.name.lower().endswith(extension) else f"{item.name}{extension}"
    try:
        handle = item.blob.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle, as_attachment=True, filename=filename, content_type=item.blob.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
