"""Bulk entry of a period's values from Excel: the template (units × entered indicators, filled
with what is stored), the upload kept as a `ValuesImport` job, and the all-or-nothing import.

Two phases, like the imports of units and people (`organizations.services.imports`). Reading
and checking run outside any transaction: every cell is read by the same rules as the entry
page (`validation.parse_value`), every unit is checked (it exists, lies in the importer's scope,
takes part in the movement, its report is not submitted or approved, the entry window is open
for it, nobody changed its report since the template was downloaded). Any problem ends the job
FAILED with a Vietnamese error per row and column. Otherwise one transaction writes every
unit's changed values in bulk, by the rules of `services.entry` (drafts started for units
without a report, revisions bumped, the formulas recomputed by its own function, one audit
entry per report with old and new values) and one IMPORT audit entry with the counts.

Who may import a unit's values: ENTER_REPORT there (a unit officer, in their subtree) or
MANAGE_REPORTING there (the department officer, for every unit: figures sent on paper).

What a cell means: a value replaces the stored one; a blank cell means "no value" (it clears a
value entered before); a column missing from the file leaves that indicator as it is; a row
whose values are already those stored changes nothing (so a locked report may stay in the file
as long as its row is left alone).
"""

import datetime as dt
import io
import logging
import uuid
import zipfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.accounts.models import User
from thidua.core.audit import Changes, build_audit_entry, record_audit
from thidua.core.errors import DomainError, PermissionDeniedError
from thidua.core.models import AuditAction, AuditEntry
from thidua.core.spreadsheets import neutralise
from thidua.core.text import fold
from thidua.core.uploads import check_upload
from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator, Period
from thidua.organizations.importing.rows import (
    GENERAL_INSTRUCTIONS,
    RowError,
    cell_text,
    duplicate_errors,
    kept_errors,
    match_key,
    sort_errors,
)
from thidua.organizations.importing.sheet import CORRUPT, NOT_XLSX
from thidua.organizations.models import Unit
from thidua.organizations.services.clusters import common_ancestor_path
from thidua.organizations.services.imports import insert_many, update_many
from thidua.reporting.enums import JobStatus, ReportStatus
from thidua.reporting.models import EntryException, Report, ReportValue, ValuesImport
from thidua.reporting.selectors.imports import (
    entered_indicators,
    may_enter_for,
    may_import_anywhere,
    movement_indicators,
    participant_ids,
    reported_kinds,
    reports_of,
    stored_values,
    units_by_code,
    units_for_entry,
)

# The formulas are recomputed by the entry service's own function, so a value typed on the page
# and one imported give the same computed values.
from thidua.reporting.services.entry import MAX_TEXT, recompute_formulas
from thidua.reporting.validation import (
    LARGEST,
    NOT_A_NUMBER,
    NOT_YES_NO,
    TOO_LARGE,
    ValueProblem,
    check_range,
    format_number,
    parse_value,
)
from thidua.reporting.workflow import entry_window

logger = logging.getLogger(__name__)

UNIT_CODE = "Mã đơn vị"
UNIT_NAME = "Tên đơn vị"
REVISION = "Phiên bản báo cáo"
# The first cell of the template's second row: the row describing each column, skipped on import.
DESCRIPTION_MARK = "Diễn giải →"

MAX_BYTES = 5 * 1024 * 1024
MAX_ROWS = 10_000
# A file with more unit rows than this is imported by the `imports` task queue, with a
# progress bar; a smaller one during the upload request.
SYNC_MAX_ROWS = 30
ERRORS_KEPT = 1_000
_PLACES = Decimal("0.0001")
_READ_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError)
UNEXPECTED_FAILURE = (
    "Hệ thống gặp lỗi ngoài ý muốn khi nhập tệp này; chưa có số liệu nào được ghi. Sự cố đã "
    "được ghi lại. Hãy thử lại sau ít phút hoặc báo quản trị hệ thống."
)
ALL_OR_NOTHING = GENERAL_INSTRUCTIONS[-1]


def so(number: int) -> str:
    """1234567 → "1.234.567"."""
    return f"{number:,}".replace(",", ".")


