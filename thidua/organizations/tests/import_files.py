"""Building small .xlsx files for the import tests."""

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from thidua.core.spreadsheets import XLSX_CONTENT_TYPE

PEOPLE_HEADERS = [
    "Mã cán bộ",
    "Họ và tên",
    "Giới tính",
    "Ngày sinh",
    "Mã đơn vị",
    "Chức vụ, chức danh",
    "Loại cán bộ",
    "Email",
    "Điện thoại",
    "Ngày bắt đầu công tác tại đơn vị",
]
UNIT_HEADERS = ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên", "Thứ tự"]


def xlsx_bytes(
    headers: Sequence[Any], rows: Sequence[Sequence[Any]], *, streamed: bool = False
) -> bytes:
    """A one-sheet workbook; `streamed` writes it the way openpyxl's write-only mode does
    (without a dimension, as big generated files are)."""
    workbook = Workbook(write_only=streamed)
    sheet = workbook.create_sheet("Dữ liệu") if streamed else workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "nhap.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def person_row(
    code: str,
    name: str,
    unit: str,
    *,
    gender: str = "Nữ",
    birth: Any = "17/05/1990",
    position: str = "Điều dưỡng",
    kind: str = "Viên chức",
    email: str = "",
    phone: str = "",
    start: Any = "01/02/2024",
) -> list[Any]:
    return [code, name, gender, birth, unit, position, kind, email, phone, start]
