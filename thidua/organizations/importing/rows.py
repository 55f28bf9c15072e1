"""Import rows: raw cell values in, typed records or Vietnamese row errors out. Pure: no Django.

A sheet row arrives as `{canonical header: cell value}` holding only the columns the file has.
The rule for what a cell means, stated once here and in the template's "Hướng dẫn" sheet:

- a column missing from the file keeps the stored value of every record (it is not imported);
- a blank cell clears an optional field (e-mail, phone, position, date of birth, order); for a
  field that cannot be empty (gender, kind of staff, kind of unit) a blank keeps the stored value
  of an existing record and is an error for a new one.

Enumerations, headers and codes are matched ignoring case, diacritics and punctuation
("nu" = "Nữ", "vien chuc" = "Viên chức", "Chuc vu chuc danh" = "Chức vụ, chức danh").
"""

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from thidua.core.errors import DomainError
from thidua.core.text import fold

# -- Errors -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem of one row: `row` is the row number the user sees in Excel (header = 1)."""

    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


def sort_errors(errors: Iterable[RowError], columns: Sequence[str]) -> list[RowError]:
    """Errors by row, then in the order of the template's columns."""
    order = {header: index for index, header in enumerate(columns)}
    return sorted(errors, key=lambda e: (e.row, order.get(e.column, len(order)), e.message))


def kept_errors(errors: Sequence[RowError], limit: int) -> list[dict[str, Any]]:
    """The errors a failed job stores: the first `limit`, then one line saying how many more
    there are (a file of 40.000 wrong rows must not make a 40.000-line page)."""
    kept: list[dict[str, Any]] = [error.as_dict() for error in errors[:limit]]
    omitted = len(errors) - len(kept)
    if omitted:
        kept.append(
            {
                "row": None,
                "column": "",
                "message": f"Còn {thousands(omitted)} lỗi khác chưa liệt kê; hãy sửa các lỗi trên "
                "rồi tải lên lại để xem tiếp.",
                "omitted": omitted,
            }
        )
    return kept


def thousands(number: int) -> str:
    """1234567 → "1.234.567"."""
    return f"{number:,}".replace(",", ".")


def format_rows(rows: Iterable[int]) -> str:
    """ "3, 5 và 9" — row numbers as a Vietnamese list."""
    numbers = [str(n) for n in sorted(set(rows))]
    if len(numbers) <= 1:
        return "".join(numbers)
    return ", ".join(numbers[:-1]) + " và " + numbers[-1]


# -- Matching text ------------------------------------------------------------------------------

_NOT_WORD = re.compile(r"[\W_]+")


def match_key(text: str) -> str:
    """Case, diacritics and punctuation ignored: "Trung tâm Y tế quận, huyện" and
    "trung tam y te quan/huyen" share a key."""
    return " ".join(_NOT_WORD.sub(" ", fold(text)).split())


