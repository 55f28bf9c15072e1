"""The pure row parsers and checks of Excel imports: no database."""

import datetime as dt
import io
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook

from thidua.core.spreadsheets import SpreadsheetError
from thidua.core.text import fold
from thidua.organizations.importing import rows as r
from thidua.organizations.importing.plans import (
    ExistingPerson,
    ExistingUnit,
    UnitPlan,
    UnitRef,
    check_people,
    plan_units,
)
from thidua.organizations.importing.rows import RowError
from thidua.organizations.importing.sheet import open_import_sheet
from thidua.organizations.services.units import check_unit_abbreviation

TODAY = dt.date(2026, 3, 10)
VOCABULARY = r.Vocabulary(
    genders=r.Choices({"male": "Nam", "female": "Nữ"}),
    employment_kinds=r.Choices(
        {
            "civil_servant": "Công chức",
            "public_employee": "Viên chức",
            "worker": "Người lao động",
        }
    ),
    unit_kinds=r.Choices(
        {
            "department": "Sở",
            "hospital": "Bệnh viện",
            "district_centre": "Trung tâm Y tế quận, huyện",
            "clinical_department": "Khoa",
            "office": "Phòng",
        },
        unlisted=frozenset({"department"}),
    ),
    department_kind="department",
    sub_unit_kinds=frozenset({"clinical_department", "office"}),
    staff_code_pattern=re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-/]{0,31}$"),
    unit_code_pattern=re.compile(r"^[A-Z0-9][A-Z0-9_.\-]{0,31}$"),
    is_email=lambda text: re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", text) is not None,
    check_abbreviation=check_unit_abbreviation,
)


def cells(**values: object) -> dict[str, object]:
    base: dict[str, object] = {
        r.STAFF_CODE: "cb001",
        r.FULL_NAME: "  Nguyễn   Văn An ",
        r.UNIT_CODE: "bv_a_k1",
    }
    names = {
        "gender": r.GENDER,
        "birth": r.BIRTH_DATE,
        "position": r.POSITION,
        "kind": r.EMPLOYMENT_KIND,
        "email": r.EMAIL,
        "phone": r.PHONE,
        "start": r.START_DATE,
        "code": r.STAFF_CODE,
        "name": r.FULL_NAME,
        "unit": r.UNIT_CODE,
    }
    base.update({names[key]: value for key, value in values.items()})
    return base


def test_parse_person_row_normalises_and_folds_enumerations() -> None:
    row = r.parse_person_row(
        5,
        cells(
            gender="nu",
            kind="VIEN CHUC",
            birth="7/3/1985",
            email=" An@Example.VN ",
            phone=912345678,
        ),
        VOCABULARY,
        today=TODAY,
    )

    assert row == r.PersonRow(
        row=5,
        staff_code="CB001",
        full_name="Nguyễn Văn An",
        unit_code="BV_A_K1",
        values={
            "gender": "female",
            "employment_kind": "public_employee",
            "date_of_birth": dt.date(1985, 3, 7),
            "email": "an@example.vn",
            "phone": "912345678",
        },
        start_date=None,
    )


def test_parse_person_row_reads_excel_date_cells_and_whole_number_codes() -> None:
    row = r.parse_person_row(
        2,
        cells(code=1234.0, birth=dt.datetime(1990, 5, 17), start=dt.datetime(2024, 2, 1)),  # noqa: DTZ001 - Excel cells are naive
        VOCABULARY,
        today=TODAY,
    )

    assert isinstance(row, r.PersonRow)
    assert (row.staff_code, row.values, row.start_date) == (
        "1234",
        {"date_of_birth": dt.date(1990, 5, 17)},
        dt.date(2024, 2, 1),
    )


def test_parse_person_row_blank_optional_cells_clear_and_missing_columns_keep() -> None:
    row = r.parse_person_row(2, cells(position="", email=None), VOCABULARY, today=TODAY)

    assert isinstance(row, r.PersonRow)
    assert row.values == {"position": "", "email": ""}