def _ddmmyyyy(day: dt.date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


# -- The template --------------------------------------------------------------------------------


_KIND_HELP: dict[str, str] = {
    ValueType.NUMBER: "số",
    ValueType.PERCENTAGE: "tỉ lệ %, từ 0 đến 100",
    ValueType.COUNT: "số nguyên, không âm",
    ValueType.BOOLEAN: "Có hoặc Không",
    ValueType.TEXT: "văn bản",
}


def indicator_help(indicator: Indicator) -> str:
    """What a column accepts: "người; số nguyên, không âm; từ 0 đến 500"."""
    parts = [indicator.unit_label] if indicator.unit_label else []
    parts.append(_KIND_HELP.get(indicator.value_type, "số"))
    low, high = indicator.min_value, indicator.max_value
    if low is not None and high is not None:
        parts.append(f"từ {format_number(low)} đến {format_number(high)}")
    elif low is not None:
        parts.append(f"không nhỏ hơn {format_number(low)}")
    elif high is not None:
        parts.append(f"không lớn hơn {format_number(high)}")
    return "; ".join(parts)


def _description(indicator: Indicator) -> str:
    return f"{indicator.name} ({indicator_help(indicator)})"


def _instructions(period: Period, indicators: Sequence[Indicator]) -> list[str]:
    computed = [i for i in movement_indicators(period.movement) if i.is_computed]
    lines = [
        f"Nhập số liệu {period.name} — {period.movement.name}",
        f"Mở nhập liệu {_ddmmyyyy(period.opens_on)}; hạn nộp {_ddmmyyyy(period.due_on)}; khóa "
        f"số liệu sau ngày {_ddmmyyyy(period.locks_on)}.",
        "",
        "• Mỗi dòng là một đơn vị (theo mã đơn vị); mỗi cột sau “Tên đơn vị” là một chỉ tiêu, "
        "tiêu đề cột là mã chỉ tiêu. Giữ nguyên dòng tiêu đề và các mã; thứ tự cột tùy ý.",
        f"• Dòng 2 (“{DESCRIPTION_MARK}”) ghi tên chỉ tiêu, đơn vị tính và giới hạn cho phép; "
        "hệ thống bỏ qua dòng này khi nhập.",
        "• Số: nhập vào ô kiểu số, hoặc gõ theo cách viết Việt Nam: 1.234,5 (dấu chấm ngăn "
        "cách hàng nghìn, dấu phẩy trước phần thập phân); 12,5 là mười hai phẩy năm.",
        "• Tỉ lệ %: nhập số từ 0 đến 100 (85 là 85%), không định dạng ô kiểu %.",
        "• Số lượng: số nguyên không âm (ví dụ 12).",
        "• Có/Không: chọn “Có” hoặc “Không” trong danh sách (gõ 1 hoặc 0 cũng được).",
        "• Ô để trống: đơn vị không có số liệu của chỉ tiêu đó (số liệu đã nhập trước đây, nếu "
        "có, bị xóa). Xóa hẳn một cột: số liệu của chỉ tiêu đó được giữ nguyên.",
        "• Chỉ tiêu tính theo công thức không có trong mẫu: hệ thống tự tính lại sau khi nhập"
        + (f" ({', '.join(i.code for i in computed)})." if computed else "."),
        "• Báo cáo đã nộp (chờ duyệt) hoặc đã duyệt, hay đã hết thời hạn nhập liệu: không sửa "
        "được; để nguyên dòng của đơn vị đó (hoặc xóa dòng) thì không báo lỗi.",
        f"• Cột ẩn “{REVISION}” ghi phiên bản báo cáo lúc tải mẫu: nếu có người sửa báo cáo "
        "sau đó, dòng của đơn vị ấy bị từ chối để không ghi đè số liệu mới; hãy tải mẫu mới.",
        f"• {ALL_OR_NOTHING}",
        "",
        "Các chỉ tiêu:",
    ]
    lines += [f"• {i.code}: {_description(i)}." for i in indicators]
    return lines


_HEADER_FONT = Font(bold=True, name="Times New Roman")
_HEADER_FILL = PatternFill("solid", start_color="DDEBF7")
_NOTE_FONT = Font(italic=True, name="Times New Roman", size=9, color="44546A")
_NOTE_FILL = PatternFill("solid", start_color="F2F2F2")


def _template_cell(stored: ReportValue | None, indicator: Indicator) -> Any:
    if stored is None:
        return None
    if indicator.value_type == ValueType.TEXT:
        return neutralise(stored.text) or None
    if stored.value is None:
        return None
    if indicator.value_type == ValueType.BOOLEAN:
        return "Có" if stored.value else "Không"
    value = stored.value.normalize()
    return int(value) if value == value.to_integral_value() else value


def build_values_template(
    *, by: User, period: Period, include_sub_units: bool = False
) -> tuple[str, bytes]:
    """(file name, .xlsx) to fill in the period's values: a row per unit taking part whose report
    the user may enter (their khoa/phòng too when asked), a column per entered indicator (code
    on the first row, name, unit and allowed range on the second, with a comment on each code),
    filled with the values already entered, a hidden column with each report's revision, and a
    "Hướng dẫn" sheet. Every text cell is formula-injection safe. Refuses a user who may enter
    reports nowhere."""
    if not may_import_anywhere(by):
        raise PermissionDeniedError("Bạn không có quyền nhập báo cáo.")
    indicators = entered_indicators(period.movement)
    units = units_for_entry(by, period.movement, include_sub_units=include_sub_units)
    reports = reports_of(period, units)
    values = stored_values(reports.values())

    workbook = Workbook()
    sheet = workbook.active
    if sheet is None:  # pragma: no cover - a new Workbook always has an active sheet
        raise RuntimeError("openpyxl returned a workbook without a sheet")
    sheet.title = "Số liệu"
    headers = [UNIT_CODE, UNIT_NAME, *[i.code for i in indicators], REVISION]
    notes = [
        DESCRIPTION_MARK,
        "Tên đơn vị chỉ để đối chiếu, không được nhập.",
        *[_description(i) for i in indicators],
        "Không sửa cột này.",
    ]
    for index, (header, note) in enumerate(zip(headers, notes, strict=True), start=1):
        top = sheet.cell(row=1, column=index, value=neutralise(header))
        top.font, top.fill = _HEADER_FONT, _HEADER_FILL
        top.alignment = Alignment(horizontal="center", vertical="center")
        below = sheet.cell(row=2, column=index, value=neutralise(note))
        below.font, below.fill = _NOTE_FONT, _NOTE_FILL
        below.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = (
            14 if index == 1 else 40 if index == 2 else 18
        )
    for offset, indicator in enumerate(indicators, start=3):
        comment = Comment(
            f"{indicator.code}: {_description(indicator)}.\n"
            "Số viết kiểu 1.234,5; Có/Không; ô trống = không có số liệu.",
            "Thi Đua Số",
        )
        comment.width, comment.height = 300, 110
        sheet.cell(row=1, column=offset).comment = comment
    sheet.row_dimensions[2].height = 75
    revision_column = get_column_letter(len(headers))
    sheet.column_dimensions[revision_column].hidden = True
    sheet.freeze_panes = "C3"

    for unit in units:
        report = reports.get(unit.pk)
        row = [
            neutralise(unit.code),
            neutralise(unit.name),
            *[
                _template_cell(
                    values.get((report.pk, i.pk)) if report is not None else None,
                    i,
                )
                for i in indicators
            ],
            report.revision if report is not None else 0,
        ]
        sheet.append(row)

    last_row = max(len(units) + 2, 3) + 200  # room for rows added by hand
    for offset, indicator in enumerate(indicators, start=3):
        if indicator.value_type != ValueType.BOOLEAN:
            continue
        letter = get_column_letter(offset)
        validation = DataValidation(
            type="list",
            formula1='"Có,Không"',
            allow_blank=True,
            showErrorMessage=True,
            errorTitle="Giá trị không hợp lệ",
            error="Chọn “Có” hoặc “Không”.",
        )
        sheet.add_data_validation(validation)
        validation.add(f"{letter}3:{letter}{last_row}")

    guide = workbook.create_sheet("Hướng dẫn")
    guide.column_dimensions["A"].width = 120
    for line in _instructions(period, indicators):
        guide.append([neutralise(line)])
    guide["A1"].font = Font(bold=True, name="Times New Roman", size=12)

    buffer = io.BytesIO()
    workbook.save(buffer)
    movement_code = slugify(fold(period.movement.code)) or "phong-trao"
    return (
        f"nhap-so-lieu-{movement_code}-{slugify(fold(period.name).replace('/', ' '))}.xlsx",
        buffer.getvalue(),
    )


# -- Reading a file -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Sheet:
    header: list[str]  # the first row as text ("" for an empty cell)
    rows: list[tuple[int, tuple[Any, ...]]]  # (row number in Excel, cells) of each data row

    def position(self, wanted: str) -> int | None:
        key = match_key(wanted)
        for index, text in enumerate(self.header):
            if text and match_key(text) == key:
                return index
        return None


def _read_sheet(stream: IO[bytes]) -> _Sheet:
    """The first sheet of an .xlsx: its header and its data rows (blank rows and the template's
    description row left out). Refuses in Vietnamese a file that is not an .xlsx, a corrupt or
    empty one, one without the unit code column and one with more than `MAX_ROWS` rows."""
    head = stream.read(4)
    stream.seek(0)
    if head != b"PK\x03\x04":
        raise DomainError(NOT_XLSX, field="file")
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except _READ_ERRORS as exc:
        raise DomainError(CORRUPT, field="file") from exc
    try:
        if not workbook.worksheets:
            raise DomainError("Tệp Excel không có trang tính nào.", field="file")
        iterator: Iterator[tuple[Any, ...]] = workbook.worksheets[0].iter_rows(values_only=True)
        first = next(iterator, None)
        if first is None:
            raise DomainError("Tệp Excel trống: không có dòng tiêu đề.", field="file")
        header = [cell_text(cell) for cell in first]
        code_key = match_key(UNIT_CODE)
        if not any(text and match_key(text) == code_key for text in header):
            raise DomainError(
                f"Thiếu cột bắt buộc “{UNIT_CODE}”. Hãy dùng tệp mẫu tải từ trang nhập Excel.",
                field="file",
            )
        code_at = next(i for i, text in enumerate(header) if text and match_key(text) == code_key)
        mark = match_key(DESCRIPTION_MARK)
        rows: list[tuple[int, tuple[Any, ...]]] = []
        for number, cells in enumerate(iterator, start=2):
            if cells is None or all(c is None or str(c).strip() == "" for c in cells):
                continue
            code = cells[code_at] if code_at < len(cells) else None
            if isinstance(code, str) and match_key(code) == mark:
                continue
            rows.append((number, tuple(cells)))
            if len(rows) > MAX_ROWS:
                raise DomainError(
                    f"Tệp có hơn {so(MAX_ROWS)} dòng, vượt quá giới hạn mỗi lần nhập.",
                    field="file",
                )
    except _READ_ERRORS as exc:
        raise DomainError(CORRUPT, field="file") from exc
    finally:
        workbook.close()
    return _Sheet(header=header, rows=rows)


# -- Upload -------------------------------------------------------------------------------------


def create_values_import(*, by: User, period: Period, upload: UploadedFile[bytes]) -> ValuesImport:
    """Keep an uploaded file as a pending import job of the period, once it is known to be a
    readable template.

    Refuses, with a Vietnamese message for the `file` field and without creating a job: a user
    who may enter reports nowhere (PermissionDeniedError), a kind of period the movement does not
    report, a file that is not really an .xlsx (name, size up to `MAX_BYTES`, content), a corrupt
    or empty workbook, one without the unit code column or without any indicator column of the
    movement, one with no data row or more than `MAX_ROWS` rows.
    """
    if not may_import_anywhere(by):
        raise PermissionDeniedError("Bạn không có quyền nhập báo cáo.")
    if period.kind not in reported_kinds(period.movement):
        raise DomainError(
            f"Phong trào không yêu cầu báo cáo theo kỳ “{period.get_kind_display()}”.",
            field="file",
        )
    check_upload(upload, allowed_extensions={".xlsx"}, max_bytes=MAX_BYTES)
    upload.seek(0)
    sheet = _read_sheet(upload)
    codes = {match_key(i.code) for i in movement_indicators(period.movement)}
    if not any(text and match_key(text) in codes for text in sheet.header):
        raise DomainError(
            "Tệp không có cột chỉ tiêu nào của phong trào: tiêu đề mỗi cột chỉ tiêu là mã chỉ "
            "tiêu. Hãy dùng tệp mẫu.",
            field="file",
        )
    if not sheet.rows:
        raise DomainError("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.", field="file")
    upload.seek(0)
    job = ValuesImport(
        period=period,
        original_name=(upload.name or "so-lieu.xlsx")[:255],
        created_by=by,
        total_rows=len(sheet.rows),
    )
    job.file.save(f"so-lieu-{uuid.uuid4().hex}.xlsx", upload, save=False)
    job.save()
    return job


def runs_in_background(job: ValuesImport) -> bool:
    """Whether the job is large enough to go to the task queue rather than run in the request."""
    return job.total_rows > SYNC_MAX_ROWS


# -- Checking -----------------------------------------------------------------------------------


@dataclass
class _Columns:
    code: int
    revision: int | None
    indicators: list[tuple[int, Indicator]]  # (position, indicator) of each value column
    errors: list[RowError]


def _columns(sheet: _Sheet, indicators: Sequence[Indicator]) -> _Columns:
    """Where each known column is; an error (on row 1) for each column that is not one."""
    by_key = {match_key(i.code): i for i in indicators}
    fixed = {match_key(UNIT_CODE): "code", match_key(UNIT_NAME): "name", match_key(REVISION): "rev"}
    seen: dict[str, int] = {}
    code = revision = None
    found: list[tuple[int, Indicator]] = []
    errors: list[RowError] = []
    for index, text in enumerate(sheet.header):
        if not text:
            continue
        key = match_key(text)
        if key in seen:
            errors.append(
                RowError(1, text, f"Cột “{text}” có hai lần (cột {get_column_letter(index + 1)}).")
            )
            continue
        seen[key] = index
        role = fixed.get(key)
        if role == "code":
            code = index
        elif role == "rev":
            revision = index
        elif role is None:
            indicator = by_key.get(key)
            if indicator is None:
                errors.append(
                    RowError(
                        1,
                        text,
                        f"Không có chỉ tiêu mã “{text}” trong phong trào: tiêu đề mỗi cột chỉ "
                        "tiêu là mã chỉ tiêu. Hãy dùng tệp mẫu hoặc xóa cột này.",
                    )
                )
            elif indicator.is_computed:
                errors.append(
                    RowError(
                        1,
                        text,
                        f"Chỉ tiêu {indicator.code} tính theo công thức, không nhập: hãy xóa "
                        "cột này (hệ thống tự tính sau khi nhập).",
                    )
                )
            else:
                found.append((index, indicator))
    if code is None:  # pragma: no cover - `_read_sheet` refuses such a file
        raise DomainError(f"Thiếu cột bắt buộc “{UNIT_CODE}”.", field="file")
    return _Columns(code=code, revision=revision, indicators=found, errors=errors)


def read_cell(raw: Any, indicator: Indicator) -> Decimal | str | None:
    """A cell as the value to store: a Decimal (yes/no as 1/0), the text of a TEXT indicator, or
    None for a blank. Numbers typed as text are read like the entry page reads them
    (`parse_value`: "1.234,5", "12,5", "Có"); cells Excel holds as numbers are taken as they are.
    Raises `ValueProblem` (Vietnamese) for text in a number field, a negative or fractional
    count, a percentage over 100, a value outside the indicator's range."""
    if indicator.value_type == ValueType.TEXT:
        text = "" if raw is None else str(raw).strip()
        if len(text) > MAX_TEXT:
            raise ValueProblem(f"Nội dung dài quá {so(MAX_TEXT)} ký tự.")
        return text
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    if isinstance(raw, str):
        return parse_value(
            raw, indicator.value_type, min_value=indicator.min_value, max_value=indicator.max_value
        )
    if isinstance(raw, bool):
        if indicator.value_type == ValueType.BOOLEAN:
            return Decimal(int(raw))
        raise ValueProblem(NOT_A_NUMBER)
    if isinstance(raw, int | float | Decimal):
        number = Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw)
        if not number.is_finite():
            raise ValueProblem(NOT_A_NUMBER)
        if abs(number) >= LARGEST:
            raise ValueProblem(TOO_LARGE)
        number = number.quantize(_PLACES)
        if indicator.value_type == ValueType.BOOLEAN:
            if number not in {Decimal(0), Decimal(1)}:
                raise ValueProblem(NOT_YES_NO)
            return number
        problem = check_range(
            number,
            indicator.value_type,
            min_value=indicator.min_value,
            max_value=indicator.max_value,
        )
        if problem:
            raise ValueProblem(problem)
        return number
    # A date, a time or anything else Excel may hold.
    raise ValueProblem(NOT_A_NUMBER)


