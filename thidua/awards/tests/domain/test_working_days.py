"""Working days of the disclosure period: weekends, the holidays of Bộ luật Lao động 2019 Điều 112
khoản 1 (Tết and Giỗ Tổ from the lunar table) and nghỉ bù (Điều 112 khoản 3)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from thidua.awards.domain.working_days import (
    LUNAR,
    HolidayTableError,
    days_off,
    holidays_of,
    is_working_day,
    last_working_day,
    working_days_between,
)

D = dt.date


def test_fixed_holidays_of_2026_are_off_bo_luat_lao_dong_dieu_112() -> None:
    off = days_off(2026)

    assert [day in off for day in (D(2026, 1, 1), D(2026, 4, 30), D(2026, 5, 1))] == [
        True,
        True,
        True,
    ]
    assert (D(2026, 9, 1) in off, D(2026, 9, 2) in off) == (True, True)


def test_tet_2026_is_the_last_day_of_the_year_and_four_days_after() -> None:
    tet = [day for day in holidays_of(2026) if day.month == 2]

    assert tet == [D(2026, 2, 16), D(2026, 2, 17), D(2026, 2, 18), D(2026, 2, 19), D(2026, 2, 20)]


@pytest.mark.parametrize(
    ("year", "tet", "gio_to"),
    [
        (2025, D(2025, 1, 29), D(2025, 4, 7)),
        (2026, D(2026, 2, 17), D(2026, 4, 26)),
        (2027, D(2027, 2, 6), D(2027, 4, 16)),
        (2028, D(2028, 1, 26), D(2028, 4, 4)),
        (2029, D(2029, 2, 13), D(2029, 4, 23)),
        (2030, D(2030, 2, 2), D(2030, 4, 12)),
        (2031, D(2031, 1, 23), D(2031, 4, 1)),
    ],
)
def test_lunar_table_dates_tet_and_gio_to_hung_vuong(
    year: int, tet: dt.date, gio_to: dt.date
) -> None:
    assert LUNAR[year] == (tet, gio_to)
    assert (tet in holidays_of(year), gio_to in holidays_of(year)) == (True, True)


def test_gio_to_on_a_sunday_is_taken_on_monday_nghi_bu_dieu_112_khoan_3() -> None:
    # Giỗ Tổ 2026 is Sunday 26/4; Monday 27/4 is the day off in its place.
    assert (is_working_day(D(2026, 4, 27)), is_working_day(D(2026, 4, 28))) == (False, True)


def test_tet_2027_on_a_weekend_shifts_two_days_off_to_wednesday_and_thursday() -> None:
    # Tết Đinh Mùi: 05/2 (Fri) to 09/2 (Tue), with Sat 06/2 and Sun 07/2 made up on 10/2 and 11/2.
    days = [D(2027, 2, d) for d in range(5, 13)]

    assert [is_working_day(day) for day in days] == [
        False,
        False,
        False,
        False,
        False,
        False,
        False,
        True,
    ]


def test_five_working_days_from_a_monday_end_on_friday() -> None:
    assert last_working_day(D(2026, 3, 2), 5) == D(2026, 3, 6)


def test_five_working_days_across_30_4_and_1_5_end_the_next_week() -> None:
    # 2026: Wed 29/4 works; Thu 30/4 and Fri 01/5 are off, then the weekend:
    # 29/4 (1), 04/5 (2), 05/5 (3), 06/5 (4), 07/5 (5).
    assert last_working_day(D(2026, 4, 29), 5) == D(2026, 5, 7)


def test_period_opening_on_a_holiday_starts_counting_at_the_next_working_day() -> None:
    assert last_working_day(D(2026, 1, 1), 1) == D(2026, 1, 2)


def test_working_days_between_counts_both_ends() -> None:
    assert working_days_between(D(2026, 4, 27), D(2026, 5, 8)) == 7


def test_year_outside_the_table_is_refused_in_vietnamese() -> None:
    with pytest.raises(HolidayTableError) as caught:
        is_working_day(D(2032, 3, 1))

    assert caught.value.message.startswith("Chưa có lịch nghỉ lễ, Tết năm 2032")


def test_zero_working_days_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        last_working_day(D(2026, 3, 2), 0)


@given(
    st.dates(min_value=D(2025, 1, 1), max_value=D(2031, 6, 30)),
    st.integers(min_value=1, max_value=30),
)
def test_a_period_holds_exactly_its_number_of_working_days(start: dt.date, count: int) -> None:
    last = last_working_day(start, count)

    assert working_days_between(start, last) == count
    assert is_working_day(last)


@given(st.integers(min_value=2025, max_value=2031))
def test_every_year_has_eleven_holiday_days_and_as_many_weekdays_off(year: int) -> None:
    # 1/1, 30/4, 1/5, 2/9 + 1, Giỗ Tổ, 5 days of Tết: 11 days (Điều 112 khoản 1); with nghỉ bù,
    # each one costs a weekday.
    assert (len(holidays_of(year)), len(days_off(year))) == (11, 11)


def test_a_weekday_the_notice_gives_off_is_not_worked_and_a_saturday_made_up_is() -> None:
    """Hoán đổi ngày làm việc: the Government's yearly notice gives a weekday off (Mon 04/5/2026,
    bridging to 30/4–01/5) and has a Saturday worked instead (Sat 09/5/2026)."""
    off, worked = frozenset({D(2026, 5, 4)}), frozenset({D(2026, 5, 9)})

    assert is_working_day(D(2026, 5, 4)) is True
    assert is_working_day(D(2026, 5, 4), extra_off=off, worked=worked) is False
    assert is_working_day(D(2026, 5, 9), extra_off=off, worked=worked) is True
    # From Wed 29/4 (30/4, 1/5 holidays): 29/4, 4/5, 5/5, 6/5, 7/5; with 4/5 given off the
    # fifth day is 8/5.
    assert last_working_day(D(2026, 4, 29), 5) == D(2026, 5, 7)
    assert last_working_day(D(2026, 4, 29), 5, extra_off=off, worked=worked) == D(2026, 5, 8)
    # With the Saturday worked, six days end on Saturday 09/5, not Monday 11/5.
    assert last_working_day(D(2026, 4, 29), 6, extra_off=off, worked=worked) == D(2026, 5, 9)
    assert working_days_between(D(2026, 5, 4), D(2026, 5, 10), extra_off=off, worked=worked) == 5
