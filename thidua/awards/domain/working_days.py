"""Working days in Vietnam, for the disclosure (công khai) period of an award round. Pure.

A working day is Monday to Friday (the 40-hour week of state agencies, Quyết định
188/1999/QĐ-TTg) that is no day off. The holidays are those of
Bộ luật Lao động 2019, Điều 112 khoản 1:

- Tết Dương lịch 01/01; Chiến thắng 30/4; Quốc tế lao động 01/5; Quốc khánh 02/9 and one day
  before or after it (the Government chooses it each year: `NATIONAL_DAY_EXTRA`);
- Giỗ Tổ Hùng Vương 10/3 âm lịch and Tết âm lịch (05 days: the last day of the lunar year and
  the first four of the new one), dated from the lunar calendar in the `LUNAR` table;

and, Điều 112 khoản 3, a holiday falling on the weekly rest day is taken on the next working day
(nghỉ bù). The lunar dates are those of the Vietnamese calendar (UTC+7, Hồ Ngọc Đức's algorithm,
which the published calendars use); the table covers 2025–2031 and a year outside it is refused
(`HolidayTableError`) rather than guessed. The Government's yearly notice may move days off
(hoán đổi ngày làm việc: a weekday off, a Saturday worked): those are data of the rulebook
(`CalendarRules`), passed here as `extra_off` and `worked`.
"""

import datetime as dt
from collections.abc import Iterator
from functools import cache

# Year → (Tết Nguyên đán = 1/1 âm lịch, Giỗ Tổ Hùng Vương = 10/3 âm lịch).
LUNAR: dict[int, tuple[dt.date, dt.date]] = {
    2025: (dt.date(2025, 1, 29), dt.date(2025, 4, 7)),
    2026: (dt.date(2026, 2, 17), dt.date(2026, 4, 26)),
    2027: (dt.date(2027, 2, 6), dt.date(2027, 4, 16)),
    2028: (dt.date(2028, 1, 26), dt.date(2028, 4, 4)),
    2029: (dt.date(2029, 2, 13), dt.date(2029, 4, 23)),
    2030: (dt.date(2030, 2, 2), dt.date(2030, 4, 12)),
    2031: (dt.date(2031, 1, 23), dt.date(2031, 4, 1)),
}
# The day next to 02/9 the Government gives each year (2025: Thủ tướng, 01/9); later years take
# the weekday that makes the longest break [M] until the yearly notice is known.
NATIONAL_DAY_EXTRA: dict[int, dt.date] = {
    2025: dt.date(2025, 9, 1),
    2026: dt.date(2026, 9, 1),
    2027: dt.date(2027, 9, 3),
    2028: dt.date(2028, 9, 1),
    2029: dt.date(2029, 9, 3),
    2030: dt.date(2030, 9, 3),
    2031: dt.date(2031, 9, 1),
}
FIRST_YEAR = min(LUNAR)
LAST_YEAR = max(LUNAR)
TET_DAYS_AFTER = 4  # mùng 1 to mùng 4, with the last day of the old year: 05 days


class HolidayTableError(ValueError):
    """A date outside the years the holiday table covers; `message` is Vietnamese."""

    def __init__(self, year: int) -> None:
        self.message = (
            f"Chưa có lịch nghỉ lễ, Tết năm {year} (lịch có các năm {FIRST_YEAR}–{LAST_YEAR}): "
            "không tính được ngày làm việc."
        )
        super().__init__(self.message)


def _is_weekend(day: dt.date) -> bool:
    return day.weekday() >= 5


def holidays_of(year: int) -> tuple[dt.date, ...]:
    """The holidays of `year` themselves (before nghỉ bù), in date order."""
    if year not in LUNAR:
        raise HolidayTableError(year)
    tet, gio_to = LUNAR[year]
    days = {
        dt.date(year, 1, 1),
        dt.date(year, 4, 30),
        dt.date(year, 5, 1),
        dt.date(year, 9, 2),
        NATIONAL_DAY_EXTRA[year],
        gio_to,
    }
    days.update(tet + dt.timedelta(days=offset) for offset in range(-1, TET_DAYS_AFTER))
    return tuple(sorted(day for day in days if day.year == year))


@cache
def days_off(year: int) -> frozenset[dt.date]:
    """Every weekday of `year` that is not worked: the holidays on weekdays, and for each
    holiday on a Saturday or Sunday the next weekday not already off (nghỉ bù, Bộ luật Lao động
    2019 Điều 112 khoản 3). Every one falls inside `year` (Tết begins after 20/01, the last
    holiday is in September)."""
    holidays = set(holidays_of(year))
    off = {day for day in holidays if not _is_weekend(day)}
    for day in sorted(holidays):
        if not _is_weekend(day):
            continue
        candidate = day + dt.timedelta(days=1)
        while _is_weekend(candidate) or candidate in off or candidate in holidays:
            candidate += dt.timedelta(days=1)
        off.add(candidate)
    return frozenset(off)


NO_DAYS: frozenset[dt.date] = frozenset()


def is_working_day(
    day: dt.date, *, extra_off: frozenset[dt.date] = NO_DAYS, worked: frozenset[dt.date] = NO_DAYS
) -> bool:
    """Monday to Friday and not a day off — or a day the yearly notice has worked (`worked`);
    `extra_off` are weekdays the notice gives off. Refuses (HolidayTableError) a year outside
    the table."""
    if day in worked:
        return True
    if day in extra_off:
        return False
    return not _is_weekend(day) and day not in days_off(day.year)


def working_days_from(
    start: dt.date, *, extra_off: frozenset[dt.date] = NO_DAYS, worked: frozenset[dt.date] = NO_DAYS
) -> Iterator[dt.date]:
    """The working days on or after `start`, in order."""
    day = start
    while True:
        if is_working_day(day, extra_off=extra_off, worked=worked):
            yield day
        day += dt.timedelta(days=1)


def last_working_day(
    start: dt.date,
    count: int,
    *,
    extra_off: frozenset[dt.date] = NO_DAYS,
    worked: frozenset[dt.date] = NO_DAYS,
) -> dt.date:
    """The `count`-th working day counting from `start` (itself included when it is one): the
    last day of a period of `count` working days that opens on `start`. `count` ≥ 1."""
    if count < 1:
        raise ValueError("count must be at least 1")
    days = working_days_from(start, extra_off=extra_off, worked=worked)
    for number, day in enumerate(days, start=1):
        if number == count:
            return day
    raise AssertionError("unreachable")  # pragma: no cover


def working_days_between(
    first: dt.date,
    last: dt.date,
    *,
    extra_off: frozenset[dt.date] = NO_DAYS,
    worked: frozenset[dt.date] = NO_DAYS,
) -> int:
    """How many working days lie in [first, last] (0 when last < first)."""
    count = 0
    day = first
    while day <= last:
        count += is_working_day(day, extra_off=extra_off, worked=worked)
        day += dt.timedelta(days=1)
    return count