def test_parse_person_row_reports_every_bad_cell_in_vietnamese() -> None:
    errors = r.parse_person_row(
        7,
        cells(
            code="CB 01",
            name="",
            unit="",
            gender="khác",
            kind="Hợp đồng",
            birth="31/02/1990",
            email="khong-phai-email",
            start="15/04/2026",
        ),
        VOCABULARY,
        today=TODAY,
    )

    assert errors == [
        RowError(
            7,
            r.STAFF_CODE,
            "Mã cán bộ “CB 01” không hợp lệ: chỉ gồm chữ không dấu, chữ số và các dấu - _ . /, "
            "tối đa 32 ký tự.",
        ),
        RowError(7, r.FULL_NAME, "Thiếu Họ và tên."),
        RowError(7, r.UNIT_CODE, "Thiếu Mã đơn vị."),
        RowError(7, r.GENDER, "Giới tính “khác” không hợp lệ; chọn một trong: Nam, Nữ."),
        RowError(
            7,
            r.EMPLOYMENT_KIND,
            "Loại cán bộ “Hợp đồng” không hợp lệ; chọn một trong: Công chức, Viên chức, "
            "Người lao động.",
        ),
        RowError(7, r.BIRTH_DATE, "Ngày sinh “31/02/1990” không phải là ngày có thật."),
        RowError(7, r.EMAIL, "Email “khong-phai-email” không phải là địa chỉ thư điện tử hợp lệ."),
        RowError(
            7,
            r.START_DATE,
            "Ngày bắt đầu công tác tại đơn vị 15/04/2026 không hợp lệ (không được sau hôm nay).",
        ),
    ]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1990-13-01", "Ngày sinh “1990-13-01” không phải là ngày có thật."),
        ("17.05.90", "Ngày sinh “17.05.90” không đúng dạng ngày dd/mm/yyyy (ví dụ 15/03/1985)."),
        (33000, "Ngày sinh “33000” không đúng dạng ngày dd/mm/yyyy (ví dụ 15/03/1985)."),
        ("01/01/1920", "Ngày sinh 01/01/1920 không hợp lệ."),
    ],
)
def test_parse_person_row_bad_birth_dates(value: object, message: str) -> None:
    errors = r.parse_person_row(3, cells(birth=value), VOCABULARY, today=TODAY)

    assert errors == [RowError(3, r.BIRTH_DATE, message)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("17/05/1990", dt.date(1990, 5, 17)),
        ("1-2-2003", dt.date(2003, 2, 1)),
        ("01.12.1979", dt.date(1979, 12, 1)),
        ("2001-09-30", dt.date(2001, 9, 30)),
        ("", None),
    ],
)
def test_parse_date_accepts_day_month_year_text(text: str, expected: dt.date | None) -> None:
    assert r.parse_date(text, "Ngày") == expected


def test_parse_unit_row_matches_kind_labels_without_punctuation() -> None:
    row = r.parse_unit_row(
        4,
        {
            r.UNIT_CODE: "ttyt_bd",
            r.UNIT_NAME: "Trung tâm Y tế Ba Đình",
            r.UNIT_KIND: "trung tam y te quan/huyen",
            r.PARENT_CODE: "syt",
            r.SORT_ORDER: 3.0,
        },
        VOCABULARY,
    )

    assert row == r.UnitRow(
        row=4,
        code="TTYT_BD",
        name="Trung tâm Y tế Ba Đình",
        parent_code="SYT",
        kind="district_centre",
        sort_order=3,
    )


def test_parse_unit_row_refuses_department_kind_and_bad_order() -> None:
    errors = r.parse_unit_row(
        4,
        {
            r.UNIT_CODE: "X",
            r.UNIT_NAME: "X",
            r.UNIT_KIND: "Sở",
            r.PARENT_CODE: "",
            r.SORT_ORDER: "-1",
        },
        VOCABULARY,
    )

    assert errors == [
        RowError(4, r.UNIT_KIND, "Chỉ đơn vị gốc (Sở) mới có loại “Sở”; chọn loại khác."),
        RowError(4, r.PARENT_CODE, "Thiếu Mã đơn vị cấp trên."),
        RowError(4, r.SORT_ORDER, "Thứ tự “-1” phải là một số nguyên không âm."),
    ]


