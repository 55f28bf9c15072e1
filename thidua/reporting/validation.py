"""Reading and checking the values of a report. Pure: no Django.

`parse_value` reads what a person typed, the way Vietnamese users write numbers ("1.234,5",
"12,5"; "12.5" is understood too, and "1.234" is one thousand two hundred thirty-four), and yes/no
answers ("có", "không", "x", "1", "0"). It refuses with `ValueProblem`, a Vietnamese message ready
to show under the field.

`check_report` runs the rules a report must pass before it is submitted:

- errors block the submission: a value missing for an entered indicator, a value out of the
  indicator's range, a percentage over 100, a count of people larger than the staff of the unit,
  a required evidence (minh chứng) not attached;
- warnings need an explanation (giải trình): a value that jumped more than `jump_factor` times
  (up or down) from a non-zero value of the previous period.

Every message names the indicator ("CB_DAO_TAO — Số cán bộ được đào tạo: …").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Literal

# The value types of indicators (the values of `movements.enums.ValueType`).
NUMBER = "number"
PERCENTAGE = "percentage"
BOOLEAN = "boolean"
COUNT = "count"
TEXT = "text"

# Stored values have 14 digits, 4 of them decimals (ReportValue.value).
DECIMAL_PLACES = 4
LARGEST = Decimal(10) ** 10
_QUANTUM = Decimal(1).scaleb(-DECIMAL_PLACES)
HUNDRED = Decimal(100)

NOT_A_NUMBER = "Giá trị phải là một số, ví dụ 12,5."
NOT_YES_NO = "Chọn “Có” hoặc “Không” (có thể gõ 1 hoặc 0)."
TOO_LARGE = "Giá trị quá lớn."
NEGATIVE_COUNT = "Số lượng không được âm."
NOT_WHOLE_COUNT = "Số lượng phải là số nguyên."
NEGATIVE_PERCENTAGE = "Tỉ lệ không được âm."
OVER_HUNDRED = "Tỉ lệ không được vượt quá 100%."
MISSING = "Chưa nhập giá trị."

PEOPLE_LABELS = frozenset({"người", "nguoi", "người/lượt", "cán bộ", "người lao động"})

_YES = frozenset({"1", "có", "co", "x", "c", "yes", "y", "true", "đạt", "dat"})
_NO = frozenset({"0", "không", "khong", "k", "no", "n", "false", "chưa", "chua"})
# Spaces people put between digit groups, including the no-break spaces of copied cells.
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_SHAPE = re.compile(r"[0-9][0-9.,]*")
_GROUPED = re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})+|[0-9]+")


class ValueProblem(ValueError):  # noqa: N818 (the name the other reporting modules import)
    """A value that cannot be accepted; `message` is Vietnamese and ready to show."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def format_number(number: Decimal | None) -> str:
    """A number as Vietnamese users write it: 1234.50 → "1.234,5", 95.00 → "95"."""
    if number is None:
        return ""
    text = f"{number.normalize():,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def is_people_label(unit_label: str) -> bool:
    """Whether an indicator counts people (its unit label is "người" or alike)."""
    return unit_label.strip().lower() in PEOPLE_LABELS


def _digits(text: str) -> Decimal:
    """Unsigned digits with separators → Decimal, or NOT_A_NUMBER.

    Both separators: the last one is the decimal mark, the other groups thousands
    ("1.234,5" and "1,234.5"). A comma alone is the decimal mark ("12,5"); several commas group
    thousands ("1,234,567"). A dot alone groups thousands when exactly three digits follow it and
    what is before is not 0 ("1.234" = 1234, "0.125" = 0,125); several dots group thousands
    ("1.234.567"); otherwise it is the decimal mark ("12.5").
    """
    if not _SHAPE.fullmatch(text) or text.endswith((".", ",")):
        raise ValueProblem(NOT_A_NUMBER)
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        decimal_mark = "," if text.rfind(",") > text.rfind(".") else "."
        grouping = "." if decimal_mark == "," else ","
        if text.count(decimal_mark) != 1:
            raise ValueProblem(NOT_A_NUMBER)
        whole, fraction = text.split(decimal_mark)
        whole = whole.replace(grouping, ".")
    elif commas == 1:
        whole, fraction = text.split(",")
    elif commas > 1:
        whole, fraction = text.replace(",", "."), ""
    elif dots == 1:
        before, after = text.split(".")
        if len(after) == 3 and before.lstrip("0") != "":
            whole, fraction = before + "." + after, ""
        else:
            whole, fraction = before, after
    else:
        whole, fraction = text, ""
    if not _GROUPED.fullmatch(whole) or (fraction != "" and not fraction.isdigit()):
        raise ValueProblem(NOT_A_NUMBER)
    try:
        return Decimal(whole.replace(".", "") + ("." + fraction if fraction else ""))
    except InvalidOperation as error:  # pragma: no cover - the shape was checked above
        raise ValueProblem(NOT_A_NUMBER) from error


