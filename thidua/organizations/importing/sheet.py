"""Opening an import file: headers matched loosely, rows keyed by the template's headers.

The refusals are those of `core.spreadsheets.open_rows`, in the same words (not an .xlsx,
corrupt, empty, missing a required column, too many rows). Imports read their files themselves
because they need two things `open_rows` does not do: match a header whatever its case,
diacritics or punctuation ("ho va ten" is "Họ và tên"), and know the number of rows of a file
written without a dimension (openpyxl's streamed writer), for the progress bar and to decide
whether the import runs during the request. The workbook is opened once per pass: loading a
large streamed file costs a full parse of its sheet in openpyxl.
"""

import re
import zipfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any
from xml.etree.ElementTree import ParseError

from openpyxl import load_workbook

from thidua.core.spreadsheets import SheetRow, SpreadsheetError
from thidua.organizations.importing.rows import ColumnSpec, match_key

_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>]")
_TAIL = 16
_READ_ERRORS = (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, ParseError)
NOT_XLSX = (
    "Tệp không phải là bảng tính Excel (.xlsx). Hãy tải mẫu, điền dữ liệu và lưu dưới dạng .xlsx."
)
CORRUPT = "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx."


@dataclass(frozen=True)
class ImportSheet:
    """`total` is the number of data rows the sheet declares (an upper bound: blank rows are
    skipped when reading); `rows` are keyed by the template's headers, with only the columns
    the file has. Exhaust or close `rows` to close the workbook."""

    total: int
    rows: Iterator[SheetRow]


def _so(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def open_import_sheet(
    stream: IO[bytes], columns: Sequence[ColumnSpec], *, max_rows: int
) -> ImportSheet:
    """Open the first sheet of an import file; refuse it in Vietnamese if it cannot be read,
    lacks a required column or has more than `max_rows` rows."""
    workbook, total, positions, iterator = _open(stream, columns, max_rows)

    def rows() -> Iterator[SheetRow]:
        try:
            for number, raw in enumerate(iterator, start=2):
                if raw is None or all(v is None or str(v).strip() == "" for v in raw):
                    continue
                values = {
                    header: (raw[index] if index < len(raw) else None)
                    for header, index in positions.items()
                }
                yield SheetRow(number=number, values=values)
        except _READ_ERRORS as exc:
            raise SpreadsheetError(CORRUPT, field="file") from exc
        finally:
            workbook.close()

    return ImportSheet(total=total, rows=rows())


def count_import_rows(stream: IO[bytes], columns: Sequence[ColumnSpec], *, max_rows: int) -> int:
    """Check an import file as `open_import_sheet` does and return its number of data rows."""
    workbook, total, _, _ = _open(stream, columns, max_rows)
    workbook.close()
    return total


def _open(
    stream: IO[bytes], columns: Sequence[ColumnSpec], max_rows: int
) -> tuple[Any, int, dict[str, int], Iterator[tuple[Any, ...]]]:
    head = stream.read(4)
    stream.seek(0)
    if head != b"PK\x03\x04":
        raise SpreadsheetError(NOT_XLSX, field="file")
    try:
        workbook = load_workbook(stream, read_only=True, data_only=True)
    except _READ_ERRORS as exc:
        raise SpreadsheetError(CORRUPT, field="file") from exc
    try:
        total, positions, iterator = _inspect(workbook, columns, max_rows)
    except BaseException:
        workbook.close()
        raise
    return workbook, total, positions, iterator


def _inspect(
    workbook: Any, columns: Sequence[ColumnSpec], max_rows: int
) -> tuple[int, dict[str, int], Iterator[tuple[Any, ...]]]:
    sheet = workbook.worksheets[0] if workbook.worksheets else None
    if sheet is None:
        raise SpreadsheetError("Tệp Excel không có trang tính nào.", field="file")
    try:
        iterator = sheet.iter_rows(values_only=True)
        header = next(iterator, None)
    except _READ_ERRORS as exc:
        raise SpreadsheetError(CORRUPT, field="file") from exc
    if header is None:
        raise SpreadsheetError("Tệp Excel trống: không có dòng tiêu đề.", field="file")
    wanted = {match_key(spec.header): spec.header for spec in columns}
    positions: dict[str, int] = {}
    for index, raw in enumerate(header):
        canonical = wanted.get(match_key(str(raw))) if raw is not None else None
        if canonical is not None and canonical not in positions:
            positions[canonical] = index
    missing = [spec.header for spec in columns if spec.required and spec.header not in positions]
    if missing:
        raise SpreadsheetError(
            "Thiếu cột bắt buộc: " + ", ".join(f"“{h}”" for h in missing) + ". Hãy dùng tệp mẫu.",
            field="file",
        )
    if sheet.max_row is not None:
        total = max(sheet.max_row - 1, 0)
    else:
        total = max(_count_rows(sheet) - 1, 0)
    if total > max_rows:
        raise SpreadsheetError(
            f"Tệp có {_so(total)} dòng, vượt quá giới hạn {_so(max_rows)} dòng mỗi lần nhập.",
            field="file",
        )
    return total, positions, iterator


def _count_rows(sheet: Any) -> int:
    """Rows in the sheet's XML, for files written without a dimension (streamed writers).

    Scanning the raw XML takes milliseconds where parsing every cell takes seconds.
    """
    count = 0
    tail = b""
    # openpyxl's read-only sheet opens its XML part on demand; there is no public accessor.
    with sheet._get_source() as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            count += len(_ROW_TAG.findall(data)) - len(_ROW_TAG.findall(tail))
            tail = data[-_TAIL:]
    return count