def test_parse_unit_row_capitalises_the_abbreviation_and_a_blank_clears_it() -> None:
    base = {r.UNIT_CODE: "BV_XP", r.UNIT_NAME: "Bệnh viện Xanh Pôn", r.PARENT_CODE: "SYT"}

    typed = r.parse_unit_row(2, {**base, r.ABBREVIATION: " bvxp "}, VOCABULARY)
    blank = r.parse_unit_row(3, {**base, r.ABBREVIATION: None}, VOCABULARY)
    missing = r.parse_unit_row(4, base, VOCABULARY)

    assert [
        row.abbreviation if isinstance(row, r.UnitRow) else row for row in (typed, blank, missing)
    ] == ["BVXP", "", None]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("BV XP", "Chữ viết tắt không được chứa dấu cách hoặc dấu “/” (ví dụ: SYT, BVĐKĐĐ)."),
        ("SYT/BV", "Chữ viết tắt không được chứa dấu cách hoặc dấu “/” (ví dụ: SYT, BVĐKĐĐ)."),
        ("A" * 21, "Chữ viết tắt dài tối đa 20 ký tự."),
    ],
)
def test_parse_unit_row_refuses_a_bad_abbreviation_at_its_column(typed: str, message: str) -> None:
    errors = r.parse_unit_row(
        5,
        {
            r.UNIT_CODE: "BV_XP",
            r.UNIT_NAME: "Bệnh viện Xanh Pôn",
            r.PARENT_CODE: "SYT",
            r.ABBREVIATION: typed,
        },
        VOCABULARY,
    )

    assert errors == [RowError(5, r.ABBREVIATION, message)]


def test_duplicate_errors_name_the_other_rows() -> None:
    errors = r.duplicate_errors(
        [(2, "CB1"), (3, "CB2"), (4, "CB1"), (6, "CB1"), (7, "")], r.STAFF_CODE, "Mã cán bộ"
    )

    assert errors == [
        RowError(2, r.STAFF_CODE, "Mã cán bộ “CB1” bị trùng: cũng có ở dòng 4 và 6."),
        RowError(4, r.STAFF_CODE, "Mã cán bộ “CB1” bị trùng: cũng có ở dòng 2 và 6."),
        RowError(6, r.STAFF_CODE, "Mã cán bộ “CB1” bị trùng: cũng có ở dòng 2 và 4."),
    ]


VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
)


@given(st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + " ,./-_()", max_size=40))
def test_match_key_ignores_case_diacritics_and_punctuation(text: str) -> None:
    key = r.match_key(text)

    assert r.match_key(text.upper()) == key
    assert r.match_key(fold(text)) == key
    assert r.match_key(key) == key
    assert set(key) <= set("abcdefghijklmnopqrstuvwxyz ")


def test_match_key_examples() -> None:
    assert [r.match_key(t) for t in ["Chức vụ,  chức danh", "chuc vu chuc danh", "NỮ"]] == [
        "chuc vu chuc danh",
        "chuc vu chuc danh",
        "nu",
    ]


# -- People checks ------------------------------------------------------------------------------

A1 = UnitRef(id=3, code="BV_A_K1", path="/1/2/3/", is_active=True)
B1 = UnitRef(id=6, code="BV_B_K1", path="/1/5/6/", is_active=True)
CLOSED = UnitRef(id=9, code="CLOSED", path="/1/2/9/", is_active=False)
UNITS = {u.code: u for u in (A1, B1, CLOSED)}


def in_a(path: str) -> bool:
    return path.startswith("/1/2/")


def person(
    row: int, code: str, unit: str, start: dt.date | None = None, **values: object
) -> r.PersonRow:
    return r.PersonRow(
        row=row,
        staff_code=code,
        full_name="Lê Văn Tám",
        unit_code=unit,
        values={"gender": "male", "employment_kind": "worker", **values},
        start_date=start,
    )


