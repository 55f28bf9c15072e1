"""API v1 of reporting: the Excel bulk entry of a period (template, upload, job status).

The same selectors and services as the pages: a user who may enter reports nowhere gets 403;
a period outside their movements, or another user's job, 404."""

import datetime as dt
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, File, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from thidua.accounts.models import User
from thidua.core.errors import PermissionDeniedError
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.models import Period
from thidua.organizations.api.common import acting_user, get_in_scope
from thidua.reporting.enums import JobStatus
from thidua.reporting.import_tasks import start_values_import
from thidua.reporting.models import ValuesImport
from thidua.reporting.selectors.imports import (
    import_errors,
    may_import_anywhere,
    period_for_import,
    values_imports_visible_to,
)
from thidua.reporting.services.imports import build_values_template, create_values_import

router = Router(tags=["Báo cáo định kỳ"])

JobStatusName = Literal["pending", "running", "succeeded", "failed"]


class TemplateQuery(Schema):
    include_sub_units: bool = Field(
        False, description="Thêm các khoa, phòng của đơn vị (nếu khoa, phòng báo cáo phần mình)"
    )


class ImportErrorOut(Schema):
    row: int = Field(description="Dòng trong Excel (dòng tiêu đề là 1)")
    column: str = Field(description="Cột: “Mã đơn vị” hoặc mã chỉ tiêu")
    message: str = Field(description="Lỗi, tiếng Việt")
    text: str = Field(description="“Dòng 7, cột CB_DAO_TAO: …”, để hiển thị")


class ValuesImportOut(Schema):
    id: int = Field(description="Số hiệu lượt nhập")
    period_id: int = Field(description="Kỳ báo cáo")
    period_name: str = Field(description="Tên kỳ báo cáo")
    status: JobStatusName = Field(
        description="pending (chờ), running (đang chạy), succeeded (xong), failed (thất bại, "
        "không ghi gì)"
    )
    original_name: str = Field(description="Tên tệp tải lên")
    total_rows: int = Field(description="Số dòng số liệu của tệp")
    processed_rows: int = Field(description="Số dòng đã đọc và kiểm tra")
    progress_percent: int = Field(description="Tiến độ, 0–100")
    written_values: int = Field(description="Số giá trị đã ghi (khi xong)")
    message: str = Field(description="Kết quả, tiếng Việt")
    errors: list[ImportErrorOut] = Field(description="Lỗi theo từng dòng, từng cột")
    errors_total: int = Field(description="Tổng số lỗi (danh sách có thể chỉ gồm phần đầu)")
    created_at: dt.datetime = Field(description="Thời điểm tải lên")
    started_at: dt.datetime | None = Field(description="Bắt đầu chạy")
    finished_at: dt.datetime | None = Field(description="Kết thúc")


def _require_entry(user: User) -> None:
    if not may_import_anywhere(user):
        raise PermissionDenied


def _period(user: User, period_id: int) -> Period:
    _require_entry(user)
    period = period_for_import(user, period_id)
    if period is None:
        raise Http404
    return period


def _out(job: ValuesImport) -> ValuesImportOut:
    errors = import_errors(job, limit=1_000)
    return ValuesImportOut(
        id=job.pk,
        period_id=job.period_id,
        period_name=job.period.name,
        status=job.status,  # type: ignore[arg-type]
        original_name=job.original_name,
        total_rows=job.total_rows,
        processed_rows=job.processed_rows,
        progress_percent=job.progress_percent,
        written_values=job.written_values,
        message=job.message,
        errors=[
            ImportErrorOut(
                row=int(error["row"]),
                column=str(error.get("column") or ""),
                message=str(error.get("message") or ""),
                text=f"Dòng {error['row']}, cột {error.get('column') or ''}: "
                f"{error.get('message') or ''}",
            )
            for error in errors.rows
        ],
        errors_total=errors.total,
        created_at=job.created_at,
        started_at=job.started_at,
        finished_at=job.finished_at,
    )


@router.get(
    "/periods/{period_id}/values-template",
    summary="Tệp mẫu Excel nhập số liệu của kỳ",
    response={200: None},
    openapi_extra={
        "responses": {200: {"description": "Tệp .xlsx", "content": {XLSX_CONTENT_TYPE: {}}}}
    },
)
def get_values_template(
    request: HttpRequest, period_id: int, query: Query[TemplateQuery]
) -> HttpResponse:
    """Rows: the units taking part whose reports the caller may enter; columns: the entered
    indicators, filled with the values already entered (as the page's template)."""
    user = acting_user(request)
    period = _period(user, period_id)
    try:
        filename, content = build_values_template(
            by=user, period=period, include_sub_units=query.include_sub_units
        )
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@router.post(
    "/periods/{period_id}/values-imports",
    response={201: ValuesImportOut, 202: ValuesImportOut},
    summary="Tải lên tệp Excel số liệu của kỳ",
)
def post_values_import(
    request: HttpRequest, period_id: int, file: File[UploadedFile]
) -> Status[ValuesImportOut]:
    """Multipart upload (field `file`, .xlsx). All or nothing, like the page: a small file is
    imported at once (201, status succeeded or failed with its errors); a larger one is queued
    (202, status pending): poll GET /values-imports/{id}. A file that is not a readable template
    is refused with 400 on `file`, and no job is created."""
    user = acting_user(request)
    period = _period(user, period_id)
    try:
        job = create_values_import(by=user, period=period, upload=file)
    except PermissionDeniedError as error:
        raise PermissionDenied(error.message) from error
    job = start_values_import(job, by=user)
    return Status(202 if job.status == JobStatus.PENDING else 201, _out(job))


@router.get(
    "/values-imports/{job_id}",
    response=ValuesImportOut,
    summary="Trạng thái một lượt nhập số liệu từ Excel",
)
def get_values_import(request: HttpRequest, job_id: int) -> ValuesImportOut:
    """Progress, outcome and the errors row by row (the first 1.000)."""
    user = acting_user(request)
    _require_entry(user)
    return _out(get_in_scope(values_imports_visible_to(user), job_id))
