"""Numbers of targets: reading what a user typed or an Excel cell holds, and checking a value
against its indicator (percentages 0–100, counts whole, the indicator's own bounds)."""

import math
import re
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation

from thidua.movements.enums import ValueType
from thidua.movements.models import Indicator
from thidua.movements.selectors.registrations import NUMERIC_VALUE_TYPES
from thidua.movements.services.registrations.common import format_number

# Target.value is DECIMAL(14, 4): at most 10 digits before the point.
LIMIT = Decimal("10000000000")
PLACES = Decimal("0.0001")

_PLAIN = re.compile(r"^[+-]?\d+([.,]\d+)?$")
_VI_GROUPED = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$")  # 1.234.567,5
_EN_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")  # 1,234,567.5


class NumberError(ValueError):
    """A text or cell that is not a number; the message is Vietnamese, shown as it is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def parse_number(raw: object) -> Decimal | None:
    """A number from a form field or an Excel cell; None for a blank.

    Accepts numbers, and text with a decimal comma or point ("85,5", "85.5"), Vietnamese or
    English thousands grouping when a decimal part follows or groups repeat ("1.234.567",
    "1.234,5"), spaces, and a trailing "%" (the value stays 0–100: "85%" is 85). "1.234" with a
    single group is read as a decimal 1,234 — the template asks for plain numbers.
    """
    if raw is None:
        return None
    if isinstance(raw, bool):
        raise NumberError("Phải là một số, không phải Có/Không.")
    if isinstance(raw, int):
        return Decimal(raw)
    if isinstance(raw, float):
        if math.isnan(raw) or math.isinf(raw):
            raise NumberError("Phải là một số.")
        return Decimal(repr(raw))
    if isinstance(raw, Decimal):
        if not raw.is_finite():
            raise NumberError("Phải là một số.")
        return raw
    if not isinstance(raw, str):
        raise NumberError("Phải là một số (ô này đang chứa ngày, giờ hoặc dữ liệu khác).")
    text = "".join(raw.split()).replace("\u00a0", "")
    if not text:
        return None
    shown = raw.strip()
    text = text.removesuffix("%")
    if _PLAIN.match(text):
        normalised = text.replace(",", ".")
    elif _VI_GROUPED.match(text) and (text.count(".") > 1 or "," in text):
        normalised = text.replace(".", "").replace(",", ".")
    elif _EN_GROUPED.match(text) and (text.count(",") > 1 or "." in text):
        normalised = text.replace(",", "")
    else:
        raise NumberError(f"“{shown}” không phải là một số (ví dụ đúng: 85 hoặc 85,5).")
    try:
        return Decimal(normalised)
    except InvalidOperation:  # pragma: no cover - the patterns above only let numbers through
        raise NumberError(f"“{shown}” không phải là một số.") from None


def check_target_value(indicator: Indicator, value: Decimal) -> Decimal:
    """The value rounded to 4 decimals, or NumberError saying why the indicator refuses it:
    not a numeric indicator, a percentage outside 0–100, a count that is not a whole number ≥ 0,
    outside the indicator's own minimum and maximum, or too large to store."""
    if indicator.value_type not in NUMERIC_VALUE_TYPES:
        raise NumberError(
            f"Chỉ tiêu “{indicator.code}” ({indicator.get_value_type_display()}) không giao chỉ "
            "tiêu bằng số."
        )
    if abs(value) >= LIMIT:
        raise NumberError(f"Giá trị {format_number(value)} quá lớn.")
    rounded = value.quantize(PLACES, rounding=ROUND_HALF_EVEN)
    if indicator.value_type == ValueType.PERCENTAGE and not Decimal(0) <= rounded <= Decimal(100):
        raise NumberError(f"Tỉ lệ phần trăm phải từ 0 đến 100 (đã nhập {format_number(value)}).")
    if indicator.value_type == ValueType.COUNT and (
        rounded < 0 or rounded != rounded.to_integral()
    ):
        raise NumberError(
            f"Chỉ tiêu đếm số lượng phải là số nguyên không âm (đã nhập {format_number(value)})."
        )
    if indicator.min_value is not None and rounded < indicator.min_value:
        raise NumberError(
            f"Phải từ {format_number(indicator.min_value)} trở lên (đã nhập {format_number(value)})."
        )
    if indicator.max_value is not None and rounded > indicator.max_value:
        raise NumberError(
            f"Không được vượt quá {format_number(indicator.max_value)} (đã nhập "
            f"{format_number(value)})."
        )
    return rounded