def test_check_people_refuses_unknown_closed_and_out_of_scope_units() -> None:
    rows = [
        person(2, "N1", "BV_A_K1"),
        person(3, "N2", "NONE"),
        person(4, "N3", "CLOSED"),
        person(5, "N4", "BV_B_K1"),
    ]

    errors = check_people(rows, units=UNITS, existing={}, may_change=in_a, today=TODAY)

    assert errors == [
        RowError(3, r.UNIT_CODE, "Không tìm thấy đơn vị có mã “NONE”."),
        RowError(4, r.UNIT_CODE, "Đơn vị “CLOSED” đã ngừng hoạt động."),
        RowError(5, r.UNIT_CODE, "Đơn vị “BV_B_K1” nằm ngoài phạm vi bạn được cập nhật cán bộ."),
    ]


def test_check_people_new_person_needs_gender_and_kind() -> None:
    row = r.PersonRow(
        row=2, staff_code="N1", full_name="A", unit_code="BV_A_K1", values={}, start_date=None
    )

    errors = check_people([row], units=UNITS, existing={}, may_change=in_a, today=TODAY)

    assert errors == [
        RowError(2, r.GENDER, "Thiếu Giới tính (bắt buộc với người mới)."),
        RowError(2, r.EMPLOYMENT_KIND, "Thiếu Loại cán bộ (bắt buộc với người mới)."),
    ]


def test_check_people_refuses_person_of_other_scope_and_move_dated_too_early() -> None:
    existing = {
        "OUT": ExistingPerson(id=1, unit_id=6, unit_path="/1/5/6/", open_since=dt.date(2020, 1, 1)),
        "MOV": ExistingPerson(id=2, unit_id=9, unit_path="/1/2/9/", open_since=dt.date(2024, 5, 1)),
    }
    rows = [person(2, "OUT", "BV_A_K1"), person(3, "MOV", "BV_A_K1", start=dt.date(2024, 5, 1))]

    errors = check_people(rows, units=UNITS, existing=existing, may_change=in_a, today=TODAY)

    assert errors == [
        RowError(
            2,
            r.STAFF_CODE,
            "Mã cán bộ “OUT” là của một người thuộc đơn vị ngoài phạm vi của bạn; không thể cập nhật.",
        ),
        RowError(
            3,
            r.START_DATE,
            "Ngày bắt đầu công tác tại đơn vị mới (01/05/2024) phải sau ngày bắt đầu công tác tại "
            "đơn vị hiện tại (01/05/2024).",
        ),
    ]


# -- Unit plans ---------------------------------------------------------------------------------


def stored(
    pk: int, code: str, parent: str | None, path: str, kind: str = "hospital"
) -> ExistingUnit:
    return ExistingUnit(
        id=pk,
        code=code,
        name=f"Đơn vị {code}",
        kind=kind,
        parent_code=parent,
        path=path,
        is_active=True,
        sort_order=0,
    )


TREE = {
    u.code: u
    for u in (
        stored(1, "SYT", None, "/1/", kind="department"),
        stored(2, "BV_A", "SYT", "/1/2/"),
        stored(3, "BV_A_K1", "BV_A", "/1/2/3/", kind="clinical_department"),
        stored(5, "BV_B", "SYT", "/1/5/"),
    )
}


def unit(
    row: int,
    code: str,
    parent: str,
    kind: str | None = "clinical_department",
    name: str | None = None,
) -> r.UnitRow:
    return r.UnitRow(
        row=row,
        code=code,
        name=name or f"Đơn vị {code}",
        parent_code=parent,
        kind=kind,
        sort_order=None,
    )


def everywhere(path: str) -> bool:
    return True


def test_plan_units_orders_creates_parents_first_even_when_defined_later() -> None:
    rows = [unit(2, "K_CON", "K_CHA"), unit(3, "K_CHA", "BV_B")]

    plan = plan_units(rows, existing=TREE, may_change=everywhere, vocabulary=VOCABULARY)

    assert isinstance(plan, UnitPlan)
    assert [new.row.code for new in plan.creates] == ["K_CHA", "K_CON"]
    assert (plan.changes, plan.unchanged) == ([], 0)


