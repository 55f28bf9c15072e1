"""Excel in and out, the way every list and import of the product uses it.

Writing: streamed (openpyxl write-only), header row bold and frozen, and every text cell that
a spreadsheet would run as a formula (=, +, -, @, tab, CR) is prefixed with an apostrophe so an
export can never carry formula injection. Reading: checks the file really is an .xlsx before
openpyxl sees it, and reports problems in Vietnamese.
"""

import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.utils import timezone
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from thidua.core.errors import DomainError

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: Any) -> Any:
    """A cell value that a spreadsheet will show as text, never evaluate."""
    if isinstance(value, str) and value.startswith(_FORMULA_PREFIXES):
        return "'" + value
    return value


@dataclass(frozen=True)
class Column:
    header: str
    width: int = 18
    # A list of allowed values adds an in-cell dropdown to the template (rows 2..max_rows).
    choices: Sequence[str] = ()
    note: str = ""


def build_workbook(
    *,
    title: str,
    columns: Sequence[Column],
    rows: Iterable[Sequence[Any]],
    instructions: Sequence[str] = (),
    template_rows: int = 0,
) -> bytes:
    """An .xlsx with one data sheet (and an instructions sheet when given).

    With `template_rows`, dropdowns for columns with `choices` cover that many rows, for
    import templates a user fills in.
    """
    workbook = Workbook(write_only=not template_rows)
    if template_rows:
        sheet = workbook.active
        if sheet is None:  # pragma: no cover - a new Workbook always has an active sheet
            raise RuntimeError("openpyxl returned a workbook without a sheet")
        sheet.title = title[:31]
        _write_editable(sheet, columns, rows, template_rows)
    else:
        sheet = workbook.create_sheet(title[:31])
        _write_streamed(sheet, columns, rows)
    if instructions:
        notes = workbook.create_sheet("Hướng dẫn")
        for line in instructions:
            notes.append([line])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


_HEADER_FONT = Font(bold=True, name="Times New Roman")
_HEADER_FILL = PatternFill("solid", start_color="DDEBF7")


def _write_streamed(sheet: Any, columns: Sequence[Column], rows: Iterable[Sequence[Any]]) -> None:
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    header = []
    for column in columns:
        cell = WriteOnlyCell(sheet, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        header.append(cell)
    sheet.append(header)
    for row in rows:
        sheet.append([_cell_value(value) for value in row])


def _write_editable(
    sheet: Any, columns: Sequence[Column], rows: Iterable[Sequence[Any]], template_rows: int
) -> None:
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        cell = sheet.cell(row=1, column=index, value=column.header)
        cell.font = _HEADER_FONT
        cell.fill = _HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle="Giá trị không hợp lệ",
                error="Hãy chọn một giá trị trong danh sách.",
            )
            sheet.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{template_rows + 1}")
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([_cell_value(value) for value in row])


def _cell_value(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        # Excel has no time zones: write local wall-clock time.
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.replace(tzinfo=None)
    return neutralise(value)


class SpreadsheetError(DomainError):
    """The uploaded file cannot be read as the expected spreadsheet."""


@dataclass(frozen=True)
class SheetRow:
    number: int  # the row number the user sees in Excel (header is row 1)
    values: dict[str, Any]


def open_rows(
    stream: IO[bytes],
    *,
    required_headers: Sequence[str],
    optional_headers: Sequence[str] = (),
    max_rows: int = 200_000,
) -> tuple[int, Iterator[SheetRow]]:
    """Open the first sheet of an .xlsx and return (row count, rows keyed by header).

    Refuses, in Vietnamese, a file that is not an .xlsx, a corrupt one, one missing a required
    column, and one over `max_rows`. Empty rows are skipped; header matching ignores case and
    surrounding spaces.
    """
    head = stream.read(4)
    stream.seek(0)
    if head != b"PK\x03\x04":
        raise SpreadsheetError(
            "Tệp không phải là bảng tính Excel (.xlsx). Hãy tải mẫu, điền dữ liệu và lưu dưới "
            "dạng .xlsx.",
            field="file",
        )
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise SpreadsheetError(
            "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx.", field="file"
        ) from exc
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise SpreadsheetError("Tệp Excel không có trang tính nào.", field="file")

    iterator = sheet.iter_rows(values_only=True)
    header_row = next(iterator, None)
    if header_row is None:
        raise SpreadsheetError("Tệp Excel trống: không có dòng tiêu đề.", field="file")
    wanted = {h.strip().lower(): h for h in [*required_headers, *optional_headers]}
    positions: dict[str, int] = {}
    for index, raw in enumerate(header_row):
        key = str(raw).strip().lower() if raw is not None else ""
        if key in wanted and wanted[key] not in positions:
            positions[wanted[key]] = index
    missing = [h for h in required_headers if h not in positions]
    if missing:
        raise SpreadsheetError(
            "Thiếu cột bắt buộc: " + ", ".join(f"“{h}”" for h in missing) + ". Hãy dùng tệp mẫu.",
            field="file",
        )
    total = max((sheet.max_row or 1) - 1, 0)
    if total > max_rows:
        raise SpreadsheetError(
            # Vietnamese grouping (1.234) in the numbers only, not in the sentence's comma.
            f"Tệp có {total:_} dòng, vượt quá giới hạn {max_rows:_} dòng mỗi lần nhập.".replace(
                "_", "."
            ),
            field="file",
        )

    def rows() -> Iterator[SheetRow]:
        for number, raw_row in enumerate(iterator, start=2):
            if raw_row is None or all(v is None or str(v).strip() == "" for v in raw_row):
                continue
            values = {
                header: (raw_row[index] if index < len(raw_row) else None)
                for header, index in positions.items()
            }
            yield SheetRow(number=number, values=values)
        workbook.close()

    return total, rows()