@dataclass
class UnitChanges:
    """What a row changes in a unit's report: indicator id → new value (only those that
    differ from what is stored)."""

    row: int
    unit: Unit
    report: Report | None
    values: dict[int, Decimal | str | None] = field(default_factory=dict)


@dataclass
class ImportPlan:
    errors: list[RowError]
    changes: list[UnitChanges]
    unchanged_units: int
    row_count: int


def _stored(value: ReportValue | None, indicator: Indicator) -> Decimal | str | None:
    if indicator.value_type == ValueType.TEXT:
        return value.text if value is not None else ""
    return value.value if value is not None else None


def _exceptions(period: Period) -> dict[int, dt.date]:
    """The latest exception date of each unit for the period (an exception of a đơn vị covers
    its khoa/phòng too, as `selectors.entry.exception_until` reads it)."""
    until: dict[int, dt.date] = {}
    for unit_id, day in EntryException.objects.filter(period=period).values_list(
        "unit_id", "until"
    ):
        until[unit_id] = max(day, until.get(unit_id, day))
    return until


def _exception_for(unit: Unit, exceptions: Mapping[int, dt.date]) -> dt.date | None:
    days = [
        exceptions[int(part)]
        for part in unit.path.strip("/").split("/")
        if part and int(part) in exceptions
    ]
    return max(days) if days else None