@dataclass(frozen=True)
class Choices:
    """An enumeration as the file spells it: stored value → Vietnamese label."""

    labels: Mapping[str, str]
    # Accepted (so that choosing one gets a precise message) but not offered in listings.
    unlisted: frozenset[str] = frozenset()
    _by_key: dict[str, str] = field(init=False, repr=False, compare=False)
    # Spellings already seen: a file repeats a handful of them tens of thousands of times.
    _seen: dict[str, str | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_key = {match_key(label): value for value, label in self.labels.items()}
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_seen", {})

    def match(self, text: str) -> str | None:
        if text not in self._seen:
            if len(self._seen) > 1_000:
                self._seen.clear()
            self._seen[text] = self._by_key.get(match_key(text))
        return self._seen[text]

    def listing(self) -> str:
        return ", ".join(
            label for value, label in self.labels.items() if value not in self.unlisted
        )


@dataclass(frozen=True)
class Vocabulary:
    """What the rows are checked against, handed in by the service (the model layer owns it)."""

    genders: Choices
    employment_kinds: Choices
    unit_kinds: Choices
    department_kind: str
    sub_unit_kinds: frozenset[str]
    staff_code_pattern: re.Pattern[str]
    unit_code_pattern: re.Pattern[str]
    is_email: Callable[[str], bool]
    # The services' rule for a unit's abbreviation: returns it normalised, raises DomainError.
    check_abbreviation: Callable[[str], str]


# -- Columns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ColumnSpec:
    header: str
    required: bool  # the column must be in the file and the cell filled
    help: str
    width: int = 18


STAFF_CODE = "Mã cán bộ"
FULL_NAME = "Họ và tên"
GENDER = "Giới tính"
BIRTH_DATE = "Ngày sinh"
UNIT_CODE = "Mã đơn vị"
POSITION = "Chức vụ, chức danh"
EMPLOYMENT_KIND = "Loại cán bộ"
EMAIL = "Email"
PHONE = "Điện thoại"
START_DATE = "Ngày bắt đầu công tác tại đơn vị"

UNIT_NAME = "Tên đơn vị"
UNIT_KIND = "Loại"
PARENT_CODE = "Mã đơn vị cấp trên"
SORT_ORDER = "Thứ tự"
ABBREVIATION = "Chữ viết tắt"

PEOPLE_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        STAFF_CODE,
        True,
        "Bắt buộc. Mã duy nhất của mỗi người; nhập lại cùng mã sẽ cập nhật người đó. Chữ không "
        "dấu, chữ số và các dấu - _ . /, tối đa 32 ký tự. Nên định dạng cột là Văn bản để giữ "
        "các số 0 ở đầu.",
        14,
    ),
    ColumnSpec(FULL_NAME, True, "Bắt buộc. Họ và tên đầy đủ, có dấu, tối đa 150 ký tự.", 28),
    ColumnSpec(GENDER, False, "Nam hoặc Nữ. Bắt buộc với người mới.", 10),
    ColumnSpec(
        BIRTH_DATE,
        False,
        "Ngày sinh dạng dd/mm/yyyy (ví dụ 15/03/1985) hoặc ô kiểu ngày của Excel.",
        13,
    ),
    ColumnSpec(
        UNIT_CODE,
        True,
        "Bắt buộc. Mã đơn vị (khoa, phòng) đang công tác; đơn vị phải có trong hệ thống và "
        "thuộc phạm vi bạn được giao.",
        16,
    ),
    ColumnSpec(POSITION, False, "Chức vụ hoặc chức danh nghề nghiệp, tối đa 120 ký tự.", 24),
    ColumnSpec(
        EMPLOYMENT_KIND,
        False,
        "Công chức, Viên chức hoặc Người lao động. Bắt buộc với người mới.",
        16,
    ),
    ColumnSpec(EMAIL, False, "Địa chỉ thư điện tử công vụ (nếu có).", 26),
    ColumnSpec(PHONE, False, "Số điện thoại, tối đa 20 ký tự.", 14),
    ColumnSpec(
        START_DATE,
        False,
        "Ngày bắt đầu công tác tại đơn vị ghi ở cột Mã đơn vị, dạng dd/mm/yyyy. Để trống: "
        "hôm nay. Khi một người đã có chuyển sang đơn vị khác, quá trình công tác cũ kết thúc "
        "vào ngày hôm trước.",
        18,
    ),
)

