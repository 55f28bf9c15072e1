"""Excel in and out: formula injection neutralised, bold frozen header, Vietnamese refusals."""

import datetime as dt
import io
import zipfile
from zoneinfo import ZoneInfo

import pytest
from openpyxl import Workbook, load_workbook

from thidua.core.spreadsheets import (
    Column,
    SheetRow,
    SpreadsheetError,
    build_workbook,
    neutralise,
    open_rows,
)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _open(content: bytes):
    return load_workbook(io.BytesIO(content))


def _xlsx(rows: list[list[object]]) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


# --- Writing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+84912345678", "'+84912345678"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Nguyễn Văn An", "Nguyễn Văn An"),
        ("", ""),
        (-5, -5),
        (3.5, 3.5),
        (None, None),
    ],
)
def test_neutralise_prefixes_formula_text_only(value, expected):
    assert neutralise(value) == expected


def test_build_workbook_neutralises_formulas_in_cells():
    content = build_workbook(
        title="Cán bộ",
        columns=[Column("Họ và tên"), Column("Ghi chú")],
        rows=[["=1+1", "@cmd"], ["Trần Thị Bình", -3]],
    )

    sheet = _open(content)["Cán bộ"]
    assert [[cell.value for cell in row] for row in sheet.iter_rows()] == [
        ["Họ và tên", "Ghi chú"],
        ["'=1+1", "'@cmd"],
        ["Trần Thị Bình", -3],
    ]
    assert sheet["B3"].data_type == "n"


def test_build_workbook_header_is_bold_and_frozen():
    content = build_workbook(
        title="Đơn vị", columns=[Column("Mã đơn vị", 12), Column("Tên đơn vị", 40)], rows=[]
    )

    sheet = _open(content)["Đơn vị"]
    assert (sheet["A1"].font.b, sheet["B1"].font.b) == (True, True)
    assert sheet.freeze_panes == "A2"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (12, 40)


def test_build_workbook_writes_local_wall_clock_time_and_blank_for_none():
    at = dt.datetime(2026, 3, 30, 18, 30, tzinfo=dt.UTC)  # 01:30 on 31/03 in Hà Nội

    content = build_workbook(
        title="Nhật ký", columns=[Column("Lúc"), Column("Lý do")], rows=[[at, None]]
    )

    sheet = _open(content)["Nhật ký"]
    written = sheet["A2"].value
    assert (written.tzinfo, written.replace(tzinfo=HANOI)) == (
        None,
        dt.datetime(2026, 3, 31, 1, 30, tzinfo=HANOI),
    )
    assert sheet["B2"].value is None


def test_build_workbook_adds_the_instructions_sheet():
    content = build_workbook(
        title="Mẫu", columns=[Column("Mã")], rows=[], instructions=["Dòng 1", "Dòng 2"]
    )

    workbook = _open(content)
    assert workbook.sheetnames == ["Mẫu", "Hướng dẫn"]
    assert [row[0].value for row in workbook["Hướng dẫn"].iter_rows()] == ["Dòng 1", "Dòng 2"]


def test_build_workbook_template_has_dropdowns_for_choices():
    content = build_workbook(
        title="Mẫu",
        columns=[Column("Họ và tên"), Column("Giới tính", choices=["Nam", "Nữ"])],
        rows=[],
        template_rows=100,
    )

    sheet = _open(content)["Mẫu"]
    [validation] = sheet.data_validations.dataValidation
    assert (validation.formula1, str(validation.sqref)) == ('"Nam,Nữ"', "B2:B101")
    assert sheet["B1"].font.b is True


def test_build_workbook_title_cut_to_excel_limit():
    content = build_workbook(title="Đ" * 40, columns=[Column("A")], rows=[])

    assert _open(content).sheetnames == ["Đ" * 31]


# --- Reading ------------------------------------------------------------------------------------


def test_open_rows_keys_values_by_header_and_skips_empty_rows():
    stream = _xlsx(
        [
            ["  MÃ CÁN BỘ ", "Họ và tên", "Cột thừa"],
            ["CB001", "Nguyễn Văn An", "x"],
            [None, None, None],
            ["CB002", "Trần Thị Bình", None],
        ]
    )

    total, rows = open_rows(stream, required_headers=["Mã cán bộ", "Họ và tên"])

    assert total == 3
    assert list(rows) == [
        SheetRow(number=2, values={"Mã cán bộ": "CB001", "Họ và tên": "Nguyễn Văn An"}),
        SheetRow(number=4, values={"Mã cán bộ": "CB002", "Họ và tên": "Trần Thị Bình"}),
    ]


def test_open_rows_optional_header_read_when_present():
    stream = _xlsx([["Mã", "Email"], ["CB001", "an@example.vn"]])

    _, rows = open_rows(stream, required_headers=["Mã"], optional_headers=["Email", "Điện thoại"])

    assert [row.values for row in rows] == [{"Mã": "CB001", "Email": "an@example.vn"}]


def test_open_rows_text_file_renamed_xlsx_refused_in_vietnamese():
    stream = io.BytesIO("Mã,Họ và tên\nCB001,Nguyễn Văn An\n".encode())

    with pytest.raises(SpreadsheetError) as caught:
        open_rows(stream, required_headers=["Mã"])

    assert caught.value.message == (
        "Tệp không phải là bảng tính Excel (.xlsx). Hãy tải mẫu, điền dữ liệu và lưu dưới "
        "dạng .xlsx."
    )
    assert caught.value.field == "file"


def test_open_rows_zip_that_is_not_a_workbook_refused():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    buffer.seek(0)

    with pytest.raises(SpreadsheetError) as caught:
        open_rows(buffer, required_headers=["Mã"])

    assert caught.value.message == (
        "Không đọc được tệp Excel: tệp bị hỏng hoặc không đúng định dạng .xlsx."
    )


def test_open_rows_missing_columns_named():
    stream = _xlsx([["Họ và tên"], ["Nguyễn Văn An"]])

    with pytest.raises(SpreadsheetError) as caught:
        open_rows(stream, required_headers=["Mã cán bộ", "Họ và tên", "Giới tính"])

    assert caught.value.message == (
        "Thiếu cột bắt buộc: “Mã cán bộ”, “Giới tính”. Hãy dùng tệp mẫu."
    )


def test_open_rows_empty_sheet_refused():
    stream = _xlsx([])

    with pytest.raises(SpreadsheetError) as caught:
        open_rows(stream, required_headers=["Mã"])

    assert caught.value.message == "Tệp Excel trống: không có dòng tiêu đề."


def test_open_rows_over_the_row_limit_refused_with_vietnamese_grouping():
    stream = _xlsx([["Mã"], *[[f"CB{n}"] for n in range(1235)]])

    with pytest.raises(SpreadsheetError) as caught:
        open_rows(stream, required_headers=["Mã"], max_rows=1000)

    assert caught.value.message == ("Tệp có 1.235 dòng, vượt quá giới hạn 1.000 dòng mỗi lần nhập.")