def _locked_message(report: Report, period: Period, unit: Unit) -> str:
    if report.status == ReportStatus.APPROVED:
        state = "đã được duyệt"
        remedy = "chỉ sửa được khi cấp duyệt hủy duyệt"
    else:
        state = "đã nộp, đang chờ duyệt"
        remedy = "chờ cấp duyệt quyết định hoặc trả lại để sửa"
    return (
        f"Báo cáo {period.name} của {unit.name} {state}: không sửa được số liệu ({remedy}). "
        "Hãy để nguyên hoặc xóa dòng này."
    )


def _conflict_message(report: Report, unit: Unit) -> str:
    latest = (
        ReportValue.objects.filter(report=report, is_computed=False, updated_by__isnull=False)
        .select_related("updated_by")
        .order_by("-updated_at")
        .first()
    )
    who, when = "Người khác", ""
    if latest is not None and latest.updated_by is not None:
        who = str(getattr(latest.updated_by, "display_name", "") or latest.updated_by)
        when = " lúc " + timezone.localtime(latest.updated_at).strftime("%H:%M ngày %d/%m/%Y")
    return (
        f"{who} đã sửa báo cáo của {unit.name}{when}, sau khi tệp mẫu được tải về: để không ghi "
        "đè số liệu mới, dòng này không được nhập. Hãy tải mẫu mới rồi nhập lại."
    )