UNIT_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec(
        UNIT_CODE,
        True,
        "Bắt buộc. Mã duy nhất của đơn vị; nhập lại cùng mã sẽ cập nhật đơn vị đó. Chữ in hoa "
        "không dấu, chữ số, dấu - _ ., tối đa 32 ký tự (ví dụ: BV_XANHPON_KNOI).",
        18,
    ),
    ColumnSpec(UNIT_NAME, True, "Bắt buộc. Tên đầy đủ của đơn vị, khoa, phòng.", 34),
    ColumnSpec(
        UNIT_KIND,
        False,
        "Loại đơn vị, chọn trong danh sách. Bắt buộc với đơn vị mới. Dưới khoa, phòng, trạm "
        "chỉ đặt được khoa, phòng, trạm.",
        22,
    ),
    ColumnSpec(
        PARENT_CODE,
        True,
        "Bắt buộc. Mã đơn vị cấp trên: một đơn vị đã có, hoặc một đơn vị khai ở dòng khác "
        "trong cùng tệp (trước hay sau đều được). Đổi mã cấp trên của một đơn vị đã có là "
        "chuyển đơn vị đó (cùng các đơn vị trực thuộc) sang cấp trên mới.",
        18,
    ),
    ColumnSpec(SORT_ORDER, False, "Số thứ tự hiển thị trong đơn vị cấp trên (số nguyên ≥ 0).", 9),
    ColumnSpec(
        ABBREVIATION,
        False,
        "Chữ viết tắt tên đơn vị trong ký hiệu văn bản (ví dụ: SYT trong “15/QĐ-SYT”): không "
        "dấu cách, không dấu “/”, tối đa 20 ký tự; tự chuyển thành chữ in hoa. Đơn vị không "
        "phát hành văn bản để trống.",
        14,
    ),
)

GENERAL_INSTRUCTIONS: tuple[str, ...] = (
    "Điền dữ liệu từ dòng 2 của trang tính đầu tiên; giữ nguyên dòng tiêu đề. Xóa các dòng "
    "ví dụ trước khi nhập.",
    "Tên cột không phân biệt chữ hoa, chữ thường, có dấu hay không dấu; thứ tự cột tùy ý.",
    "Thiếu hẳn một cột không bắt buộc: giá trị đang lưu được giữ nguyên. Một ô để trống: xóa "
    "giá trị đang lưu (trừ các ô bắt buộc với bản ghi mới, để trống thì giữ nguyên).",
    "Nhập theo nguyên tắc “tất cả hoặc không”: nếu có bất kỳ dòng nào lỗi, không dữ liệu nào "
    "được ghi; hệ thống liệt kê lỗi theo từng dòng để bạn sửa rồi tải lên lại.",
)

# -- Cells --------------------------------------------------------------------------------------

_DATE_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
EARLIEST_BIRTH_YEAR = 1930
EARLIEST_START_YEAR = 1950


def cell_text(value: object) -> str:
    """A cell as trimmed text; whole numbers lose Excel's ".0" (a staff code typed as 123)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, dt.date):
        return value.strftime("%d/%m/%Y")
    return " ".join(str(value).split())


class CellError(ValueError):
    """A cell that cannot be read as its column asks; the message is shown to the user."""


def parse_date(value: object, header: str) -> dt.date | None:
    """An Excel date cell or dd/mm/yyyy text (also d-m-yyyy, d.m.yyyy, yyyy-mm-dd)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = cell_text(value)
    if not text:
        return None
    parts: tuple[str, str, str] | None = None
    if match := _DATE_DMY.match(text):
        day, month, year = match.groups()
        parts = (year, month, day)
    elif match := _DATE_ISO.match(text):
        year, month, day = match.groups()
        parts = (year, month, day)
    if parts is not None:
        try:
            return dt.date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            raise CellError(f"{header} “{text}” không phải là ngày có thật.") from None
    raise CellError(f"{header} “{text}” không đúng dạng ngày dd/mm/yyyy (ví dụ 15/03/1985).")


def parse_order(value: object, header: str) -> int:
    """A whole number ≥ 0 (blank = 0)."""
    text = cell_text(value)
    if not text:
        return 0
    if isinstance(value, int | float) and not isinstance(value, bool):
        number = float(value)
    else:
        try:
            number = float(text.replace(",", "."))
        except ValueError:
            raise CellError(f"{header} “{text}” phải là một số nguyên không âm.") from None
    if not number.is_integer() or number < 0 or number > 2_000_000_000:
        raise CellError(f"{header} “{text}” phải là một số nguyên không âm.")
    return int(number)


