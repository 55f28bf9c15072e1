"""What the tests of the Excel bulk entry share: building files, uploading them, reading a
downloaded template back."""

import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.accounts.models import User
from thidua.core.spreadsheets import XLSX_CONTENT_TYPE
from thidua.movements.models import Period

HEADERS = ["Mã đơn vị", "Tên đơn vị", "DVC_TONG", "DVC_TRUC_TUYEN", "CB_DAO_TAO", "DIEN_TAP"]


def xlsx_bytes(headers: Sequence[Any], rows: Sequence[Sequence[Any]]) -> bytes:
    """A one-sheet workbook: `headers` on row 1, then `rows`."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def upload_file(content: bytes, name: str = "so-lieu.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=XLSX_CONTENT_TYPE)


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def post_file(client: Client, period: Period, content: bytes, name: str = "so-lieu.xlsx") -> Any:
    upload = io.BytesIO(content)
    upload.name = name
    return client.post(reverse("reporting:values_upload", args=[period.pk]), {"file": upload})


def sheet_rows(content: bytes) -> list[list[Any]]:
    """The first sheet of a downloaded workbook, row by row."""
    workbook = load_workbook(io.BytesIO(content))
    return [list(row) for row in workbook.worksheets[0].iter_rows(values_only=True)]


def fill(content: bytes, cells: dict[tuple[str, str], Any]) -> bytes:
    """A downloaded template with some cells changed: (unit code, column header) → value."""
    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    rows = {sheet.cell(row=n, column=1).value: n for n in range(3, sheet.max_row + 1)}
    for (code, column), value in cells.items():
        sheet.cell(row=rows[code], column=header.index(column) + 1, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def download(client: Client, period: Period, **params: str) -> bytes:
    url = reverse("reporting:values_template", args=[period.pk])
    response = client.get(url, params)
    assert response.status_code == 200
    return bytes(response.content)