def _number(raw: str) -> Decimal:
    text = _SPACES.sub("", raw)
    negative = False
    if text[:1] in {"-", "−", "–"}:
        negative, text = True, text[1:]
    elif text[:1] == "+":
        text = text[1:]
    if text.endswith("%"):
        text = text[:-1]
    if not text.isascii():
        raise ValueProblem(NOT_A_NUMBER)
    if len(text) > 40:
        raise ValueProblem(TOO_LARGE if _SHAPE.fullmatch(text) else NOT_A_NUMBER)
    number = _digits(text)
    if number >= LARGEST:
        raise ValueProblem(TOO_LARGE)
    number = number.quantize(_QUANTUM, rounding=ROUND_HALF_UP)
    return -number if negative else number


def check_range(
    value: Decimal,
    value_type: str,
    *,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
) -> str | None:
    """The problem of a number for an indicator of `value_type` (Vietnamese), None when fine."""
    if value_type == COUNT:
        if value < 0:
            return NEGATIVE_COUNT
        if value != value.to_integral_value():
            return NOT_WHOLE_COUNT
    if value_type == PERCENTAGE:
        if value < 0:
            return NEGATIVE_PERCENTAGE
        if value > HUNDRED:
            return OVER_HUNDRED
    if min_value is not None and max_value is not None and not min_value <= value <= max_value:
        return (
            f"Giá trị phải trong khoảng từ {format_number(min_value)} "
            f"đến {format_number(max_value)}."
        )
    if min_value is not None and value < min_value:
        return f"Giá trị không được nhỏ hơn {format_number(min_value)}."
    if max_value is not None and value > max_value:
        return f"Giá trị không được lớn hơn {format_number(max_value)}."
    return None


def parse_value(
    raw: str,
    value_type: str,
    *,
    min_value: Decimal | None = None,
    max_value: Decimal | None = None,
) -> Decimal | None:
    """What a person typed → the stored number (yes/no as 1/0), None when left empty.

    A TEXT indicator has no number (its text is stored aside): None. Raises `ValueProblem` for
    anything else that is not a number of the indicator's kind: text in a number field, a
    negative or fractional count, a percentage outside 0–100, a value outside [min, max].
    """
    text = raw.strip() if isinstance(raw, str) else ""
    if not text or value_type == TEXT:
        return None
    if value_type == BOOLEAN:
        answer = unicodedata.normalize("NFC", text).lower()
        if answer in _YES:
            return Decimal(1)
        if answer in _NO:
            return Decimal(0)
        raise ValueProblem(NOT_YES_NO)
    number = _number(text)
    problem = check_range(number, value_type, min_value=min_value, max_value=max_value)
    if problem:
        raise ValueProblem(problem)
    return number


@dataclass(frozen=True)
class IndicatorCheck:
    """What the rules need to know of an indicator."""

    code: str
    name: str
    value_type: str
    unit_label: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    evidence_required: bool = False
    is_computed: bool = False
    is_people_count: bool = False

    @property
    def label(self) -> str:
        return f"{self.code} — {self.name}"


type Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """A problem of a report: an error blocks the submission, a warning needs an explanation."""

    code: str
    level: Level
    message: str

    @property
    def is_error(self) -> bool:
        return self.level == "error"


def _jumped(value: Decimal, previous: Decimal, factor: Decimal) -> bool:
    now, before = abs(value), abs(previous)
    return now > before * factor or now * factor < before


def check_report(
    checks: Iterable[IndicatorCheck],
    values: Mapping[str, Decimal | None],
    texts: Mapping[str, str],
    previous: Mapping[str, Decimal | None],
    staff_count: int | None,
    evidence_codes: set[str],
    explanations: Mapping[str, str],
    jump_factor: Decimal,
) -> list[Issue]:
    """The errors and warnings of a report, in the order of `checks` (errors before warnings
    for one indicator). Computed indicators are checked for their range (a computed percentage
    over 100 is an error) but never as missing. A warning explained (non-blank text in
    `explanations`) is not reported. A jump factor of 1 or less turns the jump warning off."""
    issues: list[Issue] = []
    for check in checks:
        value = values.get(check.code)

        def error(detail: str, check: IndicatorCheck = check) -> None:
            issues.append(Issue(check.code, "error", f"{check.label}: {detail}"))

        if check.value_type == TEXT:
            if not check.is_computed and not texts.get(check.code, "").strip():
                error(MISSING)
        elif value is None:
            if not check.is_computed:
                error(MISSING)
        else:
            problem = check_range(
                value, check.value_type, min_value=check.min_value, max_value=check.max_value
            )
            if problem:
                error(problem)
            if check.is_people_count and staff_count is not None and value > staff_count:
                error(
                    f"{format_number(value)} người, nhiều hơn số cán bộ của đơn vị "
                    f"({format_number(Decimal(staff_count))} người)."
                )
        if check.evidence_required and check.code not in evidence_codes:
            error("Chưa đính kèm minh chứng bắt buộc.")

        before = previous.get(check.code)
        if (
            value is not None
            and before is not None
            and before != 0
            and check.value_type not in {BOOLEAN, TEXT}
            and jump_factor > 1
            and _jumped(value, before, jump_factor)
            and not explanations.get(check.code, "").strip()
        ):
            issues.append(
                Issue(
                    check.code,
                    "warning",
                    f"{check.label}: {format_number(value)} so với {format_number(before)} kỳ "
                    f"trước, thay đổi hơn {format_number(jump_factor)} lần. Đề nghị giải trình.",
                )
            )
    return issues