class _Progress:
    """Moves `processed_rows` every ~2% of the rows, not on every row."""

    def __init__(self, job: ValuesImport, total: int) -> None:
        self.job_id = job.pk
        self.total = max(total, 1)
        self.step = max(1, self.total // 50)
        self.done = 0

    def tick(self) -> None:
        self.done += 1
        if self.done % self.step == 0:
            ValuesImport.objects.filter(pk=self.job_id).update(
                processed_rows=min(self.done, self.total)
            )


def _unit_problem(
    code: str, unit: Unit | None, *, by: User, period: Period, taking_part: set[int]
) -> str:
    """Why a row's unit cannot be imported ("" when it can): no code, an unknown code, a unit
    outside the importer's scope (checked before participation, so nothing is said of it), a
    unit that does not take part in the movement."""
    if not code:
        return "Thiếu mã đơn vị."
    if unit is None:
        return f"Không tìm thấy đơn vị có mã “{code}”."
    if not may_enter_for(by, unit):
        return (
            f"Bạn không được nhập báo cáo của đơn vị mã “{code}”: đơn vị nằm ngoài phạm vi được "
            "giao."
        )
    if unit.pk not in taking_part:
        return (
            f"Đơn vị {unit.name} ({code}) không tham gia phong trào “{period.movement.name}”, "
            "không báo cáo kỳ này."
        )
    return ""


def plan_import(
    *, by: User, period: Period, sheet: _Sheet, progress: _Progress | None = None
) -> ImportPlan:
    """Every problem of the file, and what it would change, unit by unit (nothing written)."""
    movement = period.movement
    columns = _columns(sheet, movement_indicators(movement))
    errors = list(columns.errors)
    codes = [
        (number, cell_text(cells[columns.code] if columns.code < len(cells) else None).upper())
        for number, cells in sheet.rows
    ]
    errors += duplicate_errors(codes, UNIT_CODE, "Mã đơn vị")
    duplicated = {error.row for error in errors if error.column == UNIT_CODE}
    units = units_by_code(code for _, code in codes if code)
    taking_part = participant_ids(movement)
    reports = reports_of(period, list(units.values()))
    stored = stored_values(reports.values())
    exceptions = _exceptions(period)
    today = timezone.localdate()

    indicator_of = {indicator.pk: indicator for _, indicator in columns.indicators}
    changes: list[UnitChanges] = []
    unchanged = 0
    for (number, cells), (_, code) in zip(sheet.rows, codes, strict=True):
        row_errors: list[RowError] = []
        parsed: dict[int, Decimal | str | None] = {}
        for position, indicator in columns.indicators:
            raw = cells[position] if position < len(cells) else None
            try:
                parsed[indicator.pk] = read_cell(raw, indicator)
            except ValueProblem as problem:
                row_errors.append(RowError(number, indicator.code, problem.message))
        unit = units.get(code) if code else None
        unit_error = _unit_problem(code, unit, by=by, period=period, taking_part=taking_part)
        if unit_error and number not in duplicated:
            row_errors.append(RowError(number, UNIT_CODE, unit_error))
        if unit is None or unit_error or number in duplicated:
            errors += row_errors
            if progress is not None:
                progress.tick()
            continue

        report = reports.get(unit.pk)
        differs = {
            indicator_id: value
            for indicator_id, value in parsed.items()
            if value
            != _stored(
                stored.get((report.pk, indicator_id)) if report is not None else None,
                indicator_of[indicator_id],
            )
        }
        if not differs or row_errors:
            errors += row_errors
            unchanged += 0 if row_errors else 1
            if progress is not None:
                progress.tick()
            continue
        if report is not None and report.is_locked:
            row_errors.append(RowError(number, UNIT_CODE, _locked_message(report, period, unit)))
        else:
            window = entry_window(
                today,
                opens_on=period.opens_on,
                due_on=period.due_on,
                locks_on=period.locks_on,
                exception_until=_exception_for(unit, exceptions),
            )
            if not window.accepts_entry:
                row_errors.append(RowError(number, UNIT_CODE, f"{unit.name}: {window.message}"))
        if not row_errors and columns.revision is not None:
            raw_revision = cells[columns.revision] if columns.revision < len(cells) else None
            loaded = cell_text(raw_revision)
            current = report.revision if report is not None else 0
            if loaded and loaded != str(current):
                row_errors.append(
                    RowError(
                        number,
                        UNIT_CODE,
                        _conflict_message(report, unit)
                        if report is not None
                        else f"Phiên bản báo cáo trong tệp ({loaded}) không khớp với hệ thống: "
                        "hãy tải mẫu mới rồi nhập lại.",
                    )
                )
        errors += row_errors
        if not row_errors:
            changes.append(UnitChanges(row=number, unit=unit, report=report, values=differs))
        if progress is not None:
            progress.tick()
    # Errors by row, then in the order of the file's columns.
    ordered_columns = [
        UNIT_CODE if i == columns.code else text for i, text in enumerate(sheet.header)
    ]
    for position, indicator in columns.indicators:
        ordered_columns[position] = indicator.code
    return ImportPlan(
        errors=sort_errors(errors, ordered_columns),
        changes=changes,
        unchanged_units=unchanged,
        row_count=len(sheet.rows),
    )


# -- Running ------------------------------------------------------------------------------------


class _RowRefusedError(Exception):
    """A write of one row was refused inside the transaction: roll everything back."""

    def __init__(self, error: RowError) -> None:
        super().__init__(error.message)
        self.error = error


def run_values_import(job: ValuesImport, *, by: User) -> ValuesImport:
    """Check every row of the job's file; if none is wrong, write them all in one transaction.

    Refuses (job FAILED, nothing written): any row error (stored row by row, the first
    `ERRORS_KEPT` of them), a file that can no longer be read, an importer who may no longer
    enter reports. An unexpected exception also ends the job FAILED with a Vietnamese message and
    is logged: a job is never left RUNNING. A job that is not PENDING is returned as it is, so a
    task delivered twice does not import twice.
    """
    claimed = ValuesImport.objects.filter(pk=job.pk, status=JobStatus.PENDING).update(
        status=JobStatus.RUNNING, started_at=timezone.now(), processed_rows=0
    )
    if not claimed:
        job.refresh_from_db()
        return job
    try:
        if not may_import_anywhere(by):
            raise DomainError("Người tải tệp lên không còn quyền nhập báo cáo.")
        period = Period.objects.select_related("movement__owner").get(pk=job.period_id)
        with job.file.open("rb") as stream:
            sheet = _read_sheet(stream)
        progress = _Progress(job, len(sheet.rows))
        plan = plan_import(by=by, period=period, sheet=sheet, progress=progress)
        ValuesImport.objects.filter(pk=job.pk).update(
            processed_rows=plan.row_count, total_rows=plan.row_count
        )
        if plan.errors:
            _fail_rows(job, plan.errors, plan.row_count)
        else:
            try:
                with transaction.atomic():
                    _write(job, by, period, plan)
            except _RowRefusedError as refused:
                _fail_rows(job, [refused.error], plan.row_count)
    except DomainError as exc:
        _finish_failed(job, message=exc.message)
    except Exception:
        logger.exception("Values import %s failed unexpectedly", job.pk)
        _finish_failed(job, message=UNEXPECTED_FAILURE)
    job.refresh_from_db()
    return job


def _refuse_if_changed(change: UnitChanges, report: Report | None, period: Period) -> None:
    """Inside the write transaction: refuse the row when its report was submitted, approved,
    started or changed by someone else since the file was checked."""
    planned = change.report.revision if change.report is not None else 0
    if report is None:
        return
    if report.is_locked:
        raise _RowRefusedError(
            RowError(change.row, UNIT_CODE, _locked_message(report, period, change.unit))
        )
    if report.revision != planned:
        raise _RowRefusedError(
            RowError(change.row, UNIT_CODE, _conflict_message(report, change.unit))
        )


def _shown(value: Decimal | str | None) -> str:
    if isinstance(value, Decimal):
        return format_number(value)
    return value or ""


def _write(job: ValuesImport, by: User, period: Period, plan: ImportPlan) -> None:
    """Write every changed unit's values in bulk, with the rules of `services.entry`: a missing
    report is started as a draft with a row per indicator, each changed value and each
    recomputed formula gets a new revision (entered ones the importer as `updated_by`), the
    report's revision is bumped and its "changed since approval" marker recomputed, and each
    report gets one audit entry with its old and new values. A few bulk statements instead of a
    dozen queries per report: the budget is a period of 150 units × 30 indicators in 10 s."""
    now = timezone.now()
    movement = period.movement
    indicators = {indicator.code: indicator for indicator in movement_indicators(movement)}
    by_id = {indicator.pk: indicator for indicator in indicators.values()}
    changes = {change.unit.pk: change for change in plan.changes}
    reports = {
        report.unit_id: report
        for report in Report.objects.select_for_update(of=("self",)).filter(
            period=period, unit_id__in=list(changes)
        )
    }
    for unit_id, change in changes.items():
        _refuse_if_changed(change, reports.get(unit_id), period)

    started = [
        Report(movement=movement, period=period, unit=change.unit, status=ReportStatus.DRAFT)
        for unit_id, change in changes.items()
        if unit_id not in reports
    ]
    Report.objects.bulk_create(started)
    for report in started:
        reports[report.unit_id] = report

    rows: dict[int, dict[str, ReportValue]] = {report.pk: {} for report in reports.values()}
    for row in ReportValue.objects.select_for_update(of=("self",)).filter(report__in=list(rows)):
        indicator = by_id.get(row.indicator_id)
        if indicator is not None:
            row.indicator = indicator
            rows[row.report_id][indicator.code] = row
    # Rows of the indicators a report has none for (every row of a report started here) are
    # inserted once they hold their values: one INSERT each, no UPDATE after.
    missing = [
        ReportValue(
            report=report, indicator=indicator, is_computed=indicator.is_computed, updated_at=now
        )
        for report in reports.values()
        for code, indicator in indicators.items()
        if code not in rows[report.pk]
    ]
    for row in missing:
        rows[row.report_id][row.indicator.code] = row

    written = 0
    changed_rows: list[ReportValue] = []
    touched: list[Report] = []
    entries: list[AuditEntry] = []
    reason = f"Nhập số liệu từ Excel (lượt nhập #{job.pk})."
    for unit_id, change in changes.items():
        report = reports[unit_id]
        report_rows = rows[report.pk]
        audit: Changes = {}
        entered: list[str] = []
        for indicator_id, value in change.values.items():
            indicator = by_id[indicator_id]
            row = report_rows[indicator.code]
            old: Decimal | str | None
            if indicator.value_type == ValueType.TEXT:
                old, row.text = row.text, str(value or "")
                new: Decimal | str | None = row.text
            else:
                old, row.value = row.value, value if isinstance(value, Decimal) else None
                new = row.value
            if old != new:
                audit[indicator.code] = [_shown(old), _shown(new)]
                entered.append(indicator.code)
        if not entered:
            continue
        before = {code: row.value for code, row in report_rows.items() if row.is_computed}
        recomputed = recompute_formulas(report_rows, indicators)
        for code in recomputed:
            audit[code] = [_shown(before.get(code)), _shown(report_rows[code].value)]
        for code in [*entered, *recomputed]:
            row = report_rows[code]
            row.revision += 1
            row.updated_at = now
            if code in entered:
                row.updated_by = by
            changed_rows.append(row)
        written += len(entered)
        report.revision += 1
        report.changed_since_approval = any(r.changed_since_approval for r in report_rows.values())
        report.updated_at = now
        touched.append(report)
        entries.append(
            build_audit_entry(
                actor=by,
                action=AuditAction.UPDATE,
                target_type="reporting.report",
                target_id=report.pk,
                target_repr=f"Báo cáo {period.name} của {change.unit.name}",
                unit_path=change.unit.path,
                changes=audit,
                reason=reason,
            )
        )
    insert_many(ReportValue, missing)
    update_many(
        ReportValue,
        [row for row in changed_rows if row.pk is not None],
        ["value", "text", "revision", "updated_by", "updated_at"],
    )
    update_many(Report, touched, ["revision", "changed_since_approval", "updated_at"])
    entries[:0] = [
        build_audit_entry(
            actor=by,
            action=AuditAction.CREATE,
            target_type="reporting.report",
            target_id=report.pk,
            target_repr=f"Báo cáo {period.name} của {changes[report.unit_id].unit.name}",
            unit_path=changes[report.unit_id].unit.path,
            reason=reason,
        )
        for report in started
    ]
    insert_many(AuditEntry, entries)
    created = len(started)
    units = len(touched)
    job.status = JobStatus.SUCCEEDED
    job.processed_rows = job.total_rows = plan.row_count
    job.written_values = written
    job.errors = []
    job.message = (
        f"Đã nhập số liệu {period.name} của {so(units)} đơn vị: {so(written)} giá trị được ghi, "
        f"{so(created)} báo cáo mới được tạo; {so(plan.unchanged_units)} đơn vị không thay đổi."
        if units
        else f"Tệp không thay đổi số liệu nào: {so(plan.unchanged_units)} đơn vị giữ nguyên."
    )
    job.finished_at = timezone.now()
    job.save(
        update_fields=[
            "status",
            "processed_rows",
            "total_rows",
            "written_values",
            "errors",
            "message",
            "finished_at",
            "updated_at",
        ]
    )
    record_audit(
        actor=by,
        action=AuditAction.IMPORT,
        target=job,
        target_repr=f"Số liệu {period.name} từ tệp “{job.original_name}”",
        unit_path=common_ancestor_path(change.unit.path for change in plan.changes)
        or period.movement.owner.path,
        changes={
            "rows": [0, plan.row_count],
            "units_changed": [0, units],
            "units_unchanged": [0, plan.unchanged_units],
            "reports_created": [0, created],
            "values_written": [0, written],
        },
        reason=f"Nhập số liệu {period.name} từ Excel (lượt nhập #{job.pk}).",
    )


def _finish_failed(
    job: ValuesImport,
    *,
    message: str,
    errors: Sequence[RowError] = (),
    row_count: int | None = None,
) -> None:
    kept = kept_errors(errors, ERRORS_KEPT)
    fields: dict[str, Any] = {
        "status": JobStatus.FAILED,
        "errors": kept,
        "message": message[:500],
        "finished_at": timezone.now(),
        "written_values": 0,
    }
    if row_count is not None:
        fields["processed_rows"] = row_count
        fields["total_rows"] = row_count
    ValuesImport.objects.filter(pk=job.pk).update(**fields)


def _fail_rows(job: ValuesImport, errors: Sequence[RowError], row_count: int) -> None:
    bad_rows = len({error.row for error in errors})
    _finish_failed(
        job,
        message=f"Có {so(len(errors))} lỗi ở {so(bad_rows)} dòng (trên {so(row_count)} dòng "
        "số liệu); chưa ghi số liệu nào. Hãy sửa tệp theo danh sách lỗi rồi tải lên lại.",
        errors=errors,
        row_count=row_count,
    )
