"""Checks shared by the registration services: the movement is open, the year is one of its
years, a reason is given, a title is of the right kind, a registration is within its window."""

import datetime as dt
from decimal import Decimal

from thidua.core.errors import DomainError
from thidua.movements.enums import (
    COLLECTIVE_TITLES,
    INDIVIDUAL_TITLES,
    EmulationTitle,
    MovementStatus,
)
from thidua.movements.models import Movement, RegistrationRound
from thidua.movements.selectors.registrations import effective_deadline, movement_years, today
from thidua.organizations.models import Unit

MAX_TEXT = 5000
MAX_REASON = 2000
_TITLE_LABELS: dict[str, str] = {str(value): str(label) for value, label in EmulationTitle.choices}


def format_number(value: Decimal | int) -> str:
    """85.5 → "85,5"; 1234567 → "1.234.567" (Vietnamese grouping, no trailing zeros)."""
    number = Decimal(value)
    text = f"{number.normalize():,f}" if number != number.to_integral() else f"{int(number):,}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_date(value: dt.date) -> str:
    return value.strftime("%d/%m/%Y")


def require_open_movement(movement: Movement) -> None:
    if movement.status == MovementStatus.CLOSED:
        raise DomainError(
            f"Phong trào “{movement.name}” đã tổng kết; không thay đổi chỉ tiêu, đăng ký được nữa."
        )


def check_year(movement: Movement, year: int, *, field: str = "year") -> int:
    years = movement_years(movement)
    if year not in years:
        raise DomainError(
            f"Năm {year} nằm ngoài thời gian của phong trào ({years[0]}–{years[-1]}).",
            field=field,
        )
    return year


def check_reason(reason: str, *, field: str = "reason") -> str:
    """A return needs a reason the unit or person can act on."""
    text = reason.strip()
    if not text:
        raise DomainError("Hãy nêu lý do trả lại để đơn vị, cá nhân biết cần sửa gì.", field=field)
    if len(text) > MAX_REASON:
        raise DomainError(f"Lý do dài quá {MAX_REASON} ký tự.", field=field)
    return text


def check_text(text: str, *, field: str, label: str, required: bool) -> str:
    value = text.strip()
    if required and not value:
        raise DomainError(f"Hãy nhập {label}.", field=field)
    if len(value) > MAX_TEXT:
        raise DomainError(f"{label[:1].upper()}{label[1:]} dài quá {MAX_TEXT} ký tự.", field=field)
    return value


def _listing(titles: tuple[EmulationTitle, ...]) -> str:
    return ", ".join(_TITLE_LABELS[str(title)] for title in titles)


def title_label(value: str) -> str:
    return _TITLE_LABELS.get(value, value)


def check_collective_title(title: str, unit: Unit, *, field: str = "collective_title") -> str:
    """A title a collective may aim for (Luật Thi đua, khen thưởng 2022 Điều 26–28); the city's
    flag goes to a unit leading its cluster, so only to units of the Sở (not a khoa/phòng)."""
    if title in INDIVIDUAL_TITLES:
        raise DomainError(
            f"“{title_label(title)}” là danh hiệu cá nhân; đơn vị chỉ đăng ký danh hiệu tập thể "
            f"({_listing(COLLECTIVE_TITLES)}).",
            field=field,
        )
    if title not in COLLECTIVE_TITLES:
        raise DomainError("Danh hiệu tập thể không hợp lệ.", field=field)
    if title == EmulationTitle.CITY_FLAG and unit.is_sub_unit:
        raise DomainError(
            "Cờ thi đua của UBND Thành phố chỉ dành cho đơn vị trực thuộc Sở dẫn đầu cụm, khối "
            "thi đua; khoa, phòng không đăng ký danh hiệu này.",
            field=field,
        )
    return title


def check_individual_title(title: str, *, field: str = "title") -> str:
    """A title a person may aim for (Luật Thi đua, khen thưởng 2022 Điều 21–24)."""
    if not title:
        raise DomainError("Hãy chọn danh hiệu đăng ký.", field=field)
    if title in COLLECTIVE_TITLES:
        raise DomainError(
            f"“{title_label(title)}” là danh hiệu tập thể; cá nhân chỉ đăng ký danh hiệu cá nhân "
            f"({_listing(INDIVIDUAL_TITLES)}).",
            field=field,
        )
    if title not in INDIVIDUAL_TITLES:
        raise DomainError("Danh hiệu cá nhân không hợp lệ.", field=field)
    return title


def deadline_message(deadline: dt.date) -> str:
    return (
        f"Đã quá hạn đăng ký ({format_date(deadline)}). Liên hệ Thường trực Hội đồng để được "
        "gia hạn."
    )


def window_problem(round_: RegistrationRound, deadline: dt.date) -> str | None:
    """Why a registration cannot be written today (before the round opens, after `deadline`)."""
    now = today()
    if now < round_.opens_on:
        return (
            f"Đợt đăng ký thi đua năm {round_.year} chưa mở (mở từ {format_date(round_.opens_on)})."
        )
    if now > deadline:
        return deadline_message(deadline)
    return None


def check_window(round_: RegistrationRound, unit: Unit) -> None:
    """Refuse a registration before the round opens or after its (effective) deadline."""
    problem = window_problem(round_, effective_deadline(round_, unit))
    if problem:
        raise DomainError(problem)