def _required_text(cells: Mapping[str, object], header: str, errors: list[str]) -> str:
    text = cell_text(cells.get(header))
    if not text:
        errors.append(header)
    return text


def _choice(text: str, choices: Choices, header: str) -> str:
    value = choices.match(text)
    if value is None:
        raise CellError(f"{header} “{text}” không hợp lệ; chọn một trong: {choices.listing()}.")
    return value


class _RowParser:
    """Collects the errors of one row while its cells are read."""

    def __init__(self, number: int, cells: Mapping[str, object]) -> None:
        self.number = number
        self.cells = cells
        self.errors: list[RowError] = []

    def has(self, header: str) -> bool:
        return header in self.cells

    def text(self, header: str) -> str:
        return cell_text(self.cells.get(header))

    def required(self, header: str) -> str:
        text = self.text(header)
        if not text:
            self.error(header, f"Thiếu {header}.")
        return text

    def error(self, header: str, message: str) -> None:
        self.errors.append(RowError(self.number, header, message))

    def code(self, header: str, pattern: re.Pattern[str], rule: str) -> str:
        text = self.required(header)
        if not text:
            return ""
        code = text.upper()
        if not pattern.match(code):
            self.error(header, f"{header} “{text}” không hợp lệ: {rule}")
        return code

    def limited(self, header: str, limit: int) -> str:
        text = self.text(header)
        if len(text) > limit:
            self.error(header, f"{header} dài quá {limit} ký tự.")
        return text

    def date(self, header: str) -> dt.date | None:
        try:
            return parse_date(self.cells.get(header), header)
        except CellError as exc:
            self.error(header, str(exc))
            return None

    def choice(self, header: str, choices: Choices) -> str:
        text = self.text(header)
        if not text:
            return ""
        try:
            return _choice(text, choices, header)
        except CellError as exc:
            self.error(header, str(exc))
            return ""


# -- People rows --------------------------------------------------------------------------------

STAFF_CODE_RULE = "chỉ gồm chữ không dấu, chữ số và các dấu - _ . /, tối đa 32 ký tự."
UNIT_CODE_RULE = "chỉ gồm chữ in hoa không dấu, chữ số và các dấu - _ ., tối đa 32 ký tự."


@dataclass(frozen=True, slots=True)
class PersonRow:
    """A valid people row. `values` holds only the person fields the file gives (see module
    docstring): keys among gender, date_of_birth, position, employment_kind, email, phone."""

    row: int
    staff_code: str
    full_name: str
    unit_code: str
    values: Mapping[str, Any]
    start_date: dt.date | None


def read_staff_code(cells: Mapping[str, object]) -> str:
    """The normalised staff code of a row, as duplicates are detected (even on a bad row)."""
    return cell_text(cells.get(STAFF_CODE)).upper()


def parse_person_row(
    number: int, cells: Mapping[str, object], vocabulary: Vocabulary, *, today: dt.date
) -> PersonRow | list[RowError]:
    """Read one people row, or say everything wrong with it."""
    p = _RowParser(number, cells)
    staff_code = p.code(STAFF_CODE, vocabulary.staff_code_pattern, STAFF_CODE_RULE)
    full_name = p.required(FULL_NAME)
    if len(full_name) > 150:
        p.error(FULL_NAME, f"{FULL_NAME} dài quá 150 ký tự.")
    unit_code = p.required(UNIT_CODE).upper()
    values: dict[str, Any] = {}
    if p.has(GENDER) and (gender := p.choice(GENDER, vocabulary.genders)):
        values["gender"] = gender
    if p.has(EMPLOYMENT_KIND) and (kind := p.choice(EMPLOYMENT_KIND, vocabulary.employment_kinds)):
        values["employment_kind"] = kind
    if p.has(BIRTH_DATE):
        birth = p.date(BIRTH_DATE)
        if birth is not None and (birth > today or birth.year < EARLIEST_BIRTH_YEAR):
            p.error(BIRTH_DATE, f"{BIRTH_DATE} {birth:%d/%m/%Y} không hợp lệ.")
        values["date_of_birth"] = birth
    if p.has(POSITION):
        values["position"] = p.limited(POSITION, 120)
    if p.has(EMAIL):
        email = p.limited(EMAIL, 254).lower()
        if email and not vocabulary.is_email(email):
            p.error(EMAIL, f"{EMAIL} “{email}” không phải là địa chỉ thư điện tử hợp lệ.")
        values["email"] = email
    if p.has(PHONE):
        values["phone"] = p.limited(PHONE, 20)
    start = p.date(START_DATE) if p.has(START_DATE) else None
    if start is not None and (start > today or start.year < EARLIEST_START_YEAR):
        p.error(START_DATE, f"{START_DATE} {start:%d/%m/%Y} không hợp lệ (không được sau hôm nay).")
    if p.errors:
        return p.errors
    return PersonRow(
        row=number,
        staff_code=staff_code,
        full_name=full_name,
        unit_code=unit_code,
        values=values,
        start_date=start,
    )