def test_plan_units_reports_a_cycle_on_every_row_in_it() -> None:
    rows = [unit(2, "X", "Y"), unit(3, "Y", "X")]

    errors = plan_units(rows, existing=TREE, may_change=everywhere, vocabulary=VOCABULARY)

    assert errors == [
        RowError(2, r.PARENT_CODE, "Đơn vị cấp trên tạo thành vòng lặp: X → Y → X (dòng 2 và 3)."),
        RowError(3, r.PARENT_CODE, "Đơn vị cấp trên tạo thành vòng lặp: X → Y → X (dòng 2 và 3)."),
    ]


def test_plan_units_refuses_moving_a_unit_under_its_own_descendant() -> None:
    rows = [unit(2, "BV_A", "BV_A_K1", kind=None, name="Đơn vị BV_A")]

    errors = plan_units(rows, existing=TREE, may_change=everywhere, vocabulary=VOCABULARY)

    assert errors == [
        RowError(
            2,
            r.PARENT_CODE,
            "Đơn vị cấp trên tạo thành vòng lặp: BV_A → BV_A_K1 → BV_A (dòng 2).",
        )
    ]


def test_plan_units_refuses_the_root_missing_parents_and_misplaced_kinds() -> None:
    rows = [
        unit(2, "SYT", "BV_A", kind=None),
        unit(3, "K_MOI", "KHONG_CO"),
        unit(4, "BV_MOI", "BV_A_K1", kind="hospital"),
        unit(5, "K_KHONG_LOAI", "BV_A", kind=None),
    ]

    errors = plan_units(rows, existing=TREE, may_change=everywhere, vocabulary=VOCABULARY)

    assert errors == [
        RowError(
            2, r.PARENT_CODE, "“SYT” là đơn vị gốc: không thể chuyển hay nhập đơn vị gốc từ tệp."
        ),
        RowError(
            3,
            r.PARENT_CODE,
            "Không tìm thấy đơn vị cấp trên có mã “KHONG_CO” (không có trong hệ thống, cũng "
            "không khai trong tệp).",
        ),
        RowError(
            4, r.UNIT_KIND, "Dưới một khoa, phòng hoặc trạm chỉ có thể đặt khoa, phòng hoặc trạm."
        ),
        RowError(5, r.UNIT_KIND, "Thiếu Loại (bắt buộc với đơn vị mới)."),
    ]


def test_plan_units_checks_scope_of_the_unit_and_of_the_destination() -> None:
    rows = [unit(2, "K_MOI", "BV_B"), unit(3, "BV_A_K1", "BV_B", kind=None, name="Đơn vị BV_A_K1")]

    errors = plan_units(rows, existing=TREE, may_change=in_a, vocabulary=VOCABULARY)

    assert errors == [
        RowError(2, r.PARENT_CODE, "Bạn không có quyền đặt đơn vị vào đơn vị cấp trên “BV_B”."),
        RowError(3, r.PARENT_CODE, "Bạn không có quyền đặt đơn vị vào đơn vị cấp trên “BV_B”."),
    ]


def test_plan_units_new_parent_in_file_inherits_the_scope_of_its_place() -> None:
    rows = [unit(2, "K_CON", "K_CHA"), unit(3, "K_CHA", "BV_A")]

    plan = plan_units(rows, existing=TREE, may_change=in_a, vocabulary=VOCABULARY)

    assert isinstance(plan, UnitPlan)
    assert [new.row.code for new in plan.creates] == ["K_CHA", "K_CON"]


def test_plan_units_lists_changed_fields_and_counts_unchanged() -> None:
    rows = [
        r.UnitRow(
            row=2, code="BV_A_K1", name="Khoa Nội", parent_code="BV_B", kind=None, sort_order=4
        ),
        r.UnitRow(
            row=3, code="BV_B", name="Đơn vị BV_B", parent_code="SYT", kind=None, sort_order=None
        ),
    ]

    plan = plan_units(rows, existing=TREE, may_change=everywhere, vocabulary=VOCABULARY)

    assert isinstance(plan, UnitPlan)
    assert [(c.unit.code, dict(c.fields), c.moves) for c in plan.changes] == [
        ("BV_A_K1", {"name": "Khoa Nội", "sort_order": 4, "parent_code": "BV_B"}, True)
    ]
    assert plan.unchanged == 1