# -- Unit rows ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A valid units row. `kind` None keeps the stored kind; `sort_order` and `abbreviation`
    None keep the stored value (the column is missing); a blank abbreviation clears it."""

    row: int
    code: str
    name: str
    parent_code: str
    kind: str | None
    sort_order: int | None
    abbreviation: str | None = None


def read_unit_code(cells: Mapping[str, object]) -> str:
    return cell_text(cells.get(UNIT_CODE)).upper()


def parse_unit_row(
    number: int, cells: Mapping[str, object], vocabulary: Vocabulary
) -> UnitRow | list[RowError]:
    """Read one units row, or say everything wrong with it."""
    p = _RowParser(number, cells)
    code = p.code(UNIT_CODE, vocabulary.unit_code_pattern, UNIT_CODE_RULE)
    name = p.required(UNIT_NAME)
    if len(name) > 255:
        p.error(UNIT_NAME, f"{UNIT_NAME} dài quá 255 ký tự.")
    kind: str | None = None
    if p.has(UNIT_KIND) and (chosen := p.choice(UNIT_KIND, vocabulary.unit_kinds)):
        kind = chosen
        if kind == vocabulary.department_kind:
            p.error(UNIT_KIND, "Chỉ đơn vị gốc (Sở) mới có loại “Sở”; chọn loại khác.")
    parent_code = p.code(PARENT_CODE, vocabulary.unit_code_pattern, UNIT_CODE_RULE)
    sort_order: int | None = None
    if p.has(SORT_ORDER):
        try:
            sort_order = parse_order(p.cells.get(SORT_ORDER), SORT_ORDER)
        except CellError as exc:
            p.error(SORT_ORDER, str(exc))
    abbreviation: str | None = None
    if p.has(ABBREVIATION):
        try:
            abbreviation = vocabulary.check_abbreviation(p.text(ABBREVIATION))
        except DomainError as refused:
            p.error(ABBREVIATION, refused.message)
    if p.errors:
        return p.errors
    return UnitRow(
        row=number,
        code=code,
        name=name,
        parent_code=parent_code,
        kind=kind,
        sort_order=sort_order,
        abbreviation=abbreviation,
    )


def duplicate_errors(keys: Iterable[tuple[int, str]], header: str, noun: str) -> list[RowError]:
    """Every row whose key appears on another row too, naming the other rows."""
    rows_by_key: dict[str, list[int]] = {}
    for row, key in keys:
        if key:
            rows_by_key.setdefault(key, []).append(row)
    errors: list[RowError] = []
    for key, rows in rows_by_key.items():
        if len(rows) < 2:
            continue
        for row in rows:
            others = format_rows(r for r in rows if r != row)
            errors.append(
                RowError(row, header, f"{noun} “{key}” bị trùng: cũng có ở dòng {others}.")
            )
    return errors