def test_plan_units_changes_the_abbreviation_only_when_the_column_says_another() -> None:
    rows = [
        r.UnitRow(2, "BV_A", "Đơn vị BV_A", "SYT", None, None, abbreviation="BVA"),
        r.UnitRow(3, "BV_B", "Đơn vị BV_B", "SYT", None, None, abbreviation=""),
        r.UnitRow(4, "BV_A_K1", "Đơn vị BV_A_K1", "BV_A", None, None, abbreviation=None),
    ]

    plan = plan_units(rows, existing=TREE, may_change=everywhere, vocabulary=VOCABULARY)

    assert isinstance(plan, UnitPlan)
    assert [(c.unit.code, dict(c.fields)) for c in plan.changes] == [
        ("BV_A", {"abbreviation": "BVA"})
    ]
    assert plan.unchanged == 2


@given(st.integers(min_value=2, max_value=12), st.data())
def test_plan_units_finds_any_cycle_among_new_units(size: int, data: st.DataObject) -> None:
    # A chain of new units hanging under BV_B, then the top one re-attached under a lower one.
    codes = [f"N{i}" for i in range(size)]
    rows = [unit(i + 2, code, "BV_B" if i == 0 else codes[i - 1]) for i, code in enumerate(codes)]
    lower = data.draw(st.integers(min_value=0, max_value=size - 1))
    rows[0] = unit(2, codes[0], codes[lower])

    result = plan_units(rows, existing=TREE, may_change=everywhere, vocabulary=VOCABULARY)

    assert isinstance(result, list)
    assert sorted({e.row for e in result}) == list(range(2, lower + 3))
    assert {e.column for e in result} == {r.PARENT_CODE}


# -- Opening files ------------------------------------------------------------------------------


def workbook_bytes(header: list[str], rows: int, *, streamed: bool) -> bytes:
    workbook = Workbook(write_only=streamed)
    sheet = workbook.create_sheet("A") if streamed else workbook.active
    sheet.append(header)
    for index in range(rows):
        sheet.append([f"U{index}", "Tên", "Khoa", "SYT", index])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("streamed", [False, True])
def test_open_import_sheet_matches_headers_loosely_and_counts_rows(streamed: bool) -> None:
    header = ["ma don vi", "TÊN ĐƠN VỊ", "loai", "Mã đơn vị  cấp trên", "Thu tu"]
    content = workbook_bytes(header, 250, streamed=streamed)

    sheet = open_import_sheet(io.BytesIO(content), r.UNIT_COLUMNS, max_rows=1000)
    first = next(sheet.rows)

    assert sheet.total == 250
    assert (first.number, first.values) == (
        2,
        {
            r.UNIT_CODE: "U0",
            r.UNIT_NAME: "Tên",
            r.UNIT_KIND: "Khoa",
            r.PARENT_CODE: "SYT",
            r.SORT_ORDER: 0,
        },
    )


def test_open_import_sheet_refuses_too_many_rows_even_without_dimension() -> None:
    content = workbook_bytes(
        ["Mã đơn vị", "Tên đơn vị", "Loại", "Mã đơn vị cấp trên"], 30, streamed=True
    )

    with pytest.raises(SpreadsheetError) as caught:
        open_import_sheet(io.BytesIO(content), r.UNIT_COLUMNS, max_rows=20)

    assert caught.value.message == "Tệp có 30 dòng, vượt quá giới hạn 20 dòng mỗi lần nhập."


def test_open_import_sheet_names_missing_required_columns() -> None:
    content = workbook_bytes(["Mã đơn vị", "Loại"], 1, streamed=False)

    with pytest.raises(SpreadsheetError) as caught:
        open_import_sheet(io.BytesIO(content), r.UNIT_COLUMNS, max_rows=20)

    assert caught.value.message == (
        "Thiếu cột bắt buộc: “Tên đơn vị”, “Mã đơn vị cấp trên”. Hãy dùng tệp mẫu."
    )
